//! The coping checklist for the current session: steps to tick, moods,
//! notes, the step editor, help when the mood drops, and the client's data.

mod data;
mod fields;
mod steps;

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;

use crate::browser::dom::use_title;
use crate::domain::content::{Content, plain_text};
use crate::domain::journal::default_steps;
use crate::domain::routes::{Page, href};
use crate::state::content_context::WithContent;
use crate::state::journal_store::{JournalStore, SaveStatus, new_id, today};

pub use fields::SessionFields;

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

/// Where the data lives; before the app runs, that ticking needs it.
#[component]
pub fn StorageLine() -> impl IntoView {
    view! {
        <p class="storage-line">
            <span class="before-app">
                "Ticking steps needs JavaScript, which is off or still loading. You can read the steps below."
            </span>
            <span class="with-app">
                "Everything here stays only in this browser, on this device. Nothing is sent anywhere."
            </span>
        </p>
    }
}

/// Starts the store once the page is in the browser.
pub fn start_store(store: JournalStore, content: &Content) {
    let defaults = default_steps(content.article.steps());
    Effect::new(move |_| store.start(defaults.clone()));
}

/// The lasting notices: not saving, unreadable data found.
#[component]
pub fn StorageNotices() -> impl IntoView {
    let store = JournalStore::use_context();
    let not_saved = move || match store.status.get() {
        SaveStatus::NotSaved(reason) => Some(view! {
            <div class="notice notice-warning" role="alert">
                <p>
                    <strong>"Your checklist is not being saved: "</strong>
                    {reason}
                    ". It works for now, but it will be gone when you close this page. “Download my data” on the checklist page keeps a copy."
                </p>
            </div>
        }),
        SaveStatus::Saved => None,
    };
    let unreadable = move || {
        store.unreadable.get().map(|u| {
            let kept = match &u.backup_key {
                Some(key) => format!("The old data is kept unchanged in this browser (under “{key}”)."),
                None => "The old data is left in place, untouched.".to_owned(),
            };
            let raw = u.raw.clone();
            view! {
                <div class="notice notice-warning" role="alert">
                    <p>
                        "The checklist saved in this browser could not be read (" {u.reason.clone()}
                        "), so you are starting with a fresh one. " {kept}
                    </p>
                    <button
                        type="button"
                        class="button-quiet"
                        on:click=move |_| {
                            // If the browser refuses, the data still stays in its backup key.
                            let _ = crate::browser::dom::download("after-the-session-unreadable.txt", &raw, "text/plain");
                        }
                    >
                        "Download the unreadable data"
                    </button>
                </div>
            }
        })
    };
    view! {
        {not_saved}
        {unreadable}
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
    let history_href = href(
        crate::domain::routes::base_path(),
        Page::History.path().unwrap_or("/"),
    );
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
    let help_page = href(
        crate::domain::routes::base_path(),
        Page::Help.path().unwrap_or("/"),
    );
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
