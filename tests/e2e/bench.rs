//! `make bench`: speed of the release site against a plain static HTML page
//! with the same article, in headless Chromium with a phone profile. A
//! measurement, not a test: it prints a table and writes
//! `target/bench/speed.md`; it asserts only that it could measure.

use std::path::{Path, PathBuf};
use std::process::Command;

use fantoccini::{Client, Locator};
use serde_json::{Value, json};

use crate::support::browser::{BrowserOptions, cdp, click_on, js, wait_until, with_browser};
use crate::support::dist_dir;
use crate::support::server::StaticServer;

/// Runs a measure (`BENCH_RUNS`, at least 5 for the report; 7 by default).
fn runs() -> usize {
    std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(7)
}

/// Collects LCP, layout shifts and the moment the app has hydrated.
const OBSERVE: &str = r#"
window.__bench = { lcp: 0, cls: 0, hydrated: null };
new PerformanceObserver(list => { for (const e of list.getEntries()) window.__bench.lcp = e.startTime; })
  .observe({ type: 'largest-contentful-paint', buffered: true });
new PerformanceObserver(list => { for (const e of list.getEntries()) if (!e.hadRecentInput) window.__bench.cls += e.value; })
  .observe({ type: 'layout-shift', buffered: true });
new MutationObserver(() => {
  if (window.__bench.hydrated === null && document.documentElement.hasAttribute('data-hydrated'))
    window.__bench.hydrated = performance.now();
}).observe(document, { attributes: true, subtree: true, attributeFilter: ['data-hydrated'] });
"#;

/// Times one tick: from the click event to just after the next frame is
/// painted (a task queued from `requestAnimationFrame` runs once that
/// frame is out), with the app's own handlers and effects in between.
///
/// Every click is also timed from its first listener (on the window,
/// capturing) to the start of the next task (a message posted then): its
/// handlers, the change it makes and the reactive work in microtasks. The
/// Event Timing observer set up here collects the click handling times of
/// the ticks made with [`LATE_FRAME`].
const TICK_TIMER: &str = "window.__tick = null;
if (!window.__handling) {
  window.__handling = [];
  window.__task = [];
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) if (e.name === 'click') window.__handling.push(e.processingEnd - e.processingStart);
  }).observe({ type: 'event', durationThreshold: 16 });
}
addEventListener('click', () => {
  const t0 = performance.now();
  const channel = new MessageChannel();
  channel.port1.onmessage = () => window.__task.push(performance.now() - t0);
  channel.port2.postMessage(0);
}, { capture: true, once: true });
const box = document.querySelector('#step-treat-yourself');
box.addEventListener('click', (event) => {
  const t0 = event.timeStamp;
  requestAnimationFrame(() => setTimeout(() => { window.__tick = performance.now() - t0; }, 0));
}, { once: true });";

/// Makes the next click's frame at least 24 ms late, by a busy wait in the
/// frame's `requestAnimationFrame` (after the click's handlers, before its
/// paint), so that Event Timing, which reports only events of 16 ms or more
/// from input to paint, reports every tick; the handlers' own processing
/// time is untouched. Used for the click handling row only, on both pages
/// alike.
const LATE_FRAME: &str = "window.__tick = null;
addEventListener('click', () => requestAnimationFrame(() => {
  const end = performance.now() + 24;
  while (performance.now() < end) {}
  setTimeout(() => { window.__tick = 0; }, 0);
}), { capture: true, once: true });";

/// The plain checklist's only script, for the "progress line only" page:
/// on each change, the progress line says how many boxes are ticked. The
/// least any page that shows its progress live does on a tick.
const PROGRESS_ONLY: &str = "const boxes = [...document.querySelectorAll('.step-list input[type=checkbox]')];
const progress = document.querySelector('.step-list .progress');
for (const box of boxes) box.addEventListener('change', () => {
  progress.textContent = `${boxes.filter(b => b.checked).length} of ${boxes.length} done`;
});";

/// Served with every page of the bench, this build's, the previous
/// release's and the plain ones alike. With the `Cross-Origin-Opener-Policy`
/// the site already sends, it makes the pages cross-origin isolated, and
/// Chromium then times `performance.now()` and Event Timing to 5 µs instead
/// of 100 µs: a plain page's click handling (about 0.1 ms) is otherwise the
/// coarse step itself, and a ratio to it is noise. Not sent by the site
/// itself: it needs no precise timers.
const ISOLATED: &[(&str, &str)] = &[("Cross-Origin-Embedder-Policy", "require-corp")];

/// The paths the page fetched: itself and every resource.
const FIRST_LOAD: &str = "return [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].map(e => new URL(e.name).pathname)";

