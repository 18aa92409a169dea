//! `navigator.locks` around a read-merge-write, so two tabs never interleave
//! theirs. Browsers without it run the closure at once (localStorage calls
//! are synchronous, so within one tab nothing interleaves either way).

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// Runs `f` holding the lock `name` where the browser has Web Locks,
/// otherwise at once.
pub fn with_lock(name: &str, f: impl FnOnce() + 'static) {
    let locks = web_sys::window()
        .map(|w| w.navigator())
        .and_then(|n| js_sys::Reflect::get(&n, &"locks".into()).ok())
        .filter(|l| !l.is_undefined() && !l.is_null());
    let request = locks.as_ref().and_then(|l| {
        js_sys::Reflect::get(l, &"request".into())
            .ok()
            .and_then(|r| r.dyn_into::<js_sys::Function>().ok())
    });
    let (Some(locks), Some(request)) = (locks, request) else {
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
