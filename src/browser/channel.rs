//! A `BroadcastChannel` between this site's open tabs, for the lock: "lock
//! now" reaches every tab at once, and so does "save now" before a lock is
//! set, changed or removed. Only the words `lock` and `save` are ever sent,
//! never a key or a passphrase. Called through `Reflect` (no extra `web-sys`
//! bindings); where the browser has no `BroadcastChannel`, the `storage`
//! event still locks other tabs when they next read the journal.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::Closure;

/// What one tab asks of the others.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Message {
    /// Lock now.
    Lock,
    /// Save what is waiting to be saved, now.
    Save,
}

impl Message {
    fn word(self) -> &'static str {
        match self {
            Message::Lock => "lock",
            Message::Save => "save",
        }
    }
}

fn channel(name: &str) -> Option<wasm_bindgen::JsValue> {
    let window = web_sys::window()?;
    let constructor = js_sys::Reflect::get(&window, &"BroadcastChannel".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    js_sys::Reflect::construct(&constructor, &js_sys::Array::of1(&name.into())).ok()
}

/// Asks every other tab on the channel `name` for `message`.
pub fn send(name: &str, message: Message) {
    let Some(channel) = channel(name) else {
        return;
    };
    if let Ok(post) =
        js_sys::Reflect::get(&channel, &"postMessage".into()).and_then(|p| p.dyn_into::<js_sys::Function>())
    {
        let _ = post.call1(&channel, &message.word().into());
    }
    if let Ok(close) =
        js_sys::Reflect::get(&channel, &"close".into()).and_then(|c| c.dyn_into::<js_sys::Function>())
    {
        let _ = close.call0(&channel);
    }
}

/// Calls `on_message` with whatever another tab asks, for as long as the
/// page lives.
pub fn listen(name: &str, on_message: impl Fn(Message) + 'static) {
    let Some(channel) = channel(name) else {
        return;
    };
    let handler = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        let word = event.data().as_string();
        if let Some(message) = [Message::Lock, Message::Save]
            .into_iter()
            .find(|m| word.as_deref() == Some(m.word()))
        {
            on_message(message);
        }
    });
    let _ = js_sys::Reflect::set(&channel, &"onmessage".into(), handler.as_ref());
    // The listener lives as long as the page.
    handler.forget();
}