/// The same page (`index.html`: the article) as plain HTML with its CSS
/// inline and no script.
fn plain_page(site: &Path, page: &str) -> String {
    let html = std::fs::read_to_string(site.join(page)).unwrap();
    let start = html.find("<main").unwrap();
    let end = html.find("</main>").unwrap() + "</main>".len();
    // The build inlines the style sheet into every page.
    let css_start = html.find("<style>").expect("the page's inline style sheet") + "<style>".len();
    let css = &html[css_start..css_start + html[css_start..].find("</style>").unwrap()];
    format!(
        "<!doctype html><html lang=en><meta charset=utf-8><meta name=viewport content=\"width=device-width,initial-scale=1\"><title>Plain</title><style>{css}</style><body>{}</body></html>",
        &html[start..end]
    )
}

fn brotli_sizes(site: &Path, files: &[String]) -> u64 {
    let script = "const z=require('zlib'),fs=require('fs');let t=0;for(const f of process.argv.slice(1)){try{t+=z.brotliCompressSync(fs.readFileSync(f),{params:{[z.constants.BROTLI_PARAM_QUALITY]:11}}).length}catch(e){}}console.log(t)";
    let paths: Vec<PathBuf> = files
        .iter()
        .map(|f| site.join(f.trim_start_matches('/')))
        .collect();
    let out = Command::new("node")
        .arg("-e")
        .arg(script)
        .args(&paths)
        .output()
        .expect("node");
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap_or(0)
}

/// A phone's CPU (4× slower) and a first visit every time (no cache, no
/// service worker). The network is slowed by the server itself
/// (`StaticServer::set_throttle`): Chromium's emulation did not stay in
/// effect across navigations here.
async fn throttle(client: &Client) {
    cdp(client, "Network.enable", json!({})).await;
    cdp(
        client,
        "Network.setCacheDisabled",
        json!({ "cacheDisabled": true }),
    )
    .await;
    cdp(
        client,
        "Network.setBypassServiceWorker",
        json!({ "bypass": true }),
    )
    .await;
    cdp(client, "Emulation.setCPUThrottlingRate", json!({ "rate": 4 })).await;
}

/// The mean, for click handling: Chromium's 4× slowdown pauses the page in
/// slices, so one tick's handling reads either short or about 1 ms longer,
/// and a median of a few flips between the two.
fn mean_or_nan(v: &[f64]) -> f64 {
    if v.is_empty() {
        f64::NAN
    } else {
        v.iter().sum::<f64>() / v.len() as f64
    }
}

