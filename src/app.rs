//! The application shell: router, header with navigation, `main` landmark and footer.

use leptos::either::either;
use leptos::prelude::*;
use leptos_router::components::{A, Router};
use leptos_router::hooks::use_location;
use leptos_router::location::{BrowserUrl, LocationProvider};

use crate::browser::dom::mark_hydrated;
use crate::browser::json::{self, DecodeContent};
use crate::browser::service_worker::UpdatePrompt;
use crate::domain::routes::{Bundle, Page, SITE_NAME, base_path, page_at, page_href};
use crate::pages::{ArticlePage, ChecklistPage, FaqPage, HelpPage, HistoryPage, NotFoundPage};
use crate::state::content_context::{ContentContext, ContentStatus};
use crate::state::journal_store::JournalStore;

/// The pages one browser bundle can show (see [`Bundle`]). Each bundle is
/// its own binary, so the reading bundle's wasm holds no checklist code.
pub trait Pages: 'static {
    /// Which bundle this is.
    const BUNDLE: Bundle;
    /// How this bundle reads the content's JSON (`browser::json`).
    const DECODE_CONTENT: DecodeContent;
    /// Whether reading the content gets a task of its own at start, between
    /// the wasm's instantiation and hydration (`crate::hydrate`): worth it
    /// where the decoder is slow enough to make a long task.
    const READ_CONTENT_APART: bool;
    /// Puts in context what these pages need (before any page renders).
    fn provide();
    /// The view of `page`. Links to a page this bundle lacks load it afresh
    /// ([`link_target`]), so such a page only offers to do that.
    fn view(page: Page) -> impl IntoView + 'static;
}

/// The reading pages: article, FAQ, help, not found.
pub struct ReadingPages;

impl Pages for ReadingPages {
    const BUNDLE: Bundle = Bundle::Reading;
    const DECODE_CONTENT: DecodeContent = json::with_browser_json;
    // The browser's JSON.parse is quick.
    const READ_CONTENT_APART: bool = false;

    fn provide() {}

    fn view(page: Page) -> impl IntoView + 'static {
        either!(page,
            Page::Article => view! { <ArticlePage /> },
            Page::Faq => view! { <FaqPage /> },
            Page::Help => view! { <HelpPage /> },
            Page::Checklist | Page::History => view! { <LoadAfresh page /> },
            Page::NotFound => view! { <NotFoundPage /> },
        )
    }
}

/// Every page, with the checklist, past sessions and their store.
pub struct AllPages;

impl Pages for AllPages {
    const BUNDLE: Bundle = Bundle::Full;
    const DECODE_CONTENT: DecodeContent = json::with_serde_json;
    // serde_json's decoding of the content took about 20 ms at 4× CPU, in
    // the task that instantiated the wasm (issue 14).
    const READ_CONTENT_APART: bool = true;

    fn provide() {
        JournalStore::provide();
    }

    fn view(page: Page) -> impl IntoView + 'static {
        either!(page,
            Page::Article => view! { <ArticlePage /> },
            Page::Faq => view! { <FaqPage /> },
            Page::Checklist => view! { <ChecklistPage /> },
            Page::History => view! { <HistoryPage /> },
            Page::Help => view! { <HelpPage /> },
            Page::NotFound => view! { <NotFoundPage /> },
        )
    }
}

/// The whole application as bundle `P` has it. Renders the same markup in
/// the prerender step and in the browser, so that the browser can hydrate
/// what was prerendered. Every context the pages use is provided here (the
/// content, the bundle, and in [`shell`] what the bundle's pages need).
pub fn app<P: Pages>(content: ContentStatus) -> impl IntoView {
    mark_hydrated();
    ContentContext::provide(content, P::DECODE_CONTENT);
    provide_context(P::BUNDLE);
    view! {
        // `<A>` takes full paths (`page_href`); `base` is for `navigate`.
        <Router base=base_path().trim_end_matches('/').to_owned()>
            {shell::<P>()}
        </Router>
    }
}

/// A page the reading bundle lacks, reached inside the app all the same
/// (links to it load it afresh, so only an odd history entry gets here):
/// load it from the host, which brings the bundle that has it. A page that
/// was itself loaded from the host is not loaded again (a host that answers
/// every address with the same page would loop); it offers the link instead.
#[component]
fn LoadAfresh(page: Page) -> impl IntoView {
    let navigations = use_context::<InAppNavigations>();
    Effect::new(move |_| {
        if navigations.is_some_and(|n| n.0.get_untracked() > 0) {
            crate::browser::dom::reload();
        }
    });
    view! {
        <article class="page">
            <h1>{page.heading()}</h1>
            <p>
                <a href=page_href(page) target="_self">
                    "Open this page"
                </a>
            </p>
        </article>
    }
}

/// `target="_self"` on a link to a page this bundle lacks: the router then
/// leaves the click to the browser, which loads the page with its bundle.
pub fn link_target(page: Page) -> Option<&'static str> {
    use_context::<Bundle>()
        .is_some_and(|bundle| !bundle.has(page))
        .then_some("_self")
}

/// How many times the reader moved between pages inside the app (so "Back"
/// knows whether history stays on this site).
#[derive(Clone, Copy, Debug)]
pub struct InAppNavigations(pub RwSignal<u32>);

fn shell<P: Pages>() -> impl IntoView {
    let count = RwSignal::new(0u32);
    provide_context(InAppNavigations(count));
    P::provide();
    let pathname = use_location().pathname;
    // The route table is plain Rust (`Page::for_path`); matching it here,
    // rather than with `<Routes>`, keeps every page's view statically typed,
    // which keeps type-erased (and much larger) view code out of the wasm.
    let page = Memo::new(move |_| page_at(base_path(), &pathname.get()));
    // What `<Routes>` would do once the new page is in place: let the router
    // put the new address in the address bar (and scroll).
    let browser_url = use_context::<BrowserUrl>();
    Effect::new(move |previous: Option<String>| {
        page.track();
        let path = pathname.get();
        if let Some(location) = &browser_url {
            location.ready_to_complete();
        }
        if previous.as_ref().is_some_and(|p| *p != path) {
            count.update(|c| *c += 1);
            // After moving to another page, keyboard and screen reader users
            // start at its content, as after a full page load.
            crate::browser::dom::focus_main();
            crate::browser::dom::restore_scroll_after_move();
        } else if previous.is_none() {
            crate::browser::dom::remember_scroll_positions();
        }
        path
    });

    view! {
        // `target` leaves the link to the browser, which moves the focus
        // (the router would take it and only scroll).
        <a class="skip-link" href="#main" target="_self">"Skip to content"</a>
        <header class="site-header">
            <A href=page_href(Page::Article) attr:class="site-name">{SITE_NAME}</A>
            // Apart from the navigation, on every page: one tap from help.
            <A href=page_href(Page::Help) attr:class="header-help" attr:target=link_target(Page::Help)>
                "Get help now"
            </A>
            <nav aria-label="Main">
                <ul>
                    {Page::NAV
                        .into_iter()
                        .map(|page| {
                            view! {
                                <li>
                                    <A href=page_href(page) attr:target=link_target(page)>
                                        {page.nav_label()}
                                    </A>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
        </header>
        <main id="main" tabindex="-1">
            {move || P::view(page.get())}
        </main>
        <footer class="site-footer">
            <p>
                <A href=page_href(Page::Help)>"Feeling much worse or unsafe? Get help now"</A>
            </p>
            <p>"Your checklist stays in this browser. Nothing you write is sent anywhere."</p>
        </footer>
        <UpdatePrompt />
    }
}
