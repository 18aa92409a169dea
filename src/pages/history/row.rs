//! One past session in the list: its summary line, and when opened its
//! fields and a delete button.

use std::collections::HashMap;

use leptos::prelude::*;

use super::Summary;
use crate::pages::widgets::SessionFields;

/// A past session's row. `lines` holds every row's summary line by session
/// id, so the line follows edits made with the row open.
#[component]
pub(super) fn SessionRow(
    summary: Summary,
    lines: Memo<HashMap<String, String>>,
    delete: Callback<Summary>,
) -> impl IntoView {
    let open = RwSignal::new(false);
    let id = summary.id.clone();
    let line_id = id.clone();
    let line = move || lines.with(|l| l.get(&line_id).cloned().unwrap_or_default());
    let summary = StoredValue::new(summary);
    view! {
        <li>
            <details on:toggle=move |ev| {
                open.set(event_target::<web_sys::HtmlDetailsElement>(&ev).open());
            }>
                <summary>{line}</summary>
                {move || {
                    open.get()
                        .then(|| {
                            view! {
                                <SessionFields session_id=id.clone() />
                                <button
                                    type="button"
                                    class="button-quiet danger"
                                    on:click=move |_| delete.run(summary.get_value())
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
