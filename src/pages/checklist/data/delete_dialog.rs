//! "Delete all my data": a modal `<dialog>` that asks first. Focus goes into
//! it on the safe choice; "Keep my data" and Escape give focus back to the
//! button that opened it; deleting moves focus to the message that says
//! what was deleted.

use leptos::html;
use leptos::prelude::*;

use super::{STATUS, words};
use crate::browser::dom::focus_next_frame;
use crate::domain::journal::Step;
use crate::state::journal_store::JournalStore;

/// The id of the button that opens the dialog.
const OPENER: &str = "delete-all";

#[component]
pub(super) fn DeleteEverything(
    defaults: Vec<Step>,
    status: RwSignal<String>,
    ready: Signal<bool>,
    /// Run once everything is deleted (what the section showed before is
    /// no longer true).
    on_deleted: Callback<()>,
) -> impl IntoView {
    let store = JournalStore::use_context();
    let defaults = StoredValue::new(defaults);
    let dialog = NodeRef::<html::Dialog>::new();
    let keep = NodeRef::<html::Button>::new();
    // Why this tab may not delete now (read when the dialog opens).
    let refusal = RwSignal::new(None::<String>);
    // Whether the dialog closed because the data was deleted.
    let deleted = StoredValue::new(false);

    let open = move |_| {
        refusal.set(store.refusal());
        deleted.set_value(false);
        let Some(dialog) = dialog.get_untracked() else {
            return;
        };
        if dialog.show_modal().is_ok()
            && let Some(keep) = keep.get_untracked()
        {
            let _ = keep.focus();
        }
    };
    let close = move || {
        if let Some(dialog) = dialog.get_untracked() {
            dialog.close();
        }
    };
    let confirm = move |_| {
        let message = match store.delete_all(defaults.get_value()) {
            Ok(removed) => {
                on_deleted.run(());
                words::deleted_sentence(&removed)
            }
            Err(why) => format!("Nothing was deleted. {why}"),
        };
        status.set(message);
        deleted.set_value(true);
        close();
    };
    // Every way of closing (the buttons, Escape) ends here.
    let closed = move |_| {
        let target = if deleted.get_value() { STATUS } else { OPENER };
        focus_next_frame(target);
    };

    view! {
        <button
            type="button"
            id=OPENER
            class="button-quiet danger"
            aria-haspopup="dialog"
            disabled=move || !ready.get()
            on:click=open
        >
            "Delete all my data"
        </button>
        <dialog
            node_ref=dialog
            class="confirm-dialog"
            aria-labelledby="confirm-delete-title"
            aria-describedby="confirm-delete"
            on:close=closed
        >
            <h3 id="confirm-delete-title">"Delete all your data?"</h3>
            <p id="confirm-delete">
                {move || refusal.get().unwrap_or_else(|| "This deletes all your sessions, ticks and notes from this browser, in every open tab of this site. It cannot be undone. You may want to download a copy first.".to_owned())}
            </p>
            <p class="dialog-buttons">
                {move || refusal.with(Option::is_none).then(|| view! {
                    <button type="button" class="button danger" on:click=confirm>
                        "Delete everything"
                    </button>
                })}
                <button type="button" class="button-quiet" node_ref=keep on:click=move |_| close()>
                    "Keep my data"
                </button>
            </p>
        </dialog>
    }
}
