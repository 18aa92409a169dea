use leptos::prelude::*;

use crate::dom::use_title;
use crate::routes::Page;

#[component]
pub fn ChecklistPage() -> impl IntoView {
    use_title(|| Page::Checklist.title(""));
    view! {
        <article class="page">
            <h1>{Page::Checklist.heading()}</h1>
            <p>"This page is coming soon."</p>
        </article>
    }
}
