//! Issue 11, "Your data" (export, import, delete everything) as a client
//! meets it after a hard session: focus never falls to the page, every
//! action says in plain words what it did (plural forms right, the preview
//! the same counts as the import), the download says first what the file
//! holds, the danger button is not the focus ring's colour, the file picker
//! opens with Enter and with Space, removing an unreadable copy says so with
//! focus on the sentence; and each new state passes axe-core in
//! light and dark and fits 320 px without sideways scroll. Chromium narrows
//! the page to 320 px through DevTools (`support::browser::screen`).

use after_the_session::domain::journal::Journal;
use after_the_session::domain::journal::codec::encode;
use fantoccini::Client;
use serde_json::{Value, json};

use crate::checklist::{
    KEY, click, click_button, download_dir, import_file, open, steps, stored, wait_for_file, wait_stored,
};
use crate::experience::{active_id, assert_no_axe_violations};
use crate::support::browser::{
    BrowserOptions, assert_clean_console, focus_lands_on, focused_is_no_live_region, js, press, reload,
    screen, tab_back_to, tab_to, text, wait_until, with_browser,
};
use crate::support::dist_dir;
use crate::support::server::StaticServer;

const ENTER: char = '\u{E007}';
const SPACE: char = '\u{E00D}';
const ESCAPE: char = '\u{E00C}';

/// Sessions not deleted in the stored journal.
async fn live_sessions(client: &Client) -> usize {
    stored(client).await["sessions"].as_array().map_or(0, |s| {
        s.iter().filter(|s| s["deleted"]["v"] != json!(true)).count()
    })
}

/// No sideways scroll (where the page could be made 320 px wide), and
/// `context` passes axe-core.
async fn fits_and_passes_axe(client: &Client, context: &str) {
    if js(client, "return innerWidth").await != json!(320) {
        return assert_no_axe_violations(client, context).await;
    }
    let overflow = js(
        client,
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth",
    )
    .await;
    let wide = js(client, "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1 && !e.closest('.visually-hidden')).slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + e.className)").await;
    assert_eq!(
        overflow,
        json!(0),
        "{context}: scrolls sideways at 320 px: {wide}"
    );
    assert_no_axe_violations(client, context).await;
}

/// A 320 px phone in the given scheme, with downloads going to `downloads`.
fn narrow(dark: bool, downloads: Option<std::path::PathBuf>) -> BrowserOptions {
    BrowserOptions {
        width: 320,
        height: 640,
        dark,
        download_dir: downloads,
        ..Default::default()
    }
}

const DIALOG: &str = "document.querySelector('dialog.confirm-dialog')";

/// Waits two animation frames. Under reduced motion every property change
/// is a 0.01 ms transition (style/main.css), so a colour read in the same
/// frame as a focus change is still the old one.
async fn after_two_frames(client: &Client) {
    client
        .execute_async(
            "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)))",
            vec![],
        )
        .await
        .expect("two animation frames");
}

