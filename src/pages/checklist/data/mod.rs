//! "Your data": export to a file (saying first that it is readable text;
//! under a lock, asking first: encrypted or readable), import from one,
//! readable or encrypted (a merge, previewed with exact counts, with one step
//! back), backups of unreadable data (download, remove), delete everything
//! (asked in a dialog, `delete_dialog.rs`). After every action focus moves to
//! what it changed, and the words say what happened (`words.rs`).

mod delete_dialog;
pub(super) mod words;

use leptos::either::either;
use leptos::html;
use leptos::prelude::*;

use crate::browser::dom::{download, focus_next_frame, read_file_text};
use crate::domain::journal::codec::{
    DecodeError, MAX_ENCRYPTED_IMPORT_BYTES, encrypted_export_file_name, parse_import,
};
use crate::domain::journal::import::ImportPreview;
use crate::domain::journal::{Journal, Step};
use crate::domain::lock::Envelope;
use crate::pages::widgets::{section_hydrated_later, shown_text};
use crate::state::journal_store::{Backup, JournalStore, Lock, LockError, today, wall_now};

/// After this many sessions without a download, a browser that may clear
/// the data gets a calm reminder.
const REMIND_AFTER_SESSIONS: usize = 8;

#[derive(Clone, PartialEq)]
enum ImportState {
    Idle,
    Reading,
    /// An encrypted copy, waiting for the passphrase it was locked with
    /// (and why the last one did not open it).
    Passphrase {
        text: String,
        error: Option<String>,
    },
    Preview(Journal, ImportPreview),
    Refused(String),
    Done(String),
}

/// The message under the buttons (downloads, deletions, removed backups);
/// focus moves to it after a deletion.
const STATUS: &str = "data-status";
/// The button that opens the file picker; focus returns to it when an
/// import preview is cancelled.
const IMPORT_BUTTON: &str = "import-button";
/// The import's preview, then its result or refusal: focus moves to each.
const IMPORT_PREVIEW: &str = "import-preview";
const IMPORT_RESULT: &str = "import-result";
/// The line that says what a download holds (the Download button's description).
const DOWNLOAD_NOTE: &str = "download-note";
/// "Download my data": focus returns to it when the question is cancelled.
const EXPORT_BUTTON: &str = "export-button";
/// Under a lock, the question "Which copy?": focus moves to it.
const EXPORT_CHOICE: &str = "export-choice";
/// The passphrase of an encrypted copy being imported.
const FILE_PASSPHRASE: &str = "file-passphrase";

/// How long "Undo import" waits for other tabs to save what they hold (they
/// save at once when asked, in a few milliseconds).
const OTHER_TABS_SAVE: std::time::Duration = std::time::Duration::from_millis(150);

/// "Your data", hydrated in a task of its own on the checklist's first load
/// (see `widgets::section_hydrated_later`).
#[component]
pub fn YourData(defaults: Vec<Step>) -> impl IntoView {
    let store = JournalStore::use_context();
    section_hydrated_later("your-data", "your-data", move || {
        provide_context(store);
        view! { <Contents defaults /> }
    })
}

