// Prints every file of a built site with its raw, gzip and brotli size, then
// the totals. Usage: node scripts/sizes.mjs [dist]
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const root = process.argv[2] ?? "dist";

function* walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith(".")) continue; // Trunk's lock file, .htaccess: not part of the site
    // The precompressed copies (their sizes are the columns) and the host files.
    if (/\.(br|gz)$/.test(name) || ["_headers", "nginx-site.conf", "caddy-site.conf"].includes(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else yield path;
  }
}

const rows = [];
for (const path of walk(root)) {
  const bytes = readFileSync(path);
  rows.push({
    file: relative(root, path),
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  });
}
const total = rows.reduce(
  (t, r) => ({ file: "total", raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }),
  { raw: 0, gzip: 0, brotli: 0 },
);
const width = Math.max(5, ...rows.map((r) => r.file.length));
const line = (r) =>
  `${r.file.padEnd(width)}  ${String(r.raw).padStart(9)}  ${String(r.gzip).padStart(9)}  ${String(r.brotli).padStart(9)}`;
console.log(`${"file".padEnd(width)}  ${"raw B".padStart(9)}  ${"gzip B".padStart(9)}  ${"brotli B".padStart(9)}`);
for (const r of rows) console.log(line(r));
console.log("-".repeat(width + 33));
console.log(line(total));
