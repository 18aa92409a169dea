//! The stored document: encoding, decoding with migrations from earlier
//! schema versions, validation, and the rules for importing a file.

use std::collections::HashSet;
use std::fmt;

use serde_json::Value;

use super::{
    Journal, MAX_NOTE_CHARS, MAX_SESSIONS, MAX_STEP_CHARS, MAX_STEPS, SCHEMA_VERSION, is_valid_date,
};

/// The localStorage key of the document.
pub const STORAGE_KEY: &str = "after-the-session";
/// The largest file an import accepts.
pub const MAX_IMPORT_BYTES: usize = 5 * 1024 * 1024;
/// The longest id a session or step may have.
const MAX_ID_CHARS: usize = 64;

/// Why a stored document or an import file cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    TooLarge {
        bytes: usize,
    },
    NotText,
    NotJson(String),
    NoSchema,
    /// Written by a newer version of the app: never overwrite it.
    NewerSchema(u32),
    BadShape(String),
    Invalid(String),
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::TooLarge { bytes } => write!(
                f,
                "The file is too large ({} MB); a backup from this app is at most {} MB.",
                bytes.div_ceil(1_048_576),
                MAX_IMPORT_BYTES / 1_048_576
            ),
            DecodeError::NotText => write!(f, "The file is not a text file."),
            DecodeError::NotJson(e) => write!(f, "The data is not valid JSON ({e})."),
            DecodeError::NoSchema => write!(
                f,
                "The data is not a backup from this app (it has no schema version)."
            ),
            DecodeError::NewerSchema(v) => write!(
                f,
                "The data was saved by a newer version of this app (schema {v}); reload the page to update the app."
            ),
            DecodeError::BadShape(e) => write!(f, "The data does not have the expected fields ({e})."),
            DecodeError::Invalid(e) => write!(f, "The data has a value this app cannot accept: {e}."),
        }
    }
}

impl std::error::Error for DecodeError {}

/// The compact JSON kept in localStorage.
pub fn encode(journal: &Journal) -> String {
    serde_json::to_string(journal).unwrap_or_default()
}

/// The readable JSON of an export file.
pub fn encode_pretty(journal: &Journal) -> String {
    serde_json::to_string_pretty(journal).unwrap_or_default()
}

/// Reads a stored document of any schema version up to this one.
pub fn decode(text: &str) -> Result<Journal, DecodeError> {
    let value: Value = serde_json::from_str(text).map_err(|e| DecodeError::NotJson(e.to_string()))?;
    let schema = value
        .get("schema")
        .and_then(Value::as_u64)
        .ok_or(DecodeError::NoSchema)?;
    let schema = u32::try_from(schema).map_err(|_| DecodeError::NewerSchema(u32::MAX))?;
    if schema > SCHEMA_VERSION {
        return Err(DecodeError::NewerSchema(schema));
    }
    let value = migrate(value, schema)?;
    let journal: Journal = serde_json::from_value(value).map_err(|e| DecodeError::BadShape(e.to_string()))?;
    validate(&journal).map_err(DecodeError::Invalid)?;
    Ok(journal)
}

/// Brings a document from schema `from` up to [`SCHEMA_VERSION`], one
/// version at a time. Each step keeps every value the older schema had.
///
/// Schema 1 is the first released schema, so there is no step yet; a new
/// schema adds `n => step_n_to_n_plus_1(value)` here, with a fixture of the
/// old schema under `tests/fixtures/` and a test that nothing is dropped.
fn migrate(value: Value, from: u32) -> Result<Value, DecodeError> {
    match from {
        SCHEMA_VERSION => Ok(value),
        0 => Err(DecodeError::NoSchema),
        other => Err(DecodeError::BadShape(format!("unknown schema version {other}"))),
    }
}

