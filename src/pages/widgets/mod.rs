//! The widgets the checklist and the past sessions page share: one
//! session's fields (with the help prompt), and the lines and notices about
//! where the journal lives, and the lock screen that hides the journal while
//! it is locked; an element (the session's fields, "Your data") whose
//! contents hydrate in a task after the page's; and a status line's text.

mod fields;
mod help_prompt;
mod later;
mod notices;
mod quick_exit;
mod status;
mod unlock;

pub use fields::{MOODS, SessionFields, mood_word};
pub use later::section_hydrated_later;
pub use notices::{StorageLine, StorageNotices, start_store};
pub use quick_exit::QuickExit;
pub use status::shown_text;
pub use unlock::lock_gate;
