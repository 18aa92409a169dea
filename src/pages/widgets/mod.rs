//! The widgets the checklist and the past sessions page share: one
//! session's fields (with the help prompt), and the lines and notices about
//! where the journal lives, and the lock screen that hides the journal while
//! it is locked.

mod fields;
mod help_prompt;
mod notices;
mod quick_exit;
mod unlock;

pub use fields::{MOODS, SessionFields, mood_word};
pub use notices::{StorageLine, StorageNotices, start_store};
pub use quick_exit::QuickExit;
pub use unlock::lock_gate;
