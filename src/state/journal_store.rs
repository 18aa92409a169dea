//! The journal as the components see it: read signals and named methods in
//! context. Storage is read once after the first render, saved by one
//! debounced read-merge-write (under `navigator.locks` where the browser has
//! it), and read again and merged whenever another tab may have written: a
//! `storage` event, the page shown again (back/forward cache included) or
//! made visible. A tab that meets data of a newer schema never writes.
//!
//! With a passphrase lock set (issue 13), the stored document is an
//! encrypted envelope: the same load, sync and save decrypt, merge and
//! encrypt with the key this tab holds in memory ([`Keyring`]); a tab
//! without it shows nothing of the journal and writes nothing.
//!
//! Over 400 lines because load, sync, save, the lock and the data actions
//! (import, undo, delete everything, backups) share one private state and its
//! rules.

use leptos::prelude::*;

use crate::browser::crypto::{self, CryptoError, LockKey};
use crate::browser::locks::{with_lock, with_lock_until};
use crate::browser::storage::{Backup, Loaded};
use crate::browser::{channel, storage};
use crate::domain::journal::codec::{DecodeError, decode_lenient, encode, encode_export, parse_import};
use crate::domain::journal::import::{ImportPreview, import, preview, undo_import};
use crate::domain::journal::merge::merge;
use crate::domain::journal::{Clock, EditError, Journal, Step};
use crate::domain::lock::{DEFAULT_ITERATIONS, Envelope, IdleLock};
use crate::state::keyring::Keyring;

/// Whether a passphrase lock is set, and whether this tab holds its key.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lock {
    /// No lock: the journal is stored as readable JSON.
    #[default]
    Unset,
    /// A lock is set and this tab has no key: nothing of the journal is here.
    Locked,
    /// A lock is set and this tab holds its key (in memory only).
    Unlocked,
}

/// Why the lock could not be opened or changed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LockError {
    /// The passphrase does not open the stored journal.
    #[error("That passphrase is not the right one. Nothing was changed.")]
    WrongPassphrase,
    /// The stored data is not a journal this page can read or write.
    #[error("{0}")]
    Refused(String),
    /// Web Crypto or storage failed.
    #[error("The browser could not do this ({0}). Nothing was changed.")]
    Browser(String),
}

impl From<CryptoError> for LockError {
    fn from(e: CryptoError) -> Self {
        match e {
            CryptoError::WrongKeyOrTampered | CryptoError::KeyMismatch => LockError::WrongPassphrase,
            other => LockError::Browser(other.to_string()),
        }
    }
}

/// A stored envelope, opened with this tab's key.
enum Opened {
    Journal(Journal),
    /// Made with another key (the passphrase was changed in another tab).
    OtherKey,
    /// Written by a newer version of the app.
    Newer,
    /// Not decryptable with the key that opened it before, or not a journal:
    /// unreadable data, with the reason.
    Unreadable(String),
}

/// Opens a stored envelope's text with `key`.
async fn open_envelope(key: &LockKey, raw: &str) -> Opened {
    let envelope = match Envelope::decode(raw) {
        Ok(envelope) => envelope,
        Err(e) => return Opened::Unreadable(e.to_string()),
    };
    if envelope.salt != key.salt() || envelope.iterations != key.iterations() {
        return Opened::OtherKey;
    }
    match crypto::decrypt(key, &envelope).await {
        Ok(text) => match decode_lenient(&text) {
            Ok(lenient) => Opened::Journal(lenient.journal),
            Err(DecodeError::NewerSchema(_)) => Opened::Newer,
            Err(e) => Opened::Unreadable(e.to_string()),
        },
        Err(e) => Opened::Unreadable(e.to_string()),
    }
}

/// Whether the journal is safely stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveStatus {
    /// Stored in this browser.
    Saved,
    /// Not being saved; the reason, for a lasting notice.
    NotSaved(String),
}

/// Data found in storage that could not be read, kept for download.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreadable {
    pub raw: String,
    pub reason: String,
    pub backup_key: Option<String>,
}

/// Why this tab does not write at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadOnly {
    /// Another tab runs a newer version of the app and stored a newer schema.
    NewerApp,
    /// Unreadable data could not be backed up, so it is left in place.
    UnreadableKept,
}

impl ReadOnly {
    pub fn reason(&self) -> &'static str {
        match self {
            ReadOnly::NewerApp => {
                "the app was updated in another tab, and its data is newer than this page can read. Reload this page to use the new version; nothing from this page is saved until then"
            }
            ReadOnly::UnreadableKept => {
                "the unreadable data could not be backed up, so it is left in place, untouched"
            }
        }
    }
}

