//! axe-core finds no violations, in light and dark schemes, with the FAQ
//! closed and open, on every page; the layout holds at 320 px (the page
//! itself that wide, not only the window), with text at 200%, and so with a
//! reader's data in the page (past sessions, a dialog, a notice). The states
//! of "Your data" are checked the same way in `your_data.rs`.

use crate::checklist::{KEY, click_button};
use crate::experience::{journal_with, store_journal};
use crate::shell::routes;
use crate::support::browser::{
    BrowserOptions, axe_violations, cdp, focus_lands_on, js, like_a_small_phone, out_of_place, screen,
    text_at, visit, wait_until, with_browser,
};
use crate::support::dist_dir;
use crate::support::server::StaticServer;
use fantoccini::Client;

/// Opens `url` and waits until its controls are ready: they wait, disabled
/// (and faded), until the journal is read, a task after hydration.
async fn visit_ready(client: &Client, url: &str) {
    visit(client, url).await;
    wait_until(
        client,
        "return !document.querySelector('main :disabled')",
        "every control ready",
    )
    .await;
}

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
                // axe runs on the page a reader sees once its controls are ready.
                visit_ready(&client, &server.url(path)).await;
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

/// The page's root text size is the browser's, set through DevTools: it
/// takes effect a frame or more later, and the check waits for it.
const ROOT_AT_32: &str = "return getComputedStyle(document.documentElement).fontSize === '32px'";

#[tokio::test(flavor = "multi_thread")]
async fn every_page_fits_a_320_pixel_screen() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::sized(320, 640), move |client| async move {
        // Headless Chromium's window stops at 500 px: `screen` makes
        // the page itself 320 px wide (and says so, or skips).
        if !screen(&client, 320, 640).await {
            return;
        }
        for path in routes().into_iter().map(|(p, _)| p).chain(["/no/such/page"]) {
            visit_ready(&client, &server.url(path)).await;
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
            wait_until(&client, ROOT_AT_32, "the browser's text at 32 px").await;
            let out = out_of_place(&client).await;
            // "Skip to content", wrapped onto two lines, still wholly above the page until focused.
            let hidden = js(
                &client,
                "const skip = document.querySelector('.skip-link'); return !skip || skip.getBoundingClientRect().bottom <= 0",
            )
            .await;
            cdp(&client, "Page.setFontSizes", serde_json::json!({ "fontSizes": { "standard": 16 } })).await;
            wait_until(&client, &ROOT_AT_32.replace("32", "16"), "the browser's text at 16 px").await;
            assert!(
                out.is_empty(),
                "{path} at 320 px with text at 200%:\n{}",
                out.join("\n")
            );
            assert_eq!(hidden, serde_json::json!(true), "{path} shows the skip link unfocused");
        }
    })
    .await;
}

/// Large text on a narrow phone (a 320 px screen, text at 200%) with a
/// reader's data in it: past sessions' dates, the confirmation before
/// deleting everything, and the notice about unreadable data (which names a
/// long storage key) keep every word on the screen and in its box. Firefox's
/// and WebKit's windows stop at 447–500 px: there the text is larger by as
/// much, so that a line holds as few words as on that phone.
#[tokio::test(flavor = "multi_thread")]
async fn large_text_on_a_narrow_phone_keeps_sessions_dialogs_and_notices_in_view() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::sized(320, 640), move |client| async move {
        let width = like_a_small_phone(&client).await;
        let percent = 200 * width / 320;
        visit(&client, &server.url("/checklist/")).await;
        let journal = journal_with(&[("2026-10-19", Some(2), Some(4)), ("2026-11-18", Some(3), Some(1))]);
        store_journal(&client, &journal).await;
        let ready = "return !document.querySelector('main :disabled') && !!document.querySelector('input[type=checkbox], .session-list')";
        let mut faults = Vec::new();

        visit(&client, &server.url("/history/")).await;
        wait_until(&client, ready, "the past sessions").await;
        text_at(&client, percent).await;
        faults.extend(out_of_place(&client).await.into_iter().map(|f| format!("past sessions: {f}")));

        visit(&client, &server.url("/checklist/")).await;
        wait_until(&client, ready, "the checklist").await;
        text_at(&client, percent).await;
        click_button(&client, "Delete all my data").await;
        wait_until(&client, "return !!document.querySelector('dialog[open]')", "the confirmation").await;
        faults.extend(out_of_place(&client).await.into_iter().map(|f| format!("the confirmation: {f}")));
        click_button(&client, "Keep my data").await;

        js(&client, &format!("localStorage.setItem('{KEY}', '{{not a journal')")).await;
        visit(&client, &server.url("/checklist/")).await;
        wait_until(&client, "return !!document.querySelector('.notice-warning')", "the notice").await;
        text_at(&client, percent).await;
        faults.extend(out_of_place(&client).await.into_iter().map(|f| format!("the unreadable data's notice: {f}")));

        assert!(
            faults.is_empty(),
            "at {width} px with text at {percent}%:\n{}",
            faults.join("\n")
        );
    })
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
