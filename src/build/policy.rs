//! The Content Security Policy the site runs under, and the hashes that let
//! the inlined style sheet and the inline loader scripts through it.

use sha2::{Digest, Sha256};

/// The Content Security Policy the site runs under. The headers files carry
/// it whole; the `<meta>` copy leaves out `frame-ancestors`, which browsers
/// ignore (with a warning) in a meta tag.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

/// The policy with the hashes of inline `<style>` blocks and inline
/// `<script>` blocks allowed, and no other inline code (the style sheet and
/// the loader are inlined to save the reader a round trip each).
pub fn content_security_policy(style_hashes: &[String], script_hashes: &[String]) -> String {
    let quoted = |hashes: &[String]| -> String { hashes.iter().map(|h| format!(" '{h}'")).collect() };
    CONTENT_SECURITY_POLICY
        .replace(
            "style-src 'self'",
            &format!("style-src 'self'{}", quoted(style_hashes)),
        )
        .replace(
            "script-src 'self'",
            &format!("script-src 'self'{}", quoted(script_hashes)),
        )
}

/// `sha256-…` of an inline `<style>` or `<script>` block's text, exactly as
/// it stands between the tags, as a policy names it.
pub fn source_hash(text: &str) -> String {
    use base64::Engine;
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
    )
}

/// The policy as a `<meta http-equiv>` may carry it.
pub fn meta_policy(policy: &str) -> String {
    policy
        .split("; ")
        .filter(|d| !d.starts_with("frame-ancestors"))
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_policy_ships_whole_in_headers_and_without_frame_ancestors_in_meta() {
        let policy = content_security_policy(&[], &[]);
        assert_eq!(policy, CONTENT_SECURITY_POLICY);
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(!meta_policy(&policy).contains("frame-ancestors"));
        assert!(
            meta_policy(&policy).starts_with("default-src 'self'; script-src 'self' 'wasm-unsafe-eval';")
        );
    }

    #[test]
    fn inline_blocks_are_allowed_by_their_hashes_only() {
        let policy = content_security_policy(&[source_hash("a{}")], &[source_hash("go()")]);
        assert!(policy.contains("script-src 'self' 'sha256-"), "{policy}");
        assert!(policy.contains(&format!("'{}' 'wasm-unsafe-eval'", source_hash("go()"))));
        assert!(policy.contains(&format!("style-src 'self' '{}';", source_hash("a{}"))));
        assert!(!policy.contains("unsafe-inline"));
        // The hash of the known text "alert(1)" (SHA-256, base64).
        assert_eq!(
            source_hash("alert(1)"),
            "sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI="
        );
    }
}
