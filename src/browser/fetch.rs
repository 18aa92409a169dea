//! The one module that makes network requests: fetching the site's own
//! content file (`content.json`) with gloo-net. Nothing is ever sent.

use crate::domain::content::Content;

/// The content file's name, next to the site's `index.html`.
pub const CONTENT_FILE: &str = "content.json";

/// Why the content could not be loaded, worded for the reader.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    /// No answer: offline, or the connection dropped.
    #[error("This page could not be loaded. Check your connection, then try again.")]
    Network,
    /// The site answered that it has no such file.
    #[error("This page’s text could not be found on this site (error 404).")]
    NotFound,
    /// The site answered with another error status.
    #[error("The site could not send this page’s text (error {0}). Please try again in a moment.")]
    Status(u16),
    /// The file arrived but is not valid content (the reason is kept for a
    /// debugger, not shown: logging it would grow the reading bundle).
    #[error("This page’s text on this site is damaged and cannot be shown.")]
    Damaged(String),
}

/// Fetches the content file at `url` and reads it with `decode`.
pub async fn fetch_content(url: &str, decode: super::json::DecodeContent) -> Result<Content, LoadError> {
    let response = gloo_net::http::Request::get(url)
        .send()
        .await
        .map_err(|_| LoadError::Network)?;
    match response.status() {
        _ if response.ok() => {}
        404 => return Err(LoadError::NotFound),
        code => return Err(LoadError::Status(code)),
    }
    let text = response.text().await.map_err(|_| LoadError::Network)?;
    decode(&text).map_err(LoadError::Damaged)
}
