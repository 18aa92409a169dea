//! State in context: the signals the components share. Each is provided once,
//! in one visible place (`app`), and a component that asks for a missing one
//! panics with its name instead of quietly making a second copy.

pub mod content_context;
pub mod journal_store;
