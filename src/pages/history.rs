//! Past sessions, newest first, with a chart of moods before and after and
//! the same figures as a table.

use std::sync::Arc;

use leptos::prelude::*;

use crate::browser::dom::use_title;
use crate::domain::content::Content;
use crate::domain::journal::Session;
use crate::domain::routes::{Page, href};
use crate::pages::checklist::{SessionFields, StorageLine, StorageNotices, start_store};
use crate::state::content_context::WithContent;
use crate::state::journal_store::JournalStore;

#[component]
pub fn HistoryPage() -> impl IntoView {
    use_title(|| Page::History.title(""));
    let render = |content: Arc<Content>| {
        start_store(JournalStore::use_context(), &content);
        view! { <History /> }
    };
    view! {
        <article class="page history">
            <h1>{Page::History.heading()}</h1>
            <StorageLine />
            <WithContent render />
        </article>
    }
}

/// What a row shows without opening it.
#[derive(Clone, Debug, PartialEq)]
struct Summary {
    id: String,
    date: String,
    done: usize,
    total: usize,
    before: Option<u8>,
    after: Option<u8>,
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

    fn line(&self) -> String {
        let mood = |m: Option<u8>| m.map_or("–".to_owned(), |m| m.to_string());
        format!(
            "{} · {} of {} steps · mood {} → {}",
            self.date,
            self.done,
            self.total,
            mood(self.before),
            mood(self.after)
        )
    }
}

/// How many sessions the chart and its table show (the latest).
const CHART_SESSIONS: usize = 30;

#[component]
fn History() -> impl IntoView {
    let store = JournalStore::use_context();
    let past = Memo::new(move |_| {
        store
            .journal
            .with(|j| j.history().into_iter().map(Summary::of).collect::<Vec<_>>())
    });
    // Each row's one-line summary by session id: a row looks its line up,
    // and is told only when some line changes (not on every keystroke).
    let lines = Memo::new(move |_| {
        past.with(|p| {
            p.iter()
                .map(|s| (s.id.clone(), s.line()))
                .collect::<std::collections::HashMap<_, _>>()
        })
    });
    let undo = RwSignal::new(None::<Summary>);
    let checklist = href(
        crate::domain::routes::base_path(),
        Page::Checklist.path().unwrap_or("/"),
    );
    let delete = move |summary: Summary| {
        if store.update(|j, now| j.delete_session(&summary.id, now)).is_ok() {
            undo.set(Some(summary));
        }
    };
    let undo_delete = move |_| {
        if let Some(summary) = undo.get_untracked() {
            let _ = store.update(|j, now| j.undo_delete(&summary.id, now));
        }
        undo.set(None);
    };
    view! {
        <StorageNotices />
        <p>
            "Each session you finish on the " <a href=checklist>"coping checklist"</a>
            " is kept here, newest first. Open one to read or change it."
        </p>
        <MoodChart past />
        <p class="undo-line" role="status">
            {move || {
                undo.get()
                    .map(|s| {
                        view! {
                            {format!("The session of {} was deleted. ", s.date)}
                            <button type="button" class="button-quiet" on:click=undo_delete>
                                "Undo"
                            </button>
                        }
                    })
            }}
        </p>
        <h2 id="sessions-heading">{move || format!("Sessions ({})", past.with(Vec::len))}</h2>
        {move || {
            (store.ready.get() && past.with(Vec::is_empty))
                .then(|| view! { <p>"No past sessions yet. When you start a new session, the current one appears here."</p> })
        }}
        <ol class="session-list" aria-labelledby="sessions-heading">
            <For
                each=move || past.get()
                key=|s| s.id.clone()
                children=move |summary| {
                    let open = RwSignal::new(false);
                    let id = summary.id.clone();
                    let line_id = id.clone();
                    // Follows edits made with the row open (date, moods, ticks).
                    let line = move || lines.with(|l| l.get(&line_id).cloned().unwrap_or_default());
                    let for_delete = summary.clone();
                    view! {
                        <li>
                            <details on:toggle=move |ev| {
                                let el: web_sys::HtmlDetailsElement = wasm_bindgen::JsCast::unchecked_into(
                                    event_target::<web_sys::HtmlDetailsElement>(&ev),
                                );
                                open.set(el.open());
                            }>
                                <summary>{line}</summary>
                                {move || {
                                    open.get()
                                        .then(|| {
                                            let for_delete = for_delete.clone();
                                            view! {
                                                <SessionFields session_id=id.clone() />
                                                <button
                                                    type="button"
                                                    class="button-quiet danger"
                                                    on:click=move |_| delete(for_delete.clone())
                                                >
                                                    "Delete this session"
                                                </button>
                                            }
                                        })
                                }}
                            </details>
                        </li>
                    }
                }
            />
        </ol>
    }
}

/// An SVG line chart of moods before and after (hidden from screen
/// readers), and the same figures as a table (for them).
#[component]
fn MoodChart(past: Memo<Vec<Summary>>) -> impl IntoView {
    let points = Memo::new(move |_| {
        past.with(|p| {
            let mut latest: Vec<Summary> = p
                .iter()
                .filter(|s| s.before.is_some() || s.after.is_some())
                .take(CHART_SESSIONS)
                .cloned()
                .collect();
            latest.reverse();
            latest
        })
    });
    // Whole-number coordinates: formatting floats would cost the wasm ~10 KB.
    const W: usize = 600;
    const H: usize = 220;
    const PAD: usize = 30;
    let x = move |i: usize, n: usize| {
        if n <= 1 {
            W / 2
        } else {
            PAD + (W - 2 * PAD) * i / (n - 1)
        }
    };
    let y = |m: u8| H - PAD - (H - 2 * PAD) * usize::from(m.clamp(1, 5) - 1) / 4;
    let line = move |pick: fn(&Summary) -> Option<u8>| {
        move || {
            points.with(|pts| {
                let n = pts.len();
                pts.iter()
                    .enumerate()
                    .filter_map(|(i, s)| pick(s).map(|m| format!("{},{}", x(i, n), y(m))))
                    .collect::<Vec<_>>()
                    .join(" ")
            })
        }
    };
    let grid = (1..=5u8)
        .map(|m| {
            view! {
                <line class="grid" x1=PAD x2=W - PAD y1=y(m) y2=y(m) />
                <text class="axis" x=PAD - 8 y=y(m) + 4 text-anchor="end">{m.to_string()}</text>
            }
        })
        .collect_view();
    view! {
        {move || {
            (!points.with(Vec::is_empty))
                .then(|| {
                    view! {
                        <figure class="mood-chart">
                            <figcaption>
                                "Mood before (dashed) and after (solid) your last sessions, from 1 (very low) to 5 (very good)"
                            </figcaption>
                            <svg viewBox=format!("0 0 {W} {H}") aria-hidden="true" focusable="false">
                                {grid.clone()}
                                <polyline class="mood-before" points=line(|s| s.before) />
                                <polyline class="mood-after" points=line(|s| s.after) />
                            </svg>
                            <table class="visually-hidden">
                                <caption>"Mood before and after each session, oldest first"</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">"Date"</th>
                                        <th scope="col">"Before"</th>
                                        <th scope="col">"After"</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {points
                                        .get()
                                        .into_iter()
                                        .map(|s| {
                                            let m = |m: Option<u8>| m.map_or("not noted".to_owned(), |m| m.to_string());
                                            view! {
                                                <tr>
                                                    <th scope="row">{s.date.clone()}</th>
                                                    <td>{m(s.before)}</td>
                                                    <td>{m(s.after)}</td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        </figure>
                    }
                })
        }}
    }
}
