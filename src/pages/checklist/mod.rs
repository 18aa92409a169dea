//! The coping checklist for the current session: steps to tick, moods,
//! notes, the step editor, help when the mood drops, and the client's data.

mod data;
mod steps;

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;

use crate::browser::dom::use_title;
use crate::domain::content::{Content, plain_text};
use crate::domain::journal::default_steps;
use crate::domain::routes::{Page, page_href};
use crate::state::content_context::WithContent;
use crate::state::journal_store::{JournalStore, new_id, today};

use crate::pages::widgets::{SessionFields, StorageLine, StorageNotices, start_store};

/// The checklist page.
#[component]
pub fn ChecklistPage() -> impl IntoView {
    use_title(|| Page::Checklist.title(""));
    let render = |content: Arc<Content>| view! { <Checklist content /> };
    view! {
        <article class="page checklist">
            <h1>{Page::Checklist.heading()}</h1>
            <StorageLine />
            <WithContent render />
        </article>
    }
}

#[component]
fn Checklist(content: Arc<Content>) -> impl IntoView {
    let store = JournalStore::use_context();
    start_store(store, &content);
    let descriptions: HashMap<String, String> = content
        .article
        .steps()
        .iter()
        .map(|s| (s.id.clone(), plain_text(&s.inlines)))
        .collect();
    let defaults = default_steps(content.article.steps());
    let current_id = Memo::new(move |_| store.journal.with(|j| j.current.value.clone()));
    // The current session's id while its moods call for the help prompt.
    let needs_help = Memo::new(move |_| {
        store
            .journal
            .with(|j| j.current().filter(|s| s.needs_help()).map(|s| s.id.clone()))
    });
    let help = content.help.clone();
    let history_href = page_href(Page::History);
    let past = Memo::new(move |_| store.journal.with(|j| j.history().len()));

    let start_new = move |_| {
        let _ = store.update(|journal, now| {
            journal.start_new_session(new_id("s"), today(), now);
            Ok(())
        });
    };
    let defaults_for_steps = defaults.clone();
    view! {
        <StorageNotices />
        <section aria-labelledby="this-session">
            <h2 id="this-session">"This session"</h2>
            <steps::StepList descriptions defaults=defaults.clone() />
            <HelpPrompt help needs_help />
            {move || {
                let id = current_id.get();
                view! { <SessionFields session_id=id /> }
            }}
            <p>
                <button
                    type="button"
                    class="button"
                    disabled=move || !store.ready.get()
                    on:click=start_new
                >
                    "Start a new session"
                </button>
            </p>
            <p class="hint">
                "Starting a new session keeps this one in "
                <a href=history_href.clone()>
                    {move || format!("your past sessions ({})", past.get())}
                </a>" and gives you a fresh checklist with the same steps."
            </p>
        </section>
        <steps::StepEditor defaults=defaults_for_steps />
        <data::YourData defaults />
    }
}

/// Shown, calmly and without blocking anything, when the mood after a
/// session is at the lowest point or two points lower than before.
#[component]
fn HelpPrompt(help: crate::domain::content::Help, needs_help: Memo<Option<String>>) -> impl IntoView {
    let dismissed = RwSignal::new(Vec::<String>::new());
    let show = move || needs_help.get().filter(|id| !dismissed.with(|d| d.contains(id)));
    let help_page = page_href(Page::Help);
    move || {
        show().map(|id| {
            let call = help.call.clone().map(|n| view! { <li><a href=format!("tel:{n}")>{format!("Call {n}")}</a></li> });
            let text = help.text.clone().map(|n| view! { <li><a href=format!("sms:{n}")>{format!("Text {n}")}</a></li> });
            view! {
                <aside class="help-prompt" role="status" aria-labelledby="help-prompt-title">
                    <h3 id="help-prompt-title">"That sounds like a hard session"</h3>
                    <p>
                        "Feeling low afterwards is common and often passes. If it feels like too much, you can reach the "
                        {help.crisis_line.clone()} " at any hour, or your therapist."
                    </p>
                    <ul class="help-actions">
                        {call}
                        {text}
                        <li><a href=help_page.clone()>"More ways to get help now"</a></li>
                    </ul>
                    <button
                        type="button"
                        class="button-quiet"
                        on:click=move |_| dismissed.update(|d| d.push(id.clone()))
                    >
                        "Hide this"
                    </button>
                </aside>
            }
        })
    }
}
