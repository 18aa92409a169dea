//! Issue 10, as a client would meet it: two real tabs (two windows of one
//! browser, sharing localStorage), a download and an import. Each test is a
//! scenario that lost or resurrected data before the replicated journal
//! (schema 2) and must not now.

use fantoccini::Client;
use serde_json::{Value, json};

use crate::checklist::{
    CURRENT_TICKS, KEY, click, click_button, download_dir, finish_session, open, open_second, preview_import,
    stored, type_into, visible, wait_for_file, wait_stored,
};
use crate::support::browser::{
    BrowserOptions, focus_lands_on, focused_is_no_live_region, js, reload, text, visit, wait_hydrated,
    wait_until, with_browser,
};
use crate::support::dist_dir;
use crate::support::server::StaticServer;

/// A past session with a private note and a tick, and a current session.
async fn write_a_past_session(client: &Client, words: &str) {
    click(client, "#step-treat-yourself").await;
    type_into(client, "textarea[id^='journal-']", words).await;
    wait_stored(
        client,
        &format!("JSON.stringify(d).includes('{words}')"),
        "the note saved",
    )
    .await;
    finish_session(client).await;
    wait_stored(client, "d.sessions.length === 2", "a second session").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn delete_everything_reaches_the_other_tab_and_nothing_comes_back() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        let url = server.url("/checklist/");
        open(&client, &url).await;
        write_a_past_session(&client, "Words to delete").await;
        let (first, second) = open_second(&client, &url, true).await;
        client.switch_to_window(first.clone()).await.unwrap();
        click_button(&client, "Delete all my data").await;
        click_button(&client, "Delete everything").await;
        let said = text(&client, ".data-status").await;

        // The other tab, which holds the old copy, takes the erase and keeps it.
        client.switch_to_window(second.clone()).await.unwrap();
        wait_until(
            &client,
            "return document.querySelector(\"textarea[id^='journal-']\").value === ''",
            "the other tab erased",
        )
        .await;
        click(&client, "#step-accept-reality").await;
        wait_stored(
            &client,
            &format!("{CURRENT_TICKS}.includes('accept-reality')"),
            "the other tab saved",
        )
        .await;
        tokio::time::sleep(std::time::Duration::from_millis(1_000)).await;
        let doc = stored(&client).await;
        assert!(
            !doc.to_string().contains("Words to delete"),
            "nothing erased comes back: {doc}"
        );
        assert_eq!(doc["sessions"].as_array().unwrap().len(), 1);
        // Checked after the behaviour, so that old code fails on what came back.
        assert!(
            said.starts_with("Deleted from this browser: 2 sessions"),
            "{said}"
        );
        assert!(said.contains(KEY), "names the stored item: {said}");

        // A later load, and a page restored from the back/forward cache.
        visit(&client, &server.url("/history/")).await;
        client.back().await.unwrap();
        open(&client, &url).await;
        assert!(!stored(&client).await.to_string().contains("Words to delete"));
        client.switch_to_window(first).await.unwrap();
        visit(&client, &server.url("/history/")).await;
        wait_until(
            &client,
            "return document.querySelector('#sessions-heading').textContent === 'Sessions (0)'",
            "no past session",
        )
        .await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_tabs_ticking_at_once_keep_both_ticks() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        let url = server.url("/checklist/");
        open(&client, &url).await;
        wait_stored(&client, "true", "the first save").await;
        let (first, second) = open_second(&client, &url, true).await;
        // Both ticks inside the 300 ms save delay: neither tab has seen the other's.
        client.switch_to_window(first.clone()).await.unwrap();
        js(&client, "document.querySelector('#step-treat-yourself').click()").await;
        client.switch_to_window(second.clone()).await.unwrap();
        js(&client, "document.querySelector('#step-talk-about-it').click()").await;
        wait_stored(
            &client,
            &format!("{CURRENT_TICKS}.includes('treat-yourself') && {CURRENT_TICKS}.includes('talk-about-it')"),
            "both ticks stored",
        )
        .await;
        tokio::time::sleep(std::time::Duration::from_millis(1_000)).await;
        for window in [first, second] {
            client.switch_to_window(window).await.unwrap();
            wait_until(
                &client,
                "return document.querySelector('#step-treat-yourself').checked && document.querySelector('#step-talk-about-it').checked",
                "each tab shows both ticks",
            )
            .await;
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn importing_an_older_download_keeps_newer_work_and_can_be_undone() {
    let server = StaticServer::start(dist_dir(), &[]);
    let downloads = download_dir("trust-import");
    let dir = downloads.path().to_owned();
    let options = BrowserOptions::downloading_to(&dir);
    with_browser(options, move |client| async move {
        let url = server.url("/checklist/");
        open(&client, &url).await;
        type_into(&client, "textarea[id^='journal-']", "First words").await;
        wait_stored(&client, "JSON.stringify(d).includes('First words')", "saved").await;
        click_button(&client, "Download my data").await;
        let file = wait_for_file(&dir).await;
        type_into(&client, "textarea[id^='journal-']", ", and newer ones").await;
        wait_stored(
            &client,
            "JSON.stringify(d).includes('First words, and newer ones')",
            "the newer note",
        )
        .await;
        let before = stored(&client).await;

        preview_import(&client, &file).await;
        let summary = text(&client, ".import-preview p").await;
        // "Your data was downloaded…" is not left standing under the preview.
        assert_eq!(text(&client, "#data-status").await, "");
        click_button(&client, "Import").await;
        wait_until(
            &client,
            "return !document.querySelector('.import-preview')",
            "imported",
        )
        .await;
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        assert_eq!(
            js(
                &client,
                "return document.querySelector(\"textarea[id^='journal-']\").value"
            )
            .await,
            json!("First words, and newer ones"),
            "the newer note stays"
        );
        assert_eq!(visible(&stored(&client).await), visible(&before));
        // Checked after the behaviour, so that old code fails on what was lost.
        assert_eq!(
            summary,
            "Importing this file keeps this browser’s newer copy of 1 session."
        );
        click_button(&client, "Undo import").await;
        wait_until(
            &client,
            "return document.querySelector('.import-done p').textContent.includes('undone')",
            "undone",
        )
        .await;
        assert_eq!(visible(&stored(&client).await), visible(&before));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deleted_session_never_goes_into_an_export() {
    let server = StaticServer::start(dist_dir(), &[]);
    let downloads = download_dir("trust-purge");
    let dir = downloads.path().to_owned();
    let options = BrowserOptions::downloading_to(&dir);
    with_browser(options, move |client| async move {
        open(&client, &server.url("/checklist/")).await;
        write_a_past_session(&client, "Words of a deleted session").await;
        client.goto(&server.url("/history/")).await.unwrap();
        open(&client, &server.url("/history/")).await;
        click(&client, ".session-list li summary").await;
        click_button(&client, "Delete this session").await;
        wait_stored(&client, "d.sessions.some(s => s.deleted.v)", "deleted").await;
        client.goto(&server.url("/checklist/")).await.unwrap();
        open(&client, &server.url("/checklist/")).await;
        click_button(&client, "Download my data").await;
        let file = wait_for_file(&dir).await;
        let exported = std::fs::read_to_string(&file).unwrap();
        assert!(!exported.contains("Words of a deleted session"), "{exported}");
        let doc: Value = serde_json::from_str(&exported).unwrap();
        assert_eq!(
            doc["purged"].as_object().map(|p| p.len()),
            Some(1),
            "only the id and times remain"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tab_that_meets_a_newer_schema_never_writes_and_refuses_import_and_delete() {
    let server = StaticServer::start(dist_dir(), &[]);
    let downloads = download_dir("trust-newer-schema");
    let dir = downloads.path().to_owned();
    let options = BrowserOptions::downloading_to(&dir);
    with_browser(options, move |client| async move {
        let url = server.url("/checklist/");
        open(&client, &url).await;
        wait_stored(&client, "true", "the first save").await;
        let (first, _second) = open_second(&client, &url, true).await;
        // The second tab stands for a newer deployment writing schema 4.
        let newer = r#"{"schema":4,"whatever":"a newer app wrote this"}"#;
        js(&client, &format!("localStorage.setItem('{KEY}', {})", serde_json::to_string(newer).unwrap())).await;
        client.switch_to_window(first).await.unwrap();
        wait_until(
            &client,
            "return [...document.querySelectorAll('main [role=alert]')].some(a => a.textContent.includes('The app was updated in another tab'))",
            "the notice",
        )
        .await;
        client
            .find(fantoccini::Locator::XPath("//button[normalize-space()='Reload']"))
            .await
            .expect("a Reload button");
        js(&client, "document.querySelector('#step-treat-yourself').click()").await;
        type_into(&client, "textarea[id^='journal-']", "typed in the old tab").await;
        tokio::time::sleep(std::time::Duration::from_millis(1_000)).await;
        // Those words are in this page's memory only: said, and kept as a
        // file the new version can import, before any reload.
        click_button(&client, "Download this page’s copy").await;
        let file = wait_for_file(&dir).await;
        let kept = std::fs::read_to_string(&file).unwrap();
        assert!(kept.contains("typed in the old tab"), "{kept}");
        assert!(
            text(&client, "main [role=alert]").await.contains("a reload would lose it"),
            "the notice says the words are not saved"
        );
        click_button(&client, "Delete all my data").await;
        let refusal = text(&client, "#confirm-delete").await;
        assert!(refusal.contains("updated in another tab"), "{refusal}");
        assert!(
            client
                .find(fantoccini::Locator::XPath("//button[normalize-space()='Delete everything']"))
                .await
                .is_err(),
            "no way to delete"
        );
        assert_eq!(
            js(&client, &format!("return localStorage.getItem('{KEY}')")).await,
            json!(newer),
            "the newer data is left untouched"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn unreadable_copies_are_listed_downloadable_and_deleted_with_everything() {
    let server = StaticServer::start(dist_dir(), &[]);
    let downloads = download_dir("trust-backups");
    let dir = downloads.path().to_owned();
    let options = BrowserOptions::downloading_to(&dir);
    with_browser(options, move |client| async move {
        let url = server.url("/checklist/");
        let broken = ["{\"schema\": 2, \"broken", "not json at all"];
        client.goto(&url).await.unwrap();
        for raw in broken {
            js(
                &client,
                &format!(
                    "localStorage.setItem('{KEY}', {})",
                    serde_json::to_string(raw).unwrap()
                ),
            )
            .await;
            reload(&client).await;
            open(&client, &url).await;
        }
        wait_until(
            &client,
            "return document.querySelectorAll('.backups li').length === 2",
            "two backups listed",
        )
        .await;
        click(&client, ".backups li:first-child button").await;
        let found = crate::checklist::wait_for_download(&dir, "txt").await;
        let bytes = std::fs::read_to_string(found).unwrap();
        assert_eq!(bytes, broken[0], "the download is the stored bytes");
        click_button(&client, "Delete all my data").await;
        click_button(&client, "Delete everything").await;
        let said = text(&client, ".data-status").await;
        assert!(said.contains("2 backups of unreadable data"), "{said}");
        let left = js(
            &client,
            "return Object.keys(localStorage).filter(k => k.includes('unreadable'))",
        )
        .await;
        assert_eq!(left, json!([]));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_journal_under_the_old_shared_key_is_carried_over_whole() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        let url = server.url("/checklist/");
        client.goto(&url).await.unwrap();
        let fixture = include_str!("../fixtures/journal-v1.json");
        js(
            &client,
            &format!(
                "localStorage.clear(); localStorage.setItem('after-the-session', {})",
                serde_json::to_string(fixture).unwrap()
            ),
        )
        .await;
        open(&client, &url).await;
        wait_stored(&client, "d.schema === 3", "carried over").await;
        assert_eq!(
            js(&client, "return localStorage.getItem('after-the-session')").await,
            Value::Null
        );
        let doc = stored(&client).await;
        let text = doc.to_string();
        for words in [
            "Felt drained. Wrote it down.",
            "The comment about my sister",
            "Walk by the river",
        ] {
            assert!(text.contains(words), "{words}");
        }
        assert!(
            js(
                &client,
                "return document.querySelector('#step-treat-yourself').checked"
            )
            .await
                == json!(true),
            "the ticks came along"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tab_of_the_version_before_the_move_writing_the_old_key_is_merged_not_lost() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        let url = server.url("/checklist/");
        open(&client, &url).await;
        type_into(&client, "textarea[id^='journal-']", "Written in the new version").await;
        wait_stored(
            &client,
            "JSON.stringify(d).includes('Written in the new version')",
            "the note saved",
        )
        .await;
        // Another tab of this site still runs a build of schema 1, from
        // before the move to a key per site: on a change it writes the old
        // shared key, as that build does (the FAQ, which reads no journal, stands in).
        let fixture = include_str!("../fixtures/journal-v1.json");
        crate::checklist::in_another_tab(
            &client,
            &server.url("/faq/"),
            &format!(
                "localStorage.setItem('after-the-session', {})",
                serde_json::to_string(fixture).unwrap()
            ),
        )
        .await;
        // Merged in at once, and the old key gone.
        wait_until(
            &client,
            "return localStorage.getItem('after-the-session') === null",
            "the old key taken in",
        )
        .await;
        let text = stored(&client).await.to_string();
        for words in [
            "Written in the new version",
            "Felt drained. Wrote it down.",
            "Walk by the river",
        ] {
            assert!(text.contains(words), "{words}: {text}");
        }
        assert_eq!(
            js(
                &client,
                "return document.querySelector(\"textarea[id^='journal-']\").value"
            )
            .await,
            json!("Written in the new version"),
            "this tab's current session stays current"
        );
    })
    .await;
}

/// Remembers, in the page's own memory, whether it is later shown again
/// from the back/forward cache (a reload or a new load forgets it).
const MARK_PAGE: &str = "window.__kept = true; window.__restored = false; \
    addEventListener('pageshow', e => { if (e.persisted) window.__restored = true; });";

#[tokio::test(flavor = "multi_thread")]
async fn a_page_restored_from_the_back_forward_cache_takes_the_erase() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        let url = server.url("/checklist/");
        open(&client, &url).await;
        write_a_past_session(&client, "Words from before").await;
        type_into(&client, "textarea[id^='journal-']", "Current words").await;
        wait_stored(&client, "JSON.stringify(d).includes('Current words')", "the note saved").await;
        js(&client, MARK_PAGE).await;
        // Leave the page by a real navigation: it goes into the back/forward cache.
        visit(&client, &server.url("/faq/")).await;

        // Meanwhile another tab deletes everything.
        let (first, _second) = open_second(&client, &url, true).await;
        click_button(&client, "Delete all my data").await;
        click_button(&client, "Delete everything").await;
        wait_stored(&client, "d.sessions.length === 1", "the erase stored").await;

        client.switch_to_window(first).await.unwrap();
        client.back().await.unwrap();
        wait_hydrated(&client).await;
        let restored = js(&client, "return window.__restored === true").await == json!(true);
        if !restored {
            // The engine loaded the page afresh: the test then shows only a later load.
            eprintln!("{}: the page was loaded again, not restored from the back/forward cache", crate::support::browser::Engine::current().name());
        }
        wait_until(
            &client,
            "return document.querySelector(\"textarea[id^='journal-']\").value === ''",
            "the restored page shows the erase",
        )
        .await;
        // A tick from the restored page is saved without bringing anything back.
        click(&client, "#step-accept-reality").await;
        wait_stored(
            &client,
            &format!("{CURRENT_TICKS}.includes('accept-reality')"),
            "the restored page saved",
        )
        .await;
        tokio::time::sleep(std::time::Duration::from_millis(1_000)).await;
        let doc = stored(&client).await.to_string();
        assert!(!doc.contains("Words from before") && !doc.contains("Current words"), "nothing erased comes back: {doc}");
        assert_eq!(stored(&client).await["sessions"].as_array().unwrap().len(), 1);
        if crate::support::browser::Engine::current() == crate::support::browser::Engine::Chromium {
            assert!(restored, "Chromium keeps the checklist in the back/forward cache (a page it cannot keep loads slower for a reader going back)");
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_frozen_tab_and_an_offline_tab_keep_the_erase() {
    let server = std::sync::Arc::new(StaticServer::start(dist_dir(), &[]));
    let s = server.clone();
    with_browser(BrowserOptions::default(), move |client| async move {
        let url = s.url("/checklist/");
        open(&client, &url).await;
        wait_until(
            &client,
            "return !!navigator.serviceWorker && !!navigator.serviceWorker.controller",
            "the service worker controls the page",
        )
        .await;
        write_a_past_session(&client, "Words from before").await;
        let (first, second) = open_second(&client, &url, true).await;
        client.switch_to_window(first.clone()).await.unwrap();
        // Typed just before the phone put this tab to sleep: its save is still pending.
        type_into(&client, "textarea[id^='journal-']", "Typed before").await;
        let chromium =
            crate::support::browser::Engine::current() == crate::support::browser::Engine::Chromium;
        if chromium {
            crate::support::browser::cdp(&client, "Page.setWebLifecycleState", json!({ "state": "frozen" }))
                .await;
        }
        // The network goes away too; the other tab deletes everything.
        s.set_offline(true);
        client.switch_to_window(second.clone()).await.unwrap();
        click_button(&client, "Delete all my data").await;
        click_button(&client, "Delete everything").await;
        wait_stored(
            &client,
            "d.sessions.length === 1 && !JSON.stringify(d).includes('Words from before')",
            "the erase stored",
        )
        .await;

        client.switch_to_window(first.clone()).await.unwrap();
        if chromium {
            crate::support::browser::cdp(&client, "Page.setWebLifecycleState", json!({ "state": "active" }))
                .await;
        }
        wait_until(
            &client,
            "return document.querySelector(\"textarea[id^='journal-']\").value === ''",
            "the woken tab shows the erase",
        )
        .await;
        tokio::time::sleep(std::time::Duration::from_millis(1_000)).await;
        let doc = stored(&client).await.to_string();
        assert!(
            !doc.contains("Words from before") && !doc.contains("Typed before"),
            "what was written before the erase stays erased: {doc}"
        );
        // A reload with no network (from the service worker's copy) and a tick.
        js(
            &client,
            "window.__old = true; setTimeout(() => location.reload(), 0)",
        )
        .await;
        wait_until(&client, "return !window.__old", "the page reloaded").await;
        wait_hydrated(&client).await;
        wait_until(
            &client,
            "const c = document.querySelector('#step-accept-reality'); return !!c && !c.disabled",
            "the checklist is ready offline",
        )
        .await;
        click(&client, "#step-accept-reality").await;
        wait_stored(
            &client,
            &format!("{CURRENT_TICKS}.includes('accept-reality')"),
            "the offline tick saved",
        )
        .await;
        let doc = stored(&client).await;
        assert!(!doc.to_string().contains("Words from before"), "{doc}");
        assert_eq!(doc["sessions"].as_array().unwrap().len(), 1);
        s.set_offline(false);
    })
    .await;
}

/// Sets a note's text as typing does (one input event).
fn write_note(text: &str) -> String {
    format!(
        "const t = document.querySelector(\"textarea[id^='journal-']\"); t.value = '{text}'; \
         t.dispatchEvent(new Event('input', {{ bubbles: true }}))"
    )
}

/// Two windows of the checklist side by side (both visible, as on a
/// desktop), each writing its note (`first`, `second`: scripts) without
/// having seen the other's: the journal's lock is held meanwhile, as a slow
/// tab would hold it. Returns the two windows, the second in front.
async fn write_in_two_windows_at_once(
    client: &Client,
    url: &str,
    first: &str,
    second: &str,
) -> (fantoccini::wd::WindowHandle, fantoccini::wd::WindowHandle) {
    open(client, url).await;
    wait_stored(client, "true", "the first save").await;
    let (first_window, second_window) = open_second(client, url, false).await;
    js(
        client,
        &format!(
            "window.__held = false; navigator.locks.request('{KEY}', () => new Promise(r => {{ window.__release = r; window.__held = true; }}))"
        ),
    )
    .await;
    wait_until(client, "return window.__held", "the lock held").await;
    client.switch_to_window(first_window.clone()).await.unwrap();
    js(client, first).await;
    client.switch_to_window(second_window.clone()).await.unwrap();
    js(client, second).await;
    tokio::time::sleep(std::time::Duration::from_millis(600)).await;
    (first_window, second_window)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_same_note_written_in_two_tabs_keeps_both_texts() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        let (first, second) = write_in_two_windows_at_once(
            &client,
            &server.url("/checklist/"),
            &write_note("Written in the first tab"),
            &write_note("Written in the second tab"),
        )
        .await;
        let before = stored(&client).await.to_string();
        assert!(
            !before.contains("Written in the first tab"),
            "neither tab could write while the lock was held: {before}"
        );
        js(&client, "window.__release()").await;

        for window in [second.clone(), first.clone()] {
            client.switch_to_window(window).await.unwrap();
            wait_until(&client, "return !!document.querySelector('.conflict-copy')", "the other text shown").await;
            let shown = js(&client, "return document.querySelector(\"textarea[id^='journal-']\").value").await;
            let copy = text(&client, ".conflict-copy").await;
            let mut both = [shown.as_str().unwrap_or_default().to_owned(), copy];
            both.sort();
            assert_eq!(both, ["Written in the first tab", "Written in the second tab"], "nothing lost, both shown");
            // Said to a screen reader, and shown right under the note it is of.
            assert_eq!(
                text(&client, ".save-status").await,
                "Your private note was written in two places at once. The other text is kept under it."
            );
            assert_eq!(
                js(&client, "return document.querySelector(\"textarea[id^='journal-']\").closest('.field').nextElementSibling.matches('.conflict-copies')").await,
                json!(true),
                "the other text comes right after its note"
            );
        }
        click_button(&client, "Keep both texts").await;
        wait_until(
            &client,
            "const t = document.querySelector(\"textarea[id^='journal-']\").value; return !document.querySelector('.conflict-copy') && t.includes('first tab') && t.includes('second tab')",
            "both texts in the note",
        )
        .await;
        // The buttons are gone: the keyboard is back in the note, and the
        // choice is said.
        assert_eq!(js(&client, "return document.activeElement.id").await, json!("journal-current"));
        assert_eq!(text(&client, ".save-status").await, "Both texts are now in your private note.");
        wait_stored(&client, "JSON.stringify(d).includes('Written in the first tab') && JSON.stringify(d).includes('Written in the second tab')", "both texts stored").await;
        client.switch_to_window(second).await.unwrap();
        wait_until(
            &client,
            "const t = document.querySelector(\"textarea[id^='journal-']\").value; return !document.querySelector('.conflict-copy') && t.includes('first tab') && t.includes('second tab')",
            "the other tab follows",
        )
        .await;
    })
    .await;
}

/// The two-window review's lost words: the first window's last words have
/// not reached the second when it types two keystrokes more. The second
/// keystroke follows the second window's own first one, not the first
/// window's words: those stay, offered as the other text in both windows.
#[tokio::test(flavor = "multi_thread")]
async fn typing_on_in_one_window_never_drops_words_another_window_wrote_unseen() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        let typed_twice = format!(
            "{{ {} }} {{ {} }}",
            write_note("Typed in the second"),
            write_note("Typed in the second window, on")
        );
        let (first, second) = write_in_two_windows_at_once(
            &client,
            &server.url("/checklist/"),
            &write_note("Last words of the first window"),
            &typed_twice,
        )
        .await;
        js(&client, "window.__release()").await;
        for window in [second, first] {
            client.switch_to_window(window).await.unwrap();
            wait_stored(
                &client,
                "JSON.stringify(d).includes('Typed in the second window, on')",
                "the second window's words",
            )
            .await;
            wait_until(
                &client,
                "return !!document.querySelector('.conflict-copy')",
                "the first window's words offered",
            )
            .await;
            let shown = js(
                &client,
                "return document.querySelector(\"textarea[id^='journal-']\").value",
            )
            .await;
            assert_eq!(
                shown,
                json!("Typed in the second window, on"),
                "the latest words shown"
            );
            assert_eq!(
                text(&client, ".conflict-copy").await,
                "Last words of the first window",
                "nothing lost"
            );
        }
        let saved = stored(&client).await.to_string();
        assert!(
            saved.contains("Last words of the first window"),
            "kept in storage: {saved}"
        );
    })
    .await;
}

/// Clicks "Save and finish this session" (a script).
const FINISH: &str =
    "[...document.querySelectorAll('button')].find(b => b.textContent.includes('Save and finish')).click()";

/// The two-window review: "Save and finish" in two windows at once left an
/// extra, empty past session. Both windows now start the same next session.
#[tokio::test(flavor = "multi_thread")]
async fn finishing_in_two_windows_at_once_keeps_one_past_session() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        let (first, second) = write_in_two_windows_at_once(
            &client,
            &server.url("/checklist/"),
            &format!("{{ {} }} {FINISH}", write_note("How the session went")),
            FINISH,
        )
        .await;
        js(&client, "window.__release()").await;
        for window in [second, first] {
            client.switch_to_window(window).await.unwrap();
            wait_until(
                &client,
                "return !!document.getElementById('session-saved')",
                "the session saved",
            )
            .await;
        }
        // Both windows' saves are in, and the journal has settled.
        tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
        let saved = stored(&client).await;
        let sessions = saved["sessions"].as_array().cloned().unwrap_or_default();
        assert_eq!(sessions.len(), 2, "one past session and the next: {saved}");
        assert!(saved.to_string().contains("How the session went"));
        visit(&client, &server.url("/history/")).await;
        wait_until(
            &client,
            "return document.querySelectorAll('.session-list > li').length > 0",
            "the history",
        )
        .await;
        assert_eq!(
            js(
                &client,
                "return document.querySelectorAll('.session-list > li').length"
            )
            .await,
            json!(1),
            "one past session listed"
        );
    })
    .await;
}

/// The two-window review: a session finished in one window while the other
/// was open on it moved the other window's next words into the new
/// session, without a word. That window now says what happened.
#[tokio::test(flavor = "multi_thread")]
async fn a_session_finished_in_another_window_is_said_in_this_one() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        let url = server.url("/checklist/");
        open(&client, &url).await;
        js(&client, &write_note("Half a sentence")).await;
        wait_stored(&client, "JSON.stringify(d).includes('Half a sentence')", "the words saved").await;
        // The client is writing in the note here.
        js(&client, "document.getElementById('journal-current').focus()").await;
        let (first, _second) = open_second(&client, &url, false).await;
        js(&client, FINISH).await;
        wait_until(&client, "return !!document.getElementById('session-saved')", "finished in the second window").await;
        client.switch_to_window(first).await.unwrap();
        wait_until(
            &client,
            "const p = document.getElementById('session-saved'); return !!p && p.textContent.includes('another window')",
            "the first window told",
        )
        .await;
        let status = js(&client, "return [...document.querySelectorAll('[role=status]')].map(s => s.textContent).join(' ')").await;
        assert!(
            status.as_str().unwrap_or_default().contains("finished in another window"),
            "said to a screen reader: {status}"
        );
        assert!(text(&client, "#session-saved").await.contains("Read the session of"));
        // The note was built afresh for the next session: the keyboard is
        // back in it, and what is typed on goes there, not nowhere.
        focus_lands_on(&client, "journal-current").await;
        client.active_element().await.unwrap().send_keys("Typed on").await.unwrap();
        wait_until(
            &client,
            "return document.getElementById('journal-current').value === 'Typed on'",
            "the keys typed on in the next session's note",
        )
        .await;
    })
    .await;
}

/// An import here that makes another session current, the one shown staying
/// in the history (it was written in on the other device too), is no finish
/// in another window: the page does not say it was.
#[tokio::test(flavor = "multi_thread")]
async fn an_import_here_is_not_said_to_be_a_finish_in_another_window() {
    use after_the_session::domain::journal::NoteKind;
    use after_the_session::domain::journal::codec::{decode, encode};
    let server = StaticServer::start(dist_dir(), &[]);
    let files = download_dir("trust-import-not-finish");
    let file = files.path().join("from-the-phone.json");
    with_browser(BrowserOptions::default(), move |client| async move {
        open(&client, &server.url("/checklist/")).await;
        wait_stored(&client, "true", "the first save").await;
        // This journal on another device: the session shown here written
        // in there, then followed by another.
        let raw = js(&client, &format!("return localStorage.getItem('{KEY}')")).await;
        let mut other = decode(raw.as_str().unwrap_or_default()).expect("the stored journal");
        let shown = other.current.value.clone();
        let at = other.latest_stamp() + 1_000;
        other
            .set_note(&shown, NoteKind::Private, "Written on the phone", at, "phone")
            .unwrap();
        other.start_new_session("s-phone-next".into(), "2026-11-27".into(), at + 1);
        std::fs::write(&file, encode(&other)).unwrap();
        preview_import(&client, &file).await;
        click_button(&client, "Import").await;
        wait_stored(
            &client,
            "d.current.v === 's-phone-next'",
            "the file's session current",
        )
        .await;
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        let notice = js(
            &client,
            "const p = document.getElementById('session-saved'); return p ? p.textContent : ''",
        )
        .await;
        assert!(
            !notice.as_str().unwrap_or_default().contains("another window"),
            "an import here is not a finish elsewhere: {notice}"
        );
        let stored = stored(&client).await.to_string();
        assert!(
            stored.contains("Written on the phone"),
            "the session shown is kept, filled in"
        );
    })
    .await;
}

/// The steps the checklist shows, in order (an expression).
const STEP_TEXTS: &str = "[...document.querySelectorAll('.step-text')].map(s => s.textContent)";

/// The two-window review: the steps were one value, so a step removed in one
/// window came back when the other added one (or the added one vanished).
/// Each step's removal now holds on its own, and so does each addition.
#[tokio::test(flavor = "multi_thread")]
async fn a_step_removed_in_one_window_and_one_added_in_the_other_both_hold() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        let (first, second) = write_in_two_windows_at_once(
            &client,
            &server.url("/checklist/"),
            "document.querySelector('.step-editor summary').click(); setTimeout(() => [...document.querySelectorAll('.edit-steps button')].find(b => b.getAttribute('aria-label') === 'Remove “Accept reality”').click(), 100)",
            "document.querySelector('.step-editor summary').click(); setTimeout(() => { const i = document.getElementById('new-step'); i.value = 'Call Sam'; i.dispatchEvent(new Event('input', { bubbles: true })); i.form.querySelector('button[type=submit]').click() }, 100)",
        )
        .await;
        js(&client, "window.__release()").await;
        let expected = json!(["Treat yourself!", "Write about it", "Talk about it", "Call Sam"]);
        for window in [second, first] {
            client.switch_to_window(window).await.unwrap();
            wait_until(
                &client,
                &format!("return JSON.stringify({STEP_TEXTS}) === {:?}", expected.to_string()),
                "the removal and the new step, both",
            )
            .await;
        }
        tokio::time::sleep(std::time::Duration::from_millis(800)).await;
        assert_eq!(js(&client, &format!("return {STEP_TEXTS}")).await, expected, "and they stay");
    })
    .await;
}

/// The two-window review: a new name typed for a step (not yet confirmed by
/// leaving the field) vanished when another window renamed that step. The
/// name being typed stays, and wins once confirmed.
#[tokio::test(flavor = "multi_thread")]
async fn a_step_name_being_typed_survives_a_rename_in_another_window() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        let url = server.url("/checklist/");
        open(&client, &url).await;
        wait_stored(&client, "true", "the first save").await;
        click(&client, ".step-editor summary").await;
        wait_until(&client, "return !!document.getElementById('step-text-treat-yourself')", "the step editor").await;
        js(&client, "const f = document.getElementById('step-text-treat-yourself'); f.focus(); f.value = 'A walk by the sea'").await;
        let (first, _second) = open_second(&client, &url, false).await;
        click(&client, ".step-editor summary").await;
        wait_until(&client, "return !!document.getElementById('step-text-treat-yourself')", "the step editor").await;
        js(&client, "const f = document.getElementById('step-text-treat-yourself'); f.value = 'Tea'; f.dispatchEvent(new Event('change', { bubbles: true }))").await;
        wait_stored(&client, "JSON.stringify(d).includes('\"Tea\"')", "the other window's name").await;
        client.switch_to_window(first).await.unwrap();
        wait_until(&client, &format!("return {STEP_TEXTS}[0] === 'Tea'"), "the rename reaches the first window").await;
        assert_eq!(
            js(&client, "return document.getElementById('step-text-treat-yourself').value").await,
            json!("A walk by the sea"),
            "the name being typed stays"
        );
        js(&client, "document.getElementById('step-text-treat-yourself').dispatchEvent(new Event('change', { bubbles: true }))").await;
        wait_until(&client, &format!("return {STEP_TEXTS}[0] === 'A walk by the sea'"), "the typed name wins").await;
        wait_stored(&client, "JSON.stringify(d).includes('A walk by the sea')", "and is saved").await;
    })
    .await;
}

