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
pub mod merge;

#[cfg(test)]
pub(crate) use tests::steps as test_steps;

use serde::{Deserialize, Serialize};

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = 1;
/// Longest step text, in characters.
pub const MAX_STEP_CHARS: usize = 120;
/// Longest note, in characters.
pub const MAX_NOTE_CHARS: usize = 20_000;
/// Most steps in one checklist.
pub const MAX_STEPS: usize = 40;
/// Most sessions kept.
pub const MAX_SESSIONS: usize = 10_000;

/// A value and when it last changed, so that two copies can be merged.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Field<T> {
    #[serde(rename = "v")]
    pub value: T,
    /// Milliseconds since the epoch of the last change.
    #[serde(rename = "t")]
    pub modified: u64,
}

impl<T: PartialEq> Field<T> {
    pub fn new(value: T, modified: u64) -> Self {
        Field { value, modified }
    }

    /// Changes the value (only if it differs) and stamps the time.
    pub fn set(&mut self, value: T, now: u64) -> bool {
        if self.value == value {
            return false;
        }
        self.value = value;
        self.modified = now.max(self.modified.saturating_add(1));
        true
    }
}

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
    /// Deleted (kept as a marker, so that other tabs delete it too).
    #[serde(default)]
    pub deleted: Field<bool>,
    /// The session's date, `YYYY-MM-DD`.
    pub date: Field<String>,
    pub steps: Field<Vec<Step>>,
    /// Ids of the ticked steps.
    pub ticked: Field<Vec<String>>,
    pub mood_before: Field<Option<Mood>>,
    pub mood_after: Field<Option<Mood>>,
    /// A note to bring up next time ("Talk about it").
    pub bring_up: Field<String>,
    /// A private journal note ("Write about it").
    pub journal: Field<String>,
}

/// Everything the client keeps.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Journal {
    pub schema: u32,
    /// The id of the session the checklist shows.
    pub current: Field<String>,
    /// Every session, oldest first, deleted ones included as markers.
    pub sessions: Vec<Session>,
}

/// Why a change was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    EmptyText,
    TooLong { max: usize },
    TooManySteps,
    NoSuchStep,
    NoSuchSession,
    BadDate,
    BadMood,
}

impl std::fmt::Display for EditError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EditError::EmptyText => write!(f, "Please write a few words for the step."),
            EditError::TooLong { max } => write!(f, "Please keep it under {max} characters."),
            EditError::TooManySteps => write!(f, "A checklist can have at most {MAX_STEPS} steps."),
            EditError::NoSuchStep => write!(f, "That step is no longer in the checklist."),
            EditError::NoSuchSession => write!(f, "That session no longer exists."),
            EditError::BadDate => write!(f, "Please enter a date as year-month-day."),
            EditError::BadMood => write!(f, "Moods go from 1 to 5."),
        }
    }
}

impl std::error::Error for EditError {}

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

impl Session {
    /// A fresh session with `steps`, nothing ticked.
    pub fn new(id: String, date: String, steps: Vec<Step>, now: u64) -> Session {
        Session {
            id,
            created: now,
            deleted: Field::new(false, now),
            date: Field::new(date, now),
            steps: Field::new(steps, now),
            ticked: Field::new(Vec::new(), now),
            mood_before: Field::new(None, now),
            mood_after: Field::new(None, now),
            bring_up: Field::new(String::new(), now),
            journal: Field::new(String::new(), now),
        }
    }

    /// How many of its steps are ticked, and how many there are.
    pub fn progress(&self) -> (usize, usize) {
        let steps = &self.steps.value;
        let done = steps.iter().filter(|s| self.ticked.value.contains(&s.id)).count();
        (done, steps.len())
    }

    pub fn is_ticked(&self, step_id: &str) -> bool {
        self.ticked.value.iter().any(|t| t == step_id)
    }

    /// After a session: the mood afterwards is at the lowest point, or two or
    /// more points lower than before.
    pub fn needs_help(&self) -> bool {
        match (self.mood_before.value, self.mood_after.value) {
            (_, Some(1)) => true,
            (Some(before), Some(after)) => before >= after + 2,
            _ => false,
        }
    }

