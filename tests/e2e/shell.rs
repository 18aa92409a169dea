//! The shell: every route loads directly, hydrates cleanly, navigates.

use after_the_session::domain::routes::Page;
use fantoccini::{Client, Locator};

use crate::support::browser::{
    BrowserOptions, Engine, assert_clean_console, assert_clean_console_but_404s, cdp, click_on, console, js,
    skip_in, text, visit, wait_for_url, wait_hydrated, wait_until, with_browser,
};
use crate::support::server::StaticServer;
use crate::support::{debug_dist_dir, dist_dir, http_get};

/// The heading each page must show, written out here rather than read from
/// the route table the app renders from.
const HEADINGS: [(&str, &str); 5] = [
    (
        "/",
        "Why You Might Feel Worse After Therapy (and Why That’s Normal)",
    ),
    ("/faq/", "Frequently asked questions"),
    ("/checklist/", "After-session coping checklist"),
    ("/history/", "Past sessions"),
    ("/help/", "If you feel much worse or unsafe"),
];

/// The heading the page at `path` must show.
pub fn heading(path: &str) -> &'static str {
    HEADINGS
        .iter()
        .find(|(p, _)| *p == path)
        .unwrap_or_else(|| panic!("{path}: add the heading it must show to HEADINGS in tests/e2e/shell.rs"))
        .1
}

/// Every page that has its own address, with the heading it must show. The
/// paths come from the app's route table (`Page::ROUTED`), so a page added
/// there gets every per-route check here (and fails until its heading is
/// written into `HEADINGS`).
pub fn routes() -> Vec<(&'static str, &'static str)> {
    Page::ROUTED
        .iter()
        .map(|page| {
            let path = page.path().expect("a routed page has a path");
            (path, heading(path))
        })
        .collect()
}

#[test]
fn the_route_list_has_every_routed_page() {
    let paths: Vec<_> = routes().into_iter().map(|(p, _)| p).collect();
    assert_eq!(paths, ["/", "/faq/", "/checklist/", "/history/", "/help/"]);
}

/// The text of `<main>` in the served HTML must equal the text after the
/// app hydrated it: a silent hydration mismatch shows up here.
const PRERENDERED_EQUALS_HYDRATED: &str = r#"
    const done = arguments[0];
    fetch(location.href).then(r => r.text()).then(html => {
        const served = new DOMParser().parseFromString(html, 'text/html');
        const norm = s => s.replace(/\s+/g, ' ').trim();
        done([norm(served.querySelector('main').textContent), norm(document.querySelector('main').textContent)]);
    });
"#;

/// What a page adds once it has read storage (an empty one here): the
/// prerender cannot know whether there are past sessions, so it says nothing.
fn shown_after_reading_storage(path: &str) -> &'static str {
    match path {
        "/history/" => "No past sessions yet. When you start a new session, the current one appears here.",
        _ => "",
    }
}

/// `text` without the counts of past sessions, which a page shows only
/// once it has read storage (here they are 0).
fn without_counts(text: &str) -> String {
    text.replace("Sessions (0)", "Sessions")
        .replace("your past sessions (0)", "your past sessions")
}

async fn check_every_route_loads_directly(site: std::path::PathBuf) {
    let server = StaticServer::start(site, &[]);
    // Before the app has read storage, no page says how many sessions there
    // are, nor that it has steps to read when it has none.
    let (_, history) = http_get(server.addr, "/history/");
    assert!(
        !history.contains("(0)") && !history.contains("Ticking steps"),
        "{history}"
    );
    let (_, checklist) = http_get(server.addr, "/checklist/");
    assert!(!checklist.contains("past sessions (0)"), "{checklist}");
    for (path, heading) in routes() {
        let (status, html) = http_get(server.addr, path);
        assert_eq!(status, 200, "{path}");
        assert!(
            html.contains(&format!("<h1>{heading}</h1>")),
            "{path}: the heading is not in the served HTML"
        );
        assert!(
            html.contains(&format!("<title>{heading} · After the Session</title>")),
            "{path}: title"
        );
    }
    with_browser(BrowserOptions::default(), move |client| async move {
        for (path, heading) in routes() {
            visit(&client, &server.url(path)).await;
            assert_eq!(text(&client, "main h1").await, heading, "{path}");
            assert_eq!(
                client.title().await.unwrap(),
                format!("{heading} · After the Session")
            );
            let pair = client
                .execute_async(PRERENDERED_EQUALS_HYDRATED, vec![])
                .await
                .expect("compare");
            let (served, hydrated) = (
                pair[0].as_str().unwrap_or_default(),
                pair[1].as_str().unwrap_or_default(),
            );
            assert_eq!(
                format!("{served}{}", shown_after_reading_storage(path)),
                without_counts(hydrated),
                "{path}: hydrated text differs from the prerendered text"
            );
            assert_clean_console(&client, path).await;
        }
    })
    .await;
}

