//! The stored document: encoding, decoding with migrations from earlier
//! schema versions, validation, and setting aside what cannot be read.

use std::collections::HashSet;

use serde_json::{Map, Value, json};

use super::{
    Journal, MAX_ID_CHARS, MAX_NOTE_CHARS, MAX_SESSIONS, MAX_STEP_CHARS, MAX_STEPS, Note, SCHEMA_VERSION,
    Session, erases, is_valid_date,
};

/// The localStorage key of schema-1 documents, the same for every site on an origin.
pub const LEGACY_STORAGE_KEY: &str = "after-the-session";
/// The largest file an import accepts.
pub const MAX_IMPORT_BYTES: usize = 5 * 1024 * 1024;
/// Most versions one note may keep (the shown text and its conflict copies).
pub const MAX_NOTE_VERSIONS: usize = 16;
/// Most conflict copies one note may keep (kept or dropped ones included).
pub const MAX_NOTE_COPIES: usize = 1_000;
/// Most tick entries one session may keep (ticks of removed steps included).
pub const MAX_TICKS: usize = 10 * MAX_STEPS;

/// The localStorage key of this site's journal: the app's name and the
/// site's base path, so two sites on one origin keep two journals.
pub fn storage_key(base_path: &str) -> String {
    format!("{LEGACY_STORAGE_KEY}@{base_path}")
}

/// The prefix of every key this site writes (the journal and its backups).
pub fn is_own_key(key: &str, base_path: &str) -> bool {
    let main = storage_key(base_path);
    key == main
        || key
            .strip_prefix(&main)
            .is_some_and(|rest| rest.starts_with(".unreadable.") || rest == ".downloaded" || rest == ".idle")
}

/// Why a stored document or an import file cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error(
        "The file is too large ({} MB); a backup from this app is at most {} MB.",
        bytes.div_ceil(1_048_576),
        MAX_IMPORT_BYTES / 1_048_576
    )]
    TooLarge { bytes: usize },
    #[error("The file is not a text file.")]
    NotText,
    #[error("The data is not valid JSON ({0}).")]
    NotJson(String),
    #[error("The data is not a backup from this app (it has no schema version).")]
    NoSchema,
    /// Written by a newer version of the app: never overwrite it.
    #[error("The data was saved by a newer version of this app (schema {0}).")]
    NewerSchema(u32),
    #[error("The data does not have the expected fields ({0}).")]
    BadShape(String),
    #[error("The data has a value this app cannot accept: {0}.")]
    Invalid(#[from] Invalid),
}

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
    #[error("a step text of {0} characters (1 to {MAX_STEP_CHARS})")]
    StepText(usize),
    #[error("{0} ticks (at most {MAX_TICKS})")]
    TickCount(usize),
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

/// The compact JSON kept in localStorage.
pub fn encode(journal: &Journal) -> String {
    serde_json::to_string(journal).unwrap_or_default()
}

/// The readable JSON of an export file: deleted sessions' words purged.
pub fn encode_export(journal: &Journal) -> String {
    serde_json::to_string_pretty(&journal.for_export()).unwrap_or_default()
}

/// The schema version of a stored text, if it has one.
pub fn schema_of(text: &str) -> Option<u64> {
    #[derive(serde::Deserialize)]
    struct Head {
        schema: u64,
    }
    serde_json::from_str::<Head>(text).ok().map(|h| h.schema)
}

fn read_value(text: &str) -> Result<Value, DecodeError> {
    let value: Value = serde_json::from_str(text).map_err(|e| DecodeError::NotJson(e.to_string()))?;
    let schema = value
        .get("schema")
        .and_then(Value::as_u64)
        .ok_or(DecodeError::NoSchema)?;
    let schema = u32::try_from(schema).map_err(|_| DecodeError::NewerSchema(u32::MAX))?;
    if schema > SCHEMA_VERSION {
        return Err(DecodeError::NewerSchema(schema));
    }
    migrate(value, schema)
}

/// Reads a document of any schema version up to this one; anything invalid
/// refuses the whole document (imports).
pub fn decode(text: &str) -> Result<Journal, DecodeError> {
    let journal: Journal =
        serde_json::from_value(read_value(text)?).map_err(|e| DecodeError::BadShape(e.to_string()))?;
    validate(&journal)?;
    Ok(journal)
}

/// A session that could not be read, set aside whole.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SetAside {
    /// The session's JSON as stored.
    pub raw: String,
    pub reason: Invalid,
}

/// A stored document read session by session: the valid ones, and the
/// others set aside. `journal.current` may name a set-aside session; the
/// caller then starts a fresh one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Lenient {
    pub journal: Journal,
    pub set_aside: Vec<SetAside>,
}

