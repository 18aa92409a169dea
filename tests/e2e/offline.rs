//! Offline and installable: after a first visit, every page reads and the
//! checklist ticks without a network. (Updates: `updates.rs`.)

use std::sync::Arc;

use fantoccini::Locator;

use crate::shell::routes;
use crate::support::browser::{BrowserOptions, click_on, text, visit, wait_until, with_browser};
use crate::support::dist_dir;
use crate::support::server::StaticServer;

const CONTROLLED: &str = "return !!navigator.serviceWorker && !!navigator.serviceWorker.controller";

#[tokio::test(flavor = "multi_thread")]
async fn after_a_first_visit_every_page_works_offline() {
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dist_dir().join("manifest.webmanifest")).unwrap())
            .unwrap();
    assert_eq!(manifest["start_url"], "/");
    assert!(manifest["icons"][0]["src"].as_str().unwrap().ends_with(".svg"));
    let server = Arc::new(StaticServer::start(dist_dir(), &[]));
    let s = server.clone();
    with_browser(BrowserOptions::default(), move |client| async move {
        visit(&client, &s.url("/")).await;
        wait_until(&client, CONTROLLED, "the service worker controls the page").await;
        s.set_offline(true);
        for (path, heading) in routes() {
            visit(&client, &s.url(path)).await;
            assert_eq!(text(&client, "main h1").await, heading, "{path} offline");
        }
        visit(&client, &s.url("/checklist/")).await;
        wait_until(
            &client,
            "return !document.querySelector('#step-treat-yourself').disabled",
            "ready",
        )
        .await;
        click_on(&client, Locator::Css("#step-treat-yourself")).await;
        wait_until(
            &client,
            "return (localStorage.getItem('after-the-session@/') || '').includes('\"treat-yourself\":{\"v\":true')",
            "the tick is kept offline",
        )
        .await;
        visit(&client, &s.url("/somewhere/else")).await;
        assert_eq!(
            text(&client, "main h1").await,
            "Page not found",
            "an unknown page offline"
        );
        s.set_offline(false);
    })
    .await;
}

/// Offline, a page opened by its file name (`/faq/index.html`, which every
/// host serves) is that page, and a page opened with a query is kept once,
/// under its own address.
#[tokio::test(flavor = "multi_thread")]
async fn a_page_by_its_file_name_or_with_a_query_is_the_same_page_offline() {
    let server = Arc::new(StaticServer::start(dist_dir(), &[]));
    let s = server.clone();
    with_browser(BrowserOptions::default(), move |client| async move {
        visit(&client, &s.url("/faq/?utm_source=newsletter")).await;
        wait_until(&client, CONTROLLED, "the service worker controls the page").await;
        visit(&client, &s.url("/faq/?utm_source=newsletter")).await;
        let keys = crate::support::browser::js(
            &client,
            "return caches.keys().then(async (n) => (await (await caches.open(n[0])).keys()).map((r) => r.url))",
        )
        .await;
        let keys: Vec<String> = serde_json::from_value(keys).unwrap();
        assert!(
            !keys.iter().any(|k| k.contains('?')),
            "a page is kept under its own address: {keys:?}"
        );
        s.set_offline(true);
        for page in ["/", "/faq/", "/checklist/"] {
            let path = format!("{page}index.html");
            visit(&client, &s.url(&path)).await;
            assert_eq!(text(&client, "main h1").await, crate::shell::heading(page), "{path} offline");
            wait_until(
                &client,
                "return document.documentElement.hasAttribute('data-hydrated')",
                &format!("{path} runs offline"),
            )
            .await;
        }
        s.set_offline(false);
    })
    .await;
}

/// A host that drops ".html" from addresses (Cloudflare Pages redirects
/// `/404.html` to `/404`) still gets a working offline copy.
#[tokio::test(flavor = "multi_thread")]
async fn a_host_that_drops_html_from_addresses_still_works_offline() {
    let server = Arc::new(StaticServer::start(dist_dir(), &[]).with_pretty_urls());
    let s = server.clone();
    with_browser(BrowserOptions::default(), move |client| async move {
        visit(&client, &s.url("/")).await;
        wait_until(&client, CONTROLLED, "the service worker controls the page").await;
        s.set_offline(true);
        visit(&client, &s.url("/faq/")).await;
        assert_eq!(text(&client, "main h1").await, "Frequently asked questions");
        visit(&client, &s.url("/somewhere/else")).await;
        assert_eq!(text(&client, "main h1").await, "Page not found");
        s.set_offline(false);
    })
    .await;
}
