//! "Your data": export to a file, import from one (validated, previewed),
//! delete everything.

use leptos::either::either;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::browser::dom::download;
use crate::domain::journal::codec::{MAX_IMPORT_BYTES, encode_export, export_file_name, parse_import};
use crate::domain::journal::import::{ImportPreview, import as apply_import, preview as preview_import};
use crate::domain::journal::{Journal, Step};
use crate::state::journal_store::{JournalStore, new_id, now, today};

#[derive(Clone, PartialEq)]
enum ImportState {
    Idle,
    Reading,
    Preview(Journal, ImportPreview),
    Refused(String),
    Done(String),
}

#[component]
pub fn YourData(defaults: Vec<Step>) -> impl IntoView {
    let store = JournalStore::use_context();
    let import = RwSignal::new(ImportState::Idle);
    let confirm_delete = RwSignal::new(false);
    let status = RwSignal::new(String::new());

    let export = move |_| {
        let text = store.journal.with_untracked(encode_export);
        status.set(
            match download(&export_file_name(&today()), &text, "application/json") {
                Ok(()) => "Your data was downloaded as a file.".to_owned(),
                Err(()) => "The download could not start in this browser. Nothing was changed.".to_owned(),
            },
        );
    };

    let choose_file = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|files| files.get(0)) else {
            return;
        };
        input.set_value("");
        if file.size() > MAX_IMPORT_BYTES as f64 {
            let err = crate::domain::journal::codec::DecodeError::TooLarge {
                bytes: file.size() as usize,
            };
            import.set(ImportState::Refused(err.to_string()));
            return;
        }
        import.set(ImportState::Reading);
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text())
                .await
                .ok()
                .and_then(|t| t.as_string());
            let state = match text.map(|t| parse_import(t.as_bytes())) {
                None => ImportState::Refused("The file could not be read.".to_owned()),
                Some(Err(err)) => ImportState::Refused(err.to_string()),
                Some(Ok(incoming)) => {
                    let preview = store.journal.with_untracked(|here| {
                        let result = apply_import(here, &incoming, now(), &mut || new_id("s"));
                        preview_import(here, &incoming, &result)
                    });
                    ImportState::Preview(incoming, preview)
                }
            };
            import.set(state);
        });
    };

    let import_view = move || {
        either!(import.get(),
            ImportState::Idle => (),
            ImportState::Reading => view! { <p role="status">"Reading the file…"</p> },
            ImportState::Refused(reason) => view! {
                <p class="field-error" role="alert">
                    "This file was not imported, and nothing changed. " {reason}
                </p>
            },
            ImportState::Done(message) => view! { <p role="status">{message}</p> },
            ImportState::Preview(incoming, preview) => {
                let summary = format!(
                    "From this file: {} new sessions, {} updated with newer changes, {} deleted (the file records deleting them), and {} left as they are because this browser’s copy is newer.",
                    preview.added, preview.updated, preview.deleted, preview.ignored
                );
                let apply = move |_| {
                    let result = store.journal.with_untracked(|here| apply_import(here, &incoming, now(), &mut || new_id("s")));
                    store.replace(result);
                    import.set(ImportState::Done("The file was imported.".to_owned()));
                };
                view! {
                    <div class="import-preview" role="region" aria-label="What the import will do">
                        <p>{summary}</p>
                        <button type="button" class="button" on:click=apply>"Import"</button>
                        " "
                        <button type="button" class="button-quiet" on:click=move |_| import.set(ImportState::Idle)>
                            "Cancel"
                        </button>
                    </div>
                }
            }
        )
    };

    let delete_all = move |_| {
        store.delete_all(defaults.clone());
        confirm_delete.set(false);
        status.set("Everything was deleted from this browser.".to_owned());
    };

    view! {
        <section class="your-data" aria-labelledby="your-data">
            <h2 id="your-data">"Your data"</h2>
            <p>
                "Your sessions, ticks and notes are stored only in this browser. Download a copy to keep it safe or to move it to another device."
            </p>
            <p class="data-buttons">
                <button type="button" class="button-quiet" disabled=move || !store.ready.get() on:click=export>
                    "Download my data"
                </button>
                <input
                    id="import-file"
                    class="visually-hidden"
                    type="file"
                    accept=".json,application/json"
                    disabled=move || !store.ready.get()
                    on:change=choose_file
                />
                <label class="file-button" for="import-file">"Import from a file"</label>
                <button
                    type="button"
                    class="button-quiet danger"
                    disabled=move || !store.ready.get()
                    on:click=move |_| confirm_delete.set(true)
                >
                    "Delete all my data"
                </button>
            </p>
            {import_view}
            {move || {
                confirm_delete
                    .get()
                    .then(|| {
                        view! {
                            <div class="confirm" role="alertdialog" aria-labelledby="confirm-delete">
                                <p id="confirm-delete">
                                    "Delete all your sessions, ticks and notes from this browser? This cannot be undone. You may want to download a copy first."
                                </p>
                                <button type="button" class="button danger" on:click=delete_all.clone()>
                                    "Delete everything"
                                </button>
                                " "
                                <button type="button" class="button-quiet" on:click=move |_| confirm_delete.set(false)>
                                    "Keep my data"
                                </button>
                            </div>
                        }
                    })
            }}
            <p class="data-status" role="status">{move || status.get()}</p>
        </section>
    }
}
