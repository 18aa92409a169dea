//! The one module that touches localStorage. It reads and writes the
//! journal document under one key, keeps anything it cannot read under a
//! backup key it never overwrites, and says plainly when storage is blocked
//! or full.

use wasm_bindgen::JsCast;

use crate::domain::journal::Journal;
use crate::domain::journal::codec::{DecodeError, LEGACY_STORAGE_KEY as STORAGE_KEY, decode, encode};

/// Why the browser's storage cannot be used right now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageProblem {
    /// No storage, or the browser refuses it (private mode, blocked cookies).
    Blocked,
    /// The storage quota is used up.
    Full,
    /// Anything else the browser reported.
    Other(String),
}

impl std::fmt::Display for StorageProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StorageProblem::Blocked => write!(f, "this browser does not allow this site to store data"),
            StorageProblem::Full => write!(f, "this browser’s storage for this site is full"),
            StorageProblem::Other(e) => write!(f, "the browser could not store the data ({e})"),
        }
    }
}

/// What was found in storage at start.
#[derive(Clone, Debug, PartialEq)]
pub enum Loaded {
    /// Nothing stored yet.
    Nothing,
    Journal(Journal),
    /// Stored data that cannot be read. It was copied to `backup_key`
    /// (`None` if even that failed) and is never overwritten there.
    Unreadable {
        raw: String,
        reason: String,
        backup_key: Option<String>,
    },
    /// Data written by a newer version of the app: left alone.
    Newer {
        reason: String,
    },
}

fn storage() -> Result<web_sys::Storage, StorageProblem> {
    let window = web_sys::window().ok_or(StorageProblem::Blocked)?;
    match window.local_storage() {
        Ok(Some(storage)) => Ok(storage),
        Ok(None) | Err(_) => Err(StorageProblem::Blocked),
    }
}

fn problem(err: wasm_bindgen::JsValue) -> StorageProblem {
    let name = err
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.name()))
        .unwrap_or_default();
    let dom_name = err
        .dyn_ref::<web_sys::DomException>()
        .map(|e| e.name())
        .unwrap_or_default();
    match (name.as_str(), dom_name.as_str()) {
        ("QuotaExceededError", _) | (_, "QuotaExceededError") => StorageProblem::Full,
        ("SecurityError", _) | (_, "SecurityError") => StorageProblem::Blocked,
        _ => StorageProblem::Other(if dom_name.is_empty() { name } else { dom_name }),
    }
}

/// Reads the journal once at start.
pub fn load() -> Result<Loaded, StorageProblem> {
    let storage = storage()?;
    let Some(raw) = storage.get_item(STORAGE_KEY).map_err(problem)? else {
        return Ok(Loaded::Nothing);
    };
    match decode(&raw) {
        Ok(journal) => Ok(Loaded::Journal(journal)),
        Err(err @ DecodeError::NewerSchema(_)) => Ok(Loaded::Newer {
            reason: err.to_string(),
        }),
        Err(err) => {
            let backup_key = back_up(&storage, &raw);
            Ok(Loaded::Unreadable {
                raw,
                reason: err.to_string(),
                backup_key,
            })
        }
    }
}

/// Copies unreadable data to a backup key of its own (reusing one that
/// already holds the same text), and returns that key.
fn back_up(storage: &web_sys::Storage, raw: &str) -> Option<String> {
    for n in 1..1000 {
        let key = format!("{STORAGE_KEY}.unreadable.{n}");
        match storage.get_item(&key) {
            Ok(Some(existing)) if existing == raw => return Some(key),
            Ok(Some(_)) => continue,
            Ok(None) => return storage.set_item(&key, raw).ok().map(|_| key),
            Err(_) => return None,
        }
    }
    None
}

/// Writes the journal.
pub fn save(journal: &Journal) -> Result<(), StorageProblem> {
    storage()?
        .set_item(STORAGE_KEY, &encode(journal))
        .map_err(problem)
}

/// Removes the journal (delete all). Backups of unreadable data stay.
pub fn clear() -> Result<(), StorageProblem> {
    storage()?.remove_item(STORAGE_KEY).map_err(problem)
}

/// The journal another tab just stored, from a `storage` event, if it is
/// ours and readable.
pub fn from_storage_event(event: &web_sys::StorageEvent) -> Option<Result<Journal, DecodeError>> {
    if event.key().as_deref() != Some(STORAGE_KEY) {
        return None;
    }
    event.new_value().map(|raw| decode(&raw))
}
