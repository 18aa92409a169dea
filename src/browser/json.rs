//! Reading the content the build shipped (`content.json`, or the copy
//! embedded in each page) into its typed model, in one of two ways. Each
//! bundle names its way ([`crate::app::Pages::DECODE_CONTENT`]), so the wasm
//! carries only that one:
//! - the reading bundle has no other use for a JSON parser, so it uses the
//!   browser's own (`JSON.parse`, through `serde-wasm-bindgen`): about 4 KB
//!   (brotli) smaller than compiling `serde_json`'s parser in;
//! - the full bundle already carries `serde_json` for the journal, so it
//!   reads the content with that too (two parsers would cost more).

use crate::domain::content::Content;

/// How a bundle turns the content's JSON text into [`Content`]; the error
/// says what was wrong, for the log.
pub type DecodeContent = fn(&str) -> Result<Content, String>;

/// With the browser's `JSON.parse` (natively, where there is no browser,
/// with `serde_json`).
pub fn with_browser_json(text: &str) -> Result<Content, String> {
    #[cfg(target_arch = "wasm32")]
    {
        let value = js_sys::JSON::parse(text).map_err(|_| "not valid JSON".to_owned())?;
        serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        with_serde_json(text)
    }
}

/// With `serde_json`.
pub fn with_serde_json(text: &str) -> Result<Content, String> {
    Content::from_json(text).map_err(|e| e.to_string())
}

/// `text`, a JSON document, indented two spaces a level for a person to
/// read, by the browser's own `JSON.stringify` (keys keep their order); as
/// it is if it is not JSON.
pub fn indented(text: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::JSON::parse(text)
            .and_then(|value| {
                js_sys::JSON::stringify_with_replacer_and_space(
                    &value,
                    &wasm_bindgen::JsValue::NULL,
                    &wasm_bindgen::JsValue::from(2),
                )
            })
            .ok()
            .and_then(|indented| indented.as_string())
            .unwrap_or_else(|| text.to_owned())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        text.to_owned()
    }
}
