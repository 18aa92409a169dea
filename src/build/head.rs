//! A page's `<head>` tags besides Trunk's (title, description, canonical
//! link, link-preview tags, the policy) and the data blocks that follow its
//! markup (the embedded content, the FAQ's structured data).

use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};

use crate::browser::dom::CONTENT_ELEMENT_ID;
use crate::build::json_ld::{article_json_ld, faq_json_ld};
use crate::build::policy::meta_policy;
use crate::domain::content::Content;
use crate::domain::routes::{Page, SITE_NAME, base_path};

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
    let description = page.description();
    let mut head = String::new();
    if let Some(policy) = options.csp_meta {
        head.push_str(&format!(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
            attr(&meta_policy(policy))
        ));
    }
    head.push_str(&format!(
        "<title>{}</title><meta name=\"description\" content=\"{}\">",
        text(&title),
        attr(description)
    ));
    let og_type = if page == Page::Article {
        "article"
    } else {
        "website"
    };
    head.push_str(&format!(
        "<meta property=\"og:title\" content=\"{}\"><meta property=\"og:description\" content=\"{}\"><meta property=\"og:type\" content=\"{og_type}\"><meta property=\"og:site_name\" content=\"{}\">",
        attr(&title),
        attr(description),
        attr(SITE_NAME)
    ));
    if let (Some(site), Some(path)) = (&content.site_url, page.path()) {
        let url = format!("{}{}", site.trim_end_matches('/'), path);
        head.push_str(&format!(
            "<link rel=\"canonical\" href=\"{0}\"><meta property=\"og:url\" content=\"{0}\">",
            attr(&url)
        ));
    }
    if page == Page::NotFound {
        head.push_str("<meta name=\"robots\" content=\"noindex\">");
    }
    head.push_str(&format!(
        "<link rel=\"manifest\" href=\"{0}manifest.webmanifest\"><meta name=\"theme-color\" content=\"#2c5a4d\"><meta name=\"{1}\" content=\"{0}\">",
        attr(base_path()),
        crate::domain::routes::BASE_META
    ));
    // Which deployment this page belongs to, filled in once the worker's
    // version is known (`offline::stamp_version`): the app offers a new
    // version only to a page that is not already of it.
    head.push_str(&format!(
        "<meta name=\"{}\" content=\"{}\">",
        crate::domain::routes::VERSION_META,
        crate::build::offline::VERSION_PLACEHOLDER
    ));
    head
}

/// The page's data blocks, which go after its markup (the text shows before
/// they have arrived): the content as JSON for hydration when `embed`, and
/// the structured data of the article (on its page) and of the FAQ (on its).
pub fn data_tags(page: Page, content: &Content, embed: bool) -> String {
    let mut tags = String::new();
    if embed {
        tags.push_str(&format!(
            "<script type=\"application/json\" id=\"{CONTENT_ELEMENT_ID}\">{}</script>",
            content.to_json()
        ));
    }
    // The FAQ is marked up once, on its own page (search engines ask that
    // repeated FAQ content be marked up only once); the article page
    // carries the article's.
    let structured = match page {
        Page::Article => Some(article_json_ld(content)),
        Page::Faq if !content.article.faq().is_empty() => Some(faq_json_ld(content)),
        _ => None,
    };
    if let Some(data) = structured {
        tags.push_str(&format!("<script type=\"application/ld+json\">{data}</script>"));
    }
    tags
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::policy::content_security_policy;
    use crate::build::test_content;

    const NO_EMBED: HeadOptions<'static> = HeadOptions { csp_meta: None };

    #[test]
    fn release_pages_carry_the_policy_first() {
        let policy = content_security_policy(&[], &[]);
        let head = head_tags(
            Page::Faq,
            &test_content(),
            HeadOptions {
                csp_meta: Some(&policy),
            },
        );
        assert!(
            head.starts_with("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self';")
        );
        assert!(!head.contains("frame-ancestors"));
    }

    #[test]
    fn canonical_and_preview_tags_need_the_site_address() {
        let mut content = test_content();
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

    #[test]
    fn the_head_is_the_pages() {
        let head = head_tags(Page::Faq, &test_content(), NO_EMBED);
        assert!(head.contains("<title>Frequently asked questions · After the Session</title>"));
        assert!(head.contains("<meta name=\"description\" content=\"Answers to common"));
    }

    #[test]
    fn every_page_says_its_base_for_the_browser_bundles() {
        // The bundles take their base from here (browser::dom::page_base
        // reads `meta[name=app-base]`): the wasm is the same for every base.
        assert_eq!(crate::domain::routes::BASE_META, "app-base");
        for page in Page::ROUTED.into_iter().chain([Page::NotFound]) {
            let head = head_tags(page, &test_content(), NO_EMBED);
            assert!(
                head.contains(&format!("<meta name=\"app-base\" content=\"{}\">", base_path())),
                "{page:?}: {head}"
            );
        }
    }

    #[test]
    fn titles_from_the_content_are_escaped() {
        let mut content = test_content();
        content.article.title = "Say \"hi\" & <b>wave</b>".into();
        let head = head_tags(Page::Article, &content, NO_EMBED);
        assert!(
            head.contains("<title>Say \"hi\" &amp; &lt;b&gt;wave&lt;/b&gt; · After the Session</title>"),
            "{head}"
        );
        assert!(
            head.contains("content=\"Say &quot;hi&quot; &amp; &lt;b&gt;wave&lt;/b&gt; · After the Session\""),
            "{head}"
        );
    }

    #[test]
    fn the_article_is_titled_by_its_content_and_embeds_it() {
        let content = test_content();
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
        assert!(data_tags(Page::Faq, &content, false).contains("\"FAQPage\""));
        let article = data_tags(Page::Article, &content, false);
        assert!(
            article.contains("\"@type\":\"Article\"") && !article.contains("FAQPage"),
            "the FAQ is marked up once: {article}"
        );
        assert!(!data_tags(Page::Help, &content, true).contains("application/ld+json"));
    }
}