/// Follows the main navigation's link labelled `label`.
async fn click_nav(client: &fantoccini::Client, label: &str) {
    let xpath = format!("//nav[@aria-label='Main']//a[normalize-space()='{label}']");
    click_on(client, Locator::XPath(&xpath)).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_route_loads_directly_and_hydrates_cleanly() {
    check_every_route_loads_directly(dist_dir()).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_route_hydrates_cleanly_in_a_debug_build() {
    // Only debug builds report hydration mismatches in the console.
    check_every_route_loads_directly(debug_dist_dir()).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_navigation_moves_between_pages_without_reloading() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        visit(&client, &server.url("/")).await;
        js(&client, "window.__samePage = true").await;
        // The reading pages' bundle has no checklist: its link loads the
        // checklist's page (and bundle); from there on every page is in the
        // app, the article too.
        for (label, path, heading, same_document) in [
            ("FAQ", "/faq/", heading("/faq/"), true),
            ("Coping checklist", "/checklist/", heading("/checklist/"), false),
            ("Article", "/", heading("/"), true),
            ("FAQ", "/faq/", heading("/faq/"), true),
        ] {
            click_nav(&client, label).await;
            wait_for_url(&client, &server.url(path)).await;
            if !same_document {
                wait_hydrated(&client).await;
            }
            assert_eq!(text(&client, "main h1").await, heading);
            assert_eq!(
                client.title().await.unwrap(),
                format!("{heading} · After the Session")
            );
            let current = text(&client, "nav a[aria-current='page']").await;
            assert_eq!(current, label, "the current page is marked in the navigation");
            assert_eq!(
                js(&client, "return window.__samePage === true").await,
                same_document,
                "{label}: the page reloaded, or did not load the other bundle"
            );
            if same_document {
                let focused = js(&client, "return document.activeElement.id").await;
                assert_eq!(focused, "main", "{label}: focus moves to the new page's content");
            } else {
                js(&client, "window.__samePage = true").await;
            }
        }
        // The footer link to help, by keyboard: focus it and press Enter.
        let help = client
            .find(Locator::Css("footer a[href='/help/']"))
            .await
            .unwrap();
        help.send_keys("\u{E007}").await.unwrap();
        wait_for_url(&client, &server.url("/help/")).await;
        assert_eq!(text(&client, "main h1").await, heading("/help/"));
        assert_clean_console(&client, "navigation").await;
    })
    .await;
}

/// A page as the reader sees it: each element of `main` in order, with its
/// id, class, link, its own text (whitespace collapsed) and whether it is
/// shown at all; but for the article's "Back", shown only to a reader who
/// came from another page of the site.
const PAGE_AS_SEEN: &str = "return [...document.querySelectorAll('main *')].map(e => [e.tagName, e.id, \
    typeof e.className === 'string' ? e.className : '', e.getAttribute('href') || '', \
    [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.data).join('').replace(/\\s+/g, ' ').trim(), \
    e.matches('.article-tools button') && e.textContent.includes('Back') ? 'by arrival' \
      : getComputedStyle(e).display === 'none' ? 'hidden' : 'shown'].join('|'))";

/// The page as seen once it has settled: the same in two looks 200 ms
/// apart (a first load still fills in what it read from storage after
/// hydrating).
async fn settled_page(client: &Client) -> serde_json::Value {
    let mut seen = js(client, PAGE_AS_SEEN).await;
    for _ in 0..25 {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let now = js(client, PAGE_AS_SEEN).await;
        if now == seen {
            break;
        }
        seen = now;
    }
    seen
}

