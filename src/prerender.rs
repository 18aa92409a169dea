//! The build-time prerender step (feature `ssr`): renders every route with the
//! same components the browser hydrates and writes one HTML file a route into
//! Trunk's staging directory.
//!
//! The HTML surgery ([`page_html`], [`externalize_inline_scripts`]) is plain
//! string work, tested natively.

use std::fmt;
use std::sync::Arc;

use hydration_context::SsrSharedContext;
use leptos::prelude::*;
use leptos_router::location::RequestUrl;
use sha2::{Digest, Sha256};

use crate::App;
use crate::routes::Page;

/// Why the template could not be turned into a page.
#[derive(Debug, PartialEq, Eq)]
pub enum PrerenderError {
    /// The template has no `<body>` tag to insert the markup after.
    NoBody,
    /// The template has no `<title>` element to replace.
    NoTitle,
    /// The template was already prerendered (its body is not empty).
    AlreadyPrerendered,
}

impl fmt::Display for PrerenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PrerenderError::NoBody => write!(f, "the template index.html has no <body> tag"),
            PrerenderError::NoTitle => write!(f, "the template index.html has no <title> element"),
            PrerenderError::AlreadyPrerendered => {
                write!(
                    f,
                    "the template index.html is already prerendered; build again from a clean index.html"
                )
            }
        }
    }
}

impl std::error::Error for PrerenderError {}

/// Renders the app's markup for a path below the site's base.
pub fn render_app(path: &str) -> String {
    let owner = Owner::new_root(Some(Arc::new(SsrSharedContext::new())));
    owner.with(|| {
        provide_context(RequestUrl::new(path));
        view! { <App /> }.to_html()
    })
}

/// The path used to render the not-found page: any path no route matches.
pub const NOT_FOUND_PATH: &str = "/404/";

/// Builds one page's HTML from Trunk's `index.html`: the page's title and
/// description go into `<head>`, the rendered markup right after `<body>`
/// (nothing may stand before it, or hydration fails).
pub fn page_html(template: &str, page: Page, app_markup: &str) -> Result<String, PrerenderError> {
    let body_open = find_tag(template, "<body").ok_or(PrerenderError::NoBody)?;
    let body_start = template[body_open..]
        .find('>')
        .ok_or(PrerenderError::NoBody)?
        + body_open
        + 1;
    let after_body = &template[body_start..];
    let body_end = after_body.find("</body>").unwrap_or(after_body.len());
    if !after_body[..body_end].trim().is_empty()
        && !after_body[..body_end].trim_start().starts_with("<script")
    {
        return Err(PrerenderError::AlreadyPrerendered);
    }

    let title_start = template.find("<title>").ok_or(PrerenderError::NoTitle)?;
    let title_end = template[title_start..]
        .find("</title>")
        .ok_or(PrerenderError::NoTitle)?
        + title_start
        + "</title>".len();

    let head_tags = format!(
        "<title>{}</title><meta name=\"description\" content=\"{}\">",
        escape_text(&page.title()),
        escape_attr(page.description())
    );
    let mut out = String::with_capacity(template.len() + app_markup.len() + head_tags.len());
    out.push_str(&template[..title_start]);
    out.push_str(&head_tags);
    out.push_str(&template[title_end..body_start]);
    out.push_str(app_markup);
    out.push_str(after_body.trim_start());
    Ok(out)
}

fn find_tag(html: &str, tag: &str) -> Option<usize> {
    html.match_indices(tag).map(|(i, _)| i).find(|&i| {
        matches!(
            html.as_bytes().get(i + tag.len()),
            Some(b'>' | b' ' | b'\n' | b'\t')
        )
    })
}

/// A script moved out of the HTML into a file of its own.
#[derive(Debug, PartialEq, Eq)]
pub struct ExternalScript {
    /// The file name, with a content hash so that it can be cached forever.
    pub file_name: String,
    /// The script's text.
    pub source: String,
}

