//! "Lock with a passphrase", under "Your data": set a lock (the passphrase
//! twice, the warning that it cannot be recovered, a copy offered first),
//! and once set: lock now, change the passphrase, remove the lock.

use leptos::either::EitherOf5;
use leptos::prelude::*;

use crate::browser::dom::focus_next_frame;
use crate::domain::lock::{IdleLock, check_new_passphrase};
use crate::state::journal_store::{JournalStore, Lock};

type Field = NodeRef<leptos::html::Input>;

fn value(field: Field) -> String {
    field.get_untracked().map(|f| f.value()).unwrap_or_default()
}

fn clear(fields: &[Field]) {
    for field in fields {
        if let Some(f) = field.get_untracked() {
            f.set_value("");
        }
    }
}

/// A labelled password field.
fn password(
    id: &'static str,
    label: &'static str,
    autocomplete: &'static str,
    field: Field,
) -> impl IntoView {
    view! {
        <p class="field">
            <label for=id>{label}</label>
            <input id=id type="password" autocomplete=autocomplete node_ref=field />
        </p>
    }
}

/// A form's submit button (off while a lock action runs) and its Cancel.
fn form_buttons(submit: &'static str, busy: RwSignal<bool>, cancel: impl Fn() + 'static) -> impl IntoView {
    view! {
        <p>
            <button type="submit" class="button" disabled=move || busy.get()>{submit}</button>
            " "
            <button type="button" class="button-quiet" on:click=move |_| cancel()>"Cancel"</button>
        </p>
    }
}

/// Which form is open.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    None,
    Set,
    Change,
    Remove,
}

