//! The application shell: router, header with navigation, `main` landmark and footer.

use leptos::prelude::*;
use leptos_router::components::{A, Route, Router, Routes};
use leptos_router::path;

use crate::dom::mark_hydrated;
use crate::pages::{ArticlePage, ChecklistPage, FaqPage, HelpPage, NotFoundPage};
use crate::routes::{Page, SITE_NAME};

/// The whole application. Renders the same markup in the prerender step and
/// in the browser, so that the browser can hydrate what was prerendered.
#[component]
pub fn App() -> impl IntoView {
    mark_hydrated();
    view! {
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <header class="site-header">
                <A href="/" attr:class="site-name">{SITE_NAME}</A>
                <nav aria-label="Main">
                    <ul>
                        {Page::NAV
                            .into_iter()
                            .map(|page| {
                                view! {
                                    <li>
                                        <A href=page.path().unwrap_or("/")>{page.nav_label()}</A>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </nav>
            </header>
            <main id="main" tabindex="-1">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=ArticlePage />
                    <Route path=path!("/faq/") view=FaqPage />
                    <Route path=path!("/checklist/") view=ChecklistPage />
                    <Route path=path!("/help/") view=HelpPage />
                </Routes>
            </main>
            <footer class="site-footer">
                <p>
                    <A href="/help/">"Feeling much worse or unsafe? Get help now"</A>
                </p>
                <p>"Your checklist stays in this browser. Nothing you write is sent anywhere."</p>
            </footer>
        </Router>
    }
}
