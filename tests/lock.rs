//! The lock's Web Crypto seam in headless Chromium (wasm-bindgen-test):
//! what a client relies on — the right passphrase opens, a wrong one and a
//! changed file do not, and the key cannot be read out.
#![cfg(target_arch = "wasm32")]

use after_the_session::browser::crypto::{self, CryptoError};
use after_the_session::domain::lock::{DEFAULT_ITERATIONS, Envelope};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const NOTE: &str = r#"{"sessions":[{"note":"felt heavy after the session"}]}"#;

#[wasm_bindgen_test]
async fn the_right_passphrase_opens_what_was_locked_and_a_wrong_one_does_not() {
    let salt = crypto::new_salt().expect("salt");
    let start = js_sys::Date::now();
    let key = crypto::derive_key("correct horse", salt, DEFAULT_ITERATIONS)
        .await
        .expect("derive");
    let elapsed = js_sys::Date::now() - start;
    web_sys::console::log_1(
        &format!("one PBKDF2-SHA-256 derivation, {DEFAULT_ITERATIONS} iterations: {elapsed:.0} ms").into(),
    );
    assert!(!key.crypto_key().extractable(), "the key must not be extractable");

    let first = crypto::encrypt(&key, NOTE).await.expect("encrypt");
    let stored = first.encode();
    assert!(!stored.contains("heavy"), "plaintext leaked: {stored}");
    let read = Envelope::decode(&stored).expect("decode");
    assert_eq!(crypto::decrypt(&key, &read).await.as_deref(), Ok(NOTE));

    // Same text, same key: a fresh IV, so a different envelope.
    let second = crypto::encrypt(&key, NOTE).await.expect("encrypt again");
    assert_ne!(first.iv, second.iv);
    assert_ne!(first.ciphertext, second.ciphertext);

    let wrong = crypto::derive_key("correct horsf", salt, DEFAULT_ITERATIONS)
        .await
        .expect("derive wrong");
    assert_eq!(
        crypto::decrypt(&wrong, &read).await,
        Err(CryptoError::WrongKeyOrTampered)
    );

    for at in [0, read.ciphertext.len() / 2, read.ciphertext.len() - 1] {
        let mut tampered = read.clone();
        tampered.ciphertext[at] ^= 1;
        assert_eq!(
            crypto::decrypt(&key, &tampered).await,
            Err(CryptoError::WrongKeyOrTampered),
            "byte {at} changed"
        );
    }
    let mut other_iv = read.clone();
    other_iv.iv[0] ^= 1;
    assert_eq!(
        crypto::decrypt(&key, &other_iv).await,
        Err(CryptoError::WrongKeyOrTampered)
    );
}
