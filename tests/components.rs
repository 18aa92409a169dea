//! Component tests: mount components in headless Chromium
//! (wasm-bindgen-test) and assert on the DOM a user would see.
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;

use after_the_session::domain::content::{Article, Block, Content, FaqEntry, Help, Inline};
use after_the_session::pages::faq::FaqList;
use after_the_session::state::content_context::ContentStatus;
use after_the_session::{ReadingPages, app};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_container() -> web_sys::HtmlElement {
    let doc = document();
    let container: web_sys::HtmlElement = doc.create_element("div").unwrap().unchecked_into();
    doc.body().unwrap().append_child(&container).unwrap();
    container
}

/// A view mounted into its own container; dropping it unmounts the view and
/// removes the container, so no test sees another's nodes.
struct Mounted<H> {
    container: web_sys::HtmlElement,
    handle: Option<H>,
}

impl<H> Drop for Mounted<H> {
    fn drop(&mut self) {
        drop(self.handle.take());
        self.container.remove();
    }
}

fn mount<F, V>(view: F) -> Mounted<impl Sized>
where
    F: FnOnce() -> V + 'static,
    V: IntoView + 'static,
{
    // What `hydrate` reads from the page's head first.
    after_the_session::domain::routes::set_base_path("/");
    let container = fresh_container();
    let handle = leptos::mount::mount_to(container.clone(), view);
    Mounted {
        container,
        handle: Some(handle),
    }
}

/// Waits (polling, at most 2 s) until `done` holds, letting the DOM's events
/// and the reactive updates run in between; fails naming `what`.
async fn wait_for(what: &str, done: impl Fn() -> bool) {
    for _ in 0..200 {
        if done() {
            return;
        }
        leptos::task::tick().await;
        next_turn().await;
    }
    panic!("timed out waiting until {what}");
}

/// Yields to the browser's event loop for one timer turn.
async fn next_turn() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 10)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn text(s: &str) -> Inline {
    Inline::Text { text: s.to_owned() }
}

fn entries() -> Vec<FaqEntry> {
    ["one", "two", "three"]
        .iter()
        .map(|id| FaqEntry {
            id: format!("q-{id}"),
            question: format!("Question {id}?"),
            answer: vec![vec![text(&format!("Answer {id}."))]],
        })
        .collect()
}

fn sample_content() -> Content {
    Content {
        article: Article {
            title: "A <b>calm</b> title".into(),
            short_title: None,
            subtitle: "Sub".into(),
            author: "Author".into(),
            category: "Cat".into(),
            image_alt: "Alt".into(),
            reading_minutes: 3,
            blocks: vec![
                Block::Heading {
                    id: "first".into(),
                    text: "First".into(),
                },
                Block::Paragraph {
                    inlines: vec![
                        text("See "),
                        Inline::Link {
                            text: "no target".into(),
                            href: None,
                        },
                        text(" and "),
                        Inline::Link {
                            text: "a target".into(),
                            href: Some("/x".into()),
                        },
                        text(" <script>alert(1)</script>"),
                    ],
                },
                Block::Faq { entries: entries() },
            ],
        },
        help: Help {
            crisis_line: "Line".into(),
            call: Some("988".into()),
            text: None,
            url: None,
            emergency_number: None,
            region: None,
            outside_region: Vec::new(),
        },
        checklist: Default::default(),
        site_url: None,
        exit_url: None,
    }
}

fn mount_app_with_content() -> Mounted<impl Sized> {
    mount(|| app::<ReadingPages>(ContentStatus::Ready(Arc::new(sample_content()))))
}

#[wasm_bindgen_test]
async fn the_shell_has_landmarks_a_skip_link_and_the_main_navigation() {
    let mounted = mount_app_with_content();
    let container = &mounted.container;
    wait_for("the shell renders", || {
        container.query_selector("main#main").unwrap().is_some()
    })
    .await;

    assert!(container.query_selector("header").unwrap().is_some());
    assert!(container.query_selector("main#main").unwrap().is_some());
    assert!(container.query_selector("footer").unwrap().is_some());
    let skip = container.query_selector("a.skip-link").unwrap().unwrap();
    assert_eq!(skip.get_attribute("href").as_deref(), Some("#main"));

    let links = container.query_selector_all("nav[aria-label='Main'] a").unwrap();
    let mut seen = Vec::new();
    for i in 0..links.length() {
        let link: web_sys::Element = links.item(i).unwrap().unchecked_into();
        seen.push((link.text_content().unwrap(), link.get_attribute("href").unwrap()));
    }
    let expected = [
        ("Article", "/"),
        ("FAQ", "/faq/"),
        ("Coping checklist", "/checklist/"),
        ("Past sessions", "/history/"),
    ]
    .map(|(label, href)| (label.to_owned(), href.to_owned()));
    assert_eq!(seen, expected);
    assert!(
        container
            .query_selector("footer a[href='/help/']")
            .unwrap()
            .is_some(),
        "help from every page"
    );
}

