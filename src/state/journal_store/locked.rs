//! The journal store under a passphrase lock: the encrypted save, setting,
//! opening, changing and removing the lock, locking every tab, and the
//! encrypted copy. The key lives only in memory ([`Keyring`]).

use super::*;
use crate::browser::locks::holding_lock;
use crate::state::keyring::Holding;

/// A stored envelope, opened with this tab's key.
pub(super) enum Opened {
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
pub(super) async fn open_envelope(key: &LockKey, raw: &str) -> Opened {
    let envelope = match Envelope::decode(raw) {
        Ok(envelope) => envelope,
        // A later format: another tab runs a newer version. Never written over.
        Err(EnvelopeError::UnsupportedVersion(v)) if v > ENVELOPE_VERSION => return Opened::Newer,
        Err(e) => return Opened::Unreadable(e.to_string()),
    };
    if envelope.salt != key.salt() || envelope.iterations != key.iterations() {
        return Opened::OtherKey;
    }
    match crypto::decrypt(key, &envelope).await {
        Ok(text) => match decode_lenient(&text) {
            Ok(lenient) => kept_whole(lenient, raw).map_or_else(Opened::Unreadable, Opened::Journal),
            Err(DecodeError::NewerSchema(_)) => Opened::Newer,
            Err(e) => Opened::Unreadable(e.to_string()),
        },
        Err(e) => Opened::Unreadable(e.to_string()),
    }
}

/// The journal inside a decrypted envelope. Sessions in it that cannot be
/// read are kept by backing up the whole envelope `raw` (still encrypted:
/// nothing readable is written); if there is no room for that, the reason,
/// and nothing may be written over it.
fn kept_whole(lenient: Lenient, raw: &str) -> Result<Journal, String> {
    let n = lenient.set_aside.len();
    if n == 0 || storage::set_aside(raw).is_some() {
        return Ok(lenient.journal);
    }
    Err(match n {
        1 => "one saved session could not be read, and there was no room to back it up".to_owned(),
        n => format!("{n} saved sessions could not be read, and there was no room to back them up"),
    })
}

/// The stored envelope's text; refused if the lock was removed meanwhile.
fn stored_envelope() -> Result<String, LockError> {
    match storage::load() {
        Ok(Loaded::Locked(raw)) => Ok(raw),
        Ok(_) => Err(LockError::Refused(
            "The lock was removed in another tab. Nothing was changed.".to_owned(),
        )),
        Err(problem) => Err(LockError::Browser(problem.to_string())),
    }
}

impl JournalStore {
    /// The locked journal's read, decrypt, merge, encrypt and write, with the
    /// key this tab holds: never over a newer schema, never over another
    /// key's envelope, and an envelope this key no longer opens is set aside
    /// (kept under a backup key) before anything is written. A tab locked
    /// before this save begins, or while it waits on Web Crypto, holds a
    /// placeholder, not its journal: the save stops, and the last save of
    /// the lock ([`JournalStore::lock_here`]) writes what the tab held.
    pub(super) async fn save_locked(self, key: LockKey) {
        if self.lock.get_untracked() != Lock::Unlocked {
            return;
        }
        self.unsaved.set_value(false);
        self.encrypting.update_value(|n| *n += 1);
        self.save_locked_now(key).await;
        self.encrypting.update_value(|n| *n = n.saturating_sub(1));
    }

