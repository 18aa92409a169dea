//! The shell: every route loads directly, hydrates cleanly, navigates.

use fantoccini::Locator;

use crate::support::browser::{BrowserOptions, assert_clean_console, js, text, wait_hydrated, with_browser};
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
        for (label, path, heading) in [
            ("FAQ", "/faq/", ROUTES[1].1),
            ("Coping checklist", "/checklist/", ROUTES[2].1),
            ("Article", "/", ROUTES[0].1),
        ] {
            client
                .find(Locator::XPath(&format!(
                    "//nav[@aria-label='Main']//a[normalize-space()='{label}']"
                )))
                .await
                .unwrap()
                .click()
                .await
                .unwrap();
            client
                .wait()
                .for_url(&url::Url::parse(&server.url(path)).unwrap())
                .await
                .unwrap();
            assert_eq!(text(&client, "main h1").await, heading);
            assert_eq!(
                client.title().await.unwrap(),
                format!("{heading} · After the Session")
            );
            let current = text(&client, "nav a[aria-current='page']").await;
            assert_eq!(current, label, "the current page is marked in the navigation");
            assert_eq!(
                js(&client, "return window.__samePage === true").await,
                true,
                "{label}: the page reloaded"
            );
            let focused = js(&client, "return document.activeElement.id").await;
            assert_eq!(focused, "main", "{label}: focus moves to the new page's content");
        }
        // The footer link to help, by keyboard: focus it and press Enter.
        let help = client
            .find(Locator::Css("footer a[href='/help/']"))
            .await
            .unwrap();
        help.send_keys("\u{E007}").await.unwrap();
        client
            .wait()
            .for_url(&url::Url::parse(&server.url("/help/")).unwrap())
            .await
            .unwrap();
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
        client
            .find(Locator::LinkText("Go to the article"))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        client
            .wait()
            .for_url(&url::Url::parse(&server.url("/")).unwrap())
            .await
            .unwrap();
        assert_eq!(text(&client, "main h1").await, ROUTES[0].1);
        // A failed request for the unknown page itself is expected in the log.
        let _ = crate::support::browser::console(&client).await;
    })
    .await;
}
