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

use crate::app::{AllPages, ReadingPages, app};
use crate::browser::dom::CONTENT_ELEMENT_ID;
use crate::domain::content::{Content, plain_text};
use crate::domain::routes::{Bundle, Page};
use crate::state::content_context::ContentStatus;

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

/// Renders the app's markup for a path below the site's base, with the
/// content in place (as the browser will have it, from the embedded copy) or
/// not (the not-found page, which loads it when needed), as `bundle` will
/// hydrate it: the page's own bundle ([`Page::bundle`]).
pub fn render_app(path: &str, bundle: Bundle, content: Option<&Content>) -> String {
    let owner = Owner::new_root(Some(Arc::new(SsrSharedContext::new())));
    let status = content.map_or(ContentStatus::NotLoaded, |c| {
        ContentStatus::Ready(Arc::new(c.clone()))
    });
    owner.with(|| {
        provide_context(RequestUrl::new(path));
        match bundle {
            Bundle::Reading => app::<ReadingPages>(status).to_html(),
            Bundle::Full => app::<AllPages>(status).to_html(),
        }
    })
}

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

/// Replaces the template's `<link rel=stylesheet>` by a `<style>` block
/// holding `read(href)`, and returns the block's hash. Templates without a
/// style sheet, or whose file cannot be read, are left as they are.
pub fn inline_stylesheet(template: &str, read: impl Fn(&str) -> Option<String>) -> (String, Option<String>) {
    let Some(start) = template.match_indices("<link").map(|(i, _)| i).find(|&i| {
        template[i..]
            .find('>')
            .is_some_and(|end| template[i..i + end].contains("stylesheet"))
    }) else {
        return (template.to_owned(), None);
    };
    let end = start + template[start..].find('>').unwrap_or(0) + 1;
    let tag = &template[start..end];
    let href = tag
        .split_once("href=")
        .map(|(_, rest)| {
            let rest = rest.trim_start_matches(['"', '\'']);
            rest.split(['"', '\'', ' ', '>']).next().unwrap_or_default()
        })
        .unwrap_or_default();
    let Some(css) = read(href).filter(|css| !css.contains("</style")) else {
        return (template.to_owned(), None);
    };
    let hash = style_hash(&css);
    (
        format!("{}<style>{css}</style>{}", &template[..start], &template[end..]),
        Some(hash),
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

/// Options for one page's `<head>`.
#[derive(Clone, Copy, Debug)]
pub struct HeadOptions<'a> {
    /// The Content Security Policy for a meta tag (release builds; the dev
    /// server's live-reload script is inline).
    pub csp_meta: Option<&'a str>,
}

/// What goes into a page's `<head>` besides Trunk's tags: title,
/// description, canonical link, link-preview tags, the policy.
pub fn head_tags(page: Page, content: &Content, options: HeadOptions<'_>) -> String {
    let title = page.title(&content.article.title);
    let mut head = String::new();
    if let Some(policy) = options.csp_meta {
        head.push_str(&format!(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
            meta_policy(policy)
        ));
    }
    head.push_str(&format!(
        "<title>{}</title><meta name=\"description\" content=\"{}\">",
        escape_text(&title),
        escape_attr(page.description())
    ));
    let og_type = if page == Page::Article {
        "article"
    } else {
        "website"
    };
    head.push_str(&format!(
        "<meta property=\"og:title\" content=\"{}\"><meta property=\"og:description\" content=\"{}\"><meta property=\"og:type\" content=\"{og_type}\"><meta property=\"og:site_name\" content=\"{}\">",
        escape_attr(&title),
        escape_attr(page.description()),
        crate::domain::routes::SITE_NAME
    ));
    if let (Some(site), Some(path)) = (&content.site_url, page.path()) {
        let url = format!("{}{}", site.trim_end_matches('/'), path);
        head.push_str(&format!(
            "<link rel=\"canonical\" href=\"{0}\"><meta property=\"og:url\" content=\"{0}\">",
            escape_attr(&url)
        ));
    }
    if page == Page::NotFound {
        head.push_str("<meta name=\"robots\" content=\"noindex\">");
    }
    head.push_str(&format!(
        "<link rel=\"manifest\" href=\"{}manifest.webmanifest\"><meta name=\"theme-color\" content=\"#2c5a4d\">",
        crate::domain::routes::base_path()
    ));
    head
}

/// The page's data blocks, which go after its markup (the text shows before
/// they have arrived): the content as JSON for hydration when `embed`, and
/// the FAQ's structured data on the article and FAQ pages.
pub fn data_tags(page: Page, content: &Content, embed: bool) -> String {
    let mut tags = String::new();
    if embed {
        tags.push_str(&format!(
            "<script type=\"application/json\" id=\"{CONTENT_ELEMENT_ID}\">{}</script>",
            content.to_json()
        ));
    }
    if matches!(page, Page::Article | Page::Faq) && !content.article.faq().is_empty() {
        tags.push_str(&format!(
            "<script type=\"application/ld+json\">{}</script>",
            faq_json_ld(content)
        ));
    }
    tags
}

/// The `_headers` file (Netlify, Cloudflare Pages): security headers for
/// every path, and a year of caching for each file whose name carries a
/// content hash.
pub fn headers_file(base: &str, files: &[String], policy: &str) -> String {
    let mut out = format!(
        "# Made by the build (src/prerender.rs).\n{base}*\n  Content-Security-Policy: {policy}\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: no-referrer\n  Permissions-Policy: camera=(), microphone=(), geolocation=()\n  Cross-Origin-Opener-Policy: same-origin\n  X-Frame-Options: DENY\n"
    );
    for file in files.iter().filter(|f| is_hashed(f)) {
        out.push_str(&format!(
            "{base}{file}\n  Cache-Control: public, max-age=31536000, immutable\n"
        ));
    }
    out
}

/// Whether a file name carries a content hash (`name-0123456789abcdef.ext`).
pub fn is_hashed(file: &str) -> bool {
    let stem = file
        .rsplit_once('.')
        .map_or(file, |(stem, _)| stem)
        .trim_end_matches("_bg");
    stem.rsplit_once('-')
        .is_some_and(|(_, hash)| hash.len() == 16 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// schema.org FAQPage structured data with the FAQ's own text.
pub fn faq_json_ld(content: &Content) -> String {
    let questions: Vec<serde_json::Value> = content
        .article
        .faq()
        .iter()
        .map(|entry| {
            let answer: Vec<String> = entry.answer.iter().map(|p| plain_text(p)).collect();
            serde_json::json!({
                "@type": "Question",
                "name": entry.question,
                "acceptedAnswer": { "@type": "Answer", "text": answer.join("\n\n") },
            })
        })
        .collect();
    let data = serde_json::json!({
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": questions,
    });
    data.to_string().replace("</", "<\\/")
}

/// The path used to render the not-found page: any path no route matches.
pub const NOT_FOUND_PATH: &str = "/404/";

/// Builds one page's HTML from Trunk's `index.html`: `head` replaces the
/// template's `<title>`, the rendered markup goes right after `<body>`
/// (nothing may stand before it, or hydration fails).
pub fn page_html(template: &str, head: &str, app_markup: &str) -> Result<String, PrerenderError> {
    let body_open = find_tag(template, "<body").ok_or(PrerenderError::NoBody)?;
    let body_start = template[body_open..].find('>').ok_or(PrerenderError::NoBody)? + body_open + 1;
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

    let mut out = String::with_capacity(template.len() + app_markup.len() + head.len());
    out.push_str(&template[..title_start]);
    out.push_str(head);
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
    const CLOSE: &str = "</script>";
    let mut out = String::with_capacity(html.len());
    let mut scripts = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let Some(tag_len) = rest[start..].find('>') else {
            break;
        };
        let attributes = &rest[start + "<script".len()..start + tag_len];
        let body_start = start + tag_len + 1;
        let Some(body_len) = rest[body_start..].find(CLOSE) else {
            break;
        };
        let is_inline_module = !attributes.contains("src")
            && attributes
                .split_whitespace()
                .any(|a| a == "type=module" || a == "type=\"module\"");
        if !is_inline_module {
            out.push_str(&rest[..body_start + body_len + CLOSE.len()]);
            rest = &rest[body_start + body_len + CLOSE.len()..];
            continue;
        }
        let source = rest[body_start..body_start + body_len].trim().to_owned();
        let file_name = format!("loader-{}.js", &hex_digest(source.as_bytes())[..16]);
        out.push_str(&rest[..start]);
        out.push_str(&format!(
            "<script type=\"module\" src=\"{public_url}{file_name}\"></script>"
        ));
        rest = &rest[body_start + body_len + CLOSE.len()..];
        scripts.push(ExternalScript { file_name, source });
    }
    out.push_str(rest);
    (out, scripts)
}

/// The file name `name` takes once its content hash is in it, the way Trunk
/// names its own: `app.js` → `app-0123456789abcdef.js`,
/// `app_bg.wasm` → `app-0123456789abcdef_bg.wasm`.
pub fn hashed_file_name(name: &str, bytes: &[u8]) -> String {
    let hash = &hex_digest(bytes)[..16];
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    let dot = if ext.is_empty() { "" } else { "." };
    match stem.strip_suffix("_bg") {
        Some(stem) => format!("{stem}-{hash}_bg{dot}{ext}"),
        None => format!("{stem}-{hash}{dot}{ext}"),
    }
}

/// The SHA-256 of `bytes` in lower-case hexadecimal.
pub fn hex_digest(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
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
    use crate::domain::content::parse::parse_content;

    const TEMPLATE: &str = "<!DOCTYPE html><html><head><title>x</title><script type=\"module\">import init from '/app.js';\nawait init();</script></head><body>\n</body></html>";

    const NO_EMBED: HeadOptions<'static> = HeadOptions { csp_meta: None };

    #[test]
    fn the_policy_ships_whole_in_headers_and_without_frame_ancestors_in_meta() {
        let policy = content_security_policy(&[]);
        assert_eq!(policy, CONTENT_SECURITY_POLICY);
        assert!(!meta_policy(&policy).contains("frame-ancestors"));
        assert!(
            meta_policy(&policy).starts_with("default-src 'self'; script-src 'self' 'wasm-unsafe-eval';")
        );
        let head = head_tags(
            Page::Faq,
            &content(),
            HeadOptions {
                csp_meta: Some(&policy),
            },
        );
        assert!(head.starts_with("<meta http-equiv=\"Content-Security-Policy\""));
        let files = vec![
            "app-0123456789abcdef_bg.wasm".to_owned(),
            "index.html".to_owned(),
            "loader-89abcdef01234567.js".to_owned(),
        ];
        let headers = headers_file("/sub/", &files, &policy);
        assert!(headers.contains("/sub/*\n  Content-Security-Policy: default-src 'self'"));
        assert!(headers.contains("frame-ancestors 'none'"));
        assert!(headers.contains(
            "/sub/app-0123456789abcdef_bg.wasm\n  Cache-Control: public, max-age=31536000, immutable"
        ));
        assert!(headers.contains("/sub/loader-89abcdef01234567.js\n  Cache-Control"));
        assert!(
            !headers.contains("/sub/index.html\n  Cache-Control"),
            "pages are not cached for long"
        );
    }

    #[test]
    fn the_style_sheet_is_inlined_and_its_hash_allowed() {
        let template =
            "<head><link href=/sub/main-0123456789abcdef.css rel=stylesheet><title>x</title></head>";
        let (html, hash) = inline_stylesheet(template, |href| {
            (href == "/sub/main-0123456789abcdef.css").then(|| "body{color:red}".to_owned())
        });
        assert_eq!(
            html,
            "<head><style>body{color:red}</style><title>x</title></head>"
        );
        // Checked with `printf "body{color:red}" | openssl dgst -sha256 -binary | base64`.
        let hash = hash.unwrap();
        assert_eq!(hash, "sha256-FcQqt3aNlV7AZnGV4zkQRVeCeJOxbMPnQSx258L803E=");
        let policy = content_security_policy(&[hash]);
        assert!(
            policy.contains("style-src 'self' 'sha256-FcQqt3aNlV7AZnGV4zkQRVeCeJOxbMPnQSx258L803E=';"),
            "{policy}"
        );
        assert!(!policy.contains("unsafe-inline"));
        let (same, none) = inline_stylesheet(template, |_| None);
        assert_eq!(
            (same.as_str(), none),
            (template, None),
            "an unreadable sheet stays linked"
        );
    }

    #[test]
    fn canonical_and_preview_tags_need_the_site_address() {
        let mut content = content();
        let head = head_tags(Page::Faq, &content, NO_EMBED);
        assert!(head.contains(
            "<meta property=\"og:title\" content=\"Frequently asked questions · After the Session\">"
        ));
        assert!(!head.contains("canonical"));
        content.site_url = Some("https://example.org/sub/".into());
        let head = head_tags(Page::Faq, &content, NO_EMBED);
        assert!(head.contains("<link rel=\"canonical\" href=\"https://example.org/sub/faq/\">"));
        assert!(head_tags(Page::NotFound, &content, NO_EMBED).contains("noindex"));
    }

    fn content() -> Content {
        parse_content(
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/content/article.md")),
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/content/site.toml")),
        )
        .unwrap()
    }

    #[test]
    fn the_markup_is_the_first_thing_in_body_and_the_head_is_the_pages() {
        let head = head_tags(Page::Faq, &content(), NO_EMBED);
        let html = page_html(TEMPLATE, &head, "<p>hi</p>").unwrap();
        assert!(html.contains("<body><p>hi</p></body>"), "{html}");
        assert!(html.contains("<title>Frequently asked questions · After the Session</title>"));
        assert!(html.contains("<meta name=\"description\" content=\"Answers to common"));
        assert!(!html.contains("<title>x</title>"));
    }

    #[test]
    fn the_article_is_titled_by_its_content_and_embeds_it() {
        let content = content();
        let head = head_tags(Page::Article, &content, NO_EMBED);
        assert!(head.starts_with(&format!(
            "<title>{} · After the Session</title>",
            content.article.title
        )));
        assert!(!head.contains("<script"), "no data block holds up the text");
        let data = data_tags(Page::Article, &content, true);
        let start = data.find("id=\"content-data\">").unwrap() + "id=\"content-data\">".len();
        let json = &data[start..start + data[start..].find("</script>").unwrap()];
        assert_eq!(
            Content::from_json(json).unwrap(),
            content,
            "the embedded copy reads back whole"
        );
        assert!(!data_tags(Page::Help, &content, false).contains("content-data"));
    }

    #[test]
    fn faq_structured_data_carries_the_same_text() {
        let content = content();
        let data: serde_json::Value = serde_json::from_str(&faq_json_ld(&content)).unwrap();
        assert_eq!(data["@type"], "FAQPage");
        let questions = data["mainEntity"].as_array().unwrap();
        assert_eq!(questions.len(), 3);
        for (q, entry) in questions.iter().zip(content.article.faq()) {
            assert_eq!(q["name"], entry.question.as_str());
            let first = plain_text(&entry.answer[0]);
            assert!(q["acceptedAnswer"]["text"].as_str().unwrap().starts_with(&first));
        }
        assert!(data_tags(Page::Faq, &content, false).contains("application/ld+json"));
        assert!(!data_tags(Page::Help, &content, true).contains("application/ld+json"));
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
    }

    #[test]
    fn inline_module_scripts_move_to_hashed_files() {
        let (html, scripts) = externalize_inline_scripts(TEMPLATE, "/sub/");
        assert_eq!(scripts.len(), 1);
        assert_eq!(scripts[0].source, "import init from '/app.js';\nawait init();");
        assert!(scripts[0].file_name.starts_with("loader-") && scripts[0].file_name.ends_with(".js"));
        let tag = format!(
            "<script type=\"module\" src=\"/sub/{}\"></script>",
            scripts[0].file_name
        );
        assert!(html.contains(&tag));
        assert!(!html.contains("await init"));
        let (_, again) = externalize_inline_scripts(TEMPLATE, "/");
        assert_eq!(
            again[0].file_name, scripts[0].file_name,
            "the name depends on the content only"
        );
    }

    #[test]
    fn bundle_files_get_hashed_names_that_caches_recognise() {
        let js = hashed_file_name("after-the-session-full.js", b"js");
        let wasm = hashed_file_name("after-the-session-full_bg.wasm", b"wasm");
        assert!(
            js.starts_with("after-the-session-full-") && js.ends_with(".js"),
            "{js}"
        );
        assert!(
            wasm.starts_with("after-the-session-full-") && wasm.ends_with("_bg.wasm"),
            "{wasm}"
        );
        assert!(is_hashed(&js) && is_hashed(&wasm));
        assert!(!is_hashed("after-the-session-full.js"));
        assert_ne!(
            hashed_file_name("a.js", b"1"),
            hashed_file_name("a.js", b"2"),
            "the name follows the content"
        );
    }

    #[test]
    fn each_bundle_renders_exactly_the_pages_it_has() {
        // `ReadingPages::view` and `Page::bundle` must agree: a page the
        // reading bundle lacks only offers to load it afresh.
        let content = content();
        for page in Page::ROUTED {
            let path = page.path().unwrap();
            let reading = render_app(path, Bundle::Reading, Some(&content));
            assert_eq!(
                !reading.contains("Open this page"),
                Bundle::Reading.has(page),
                "{page:?}: {reading}"
            );
            let full = render_app(path, Bundle::Full, Some(&content));
            assert!(!full.contains("Open this page"), "{page:?}: {full}");
        }
    }

    #[test]
    fn reading_pages_leave_links_to_the_checklist_to_the_browser() {
        let content = content();
        let reading = render_app("/", Bundle::Reading, Some(&content));
        assert!(
            reading.contains("href=\"/checklist/\" target=\"_self\""),
            "{reading}"
        );
        assert!(!reading.contains("href=\"/faq/\" target"), "{reading}");
        let full = render_app("/checklist/", Bundle::Full, Some(&content));
        assert!(!full.contains("target=\"_self\""), "{full}");
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
        let content = content();
        for page in Page::ROUTED {
            let html = render_app(page.path().unwrap(), page.bundle(), Some(&content));
            assert!(html.contains("<main id=\"main\""), "{page:?}: {html}");
            let heading = escape_text(page.heading().unwrap_or(&content.article.title));
            assert!(html.contains(&format!("<h1>{heading}</h1>")), "{page:?}: {html}");
        }
        let html = render_app(NOT_FOUND_PATH, Page::NotFound.bundle(), None);
        assert!(html.contains("<h1>Page not found</h1>"), "{html}");
        assert!(html.contains("There is no page at this address"));
    }

    #[test]
    fn without_content_a_page_says_it_is_loading() {
        let html = render_app("/", Bundle::Reading, None);
        assert!(html.contains("Loading…"), "{html}");
    }

    #[test]
    fn no_content_text_becomes_markup() {
        let mut content = content();
        content.article.title = "<img src=x onerror=alert(1)>".into();
        let html = render_app("/", Bundle::Reading, Some(&content));
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "{html}");
        assert!(!html.contains("<img"));
    }
}
