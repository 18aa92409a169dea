//! The build step (feature `ssr`, native only), one file a job: rendering
//! every route, the page's head tags and structured data, rewriting Trunk's
//! HTML (the style sheet inline, a loader that starts the app after the
//! first paint), the policy and the headers, hashed file names, the service
//! worker and manifest.

pub mod compress;
pub mod hashing;
pub mod head;
pub mod headers;
pub mod hosts;
pub mod json_ld;
pub mod loader;
pub mod offline;
pub mod policy;
pub mod render;
pub mod rewrite;
pub mod stylesheet;

/// The project's own content, parsed, for the build's unit tests.
#[cfg(test)]
pub(crate) fn test_content() -> crate::domain::content::Content {
    crate::domain::content::parse::parse_content(
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/content/article.md")),
        include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/content/site.toml")),
    )
    .expect("the project's content parses")
}
