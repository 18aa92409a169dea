//! The lock's one Web Crypto seam: derive a non-extractable AES-256-GCM key
//! from a passphrase (PBKDF2-SHA-256), encrypt into a
//! [`domain::lock::Envelope`](crate::domain::lock::Envelope) with a fresh
//! random IV, and decrypt one. All cryptography is the browser's
//! `SubtleCrypto`; nothing here is hand-written. Called only in the browser
//! (never at build time).

use js_sys::{Array, ArrayBuffer, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AesDerivedKeyParams, AesGcmParams, CryptoKey, Pbkdf2Params, SubtleCrypto};

use crate::domain::lock::{Envelope, EnvelopeError, IV_LEN, SALT_LEN};

/// Why Web Crypto could not do what was asked.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    /// No `window.crypto.subtle` (an insecure context, or a very old browser).
    #[error("this browser offers no Web Crypto here")]
    Unavailable,
    /// The browser refused a call (its message, for the console).
    #[error("the browser refused: {0}")]
    Refused(String),
    /// The passphrase is wrong or the ciphertext was changed: AES-GCM's tag
    /// did not match.
    #[error("wrong passphrase, or the locked data was changed")]
    WrongKeyOrTampered,
    /// The key and envelope disagree (the envelope was made for another
    /// salt or iteration count).
    #[error("this key was not derived for this envelope")]
    KeyMismatch,
    /// The envelope itself is invalid.
    #[error(transparent)]
    Envelope(#[from] EnvelopeError),
}

fn refused(e: JsValue) -> CryptoError {
    let message = e
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "unknown error".to_owned());
    CryptoError::Refused(message)
}

fn crypto() -> Result<web_sys::Crypto, CryptoError> {
    web_sys::window()
        .ok_or(CryptoError::Unavailable)?
        .crypto()
        .map_err(|_| CryptoError::Unavailable)
}

fn subtle() -> Result<SubtleCrypto, CryptoError> {
    let subtle = crypto()?.subtle();
    // `subtle` is undefined outside a secure context.
    if JsValue::from(subtle.clone()).is_undefined() {
        return Err(CryptoError::Unavailable);
    }
    Ok(subtle)
}

/// `N` bytes from `crypto.getRandomValues`.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], CryptoError> {
    let mut bytes = [0u8; N];
    crypto()?
        .get_random_values_with_u8_array(&mut bytes)
        .map_err(refused)?;
    Ok(bytes)
}

/// A fresh random salt for a new lock (or a new passphrase).
pub fn new_salt() -> Result<[u8; SALT_LEN], CryptoError> {
    random_bytes::<SALT_LEN>()
}

fn usages(names: &[&str]) -> Array {
    names.iter().map(|name| JsValue::from_str(name)).collect()
}

/// A derived key, with the salt and iteration count it was derived for, so
/// every envelope it writes names them.
#[derive(Clone, Debug)]
pub struct LockKey {
    key: CryptoKey,
    salt: [u8; SALT_LEN],
    iterations: u32,
}

impl LockKey {
    /// The browser's key object (non-extractable; for tests and for handing
    /// to another tab).
    pub fn crypto_key(&self) -> &CryptoKey {
        &self.key
    }

    /// The salt the key was derived with.
    pub fn salt(&self) -> [u8; SALT_LEN] {
        self.salt
    }

    /// The PBKDF2 iterations the key was derived with.
    pub fn iterations(&self) -> u32 {
        self.iterations
    }
}

/// Derives a non-extractable AES-256-GCM key from `passphrase` with
/// PBKDF2-SHA-256. Takes as long as `iterations` asks (see `tests/lock.rs`).
pub async fn derive_key(
    passphrase: &str,
    salt: [u8; SALT_LEN],
    iterations: u32,
) -> Result<LockKey, CryptoError> {
    let subtle = subtle()?;
    let raw = Uint8Array::from(passphrase.as_bytes());
    let base = JsFuture::from(
        subtle
            .import_key_with_str("raw", &raw, "PBKDF2", false, &usages(&["deriveKey"]))
            .map_err(refused)?,
    )
    .await
    .map_err(refused)?;
    let base: CryptoKey = base.dyn_into().map_err(refused)?;
    let params = Pbkdf2Params::new(
        "PBKDF2",
        &JsValue::from_str("SHA-256"),
        iterations,
        &Uint8Array::from(salt.as_slice()),
    );
    let aes = AesDerivedKeyParams::new("AES-GCM", 256);
    let key = JsFuture::from(
        subtle
            .derive_key_with_object_and_object(&params, &base, &aes, false, &usages(&["encrypt", "decrypt"]))
            .map_err(refused)?,
    )
    .await
    .map_err(refused)?;
    Ok(LockKey {
        key: key.dyn_into().map_err(refused)?,
        salt,
        iterations,
    })
}

/// Encrypts `plaintext` with a fresh random IV into an envelope naming the
/// key's salt and iterations.
pub async fn encrypt(key: &LockKey, plaintext: &str) -> Result<Envelope, CryptoError> {
    let iv = random_bytes::<IV_LEN>()?;
    let params = AesGcmParams::new("AES-GCM", &Uint8Array::from(iv.as_slice()));
    let out = JsFuture::from(
        subtle()?
            .encrypt_with_object_and_buffer_source(&params, &key.key, &Uint8Array::from(plaintext.as_bytes()))
            .map_err(refused)?,
    )
    .await
    .map_err(refused)?;
    let out: ArrayBuffer = out.dyn_into().map_err(refused)?;
    Ok(Envelope::new(
        key.iterations,
        key.salt,
        iv,
        Uint8Array::new(&out).to_vec(),
    )?)
}

/// Decrypts an envelope with a key derived for it. A wrong passphrase's key
/// and a changed ciphertext both give [`CryptoError::WrongKeyOrTampered`].
pub async fn decrypt(key: &LockKey, envelope: &Envelope) -> Result<String, CryptoError> {
    if key.salt != envelope.salt || key.iterations != envelope.iterations {
        return Err(CryptoError::KeyMismatch);
    }
    let params = AesGcmParams::new("AES-GCM", &Uint8Array::from(envelope.iv.as_slice()));
    let promise = subtle()?
        .decrypt_with_object_and_buffer_source(
            &params,
            &key.key,
            &Uint8Array::from(envelope.ciphertext.as_slice()),
        )
        .map_err(refused)?;
    // AES-GCM rejects with an `OperationError` when the tag does not match.
    let out = JsFuture::from(promise)
        .await
        .map_err(|_| CryptoError::WrongKeyOrTampered)?;
    let out: ArrayBuffer = out.dyn_into().map_err(refused)?;
    String::from_utf8(Uint8Array::new(&out).to_vec()).map_err(|_| CryptoError::WrongKeyOrTampered)
}
