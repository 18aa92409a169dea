//! Moving Trunk's inline loader script out of the page into a hashed file,
//! so that the Content Security Policy can forbid inline scripts.

use std::cell::RefCell;

use lol_html::html_content::ContentType;
use lol_html::{RewriteStrSettings, element, rewrite_str, text};

use crate::build::hashing::short_digest;
use crate::build::rewrite::PrerenderError;

/// A script moved out of the HTML into a file of its own.
#[derive(Debug, PartialEq, Eq)]
pub struct ExternalScript {
    /// The file name, with a content hash so that it can be cached forever.
    pub file_name: String,
    /// The script's text.
    pub source: String,
}

/// The inline module scripts: `<script type=module>` without `src`.
const INLINE_MODULE: &str = "script[type=module]:not([src])";

/// Moves every inline `<script type="module">` (Trunk's loader) into a file
/// named after its content hash and points a fresh tag at it. `public_url`
/// is the site's base path (`/` or `/sub/path/`).
pub fn externalize_inline_scripts(
    html: &str,
    public_url: &str,
) -> Result<(String, Vec<ExternalScript>), PrerenderError> {
    // First pass: each inline module's text, in document order.
    let sources = RefCell::new(Vec::<String>::new());
    rewrite_str(
        html,
        RewriteStrSettings::new()
            .append_element_content_handler(element!(INLINE_MODULE, |_el| {
                sources.borrow_mut().push(String::new());
                Ok(())
            }))
            .append_element_content_handler(text!(INLINE_MODULE, |chunk| {
                if let Some(source) = sources.borrow_mut().last_mut() {
                    source.push_str(chunk.as_str());
                }
                Ok(())
            })),
    )?;
    let scripts: Vec<ExternalScript> = sources
        .into_inner()
        .into_iter()
        .map(|source| {
            let source = source.trim().to_owned();
            let file_name = format!("loader-{}.js", short_digest(source.as_bytes()));
            ExternalScript { file_name, source }
        })
        .collect();
    // Second pass: each of them becomes a tag that loads its file.
    let next = std::cell::Cell::new(0);
    let out = rewrite_str(
        html,
        RewriteStrSettings::new().append_element_content_handler(element!(INLINE_MODULE, |el| {
            if let Some(script) = scripts.get(next.replace(next.get() + 1)) {
                el.replace(
                    &format!(
                        "<script type=\"module\" src=\"{}\"></script>",
                        html_escape::encode_double_quoted_attribute(&format!(
                            "{public_url}{}",
                            script.file_name
                        ))
                    ),
                    ContentType::Html,
                );
            }
            Ok(())
        })),
    )?;
    Ok((out, scripts))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str = "<!DOCTYPE html><html><head><title>x</title><script type=\"module\">import init from '/app.js';\nawait init();</script><script src=/keep.js></script><script type=module src=/also-kept.js></script></head><body>\n</body></html>";

    #[test]
    fn inline_module_scripts_move_to_hashed_files() {
        let (html, scripts) = externalize_inline_scripts(TEMPLATE, "/sub/").unwrap();
        assert_eq!(scripts.len(), 1);
        assert_eq!(scripts[0].source, "import init from '/app.js';\nawait init();");
        assert!(scripts[0].file_name.starts_with("loader-") && scripts[0].file_name.ends_with(".js"));
        assert!(crate::build::hashing::is_hashed(&scripts[0].file_name));
        let tag = format!(
            "<script type=\"module\" src=\"/sub/{}\"></script>",
            scripts[0].file_name
        );
        assert!(html.contains(&tag), "{html}");
        assert!(!html.contains("await init"));
        assert!(
            html.contains("<script src=/keep.js></script><script type=module src=/also-kept.js></script>")
        );
        let (_, again) = externalize_inline_scripts(TEMPLATE, "/").unwrap();
        assert_eq!(
            again[0].file_name, scripts[0].file_name,
            "the name depends on the content only"
        );
    }

    #[test]
    fn unquoted_type_is_recognised_too() {
        let (html, scripts) =
            externalize_inline_scripts("<head><script type=module>go()</script></head>", "/").unwrap();
        assert_eq!(scripts[0].source, "go()");
        assert!(!html.contains("go()"), "{html}");
    }
}
