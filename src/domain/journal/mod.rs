//! The coping checklist and its sessions: the domain, in plain Rust.
//!
//! A [`Journal`] is everything a client keeps: sessions, each with its date,
//! moods, notes, steps and ticks. It is stored as one versioned JSON document
//! ([`codec`]), merged field by field with a copy changed in another tab
//! ([`merge`]) and validated on import ([`codec::parse_import`]).
//!
//! Every change takes the time (`now`, milliseconds since the epoch) and any
//! new id from the caller, so the rules here stay pure and testable.

pub mod codec;
mod edit;
pub mod import;
pub mod merge;
pub mod stamped;

#[cfg(test)]
pub(crate) use tests::steps as test_steps;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use stamped::{Clock, Note, NoteVersion, Stamped};

/// The schema version this build writes (2: per-step ticks, notes with
/// conflict copies, purged deletions, the erase stamp).
pub const SCHEMA_VERSION: u32 = 2;
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
    pub steps: Stamped<Vec<Step>>,
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
mod tests {
    use super::*;

    pub(crate) fn steps() -> Vec<Step> {
        [
            "treat-yourself",
            "accept-reality",
            "write-about-it",
            "talk-about-it",
        ]
        .iter()
        .map(|id| Step {
            id: (*id).into(),
            text: id.replace('-', " "),
            article: Some((*id).into()),
        })
        .collect()
    }

    fn journal() -> Journal {
        Journal::new("s1".into(), "2026-11-25".into(), steps(), 1_000)
    }

    #[test]
    fn ticking_counts_progress() {
        let mut j = journal();
        assert_eq!(j.current().unwrap().progress(), (0, 4));
        j.set_ticked("accept-reality", true, 2_000).unwrap();
        j.set_ticked("talk-about-it", true, 2_001).unwrap();
        assert_eq!(j.current().unwrap().progress(), (2, 4));
        j.set_ticked("accept-reality", false, 2_002).unwrap();
        assert_eq!(j.current().unwrap().progress(), (1, 4));
        assert_eq!(j.set_ticked("nope", true, 2_003), Err(EditError::NoSuchStep));
    }

    #[test]
    fn a_new_session_keeps_the_old_one_in_history_with_the_same_steps() {
        let mut j = journal();
        j.add_step("own".into(), "  Call   a friend ", 1_500).unwrap();
        j.set_ticked("own", true, 1_600).unwrap();
        j.start_new_session("s2".into(), "2026-12-02".into(), 2_000);
        let current = j.current().unwrap();
        assert_eq!(current.id, "s2");
        assert_eq!(current.progress(), (0, 5), "fresh ticks, same steps");
        assert_eq!(current.steps.value[4].text, "Call a friend");
        let history = j.history();
        assert_eq!(history.len(), 1);
        assert_eq!(history[0].progress(), (1, 5));
    }

    #[test]
    fn history_is_newest_first_and_deletes_can_be_undone() {
        let mut j = journal();
        j.start_new_session("s2".into(), "2026-12-02".into(), 2_000);
        j.start_new_session("s3".into(), "2026-12-09".into(), 3_000);
        let ids: Vec<_> = j.history().iter().map(|s| s.id.clone()).collect();
        assert_eq!(ids, ["s2", "s1"]);
        j.delete_session("s2", 4_000).unwrap();
        assert_eq!(j.history().len(), 1);
        assert_eq!(
            j.delete_session("s3", 4_001),
            Err(EditError::NoSuchSession),
            "not the current one"
        );
        j.undo_delete("s2", 5_000).unwrap();
        assert_eq!(j.history().len(), 2);
    }

