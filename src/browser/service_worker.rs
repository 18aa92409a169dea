//! Registers the service worker (offline reading and ticking) and tells the
//! app when a new version is waiting, or has been taken up in another tab,
//! so that it can offer a reload. Pending edits are saved on `pagehide`
//! (`JournalStore`), which every reload fires first.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// What the update prompt offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Update {
    /// Nothing new.
    None,
    /// A new version is installed and waits for the reader's "Reload".
    Waiting,
    /// Another tab took up the new version: this page is the old one.
    TakenElsewhere,
    /// This tab asked for the new version and reloads once it is in charge.
    Reloading,
}

/// Registers `sw.js` below the site's base and keeps `update` current.
pub fn register(update: RwSignal<Update>) {
    let navigator = window().navigator();
    // Not every browser (or context) has service workers; the site works without.
    if !js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false) {
        return;
    }
    let container = navigator.service_worker();
    // The worker tells every tab when a new version has taken over.
    // A waiting worker answers with its version when asked (`offer`).
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        let field = |name: &str| {
            js_sys::Reflect::get(&event.data(), &name.into())
                .ok()
                .and_then(|v| v.as_string())
        };
        // Whatever the news, a page already of that version has nothing to reload.
        if field("version").is_some_and(|v| Some(v) == crate::browser::dom::page_version()) {
            return;
        }
        match field("type").as_deref() {
            Some("updated") if update.get_untracked() != Update::Reloading => {
                update.set(Update::TakenElsewhere)
            }
            Some("version") if update.get_untracked() == Update::None => update.set(Update::Waiting),
            _ => {}
        }
    });
    container.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let base = crate::domain::routes::base_path();
    let options = web_sys::RegistrationOptions::new();
    options.set_scope(base);
    let promise = container.register_with_options(&format!("{base}sw.js"), &options);
    leptos::task::spawn_local(async move {
        let Ok(registration) = wasm_bindgen_futures::JsFuture::from(promise).await else {
            return;
        };
        let registration: web_sys::ServiceWorkerRegistration = registration.unchecked_into();
        offer(&registration, update);
        // A new version may already be installing by now, or start later.
        if let Some(installing) = registration.installing() {
            watch(installing, registration.clone(), update);
        }
        let watched = registration.clone();
        let on_update = Closure::<dyn FnMut()>::new(move || {
            if let Some(installing) = watched.installing() {
                watch(installing, watched.clone(), update);
            }
        });
        registration.set_onupdatefound(Some(on_update.as_ref().unchecked_ref()));
        on_update.forget();
    });
}

/// Offers the version that waits, if one does, unless this tab is already
/// on its way to it. A new version is a waiting worker beside an active one
/// that controls the page. The first install has no active worker while it
/// waits, and takes over by itself: nothing to offer. The page's controller
/// alone does not tell them apart: WebKit, when the page is busy, fires the
/// first install's "installed" event after it has already set the page's
/// controller (seen under WebKitWebDriver). A page that stays open after its
/// first visit is offered the next version like any other.
///
/// A page loaded from the network after a deployment is already of the
/// version that waits: the waiting worker is asked for its version, and
/// the message handler in [`register`] offers it only to a page of another.
fn offer(registration: &web_sys::ServiceWorkerRegistration, update: RwSignal<Update>) {
    let replaces =
        registration.active().is_some() && window().navigator().service_worker().controller().is_some();
    // Not collapsed into one `if let` chain, which clippy prefers: that
    // form costs the reading bundle 109 B more with brotli.
    #[allow(clippy::collapsible_match)]
    match registration.waiting() {
        Some(waiting) if replaces && update.get_untracked() == Update::None => {
            if waiting.post_message(&"version?".into()).is_err() {
                update.set(Update::Waiting);
            }
        }
        _ => {}
    }
}

/// Offers the new version once `worker` has installed (and now waits).
fn watch(
    worker: web_sys::ServiceWorker,
    registration: web_sys::ServiceWorkerRegistration,
    update: RwSignal<Update>,
) {
    let watched = worker.clone();
    let on_state = Closure::<dyn FnMut()>::new(move || {
        if watched.state() == web_sys::ServiceWorkerState::Installed {
            offer(&registration, update);
        }
    });
    worker.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
    on_state.forget();
}

/// Lets the waiting version take over, then reloads once it has; when
/// another tab already let it, only reloads.
pub fn activate_update(update: RwSignal<Update>) {
    if update.get_untracked() == Update::TakenElsewhere {
        let _ = window().location().reload();
        return;
    }
    update.set(Update::Reloading);
    let container = window().navigator().service_worker();
    let on_change = Closure::<dyn FnMut()>::new(|| {
        let _ = window().location().reload();
    });
    container.set_oncontrollerchange(Some(on_change.as_ref().unchecked_ref()));
    on_change.forget();
    leptos::task::spawn_local(async move {
        let container = window().navigator().service_worker();
        if let Ok(registration) = wasm_bindgen_futures::JsFuture::from(
            container
                .ready()
                .unwrap_or_else(|_| js_sys::Promise::reject(&"no service worker".into())),
        )
        .await
        {
            let registration: web_sys::ServiceWorkerRegistration = registration.unchecked_into();
            match registration.waiting() {
                Some(waiting) => {
                    let _ = waiting.post_message(&"skip-waiting".into());
                }
                // Taken up meanwhile (by another tab): nothing left to wait for.
                None => {
                    let _ = window().location().reload();
                }
            }
        }
    });
}

/// "A new version is available — reload", quietly, at the foot of the page.
/// "Later" puts it away until there is other news (it covers part of a
/// small screen, more with large text); the new version then waits for the
/// next visit.
#[component]
pub fn UpdatePrompt() -> impl IntoView {
    let update = RwSignal::new(Update::None);
    let put_away = RwSignal::new(Update::None);
    Effect::new(move |_| {
        register(update);
        // While it shows, the keyboard's focus keeps above it (WCAG 2.4.11:
        // the focus is never hidden), measured as the focus moves (the text
        // may have grown since it came).
        let _ = window_event_listener(leptos::ev::focusin, move |event| {
            let now = update.get_untracked();
            let shown = now != Update::None && now != put_away.get_untracked();
            crate::browser::dom::keep_clear_below(
                shown.then_some(".update-prompt"),
                event.target().and_then(|t| t.dyn_into().ok()),
            )
        });
    });
    let later = move |_| {
        put_away.set(update.get_untracked());
        crate::browser::dom::keep_clear_below(None, None);
        // The focus was on "Later", which is gone: back to the page.
        crate::browser::dom::focus_main();
    };
    let prompt = move || {
        let now = update.get();
        if now == put_away.get() {
            return None;
        }
        let message = match now {
            Update::None => return None,
            Update::Waiting | Update::Reloading => "A new version of this site is available.",
            Update::TakenElsewhere => {
                "A new version of this site was opened in another tab. Reload this page to use it."
            }
        };
        Some(view! {
            <div class="update-prompt">
                <p>{message}</p>
                <button type="button" class="button-quiet" on:click=move |_| activate_update(update)>
                    "Reload"
                </button>
                <button type="button" class="button-quiet" on:click=later>
                    "Later"
                </button>
            </div>
        })
    };
    // The live region is on the page from its first render, empty: screen
    // readers announce what comes into a region they already know.
    view! { <div class="update-status" role="status">{prompt}</div> }
}
