//! The one module that makes network requests: loading the site's own
//! content file (`content.json`) with gloo-net. Nothing is ever sent.

use std::fmt;
use std::sync::Arc;

use leptos::prelude::*;

use crate::domain::content::Content;
use crate::state::content_context::{ContentContext, ContentStatus};

/// The content file's name, next to the site's `index.html`.
pub const CONTENT_FILE: &str = "content.json";

/// Why the content could not be loaded, worded for the reader.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadError {
    /// No answer: offline, or the connection dropped.
    Network,
    /// The site answered with an error status.
    Status(u16),
    /// The file arrived but is not valid content.
    Damaged(String),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LoadError::Network => {
                write!(
                    f,
                    "The article could not be loaded. Check your connection, then try again."
                )
            }
            LoadError::Status(404) => write!(f, "The article could not be found on this site (error 404)."),
            LoadError::Status(code) => {
                write!(
                    f,
                    "The site could not send the article (error {code}). Please try again in a moment."
                )
            }
            LoadError::Damaged(_) => write!(
                f,
                "The article’s file on this site is damaged and cannot be shown."
            ),
        }
    }
}

/// Fetches and decodes the content file at `url`.
pub async fn fetch_content(url: &str) -> Result<Content, LoadError> {
    let response = gloo_net::http::Request::get(url)
        .send()
        .await
        .map_err(|_| LoadError::Network)?;
    if !response.ok() {
        return Err(LoadError::Status(response.status()));
    }
    let text = response.text().await.map_err(|_| LoadError::Network)?;
    Content::from_json(&text).map_err(LoadError::Damaged)
}

/// Loads the content into `ctx` in the background.
pub fn load_content(ctx: ContentContext) {
    ctx.0.set(ContentStatus::Loading);
    leptos::task::spawn_local(async move {
        let url = crate::domain::routes::href(crate::domain::routes::base_path(), CONTENT_FILE);
        let status = match fetch_content(&url).await {
            Ok(content) => ContentStatus::Ready(Arc::new(content)),
            Err(err) => ContentStatus::Failed(err.to_string()),
        };
        ctx.0.set(status);
    });
}
