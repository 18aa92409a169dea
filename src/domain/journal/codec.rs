//! The stored document: encoding, decoding with migrations from earlier
//! schema versions, and setting aside what cannot be read (the limits a
//! document must keep are in `validate`).

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value, json};

use super::validate::validate_frame;
pub use super::validate::{
    Invalid, MAX_NOTE_COPIES, MAX_NOTE_VERSIONS, MAX_TICKS, check_steps, validate, validate_session,
};
use super::{Journal, SCHEMA_VERSION, Session, Stamped, Tombstone, erases};

/// The localStorage key of schema-1 documents, the same for every site on an origin.
pub const LEGACY_STORAGE_KEY: &str = "after-the-session";
/// The largest file an import accepts: room for the largest journal a
/// browser stores (about 5 million characters), indented as downloaded
/// (almost twice the size) and in UTF-8 (up to 3 bytes a character).
pub const MAX_IMPORT_BYTES: usize = 32 * 1024 * 1024;
/// How far ahead of this device's clock a file's times may run: clocks of
/// two devices differ, but not by a day. A time further ahead would hold
/// every deleted session's words until then (their purge waits for the
/// clock, which moves past every time it sees).
pub const CLOCK_TOLERANCE_MS: u64 = 24 * 60 * 60 * 1000;
/// The largest encrypted copy an import reads: the largest readable file in
/// base64 (4 bytes for 3) and the envelope's few fields.
pub const MAX_ENCRYPTED_IMPORT_BYTES: usize = MAX_IMPORT_BYTES.div_ceil(3) * 4 + 1024;

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
    /// A backup's beginning, but its text ends too soon (a download that
    /// did not finish, a copy cut off).
    #[error("The data ends too soon: it was cut short.")]
    CutShort,
    #[error("The data is not a backup from this app (it has no schema version).")]
    NoSchema,
    /// Written by a newer version of the app: never overwrite it.
    #[error("The data was saved by a newer version of this app (schema {0}).")]
    NewerSchema(u32),
    #[error("The data does not have the expected fields ({0}).")]
    BadShape(String),
    #[error("The data has a value this app cannot accept: {0}.")]
    Invalid(#[from] Invalid),
    /// Times later than this device's clock allows ([`CLOCK_TOLERANCE_MS`]).
    #[error("The file's times run up to {days} days ahead of this device's clock.")]
    AheadOfClock { days: u64 },
}

/// The compact JSON kept in localStorage.
pub fn encode(journal: &Journal) -> String {
    serde_json::to_string(journal).unwrap_or_default()
}

/// The JSON of an export file: deleted sessions' words purged. Compact: the
/// readable download is indented by the browser (`browser::json::indented`),
/// so the wasm carries one writer of the journal, not a second, pretty one.
pub fn encode_export(journal: &Journal) -> String {
    serde_json::to_string(&journal.for_export()).unwrap_or_default()
}

/// The schema version of a stored text, if it has one.
pub fn schema_of(text: &str) -> Option<u64> {
    #[derive(serde::Deserialize)]
    struct Head {
        schema: u64,
    }
    serde_json::from_str::<Head>(text).ok().map(|h| h.schema)
}

/// Whether `text` begins as this app's JSON does: an object whose first
/// key is the schema version (compact or indented).
fn begins_like_a_backup(text: &str) -> bool {
    let rest = text.trim_start();
    rest.strip_prefix('{')
        .is_some_and(|rest| rest.trim_start().starts_with("\"schema\""))
}

fn read_value(text: &str) -> Result<Value, DecodeError> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        if e.is_eof() && begins_like_a_backup(text) {
            DecodeError::CutShort
        } else {
            DecodeError::NotJson(e.to_string())
        }
    })?;
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
    let journal: Journal = from_tree(&read_value(text)?).map_err(DecodeError::BadShape)?;
    validate(&journal)?;
    Ok(journal)
}

/// A type read from a JSON tree by way of its text, so that each type's
/// `Deserialize` is compiled once, for `serde_json`'s text reader, and not
/// again for `Value` and `&Value` (issue 14: 11.4 KB of the full bundle, brotli).
/// Only the slow paths take it (imports, older schemas, sessions set aside);
/// the error says what is wrong without a place in text the user never saw.
fn from_tree<T: serde::de::DeserializeOwned>(value: &Value) -> Result<T, String> {
    from_text(&value.to_string())
}

