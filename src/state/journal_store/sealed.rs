//! A locked journal, ready to be written as the page is left. Web Crypto is
//! asynchronous, and a closing tab may end before a save started on
//! `beforeunload` is written (WebKit does). So under the lock, each change
//! also has the journal encrypted at once, off the page's path, and kept
//! here; leaving writes it synchronously, but only when the stored envelope
//! is still the one this tab last read or wrote (so nothing another tab
//! wrote since can be lost) and the journal has not changed since.

use super::*;

/// The journal as it was encrypted, the envelope's text, and the salt of
/// the key that made it.
#[derive(Clone)]
pub(super) struct Sealed {
    journal: Journal,
    text: String,
    salt: [u8; crate::domain::lock::SALT_LEN],
}

impl JournalStore {
    /// Encrypts the journal as it is now for [`JournalStore::write_sealed`]:
    /// one encryption at a time, the latest journal last.
    pub(super) fn seal(&self) {
        if self.lock.get_untracked() != Lock::Unlocked {
            return;
        }
        let Some(key) = self.keyring.key() else {
            return;
        };
        let (busy, _) = self.sealing.get_value();
        if busy {
            return self.sealing.set_value((true, true));
        }
        self.sealing.set_value((true, false));
        let store = *self;
        let holding = self.keyring.holding();
        leptos::task::spawn_local(async move {
            loop {
                let journal = store.journal.get_untracked();
                let sealed = crypto::encrypt(&key, &encode(&journal)).await;
                // Locked meanwhile: the journal has left memory, and so does its envelope.
                if store.keyring.holding() != holding {
                    break;
                }
                let sealed = sealed.ok().map(|envelope| Sealed {
                    journal,
                    text: envelope.encode(),
                    salt: key.salt(),
                });
                store.sealed.set_value(sealed);
                let (_, again) = store.sealing.get_value();
                if !again {
                    break;
                }
                store.sealing.set_value((true, false));
            }
            store.sealing.set_value((false, false));
        });
    }

    /// Writes the envelope made ready by [`JournalStore::seal`], now (the
    /// page is being left): only while this tab is unlocked with the key
    /// that made it, the journal is the one it holds, and storage still has
    /// what this tab last read or wrote. True if it was written.
    pub(super) fn write_sealed(&self) -> bool {
        if self.lock.get_untracked() != Lock::Unlocked {
            return false;
        }
        let Some(key) = self.keyring.key() else {
            return false;
        };
        let Some(text) = self.sealed.with_value(|sealed| {
            sealed
                .as_ref()
                .filter(|s| s.salt == key.salt() && self.journal.with_untracked(|j| *j == s.journal))
                .map(|s| s.text.clone())
        }) else {
            return false;
        };
        let unchanged = self
            .base
            .with_value(|base| base.is_some() && storage::stored_text().as_deref() == base.as_deref());
        if !unchanged || storage::save_text(&text).is_err() {
            return false;
        }
        self.base.set_value(Some(text));
        true
    }
}
