//! One past session in the list: a summary in words, and when opened a
//! read-only view of it with "Edit" (its fields) and "Delete".

use std::collections::HashMap;

use leptos::either::Either;
use leptos::prelude::*;

use super::{Summary, row_id};
use crate::browser::dom::{focus_next_frame, reveal};
use crate::domain::dates::day_label_with_year;
use crate::domain::journal::{Mood, Session};
use crate::domain::words::count;
use crate::pages::widgets::{SessionFields, mood_word};
use crate::state::journal_store::JournalStore;

/// "low", or "not noted".
fn word(mood: Option<Mood>) -> &'static str {
    mood.map_or("not noted", mood_word)
}

/// "Thu 19 Nov 2026 · low → good · 2 of 4 steps", with the arrow read as "to"
/// (a screen reader would say "right arrow"); each part stays on one line.
fn summary_line(s: &Summary) -> impl IntoView + use<> {
    let moods = match (s.before, s.after) {
        (None, None) => Either::Left("mood not noted"),
        (before, after) => Either::Right(view! {
            {word(before)} " " <span aria-hidden="true">"→"</span>
            <span class="visually-hidden">"to"</span> " " {word(after)}
        }),
    };
    let steps = format!("{} of {}", s.done, count(s.total, "step", "steps"));
    view! {
        <span class="session-date">{day_label_with_year(&s.date)}</span>
        <span class="sep" aria-hidden="true">" · "</span>
        <span class="session-moods">{moods}</span>
        <span class="sep" aria-hidden="true">" · "</span>
        <span class="session-steps">{steps}</span>
    }
}

/// The session as it was written, to read.
fn read_only(s: &Session) -> impl IntoView + use<> {
    let ticked: Vec<String> = s
        .steps
        .list()
        .into_iter()
        .filter(|step| s.is_ticked(&step.id))
        .map(|step| step.text.clone())
        .collect();
    let ticked = if ticked.is_empty() {
        Either::Left(view! { <dd>"None"</dd> })
    } else {
        Either::Right(view! {
            <dd>
                <ul class="ticked-steps">
                    {ticked.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}
                </ul>
            </dd>
        })
    };
    let note = |text: &str| match text.trim() {
        "" => Either::Left(view! { <dd class="nothing">"Nothing written"</dd> }),
        text => Either::Right(view! { <dd class="note">{text.to_owned()}</dd> }),
    };
    view! {
        <dl class="session-read">
            <dt>"Steps ticked"</dt>
            {ticked}
            <dt>"Mood"</dt>
            <dd>
                {format!("{} before, {} after", word(s.mood_before.value), word(s.mood_after.value))}
            </dd>
            <dt>"To bring up next time"</dt>
            {note(s.bring_up.text())}
            <dt>"Private journal note"</dt>
            {note(s.private_note.text())}
        </dl>
    }
}

/// A past session's row. `summaries` holds every row's summary by session
/// id, so the line follows edits made with the row open. The row opens
/// itself when `target` names its session.
#[component]
pub(super) fn SessionRow(
    summary: Summary,
    summaries: Memo<HashMap<String, Summary>>,
    delete: Callback<Summary>,
    target: RwSignal<Option<String>>,
) -> impl IntoView {
    let store = JournalStore::use_context();
    let open = RwSignal::new(false);
    let editing = RwSignal::new(false);
    let id = StoredValue::new(summary.id.clone());
    let summary = Memo::new(move |_| {
        id.with_value(|id| summaries.with(|all| all.get(id).cloned()))
            .unwrap_or_else(|| summary.clone())
    });
    // Read only while the row is open.
    let session = Memo::new(move |_| {
        open.get()
            .then(|| {
                store
                    .journal()
                    .with(|j| id.with_value(|id| j.session(id).cloned()))
            })
            .flatten()
    });
    Effect::new(move |_| {
        if target.with(|t| id.with_value(|id| t.as_deref() == Some(id))) {
            open.set(true);
            reveal(id.with_value(|id| row_id(id)), "summary");
        }
    });
    let (edit_id, done_id) = id.with_value(|id| (format!("edit-{id}"), format!("done-{id}")));
    // Into the first field, and back to "Edit" when done.
    let edit = move |_| {
        editing.set(true);
        let date = id.with_value(|id| format!("date-{id}"));
        focus_next_frame(date);
    };
    let finish_editing = {
        let edit_id = edit_id.clone();
        move |_| {
            editing.set(false);
            let edit_id = edit_id.clone();
            focus_next_frame(edit_id);
        }
    };
    let body = move || {
        if !open.get() {
            return None;
        }
        Some(if editing.get() {
            Either::Left(view! {
                <SessionFields session_id=id.get_value() dom_key=id.get_value() />
                <p>
                    <button type="button" class="button" id=done_id.clone() on:click=finish_editing.clone()>
                        "Done"
                    </button>
                </p>
            })
        } else {
            Either::Right(view! {
                {move || session.with(|s| s.as_ref().map(read_only))}
                <p class="row-buttons">
                    <button type="button" class="button" id=edit_id.clone() on:click=edit>
                        "Edit"
                    </button>
                    <button
                        type="button"
                        class="button-quiet danger"
                        on:click=move |_| delete.run(summary.get_untracked())
                    >
                        "Delete this session"
                    </button>
                </p>
            })
        })
    };
    view! {
        <li id=id.with_value(|id| row_id(id))>
            <details
                prop:open=move || open.get()
                on:toggle=move |ev| {
                    let is_open = event_target::<web_sys::HtmlDetailsElement>(&ev).open();
                    open.set(is_open);
                    if !is_open {
                        editing.set(false);
                    }
                }
            >
                <summary>{move || summary.with(summary_line)}</summary>
                {body}
            </details>
        </li>
    }
}
