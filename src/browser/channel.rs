//! A `BroadcastChannel` between this site's open tabs, for the lock: "lock
//! now" reaches every tab at once. Only the word `lock` is ever sent, never
//! a key or a passphrase. Called through `Reflect` (no extra `web-sys`
//! bindings); where the browser has no `BroadcastChannel`, the `storage`
//! event still locks other tabs when they next read the journal.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// The message that locks every tab.
const LOCK: &str = "lock";

fn channel(name: &str) -> Option<wasm_bindgen::JsValue> {
    let window = web_sys::window()?;
    let constructor = js_sys::Reflect::get(&window, &"BroadcastChannel".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    js_sys::Reflect::construct(&constructor, &js_sys::Array::of1(&name.into())).ok()
}

/// Tells every other tab on the channel `name` to lock.
pub fn send_lock(name: &str) {
    let Some(channel) = channel(name) else {
        return;
    };
    if let Ok(post) =
        js_sys::Reflect::get(&channel, &"postMessage".into()).and_then(|p| p.dyn_into::<js_sys::Function>())
    {
        let _ = post.call1(&channel, &LOCK.into());
    }
    if let Ok(close) =
        js_sys::Reflect::get(&channel, &"close".into()).and_then(|c| c.dyn_into::<js_sys::Function>())
    {
        let _ = close.call0(&channel);
    }
}

/// Calls `on_lock` whenever another tab asks to lock, for as long as the
/// page lives.
pub fn on_lock(name: &str, on_lock: impl Fn() + 'static) {
    let Some(channel) = channel(name) else {
        return;
    };
    let handler = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        if event.data().as_string().as_deref() == Some(LOCK) {
            on_lock();
        }
    });
    let _ = js_sys::Reflect::set(&channel, &"onmessage".into(), handler.as_ref());
    // The listener lives as long as the page.
    handler.forget();
}
