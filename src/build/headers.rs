//! The headers every response carries, defined once: the security headers,
//! the policy (with the inlined style sheet's hash) and the caching rule for
//! hashed files. The `_headers` file (Netlify, Cloudflare Pages) is written
//! from them here; the hosts' files are written from it in `build::hosts`.

use crate::build::hashing::is_hashed;

/// The security headers every response carries besides the policy.
pub const SECURITY_HEADERS: [(&str, &str); 5] = [
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
    ("Cross-Origin-Opener-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
];

/// `Cache-Control` of a file whose name carries its content's hash: it
/// never changes, so it is kept for a year.
pub const CACHE_HASHED: &str = "public, max-age=31536000, immutable";

/// `Cache-Control` of everything else (pages, `content.json`, `sw.js`, the
/// manifest): always revalidated, so a new version shows at once.
pub const CACHE_REVALIDATE: &str = "no-cache";

/// The caching rule: `Cache-Control` for a file or URL path.
pub fn cache_control(path: &str) -> &'static str {
    if is_hashed(path) {
        CACHE_HASHED
    } else {
        CACHE_REVALIDATE
    }
}

/// The URL path a file is served at below `base`: a page's `index.html` by
/// its directory.
pub fn url_path(base: &str, file: &str) -> String {
    match file.strip_suffix("index.html") {
        Some(dir) if dir.is_empty() || dir.ends_with('/') => format!("{base}{dir}"),
        _ => format!("{base}{file}"),
    }
}

/// Every header every response carries: the policy, then
/// [`SECURITY_HEADERS`].
pub fn site_headers(policy: &str) -> Vec<(&'static str, String)> {
    std::iter::once(("Content-Security-Policy", policy.to_owned()))
        .chain(SECURITY_HEADERS.iter().map(|(k, v)| (*k, (*v).to_owned())))
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::build::hosts::headers_file;
    use crate::build::policy::content_security_policy;

    #[test]
    fn the_headers_file_sends_the_policy_everywhere_and_caches_hashed_files() {
        let policy = content_security_policy(&[], &[]);
        let files = vec![
            "app-0123456789abcdef_bg.wasm".to_owned(),
            "index.html".to_owned(),
            "_headers".to_owned(),
            "loader-89abcdef01234567.js".to_owned(),
        ];
        let headers = headers_file("/sub/", &files, &policy);
        assert!(headers.contains("/sub/*\n  Content-Security-Policy: default-src 'self'"));
        assert!(headers.contains("frame-ancestors 'none'"));
        assert!(headers.contains(
            "/sub/app-0123456789abcdef_bg.wasm\n  Cache-Control: public, max-age=31536000, immutable"
        ));
        assert!(headers.contains("/sub/loader-89abcdef01234567.js\n  Cache-Control: public"));
        assert!(
            !headers.contains("/sub/_headers"),
            "no rule for the host's own file"
        );
        assert!(
            headers.contains("/sub/\n  Cache-Control: no-cache\n"),
            "pages are revalidated, by their address: {headers}"
        );
        assert!(!headers.contains("index.html"));
    }
}

#[cfg(test)]
mod path_tests {
    use super::*;

    #[test]
    fn pages_are_served_by_their_directory() {
        assert_eq!(url_path("/", "index.html"), "/");
        assert_eq!(url_path("/sub/", "faq/index.html"), "/sub/faq/");
        assert_eq!(url_path("/sub/", "404.html"), "/sub/404.html");
        assert_eq!(url_path("/", "notindex.html"), "/notindex.html");
        assert_eq!(cache_control("/sub/faq/"), CACHE_REVALIDATE);
        assert_eq!(cache_control("/sub/icon-0123456789abcdef.svg"), CACHE_HASHED);
    }
}
