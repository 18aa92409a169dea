//! Component tests: mount components in headless Chromium
//! (wasm-bindgen-test) and assert on the DOM a user would see.
#![cfg(target_arch = "wasm32")]

use std::sync::Arc;

use after_the_session::domain::content::{Article, Block, Content, FaqEntry, Help, Inline};
use after_the_session::domain::routes::Page;
use after_the_session::pages::faq::FaqList;
use after_the_session::state::content_context::ContentStatus;
use after_the_session::{AllPages, app};
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
    }
}

fn mount_app_with_content() -> (web_sys::HtmlElement, impl Drop) {
    let container = fresh_container();
    let handle = leptos::mount::mount_to(container.clone(), || {
        app::<AllPages>(ContentStatus::Ready(Arc::new(sample_content())))
    });
    (container, handle)
}

#[wasm_bindgen_test]
async fn the_shell_has_landmarks_a_skip_link_and_the_main_navigation() {
    let (container, handle) = mount_app_with_content();
    leptos::task::tick().await;

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
    let expected: Vec<_> = Page::NAV
        .iter()
        .map(|p| (p.nav_label().to_owned(), p.path().unwrap().to_owned()))
        .collect();
    assert_eq!(seen, expected);
    assert!(
        container
            .query_selector("footer a[href='/help/']")
            .unwrap()
            .is_some(),
        "help from every page"
    );
    drop(handle);
}

#[wasm_bindgen_test]
async fn the_article_renders_content_as_text_and_sets_the_title() {
    let (container, handle) = mount_app_with_content();
    leptos::task::tick().await;
    assert!(
        document()
            .document_element()
            .unwrap()
            .has_attribute("data-hydrated")
    );
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
    drop(handle);
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

async fn settle() {
    // Let the DOM's toggle events and the reactive updates run.
    for _ in 0..3 {
        leptos::task::tick().await;
        gloo_timeout().await;
    }
}

async fn gloo_timeout() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

#[wasm_bindgen_test]
async fn faq_questions_start_closed_and_open_all_close_all_and_one_by_one() {
    let container = fresh_container();
    let handle = leptos::mount::mount_to(container.clone(), || view! { <FaqList entries=entries() /> });
    settle().await;
    let items = details(&container);
    assert_eq!(items.len(), 3);
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

    button(&container, "Expand all").click();
    settle().await;
    assert!(items.iter().all(|d| d.open()));
    button(&container, "Collapse all").click();
    settle().await;
    assert!(items.iter().all(|d| !d.open()));

    // The reader opens the second question: the address names it.
    let summary: web_sys::HtmlElement = items[1]
        .query_selector("summary")
        .unwrap()
        .unwrap()
        .unchecked_into();
    summary.click();
    settle().await;
    assert!(items[1].open() && !items[0].open());
    assert_eq!(window().location().hash().unwrap(), "#q-two");
    summary.click();
    settle().await;
    assert!(!items[1].open());
    assert_eq!(
        window().location().hash().unwrap(),
        "",
        "closing it takes its name off the address"
    );
    drop(handle);
}

#[wasm_bindgen_test]
async fn a_question_named_in_the_address_opens() {
    window().location().set_hash("q-three").unwrap();
    let container = fresh_container();
    let handle = leptos::mount::mount_to(container.clone(), || view! { <FaqList entries=entries() /> });
    settle().await;
    let items = details(&container);
    assert!(items[2].open() && !items[0].open() && !items[1].open());
    window().location().set_hash("q-one").unwrap();
    settle().await;
    assert!(
        items[0].open(),
        "a later change of the address opens that question too"
    );
    window().location().set_hash("").unwrap();
    drop(handle);
}
