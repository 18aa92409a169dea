//! A new deployment never strands a reader: it is offered with a quiet
//! "Reload" (in every open tab), its cache is filled with files revalidated past the HTTP cache,
//! and a page the network does not answer comes from the cache in seconds.
//!
//! A new version is simulated on a copy of the site: a hashed, cache-first
//! file (each bundle's script) gains a marker under its old name, as a stale
//! cache would hold the old content; the worker's version changes. The
//! marker can only show once the new version's own cache serves the file:
//! the page runs it, and the page's own request for it (through the worker
//! in charge) gets it. WebKit runs a module it imported before from memory
//! after a reload, by its URL, without asking the worker (a real deployment
//! names every changed file anew; only this simulation does not), so there
//! only the second is checked.

use std::path::Path;
use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use serde_json::json;

use crate::support::browser::{
    BrowserOptions, Engine, assert_clean_console, click_on, js, like_a_small_phone, out_of_place, press,
    text, text_at, visit, wait_until, with_browser,
};
use crate::support::server::StaticServer;
use crate::support::{TempDir, dist_dir};

const CONTROLLED: &str = "return !!navigator.serviceWorker && !!navigator.serviceWorker.controller";
const TAB: char = '\u{E004}';
const PROMPT: &str = "return !!document.querySelector('[role=status] > .update-prompt')";
/// Set by the new version's bundle scripts.
/// True once the page shows the new version: it ran the marked script
/// (not checked in WebKit, see above) and its request for that script now
/// gets the marked one.
fn marker() -> String {
    let ran = if Engine::current() == Engine::WebKit {
        "true"
    } else {
        "document.documentElement.dataset.deployed === '2'"
    };
    format!(
        "return (async () => {ran} && await fetch(performance.getEntriesByType('resource').map((e) => e.name)
            .find((n) => n.includes('/after-the-session-') && n.endsWith('.js')))
            .then((r) => r.text()).then((t) => t.startsWith({MARKER_SET:?})))()"
    )
}

/// A copy of `dist/` a test may deploy new versions into; removed on drop
/// (and on every other path) by its `TempDir`.
struct SiteCopy(TempDir);

impl SiteCopy {
    fn new(name: &str) -> SiteCopy {
        let dir = TempDir::new(&format!("site-{name}"));
        crate::support::copy_dir(&dist_dir(), dir.path());
        SiteCopy(dir)
    }

    fn path(&self) -> &Path {
        self.0.path()
    }

    /// Rewrites `file` and drops its precompressed copies, which would
    /// still hold the old text.
    fn rewrite(&self, file: &str, change: impl Fn(String) -> String) {
        let path = self.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let changed = change(text.clone());
        assert_ne!(changed, text, "{file} changed");
        std::fs::write(&path, changed).unwrap();
        for copy in [".br", ".gz"] {
            let _ = std::fs::remove_file(self.path().join(format!("{file}{copy}")));
        }
    }

    /// Deploys version 2: every bundle's script sets the marker (under its
    /// old, hashed name) and the worker changes. Returns its cache's version.
    fn deploy_new_version(&self) -> String {
        let scripts: Vec<String> = std::fs::read_dir(self.path())
            .unwrap()
            .flatten()
            .filter_map(|e| e.file_name().into_string().ok())
            .filter(|n| n.starts_with("after-the-session-") && n.ends_with(".js"))
            .collect();
        assert_eq!(scripts.len(), 2, "the site has two bundles: {scripts:?}");
        for script in &scripts {
            self.rewrite(script, |js| format!("{MARKER_SET}\n{js}"));
        }

        self.rewrite("sw.js", |sw| {
            sw.replacen("const VERSION = \"", "const VERSION = \"v2-", 1)
        });
        let sw = std::fs::read_to_string(self.path().join("sw.js")).unwrap();
        let start = sw.find("const VERSION = \"").unwrap() + "const VERSION = \"".len();
        sw[start..start + sw[start..].find('"').unwrap()].to_owned()
    }

