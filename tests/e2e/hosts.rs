//! The site on the real servers the README names (nginx, Apache, Caddy),
//! each with the project's own configuration from `deploy/` and the files
//! the build writes beside the site: every kind of file arrives with its
//! type, every header `_headers` promises, its caching rule and compressed;
//! an unknown path gets the app's not-found page; and the browser reads,
//! navigates and ticks a step through each server under its headers. Both
//! the domain-root build (`dist/`) and the sub-path build
//! (`target/dist-sub`, `/some/path/`) are served; one browser a server.

use std::path::Path;

use fantoccini::Locator;

use crate::support::browser::{
    BrowserOptions, assert_clean_console, click_on, text, visit, wait_until, with_browser,
};
use crate::support::hosts::{Host, RealServer, get, promised_headers, site_with_collector};
use crate::support::{dist_dir, sub_dist_dir};

/// The first file of the site whose name satisfies `pick`.
fn file_named(site: &Path, pick: impl Fn(&str) -> bool) -> String {
    let mut names: Vec<String> = std::fs::read_dir(site)
        .expect("the built site")
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| pick(n))
        .collect();
    names.sort();
    names
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no such file in {}", site.display()))
}

/// Every kind of file the site has: (URL path below the base, the file it
/// serves, the types it may arrive as).
fn file_kinds(site: &Path) -> Vec<(String, String, &'static [&'static str])> {
    const HTML: &[&str] = &["text/html"];
    const JS: &[&str] = &["text/javascript", "application/javascript"];
    let bundle_js = file_named(site, |n| {
        n.starts_with("after-the-session-") && !n.starts_with("after-the-session-full") && n.ends_with(".js")
    });
    let wasm = file_named(site, |n| n.ends_with("_bg.wasm"));
    let icon = file_named(site, |n| n.starts_with("icon-") && n.ends_with(".svg"));
    vec![
        (String::new(), "index.html".to_owned(), HTML),
        ("faq/".to_owned(), "faq/index.html".to_owned(), HTML),
        ("checklist/".to_owned(), "checklist/index.html".to_owned(), HTML),
        (bundle_js.clone(), bundle_js, JS),
        (wasm.clone(), wasm, &["application/wasm"]),
        (
            "content.json".to_owned(),
            "content.json".to_owned(),
            &["application/json"],
        ),
        (icon.clone(), icon, &["image/svg+xml"]),
        (
            "manifest.webmanifest".to_owned(),
            "manifest.webmanifest".to_owned(),
            &["application/manifest+json"],
        ),
        ("sw.js".to_owned(), "sw.js".to_owned(), JS),
    ]
}

