//! The one module that touches localStorage. The journal lives under a key
//! that carries the site's base path ([`storage_key`]), so two sites on one
//! origin never meet; anything it cannot read is copied to a backup key it
//! never overwrites (at most [`MAX_BACKUPS`]); it says plainly when storage
//! is blocked or full, and it can list and remove every key the app writes.

use wasm_bindgen::prelude::*;

use crate::domain::journal::codec::{
    DecodeError, LEGACY_STORAGE_KEY, Lenient, SetAside, decode_lenient, decode_lenient_carefully,
    decode_plain, encode, is_own_key, schema_of, storage_key,
};
use crate::domain::journal::merge::merge;
use crate::domain::journal::{Journal, SCHEMA_VERSION};
use crate::domain::lock::Envelope;
use crate::domain::routes::base_path;

/// Most backups of unreadable data kept; past it, nothing more is backed up
/// and the data is left in place, untouched.
pub const MAX_BACKUPS: usize = 5;

/// Why the browser's storage cannot be used right now.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StorageProblem {
    /// No storage, or the browser refuses it (private mode, blocked cookies).
    #[error("this browser does not allow this site to store data")]
    Blocked,
    /// The storage quota is used up.
    #[error("this browser’s storage for this site is full")]
    Full,
    /// Anything else the browser reported.
    #[error("the browser could not store the data ({0})")]
    Other(String),
}

/// What was found in storage.
#[derive(Clone, Debug, PartialEq)]
pub enum Loaded {
    /// Nothing stored yet.
    Nothing,
    /// The journal, and any sessions that had to be set aside (already
    /// copied to backups).
    Journal(Journal, Vec<SetAside>),
    /// Stored data that cannot be read. It was copied to `backup_key`
    /// (`None` if even that failed) and is never overwritten there.
    Unreadable {
        raw: String,
        reason: String,
        backup_key: Option<String>,
        /// Only some sessions could not be read, and they could not be
        /// backed up: the rest of the journal, and how many were left out.
        /// Whoever writes over `raw` would lose them, so nothing may.
        part: Option<(Journal, usize)>,
    },
    /// Data written by a newer version of the app: left alone.
    Newer { schema: u64 },
    /// The journal, encrypted by a passphrase lock: the stored envelope's
    /// text, for the store to decrypt (`domain::lock::Envelope`).
    Locked(String),
}

/// A backup of data that could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Backup {
    pub key: String,
    pub text: String,
}

#[wasm_bindgen]
extern "C" {
    /// `Storage`, whose `getItem` leaves its text in JavaScript (see [`get`]).
    #[wasm_bindgen(js_name = Storage)]
    type TextStorage;

    #[wasm_bindgen(method, catch, js_class = Storage, js_name = getItem)]
    fn get_item(this: &TextStorage, key: &str) -> Result<Option<js_sys::JsString>, JsValue>;
}

/// What `storage` holds under `key`, copied into the wasm natively: the
/// journal can be 0.7 MB (`browser::text`).
fn get(storage: &web_sys::Storage, key: &str) -> Result<Option<String>, JsValue> {
    let text = storage.unchecked_ref::<TextStorage>().get_item(key)?;
    Ok(text.map(|text| crate::browser::text::to_string(&text)))
}

