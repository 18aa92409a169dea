//! Registers the service worker (offline reading and ticking) and tells the
//! app when a new version is waiting, so that it can offer a reload.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

/// Registers `sw.js` below the site's base. `update_waiting` becomes true
/// when a new version has been installed and waits for the reader.
pub fn register(update_waiting: RwSignal<bool>) {
    let navigator = window().navigator();
    // Not every browser (or context) has service workers; the site works without.
    if !js_sys::Reflect::has(&navigator, &"serviceWorker".into()).unwrap_or(false) {
        return;
    }
    let container = navigator.service_worker();
    let base = crate::domain::routes::base_path();
    let options = web_sys::RegistrationOptions::new();
    options.set_scope(base);
    let promise = container.register_with_options(&format!("{base}sw.js"), &options);
    leptos::task::spawn_local(async move {
        let Ok(registration) = wasm_bindgen_futures::JsFuture::from(promise).await else {
            return;
        };
        let registration: web_sys::ServiceWorkerRegistration = registration.unchecked_into();
        let had_controller = window().navigator().service_worker().controller().is_some();
        if !had_controller {
            // The first install: nothing to replace.
            return;
        }
        if registration.waiting().is_some() {
            update_waiting.set(true);
        }
        // A new version may already be installing by now, or start later.
        if let Some(installing) = registration.installing() {
            watch(installing, update_waiting);
        }
        let watched = registration.clone();
        let on_update = Closure::<dyn FnMut()>::new(move || {
            if let Some(installing) = watched.installing() {
                watch(installing, update_waiting);
            }
        });
        registration.set_onupdatefound(Some(on_update.as_ref().unchecked_ref()));
        on_update.forget();
    });
}

/// Sets `update_waiting` once `worker` has installed (and now waits).
fn watch(worker: web_sys::ServiceWorker, update_waiting: RwSignal<bool>) {
    let watched = worker.clone();
    let on_state = Closure::<dyn FnMut()>::new(move || {
        if watched.state() == web_sys::ServiceWorkerState::Installed {
            update_waiting.set(true);
        }
    });
    worker.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
    on_state.forget();
}

/// Lets the waiting version take over, then reloads once it has.
pub fn activate_update() {
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
            if let Some(waiting) = registration.waiting() {
                let _ = waiting.post_message(&"skip-waiting".into());
            }
        }
    });
}

/// "A new version is available — reload", quietly, at the foot of the page.
#[component]
pub fn UpdatePrompt() -> impl IntoView {
    let waiting = RwSignal::new(false);
    Effect::new(move |_| register(waiting));
    move || {
        waiting.get().then(|| {
            view! {
                <div class="update-prompt" role="status">
                    <p>"A new version of this site is available."</p>
                    <button type="button" class="button-quiet" on:click=move |_| activate_update()>
                        "Reload"
                    </button>
                </div>
            }
        })
    }
}