fn check_id(id: &str, what: &str) -> Result<(), String> {
    if id.is_empty() || id.chars().count() > MAX_ID_CHARS {
        return Err(format!("{what} id of {} characters", id.chars().count()));
    }
    Ok(())
}

/// Checks every limit a document must keep: counts, lengths, dates, moods,
/// unique ids and a current session that exists.
pub fn validate(journal: &Journal) -> Result<(), String> {
    if journal.schema != SCHEMA_VERSION {
        return Err(format!("schema {}", journal.schema));
    }
    if journal.sessions.len() > MAX_SESSIONS {
        return Err(format!(
            "{} sessions (at most {MAX_SESSIONS})",
            journal.sessions.len()
        ));
    }
    let mut ids = HashSet::new();
    for session in &journal.sessions {
        check_id(&session.id, "a session")?;
        if !ids.insert(session.id.as_str()) {
            return Err(format!("the session id {:?} twice", session.id));
        }
        if !is_valid_date(&session.date.value) {
            return Err(format!(
                "the date {:?}",
                session.date.value.chars().take(20).collect::<String>()
            ));
        }
        for mood in [session.mood_before.value, session.mood_after.value]
            .into_iter()
            .flatten()
        {
            if !(1..=5).contains(&mood) {
                return Err(format!("a mood of {mood} (moods go from 1 to 5)"));
            }
        }
        let steps = &session.steps.value;
        if steps.len() > MAX_STEPS {
            return Err(format!(
                "{} steps in one session (at most {MAX_STEPS})",
                steps.len()
            ));
        }
        let mut step_ids = HashSet::new();
        for step in steps {
            check_id(&step.id, "a step")?;
            if !step_ids.insert(step.id.as_str()) {
                return Err(format!("the step id {:?} twice", step.id));
            }
            let chars = step.text.chars().count();
            if step.text.trim().is_empty() || chars > MAX_STEP_CHARS {
                return Err(format!(
                    "a step text of {chars} characters (1 to {MAX_STEP_CHARS})"
                ));
            }
            if let Some(article) = &step.article {
                check_id(article, "an article step")?;
            }
        }
        if session.ticked.value.len() > MAX_STEPS
            || session
                .ticked
                .value
                .iter()
                .any(|t| !step_ids.contains(t.as_str()))
        {
            return Err("a tick for a step that is not in its session".to_owned());
        }
        for note in [&session.bring_up.value, &session.journal.value] {
            let chars = note.chars().count();
            if chars > MAX_NOTE_CHARS {
                return Err(format!("a note of {chars} characters (at most {MAX_NOTE_CHARS})"));
            }
        }
    }
    if journal.current().is_none() {
        return Err("no current session".to_owned());
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

/// What an import would do, shown before anything changes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportPreview {
    /// Sessions in the file that are not here.
    pub added: usize,
    /// Sessions here that the file's version would replace.
    pub replaced: usize,
    /// Sessions identical here and in the file.
    pub unchanged: usize,
    /// Whether the file replaces everything (this browser holds nothing yet).
    pub replaces_all: bool,
}

impl Journal {
    /// Whether nothing has been written yet: one session, never edited.
    pub fn is_pristine(&self) -> bool {
        self.sessions.len() == 1 && self.sessions[0].modified() == self.sessions[0].created
    }
}

/// Counts what importing `incoming` into `current` would add and replace.
pub fn preview_import(current: &Journal, incoming: &Journal) -> ImportPreview {
    let live = |j: &Journal| {
        j.sessions
            .iter()
            .filter(|s| !s.deleted.value)
            .cloned()
            .collect::<Vec<_>>()
    };
    if current.is_pristine() {
        return ImportPreview {
            added: live(incoming).len(),
            replaces_all: true,
            ..Default::default()
        };
    }
    let mut preview = ImportPreview::default();
    for session in live(incoming) {
        match current.sessions.iter().find(|s| s.id == session.id) {
            None => preview.added += 1,
            Some(here) if *here == session => preview.unchanged += 1,
            Some(_) => preview.replaced += 1,
        }
    }
    preview
}

/// Imports `incoming`: into an untouched journal it is taken whole;
/// otherwise its sessions are added, and replace those with the same id.
pub fn apply_import(current: &Journal, incoming: &Journal) -> Journal {
    if current.is_pristine() {
        return incoming.clone();
    }
    let mut result = current.clone();
    for session in &incoming.sessions {
        match result.sessions.iter_mut().find(|s| s.id == session.id) {
            Some(here) => *here = session.clone(),
            None => result.sessions.push(session.clone()),
        }
    }
    result
        .sessions
        .sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
    if result.current().is_none() {
        result = incoming.clone();
    }
    result
}

/// The export file's name for a day: `after-the-session-2026-11-25.json`.
pub fn export_file_name(date: &str) -> String {
    format!("after-the-session-{date}.json")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::journal::test_steps as steps;

    fn journal() -> Journal {
        let mut j = Journal::new("s1".into(), "2026-11-25".into(), steps(), 1_000);
        j.set_ticked("accept-reality", true, 1_100).unwrap();
        j.set_journal("s1", "Heavy day. <script>alert(1)</script>", 1_200)
            .unwrap();
        j.set_moods("s1", Some(4), Some(2), 1_300).unwrap();
        j.start_new_session("s2".into(), "2026-12-02".into(), 2_000);
        j.add_step("own".into(), "Call Sam", 2_100).unwrap();
        j
    }

    #[test]
    fn encode_then_decode_is_the_identity() {
        let j = journal();
        assert_eq!(decode(&encode(&j)).unwrap(), j);
        assert_eq!(decode(&encode_pretty(&j)).unwrap(), j);
    }

    #[test]
    fn the_first_schema_fixture_still_loads_whole() {
        let j = decode(include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/journal-v1.json"
        )))
        .expect("schema 1 fixture");
        assert_eq!(j.sessions.len(), 3);
        let current = j.current().unwrap();
        assert_eq!(current.date.value, "2026-11-18");
        assert_eq!(current.progress(), (2, 5));
        let past = j.history();
        assert_eq!(past.len(), 1, "one past session, one deleted");
        assert_eq!(past[0].journal.value, "Felt drained. Wrote it down.");
        assert_eq!(past[0].mood_before.value, Some(3));
        assert_eq!(past[0].mood_after.value, Some(2));
        assert_eq!(past[0].bring_up.value, "The comment about my sister");
        assert!(
            j.sessions.iter().any(|s| s.deleted.value),
            "the deletion marker is kept"
        );
    }

    #[test]
    fn unreadable_data_says_why() {
        assert!(matches!(decode("{not json"), Err(DecodeError::NotJson(_))));
        assert_eq!(decode("{}"), Err(DecodeError::NoSchema));
        assert_eq!(decode("[1,2]"), Err(DecodeError::NoSchema));
        assert_eq!(decode(r#"{"schema": 7}"#), Err(DecodeError::NewerSchema(7)));
        assert!(matches!(
            decode(r#"{"schema": 1, "sessions": 3}"#),
            Err(DecodeError::BadShape(_))
        ));
        let mut j = journal();
        j.sessions[0].mood_after.value = Some(9);
        assert!(matches!(decode(&encode(&j)), Err(DecodeError::Invalid(e)) if e.contains("mood of 9")));
    }

    #[test]
    fn validation_refuses_what_the_app_would_never_write() {
        type Breakage = Box<dyn Fn(&mut Journal)>;
        let cases: Vec<(&str, Breakage)> = vec![
            (
                "date",
                Box::new(|j| j.sessions[0].date.value = "2026-02-31".into()),
            ),
            ("twice", Box::new(|j| j.sessions[1].id = "s1".into())),
            (
                "step text",
                Box::new(|j| j.sessions[0].steps.value[0].text = "x".repeat(500)),
            ),
            (
                "step text",
                Box::new(|j| j.sessions[0].steps.value[0].text = " ".into()),
            ),
            (
                "tick",
                Box::new(|j| j.sessions[0].ticked.value.push("ghost".into())),
            ),
            (
                "note",
                Box::new(|j| j.sessions[0].journal.value = "x".repeat(MAX_NOTE_CHARS + 1)),
            ),
            ("current", Box::new(|j| j.current.value = "nowhere".into())),
            ("session id", Box::new(|j| j.sessions[0].id = "x".repeat(65))),
        ];
        for (expected, break_it) in cases {
            let mut j = journal();
            break_it(&mut j);
            let err = validate(&j).expect_err(expected);
            assert!(err.contains(expected), "{expected}: {err}");
        }
        assert_eq!(validate(&journal()), Ok(()));
    }

    #[test]
    fn imports_are_size_checked_first() {
        let big = vec![b' '; MAX_IMPORT_BYTES + 1];
        assert_eq!(
            parse_import(&big),
            Err(DecodeError::TooLarge {
                bytes: MAX_IMPORT_BYTES + 1
            })
        );
        assert_eq!(parse_import(&[0xff, 0xfe, 0x00]), Err(DecodeError::NotText));
        let j = journal();
        assert_eq!(parse_import(encode_pretty(&j).as_bytes()).unwrap(), j);
    }

    #[test]
    fn export_delete_all_import_gives_back_the_same_data() {
        let original = journal();
        let file = encode_pretty(&original);
        let fresh = Journal::new("new".into(), "2026-12-10".into(), steps(), 9_000);
        let incoming = parse_import(file.as_bytes()).unwrap();
        let preview = preview_import(&fresh, &incoming);
        assert_eq!(
            preview,
            ImportPreview {
                added: 2,
                replaced: 0,
                unchanged: 0,
                replaces_all: true
            }
        );
        assert_eq!(apply_import(&fresh, &incoming), original);
    }

    #[test]
    fn importing_into_existing_data_adds_and_replaces_by_session() {
        let mut here = journal();
        let mut file = journal();
        file.set_journal("s1", "edited in the backup", 5_000).unwrap();
        file.start_new_session("s3".into(), "2026-12-09".into(), 6_000);
        here.set_bring_up("s2", "typed here", 5_500).unwrap();
        let preview = preview_import(&here, &file);
        assert_eq!(
            preview,
            ImportPreview {
                added: 1,
                replaced: 2,
                unchanged: 0,
                replaces_all: false
            }
        );
        let result = apply_import(&here, &file);
        assert_eq!(
            result.session("s1").unwrap().journal.value,
            "edited in the backup"
        );
        assert!(result.session("s3").is_some());
        assert_eq!(
            result.current.value, "s2",
            "this browser's current session stays current"
        );
    }

    #[test]
    fn a_thousand_typical_sessions_stay_under_a_megabyte() {
        let mut j = Journal::new("s0".into(), "2020-01-01".into(), steps(), 0);
        for i in 1..1000u64 {
            let id = format!("s{i}");
            j.set_ticked("treat-yourself", true, i * 10).unwrap();
            j.set_ticked("talk-about-it", true, i * 10 + 1).unwrap();
            j.set_moods(&j.current.value.clone(), Some(3), Some(2), i * 10 + 2)
                .unwrap();
            j.set_journal(
                &j.current.value.clone(),
                &"A typical note about the session. ".repeat(4),
                i * 10 + 3,
            )
            .unwrap();
            j.start_new_session(
                id,
                format!("{}-{:02}-{:02}", 2020 + i / 300, 1 + (i / 28) % 12, 1 + i % 28),
                i * 10 + 5,
            );
        }
        let bytes = encode(&j).len();
        assert!(bytes < 1_000_000, "{bytes} bytes for 1,000 sessions");
    }
}
