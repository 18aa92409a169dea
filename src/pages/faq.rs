//! The FAQ: native `<details>` (readable and operable without JavaScript),
//! with anchors that open a question, "Expand all" and "Collapse all".

use std::sync::Arc;

use leptos::either::either;
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::browser::dom::{current_hash, is_open, replace_hash, reveal, use_title};
use crate::domain::content::{Content, FaqEntry};
use crate::domain::routes::{Page, page_href};
use crate::pages::inline::inlines_view;
use crate::state::content_context::WithContent;

/// The FAQ page.
#[component]
pub fn FaqPage() -> impl IntoView {
    use_title(|| Page::Faq.title(""));
    let render = |content: Arc<Content>| {
        view! {
            <p class="lead">
                "Questions readers ask about feeling worse after therapy, from the article "
                <a href=page_href(Page::Article)>{content.article.short_title().to_owned()}</a>"."
            </p>
            <FaqList entries=content.article.faq().to_vec() question_level=2 />
        }
    };
    view! {
        <article class="page">
            <h1>{Page::Faq.heading()}</h1>
            <WithContent render />
        </article>
    }
}

/// Opens the question named by the address's fragment, if it is one of these.
fn open_from_hash(items: &[(String, RwSignal<bool>)]) {
    let hash = current_hash();
    if let Some((id, open)) = items.iter().find(|(id, _)| *id == hash) {
        open.set(true);
        reveal(id.clone(), "summary");
    }
}

fn question_heading(level: u8, number: usize, question: String) -> impl IntoView {
    let number = format!("{number}. ");
    either!(level,
        2 => view! { <h2 class="faq-question"><span class="faq-number">{number}</span>{question}</h2> },
        _ => view! { <h3 class="faq-question"><span class="faq-number">{number}</span>{question}</h3> },
    )
}

/// The questions, each closed at first.
#[component]
pub fn FaqList(
    entries: Vec<FaqEntry>,
    /// The questions' heading level: 2 on a page of their own, 3 inside the article.
    #[prop(default = 3)]
    question_level: u8,
) -> impl IntoView {
    let items: Vec<(FaqEntry, RwSignal<bool>)> =
        entries.into_iter().map(|e| (e, RwSignal::new(false))).collect();
    let by_id: Vec<(String, RwSignal<bool>)> = items.iter().map(|(e, open)| (e.id.clone(), *open)).collect();
    let opens: Vec<RwSignal<bool>> = items.iter().map(|(_, open)| *open).collect();

    Effect::new(move |_| {
        // Opened by the reader before the app ran (hydration leaves the
        // `open` attribute as it finds it).
        for (id, open) in &by_id {
            if is_open(id) {
                open.set(true);
            }
        }
        open_from_hash(&by_id);
        let by_id = by_id.clone();
        let handle = window_event_listener(ev::hashchange, move |_| open_from_hash(&by_id));
        on_cleanup(move || handle.remove());
    });

    let set_all = move |value: bool| {
        let opens = opens.clone();
        move |_| {
            for open in &opens {
                open.set(value);
            }
            // The address no longer points at one open question.
            if !value {
                replace_hash(None);
            }
        }
    };

    let list = items
        .into_iter()
        .enumerate()
        .map(|(index, (entry, open))| view! { <FaqItem entry open number=index + 1 question_level /> })
        .collect_view();

    view! {
        <div class="faq">
            <div class="faq-tools needs-js">
                <button type="button" class="button-quiet" on:click=set_all(true)>
                    "Expand all"
                </button>
                <button type="button" class="button-quiet" on:click=set_all(false)>
                    "Collapse all"
                </button>
            </div>
            {list}
        </div>
    }
}

/// One question: a native `<details>` whose opening follows `open` and, when
/// the reader opens or closes it, the address's fragment.
#[component]
fn FaqItem(entry: FaqEntry, open: RwSignal<bool>, number: usize, question_level: u8) -> impl IntoView {
    let FaqEntry { id, question, answer } = entry;
    let fragment = id.clone();
    let on_toggle = move |ev: ev::Event| {
        let Some(details) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok())
        else {
            return;
        };
        let now_open = details.open();
        // A toggle the reader made (not "Expand all" or a deep link, which
        // set the signal first) updates the address.
        if open.get_untracked() != now_open {
            open.set(now_open);
            if now_open {
                replace_hash(Some(&fragment));
            } else if current_hash() == fragment {
                replace_hash(None);
            }
        }
    };
    let paragraphs = answer
        .iter()
        .map(|paragraph| view! { <p>{inlines_view(paragraph)}</p> })
        .collect_view();
    view! {
        <details class="faq-item" id=id open=move || open.get() on:toggle=on_toggle>
            <summary>{question_heading(question_level, number, question)}</summary>
            <div class="faq-answer">{paragraphs}</div>
        </details>
    }
}
