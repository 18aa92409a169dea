//! Rendering a route's markup with the same components the browser
//! hydrates.

use std::sync::Arc;

use hydration_context::SsrSharedContext;
use leptos::prelude::*;
use leptos_router::location::RequestUrl;

use crate::app::{AllPages, ReadingPages, app};
use crate::domain::content::Content;
use crate::domain::routes::Bundle;
use crate::state::content_context::ContentStatus;

/// The path used to render the not-found page: any path no route matches.
pub const NOT_FOUND_PATH: &str = "/404/";

/// Renders the app's markup for a path below the site's base, with the
/// content in place (as the browser will have it, from the embedded copy) or
/// not (the not-found page, which loads it when needed), as `bundle` will
/// hydrate it: the page's own bundle ([`crate::domain::routes::Page::bundle`]).
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::test_content;
    use crate::domain::routes::Page;

    #[test]
    fn each_bundle_renders_exactly_the_pages_it_has() {
        // `ReadingPages::view` and `Page::bundle` must agree: a page the
        // reading bundle lacks only offers to load it afresh.
        let content = test_content();
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
        let content = test_content();
        let reading = render_app("/", Bundle::Reading, Some(&content));
        assert!(
            reading.contains("href=\"/checklist/\" target=\"_self\""),
            "{reading}"
        );
        assert!(!reading.contains("href=\"/faq/\" target"), "{reading}");
        let full = render_app("/checklist/", Bundle::Full, Some(&content));
        // Only in-page links (the skip link's `#main`) are left to the
        // browser there: every page is in the full bundle.
        assert!(!full.contains("/\" target=\"_self\""), "{full}");
        assert!(full.contains("href=\"#main\" target=\"_self\""), "{full}");
    }

    #[test]
    fn every_route_renders_its_own_page_inside_the_shell() {
        let content = test_content();
        for page in Page::ROUTED {
            let html = render_app(page.path().unwrap(), page.bundle(), Some(&content));
            assert!(html.contains("<main id=\"main\""), "{page:?}: {html}");
            let heading = html_escape::encode_text(page.heading().unwrap_or(&content.article.title));
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
        let mut content = test_content();
        content.article.title = "<img src=x onerror=alert(1)>".into();
        let html = render_app("/", Bundle::Reading, Some(&content));
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "{html}");
        assert!(!html.contains("<img"));
    }
}