/// The journal store, carried in context (provided once in `app()`).
#[derive(Clone, Copy)]
pub struct JournalStore {
    journal: RwSignal<Journal>,
    ready: RwSignal<bool>,
    status: RwSignal<SaveStatus>,
    unreadable: RwSignal<Option<Unreadable>>,
    /// How many stored sessions could not be read and were set aside.
    set_aside: RwSignal<usize>,
    read_only: RwSignal<Option<ReadOnly>>,
    backups: RwSignal<Vec<Backup>>,
    /// The journal just before the last import, for "Undo import".
    before_import: RwSignal<Option<Journal>>,
    /// Whether the browser agreed to keep the data when space runs low
    /// (asked after the first real entry; `None` until answered).
    persisted: RwSignal<Option<bool>>,
    asked_to_persist: StoredValue<bool>,
    clock: StoredValue<Clock>,
    pending: StoredValue<Option<TimeoutHandle>>,
    /// A change not yet written: from its save being scheduled until a
    /// save runs (also while that save waits for its lock).
    unsaved: StoredValue<bool>,
    started: StoredValue<bool>,
    /// The content's steps, for a session made after unlocking.
    defaults: StoredValue<Vec<Step>>,
    lock: RwSignal<Lock>,
    keyring: Keyring,
    /// When an unlocked tab locks by itself.
    idle: RwSignal<IdleLock>,
    /// The wall time of the last key press, click or touch.
    last_active: StoredValue<f64>,
    /// Unsaved changes of a tab that met a lock (set or changed in another
    /// tab) before it could save them: merged in when it is unlocked.
    held: StoredValue<Option<Journal>>,
}

/// Milliseconds since the epoch, from the wall clock.
pub fn wall_now() -> u64 {
    js_sys::Date::now() as u64
}

/// Today's date in the reader's time zone, `YYYY-MM-DD`.
pub fn today() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}-{:02}-{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date()
    )
}

/// A new id that no other tab will pick.
pub fn new_id(prefix: &str) -> String {
    format!(
        "{prefix}-{}-{:06}",
        wall_now(),
        (js_sys::Math::random() * 1_000_000.0) as u32
    )
}

const SAVE_DELAY_MS: u64 = 300;

impl JournalStore {
    /// Puts a store into context with an empty placeholder journal, the same
    /// on the server and in the browser's first render.
    pub fn provide() -> JournalStore {
        let store = JournalStore {
            journal: RwSignal::new(Journal::new("pending".into(), String::new(), Vec::new(), 0)),
            ready: RwSignal::new(false),
            status: RwSignal::new(SaveStatus::Saved),
            unreadable: RwSignal::new(None),
            set_aside: RwSignal::new(0),
            read_only: RwSignal::new(None),
            backups: RwSignal::new(Vec::new()),
            before_import: RwSignal::new(None),
            persisted: RwSignal::new(None),
            asked_to_persist: StoredValue::new(false),
            clock: StoredValue::new(Clock::default()),
            pending: StoredValue::new(None),
            unsaved: StoredValue::new(false),
            started: StoredValue::new(false),
            defaults: StoredValue::new(Vec::new()),
            lock: RwSignal::new(Lock::Unset),
            keyring: Keyring::new(),
            idle: RwSignal::new(IdleLock::default()),
            last_active: StoredValue::new(0.0),
            held: StoredValue::new(None),
        };
        provide_context(store);
        store
    }

    /// The store from context; a page without it is a bug, said loudly
    /// (never a quietly made second store).
    pub fn use_context() -> JournalStore {
        super::required_context("JournalStore")
    }

    pub fn journal(&self) -> Signal<Journal> {
        self.journal.into()
    }
    /// False until storage has been read (after the first render).
    pub fn ready(&self) -> Signal<bool> {
        self.ready.into()
    }
    pub fn status(&self) -> Signal<SaveStatus> {
        self.status.into()
    }
    pub fn unreadable(&self) -> Signal<Option<Unreadable>> {
        self.unreadable.into()
    }
    pub fn set_aside(&self) -> Signal<usize> {
        self.set_aside.into()
    }
    pub fn read_only(&self) -> Signal<Option<ReadOnly>> {
        self.read_only.into()
    }
    pub fn backups(&self) -> Signal<Vec<Backup>> {
        self.backups.into()
    }
    pub fn persisted(&self) -> Signal<Option<bool>> {
        self.persisted.into()
    }
    /// Whether a lock is set and whether this tab holds its key.
    pub fn lock(&self) -> Signal<Lock> {
        self.lock.into()
    }
    /// When an unlocked tab locks by itself.
    pub fn idle(&self) -> Signal<IdleLock> {
        self.idle.into()
    }
    /// Changes when an unlocked tab locks by itself (remembered in this browser).
    pub fn set_idle(&self, choice: IdleLock) -> Result<(), String> {
        self.idle.set(choice);
        storage::set_idle_choice(choice.as_str())
            .map_err(|p| format!("The choice holds for this page only: {p}."))
    }
    pub fn can_undo_import(&self) -> Signal<bool> {
        let before = self.before_import;
        Signal::derive(move || before.with(Option::is_some))
    }

