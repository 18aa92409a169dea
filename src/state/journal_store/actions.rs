//! What the "Your data" section asks of the store: import, undo import,
//! delete everything, remove a backup, and when they are refused.

use super::*;

impl JournalStore {
    /// Why Import and Delete everything are refused right now, if they are.
    pub fn refusal(&self) -> Option<String> {
        self.read_only.get_untracked().map(|why| match why {
            ReadOnly::NewerApp => "The app was updated in another tab. Reload this page first, then try again.".to_owned(),
            ReadOnly::UnreadableKept => {
                "The data saved in this browser could not be read or backed up, so nothing may replace it. Download it first from the notice above.".to_owned()
            }
        })
    }

    /// What importing `file` would change now, or why it would be refused.
    pub fn preview_import(&self, file: &Journal) -> Result<ImportPreview, String> {
        let here = self.journal.get_untracked();
        let result = import(&here, file, self.now());
        check_result(&result)?;
        Ok(preview(&here, file, &result))
    }

    /// Merges `file` into the journal and saves; "Undo import" can take it back.
    pub fn import(&self, file: &Journal) -> Result<ImportPreview, String> {
        if let Some(why) = self.refusal() {
            return Err(why);
        }
        self.sync();
        let here = self.journal.get_untracked();
        let result = import(&here, file, self.now());
        check_result(&result)?;
        let counts = preview(&here, file, &result);
        let status = self.status.get_untracked();
        self.journal.set(result);
        self.flush_now();
        // Not stored (storage full, or refused): the import is taken back
        // at once rather than said done and lost when the page closes.
        // (Under the lock the save is asynchronous: its notice says so.)
        if let (Lock::Unset, SaveStatus::NotSaved(why)) =
            (self.lock.get_untracked(), self.status.get_untracked())
        {
            self.journal.set(here);
            self.status.set(status);
            return Err(format!("It could not be saved: {why}."));
        }
        // After the import's own save (which may merge or purge): only a
        // later change ends the undo.
        self.before_import.set(Some(here));
        Ok(counts)
    }

    /// Asks every other open tab to save what it holds unsaved now: before
    /// an undo, which their change ends, so that it never takes it away.
    pub fn ask_other_tabs_to_save(&self) {
        super::locked::save_elsewhere_first();
    }

    /// Writes the journal of before the last import again.
    pub fn undo_import(&self) -> Result<(), String> {
        if let Some(why) = self.refusal() {
            return Err(why);
        }
        if self.before_import.with_untracked(Option::is_none) {
            return Err("There is no import to undo.".into());
        }
        // What another tab changed since, taken in first: then the import
        // is no longer undone as a whole.
        self.sync();
        let Some(before) = self.before_import.get_untracked() else {
            return Err(
                "The journal changed since the import (here or in another tab), so it can no longer be undone as a whole. Nothing was changed."
                    .into(),
            );
        };
        let now_journal = self.journal.get_untracked();
        let result = undo_import(&before, &now_journal, self.now(), &self.writer(), &mut || {
            new_id("s")
        });
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
        self.cancel_pending();
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

    /// How many sessions the journal had when a copy was last downloaded
    /// in this browser, for the reminder to download one (a setting, not
    /// journal data).
    pub fn sessions_at_last_download(&self) -> Option<usize> {
        storage::sessions_at_last_download()
    }

    /// Downloads the journal as the readable file (what "Download my data"
    /// gives without a lock, and what this or a newer version imports): its
    /// name, or `None` when the browser would not start the download.
    pub fn download_readable(&self) -> Option<String> {
        let text = crate::browser::json::indented(&self.journal.with_untracked(encode_export));
        let name = crate::domain::journal::codec::export_file_name(&today());
        crate::browser::dom::download(&name, &text, "application/json")
            .ok()
            .map(|()| name)
    }

    /// Remembers that a copy was downloaded now; the number of sessions in it.
    pub fn note_download(&self) -> usize {
        let count = self.journal.with_untracked(|j| j.live_sessions().count());
        storage::note_download(count);
        count
    }

    /// Removes one backup of unreadable data.
    pub fn remove_backup(&self, key: &str) -> Result<(), String> {
        storage::remove_backup(key).map_err(|p| p.to_string())?;
        self.backups.set(storage::backups());
        Ok(())
    }
}

/// What "Delete everything" removed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Removed {
    pub sessions: usize,
    pub backups: usize,
    pub keys: Vec<String>,
}
