//! The content as the components see it: a signal in context that holds the
//! content once it is there. The prerender step and the browser start from
//! the same state (the content embedded in the page), so hydration matches;
//! a page without embedded content (the not-found page) loads it on demand.

use std::sync::Arc;

use leptos::either::either;
use leptos::prelude::*;

use crate::browser::fetch::{CONTENT_FILE, fetch_content};
use crate::browser::json::DecodeContent;
use crate::domain::content::Content;
use crate::domain::routes::site_href;

/// Where the content is.
#[derive(Clone, Debug, PartialEq)]
pub enum ContentStatus {
    /// Not in the page and not asked for yet.
    NotLoaded,
    Loading,
    Ready(Arc<Content>),
    /// Loading failed; the message says why, for the reader.
    Failed(String),
}

/// The content signal, carried in context, and how this bundle reads the
/// content file when it has to load it.
#[derive(Clone, Copy, Debug)]
pub struct ContentContext(pub RwSignal<ContentStatus>, DecodeContent);

impl ContentContext {
    /// Puts a new content signal with `status` into context.
    pub fn provide(status: ContentStatus, decode: DecodeContent) -> ContentContext {
        let ctx = ContentContext(RwSignal::new(status), decode);
        provide_context(ctx);
        ctx
    }

    /// The content signal from context. Panics when it was never provided:
    /// a second, empty content signal would show "Loading…" for ever.
    pub fn use_context() -> ContentContext {
        super::required_context("ContentContext")
    }

    /// Loads the content file into this signal in the background.
    pub fn load(self) {
        self.0.set(ContentStatus::Loading);
        leptos::task::spawn_local(async move {
            let status = match fetch_content(&site_href(CONTENT_FILE), self.1).await {
                Ok(content) => ContentStatus::Ready(Arc::new(content)),
                Err(err) => ContentStatus::Failed(err.to_string()),
            };
            self.0.set(status);
        });
    }
}

/// Shows `render(content)` once the content is there; until then a loading
/// line, and on failure the reason with a button to try again.
#[component]
pub fn WithContent<F, V>(render: F) -> impl IntoView
where
    F: Fn(Arc<Content>) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let ctx = ContentContext::use_context();
    Effect::new(move |_| {
        if ctx.0.with_untracked(|s| *s == ContentStatus::NotLoaded) {
            ctx.load();
        }
    });
    move || {
        either!(ctx.0.get(),
            ContentStatus::Ready(content) => render(content),
            ContentStatus::NotLoaded | ContentStatus::Loading => view! { <p class="loading" role="status">"Loading…"</p> },
            ContentStatus::Failed(message) => view! {
                <div class="notice notice-error" role="alert">
                    <p>{message}</p>
                    <button type="button" on:click=move |_| ctx.load()>
                        "Try again"
                    </button>
                </div>
            },
        )
    }
}