async fn delete_everything_asks_first(dark: bool) {
    let server = StaticServer::start(dist_dir(), &[]);
    let scheme = if dark { "dark" } else { "light" };
    with_browser(narrow(dark, None), move |client| async move {
        // Where the driver cannot narrow the window (said on stderr), the
        // rest runs at its width, without the sideways-scroll check.
        let _ = screen(&client, 320, 640).await;
        open(&client, &server.url("/checklist/")).await;
        click(&client, "#step-treat-yourself").await;
        wait_stored(&client, "Object.values(d.sessions[0].ticks).some(t => t.v)", "the tick saved").await;

        // Reached by keyboard; its colour is not the focus ring's.
        tab_to(&client, "#delete-all", 80).await;
        after_two_frames(&client).await;
        let colours = js(
            &client,
            "const b = document.activeElement; const s = getComputedStyle(b);
             return [b.matches(':focus-visible'), s.outlineStyle, s.outlineColor, s.borderTopColor, s.color]",
        )
        .await;
        assert_eq!(colours[0], json!(true), "{scheme}: a visible focus ring: {colours}");
        assert_ne!(colours[1], json!("none"), "{scheme}: {colours}");
        assert_ne!(colours[2], colours[3], "{scheme}: the danger border is the focus ring's colour: {colours}");
        assert_ne!(colours[2], colours[4], "{scheme}: the danger text is the focus ring's colour: {colours}");

        // Enter opens a modal dialog, focus on the safe choice.
        press(&client, ENTER).await;
        wait_until(&client, &format!("return {DIALOG}.open"), "the dialog open").await;
        let opened = js(
            &client,
            &format!(
                "const d = {DIALOG}; const a = document.activeElement;
                 return [d.open, d.matches(':modal'), d.contains(a), a.textContent.trim(), d.getBoundingClientRect().right <= innerWidth]"
            ),
        )
        .await;
        assert_eq!(opened, json!([true, true, true, "Keep my data", true]), "{scheme}: the dialog open");
        after_two_frames(&client).await;
        let red = js(
            &client,
            &format!(
                "const d = [...{DIALOG}.querySelectorAll('button')].find(b => b.textContent.trim() === 'Delete everything');
                 return [getComputedStyle(d).backgroundColor, getComputedStyle(document.activeElement).outlineColor]"
            ),
        )
        .await;
        assert_ne!(red[0], red[1], "{scheme}: Delete everything is not the focus ring's colour: {red}");
        fits_and_passes_axe(&client, &format!("the delete dialog open ({scheme})")).await;

        // Escape, and "Keep my data": closed, focus back on the opener, nothing deleted.
        press(&client, ESCAPE).await;
        wait_until(&client, &format!("return !{DIALOG}.open"), "the dialog closed by Escape").await;
        focus_lands_on(&client, "delete-all").await;
        press(&client, ENTER).await;
        wait_until(&client, &format!("return {DIALOG}.open"), "the dialog open again").await;
        click_button(&client, "Keep my data").await;
        wait_until(&client, &format!("return !{DIALOG}.open"), "the dialog closed").await;
        focus_lands_on(&client, "delete-all").await;
        assert_eq!(live_sessions(&client).await, 1, "{scheme}: nothing deleted");
        assert!(
            js(&client, "return document.querySelector('#step-treat-yourself').checked").await == json!(true),
            "{scheme}: the tick stays"
        );

        // Deleting: focus on the sentence that says what went, in the right form.
        press(&client, ENTER).await;
        wait_until(&client, &format!("return {DIALOG}.open"), "the dialog open a third time").await;
        click_button(&client, "Delete everything").await;
        focus_lands_on(&client, "data-status").await;
        let said = text(&client, "#data-status").await;
        assert_eq!(
            said,
            format!(
                "Deleted from this browser: 1 session, with every tick and note. Other open tabs of this site delete them too. Stored items removed: {KEY}."
            ),
            "{scheme}"
        );
        assert!(
            js(&client, "return document.querySelector('#step-treat-yourself').checked").await == json!(false),
            "{scheme}: the tick is gone"
        );
        assert_eq!(js(&client, &format!("return {DIALOG}.open")).await, json!(false));
        fits_and_passes_axe(&client, &format!("after deleting everything ({scheme})")).await;
        assert_clean_console(&client, &format!("the delete dialog ({scheme})")).await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn delete_everything_asks_in_a_dialog_and_focus_follows_in_light() {
    delete_everything_asks_first(false).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn delete_everything_asks_in_a_dialog_and_focus_follows_in_dark() {
    delete_everything_asks_first(true).await;
}

/// A backup file holding `n` sessions, each with a tick, their ids
/// starting with `name` (two files never share a session).
fn backup_with(name: &str, n: usize) -> Journal {
    let mut journal = Journal::new(format!("{name}-0"), "2026-11-05".into(), steps(), 1_000);
    for i in 0..n {
        journal
            .set_ticked("treat-yourself", true, 1_010 + 100 * i as u64)
            .unwrap();
        if i + 1 < n {
            journal.start_new_session(
                format!("{name}-{}", i + 1),
                format!("2026-11-{:02}", 12 + i),
                1_050 + 100 * i as u64,
            );
        }
    }
    journal
}

async fn active(client: &Client) -> Value {
    active_id(client).await
}

async fn import_says_what_it_does(dark: bool) {
    let server = StaticServer::start(dist_dir(), &[]);
    let scheme = if dark { "dark" } else { "light" };
    let downloads = download_dir(&format!("your-data-{scheme}"));
    let dir = downloads.path().to_owned();
    let write = |name: &str, bytes: &[u8]| {
        let path = dir.join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    };
    let one = write("one.json", encode(&backup_with("one", 1)).as_bytes());
    let two = write("two.json", encode(&backup_with("two", 2)).as_bytes());
    let diary = write("diary.json", b"Dear diary, today was hard.");
    let newer = write("newer.json", br#"{"schema": 99, "sessions": []}"#);
    let exports = dir.join("exports");
    std::fs::create_dir_all(&exports).unwrap();
    with_browser(narrow(dark, Some(exports.clone())), move |client| async move {
        // Where the driver cannot narrow the window (said on stderr), the
        // rest runs at its width, without the sideways-scroll check.
        let _ = screen(&client, 320, 640).await;
        open(&client, &server.url("/checklist/")).await;
        click(&client, "#step-accept-reality").await;
        wait_stored(&client, "Object.values(d.sessions[0].ticks).some(t => t.v)", "the tick saved").await;

        // The download says, before it starts, what the file holds.
        let note = js(
            &client,
            "const b = [...document.querySelectorAll('button')].find(b => b.textContent.trim() === 'Download my data');
             return document.getElementById(b.getAttribute('aria-describedby')).textContent",
        )
        .await;
        assert_eq!(
            note,
            json!("The file holds your journal, your notes included, as readable text: anyone who opens it can read it. Keep it somewhere private.")
        );
        click_button(&client, "Download my data").await;
        let file = wait_for_file(&exports).await;
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        assert_eq!(
            text(&client, "#data-status").await,
            format!("Your data was downloaded as {name}. Your notes are in it as readable text: keep it somewhere private.")
        );
        // Said by taking the focus, once: the line is no live region.
        focus_lands_on(&client, "data-status").await;
        focused_is_no_live_region(&client, "what the download did").await;

        // One session: the preview in the singular, focus on it; Cancel
        // gives focus back to the button that chose the file.
        let here = live_sessions(&client).await;
        import_file(&client, &one).await;
        focus_lands_on(&client, "import-preview").await;
        assert_eq!(text(&client, ".import-summary").await, "Importing this file adds 1 session.");
        fits_and_passes_axe(&client, &format!("the import preview ({scheme})")).await;
        click_button(&client, "Cancel").await;
        focus_lands_on(&client, "import-button").await;
        assert_eq!(live_sessions(&client).await, here, "Cancel imports nothing");

        // Import: focus on the result, which says what the preview said.
        import_file(&client, &one).await;
        focus_lands_on(&client, "import-preview").await;
        click_button(&client, "Import").await;
        focus_lands_on(&client, "import-result").await;
        assert_eq!(text(&client, "#import-result p").await, "The file was imported: it added 1 session.");
        focused_is_no_live_region(&client, "the import's result").await;
        assert_eq!(live_sessions(&client).await, here + 1, "the import did what the preview said");
        fits_and_passes_axe(&client, &format!("the import result ({scheme})")).await;

        // Undo: focus stays on the result, which now says so.
        click_button(&client, "Undo import").await;
        wait_until(
            &client,
            "return document.activeElement.id === 'import-result' && document.activeElement.textContent.includes('undone')",
            "focus on the undone message",
        )
        .await;
        assert_eq!(live_sessions(&client).await, here);

        // Two sessions: the plural, and again exactly what happens.
        import_file(&client, &two).await;
        focus_lands_on(&client, "import-preview").await;
        assert_eq!(text(&client, ".import-summary").await, "Importing this file adds 2 sessions.");
        click_button(&client, "Import").await;
        focus_lands_on(&client, "import-result").await;
        assert_eq!(text(&client, "#import-result p").await, "The file was imported: it added 2 sessions.");
        assert_eq!(live_sessions(&client).await, here + 2);

        // Refusals: plain words, focus on them, nothing changed.
        let before = stored(&client).await;
        for (file, expected) in [
            (
                &diary,
                "This file was not imported, and nothing changed. This file is not a backup from this app. A backup is the file that “Download my data” saves; its name starts with “after-the-session-”.",
            ),
            (
                &newer,
                "This file was not imported, and nothing changed. This backup was made by a newer version of this app. Reload this page to get the newer version, then import the file again.",
            ),
        ] {
            import_file(&client, file).await;
            wait_until(
                &client,
                &format!("return document.activeElement.id === 'import-result' && document.activeElement.textContent === {expected:?}"),
                &format!("focus on the refusal of {}", file.display()),
            )
            .await;
            focused_is_no_live_region(&client, "a refusal").await;
            assert_eq!(stored(&client).await, before, "nothing changed");
            fits_and_passes_axe(&client, &format!("an import refused ({scheme})")).await;
        }

        // Deleting everything takes away what the import said: focus on
        // the sentence of what was deleted.
        import_file(&client, &one).await;
        focus_lands_on(&client, "import-preview").await;
        click_button(&client, "Import").await;
        focus_lands_on(&client, "import-result").await;
        click_button(&client, "Delete all my data").await;
        wait_until(&client, &format!("return {DIALOG}.open"), "the dialog").await;
        click_button(&client, "Delete everything").await;
        focus_lands_on(&client, "data-status").await;
        assert_eq!(
            js(&client, "return document.querySelectorAll('#import-result, .import-preview').length").await,
            json!(0),
            "{scheme}: no word left of the import"
        );
        fits_and_passes_axe(&client, &format!("after deleting, from the import ({scheme})")).await;
        assert_clean_console(&client, &format!("export and import ({scheme})")).await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn importing_says_what_it_does_and_focus_follows_in_light() {
    import_says_what_it_does(false).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn importing_says_what_it_does_and_focus_follows_in_dark() {
    import_says_what_it_does(true).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn import_from_a_file_opens_the_picker_with_enter_and_with_space() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        open(&client, &server.url("/checklist/")).await;
        // Each click on the file input is the picker opening; the test
        // counts it and stops the (headless) picker.
        js(
            &client,
            "window.__picks = 0; document.getElementById('import-file').addEventListener('click', e => { window.__picks += 1; e.preventDefault(); })",
        )
        .await;
        tab_to(&client, "#import-button", 80).await;
        press(&client, ENTER).await;
        wait_until(&client, "return window.__picks === 1", "Enter opens the picker").await;
        press(&client, SPACE).await;
        wait_until(&client, "return window.__picks === 2", "Space opens the picker").await;
        assert_eq!(active(&client).await, json!("import-button"), "focus stays on the button");
        // The hidden input is not a second, invisible stop on the way.
        tab_back_to(&client, "button", 1).await;
        assert_eq!(
            js(&client, "return document.activeElement.textContent.trim()").await,
            json!("Download my data")
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn removing_an_unreadable_copy_says_so_and_keeps_focus_on_the_page() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        let url = server.url("/checklist/");
        client.goto(&url).await.unwrap();
        js(
            &client,
            &format!("localStorage.setItem('{KEY}', 'not json at all')"),
        )
        .await;
        reload(&client).await;
        open(&client, &url).await;
        wait_until(
            &client,
            "return document.querySelectorAll('.backups li').length === 1",
            "one backup listed",
        )
        .await;
        let key = js(
            &client,
            "return document.querySelector('.backups li code').textContent",
        )
        .await;
        let key = key.as_str().expect("the backup's key").to_owned();
        // The row's own Remove (the step editor has Remove buttons too).
        click(&client, ".backups li button:last-of-type").await;
        focus_lands_on(&client, "data-status").await;
        assert_eq!(
            text(&client, "#data-status").await,
            format!("The unreadable data kept under “{key}” was removed.")
        );
        assert_eq!(
            js(&client, "return document.querySelectorAll('.backups').length").await,
            json!(0)
        );
        assert_eq!(
            js(&client, &format!("return localStorage.getItem({key:?})")).await,
            Value::Null,
            "the copy is gone from storage"
        );
    })
    .await;
}
