//! The Content Security Policy the site runs under, and the hash that lets
//! the inlined style sheet through it.

use sha2::{Digest, Sha256};

/// The Content Security Policy the site runs under. The headers files carry
/// it whole; the `<meta>` copy leaves out `frame-ancestors`, which browsers
/// ignore (with a warning) in a meta tag.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

/// The policy with the hashes of inline `<style>` blocks allowed (the
/// style sheet is inlined to save the reader a round trip).
pub fn content_security_policy(style_hashes: &[String]) -> String {
    let allowed: String = style_hashes.iter().map(|h| format!(" '{h}'")).collect();
    CONTENT_SECURITY_POLICY.replace("style-src 'self'", &format!("style-src 'self'{allowed}"))
}

/// `sha256-…` of a `<style>` block's text, as a policy names it.
pub fn style_hash(css: &str) -> String {
    use base64::Engine;
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(css.as_bytes()))
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
        let policy = content_security_policy(&[]);
        assert_eq!(policy, CONTENT_SECURITY_POLICY);
        assert!(policy.contains("frame-ancestors 'none'"));
        assert!(!meta_policy(&policy).contains("frame-ancestors"));
        assert!(
            meta_policy(&policy).starts_with("default-src 'self'; script-src 'self' 'wasm-unsafe-eval';")
        );
    }
}