    #[test]
    fn steps_can_be_renamed_removed_reordered_and_restored() {
        let mut j = journal();
        j.add_step("own".into(), "Walk", 1_100).unwrap();
        j.rename_step("accept-reality", "Accept it", 1_200).unwrap();
        j.set_ticked("write-about-it", true, 1_250).unwrap();
        j.remove_step("write-about-it", 1_300).unwrap();
        assert_eq!(
            j.current().unwrap().progress(),
            (0, 4),
            "a removed step's tick goes with it"
        );
        j.move_step("own", -1, 1_400).unwrap();
        j.move_step("treat-yourself", -1, 1_500).unwrap();
        let texts = |j: &Journal| {
            j.current()
                .unwrap()
                .steps
                .value
                .iter()
                .map(|s| s.text.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            texts(&j),
            ["treat yourself", "Accept it", "Walk", "talk about it"]
        );
        j.restore_steps(&steps(), 1_600).unwrap();
        assert_eq!(
            texts(&j),
            [
                "treat yourself",
                "accept reality",
                "write about it",
                "talk about it",
                "Walk"
            ]
        );
    }

    #[test]
    fn step_text_is_checked() {
        let mut j = journal();
        assert_eq!(j.add_step("a".into(), "   ", 1), Err(EditError::EmptyText));
        assert_eq!(
            j.add_step("a".into(), &"x".repeat(121), 1),
            Err(EditError::TooLong { max: 120 })
        );
        assert!(
            j.add_step("a".into(), &"é".repeat(120), 1).is_ok(),
            "characters, not bytes"
        );
        for i in 0..MAX_STEPS - 5 {
            j.add_step(format!("x{i}"), "step", 1).unwrap();
        }
        assert_eq!(j.add_step("last".into(), "step", 1), Err(EditError::TooManySteps));
    }

    #[test]
    fn dates_and_moods_are_checked() {
        let mut j = journal();
        for bad in [
            "2026-02-30",
            "2026-13-01",
            "26-11-25",
            "2026-1-05",
            "",
            "2026-11-25x",
            "1800-01-01",
        ] {
            assert_eq!(j.set_date("s1", bad, 1), Err(EditError::BadDate), "{bad}");
        }
        assert!(j.set_date("s1", "2024-02-29", 1).is_ok());
        assert_eq!(j.set_moods("s1", Some(0), None, 1), Err(EditError::BadMood));
        assert_eq!(j.set_moods("s1", None, Some(6), 1), Err(EditError::BadMood));
        assert!(j.set_moods("s1", Some(4), Some(3), 1).is_ok());
    }

    #[test]
    fn help_shows_for_the_lowest_mood_or_a_drop_of_two() {
        let mut s = Session::new("s".into(), "2026-11-25".into(), steps(), 0);
        let mut check = |before, after| {
            s.mood_before.value = before;
            s.mood_after.value = after;
            s.needs_help()
        };
        assert!(check(None, Some(1)));
        assert!(check(Some(5), Some(3)));
        assert!(check(Some(3), Some(1)));
        assert!(!check(Some(4), Some(3)));
        assert!(!check(Some(2), Some(2)));
        assert!(!check(Some(5), None));
        assert!(!check(None, Some(2)));
    }

    #[test]
    fn deleted_sessions_are_purged_after_the_undo_window_keeping_only_id_and_times() {
        let mut j = journal();
        j.set_private_note("s1", "very private", 1_100).unwrap();
        j.start_new_session("s2".into(), "2026-12-02".into(), 2_000);
        j.delete_session("s1", 3_000).unwrap();
        assert!(
            !j.purge_deleted(3_000 + UNDO_WINDOW_MS - 1),
            "still within the undo window"
        );
        assert!(codec::encode(&j).contains("very private"));
        assert!(
            !codec::encode_export(&j).contains("very private"),
            "an export never carries deleted words"
        );
        assert!(j.purge_deleted(3_000 + UNDO_WINDOW_MS));
        assert!(!codec::encode(&j).contains("very private"));
        assert_eq!(
            j.purged.get("s1"),
            Some(&Tombstone {
                created: 1_000,
                deleted: 3_000
            })
        );
        assert_eq!(j.undo_delete("s1", 9_999_999), Err(EditError::NoSuchSession));
    }

    #[test]
    fn conflict_copies_can_be_kept_or_dropped() {
        let base = journal();
        let mut a = base.clone();
        let mut b = base;
        a.set_private_note("s1", "from A", 2_000).unwrap();
        b.set_private_note("s1", "from B", 2_001).unwrap();
        let merged = merge::merge(&a, &b);
        let note = &merged.current().unwrap().private_note;
        assert_eq!(note.text(), "from B");
        assert_eq!(note.conflicts()[0].text, "from A");
        let mut kept = merged.clone();
        kept.keep_conflict_copies("s1", NoteKind::Private, 3_000).unwrap();
        let note = &kept.current().unwrap().private_note;
        assert_eq!((note.text(), note.conflicts().len()), ("from B\n\nfrom A", 0));
        let mut dropped = merged.clone();
        dropped
            .drop_conflict_copies("s1", NoteKind::Private, 3_000)
            .unwrap();
        let note = &dropped.current().unwrap().private_note;
        assert_eq!((note.text(), note.conflicts().len()), ("from B", 0));
        assert_eq!(
            merge::merge(&dropped, &a),
            dropped,
            "the old copy does not come back"
        );
        assert_eq!(
            dropped.drop_conflict_copies("s1", NoteKind::Private, 4_000),
            Err(EditError::NoSuchCopy)
        );
    }

    /// Issue 10, "a content edit can make every journal unreadable": the
    /// checklist made from the real content keeps the limits loading applies.
    #[cfg(feature = "ssr")]
    #[test]
    fn the_checklist_from_the_content_keeps_the_limits_loading_applies() {
        let content = crate::domain::content::parse::parse_content(
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/content/article.md")),
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/content/site.toml")),
        )
        .expect("the content parses");
        let steps = default_steps(content.article.steps());
        assert!(!steps.is_empty());
        assert_eq!(codec::check_steps(&steps), Ok(()));
        let mut too_long = steps.clone();
        // The example: a title whose id (its slug) is over 64 characters.
        too_long[0].id =
            "plan-something-small-and-kind-for-yourself-for-the-evening-after-your-session".into();
        assert!(
            codec::check_steps(&too_long).is_err(),
            "the check would catch a long id"
        );
    }
}
