//! The route table: every page of the site, its path, its document title and
//! its description. Plain Rust, shared by the router, the prerender step and
//! the tests.

/// The site's name, shown in the header and at the end of every title.
pub const SITE_NAME: &str = "After the Session";

/// The name of the `<meta>` in every page's head that holds its
/// deployment's version (the service worker's): the build writes it, the
/// update prompt reads it.
pub const VERSION_META: &str = "app-version";

/// A page of the site.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Page {
    /// The article, at the site root.
    Article,
    /// The article's frequently asked questions.
    Faq,
    /// The post-session coping checklist.
    Checklist,
    /// Past sessions, with a chart of moods.
    History,
    /// What to do when the reader feels much worse or unsafe.
    Help,
    /// Any path that is not one of the above.
    NotFound,
}

impl Page {
    /// Every page that has its own URL, in navigation order.
    pub const ROUTED: [Page; 5] = [
        Page::Article,
        Page::Faq,
        Page::Checklist,
        Page::History,
        Page::Help,
    ];

    /// The pages listed in the main navigation.
    pub const NAV: [Page; 4] = [Page::Article, Page::Faq, Page::Checklist, Page::History];

    /// The path below the site's base, with a trailing slash so that a plain
    /// static host serves `<path>index.html` without a redirect.
    /// `None` for the not-found page, which has no URL of its own.
    pub fn path(self) -> Option<&'static str> {
        match self {
            Page::Article => Some("/"),
            Page::Faq => Some("/faq/"),
            Page::Checklist => Some("/checklist/"),
            Page::History => Some("/history/"),
            Page::Help => Some("/help/"),
            Page::NotFound => None,
        }
    }

    /// The short label used in the navigation.
    pub fn nav_label(self) -> &'static str {
        match self {
            Page::Article => "Article",
            Page::Faq => "FAQ",
            Page::Checklist => "Coping checklist",
            Page::History => "Past sessions",
            Page::Help => "Help now",
            Page::NotFound => "Page not found",
        }
    }

    /// The page's own heading. `None` for the article, whose heading is its
    /// title in the content file.
    pub fn heading(self) -> Option<&'static str> {
        match self {
            Page::Article => None,
            Page::Faq => Some("Frequently asked questions"),
            Page::Checklist => Some("After-session coping checklist"),
            Page::History => Some("Past sessions"),
            Page::Help => Some("If you feel much worse or unsafe"),
            Page::NotFound => Some("Page not found"),
        }
    }

    /// The document title: the page's heading (for the article, its title),
    /// then the site name.
    pub fn title(self, article_title: &str) -> String {
        format!("{} · {}", self.heading().unwrap_or(article_title), SITE_NAME)
    }

    /// A one-sentence description of the page, for search results and link previews.
    pub fn description(self) -> &'static str {
        match self {
            Page::Article => {
                "How to understand and cope when therapy leaves you feeling heavy: why it happens, why it can be a sign of progress, and what to do."
            }
            Page::Faq => "Answers to common questions about feeling worse after a therapy session.",
            Page::Checklist => {
                "A private checklist of coping steps to tick off after each therapy session, kept only in your browser."
            }
            Page::History => "Your past therapy sessions, moods and notes, kept only in your browser.",
            Page::Help => "What to do right now if you feel much worse or unsafe after therapy.",
            Page::NotFound => "This page does not exist.",
        }
    }

    /// The page that a path below the site's base shows. Paths with or
    /// without the trailing slash, query or fragment, are the same page, and
    /// so is the page's file itself (`/faq/index.html`), which every static
    /// host serves: that page is what is in the document to hydrate.
    pub fn for_path(path: &str) -> Page {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let path = path
            .strip_suffix("index.html")
            .filter(|dir| dir.is_empty() || dir.ends_with('/'))
            .unwrap_or(path);
        let trimmed = path.trim_end_matches('/');
        Page::ROUTED
            .into_iter()
            .find(|page| page.path().is_some_and(|p| p.trim_end_matches('/') == trimmed))
            .unwrap_or(Page::NotFound)
    }

    /// The file a static host serves for this page, relative to `dist/`.
    pub fn output_file(self) -> String {
        match self.path() {
            Some(path) => format!("{}index.html", path.trim_start_matches('/')),
            None => "404.html".to_owned(),
        }
    }
}

