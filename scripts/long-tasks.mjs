// The blocking time of pages really slowed to 4× CPU (DevTools throttling in
// headless Chromium, cache off, a fresh browser context for each load),
// loaded in turn so that the machine's changing load falls on all alike:
// the long tasks a `longtask` observer sees from the start of the load until
// 2.5 s after the app has hydrated (`data-hydrated`), and their excess over
// 50 ms summed. Lighthouse (scripts/lighthouse-alternate.mjs) does not slow
// the page but counts each task 4×; this is what a slow phone would do.
// Needs puppeteer-core (`make bench` installs it into target/lighthouse).
// Usage: node scripts/long-tasks.mjs LOADS URL [URL ...]
import { launchChromium, loadInTurn, median } from './chromium.mjs';

const loads = Number(process.argv[2]);
const urls = process.argv.slice(3);
if (!(loads > 0) || urls.length === 0) {
  console.error('usage: node scripts/long-tasks.mjs LOADS URL [URL ...]');
  process.exit(2);
}
const browser = await launchChromium();
let results;
try {
  results = await loadInTurn(browser, loads, urls, 4, async ({ page, url, load }) => {
    await page.evaluateOnNewDocument(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push(Math.round(e.duration));
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(url);
    await page.waitForFunction(() => document.documentElement.hasAttribute('data-hydrated'), { timeout: 60000 });
    await new Promise((r) => setTimeout(r, 2500));
    const tasks = await page.evaluate(() => window.__longTasks);
    const blocking = tasks.reduce((sum, d) => sum + Math.max(0, d - 50), 0);
    console.log(`load ${load + 1} ${url}: blocking ${blocking} ms, long tasks ${JSON.stringify(tasks)}`);
    return blocking;
  });
} finally {
  await browser.close();
}
console.log('');
for (const [url, xs] of results) {
  console.log(`${url}: blocking time median ${median(xs)} ms (${Math.min(...xs)}–${Math.max(...xs)}), ${xs.length} loads`);
}
