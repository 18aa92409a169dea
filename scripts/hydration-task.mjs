// How long the app's main-thread tasks take at load, from a trace of each
// load (headless Chromium, a fresh browser context, cache off), the pages
// loaded in turn. An "app task" is a task after the first contentful paint
// that calls into the app's script (`after-the-session-*.js`); the longest
// is hydration's. At full speed by default: Lighthouse loads the page at
// full speed and counts each task 4× (RATE=4 slows the CPU for real).
//
// JSFLAGS passes V8 flags to Chromium, to see what a task is made of, e.g.
// JSFLAGS=--no-wasm-lazy-compilation: V8 compiles each wasm function on its
// first call, on the main thread, unless told to compile them all at once.
//
// Needs puppeteer-core (`make bench` installs it into target/lighthouse).
// Usage: node scripts/hydration-task.mjs LOADS URL [URL ...]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchChromium, loadInTurn, median } from './chromium.mjs';

const loads = Number(process.argv[2]);
const urls = process.argv.slice(3);
if (!(loads > 0) || urls.length === 0) {
  console.error('usage: node scripts/hydration-task.mjs LOADS URL [URL ...]');
  process.exit(2);
}
const dir = mkdtempSync(join(tmpdir(), 'hydration-task-'));
const trace = join(dir, 'trace.json');
const browser = await launchChromium(process.env.JSFLAGS ? [`--js-flags=${process.env.JSFLAGS}`] : []);

// The app's tasks of one load, longest first, in ms.
function appTasks(events, url) {
  const parse = events.find((e) => e.name === 'ParseHTML' && JSON.stringify(e.args).includes(url));
  if (!parse) return [];
  const thread = events.filter((e) => e.pid === parse.pid && e.tid === parse.tid && e.ph === 'X');
  const fcp = events.find((e) => e.name === 'firstContentfulPaint' && e.pid === parse.pid);
  const calls = thread.filter((e) => e.name === 'FunctionCall' && JSON.stringify(e.args).includes('after-the-session'));
  return thread
    .filter((t) => (t.name === 'ThreadControllerImpl::RunTask' || t.name === 'RunTask') && t.ts > (fcp ? fcp.ts : 0))
    .filter((t) => calls.some((c) => c.ts >= t.ts && c.ts <= t.ts + t.dur))
    .map((t) => t.dur / 1000)
    .sort((a, b) => b - a);
}

let results;
try {
  results = await loadInTurn(browser, loads, urls, Number(process.env.RATE || 1), async ({ page, url, load }) => {
    await page.setViewport({ width: 412, height: 823 });
    await page.tracing.start({ path: trace, categories: ['toplevel', 'devtools.timeline'] });
    await page.goto(url);
    await page.waitForFunction(() => document.documentElement.hasAttribute('data-hydrated'), { timeout: 60000 });
    await new Promise((r) => setTimeout(r, 1500));
    await page.tracing.stop();
    const tasks = appTasks(JSON.parse(readFileSync(trace, 'utf8')).traceEvents, new URL(url).host);
    console.log(`load ${load + 1} ${url}: app tasks ${JSON.stringify(tasks.map((d) => Math.round(d * 10) / 10))}`);
    return tasks;
  });
} finally {
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log('');
for (const [url, all] of results) {
  const longest = all.map((t) => t[0] ?? 0);
  const total = all.map((t) => t.reduce((a, b) => a + b, 0));
  console.log(`${url}: longest app task median ${median(longest).toFixed(1)} ms (${Math.min(...longest).toFixed(1)}–${Math.max(...longest).toFixed(1)}), all app tasks median ${median(total).toFixed(1)} ms, ${all.length} loads`);
}
