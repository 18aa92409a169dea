//! The widgets the checklist and the past sessions page share: one
//! session's fields, and the lines and notices about where the journal lives.

mod fields;
mod notices;

pub use fields::SessionFields;
pub use notices::{StorageLine, StorageNotices, start_store};
