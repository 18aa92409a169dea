//! Trunk's `index.html` turned into pages with an HTML rewriter (`lol_html`):
//! the page's own head tags in place of the template's `<title>`, the
//! rendered markup first in `<body>`, the style sheet inlined and the
//! loader replaced by one that starts after the first paint (see
//! [`crate::build::stylesheet`] and [`crate::build::loader`]).

use std::cell::Cell;
use std::fmt;

use lol_html::html_content::ContentType;
use lol_html::{RewriteStrSettings, element, rewrite_str, text};

/// Why the template could not be turned into a page.
#[derive(Debug, PartialEq, Eq)]
pub enum PrerenderError {
    /// The template has no `<body>` tag to insert the markup after.
    NoBody,
    /// The template has no `<title>` element to replace.
    NoTitle,
    /// The template was already prerendered (its body is not empty).
    AlreadyPrerendered,
    /// The HTML rewriter gave up on the template.
    Rewrite(String),
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
            PrerenderError::Rewrite(reason) => write!(f, "cannot rewrite index.html: {reason}"),
        }
    }
}

impl std::error::Error for PrerenderError {}

impl From<lol_html::errors::RewritingError> for PrerenderError {
    fn from(err: lol_html::errors::RewritingError) -> Self {
        PrerenderError::Rewrite(err.to_string())
    }
}

/// Builds one page's HTML from Trunk's `index.html`: `head` replaces the
/// template's `<title>`, the rendered markup goes right after `<body>`
/// (nothing may stand before it, not even white space, or hydration fails).
/// Trunk's scripts may follow in the body; anything else there means the
/// template was already prerendered.
pub fn page_html(template: &str, head: &str, app_markup: &str) -> Result<String, PrerenderError> {
    let titles = Cell::new(0);
    let bodies = Cell::new(0);
    // Inside <body>: whether an element has started yet, and whether the
    // first one was anything but a script.
    let element_seen = Cell::new(false);
    let prerendered = Cell::new(false);
    let html = rewrite_str(
        template,
        RewriteStrSettings::new()
            .append_element_content_handler(element!("title", |el| {
                titles.set(titles.get() + 1);
                el.replace(head, ContentType::Html);
                Ok(())
            }))
            .append_element_content_handler(element!("body", |el| {
                bodies.set(bodies.get() + 1);
                el.prepend(app_markup, ContentType::Html);
                Ok(())
            }))
            .append_element_content_handler(element!("body > *", |el| {
                if !element_seen.replace(true) && el.tag_name() != "script" {
                    prerendered.set(true);
                }
                Ok(())
            }))
            .append_element_content_handler(text!("body", |chunk| {
                if !element_seen.get() {
                    if chunk.as_str().trim().is_empty() {
                        chunk.remove();
                    } else {
                        prerendered.set(true);
                    }
                }
                Ok(())
            })),
    )?;
    if bodies.get() == 0 {
        return Err(PrerenderError::NoBody);
    }
    if prerendered.get() {
        return Err(PrerenderError::AlreadyPrerendered);
    }
    if titles.get() == 0 {
        return Err(PrerenderError::NoTitle);
    }
    Ok(html)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str = "<!DOCTYPE html><html><head><title>x</title><script type=\"module\">import init from '/app.js';\nawait init();</script></head><body>\n</body></html>";

    #[test]
    fn the_markup_is_the_first_thing_in_body_and_the_head_replaces_the_title() {
        let html = page_html(TEMPLATE, "<title>t</title><meta name=x>", "<p>hi</p>").unwrap();
        assert!(html.contains("<body><p>hi</p></body>"), "{html}");
        assert!(
            html.contains("<head><title>t</title><meta name=x><script"),
            "{html}"
        );
        assert!(!html.contains("<title>x</title>"));
    }

    #[test]
    fn trunk_scripts_in_the_body_stay_after_the_markup() {
        let template = "<html><head><title>x</title></head><body><script src=/a.js></script></body></html>";
        let html = page_html(template, "<title>t</title>", "<main>m</main>").unwrap();
        assert!(
            html.contains("<body><main>m</main><script src=/a.js></script></body>"),
            "{html}"
        );
    }

    #[test]
    fn a_template_without_body_or_title_is_an_error() {
        assert_eq!(
            page_html("<html><title>x</title></html>", "", ""),
            Err(PrerenderError::NoBody)
        );
        assert_eq!(
            page_html("<html><body></body></html>", "", ""),
            Err(PrerenderError::NoTitle)
        );
    }

    #[test]
    fn prerendering_twice_is_refused() {
        let once = page_html(TEMPLATE, "<title>t</title>", "<p>hi</p>").unwrap();
        assert_eq!(
            page_html(&once, "<title>t</title>", "<p>hi</p>"),
            Err(PrerenderError::AlreadyPrerendered)
        );
        let text_first = "<html><head><title>x</title></head><body>hello</body></html>";
        assert_eq!(
            page_html(text_first, "", ""),
            Err(PrerenderError::AlreadyPrerendered)
        );
    }
}