    /// Names `version` in every page, as a real deployment's pages name
    /// their own worker's version.
    fn name_version_in_pages(&self, version: &str) {
        const META: &str = "<meta name=\"app-version\" content=\"";
        for page in [
            "index.html",
            "faq/index.html",
            "checklist/index.html",
            "history/index.html",
            "help/index.html",
            "404.html",
        ] {
            self.rewrite(page, |html| {
                let start = html.find(META).expect("every page names its version") + META.len();
                let end = start + html[start..].find('"').unwrap();
                format!("{}{version}{}", &html[..start], &html[end..])
            });
        }
    }
}

const MARKER_SET: &str = "document.documentElement.dataset.deployed = '2';";

/// The names of the caches the page's origin holds.
async fn cache_names(client: &Client) -> Vec<String> {
    let names = js(client, "return caches.keys()").await;
    serde_json::from_value(names).expect("a list of cache names")
}

/// Reloads the page as a reader does (F5, the browser's Reload button).
/// Not WebDriver's Refresh: geckodriver's is a reload that bypasses the
/// service worker (as Shift+Reload does), so Firefox loaded the page
/// uncontrolled, the old worker lost its last page and the new version took
/// over at once, with nothing left to offer (seen: no controller, the new
/// cache only, right after the Refresh).
async fn reload(client: &Client) {
    js(client, "window.__before = true; location.reload()").await;
    wait_until(
        client,
        "return window.__before !== true && document.documentElement.hasAttribute('data-hydrated')",
        "the page reloads",
    )
    .await;
}