/// Compares the page now shown at `path` (drawn in the browser after a
/// move) with `prerendered`, the same page as a first load showed it; waits
/// a few seconds for it to settle first.
async fn assert_drawn_as_prerendered(
    client: &Client,
    path: &str,
    prerendered: &serde_json::Value,
    from: &str,
) {
    let mut drawn = serde_json::Value::Null;
    for _ in 0..50 {
        drawn = js(client, PAGE_AS_SEEN).await;
        if drawn == *prerendered {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let (Some(drawn), Some(first)) = (drawn.as_array(), prerendered.as_array()) else {
        panic!("{path}: no elements to compare");
    };
    let differ: Vec<String> = drawn
        .iter()
        .zip(first)
        .filter(|(d, p)| d != p)
        .take(5)
        .map(|(d, p)| format!("first load: {p}\n  drawn:      {d}"))
        .collect();
    panic!(
        "{path} drawn after a move from {from} is not the page a first load shows ({} elements against {}):\n{}",
        drawn.len(),
        first.len(),
        differ.join("\n")
    );
}

// A page a reader first gets is the build step's, hydrated in place; after
// a move from another page the browser draws it. Both must be the same page,
// in either bundle: a field that one side renders differently, or an empty
// text that the build step writes as a space (which `:empty` then does not
// hide), shows here.
#[tokio::test(flavor = "multi_thread")]
async fn every_page_drawn_after_a_move_is_the_prerendered_one() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        // Each page, and a page of the same bundle to move to it from (the
        // reading pages also from the checklist, whose bundle has them all).
        for (path, froms) in [
            ("/", &["/faq/", "/checklist/"][..]),
            ("/faq/", &["/", "/history/"][..]),
            ("/help/", &["/faq/", "/checklist/"][..]),
            ("/checklist/", &["/history/"][..]),
            ("/history/", &["/checklist/"][..]),
        ] {
            visit(&client, &server.url(path)).await;
            let prerendered = settled_page(&client).await;
            assert!(
                prerendered.as_array().is_some_and(|e| e.len() > 10),
                "{path}: {prerendered}"
            );
            for from in froms {
                visit(&client, &server.url(from)).await;
                let link = format!("nav[aria-label='Main'] a[href='{path}'], header a[href='{path}']");
                click_on(&client, Locator::Css(&link)).await;
                wait_for_url(&client, &server.url(path)).await;
                assert_drawn_as_prerendered(&client, path, &prerendered, from).await;
            }
        }
        assert_clean_console(&client, "pages after moves").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_path_shows_the_not_found_page_with_a_link_home() {
    let server = StaticServer::start(dist_dir(), &[]);
    let (status, html) = http_get(server.addr, "/no/such/page");
    assert_eq!(status, 404);
    assert!(
        html.contains("<h1>Page not found</h1>"),
        "the not-found text is in the served HTML"
    );
    with_browser(BrowserOptions::default(), move |client| async move {
        let missing = server.url("/no/such/page");
        visit(&client, &missing).await;
        assert_eq!(text(&client, "main h1").await, "Page not found");
        assert_eq!(
            client.title().await.unwrap(),
            "Page not found · After the Session"
        );
        click_on(&client, Locator::LinkText("Go to the article")).await;
        wait_for_url(&client, &server.url("/")).await;
        // The not-found page carries no content: the article arrives with it.
        wait_until(
            &client,
            "return !!document.querySelector('main h1')",
            "the article",
        )
        .await;
        assert_eq!(text(&client, "main h1").await, heading("/"));
        // The browser's report of the unknown page's own 404 is expected.
        assert_clean_console_but_404s(&client, "not found", &[&missing]).await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_site_works_below_a_sub_path() {
    const BASE: &str = "/some/path";
    let server = StaticServer::start_at(crate::support::sub_dist_dir(), "/some/path/", &[]);
    for (path, heading) in routes() {
        let (status, html) = http_get(server.addr, &format!("{BASE}{path}"));
        assert_eq!(status, 200, "{path}");
        assert!(html.contains(&format!("<h1>{heading}</h1>")), "{path}");
        assert!(
            html.contains("href=\"/some/path/faq/\""),
            "{path}: links carry the base"
        );
        assert!(
            !html.contains("href=\"/faq/\""),
            "{path}: no link escapes the base"
        );
        assert!(
            html.contains("import(\"/some/path/after-the-session-"),
            "{path}: scripts carry the base"
        );
    }
    let (status, _) = http_get(server.addr, "/faq/");
    assert_eq!(status, 404, "nothing is served outside the base");
    with_browser(BrowserOptions::default(), move |client| async move {
        visit(&client, &server.url("/some/path/")).await;
        click_nav(&client, "FAQ").await;
        wait_for_url(&client, &server.url("/some/path/faq/")).await;
        assert_eq!(text(&client, "main h1").await, heading("/faq/"));
        assert_clean_console(&client, "sub-path navigation").await;

        // The checklist's page brings the full bundle from below the base.
        click_nav(&client, "Coping checklist").await;
        wait_for_url(&client, &server.url("/some/path/checklist/")).await;
        wait_hydrated(&client).await;
        wait_until(
            &client,
            "const box = document.querySelector('main input[type=checkbox]'); return !!box && !box.disabled",
            "the checklist to be ready",
        )
        .await;
        click_on(&client, Locator::Css("main input[type=checkbox]")).await;
        assert_eq!(
            js(
                &client,
                "return document.querySelector('main input[type=checkbox]').checked"
            )
            .await,
            true
        );
        assert_clean_console(&client, "sub-path checklist").await;

        let missing = server.url("/some/path/no/such/page");
        visit(&client, &missing).await;
        assert_eq!(text(&client, "main h1").await, "Page not found");
        assert_clean_console_but_404s(&client, "sub-path not found", &[&missing]).await;
        click_on(&client, Locator::LinkText("Go to the article")).await;
        wait_for_url(&client, &server.url("/some/path/")).await;
        wait_until(
            &client,
            "return !!document.querySelector('main h1')",
            "the article",
        )
        .await;
        assert_eq!(
            text(&client, "main h1").await,
            heading("/"),
            "content.json loads from below the base"
        );
        assert_clean_console(&client, "sub-path content").await;
    })
    .await;
}

/// The policy the headers files ship, read from the built `_headers`.
fn shipped_policy(site: &std::path::Path) -> String {
    let headers = std::fs::read_to_string(site.join("_headers")).expect("dist/_headers");
    headers
        .lines()
        .find_map(|l| l.trim().strip_prefix("Content-Security-Policy: "))
        .expect("a Content-Security-Policy line")
        .to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_site_runs_under_the_strict_policy_and_asks_no_other_origin() {
    let site = dist_dir();
    let policy = shipped_policy(&site);
    // The policy of the issue, with the two bundles' inline loaders and the
    // inlined style sheet allowed by their hashes, and no other inline code.
    let scripts: Vec<&str> = policy
        .split("; ")
        .find_map(|d| d.strip_prefix("script-src "))
        .expect("script-src")
        .split(' ')
        .collect();
    assert_eq!(scripts.len(), 4, "{policy}");
    assert_eq!(
        [scripts[0], scripts[3]],
        ["'self'", "'wasm-unsafe-eval'"],
        "{policy}"
    );
    assert!(
        scripts[1..3]
            .iter()
            .all(|h| h.starts_with("'sha256-") && h.len() == 53),
        "{policy}"
    );
    assert!(
        policy.starts_with("default-src 'self'; script-src 'self' 'sha256-"),
        "{policy}"
    );
    assert!(
        policy.contains("'wasm-unsafe-eval'; style-src 'self' 'sha256-"),
        "{policy}"
    );
    assert!(
        policy.ends_with("'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'"),
        "{policy}"
    );
    assert!(
        !policy.contains("unsafe-inline") && !policy.contains(" 'unsafe-eval'"),
        "{policy}"
    );
    let server = StaticServer::start(site, &[("Content-Security-Policy", policy.as_str())]);
    let (_, html) = http_get(server.addr, "/");
    assert!(
        html.contains("http-equiv=\"Content-Security-Policy\""),
        "the meta copy for hosts without headers"
    );
    with_browser(BrowserOptions::default(), move |client| async move {
        for (path, heading) in routes().into_iter().chain([("/no/such/page", "Page not found")]) {
            let url = server.url(path);
            visit(&client, &url).await;
            assert_eq!(text(&client, "main h1").await, heading);
            let foreign = js(
                &client,
                "return performance.getEntriesByType('resource').map(e => e.name).filter(n => new URL(n).origin !== location.origin)",
            )
            .await;
            assert_eq!(foreign, serde_json::json!([]), "{path}: requests to other origins");
            let not_found: &[&str] = if path == "/no/such/page" { &[&url] } else { &[] };
            assert_clean_console_but_404s(&client, path, not_found).await;
        }
        // Navigating in the app and loading content on demand stay within the policy.
        click_on(&client, Locator::LinkText("Go to the article")).await;
        wait_until(&client, "return !!document.querySelector('main h1') && location.pathname === '/'", "the article").await;
        assert_clean_console(&client, "content fetched under the policy").await;
    })
    .await;
}

/// The text is painted before the app's code is asked for: no preload in
/// the page, and the wasm's request starts after the first contentful paint
/// (Lighthouse's simulation counts every earlier request into the largest
/// paint; see `build::loader`).
#[tokio::test(flavor = "multi_thread")]
async fn every_page_paints_its_text_before_it_asks_for_the_app() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        for path in ["/", "/faq/", "/checklist/", "/history/", "/help/"] {
            let (status, html) = http_get(server.addr, path);
            assert_eq!(status, 200, "{path}");
            assert!(!html.contains("preload"), "{path} preloads: {html}");
            visit(&client, &server.url(path)).await;
            let times = js(
                &client,
                "const fcp = performance.getEntriesByName('first-contentful-paint')[0];
                 const wasm = performance.getEntriesByType('resource').find(e => e.name.endsWith('.wasm'));
                 return [fcp ? fcp.startTime : null, wasm ? wasm.startTime : null]",
            )
            .await;
            let wasm = times[1]
                .as_f64()
                .unwrap_or_else(|| panic!("{path}: no wasm request seen: {times}"));
            match times[0].as_f64() {
                Some(fcp) => assert!(
                    wasm >= fcp,
                    "{path}: the wasm was asked for at {wasm} ms, before the first paint at {fcp} ms"
                ),
                // Chromium and Firefox report paint timing; WebKitGTK's
                // driver build may not.
                None => assert_eq!(
                    Engine::current(),
                    Engine::WebKit,
                    "{path}: no first-contentful-paint entry"
                ),
            }
        }
    })
    .await;
}

/// When the page's wasm request started (ms after navigation start).
const WASM_REQUESTED: &str = "const w = performance.getEntriesByType('resource').find(e => e.name.endsWith('.wasm')); return w ? w.startTime : null";

/// The loader's two other ways to start the app: a browser that never
/// reports a paint starts it all the same (2 s on), and a tab that is hidden
/// as the page loads (opened in the background: it paints nothing) starts
/// it at once. Both are set up through DevTools before the page's scripts.
#[tokio::test(flavor = "multi_thread")]
async fn the_app_starts_without_a_reported_paint_and_at_once_in_a_hidden_tab() {
    if skip_in(
        &[Engine::Firefox, Engine::WebKit],
        "changing the page before its scripts run needs DevTools",
    ) {
        return;
    }
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        let new_document = |source: &str| serde_json::json!({ "source": source });
        // No first-contentful-paint is ever reported.
        cdp(
            &client,
            "Page.addScriptToEvaluateOnNewDocument",
            new_document(
                "const byName = Performance.prototype.getEntriesByName;
                 Performance.prototype.getEntriesByName = function (name, type) {
                   return name === 'first-contentful-paint' ? [] : byName.call(this, name, type);
                 };",
            ),
        )
        .await;
        visit(&client, &server.url("/checklist/")).await;
        let waited = js(&client, WASM_REQUESTED).await.as_f64().expect("the wasm was requested");
        assert!(waited >= 2000.0, "without a reported paint the app waits 2 s, not {waited} ms");
        assert_clean_console(&client, "no paint reported").await;

        // And the tab is hidden as well: no waiting at all.
        cdp(
            &client,
            "Page.addScriptToEvaluateOnNewDocument",
            new_document(
                "Object.defineProperty(Document.prototype, 'visibilityState', { get: () => 'hidden', configurable: true });",
            ),
        )
        .await;
        visit(&client, &server.url("/faq/")).await;
        let waited = js(&client, WASM_REQUESTED).await.as_f64().expect("the wasm was requested");
        assert!(waited < 1800.0, "a hidden tab starts the app at once, not after {waited} ms");
        assert_clean_console(&client, "hidden tab").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn reading_pages_do_not_download_the_checklists_code() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        for (path, full) in [
            ("/", false),
            ("/faq/", false),
            ("/help/", false),
            ("/no/such/page", false),
            ("/checklist/", true),
            ("/history/", true),
        ] {
            visit(&client, &server.url(path)).await;
            let wasm = js(
                &client,
                // (WebKit lists a preloaded file a second time when it is used.)
                "return [...new Set(performance.getEntriesByType('resource')
                    .map(e => new URL(e.name).pathname).filter(p => p.endsWith('.wasm')))]",
            )
            .await;
            let wasm: Vec<&str> = wasm
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|v| v.as_str())
                .collect();
            assert_eq!(wasm.len(), 1, "{path}: one bundle, not {wasm:?}");
            assert_eq!(
                wasm[0].starts_with("/after-the-session-full-"),
                full,
                "{path} loaded {}",
                wasm[0]
            );
        }
        // Should the reading bundle ever be asked for the checklist inside
        // the app (an odd history entry), it loads that page afresh.
        visit(&client, &server.url("/")).await;
        click_nav(&client, "FAQ").await;
        wait_for_url(&client, &server.url("/faq/")).await;
        js(
            &client,
            "window.__samePage = true; history.pushState(null, '', '/checklist/');
             dispatchEvent(new PopStateEvent('popstate'))",
        )
        .await;
        wait_until(
            &client,
            "return window.__samePage !== true && !!document.querySelector('main input[type=checkbox]')",
            "the checklist page to load afresh",
        )
        .await;
        let unknown = server.url("/no/such/page");
        assert_clean_console_but_404s(&client, "bundles", &[&unknown]).await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_console_check_catches_what_the_page_reports() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        visit(&client, &server.url("/faq/")).await;
        assert_eq!(
            console(&client).await,
            Vec::<String>::new(),
            "a clean page reads as clean"
        );
        // A console error; a rejected promise nobody handles, an uncaught
        // error and a failed load from scripts of the page (what a script
        // the driver runs rejects or throws may not reach the page).
        js(
            &client,
            "console.error('deliberate error');
             for (const src of ['/__e2e/throw.js', '/__e2e/no-such-script.js']) {
                 document.head.append(Object.assign(document.createElement('script'), { src }));
             }",
        )
        .await;
        wait_until(
            &client,
            "return (sessionStorage.getItem('__e2e_console') || '').includes('no-such-script')",
            "the failed load is recorded",
        )
        .await;
        // What a page reports just before a full page load is not lost.
        visit(&client, &server.url("/help/")).await;
        let lines = console(&client).await;
        for expected in [
            "console.error on /faq/: deliberate error",
            "unhandled rejection on /faq/: Error: deliberate rejection",
            "uncaught on /faq/: Error: deliberate uncaught error",
            "failed to load on /faq/: script http",
        ] {
            assert!(
                lines.iter().any(|l| l.contains(expected)),
                "{expected} not caught in {lines:?}"
            );
        }
        // And the check the other tests use fails on it.
        js(&client, "console.error('another deliberate error')").await;
        let checked = client.clone();
        let outcome = tokio::spawn(async move { assert_clean_console(&checked, "deliberate").await }).await;
        assert!(
            outcome.is_err_and(|e| e.is_panic()),
            "assert_clean_console let a console.error pass"
        );
    })
    .await;
}

/// Every host serves a page's own file too (`/faq/index.html`): that page
/// hydrates as itself, not as "page not found" over its markup.
#[tokio::test(flavor = "multi_thread")]
async fn a_page_opened_by_its_file_name_hydrates_as_itself() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        for path in ["/", "/faq/", "/checklist/"] {
            let file = format!("{path}index.html");
            visit(&client, &server.url(&file)).await;
            assert_eq!(text(&client, "main h1").await, heading(path), "{file}");
            let pair = client
                .execute_async(PRERENDERED_EQUALS_HYDRATED, vec![])
                .await
                .expect("compare");
            assert_eq!(
                pair[0].as_str().unwrap_or_default(),
                without_counts(pair[1].as_str().unwrap_or_default()),
                "{file}: hydrated text differs from the prerendered text"
            );
            assert_clean_console(&client, &file).await;
        }
        // The checklist works there.
        crate::checklist::click(&client, "#step-treat-yourself").await;
        crate::checklist::wait_stored(
            &client,
            &format!("{}.includes('treat-yourself')", crate::checklist::CURRENT_TICKS),
            "the tick is saved",
        )
        .await;
    })
    .await;
}
