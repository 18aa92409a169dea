use leptos::prelude::*;

use crate::dom::use_document_title;
use crate::routes::Page;

#[component]
pub fn FaqPage() -> impl IntoView {
    use_document_title(Page::Faq);
    view! {
        <article class="page">
            <h1>{Page::Faq.heading()}</h1>
            <p>"This page is coming soon."</p>
        </article>
    }
}