#[wasm_bindgen_test]
async fn the_article_renders_content_as_text_and_sets_the_title() {
    // The flag is on the whole document: clear what an earlier test left,
    // so that only this mount can set it.
    let root = document().document_element().unwrap();
    root.remove_attribute("data-hydrated").unwrap();
    let mounted = mount_app_with_content();
    let container = &mounted.container;
    wait_for("the app marks the page ready", || {
        root.has_attribute("data-hydrated")
    })
    .await;
    let h1 = container.query_selector("main h1").unwrap().unwrap();
    assert_eq!(
        h1.text_content().unwrap(),
        "A <b>calm</b> title",
        "markup in content stays text"
    );
    assert!(h1.query_selector("b").unwrap().is_none());
    assert_eq!(document().title(), "A <b>calm</b> title · After the Session");

    let paragraph = container
        .query_selector("main article > p:not(.category):not(.subtitle):not(.byline)")
        .unwrap()
        .unwrap();
    assert_eq!(
        paragraph.text_content().unwrap(),
        "See no target and a target <script>alert(1)</script>"
    );
    let links = paragraph.query_selector_all("a").unwrap();
    assert_eq!(links.length(), 1, "a link without a target is plain text");
    assert!(paragraph.query_selector("script").unwrap().is_none());

    let toc: web_sys::Element = container.query_selector("nav.toc a").unwrap().unwrap();
    assert_eq!(toc.get_attribute("href").as_deref(), Some("#first"));
    assert!(container.query_selector("h2#first").unwrap().is_some());
}

fn details(container: &web_sys::HtmlElement) -> Vec<web_sys::HtmlDetailsElement> {
    let list = container.query_selector_all("details.faq-item").unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().unchecked_into())
        .collect()
}

fn button(container: &web_sys::HtmlElement, label: &str) -> web_sys::HtmlElement {
    let list = container.query_selector_all("button").unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().unchecked_into::<web_sys::HtmlElement>())
        .find(|b| b.text_content().as_deref() == Some(label))
        .unwrap_or_else(|| panic!("no button {label}"))
}

#[wasm_bindgen_test]
async fn faq_questions_start_closed_and_open_all_close_all_and_one_by_one() {
    let mounted = mount(|| view! { <FaqList entries=entries() /> });
    let container = &mounted.container;
    wait_for("three questions", || details(container).len() == 3).await;
    let items = details(container);
    assert!(items.iter().all(|d| !d.open()), "collapsed at first");
    assert_eq!(
        items[0]
            .query_selector("summary")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap(),
        "1. Question one?"
    );

    button(container, "Expand all").click();
    wait_for("all open", || items.iter().all(|d| d.open())).await;
    button(container, "Collapse all").click();
    wait_for("all closed", || items.iter().all(|d| !d.open())).await;

    // The reader opens the second question: the address names it.
    let summary: web_sys::HtmlElement = items[1]
        .query_selector("summary")
        .unwrap()
        .unwrap()
        .unchecked_into();
    summary.click();
    wait_for("the address names the question", || {
        window().location().hash().unwrap() == "#q-two"
    })
    .await;
    assert!(items[1].open() && !items[0].open());
    summary.click();
    wait_for("closing it takes its name off the address", || {
        window().location().hash().unwrap().is_empty()
    })
    .await;
    assert!(!items[1].open());
}

#[wasm_bindgen_test]
async fn a_question_named_in_the_address_opens() {
    window().location().set_hash("q-three").unwrap();
    let mounted = mount(|| view! { <FaqList entries=entries() /> });
    let container = &mounted.container;
    wait_for("the named question opens", || {
        details(container).get(2).is_some_and(|d| d.open())
    })
    .await;
    let items = details(container);
    assert!(!items[0].open() && !items[1].open(), "only the named one");
    window().location().set_hash("q-one").unwrap();
    wait_for("a later change of the address opens that question too", || {
        items[0].open()
    })
    .await;
    window().location().set_hash("").unwrap();
}

