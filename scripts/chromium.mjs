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
