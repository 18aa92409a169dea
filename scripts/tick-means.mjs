// Click handling of many ticks of the checklist's first box, at 4× CPU (or RATE) in
// headless Chromium: Event Timing's processing time (processingEnd -
// processingStart) of each click, each frame made 24 ms late so that every
// click is reported (as `make bench` does). Prints the mean and the median.
// Chromium's slowdown pauses the page's thread in slices, so one tick reads
// either about 0.1-0.3 ms or 1-2.5 ms: compare builds by the mean of many
// ticks, alternating them. Needs puppeteer-core (`make bench` installs it
// into target/lighthouse) and a server for dist/.
// RATE=1 runs it at full speed. Served cross-origin isolated (COOP and
// COEP headers), the page's timers and Event Timing are precise to 5 µs
// rather than 100 µs.
// Usage: node scripts/tick-means.mjs http://127.0.0.1:8300/checklist/ [ticks]
import { launchChromium } from './chromium.mjs';

const url = process.argv[2];
const ticks = Number(process.argv[3] || 100);
const browser = await launchChromium();
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 412, height: 900 });
  await page.goto(url);
  await page.waitForFunction(() => {
    const box = document.querySelector('#step-treat-yourself');
    return box && !box.disabled;
  });
  await new Promise((r) => setTimeout(r, 1500));
  const cdp = await page.createCDPSession();
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: Number(process.env.RATE || 4) });
  await page.evaluate(() => {
    window.__handling = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === 'click') window.__handling.push(e.processingEnd - e.processingStart);
    }).observe({ type: 'event', durationThreshold: 16 });
  });
  for (let i = 0; i < ticks; i++) {
    await page.evaluate(() => addEventListener('click', () => requestAnimationFrame(() => {
      const end = performance.now() + 24;
      while (performance.now() < end) {}
    }), { capture: true, once: true }));
    await page.click('#step-treat-yourself');
    await new Promise((r) => setTimeout(r, 120));
  }
  await new Promise((r) => setTimeout(r, 500));
  const h = (await page.evaluate(() => window.__handling)).sort((a, b) => a - b);
  const mean = h.reduce((a, b) => a + b, 0) / h.length;
  console.log(`${url}: ${h.length} ticks reported, mean ${mean.toFixed(2)} ms, median ${h[h.length >> 1].toFixed(1)} ms`);
} finally {
  await browser.close();
}
