//! Where the journal lives, and the lasting notices about it.

use leptos::either::Either;
use leptos::prelude::*;

use crate::domain::content::Content;
use crate::domain::journal::default_steps;
use crate::state::journal_store::{JournalStore, Lock, ReadOnly, SaveStatus};

/// Where the data lives; before the app runs, what the page needs it for.
#[component]
pub fn StorageLine(
    #[prop(
        default = "Ticking steps needs JavaScript, which is off or still loading. You can read the steps below."
    )]
    before_app: &'static str,
) -> impl IntoView {
    view! {
        <p class="storage-line">
            <span class="before-app">{before_app}</span>
            <span class="with-app">
                "Everything here stays only in this browser, on this device. Nothing is sent anywhere."
            </span>
        </p>
    }
}

/// Starts the store once the page is in the browser, in a task of its own
/// after hydration's: reading the journal and drawing it is as much work as
/// hydrating, and two shorter tasks let the page paint and answer input in
/// between (Lighthouse counts each long task's excess over 50 ms as blocking).
pub fn start_store(store: JournalStore, content: &Content) {
    let defaults = default_steps(content.article.steps());
    Effect::new(move |_| {
        let defaults = defaults.clone();
        set_timeout(move || store.start(defaults), std::time::Duration::ZERO);
    });
}

/// The lasting notices: not saving, unreadable data found.
#[component]
pub fn StorageNotices() -> impl IntoView {
    let store = JournalStore::use_context();
    let not_saved = move || match (store.read_only().get(), store.status().get()) {
        (Some(ReadOnly::NewerApp), _) => Some(Either::Left(either_newer(store))),
        (_, SaveStatus::NotSaved(reason)) => Some(Either::Right(view! {
            <div class="notice notice-warning" role="alert">
                <p>
                    <strong>"Your checklist is not being saved: "</strong>
                    {reason}
                    ". It works for now, but it will be gone when you close this page. “Download my data” on the checklist page keeps a copy."
                </p>
            </div>
        })),
        (_, SaveStatus::Saved) => None,
    };
    let set_aside = move || {
        let n = store.set_aside().get();
        (n > 0).then(|| view! {
            <div class="notice notice-warning" role="alert">
                <p>
                    {if n == 1 { "One saved session".to_owned() } else { format!("{n} saved sessions") }}
                    " could not be read and "
                    {if n == 1 { "was" } else { "were" }}
                    " set aside; every other session is here. The unreadable part is kept unchanged under “Your data” on the checklist page."
                </p>
            </div>
        })
    };
    let unreadable = move || {
        store.unreadable().get().map(|u| {
            let what = match u.sessions {
                None => format!(
                    "The checklist saved in this browser could not be read ({}), so you are starting with a fresh one.",
                    u.reason
                ),
                Some(1) => format!("One saved session could not be read ({}); every other session is here.", u.reason),
                Some(n) => format!("{n} saved sessions could not be read (the first: {}); every other session is here.", u.reason),
            };
            let kept = match &u.backup_key {
                Some(key) => format!(" The old data is kept unchanged in this browser (under “{key}”)."),
                None => " There was no room to back it up, so that nothing is lost, the data saved in this browser is left in place, untouched, and nothing on this page is saved. Download it to keep a copy; to go on, make room by removing a backup under “Your data” on the checklist page, then reload this page.".to_owned(),
            };
            let raw = u.raw.clone();
            view! {
                <div class="notice notice-warning" role="alert">
                    <p>{what}{kept}</p>
                    <button
                        type="button"
                        class="button-quiet"
                        on:click=move |_| {
                            // If the browser refuses, the data still stays in its backup key.
                            let _ = crate::browser::dom::download("after-the-session-unreadable.txt", &raw, "text/plain");
                        }
                    >
                        "Download the unreadable data"
                    </button>
                </div>
            }
        })
    };
    view! {
        {not_saved}
        {set_aside}
        {unreadable}
    }
}

/// Another tab runs a newer version: this page writes nothing and offers a
/// reload. What was written here since is in this page's memory only: a
/// reload would lose it, so the notice says so and offers this page's copy
/// as a file first, which the new version imports.
fn either_newer(store: JournalStore) -> impl IntoView + use<> {
    let reload = |_| crate::browser::dom::reload();
    let said = RwSignal::new(None::<String>);
    let keep = move |_| {
        said.set(Some(match store.download_readable() {
            Some(name) => format!(
                "This page's copy was downloaded as {name}. After the reload, import it under “Your data”: what you wrote here is added to the new version's data."
            ),
            None => "The download could not start in this browser. Copy what you wrote before you reload.".to_owned(),
        }));
    };
    // Under a lock, never a readable file unasked: "Download my data" asks
    // which copy.
    let unsaved = move || {
        store.unsaved_in_memory().get().then(|| {
            if store.lock().get() == Lock::Unset {
                Either::Left(view! {
                    <p>
                        "What you wrote on this page since then is not saved, and a reload would lose it. Keep it first:"
                    </p>
                    <p>
                        <button type="button" class="button" on:click=keep>"Download this page’s copy"</button>
                    </p>
                    <p role="status">{move || said.get()}</p>
                })
            } else {
                Either::Right(view! {
                    <p>
                        "What you wrote on this page since then is not saved, and a reload would lose it. Keep it first with “Download my data” on the checklist page (the encrypted copy), then import it after the reload."
                    </p>
                })
            }
        })
    };
    view! {
        <div class="notice notice-warning" role="alert">
            <p>
                <strong>"The app was updated in another tab."</strong>
                " Its data is newer than this page can read, so this page saves nothing and leaves that data untouched. Reload to use the new version."
            </p>
            {unsaved}
            <button type="button" class="button" on:click=reload>"Reload"</button>
        </div>
    }
}
