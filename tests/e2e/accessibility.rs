//! axe-core finds no violations, in light and dark schemes, with the FAQ
//! closed and open, on every page; the layout holds at 320 px (the page
//! itself that wide, not only the window). The states of "Your data" are
//! checked the same way in `your_data.rs`.

use crate::shell::routes;
use crate::support::browser::{
    BrowserOptions, axe_violations, cdp, focus_lands_on, js, screen, visit, wait_until, with_browser,
};
use crate::support::dist_dir;
use crate::support::server::StaticServer;

async fn check_scheme(dark: bool) {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(
        BrowserOptions {
            dark,
            ..Default::default()
        },
        move |client| async move {
            let scheme = if dark { "dark" } else { "light" };
            let matches = js(
                &client,
                "return matchMedia('(prefers-color-scheme: dark)').matches",
            )
            .await;
            assert_eq!(
                matches,
                serde_json::json!(dark),
                "the {scheme} scheme is in effect"
            );
            for path in routes().into_iter().map(|(p, _)| p).chain(["/no/such/page"]) {
                visit(&client, &server.url(path)).await;
                // The controls wait, disabled (and faded), until the journal
                // is read, a task after hydration: axe runs on the page a
                // reader sees after that moment, not during it.
                wait_until(
                    &client,
                    "return !document.querySelector('main :disabled')",
                    "every control ready",
                )
                .await;
                let violations = axe_violations(&client).await;
                assert!(
                    violations.is_empty(),
                    "{path} ({scheme}, FAQ closed):\n{}",
                    violations.join("\n")
                );
                if js(&client, "return document.querySelectorAll('.faq-item').length").await
                    != serde_json::json!(0)
                {
                    js(
                        &client,
                        "document.querySelectorAll('.faq-tools button')[0].click()",
                    )
                    .await;
                    wait_until(
                        &client,
                        "return [...document.querySelectorAll('.faq-item')].every(d => d.open)",
                        "open",
                    )
                    .await;
                    let violations = axe_violations(&client).await;
                    assert!(
                        violations.is_empty(),
                        "{path} ({scheme}, FAQ open):\n{}",
                        violations.join("\n")
                    );
                }
            }
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn axe_finds_no_violations_in_the_light_scheme() {
    check_scheme(false).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn axe_finds_no_violations_in_the_dark_scheme() {
    check_scheme(true).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_page_fits_a_320_pixel_screen() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(
        BrowserOptions {
            width: 320,
            height: 640,
            ..Default::default()
        },
        move |client| async move {
            // Headless Chromium's window stops at 500 px: `screen` makes
            // the page itself 320 px wide (and says so, or skips).
            if !screen(&client, 320, 640).await {
                return;
            }
            for path in routes().into_iter().map(|(p, _)| p).chain(["/no/such/page"]) {
                visit(&client, &server.url(path)).await;
                wait_until(
                    &client,
                    "return !document.querySelector('main :disabled')",
                    "every control ready",
                )
                .await;
                let overflow = js(
                    &client,
                    "return document.documentElement.scrollWidth - document.documentElement.clientWidth",
                )
                .await;
                assert_eq!(
                    overflow,
                    serde_json::json!(0),
                    "{path} scrolls sideways at 320 px"
                );
                // And with the reader's text twice as large (a phone's
                // larger text setting): it wraps, nothing is pushed out.
                cdp(&client, "Page.setFontSizes", serde_json::json!({ "fontSizes": { "standard": 32 } })).await;
                let overflow = js(
                    &client,
                    "return new Promise((settled) => requestAnimationFrame(() => requestAnimationFrame(settled))).then(() => {
                     const wide = document.documentElement.scrollWidth - document.documentElement.clientWidth;
                     const out = [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).map((e) => e.tagName + '.' + e.className).slice(0, 5);
                     const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT); const texts = [];
                     while (walker.nextNode()) { const r = document.createRange(); r.selectNodeContents(walker.currentNode); if (r.getBoundingClientRect().right > document.documentElement.clientWidth + 1) texts.push(walker.currentNode.parentElement.tagName + ':' + walker.currentNode.textContent.slice(0, 30)); }
                     // \"Skip to content\", wrapped onto two lines, still wholly above the page until focused.
                     const skip = document.querySelector('.skip-link');
                     const hidden = !skip || skip.getBoundingClientRect().bottom <= 0;
                     return [wide, out.concat(texts.slice(0, 5)), hidden] })",
                )
                .await;
                cdp(&client, "Page.setFontSizes", serde_json::json!({ "fontSizes": { "standard": 16 } })).await;
                assert_eq!(
                    overflow,
                    serde_json::json!([0, [], true]),
                    "{path} scrolls sideways at 320 px with text at 200%, or shows the skip link unfocused"
                );
            }
        },
    )
    .await;
}

/// "Skip to content" and the article's contents move the keyboard focus
/// where they point once the app runs, as they do in the page before it:
/// the next Tab goes on from there, not from the top of the page.
#[tokio::test(flavor = "multi_thread")]
async fn the_skip_link_and_the_contents_move_the_keyboard_focus() {
    const ENTER: char = '\u{E007}';
    const TAB: char = '\u{E004}';
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        visit(&client, &server.url("/")).await;
        crate::support::browser::tab_to(&client, ".skip-link", 3).await;
        crate::support::browser::press(&client, ENTER).await;
        focus_lands_on(&client, "main").await;
        crate::support::browser::press(&client, TAB).await;
        let next = js(&client, "return !!document.activeElement.closest('main')").await;
        assert_eq!(next, serde_json::json!(true), "the next Tab stays in the content");
        // A contents link: the next Tab goes on from its section (the
        // heading is not itself focusable), not from the contents.
        crate::support::browser::tab_to(&client, ".toc li:last-child a", 12).await;
        let target = js(&client, "return document.activeElement.getAttribute('href').split('#')[1]").await;
        let target = target.as_str().unwrap_or_default().to_owned();
        crate::support::browser::press(&client, ENTER).await;
        wait_until(&client, &format!("return location.hash === '#{target}'"), "the address names the section").await;
        crate::support::browser::press(&client, TAB).await;
        let after = js(
            &client,
            &format!("return !!(document.getElementById('{target}').compareDocumentPosition(document.activeElement) & Node.DOCUMENT_POSITION_FOLLOWING)"),
        )
        .await;
        assert_eq!(after, serde_json::json!(true), "the next Tab goes on after the section's heading");
    })
    .await;
}