/// Stands in for the browser's answer to `navigator.storage.persist()`
/// (headless browsers answer without asking anyone) and counts the asks.
fn answer_persist(granted: bool) -> String {
    format!(
        "window.__asked = 0; navigator.storage.persist = () => {{ window.__asked += 1; return Promise.resolve({granted}); }}"
    )
}

/// What the "Your data" section says about keeping the data (an expression).
const KEEPING: &str = "((document.querySelector('.data-keeping') || {}).textContent || '')";

#[tokio::test(flavor = "multi_thread")]
async fn the_browser_is_asked_to_keep_the_data_and_a_calm_reminder_follows_when_it_may_not() {
    let server = StaticServer::start(dist_dir(), &[]);
    let downloads = download_dir("trust-persist");
    let dir = downloads.path().to_owned();
    let options = BrowserOptions::downloading_to(&dir);
    with_browser(options, move |client| async move {
        let url = server.url("/checklist/");
        open(&client, &url).await;
        if js(
            &client,
            "return !(navigator.storage && navigator.storage.persist)",
        )
        .await
            == json!(true)
        {
            // An engine without the API (WebKitGTK's MiniBrowser): the app
            // says the browser may clear its data, and still saves.
            click(&client, "#step-treat-yourself").await;
            wait_until(
                &client,
                &format!("return {KEEPING}.includes('may clear its stored data')"),
                "the fallback said",
            )
            .await;
            return;
        }
        js(&client, &answer_persist(true)).await;
        assert_eq!(
            js(&client, &format!("return {KEEPING}")).await,
            json!(""),
            "nothing asked before a real entry"
        );
        click(&client, "#step-treat-yourself").await;
        wait_until(
            &client,
            "return window.__asked === 1",
            "asked after the first real entry",
        )
        .await;
        wait_until(
            &client,
            &format!("return {KEEPING}.includes('agreed to keep your data')"),
            "granted, and said",
        )
        .await;

        // Refused, with nine sessions and no download yet: a calm reminder.
        let past: Vec<(&str, Option<u8>, Option<u8>)> =
            (1..=9).map(|_| ("2026-11-01", Some(3), Some(3))).collect();
        crate::experience::store_journal(&client, &crate::experience::journal_with(&past)).await;
        open(&client, &url).await;
        js(&client, &answer_persist(false)).await;
        click(&client, "#step-accept-reality").await;
        wait_until(&client, "return window.__asked === 1", "asked again on this page").await;
        wait_until(
            &client,
            &format!("return {KEEPING}.includes('may clear its stored data')"),
            "refused, and said",
        )
        .await;
        let said = js(&client, &format!("return {KEEPING}")).await;
        // The stored sessions (the nine, the current one, and the first page's own).
        let sessions = stored(&client).await["sessions"].as_array().unwrap().len();
        assert!(sessions >= 10, "{sessions}");
        assert!(
            said.as_str().unwrap().contains(&format!(
                "{sessions} sessions were added since your last download"
            )),
            "{said}"
        );

        click_button(&client, "Download my data").await;
        wait_for_file(&dir).await;
        wait_until(
            &client,
            &format!("return !{KEEPING}.includes('since your last download')"),
            "no reminder right after a download",
        )
        .await;
        // Remembered across loads.
        open(&client, &url).await;
        js(&client, &answer_persist(false)).await;
        click(&client, "#step-talk-about-it").await;
        wait_until(
            &client,
            &format!("return {KEEPING}.includes('may clear its stored data')"),
            "refused, and said",
        )
        .await;
        assert!(
            !js(&client, &format!("return {KEEPING}"))
                .await
                .as_str()
                .unwrap()
                .contains("since your last download")
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn unreadable_data_that_cannot_be_backed_up_is_left_untouched() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        let url = server.url("/checklist/");
        client.goto(&url).await.unwrap();
        // Every backup place taken (by other unreadable copies), then more unreadable data.
        let raw = "{\"schema\": 2, \"sessions\": [\"half a note";
        let mut setup = String::from("localStorage.clear();");
        for n in 1..=5 {
            setup.push_str(&format!(
                "localStorage.setItem('{KEY}.unreadable.{n}', 'older copy {n}');"
            ));
        }
        setup.push_str(&format!(
            "localStorage.setItem('{KEY}', {});",
            serde_json::to_string(raw).unwrap()
        ));
        js(&client, &setup).await;
        open(&client, &url).await;
        click(&client, "#step-treat-yourself").await;
        click_button(&client, "Delete all my data").await;
        tokio::time::sleep(std::time::Duration::from_millis(1_000)).await;
        assert_eq!(
            js(&client, &format!("return localStorage.getItem('{KEY}')")).await,
            json!(raw),
            "left in place, untouched"
        );
        let page = text(&client, "main").await;
        assert!(
            page.contains("could not be read or backed up"),
            "the reason is given: {page}"
        );
        for n in 1..=5 {
            assert_eq!(
                js(
                    &client,
                    &format!("return localStorage.getItem('{KEY}.unreadable.{n}')")
                )
                .await,
                json!(format!("older copy {n}"))
            );
        }
    })
    .await;
}

/// Imports `file` (a preview, then Import) and waits until "Undo import" shows.
async fn import_with_undo(client: &Client, file: &std::path::Path) {
    preview_import(client, file).await;
    click_button(client, "Import").await;
    wait_until(
        client,
        "return [...document.querySelectorAll('.import-done button')].some(b => b.textContent === 'Undo import')",
        "Undo import offered",
    )
    .await;
}

const UNDO_GONE: &str =
    "return ![...document.querySelectorAll('button')].some(b => b.textContent === 'Undo import')";

#[tokio::test(flavor = "multi_thread")]
async fn undo_import_is_offered_only_until_the_next_change() {
    // Undoing an import writes the journal of before it again: after a
    // later change (here or in another tab) it would take that change back
    // too, or bring back what was deleted since. So it goes at that change.
    let server = StaticServer::start(dist_dir(), &[]);
    let downloads = download_dir("trust-undo-import");
    let dir = downloads.path().to_owned();
    let options = BrowserOptions::downloading_to(&dir);
    with_browser(options, move |client| async move {
        let url = server.url("/checklist/");
        open(&client, &url).await;
        type_into(&client, "textarea[id^='journal-']", "First words").await;
        wait_stored(&client, "JSON.stringify(d).includes('First words')", "saved").await;
        click_button(&client, "Download my data").await;
        let file = wait_for_file(&dir).await;
        click(&client, "#step-treat-yourself").await;

        // A change in this tab.
        import_with_undo(&client, &file).await;
        type_into(&client, "textarea[id^='journal-']", ", written after the import").await;
        wait_until(&client, UNDO_GONE, "Undo import gone after a change here").await;
        wait_stored(
            &client,
            "JSON.stringify(d).includes('First words, written after the import')",
            "the change is kept",
        )
        .await;

        // A change in another tab.
        import_with_undo(&client, &file).await;
        let (first, _second) = open_second(&client, &url, true).await;
        click(&client, "#step-accept-reality").await;
        wait_stored(
            &client,
            &format!("{CURRENT_TICKS}.includes('accept-reality')"),
            "ticked in the other tab",
        )
        .await;
        client.switch_to_window(first).await.unwrap();
        wait_until(
            &client,
            UNDO_GONE,
            "Undo import gone after a change in another tab",
        )
        .await;
        let ticks = js(
            &client,
            &format!("const d = JSON.parse(localStorage.getItem('{KEY}')); return {CURRENT_TICKS}"),
        )
        .await;
        assert_eq!(
            ticks,
            json!(["accept-reality", "treat-yourself"]),
            "both ticks kept"
        );
    })
    .await;
}

/// "Undo import" clicked while another tab is still typing (a key every
/// 100 ms, so its save never came): that tab saves first, which is a change
/// after the import, so the undo is refused and the words stay. Before, the
/// undo went through and the words were left in a deleted session.
#[tokio::test(flavor = "multi_thread")]
async fn undo_import_never_takes_away_words_another_tab_is_typing() {
    use after_the_session::domain::journal::codec::{decode, encode};
    let server = StaticServer::start(dist_dir(), &[]);
    let files = download_dir("trust-undo-while-typing");
    let file = files.path().join("from-the-phone.json");
    with_browser(BrowserOptions::default(), move |client| async move {
        let url = server.url("/checklist/");
        open(&client, &url).await;
        wait_stored(&client, "true", "the first save").await;
        // This journal on another device, with a later session there: the
        // import makes it current, and the other tab types in it.
        let raw = js(&client, &format!("return localStorage.getItem('{KEY}')")).await;
        let mut other = decode(raw.as_str().unwrap_or_default()).expect("the stored journal");
        let at = other.latest_stamp() + 1_000;
        other.start_new_session("s-phone-next".into(), "2026-11-27".into(), at);
        std::fs::write(&file, encode(&other)).unwrap();
        import_with_undo(&client, &file).await;
        let (first, second) = open_second(&client, &url, false).await;
        js(&client, &crate::checklist::keep_typing("textarea[id^='journal-']")).await;
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        client.switch_to_window(first.clone()).await.unwrap();
        click_button(&client, "Undo import").await;
        wait_until(
            &client,
            "return document.getElementById('import-result')?.textContent.includes('The import was not undone')",
            "the undo refused",
        )
        .await;
        client.switch_to_window(second).await.unwrap();
        js(&client, "clearInterval(window.__typing); return true").await;
        wait_stored(
            &client,
            "JSON.stringify(d).includes(' w0 w1') && d.current.v === 's-phone-next'",
            "the other tab's words stored, in the imported session",
        )
        .await;
        let note = js(&client, "return document.querySelector(\"textarea[id^='journal-']\").value").await;
        assert!(note.as_str().unwrap_or_default().starts_with(" w0 w1"), "{note}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn undo_of_a_deleted_session_says_when_it_came_too_late() {
    // A deleted session's words are purged once its undo window (10
    // minutes) has passed, at the next save of any tab. An Undo clicked
    // after that says so, rather than doing nothing.
    if crate::support::browser::skip_in(
        &[crate::support::browser::Engine::Firefox],
        "a Date.now replaced from a geckodriver script is not the one the page calls, so the test cannot move the other tab's clock",
    ) {
        return;
    }
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        open(&client, &server.url("/checklist/")).await;
        write_a_past_session(&client, "Words of a deleted session").await;
        client.goto(&server.url("/history/")).await.unwrap();
        open(&client, &server.url("/history/")).await;
        click(&client, ".session-list li summary").await;
        click_button(&client, "Delete this session").await;
        wait_stored(&client, "d.sessions.some(s => s.deleted.v)", "deleted").await;
        // Eleven minutes later, another tab saves: the deleted session is purged.
        let (first, _second) = open_second(&client, &server.url("/checklist/"), true).await;
        js(&client, "const real = Date.now.bind(Date); Date.now = () => real() + 11 * 60000; return true").await;
        click(&client, "#step-accept-reality").await;
        wait_stored(&client, "!d.sessions.some(s => s.deleted.v)", "purged by the other tab's save").await;
        client.switch_to_window(first).await.unwrap();
        click_button(&client, "Undo").await;
        wait_until(
            &client,
            "return document.querySelector('#undo-too-late').textContent.includes('can no longer be brought back')",
            "the Undo says it came too late",
        )
        .await;
        // The Undo button went away: the focus is on why, not on the body.
        focus_lands_on(&client, "undo-too-late").await;
        focused_is_no_live_region(&client, "why the Undo came too late").await;
        assert_eq!(js(&client, "return document.querySelectorAll('.session-list li').length").await, json!(0));
    })
    .await;
}

/// A past session open for editing in one tab and deleted in another: the
/// first tab says where it went and offers its Undo (the focus, lost with
/// the row, goes there), and the Undo brings it back with the words typed.
#[tokio::test(flavor = "multi_thread")]
async fn a_session_deleted_in_another_tab_while_written_in_here_can_be_brought_back() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        open(&client, &server.url("/checklist/")).await;
        write_a_past_session(&client, "Words of the session").await;
        open(&client, &server.url("/history/")).await;
        click(&client, ".session-list li summary").await;
        click_button(&client, "Edit").await;
        type_into(&client, ".session-list textarea[id^='journal-']", " and more").await;
        wait_stored(&client, "JSON.stringify(d).includes('and more')", "the words typed saved").await;

        let (first, _second) = open_second(&client, &server.url("/history/"), true).await;
        click(&client, ".session-list li summary").await;
        click_button(&client, "Delete this session").await;
        wait_stored(&client, "d.sessions.some(s => s.deleted.v)", "deleted in the second tab").await;

        client.switch_to_window(first).await.unwrap();
        wait_until(
            &client,
            "return document.querySelector('.undo-line').textContent.includes('was deleted in another tab.')",
            "the first tab says where the session went",
        )
        .await;
        wait_until(
            &client,
            "return document.activeElement.classList.contains('undo-button')",
            "the focus, lost with the row, on its Undo",
        )
        .await;
        click(&client, ".undo-button").await;
        wait_stored(&client, "!d.sessions.some(s => s.deleted.v)", "brought back").await;
        wait_until(
            &client,
            "return document.activeElement.tagName === 'SUMMARY' && document.querySelectorAll('.session-list li').length === 1",
            "the session back in the list, focused",
        )
        .await;
        assert!(
            stored(&client).await.to_string().contains("Words of the session and more"),
            "the words typed before the deletion are kept"
        );
    })
    .await;
}