    /// The time for a write: never back, past every stamp this tab has seen.
    fn now(&self) -> u64 {
        let mut at = 0;
        self.clock.update_value(|c| at = c.tick(wall_now()));
        at
    }

    fn observe(&self, journal: &Journal) {
        let latest = journal.latest_stamp();
        self.clock.update_value(|c| c.observe(latest));
    }

    fn fresh(&self, defaults: &[Step]) -> Journal {
        Journal::new(new_id("s"), today(), defaults.to_vec(), self.now())
    }

    /// Reads storage (once per page load) and starts listening to other tabs
    /// and to the page being hidden or shown. Call from an effect.
    pub fn start(self, defaults: Vec<Step>) {
        if self.started.get_value() {
            return;
        }
        self.started.set_value(true);
        match storage::load() {
            Ok(Loaded::Journal(mut journal, set_aside)) => {
                self.observe(&journal);
                let changed =
                    journal.purge_deleted(self.now()) | self.ensure_current(&mut journal, &defaults);
                self.journal.set(journal);
                if !set_aside.is_empty() {
                    self.set_aside.set(set_aside.len());
                }
                self.ready.set(true);
                if changed || !set_aside.is_empty() {
                    self.flush_now();
                }
            }
            Ok(Loaded::Nothing) => {
                // Saved at once, so that a second tab opens the same session.
                self.journal.set(self.fresh(&defaults));
                self.ready.set(true);
                self.flush_now();
            }
            Ok(Loaded::Newer { .. }) => {
                self.journal.set(self.fresh(&defaults));
                self.block(ReadOnly::NewerApp);
            }
            Ok(Loaded::Locked(_)) => self.lock.set(Lock::Locked),
            Ok(Loaded::Unreadable {
                raw,
                reason,
                backup_key,
            }) => {
                self.journal.set(self.fresh(&defaults));
                if backup_key.is_none() {
                    self.block(ReadOnly::UnreadableKept);
                }
                self.unreadable.set(Some(Unreadable {
                    raw,
                    reason,
                    backup_key,
                }));
            }
            Err(problem) => {
                self.journal.set(self.fresh(&defaults));
                self.status.set(SaveStatus::NotSaved(problem.to_string()));
            }
        }
        self.backups.set(storage::backups());
        self.ready.set(self.lock.get_untracked() != Lock::Locked);
        self.defaults.set_value(defaults);
        channel::on_lock(&lock_channel(), move || self.lock_here());
        self.watch_idle();

        let storage_listener = window_event_listener(leptos::ev::storage, move |event| {
            if storage::concerns_journal(&event) {
                self.sync();
            }
        });
        let hide_listener = window_event_listener(leptos::ev::pagehide, move |_| self.flush());
        // Shown again, from the back/forward cache too: other tabs may have written.
        let show_listener = window_event_listener(leptos::ev::pageshow, move |_| self.sync());
        let visibility_listener = window_event_listener(leptos::ev::visibilitychange, move |_| {
            if document().visibility_state() == web_sys::VisibilityState::Hidden {
                self.flush();
                if self.idle.get_untracked() == IdleLock::WhenLeavingPage {
                    self.lock_here();
                }
            } else {
                self.sync();
            }
        });
        // The store lives as long as the page, and so do its listeners.
        let _ = (
            storage_listener,
            hide_listener,
            show_listener,
            visibility_listener,
        );
    }