async fn reload_from_the_prompt(client: &Client) {
    js(client, "window.__before = true").await;
    click_on(client, Locator::XPath("//button[normalize-space()='Reload']")).await;
    wait_until(
        client,
        "return window.__before !== true && document.documentElement.hasAttribute('data-hydrated')",
        "the page reloads",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_deployment_is_offered_with_a_quiet_reload() {
    let site = SiteCopy::new("update");
    let server = StaticServer::start(site.path(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        visit(&client, &server.url("/faq/")).await;
        wait_until(&client, CONTROLLED, "the service worker controls the page").await;
        assert_eq!(
            js(
                &client,
                "return document.querySelectorAll('.update-prompt').length"
            )
            .await,
            json!(0)
        );
        // Its live region is there already, empty, so that the prompt's
        // arrival is announced.
        assert_eq!(
            js(
                &client,
                "const r = document.querySelector('.update-status[role=status]'); return r && r.textContent"
            )
            .await,
            json!("")
        );
        let old_caches = cache_names(&client).await;
        assert_eq!(old_caches.len(), 1, "{old_caches:?}");

        let version = site.deploy_new_version();
        reload(&client).await;
        wait_until(&client, PROMPT, "the update prompt").await;
        assert_eq!(
            text(&client, ".update-prompt p").await,
            "A new version of this site is available."
        );
        // Until the reader chooses, the old version serves its own files.
        assert_eq!(js(&client, &marker()).await, json!(false));

        reload_from_the_prompt(&client).await;
        wait_until(&client, &marker(), "the new version's file").await;
        assert_eq!(
            js(
                &client,
                "return document.querySelectorAll('.update-prompt').length"
            )
            .await,
            json!(0)
        );
        let caches = cache_names(&client).await;
        assert_eq!(caches.len(), 1, "only the new cache remains: {caches:?}");
        assert!(caches[0].ends_with(&version), "{caches:?} {version}");
        assert!(
            caches[0].contains(" / "),
            "the cache's name carries the base path: {caches:?}"
        );
        assert_clean_console(&client, "update").await;
    })
    .await;
}

/// The prompt keeps to the screen with large text on a narrow phone (its
/// buttons go under its words); while it shows, no control the keyboard
/// reaches and not the page's end is under it (WCAG 2.4.11); "Later" puts
/// it away: the focus goes back to the page, the page has its whole window
/// again, and the old version goes on serving this page.
#[tokio::test(flavor = "multi_thread")]
async fn the_update_prompt_fits_a_phone_with_large_text_hides_no_focus_and_can_wait() {
    let site = SiteCopy::new("update-later");
    let server = StaticServer::start(site.path(), &[]);
    with_browser(BrowserOptions::sized(320, 640), move |client| async move {
        let width = like_a_small_phone(&client).await;
        visit(&client, &server.url("/checklist/")).await;
        wait_until(&client, CONTROLLED, "the service worker controls the page").await;
        site.deploy_new_version();
        reload(&client).await;
        wait_until(&client, PROMPT, "the update prompt").await;
        // As on a 320 px phone at 200% (larger where the window is wider).
        text_at(&client, 200 * width / 320).await;
        let out = out_of_place(&client).await;
        assert!(out.is_empty(), "the update prompt at {width} px, large text:\n{}", out.join("\n"));
        let fits = js(
            &client,
            "const r = document.querySelector('.update-prompt').getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight",
        )
        .await;
        assert_eq!(fits, json!(true), "the prompt is wholly on the screen");
        // While it shows, it hides no control the keyboard's focus is on,
        // nor the page's end (WCAG 2.4.11).
        let hidden = under_the_prompt(&client).await;
        assert!(hidden.is_empty(), "under the update prompt at {width} px, large text:\n{}", hidden.join("\n"));
        // A dialog covers the prompt: moving in it, the page under it stays.
        js(&client, "window.scrollTo(0, document.getElementById('delete-all').offsetTop - 100)").await;
        js(&client, "document.getElementById('delete-all').click()").await;
        wait_until(&client, "return !!document.querySelector('dialog[open]')", "the confirmation").await;
        let at = js(&client, &scrolled_to()).await;
        for _ in 0..2 {
            press(&client, TAB).await;
            assert_eq!(js(&client, &scrolled_to()).await, at, "the page under the dialog stays");
        }
        click_on(&client, Locator::XPath("//dialog//button[normalize-space()='Keep my data']")).await;

        click_on(&client, Locator::XPath("//button[normalize-space()='Later']")).await;
        wait_until(
            &client,
            "return !document.querySelector('.update-prompt') && document.activeElement.id === 'main' && !document.documentElement.style.scrollPaddingBottom",
            "the prompt put away, the focus on the page, the whole window for it",
        )
        .await;
        assert_eq!(js(&client, &marker()).await, json!(false), "the old version still serves this page");
        assert_clean_console(&client, "later").await;
    })
    .await;
}

/// Waits until the page has stopped scrolling (a scroll to the focus may be
/// smooth): five frames in a row at the same place, or 200 frames.
const SCROLL_ENDED: &str = "const frame = () => new Promise((done) => requestAnimationFrame(done));
    for (let y = -1, still = 0, i = 0; still < 5 && i < 200; i++) {
        await frame();
        still = scrollY === y ? still + 1 : 0;
        y = scrollY;
    }";

/// Once the page has stopped scrolling, where the page is.
fn scrolled_to() -> String {
    format!("return (async () => {{ {SCROLL_ENDED}; return scrollY; }})()")
}

/// Once the page has stopped scrolling, where the focus is: "prompt" when
/// in the update prompt, "seen" when wholly on the screen above it (a
/// control taller than that space: its top there, as a text box's caret,
/// or that whole space filled), else "hidden" with the element and where it is.
fn focus_seen() -> String {
    format!(
        r#"return (async () => {{
    {SCROLL_ENDED};
    const a = document.activeElement, p = document.querySelector('.update-prompt');
    if (!p) return ['gone', 'the prompt went away'];
    if (p.contains(a)) return ['prompt', ''];
    const r = a.getBoundingClientRect(), top = p.getBoundingClientRect().top;
    const seen = r.height > top
        ? (r.top >= -1 && r.top < top) || (r.top <= 1 && r.bottom >= top - 1)
        : r.top >= -1 && r.bottom <= top + 1;
    const name = a.tagName + (a.id ? '#' + a.id : '') + ' "' + (a.getAttribute('aria-label') || a.textContent || '').trim().slice(0, 40) + '"';
    return [seen ? 'seen' : 'hidden', `${{name}}: ${{Math.round(r.top)}}-${{Math.round(r.bottom)}} px, the prompt from ${{Math.round(top)}} px`];
}})()"#
    )
}