/// The lock's settings.
#[component]
pub fn LockSettings(
    /// "Your data"'s readable download, offered before a lock is set: what
    /// it did, in a sentence.
    download_readable: Callback<(), String>,
) -> impl IntoView {
    let store = JournalStore::use_context();
    let open = RwSignal::new(Open::None);
    let busy = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    // What "Download a copy first" did.
    let downloaded = RwSignal::new(None::<String>);
    let (first, again, current) = (Field::new(), Field::new(), Field::new());

    // The keyboard focus goes with the form: to its first field as it
    // opens, back to the button that opened it as it closes.
    let show = move |form: Open| {
        let before = open.get_untracked();
        open.set(form);
        error.set(None);
        message.set(None);
        downloaded.set(None);
        let target = match (form, before) {
            (Open::Set, _) => "lock-new",
            (Open::Change | Open::Remove, _) => "lock-current",
            (Open::None, Open::Set) => "lock-open-set",
            (Open::None, Open::Change) => "lock-open-change",
            (Open::None, _) => "lock-open-remove",
        };
        focus_next_frame(target);
    };
    // Runs one lock action; its message on success, the reason on failure.
    let run = move |done: &'static str,
                    action: std::pin::Pin<Box<dyn Future<Output = Result<(), String>>>>| {
        busy.set(true);
        error.set(None);
        leptos::task::spawn_local(async move {
            let result = action.await;
            busy.set(false);
            match result {
                Ok(()) => {
                    clear(&[first, again, current]);
                    open.set(Open::None);
                    message.set(Some(done.to_owned()));
                    // The form is gone: the focus goes to what was done.
                    focus_next_frame("lock-status");
                }
                Err(why) => error.set(Some(why)),
            }
        });
    };
    let set_lock = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let passphrase = value(first);
        if let Err(why) = check_new_passphrase(&passphrase, &value(again)) {
            return error.set(Some(why.to_string()));
        }
        run(
            "Your journal is locked with your passphrase and stored encrypted in this browser.",
            Box::pin(async move { store.set_lock(&passphrase).await.map_err(|e| e.to_string()) }),
        );
    };
    let change = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (old, new) = (value(current), value(first));
        if let Err(why) = check_new_passphrase(&new, &value(again)) {
            return error.set(Some(why.to_string()));
        }
        run(
            "Your passphrase was changed. Use the new one from now on.",
            Box::pin(async move {
                store
                    .change_passphrase(&old, &new)
                    .await
                    .map_err(|e| e.to_string())
            }),
        );
    };
    let remove = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let old = value(current);
        run(
            "The lock was removed: your journal is stored readable in this browser again.",
            Box::pin(async move { store.remove_lock(&old).await.map_err(|e| e.to_string()) }),
        );
    };

    let warning = || {
        view! {
            <p class="lock-warning">
                <strong>"If you forget this passphrase, nobody can open your journal again: there is no way to recover it."</strong>
                " Only “Delete everything and start again” will be left. You may want to download a readable copy first."
            </p>
        }
    };
    let forms = move || match (store.lock().get(), open.get()) {
        (Lock::Unset, Open::Set) => EitherOf5::A(view! {
            <form class="lock-form" on:submit=set_lock>
                {warning()}
                {move || {
                    let kept = store.backups().get().len();
                    (kept > 0).then(|| view! {
                        <p class="lock-warning">
                            {crate::domain::words::count(kept, "backup", "backups")}
                            " of data that could not be read (listed above) will stay readable: the lock cannot encrypt what this app cannot read. Download what you want to keep, then remove it."
                        </p>
                    })
                }}
                <p><button type="button" class="button-quiet" on:click=move |_| downloaded.set(Some(download_readable.run(())))>"Download a copy first"</button></p>
                // Said here, where the focus stays, while the form is filled in.
                <p class="lock-status" role="status">{move || downloaded.get()}</p>
                {password("lock-new", "Passphrase", "new-password", first)}
                {password("lock-again", "The same passphrase again", "new-password", again)}
                {form_buttons("Lock my journal", busy, move || show(Open::None))}
            </form>
        }),
        (Lock::Unset, _) => EitherOf5::B(view! {
            <p>
                "Anyone who opens this browser can read your journal. A passphrase lock stores it encrypted, so that only you can open it."
            </p>
            <p><button type="button" class="button-quiet" id="lock-open-set" on:click=move |_| show(Open::Set)>"Set a passphrase lock"</button></p>
        }),
        (_, Open::Change) => EitherOf5::C(view! {
            <form class="lock-form" on:submit=change>
                {password("lock-current", "Current passphrase", "current-password", current)}
                {password("lock-new", "New passphrase", "new-password", first)}
                {password("lock-again", "The new passphrase again", "new-password", again)}
                {form_buttons("Change passphrase", busy, move || show(Open::None))}
            </form>
        }),
        (_, Open::Remove) => EitherOf5::D(view! {
            <form class="lock-form" on:submit=remove>
                <p>"Without the lock, anyone who opens this browser can read your journal."</p>
                {password("lock-current", "Current passphrase", "current-password", current)}
                {form_buttons("Remove the lock", busy, move || show(Open::None))}
            </form>
        }),
        (_, _) => EitherOf5::E(view! {
            <p>"Your journal is stored encrypted in this browser. It locks when you reload or close the page, when you press “Lock now”, and by itself:"</p>
            <p class="field">
                <label for="idle-lock">"Lock by itself"</label>
                <select
                    id="idle-lock"
                    on:change=move |ev| {
                        if let Ok(choice) = event_target_value(&ev).parse::<IdleLock>()
                            && let Err(why) = store.set_idle(choice)
                        {
                            error.set(Some(why));
                        }
                    }
                >
                    {IdleLock::ALL
                        .into_iter()
                        .map(|choice| view! {
                            <option value=choice.as_str() selected=move || store.idle().get() == choice>
                                {choice.label()}
                            </option>
                        })
                        .collect_view()}
                </select>
            </p>
            <p class="data-buttons">
                <button type="button" class="button" on:click=move |_| store.lock_everywhere()>"Lock now"</button>
                " "
                <button type="button" class="button-quiet" id="lock-open-change" on:click=move |_| show(Open::Change)>"Change passphrase"</button>
                " "
                <button type="button" class="button-quiet" id="lock-open-remove" on:click=move |_| show(Open::Remove)>"Remove the lock"</button>
            </p>
        }),
    };

    view! {
        <div class="lock-settings">
            <h3>"Lock with a passphrase"</h3>
            {forms}
            // What was done takes the focus, which reads it: no live region
            // (one would read it twice). The wait, with the focus left on
            // the form, is said by the live line after it.
            <p class="lock-status" id="lock-status" tabindex="-1">{move || message.get()}</p>
            <p class="lock-status" role="status">{move || busy.get().then_some("Working… this takes a moment.")}</p>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        </div>
    }
}
