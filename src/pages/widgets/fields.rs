//! A session's date, moods and notes, editable for the current session and
//! for past ones. On the checklist, a calm help prompt appears directly
//! under the mood question the client answered, once the choice has settled.
//!
//! A little over 400 lines: the four kinds of field and the help prompt's
//! timing share one session memo and one error line.

use std::time::Duration;

use leptos::html;
use leptos::prelude::*;

use super::help_prompt::{HELP_ANNOUNCEMENT, HELP_PROMPT_ID, HelpPrompt};
use super::later::div_hydrated_later;
use crate::domain::content::{ChecklistText, Help};
use crate::domain::journal::{EditError, MAX_NOTE_CHARS, Mood, NoteKind, Session};
use crate::state::journal_store::{JournalStore, SaveStatus};

/// The mood scale, in words.
pub const MOODS: [(Mood, &str); 5] = [
    (1, "very low"),
    (2, "low"),
    (3, "okay"),
    (4, "good"),
    (5, "very good"),
];

/// The word for a mood ("good"), or "" for a number off the scale.
pub fn mood_word(mood: Mood) -> &'static str {
    MOODS.iter().find(|(m, _)| *m == mood).map_or("", |(_, w)| w)
}

/// How long a mood reached with the arrow keys must stay chosen before the
/// help prompt reacts (arrowing from "Not noted" passes through "1").
const SETTLE: Duration = Duration::from_millis(1000);
/// When "Saved" shows after the last keystroke in a note (the store saves
/// 300 ms after the last change).
const SAVED_AFTER: Duration = Duration::from_millis(700);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Question {
    Before,
    After,
}

/// Keeps a text field's value in step with `value` without moving the
/// caret while the reader types (the DOM is only written when it differs).
fn sync_value(node: NodeRef<html::Textarea>, value: impl Fn() -> String + Send + Sync + 'static) {
    Effect::new(move |_| {
        let value = value();
        if let Some(el) = node.get()
            && el.value() != value
        {
            el.set_value(&value);
        }
    });
}

/// Starts `then` after `delay`, first cancelling what `timer` held.
fn restart_timer(timer: StoredValue<Option<TimeoutHandle>>, delay: Duration, then: impl Fn() + 'static) {
    if let Some(handle) = timer.get_value() {
        handle.clear();
    }
    timer.set_value(set_timeout_with_handle(then, delay).ok());
}

/// Five moods in words in one row (stacked when narrow), "Not noted" set
/// apart. `on_pick` gets the mood and whether an arrow key moved there.
#[component]
fn MoodScale(
    label: &'static str,
    name: String,
    value: Signal<Option<Mood>>,
    on_pick: Callback<(Option<Mood>, bool)>,
) -> impl IntoView {
    // Set by an arrow key's keydown, read by the change event it causes.
    let arrowing = StoredValue::new(false);
    let option = move |mood: Option<Mood>, word: &'static str| {
        view! { <MoodOption name=name.clone() mood word value arrowing on_pick /> }
    };
    view! {
        <fieldset
            class="mood"
            on:keydown=move |ev: leptos::ev::KeyboardEvent| arrowing.set_value(ev.key().starts_with("Arrow"))
        >
            <legend>{label}</legend>
            <div class="mood-scale">
                {MOODS.iter().map(|(m, word)| option(Some(*m), word)).collect_view()}
            </div>
            <div class="mood-none">{option(None, "Not noted")}</div>
        </fieldset>
    }
}

/// One mood of a [`MoodScale`]: a native radio button, labelled by the
/// mood's number and word.
#[component]
fn MoodOption(
    name: String,
    mood: Option<Mood>,
    word: &'static str,
    value: Signal<Option<Mood>>,
    /// Whether an arrow key, rather than a click, chose it.
    arrowing: StoredValue<bool>,
    on_pick: Callback<(Option<Mood>, bool)>,
) -> impl IntoView {
    let store = JournalStore::use_context();
    let id = format!("{name}-{}", mood.unwrap_or(0));
    let number = mood.map(|m| view! { <span class="mood-number">{m}</span>" " });
    view! {
        <span class="mood-option">
            <input
                type="radio"
                id=id.clone()
                name=name
                prop:checked=move || value.get() == mood
                disabled=move || !store.ready().get()
                on:change=move |_| {
                    let by_arrow = arrowing.get_value();
                    arrowing.set_value(false);
                    on_pick.run((mood, by_arrow));
                }
            />
            <label for=id>
                {number}
                <span class="mood-word">{word}</span>
            </label>
        </span>
    }
}