/// The two browser builds of the app. A page loaded from the address bar is
/// hydrated by its own bundle ([`Page::bundle`]); links inside a bundle are
/// followed without a reload.
///
/// Most readers come for the article and never open the checklist, so the
/// reading pages ship without the checklist's code: [`Bundle::Reading`] holds
/// the article, the FAQ, the help and not-found pages; [`Bundle::Full`] holds
/// every page, the checklist and past sessions among them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Bundle {
    /// The reading pages only: the smaller download that readers get first.
    Reading,
    /// Every page, with the checklist and its storage.
    Full,
}

impl Bundle {
    /// Whether this bundle can show `page`.
    pub fn has(self, page: Page) -> bool {
        self == Bundle::Full || page.bundle() == Bundle::Reading
    }
}

impl Page {
    /// The bundle that hydrates this page when it is loaded directly.
    pub fn bundle(self) -> Bundle {
        match self {
            Page::Checklist | Page::History => Bundle::Full,
            Page::Article | Page::Faq | Page::Help | Page::NotFound => Bundle::Reading,
        }
    }
}

/// The name of the `<meta>` in every page's head that holds the site's base
/// path: the build writes it, the browser bundles read it when they start
/// (`set_base_path`), so that one build of them serves every base.
pub const BASE_META: &str = "app-base";

static BASE: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// The site's base path, `/` or `/some/path/`: where `dist/` is deployed,
/// set by the `PUBLIC_URL` environment variable (`make dist
/// PUBLIC_URL=/some/path/`). The build-time prerender step reads it when it
/// runs and writes it into every page (`BASE_META`); the browser bundles
/// take it from there, so the wasm is the same for every base and a build
/// for another base compiles nothing again.
#[cfg(feature = "ssr")]
pub fn base_path() -> &'static str {
    BASE.get_or_init(|| normalize_base(&std::env::var("PUBLIC_URL").unwrap_or_else(|_| "/".to_owned())))
}

/// The site's base path, `/` or `/some/path/`, as the page said it when the
/// app started (`set_base_path`).
#[cfg(not(feature = "ssr"))]
pub fn base_path() -> &'static str {
    BASE.get()
        .expect("the base path is read from the page (routes::set_base_path) before anything asks for it")
}

/// Sets the browser bundle's base path, once, before the app starts: the
/// page's `BASE_META`. A second call changes nothing.
#[cfg(not(feature = "ssr"))]
pub fn set_base_path(base: &str) {
    let _ = BASE.set(normalize_base(base));
}

/// `some/path` → `/some/path/`; empty → `/`.
pub fn normalize_base(base: &str) -> String {
    let trimmed = base.trim().trim_matches('/');
    if trimmed.is_empty() {
        "/".to_owned()
    } else {
        format!("/{trimmed}/")
    }
}

/// The path below the base (`/some/path/faq/` → `/faq/`), or `None` for a
/// path outside the base.
pub fn strip_base<'a>(base: &str, path: &'a str) -> Option<&'a str> {
    match path.strip_prefix(base.trim_end_matches('/')) {
        Some("") => Some("/"),
        Some(rest) if rest.starts_with('/') => Some(rest),
        _ => None,
    }
}

/// The page at a full path on a deployment with this base.
pub fn page_at(base: &str, path: &str) -> Page {
    strip_base(base, path).map_or(Page::NotFound, Page::for_path)
}

/// The full address of a page on this deployment.
pub fn page_href(page: Page) -> String {
    href(base_path(), page.path().unwrap_or("/"))
}

/// The full address of any path on this deployment (a file, or a page with
/// a fragment), say `site_href("/faq/#tell-my-therapist")`.
pub fn site_href(path: &str) -> String {
    href(base_path(), path)
}