/// Tabs through the page from its top to the update prompt, which comes
/// last, and then scrolls to the page's end: names each control the focus
/// was on that the prompt hid, and the page's end if it stays under it.
async fn under_the_prompt(client: &Client) -> Vec<String> {
    js(client, "document.activeElement.blur(); window.scrollTo(0, 0)").await;
    let mut hidden = Vec::new();
    for _ in 0..150 {
        press(client, TAB).await;
        let here = js(client, &focus_seen()).await;
        match here[0].as_str() {
            Some("prompt") => {
                js(
                    client,
                    "window.scrollTo(0, document.documentElement.scrollHeight)",
                )
                .await;
                let end = js(
                    client,
                    "return new Promise((done) => setTimeout(() => done(document.querySelector('.site-footer').getBoundingClientRect().bottom <= document.querySelector('.update-prompt').getBoundingClientRect().top + 0.5), 1000))",
                )
                .await;
                if end != json!(true) {
                    hidden.push("the page's end (its footer)".to_owned());
                }
                return hidden;
            }
            Some("seen") => {}
            _ => hidden.push(here[1].as_str().unwrap_or("?").to_owned()),
        }
    }
    panic!(
        "Tab never reached the update prompt; hidden on the way:\n{}",
        hidden.join("\n")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_update_taken_in_one_tab_is_offered_in_the_others_and_keeps_their_ticks() {
    let site = SiteCopy::new("two-tabs");
    let server = StaticServer::start(site.path(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        visit(&client, &server.url("/faq/")).await;
        wait_until(&client, CONTROLLED, "the service worker controls the page").await;
        let first = client.window().await.unwrap();
        let second = client.new_window(true).await.unwrap().handle;
        client.switch_to_window(second.clone()).await.unwrap();
        visit(&client, &server.url("/checklist/")).await;
        wait_until(&client, CONTROLLED, "the second tab is controlled").await;
        wait_until(
            &client,
            "return !document.querySelector('#step-treat-yourself').disabled && !document.querySelector('#step-treat-yourself').checked",
            "the checklist is ready",
        )
        .await;

        site.deploy_new_version();
        client.switch_to_window(first.clone()).await.unwrap();
        reload(&client).await;
        wait_until(&client, PROMPT, "the update prompt").await;

        client.switch_to_window(first).await.unwrap();
        reload_from_the_prompt(&client).await;
        wait_until(&client, &marker(), "the new version in the first tab").await;

        client.switch_to_window(second).await.unwrap();
        wait_until(
            &client,
            "return (document.querySelector('.update-prompt p') || {}).textContent === 'A new version of this site was opened in another tab. Reload this page to use it.'",
            "the second tab is told",
        )
        .await;
        // It still runs the old version until it reloads (the worker in
        // charge already serves the new one, in every tab).
        assert_eq!(
            js(&client, "return document.documentElement.dataset.deployed === '2'").await,
            json!(false)
        );
        // A tick whose save is still pending when the reader reloads.
        js(&client, "window.__before = true").await;
        js(
            &client,
            "document.querySelector('#step-treat-yourself').click(); document.querySelector('.update-prompt button').click();",
        )
        .await;
        wait_until(
            &client,
            "return window.__before !== true && document.documentElement.hasAttribute('data-hydrated')",
            "the second tab reloads",
        )
        .await;
        wait_until(&client, &marker(), "the new version in the second tab").await;
        wait_until(
            &client,
            "return document.querySelector('#step-treat-yourself').checked",
            "the tick made just before the reload is kept",
        )
        .await;
        assert_clean_console(&client, "two tabs").await;
    })
    .await;
}

/// A page loaded from the network after a deployment is already the new
/// version: it is offered no reload, neither while the new worker waits
/// nor when another tab takes it up; a page open from before is offered it.
#[tokio::test(flavor = "multi_thread")]
async fn a_page_already_of_the_new_version_is_offered_no_reload() {
    let site = SiteCopy::new("already-new");
    let server = StaticServer::start(site.path(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        visit(&client, &server.url("/faq/")).await;
        wait_until(&client, CONTROLLED, "the service worker controls the page").await;
        let old = client.window().await.unwrap();

        let version = site.deploy_new_version();
        site.name_version_in_pages(&version);
        let new = client.new_window(true).await.unwrap().handle;
        client.switch_to_window(new.clone()).await.unwrap();
        visit(&client, &server.url("/checklist/")).await;
        wait_until(&client, CONTROLLED, "the new page is controlled (by the old worker)").await;
        wait_waiting(&client).await;
        // The waiting worker answers this page's question before ours
        // (or the page has yet to ask it: then wait a little longer).
        let answer = js(
            &client,
            "return navigator.serviceWorker.getRegistration().then((r) => new Promise((done) => {
                navigator.serviceWorker.addEventListener('message', (e) => e.data.type === 'version' && done(e.data.version));
                r.waiting.postMessage('version?');
            }))",
        )
        .await;
        assert_eq!(answer, json!(version));
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(js(&client, PROMPT).await, json!(false), "the new page is offered itself");

        client.switch_to_window(old.clone()).await.unwrap();
        wait_until(&client, PROMPT, "the page open from before is offered the new version").await;
        reload_from_the_prompt(&client).await;

        client.switch_to_window(new).await.unwrap();
        wait_until(
            &client,
            "return navigator.serviceWorker.getRegistration().then((r) => !r.waiting && !!r.active && r.active.state === 'activated')",
            "the new version is in charge",
        )
        .await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(
            js(&client, "return document.querySelectorAll('.update-prompt').length").await,
            json!(0),
            "told that another tab took up its own version, the new page offers nothing"
        );
        assert_clean_console(&client, "already new").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_version_never_takes_a_stale_page_from_the_http_cache() {
    let site = SiteCopy::new("stale");
    // A host that lets browsers keep everything for a day.
    let server = StaticServer::start(site.path(), &[("Cache-Control", "max-age=86400")]);
    with_browser(BrowserOptions::default(), move |client| async move {
        // The first visit stays open while the new version is deployed.
        visit(&client, &server.url("/faq/")).await;
        wait_until(&client, CONTROLLED, "the service worker controls the page").await;

        site.deploy_new_version();
        site.rewrite("faq/index.html", |html| {
            html.replacen("<body>", "<body data-page-version=2>", 1)
        });
        js(&client, "return navigator.serviceWorker.getRegistration().then(r => r.update())").await;
        wait_until(&client, PROMPT, "the update prompt").await;
        // The new version's cache holds the new page and the new file,
        // although the HTTP cache still has the old ones.
        let kept = js(
            &client,
            "return caches.keys().then(async (names) => {
                const cache = await caches.open(names.find((n) => n.includes('v2-')));
                const page = await (await cache.match(location.origin + '/faq/')).text();
                const script = performance.getEntriesByType('resource').map((e) => e.name)
                    .find((n) => n.includes('/after-the-session-') && n.endsWith('.js'));
                return [page.includes('data-page-version=2'), (await (await cache.match(script)).text()).includes('deployed')];
            })",
        )
        .await;
        assert_eq!(kept, json!([true, true]), "the install bypasses the HTTP cache");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_page_the_network_does_not_answer_comes_from_the_cache_within_seconds() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        visit(&client, &server.url("/")).await;
        wait_until(&client, CONTROLLED, "the service worker controls the page").await;
        // The server takes every request and answers none for a minute.
        server.set_throttle(60_000, 0);
        let start = Instant::now();
        visit(&client, &server.url("/faq/")).await;
        let took = start.elapsed();
        assert_eq!(text(&client, "main h1").await, "Frequently asked questions");
        assert!(
            took < Duration::from_secs(8),
            "the kept page shows after about 3 s, not when the network gives up: {took:?}"
        );
        server.set_throttle(0, 0);
    })
    .await;
}

