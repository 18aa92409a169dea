//! The steps to tick, and the editor for the client's own steps.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::app::link_target;
use crate::browser::dom::{focus_next_frame, write_text};
use crate::domain::content::count_in_words;
use crate::domain::journal::{EditError, Journal, MAX_STEP_CHARS, Session, Step};
use crate::domain::routes::{Page, page_href};
use crate::state::journal_store::{JournalStore, new_id};

/// The first sentence of a step's text in the article.
fn first_sentence(text: &str) -> String {
    match text.find(". ") {
        Some(end) => text[..=end].to_owned(),
        None => text.to_owned(),
    }
}

/// The current session's steps, from the store once it is ready and from
/// the article's defaults before (the prerendered page). A tick leaves it be.
fn current_steps(store: JournalStore, defaults: Vec<Step>) -> Memo<Vec<Step>> {
    Memo::new(move |_| {
        if store.ready().get() {
            store
                .journal_except_ticks()
                .with(|j| j.current().map(|s| s.steps.list()).unwrap_or_default())
        } else {
            defaults.clone()
        }
    })
}

/// "2 of 4 done".
fn progress_text((done, all): (usize, usize)) -> String {
    format!("{done} of {all} done")
}

/// Writes the current session's progress into the progress line.
fn write_progress(line: Option<&web_sys::HtmlParagraphElement>, journal: &Journal) {
    if let Some(line) = line {
        write_text(
            line,
            &progress_text(journal.current().map(Session::progress).unwrap_or_default()),
        );
    }
}

/// Native checkboxes with labels, the progress, and each step's place in the article.
#[component]
pub fn StepList(descriptions: HashMap<String, String>, defaults: Vec<Step>) -> impl IntoView {
    let store = JournalStore::use_context();
    let steps = current_steps(store, defaults);
    // The progress line is written, not drawn: a tick writes it from the
    // box's own handler, so that a tick runs no effect (a Leptos effect for
    // it made a tick's click handling 8–17% longer, issue 14); any other
    // change writes it from the effect below. Before the journal is read
    // (and in the prerendered page) no box is ticked.
    let progress_line = NodeRef::<leptos::html::P>::new();
    let first_progress = progress_text((0, steps.with_untracked(Vec::len)));
    Effect::new(move |_| {
        let line = progress_line.get();
        if store.ready().get() {
            store
                .journal_except_ticks()
                .with(|j| write_progress(line.as_ref(), j));
        }
    });
    let error = RwSignal::new(None::<String>);
    view! {
        <fieldset class="step-list">
            <legend>"Coping steps to tick off"</legend>
            <p class="progress" role="status" node_ref=progress_line>{first_progress}</p>
            <ul>
                <For
                    each=move || steps.get()
                    key=|step| (step.id.clone(), step.text.clone(), step.article.clone())
                    children=move |step| {
                        let description = step.article.as_ref().and_then(|a| descriptions.get(a)).map(|d| first_sentence(d));
                        view! { <StepRow step description progress_line error /> }
                    }
                />
            </ul>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        </fieldset>
    }
}

/// One step to tick: its box, labelled by the step, described by the
/// article's first sentence about it, with a link to that place.
#[component]
fn StepRow(
    step: Step,
    description: Option<String>,
    progress_line: NodeRef<leptos::html::P>,
    error: RwSignal<Option<String>>,
) -> impl IntoView {
    let store = JournalStore::use_context();
    let Step { id, text, article } = step;
    let input_id = format!("step-{id}");
    let description_id = format!("step-{id}-description");
    // Re-run by this step's tick only, not another's.
    let checked = store.ticked(id.clone());
    // The tick is handled on the box's click, which every way of ticking
    // fires (a pointer, the label, Space, assistive technology) with the
    // box already toggled: one listener a box, not a change listener beside
    // a click listener that only stopped the click. The click goes no
    // further: a box's click is never a link's, and the router's window-wide
    // link handler reads the address and walks the click's path (a third of
    // a tick's cost, issue 14).
    let toggle = move |ev: leptos::ev::MouseEvent| {
        ev.stop_propagation();
        let on = event_target_checked(&ev);
        match store.tick(&id, on) {
            Ok(()) => store
                .journal()
                .with_untracked(|j| write_progress(progress_line.get_untracked().as_ref(), j)),
            Err(e) => error.set(Some(e.to_string())),
        }
    };
    // The box's name is the step's title; the sentence from the article is
    // its description.
    let described_by = description.as_ref().map(|_| description_id.clone());
    let description =
        description.map(|d| view! { <span class="step-description" id=description_id>{d}</span> });
    let article_link = article.map(|a| {
        let article_href = format!("{}#{a}", page_href(Page::Article));
        view! {
            <a class="step-article" href=article_href target=link_target(Page::Article)>
                "Read about “"{text.clone()}"” in the article"
            </a>
        }
    });
    view! {
        <li class="step">
            <input
                type="checkbox"
                id=input_id.clone()
                prop:checked=checked
                aria-describedby=described_by
                disabled=move || !store.ready().get()
                on:click=toggle
            />
            <div class="step-body">
                <label for=input_id class="step-text">{text}</label>
                {description}
                {article_link}
            </div>
        </li>
    }
}