/// Joins the site's base path (say `/` or `/some/path/`) and a page path.
pub fn href(base: &str, path: &str) -> String {
    format!("{}/{}", base.trim_end_matches('/'), path.trim_start_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_routed_page_has_a_distinct_path_with_a_trailing_slash() {
        let mut paths: Vec<_> = Page::ROUTED.iter().map(|p| p.path().unwrap()).collect();
        assert!(paths.iter().all(|p| p.starts_with('/') && p.ends_with('/')));
        paths.sort();
        paths.dedup();
        assert_eq!(paths.len(), Page::ROUTED.len());
    }

    #[test]
    fn paths_map_back_to_their_pages() {
        for page in Page::ROUTED {
            assert_eq!(Page::for_path(page.path().unwrap()), page);
        }
        assert_eq!(Page::for_path("/faq"), Page::Faq);
        assert_eq!(Page::for_path("/faq/?q=1#why"), Page::Faq);
        assert_eq!(Page::for_path(""), Page::Article);
        assert_eq!(Page::for_path("/nope/"), Page::NotFound);
        assert_eq!(Page::for_path("/faq/extra"), Page::NotFound);
        // The file the host serves for a page is that page.
        assert_eq!(Page::for_path("/index.html"), Page::Article);
        assert_eq!(Page::for_path("/checklist/index.html"), Page::Checklist);
        assert_eq!(Page::for_path("/faq/index.html?x#y"), Page::Faq);
        assert_eq!(Page::for_path("/faqindex.html"), Page::NotFound);
    }

    #[test]
    fn titles_are_distinct_and_end_with_the_site_name() {
        let mut titles: Vec<_> = Page::ROUTED
            .iter()
            .chain([&Page::NotFound])
            .map(|p| p.title("A"))
            .collect();
        assert!(titles.iter().all(|t| t.ends_with(" · After the Session")));
        assert_eq!(
            Page::Faq.title("A"),
            "Frequently asked questions · After the Session"
        );
        assert_eq!(Page::Article.title("Why"), "Why · After the Session");
        titles.sort();
        titles.dedup();
        assert_eq!(titles.len(), Page::ROUTED.len() + 1);
    }

    #[test]
    fn output_files_are_what_a_static_host_serves() {
        assert_eq!(Page::Article.output_file(), "index.html");
        assert_eq!(Page::Checklist.output_file(), "checklist/index.html");
        assert_eq!(Page::NotFound.output_file(), "404.html");
    }

    #[test]
    fn bases_are_normalized_and_stripped() {
        assert_eq!(normalize_base(""), "/");
        assert_eq!(normalize_base("/"), "/");
        assert_eq!(normalize_base("some/path"), "/some/path/");
        assert_eq!(normalize_base("/some/path/"), "/some/path/");
        assert_eq!(strip_base("/", "/faq/"), Some("/faq/"));
        assert_eq!(strip_base("/some/path/", "/some/path/faq/"), Some("/faq/"));
        assert_eq!(strip_base("/some/path/", "/some/path"), Some("/"));
        assert_eq!(strip_base("/some/path/", "/some/pathology/"), None);
        assert_eq!(page_at("/some/path/", "/some/path/faq/"), Page::Faq);
        assert_eq!(
            page_at("/some/path/", "/faq/"),
            Page::NotFound,
            "outside the base"
        );
        assert_eq!(page_at("/", "/help/"), Page::Help);
    }

    #[test]
    fn reading_pages_leave_the_checklist_to_the_full_bundle() {
        for page in Page::ROUTED.into_iter().chain([Page::NotFound]) {
            assert!(Bundle::Full.has(page), "{page:?}");
            assert!(page.bundle().has(page), "{page:?}: its own bundle shows it");
        }
        assert!(!Bundle::Reading.has(Page::Checklist));
        assert!(!Bundle::Reading.has(Page::History));
        assert!(Bundle::Reading.has(Page::Faq));
        assert!(Bundle::Reading.has(Page::Help));
        assert_eq!(Page::Article.bundle(), Bundle::Reading);
        assert_eq!(Page::History.bundle(), Bundle::Full);
    }

    #[test]
    fn hrefs_join_base_and_path_with_one_slash() {
        assert_eq!(href("/", "/faq/"), "/faq/");
        assert_eq!(href("", "/faq/"), "/faq/");
        assert_eq!(href("/sub/path/", "/faq/"), "/sub/path/faq/");
        assert_eq!(href("/sub/path", "/"), "/sub/path/");
    }
}