fn median_or_nan(v: Vec<f64>) -> f64 {
    if v.is_empty() { f64::NAN } else { median(v) }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

async fn load(client: &Client, url: &str, wait_app: bool) -> Value {
    // Applied before every load: Chromium may drop emulation on navigation.
    throttle(client).await;
    cdp(client, "Page.enable", json!({})).await;
    let added = cdp(
        client,
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": OBSERVE }),
    )
    .await;
    client.goto(url).await.unwrap();
    if wait_app {
        for _ in 0..600 {
            if js(
                client,
                "return !!window.__bench && window.__bench.hydrated !== null",
            )
            .await
                == json!(true)
            {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
    }
    // Let late layout shifts and the last LCP candidate land.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let result = js(client, "return window.__bench").await;
    cdp(
        client,
        "Page.removeScriptToEvaluateOnNewDocument",
        json!({ "identifier": added["identifier"] }),
    )
    .await;
    result
}

/// Fails unless the page just loaded came as slowly as the phone profile
/// says (its first byte after the server's 563 ms).
async fn assert_phone_network(client: &Client) {
    let ttfb = js(
        client,
        "return performance.getEntriesByType('navigation')[0].responseStart",
    )
    .await;
    assert!(
        ttfb.as_f64().unwrap_or(0.0) > 500.0,
        "the phone profile is not in effect (first byte at {ttfb} ms)"
    );
}

/// The paths the page fetched itself (not what the service worker then
/// caches for offline use in the background).
async fn fetched(client: &Client) -> Vec<String> {
    let files = js(client, FIRST_LOAD).await;
    files
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f.as_str().map(str::to_owned))
        .collect()
}

/// Brotli bytes of a first load: in all, of the wasm, and the file count.
fn first_load_bytes(site: &Path, mut files: Vec<String>) -> (u64, u64, usize) {
    files.sort();
    files.dedup();
    let files: Vec<String> = files
        .into_iter()
        .filter(|f| !f.ends_with("sw.js"))
        .map(|p| {
            if p.ends_with('/') {
                format!("{p}index.html")
            } else {
                p
            }
        })
        .collect();
    let wasm: Vec<String> = files.iter().filter(|f| f.ends_with(".wasm")).cloned().collect();
    (brotli_sizes(site, &files), brotli_sizes(site, &wasm), files.len())
}

/// How many ticks the click handling row takes at least, for its mean.
const HANDLING_TICKS: usize = 200;

/// Ticks the first step again and again, each time timed from the click to
/// the next paint, on the page at `url` once its first checkbox is enabled.
/// Fails unless the CPU slowdown holds and the page's progress line follows
/// the first tick exactly when `live_progress` says it should.
async fn tick_times(client: &Client, url: &str, live_progress: bool) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    throttle(client).await;
    client.goto(url).await.unwrap();
    wait_until(
        client,
        "return !!document.querySelector('#step-treat-yourself') && !document.querySelector('#step-treat-yourself').disabled",
        "ready",
    )
    .await;
    let slowdown = cpu_slowdown(client).await;
    println!("bench: {url}: the same script work {slowdown:.1}× slower than at full speed");
    assert!(
        slowdown > 2.0,
        "the CPU slowdown is not in effect on {url} ({slowdown:.1}×)"
    );
    const PROGRESS: &str = "return document.querySelector('.step-list .progress').textContent";
    let progress_before = js(client, PROGRESS).await;
    let mut ticks = Vec::new();
    for tick in 0..3 * runs() {
        js(client, TICK_TIMER).await;
        click_on(client, Locator::Css("#step-treat-yourself")).await;
        wait_until(client, "return window.__tick !== null", "the tick painted").await;
        ticks.push(
            js(client, "return window.__tick")
                .await
                .as_f64()
                .unwrap_or(f64::NAN),
        );
        if tick == 0 {
            // What the page is measured for: its progress line follows the
            // ticks, or (plain HTML without script) it does not.
            let progress = js(client, PROGRESS).await;
            assert_eq!(
                progress != progress_before,
                live_progress,
                "{url}: the progress line read {progress_before} before the tick and {progress} after"
            );
        }
    }
    let numbers = |v: Value| -> Vec<f64> {
        v.as_array()
            .map(|a| a.iter().filter_map(Value::as_f64).collect())
            .unwrap_or_default()
    };
    let task = numbers(js(client, "return window.__task").await);
    // Click handling: as many ticks again, each frame made late so that
    // Event Timing reports every one (`LATE_FRAME`); only their entries count.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    js(client, "window.__handling.length = 0").await;
    for _ in 0..HANDLING_TICKS.max(3 * runs()) {
        js(client, LATE_FRAME).await;
        click_on(client, Locator::Css("#step-treat-yourself")).await;
        wait_until(client, "return window.__tick !== null", "the late frame").await;
    }
    // Let the last Event Timing entries arrive.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let handling = numbers(js(client, "return window.__handling").await);
    (ticks, handling, task)
}

/// A fixed piece of script work, timed in the page (median of three), ms.
/// The sum is returned beside the times, so that the loop is not optimized
/// away.
async fn busy_loop_ms(client: &Client) -> f64 {
    let v = js(
        client,
        "const t = []; let x = 0; for (let r = 0; r < 3; r++) { const t0 = performance.now(); for (let i = 0; i < 2e6; i++) x += Math.sqrt(i); t.push(performance.now() - t0); } return [t.sort((a, b) => a - b)[1], x];",
    )
    .await;
    v[0].as_f64().unwrap_or(f64::NAN)
}

/// Sets the CPU of the page as it is now to 4× slower, and returns how much
/// slower the same work then runs than at full speed: the bench's check
/// that the slowdown holds on the page it ticks (3.1–3.9× in its runs).
async fn cpu_slowdown(client: &Client) -> f64 {
    cdp(client, "Emulation.setCPUThrottlingRate", json!({ "rate": 1 })).await;
    let full = busy_loop_ms(client).await;
    cdp(client, "Emulation.setCPUThrottlingRate", json!({ "rate": 4 })).await;
    busy_loop_ms(client).await / full
}

/// Times opening a locked journal: from the Unlock click until the
/// checklist is in the page (key derivation, decryption, rendering), after
/// a fresh load of the locked page each time.
const UNLOCK_TIMER: &str = "window.__unlocked = null;
const t0 = performance.now();
new MutationObserver((_, o) => {
  if (document.querySelector('main input[type=checkbox]')) {
    o.disconnect();
    requestAnimationFrame(() => setTimeout(() => { window.__unlocked = performance.now() - t0; }, 0));
  }
}).observe(document.body, { childList: true, subtree: true });
document.querySelector('.lock-screen button[type=submit]').click();";

async fn unlock_times(client: &Client, url: &str) -> Vec<f64> {
    client.goto(url).await.unwrap();
    crate::checklist::open(client, url).await;
    crate::lock::set_lock(client, crate::lock::PASSPHRASE).await;
    let mut times = Vec::new();
    for _ in 0..runs() {
        throttle(client).await;
        client.goto(url).await.unwrap();
        wait_until(
            client,
            "return !!document.getElementById('unlock-passphrase')",
            "locked",
        )
        .await;
        crate::checklist::type_into(client, "#unlock-passphrase", crate::lock::PASSPHRASE).await;
        js(client, UNLOCK_TIMER).await;
        wait_until(client, "return window.__unlocked !== null", "unlocked").await;
        times.push(
            js(client, "return window.__unlocked")
                .await
                .as_f64()
                .unwrap_or(f64::NAN),
        );
    }
    times
}

/// One Lighthouse report on `url`, or why there is none.
fn lighthouse(url: &str) -> Result<Value, String> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/lighthouse");
    if !dir.join("node_modules/.bin/lighthouse").exists() {
        let ok = Command::new("npm")
            .args([
                "install",
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                "--prefix",
            ])
            .arg(&dir)
            .arg("lighthouse@12.2.3")
            .status()
            .is_ok_and(|s| s.success());
        if !ok {
            return Err("cannot install lighthouse@12.2.3 from npm".to_owned());
        }
    }
    let out = Command::new(dir.join("node_modules/.bin/lighthouse"))
        .arg(url)
        .args(["--output=json", "--quiet", "--only-categories=performance,accessibility,best-practices,seo"])
        .arg("--chrome-flags=--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync")
        .env("CHROME_PATH", std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()))
        .output()
        .map_err(|e| format!("cannot run lighthouse: {e}"))?;
    serde_json::from_slice(&out.stdout).map_err(|_| {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let last = stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("no message");
        format!("no report ({}; {last})", out.status)
    })
}

