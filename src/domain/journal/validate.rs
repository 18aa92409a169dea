//! The limits every stored document, session and list of steps must keep
//! (applied on load, on import, and to the content's checklist at build time).

use std::collections::HashSet;

use super::{
    Journal, MAX_ID_CHARS, MAX_NOTE_CHARS, MAX_NOTE_WRITERS, MAX_SESSIONS, MAX_STAMP, MAX_STEP_CHARS,
    MAX_STEP_ITEMS, MAX_STEPS, Note, SCHEMA_VERSION, Session, Steps, erases, is_valid_date,
};

/// Most versions one note may keep (the shown text and its conflict copies).
pub const MAX_NOTE_VERSIONS: usize = 16;
/// Most conflict copies one note may keep (kept or dropped ones included).
pub const MAX_NOTE_COPIES: usize = 1_000;
/// Most tick entries one session may keep (ticks of removed steps included).
pub const MAX_TICKS: usize = 10 * MAX_STEPS;

/// Which limit a document, a session or a list of steps breaks (the
/// messages complete "The data has a value this app cannot accept: …").
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Invalid {
    #[error("{what} id of {chars} characters")]
    IdLength { what: &'static str, chars: usize },
    #[error("a note with {0} versions")]
    NoteVersions(usize),
    #[error("a note whose versions are out of order")]
    NoteVersionsOrder,
    #[error("a note version that names {0} writers (at most {MAX_NOTE_WRITERS})")]
    NoteWriters(usize),
    #[error("a note version that had seen a later one")]
    NoteSeenLater,
    #[error("a note with {0} conflict copies")]
    NoteCopies(usize),
    #[error("a note whose conflict copies are out of order")]
    NoteCopiesOrder,
    #[error("a note of {0} characters (at most {MAX_NOTE_CHARS})")]
    NoteLength(usize),
    #[error("the date {0:?}")]
    Date(String),
    #[error("a mood of {0} (moods go from 1 to 5)")]
    Mood(u8),
    #[error("{0} steps in one session (at most {MAX_STEPS})")]
    StepCount(usize),
    #[error("the step id {0:?} twice")]
    StepTwice(String),
    #[error("a session whose steps are out of order")]
    StepsOrder,
    #[error("a step text of {0} characters (1 to {MAX_STEP_CHARS})")]
    StepText(usize),
    #[error("{0} ticks (at most {MAX_TICKS})")]
    TickCount(usize),
    #[error("the time {0}, past any date this app writes")]
    Stamp(u64),
    #[error("schema {0}")]
    Schema(u32),
    #[error("{0} sessions (at most {MAX_SESSIONS})")]
    SessionCount(usize),
    #[error("the session id {0:?} twice")]
    SessionTwice(String),
    #[error("the session id {0:?} both kept and purged")]
    KeptAndPurged(String),
    #[error("the session {0:?} was deleted")]
    Deleted(String),
    #[error("a session older than the last “delete everything”")]
    OlderThanErase,
    #[error("no current session")]
    NoCurrent,
    #[error("a session without the expected fields ({0})")]
    BadSession(String),
}

fn check_id(id: &str, what: &'static str) -> Result<(), Invalid> {
    let chars = id.chars().count();
    if chars == 0 || chars > MAX_ID_CHARS {
        return Err(Invalid::IdLength { what, chars });
    }
    Ok(())
}

fn check_note(note: &Note) -> Result<(), Invalid> {
    if note.versions.is_empty() || note.versions.len() > MAX_NOTE_VERSIONS {
        return Err(Invalid::NoteVersions(note.versions.len()));
    }
    // Checked in place, without copies (run for every stored session on
    // each load): sorted and each once, none superseded by another, and a
    // note merged with itself is itself (which, without conflict copies,
    // those two already say).
    let versions = &note.versions;
    for v in versions {
        if v.seen.len() > MAX_NOTE_WRITERS {
            return Err(Invalid::NoteWriters(v.seen.len()));
        }
        // A writer has seen only what came before its own version (its
        // clock moves past every time it sees): this also bounds every
        // time a context holds by the version's own.
        if v.seen.iter().any(|&(_, at)| at >= v.at) {
            return Err(Invalid::NoteSeenLater);
        }
        // Sorted by writer, each once: one way to write each context.
        if !v.seen.windows(2).all(|w| w[0].0 < w[1].0) {
            return Err(Invalid::NoteVersionsOrder);
        }
        for writer in v
            .seen
            .iter()
            .map(|(w, _)| w)
            .chain([&v.by])
            .filter(|w| !w.is_empty())
        {
            check_id(writer, "a note's writer")?;
        }
    }
    if !versions.windows(2).all(|w| w[0] < w[1])
        || versions.iter().any(|v| versions.iter().any(|w| w.supersedes(v)))
        || (!note.copies.is_empty() && note.merge(note) != *note)
    {
        return Err(Invalid::NoteVersionsOrder);
    }
    if note.copies.len() > MAX_NOTE_COPIES || note.copies.iter().any(|c| c.resolved && !c.text.is_empty()) {
        return Err(Invalid::NoteCopies(note.copies.len()));
    }
    // Sorted, and one copy a time.
    if !note.copies.windows(2).all(|w| w[0] <= w[1] && w[0].at != w[1].at) {
        return Err(Invalid::NoteCopiesOrder);
    }
    for text in note
        .versions
        .iter()
        .map(|v| &v.text)
        .chain(note.copies.iter().map(|c| &c.text))
    {
        let chars = text.chars().count();
        if chars > MAX_NOTE_CHARS {
            return Err(Invalid::NoteLength(chars));
        }
    }
    Ok(())
}

/// The limits one session must keep: ids, date, moods, steps, ticks, notes.
pub fn validate_session(session: &Session) -> Result<(), Invalid> {
    check_id(&session.id, "a session")?;
    check_stamp(session.modified())?;
    if !is_valid_date(&session.date.value) {
        return Err(Invalid::Date(session.date.value.chars().take(20).collect()));
    }
    for mood in [session.mood_before.value, session.mood_after.value]
        .into_iter()
        .flatten()
    {
        if !(1..=5).contains(&mood) {
            return Err(Invalid::Mood(mood));
        }
    }
    check_session_steps(&session.steps)?;
    if session.ticks.len() > MAX_TICKS {
        return Err(Invalid::TickCount(session.ticks.len()));
    }
    for id in session.ticks.keys() {
        check_id(id, "a tick's step")?;
    }
    check_note(&session.bring_up)?;
    check_note(&session.private_note)
}

/// The limits a list of steps must keep (also applied to the content's
/// checklist at build time).
pub fn check_steps(steps: &[super::Step]) -> Result<(), Invalid> {
    if steps.len() > MAX_STEPS {
        return Err(Invalid::StepCount(steps.len()));
    }
    for (i, step) in steps.iter().enumerate() {
        check_id(&step.id, "a step")?;
        // At most MAX_STEPS: a look back is cheaper than hashing.
        if steps[..i].iter().any(|s| s.id == step.id) {
            return Err(Invalid::StepTwice(step.id.clone()));
        }
        let chars = step.text.chars().count();
        if step.text.trim().is_empty() || chars > MAX_STEP_CHARS {
            return Err(Invalid::StepText(chars));
        }
        if let Some(article) = &step.article {
            check_id(article, "an article step")?;
        }
    }
    Ok(())
}

/// The limits a session's steps must keep: removed ones included, at most
/// [`MAX_STEP_ITEMS`]; ids and texts as in [`check_steps`] (the order may
/// name a step more than once, or one not there: it shows each once).
fn check_session_steps(steps: &Steps) -> Result<(), Invalid> {
    let count = steps.items.len().max(steps.order.value.len());
    if count > MAX_STEP_ITEMS {
        return Err(Invalid::StepCount(count));
    }
    for id in &steps.order.value {
        check_id(id, "a step")?;
    }
    // Sorted by id, each once: the merge and the lookups rely on it.
    if let Some(w) = steps.items.windows(2).find(|w| w[0].id >= w[1].id) {
        return Err(match w[0].id == w[1].id {
            true => Invalid::StepTwice(w[1].id.clone()),
            false => Invalid::StepsOrder,
        });
    }
    for item in &steps.items {
        check_id(&item.id, "a step")?;
        let chars = item.text.value.chars().count();
        if item.text.value.trim().is_empty() || chars > MAX_STEP_CHARS {
            return Err(Invalid::StepText(chars));
        }
        if let Some(article) = &item.article {
            check_id(article, "an article step")?;
        }
    }
    Ok(())
}

/// A time no later than [`MAX_STAMP`].
fn check_stamp(at: u64) -> Result<(), Invalid> {
    if at > MAX_STAMP {
        return Err(Invalid::Stamp(at));
    }
    Ok(())
}

pub(super) fn validate_frame(journal: &Journal) -> Result<(), Invalid> {
    if journal.schema != SCHEMA_VERSION {
        return Err(Invalid::Schema(journal.schema));
    }
    if journal.sessions.len() + journal.purged.len() > MAX_SESSIONS {
        return Err(Invalid::SessionCount(
            journal.sessions.len() + journal.purged.len(),
        ));
    }
    check_id(&journal.current.value, "the current session")?;
    check_stamp(journal.erased.max(journal.current.at))?;
    for (id, tombstone) in &journal.purged {
        check_id(id, "a deleted session")?;
        check_stamp(tombstone.created.max(tombstone.deleted))?;
    }
    Ok(())
}

/// Checks every limit a document must keep: counts, lengths, dates, moods,
/// unique ids, nothing both live and purged, and a current session that exists.
pub fn validate(journal: &Journal) -> Result<(), Invalid> {
    validate_frame(journal)?;
    let mut ids = HashSet::new();
    for session in &journal.sessions {
        validate_session(session)?;
        if !ids.insert(session.id.as_str()) {
            return Err(Invalid::SessionTwice(session.id.clone()));
        }
        if journal.purged.contains_key(&session.id) {
            return Err(Invalid::KeptAndPurged(session.id.clone()));
        }
        if erases(journal.erased, session.created) {
            return Err(Invalid::OlderThanErase);
        }
    }
    if journal.current().is_none() {
        return Err(Invalid::NoCurrent);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::journal::NoteVersion;
    use crate::domain::journal::stamped::NoteCopy;

    /// The note check as it was, copying and merging every note.
    fn check_note_by_copies(note: &Note) -> Result<(), Invalid> {
        if note.versions.is_empty() || note.versions.len() > MAX_NOTE_VERSIONS {
            return Err(Invalid::NoteVersions(note.versions.len()));
        }
        let mut sorted = note.versions.clone();
        sorted.sort();
        sorted.dedup();
        if sorted != note.versions || note.merge(note) != *note {
            return Err(Invalid::NoteVersionsOrder);
        }
        if note.copies.len() > MAX_NOTE_COPIES || note.copies.iter().any(|c| c.resolved && !c.text.is_empty())
        {
            return Err(Invalid::NoteCopies(note.copies.len()));
        }
        let mut copies = note.copies.clone();
        copies.sort();
        copies.dedup_by_key(|c| c.at);
        if copies != note.copies {
            return Err(Invalid::NoteCopiesOrder);
        }
        for text in note
            .versions
            .iter()
            .map(|v| &v.text)
            .chain(note.copies.iter().map(|c| &c.text))
        {
            let chars = text.chars().count();
            if chars > MAX_NOTE_CHARS {
                return Err(Invalid::NoteLength(chars));
            }
        }
        Ok(())
    }

    /// Every list of `n` or fewer items from `pool`, in every order.
    fn lists<T: Clone>(pool: &[T], n: usize) -> Vec<Vec<T>> {
        let mut all = vec![Vec::new()];
        let mut last = vec![Vec::new()];
        for _ in 0..n {
            last = last
                .iter()
                .flat_map(|l: &Vec<T>| {
                    pool.iter().map(move |x| {
                        let mut l = l.clone();
                        l.push(x.clone());
                        l
                    })
                })
                .collect();
            all.extend(last.iter().cloned());
        }
        all
    }

    #[test]
    fn the_note_check_in_place_says_what_the_copying_one_said() {
        let mut versions = Vec::new();
        for at in 1..=2 {
            for text in ["", "a"] {
                for (by, seen) in [("", 0), ("", 1), ("A", 0), ("A", 1), ("B", 1)] {
                    versions.push(NoteVersion {
                        at,
                        text: text.into(),
                        by: by.into(),
                        // A writer sees only what came before it.
                        seen: vec![
                            (String::new(), seen.min(at - 1)),
                            ("A".to_owned(), seen.min(at - 1)),
                        ],
                    });
                }
            }
        }
        let mut copies = Vec::new();
        for at in 1..=2 {
            for text in ["", "a"] {
                for resolved in [false, true] {
                    copies.push(NoteCopy {
                        at,
                        text: text.into(),
                        resolved,
                    });
                }
            }
        }
        let (versions, copies) = (lists(&versions, 3), lists(&copies, 2));
        let mut valid = 0;
        for v in &versions {
            for c in &copies {
                let note = Note {
                    versions: v.clone(),
                    copies: c.clone(),
                };
                let found = check_note(&note);
                valid += usize::from(found.is_ok());
                assert_eq!(found, check_note_by_copies(&note), "{note:?}");
            }
        }
        assert!(valid > 100, "the cases include valid notes ({valid})");
    }

    #[test]
    fn a_step_id_twice_is_refused() {
        let step = |id: &str| crate::domain::journal::Step {
            id: id.into(),
            text: "Tea".into(),
            article: None,
        };
        assert_eq!(check_steps(&[step("a"), step("b")]), Ok(()));
        assert_eq!(
            check_steps(&[step("a"), step("b"), step("a")]),
            Err(Invalid::StepTwice("a".into()))
        );
    }
}
