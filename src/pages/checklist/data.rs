//! "Your data": export to a file, import from one (a merge, previewed with
//! exact counts, with one step back), backups of unreadable data (download,
//! remove), delete everything (and say what was removed).

use leptos::either::either;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::browser::dom::download;
use crate::browser::storage;
use crate::domain::journal::codec::{
    DecodeError, MAX_IMPORT_BYTES, encode_export, export_file_name, parse_import,
};
use crate::domain::journal::import::ImportPreview;
use crate::domain::journal::{Journal, Step};
use crate::state::journal_store::{JournalStore, today};

/// After this many sessions without a download, a browser that may clear
/// the data gets a calm reminder.
const REMIND_AFTER_SESSIONS: usize = 8;

#[derive(Clone, PartialEq)]
enum ImportState {
    Idle,
    Reading,
    Preview(Journal, ImportPreview),
    Refused(String),
    Done(String),
}

fn sessions(n: usize) -> String {
    if n == 1 {
        "1 session".to_owned()
    } else {
        format!("{n} sessions")
    }
}
/// The preview: exactly what the import will change.
pub fn preview_sentence(p: &ImportPreview) -> String {
    if *p == ImportPreview::default() {
        return "This file holds nothing that is not here already: importing it changes nothing.".to_owned();
    }
    format!(
        "New sessions: {}. Sessions updated with newer changes: {}. Sessions deleted, as the file records: {}. Sessions left as they are here, because this browser’s copy is newer: {}.",
        p.added, p.updated, p.deleted, p.ignored
    )
}