/// [`from_tree`] for a tree already written out as text.
fn from_text<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, String> {
    serde_json::from_str(text).map_err(|e| without_place(&e))
}

/// serde_json's message without its " at line L column C".
fn without_place(error: &serde_json::Error) -> String {
    let message = error.to_string();
    match message.rsplit_once(" at line ") {
        Some((what, place)) if place.split(" column ").all(|n| n.parse::<usize>().is_ok()) => what.to_owned(),
        _ => message,
    }
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
    // The common case, a whole document of this schema, read straight into
    // the journal (no JSON tree in between: a 1,000-session history loads in
    // about half the time); anything else takes the careful path, which
    // gives the same journal for such a document (a property test says so).
    match read_whole(text) {
        Some((journal, _)) => Ok(Lenient {
            journal,
            set_aside: Vec::new(),
        }),
        None => decode_lenient_carefully(text),
    }
}

/// A stored text in the common case, read in one pass: a plain document
/// (no top-level `lock` key, which only a passphrase lock's envelope has,
/// `domain::lock`) of this schema, whole. `None` for anything else (an
/// envelope, another schema, a session to set aside, not JSON), which the
/// caller tells apart step by step; for a text it reads, the journal is what
/// [`decode_lenient`] gives (a property test says so).
pub fn decode_plain(text: &str) -> Option<Journal> {
    read_whole(text).and_then(|(journal, lock)| (!lock.0).then_some(journal))
}

/// A stored document's fields: the journal's, and whether it has a `lock` key.
#[derive(Deserialize)]
struct Stored {
    schema: u32,
    erased: u64,
    current: Stamped<String>,
    sessions: Vec<Session>,
    purged: BTreeMap<String, Tombstone>,
    #[serde(default)]
    lock: Present,
}

/// Whether a key is there, whatever its value (`null` included).
#[derive(Default)]
struct Present(bool);

impl<'de> Deserialize<'de> for Present {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(deserializer).map(|_| Present(true))
    }
}

/// A whole document of this schema read straight into the journal, and
/// whether it has a `lock` key.
fn read_whole(text: &str) -> Option<(Journal, Present)> {
    let Stored {
        schema,
        erased,
        current,
        sessions,
        purged,
        lock,
    } = serde_json::from_str(text).ok()?;
    let journal = Journal {
        schema,
        erased,
        current,
        sessions,
        purged,
    };
    (journal.schema == SCHEMA_VERSION && is_whole(&journal)).then_some((journal, lock))
}

/// Whether every session of `journal` would be kept by the careful path:
/// valid, not erased or purged, each id once; and the frame is valid.
fn is_whole(journal: &Journal) -> bool {
    let mut ids = HashSet::new();
    journal.sessions.iter().all(|s| {
        validate_session(s).is_ok()
            && !erases(journal.erased, s.created)
            && !journal.purged.contains_key(&s.id)
            && ids.insert(s.id.as_str())
    }) && validate_frame(journal).is_ok()
}

