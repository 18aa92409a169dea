//! The journal lock's rules, in plain Rust: the encrypted envelope the stored
//! document becomes once a passphrase is set, the idle-lock choice, and how
//! long to wait after a wrong passphrase.
//!
//! Over 400 lines only with its tests, which sit beside the rules they check
//! (the rules themselves are about 320 lines).
//!
//! The envelope is JSON text, so it sits in localStorage and in an exported
//! file like the plain document does:
//!
//! ```json
//! {"lock":1,"kdf":{"name":"PBKDF2-SHA-256","iterations":600000},
//!  "cipher":"AES-256-GCM","salt":"<base64, 16 bytes>","iv":"<base64, 12 bytes>",
//!  "ciphertext":"<base64, at least the 16-byte tag>"}
//! ```
//!
//! Nothing here encrypts: the browser's Web Crypto does (`browser::crypto`).
//! [`Envelope::decode`] refuses anything it could not hand to Web Crypto as is,
//! with a typed [`EnvelopeError`]; nothing here panics on untrusted text.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as BASE64;
use serde::{Deserialize, Serialize};

/// The envelope format this build writes and reads.
pub const ENVELOPE_VERSION: u32 = 1;
/// The `schema` every envelope carries at its top level, above any schema
/// of the readable journal that a build from before the lock knows (2):
/// such a build, still open in a tab, reads the envelope as data of a newer
/// version, which it never writes over, instead of as damaged data that it
/// backs up and then replaces with its own readable journal (removing the
/// lock and what was written under it).
pub const SCHEMA_MARK: u32 = 3;
/// The only key derivation the envelope names.
pub const KDF_NAME: &str = "PBKDF2-SHA-256";
/// The only cipher the envelope names.
pub const CIPHER_NAME: &str = "AES-256-GCM";
/// Fewest PBKDF2 iterations accepted (OWASP's 2023 figure for PBKDF2-HMAC-SHA256).
pub const MIN_ITERATIONS: u32 = 600_000;
/// Most PBKDF2 iterations accepted: a crafted file must not freeze the unlock.
pub const MAX_ITERATIONS: u32 = 10_000_000;
/// What a new lock uses.
pub const DEFAULT_ITERATIONS: u32 = MIN_ITERATIONS;
/// Salt length in bytes (random, one per lock).
pub const SALT_LEN: usize = 16;
/// AES-GCM IV length in bytes (random, one per save).
pub const IV_LEN: usize = 12;
/// AES-GCM authentication tag length in bytes, the end of every ciphertext.
pub const TAG_LEN: usize = 16;

/// The key derivation's name and parameters, as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KdfParams {
    /// Always [`KDF_NAME`].
    pub name: String,
    /// PBKDF2 iterations, within [`MIN_ITERATIONS`]..=[`MAX_ITERATIONS`].
    pub iterations: u32,
}

/// The envelope as JSON: what is stored, before its fields are checked.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Wire {
    lock: u32,
    /// [`SCHEMA_MARK`]; envelopes written before it have none.
    #[serde(default)]
    schema: Option<u32>,
    kdf: KdfParams,
    cipher: String,
    salt: String,
    iv: String,
    ciphertext: String,
}

/// A checked envelope: everything Web Crypto needs to decrypt, except the
/// passphrase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Envelope {
    /// PBKDF2 iterations used to derive the key.
    pub iterations: u32,
    /// The lock's salt.
    pub salt: [u8; SALT_LEN],
    /// This save's IV.
    pub iv: [u8; IV_LEN],
    /// AES-GCM output: the encrypted document followed by its tag.
    pub ciphertext: Vec<u8>,
}

/// Which envelope field a byte-level error is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    /// The salt.
    Salt,
    /// The IV.
    Iv,
    /// The ciphertext.
    Ciphertext,
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Field::Salt => "salt",
            Field::Iv => "iv",
            Field::Ciphertext => "ciphertext",
        })
    }
}

