//! Past sessions, newest first, with a chart of moods before and after and
//! the same figures as a table.

mod chart;
mod row;

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;

use crate::app::link_target;
use leptos_router::hooks::use_location;

use crate::browser::dom::{focus_next_frame, focus_next_frame_if_lost, reveal, use_title};
use crate::domain::content::Content;
use crate::domain::dates::day_label_with_year;
use crate::domain::journal::{Session, UNDO_WINDOW_MS};
use crate::domain::routes::{Page, page_href};
use crate::pages::widgets::{QuickExit, StorageLine, StorageNotices, lock_gate, start_store};
use crate::state::content_context::WithContent;
use crate::state::journal_store::JournalStore;
use chart::MoodChart;
use row::SessionRow;

#[component]
pub fn HistoryPage() -> impl IntoView {
    use_title(|| Page::History.title(""));
    let render = |content: Arc<Content>| {
        start_store(JournalStore::use_context(), &content);
        // While locked, only the unlock form: nothing of the journal.
        view! {
            <QuickExit exit_url=content.exit_url.clone() />
            {lock_gate(|| view! { <History /> })}
        }
    };
    view! {
        <article class="page history">
            <h1>{Page::History.heading()}</h1>
            <StorageLine before_app="Your past sessions are read from this browser’s storage, which needs JavaScript: it is off or still loading." />
            <WithContent render />
        </article>
    }
}

/// The Undo button shown after the session `id` is deleted.
fn undo_button(id: &str) -> String {
    format!("undo-delete-{id}")
}
/// Why an Undo came too late; focused as it says so.
const TOO_LATE: &str = "undo-too-late";

/// Rows drawn at first and added by "Show more": a long history costs what
/// a screenful costs; "Show all" draws the rest (for find in page).
const ROWS: usize = 25;

/// The id of a past session's row (`#session-<id>` opens it).
pub(crate) fn row_id(session_id: &str) -> String {
    format!("session-{session_id}")
}

/// What a row shows without opening it.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Summary {
    pub(super) id: String,
    pub(super) date: String,
    pub(super) done: usize,
    pub(super) total: usize,
    pub(super) before: Option<u8>,
    pub(super) after: Option<u8>,
}

impl Summary {
    fn of(s: &Session) -> Summary {
        let (done, total) = s.progress();
        Summary {
            id: s.id.clone(),
            date: s.date.value.clone(),
            done,
            total,
            before: s.mood_before.value,
            after: s.mood_after.value,
        }
    }
}