    /// Locks this tab after the chosen idle time without a key press, click
    /// or touch (checked every second against the wall clock, so a tab
    /// asleep in the background locks as soon as it wakes).
    fn watch_idle(self) {
        if let Some(choice) = storage::idle_choice().and_then(|c| c.parse().ok()) {
            self.idle.set(choice);
        }
        self.last_active.set_value(js_sys::Date::now());
        let active = move || self.last_active.set_value(js_sys::Date::now());
        let keys = window_event_listener(leptos::ev::keydown, move |_| active());
        let pointer = window_event_listener(leptos::ev::pointerdown, move |_| active());
        let _ = (keys, pointer);
        let check = move || {
            if self.lock.get_untracked() != Lock::Unlocked {
                return self.last_active.set_value(js_sys::Date::now());
            }
            if let Some(idle) = self.idle.get_untracked().idle_time()
                && js_sys::Date::now() - self.last_active.get_value() >= idle.as_millis() as f64
            {
                self.lock_here();
            }
        };
        // The interval lives as long as the page.
        let _ = set_interval_with_handle(check, std::time::Duration::from_secs(1));
    }

    /// A journal whose current session was set aside gets a fresh one.
    fn ensure_current(&self, journal: &mut Journal, defaults: &[Step]) -> bool {
        if journal.current().is_some() {
            return false;
        }
        journal.start_new_session(new_id("s"), today(), self.now());
        if let Some(s) = journal.sessions.last_mut()
            && s.steps.value.is_empty()
        {
            s.steps.value = defaults.to_vec();
        }
        true
    }

    fn block(&self, why: ReadOnly) {
        self.status.set(SaveStatus::NotSaved(why.reason().to_owned()));
        self.read_only.set(Some(why));
    }

    /// Reads storage again and merges what another tab wrote.
    fn sync(&self) {
        if !self.started.get_value() || self.read_only.get_untracked().is_some() {
            return;
        }
        let lock = self.lock.get_untracked();
        if lock == Lock::Unset && !self.ready.get_untracked() {
            return;
        }
        match storage::load() {
            Ok(Loaded::Locked(raw)) => match (lock, self.keyring.key()) {
                // Another tab set a lock: nothing of the journal stays on screen.
                (Lock::Unset, _) => self.lock_here(),
                (Lock::Unlocked, Some(key)) => {
                    let store = *self;
                    leptos::task::spawn_local(async move {
                        match open_envelope(&key, &raw).await {
                            Opened::Journal(stored) => store.take_in(&stored),
                            Opened::OtherKey => store.hold_and_lock(),
                            Opened::Newer => store.block(ReadOnly::NewerApp),
                            // Set aside (and written over) by the next save.
                            Opened::Unreadable(_) => store.schedule_save(),
                        }
                    });
                }
                _ => {}
            },
            // The lock was removed in another tab (or everything deleted there).
            Ok(Loaded::Journal(stored, _)) if lock != Lock::Unset => self.lock_removed(Some(stored)),
            // Emptied for a moment by "Delete everything" under the lock, in
            // another tab, which then writes its encrypted erase.
            Ok(Loaded::Nothing) if lock != Lock::Unset => {}
            Ok(_) if lock == Lock::Locked => {}
            Ok(Loaded::Journal(stored, _)) => self.take_in(&stored),
            Ok(Loaded::Newer { .. }) => self.block(ReadOnly::NewerApp),
            // Removed (or unreadable, now backed up): this tab's copy is written back.
            Ok(Loaded::Nothing) | Ok(Loaded::Unreadable { .. }) => self.schedule_save(),
            Err(problem) => self.status.set(SaveStatus::NotSaved(problem.to_string())),
        }
        self.backups.set(storage::backups());
    }

    fn take_in(&self, stored: &Journal) {
        self.observe(stored);
        let mine = self.journal.get_untracked();
        let merged = merge(&mine, stored);
        if merged != *stored {
            self.schedule_save();
        }
        if merged != mine {
            self.journal.set(merged);
        }
    }

    /// Applies a change to the journal and schedules a save.
    pub fn update(
        &self,
        change: impl FnOnce(&mut Journal, u64) -> Result<(), EditError>,
    ) -> Result<(), EditError> {
        if !self.ready.get_untracked() {
            return Ok(());
        }
        let now = self.now();
        let mut result = Ok(());
        self.journal.update(|journal| result = change(journal, now));
        if result.is_ok() {
            self.schedule_save();
            self.ask_to_persist();
        }
        result
    }

    /// After the first real entry, asks the browser to keep the data.
    fn ask_to_persist(&self) {
        if self.asked_to_persist.get_value() || self.journal.with_untracked(Journal::is_pristine) {
            return;
        }
        self.asked_to_persist.set_value(true);
        let persisted = self.persisted;
        storage::ask_to_persist(move |granted| persisted.set(Some(granted.unwrap_or(false))));
    }