#[component]
pub fn YourData(defaults: Vec<Step>) -> impl IntoView {
    let store = JournalStore::use_context();
    let import = RwSignal::new(ImportState::Idle);
    let confirm_delete = RwSignal::new(false);
    let status = RwSignal::new(String::new());
    let ready = store.ready();
    let downloaded = RwSignal::new(None::<usize>);
    Effect::new(move |_| {
        if ready.get() {
            downloaded.set(storage::sessions_at_last_download());
        }
    });
    // Whether the browser keeps the data, and a calm reminder when it may not
    // and no copy was downloaded for a while.
    let keeping = move || {
        let persisted = store.persisted().get()?;
        let sessions = store.journal().with(|j| j.live_sessions().count());
        let since = sessions.saturating_sub(downloaded.get().unwrap_or(0));
        Some(if persisted {
            "This browser agreed to keep your data even when it runs low on space.".to_owned()
        } else if since >= REMIND_AFTER_SESSIONS {
            format!(
                "This browser may clear its stored data when it runs low on space, and {since} sessions were added since your last download. When you have a moment, “Download my data” keeps a copy safe."
            )
        } else {
            "This browser may clear its stored data when it runs low on space; a downloaded copy now and then keeps it safe.".to_owned()
        })
    };

    let export = move |_| {
        let text = store.journal().with_untracked(encode_export);
        status.set(
            match download(&export_file_name(&today()), &text, "application/json") {
                Ok(()) => {
                    let count = store.journal().with_untracked(|j| j.live_sessions().count());
                    storage::note_download(count);
                    downloaded.set(Some(count));
                    "Your data was downloaded as a file.".to_owned()
                }
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
        if let Some(why) = store.refusal() {
            import.set(ImportState::Refused(why));
            return;
        }
        if file.size() > MAX_IMPORT_BYTES as f64 {
            let err = DecodeError::TooLarge {
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
                    let preview = store.preview_import(&incoming);
                    ImportState::Preview(incoming, preview)
                }
            };
            import.set(state);
        });
    };

    let undo = move |_| {
        import.set(match store.undo_import() {
            Ok(()) => {
                ImportState::Done("The import was undone: your data is as it was before it.".to_owned())
            }
            Err(why) => ImportState::Refused(why),
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
            ImportState::Done(message) => view! {
                <div class="import-done" role="status">
                    <p>{message}</p>
                    {move || store.can_undo_import().get().then(|| view! {
                        <button type="button" class="button-quiet" on:click=undo>"Undo import"</button>
                    })}
                </div>
            },
            ImportState::Preview(incoming, preview) => {
                let summary = preview_sentence(&preview);
                let apply = move |_| {
                    import.set(match store.import(&incoming) {
                        Ok(done) => ImportState::Done(format!("The file was imported. {}", preview_sentence(&done))),
                        Err(why) => ImportState::Refused(why),
                    });
                };
                view! {
                    <div class="import-preview" role="region" aria-label="What the import will do">
                        <p class="import-summary">{summary}</p>
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
        confirm_delete.set(false);
        status.set(match store.delete_all(defaults.clone()) {
            Ok(removed) => format!(
                "Deleted from this browser: {}, with every tick and note{}. Other open tabs of this site delete them too. Stored items removed: {}.",
                sessions(removed.sessions),
                match removed.backups {
                    0 => String::new(),
                    1 => ", and 1 backup of unreadable data".to_owned(),
                    n => format!(", and {n} backups of unreadable data"),
                },
                removed.keys.join(", ")
            ),
            Err(why) => format!("Nothing was deleted. {why}"),
        });
    };

    let backups = move || {
        let list = store.backups().get();
        (!list.is_empty()).then(|| {
            let rows = list
                .into_iter()
                .map(|b| {
                    let key = b.key.clone();
                    let name = format!("after-the-session-unreadable-{}.txt", b.key.rsplit('.').next().unwrap_or("1"));
                    let download_it = move |_| {
                        let _ = download(&name, &b.text, "text/plain");
                    };
                    let remove = move |_| {
                        if let Err(why) = store.remove_backup(&key) {
                            status.set(why);
                        }
                    };
                    view! {
                        <li class="backup">
                            <code>{b.key.clone()}</code>
                            " "
                            <button type="button" class="button-quiet" on:click=download_it>"Download"</button>
                            " "
                            <button type="button" class="button-quiet" on:click=remove>"Remove"</button>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <div class="backups">
                    <h3>"Data that could not be read"</h3>
                    <p>"Kept here unchanged, in case you want it. Download a copy, or remove it."</p>
                    <ul>{rows}</ul>
                </div>
            }
        })
    };

    view! {
        <section class="your-data" aria-labelledby="your-data">
            <h2 id="your-data">"Your data"</h2>
            <p>
                "Your sessions, ticks and notes are stored only in this browser. Download a copy to keep it safe or to move it to another device."
            </p>
            <p class="data-buttons">
                <button type="button" class="button-quiet" disabled=move || !ready.get() on:click=export>
                    "Download my data"
                </button>
                <input
                    id="import-file"
                    class="visually-hidden"
                    type="file"
                    accept=".json,application/json"
                    disabled=move || !ready.get()
                    on:change=choose_file
                />
                <label class="file-button" for="import-file">"Import from a file"</label>
                <button
                    type="button"
                    class="button-quiet danger"
                    disabled=move || !ready.get()
                    on:click=move |_| confirm_delete.set(true)
                >
                    "Delete all my data"
                </button>
            </p>
            {move || keeping().map(|line| view! { <p class="data-keeping">{line}</p> })}
            {import_view}
            {backups}
            <super::lock::LockSettings />
            {move || {
                confirm_delete
                    .get()
                    .then(|| {
                        let refusal = store.refusal();
                        view! {
                            <div class="confirm" role="alertdialog" aria-labelledby="confirm-delete">
                                <p id="confirm-delete">
                                    {refusal.clone().unwrap_or_else(|| "Delete all your sessions, ticks and notes from this browser, in every open tab of this site? This cannot be undone. You may want to download a copy first.".to_owned())}
                                </p>
                                {refusal.is_none().then(|| view! {
                                    <button type="button" class="button danger" on:click=delete_all.clone()>
                                        "Delete everything"
                                    </button>
                                })}
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
