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