    /// The time of the latest change to any field.
    pub fn modified(&self) -> u64 {
        [
            self.date.modified,
            self.steps.modified,
            self.ticked.modified,
            self.mood_before.modified,
            self.mood_after.modified,
            self.bring_up.modified,
            self.journal.modified,
            self.deleted.modified,
        ]
        .into_iter()
        .max()
        .unwrap_or(self.created)
    }
}

impl Journal {
    /// A journal with one session holding `steps`.
    pub fn new(session_id: String, date: String, steps: Vec<Step>, now: u64) -> Journal {
        Journal {
            schema: SCHEMA_VERSION,
            current: Field::new(session_id.clone(), now),
            sessions: vec![Session::new(session_id, date, steps, now)],
        }
    }

    /// The session the checklist shows.
    pub fn current(&self) -> Option<&Session> {
        self.session(&self.current.value)
    }

    pub fn session(&self, id: &str) -> Option<&Session> {
        self.sessions.iter().find(|s| s.id == id && !s.deleted.value)
    }

    fn session_mut(&mut self, id: &str) -> Result<&mut Session, EditError> {
        self.sessions
            .iter_mut()
            .find(|s| s.id == id && !s.deleted.value)
            .ok_or(EditError::NoSuchSession)
    }

    fn current_mut(&mut self) -> Result<&mut Session, EditError> {
        let id = self.current.value.clone();
        self.session_mut(&id)
    }

    /// Past sessions, newest first (by date, then by when they were started).
    pub fn history(&self) -> Vec<&Session> {
        let mut past: Vec<&Session> = self
            .sessions
            .iter()
            .filter(|s| !s.deleted.value && s.id != self.current.value)
            .collect();
        past.sort_by(|a, b| b.date.value.cmp(&a.date.value).then(b.created.cmp(&a.created)));
        past
    }

    /// Ticks or unticks a step of the current session.
    pub fn set_ticked(&mut self, step_id: &str, ticked: bool, now: u64) -> Result<(), EditError> {
        let session = self.current_mut()?;
        if !session.steps.value.iter().any(|s| s.id == step_id) {
            return Err(EditError::NoSuchStep);
        }
        let mut ticks: Vec<String> = session
            .ticked
            .value
            .iter()
            .filter(|t| *t != step_id)
            .cloned()
            .collect();
        if ticked {
            ticks.push(step_id.to_owned());
        }
        session.ticked.set(ticks, now);
        Ok(())
    }

    pub fn set_date(&mut self, session_id: &str, date: &str, now: u64) -> Result<(), EditError> {
        if !is_valid_date(date) {
            return Err(EditError::BadDate);
        }
        self.session_mut(session_id)?.date.set(date.to_owned(), now);
        Ok(())
    }

    pub fn set_moods(
        &mut self,
        session_id: &str,
        before: Option<Mood>,
        after: Option<Mood>,
        now: u64,
    ) -> Result<(), EditError> {
        if [before, after].iter().flatten().any(|m| !(1..=5).contains(m)) {
            return Err(EditError::BadMood);
        }
        let session = self.session_mut(session_id)?;
        session.mood_before.set(before, now);
        session.mood_after.set(after, now);
        Ok(())
    }

    pub fn set_bring_up(&mut self, session_id: &str, text: &str, now: u64) -> Result<(), EditError> {
        check_note(text)?;
        self.session_mut(session_id)?.bring_up.set(text.to_owned(), now);
        Ok(())
    }

    pub fn set_journal(&mut self, session_id: &str, text: &str, now: u64) -> Result<(), EditError> {
        check_note(text)?;
        self.session_mut(session_id)?.journal.set(text.to_owned(), now);
        Ok(())
    }

