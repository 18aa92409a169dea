//! The few places where components touch the browser's document. Everything
//! here runs in effects, after the first render, so prerendered markup and
//! the browser's first render stay identical.

use leptos::prelude::*;

use crate::routes::Page;

/// Sets the document title to the page's title once the page is mounted in
/// the browser. The prerender step writes the same title into the HTML.
pub fn use_document_title(page: Page) {
    Effect::new(move |_| {
        document().set_title(&page.title());
    });
}

/// Marks `<html data-hydrated>` once the app runs in the browser. The style
/// sheet shows controls that need the app only then, and the tests wait for it.
pub fn mark_hydrated() {
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "");
        }
    });
}
