//! Renders the content model's typed blocks as DOM: text nodes and a few
//! elements, never `inner_html`.

use leptos::either::either;
use leptos::prelude::*;

use crate::app::link_target;
use crate::domain::content::{Block, ListItem, Step};
use crate::domain::routes::{Page, page_href};
use crate::pages::faq::FaqList;
use crate::pages::inline::{inlines_view, lead_in_and_text};

fn list_item(item: &ListItem) -> impl IntoView + use<> {
    either!(&item.title,
        Some(title) => view! { <li class="titled">{lead_in_and_text(title, &item.inlines)}</li> },
        None => view! { <li>{inlines_view(&item.inlines)}</li> },
    )
}

fn step_item(step: &Step) -> impl IntoView + use<> {
    let checklist = page_href(Page::Checklist);
    view! {
        <li class="titled" id=step.id.clone()>
            <p>{lead_in_and_text(&step.title, &step.inlines)}</p>
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