/// What the section holds.
#[component]
fn Contents(defaults: Vec<Step>) -> impl IntoView {
    let store = JournalStore::use_context();
    let import = RwSignal::new(ImportState::Idle);
    let status = RwSignal::new(String::new());
    let ready = store.ready();
    let downloaded = RwSignal::new(None::<usize>);
    let file_input = NodeRef::<html::Input>::new();
    Effect::new(move |_| {
        if ready.get() {
            downloaded.set(store.sessions_at_last_download());
        }
    });
    // Whether the browser keeps the data, and a calm reminder when it may not
    // and no copy was downloaded for a while.
    let keeping = move || {
        let persisted = store.persisted().get()?;
        let sessions = store.journal_except_ticks().with(|j| j.live_sessions().count());
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

    // Under a lock the client chooses which copy; without one the file is
    // readable (the note beside the button says so).
    let choosing = RwSignal::new(false);
    // What a download's start means (the copy counts for the reminder), in
    // a sentence.
    let outcome = move |result: Result<(), ()>, done: String| match result {
        Ok(()) => {
            downloaded.set(Some(store.note_download()));
            done
        }
        Err(()) => "The download could not start in this browser. Nothing was changed.".to_owned(),
    };
    // Says `text` on the data line, which takes the focus (the question, if
    // one was asked, is gone) and so reads it out.
    let say = move |text: String| {
        choosing.set(false);
        status.set(text);
        focus_next_frame(STATUS);
    };
    let readable_download = move || match store.download_readable() {
        Some(name) => outcome(
            Ok(()),
            format!(
                "Your data was downloaded as {name}. Your notes are in it as readable text: keep it somewhere private."
            ),
        ),
        None => outcome(Err(()), String::new()),
    };
    let export_readable = move || say(readable_download());
    let export_encrypted = move |_| {
        leptos::task::spawn_local(async move {
            let name = encrypted_export_file_name(&today());
            say(match store.encrypted_export().await {
                Ok(text) => outcome(
                    download(&name, &text, "application/json"),
                    format!("An encrypted copy was downloaded as {name}. Only your passphrase opens it."),
                ),
                Err(why) => why.to_string(),
            });
        });
    };
    let export = move |_| {
        if store.lock().get_untracked() == Lock::Unset {
            export_readable();
        } else {
            choosing.set(true);
            focus_next_frame(EXPORT_CHOICE);
        }
    };
    let export_choice = move || {
        choosing.get().then(|| {
            view! {
                <div
                    class="export-choice"
                    id=EXPORT_CHOICE
                    tabindex="-1"
                    role="group"
                    aria-labelledby="export-choice-title"
                >
                    <h3 id="export-choice-title">"Which copy?"</h3>
                    <p>
                        <button type="button" class="button" aria-describedby="export-encrypted-note" on:click=export_encrypted>
                            "Encrypted copy"
                        </button>
                    </p>
                    <p class="hint" id="export-encrypted-note">
                        "Opens only with your passphrase, in this browser or another (“Import from a file”)."
                    </p>
                    <p>
                        <button
                            type="button"
                            class="button-quiet"
                            aria-describedby="export-readable-note"
                            on:click=move |_| export_readable()
                        >
                            "Readable copy"
                        </button>
                    </p>
                    <p class="hint lock-warning" id="export-readable-note">
                        "Anyone who gets this file can read every note in it, without your passphrase."
                    </p>
                    <p>
                        <button
                            type="button"
                            class="button-quiet"
                            on:click=move |_| {
                                choosing.set(false);
                                focus_next_frame(EXPORT_BUTTON);
                            }
                        >
                            "Cancel"
                        </button>
                    </p>
                </div>
            }
        })
    };

    // The import's next state, with focus on what it shows.
    let show = move |state: ImportState| {
        let target = match state {
            ImportState::Idle => Some(IMPORT_BUTTON),
            ImportState::Reading => None,
            ImportState::Passphrase { .. } => Some(FILE_PASSPHRASE),
            ImportState::Preview(..) => Some(IMPORT_PREVIEW),
            ImportState::Refused(_) | ImportState::Done(_) => Some(IMPORT_RESULT),
        };
        import.set(state);
        // What a download said earlier is not about this import.
        status.set(String::new());
        if let Some(id) = target {
            focus_next_frame(id);
        }
    };
    let refused = |err: DecodeError| ImportState::Refused(words::refusal(&err));

    // The file's journal and what importing it would change.
    let previewed = move |readable: &[u8]| match parse_import(readable, wall_now()) {
        Err(err) => refused(err),
        Ok(incoming) => match store.preview_import(&incoming) {
            Ok(preview) => ImportState::Preview(incoming, preview),
            Err(why) => ImportState::Refused(why),
        },
    };

    let pick_file = move |_| {
        if let Some(input) = file_input.get_untracked() {
            input.click();
        }
    };
    let choose_file = move |ev: leptos::ev::Event| {
        let Some(file) = crate::browser::dom::take_chosen_file(&ev) else {
            return;
        };
        if let Some(why) = store.refusal() {
            show(ImportState::Refused(why));
            return;
        }
        // An encrypted copy is a third larger than the readable file inside
        // it; `parse_import` holds a readable one to its own limit.
        if file.size() > MAX_ENCRYPTED_IMPORT_BYTES as f64 {
            show(refused(DecodeError::TooLarge {
                bytes: file.size() as usize,
            }));
            return;
        }
        show(ImportState::Reading);
        leptos::task::spawn_local(async move {
            show(match read_file_text(&file).await {
                None => ImportState::Refused(
                    "The file could not be read. It may have been moved or changed after you chose it; choose it again."
                        .to_owned(),
                ),
                Some(text) if Envelope::is_envelope(&text) => ImportState::Passphrase { text, error: None },
                Some(text) => previewed(text.as_bytes()),
            });
        });
    };
    let busy = RwSignal::new(false);
    let file_passphrase = NodeRef::<html::Input>::new();
    let open_copy = move |text: String| {
        let passphrase = file_passphrase
            .get_untracked()
            .map(|f| f.value())
            .unwrap_or_default();
        busy.set(true);
        leptos::task::spawn_local(async move {
            let next = match store.open_encrypted_file(&text, &passphrase).await {
                Ok(readable) => previewed(readable.as_bytes()),
                Err(why @ LockError::WrongPassphrase) => {
                    // Ready for the next try (the field stays where it is).
                    if let Some(field) = file_passphrase.get_untracked() {
                        field.set_value("");
                    }
                    ImportState::Passphrase {
                        text,
                        error: Some(why.to_string()),
                    }
                }
                Err(why) => ImportState::Refused(why.to_string()),
            };
            busy.set(false);
            show(next);
        });
    };

    // Other tabs first save what they hold unsaved (a note being typed):
    // a change there ends the undo, which must not take their words away.
    let undo = move |_| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        store.ask_other_tabs_to_save();
        set_timeout(
            move || {
                busy.set(false);
                show(match store.undo_import() {
                    Ok(()) => ImportState::Done(
                        "The import was undone: your data is as it was before it.".to_owned(),
                    ),
                    Err(why) => ImportState::Done(format!("The import was not undone. {why}")),
                });
            },
            OTHER_TABS_SAVE,
        );
    };

    let import_view = move || {
        either!(import.get(),
            ImportState::Idle => (),
            ImportState::Reading => view! { <p role="status">"Reading the file…"</p> },
            ImportState::Passphrase { text, error } => view! {
                <form
                    class="lock-form import-preview"
                    on:submit=move |ev: leptos::ev::SubmitEvent| {
                        ev.prevent_default();
                        open_copy(text.clone());
                    }
                >
                    <h3>"This copy is encrypted"</h3>
                    <p class="field">
                        <label for=FILE_PASSPHRASE>"The passphrase it was locked with"</label>
                        <input
                            id=FILE_PASSPHRASE
                            type="password"
                            autocomplete="off"
                            node_ref=file_passphrase
                            aria-invalid=error.is_some().then_some("true")
                            aria-describedby=error.is_some().then_some("file-passphrase-error")
                        />
                    </p>
                    {error.map(|e| view! { <p class="field-error" id="file-passphrase-error" role="alert">{e}</p> })}
                    <p class="lock-status" role="status">
                        {move || busy.get().then_some("Opening the copy… this takes a moment.")}
                    </p>
                    <p class="dialog-buttons">
                        <button type="submit" class="button" disabled=move || busy.get()>"Open this copy"</button>
                        <button type="button" class="button-quiet" on:click=move |_| show(ImportState::Idle)>
                            "Cancel"
                        </button>
                    </p>
                </form>
            },
            // The result takes the focus (`show`), which reads it out; no
            // live region as well, which some screen readers read again.
            ImportState::Refused(reason) => view! {
                <p class="field-error" id=IMPORT_RESULT tabindex="-1">
                    "This file was not imported, and nothing changed. " {reason}
                </p>
            },
            ImportState::Done(message) => view! {
                <div class="import-done" id=IMPORT_RESULT tabindex="-1">
                    <p>{message}</p>
                    {move || store.can_undo_import().get().then(|| view! {
                        <button type="button" class="button-quiet" on:click=undo>"Undo import"</button>
                        <p class="hint">"You can undo the import until the next change, here or in another tab."</p>
                    })}
                </div>
            },
            ImportState::Preview(incoming, preview) => {
                let summary = words::preview_sentence(&preview);
                let apply = move |_| {
                    show(match store.import(&incoming) {
                        Ok(done) => ImportState::Done(words::imported_sentence(&done)),
                        Err(why) => ImportState::Refused(why),
                    });
                };
                view! {
                    <div
                        class="import-preview"
                        id=IMPORT_PREVIEW
                        tabindex="-1"
                        role="region"
                        aria-labelledby="import-preview-title"
                    >
                        <h3 id="import-preview-title">"Import this file?"</h3>
                        <p class="import-summary">{summary}</p>
                        <p class="dialog-buttons">
                            <button type="button" class="button" on:click=apply>"Import"</button>
                            <button type="button" class="button-quiet" on:click=move |_| show(ImportState::Idle)>
                                "Cancel"
                            </button>
                        </p>
                    </div>
                }
            }
        )
    };

    let backups = move || {
        let list = store.backups().get();
        (!list.is_empty()).then(|| {
            let rows = list
                .into_iter()
                .map(|backup| view! { <BackupRow backup status /> })
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
        <h2 id="your-data">"Your data"</h2>
        <p>
            "Your sessions, ticks and notes are stored only in this browser. Download a copy to keep it safe or to move it to another device."
        </p>
        <p class="hint" id=DOWNLOAD_NOTE>
            {move || if store.lock().get() == Lock::Unset {
                "The file holds your journal, your notes included, as readable text: anyone who opens it can read it. Keep it somewhere private."
            } else {
                "With the lock set, you choose: an encrypted copy that opens only with your passphrase, or a readable one."
            }}
        </p>
        <div class="data-buttons">
            <button
                type="button"
                id=EXPORT_BUTTON
                class="button-quiet"
                aria-describedby=DOWNLOAD_NOTE
                disabled=move || !ready.get()
                on:click=export
            >
                "Download my data"
            </button>
            // The picker opens from a real button (Enter and Space alike);
            // the input itself is out of the tab order.
            <input
                id="import-file"
                node_ref=file_input
                class="visually-hidden"
                type="file"
                tabindex="-1"
                aria-hidden="true"
                aria-label="Import from a file"
                accept=".json,application/json"
                disabled=move || !ready.get()
                on:change=choose_file
            />
            <button
                type="button"
                id=IMPORT_BUTTON
                class="button-quiet"
                disabled=move || !ready.get()
                on:click=pick_file
            >
                "Import from a file"
            </button>
            // A <div>: the dialog (flow content) may not sit in a <p>.
            <delete_dialog::DeleteEverything
                defaults
                status
                ready
                // An import's result or preview speaks of data now gone.
                on_deleted=Callback::new(move |()| import.set(ImportState::Idle))
            />
        </div>
        {export_choice}
        {move || keeping().map(|line| view! { <p class="data-keeping">{line}</p> })}
        {import_view}
        {backups}
        // The lock's form says its download itself: the focus stays there.
        <super::lock::LockSettings download_readable=Callback::new(move |()| readable_download()) />
        // Every line here takes the focus, which reads it: no live region,
        // which would read it twice.
        <p class="data-status" id=STATUS tabindex="-1">{move || shown_text(status.get())}</p>
    }
}

/// One piece of unreadable data kept under a backup key: download it, or
/// remove it (focus then moves to the line that says so, as the row goes).
#[component]
fn BackupRow(backup: Backup, status: RwSignal<String>) -> impl IntoView {
    let store = JournalStore::use_context();
    let Backup { key, text } = backup;
    let name = format!(
        "after-the-session-unreadable-{}.txt",
        key.rsplit('.').next().unwrap_or("1")
    );
    let download_it = move |_| {
        let _ = download(&name, &text, "text/plain");
    };
    let removed = key.clone();
    let remove = move |_| {
        status.set(match store.remove_backup(&removed) {
            Ok(()) => format!("The unreadable data kept under “{removed}” was removed."),
            Err(why) => why,
        });
        focus_next_frame(STATUS);
    };
    view! {
        <li class="backup">
            <code>{key}</code>
            " "
            <button type="button" class="button-quiet" on:click=download_it>"Download"</button>
            " "
            <button type="button" class="button-quiet" on:click=remove>"Remove"</button>
        </li>
    }
}
