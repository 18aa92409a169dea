use leptos::prelude::*;

use crate::dom::use_document_title;
use crate::routes::Page;

#[component]
pub fn HelpPage() -> impl IntoView {
    use_document_title(Page::Help);
    view! {
        <article class="page">
            <h1>{Page::Help.heading()}</h1>
            <p>"This page is coming soon."</p>
        </article>
    }
}
