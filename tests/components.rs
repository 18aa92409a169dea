//! Component tests: mount components in headless Chromium
//! (wasm-bindgen-test) and assert on the DOM a user would see.
#![cfg(target_arch = "wasm32")]

use after_the_session::App;
use after_the_session::routes::Page;
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

#[wasm_bindgen_test]
async fn the_shell_has_landmarks_a_skip_link_and_the_main_navigation() {
    let container = fresh_container();
    let handle = leptos::mount::mount_to(container.clone(), App);
    leptos::task::tick().await;

    assert!(container.query_selector("header").unwrap().is_some());
    assert!(container.query_selector("main#main").unwrap().is_some());
    assert!(container.query_selector("footer").unwrap().is_some());
    let skip = container.query_selector("a.skip-link").unwrap().unwrap();
    assert_eq!(skip.get_attribute("href").as_deref(), Some("#main"));

    let links = container
        .query_selector_all("nav[aria-label='Main'] a")
        .unwrap();
    let mut seen = Vec::new();
    for i in 0..links.length() {
        let link: web_sys::Element = links.item(i).unwrap().unchecked_into();
        seen.push((
            link.text_content().unwrap(),
            link.get_attribute("href").unwrap(),
        ));
    }
    let expected: Vec<_> = Page::NAV
        .iter()
        .map(|p| (p.nav_label().to_owned(), p.path().unwrap().to_owned()))
        .collect();
    assert_eq!(seen, expected);

    let help = container.query_selector("footer a[href='/help/']").unwrap();
    assert!(help.is_some(), "every page links to help from the footer");
    drop(handle);
}

#[wasm_bindgen_test]
async fn the_app_marks_itself_hydrated_and_sets_the_title() {
    let container = fresh_container();
    let handle = leptos::mount::mount_to(container.clone(), App);
    leptos::task::tick().await;
    let root = document().document_element().unwrap();
    assert!(root.has_attribute("data-hydrated"));
    let heading = container
        .query_selector("main h1")
        .unwrap()
        .unwrap()
        .text_content()
        .unwrap();
    let page = Page::for_path(&window().location().pathname().unwrap());
    assert_eq!(heading, page.heading());
    assert_eq!(document().title(), page.title());
    drop(handle);
}