/// Why a stored text is not a usable envelope.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EnvelopeError {
    /// Not JSON, a field missing or of the wrong type, or a field too many.
    #[error("not a locked journal: {0}")]
    Malformed(String),
    /// Written by another version of the format.
    #[error("locked journal format {0} is not supported (expected {ENVELOPE_VERSION})")]
    UnsupportedVersion(u32),
    /// A key derivation this app does not use.
    #[error("unknown key derivation {0:?}")]
    UnknownKdf(String),
    /// Fewer iterations than [`MIN_ITERATIONS`].
    #[error("{0} iterations is too few (at least {MIN_ITERATIONS})")]
    TooFewIterations(u32),
    /// More iterations than [`MAX_ITERATIONS`].
    #[error("{0} iterations is too many (at most {MAX_ITERATIONS})")]
    TooManyIterations(u32),
    /// A cipher this app does not use.
    #[error("unknown cipher {0:?}")]
    UnknownCipher(String),
    /// A field that is not canonical padded base64.
    #[error("{0} is not valid base64")]
    BadBase64(Field),
    /// A field of the wrong length (for the ciphertext: shorter than its tag).
    #[error("{field} has {found} bytes, expected {expected}")]
    WrongLength {
        /// Which field.
        field: Field,
        /// The length required (the least, for the ciphertext).
        expected: usize,
        /// The length found.
        found: usize,
    },
}

fn check_iterations(iterations: u32) -> Result<u32, EnvelopeError> {
    if iterations < MIN_ITERATIONS {
        Err(EnvelopeError::TooFewIterations(iterations))
    } else if iterations > MAX_ITERATIONS {
        Err(EnvelopeError::TooManyIterations(iterations))
    } else {
        Ok(iterations)
    }
}

fn bytes(field: Field, text: &str) -> Result<Vec<u8>, EnvelopeError> {
    BASE64.decode(text).map_err(|_| EnvelopeError::BadBase64(field))
}

fn exact<const N: usize>(field: Field, text: &str) -> Result<[u8; N], EnvelopeError> {
    let found = bytes(field, text)?;
    <[u8; N]>::try_from(found.as_slice()).map_err(|_| EnvelopeError::WrongLength {
        field,
        expected: N,
        found: found.len(),
    })
}

impl Envelope {
    /// The envelope of one save, its fields checked as [`Envelope::decode`]
    /// checks them.
    pub fn new(
        iterations: u32,
        salt: [u8; SALT_LEN],
        iv: [u8; IV_LEN],
        ciphertext: Vec<u8>,
    ) -> Result<Self, EnvelopeError> {
        check_iterations(iterations)?;
        if ciphertext.len() < TAG_LEN {
            return Err(EnvelopeError::WrongLength {
                field: Field::Ciphertext,
                expected: TAG_LEN,
                found: ciphertext.len(),
            });
        }
        Ok(Self {
            iterations,
            salt,
            iv,
            ciphertext,
        })
    }

    /// The envelope as the JSON text to store.
    pub fn encode(&self) -> String {
        let wire = Wire {
            lock: ENVELOPE_VERSION,
            schema: Some(SCHEMA_MARK),
            kdf: KdfParams {
                name: KDF_NAME.to_owned(),
                iterations: self.iterations,
            },
            cipher: CIPHER_NAME.to_owned(),
            salt: BASE64.encode(self.salt),
            iv: BASE64.encode(self.iv),
            ciphertext: BASE64.encode(&self.ciphertext),
        };
        // A struct of strings and integers always serializes; the fallback
        // is unreachable but keeps this free of a panic path.
        serde_json::to_string(&wire).unwrap_or_default()
    }

    /// Reads a stored text, refusing anything that is not an envelope this
    /// build writes.
    pub fn decode(text: &str) -> Result<Self, EnvelopeError> {
        let wire: Wire = serde_json::from_str(text).map_err(|e| EnvelopeError::Malformed(e.to_string()))?;
        if wire.lock != ENVELOPE_VERSION {
            return Err(EnvelopeError::UnsupportedVersion(wire.lock));
        }
        if wire.kdf.name != KDF_NAME {
            return Err(EnvelopeError::UnknownKdf(wire.kdf.name));
        }
        if wire.cipher != CIPHER_NAME {
            return Err(EnvelopeError::UnknownCipher(wire.cipher));
        }
        let salt = exact::<SALT_LEN>(Field::Salt, &wire.salt)?;
        let iv = exact::<IV_LEN>(Field::Iv, &wire.iv)?;
        let ciphertext = bytes(Field::Ciphertext, &wire.ciphertext)?;
        Self::new(wire.kdf.iterations, salt, iv, ciphertext)
    }