/// A labelled note with a hint (and, for the note to bring up, what the
/// last session wanted to raise); every keystroke goes to `on_text`.
#[component]
fn NoteField(
    id: String,
    label: &'static str,
    hint: &'static str,
    rows: u32,
    node: NodeRef<html::Textarea>,
    on_text: Callback<String>,
    reminder: Signal<Option<String>>,
    /// A gentle prompt from the content, shown while the field is empty.
    placeholder: Option<String>,
) -> impl IntoView {
    let store = JournalStore::use_context();
    let hint_id = format!("{id}-hint");
    let reminder_id = format!("{id}-last-time");
    let described_by = {
        let (hint_id, reminder_id) = (hint_id.clone(), reminder_id.clone());
        move || match reminder.with(Option::is_some) {
            true => format!("{hint_id} {reminder_id}"),
            false => hint_id.clone(),
        }
    };
    let reminder = move || {
        reminder.get().map(|text| {
            view! {
                <span class="last-time" id=reminder_id.clone()>
                    "Last time you wanted to raise: " <q>{text}</q>
                </span>
            }
        })
    };
    view! {
        <p class="field">
            <label for=id.clone()>{label}</label>
            <span class="hint" id=hint_id>{hint}</span>
            {reminder}
            <textarea
                id=id
                rows=rows
                maxlength=MAX_NOTE_CHARS
                aria-describedby=described_by
                placeholder=placeholder
                node_ref=node
                disabled=move || !store.ready().get()
                on:input=move |ev| on_text.run(event_target_value(&ev))
            ></textarea>
        </p>
    }
}

/// Date, moods before and after, a note to bring up and a journal note.
///
/// `session_id` says which session the fields show and edit; it may change
/// (the checklist's prerendered placeholder becomes the stored session when
/// the journal is read). `dom_key` ends the fields' ids and the radio
/// groups' names and never changes: renaming a live radio group while one
/// of its radios is checked makes the browser uncheck the others. Build a
/// new `SessionFields` for another session the reader should see afresh
/// (its help prompt and "Saved" start over).
#[component]
pub fn SessionFields(
    #[prop(into)] session_id: Signal<String>,
    dom_key: String,
    /// The crisis line, for the prompt after a hard session (the current
    /// session on the checklist only).
    #[prop(optional)]
    help: Option<Help>,
    /// The polite live region that announces the prompt (on the page from
    /// its first render).
    #[prop(optional)]
    announce: Option<RwSignal<String>>,
    /// What the previous session wanted to bring up.
    #[prop(optional)]
    raised_last_time: Option<Signal<Option<String>>>,
    /// The content's gentle prompts for the two notes.
    #[prop(optional)]
    prompts: ChecklistText,
) -> impl IntoView {
    let store = JournalStore::use_context();
    // Hydrated in a task after the page's (every control waits for the
    // journal's read anyway, which comes after it).
    div_hydrated_later("session-fields", move || {
        provide_context(store);
        view! { <Fields session_id dom_key help announce raised_last_time prompts /> }
    })
}