/// Reads a stored document keeping every valid session: one bad session
/// costs only itself. The document's frame (schema, current, erase stamp,
/// tombstones) must be whole.
pub fn decode_lenient(text: &str) -> Result<Lenient, DecodeError> {
    let mut value = read_value(text)?;
    let sessions = match value.get_mut("sessions").map(Value::take) {
        Some(Value::Array(sessions)) => sessions,
        _ => return Err(DecodeError::BadShape("no list of sessions".into())),
    };
    if let Some(map) = value.as_object_mut() {
        map.insert("sessions".into(), Value::Array(Vec::new()));
    }
    let mut journal: Journal =
        serde_json::from_value(value).map_err(|e| DecodeError::BadShape(e.to_string()))?;
    let mut set_aside = Vec::new();
    let mut ids = HashSet::new();
    for raw in sessions {
        let checked = serde_json::from_value::<Session>(raw.clone())
            .map_err(|e| Invalid::BadSession(e.to_string()))
            .and_then(|s| validate_session(&s).map(|()| s))
            .and_then(|s| {
                if erases(journal.erased, s.created) || journal.purged.contains_key(&s.id) {
                    Err(Invalid::Deleted(s.id.clone()))
                } else if ids.insert(s.id.clone()) {
                    Ok(s)
                } else {
                    Err(Invalid::SessionTwice(s.id.clone()))
                }
            });
        match checked {
            Ok(s) => journal.sessions.push(s),
            Err(reason) => set_aside.push(SetAside {
                raw: raw.to_string(),
                reason,
            }),
        }
    }
    validate_frame(&journal)?;
    Ok(Lenient { journal, set_aside })
}

/// Brings a document from schema `from` up to [`SCHEMA_VERSION`], one
/// version at a time. Each step keeps every value the older schema had.
fn migrate(value: Value, from: u32) -> Result<Value, DecodeError> {
    match from {
        SCHEMA_VERSION => Ok(value),
        1 => migrate(v1_to_v2(value)?, 2),
        0 => Err(DecodeError::NoSchema),
        other => Err(DecodeError::BadShape(format!("unknown schema version {other}"))),
    }
}

/// Schema 1 → 2: the list of ticks becomes one stamped tick per step (each
/// with the list's time), each note becomes a note with one version, and the
/// document gains an erase stamp (none) and tombstones (none).
fn v1_to_v2(mut value: Value) -> Result<Value, DecodeError> {
    let shape = |e: &str| DecodeError::BadShape(e.to_owned());
    let doc = value.as_object_mut().ok_or_else(|| shape("not an object"))?;
    doc.insert("schema".into(), json!(2));
    doc.insert("erased".into(), json!(0));
    doc.insert("purged".into(), json!({}));
    let sessions = doc
        .get_mut("sessions")
        .and_then(Value::as_array_mut)
        .ok_or_else(|| shape("no list of sessions"))?;
    for session in sessions {
        let Some(session) = session.as_object_mut() else {
            continue; // left for the session's own check to set aside
        };
        if let Some(ticked) = session.remove("ticked") {
            let at = ticked.get("t").cloned().unwrap_or(Value::Null);
            let mut ticks = Map::new();
            for id in ticked.get("v").and_then(Value::as_array).into_iter().flatten() {
                if let Some(id) = id.as_str() {
                    ticks.insert(id.to_owned(), json!({ "v": true, "t": at }));
                }
            }
            session.insert("ticks".into(), Value::Object(ticks));
        }
        for (old, new) in [("bring_up", "bring_up"), ("journal", "private_note")] {
            if let Some(note) = session.remove(old) {
                let version = json!({ "v": [{
                    "t": note.get("t").cloned().unwrap_or(Value::Null),
                    "v": note.get("v").cloned().unwrap_or(Value::Null),
                    "s": 0,
                }] });
                session.insert(new.into(), version);
            }
        }
    }
    Ok(value)
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
    let mut sorted = note.versions.clone();
    sorted.sort();
    sorted.dedup();
    if sorted != note.versions || note.merge(note) != *note {
        return Err(Invalid::NoteVersionsOrder);
    }
    if note.copies.len() > MAX_NOTE_COPIES || note.copies.iter().any(|c| c.resolved && !c.text.is_empty()) {
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

/// The limits one session must keep: ids, date, moods, steps, ticks, notes.
pub fn validate_session(session: &Session) -> Result<(), Invalid> {
    check_id(&session.id, "a session")?;
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
    check_steps(&session.steps.value)?;
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
    let mut step_ids = HashSet::new();
    for step in steps {
        check_id(&step.id, "a step")?;
        if !step_ids.insert(step.id.as_str()) {
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

fn validate_frame(journal: &Journal) -> Result<(), Invalid> {
    if journal.schema != SCHEMA_VERSION {
        return Err(Invalid::Schema(journal.schema));
    }
    if journal.sessions.len() + journal.purged.len() > MAX_SESSIONS {
        return Err(Invalid::SessionCount(
            journal.sessions.len() + journal.purged.len(),
        ));
    }
    check_id(&journal.current.value, "the current session")?;
    for id in journal.purged.keys() {
        check_id(id, "a deleted session")?;
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

/// Reads an import file: size, text, schema, shape and limits.
pub fn parse_import(bytes: &[u8]) -> Result<Journal, DecodeError> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(DecodeError::TooLarge { bytes: bytes.len() });
    }
    let text = std::str::from_utf8(bytes).map_err(|_| DecodeError::NotText)?;
    decode(text)
}

/// The export file's name for a day: `after-the-session-2026-11-25.json`.
pub fn export_file_name(date: &str) -> String {
    format!("after-the-session-{date}.json")
}

#[cfg(test)]
#[path = "codec_tests.rs"]
mod tests;
