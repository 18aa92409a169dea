//! The journal as the components see it: signals in context, loaded from
//! storage once after the first render, saved by one debounced effect and
//! flushed when the page is hidden. Changes from other tabs come in through
//! the `storage` event and are merged field by field.

use leptos::prelude::*;

use crate::browser::storage::{self, Loaded};
use crate::domain::journal::merge::merge;
use crate::domain::journal::{EditError, Journal, Step};

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

/// The journal signals, carried in context.
#[derive(Clone, Copy)]
pub struct JournalStore {
    pub journal: RwSignal<Journal>,
    /// False until storage has been read (after the first render).
    pub ready: RwSignal<bool>,
    pub status: RwSignal<SaveStatus>,
    pub unreadable: RwSignal<Option<Unreadable>>,
    /// Set when writing would destroy data (a newer app's, or data that
    /// could not be backed up): the app works in memory only.
    hold: RwSignal<Option<String>>,
    pending: StoredValue<Option<TimeoutHandle>>,
    started: StoredValue<bool>,
}

/// Milliseconds since the epoch.
pub fn now() -> u64 {
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
        now(),
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
            hold: RwSignal::new(None),
            pending: StoredValue::new(None),
            started: StoredValue::new(false),
        };
        provide_context(store);
        store
    }

    /// The store from context (the app's shell provides it).
    pub fn use_context() -> JournalStore {
        use_context::<JournalStore>().unwrap_or_else(JournalStore::provide)
    }

    /// Reads storage (once per page load) and starts listening to other tabs
    /// and to page hiding. Call from an effect, after the first render.
    pub fn start(self, defaults: Vec<Step>) {
        if self.started.get_value() {
            return;
        }
        self.started.set_value(true);
        let fresh = || Journal::new(new_id("s"), today(), defaults.clone(), now());
        match storage::load() {
            Ok(Loaded::Journal(journal)) => self.journal.set(journal),
            Ok(Loaded::Nothing) => {
                // Saved at once, so that a second tab opens the same session.
                self.journal.set(fresh());
                self.ready.set(true);
                self.flush_now(true);
            }
            Ok(Loaded::Newer { reason }) => {
                self.journal.set(fresh());
                self.hold_writes(reason);
            }
            Ok(Loaded::Unreadable {
                raw,
                reason,
                backup_key,
            }) => {
                self.journal.set(fresh());
                if backup_key.is_none() {
                    self.hold_writes(
                        "the unreadable data could not be backed up, so it is left in place untouched".into(),
                    );
                }
                self.unreadable.set(Some(Unreadable {
                    raw,
                    reason,
                    backup_key,
                }));
            }
            Err(problem) => {
                self.journal.set(fresh());
                self.status.set(SaveStatus::NotSaved(problem.to_string()));
            }
        }
        self.ready.set(true);

        let storage_listener = window_event_listener(leptos::ev::storage, move |event| {
            if let Some(Ok(remote)) = storage::from_storage_event(&event) {
                let merged = merge(&self.journal.get_untracked(), &remote);
                if merged != remote {
                    self.schedule_save();
                }
                self.journal.set(merged);
            }
        });
        let hide_listener = window_event_listener(leptos::ev::pagehide, move |_| self.flush());
        let visibility_listener = window_event_listener(leptos::ev::visibilitychange, move |_| {
            if document().visibility_state() == web_sys::VisibilityState::Hidden {
                self.flush();
            }
        });
        // The store lives as long as the page, and so do its listeners.
        let _ = (storage_listener, hide_listener, visibility_listener);
    }

    fn hold_writes(&self, reason: String) {
        self.hold.set(Some(reason.clone()));
        self.status.set(SaveStatus::NotSaved(reason));
    }

    /// Applies a change to the journal and schedules a save.
    pub fn update(
        &self,
        change: impl FnOnce(&mut Journal, u64) -> Result<(), EditError>,
    ) -> Result<(), EditError> {
        if !self.ready.get_untracked() {
            return Ok(());
        }
        let mut result = Ok(());
        self.journal.update(|journal| result = change(journal, now()));
        if result.is_ok() {
            self.schedule_save();
        }
        result
    }

    /// Replaces the whole journal (import, delete all) and saves at once.
    pub fn replace(&self, journal: Journal) {
        self.journal.set(journal);
        self.hold.set(None);
        self.flush_now(false);
    }

    fn schedule_save(&self) {
        if let Some(handle) = self.pending.get_value() {
            handle.clear();
        }
        let store = *self;
        let handle = set_timeout_with_handle(
            move || {
                store.pending.set_value(None);
                store.flush_now(true);
            },
            std::time::Duration::from_millis(SAVE_DELAY_MS),
        )
        .ok();
        self.pending.set_value(handle);
    }

    /// Saves now if a save is waiting.
    pub fn flush(&self) {
        if let Some(handle) = self.pending.get_value() {
            handle.clear();
            self.pending.set_value(None);
            self.flush_now(true);
        }
    }

    fn flush_now(&self, merge_first: bool) {
        if let Some(reason) = self.hold.get_untracked() {
            self.status.set(SaveStatus::NotSaved(reason));
            return;
        }
        let mut journal = self.journal.get_untracked();
        // Another tab may have written since its last event reached us.
        if merge_first && let Ok(Loaded::Journal(stored)) = storage::load() {
            let merged = merge(&journal, &stored);
            if merged != journal {
                journal = merged;
                self.journal.set(journal.clone());
            }
        }
        let status = match storage::save(&journal) {
            Ok(()) => SaveStatus::Saved,
            Err(problem) => SaveStatus::NotSaved(problem.to_string()),
        };
        self.status.set(status);
    }

    /// Deletes everything this app stored (backups of unreadable data stay
    /// until their own download-and-remove) and starts fresh.
    pub fn delete_all(&self, defaults: Vec<Step>) {
        let _ = storage::clear();
        self.unreadable.set(None);
        self.replace(Journal::new(new_id("s"), today(), defaults, now()));
    }
}
