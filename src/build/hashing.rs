//! The one rule for "a file name that carries its content's hash", and the
//! hashing itself. Every consumer takes the rule from here: the build (which
//! names files and writes `_headers`), the service worker (the build writes
//! [`HASHED_FILE_PATTERN`] into `sw.js`) and the host configurations (the
//! build writes it into the nginx, Apache and Caddy files, see
//! [`crate::build::hosts`]).

use std::sync::LazyLock;

use regex::Regex;
use sha2::{Digest, Sha256};

/// How many hexadecimal digits of the SHA-256 a hashed name carries (Trunk's
/// own choice, which this step follows for the files it names itself).
pub const HASH_DIGITS: usize = 16;

/// The fewest digits a hashed name may carry. Trunk writes its 64-bit hash
/// with `{:x}`, without leading zeros, so one of its names in sixteen has 15
/// digits (`app-3476015e984fe76_bg.wasm`) and fewer are rarer still; eight or
/// more keeps words like `-cafe` from counting.
pub const MIN_HASH_DIGITS: usize = 8;

/// Whether `text` is a file-name hash: 8 to 16 lower-case hexadecimal digits.
pub fn is_hash(text: &str) -> bool {
    (MIN_HASH_DIGITS..=HASH_DIGITS).contains(&text.len())
        && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// A hashed file name, as a regular expression on the end of a path that
/// JavaScript, PCRE (nginx, Apache), RE2 (Caddy) and Rust all read alike:
/// `name-0123456789abcdef.js`, `name-0123456789abcdef_bg.wasm`. Such a file
/// never changes, so it is cached for a year and served cache-first.
pub const HASHED_FILE_PATTERN: &str = r"-[0-9a-f]{8,16}(_bg)?\.(js|wasm|css|svg)$";

static HASHED: LazyLock<Regex> = LazyLock::new(|| {
    // The pattern is a constant, checked by the unit tests below.
    Regex::new(HASHED_FILE_PATTERN).expect("HASHED_FILE_PATTERN is a valid expression")
});

/// Whether a file name (or a path ending in one) carries a content hash.
pub fn is_hashed(file: &str) -> bool {
    HASHED.is_match(file)
}

/// The SHA-256 of `bytes` in lower-case hexadecimal.
pub fn hex_digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The first [`HASH_DIGITS`] of [`hex_digest`], as a file name carries it.
pub fn short_digest(bytes: &[u8]) -> String {
    let mut digest = hex_digest(bytes);
    digest.truncate(HASH_DIGITS);
    digest
}

/// The file name `name` takes once its content hash is in it, the way Trunk
/// names its own: `app.js` → `app-0123456789abcdef.js`,
/// `app_bg.wasm` → `app-0123456789abcdef_bg.wasm`.
pub fn hashed_file_name(name: &str, bytes: &[u8]) -> String {
    let hash = short_digest(bytes);
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    let dot = if ext.is_empty() { "" } else { "." };
    match stem.strip_suffix("_bg") {
        Some(stem) => format!("{stem}-{hash}_bg{dot}{ext}"),
        None => format!("{stem}-{hash}{dot}{ext}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundle_files_get_hashed_names_that_caches_recognise() {
        let js = hashed_file_name("after-the-session-full.js", b"js");
        let wasm = hashed_file_name("after-the-session-full_bg.wasm", b"wasm");
        assert!(
            js.starts_with("after-the-session-full-") && js.ends_with(".js"),
            "{js}"
        );
        assert!(
            wasm.starts_with("after-the-session-full-") && wasm.ends_with("_bg.wasm"),
            "{wasm}"
        );
        assert!(is_hashed(&js) && is_hashed(&wasm));
        assert!(is_hashed(&format!("/some/path/{js}")), "a path ending in one");
        assert!(!is_hashed("after-the-session-full.js"));
        assert_ne!(
            hashed_file_name("a.js", b"1"),
            hashed_file_name("a.js", b"2"),
            "the name follows the content"
        );
    }

    #[test]
    fn a_hash_is_eight_to_sixteen_lower_case_hex_digits() {
        assert!(is_hash("3476015e984fe76"));
        assert!(is_hash("0123456789abcdef"));
        assert!(!is_hash("0123456"));
        assert!(!is_hash("0123456789abcdef0"));
        assert!(!is_hash("0123456789ABCDEF"));
        assert!(!is_hash("full"));
    }

    #[test]
    fn only_names_with_a_full_hash_and_a_known_kind_count() {
        for name in [
            "icon-0123456789abcdef.svg",
            "loader-89abcdef01234567.js",
            "main-0123456789abcdef.css",
            // Trunk drops leading zeros: 15 digits happen once in sixteen builds.
            "after-the-session-3476015e984fe76_bg.wasm",
        ] {
            assert!(is_hashed(name), "{name}");
        }
        for name in [
            "index.html",
            "content.json",
            "sw.js",
            "manifest.webmanifest",
            "icon-0123456.svg",
            "after-the-session-full.js",
            "icon-0123456789ABCDEF.svg",
            "app-0123456789abcdef.js.gz",
            "app-0123456789abcdef.html",
        ] {
            assert!(!is_hashed(name), "{name}");
        }
    }
}