/// Add, rename, remove, reorder (with buttons) and restore the article's
/// steps, in a `<details>` that starts closed.
///
/// Its controls are drawn when it is first opened, not prerendered: closed,
/// they show nothing, and hydrating them on every load lengthened the page's
/// longest task (the most to hydrate, and V8 compiles each wasm function on
/// its first call, issue 14). Once drawn they stay, closed or open.
#[component]
pub fn StepEditor(defaults: Vec<Step>) -> impl IntoView {
    let opened = RwSignal::new(false);
    // Set once: setting it again would draw the controls afresh, and lose
    // what was typed in them.
    let first_open = move || {
        if !opened.get_untracked() {
            opened.set(true);
        }
    };
    let details = NodeRef::<leptos::html::Details>::new();
    // Opened before the app hydrated, the toggle came before its listener.
    Effect::new(move |_| {
        if details.get().is_some_and(|d| d.open()) {
            first_open();
        }
    });
    let on_toggle = move |ev: leptos::ev::Event| {
        if event_target::<web_sys::HtmlDetailsElement>(&ev).open() {
            first_open();
        }
    };
    view! {
        <details class="step-editor" node_ref=details on:toggle=on_toggle>
            // On the click (a key press on the summary is one too), not only
            // on `toggle`, which comes a task after the editor opens: a Tab
            // pressed at once would pass controls not yet drawn.
            <summary on:click=move |_| first_open()>"Change the steps"</summary>
            <p class="hint">
                "Changes apply to this session and the ones you start after it. Past sessions keep their own steps."
            </p>
            {move || opened.get().then(|| view! { <EditorControls defaults=defaults.clone() /> })}
        </details>
    }
}

/// The step editor's rows, its "add" form and its "restore" button.
#[component]
fn EditorControls(defaults: Vec<Step>) -> impl IntoView {
    let store = JournalStore::use_context();
    let restore_label = format!(
        "Restore the article’s {} {}",
        count_in_words(defaults.len()),
        if defaults.len() == 1 { "step" } else { "steps" }
    );
    let steps = current_steps(store, defaults.clone());
    let error = RwSignal::new(None::<String>);
    // What a move or a removal did, for a screen reader (the focus stays
    // on the button, or goes to the next row, and the list says nothing).
    let said = RwSignal::new(String::new());
    let new_text = RwSignal::new(String::new());
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = new_text.get_untracked();
        let result = store.update(|j, now| j.add_step(new_id("own"), &text, now));
        if result.is_ok() {
            new_text.set(String::new());
        }
        report(error, result);
    };
    let restore = move |_| report(error, store.update(|j, now| j.restore_steps(&defaults, now)));
    view! {
        <ol class="edit-steps">
            // Keyed by id alone: a rename (here or in another tab) keeps
            // the row, its focus and any new name being typed in it.
            <For
                each=move || steps.get()
                key=|step| step.id.clone()
                children=move |step| {
                    let id = step.id.clone();
                    let text = Memo::new(move |_| {
                        steps.with(|all| all.iter().find(|s| s.id == id).map(|s| s.text.clone()))
                            .unwrap_or_default()
                    });
                    view! { <EditorRow id=step.id text error said /> }
                }
            />
        </ol>
        <form class="add-step" on:submit=add>
            <label for="new-step">"A step of your own"</label>
            <input
                id="new-step"
                type="text"
                maxlength=MAX_STEP_CHARS
                prop:value=move || new_text.get()
                on:input=move |ev| new_text.set(event_target_value(&ev))
                disabled=move || !store.ready().get()
            />
            <button type="submit" class="button-quiet" disabled=move || !store.ready().get()>
                "Add step"
            </button>
        </form>
        <p>
            <button type="button" class="button-quiet" disabled=move || !store.ready().get() on:click=restore>
                {restore_label}
            </button>
        </p>
        <p class="visually-hidden" role="status">{move || said.get()}</p>
        {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
    }
}

/// Shows an edit's refusal in `error`, or clears it.
fn report(error: RwSignal<Option<String>>, result: Result<(), EditError>) {
    error.set(result.err().map(|e| e.to_string()));
}

