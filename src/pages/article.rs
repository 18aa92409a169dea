use leptos::prelude::*;

use crate::dom::use_document_title;
use crate::routes::Page;

#[component]
pub fn ArticlePage() -> impl IntoView {
    use_document_title(Page::Article);
    view! {
        <article class="page">
            <h1>{Page::Article.heading()}</h1>
            <p>"This page is coming soon."</p>
        </article>
    }
}
