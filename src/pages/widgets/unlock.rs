//! The locked journal's screen: while a passphrase lock is set and this tab
//! holds no key, the checklist and past sessions show only this form —
//! nothing of the journal, not a count, not a date.

use std::time::Duration;

use leptos::either::Either;
use leptos::prelude::*;

use crate::browser::dom::{focus_main, focus_next_frame, focus_next_frame_if_lost};
use crate::domain::lock::unlock_wait;
use crate::state::journal_store::{JournalStore, Lock, LockError};

/// The passphrase field's id.
const UNLOCK_FIELD: &str = "unlock-passphrase";
/// "Forgot your passphrase?" and the confirmation's safe way back.
const FORGOT_BUTTON: &str = "unlock-forgot";
const KEEP_BUTTON: &str = "unlock-keep";
/// What the gate says once the form is gone ("Everything was deleted").
const GATE_STATUS: &str = "lock-gate-status";
/// What the gate says when the journal locks while open.
const LOCKED_SAID: &str = "Your journal was locked. Type your passphrase to open it again.";

/// Shows what `page` makes unless the journal is locked in this tab, when
/// it shows the unlock form instead. (A typed `Either`, not `Show` with
/// children: those become an `AnyView`, whose type erasure alone added
/// about 400 KB to the checklist bundle.)
pub fn lock_gate<V: IntoView + 'static>(page: impl Fn() -> V + Send + Sync + 'static) -> impl IntoView {
    let store = JournalStore::use_context();
    // Only locked or not: setting a lock must not build the page afresh.
    let locked = Memo::new(move |_| store.lock().get() == Lock::Locked);
    // Said while the focus goes elsewhere (a live line).
    let said = RwSignal::new(None::<&'static str>);
    // What the form did, once it is gone: outside the gate, so it outlives
    // the form; it takes the focus, which reads it (so no live line, which
    // would read it twice).
    let done = RwSignal::new(None::<&'static str>);
    // Locked while open here ("Lock now", here or in another tab, or idle):
    // said, and the keyboard focus, lost with the page's controls, goes to
    // the passphrase field. (Not when a page opens locked: nothing was lost.)
    let was_open = StoredValue::new(false);
    Effect::new(move |_| {
        let locked = locked.get();
        if !locked && store.ready().get() {
            was_open.set_value(true);
            if said.get_untracked().is_some() {
                said.set(None);
            }
        } else if locked && was_open.get_value() {
            was_open.set_value(false);
            said.set(Some(LOCKED_SAID));
            focus_next_frame_if_lost(UNLOCK_FIELD);
        }
    });
    view! {
        <p class="lock-status" id=GATE_STATUS tabindex="-1">{move || done.get()}</p>
        <p class="lock-status" id="lock-gate-said" role="status">{move || said.get()}</p>
        {move || {
            if locked.get() {
                Either::Left(view! { <UnlockForm done /> })
            } else {
                Either::Right(page())
            }
        }}
    }
}

fn seconds(wait: Duration) -> String {
    match wait.as_secs() {
        1 => "1 second".to_owned(),
        n => format!("{n} seconds"),
    }
}

/// The passphrase form. A wrong passphrase says so, and the form waits a
/// little longer after each wrong try (`domain::lock::unlock_wait`).
#[component]
fn UnlockForm(
    /// The gate's line, for what was done once this form is gone.
    done: RwSignal<Option<&'static str>>,
) -> impl IntoView {
    let store = JournalStore::use_context();
    let field = NodeRef::<leptos::html::Input>::new();
    let wrong_tries = RwSignal::new(0u32);
    let busy = RwSignal::new(false);
    let waiting = RwSignal::new(false);
    let message = RwSignal::new(None::<String>);
    let forgot = RwSignal::new(false);

    // Every button that goes away hands the keyboard focus on: to the
    // confirmation's safe choice, back to the button that asked, or to what
    // was done.
    let start_again = move |_| match store.forget_and_start_again() {
        Ok(_) => {
            done.set(Some(
                "Everything was deleted. You are starting again with an empty checklist and no lock.",
            ));
            focus_next_frame(GATE_STATUS);
        }
        Err(why) => {
            forgot.set(false);
            message.set(Some(format!("Nothing was deleted. {why}")));
            focus_next_frame(FORGOT_BUTTON);
        }
    };
    let ask = move |_| {
        forgot.set(true);
        focus_next_frame(KEEP_BUTTON);
    };
    let keep = move |_| {
        forgot.set(false);
        focus_next_frame(FORGOT_BUTTON);
    };
    let forgot_view = move || {
        if forgot.get() {
            Either::Left(view! {
                <div class="confirm" role="alertdialog" aria-labelledby="confirm-forgot">
                    <p id="confirm-forgot">
                        "Without the passphrase, nobody can open your journal. The only way on is to delete it: every session, tick and note in this browser, in every open tab of this site. This cannot be undone."
                    </p>
                    <button type="button" class="button danger" on:click=start_again>
                        "Delete everything and start again"
                    </button>
                    " "
                    <button type="button" class="button-quiet" id=KEEP_BUTTON on:click=keep>
                        "Keep it and try again"
                    </button>
                </div>
            })
        } else {
            Either::Right(view! {
                <p>
                    <button type="button" class="button-quiet" id=FORGOT_BUTTON on:click=ask>
                        "Forgot your passphrase?"
                    </button>
                </p>
            })
        }
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() || waiting.get_untracked() {
            return;
        }
        let Some(input) = field.get_untracked() else {
            return;
        };
        let passphrase = input.value();
        if passphrase.is_empty() {
            message.set(Some("Type your passphrase first.".to_owned()));
            return;
        }
        busy.set(true);
        message.set(None);
        leptos::task::spawn_local(async move {
            let result = store.unlock(&passphrase).await;
            busy.set(false);
            match result {
                Ok(()) => request_animation_frame(focus_main),
                Err(LockError::WrongPassphrase) => {
                    let tries = wrong_tries.get_untracked() + 1;
                    wrong_tries.set(tries);
                    let wait = unlock_wait(tries);
                    message.set(Some(format!(
                        "That passphrase is not the right one. You can try again in {}.",
                        seconds(wait)
                    )));
                    waiting.set(true);
                    set_timeout(move || waiting.set(false), wait);
                    input.set_value("");
                    let _ = input.focus();
                }
                Err(other) => message.set(Some(other.to_string())),
            }
        });
    };

    view! {
        <section class="lock-screen" aria-labelledby="locked-title">
            <h2 id="locked-title">"Your journal is locked"</h2>
            <p>
                "Your checklist and past sessions are stored encrypted in this browser. Type your passphrase to open them."
            </p>
            <form class="lock-form" on:submit=submit>
                <p class="field">
                    <label for=UNLOCK_FIELD>"Passphrase"</label>
                    <input
                        id=UNLOCK_FIELD
                        type="password"
                        autocomplete="current-password"
                        node_ref=field
                    />
                </p>
                <p>
                    <button type="submit" class="button" aria-disabled=move || (busy.get() || waiting.get()).to_string()>
                        "Unlock"
                    </button>
                </p>
                <p class="lock-status" role="status">
                    {move || busy.get().then_some("Opening your journal…")}
                </p>
                {move || message.get().map(|m| view! { <p class="field-error" role="alert">{m}</p> })}
            </form>
            {forgot_view}
        </section>
    }
}
