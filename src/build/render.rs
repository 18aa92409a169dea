//! Rendering a route's markup with the same components the browser
//! hydrates.

use std::sync::Arc;

use hydration_context::SsrSharedContext;
use leptos::prelude::*;
use leptos_router::location::RequestUrl;

use crate::app::{ChecklistPages, HistoryPages, ReadingPages, app};
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
            Bundle::Checklist => app::<ChecklistPages>(status).to_html(),
            Bundle::History => app::<HistoryPages>(status).to_html(),
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
        // Each bundle's `Pages::view` and `Page::bundle` must agree: a page
        // a bundle lacks only offers to load it afresh.
        let content = test_content();
        for page in Page::ROUTED {
            let path = page.path().unwrap();
            for bundle in Bundle::ALL {
                let html = render_app(path, bundle, Some(&content));
                assert_eq!(
                    !html.contains("Open this page"),
                    bundle.has(page),
                    "{page:?} in {bundle:?}: {html}"
                );
            }
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
        // The checklist's bundle lacks every other page: its links to them
        // load them afresh, the history's among them.
        let checklist = render_app("/checklist/", Bundle::Checklist, Some(&content));
        assert!(
            checklist.contains("href=\"/history/\" target=\"_self\""),
            "{checklist}"
        );
        assert!(
            checklist.contains("href=\"/faq/\" target=\"_self\""),
            "{checklist}"
        );
        assert!(!checklist.contains("href=\"/checklist/\" target"), "{checklist}");
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