/// Waits until the worker's registration has a new version waiting.
async fn wait_waiting(client: &Client) {
    wait_until(
        client,
        "return navigator.serviceWorker.getRegistration().then((r) => !!r && !!r.waiting)",
        "the new version waits",
    )
    .await;
}

/// nginx and Caddy send a deployment's policy header only once reloaded.
/// A visit in between installs the new version with pages whose header
/// still names the old version's inline code: its offline copy must run
/// all the same (each kept page keeps its own `<meta>` policy).
#[tokio::test(flavor = "multi_thread")]
async fn a_deployment_visited_before_the_host_reloads_its_policy_still_works_offline() {
    let site = SiteCopy::new("policy-gap");
    let server = StaticServer::start(site.path(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        visit(&client, &server.url("/faq/")).await;
        wait_until(&client, CONTROLLED, "the service worker controls the page").await;
        let headers = std::fs::read_to_string(site.path().join("_headers")).unwrap();
        site.deploy_new_version();
        // The host still sends a policy that names other inline code.
        let stale = headers.replace("'sha256-", "'sha256-0");
        std::fs::write(site.path().join("_headers"), &stale).unwrap();
        js(
            &client,
            "return navigator.serviceWorker.getRegistration().then((r) => r.update())",
        )
        .await;
        wait_waiting(&client).await;
        // Reloaded: the host sends the new policy; the reader takes the update.
        std::fs::write(site.path().join("_headers"), &headers).unwrap();
        reload(&client).await;
        wait_until(&client, PROMPT, "the update prompt").await;
        reload_from_the_prompt(&client).await;
        wait_until(&client, &marker(), "the new version's file").await;
        server.set_offline(true);
        for path in ["/", "/checklist/"] {
            visit(&client, &server.url(path)).await;
            wait_until(
                &client,
                "return document.documentElement.hasAttribute('data-hydrated')",
                &format!("{path} runs offline"),
            )
            .await;
        }
        server.set_offline(false);
    })
    .await;
}

