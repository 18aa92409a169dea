//! State in context: the signals the components share. Each is provided once,
//! in one visible place (`app`), and a component that asks for a missing one
//! panics with its name instead of quietly making a second copy.

pub mod content_context;
pub mod journal_store;
pub mod keyring;

use leptos::prelude::use_context;

/// The context value of type `T`, which `app()` provides. Panics, naming
/// `what`, when it is missing: a quietly made second copy would be a state
/// that nothing else sees. (Leptos' `expect_context` does the same, but its
/// message formats a `Location` with `Debug`, which costs the wasm ~2 KB.)
pub fn required_context<T: Clone + 'static>(what: &'static str) -> T {
    use_context::<T>().unwrap_or_else(|| missing_context(what))
}

#[cold]
fn missing_context(what: &str) -> ! {
    panic!("{what} is missing from context: app() provides it")
}