/// One row of the step editor: the step's text, to rename it, and its buttons.
#[component]
fn EditorRow(
    id: String,
    text: Memo<String>,
    error: RwSignal<Option<String>>,
    said: RwSignal<String>,
) -> impl IntoView {
    let store = JournalStore::use_context();
    let rename_id = id.clone();
    let rename = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        report(
            error,
            store.update(|j, now| j.rename_step(&rename_id, &text, now)),
        );
    };
    let field = NodeRef::<leptos::html::Input>::new();
    follow_unless_edited(field, text);
    let remove_id = id.clone();
    let remove = move |_| {
        // The focus goes to the next step's text, or the one before, or the
        // field for a new step: never lost with the row.
        let next = store.journal().with_untracked(|j| {
            let steps = j.current().map(|s| s.steps.ids()).unwrap_or_default();
            let at = steps.iter().position(|id| *id == remove_id)?;
            steps
                .get(at + 1)
                .or(at.checked_sub(1).and_then(|i| steps.get(i)))
                .map(|id| text_id(id))
        });
        let result = store.update(|j, now| j.remove_step(&remove_id, now));
        // Refused, the row stays, and so does the focus.
        if result.is_ok() {
            said.set(format!("“{}” removed.", text.get_untracked()));
            focus_next_frame(next.unwrap_or_else(|| "new-step".to_owned()));
        }
        report(error, result);
    };
    view! {
        <li>
            <input
                type="text"
                id=text_id(&id)
                maxlength=MAX_STEP_CHARS
                aria-label=move || format!("Text of the step “{}”", text.get())
                prop:value=text.get_untracked()
                node_ref=field
                disabled=move || !store.ready().get()
                on:change=rename
            />
            <span class="step-buttons">
                <MoveButton id=id.clone() label=text direction=Direction::Up error said />
                <MoveButton id label=text direction=Direction::Down error said />
                <button
                    type="button"
                    class="button-quiet"
                    aria-label=move || format!("Remove “{}”", text.get())
                    disabled=move || !store.ready().get()
                    on:click=remove
                >
                    "Remove"
                </button>
            </span>
        </li>
    }
}

/// Shows a step's stored text in its field as it changes (renamed in
/// another tab, or put back), unless the client has typed a new name there
/// and not yet left the field: that name stays, and wins when they do.
fn follow_unless_edited(field: NodeRef<leptos::html::Input>, text: Memo<String>) {
    let shown = StoredValue::new(text.get_untracked());
    Effect::new(move |_| {
        let text = text.get();
        if let Some(el) = field.get_untracked()
            && el.value() == shown.get_value()
            && el.value() != text
        {
            el.set_value(&text);
        }
        shown.set_value(text);
    });
}

/// The id of the step editor's text field for the step `id`.
fn text_id(id: &str) -> String {
    format!("step-text-{id}")
}

/// Which way a [`MoveButton`] moves its step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Direction {
    Up,
    Down,
}

impl Direction {
    /// The change of place in the list.
    fn delta(self) -> isize {
        match self {
            Direction::Up => -1,
            Direction::Down => 1,
        }
    }

    fn word(self) -> &'static str {
        match self {
            Direction::Up => "up",
            Direction::Down => "down",
        }
    }

    fn arrow(self) -> &'static str {
        match self {
            Direction::Up => "↑",
            Direction::Down => "↓",
        }
    }
}

/// "↑" or "↓": moves the step `id` one place, keeps keyboard focus on the
/// same button of the moved row, and says where the step is now (or that
/// it is already at that end).
#[component]
fn MoveButton(
    id: String,
    label: Memo<String>,
    direction: Direction,
    error: RwSignal<Option<String>>,
    said: RwSignal<String>,
) -> impl IntoView {
    let store = JournalStore::use_context();
    let button = format!("move-{}-{id}", direction.word());
    let focus = button.clone();
    let place = move |id: &str| {
        store.journal().with_untracked(|j| {
            let ids = j.current().map(|s| s.steps.ids()).unwrap_or_default();
            ids.iter().position(|s| *s == id).map(|at| (at + 1, ids.len()))
        })
    };
    let moved = move |_| {
        let before = place(&id);
        let result = store.update(|j, now| j.move_step(&id, direction.delta(), now));
        if result.is_ok()
            && let Some((at, of)) = place(&id)
        {
            let name = label.get_untracked();
            said.set(match (before == Some((at, of)), direction) {
                (true, Direction::Up) => format!("“{name}” is already first."),
                (true, Direction::Down) => format!("“{name}” is already last."),
                (false, _) => format!("“{name}” moved {}: {at} of {of}.", direction.word()),
            });
        }
        report(error, result);
        let button = focus.clone();
        focus_next_frame(button);
    };
    view! {
        <button
            type="button"
            class="button-quiet"
            id=button
            aria-label=move || format!("Move “{}” {}", label.get(), direction.word())
            disabled=move || !store.ready().get()
            on:click=moved
        >
            {direction.arrow()}
        </button>
    }
}