/// A deployment that mends only the worker, whose install then fails (the
/// phone loses its signal), leaves the offline copy in use as it was.
#[tokio::test(flavor = "multi_thread")]
async fn a_failed_install_of_a_mended_worker_keeps_the_offline_copy() {
    let site = SiteCopy::new("worker-only");
    let server = StaticServer::start(site.path(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        visit(&client, &server.url("/")).await;
        wait_until(&client, CONTROLLED, "the service worker controls the page").await;
        let before = cache_names(&client).await;
        // The worker's text changes (its version does not), and one file
        // cannot be fetched during its install.
        site.rewrite("sw.js", |sw| format!("{sw}\n// mended\n"));
        server.make_missing("/content.json");
        js(
            &client,
            "return navigator.serviceWorker.getRegistration().then((r) => r.update().catch(() => true))",
        )
        .await;
        wait_until(
            &client,
            "return navigator.serviceWorker.getRegistration().then((r) => !r.installing && !r.waiting)",
            "the install fails",
        )
        .await;
        assert_eq!(cache_names(&client).await, before, "the cache in use stays");
        server.restore_all();
        server.set_offline(true);
        visit(&client, &server.url("/checklist/")).await;
        assert_eq!(
            text(&client, "main h1").await,
            crate::shell::heading("/checklist/")
        );
        server.set_offline(false);
    })
    .await;
}

/// A page that is not the app's, elsewhere on the same site, is the
/// network's to answer however slowly: never the app's "Page not found"
/// because it took more than the worker's few seconds.
#[tokio::test(flavor = "multi_thread")]
async fn a_slow_page_that_is_not_the_apps_is_waited_for() {
    let site = SiteCopy::new("other-page");
    std::fs::create_dir_all(site.path().join("other")).unwrap();
    std::fs::write(
        site.path().join("other/index.html"),
        "<!doctype html><html lang=en><title>Other</title><main><h1>Another part of the site</h1></main>",
    )
    .unwrap();
    let server = StaticServer::start(site.path(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        visit(&client, &server.url("/")).await;
        wait_until(&client, CONTROLLED, "the service worker controls the page").await;
        server.set_throttle(4_500, 0);
        client.goto(&server.url("/other/")).await.unwrap();
        server.set_throttle(0, 0);
        assert_eq!(text(&client, "main h1").await, "Another part of the site");
    })
    .await;
}
