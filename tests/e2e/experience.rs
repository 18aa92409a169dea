//! The checklist and past sessions as a person uses them after a hard
//! session (issue 11): stored values shown after a reload, in-app
//! navigation and another tab's change; help where the client is looking;
//! a confirmation when a session is finished; past sessions in words; a
//! readable chart; focus that never falls to the page; calm controls.
//! "Your data" (export, import, delete everything) is in `your_data.rs`.

use std::time::Duration;

use after_the_session::domain::journal::codec::encode;
use after_the_session::domain::journal::{Journal, Step};
use fantoccini::{Client, Locator};
use serde_json::{Value, json};

use crate::support::browser::{
    BrowserOptions, Engine, axe_violations, cdp, focus_lands_on, js, press, screen, settle, skip_in, visit,
    wait_hydrated, wait_until, with_browser,
};
use crate::support::server::StaticServer;
use crate::support::{dist_dir, http_get};

use crate::checklist::KEY;
const ARROW_DOWN: char = '\u{E015}';
const ARROW_UP: char = '\u{E013}';
const PHONE: BrowserOptions = BrowserOptions {
    width: 390,
    height: 844,
    dark: false,
    javascript: true,
    block_storage: false,
    download_dir: None,
};

fn phone() -> BrowserOptions {
    PHONE.clone()
}

/// Opens `url` and waits until the page has read storage.
async fn open(client: &Client, url: &str) {
    client.goto(url).await.unwrap();
    wait_ready(client).await;
}

async fn wait_ready(client: &Client) {
    wait_hydrated(client).await;
    wait_until(
        client,
        "const c = document.querySelector('input[type=checkbox], .session-list, main [role=alert]'); return !!c && !c.disabled",
        "the journal is read",
    )
    .await;
}

