#!/usr/bin/env bash
# Where a bundle's wasm bytes go, by crate: builds the bundle as `trunk build
# --release` does (same profile, wasm-bindgen, wasm-opt -Oz) but keeps the
# function names (-g), then sums twiggy's list by crate. Sizes are of the
# optimized code before compression; the names section is left out.
# Usage: scripts/wasm-crates.sh [after-the-session-full|after-the-session]
# Needs twiggy (cargo install twiggy), wasm-bindgen and npm's binaryen.
set -euo pipefail
bin=${1:-after-the-session-full}
out=target/wasm-crates
mkdir -p "$out"
cargo build --release --target wasm32-unknown-unknown --bin "$bin" --no-default-features --features hydrate
wasm-bindgen --keep-debug --target web --out-dir "$out" "target/wasm32-unknown-unknown/release/$bin.wasm"
node_modules/.bin/wasm-opt -Oz -g --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$out/${bin}_bg.wasm" -o "$out/$bin.named.wasm"
twiggy top -n 1000000 -f csv "$out/$bin.named.wasm" > "$out/$bin.csv"
python3 - "$out/$bin.csv" <<'PY'
import collections, csv, re, sys

csv.field_size_limit(sys.maxsize)  # some generic names run past 128 KB

def crate(name):
    if "subsection" in name:
        return None  # the names themselves, not shipped
    if name.startswith(("data segment", "data[")):
        return "data (strings, tables)"
    m = re.match(r"<(?:&mut |&)?([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?(::|<| )", name) or re.match(
        r"([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::", name
    )
    c = m.group(1) if m else "unnamed and sections"
    if len(c) <= 2 and c[0].isupper():  # a generic receiver: the trait's crate
        t = re.search(r" as (?:&mut |&)?([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::", name)
        c = t.group(1) if t else "generic"
    return c

sizes, total = collections.Counter(), 0
for row in csv.DictReader(open(sys.argv[1])):
    c = crate(row["Name"])
    if c is not None:
        sizes[c] += int(row["ShallowSize"])
        total += int(row["ShallowSize"])
print(f"{'bytes':>9}  share  crate   (total {total:,} B)")
for c, s in sizes.most_common(15):
    print(f"{s:>9,}  {100 * s / total:4.1f}%  {c}")
PY