    fn schedule_save(&self) {
        self.unsaved.set_value(true);
        if let Some(handle) = self.pending.get_value() {
            handle.clear();
        }
        let store = *self;
        let handle = set_timeout_with_handle(
            move || {
                store.pending.set_value(None);
                match store.keyring.key() {
                    Some(key) => with_lock_until(&storage::key(), move || store.save_locked(key)),
                    None => with_lock(&storage::key(), move || store.flush_now()),
                }
            },
            std::time::Duration::from_millis(SAVE_DELAY_MS),
        )
        .ok();
        self.pending.set_value(handle);
    }

    /// Saves now if a change is not yet written (the page is being hidden:
    /// no lock wait). That includes a save whose delay has passed but whose
    /// lock has not been granted yet: a tab closed in that moment would
    /// never run it.
    pub fn flush(&self) {
        if let Some(handle) = self.pending.get_value() {
            handle.clear();
            self.pending.set_value(None);
        }
        if self.unsaved.get_value() {
            self.flush_now();
        }
    }

    /// Read, merge, write: never over a newer schema, never losing what
    /// another tab wrote since its last event reached this one.
    fn flush_now(&self) {
        self.unsaved.set_value(false);
        if let Some(why) = self.read_only.get_untracked() {
            self.status.set(SaveStatus::NotSaved(why.reason().to_owned()));
            return;
        }
        match (self.lock.get_untracked(), self.keyring.key()) {
            (Lock::Unset, _) => {}
            // Locked here: this tab holds no journal to write.
            (Lock::Locked, _) | (Lock::Unlocked, None) => return,
            (Lock::Unlocked, Some(key)) => {
                let store = *self;
                return leptos::task::spawn_local(async move { store.save_locked(key).await });
            }
        }
        let mut journal = self.journal.get_untracked();
        match storage::load() {
            // Another tab set a lock since this one last read: never write
            // the journal readable over it; keep this tab's changes for the unlock.
            Ok(Loaded::Locked(_)) => return self.hold_and_lock(),
            Ok(Loaded::Journal(stored, _)) => {
                self.observe(&stored);
                journal = merge(&journal, &stored);
            }
            Ok(Loaded::Newer { .. }) => return self.block(ReadOnly::NewerApp),
            Ok(Loaded::Nothing) => {}
            Ok(Loaded::Unreadable { backup_key: None, .. }) => return self.block(ReadOnly::UnreadableKept),
            Ok(Loaded::Unreadable { .. }) => self.backups.set(storage::backups()),
            Err(problem) => return self.status.set(SaveStatus::NotSaved(problem.to_string())),
        }
        journal.purge_deleted(self.now());
        if journal != self.journal.get_untracked() {
            self.journal.set(journal.clone());
        }
        let status = match storage::save(&journal) {
            Ok(()) => SaveStatus::Saved,
            Err(problem) => SaveStatus::NotSaved(problem.to_string()),
        };
        self.status.set(status);
    }

    /// The locked journal's read, decrypt, merge, encrypt and write, with the
    /// key this tab holds: never over a newer schema, never over another
    /// key's envelope, and an envelope this key no longer opens is set aside
    /// (kept under a backup key) before anything is written.
    async fn save_locked(self, key: LockKey) {
        if let Some(why) = self.read_only.get_untracked() {
            return self.status.set(SaveStatus::NotSaved(why.reason().to_owned()));
        }
        match storage::load() {
            Ok(Loaded::Locked(raw)) => match open_envelope(&key, &raw).await {
                Opened::Journal(stored) => {
                    self.observe(&stored);
                    let mine = self.journal.get_untracked();
                    let merged = merge(&mine, &stored);
                    if merged != mine {
                        self.journal.set(merged);
                    }
                }
                Opened::OtherKey => return self.hold_and_lock(),
                Opened::Newer => return self.block(ReadOnly::NewerApp),
                Opened::Unreadable(reason) => {
                    let backup_key = storage::set_aside(&raw);
                    let kept = backup_key.is_some();
                    self.unreadable.set(Some(Unreadable {
                        raw,
                        reason,
                        backup_key,
                    }));
                    if !kept {
                        return self.block(ReadOnly::UnreadableKept);
                    }
                    self.backups.set(storage::backups());
                }
            },
            Ok(Loaded::Journal(stored, _)) => return self.lock_removed(Some(stored)),
            Ok(Loaded::Nothing) => {}
            Ok(Loaded::Newer { .. }) => return self.block(ReadOnly::NewerApp),
            Ok(Loaded::Unreadable { backup_key: None, .. }) => return self.block(ReadOnly::UnreadableKept),
            Ok(Loaded::Unreadable { .. }) => self.backups.set(storage::backups()),
            Err(problem) => return self.status.set(SaveStatus::NotSaved(problem.to_string())),
        }
        let mut journal = self.journal.get_untracked();
        if journal.purge_deleted(self.now()) {
            self.journal.set(journal.clone());
        }
        let status = match write_locked(&key, &journal).await {
            Ok(()) => SaveStatus::Saved,
            Err(problem) => SaveStatus::NotSaved(problem),
        };
        self.status.set(status);
    }

