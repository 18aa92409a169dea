//! The journal as the components see it: read signals and named methods in
//! context. Storage is read once after the first render, saved by one
//! debounced read-merge-write (under `navigator.locks` where the browser has
//! it), and read again and merged whenever another tab may have written: a
//! `storage` event, the page shown again (back/forward cache included) or
//! made visible. A change not yet written is written at once when the page
//! is left (`beforeunload`, `pagehide`) or hidden. A tab that meets data of
//! a newer schema never writes.
//!
//! With a passphrase lock set (issue 13), the stored document is an
//! encrypted envelope: the same load, sync and save decrypt, merge and
//! encrypt with the key this tab holds in memory ([`Keyring`]); a tab
//! without it shows nothing of the journal and writes nothing.
//!
//! The lock's methods are in `locked.rs`, the "Your data" actions (import,
//! undo, delete everything, backups) in `actions.rs`. This file is over 400
//! lines because load, sync and save share one private state and its rules,
//! and read best in one place.

use leptos::prelude::*;

use crate::browser::crypto::{self, CryptoError, LockKey};
use crate::browser::locks::{with_lock, with_lock_until};
pub use crate::browser::storage::Backup;
use crate::browser::storage::Loaded;
use crate::browser::{channel, storage};
use crate::domain::journal::codec::{DecodeError, Lenient, decode_lenient, encode, encode_export};
use crate::domain::journal::import::{ImportPreview, check_result, import, preview, undo_import};
use crate::domain::journal::merge::merge;
use crate::domain::journal::{Clock, EditError, Journal, Step, Steps};
use crate::domain::lock::{DEFAULT_ITERATIONS, ENVELOPE_VERSION, Envelope, EnvelopeError, IdleLock};
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
    /// How many sessions could not be read, when the rest of the journal
    /// could (and is shown); `None` when none of it could.
    pub sessions: Option<usize>,
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
    /// The journal. A tick alone is written into it without notifying its
    /// readers ([`JournalStore::tick`]): only `ticks` is notified, so a tick
    /// re-runs only the progress line (issue 14).
    journal: RwSignal<Journal>,
    /// Notified by a tick alone; tracked by [`JournalStore::journal`].
    ticks: Trigger,
    ready: RwSignal<bool>,
    status: RwSignal<SaveStatus>,
    unreadable: RwSignal<Option<Unreadable>>,
    /// How many stored sessions could not be read and were set aside.
    set_aside: RwSignal<usize>,
    read_only: RwSignal<Option<ReadOnly>>,
    /// This tab holds a change it could not write because storage became
    /// read-only for it (a newer version's data): kept in memory only.
    unsaved_in_memory: RwSignal<bool>,
    backups: RwSignal<Vec<Backup>>,
    /// The journal just before the last import, for "Undo import".
    before_import: RwSignal<Option<Journal>>,
    /// Whether the browser agreed to keep the data when space runs low
    /// (asked after the first real entry; `None` until answered).
    persisted: RwSignal<Option<bool>>,
    asked_to_persist: StoredValue<bool>,
    clock: StoredValue<Clock>,
    /// This tab's name as a note's writer (one per page load), made at its
    /// first note: see [`JournalStore::writer`].
    writer: StoredValue<String>,
    pending: StoredValue<Option<TimeoutHandle>>,
    /// A change came after the pending save's timer was set: it waits once more.
    changed_since_armed: StoredValue<bool>,
    /// A change not yet written: from its save being scheduled until a
    /// save runs (also while that save waits for its lock).
    unsaved: StoredValue<bool>,
    started: StoredValue<bool>,
    /// Another tab wrote after `start` read and before it drew.
    missed: StoredValue<bool>,
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
    /// Encrypted saves started and not yet written (Web Crypto is
    /// asynchronous): a page left meanwhile asks first.
    encrypting: StoredValue<u32>,
    /// Under the lock, the journal as it is now, already encrypted, ready
    /// to be written synchronously as the page is left (`sealed.rs`).
    sealed: StoredValue<Option<Sealed>>,
    /// An envelope is being made for `sealed`, and whether the journal
    /// changed again meanwhile.
    sealing: StoredValue<(bool, bool)>,
    /// The stored envelope this tab last read and merged, or wrote: the
    /// journal it holds is part of this tab's.
    base: StoredValue<Option<String>>,
}

