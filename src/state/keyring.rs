//! The lock's key, held in this tab's memory only: never stored, never sent
//! to another tab. Reloading the page, locking, or closing the tab drops it.

use leptos::prelude::*;

use crate::browser::crypto::LockKey;

/// This tab's key to the locked journal, if it was unlocked here, and how
/// many times a key was taken or dropped. (Local storage of the reactive
/// arena: a `CryptoKey` is a JavaScript object and stays on this thread.)
#[derive(Clone, Copy)]
pub struct Keyring(StoredValue<(Option<LockKey>, Holding), LocalStorage>);

/// Which holding of a key this is: it changes each time a key is taken or
/// dropped. A save that started under one holding and finds another after
/// waiting on Web Crypto no longer speaks for the journal in memory.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Holding(u32);

impl Keyring {
    /// An empty keyring.
    pub fn new() -> Self {
        Keyring(StoredValue::new_local((None, Holding::default())))
    }

    /// The key, if this tab holds one.
    pub fn key(&self) -> Option<LockKey> {
        self.0.with_value(|(key, _)| key.clone())
    }

    /// The current holding (see [`Holding`]).
    pub fn holding(&self) -> Holding {
        self.0.with_value(|(_, holding)| *holding)
    }

    /// Holds `key` from now on.
    pub fn hold(&self, key: LockKey) {
        self.0.update_value(|(k, holding)| {
            *k = Some(key);
            holding.0 = holding.0.wrapping_add(1);
        });
    }

    /// Drops the key; returns it for a last save.
    pub fn drop_key(&self) -> Option<LockKey> {
        let mut key = None;
        self.0.update_value(|(k, holding)| {
            key = k.take();
            holding.0 = holding.0.wrapping_add(1);
        });
        key
    }
}

impl Default for Keyring {
    fn default() -> Self {
        Self::new()
    }
}