/// What `SessionFields` holds.
#[component]
fn Fields(
    session_id: Signal<String>,
    dom_key: String,
    help: Option<Help>,
    announce: Option<RwSignal<String>>,
    raised_last_time: Option<Signal<Option<String>>>,
    prompts: ChecklistText,
) -> impl IntoView {
    let store = JournalStore::use_context();
    let id = session_id;
    // Its ticks are left out (and may be out of date): no field shows
    // them, and a tick re-runs none of this.
    let session = Memo::new(move |_| {
        store
            .journal_except_ticks()
            .with(|j| id.with(|id| j.session(id).cloned()))
    });
    // One memo a field: a change elsewhere in the session (a tick, say)
    // leaves this field's DOM alone.
    let read = move |f: fn(&Session) -> String| {
        let field = Memo::new(move |_| session.with(|s| s.as_ref().map(f).unwrap_or_default()));
        move || field.get()
    };
    let error = RwSignal::new(None::<String>);
    let report = move |result: Result<(), EditError>| {
        let ok = result.is_ok();
        error.set(result.err().map(|e| e.to_string()));
        ok
    };

    // The help prompt: under the question answered last, once the choice
    // has settled, until hidden.
    let answered = RwSignal::new(Question::After);
    let settling = RwSignal::new(false);
    let settle_timer = StoredValue::new(None::<TimeoutHandle>);
    let dismissed = RwSignal::new(false);
    let needs_help = Memo::new(move |_| session.with(|s| s.as_ref().is_some_and(Session::needs_help)));
    let offers_help = help.is_some();
    let prompt_under = Memo::new(move |shown: Option<&Option<Question>>| {
        if settling.get() {
            return shown.copied().flatten();
        }
        (offers_help && needs_help.get() && !dismissed.get()).then(|| answered.get())
    });
    if let Some(announce) = announce {
        Effect::new(move |was_shown: Option<bool>| {
            let shown = prompt_under.get().is_some();
            if shown && was_shown == Some(false) {
                announce.set(HELP_ANNOUNCEMENT.to_owned());
            } else if !shown {
                announce.set(String::new());
            }
            shown
        });
    }
    // Shown (or moved) once a mood was chosen here: brought onto the
    // screen. On a phone it can start below the window's edge, under a
    // column of moods tapped at the bottom. Not when the page opens with it
    // (the stored journal arrives after the first run).
    let chosen_here = StoredValue::new(false);
    Effect::new(move |was: Option<Option<Question>>| {
        let now = prompt_under.get();
        if chosen_here.get_value()
            && let Some(was) = was
            && now.is_some()
            && now != was
        {
            crate::browser::dom::bring_into_view(HELP_PROMPT_ID);
        }
        now
    });
    let answer = move |question: Question, by_arrow: bool| {
        chosen_here.set_value(true);
        answered.set(question);
        if by_arrow {
            settling.set(true);
            restart_timer(settle_timer, SETTLE, move || {
                let _ = settling.try_set(false);
            });
        } else {
            if let Some(handle) = settle_timer.get_value() {
                handle.clear();
            }
            settling.set(false);
        }
    };

    let before = Memo::new(move |_| session.with(|s| s.as_ref().and_then(|s| s.mood_before.value)));
    let after = Memo::new(move |_| session.with(|s| s.as_ref().and_then(|s| s.mood_after.value)));
    let pick_before = Callback::new(move |(m, by_arrow): (Option<Mood>, bool)| {
        answer(Question::Before, by_arrow);
        let (id, after) = (id.get_untracked(), after.get_untracked());
        report(store.update(|j, now| j.set_moods(&id, m, after, now)));
    });
    let pick_after = Callback::new(move |(m, by_arrow): (Option<Mood>, bool)| {
        answer(Question::After, by_arrow);
        let (id, before) = (id.get_untracked(), before.get_untracked());
        report(store.update(|j, now| j.set_moods(&id, before, m, now)));
    });
    let before_name = format!("mood-before-{dom_key}");
    let after_name = format!("mood-after-{dom_key}");
    let hide = {
        let (before_name, after_name) = (before_name.clone(), after_name.clone());
        Callback::new(move |()| {
            dismissed.set(true);
            // Back to the question the prompt was under: its chosen radio.
            let (name, mood) = match answered.get_untracked() {
                Question::Before => (&before_name, before.get_untracked()),
                Question::After => (&after_name, after.get_untracked()),
            };
            crate::browser::dom::focus_by_id(&format!("{name}-{}", mood.unwrap_or(0)));
        })
    };
    let prompt = move |question: Question| {
        let help = help.clone();
        move || {
            (prompt_under.get() == Some(question))
                .then(|| help.clone())
                .flatten()
                .map(|help| view! { <HelpPrompt help on_hide=hide /> })
        }
    };

    // "Saved", quietly, once a note's edit has been stored; or what became
    // of the notes' conflict copies (`said`, until the next keystroke).
    let saved = RwSignal::new(false);
    let said = RwSignal::new(None::<String>);
    let saved_timer = StoredValue::new(None::<TimeoutHandle>);
    let note_saved_soon = move || {
        saved.set(false);
        said.set(None);
        restart_timer(saved_timer, SAVED_AFTER, move || {
            let stored = store.status().try_get_untracked() == Some(SaveStatus::Saved);
            let _ = saved.try_set(stored);
        });
    };

    let bring_up_ref = NodeRef::<html::Textarea>::new();
    let journal_ref = NodeRef::<html::Textarea>::new();
    sync_value(bring_up_ref, read(|s| s.bring_up.text().to_owned()));
    sync_value(journal_ref, read(|s| s.private_note.text().to_owned()));

    let date_id = format!("date-{dom_key}");
    let bring_id = format!("bring-up-{dom_key}");
    let journal_id = format!("journal-{dom_key}");
    view! {
        <p class="field">
            <label for=date_id.clone()>"Date of the session"</label>
            <input
                type="date"
                id=date_id
                prop:value=read(|s| s.date.value.clone())
                disabled=move || !store.ready().get()
                on:change=move |ev| {
                    let date = event_target_value(&ev);
                    let id = id.get_untracked();
                    report(store.update(|j, now| j.set_date(&id, &date, now)));
                }
            />
        </p>
        <MoodScale
            label="How did you feel before the session?"
            name=before_name
            value=before.into()
            on_pick=pick_before
        />
        {prompt(Question::Before)}
        <MoodScale
            label="How do you feel after it?"
            name=after_name
            value=after.into()
            on_pick=pick_after
        />
        {prompt(Question::After)}
        <NoteField
            id=bring_id.clone()
            label="To bring up next time"
            hint="Something to talk about with your therapist (“Talk about it”)."
            rows=3
            node=bring_up_ref
            reminder=raised_last_time.unwrap_or_else(|| Signal::stored(None))
            placeholder=prompts.bring_up_prompt.clone()
            on_text=Callback::new(move |text: String| {
                let id = id.get_untracked();
                let by = store.writer();
                if report(store.update(|j, now| j.set_bring_up(&id, &text, now, &by))) {
                    note_saved_soon();
                }
            })
        />
        <ConflictCopies session_id=id kind=NoteKind::BringUp field=bring_id.clone() said />
        <NoteField
            id=journal_id.clone()
            label="Private journal note"
            hint="Write about how you feel (“Write about it”). Only you can see this."
            rows=6
            node=journal_ref
            reminder=Signal::stored(None)
            placeholder=prompts.journal_prompt.clone()
            on_text=Callback::new(move |text: String| {
                let id = id.get_untracked();
                let by = store.writer();
                if report(store.update(|j, now| j.set_private_note(&id, &text, now, &by))) {
                    note_saved_soon();
                }
            })
        />
        <ConflictCopies session_id=id kind=NoteKind::Private field=journal_id said />
        <p class="save-status" role="status">
            {move || said.get().or_else(|| saved.get().then(|| "Saved".to_owned()))}
        </p>
        {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
    }
}

/// Texts written to the same note in two tabs at the same time: shown under
/// the note, never dropped silently; the client keeps them (added after the
/// note) or drops them. Their arrival and the client's choice are said in
/// `said` (the fields' polite status line), and the choice hands the
/// keyboard focus back to the note (`field`, its id), as its buttons go.
#[component]
fn ConflictCopies(
    session_id: Signal<String>,
    kind: NoteKind,
    field: String,
    said: RwSignal<Option<String>>,
) -> impl IntoView {
    let store = JournalStore::use_context();
    let id = session_id;
    let copies = Memo::new(move |_| {
        store.journal_except_ticks().with(|j| {
            id.with(|id| {
                j.session(id)
                    .map(|s| {
                        s.note(kind)
                            .conflicts()
                            .iter()
                            .map(|v| v.text.clone())
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default()
            })
        })
    });
    let (what, the_note) = match kind {
        NoteKind::BringUp => ("the note to bring up", "The note to bring up"),
        NoteKind::Private => ("your private note", "Your private note"),
    };
    // New copies (another tab's write met this one's) are said as they come.
    Effect::new(move |before: Option<usize>| {
        let count = copies.with(Vec::len);
        if before.is_some_and(|before| count > before) {
            said.set(Some(format!(
                "{the_note} was written in two places at once. The other text is kept under it."
            )));
        }
        count
    });
    // Why the last choice was not made (both texts too long together).
    let refused = RwSignal::new(None::<String>);
    let refuse = move |result: Result<(), EditError>| {
        refused.set(result.err().map(|why| match why {
            EditError::TooLong { max } => format!(
                "Both texts together are longer than a note may be ({} characters), so nothing was changed. Copy what you need from the other text into the note above, then choose “Keep only the note above”.",
                crate::domain::words::number(max)
            ),
            other => format!("Nothing was changed: {other}"),
        }));
    };
    let field = StoredValue::new(field);
    let done = move |result: Result<(), EditError>, what_happened: String| {
        let ok = result.is_ok();
        refuse(result);
        if ok {
            said.set(Some(what_happened));
            field.with_value(|field| crate::browser::dom::focus_by_id(field));
        }
    };
    let keep = move |_| {
        let id = id.get_untracked();
        let by = store.writer();
        let result = store.update(|j, now| j.keep_conflict_copies(&id, kind, now, &by));
        done(result, format!("Both texts are now in {what}."));
    };
    let drop_them = move |_| {
        let id = id.get_untracked();
        let by = store.writer();
        let result = store.update(|j, now| j.drop_conflict_copies(&id, kind, now, &by));
        done(result, format!("The other text of {what} was let go."));
    };
    move || {
        let list = copies.get();
        (!list.is_empty()).then(|| {
            view! {
                <div class="notice conflict-copies" role="region" aria-label=format!("Other text of {what}")>
                    <p>{format!("{the_note} was written in two places at once (two windows, or a file imported from another device). The note above shows the later text; the other is kept here so nothing is lost:")}</p>
                    {list.into_iter().map(|t| view! { <blockquote class="conflict-copy">{t}</blockquote> }).collect_view()}
                    <button type="button" class="button-quiet" on:click=keep>"Keep both texts"</button>
                    " "
                    <button type="button" class="button-quiet" on:click=drop_them>"Keep only the note above"</button>
                    {move || refused.get().map(|why| view! { <p class="field-error" role="alert">{why}</p> })}
                </div>
            }
        })
    }
}