/// Status, type, promised headers, caching and compression of every kind
/// of file, and the not-found page, as `server` sends them.
fn check_every_file_kind(server: &RealServer) {
    let who = format!("{:?} at {}", server.host, server.base);
    let site = &server.site;
    for (below, file, types) in file_kinds(site) {
        let path = format!("{}{below}", server.base);
        let bytes = std::fs::read(site.join(&file)).unwrap();
        // As Chromium asks: compressed where the server can.
        let response = get(server.addr, &path, Some("gzip, deflate, br, zstd"));
        let context = format!("{who}: {path} {:?}\n{}", response.headers, server.logs());
        assert_eq!(response.status, 200, "{context}");
        let content_type = response.header("content-type").unwrap_or_default();
        assert!(
            types.iter().any(|t| content_type.starts_with(t)),
            "{context}: type {content_type}, not one of {types:?}"
        );
        let promised = promised_headers(site, &path);
        assert!(
            promised.iter().any(|(n, _)| n == "Cache-Control"),
            "_headers gives {path} a caching rule"
        );
        assert!(promised.iter().any(|(n, _)| n == "Content-Security-Policy"));
        for (name, value) in &promised {
            assert_eq!(
                response.header(name).as_deref(),
                Some(value.as_str()),
                "{context}: {name}"
            );
        }
        let encoding = response.header("content-encoding");
        assert!(
            matches!(encoding.as_deref(), Some("br" | "gzip")),
            "{context}: sent uncompressed"
        );
        assert!(
            response
                .header("vary")
                .is_some_and(|v| v.to_ascii_lowercase().contains("accept-encoding")),
            "{context}: a compressed answer varies by Accept-Encoding"
        );
        assert!(response.decoded() == bytes, "{context}: the body is the file");
        // A client that takes no compression gets the file as it is.
        let plain = get(server.addr, &path, None);
        assert_eq!(plain.header("content-encoding"), None, "{context}");
        assert!(plain.body == bytes, "{context}: the plain body is the file");
    }
    // The host files the build writes beside the site are not served.
    for file in after_the_session::build::hosts::HOST_FILES {
        let path = format!("{}{file}", server.base);
        let response = get(server.addr, &path, None);
        assert!(
            matches!(response.status, 403 | 404),
            "{who}: {path} answers {}",
            response.status
        );
        assert!(
            !String::from_utf8_lossy(&response.body).contains("Made by the build"),
            "{who}: {path} is sent"
        );
    }
    // A path without its slash leads to the page.
    let response = get(server.addr, &format!("{}faq", server.base), None);
    assert!(
        matches!(response.status, 301 | 308),
        "{who}: /faq answers {}",
        response.status
    );
    assert!(
        response
            .header("location")
            .is_some_and(|l| l.ends_with(&format!("{}faq/", server.base))),
        "{who}: {:?}",
        response.headers
    );
    // An unknown path: 404 with the app's own page, under the same headers.
    let path = format!("{}no/such/page", server.base);
    let response = get(server.addr, &path, Some("gzip, br"));
    assert_eq!(response.status, 404, "{who}: {path}");
    let not_found = std::fs::read(site.join("404.html")).unwrap();
    assert!(response.decoded() == not_found, "{who}: {path} is the app's page");
    for (name, value) in promised_headers(site, &path) {
        assert_eq!(response.header(&name), Some(value), "{who}: {path} {name}");
    }
}

/// The browser reads the article and the FAQ and ticks a step on the
/// checklist through `server`, under its headers, with a clean console.
async fn use_the_site(client: &fantoccini::Client, server: &RealServer) {
    let who = format!("{:?} at {}", server.host, server.base);
    visit(client, &server.url("")).await;
    assert!(!text(client, "main h1").await.is_empty(), "{who}: the article");
    wait_until(
        client,
        "return !!navigator.serviceWorker && !!navigator.serviceWorker.controller",
        "the service worker installs through the server",
    )
    .await;
    visit(client, &server.url("faq/")).await;
    assert_eq!(
        text(client, "main h1").await,
        "Frequently asked questions",
        "{who}"
    );
    visit(client, &server.url("checklist/")).await;
    wait_until(
        client,
        "return !document.querySelector('#step-treat-yourself').disabled",
        "the checklist is ready",
    )
    .await;
    click_on(client, Locator::Css("#step-treat-yourself")).await;
    wait_until(
        client,
        "return document.querySelector('#step-treat-yourself').checked && Object.keys(localStorage).some(k => k.startsWith('after-the-session@') && localStorage.getItem(k).includes('treat-yourself'))",
        "the tick is kept",
    )
    .await;
    // Policy violations, failed loads and hydration errors all land here.
    assert_clean_console(client, &who).await;
}

async fn serves_the_site_as_promised(host: Host) {
    // Every header and compressed body: the build exactly as deployed.
    for (site, base) in [(dist_dir(), "/"), (sub_dist_dir(), "/some/path/")] {
        check_every_file_kind(&RealServer::start(host, &site, base));
    }
    // In the browser: the same build with the tests' console collector in
    // its pages (as the tests' own server adds it), so that the console is
    // checked the same way in every engine.
    let root_site = site_with_collector(&dist_dir(), "/");
    let sub_site = site_with_collector(&sub_dist_dir(), "/some/path/");
    let root = RealServer::start(host, root_site.path(), "/");
    let sub = RealServer::start(host, sub_site.path(), "/some/path/");
    with_browser(BrowserOptions::default(), move |client| async move {
        use_the_site(&client, &root).await;
        use_the_site(&client, &sub).await;
        drop((root, sub, root_site, sub_site));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn nginx_serves_the_site_as_promised() {
    serves_the_site_as_promised(Host::Nginx).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn apache_serves_the_site_as_promised() {
    serves_the_site_as_promised(Host::Apache).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn caddy_serves_the_site_as_promised() {
    serves_the_site_as_promised(Host::Caddy).await;
}