/// Moves every inline `<script type="module">` (Trunk's loader) into a file
/// named after its content hash and points the tag at it, so that a Content
/// Security Policy can forbid inline scripts. `public_url` is the site's base
/// path (`/` or `/sub/path/`).
pub fn externalize_inline_scripts(html: &str, public_url: &str) -> (String, Vec<ExternalScript>) {
    const OPEN: &str = "<script type=\"module\">";
    const CLOSE: &str = "</script>";
    let mut out = String::with_capacity(html.len());
    let mut scripts = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(OPEN) {
        let Some(len) = rest[start + OPEN.len()..].find(CLOSE) else {
            break;
        };
        let source = rest[start + OPEN.len()..start + OPEN.len() + len]
            .trim()
            .to_owned();
        let file_name = format!("loader-{}.js", &hex_digest(source.as_bytes())[..16]);
        out.push_str(&rest[..start]);
        out.push_str(&format!(
            "<script type=\"module\" src=\"{}{}\"></script>",
            public_url, file_name
        ));
        rest = &rest[start + OPEN.len() + len + CLOSE.len()..];
        scripts.push(ExternalScript { file_name, source });
    }
    out.push_str(rest);
    (out, scripts)
}

/// The SHA-256 of `bytes` in lower-case hexadecimal.
pub fn hex_digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Escapes text for an HTML text node.
pub fn escape_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Escapes text for a double-quoted HTML attribute.
pub fn escape_attr(text: &str) -> String {
    escape_text(text).replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str = "<!DOCTYPE html><html><head><title>x</title><script type=\"module\">import init from '/app.js';\nawait init();</script></head><body>\n</body></html>";

    #[test]
    fn the_markup_is_the_first_thing_in_body_and_the_title_is_the_pages() {
        let html = page_html(TEMPLATE, Page::Faq, "<p>hi</p>").unwrap();
        assert!(html.contains("<body><p>hi</p></body>"), "{html}");
        assert!(html.contains("<title>Frequently asked questions · After the Session</title>"));
        assert!(html.contains("<meta name=\"description\" content=\"Answers to common"));
        assert!(!html.contains("<title>x</title>"));
    }

    #[test]
    fn a_template_without_body_or_title_is_an_error() {
        assert_eq!(
            page_html("<html><title>x</title></html>", Page::Faq, ""),
            Err(PrerenderError::NoBody)
        );
        assert_eq!(
            page_html("<html><body></body></html>", Page::Faq, ""),
            Err(PrerenderError::NoTitle)
        );
    }

    #[test]
    fn prerendering_twice_is_refused() {
        let once = page_html(TEMPLATE, Page::Faq, "<p>hi</p>").unwrap();
        assert_eq!(
            page_html(&once, Page::Faq, "<p>hi</p>"),
            Err(PrerenderError::AlreadyPrerendered)
        );
    }

    #[test]
    fn inline_module_scripts_move_to_hashed_files() {
        let (html, scripts) = externalize_inline_scripts(TEMPLATE, "/sub/");
        assert_eq!(scripts.len(), 1);
        assert_eq!(
            scripts[0].source,
            "import init from '/app.js';\nawait init();"
        );
        assert!(
            scripts[0].file_name.starts_with("loader-") && scripts[0].file_name.ends_with(".js")
        );
        assert!(html.contains(&format!(
            "<script type=\"module\" src=\"/sub/{}\"></script>",
            scripts[0].file_name
        )));
        assert!(!html.contains("await init"));
        let (_, again) = externalize_inline_scripts(TEMPLATE, "/");
        assert_eq!(
            again[0].file_name, scripts[0].file_name,
            "the name depends on the content only"
        );
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape_attr("<a href=\"x\">&</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;"
        );
    }

    #[test]
    fn every_route_renders_its_own_page_inside_the_shell() {
        for page in Page::ROUTED {
            let html = render_app(page.path().unwrap());
            assert!(html.contains("<main id=\"main\""), "{page:?}: {html}");
            let heading = format!("<h1>{}</h1>", escape_text(page.heading()));
            assert!(html.contains(&heading), "{page:?}: {html}");
        }
        let html = render_app(NOT_FOUND_PATH);
        assert!(html.contains("Page not found"), "{html}");
        assert!(html.contains("There is no page at this address"));
    }
}