/// This site's journal key.
pub fn key() -> String {
    storage_key(base_path())
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

/// Moves a journal stored under the key every site on the origin shared
/// (schema 1) to this site's key; the old key goes only after the copy is
/// written. A tab still running a version from before the move writes the
/// old key again: what it wrote is merged in, not lost. Where either text
/// cannot be merged here (under a passphrase lock, or damaged), the old key
/// is left as it is.
fn carry_over_legacy(storage: &web_sys::Storage, key: &str) -> Result<(), StorageProblem> {
    // The old key first: it is almost always gone, and reading this site's
    // journal only to see that it is there copies all of it (0.7 MB for
    // 1,000 sessions) into the wasm once more.
    let Some(old) = get(storage, LEGACY_STORAGE_KEY).map_err(problem)? else {
        return Ok(());
    };
    match get(storage, key).map_err(problem)? {
        None => storage.set_item(key, &old).map_err(problem)?,
        Some(current) => {
            let Some(merged) = with_legacy(&current, &old) else {
                return Ok(());
            };
            storage.set_item(key, &merged).map_err(problem)?;
        }
    }
    storage.remove_item(LEGACY_STORAGE_KEY).map_err(problem)
}

/// This site's stored journal with what an older tab wrote under the old
/// key merged in; `None` unless both read whole.
fn with_legacy(current: &str, old: &str) -> Option<String> {
    let current = decode_plain(current)?;
    let old = decode_lenient(old)
        .ok()
        .filter(|l| l.set_aside.is_empty())?
        .journal;
    Some(encode(&merge(&current, &old)))
}

/// Reads a stored text: newer, unreadable (backed up) or a journal.
pub fn read_text(raw: String) -> Loaded {
    // The common case in one pass (a 1,000-session journal once took three:
    // a JSON tree for the `lock` key, the schema, then the journal).
    if let Some(journal) = decode_plain(&raw) {
        return Loaded::Journal(journal, Vec::new());
    }
    if Envelope::is_envelope(&raw) {
        return Loaded::Locked(raw);
    }
    if let Some(schema) = schema_of(&raw).filter(|s| *s > u64::from(SCHEMA_VERSION)) {
        return Loaded::Newer { schema };
    }
    // Not read whole above, so `decode_lenient` would take this path too.
    match decode_lenient_carefully(&raw) {
        Ok(Lenient { journal, set_aside }) => {
            let backed_up = storage().is_ok_and(|storage| {
                set_aside
                    .iter()
                    .all(|session| back_up(&storage, &session.raw).is_some())
            });
            if backed_up {
                return Loaded::Journal(journal, set_aside);
            }
            // No room for a backup (all of them taken, or storage full):
            // the stored text is the only copy of what was set aside.
            let reason = set_aside
                .first()
                .map(|s| s.reason.to_string())
                .unwrap_or_default();
            Loaded::Unreadable {
                raw,
                reason,
                backup_key: None,
                part: Some((journal, set_aside.len())),
            }
        }
        Err(DecodeError::NewerSchema(schema)) => Loaded::Newer {
            schema: u64::from(schema),
        },
        Err(err) => {
            let backup_key = storage().ok().and_then(|s| back_up(&s, &raw));
            Loaded::Unreadable {
                raw,
                reason: err.to_string(),
                backup_key,
                part: None,
            }
        }
    }
}

/// Reads the journal (at start, and again whenever another tab may have written).
pub fn load() -> Result<Loaded, StorageProblem> {
    let storage = storage()?;
    let key = key();
    carry_over_legacy(&storage, &key)?;
    match get(&storage, &key).map_err(problem)? {
        None => Ok(Loaded::Nothing),
        Some(raw) => Ok(read_text(raw)),
    }
}

/// The journal's stored text as it is, if it can be read.
pub fn stored_text() -> Option<String> {
    get(&storage().ok()?, &key()).ok()?
}

/// Copies unreadable data to a backup key of its own (reusing one that
/// already holds the same text), and returns that key.
fn back_up(storage: &web_sys::Storage, raw: &str) -> Option<String> {
    let key = key();
    for n in 1..=MAX_BACKUPS {
        let backup = format!("{key}.unreadable.{n}");
        match get(storage, &backup) {
            Ok(Some(existing)) if existing == raw => return Some(backup),
            Ok(Some(_)) => continue,
            Ok(None) => return storage.set_item(&backup, raw).ok().map(|_| backup),
            Err(_) => return None,
        }
    }
    None
}

/// Every backup of unreadable data this site keeps.
pub fn backups() -> Vec<Backup> {
    let Ok(storage) = storage() else {
        return Vec::new();
    };
    let key = key();
    (1..=MAX_BACKUPS)
        .filter_map(|n| {
            let backup = format!("{key}.unreadable.{n}");
            get(&storage, &backup)
                .ok()
                .flatten()
                .map(|text| Backup { key: backup, text })
        })
        .collect()
}

/// Removes one backup.
pub fn remove_backup(backup_key: &str) -> Result<(), StorageProblem> {
    if !is_own_key(backup_key, base_path()) {
        return Ok(());
    }
    storage()?.remove_item(backup_key).map_err(problem)
}

/// Writes the journal.
pub fn save(journal: &Journal) -> Result<(), StorageProblem> {
    save_text(&encode(journal))
}

/// Writes the journal's stored text as it is (a locked journal's envelope).
pub fn save_text(text: &str) -> Result<(), StorageProblem> {
    storage()?.set_item(&key(), text).map_err(problem)
}

/// Copies stored text that cannot be read (a locked journal that the key
/// which opened it no longer opens) to a backup key, never overwritten
/// there; `None` if even that failed.
pub fn set_aside(raw: &str) -> Option<String> {
    back_up(&storage().ok()?, raw)
}

/// Removes every key this site wrote (the journal, its backups, the key of
/// schema 1) and returns their names.
pub fn remove_all() -> Result<Vec<String>, StorageProblem> {
    let storage = storage()?;
    let len = storage.length().map_err(problem)?;
    let mut keys = Vec::new();
    for i in 0..len {
        if let Ok(Some(k)) = storage.key(i)
            && (is_own_key(&k, base_path()) || k == LEGACY_STORAGE_KEY)
        {
            keys.push(k);
        }
    }
    for k in &keys {
        storage.remove_item(k).map_err(problem)?;
    }
    Ok(keys)
}

/// Whether a `storage` event may concern this site's journal: its key, or
/// the whole storage cleared (`key` is null).
pub fn concerns_journal(event: &web_sys::StorageEvent) -> bool {
    match event.key() {
        None => true,
        // The old key: a tab of a version before the move wrote it.
        Some(k) => k == key() || k == LEGACY_STORAGE_KEY,
    }
}

/// Asks the browser to keep this site's data when space runs low
/// (`navigator.storage.persist()`); `done` gets whether it agreed (`None`
/// where the browser has no such request).
pub fn ask_to_persist(done: impl FnOnce(Option<bool>) + 'static) {
    let promise = web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| js_sys::Reflect::get(&n, &"storage".into()).ok())
        .filter(|s| !s.is_undefined())
        .and_then(|s| {
            let persist = js_sys::Reflect::get(&s, &"persist".into()).ok()?;
            let persist: js_sys::Function = persist.dyn_into().ok()?;
            // Promise.resolve takes any thenable, from any realm.
            persist
                .call0(&s)
                .ok()
                .map(|answer| js_sys::Promise::resolve(&answer))
        });
    let Some(promise) = promise else {
        return done(None);
    };
    wasm_bindgen_futures::spawn_local(async move {
        let granted = wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .ok()
            .and_then(|v| v.as_bool());
        done(granted);
    });
}

/// The idle-lock choice, as stored (`domain::lock::IdleLock::as_str`).
pub fn idle_choice() -> Option<String> {
    storage()
        .ok()?
        .get_item(&format!("{}.idle", key()))
        .ok()
        .flatten()
}

/// Remembers the idle-lock choice (a setting, not part of the journal).
pub fn set_idle_choice(choice: &str) -> Result<(), StorageProblem> {
    storage()?
        .set_item(&format!("{}.idle", key()), choice)
        .map_err(problem)
}

/// How many sessions the journal held when a copy was last downloaded.
pub fn sessions_at_last_download() -> Option<usize> {
    storage()
        .ok()?
        .get_item(&format!("{}.downloaded", key()))
        .ok()
        .flatten()?
        .parse()
        .ok()
}

/// Remembers that a copy was downloaded with `sessions` sessions.
pub fn note_download(sessions: usize) {
    if let Ok(storage) = storage() {
        let _ = storage.set_item(&format!("{}.downloaded", key()), &sessions.to_string());
    }
}
