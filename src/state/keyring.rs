//! The lock's key, held in this tab's memory only: never stored, never sent
//! to another tab. Reloading the page, locking, or closing the tab drops it.

use leptos::prelude::*;

use crate::browser::crypto::LockKey;

/// This tab's key to the locked journal, if it was unlocked here.
/// (Local storage of the reactive arena: a `CryptoKey` is a JavaScript
/// object and stays on this thread.)
#[derive(Clone, Copy)]
pub struct Keyring(StoredValue<Option<LockKey>, LocalStorage>);

impl Keyring {
    /// An empty keyring.
    pub fn new() -> Self {
        Keyring(StoredValue::new_local(None))
    }

    /// The key, if this tab holds one.
    pub fn key(&self) -> Option<LockKey> {
        self.0.get_value()
    }

    /// Holds `key` from now on.
    pub fn hold(&self, key: LockKey) {
        self.0.set_value(Some(key));
    }

    /// Drops the key; returns it for a last save.
    pub fn drop_key(&self) -> Option<LockKey> {
        let mut key = None;
        self.0.update_value(|k| key = k.take());
        key
    }
}

impl Default for Keyring {
    fn default() -> Self {
        Self::new()
    }
}