/// Two long texts written at once: "Keep both texts" would make a note
/// longer than a note may be. It says so, and both texts stay.
#[tokio::test(flavor = "multi_thread")]
async fn keeping_both_texts_that_are_too_long_together_says_why_and_keeps_both() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        let long = |who: &str| {
            format!(
                "const t = document.querySelector(\"textarea[id^='journal-']\"); t.value = '{who} ' + 'a'.repeat(12000); \
                 t.dispatchEvent(new Event('input', {{ bubbles: true }}))"
            )
        };
        let (first, _second) =
            write_in_two_windows_at_once(&client, &server.url("/checklist/"), &long("First"), &long("Second")).await;
        js(&client, "window.__release()").await;
        client.switch_to_window(first).await.unwrap();
        wait_until(&client, "return !!document.querySelector('.conflict-copy')", "the other text shown").await;
        click_button(&client, "Keep both texts").await;
        wait_until(&client, "return !!document.querySelector('.conflict-copies [role=alert]')", "why it was refused").await;
        let why = text(&client, ".conflict-copies [role=alert]").await;
        assert!(why.starts_with("Both texts together are longer than a note may be (20,000 characters), so nothing was changed."), "{why}");
        assert_eq!(js(&client, "return document.querySelectorAll('.conflict-copy').length").await, json!(1), "the other text is still there");
        wait_stored(&client, "JSON.stringify(d).includes('First a') && JSON.stringify(d).includes('Second a')", "both texts kept").await;
    })
    .await;
}
