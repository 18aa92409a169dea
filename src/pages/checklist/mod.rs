//! The coping checklist for the current session: steps to tick, moods,
//! notes, the step editor, help when the mood drops, saving a finished
//! session, and the client's data.

mod data;
mod lock;
mod steps;

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;

use crate::app::link_target;
use crate::browser::dom::{focus_by_id, use_title};
use crate::domain::content::{Content, plain_text};
use crate::domain::dates::day_label;
use crate::domain::journal::default_steps;
use crate::domain::routes::{Page, page_href};
use crate::state::content_context::WithContent;
use crate::state::journal_store::{JournalStore, new_id, today};

use crate::pages::widgets::{QuickExit, SessionFields, StorageLine, StorageNotices, lock_gate, start_store};

/// The checklist page.
#[component]
pub fn ChecklistPage() -> impl IntoView {
    use_title(|| Page::Checklist.title(""));
    // While locked, only the unlock form: nothing of the journal.
    let render = |content: Arc<Content>| {
        let exit_url = content.exit_url.clone();
        view! {
            <QuickExit exit_url />
            {lock_gate(move || view! { <Checklist content=content.clone() /> })}
        }
    };
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
    // None of these shows a tick: a tick re-runs none of them.
    let current_id = Memo::new(move |_| store.journal_except_ticks().with(|j| j.current.value.clone()));
    // What the session finished last wanted to bring up, for the new one.
    let raised_last_time = Memo::new(move |_| {
        store.journal_except_ticks().with(|j| {
            j.history()
                .into_iter()
                .max_by_key(|s| s.created)
                .map(|s| s.bring_up.text().trim().to_owned())
                .filter(|text| !text.is_empty())
        })
    });
    let past = Memo::new(move |_| store.journal_except_ticks().with(|j| j.history().len()));
    let help = content.help.clone();
    let prompts = content.checklist.clone();
    let history_href = page_href(Page::History);
    // Polite, and on the page from its first render, so that the help
    // prompt's arrival is announced.
    let announce = RwSignal::new(String::new());
    // The session just saved: its id and date, for the confirmation.
    let finished = RwSignal::new(None::<(String, String)>);

    let finish = move |_| {
        let Some(saved) = store
            .journal()
            .with_untracked(|j| j.current().map(|s| (s.id.clone(), s.date.value.clone())))
        else {
            return;
        };
        let result = store.update(|journal, now| {
            journal.start_new_session(new_id("s"), today(), now);
            Ok(())
        });
        if result.is_ok() {
            finished.set(Some(saved));
            request_animation_frame(|| focus_by_id(SAVED_PANEL));
        }
    };
    let confirmation = move || {
        finished.get().map(|(id, date)| {
            let day = day_label(&date);
            let href = format!("{}#session-{id}", page_href(Page::History));
            view! {
                <div class="panel-confirm" id=SAVED_PANEL tabindex="-1" aria-labelledby="session-saved-title">
                    <h3 id="session-saved-title">"Session saved"</h3>
                    <p>
                        "Your session of " {day.clone()} " is kept in your past sessions. "
                        "Below is a fresh checklist for next time."
                    </p>
                    <p><a href=href target=link_target(Page::History)>{format!("Read the session of {day}")}</a></p>
                </div>
            }
        })
    };
    let defaults_for_steps = defaults.clone();
    view! {
        <StorageNotices />
        <section aria-labelledby="this-session">
            <h2 id="this-session">"This session"</h2>
            {confirmation}
            <steps::StepList descriptions defaults=defaults.clone() />
            <p class="visually-hidden" role="status">{move || announce.get()}</p>
            // Keyed by the session's id: the fields of a new session are
            // built afresh, never renamed in place (see `SessionFields`).
            <For
                each=move || std::iter::once(current_id.get())
                key=|id| id.clone()
                children=move |session_id| {
                    view! {
                        <SessionFields
                            session_id
                            help=help.clone()
                            announce
                            raised_last_time=raised_last_time.into()
                            prompts=prompts.clone()
                        />
                    }
                }
            />
            <p>
                <button
                    type="button"
                    class="button"
                    disabled=move || !store.ready().get()
                    on:click=finish
                >
                    "Save and finish this session"
                </button>
            </p>
            <p class="hint">
                "This keeps the session in "
                <a href=history_href.clone() target=link_target(Page::History)>
                    {move || format!("your past sessions ({})", past.get())}
                </a>" and gives you a fresh checklist with the same steps."
            </p>
        </section>
        <steps::StepEditor defaults=defaults_for_steps />
        <data::YourData defaults />
    }
}

/// The id of the confirmation shown once a session is saved.
const SAVED_PANEL: &str = "session-saved";
