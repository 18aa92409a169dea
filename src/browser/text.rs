//! Long text from JavaScript into the wasm, fast.
//!
//! wasm-bindgen copies a JavaScript string into the wasm with a JavaScript
//! loop, one character at a time while they are ASCII: a 1,000-session
//! journal (0.7 MB) took 47 ms of a 141 ms history page load at 4× CPU
//! slowdown. The browser's own `TextEncoder.encodeInto` writes it straight
//! into the wasm's memory. Lone surrogates become U+FFFD either way.

use js_sys::{JsString, Uint8Array, WebAssembly};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = TextEncoder)]
    type Utf8Encoder;

    #[wasm_bindgen(constructor, js_class = TextEncoder)]
    fn new() -> Utf8Encoder;

    #[wasm_bindgen(method, js_class = TextEncoder, js_name = encodeInto)]
    fn encode_into(this: &Utf8Encoder, text: &JsString, into: &Uint8Array) -> Written;

    /// `encodeInto`'s answer.
    type Written;

    #[wasm_bindgen(method, getter)]
    fn written(this: &Written) -> u32;
}

/// `text` as a Rust string.
pub fn to_string(text: &JsString) -> String {
    let encoder = Utf8Encoder::new();
    // A UTF-16 code unit takes at most three bytes in UTF-8. The room is
    // not zeroed first: for a 0.9 MB journal that was 2.7 MB of fresh
    // memory written for nothing, 7 ms of a history page load at 4× CPU.
    let capacity = text.length() as usize * 3;
    let mut bytes = Vec::<u8>::with_capacity(capacity);
    let memory: WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    // A view of that room, used at once: nothing allocates (and so may grow
    // the memory, which detaches the view) before `encodeInto` has written.
    let view =
        Uint8Array::new_with_byte_offset_and_length(&memory.buffer(), bytes.as_ptr() as u32, capacity as u32);
    let written = (encoder.encode_into(text, &view).written() as usize).min(capacity);
    // SAFETY: `encodeInto` wrote the first `written` bytes of the room,
    // which holds `capacity` of them, and `u8` has no invalid values.
    unsafe { bytes.set_len(written) };
    // TextEncoder writes UTF-8 only; should a browser ever not, nothing is
    // lost silently: the odd bytes show as U+FFFD.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}