/// The journal's text comes back from storage exactly as it was written,
/// whatever its characters and however long (it is copied into the wasm
/// by the browser's `TextEncoder`, not character by character).
#[wasm_bindgen_test]
fn stored_text_comes_back_exactly() {
    use after_the_session::browser::storage;
    let text = format!(
        "{}é → 漢字 🙂 \"quoted\" \\ \n{}",
        "a".repeat(100_000),
        "z".repeat(1_000)
    );
    storage::save_text(&text).unwrap();
    assert_eq!(storage::stored_text().as_deref(), Some(text.as_str()));
    // A lone surrogate (JavaScript strings may hold one) reads as U+FFFD,
    // as wasm-bindgen's own copy reads it.
    let local = window().local_storage().unwrap().unwrap();
    js_sys::eval(&format!(
        "localStorage.setItem({:?}, 'before \\uD800 after')",
        storage::key()
    ))
    .unwrap();
    assert_eq!(storage::stored_text().as_deref(), Some("before \u{FFFD} after"));
    local.remove_item(&storage::key()).unwrap();
    assert_eq!(storage::stored_text(), None, "nothing stored reads as nothing");
}

/// Clears localStorage and stores a journal of one session (`s1`) with one
/// step, as another visit left it; returns that journal.
fn stored_one_step_journal() -> after_the_session::domain::journal::Journal {
    use after_the_session::browser::storage;
    use after_the_session::domain::journal::{Journal, Step};
    window().local_storage().unwrap().unwrap().clear().unwrap();
    let steps = vec![Step {
        id: "treat-yourself".into(),
        text: "Treat yourself!".into(),
        article: None,
    }];
    let journal = Journal::new("s1".into(), "2026-11-20".into(), steps, 1_000);
    storage::save(&journal).unwrap();
    journal
}

/// The store starts in three tasks (read, draw, write): another tab's write
/// that comes after this tab read storage and before it drew what it read is
/// taken in at once, not left on screen stale until the next event.
#[wasm_bindgen_test]
async fn another_tabs_write_between_the_read_and_the_draw_is_taken_in() {
    use after_the_session::browser::storage;
    use after_the_session::domain::journal::NoteKind;
    use after_the_session::state::journal_store::JournalStore;

    let local = window().local_storage().unwrap().unwrap();
    let mine = stored_one_step_journal();
    let steps = mine.current().expect("a current session").steps.list();

    // Lives as long as the page: the store's listeners and idle watch do.
    let owner = Owner::new();
    let store = owner.with(|| {
        let store = JournalStore::provide();
        store.start(steps); // reads `mine`; draws it in a later task
        store
    });
    std::mem::forget(owner);

    // Before that task, another tab writes a note and the browser says so.
    let mut theirs = mine.clone();
    theirs
        .set_note(
            "s1",
            NoteKind::Private,
            "written in the other tab",
            2_000,
            "other",
        )
        .unwrap();
    storage::save(&theirs).unwrap();
    window()
        .dispatch_event(&web_sys::StorageEvent::new("storage").unwrap())
        .unwrap();

    let note = move || {
        store.journal().with_untracked(|j| {
            j.current()
                .map(|s| s.note(NoteKind::Private).text().to_owned())
                .unwrap_or_default()
        })
    };
    wait_for("this tab shows the other tab's note", move || {
        note() == "written in the other tab"
    })
    .await;
    local.clear().unwrap();
}

/// A tick the journal refuses (its step is not in the current session) does
/// not leave the box showing a tick that was never kept: the box is drawn
/// again from the journal, unticked.
#[wasm_bindgen_test]
async fn a_refused_tick_puts_the_box_back() {
    use after_the_session::state::journal_store::JournalStore;

    let local = window().local_storage().unwrap().unwrap();
    let steps = stored_one_step_journal()
        .current()
        .expect("a current session")
        .steps
        .list();

    let store = std::rc::Rc::new(std::cell::Cell::new(None));
    let _mounted = mount({
        let store = store.clone();
        move || {
            let journal = JournalStore::provide();
            journal.start(steps);
            store.set(Some(journal));
            // A box for a step the journal does not have.
            view! { <input type="checkbox" id="refused-box" prop:checked=journal.ticked("gone".into()) /> }
        }
    });
    let store = store.get().expect("the store was made");
    wait_for("the journal is read", move || store.ready().get_untracked()).await;
    let input: web_sys::HtmlInputElement = document()
        .get_element_by_id("refused-box")
        .expect("the box is on the page")
        .unchecked_into();
    assert!(!input.checked(), "nothing is ticked at first");

    // The browser ticks the box as it is clicked, before the app hears of it.
    input.set_checked(true);
    assert!(store.tick("gone", true).is_err(), "the journal refuses the tick");
    wait_for("the box is unticked again", || !input.checked()).await;
    assert!(
        store
            .journal()
            .with_untracked(|j| !j.current().is_some_and(|s| s.is_ticked("gone"))),
        "nothing was kept"
    );
    local.clear().unwrap();
}