/// How many failed Lighthouse runs a route and build may have before the
/// bench gives up on its remaining runs.
const MAX_LIGHTHOUSE_FAILURES: usize = 4;

/// Calls `run` until it has given `wanted` results or `max_failures` errors:
/// the results and the errors, each in order.
fn until_enough<T>(
    wanted: usize,
    max_failures: usize,
    mut run: impl FnMut() -> Result<T, String>,
) -> (Vec<T>, Vec<String>) {
    let (mut results, mut failures) = (Vec::new(), Vec::new());
    while results.len() < wanted && failures.len() < max_failures {
        match run() {
            Ok(result) => results.push(result),
            Err(why) => failures.push(why),
        }
    }
    (results, failures)
}

/// Every route of the site.
const ROUTES: [&str; 5] = ["/", "/faq/", "/checklist/", "/history/", "/help/"];

/// Lighthouse on every route of each build, `BENCH_LIGHTHOUSE_RUNS` times
/// (3 by default): each category's scores in run order, and the median LCP
/// and TBT.
fn lighthouse_table(builds: &[(&str, &StaticServer)]) -> String {
    let runs: usize = std::env::var("BENCH_LIGHTHOUSE_RUNS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(3);
    let out_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    std::fs::create_dir_all(&out_dir).unwrap();
    let mut table = format!(
        "\nLighthouse 12.2.3 (mobile, simulated throttling), {runs} runs a route; scores in run order, goal 100 in every run:\n\n\
         | route | build | performance | accessibility | best practices | SEO | LCP (median) | TBT (median) |\n|---|---|---|---|---|---|---|---|\n"
    );
    let mut missing = String::new();
    let mut below = String::new();
    for route in ROUTES {
        for (index, (build, server)) in builds.iter().enumerate() {
            // A run that gives no report (Lighthouse itself failed, as with
            // its intermittent "NO_NAVSTART" here) is run again, at most
            // four times a route, and said below the table: the goal is
            // read on every run, so a route should have them all.
            let (results, failures) =
                until_enough(runs, MAX_LIGHTHOUSE_FAILURES, || lighthouse(&server.url(route)));
            for why in &failures {
                missing.push_str(&format!("- `{route}`, {build}: {why}\n"));
            }
            if results.is_empty() {
                table.push_str(&format!("| `{route}` | {build} | could not run | | | | | |\n"));
                continue;
            }
            if index == 0 {
                let name = route.trim_matches('/').replace('/', "-");
                let name = if name.is_empty() {
                    "article".to_owned()
                } else {
                    name
                };
                std::fs::write(
                    out_dir.join(format!("lighthouse-{name}.json")),
                    results[0].to_string(),
                )
                .unwrap();
            }
            for (run, report) in results.iter().enumerate() {
                if let Some(why) = below_full_marks(report) {
                    below.push_str(&format!("- `{route}`, {build}, run {}: {why}\n", run + 1));
                }
            }
            let scores = |category: &str| {
                results
                    .iter()
                    .map(|r| {
                        r["categories"][category]["score"]
                            .as_f64()
                            .map_or("–".to_owned(), |s| format!("{:.0}", s * 100.0))
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let metric = |id: &str| {
                median_or_nan(
                    results
                        .iter()
                        .filter_map(|r| r["audits"][id]["numericValue"].as_f64())
                        .collect(),
                )
            };
            table.push_str(&format!(
                "| `{route}` | {build} | {} | {} | {} | {} | {:.0} ms | {:.0} ms |\n",
                scores("performance"),
                scores("accessibility"),
                scores("best-practices"),
                scores("seo"),
                metric("largest-contentful-paint"),
                metric("total-blocking-time"),
            ));
        }
    }
    if !below.is_empty() {
        table.push_str(&format!(
            "\nRuns below performance 100, and the metrics that cost the points (each metric's score in brackets):\n\n{below}"
        ));
    }
    if !missing.is_empty() {
        table.push_str(&format!(
            "\nRuns without a report (each was run again, while fewer than {MAX_LIGHTHOUSE_FAILURES} had failed for that route):\n\n{missing}"
        ));
    }
    table
}

/// Lighthouse's performance metrics, for a run that scored under 100: its
/// score and each metric under full marks, with its value and its score.
fn below_full_marks(report: &Value) -> Option<String> {
    let score = report["categories"]["performance"]["score"].as_f64()?;
    if score >= 0.995 {
        return None;
    }
    let metrics = [
        ("first-contentful-paint", "FCP", "ms"),
        ("largest-contentful-paint", "LCP", "ms"),
        ("speed-index", "speed index", "ms"),
        ("total-blocking-time", "TBT", "ms"),
        ("cumulative-layout-shift", "CLS", ""),
    ]
    .into_iter()
    .filter_map(|(id, name, unit)| {
        let audit = &report["audits"][id];
        let (value, metric_score) = (audit["numericValue"].as_f64()?, audit["score"].as_f64()?);
        (metric_score < 1.0).then(|| match unit {
            "ms" => format!("{name} {value:.0} ms ({metric_score:.2})"),
            _ => format!("{name} {value:.3} ({metric_score:.2})"),
        })
    })
    .collect::<Vec<_>>();
    Some(format!(
        "{:.0}; {}{}",
        score * 100.0,
        if metrics.is_empty() {
            "every metric at full marks (rounding)".to_owned()
        } else {
            metrics.join(", ")
        },
        long_tasks(report)
    ))
}

/// The run's long tasks as Lighthouse simulates them (4× CPU), each named
/// by what ran it: the app's script, or the page itself (no script, or the
/// page's own address: parsing, style and layout of its text, which a page
/// without script pays as well, and the small inline loader). Blocking time
/// is what each task lasts over 50 ms after the first contentful paint.
fn long_tasks(report: &Value) -> String {
    let Some(items) = report["audits"]["long-tasks"]["details"]["items"].as_array() else {
        return String::new();
    };
    let tasks = items
        .iter()
        .filter_map(|task| {
            let duration = task["duration"].as_f64()?;
            let url = task["url"].as_str().unwrap_or_default();
            let by = if url.contains("after-the-session") {
                "the app"
            } else if url.ends_with(".js") || url.ends_with(".wasm") {
                "another script"
            } else {
                "the page"
            };
            Some(format!("{by} {duration:.0} ms"))
        })
        .collect::<Vec<_>>();
    if tasks.is_empty() {
        String::new()
    } else {
        format!("; long tasks: {}", tasks.join(", "))
    }
}

/// A copy of a built site with brotli and gzip copies of every file, served
/// with Content-Encoding like a real host, to browsers that ask for them.
fn compressed_copy(dist: &Path, name: &str) -> crate::support::TempDir {
    let copy = crate::support::TempDir::new(name);
    crate::support::copy_dir(dist, copy.path());
    let status = Command::new("node")
        .arg("-e")
        .arg("const z=require('zlib'),fs=require('fs'),p=require('path');(function w(d){for(const n of fs.readdirSync(d)){const f=p.join(d,n);if(fs.statSync(f).isDirectory())w(f);else if(!/\\.(br|gz)$/.test(n)){const b=fs.readFileSync(f);fs.writeFileSync(f+'.br',z.brotliCompressSync(b,{params:{[z.constants.BROTLI_PARAM_QUALITY]:11}}));fs.writeFileSync(f+'.gz',z.gzipSync(b,{level:9}))}}})(process.argv[1])")
        .arg(copy.path())
        .status()
        .expect("node");
    assert!(status.success());
    copy
}

/// Brotli bytes of a first load: in all, of the wasm, and the file count.
type FirstLoad = (u64, u64, usize);

/// What `make bench` measures of one build of the site.
#[derive(Default)]
struct Measures {
    lcp: Vec<f64>,
    cls: Vec<f64>,
    hydrated: Vec<f64>,
    article: FirstLoad,
    checklist: FirstLoad,
    checklist_hydrated: Vec<f64>,
    checklist_lcp: Vec<f64>,
    history: FirstLoad,
    history_hydrated: Vec<f64>,
    history_lcp: Vec<f64>,
    ticks: Vec<f64>,
    handling: Vec<f64>,
    task: Vec<f64>,
    unlocks: Vec<f64>,
}

/// Loads, ticks and unlocks on one build, served by `server` from `site`.
async fn measure(client: &Client, server: &StaticServer, site: &Path) -> Measures {
    let mut m = Measures::default();
    server.set_throttle(563, 1_600_000 / 8);
    let (mut article, mut checklist, mut history) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..runs() {
        let app = load(client, &server.url("/"), true).await;
        assert_phone_network(client).await;
        if run == 0 {
            article = fetched(client).await;
        }
        m.lcp.push(app["lcp"].as_f64().unwrap_or(f64::NAN));
        m.cls.push(app["cls"].as_f64().unwrap_or(f64::NAN));
        m.hydrated.push(app["hydrated"].as_f64().unwrap_or(f64::NAN));
        let page = load(client, &server.url("/checklist/"), true).await;
        m.checklist_hydrated
            .push(page["hydrated"].as_f64().unwrap_or(f64::NAN));
        m.checklist_lcp.push(page["lcp"].as_f64().unwrap_or(f64::NAN));
        if run == 0 {
            checklist = fetched(client).await;
        }
        let page = load(client, &server.url("/history/"), true).await;
        m.history_hydrated
            .push(page["hydrated"].as_f64().unwrap_or(f64::NAN));
        m.history_lcp.push(page["lcp"].as_f64().unwrap_or(f64::NAN));
        if run == 0 {
            history = fetched(client).await;
        }
    }
    m.article = first_load_bytes(site, article);
    m.checklist = first_load_bytes(site, checklist);
    m.history = first_load_bytes(site, history);
    // A tick: from the click to the frame that shows it, at 4× slower CPU
    // (no network throttling needed).
    server.set_throttle(0, 0);
    (m.ticks, m.handling, m.task) = tick_times(client, &server.url("/checklist/"), true).await;
    // Last: it leaves the journal locked.
    m.unlocks = unlock_times(client, &server.url("/checklist/")).await;
    m
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "a measurement; run by `make bench`"]
async fn bench_speed_against_a_plain_page() {
    if crate::support::browser::skip_in(
        &[
            crate::support::browser::Engine::Firefox,
            crate::support::browser::Engine::WebKit,
        ],
        "the measurement throttles through Chromium's DevTools",
    ) {
        return;
    }
    let copy = compressed_copy(&dist_dir(), "bench-site");
    let site = copy.path().to_owned();
    std::fs::create_dir_all(site.join("plain")).unwrap();
    std::fs::write(site.join("plain/index.html"), plain_page(&site, "index.html")).unwrap();
    // The checklist as plain HTML: native checkboxes that tick without any
    // script (the prerendered ones wait, disabled, for the app).
    let plain_checklist = plain_page(&site, "checklist/index.html").replace(" disabled>", ">");
    // The same again with the least script a live progress line needs: the
    // floor for any page that shows "N of M done" as the boxes are ticked.
    // A file of its own: the site's Content-Security-Policy, which the test
    // server sends with every page, refuses an inline script.
    let progress_only = plain_checklist.replace("</body>", "<script src=\"progress.js\"></script></body>");
    for (dir, page) in [("plain", &plain_checklist), ("plain-progress", &progress_only)] {
        std::fs::create_dir_all(site.join(dir).join("checklist")).unwrap();
        std::fs::write(site.join(dir).join("checklist/index.html"), page).unwrap();
    }
    std::fs::write(site.join("plain-progress/checklist/progress.js"), PROGRESS_ONLY).unwrap();
    let server = std::sync::Arc::new(StaticServer::start(site.clone(), ISOLATED).without_console_collector());
    // The previous release (`make bench` builds it), on its own origin, so
    // that neither build's storage or service worker meets the other's.
    let previous_name = std::env::var("BENCH_PREVIOUS_NAME").unwrap_or_else(|_| "previous".into());
    let previous = std::env::var_os("BENCH_PREVIOUS_DIST")
        .map(PathBuf::from)
        .filter(|d| d.join("index.html").exists())
        .map(|dist| {
            let copy = compressed_copy(&dist, "bench-previous");
            let server = std::sync::Arc::new(
                StaticServer::start(copy.path().to_owned(), ISOLATED).without_console_collector(),
            );
            (copy, server)
        });
    if previous.is_none() {
        println!("bench: no previous release to compare (BENCH_PREVIOUS_DIST); `make bench` builds one");
    }
    let report = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let out = report.clone();
    let (s, site_for_sizes) = (server.clone(), site.clone());
    let prev = previous
        .as_ref()
        .map(|(copy, server)| (copy.path().to_owned(), server.clone()));
    let prev_name = previous_name.clone();
    with_browser(BrowserOptions { width: 412, height: 823, ..Default::default() }, move |client| async move {
        let this = measure(&client, &s, &site_for_sizes).await;
        let before = match &prev {
            Some((site, server)) => Some(measure(&client, server, site).await),
            None => None,
        };
        s.set_throttle(563, 1_600_000 / 8);
        let (mut plain_lcp, mut plain_cls) = (Vec::new(), Vec::new());
        for _ in 0..runs() {
            let plain = load(&client, &s.url("/plain/"), false).await;
            assert_phone_network(&client).await;
            plain_lcp.push(plain["lcp"].as_f64().unwrap_or(f64::NAN));
            plain_cls.push(plain["cls"].as_f64().unwrap_or(f64::NAN));
        }
        s.set_throttle(0, 0);
        let (plain_ticks, plain_handling, plain_task) = tick_times(&client, &s.url("/plain/checklist/"), false).await;
        let (least_ticks, least_handling, least_task) =
            tick_times(&client, &s.url("/plain-progress/checklist/"), true).await;

        let plain = median(plain_lcp);
        let mut table = String::new();
        table.push_str(&format!("Phone profile: every response 563 ms late and sent at 1.6 Mbit/s (by the test server), CPU 4× slower (DevTools); medians of {} runs.\n\n", runs()));
        table.push_str(&format!("| measure | this build | previous release ({prev_name}) | plain HTML page | goal |\n|---|---|---|---|---|\n"));
        let row = |table: &mut String, measure: &str, value: &dyn Fn(&Measures) -> String, plain: &str, goal: &str| {
            let before = before.as_ref().map_or("–".to_owned(), value);
            table.push_str(&format!("| {measure} | {} | {before} | {plain} | {goal} |\n", value(&this)));
        };
        let bytes = |f: FirstLoad| format!("{} B ({} files); wasm {} B", f.0, f.2, f.1);
        row(&mut table, "largest contentful paint (article)", &|m| format!("{:.0} ms", median(m.lcp.clone())), &format!("{plain:.0} ms"), &format!("≤ 1.15 × plain = {:.0} ms", plain * 1.15));
        row(&mut table, "cumulative layout shift (article)", &|m| format!("{:.4}", median(m.cls.clone())), &format!("{:.4}", median(plain_cls.clone())), "< 0.01");
        row(&mut table, "article: first load, brotli", &|m| bytes(m.article), "", "< 150 KB; wasm < 120 KB");
        row(&mut table, "article: interactive (hydrated)", &|m| format!("{:.0} ms", median(m.hydrated.clone())), "", "");
        row(&mut table, "checklist: first load, brotli", &|m| bytes(m.checklist), "", "≤ 150 KB");
        row(&mut table, "checklist: largest contentful paint; interactive (hydrated)", &|m| format!("{:.0} ms; {:.0} ms", median(m.checklist_lcp.clone()), median(m.checklist_hydrated.clone())), "", "");
        row(&mut table, "past sessions: first load, brotli", &|m| bytes(m.history), "", "");
        row(&mut table, "past sessions: largest contentful paint; interactive (hydrated)", &|m| format!("{:.0} ms; {:.0} ms", median(m.history_lcp.clone()), median(m.history_hydrated.clone())), "", "");
        row(&mut table, "tick to paint (click → next paint, 4× CPU)", &|m| format!("{:.1} ms ({} ticks)", median(m.ticks.clone()), m.ticks.len()), &format!("{:.1} ms (no script); {:.1} ms (progress line only)", median(plain_ticks.clone()), median(least_ticks.clone())), "≤ 16 ms");
        row(
            &mut table,
            "click handling (Event Timing processing time; each frame made 24 ms late so that every tick is reported)",
            &|m| {
                let mean = mean_or_nan(&m.handling);
                format!(
                    "median {:.2} ms, mean {:.2} ms ({} reported): by the mean {:.1}× the progress-line page, {:.1}× the page with no script",
                    median_or_nan(m.handling.clone()),
                    mean,
                    m.handling.len(),
                    mean / mean_or_nan(&least_handling),
                    mean / mean_or_nan(&plain_handling)
                )
            },
            &format!(
                "median {:.2} ms, mean {:.2} ms ({} reported, no script); median {:.2} ms, mean {:.2} ms ({} reported, progress line only)",
                median_or_nan(plain_handling.clone()),
                mean_or_nan(&plain_handling),
                plain_handling.len(),
                median_or_nan(least_handling.clone()),
                mean_or_nan(&least_handling),
                least_handling.len()
            ),
            "≤ 2 × plain",
        );
        row(
            &mut table,
            "click's own task (first listener → next task; every tick)",
            &|m| format!("{:.2} ms ({} ticks)", median_or_nan(m.task.clone()), m.task.len()),
            &format!(
                "{:.2} ms (no script); {:.2} ms (progress line only)",
                median_or_nan(plain_task.clone()),
                median_or_nan(least_task.clone())
            ),
            "",
        );
        row(
            &mut table,
            "unlock (Unlock click → checklist painted: PBKDF2-SHA-256 600,000 iterations, decrypt, render; 4× CPU)",
            &|m| format!("{:.0} ms (slowest {:.0} ms)", median(m.unlocks.clone()), m.unlocks.iter().cloned().fold(0.0, f64::max)),
            "",
            "≤ 1,000 ms",
        );
        *out.lock().unwrap() = table;
    })
    .await;

    let mut table = report.lock().unwrap().clone();
    let mut builds: Vec<(&str, &StaticServer)> = vec![("this build", &server)];
    if let Some((_, server)) = &previous {
        builds.push((previous_name.as_str(), server));
    }
    table.push_str(&lighthouse_table(&builds));
    println!("\n{table}");
    let out_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/bench");
    std::fs::create_dir_all(&out_dir).unwrap();
    std::fs::write(out_dir.join("speed.md"), &table).unwrap();
    assert!(table.contains("largest contentful paint"));
}

/// A route keeps every run it asks for through Lighthouse's failures, up
/// to the bench's limit, and no more calls than it needs.
#[test]
fn lighthouse_runs_that_fail_are_run_again_up_to_the_limit() {
    // Two failures, then reports: all three runs.
    let mut answers = [Err("NO_NAVSTART"), Ok(1), Err("NO_NAVSTART"), Ok(2), Ok(3), Ok(4)].into_iter();
    let (results, failures) = until_enough(3, MAX_LIGHTHOUSE_FAILURES, || {
        answers.next().unwrap().map_err(str::to_owned)
    });
    assert_eq!(results, [1, 2, 3]);
    assert_eq!(failures.len(), 2);
    assert_eq!(answers.next(), Some(Ok(4)), "called once too often");
    // Always failing: it stops at the limit.
    let mut calls = 0;
    let (results, failures) = until_enough(3, MAX_LIGHTHOUSE_FAILURES, || {
        calls += 1;
        Err::<(), _>("no report".to_owned())
    });
    assert!(results.is_empty());
    assert_eq!(
        (failures.len(), calls),
        (MAX_LIGHTHOUSE_FAILURES, MAX_LIGHTHOUSE_FAILURES)
    );
}

/// The bench's note under the Lighthouse table names what cost a run its
/// points and which long tasks made its blocking time, and says nothing of
/// a run at 100.
#[test]
fn a_lighthouse_run_below_100_is_explained_by_its_metrics() {
    let report = |score: f64, tbt: (f64, f64)| {
        json!({
            "categories": { "performance": { "score": score } },
            "audits": {
                "first-contentful-paint": { "numericValue": 634.0, "score": 1.0 },
                "largest-contentful-paint": { "numericValue": 675.0, "score": 1.0 },
                "speed-index": { "numericValue": 634.0, "score": 1.0 },
                "total-blocking-time": { "numericValue": tbt.0, "score": tbt.1 },
                "cumulative-layout-shift": { "numericValue": 0.0, "score": 1.0 },
            }
        })
    };
    assert_eq!(below_full_marks(&report(1.0, (22.5, 1.0))), None);
    assert_eq!(
        below_full_marks(&report(0.99, (181.2, 0.94))).as_deref(),
        Some("99; TBT 181 ms (0.94)")
    );
    assert_eq!(
        below_full_marks(&report(0.99, (40.0, 1.0))).as_deref(),
        Some("99; every metric at full marks (rounding)")
    );
    // Each long task is named by what ran it.
    let mut slow = report(0.99, (108.0, 0.97));
    slow["audits"]["long-tasks"] = json!({ "details": { "items": [
        { "url": "Unattributable", "duration": 158.0 },
        { "url": "http://127.0.0.1:8400/after-the-session-25eb8a11e211691d.js", "duration": 80.4 },
        { "url": "http://127.0.0.1:8400/", "duration": 65.0 },
    ] } });
    assert_eq!(
        below_full_marks(&slow).as_deref(),
        Some("99; TBT 108 ms (0.97); long tasks: the page 158 ms, the app 80 ms, the page 65 ms")
    );
}