    /// Adds a step of the client's own to the current checklist.
    pub fn add_step(&mut self, id: String, text: &str, now: u64) -> Result<(), EditError> {
        let text = clean_step_text(text)?;
        let session = self.current_mut()?;
        if session.steps.value.len() >= MAX_STEPS {
            return Err(EditError::TooManySteps);
        }
        let mut steps = session.steps.value.clone();
        steps.push(Step {
            id,
            text,
            article: None,
        });
        session.steps.set(steps, now);
        Ok(())
    }

    pub fn rename_step(&mut self, step_id: &str, text: &str, now: u64) -> Result<(), EditError> {
        let text = clean_step_text(text)?;
        let session = self.current_mut()?;
        let mut steps = session.steps.value.clone();
        let step = steps
            .iter_mut()
            .find(|s| s.id == step_id)
            .ok_or(EditError::NoSuchStep)?;
        step.text = text;
        session.steps.set(steps, now);
        Ok(())
    }

    pub fn remove_step(&mut self, step_id: &str, now: u64) -> Result<(), EditError> {
        let session = self.current_mut()?;
        let steps: Vec<Step> = session
            .steps
            .value
            .iter()
            .filter(|s| s.id != step_id)
            .cloned()
            .collect();
        if steps.len() == session.steps.value.len() {
            return Err(EditError::NoSuchStep);
        }
        session.steps.set(steps, now);
        let ticks: Vec<String> = session
            .ticked
            .value
            .iter()
            .filter(|t| *t != step_id)
            .cloned()
            .collect();
        session.ticked.set(ticks, now);
        Ok(())
    }

    /// Moves a step up (`-1`) or down (`+1`); at either end it stays.
    pub fn move_step(&mut self, step_id: &str, delta: isize, now: u64) -> Result<(), EditError> {
        let session = self.current_mut()?;
        let mut steps = session.steps.value.clone();
        let from = steps
            .iter()
            .position(|s| s.id == step_id)
            .ok_or(EditError::NoSuchStep)?;
        let to = from.saturating_add_signed(delta).min(steps.len() - 1);
        let step = steps.remove(from);
        steps.insert(to, step);
        session.steps.set(steps, now);
        Ok(())
    }

    /// Puts the article's steps back, keeping the client's own after them
    /// and the ticks of steps that remain.
    pub fn restore_steps(&mut self, defaults: &[Step], now: u64) -> Result<(), EditError> {
        let session = self.current_mut()?;
        let mut steps = defaults.to_vec();
        steps.extend(
            session
                .steps
                .value
                .iter()
                .filter(|s| s.article.is_none())
                .cloned(),
        );
        steps.truncate(MAX_STEPS);
        session.steps.set(steps, now);
        Ok(())
    }

    /// Keeps the current session in the history and starts a fresh one with
    /// the same steps, dated `date`.
    pub fn start_new_session(&mut self, id: String, date: String, now: u64) {
        let steps = self.current().map(|s| s.steps.value.clone()).unwrap_or_default();
        self.sessions.push(Session::new(id.clone(), date, steps, now));
        self.current.set(id, now);
    }

    /// Deletes a past session (the current one cannot be deleted).
    pub fn delete_session(&mut self, id: &str, now: u64) -> Result<(), EditError> {
        if id == self.current.value {
            return Err(EditError::NoSuchSession);
        }
        self.session_mut(id)?.deleted.set(true, now);
        Ok(())
    }

    /// Brings back a deleted session.
    pub fn undo_delete(&mut self, id: &str, now: u64) -> Result<(), EditError> {
        let session = self
            .sessions
            .iter_mut()
            .find(|s| s.id == id)
            .ok_or(EditError::NoSuchSession)?;
        session.deleted.set(false, now);
        Ok(())
    }
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
    fn setting_the_same_value_changes_nothing() {
        let mut f = Field::new("a".to_owned(), 10);
        assert!(!f.set("a".to_owned(), 20));
        assert_eq!(f.modified, 10);
        assert!(
            f.set("b".to_owned(), 5),
            "a clock that went back still moves the stamp forward"
        );
        assert_eq!(f.modified, 11);
    }
}
