#![recursion_limit = "256"]
//! After the Session: an article for therapy clients, its FAQ and a private
//! post-session coping checklist.
//!
//! The plain-Rust modules ([`routes`]) hold the logic and are tested natively;
//! the components ([`app`], [`pages`]) are thin.

pub mod app;
pub mod browser;
pub mod domain;
pub mod pages;
pub mod state;

#[cfg(feature = "ssr")]
pub mod build;

pub use app::{AllPages, Pages, ReadingPages, app};

/// Hydrates the prerendered markup in the browser's `<body>` with the pages
/// of bundle `P` (each bundle's binary calls this with its own).
#[cfg(feature = "hydrate")]
pub fn hydrate<P: Pages>() {
    use std::sync::Arc;
    use std::time::Duration;

    use leptos::prelude::set_timeout;
    use state::content_context::ContentStatus;

    // The base the page was built for, before anything asks for it (links,
    // the storage key, the service worker's scope).
    match browser::dom::page_base() {
        Some(base) => domain::routes::set_base_path(&base),
        None => {
            leptos::logging::error!(
                "this page does not say its base path (a page the build did not write?); links assume `/`"
            );
            domain::routes::set_base_path("/");
        }
    }

    // Each step in a task of its own after the one before, rather than one
    // long task: shorter tasks let the page answer input in between
    // (Lighthouse counts each task's excess over 50 ms as blocking).
    let start = move || {
        // Start from the content the prerender step embedded, as it did.
        let status = browser::dom::embedded_content(P::DECODE_CONTENT)
            .map_or(ContentStatus::NotLoaded, |c| ContentStatus::Ready(Arc::new(c)));
        // Hydration, in the next task.
        set_timeout(
            move || leptos::mount::hydrate_body(move || app::<P>(status)),
            Duration::ZERO,
        );
    };
    if P::READ_CONTENT_APART {
        set_timeout(start, Duration::ZERO);
    } else {
        start();
    }
}
