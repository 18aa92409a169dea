use leptos::prelude::*;
use leptos_router::components::A;

use crate::browser::dom::use_title;
use crate::domain::routes::{Page, page_href};

/// Shown for every path that is not a page of the site.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    use_title(|| Page::NotFound.title(""));
    view! {
        <article class="page not-found">
            <h1>{Page::NotFound.heading()}</h1>
            <p>"There is no page at this address. It may have moved, or the link may be mistyped."</p>
            <p>
                <A href=page_href(Page::Article)>"Go to the article"</A>
            </p>
        </article>
    }
}
