//! `navigator.locks` around a read-merge-write, so two tabs never interleave
//! theirs. Browsers without it run the closure at once (localStorage calls
//! are synchronous, so within one tab nothing interleaves either way).

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// `navigator.locks` and its `request` method, where the browser has them.
fn web_locks() -> Option<(wasm_bindgen::JsValue, js_sys::Function)> {
    let locks = web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| js_sys::Reflect::get(&n, &"locks".into()).ok())
        .filter(|l| !l.is_undefined() && !l.is_null())?;
    let request = js_sys::Reflect::get(&locks, &"request".into())
        .ok()
        .and_then(|r| r.dyn_into::<js_sys::Function>().ok())?;
    Some((locks, request))
}

/// Runs `f` holding the lock `name` where the browser has Web Locks,
/// otherwise at once.
pub fn with_lock(name: &str, f: impl FnOnce() + 'static) {
    let Some((locks, request)) = web_locks() else {
        return f();
    };
    let f = std::cell::Cell::new(Some(f));
    let run = std::rc::Rc::new(f);
    let callback = {
        let run = run.clone();
        Closure::once_into_js(move |_lock: wasm_bindgen::JsValue| {
            if let Some(f) = run.take() {
                f();
            }
        })
    };
    if request.call2(&locks, &name.into(), &callback).is_err()
        && let Some(f) = run.take()
    {
        f();
    }
}

/// Runs `f` and holds the lock `name` until the future it returns is done
/// (a locked journal's read, decrypt, merge, encrypt and write), where the
/// browser has Web Locks; otherwise runs it at once.
pub fn with_lock_until<F>(name: &str, f: impl FnOnce() -> F + 'static)
where
    F: std::future::Future<Output = ()> + 'static,
{
    let Some((locks, request)) = web_locks() else {
        return wasm_bindgen_futures::spawn_local(f());
    };
    let run = std::rc::Rc::new(std::cell::Cell::new(Some(f)));
    let callback = {
        let run = run.clone();
        // The browser holds the lock until the returned promise settles.
        Closure::once_into_js(move |_lock: wasm_bindgen::JsValue| -> js_sys::Promise {
            let work = run.take().map(|f| f());
            wasm_bindgen_futures::future_to_promise(async move {
                if let Some(work) = work {
                    work.await;
                }
                Ok(wasm_bindgen::JsValue::UNDEFINED)
            })
        })
    };
    if request.call2(&locks, &name.into(), &callback).is_err()
        && let Some(f) = run.take()
    {
        wasm_bindgen_futures::spawn_local(f());
    }
}

/// The work [`holding_lock`] runs: one type for every caller, so that the
/// lock's machinery is compiled once.
pub type LockedWork<T> = Box<dyn FnOnce() -> std::pin::Pin<Box<dyn std::future::Future<Output = T>>>>;

/// Holds the lock `name` while `work`'s future runs, and gives its result:
/// for a read-merge-write that a caller waits on (setting, changing or
/// removing the passphrase lock). Without Web Locks, runs it at once.
/// `None` if the browser granted the lock but the work did not finish.
pub async fn holding_lock<T: 'static>(name: &str, work: LockedWork<T>) -> Option<T> {
    let run = std::rc::Rc::new(std::cell::Cell::new(Some(work)));
    let out = std::rc::Rc::new(std::cell::Cell::new(None::<T>));
    if let Some((locks, request)) = web_locks() {
        let callback = {
            let (run, out) = (run.clone(), out.clone());
            Closure::once_into_js(move |_lock: wasm_bindgen::JsValue| -> js_sys::Promise {
                let work = run.take().map(|f| f());
                wasm_bindgen_futures::future_to_promise(async move {
                    if let Some(work) = work {
                        out.set(Some(work.await));
                    }
                    Ok(wasm_bindgen::JsValue::UNDEFINED)
                })
            })
        };
        if let Ok(granted) = request.call2(&locks, &name.into(), &callback) {
            // Settles once the work is done and the lock released.
            let _ = wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&granted)).await;
        }
    }
    match (out.take(), run.take()) {
        (Some(value), _) => Some(value),
        // No Web Locks, or the request failed before it ran the work.
        (None, Some(work)) => Some(work().await),
        (None, None) => None,
    }
}
