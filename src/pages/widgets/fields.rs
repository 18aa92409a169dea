//! A session's date, moods and notes, editable for the current session and
//! for past ones.

use leptos::html;
use leptos::prelude::*;

use crate::domain::journal::{MAX_NOTE_CHARS, Mood, Session};
use crate::state::journal_store::JournalStore;

const MOODS: [(Mood, &str); 5] = [
    (1, "very low"),
    (2, "low"),
    (3, "okay"),
    (4, "good"),
    (5, "very good"),
];

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

#[component]
fn MoodScale(
    label: &'static str,
    name: String,
    value: Signal<Option<Mood>>,
    on_pick: Callback<Option<Mood>>,
) -> impl IntoView {
    let store = JournalStore::use_context();
    let option = move |mood: Option<Mood>, text: String| {
        let id = format!("{name}-{}", mood.unwrap_or(0));
        view! {
            <span class="mood-option">
                <input
                    type="radio"
                    id=id.clone()
                    name=name.clone()
                    prop:checked=move || value.get() == mood
                    disabled=move || !store.ready.get()
                    on:change=move |_| on_pick.run(mood)
                />
                <label for=id>{text}</label>
            </span>
        }
    };
    view! {
        <fieldset class="mood">
            <legend>{label}</legend>
            {MOODS.iter().map(|(m, word)| option(Some(*m), format!("{m} · {word}"))).collect_view()}
            {option(None, "Not noted".to_owned())}
        </fieldset>
    }
}

/// A labelled note with a hint; every keystroke goes to `on_text`.
#[component]
fn NoteField(
    id: String,
    label: &'static str,
    hint: &'static str,
    rows: u32,
    node: NodeRef<html::Textarea>,
    on_text: Callback<String>,
) -> impl IntoView {
    let store = JournalStore::use_context();
    let hint_id = format!("{id}-hint");
    view! {
        <p class="field">
            <label for=id.clone()>{label}</label>
            <span class="hint" id=hint_id.clone()>{hint}</span>
            <textarea
                id=id
                rows=rows
                maxlength=MAX_NOTE_CHARS
                aria-describedby=hint_id
                node_ref=node
                disabled=move || !store.ready.get()
                on:input=move |ev| on_text.run(event_target_value(&ev))
            ></textarea>
        </p>
    }
}

/// Date, moods before and after, a note to bring up and a journal note.
#[component]
pub fn SessionFields(session_id: String) -> impl IntoView {
    let store = JournalStore::use_context();
    let id = StoredValue::new(session_id.clone());
    let session = Memo::new(move |_| store.journal.with(|j| id.with_value(|id| j.session(id).cloned())));
    // One memo a field: a change elsewhere in the session (a tick, say)
    // leaves this field's DOM alone.
    let read = move |f: fn(&Session) -> String| {
        let field = Memo::new(move |_| session.with(|s| s.as_ref().map(f).unwrap_or_default()));
        move || field.get()
    };
    let error = RwSignal::new(None::<String>);
    let report = move |result: Result<(), crate::domain::journal::EditError>| {
        error.set(result.err().map(|e| e.to_string()))
    };

    let before = Memo::new(move |_| session.with(|s| s.as_ref().and_then(|s| s.mood_before.value)));
    let after = Memo::new(move |_| session.with(|s| s.as_ref().and_then(|s| s.mood_after.value)));
    let pick_before = Callback::new(move |m: Option<Mood>| {
        report(store.update(|j, now| id.with_value(|id| j.set_moods(id, m, after.get_untracked(), now))))
    });
    let pick_after = Callback::new(move |m: Option<Mood>| {
        report(store.update(|j, now| id.with_value(|id| j.set_moods(id, before.get_untracked(), m, now))))
    });

    let bring_up_ref = NodeRef::<html::Textarea>::new();
    let journal_ref = NodeRef::<html::Textarea>::new();
    sync_value(bring_up_ref, read(|s| s.bring_up.value.clone()));
    sync_value(journal_ref, read(|s| s.journal.value.clone()));

    let date_id = format!("date-{session_id}");
    let bring_id = format!("bring-up-{session_id}");
    let journal_id = format!("journal-{session_id}");
    view! {
        <div class="session-fields">
            <p class="field">
                <label for=date_id.clone()>"Date of the session"</label>
                <input
                    type="date"
                    id=date_id
                    prop:value=read(|s| s.date.value.clone())
                    disabled=move || !store.ready.get()
                    on:change=move |ev| {
                        let date = event_target_value(&ev);
                        report(store.update(|j, now| id.with_value(|id| j.set_date(id, &date, now))));
                    }
                />
            </p>
            <MoodScale
                label="How did you feel before the session?"
                name=format!("mood-before-{session_id}")
                value=before.into()
                on_pick=pick_before
            />
            <MoodScale
                label="How do you feel after it?"
                name=format!("mood-after-{session_id}")
                value=after.into()
                on_pick=pick_after
            />
            <NoteField
                id=bring_id
                label="To bring up next time"
                hint="Something to talk about with your therapist (“Talk about it”)."
                rows=3
                node=bring_up_ref
                on_text=Callback::new(move |text: String| {
                    report(store.update(|j, now| id.with_value(|id| j.set_bring_up(id, &text, now))))
                })
            />
            <NoteField
                id=journal_id
                label="Private journal note"
                hint="Write about how you feel (“Write about it”). Only you can see this."
                rows=6
                node=journal_ref
                on_text=Callback::new(move |text: String| {
                    report(store.update(|j, now| id.with_value(|id| j.set_journal(id, &text, now))))
                })
            />
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        </div>
    }
}
