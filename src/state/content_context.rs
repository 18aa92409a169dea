//! The content as the components see it: a signal in context that holds the
//! content once it is there. The prerender step and the browser start from
//! the same state (the content embedded in the page), so hydration matches;
//! a page without embedded content (the not-found page) loads it on demand.

use std::sync::Arc;

use leptos::either::either;
use leptos::prelude::*;

use crate::domain::content::Content;

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

/// The content signal, carried in context.
#[derive(Clone, Copy, Debug)]
pub struct ContentContext(pub RwSignal<ContentStatus>);

impl ContentContext {
    /// Puts a new content signal with `status` into context.
    pub fn provide(status: ContentStatus) -> ContentContext {
        let ctx = ContentContext(RwSignal::new(status));
        provide_context(ctx);
        ctx
    }

    /// The content signal from context, or a new one with nothing loaded.
    pub fn use_context() -> ContentContext {
        use_context::<ContentContext>().unwrap_or_else(|| ContentContext::provide(ContentStatus::NotLoaded))
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
            crate::browser::fetch::load_content(ctx);
        }
    });
    move || {
        either!(ctx.0.get(),
            ContentStatus::Ready(content) => render(content),
            ContentStatus::NotLoaded | ContentStatus::Loading => view! { <p class="loading" role="status">"Loading…"</p> },
            ContentStatus::Failed(message) => view! {
                <div class="notice notice-error" role="alert">
                    <p>{message}</p>
                    <button type="button" on:click=move |_| crate::browser::fetch::load_content(ctx)>
                        "Try again"
                    </button>
                </div>
            },
        )
    }
}
