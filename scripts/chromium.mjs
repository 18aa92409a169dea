// What the measuring scripts share: Chromium's flags on this machine (run as
// root, no network but the page's), its path (CHROMIUM, or Debian's), and
// puppeteer-core, which `make bench` installs into target/lighthouse.
import { createRequire } from 'node:module';

/** Chromium's path: CHROMIUM, or Debian's package. */
export const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';

/** The flags every script starts Chromium with (headless, as root). */
export const chromiumFlags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic',
  '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync'];

/** Starts headless Chromium with puppeteer-core; `extraArgs` come before the usual flags. */
export async function launchChromium(extraArgs = []) {
  const require = createRequire(new URL('../target/lighthouse/', import.meta.url));
  const puppeteer = require('puppeteer-core');
  return puppeteer.launch({ executablePath: chromiumPath, args: [...extraArgs, ...chromiumFlags] });
}

/**
 * Loads each of `urls` `loads` times, in turn (the order reversed every other
 * round, so that the machine's changing load falls on all alike), each in a
 * fresh browser context with the cache off and the CPU slowed `rate` times.
 * `measure({ page, cdp, url, load })` loads the page and returns its figure;
 * the result maps each URL to its figures.
 */
export async function loadInTurn(browser, loads, urls, rate, measure) {
  const results = new Map(urls.map((u) => [u, []]));
  for (let load = 0; load < loads; load++) {
    for (const url of load % 2 ? [...urls].reverse() : urls) {
      const context = await browser.createBrowserContext();
      try {
        const page = await context.newPage();
        const cdp = await page.createCDPSession();
        await cdp.send('Emulation.setCPUThrottlingRate', { rate });
        await cdp.send('Network.enable');
        await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
        results.get(url).push(await measure({ page, cdp, url, load }));
      } finally {
        await context.close();
      }
    }
  }
  return results;
}

/** The median of `xs` (numbers). */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