    /// A placeholder journal in place of the real one: what a locked tab holds.
    fn forget_journal(&self) {
        self.journal
            .set(Journal::new("pending".into(), String::new(), Vec::new(), 0));
        self.before_import.set(None);
    }

    /// Locks this tab: the last changes are saved (encrypted) if a save was
    /// waiting, then the key and the journal leave memory.
    pub fn lock_here(&self) {
        let waiting = self.pending.get_value().is_some();
        if let Some(handle) = self.pending.get_value() {
            handle.clear();
            self.pending.set_value(None);
        }
        match (self.lock.get_untracked(), self.keyring.drop_key()) {
            (Lock::Unlocked, Some(key)) => {
                self.lock.set(Lock::Locked);
                self.ready.set(false);
                if waiting {
                    let store = *self;
                    leptos::task::spawn_local(async move {
                        store.save_locked(key).await;
                        store.forget_journal();
                    });
                } else {
                    self.forget_journal();
                }
            }
            // A readable tab that meets a lock set in another tab.
            (Lock::Unset, _) if waiting => self.hold_and_lock(),
            (Lock::Unset, _) => {
                self.lock.set(Lock::Locked);
                self.ready.set(false);
                self.forget_journal();
            }
            _ => {}
        }
    }

    /// Locks this tab, keeping its unsaved changes in memory to merge when
    /// it is unlocked (the lock was set or changed in another tab before
    /// this one could save them).
    fn hold_and_lock(&self) {
        if let Some(handle) = self.pending.get_value() {
            handle.clear();
            self.pending.set_value(None);
        }
        if self.ready.get_untracked() {
            let mine = self.journal.get_untracked();
            self.held.update_value(|held| {
                *held = Some(match held.take() {
                    Some(older) => merge(&older, &mine),
                    None => mine,
                })
            });
        }
        self.keyring.drop_key();
        self.lock.set(Lock::Locked);
        self.ready.set(false);
        self.forget_journal();
    }

    /// The lock was removed in another tab: the journal is readable again.
    fn lock_removed(&self, stored: Option<Journal>) {
        self.keyring.drop_key();
        let was = self.lock.get_untracked();
        let defaults = self.defaults.get_value();
        let mut journal = match (was, stored) {
            (Lock::Unlocked, Some(stored)) => merge(&self.journal.get_untracked(), &stored),
            (Lock::Unlocked, None) => self.journal.get_untracked(),
            (_, Some(stored)) => stored,
            (_, None) => self.fresh(&defaults),
        };
        let mut held = None;
        self.held.update_value(|h| held = h.take());
        if let Some(held) = held {
            journal = merge(&journal, &held);
        }
        self.observe(&journal);
        self.ensure_current(&mut journal, &defaults);
        self.journal.set(journal);
        self.lock.set(Lock::Unset);
        self.ready.set(true);
        self.schedule_save();
    }

    /// The stored envelope and the key `passphrase` derives for it, if the
    /// passphrase opens it; with the journal inside.
    async fn open_with(&self, passphrase: &str) -> Result<(LockKey, Journal), LockError> {
        let raw = match storage::load() {
            Ok(Loaded::Locked(raw)) => raw,
            Ok(_) => {
                return Err(LockError::Refused(
                    "The lock was removed in another tab. Nothing was changed.".to_owned(),
                ));
            }
            Err(problem) => return Err(LockError::Browser(problem.to_string())),
        };
        let envelope = Envelope::decode(&raw).map_err(|e| {
            LockError::Refused(format!(
                "The locked data could not be read ({e}). Nothing was changed."
            ))
        })?;
        let key = crypto::derive_key(passphrase, envelope.salt, envelope.iterations).await?;
        let text = crypto::decrypt(&key, &envelope).await?;
        let journal = match decode_lenient(&text) {
            Ok(lenient) => lenient.journal,
            Err(DecodeError::NewerSchema(_)) => {
                return Err(LockError::Refused(ReadOnly::NewerApp.reason().to_owned()));
            }
            Err(e) => {
                return Err(LockError::Refused(format!(
                    "The locked data opened but could not be read ({e}). Nothing was changed."
                )));
            }
        };
        Ok((key, journal))
    }