/// Read access to the journal from [`JournalStore::journal`] or
/// [`JournalStore::journal_except_ticks`].
#[derive(Clone, Copy)]
pub struct JournalSignal {
    journal: RwSignal<Journal>,
    /// Tracked too, unless a tick alone is of no interest.
    ticks: Option<Trigger>,
}

impl JournalSignal {
    /// Reads the journal, and re-runs the reader when it changes.
    pub fn with<R>(&self, f: impl FnOnce(&Journal) -> R) -> R {
        if let Some(ticks) = self.ticks {
            ticks.track();
        }
        self.journal.with(f)
    }
    /// Reads the journal without tracking it.
    pub fn with_untracked<R>(&self, f: impl FnOnce(&Journal) -> R) -> R {
        self.journal.with_untracked(f)
    }
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
            ticks: Trigger::new(),
            ready: RwSignal::new(false),
            status: RwSignal::new(SaveStatus::Saved),
            unreadable: RwSignal::new(None),
            set_aside: RwSignal::new(0),
            read_only: RwSignal::new(None),
            unsaved_in_memory: RwSignal::new(false),
            backups: RwSignal::new(Vec::new()),
            before_import: RwSignal::new(None),
            persisted: RwSignal::new(None),
            asked_to_persist: StoredValue::new(false),
            clock: StoredValue::new(Clock::default()),
            writer: StoredValue::new(String::new()),
            pending: StoredValue::new(None),
            changed_since_armed: StoredValue::new(false),
            unsaved: StoredValue::new(false),
            started: StoredValue::new(false),
            missed: StoredValue::new(false),
            defaults: StoredValue::new(Vec::new()),
            lock: RwSignal::new(Lock::Unset),
            keyring: Keyring::new(),
            idle: RwSignal::new(IdleLock::default()),
            last_active: StoredValue::new(0.0),
            held: StoredValue::new(None),
            encrypting: StoredValue::new(0),
            sealed: StoredValue::new(None),
            sealing: StoredValue::new((false, false)),
            base: StoredValue::new(None),
        };
        provide_context(store);
        store
    }

    /// The store from context; a page without it is a bug, said loudly
    /// (never a quietly made second store).
    pub fn use_context() -> JournalStore {
        super::required_context("JournalStore")
    }

    /// The journal, notified by every change, a tick too.
    pub fn journal(&self) -> JournalSignal {
        JournalSignal {
            journal: self.journal,
            ticks: Some(self.ticks),
        }
    }
    /// The journal for what shows no tick: a tick alone does not notify
    /// it, so a tick does not re-run what reads it. What it reads of ticks
    /// may be out of date.
    pub fn journal_except_ticks(&self) -> JournalSignal {
        JournalSignal {
            journal: self.journal,
            ticks: None,
        }
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
    /// Whether this tab holds changes that read-only storage kept it from
    /// writing (in memory only: "Download my data" still has them).
    pub fn unsaved_in_memory(&self) -> Signal<bool> {
        self.unsaved_in_memory.into()
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

    /// This tab's name as the writer of a note version: random, one per
    /// page load, so that two tabs (or a tab before and after a reload)
    /// never pass for one and a keystroke here never supersedes words
    /// another tab wrote unseen (`domain::journal::stamped`).
    pub fn writer(&self) -> String {
        if self.writer.with_value(String::is_empty) {
            let id = format!("{:08x}", (js_sys::Math::random() * 4_294_967_296.0) as u32);
            self.writer.set_value(id);
        }
        self.writer.get_value()
    }

    fn observe(&self, journal: &Journal) {
        let latest = journal.latest_stamp();
        self.clock.update_value(|c| c.observe(latest));
    }

    fn fresh(&self, defaults: &[Step]) -> Journal {
        Journal::new(new_id("s"), today(), defaults.to_vec(), self.now())
    }

    /// Starts listening to other tabs and to the page being hidden or shown,
    /// and reads storage (once per page load). Call from an effect.
    ///
    /// The work comes in three tasks, because Lighthouse counts each task's
    /// excess over 50 ms as blocking: this one reads (its first use opens
    /// the browser's storage), the next draws what was read ([`Self::draw`]),
    /// the last writes and watches.
    pub fn start(self, defaults: Vec<Step>) {
        if self.started.get_value() {
            return;
        }
        self.started.set_value(true);
        let storage_listener = window_event_listener(leptos::ev::storage, move |event| {
            if storage::concerns_journal(&event) {
                self.sync();
            }
        });
        // Leaving: `beforeunload` first, because Firefox refuses
        // localStorage to a tab being closed by the time `pagehide` and
        // `visibilitychange` come (the call throws; issue 15). A
        // `beforeunload` listener that never asks the reader anything keeps
        // the page in the back/forward cache (Chromium, Firefox, WebKit).
        // Under a lock the save is asynchronous (Web Crypto) and a page being
        // closed may never finish it: the envelope made ready as the change
        // came is written at once (`sealed.rs`); only if that cannot be done
        // safely does the browser ask "Leave site?" rather than losing the
        // last words silently.
        let leave_listener = window_event_listener(leptos::ev::beforeunload, move |ev| {
            if !self.leave() {
                ev.prevent_default();
                // Browsers that predate `preventDefault` here ask on a return value.
                ev.set_return_value("Your last changes are still being saved.");
            }
        });
        let hide_listener = window_event_listener(leptos::ev::pagehide, move |_| {
            self.leave();
        });
        // Shown again, from the back/forward cache too: other tabs may have written.
        let show_listener = window_event_listener(leptos::ev::pageshow, move |_| self.sync());
        let visibility_listener = window_event_listener(leptos::ev::visibilitychange, move |_| {
            if document().visibility_state() == web_sys::VisibilityState::Hidden {
                self.flush();
                // Only a journal open under a lock locks (the choice stays
                // stored when the lock is removed).
                if self.idle.get_untracked() == IdleLock::WhenLeavingPage
                    && self.lock.get_untracked() == Lock::Unlocked
                {
                    self.lock_here();
                }
            } else {
                self.sync();
            }
        });
        // The store lives as long as the page, and so do its listeners.
        let _ = (
            storage_listener,
            leave_listener,
            hide_listener,
            show_listener,
            visibility_listener,
        );
        let loaded = storage::load();
        set_timeout(move || self.draw(loaded, defaults), std::time::Duration::ZERO);
    }

    /// Puts what [`Self::start`] read on the page. Another tab's write that
    /// came in between is merged in at once (`missed`, see [`Self::sync`]).
    fn draw(self, loaded: Result<Loaded, storage::StorageProblem>, defaults: Vec<Step>) {
        match loaded {
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
                    self.unsaved.set_value(true);
                }
            }
            Ok(Loaded::Nothing) => {
                // Saved in the next task, not at the first edit, so that a
                // second tab opens the same session.
                self.journal.set(self.fresh(&defaults));
                self.ready.set(true);
                self.unsaved.set_value(true);
            }
            Ok(Loaded::Newer { .. }) => {
                self.journal.set(self.fresh(&defaults));
                self.block(ReadOnly::NewerApp);
            }
            Ok(Loaded::Locked(raw)) => {
                self.lock.set(Lock::Locked);
                // Never opened, deleted nor written over by this build.
                if Envelope::is_newer(&raw) {
                    self.block(ReadOnly::NewerApp);
                }
            }
            Ok(Loaded::Unreadable {
                raw,
                reason,
                backup_key,
                part,
            }) => {
                let sessions = part.as_ref().map(|(_, n)| *n);
                let mut journal = part
                    .map(|(journal, _)| journal)
                    .unwrap_or_else(|| self.fresh(&defaults));
                // Shown, never saved while blocked (a set-aside current
                // session gets a fresh one here, as on a save).
                self.ensure_current(&mut journal, &defaults);
                self.journal.set(journal);
                if backup_key.is_none() {
                    self.block(ReadOnly::UnreadableKept);
                }
                self.unreadable.set(Some(Unreadable {
                    raw,
                    reason,
                    backup_key,
                    sessions,
                }));
            }
            Err(problem) => {
                self.journal.set(self.fresh(&defaults));
                self.status.set(SaveStatus::NotSaved(problem.to_string()));
            }
        }
        self.ready.set(self.lock.get_untracked() != Lock::Locked);
        self.defaults.set_value(defaults);
        if self.missed.get_value() {
            self.missed.set_value(false);
            self.sync();
        }
        // The rest in a task of its own. A change made or a page left in
        // between is written by `flush`.
        set_timeout(
            move || {
                self.flush();
                self.backups.set(storage::backups());
                channel::listen(&lock_channel(), move |message| match message {
                    channel::Message::Lock => self.lock_here(),
                    channel::Message::Save => self.flush(),
                });
                self.watch_idle();
            },
            std::time::Duration::ZERO,
        );
    }

    /// Locks this tab after the chosen idle time without a key press, click,
    /// touch, text put in (dictation and some keyboards put text in with no
    /// key press) or scroll (checked every second against the wall clock,
    /// so a tab asleep in the background locks as soon as it wakes).
    fn watch_idle(self) {
        if let Some(choice) = storage::idle_choice().and_then(|c| c.parse().ok()) {
            self.idle.set(choice);
        }
        self.last_active.set_value(js_sys::Date::now());
        let active = move || self.last_active.set_value(js_sys::Date::now());
        let keys = window_event_listener(leptos::ev::keydown, move |_| active());
        let pointer = window_event_listener(leptos::ev::pointerdown, move |_| active());
        let input = window_event_listener(leptos::ev::input, move |_| active());
        let scroll = window_event_listener(leptos::ev::scroll, move |_| active());
        let _ = (keys, pointer, input, scroll);
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
            && s.steps.ids().is_empty()
        {
            s.steps = Steps::new(defaults, s.created);
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
            // Read, not yet drawn (`start`): merged in once it is.
            self.missed.set_value(true);
            return;
        }
        match storage::load() {
            Ok(Loaded::Locked(raw)) => match (lock, self.keyring.key()) {
                // A later format, known without the key: a newer version's
                // data, never opened, deleted nor written over here.
                _ if Envelope::is_newer(&raw) => self.block(ReadOnly::NewerApp),
                // Another tab set a lock: nothing of the journal stays on screen.
                (Lock::Unset, _) => self.lock_here(),
                (Lock::Unlocked, Some(key)) => {
                    let store = *self;
                    let holding = self.keyring.holding();
                    leptos::task::spawn_local(async move {
                        let opened = open_envelope(&key, &raw).await;
                        // Locked meanwhile: the tab holds no journal to merge into.
                        if store.keyring.holding() != holding {
                            return;
                        }
                        match opened {
                            Opened::Journal(stored) => {
                                store.take_in(&stored);
                                store.base.set_value(Some(raw));
                            }
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
            // Unreadable, and no room to back it up: never written over.
            Ok(Loaded::Unreadable { backup_key: None, .. }) => self.block(ReadOnly::UnreadableKept),
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
            self.import_settled();
            self.journal.set(merged);
        }
    }

    /// The journal changed after an import (here or in another tab): "Undo
    /// import" would now write the journal of before it over that change,
    /// or bring back what was deleted since, so it is no longer offered.
    fn import_settled(&self) {
        if self.before_import.with_untracked(Option::is_some) {
            self.before_import.set(None);
        }
    }

    /// Applies a change to the journal and schedules a save.
    ///
    /// `f` runs while the journal is held for writing: it must not read the
    /// store, nor a memo derived from it (a stale memo would recompute from
    /// the journal, and reactive_graph reports that read as a panic about a
    /// disposed value). Read what it needs before calling.
    pub fn update(
        &self,
        change: impl FnOnce(&mut Journal, u64) -> Result<(), EditError>,
    ) -> Result<(), EditError> {
        self.edit(|now| {
            let mut result = Ok(());
            self.journal.update(|journal| result = change(journal, now));
            result
        })
    }

    /// Runs `change` (given the time) once storage has been read, then
    /// saves and asks the browser to keep the data if it succeeded: what
    /// [`JournalStore::update`] and [`JournalStore::tick`] share.
    fn edit(&self, change: impl FnOnce(u64) -> Result<(), EditError>) -> Result<(), EditError> {
        if !self.ready.get_untracked() {
            // The controls wait for `ready`; a change that comes anyway is
            // refused, never reported as saved.
            return Err(EditError::NotOpen);
        }
        let result = change(self.now());
        if result.is_ok() {
            self.import_settled();
            self.schedule_save();
            self.ask_to_persist();
        }
        result
    }

    /// Whether the current session's step `step_id` is ticked, for one
    /// box: re-run by any change of the journal but a tick, and by a
    /// refused tick ([`JournalStore::tick`]).
    pub fn ticked(&self, step_id: String) -> impl Fn() -> bool + Clone + Send + Sync + use<> {
        let journal = self.journal;
        move || journal.with(|j| j.current().is_some_and(|s| s.is_ticked(&step_id)))
    }

    /// Ticks or unticks a step of the current session from its box: the
    /// most frequent change. It notifies only what reads
    /// [`JournalStore::journal`] (not [`JournalStore::journal_except_ticks`]),
    /// such as the progress line. The box shows the tick already, so it is
    /// left alone, unless the tick is refused: then it is put back as the
    /// journal has it. Saved like any other change.
    pub fn tick(&self, step_id: &str, on: bool) -> Result<(), EditError> {
        let result = self.edit(|now| {
            let result = self
                .journal
                .try_update_untracked(|journal| journal.set_ticked(step_id, on, now))
                .unwrap_or(Ok(()));
            if result.is_ok() {
                self.ticks.notify();
            }
            result
        });
        if result.is_err() {
            // Rare (the box's step is no longer in the journal): every box
            // is drawn again from the journal.
            self.journal.notify();
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

    /// Saves once the changes pause for [`SAVE_DELAY_MS`]. A change while a
    /// save waits only marks it to wait once more: no timer is cleared and
    /// set again (with a new JS function) on every tick (issue 14).
    fn schedule_save(&self) {
        self.unsaved.set_value(true);
        self.seal();
        if self.pending.with_value(Option::is_some) {
            return self.changed_since_armed.set_value(true);
        }
        self.arm_save();
    }

    fn arm_save(&self) {
        self.changed_since_armed.set_value(false);
        let store = *self;
        let handle = set_timeout_with_handle(
            move || {
                store.pending.set_value(None);
                if store.changed_since_armed.get_value() {
                    return store.arm_save();
                }
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

    /// The page is being left: saves what is not yet written. Under the
    /// lock that save is asynchronous, so the envelope made ready by
    /// [`JournalStore::seal`] is written at once where it safely can be;
    /// false if a change may still be on its way (the page then asks).
    fn leave(&self) -> bool {
        // Held: changes kept in memory since a lock came before their save.
        let waiting = self.unsaved.get_value()
            || self.encrypting.get_value() > 0
            || self.held.with_value(Option::is_some);
        self.flush();
        if !waiting {
            return true;
        }
        match self.lock.get_untracked() {
            Lock::Unset => true,
            Lock::Unlocked => self.write_sealed(),
            // Locked as it was left, its last save still on its way.
            Lock::Locked => self.held.with_value(Option::is_none),
        }
    }

    /// Saves now if a change is not yet written (the page is being left or
    /// hidden: no lock wait). That includes a save whose delay has passed
    /// but whose lock has not been granted yet: a tab closed in that moment
    /// would never run it.
    pub fn flush(&self) {
        self.cancel_pending();
        if self.unsaved.get_value() {
            self.flush_now();
        }
    }

    /// Read, merge, write: never over a newer schema, never losing what
    /// another tab wrote since its last event reached this one.
    fn flush_now(&self) {
        if let Some(why) = self.read_only.get_untracked() {
            if self.unsaved.get_value() && !self.unsaved_in_memory.get_untracked() {
                self.unsaved_in_memory.set(true);
            }
            self.unsaved.set_value(false);
            self.status.set(SaveStatus::NotSaved(why.reason().to_owned()));
            return;
        }
        match (self.lock.get_untracked(), self.keyring.key()) {
            (Lock::Unset, _) => self.unsaved.set_value(false),
            // Locked here: this tab holds no journal to write.
            (Lock::Locked, _) | (Lock::Unlocked, None) => return self.unsaved.set_value(false),
            // Still unsaved until the save begins: a lock in between
            // (`lock_here`) saves what the tab held.
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
        // Written before the page's signals change: a page being closed
        // (this runs on `beforeunload` and `pagehide`) has its data stored
        // whatever the re-render does.
        let status = match storage::save(&journal) {
            Ok(()) => SaveStatus::Saved,
            Err(problem) => SaveStatus::NotSaved(problem.to_string()),
        };
        if journal != self.journal.get_untracked() {
            self.import_settled();
            self.journal.set(journal);
        }
        self.status.set(status);
    }

    fn cancel_pending(&self) {
        if let Some(handle) = self.pending.get_value() {
            handle.clear();
            self.pending.set_value(None);
        }
    }
}

mod actions;
mod locked;
mod sealed;

pub use actions::Removed;
use locked::{Opened, lock_channel, open_envelope};
use sealed::Sealed;
