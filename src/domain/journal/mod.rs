//! The coping checklist and its sessions: the domain, in plain Rust.
//!
//! A [`Journal`] is everything a client keeps: sessions, each with its date,
//! moods, notes, steps and ticks. Each tab holds a replica; every change —
//! an edit (`edit.rs`), deleting a session, "delete everything", an import
//! ([`import`]), a schema upgrade ([`codec`]) — is a write stamped with the
//! tab's [`Clock`], and replicas meet through [`merge::merge`], whose laws
//! (commutative, associative, idempotent, the later write wins, an erase
//! wins over every older write) are stated in `tests/journal_props.rs`.
//! The building blocks are in [`stamped`].
//!
//! Every change takes the time (`now`) and any new id from the caller, so
//! the rules here stay pure and testable.

pub mod codec;
mod edit;
pub mod import;
pub mod merge;
pub mod stamped;
pub mod steps;
pub mod validate;

#[cfg(test)]
pub(crate) use tests::steps as test_steps;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use edit::next_session_id;
pub use stamped::{Clock, MAX_NOTE_WRITERS, Note, NoteVersion, Stamped};
pub use steps::{MAX_STEP_ITEMS, StepItem, Steps};

/// The schema version this build writes (2: per-step ticks, notes with
/// conflict copies, purged deletions, the erase stamp; 3: each note
/// version names its writer and what it had seen, writer by writer, and
/// each step carries its own text and removal).
pub const SCHEMA_VERSION: u32 = 3;
/// Longest step text, in characters.
pub const MAX_STEP_CHARS: usize = 120;
/// Longest note, in characters.
pub const MAX_NOTE_CHARS: usize = 20_000;
/// Most steps in one checklist.
pub const MAX_STEPS: usize = 40;
/// Most sessions kept.
pub const MAX_SESSIONS: usize = 10_000;
/// The longest id a session or step may have.
pub const MAX_ID_CHARS: usize = 64;
/// The latest time a document may hold, in milliseconds since 1970: the
/// largest integer a browser's number keeps exactly (JavaScript's
/// `Number.MAX_SAFE_INTEGER`, past the year 285,000), so a time survives
/// the browser's JSON and a tab's clock, which moves past every time it
/// sees, can always move on.
pub const MAX_STAMP: u64 = (1 << 53) - 1;
/// How long a deleted session can be brought back before its words are purged.
pub const UNDO_WINDOW_MS: u64 = 10 * 60 * 1000;

/// One step of the checklist.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Step {
    pub id: String,
    pub text: String,
    /// The id of the article's coping step this comes from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<String>,
}

/// A mood on the 1–5 scale (1 lowest).
pub type Mood = u8;

/// One therapy session and what the client did after it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub id: String,
    /// When the session was started in the app.
    pub created: u64,
    /// Deleted, and still within the undo window (its words not yet purged).
    pub deleted: Stamped<bool>,
    /// The session's date, `YYYY-MM-DD`.
    pub date: Stamped<String>,
    /// Its steps, step by step ([`steps`]); [`Steps::list`] gives those shown.
    pub steps: Steps,
    /// Each step's tick on its own, by step id (a step removed later may
    /// keep an entry; only the steps listed count).
    pub ticks: BTreeMap<String, Stamped<bool>>,
    pub mood_before: Stamped<Option<Mood>>,
    pub mood_after: Stamped<Option<Mood>>,
    /// A note to bring up next time ("Talk about it").
    pub bring_up: Note,
    /// A private note ("Write about it").
    pub private_note: Note,
}

/// What remains of a deleted session once its words are purged: only what
/// merging needs to keep it deleted everywhere.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tombstone {
    pub created: u64,
    /// When it was deleted.
    pub deleted: u64,
}

/// Everything the client keeps: one replica of the replicated document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Journal {
    pub schema: u32,
    /// "Delete everything" at this time: every session started at or before
    /// it is gone, in this copy and in every copy it meets.
    pub erased: u64,
    /// The id of the session the checklist shows.
    pub current: Stamped<String>,
    /// Sessions, oldest first, deleted ones within their undo window included.
    pub sessions: Vec<Session>,
    /// Purged sessions, by id.
    pub purged: BTreeMap<String, Tombstone>,
}

/// Which note of a session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoteKind {
    BringUp,
    Private,
}

/// Why a change was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("Please write a few words for the step.")]
    EmptyText,
    #[error("Please keep it under {max} characters.")]
    TooLong { max: usize },
    #[error("A checklist can have at most {MAX_STEPS} steps.")]
    TooManySteps,
    /// A session keeps every step removed in it (so that the removal holds
    /// in another tab), at most [`MAX_STEP_ITEMS`] in all.
    #[error(
        "This session has had too many steps added and removed to keep track of more. Use Save and finish: the next session starts from the steps shown."
    )]
    TooManyRemovedSteps,
    /// A new step's id (random) is already a step's, shown or removed.
    #[error("That step could not be added. Please try again.")]
    StepIdInUse,
    #[error("That step is no longer in the checklist.")]
    NoSuchStep,
    #[error("That session no longer exists.")]
    NoSuchSession,
    #[error("That conflict copy is no longer there.")]
    NoSuchCopy,
    #[error("Please enter a date as year-month-day.")]
    BadDate,
    #[error("Moods go from 1 to 5.")]
    BadMood,
    /// The store has not read storage yet, or the journal is locked.
    #[error("The checklist is not open yet. Please try again in a moment.")]
    NotOpen,
}

/// Whether a "delete everything" at `erased` (0: never) removes a session
/// started at `created`.
pub fn erases(erased: u64, created: u64) -> bool {
    erased > 0 && created <= erased
}

/// Whether `date` is a real calendar date written `YYYY-MM-DD`.
pub fn is_valid_date(date: &str) -> bool {
    let parts: Vec<&str> = date.split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        return false;
    };
    if y.len() != 4 || m.len() != 2 || d.len() != 2 || !date.bytes().all(|b| b.is_ascii_digit() || b == b'-')
    {
        return false;
    }
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<u32>(), m.parse::<u32>(), d.parse::<u32>()) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1900..=2200).contains(&y) && (1..=days).contains(&d)
}

/// The 64-bit FNV-1a hash of `bytes`: ids that every tab and device
/// derives alike from the same data.
fn fnv1a(bytes: impl Iterator<Item = u8>) -> u64 {
    bytes.fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Cleans step text: trims, folds runs of white space, refuses empty or long text.
pub fn clean_step_text(text: &str) -> Result<String, EditError> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return Err(EditError::EmptyText);
    }
    if text.chars().count() > MAX_STEP_CHARS {
        return Err(EditError::TooLong { max: MAX_STEP_CHARS });
    }
    Ok(text)
}

fn check_note(text: &str) -> Result<(), EditError> {
    if text.chars().count() > MAX_NOTE_CHARS {
        return Err(EditError::TooLong { max: MAX_NOTE_CHARS });
    }
    Ok(())
}

/// The checklist's starting steps: the article's coping steps.
pub fn default_steps(article_steps: &[crate::domain::content::Step]) -> Vec<Step> {
    article_steps
        .iter()
        .map(|s| Step {
            id: s.id.clone(),
            text: s.title.clone(),
            article: Some(s.id.clone()),
        })
        .collect()
}

#[cfg(test)]
#[path = "journal_tests.rs"]
mod tests;