    /// Whether a stored text looks like an envelope rather than a plain
    /// document (it has the `lock` key at its top level), so the store can
    /// tell "locked" from "plain" before asking for a passphrase.
    pub fn is_envelope(text: &str) -> bool {
        serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(text)
            .is_ok_and(|map| map.contains_key("lock"))
    }

    /// Whether a stored envelope is of a later format than this build
    /// writes: a newer version's data, which this build may neither open
    /// nor delete nor write over. Known without the passphrase.
    pub fn is_newer(text: &str) -> bool {
        matches!(Self::decode(text), Err(EnvelopeError::UnsupportedVersion(v)) if v > ENVELOPE_VERSION)
    }
}

/// When the journal locks itself after the client stops using it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum IdleLock {
    /// After one idle minute.
    OneMinute,
    /// After five idle minutes (the default).
    #[default]
    FiveMinutes,
    /// After fifteen idle minutes.
    FifteenMinutes,
    /// As soon as the page is hidden (another tab, another app, closed).
    WhenLeavingPage,
}

/// A stored idle-lock choice that is not one of [`IdleLock::ALL`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown idle lock choice {0:?}")]
pub struct UnknownIdleLock(pub String);

impl IdleLock {
    /// Every choice, in the order the settings list them.
    pub const ALL: [IdleLock; 4] = [
        IdleLock::OneMinute,
        IdleLock::FiveMinutes,
        IdleLock::FifteenMinutes,
        IdleLock::WhenLeavingPage,
    ];

    /// The stored (and form value) spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            IdleLock::OneMinute => "1",
            IdleLock::FiveMinutes => "5",
            IdleLock::FifteenMinutes => "15",
            IdleLock::WhenLeavingPage => "leave",
        }
    }

    /// What the settings show.
    pub fn label(self) -> &'static str {
        match self {
            IdleLock::OneMinute => "After 1 minute",
            IdleLock::FiveMinutes => "After 5 minutes",
            IdleLock::FifteenMinutes => "After 15 minutes",
            IdleLock::WhenLeavingPage => "When I leave the page",
        }
    }

    /// How long without input before locking; `None` for
    /// [`IdleLock::WhenLeavingPage`], which locks on hiding instead.
    pub fn idle_time(self) -> Option<Duration> {
        let minutes = match self {
            IdleLock::OneMinute => 1,
            IdleLock::FiveMinutes => 5,
            IdleLock::FifteenMinutes => 15,
            IdleLock::WhenLeavingPage => return None,
        };
        Some(Duration::from_secs(minutes * 60))
    }
}

impl FromStr for IdleLock {
    type Err = UnknownIdleLock;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        IdleLock::ALL
            .into_iter()
            .find(|choice| choice.as_str() == s)
            .ok_or_else(|| UnknownIdleLock(s.to_owned()))
    }
}

/// Longest wait after a wrong passphrase.
pub const MAX_UNLOCK_WAIT: Duration = Duration::from_secs(30);

/// How long the unlock form waits before accepting another try after
/// `wrong_tries` wrong passphrases in a row: nothing before the first
/// mistake, then 1 s, 2 s, 4 s, … doubling up to [`MAX_UNLOCK_WAIT`].
/// (Each try also costs one key derivation, about a second on a phone.)
pub fn unlock_wait(wrong_tries: u32) -> Duration {
    match wrong_tries {
        0 => Duration::ZERO,
        n => {
            let seconds = 1u64.checked_shl(n - 1).unwrap_or(u64::MAX);
            Duration::from_secs(seconds).min(MAX_UNLOCK_WAIT)
        }
    }
}