    async fn save_locked_now(self, key: LockKey) {
        let holding = self.keyring.holding();
        let locked_meanwhile = move || self.keyring.holding() != holding;
        if let Some(why) = self.read_only.get_untracked() {
            return self.status.set(SaveStatus::NotSaved(why.reason().to_owned()));
        }
        match storage::load() {
            Ok(Loaded::Locked(raw)) => {
                let opened = open_envelope(&key, &raw).await;
                if locked_meanwhile() {
                    return;
                }
                match opened {
                    Opened::Journal(stored) => {
                        self.observe(&stored);
                        let mine = self.journal.get_untracked();
                        let merged = merge(&mine, &stored);
                        if merged != mine {
                            // Another tab's change, unseen until now: an
                            // "Undo import" would take it back.
                            self.import_settled();
                            self.journal.set(merged);
                        }
                        self.base.set_value(Some(raw));
                    }
                    Opened::OtherKey => return self.hold_and_lock(),
                    Opened::Newer => return self.block(ReadOnly::NewerApp),
                    Opened::Unreadable(reason) => {
                        if !self.set_aside_unreadable(raw, reason) {
                            return;
                        }
                    }
                }
            }
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
        let envelope = crypto::encrypt(&key, &encode(&journal)).await;
        if locked_meanwhile() {
            return;
        }
        let status = match write_envelope(envelope) {
            Ok(written) => {
                self.base.set_value(Some(written));
                SaveStatus::Saved
            }
            Err(problem) => SaveStatus::NotSaved(problem),
        };
        self.status.set(status);
    }

    /// A stored envelope this key no longer opens: kept under a backup key
    /// and reported. False if it could not be kept (nothing may be written).
    fn set_aside_unreadable(&self, raw: String, reason: String) -> bool {
        let backup_key = storage::set_aside(&raw);
        let kept = backup_key.is_some();
        self.unreadable.set(Some(Unreadable {
            raw,
            reason,
            backup_key,
            sessions: None,
        }));
        if !kept {
            self.block(ReadOnly::UnreadableKept);
            return false;
        }
        self.backups.set(storage::backups());
        true
    }

    /// The last save of a tab being locked, of the journal it held, now kept
    /// in [`JournalStore::held`] (memory) until it is written: a tab locked
    /// while a change was on its way loses nothing. Should it not be written
    /// (another key, a newer app, a full storage), unlocking this tab again
    /// merges it in, as for a lock set in another tab.
    async fn save_held(self, key: LockKey) {
        let holding = self.keyring.holding();
        let Some(held) = self.held.get_value() else {
            return;
        };
        self.encrypting.update_value(|n| *n += 1);
        let written = self.write_held(&key, &held, holding).await;
        self.encrypting.update_value(|n| *n = n.saturating_sub(1));
        // Still locked as it was, with nothing else held since: the journal
        // leaves memory.
        if written && self.keyring.holding() == holding && self.held.with_value(|h| h.as_ref() == Some(&held))
        {
            self.held.set_value(None);
        }
    }

    /// Merges `held` into the stored envelope and writes it; true once
    /// storage holds all of it. Stops if the tab was unlocked again, or
    /// everything deleted, while it waited on Web Crypto (`holding` changed):
    /// what it held is then the tab's own again, or gone on purpose.
    async fn write_held(&self, key: &LockKey, held: &Journal, holding: Holding) -> bool {
        let moved_on = || self.keyring.holding() != holding;
        if self.read_only.get_untracked().is_some() {
            return false;
        }
        let Ok(Loaded::Locked(raw)) = storage::load() else {
            // Nothing, or no envelope: the lock was removed (or everything
            // deleted) in another tab; the next unlock, or that tab's
            // readable journal, takes it from here.
            return false;
        };
        let opened = open_envelope(key, &raw).await;
        if moved_on() {
            return false;
        }
        let mut journal = match opened {
            Opened::Journal(stored) => merge(held, &stored),
            Opened::Unreadable(reason) => {
                if !self.set_aside_unreadable(raw, reason) {
                    return false;
                }
                held.clone()
            }
            Opened::OtherKey | Opened::Newer => return false,
        };
        journal.purge_deleted(self.now());
        let envelope = crypto::encrypt(key, &encode(&journal)).await;
        if moved_on() {
            return false;
        }
        match write_envelope(envelope) {
            Ok(written) => {
                self.base.set_value(Some(written));
                true
            }
            Err(problem) => {
                self.status.set(SaveStatus::NotSaved(problem));
                false
            }
        }
    }

    /// A placeholder journal in place of the real one: what a locked tab holds.
    pub(super) fn forget_journal(&self) {
        self.journal
            .set(Journal::new("pending".into(), String::new(), Vec::new(), 0));
        self.before_import.set(None);
        self.sealed.set_value(None);
    }

    /// Locks this tab: the last changes are saved (encrypted) if a save was
    /// waiting or on its way, then the key and the journal leave memory.
    /// The envelope made ready for the journal as it is ([`JournalStore::seal`])
    /// is written at once where it safely can be: a tab locked as it is
    /// closed may never finish an asynchronous save.
    pub fn lock_here(&self) {
        let unsaved = self.unsaved.get_value() || self.encrypting.get_value() > 0;
        self.cancel_pending();
        match self.lock.get_untracked() {
            Lock::Unlocked => {
                let last_save = unsaved && !self.write_sealed() && self.keep_for_unlock();
                self.unsaved.set_value(false);
                let key = self.keyring.drop_key();
                self.lock.set(Lock::Locked);
                self.ready.set(false);
                self.forget_journal();
                if let Some(key) = key.filter(|_| last_save) {
                    let store = *self;
                    leptos::task::spawn_local(store.save_held(key));
                }
            }
            // A readable tab that meets a lock set in another tab.
            Lock::Unset if unsaved => self.hold_and_lock(),
            Lock::Unset => {
                self.keyring.drop_key();
                self.lock.set(Lock::Locked);
                self.ready.set(false);
                self.forget_journal();
            }
            Lock::Locked => {}
        }
    }

    /// Keeps the journal in memory, merged with what is already kept there,
    /// for the next unlock in this tab ([`JournalStore::held`]); nothing if
    /// the journal was never read. True if it was kept.
    fn keep_for_unlock(&self) -> bool {
        if !self.ready.get_untracked() {
            return false;
        }
        let mine = self.journal.get_untracked();
        self.held.update_value(|held| {
            *held = Some(match held.take() {
                Some(older) => merge(&older, &mine),
                None => mine,
            })
        });
        true
    }

    /// Locks this tab, keeping its unsaved changes in memory to merge when
    /// it is unlocked (the lock was set or changed in another tab before
    /// this one could save them).
    pub(super) fn hold_and_lock(&self) {
        self.cancel_pending();
        self.keep_for_unlock();
        self.keyring.drop_key();
        self.lock.set(Lock::Locked);
        self.ready.set(false);
        self.forget_journal();
    }

    /// The lock was removed in another tab: the journal is readable again.
    pub(super) fn lock_removed(&self, stored: Option<Journal>) {
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
    pub(super) async fn open_with(&self, passphrase: &str) -> Result<(LockKey, Journal, String), LockError> {
        let raw = stored_envelope()?;
        let envelope = Envelope::decode(&raw).map_err(|e| {
            LockError::Refused(match e {
                EnvelopeError::UnsupportedVersion(v) if v > ENVELOPE_VERSION => {
                    "The journal was locked by a newer version of the app, in another tab. Reload this page to use it.".to_owned()
                }
                e => format!("The locked data could not be read ({e}). Nothing was changed."),
            })
        })?;
        let key = crypto::derive_key(passphrase, envelope.salt, envelope.iterations).await?;
        let text = crypto::decrypt(&key, &envelope).await?;
        let journal = match decode_lenient(&text) {
            Ok(lenient) => {
                let set_aside = lenient.set_aside.len();
                let journal = kept_whole(lenient, &raw).map_err(|why| {
                    LockError::Refused(format!(
                        "The locked data opened, but {why}. Nothing was changed: make room in this browser’s storage, then try again."
                    ))
                })?;
                if set_aside > 0 {
                    self.set_aside.set(set_aside);
                    self.backups.set(storage::backups());
                }
                journal
            }
            Err(DecodeError::NewerSchema(_)) => {
                return Err(LockError::Refused(ReadOnly::NewerApp.reason().to_owned()));
            }
            Err(e) => {
                return Err(LockError::Refused(format!(
                    "The locked data opened but could not be read ({e}). Nothing was changed."
                )));
            }
        };
        Ok((key, journal, raw))
    }

    /// Opens the journal with `passphrase` (a wrong one changes nothing).
    pub async fn unlock(&self, passphrase: &str) -> Result<(), LockError> {
        if self.lock.get_untracked() != Lock::Locked {
            return Ok(());
        }
        let (key, mut journal, raw) = self.open_with(passphrase).await?;
        // What this tab now holds includes what is stored.
        self.base.set_value(Some(raw));
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
        save_elsewhere_first();
        let salt = crypto::new_salt()?;
        let key = crypto::derive_key(passphrase, salt, DEFAULT_ITERATIONS).await?;
        // Read, merge and write under the Web Lock that every other tab's
        // save takes, so that none writes the journal readable over it.
        let store = *self;
        holding_lock(
            &storage::key(),
            Box::new(move || {
                Box::pin(async move {
                    // What other tabs wrote meanwhile, merged (a lock set there locks this tab).
                    store.sync();
                    if store.lock.get_untracked() != Lock::Unset {
                        return Err(LockError::Refused(
                            "A lock was set in another tab meanwhile. Nothing was changed here.".to_owned(),
                        ));
                    }
                    // Newer data, or data that cannot be backed up, stored
                    // meanwhile (the key took a second to derive): never
                    // written over.
                    if let Some(why) = store.refusal() {
                        return Err(LockError::Refused(why));
                    }
                    store.cancel_pending();
                    let journal = store.journal.get_untracked();
                    let written = write_locked(&key, &journal).await.map_err(LockError::Browser)?;
                    store.base.set_value(Some(written));
                    store.keyring.hold(key);
                    store.lock.set(Lock::Unlocked);
                    store.status.set(SaveStatus::Saved);
                    // Typed while it was being encrypted: saved under the lock next.
                    if store.journal.with_untracked(|j| *j != journal) {
                        store.schedule_save();
                    }
                    Ok(())
                })
            }),
        )
        .await
        .unwrap_or_else(unfinished)
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

    /// Opens an encrypted copy with the passphrase it was locked with: the
    /// readable file inside, for `parse_import` and then
    /// [`JournalStore::import`]. Needs no lock here: a copy opens in any browser.
    pub async fn open_encrypted_file(&self, text: &str, passphrase: &str) -> Result<String, LockError> {
        let envelope = Envelope::decode(text).map_err(|e| {
            LockError::Refused(format!("This file is not an encrypted copy from this app ({e})."))
        })?;
        let key = crypto::derive_key(passphrase, envelope.salt, envelope.iterations).await?;
        Ok(crypto::decrypt(&key, &envelope).await?)
    }

    /// Locks this tab and every other open tab of this site.
    pub fn lock_everywhere(&self) {
        channel::send(&lock_channel(), channel::Message::Lock);
        self.lock_here();
    }

    /// Encrypts the journal with a new passphrase (the current one first
    /// opens it, and everything stored is merged in, read again under the
    /// Web Lock that every other tab's save takes).
    pub async fn change_passphrase(&self, current: &str, new: &str) -> Result<(), LockError> {
        save_elsewhere_first();
        let (old_key, _, _) = self.open_with(current).await?;
        let salt = crypto::new_salt()?;
        let key = crypto::derive_key(new, salt, DEFAULT_ITERATIONS).await?;
        let store = *self;
        holding_lock(
            &storage::key(),
            Box::new(move || {
                Box::pin(async move {
                    let journal = store.merged_with_stored(&old_key).await?;
                    let written = write_locked(&key, &journal).await.map_err(LockError::Browser)?;
                    store.base.set_value(Some(written));
                    store.keyring.hold(key);
                    // Typed while it was being encrypted: kept, and saved with the new key.
                    let mine = store.journal.get_untracked();
                    let merged = merge(&mine, &journal);
                    if merged != mine {
                        store.journal.set(merged.clone());
                    }
                    if merged != journal {
                        store.schedule_save();
                    }
                    Ok(())
                })
            }),
        )
        .await
        .unwrap_or_else(unfinished)
    }

    /// Removes the lock (the current passphrase first opens the journal):
    /// it is stored readable again, merged with what is stored, read again
    /// under the Web Lock.
    pub async fn remove_lock(&self, current: &str) -> Result<(), LockError> {
        save_elsewhere_first();
        let (old_key, _, _) = self.open_with(current).await?;
        let store = *self;
        holding_lock(
            &storage::key(),
            Box::new(move || {
                Box::pin(async move {
                    let journal = store.merged_with_stored(&old_key).await?;
                    storage::save(&journal).map_err(|p| LockError::Browser(p.to_string()))?;
                    store.keyring.drop_key();
                    store.journal.set(journal);
                    store.lock.set(Lock::Unset);
                    Ok(())
                })
            }),
        )
        .await
        .unwrap_or_else(unfinished)
    }

    /// This tab's journal merged with the stored one, which `key` (derived
    /// from the current passphrase) opens; the waiting save is no longer
    /// needed. Read under the journal's Web Lock by the caller.
    async fn merged_with_stored(&self, key: &LockKey) -> Result<Journal, LockError> {
        let stored = self.read_locked(key).await?;
        self.cancel_pending();
        Ok(merge(&self.journal.get_untracked(), &stored))
    }

    /// The stored journal, opened with `key` (which this tab's passphrase
    /// derived): refused if another tab changed or removed the lock since.
    async fn read_locked(&self, key: &LockKey) -> Result<Journal, LockError> {
        let raw = stored_envelope()?;
        match open_envelope(key, &raw).await {
            Opened::Journal(stored) => Ok(stored),
            Opened::OtherKey => Err(LockError::Refused(
                "The passphrase was changed in another tab meanwhile. Nothing was changed here.".to_owned(),
            )),
            Opened::Newer => Err(LockError::Refused(ReadOnly::NewerApp.reason().to_owned())),
            Opened::Unreadable(reason) => Err(LockError::Refused(format!(
                "The locked data could not be read ({reason}). Nothing was changed."
            ))),
        }
    }

    /// "Forgot passphrase": deletes everything (the locked journal cannot be
    /// opened without it) and starts again, with no lock.
    /// Refused (storage would not remove it, or a newer version stores
    /// its data), it leaves everything as it was: still locked, the form
    /// still there to say why.
    pub fn forget_and_start_again(&self) -> Result<Removed, String> {
        let defaults = self.defaults.get_value();
        let before = (
            self.lock.get_untracked(),
            self.journal.get_untracked(),
            self.ready.get_untracked(),
            self.held.get_value(),
        );
        // Unset first, so that the fresh journal is written readable.
        self.lock.set(Lock::Unset);
        self.journal.set(self.fresh(&defaults));
        self.ready.set(true);
        self.held.set_value(None);
        let removed = self.delete_all(defaults);
        match removed {
            Ok(_) => {
                self.keyring.drop_key();
            }
            Err(_) => {
                let (lock, journal, ready, held) = before;
                self.lock.set(lock);
                self.journal.set(journal);
                self.ready.set(ready);
                self.held.set_value(held);
            }
        }
        removed
    }
}

/// The name of the channel that locks every tab of this site.
pub(super) fn lock_channel() -> String {
    format!("{}.lock", storage::key())
}

/// A change under the Web Lock that the browser did not let finish.
fn unfinished() -> Result<(), LockError> {
    Err(LockError::Browser(
        "the change was stopped before it finished".to_owned(),
    ))
}

/// Encrypts and writes the journal; the text written, or the reason it
/// was not.
async fn write_locked(key: &LockKey, journal: &Journal) -> Result<String, String> {
    write_envelope(crypto::encrypt(key, &encode(journal)).await)
}

/// Writes an envelope made by [`crypto::encrypt`]; the text written, or the
/// reason it was not.
fn write_envelope(envelope: Result<Envelope, crypto::CryptoError>) -> Result<String, String> {
    let text = envelope.map_err(|e| e.to_string())?.encode();
    storage::save_text(&text).map_err(|p| p.to_string())?;
    Ok(text)
}

/// Asks every other open tab to save what it holds unsaved now, before a
/// lock is set, changed or removed here: a tab whose key no longer opens
/// the journal can only keep its last words in its memory, lost when it is
/// closed. Their saves take the journal's Web Lock well before this tab
/// does (after deriving a key, a tenth of a second or more), so the change
/// reads and merges what they wrote.
pub(super) fn save_elsewhere_first() {
    channel::send(&lock_channel(), channel::Message::Save);
}
