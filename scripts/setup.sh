#!/usr/bin/env bash
# Installs what the build and the tests need, from the package registries
# only (crates.io, npm, Debian). Each step is skipped when already done, so a
# second run takes seconds. Usage: scripts/setup.sh [--browser]
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.22.1
GECKODRIVER_VERSION=0.37.1
want_browser=false
[[ "${1:-}" == "--browser" ]] && want_browser=true

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION from crates.io (about 8 minutes on 2 cores)"
  # trunk 0.22.1 declares rustc 1.96.1 but builds and runs on older ones.
  cargo install --locked trunk --version "$TRUNK_VERSION" --ignore-rust-version
fi

# wasm-bindgen-cli must be exactly the wasm-bindgen version in Cargo.lock.
wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [[ -z "$wb_version" ]]; then
  echo "setup: no wasm-bindgen in Cargo.lock" >&2
  exit 1
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q " $wb_version\b" \
  || ! command -v wasm-bindgen-test-runner >/dev/null; then
  say "installing wasm-bindgen-cli $wb_version from crates.io (about 2 minutes)"
  # Not --locked: its lock file names a webpki-roots the registry no longer has.
  cargo install wasm-bindgen-cli --version "$wb_version" --force
fi

# wasm-opt (binaryen 132) and axe-core from npm, pinned by package-lock.json.
if [[ ! -x node_modules/.bin/wasm-opt || package-lock.json -nt node_modules/.package-lock.json ]]; then
  say "installing npm packages (binaryen, axe-core)"
  npm ci --no-audit --no-fund --loglevel=error
fi

# The three browser engines the end-to-end tests run in, and their
# WebDriver servers: Chromium (chromedriver), Firefox ESR (geckodriver, from
# crates.io) and WebKitGTK (WebKitWebDriver, each window on an Xvfb display of its own).
if $want_browser; then
  missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  command -v firefox-esr >/dev/null || missing+=(firefox-esr)
  command -v WebKitWebDriver >/dev/null || missing+=(webkit2gtk-driver)
  command -v Xvfb >/dev/null || missing+=(xvfb)
  if ((${#missing[@]})); then
    say "installing Debian's ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  if ! geckodriver --version 2>/dev/null | grep -q "^geckodriver $GECKODRIVER_VERSION\b"; then
    say "installing geckodriver $GECKODRIVER_VERSION from crates.io (about 2 minutes on 2 cores)"
    cargo install --locked geckodriver --version "$GECKODRIVER_VERSION"
  fi
fi

# The web servers the end-to-end tests serve the site with (tests/e2e/hosts.rs).
# Only the programs are needed: the tests start each on a loopback port with
# their own pid and log files, so the packages' own services may stay off.
if $want_browser && { ! command -v nginx >/dev/null || ! command -v apache2 >/dev/null \
  || ! command -v caddy >/dev/null; }; then
  say "installing Debian's nginx, apache2 and caddy"
  export DEBIAN_FRONTEND=noninteractive
  # Their services would all want port 80 (and fail the install): don't start
  # them. policy-rc.d is how Debian lets an installer say so.
  own_policy=false
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod +x /usr/sbin/policy-rc.d
    own_policy=true
  fi
  apt-get update -qq
  apt-get install -y -qq nginx apache2 caddy >/dev/null
  if $own_policy; then rm -f /usr/sbin/policy-rc.d; fi
fi
