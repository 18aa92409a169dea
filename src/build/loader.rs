//! Trunk's loader turned into one that starts the app after the page's first
//! paint.
//!
//! Every page is prerendered: its text needs no script to show. Trunk's
//! template asks for the bundle's script and wasm in `<head>` (preload
//! links), so their download starts before the first paint. That does not
//! hold the paint back in a browser, but Lighthouse's simulation counts
//! every request that starts before the largest paint as part of it: the
//! checklist's 350 KB wasm put its simulated largest paint at 2.9 s against
//! 0.9 s once the download starts after the first frame (three runs of each,
//! see the README's measurements). The loader written here waits for the
//! first frame (or starts at once in a hidden tab, which paints nothing),
//! then fetches the script and the wasm side by side, as the preload did.

use std::cell::RefCell;

use lol_html::html_content::ContentType;
use lol_html::{RewriteStrSettings, element, rewrite_str};

use crate::build::rewrite::PrerenderError;

/// Trunk's preload of the bundle's script.
const SCRIPT_PRELOAD: &str = "link[rel=modulepreload]";
/// Trunk's preload of the bundle's wasm.
const WASM_PRELOAD: &str = "link[rel=preload][type=\"application/wasm\"]";
/// Trunk's inline loader.
const INLINE_MODULE: &str = "script[type=module]:not([src])";

/// The loader's text for a bundle whose script is at `script` and whose
/// wasm is at `wasm` (both URLs as the page names them).
pub fn loader_source(script: &str, wasm: &str) -> String {
    // JSON string literals are JavaScript string literals.
    let script = serde_json::to_string(script).unwrap_or_default();
    let wasm = serde_json::to_string(wasm).unwrap_or_default();
    const SOURCE: &str = r#"// Starts the app after the first paint (see src/build/loader.rs).
await new Promise((go) => {
  if (document.visibilityState === "hidden") return go();
  document.addEventListener("visibilitychange", go, { once: true });
  requestAnimationFrame(() => setTimeout(go));
});
const response = fetch(WASM_URL);
const bindings = await import(SCRIPT_URL);
const wasm = await bindings.default({ module_or_path: response });
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm } }));
"#;
    SOURCE.replace("WASM_URL", &wasm).replace("SCRIPT_URL", &script)
}

/// Removes the template's preload links for the bundle and puts
/// [`loader_source`] in place of Trunk's inline loader. Fails unless the
/// template has exactly one of each, naming the same files as the loader.
pub fn load_after_first_paint(html: &str) -> Result<String, PrerenderError> {
    let scripts = RefCell::new(Vec::<String>::new());
    let wasms = RefCell::new(Vec::<String>::new());
    let loaders = RefCell::new(0);
    rewrite_str(
        html,
        RewriteStrSettings::new()
            .append_element_content_handler(element!(SCRIPT_PRELOAD, |el| {
                scripts.borrow_mut().extend(el.get_attribute("href"));
                Ok(())
            }))
            .append_element_content_handler(element!(WASM_PRELOAD, |el| {
                wasms.borrow_mut().extend(el.get_attribute("href"));
                Ok(())
            }))
            .append_element_content_handler(element!(INLINE_MODULE, |_el| {
                *loaders.borrow_mut() += 1;
                Ok(())
            })),
    )?;
    let (scripts, wasms, loaders) = (scripts.into_inner(), wasms.into_inner(), loaders.into_inner());
    let ([script], [wasm], 1) = (scripts.as_slice(), wasms.as_slice(), loaders) else {
        return Err(PrerenderError::Rewrite(format!(
            "expected one bundle in index.html (one script preload, one wasm preload, one inline loader); found {} script, {} wasm and {loaders} loaders",
            scripts.len(),
            wasms.len()
        )));
    };
    let source = loader_source(script, wasm);
    if source.contains("</") {
        return Err(PrerenderError::Rewrite(format!(
            "a bundle's URL would end the loader's script: {script}, {wasm}"
        )));
    }
    let out = rewrite_str(
        html,
        RewriteStrSettings::new()
            .append_element_content_handler(element!(SCRIPT_PRELOAD, |el| {
                el.remove();
                Ok(())
            }))
            .append_element_content_handler(element!(WASM_PRELOAD, |el| {
                el.remove();
                Ok(())
            }))
            .append_element_content_handler(element!(INLINE_MODULE, |el| {
                // Raw text: a script's content is not HTML-escaped.
                el.set_inner_content(&source, ContentType::Html);
                Ok(())
            })),
    )?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRUNK: &str = "<!DOCTYPE html><html><head><title>x</title>\
<script type=\"module\">import init, * as bindings from '/sub/app-1a.js';\nconst wasm = await init({ module_or_path: '/sub/app-2b_bg.wasm' });</script>\
<link rel=\"modulepreload\" href=\"/sub/app-1a.js\" crossorigin>\
<link rel=\"preload\" href=\"/sub/app-2b_bg.wasm\" crossorigin as=\"fetch\" type=\"application/wasm\">\
<link rel=\"icon\" href=\"/sub/icon.svg\"></head><body>\n</body></html>";

    #[test]
    fn the_preloads_go_and_the_loader_names_their_files() {
        let html = load_after_first_paint(TRUNK).unwrap();
        assert!(!html.contains("preload"), "{html}");
        assert!(
            html.contains("<link rel=\"icon\" href=\"/sub/icon.svg\">"),
            "other links stay"
        );
        assert!(html.contains("<script type=\"module\">// Starts the app after the first paint"));
        assert!(html.contains("fetch(\"/sub/app-2b_bg.wasm\")"), "{html}");
        assert!(html.contains("import(\"/sub/app-1a.js\")"), "{html}");
        assert!(!html.contains("import init"), "Trunk's loader is gone: {html}");
    }

    #[test]
    fn the_loader_waits_for_a_frame_unless_the_page_is_hidden() {
        let source = loader_source("/a.js", "/a_bg.wasm");
        let wait = source.find("requestAnimationFrame").unwrap();
        assert!(
            source.find("fetch(").unwrap() > wait,
            "nothing is fetched before the frame"
        );
        assert!(source.find("import(").unwrap() > wait);
        assert!(source.contains("visibilityState === \"hidden\") return go()"));
        assert!(
            source.contains("\"visibilitychange\", go"),
            "a tab hidden before its first frame still starts"
        );
    }

    #[test]
    fn a_template_with_other_than_one_bundle_is_refused() {
        let without_wasm = TRUNK.replace("type=\"application/wasm\"", "type=\"text/plain\"");
        assert!(load_after_first_paint(&without_wasm).is_err());
        let two_loaders = TRUNK.replace(
            "<link rel=\"icon\"",
            "<script type=module>go()</script><link rel=\"icon\"",
        );
        assert!(load_after_first_paint(&two_loaders).is_err());
    }

    #[test]
    fn urls_are_written_as_string_literals() {
        let source = loader_source("/a\"b.js", "/c\\d.wasm");
        assert!(source.contains("import(\"/a\\\"b.js\")"), "{source}");
        assert!(source.contains("fetch(\"/c\\\\d.wasm\")"), "{source}");
    }
}