#[component]
fn History() -> impl IntoView {
    let store = JournalStore::use_context();
    let past = Memo::new(move |_| {
        store
            .journal()
            .with(|j| j.history().into_iter().map(Summary::of).collect::<Vec<_>>())
    });
    // Each row's summary by session id: a row looks its own up, and is told
    // only when some summary changes (not on every keystroke).
    let summaries = Memo::new(move |_| {
        past.with(|p| {
            p.iter()
                .map(|s| (s.id.clone(), s.clone()))
                .collect::<HashMap<_, _>>()
        })
    });
    // The session the address points at (`#session-<id>`, from the
    // checklist's confirmation), opened once the journal is read.
    let target = RwSignal::new(None::<String>);
    let hash = use_location().hash;
    Effect::new(move |_| {
        if store.ready().get() {
            let hash = hash.get();
            if let Some(id) = hash.trim_start_matches('#').strip_prefix("session-") {
                target.set(Some(id.to_owned()));
            }
        }
    });
    // The newest `shown` rows are drawn; a session the address points at is
    // drawn however far down it is.
    let shown = RwSignal::new(ROWS);
    Effect::new(move |_| {
        if let Some(id) = target.get()
            && let Some(at) = past.with(|p| p.iter().position(|s| s.id == id))
            && at >= shown.get_untracked()
        {
            shown.set(at + 1);
        }
    });
    let rows = Memo::new(move |_| {
        let n = shown.get();
        past.with(|p| p.iter().take(n).cloned().collect::<Vec<_>>())
    });
    // More rows; focus goes to the first new one, so the reader's place is kept.
    let more = move |n: usize| {
        let first_new = shown.get_untracked();
        shown.update(|s| *s += n);
        if let Some(id) = past.with_untracked(|p| p.get(first_new).map(|s| s.id.clone())) {
            reveal(row_id(&id), "summary");
        }
    };
    let show_more = move || {
        let total = past.with(Vec::len);
        let now = shown.get().min(total);
        (now < total).then(|| {
            view! {
                <p class="show-more">
                    {format!("Showing the newest {now} of {total} sessions. ")}
                    <button type="button" class="button-quiet" on:click=move |_| more(ROWS)>
                        {format!("Show {} more", (total - now).min(ROWS))}
                    </button>
                    " "
                    <button type="button" class="button-quiet" on:click=move |_| more(total)>
                        "Show all"
                    </button>
                </p>
            }
        })
    };
    // Each deletion keeps its Undo, newest first, until it is used (or the
    // reader leaves the page): deleting a second session does not take the
    // way back from the first.
    let undo = RwSignal::new(Vec::<Deleted>::new());
    // Said when an Undo came too late (the session's words are purged once
    // its undo window has passed, at the next save).
    let too_late = RwSignal::new(None::<String>);
    let checklist = page_href(Page::Checklist);
    let delete = Callback::new(move |summary: Summary| {
        too_late.set(None);
        if store.update(|j, now| j.delete_session(&summary.id, now)).is_ok() {
            let button = undo_button(&summary.id);
            undo.update(|u| {
                u.retain(|d| d.summary.id != summary.id);
                u.insert(
                    0,
                    Deleted {
                        summary,
                        elsewhere: false,
                    },
                );
            });
            // The row (and its button) is gone: focus goes to the way back.
            focus_next_frame(&button);
        }
    });
    // A session deleted in another tab is offered its Undo here too: a
    // reader who had it open, or was writing in it, sees where it went (and
    // the focus, lost with its row, goes to the way back).
    Effect::new(move |shown: Option<Vec<Summary>>| {
        let now = past.get();
        let Some(before) = shown else { return now };
        let gone: Vec<Summary> = store.journal().with_untracked(|j| {
            before
                .into_iter()
                .filter(|s| !now.iter().any(|n| n.id == s.id) && j.is_deleted_and_kept(&s.id))
                .collect()
        });
        for summary in gone {
            if undo.with_untracked(|u| u.iter().any(|d| d.summary.id == summary.id)) {
                continue; // deleted here
            }
            focus_next_frame_if_lost(undo_button(&summary.id));
            undo.update(|u| {
                u.insert(
                    0,
                    Deleted {
                        summary,
                        elsewhere: true,
                    },
                )
            });
        }
        now
    });
    let undo_delete = Callback::new(move |summary: Summary| {
        undo.update(|u| u.retain(|d| d.summary.id != summary.id));
        match store.update(|j, now| j.undo_delete(&summary.id, now)) {
            Ok(()) => reveal(row_id(&summary.id), "summary"),
            Err(_) => {
                too_late.set(Some(format!(
                    "The session of {} can no longer be brought back: a deleted session is kept for {} minutes.",
                    day_label_with_year(&summary.date),
                    UNDO_WINDOW_MS / 60_000
                )));
                // The Undo button is gone: the focus goes to why.
                focus_next_frame(TOO_LATE);
            }
        }
    });
    view! {
        <StorageNotices />
        <p>
            "Each session you finish on the " <a href=checklist target=link_target(Page::Checklist)>"coping checklist"</a>
            " is kept here, newest first. Open one to read it, or to change it with “Edit”."
        </p>
        <MoodChart past />
        // Each deletion is said as it comes; the focus goes to its Undo
        // button, whose name differs from the line.
        <div class="undo-line" role="status">
            <For
                each=move || undo.get()
                key=|d| d.summary.id.clone()
                children=move |deleted| view! { <UndoLine deleted undo=undo_delete /> }
            />
        </div>
        // Always read by taking the focus, so no live region.
        <p class="undo-line" id=TOO_LATE tabindex="-1">{move || too_late.get()}</p>
        // The count once storage is read: before, it is not known.
        <h2 id="sessions-heading">"Sessions"{move || store.ready().get().then(|| format!(" ({})", past.with(Vec::len)))}</h2>
        {move || {
            (store.ready().get() && past.with(Vec::is_empty))
                .then(|| view! { <p>"No past sessions yet. When you start a new session, the current one appears here."</p> })
        }}
        <ol class="session-list" aria-labelledby="sessions-heading">
            <For
                each=move || rows.get()
                key=|s| s.id.clone()
                children=move |summary| view! { <SessionRow summary summaries delete target /> }
            />
        </ol>
        {show_more}
    }
}

/// A deletion that can still be undone.
#[derive(Clone, Debug, PartialEq)]
struct Deleted {
    summary: Summary,
    /// Deleted in another tab.
    elsewhere: bool,
}

/// "The session of … was deleted. Undo", for one deletion.
#[component]
fn UndoLine(deleted: Deleted, undo: Callback<Summary>) -> impl IntoView {
    let Deleted { summary, elsewhere } = deleted;
    let day = day_label_with_year(&summary.date);
    let said = if elsewhere {
        format!("The session of {day} was deleted in another tab. ")
    } else {
        format!("The session of {day} was deleted. ")
    };
    // Several may be shown: each button's name says which deletion it undoes.
    let label = format!("Undo deleting the session of {day}");
    let id = undo_button(&summary.id);
    view! {
        <p>
            {said}
            <button type="button" class="button-quiet undo-button" id=id aria-label=label on:click=move |_| undo.run(summary.clone())>
                "Undo"
            </button>
        </p>
    }
}
