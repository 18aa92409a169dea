//! Renders the content model's typed blocks as DOM: text nodes and a few
//! elements, never `inner_html`.

use leptos::prelude::*;

use crate::content::{Block, Inline, ListItem, Step, render_runs};
use crate::pages::faq::FaqList;
use crate::routes::{Page, href};

/// Inline runs: text nodes and links (a link without a target is text).
pub fn inlines_view(inlines: &[Inline]) -> impl IntoView + use<> {
    render_runs(inlines)
        .into_iter()
        .map(|run| match run {
            Inline::Link {
                text,
                href: Some(href),
            } => view! { <a href=href>{text}</a> }.into_any(),
            Inline::Text { text } | Inline::Link { text, .. } => text.into_any(),
        })
        .collect_view()
}

/// A bold lead-in, then the text after a space, as one line of runs.
fn titled(title: &str, inlines: &[Inline]) -> impl IntoView + use<> {
    let mut rest = vec![Inline::Text { text: " ".to_owned() }];
    rest.extend_from_slice(inlines);
    view! {
        <strong class="item-title">{title.to_owned()}</strong>
        {inlines_view(&rest)}
    }
}

fn list_item(item: &ListItem) -> impl IntoView + use<> {
    match &item.title {
        Some(title) => view! { <li class="titled">{titled(title, &item.inlines)}</li> }.into_any(),
        None => view! { <li>{inlines_view(&item.inlines)}</li> }.into_any(),
    }
}

fn step_item(step: &Step) -> impl IntoView + use<> {
    let checklist = href(crate::dom::base_path(), Page::Checklist.path().unwrap_or("/"));
    view! {
        <li class="titled" id=step.id.clone()>
            <p>{titled(&step.title, &step.inlines)}</p>
            <p class="step-link">
                <a href=checklist>"Tick off “"{step.title.clone()}"” in your checklist"</a>
            </p>
        </li>
    }
}

/// One block of the article.
pub fn block_view(block: &Block) -> impl IntoView + use<> {
    match block {
        Block::Heading { id, text } => view! { <h2 id=id.clone()>{text.clone()}</h2> }.into_any(),
        Block::Paragraph { inlines } => view! { <p>{inlines_view(inlines)}</p> }.into_any(),
        Block::List { items } => view! { <ul>{items.iter().map(list_item).collect_view()}</ul> }.into_any(),
        Block::Steps { steps } => {
            view! { <ul class="steps">{steps.iter().map(step_item).collect_view()}</ul> }.into_any()
        }
        Block::CallToAction { inlines } => {
            view! { <p class="call-to-action">{inlines_view(inlines)}</p> }.into_any()
        }
        Block::Faq { entries } => view! { <FaqList entries=entries.clone() /> }.into_any(),
        Block::Newsletter { inlines } => {
            view! { <p class="newsletter no-print">{inlines_view(inlines)}</p> }.into_any()
        }
    }
}