    /// Opens the journal with `passphrase` (a wrong one changes nothing).
    pub async fn unlock(&self, passphrase: &str) -> Result<(), LockError> {
        if self.lock.get_untracked() != Lock::Locked {
            return Ok(());
        }
        let (key, mut journal) = self.open_with(passphrase).await?;
        let mut held = None;
        self.held.update_value(|h| held = h.take());
        let had_held = held.is_some();
        if let Some(held) = held {
            journal = merge(&journal, &held);
        }
        self.observe(&journal);
        let defaults = self.defaults.get_value();
        let changed = journal.purge_deleted(self.now()) | self.ensure_current(&mut journal, &defaults);
        self.journal.set(journal);
        self.keyring.hold(key);
        self.lock.set(Lock::Unlocked);
        self.ready.set(true);
        if changed || had_held {
            self.schedule_save();
        }
        Ok(())
    }

    /// Sets a lock: from now on the stored journal is encrypted with a key
    /// derived from `passphrase`, which this tab keeps in memory.
    pub async fn set_lock(&self, passphrase: &str) -> Result<(), LockError> {
        if let Some(why) = self.refusal() {
            return Err(LockError::Refused(why));
        }
        if self.lock.get_untracked() != Lock::Unset || !self.ready.get_untracked() {
            return Err(LockError::Refused("A lock is already set.".to_owned()));
        }
        let salt = crypto::new_salt()?;
        let key = crypto::derive_key(passphrase, salt, DEFAULT_ITERATIONS).await?;
        // What other tabs wrote meanwhile, merged (a lock set there locks this tab).
        self.sync();
        if self.lock.get_untracked() != Lock::Unset {
            return Err(LockError::Refused(
                "A lock was set in another tab meanwhile. Nothing was changed here.".to_owned(),
            ));
        }
        self.cancel_pending();
        let journal = self.journal.get_untracked();
        write_locked(&key, &journal).await.map_err(LockError::Browser)?;
        self.keyring.hold(key);
        self.lock.set(Lock::Unlocked);
        self.status.set(SaveStatus::Saved);
        Ok(())
    }

    /// The journal as an encrypted file, with this tab's key (what
    /// `encode_export` writes, inside an envelope).
    pub async fn encrypted_export(&self) -> Result<String, LockError> {
        let key = self
            .keyring
            .key()
            .ok_or_else(|| LockError::Refused("Unlock the journal first.".to_owned()))?;
        let text = self.journal.with_untracked(encode_export);
        Ok(crypto::encrypt(&key, &text).await?.encode())
    }

    /// Opens an encrypted file with the passphrase it was locked with, for
    /// [`JournalStore::import`].
    pub async fn open_encrypted_file(&self, text: &str, passphrase: &str) -> Result<Journal, LockError> {
        let envelope = Envelope::decode(text)
            .map_err(|e| LockError::Refused(format!("This file is not an encrypted copy ({e}).")))?;
        let key = crypto::derive_key(passphrase, envelope.salt, envelope.iterations).await?;
        let plain = crypto::decrypt(&key, &envelope).await?;
        parse_import(plain.as_bytes()).map_err(|e| LockError::Refused(e.to_string()))
    }

    /// Locks this tab and every other open tab of this site.
    pub fn lock_everywhere(&self) {
        channel::send_lock(&lock_channel());
        self.lock_here();
    }

    /// Encrypts the journal with a new passphrase (the current one first
    /// opens it, and everything stored is merged in).
    pub async fn change_passphrase(&self, current: &str, new: &str) -> Result<(), LockError> {
        let (_, stored) = self.open_with(current).await?;
        let salt = crypto::new_salt()?;
        let key = crypto::derive_key(new, salt, DEFAULT_ITERATIONS).await?;
        self.cancel_pending();
        let journal = merge(&self.journal.get_untracked(), &stored);
        write_locked(&key, &journal).await.map_err(LockError::Browser)?;
        self.journal.set(journal);
        self.keyring.hold(key);
        Ok(())
    }

    /// Removes the lock (the current passphrase first opens the journal):
    /// it is stored readable again.
    pub async fn remove_lock(&self, current: &str) -> Result<(), LockError> {
        let (_, stored) = self.open_with(current).await?;
        self.cancel_pending();
        let journal = merge(&self.journal.get_untracked(), &stored);
        storage::save(&journal).map_err(|p| LockError::Browser(p.to_string()))?;
        self.keyring.drop_key();
        self.journal.set(journal);
        self.lock.set(Lock::Unset);
        Ok(())
    }