/// Fewest characters a new passphrase may have.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// Why a new passphrase, typed twice, is refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PassphraseError {
    /// Shorter than [`MIN_PASSPHRASE_CHARS`] (spaces count; nothing is trimmed).
    #[error("Use at least {MIN_PASSPHRASE_CHARS} characters: a few words you will remember are best.")]
    TooShort,
    /// The two fields differ.
    #[error("The two passphrases are not the same. Type it again in both fields.")]
    Mismatch,
}

/// Checks a new passphrase typed twice. Nothing is trimmed or normalised:
/// the passphrase is exactly what was typed.
pub fn check_new_passphrase(first: &str, again: &str) -> Result<(), PassphraseError> {
    if first.chars().count() < MIN_PASSPHRASE_CHARS {
        Err(PassphraseError::TooShort)
    } else if first != again {
        Err(PassphraseError::Mismatch)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Envelope {
        Envelope::new(
            DEFAULT_ITERATIONS,
            [7; SALT_LEN],
            [9; IV_LEN],
            b"sixteen byte tag+some text".to_vec(),
        )
        .expect("valid sample")
    }

    /// The sample's JSON with one top-level field replaced.
    fn with_field(key: &str, value: serde_json::Value) -> String {
        let mut map: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&sample().encode()).expect("sample is JSON");
        map.insert(key.to_owned(), value);
        serde_json::Value::Object(map).to_string()
    }

    #[test]
    fn an_envelope_round_trips_and_names_its_kdf_and_cipher() {
        let text = sample().encode();
        assert!(text.contains("\"PBKDF2-SHA-256\""), "{text}");
        assert!(text.contains("\"AES-256-GCM\""), "{text}");
        assert!(text.contains("\"iterations\":600000"), "{text}");
        assert_eq!(Envelope::decode(&text), Ok(sample()));
        assert!(Envelope::is_envelope(&text));
    }

    #[test]
    fn a_build_from_before_the_lock_reads_an_envelope_as_newer_data() {
        // Such a build asks for the top-level `schema` first, and never
        // writes over a schema above its own (2).
        let text = sample().encode();
        assert_eq!(crate::domain::journal::codec::schema_of(&text), Some(3));
        // Envelopes stored before the mark still open.
        let unmarked = text.replace(",\"schema\":3", "");
        assert!(!unmarked.contains("schema"), "{unmarked}");
        assert_eq!(Envelope::decode(&unmarked), Ok(sample()));
    }

    #[test]
    fn a_plain_document_is_not_an_envelope() {
        assert!(!Envelope::is_envelope(r#"{"version":2,"sessions":[]}"#));
        assert!(!Envelope::is_envelope("not json"));
        assert!(matches!(
            Envelope::decode(r#"{"version":2,"sessions":[]}"#),
            Err(EnvelopeError::Malformed(_))
        ));
    }

    #[test]
    fn another_version_is_refused() {
        let text = with_field("lock", 2.into());
        assert_eq!(Envelope::decode(&text), Err(EnvelopeError::UnsupportedVersion(2)));
    }

    #[test]
    fn only_a_later_format_is_newer_data() {
        assert!(Envelope::is_newer(&with_field("lock", 2.into())));
        assert!(!Envelope::is_newer(&with_field("lock", 0.into())));
        assert!(!Envelope::is_newer(&with_field("lock", ENVELOPE_VERSION.into())));
        assert!(!Envelope::is_newer("{\"lock\": 1, \"kdf\": 7}"));
    }

    #[test]
    fn an_unknown_kdf_or_cipher_is_refused() {
        let kdf = serde_json::json!({"name": "PBKDF2-SHA-1", "iterations": 600000});
        assert_eq!(
            Envelope::decode(&with_field("kdf", kdf)),
            Err(EnvelopeError::UnknownKdf("PBKDF2-SHA-1".into()))
        );
        assert_eq!(
            Envelope::decode(&with_field("cipher", "AES-128-CBC".into())),
            Err(EnvelopeError::UnknownCipher("AES-128-CBC".into()))
        );
    }

    #[test]
    fn too_few_or_too_many_iterations_are_refused() {
        let kdf = serde_json::json!({"name": KDF_NAME, "iterations": 599_999});
        assert_eq!(
            Envelope::decode(&with_field("kdf", kdf)),
            Err(EnvelopeError::TooFewIterations(599_999))
        );
        let kdf = serde_json::json!({"name": KDF_NAME, "iterations": MAX_ITERATIONS + 1});
        assert_eq!(
            Envelope::decode(&with_field("kdf", kdf)),
            Err(EnvelopeError::TooManyIterations(MAX_ITERATIONS + 1))
        );
        assert_eq!(
            Envelope::new(1000, [0; SALT_LEN], [0; IV_LEN], vec![0; TAG_LEN]),
            Err(EnvelopeError::TooFewIterations(1000))
        );
    }

    #[test]
    fn wrong_salt_or_iv_lengths_are_refused() {
        assert_eq!(
            Envelope::decode(&with_field("salt", BASE64.encode([1u8; 15]).into())),
            Err(EnvelopeError::WrongLength {
                field: Field::Salt,
                expected: SALT_LEN,
                found: 15
            })
        );
        assert_eq!(
            Envelope::decode(&with_field("iv", BASE64.encode([1u8; 16]).into())),
            Err(EnvelopeError::WrongLength {
                field: Field::Iv,
                expected: IV_LEN,
                found: 16
            })
        );
    }

    #[test]
    fn a_ciphertext_shorter_than_its_tag_is_refused() {
        assert_eq!(
            Envelope::decode(&with_field("ciphertext", BASE64.encode([1u8; 15]).into())),
            Err(EnvelopeError::WrongLength {
                field: Field::Ciphertext,
                expected: TAG_LEN,
                found: 15
            })
        );
    }

    #[test]
    fn garbled_base64_extra_and_missing_fields_are_refused() {
        assert_eq!(
            Envelope::decode(&with_field("iv", "AAAA!AAAAAAAAAAA".into())),
            Err(EnvelopeError::BadBase64(Field::Iv))
        );
        // Non-canonical padding would decode to the same bytes: refused too.
        assert_eq!(
            Envelope::decode(&with_field("iv", "AAAAAAAAAAAAAAAA=".into())),
            Err(EnvelopeError::BadBase64(Field::Iv))
        );
        assert!(matches!(
            Envelope::decode(&with_field("plaintext", "hello".into())),
            Err(EnvelopeError::Malformed(_))
        ));
        let mut map: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&sample().encode()).expect("JSON");
        map.remove("salt");
        assert!(matches!(
            Envelope::decode(&serde_json::Value::Object(map).to_string()),
            Err(EnvelopeError::Malformed(_))
        ));
    }

    #[test]
    fn the_idle_choice_parses_what_it_writes_and_defaults_to_five_minutes() {
        assert_eq!(IdleLock::default(), IdleLock::FiveMinutes);
        for choice in IdleLock::ALL {
            assert_eq!(choice.as_str().parse::<IdleLock>(), Ok(choice));
        }
        assert_eq!(IdleLock::OneMinute.idle_time(), Some(Duration::from_secs(60)));
        assert_eq!(
            IdleLock::FifteenMinutes.idle_time(),
            Some(Duration::from_secs(900))
        );
        assert_eq!(IdleLock::WhenLeavingPage.idle_time(), None);
        assert_eq!("10".parse::<IdleLock>(), Err(UnknownIdleLock("10".to_owned())));
        assert!("".parse::<IdleLock>().is_err());
    }

    #[test]
    fn a_new_passphrase_must_be_long_enough_and_typed_the_same_twice() {
        assert_eq!(check_new_passphrase("", ""), Err(PassphraseError::TooShort));
        assert_eq!(
            check_new_passphrase("seven77", "seven77"),
            Err(PassphraseError::TooShort)
        );
        // Characters, not bytes: eight accented letters are enough.
        assert_eq!(check_new_passphrase("éééééééé", "éééééééé"), Ok(()));
        assert_eq!(
            check_new_passphrase("blue kettle", "blue kettle "),
            Err(PassphraseError::Mismatch)
        );
        assert_eq!(check_new_passphrase("blue kettle", "blue kettle"), Ok(()));
    }

    #[test]
    fn the_unlock_wait_grows_after_each_wrong_try_up_to_its_cap() {
        assert_eq!(unlock_wait(0), Duration::ZERO);
        assert_eq!(unlock_wait(1), Duration::from_secs(1));
        assert_eq!(unlock_wait(2), Duration::from_secs(2));
        assert_eq!(unlock_wait(3), Duration::from_secs(4));
        assert_eq!(unlock_wait(5), Duration::from_secs(16));
        assert_eq!(unlock_wait(6), MAX_UNLOCK_WAIT);
        assert_eq!(unlock_wait(u32::MAX), MAX_UNLOCK_WAIT);
    }

    /// Property tests, native only (proptest is a native dev-dependency).
    #[cfg(not(target_arch = "wasm32"))]
    mod props {
        use crate::domain::lock::*;
        use proptest::prelude::*;

        fn envelope() -> impl Strategy<Value = Envelope> {
            (
                MIN_ITERATIONS..=MAX_ITERATIONS,
                any::<[u8; SALT_LEN]>(),
                any::<[u8; IV_LEN]>(),
                proptest::collection::vec(any::<u8>(), TAG_LEN..200),
            )
                .prop_map(|(iterations, salt, iv, ciphertext)| Envelope {
                    iterations,
                    salt,
                    iv,
                    ciphertext,
                })
        }

        /// Any JSON value a hostile or damaged file could hold in a field.
        fn json_value() -> impl Strategy<Value = serde_json::Value> {
            prop_oneof![
                Just(serde_json::Value::Null),
                any::<bool>().prop_map(Into::into),
                any::<i64>().prop_map(Into::into),
                any::<u32>().prop_map(Into::into),
                "[A-Za-z0-9+/=!-]{0,40}".prop_map(Into::into),
                any::<String>().prop_map(Into::into),
                (any::<String>(), any::<u32>()).prop_map(
                    |(name, iterations)| serde_json::json!({"name": name, "iterations": iterations})
                ),
                (MIN_ITERATIONS - 5..MIN_ITERATIONS + 5)
                    .prop_map(|iterations| serde_json::json!({"name": KDF_NAME, "iterations": iterations})),
            ]
        }

        proptest! {
            #[test]
            fn every_valid_envelope_round_trips(e in envelope()) {
                prop_assert_eq!(Envelope::decode(&e.encode()), Ok(e));
            }

            #[test]
            fn any_text_decodes_to_an_envelope_or_a_typed_error(text in any::<String>()) {
                // Must return, not panic; and what it accepts encodes back to itself.
                if let Ok(e) = Envelope::decode(&text) {
                    prop_assert_eq!(Envelope::decode(&e.encode()), Ok(e));
                }
            }

            #[test]
            fn a_truncated_envelope_is_refused(e in envelope(), cut in any::<prop::sample::Index>()) {
                let text = e.encode();
                let cut = cut.index(text.len());
                prop_assert!(Envelope::decode(&text[..cut]).is_err());
            }

            #[test]
            fn a_changed_field_is_refused_or_round_trips(
                e in envelope(),
                key in prop::sample::select(vec!["lock", "kdf", "cipher", "salt", "iv", "ciphertext"]),
                value in json_value(),
            ) {
                let mut map: serde_json::Map<String, serde_json::Value> =
                    serde_json::from_str(&e.encode()).expect("JSON");
                map.insert(key.to_owned(), value);
                if let Ok(changed) = Envelope::decode(&serde_json::Value::Object(map).to_string()) {
                    prop_assert_eq!(Envelope::decode(&changed.encode()), Ok(changed));
                }
            }

            #[test]
            fn the_wait_never_shrinks_and_never_passes_its_cap(n in 0u32..100) {
                prop_assert!(unlock_wait(n + 1) >= unlock_wait(n));
                prop_assert!(unlock_wait(n) <= MAX_UNLOCK_WAIT);
            }

            #[test]
            fn only_the_four_spellings_parse(s in any::<String>()) {
                match s.parse::<IdleLock>() {
                    Ok(choice) => prop_assert_eq!(choice.as_str(), s.as_str()),
                    Err(e) => prop_assert_eq!(e, UnknownIdleLock(s.clone())),
                }
            }
        }
    }
}
