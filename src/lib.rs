//! After the Session: an article for therapy clients, its FAQ and a private
//! post-session coping checklist.
//!
//! The plain-Rust modules ([`routes`]) hold the logic and are tested natively;
//! the components ([`app`], [`pages`]) are thin.

pub mod app;
mod dom;
pub mod pages;
pub mod routes;

#[cfg(feature = "ssr")]
pub mod prerender;

pub use app::App;

/// Hydrates the prerendered markup in the browser's `<body>`.
#[cfg(feature = "hydrate")]
pub fn hydrate() {
    leptos::mount::hydrate_body(App);
}