    /// "Forgot passphrase": deletes everything (the locked journal cannot be
    /// opened without it) and starts again, with no lock.
    pub fn forget_and_start_again(&self) -> Result<Removed, String> {
        let defaults = self.defaults.get_value();
        self.keyring.drop_key();
        self.held.set_value(None);
        self.lock.set(Lock::Unset);
        self.journal.set(self.fresh(&defaults));
        self.ready.set(true);
        self.delete_all(defaults)
    }

    fn cancel_pending(&self) {
        if let Some(handle) = self.pending.get_value() {
            handle.clear();
            self.pending.set_value(None);
        }
    }

    /// Why Import and Delete everything are refused right now, if they are.
    pub fn refusal(&self) -> Option<String> {
        self.read_only.get_untracked().map(|why| match why {
            ReadOnly::NewerApp => "The app was updated in another tab. Reload this page first, then try again.".to_owned(),
            ReadOnly::UnreadableKept => {
                "The data saved in this browser could not be read or backed up, so nothing may replace it. Download it first from the notice above.".to_owned()
            }
        })
    }

    /// What importing `file` would change now.
    pub fn preview_import(&self, file: &Journal) -> ImportPreview {
        let here = self.journal.get_untracked();
        let result = import(&here, file, self.now(), &mut || new_id("s"));
        preview(&here, file, &result)
    }

    /// Merges `file` into the journal and saves; "Undo import" can take it back.
    pub fn import(&self, file: &Journal) -> Result<ImportPreview, String> {
        if let Some(why) = self.refusal() {
            return Err(why);
        }
        self.sync();
        let here = self.journal.get_untracked();
        let result = import(&here, file, self.now(), &mut || new_id("s"));
        let counts = preview(&here, file, &result);
        self.before_import.set(Some(here));
        self.journal.set(result);
        self.flush_now();
        Ok(counts)
    }

    /// Writes the journal of before the last import again.
    pub fn undo_import(&self) -> Result<(), String> {
        if let Some(why) = self.refusal() {
            return Err(why);
        }
        let Some(before) = self.before_import.get_untracked() else {
            return Err("There is no import to undo.".into());
        };
        self.sync();
        let now_journal = self.journal.get_untracked();
        let result = undo_import(&before, &now_journal, self.now(), &mut || new_id("s"));
        self.before_import.set(None);
        self.journal.set(result);
        self.flush_now();
        Ok(())
    }

    /// Deletes everything: every key this site wrote goes, and an erase
    /// stamp is stored that every other tab and every later load merges, so
    /// nothing erased comes back. Returns what was removed, for the message.
    pub fn delete_all(&self, defaults: Vec<Step>) -> Result<Removed, String> {
        if let Some(why) = self.refusal() {
            return Err(why);
        }
        if let Some(handle) = self.pending.get_value() {
            handle.clear();
            self.pending.set_value(None);
        }
        let sessions = self.journal.with_untracked(|j| j.live_sessions().count());
        let keys = storage::remove_all().map_err(|p| format!("Nothing was deleted: {p}."))?;
        let mut journal = self.journal.get_untracked();
        journal.erase_all(new_id("s"), today(), defaults, self.now());
        self.observe(&journal);
        self.journal.set(journal);
        self.unreadable.set(None);
        self.set_aside.set(0);
        self.before_import.set(None);
        self.flush_now();
        self.backups.set(storage::backups());
        let backups = keys.iter().filter(|k| k.contains(".unreadable.")).count();
        Ok(Removed {
            sessions,
            backups,
            keys,
        })
    }

    /// Removes one backup of unreadable data.
    pub fn remove_backup(&self, key: &str) -> Result<(), String> {
        storage::remove_backup(key).map_err(|p| p.to_string())?;
        self.backups.set(storage::backups());
        Ok(())
    }
}

/// The name of the channel that locks every tab of this site.
fn lock_channel() -> String {
    format!("{}.lock", storage::key())
}

/// Encrypts and writes the journal; the reason if that failed.
async fn write_locked(key: &LockKey, journal: &Journal) -> Result<(), String> {
    let envelope = crypto::encrypt(key, &encode(journal))
        .await
        .map_err(|e| e.to_string())?;
    storage::save_text(&envelope.encode()).map_err(|p| p.to_string())
}

/// What "Delete everything" removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Removed {
    pub sessions: usize,
    pub backups: usize,
    pub keys: Vec<String>,
}
