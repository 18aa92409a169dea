//! The shell: every route loads directly, hydrates cleanly, navigates.

use fantoccini::Locator;

use crate::support::browser::{
    BrowserOptions, assert_clean_console, click_on, js, text, wait_for_url, wait_hydrated, with_browser,
};
use crate::support::server::StaticServer;
use crate::support::{debug_dist_dir, dist_dir, http_get};

pub const ROUTES: [(&str, &str); 4] = [
    (
        "/",
        "Why You Might Feel Worse After Therapy (and Why That’s Normal)",
    ),
    ("/faq/", "Frequently asked questions"),
    ("/checklist/", "After-session coping checklist"),
    ("/help/", "If you feel much worse or unsafe"),
];

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

async fn check_every_route_loads_directly(site: std::path::PathBuf) {
    let server = StaticServer::start(site, &[]);
    for (path, heading) in ROUTES {
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
    let url = server.url("/");
    with_browser(BrowserOptions::default(), move |client| async move {
        let _ = url;
        for (path, heading) in ROUTES {
            client.goto(&server.url(path)).await.expect("load the route");
            wait_hydrated(&client).await;
            assert_eq!(text(&client, "main h1").await, heading, "{path}");
            assert_eq!(
                client.title().await.unwrap(),
                format!("{heading} · After the Session")
            );
            let pair = client
                .execute_async(PRERENDERED_EQUALS_HYDRATED, vec![])
                .await
                .expect("compare");
            assert_eq!(
                pair[0], pair[1],
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
        client.goto(&server.url("/")).await.unwrap();
        wait_hydrated(&client).await;
        js(&client, "window.__samePage = true").await;
        // The reading pages' bundle has no checklist: its link loads the
        // checklist's page (and bundle); from there on every page is in the
        // app, the article too.
        for (label, path, heading, same_document) in [
            ("FAQ", "/faq/", ROUTES[1].1, true),
            ("Coping checklist", "/checklist/", ROUTES[2].1, false),
            ("Article", "/", ROUTES[0].1, true),
            ("FAQ", "/faq/", ROUTES[1].1, true),
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
        assert_eq!(text(&client, "main h1").await, ROUTES[3].1);
        assert_clean_console(&client, "navigation").await;
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
        client.goto(&server.url("/no/such/page")).await.unwrap();
        wait_hydrated(&client).await;
        assert_eq!(text(&client, "main h1").await, "Page not found");
        assert_eq!(
            client.title().await.unwrap(),
            "Page not found · After the Session"
        );
        click_on(&client, Locator::LinkText("Go to the article")).await;
        wait_for_url(&client, &server.url("/")).await;
        assert_eq!(text(&client, "main h1").await, ROUTES[0].1);
        // A failed request for the unknown page itself is expected in the log.
        let _ = crate::support::browser::console(&client).await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_site_works_below_a_sub_path() {
    const BASE: &str = "/some/path";
    let server = StaticServer::start_at(crate::support::sub_dist_dir(), "/some/path/", &[]);
    for (path, heading) in ROUTES {
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
            html.contains("src=\"/some/path/loader-"),
            "{path}: scripts carry the base"
        );
    }
    let (status, _) = http_get(server.addr, "/faq/");
    assert_eq!(status, 404, "nothing is served outside the base");
    with_browser(BrowserOptions::default(), move |client| async move {
        client.goto(&server.url("/some/path/")).await.unwrap();
        wait_hydrated(&client).await;
        click_nav(&client, "FAQ").await;
        wait_for_url(&client, &server.url("/some/path/faq/")).await;
        assert_eq!(text(&client, "main h1").await, ROUTES[1].1);
        assert_clean_console(&client, "sub-path navigation").await;

        // The checklist's page brings the full bundle from below the base.
        click_nav(&client, "Coping checklist").await;
        wait_for_url(&client, &server.url("/some/path/checklist/")).await;
        wait_hydrated(&client).await;
        crate::support::browser::wait_until(
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

        client.goto(&server.url("/some/path/no/such/page")).await.unwrap();
        wait_hydrated(&client).await;
        assert_eq!(text(&client, "main h1").await, "Page not found");
        let _ = crate::support::browser::console(&client).await;
        click_on(&client, Locator::LinkText("Go to the article")).await;
        wait_for_url(&client, &server.url("/some/path/")).await;
        crate::support::browser::wait_until(
            &client,
            "return !!document.querySelector('main h1')",
            "the article",
        )
        .await;
        assert_eq!(
            text(&client, "main h1").await,
            ROUTES[0].1,
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
    // The policy of the issue, with the inlined style sheet allowed by its hash.
    assert!(
        policy.starts_with(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'sha256-"
        ),
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
        for (path, heading) in ROUTES.iter().chain([&("/no/such/page", "Page not found")]) {
            client.goto(&server.url(path)).await.unwrap();
            if *path == "/no/such/page" {
                let _ = crate::support::browser::console(&client).await;
            }
            wait_hydrated(&client).await;
            assert_eq!(text(&client, "main h1").await, *heading);
            let foreign = js(
                &client,
                "return performance.getEntriesByType('resource').map(e => e.name).filter(n => new URL(n).origin !== location.origin)",
            )
            .await;
            assert_eq!(foreign, serde_json::json!([]), "{path}: requests to other origins");
            assert_clean_console(&client, path).await;
        }
        // Navigating in the app and loading content on demand stay within the policy.
        click_on(&client, Locator::LinkText("Go to the article")).await;
        crate::support::browser::wait_until(&client, "return !!document.querySelector('main h1') && location.pathname === '/'", "the article").await;
        assert_clean_console(&client, "content fetched under the policy").await;
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
            client.goto(&server.url(path)).await.unwrap();
            wait_hydrated(&client).await;
            let wasm = js(
                &client,
                "return performance.getEntriesByType('resource')
                    .map(e => new URL(e.name).pathname).filter(p => p.endsWith('.wasm'))",
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
        client.goto(&server.url("/")).await.unwrap();
        wait_hydrated(&client).await;
        click_nav(&client, "FAQ").await;
        wait_for_url(&client, &server.url("/faq/")).await;
        js(
            &client,
            "window.__samePage = true; history.pushState(null, '', '/checklist/');
             dispatchEvent(new PopStateEvent('popstate'))",
        )
        .await;
        crate::support::browser::wait_until(
            &client,
            "return window.__samePage !== true && !!document.querySelector('main input[type=checkbox]')",
            "the checklist page to load afresh",
        )
        .await;
        let _ = crate::support::browser::console(&client).await;
    })
    .await;
}
