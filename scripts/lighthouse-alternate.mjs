// Lighthouse's performance score of one page of two builds, run in turn
// (A, B, A, B, ...) so that the machine's changing load falls on both alike.
// For each build: the scores, the median and range of total blocking time,
// and how often the app's second-longest task (on /checklist/ mostly the
// journal's first draw) counted over 50 ms (it blocks) and over 80 ms (what has cost
// a point). Lighthouse 12.2.3 as `make bench` runs it (mobile, simulated
// throttling: tasks run at full speed and count 4×).
// Needs `make bench` to have installed Lighthouse into target/lighthouse, and
// a server for each build (e.g. `python3 -m http.server 8401` in dist/ and
// 8404 in target/bench-previous/dist/).
// Usage: node scripts/lighthouse-alternate.mjs RUNS URL_A URL_B
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromiumFlags, chromiumPath } from './chromium.mjs';

const lighthouse = fileURLToPath(new URL('../target/lighthouse/node_modules/.bin/lighthouse', import.meta.url));
const [runs, ...urls] = [Number(process.argv[2]), ...process.argv.slice(3)];
if (!(runs > 0) || urls.length !== 2) {
  console.error('usage: node scripts/lighthouse-alternate.mjs RUNS URL_A URL_B');
  process.exit(2);
}
const flags = chromiumFlags.join(' ');
const results = urls.map(() => []);

// Lighthouse's report of one run, or why there is none. A run with a
// runtime error (NO_NAVSTART: the trace could not be recorded) still writes
// its report, then exits with an error code.
function lighthouseReport(url) {
  let json;
  try {
    json = execFileSync(lighthouse, [url, '--output=json', '--output-path=stdout', '--quiet',
      '--only-categories=performance', `--chrome-flags=${flags}`], {
      env: { ...process.env, CHROME_PATH: chromiumPath },
      maxBuffer: 256 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch (e) {
    json = e.stdout;
  }
  try {
    return JSON.parse(json);
  } catch {
    return { runtimeError: { code: 'no report' } };
  }
}

function once(url) {
  const report = lighthouseReport(url);
  if (report.runtimeError) return { error: report.runtimeError.code };
  const audits = report.audits;
  const tasks = audits['long-tasks'].details?.items ?? [];
  // The app's tasks are attributed to its JS glue (the full bundle's).
  const app = tasks.filter((t) => /after-the-session/.test(t.url)).map((t) => t.duration).sort((a, b) => b - a);
  return {
    score: Math.round(report.categories.performance.score * 100),
    tbt: Math.round(audits['total-blocking-time'].numericValue),
    app: app.map(Math.round),
  };
}

for (let run = 0; run < runs; run++) {
  urls.forEach((url, i) => {
    const r = once(url);
    results[i].push(r);
    console.log(`run ${run + 1} ${'AB'[i]} ${r.error ?? `score ${r.score}, TBT ${r.tbt} ms, the app's long tasks ${JSON.stringify(r.app)}`}`);
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
console.log('');
urls.forEach((url, i) => {
  const ok = results[i].filter((r) => !r.error);
  if (ok.length === 0) {
    console.log(`${'AB'[i]} ${url}: no run gave a report`);
    return;
  }
  const scores = {};
  for (const r of ok) scores[r.score] = (scores[r.score] ?? 0) + 1;
  const tbts = ok.map((r) => r.tbt);
  const second = ok.map((r) => r.app[1] ?? 0);
  console.log(`${'AB'[i]} ${url}: ${ok.length} runs (${results[i].length - ok.length} without a report); scores `
    + Object.entries(scores).sort((a, b) => b[0] - a[0]).map(([s, n]) => `${s} ×${n}`).join(', ')
    + `; TBT median ${median(tbts)} ms (${Math.min(...tbts)}–${Math.max(...tbts)}); `
    + `second app task over 50 ms in ${second.filter((d) => d > 50).length}, over 80 ms in ${second.filter((d) => d > 80).length}`);
});