/// [`decode_lenient`] session by session, for any document: migrated from
/// older schemas, each session checked on its own and set aside if bad.
#[doc(hidden)]
pub fn decode_lenient_carefully(text: &str) -> Result<Lenient, DecodeError> {
    let mut value = read_value(text)?;
    let sessions = match value.get_mut("sessions").map(Value::take) {
        Some(Value::Array(sessions)) => sessions,
        _ => return Err(DecodeError::BadShape("no list of sessions".into())),
    };
    if let Some(map) = value.as_object_mut() {
        map.insert("sessions".into(), Value::Array(Vec::new()));
    }
    let mut journal: Journal = from_tree(&value).map_err(DecodeError::BadShape)?;
    let mut set_aside = Vec::new();
    let mut ids = HashSet::new();
    for raw in sessions {
        // Written out once: read from it, and kept as it is if set aside.
        let raw = raw.to_string();
        let checked = from_text::<Session>(&raw)
            .map_err(Invalid::BadSession)
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
            // Deleted by the client: gone, never kept as a backup.
            Err(Invalid::Deleted(_)) => {}
            Err(reason) => set_aside.push(SetAside { raw, reason }),
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
        2 => migrate(v2_to_v3(value)?, 3),
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

/// A schema 2 list of steps, one value `{"v": [steps], "t": time}`, as
/// schema 3 keeps it: the same order, and each step's text, written at the
/// list's time. Anything else is left for the session's check.
fn steps_v2_to_v3(steps: &Value) -> Value {
    let (Some(list), Some(at)) = (steps.get("v").and_then(Value::as_array), steps.get("t")) else {
        return steps.clone();
    };
    let mut order = Vec::new();
    let mut items: Vec<Value> = Vec::new();
    for step in list {
        let (Some(id), Some(text)) = (step.get("id").and_then(Value::as_str), step.get("text")) else {
            return steps.clone();
        };
        let mut item = Map::new();
        item.insert("id".into(), json!(id));
        item.insert("x".into(), json!({ "v": text, "t": at }));
        if let Some(article) = step.get("article") {
            item.insert("a".into(), article.clone());
        }
        order.push(json!(id));
        items.push(Value::Object(item));
    }
    // Sorted by id, as schema 3 keeps them (a list with an id twice stays
    // so, and the session's check sets it aside).
    items.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    json!({ "o": { "v": order, "t": at }, "i": items })
}

/// Schema 2 → 3: each step's text and removal on their own
/// ([`steps_v2_to_v3`]), and a note version's `s`, the latest time among the versions
/// its tab had (its own earlier keystrokes included), becomes what it had
/// seen of the unnamed writer of every version before schema 3 (so those
/// versions supersede each other as they did), and later versions, which
/// name their writer, are superseded only by versions that had seen them.
fn v2_to_v3(mut value: Value) -> Result<Value, DecodeError> {
    let doc = value
        .as_object_mut()
        .ok_or_else(|| DecodeError::BadShape("not an object".into()))?;
    doc.insert("schema".into(), json!(3));
    let sessions = doc.get_mut("sessions").and_then(Value::as_array_mut);
    for session in sessions.into_iter().flatten().filter_map(Value::as_object_mut) {
        if let Some(steps) = session.get_mut("steps") {
            *steps = steps_v2_to_v3(steps);
        }
        for note in ["bring_up", "private_note"] {
            let versions = session
                .get_mut(note)
                .and_then(|n| n.get_mut("v"))
                .and_then(Value::as_array_mut);
            for version in versions.into_iter().flatten().filter_map(Value::as_object_mut) {
                // Anything but a number is left for the session's check.
                if let Some(seen) = version.get("s").and_then(Value::as_u64) {
                    if seen == 0 {
                        version.remove("s");
                    } else {
                        version.insert("s".into(), json!([["", seen]]));
                    }
                }
            }
        }
    }
    Ok(value)
}

/// Reads an import file: size, text, schema, shape and limits, and times
/// no later than a day after `now` (this device's wall clock).
pub fn parse_import(bytes: &[u8], now: u64) -> Result<Journal, DecodeError> {
    if bytes.len() > MAX_IMPORT_BYTES {
        return Err(DecodeError::TooLarge { bytes: bytes.len() });
    }
    let text = std::str::from_utf8(bytes).map_err(|_| DecodeError::NotText)?;
    let journal = decode(text)?;
    let latest = journal.latest_stamp();
    if latest > now.saturating_add(CLOCK_TOLERANCE_MS) {
        return Err(DecodeError::AheadOfClock {
            days: (latest - now).div_ceil(24 * 60 * 60 * 1000),
        });
    }
    Ok(journal)
}

/// The export file's name for a day: `after-the-session-2026-11-25.json`.
pub fn export_file_name(date: &str) -> String {
    format!("after-the-session-{date}.json")
}

/// The encrypted copy's name for a day: `after-the-session-2026-11-25-encrypted.json`.
pub fn encrypted_export_file_name(date: &str) -> String {
    format!("after-the-session-{date}-encrypted.json")
}

#[cfg(test)]
#[path = "codec_tests.rs"]
mod tests;
