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
use crate::browser::dom::{focus_next_frame, focus_next_frame_if_lost, use_title};
use crate::domain::content::{Content, plain_text};
use crate::domain::dates::day_label;
use crate::domain::journal::{default_steps, next_session_id};
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
    let generation = Memo::new(move |previous: Option<&Generation>| {
        let ready_id = store.ready().get().then(|| current_id.get());
        next_generation(previous, ready_id)
    });
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
    // The session just saved: its id and date, for the confirmation, and
    // whether another window saved it.
    let finished = RwSignal::new(None::<Finished>);
    // This window's own "Save and finish" is under way.
    let finishing_here = StoredValue::new(false);
    // Its own polite live region: the help prompt's is cleared as the next
    // session's fields are built.
    let told = RwSignal::new(String::new());
    // The id of the session field (date, mood, note) that last had the
    // keyboard focus and still has it, so that it gets it back when the
    // fields are built afresh for a session begun in another window.
    let focused_field = StoredValue::new(None::<String>);

    let finish = move |_| {
        let Some(saved) = store.journal().with_untracked(|j| {
            j.current().map(|s| Finished {
                id: s.id.clone(),
                date: s.date.value.clone(),
                elsewhere: false,
            })
        }) else {
            return;
        };
        finishing_here.set_value(true);
        let result = store.update(|journal, now| {
            journal.finish_current(new_id("s"), today(), now);
            Ok(())
        });
        if result.is_ok() {
            finished.set(Some(saved));
            focus_next_frame(SAVED_PANEL);
        } else {
            finishing_here.set_value(false);
        }
    };
    // The session shown here finished in another window: said here, in
    // words and to a screen reader, so that words typed on in this window
    // are not found, unexplained, in the next session. Finished, because
    // the new session is the one "Save and finish" derives from it (an
    // import or "Delete everything" makes others).
    Effect::new(move |previous: Option<Option<String>>| {
        let id = generation.get().0;
        let here = finishing_here.get_value();
        finishing_here.set_value(false);
        let changed = matches!((&previous, &id), (Some(Some(old)), Some(new)) if old != new);
        if changed && !here {
            // Another window's change (a finish, an import, "Delete
            // everything"): a confirmation shown here is of the old
            // session, and the field being written in was built afresh.
            finished.set(None);
            told.set(String::new());
            if let Some(field) = focused_field.get_value() {
                focus_next_frame_if_lost(field);
            }
        }
        if let (Some(Some(old)), Some(new), false) = (&previous, &id, here)
            && *new == next_session_id(old)
        {
            let kept = store.journal_except_ticks().with_untracked(|j| {
                j.history()
                    .into_iter()
                    .find(|s| s.id == *old)
                    .map(|s| s.date.value.clone())
            });
            if let Some(date) = kept {
                told.set(format!(
                    "Your session of {} was saved and finished in another window. The checklist now shows the next session.",
                    day_label(&date)
                ));
                finished.set(Some(Finished {
                    id: old.clone(),
                    date,
                    elsewhere: true,
                }));
            }
        }
        id
    });
    let confirmation = move || {
        finished.get().map(|Finished { id, date, elsewhere }| {
            let day = day_label(&date);
            let href = format!("{}#session-{id}", page_href(Page::History));
            let (title, said) = if elsewhere {
                (
                    "Session saved in another window",
                    format!(
                        "Your session of {day} was saved and finished in another window. What you wrote in it is kept there; what you write now goes to the fresh checklist below."
                    ),
                )
            } else {
                (
                    "Session saved",
                    format!("Your session of {day} is kept in your past sessions. Below is a fresh checklist for next time."),
                )
            };
            view! {
                <div class="panel-confirm" id=SAVED_PANEL tabindex="-1" aria-labelledby="session-saved-title">
                    <h3 id="session-saved-title">{title}</h3>
                    <p>{said}</p>
                    <p><a href=href target=link_target(Page::History)>{format!("Read the session of {day}")}</a></p>
                </div>
            }
        })
    };
    let defaults_for_steps = defaults.clone();
    view! {
        <StorageNotices />
        <section
            aria-labelledby="this-session"
            on:focusin=move |ev| {
                let id = event_target::<web_sys::Element>(&ev).id();
                let field = ["date-", "mood-", "bring-up-", "journal-"].iter().any(|p| id.starts_with(p));
                focused_field.set_value(field.then_some(id));
            }
            on:focusout=move |ev: leptos::ev::FocusEvent| {
                // Left for another control (a field taken away with its
                // session has none to go to).
                if ev.related_target().is_some() {
                    focused_field.set_value(None);
                }
            }
        >
            <h2 id="this-session">"This session"</h2>
            {confirmation}
            <steps::StepList descriptions defaults=defaults.clone() />
            <p class="visually-hidden" role="status">{move || announce.get()}</p>
            <p class="visually-hidden" role="status">{move || told.get()}</p>
            // Built afresh for each new session (finished, imported, erased),
            // but not when the journal is read at load: the prerendered
            // fields then take the stored session by `current_id`.
            <For
                each=move || std::iter::once(generation.get().1)
                key=|generation| *generation
                children=move |_| {
                    view! {
                        <SessionFields
                            session_id=current_id
                            dom_key="current".to_owned()
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
                    // The count once storage is read: before, it is not known.
                    "your past sessions"
                    {move || store.ready().get().then(|| format!(" ({})", past.get()))}
                </a>" and gives you a fresh checklist with the same steps."
            </p>
        </section>
        <steps::StepEditor defaults=defaults_for_steps />
        <data::YourData defaults />
    }
}

/// A session saved by "Save and finish", for its confirmation.
#[derive(Clone, Debug)]
struct Finished {
    id: String,
    date: String,
    /// Saved by another window of the app, not this one.
    elsewhere: bool,
}

/// The current session's id once the journal is read, and how many other
/// sessions were current before it on this page.
type Generation = (Option<String>, u32);

/// A new generation when the current session's id changes after the journal
/// was first read; the first read itself (or the store's going unready, as
/// under a lock) keeps the generation.
fn next_generation(previous: Option<&Generation>, ready_id: Option<String>) -> Generation {
    match (previous, ready_id) {
        (None, id) => (id, 0),
        (Some((seen, n)), None) => (seen.clone(), *n),
        (Some((Some(seen), n)), Some(id)) if *seen != id => (Some(id), n + 1),
        (Some((_, n)), Some(id)) => (Some(id), *n),
    }
}

/// The id of the confirmation shown once a session is saved.
const SAVED_PANEL: &str = "session-saved";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fields_are_rebuilt_for_a_new_session_but_not_for_the_first_read() {
        let start = next_generation(None, None);
        assert_eq!(start, (None, 0), "prerendered: no session yet");
        let read = next_generation(Some(&start), Some("s-1".into()));
        assert_eq!(read.1, 0, "reading the journal keeps the hydrated fields");
        let same = next_generation(Some(&read), Some("s-1".into()));
        assert_eq!(same, read, "an edit to the same session keeps them");
        let finished = next_generation(Some(&same), Some("s-2".into()));
        assert_eq!(finished, (Some("s-2".into()), 1), "a new session is built afresh");
        let locked = next_generation(Some(&finished), None);
        assert_eq!(locked, finished, "going unready (locked) keeps the generation");
        let unlocked = next_generation(Some(&locked), Some("s-2".into()));
        assert_eq!(unlocked.1, 1, "unlocking the same session keeps the fields");
        let other = next_generation(Some(&unlocked), Some("s-9".into()));
        assert_eq!(other.1, 2, "another session after unlocking is new");
    }
}