async fn click(client: &Client, css: &str) {
    settle(client).await;
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

async fn click_text(client: &Client, tag: &str, label: &str) {
    settle(client).await;
    client
        .find(Locator::XPath(&format!("//{tag}[normalize-space()='{label}']")))
        .await
        .unwrap_or_else(|e| panic!("{tag} {label}: {e}"))
        .click()
        .await
        .unwrap();
}

pub(crate) async fn active_id(client: &Client) -> Value {
    js(client, "return document.activeElement.id").await
}

pub(crate) async fn assert_no_axe_violations(client: &Client, context: &str) {
    let violations = axe_violations(client).await;
    assert!(violations.is_empty(), "{context}:\n{}", violations.join("\n"));
}

/// Puts `journal` in storage (the page is then reloaded by the caller).
pub(crate) async fn store_journal(client: &Client, journal: &Journal) {
    js(
        client,
        &format!(
            "localStorage.setItem('{KEY}', {})",
            serde_json::to_string(&encode(journal)).unwrap()
        ),
    )
    .await;
}

fn steps() -> Vec<Step> {
    let content = after_the_session::domain::content::parse::parse_content(
        include_str!("../../content/article.md"),
        include_str!("../../content/site.toml"),
    )
    .expect("the content files parse");
    after_the_session::domain::journal::default_steps(content.article.steps())
}

/// Past sessions with these dates and moods (oldest first), and a current one.
pub(crate) fn journal_with(past: &[(&str, Option<u8>, Option<u8>)]) -> Journal {
    let mut journal = Journal::new("p0".into(), past[0].0.into(), steps(), 1_000);
    for (i, (date, before, after)) in past.iter().enumerate() {
        let id = journal.current.value.clone();
        let t = 1_000 + 100 * i as u64;
        journal.set_date(&id, date, t + 1).unwrap();
        journal.set_moods(&id, *before, *after, t + 2).unwrap();
        journal.set_ticked("treat-yourself", true, t + 3).unwrap();
        let next = if i + 1 == past.len() {
            "now".to_owned()
        } else {
            format!("p{}", i + 1)
        };
        journal.start_new_session(next, "2026-11-26".into(), t + 4);
    }
    journal
}

const MOOD_BEFORE_4: &str = "input[id^='mood-before-'][id$='-4']";
const MOOD_AFTER_3: &str = "input[id^='mood-after-'][id$='-3']";
const BRING_UP: &str = "textarea[id^='bring-up-']";

/// What the checklist's controls show, read from the DOM.
async fn controls(client: &Client) -> Value {
    js(
        client,
        "const q = s => document.querySelector(s);
         const checked = n => [...document.querySelectorAll(`input[name^='${n}']`)].filter(r => r.checked).map(r => r.id.split('-').pop());
         return { tick: q('#step-treat-yourself').checked, other: q('#step-accept-reality').checked,
                  before: checked('mood-before-'), after: checked('mood-after-'),
                  date: q('input[type=date]').value, note: q(\"textarea[id^='bring-up-']\").value }",
    )
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn every_control_shows_what_is_stored_after_reload_navigation_and_another_tab() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        let url = server.url("/checklist/");
        open(&client, &url).await;
        click(&client, "#step-treat-yourself").await;
        click(&client, MOOD_BEFORE_4).await;
        click(&client, MOOD_AFTER_3).await;
        js(&client, "const d = document.querySelector('input[type=date]'); d.value = '2026-11-19'; d.dispatchEvent(new Event('change', { bubbles: true }))").await;
        client.find(Locator::Css(BRING_UP)).await.unwrap().send_keys("Ask about sleep").await.unwrap();
        wait_until(
            &client,
            &format!("const d = JSON.parse(localStorage.getItem('{KEY}')); const s = d.sessions.find(s => s.id === d.current.v); return s.mood_before.v === 4 && s.mood_after.v === 3 && s.date.v === '2026-11-19' && s.bring_up.v[0].v === 'Ask about sleep' && Object.values(s.ticks).filter(t => t.v).length === 1"),
            "every control's value is stored",
        )
        .await;
        let expected = json!({ "tick": true, "other": false, "before": ["4"], "after": ["3"], "date": "2026-11-19", "note": "Ask about sleep" });

        client.refresh().await.unwrap();
        wait_ready(&client).await;
        assert_eq!(controls(&client).await, expected, "after a reload");

        // Away and back inside the app (the same document throughout).
        js(&client, "window.__samePage = true").await;
        click(&client, "nav[aria-label=Main] a[href='/faq/']").await;
        wait_until(&client, "return location.pathname === '/faq/'", "the FAQ").await;
        click(&client, "nav[aria-label=Main] a[href='/checklist/']").await;
        wait_until(&client, "return location.pathname === '/checklist/' && !!document.querySelector('#step-treat-yourself')", "the checklist again").await;
        wait_ready(&client).await;
        assert_eq!(js(&client, "return window.__samePage === true").await, json!(true));
        assert_eq!(controls(&client).await, expected, "after navigating inside the app");

        // Another tab changes every kind of control.
        let (first, _) = crate::checklist::second_window(&client, true).await;
        open(&client, &url).await;
        assert_eq!(controls(&client).await, expected, "in a second tab");
        click(&client, "#step-treat-yourself").await;
        click(&client, "#step-accept-reality").await;
        click(&client, "input[id^='mood-before-'][id$='-2']").await;
        click(&client, "input[id^='mood-after-'][id$='-5']").await;
        js(&client, "const d = document.querySelector('input[type=date]'); d.value = '2026-11-20'; d.dispatchEvent(new Event('change', { bubbles: true }))").await;
        client.find(Locator::Css(BRING_UP)).await.unwrap().send_keys(", and food").await.unwrap();
        client.close_window().await.unwrap();
        client.switch_to_window(first).await.unwrap();
        let changed = json!({ "tick": false, "other": true, "before": ["2"], "after": ["5"], "date": "2026-11-20", "note": "Ask about sleep, and food" });
        for _ in 0..100 {
            if controls(&client).await == changed {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(controls(&client).await, changed, "after another tab's change");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_help_prompt_appears_under_the_answered_mood_and_not_while_arrowing() {
    let server = StaticServer::start(dist_dir(), &[]);
    // The live region is in the page as it arrives, before any script runs.
    let (_, html) = http_get(server.addr, "/checklist/");
    assert!(
        html.contains("<p role=\"status\" class=\"visually-hidden\">"),
        "a live region from page load"
    );
    with_browser(phone(), move |client| async move {
        if !screen(&client, 390, 844).await {
            return;
        }
        open(&client, &server.url("/checklist/")).await;
        let prompts = "return document.querySelectorAll('.help-prompt').length";
        let region = "return document.querySelector('.checklist p.visually-hidden[role=status]').textContent.trim()";
        assert_eq!(js(&client, region).await, json!(""));

        // Arrowing from "Not noted" passes "1" (and would flash the prompt).
        click(&client, "input[id^='mood-before-'][id$='-3']").await;
        click(&client, "input[id^='mood-after-'][id$='-0']").await;
        press(&client, ARROW_DOWN).await;
        wait_until(&client, "return document.activeElement.id.endsWith('-1')", "on 1").await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        assert_eq!(js(&client, prompts).await, json!(0), "no prompt while passing 1");
        press(&client, ARROW_DOWN).await;
        tokio::time::sleep(Duration::from_millis(1500)).await;
        assert_eq!(js(&client, prompts).await, json!(0), "settled on 2 (from 3): no prompt");
        assert_eq!(js(&client, region).await, json!(""));
        // Resting on 1 is a choice: the prompt comes, and is announced.
        press(&client, ARROW_UP).await;
        wait_until(&client, "return document.querySelectorAll('.help-prompt').length === 1", "the prompt after settling on 1").await;
        assert!(js(&client, region).await.as_str().unwrap().contains("hard session"));

        // A tap: directly under the tapped question, on screen.
        click(&client, "input[id^='mood-after-'][id$='-2']").await;
        click(&client, "input[id^='mood-before-'][id$='-5']").await;
        wait_until(
            &client,
            "const p = document.querySelector('.help-prompt'); return !!p && p.previousElementSibling.querySelector('input').name.startsWith('mood-before-')",
            "the prompt under the question answered last",
        )
        .await;
        let boxes = js(
            &client,
            "const r = document.querySelector(\"input[id^='mood-before-'][id$='-5']\").closest('.mood-option').getBoundingClientRect();
             const p = document.querySelector('.help-prompt').getBoundingClientRect();
             return { gap: p.top - r.bottom, top: p.top, viewport: innerHeight, overlapX: p.left < r.right && p.right > r.left }",
        )
        .await;
        let gap = boxes["gap"].as_f64().unwrap();
        assert!((0.0..120.0).contains(&gap), "the prompt starts just under the tapped mood: {boxes}");
        assert!(boxes["top"].as_f64().unwrap() < boxes["viewport"].as_f64().unwrap(), "on screen: {boxes}");
        assert_eq!(boxes["overlapX"], json!(true), "{boxes}");
        assert_no_axe_violations(&client, "the help prompt shown").await;

        // Hiding it gives focus back to the question.
        click_text(&client, "button", "Hide this").await;
        wait_until(&client, prompts.replace("return ", "return 0 === ").as_str(), "hidden").await;
        let focused = active_id(&client).await;
        assert!(
            focused.as_str().is_some_and(|id| id.starts_with("mood-before-") && id.ends_with("-5")),
            "focus is back on the chosen mood: {focused}"
        );
    })
    .await;
}

/// On a phone the moods can stand in a column, or be tapped at the window's
/// bottom edge: the prompt, which comes under them, is brought onto the
/// screen (a reviewer saw it wholly below a 320×568 window). In every
/// engine, at its window's size.
#[tokio::test(flavor = "multi_thread")]
async fn the_help_prompt_is_brought_onto_the_screen_when_a_low_mood_is_tapped_at_its_bottom_edge() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(phone(), move |client| async move {
        open(&client, &server.url("/checklist/")).await;
        let very_low = "input[id^='mood-after-'][id$='-1']";
        // The option's bottom at the window's bottom: a click needs no scroll.
        js(
            &client,
            &format!("document.querySelector(\"{very_low}\").closest('.mood-option').scrollIntoView({{ block: 'end', behavior: 'instant' }}); return 0"),
        )
        .await;
        assert_eq!(js(&client, "return document.querySelectorAll('.help-prompt').length").await, json!(0));
        let below = js(
            &client,
            &format!("return document.querySelector(\"{very_low}\").closest('.mood-option').getBoundingClientRect().bottom >= innerHeight - 2"),
        )
        .await;
        assert_eq!(below, json!(true), "the moods are at the bottom of the window");
        click(&client, very_low).await;
        wait_until(
            &client,
            "const p = document.querySelector('.help-prompt'); if (!p) return false; const r = p.getBoundingClientRect(); return r.top >= 0 && r.bottom <= document.documentElement.clientHeight + 2",
            "the whole prompt on screen",
        )
        .await;
        // The tapped question's answer is still what was tapped, and it
        // keeps the focus (scrolling moved nothing else).
        assert_eq!(js(&client, &format!("return document.querySelector(\"{very_low}\").checked")).await, json!(true));
        let focused = active_id(&client).await;
        assert!(focused.as_str().is_some_and(|id| id.starts_with("mood-after-") && id.ends_with("-1")), "{focused}");

        // A page opened with the prompt already there (the mood stored)
        // stays where it opens: it does not jump to the prompt.
        visit(&client, &server.url("/faq/")).await;
        open(&client, &server.url("/checklist/")).await;
        wait_until(&client, "return !!document.querySelector('.help-prompt')", "the prompt, opened again").await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(js(&client, "return Math.round(scrollY)").await, json!(0), "the page opens at its top");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn help_is_in_the_header_of_every_page_apart_from_the_navigation() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(phone(), move |client| async move {
        if !screen(&client, 390, 844).await {
            return;
        }
        for path in ["/", "/faq/", "/checklist/", "/history/", "/help/", "/no/such/page"] {
            visit(&client, &server.url(path)).await;
            let link = js(
                &client,
                "const a = document.querySelector('header .header-help'); const r = a.getBoundingClientRect();
                 return [a.textContent, a.getAttribute('href'), !!a.closest('nav'), r.bottom <= innerHeight / 3, r.height >= 44]",
            )
            .await;
            assert_eq!(link, json!(["Get help now", "/help/", false, true, true]), "{path}");
        }
        click(&client, "header .header-help").await;
        wait_until(&client, "return location.pathname === '/help/'", "the help page").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn finishing_a_session_confirms_it_and_carries_its_note_forward() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(phone(), move |client| async move {
        if !screen(&client, 390, 844).await {
            return;
        }
        open(&client, &server.url("/checklist/")).await;
        // The content's gentle prompts show in the empty notes, never as text in them.
        let prompts = js(
            &client,
            "return [...document.querySelectorAll('.session-fields textarea')].map(t => [t.placeholder, t.value])",
        )
        .await;
        assert_eq!(
            prompts,
            json!([["What do I want to raise next time?", ""], ["What came up today? What do I need tonight?", ""]])
        );
        js(&client, "const d = document.querySelector('input[type=date]'); d.value = '2026-11-19'; d.dispatchEvent(new Event('change', { bubbles: true }))").await;
        client.find(Locator::Css(BRING_UP)).await.unwrap().send_keys("Ask about the dream").await.unwrap();
        // A quiet "Saved" once the note is stored.
        wait_until(&client, "return document.querySelector('.save-status[role=status]').textContent === 'Saved'", "Saved").await;
        click_text(&client, "button", "Save and finish this session").await;
        focus_lands_on(&client, "session-saved").await;
        let panel = js(
            &client,
            "const p = document.getElementById('session-saved'); return [p.querySelector('h3').textContent, p.querySelector('a').textContent, p.querySelector('a').getAttribute('href')]",
        )
        .await;
        assert_eq!(panel[0], json!("Session saved"));
        assert_eq!(panel[1], json!("Read the session of Thu 19 Nov"));
        assert!(panel[2].as_str().unwrap().starts_with("/history/#session-"), "{panel}");
        let field = js(
            &client,
            "const t = document.querySelector(\"textarea[id^='bring-up-']\"); const ids = t.getAttribute('aria-describedby').split(' ');
             return [t.value, ids.map(id => document.getElementById(id).textContent).join(' | ')]",
        )
        .await;
        assert_eq!(field[0], json!(""), "the new session starts empty");
        assert!(
            field[1].as_str().unwrap().contains("Last time you wanted to raise: Ask about the dream"),
            "{field}"
        );
        assert_no_axe_violations(&client, "the confirmation (light)").await;

        // The link opens the saved session, read-only, with Edit.
        click(&client, "#session-saved a").await;
        wait_until(&client, "return location.pathname === '/history/' && !!document.querySelector('.session-list details[open] .session-read')", "the saved session open").await;
        wait_until(&client, "return document.activeElement.tagName === 'SUMMARY'", "focus on the opened session").await;
        let read = js(&client, "return document.querySelector('.session-read').textContent").await;
        assert!(read.as_str().unwrap().contains("Ask about the dream"), "{read}");
        assert_eq!(js(&client, "return document.querySelectorAll('.session-list textarea').length").await, json!(0), "read-only");
        assert_no_axe_violations(&client, "a past session open (light)").await;
        click_text(&client, "button", "Edit").await;
        wait_until(&client, "return document.activeElement.type === 'date'", "focus in the first field").await;
        click_text(&client, "button", "Done").await;
        wait_until(&client, "return document.activeElement.textContent === 'Edit'", "focus back on Edit").await;
    })
    .await;
}

/// Text enlarged without zooming the page (the browser's text size): the
/// chart's words and dates grow with it, the plot grows with them, its
/// dots up to twice their size, and nothing overlaps or is cut off, beside
/// the plot (twice the size) or, where the words leave the plot too little
/// room, above its lines (four times), in every engine.
#[tokio::test(flavor = "multi_thread")]
async fn the_mood_chart_grows_with_the_readers_text_size() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        let url = server.url("/history/");
        open(&client, &url).await;
        store_journal(&client, &four_sessions()).await;
        open(&client, &url).await;
        let normal = chart_layout(&client).await;
        assert_chart_reads(&normal);
        assert_eq!(normal["beside"], json!(true), "{normal}");
        assert_eq!(normal["dot"].as_f64(), Some(5.0), "the dots' radius: {normal}");
        for (scale, beside, dates) in [(2, true, 4), (4, false, 2)] {
            set_text_size(&client, scale * 100, &normal).await;
            let enlarged = chart_layout(&client).await;
            assert_eq!(enlarged["beside"], json!(beside), "{enlarged}");
            assert_eq!(
                enlarged["dates"].as_array().map(Vec::len),
                Some(dates),
                "{enlarged}"
            );
            // The dots grow with the text too, up to twice their size.
            assert_eq!(
                enlarged["dot"].as_f64(),
                Some(10.0),
                "the dots' radius: {enlarged}"
            );
            assert_chart_reads(&enlarged);
        }
    })
    .await;
}

/// Sets the page's text size to `percent` of the default, as a browser's
/// text size does, and waits until the chart's words have taken it (the
/// words' own size, not the root's: WebKit can report the root's new size
/// before its descendants'). `normal` is [`CHART_LAYOUT`] at the default.
async fn set_text_size(client: &Client, percent: u32, normal: &Value) {
    crate::support::browser::text_at(client, percent).await;
    wait_until(
        client,
        &format!(
            "return Math.abs(parseFloat(getComputedStyle(document.querySelector('.chart-moods li')).fontSize) - {} * {percent} / 100) < 0.5",
            normal["size"]
        ),
        "the chart's words take the text size",
    )
    .await;
}

/// Four past sessions for the chart: both moods in the first two, none in
/// the third, both in the last: each line joins the first two and breaks
/// before the last.
fn four_sessions() -> Journal {
    journal_with(&[
        ("2026-11-05", Some(3), Some(3)),
        ("2026-11-12", Some(3), Some(4)),
        ("2026-11-17", None, None),
        ("2026-11-19", Some(2), Some(4)),
    ])
}

/// Where the mood chart's words and dates are: the words neither beside
/// their line (centred on it) nor just above it, which texts overlap or
/// stand outside the chart, the dots' radius, how many dots leave the
/// chart or lie under a word or date, the dates shown, whether the page
/// stays within the screen's width, and how far the first and last dates
/// stand from the plot's ends (its first and last sessions).
const CHART_LAYOUT: &str = "const c = document.querySelector('.mood-chart .chart'); const box = c.getBoundingClientRect();
    const r = e => e.getBoundingClientRect(); const mid = e => (r(e).top + r(e).bottom) / 2;
    const words = [...c.querySelectorAll('.chart-moods li')]; const lines = [...c.querySelectorAll('.grid')];
    const dates = [...c.querySelectorAll('.chart-dates li')].filter(e => getComputedStyle(e).display !== 'none');
    const texts = [...words, ...dates]; const dots = [...c.querySelectorAll('circle')];
    const apart = (a, b) => r(a).right <= r(b).left || r(b).right <= r(a).left || r(a).bottom <= r(b).top || r(b).bottom <= r(a).top;
    return { size: parseFloat(getComputedStyle(words[0]).fontSize), lines: lines.length,
             offLine: words.filter((w, i) => { const y = mid(lines[i]); return Math.abs(mid(w) - y) > 2 && !(r(w).bottom <= y && y - r(w).bottom < r(w).height); }).map(w => w.textContent),
             overlapping: texts.flatMap((a, i) => texts.slice(i + 1).filter(b => !apart(a, b)).map(b => [a.textContent, b.textContent])),
             outside: texts.filter(e => r(e).left < box.left - 0.5 || r(e).right > box.right + 0.5 || r(e).bottom > box.bottom + 0.5).map(e => e.textContent),
             dot: Math.round(r(c.querySelector('circle.mood-after')).width * 5) / 10,
             dotsOut: dots.filter(d => r(d).left < box.left - 0.5 || r(d).right > box.right + 0.5 || r(d).top < box.top - 0.5).length,
             dotsUnderText: dots.filter(d => texts.some(t => !apart(d, t))).length,
             beside: r(words[0]).right <= r(c.querySelector('svg')).left, dates: dates.map(e => e.textContent), fits: document.documentElement.scrollWidth <= innerWidth,
             ends: [r(dates[0]).left - r(c.querySelector('svg')).left, r(dates[dates.length - 1]).right - r(c.querySelector('svg')).right].map(Math.round) }";

/// [`CHART_LAYOUT`] once the page has drawn a frame or two since the last
/// change of its size or text size.
async fn chart_layout(client: &Client) -> Value {
    settle(client).await;
    js(client, CHART_LAYOUT).await
}

fn assert_chart_reads(layout: &Value) {
    assert_eq!(layout["lines"], json!(5), "{layout}");
    assert_eq!(
        layout["offLine"],
        json!([]),
        "each mood word beside or just above its line: {layout}"
    );
    assert_eq!(layout["overlapping"], json!([]), "{layout}");
    assert_eq!(layout["outside"], json!([]), "{layout}");
    assert_eq!(layout["dotsOut"], json!(0), "dots outside the chart: {layout}");
    assert_eq!(
        layout["dotsUnderText"],
        json!(0),
        "dots under a word or date: {layout}"
    );
    assert_eq!(layout["fits"], json!(true), "the page scrolls sideways: {layout}");
    assert_eq!(
        layout["ends"],
        json!([0, 0]),
        "the first and last dates under the plot's ends: {layout}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn past_sessions_read_in_words_with_a_chart_that_fits_a_phone() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(phone(), move |client| async move {
        if !screen(&client, 390, 844).await {
            return;
        }
        // A phone's scrollbars take no width: the chart is as wide as on one.
        cdp(&client, "Emulation.setScrollbarsHidden", json!({ "hidden": true })).await;
        let url = server.url("/history/");
        // One session with a mood: a kind sentence, no empty grid.
        open(&client, &url).await;
        store_journal(&client, &journal_with(&[("2026-11-19", Some(2), Some(4))])).await;
        open(&client, &url).await;
        assert_eq!(js(&client, "return document.querySelectorAll('.mood-chart svg').length").await, json!(0));
        let waiting = js(&client, "return document.querySelector('.chart-waiting').textContent").await;
        assert!(waiting.as_str().unwrap().contains("Thu 19 Nov 2026, low before and good after"), "{waiting}");

        store_journal(&client, &four_sessions()).await;
        open(&client, &url).await;
        assert!(
            js(&client, "return [...document.querySelectorAll('nav[aria-label=Main] a')].some(a => a.textContent === 'Past sessions')").await == json!(true),
            "past sessions are in the navigation"
        );
        let first = js(&client, "const s = document.querySelector('.session-list summary'); const c = s.cloneNode(true); c.querySelectorAll('.visually-hidden').forEach(e => e.remove()); return [c.textContent.replace(/\\s+/g, ' ').trim(), s.querySelector('[aria-hidden=true]:not(.sep)').textContent, s.querySelector('.session-moods .visually-hidden').textContent]").await;
        assert_eq!(first, json!(["Thu 19 Nov 2026 · low → good · 1 of 4 steps", "→", "to"]));
        // Each part of a summary stays on one line at 390 px.
        let broken = js(&client, "return [...document.querySelectorAll('.session-list summary > span:not(.sep)')].filter(s => s.getBoundingClientRect().height > 1.5 * parseFloat(getComputedStyle(s).lineHeight)).map(s => [s.className, s.textContent, s.getClientRects().length, s.getBoundingClientRect().height])").await;
        assert_eq!(broken, json!([]), "parts of a summary broken across lines");

        // The chart: a dot a mood, a break where a mood is missing, words
        // and dates as readable text.
        let chart = js(
            &client,
            "const c = document.querySelector('.mood-chart .chart');
             const texts = s => [...c.querySelectorAll(s)].map(e => e.textContent);
             const count = s => c.querySelectorAll(s).length;
             const drawn = [...c.querySelector('svg').children].map(e => e.tagName);
             return { dots: count('circle'), lines: [count('line.mood-before'), count('line.mood-after')],
                      dotsOnTop: drawn.indexOf('circle') > drawn.lastIndexOf('line'),
                      words: texts('.chart-moods li'), dates: texts('.chart-dates li'),
                      smallest: Math.min(...[...c.querySelectorAll('li')].map(e => parseFloat(getComputedStyle(e).fontSize))) }",
        )
        .await;
        assert_eq!(chart["dots"], json!(6), "{chart}");
        assert_eq!(chart["dotsOnTop"], json!(true), "no line drawn over a hollow dot: {chart}");
        assert_eq!(chart["lines"], json!([1, 1]), "each line breaks across the session without a mood: {chart}");
        assert_eq!(chart["words"], json!(["very good", "good", "okay", "low", "very low"]));
        assert_eq!(chart["dates"], json!(["5 Nov", "12 Nov", "17 Nov", "19 Nov"]));
        assert!(chart["smallest"].as_f64().unwrap() >= 14.0, "chart text at least 14 px: {chart}");
        let layout = chart_layout(&client).await;
        assert_eq!(layout["dates"], json!(["5 Nov", "12 Nov", "17 Nov", "19 Nov"]), "{layout}");
        assert_chart_reads(&layout);
        // A phone's narrowest screen: the plot takes the whole width, the
        // words above their lines, the first and last dates only.
        if screen(&client, 320, 700).await {
            let narrow = chart_layout(&client).await;
            assert_eq!(narrow["dates"], json!(["5 Nov", "19 Nov"]), "{narrow}");
            assert_chart_reads(&narrow);
            // Where the dates between once overlapped the last: a 360 px
            // phone, and common phones at a slightly larger text size.
            for (width, text) in [(360, 100), (375, 105), (390, 110), (412, 115)] {
                assert!(screen(&client, width, 800).await);
                set_text_size(&client, text, &layout).await;
                let phone = chart_layout(&client).await;
                assert_eq!(phone["dates"], json!(["5 Nov", "19 Nov"]), "{width} px, {text}%: {phone}");
                assert_chart_reads(&phone);
            }
            set_text_size(&client, 100, &layout).await;
            assert!(screen(&client, 390, 844).await);
        }

        // Deleting moves focus to Undo; Undo to the session brought back.
        // A second deletion keeps the first one's Undo.
        const UNDO_FOCUSED: &str = "return document.activeElement.classList.contains('undo-button') && document.activeElement.getAttribute('aria-label')";
        click(&client, ".session-list li:first-child summary").await;
        click_text(&client, "button", "Delete this session").await;
        wait_until(&client, "return document.activeElement.classList.contains('undo-button')", "focus on Undo").await;
        assert_eq!(js(&client, UNDO_FOCUSED).await, json!("Undo deleting the session of Thu 19 Nov 2026"));
        click(&client, ".session-list li:first-child summary").await;
        click_text(&client, "button", "Delete this session").await;
        wait_until(&client, "return document.activeElement.getAttribute('aria-label') === 'Undo deleting the session of Tue 17 Nov 2026'", "focus on the second Undo").await;
        assert_eq!(
            js(&client, "return [...document.querySelectorAll('.undo-line p')].map((p) => p.textContent)").await,
            json!(["The session of Tue 17 Nov 2026 was deleted. Undo", "The session of Thu 19 Nov 2026 was deleted. Undo"]),
            "each deletion keeps its own Undo, newest first"
        );
        assert_no_axe_violations(&client, "after deleting two (light)").await;
        click(&client, "[aria-label='Undo deleting the session of Thu 19 Nov 2026']").await;
        wait_until(&client, "return document.activeElement.tagName === 'SUMMARY' && document.activeElement.textContent.startsWith('Thu 19 Nov')", "focus on the session brought back").await;
        assert_eq!(
            js(&client, "return [...document.querySelectorAll('.undo-line p')].map((p) => p.textContent)").await,
            json!(["The session of Tue 17 Nov 2026 was deleted. Undo"]),
            "the other deletion can still be undone"
        );
        click(&client, ".undo-button").await;
        wait_until(&client, "return document.activeElement.tagName === 'SUMMARY' && document.activeElement.textContent.startsWith('Tue 17 Nov')", "focus on the second session brought back").await;
        assert_eq!(js(&client, "return document.querySelectorAll('.session-list li').length").await, json!(4), "both back");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_history_and_checklist_fit_320_pixels_and_pass_axe_in_the_dark() {
    let server = StaticServer::start(dist_dir(), &[]);
    let options = BrowserOptions {
        width: 320,
        height: 640,
        dark: true,
        ..Default::default()
    };
    with_browser(options, move |client| async move {
        if !screen(&client, 320, 640).await {
            return;
        }
        open(&client, &server.url("/history/")).await;
        let mut journal = journal_with(&[("2026-11-12", Some(4), Some(1)), ("2026-11-19", Some(2), Some(4))]);
        // A step of 120 characters without a space (a web address), ticked:
        // it wraps, on both pages.
        let unbroken = format!("https://example.org/{}", "a".repeat(100));
        for session in &mut journal.sessions {
            let first = session.steps.ids()[0].to_owned();
            if let Some(step) = session.steps.items.iter_mut().find(|s| s.id == first) {
                step.text.value = unbroken.clone();
            }
            // And what the client wanted to raise, shown on the next
            // checklist as "Last time you wanted to raise: …".
            if let Some(version) = session.bring_up.versions.last_mut() {
                version.text = format!("Read https://docs.google.com/document/d/{}/edit", "AbC1".repeat(20));
            }
        }
        store_journal(&client, &journal).await;
        for path in ["/history/", "/checklist/"] {
            open(&client, &server.url(path)).await;
            if path == "/history/" {
                click(&client, ".session-list summary").await;
            } else {
                click(&client, "input[id^='mood-after-'][id$='-1']").await;
                wait_until(&client, "return !!document.querySelector('.help-prompt')", "the prompt").await;
            }
            let overflow = js(&client, "return document.documentElement.scrollWidth - document.documentElement.clientWidth").await;
            let wide = js(&client, "return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1 && !e.closest('.visually-hidden')).slice(0, 8).map(e => e.tagName + '.' + e.className.baseVal + e.className)").await;
            assert_eq!(overflow, json!(0), "{path} scrolls sideways at 320 px: {wide}");
            assert_no_axe_violations(&client, &format!("{path} (dark, 320 px)")).await;
        }
        // The confirmation after finishing a session, in the dark too.
        click_text(&client, "button", "Save and finish this session").await;
        focus_lands_on(&client, "session-saved").await;
        assert_no_axe_violations(&client, "the confirmation (dark, 320 px)").await;
        let overflow = js(&client, "return document.documentElement.scrollWidth - document.documentElement.clientWidth").await;
        assert_eq!(overflow, json!(0), "the confirmation fits 320 px");
        // Stacked moods at this width, each a large target.
        let sizes = js(&client, "return [...document.querySelectorAll('.mood-scale label')].map(l => [Math.round(l.getBoundingClientRect().width), Math.round(l.getBoundingClientRect().height)])").await;
        for size in sizes.as_array().unwrap() {
            assert!(size[0].as_f64().unwrap() >= 44.0 && size[1].as_f64().unwrap() >= 44.0, "{sizes}");
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn controls_have_short_names_and_large_targets() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(phone(), move |client| async move {
        if !screen(&client, 390, 844).await {
            return;
        }
        open(&client, &server.url("/checklist/")).await;
        // The names a screen reader announces come from the browser's
        // accessibility tree, which only DevTools exposes.
        if !skip_in(
            &[Engine::Firefox, Engine::WebKit],
            "accessible names: the accessibility tree is read through DevTools (chromedriver only); targets still checked",
        ) {
            let tree = cdp(&client, "Accessibility.getFullAXTree", json!({})).await;
            let named = |role: &str| -> Vec<(String, String)> {
                tree["nodes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .filter(|n| n["role"]["value"] == role && n["ignored"] != json!(true))
                    .map(|n| {
                        (
                            n["name"]["value"].as_str().unwrap_or_default().to_owned(),
                            n["description"]["value"].as_str().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect()
            };
            let boxes = named("checkbox");
            let titles: Vec<String> = steps().into_iter().map(|s| s.text).collect();
            assert_eq!(boxes.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>(), titles, "a tick reads only the title");
            assert!(boxes.iter().all(|(_, d)| d.len() > 20), "each has its sentence as a description: {boxes:?}");
            // Two groups (before, after) of the same six names.
            let mut radios: Vec<String> = named("radio").into_iter().map(|(n, _)| n).collect();
            radios.sort();
            let mut expected: Vec<String> = ["1 very low", "2 low", "3 okay", "4 good", "5 very good", "Not noted"]
                .iter()
                .flat_map(|n| [n.to_string(), n.to_string()])
                .collect();
            expected.sort();
            assert_eq!(radios, expected);
        }

        // One row of five at 390 px, each at least 44 px.
        let row = js(&client, "return [...document.querySelector('.mood-scale').querySelectorAll('label')].map(l => { const r = l.getBoundingClientRect(); return [Math.round(r.top), r.width >= 44 && r.height >= 44] })").await;
        let row = row.as_array().unwrap();
        assert!(row.iter().all(|r| r[0] == row[0][0] && r[1] == json!(true)), "{row:?}");
        let apart = js(&client, "const n = document.querySelector('.mood-none').getBoundingClientRect(); const s = document.querySelector('.mood-scale').getBoundingClientRect(); return n.top >= s.bottom").await;
        assert_eq!(apart, json!(true), "Not noted is set apart");
    })
    .await;
}

/// Phone screenshots for the README (`make screenshots`).
#[tokio::test(flavor = "multi_thread")]
#[ignore = "writes docs/screenshots; run with `make screenshots`"]
async fn take_phone_screenshots() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(phone(), move |client| async move {
        if !screen(&client, 390, 844).await {
            return;
        }
        let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/screenshots");
        std::fs::create_dir_all(&out).unwrap();
        let shoot = |name: &'static str| {
            let client = client.clone();
            let out = out.clone();
            async move {
                js(&client, "document.activeElement.blur()").await;
                let png = client.screenshot().await.unwrap();
                std::fs::write(out.join(name), png).unwrap();
            }
        };
        open(&client, &server.url("/history/")).await;
        store_journal(
            &client,
            &journal_with(&[
                ("2026-10-29", Some(3), Some(2)),
                ("2026-11-05", Some(2), Some(3)),
                ("2026-11-12", Some(3), Some(4)),
                ("2026-11-17", Some(4), None),
                ("2026-11-19", Some(2), Some(4)),
            ]),
        )
        .await;
        open(&client, &server.url("/checklist/")).await;
        shoot("checklist.png").await;
        click(&client, "input[id^='mood-before-'][id$='-4']").await;
        click(&client, "input[id^='mood-after-'][id$='-2']").await;
        wait_until(
            &client,
            "return !!document.querySelector('.help-prompt')",
            "the prompt",
        )
        .await;
        js(&client, "document.querySelector('.mood legend').scrollIntoView()").await;
        tokio::time::sleep(Duration::from_millis(1200)).await;
        shoot("checklist-hard-session.png").await;
        open(&client, &server.url("/history/")).await;
        shoot("history.png").await;
        // The question before deleting everything, over the checklist.
        open(&client, &server.url("/checklist/")).await;
        click(&client, "#delete-all").await;
        wait_until(
            &client,
            "return document.querySelector('dialog.confirm-dialog').open",
            "the dialog",
        )
        .await;
        shoot("delete-dialog.png").await;
        visit(&client, &server.url("/help/")).await;
        shoot("help.png").await;
    })
    .await;
}
