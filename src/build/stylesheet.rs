//! Inlining the style sheet: one round trip less before the text shows. The
//! policy allows exactly that block by its hash ([`crate::build::policy`]).

use std::cell::RefCell;

use lol_html::html_content::ContentType;
use lol_html::{RewriteStrSettings, element, rewrite_str};

use crate::build::policy::source_hash;
use crate::build::rewrite::PrerenderError;

/// The template with its style sheet inlined.
#[derive(Debug, PartialEq, Eq)]
pub struct InlinedStylesheet {
    /// The template, its first `<link rel=stylesheet>` replaced by a
    /// `<style>` block (or as it was).
    pub html: String,
    /// The `href` of the sheet that went inline, and the block's hash.
    pub inlined: Option<(String, String)>,
}

/// Replaces the template's first `<link rel=stylesheet>` by a `<style>`
/// block holding `read(href)`. A template without a style sheet, or whose
/// sheet cannot be read (or would end the block early), is left as it is.
pub fn inline_stylesheet(
    template: &str,
    read: impl Fn(&str) -> Option<String>,
) -> Result<InlinedStylesheet, PrerenderError> {
    let inlined = RefCell::new(None);
    let html = rewrite_str(
        template,
        RewriteStrSettings::new().append_element_content_handler(element!(
            "link[rel~=stylesheet][href]",
            |el| {
                if inlined.borrow().is_some() {
                    return Ok(());
                }
                let href = el.get_attribute("href").unwrap_or_default();
                if let Some(css) = read(&href).filter(|css| !css.contains("</style")) {
                    el.replace(&format!("<style>{css}</style>"), ContentType::Html);
                    *inlined.borrow_mut() = Some((href, source_hash(&css)));
                }
                Ok(())
            }
        )),
    )?;
    Ok(InlinedStylesheet {
        html,
        inlined: inlined.into_inner(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::policy::content_security_policy;

    #[test]
    fn the_style_sheet_is_inlined_and_its_hash_allowed() {
        let template =
            "<head><link href=/sub/main-0123456789abcdef.css rel=stylesheet><title>x</title></head>";
        let out = inline_stylesheet(template, |href| {
            (href == "/sub/main-0123456789abcdef.css").then(|| "body{color:red}".to_owned())
        })
        .unwrap();
        assert_eq!(
            out.html,
            "<head><style>body{color:red}</style><title>x</title></head>"
        );
        let (href, hash) = out.inlined.unwrap();
        assert_eq!(href, "/sub/main-0123456789abcdef.css");
        // Checked with `printf "body{color:red}" | openssl dgst -sha256 -binary | base64`.
        assert_eq!(hash, "sha256-FcQqt3aNlV7AZnGV4zkQRVeCeJOxbMPnQSx258L803E=");
        let policy = content_security_policy(&[hash], &[]);
        assert!(
            policy.contains("style-src 'self' 'sha256-FcQqt3aNlV7AZnGV4zkQRVeCeJOxbMPnQSx258L803E=';"),
            "{policy}"
        );
        assert!(!policy.contains("unsafe-inline"));
        let same = inline_stylesheet(template, |_| None).unwrap();
        assert_eq!(
            (same.html.as_str(), same.inlined),
            (template, None),
            "an unreadable sheet stays linked"
        );
    }

    #[test]
    fn a_sheet_that_would_close_the_block_stays_linked() {
        let template = "<head><link rel=\"stylesheet\" href=\"/a.css\"></head>";
        let out = inline_stylesheet(template, |_| Some("a{}</style><script>".to_owned())).unwrap();
        assert_eq!(out.html, template);
        assert_eq!(out.inlined, None);
    }
}
