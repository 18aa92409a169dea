//! "Leave quickly" (the GOV.UK "Exit this page" pattern), while a
//! passphrase lock is set: the button, or Escape pressed three times within
//! two seconds, locks every tab and replaces this page with a neutral one
//! (`[lock] exit_url` in content/site.toml), leaving no journal page in this
//! tab's history.

use leptos::prelude::*;

use crate::browser::dom::leave_for;
use crate::state::journal_store::{JournalStore, Lock};

/// Escape presses within this many milliseconds count together.
const WITHIN_MS: f64 = 2000.0;

/// The control, shown only while a lock is set and an address is configured.
#[component]
pub fn QuickExit(exit_url: Option<String>) -> impl IntoView {
    let store = JournalStore::use_context();
    let exit_url = StoredValue::new(exit_url);
    let leave = move || {
        if let Some(url) = exit_url.get_value() {
            store.lock_everywhere();
            leave_for(&url);
        }
    };
    // Times of the last Escape presses.
    let presses = StoredValue::new(Vec::<f64>::new());
    Effect::new(move |_| {
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            if ev.key() != "Escape" || store.lock().get_untracked() == Lock::Unset {
                return;
            }
            let now = js_sys::Date::now();
            let mut three = false;
            presses.update_value(|p| {
                p.retain(|t| now - t < WITHIN_MS);
                p.push(now);
                three = p.len() >= 3;
            });
            if three {
                leave();
            }
        });
        on_cleanup(move || handle.remove());
    });
    move || {
        (store.lock().get() != Lock::Unset && exit_url.with_value(Option::is_some)).then(|| {
            view! {
                <p class="quick-exit">
                    <button type="button" class="button danger" on:click=move |_| leave()>
                        "Leave quickly"
                    </button>
                    <span class="hint">" (or press Escape three times)"</span>
                </p>
            }
        })
    }
}
