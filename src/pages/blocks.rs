//! Renders the content model's typed blocks as DOM: text nodes and a few
//! elements, never `inner_html`.

use leptos::either::either;
use leptos::prelude::*;

use crate::app::link_target;
use crate::domain::content::{Block, Inline, ListItem, Step, render_runs};
use crate::domain::routes::{Page, href};
use crate::pages::faq::FaqList;

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
fn titled(title: &str, inlines: &[Inline]) -> impl IntoView + use<> {
    let mut rest = vec![Inline::Text { text: " ".to_owned() }];
    rest.extend_from_slice(inlines);
    view! {
        <strong class="item-title">{title.to_owned()}</strong>
        {inlines_view(&rest)}
    }
}

fn list_item(item: &ListItem) -> impl IntoView + use<> {
    either!(&item.title,
        Some(title) => view! { <li class="titled">{titled(title, &item.inlines)}</li> },
        None => view! { <li>{inlines_view(&item.inlines)}</li> },
    )
}

fn step_item(step: &Step) -> impl IntoView + use<> {
    let checklist = href(
        crate::domain::routes::base_path(),
        Page::Checklist.path().unwrap_or("/"),
    );
    view! {
        <li class="titled" id=step.id.clone()>
            <p>{titled(&step.title, &step.inlines)}</p>
            <p class="step-link">
                <a href=checklist target=link_target(Page::Checklist)>"Tick off “"{step.title.clone()}"” in your checklist"</a>
            </p>
        </li>
    }
}

/// One block of the article.
pub fn block_view(block: &Block) -> impl IntoView + use<> {
    either!(block,
        Block::Heading { id, text } => view! { <h2 id=id.clone()>{text.clone()}</h2> },
        Block::Paragraph { inlines } => view! { <p>{inlines_view(inlines)}</p> },
        Block::List { items } => view! { <ul>{items.iter().map(list_item).collect_view()}</ul> },
        Block::Steps { steps } => view! { <ul class="steps">{steps.iter().map(step_item).collect_view()}</ul> },
        Block::CallToAction { inlines } => view! { <p class="call-to-action">{inlines_view(inlines)}</p> },
        Block::Faq { entries } => view! { <FaqList entries=entries.clone() /> },
        Block::Newsletter { inlines } => view! { <p class="newsletter no-print">{inlines_view(inlines)}</p> },
    )
}
