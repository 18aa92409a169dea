//! Inline text as DOM: text nodes and links, never `inner_html`. A leaf:
//! the article's blocks, the FAQ and the checklist all use it.

use leptos::either::either;
use leptos::prelude::*;

use crate::domain::content::{Inline, render_runs};

/// Inline runs: text nodes and links (a link without a target is text).
pub fn inlines_view(inlines: &[Inline]) -> impl IntoView + use<> {
    render_runs(inlines)
        .into_iter()
        .map(|run| {
            either!(run,
                Inline::Link { text, href: Some(href) } => view! { <a href=href>{text}</a> },
                Inline::Text { text } | Inline::Link { text, .. } => text,
            )
        })
        .collect_view()
}

/// A bold lead-in, then the text after a space, as one line of runs.
pub fn lead_in_and_text(title: &str, inlines: &[Inline]) -> impl IntoView + use<> {
    let mut rest = vec![Inline::Text { text: " ".to_owned() }];
    rest.extend_from_slice(inlines);
    view! {
        <strong class="item-title">{title.to_owned()}</strong>
        {inlines_view(&rest)}
    }
}
