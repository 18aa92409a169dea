//! The application shell: router, header with navigation, `main` landmark and footer.

use leptos::either::either;
use leptos::prelude::*;
use leptos_router::components::{A, Router};
use leptos_router::hooks::use_location;
use leptos_router::location::{BrowserUrl, LocationProvider};

use crate::content_context::ContentContext;
use crate::dom::mark_hydrated;
use crate::journal_store::JournalStore;
use crate::pages::{ArticlePage, ChecklistPage, FaqPage, HelpPage, HistoryPage, NotFoundPage};
use crate::routes::{Page, SITE_NAME, base_path, page_at, page_href};
use crate::service_worker::UpdatePrompt;

/// The whole application. Renders the same markup in the prerender step and
/// in the browser, so that the browser can hydrate what was prerendered.
#[component]
pub fn App() -> impl IntoView {
    mark_hydrated();
    ContentContext::use_context();
    view! {
        // `<A>` takes full paths (`page_href`); `base` is for `navigate`.
        <Router base=base_path().trim_end_matches('/').to_owned()>
            <Shell />
        </Router>
    }
}

/// How many times the reader moved between pages inside the app (so "Back"
/// knows whether history stays on this site).
#[derive(Clone, Copy, Debug)]
pub struct InAppNavigations(pub RwSignal<u32>);

#[component]
fn Shell() -> impl IntoView {
    let count = RwSignal::new(0u32);
    provide_context(InAppNavigations(count));
    JournalStore::provide();
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
        if previous.is_some_and(|p| p != path) {
            count.update(|c| *c += 1);
            // After moving to another page, keyboard and screen reader users
            // start at its content, as after a full page load.
            crate::dom::focus_main();
        }
        path
    });

    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="site-header">
            <A href=page_href(Page::Article) attr:class="site-name">{SITE_NAME}</A>
            <nav aria-label="Main">
                <ul>
                    {Page::NAV
                        .into_iter()
                        .map(|page| {
                            view! {
                                <li>
                                    <A href=page_href(page)>{page.nav_label()}</A>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
        </header>
        <main id="main" tabindex="-1">
            {move || {
                either!(page.get(),
                    Page::Article => view! { <ArticlePage /> },
                    Page::Faq => view! { <FaqPage /> },
                    Page::Checklist => view! { <ChecklistPage /> },
                    Page::History => view! { <HistoryPage /> },
                    Page::Help => view! { <HelpPage /> },
                    Page::NotFound => view! { <NotFoundPage /> },
                )
            }}
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
