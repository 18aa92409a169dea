//! Trunk's loader turned into one that starts the app after the page's first
//! paint.
//!
//! Every page is prerendered: its text needs no script to show. Trunk's
//! template asks for the bundle's script and wasm in `<head>` (preload
//! links), so their download starts before the first paint. That does not
//! hold the paint back in a browser, but Lighthouse's simulation counts
//! every request that starts before the largest paint as part of it: the
//! checklist's 350 KB wasm put its simulated largest paint at 2.9 s against
//! 0.9 s once the download starts after the first paint (three runs of
//! each, see the README's measurements). The loader written here waits for
//! the browser to report the first contentful paint (a frame is not enough:
//! in Chromium the paint is reported some 30 ms after the frame's task),
//! or starts at once in a hidden tab, which paints nothing; then it fetches
//! the script and the wasm side by side, as the preload did.
//!
//! The wasm is read whole and compiled by `WebAssembly.compile`, which
//! decodes it off the main thread. Streaming compilation decoded it on the
//! main thread as its bytes came: when they came at once (a fast network,
//! or the service worker's cache), that was one task of 40-50 ms at 4x CPU
//! for the full bundle, before hydration's. The type the host gives the
//! file no longer matters either.
//!
//! The loader stays inline, allowed by its hash in the policy
//! ([`inline_script_hashes`]): a loader in a file of its own arrived after
//! the paint here and asked for the app a round trip later (every page
//! became interactive 550-600 ms later on the bench's phone profile).

use std::cell::RefCell;

use lol_html::html_content::ContentType;
use lol_html::{RewriteStrSettings, element, rewrite_str};

use crate::build::policy::source_hash;
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
    const SOURCE: &str = r#"// Starts the app after the first contentful paint (see src/build/loader.rs).
await new Promise((go) => {
  const painted = () => performance.getEntriesByName("first-contentful-paint").length > 0;
  if (document.visibilityState === "hidden" || painted()) return go();
  document.addEventListener("visibilitychange", go, { once: true });
  if (!(PerformanceObserver.supportedEntryTypes || []).includes("paint")) {
    return requestAnimationFrame(() => setTimeout(go));
  }
  new PerformanceObserver((_, observer) => {
    if (painted()) {
      observer.disconnect();
      go();
    }
  }).observe({ type: "paint", buffered: true });
  // Should no paint ever be reported, the app starts all the same.
  setTimeout(go, 2000);
});
const bytes = fetch(WASM_URL).then((response) => {
  if (!response.ok) throw new Error(`${response.status} ${response.statusText}: ${response.url}`);
  return response.arrayBuffer();
});
const bindings = await import(SCRIPT_URL);
const wasm = await bindings.default({ module_or_path: bytes.then((b) => WebAssembly.compile(b)) });
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

/// The policy hashes of the page's inline scripts that run: every
/// `<script>` without `src` whose type is empty or `module` (data blocks,
/// such as JSON, never run and need none). The text is hashed exactly as it
/// stands between the tags, as browsers do.
pub fn inline_script_hashes(html: &str) -> Result<Vec<String>, PrerenderError> {
    const INLINE: &str = "script:not([src])";
    let sources = RefCell::new(Vec::<Option<String>>::new());
    rewrite_str(
        html,
        RewriteStrSettings::new()
            .append_element_content_handler(element!(INLINE, |el| {
                let runs = el
                    .get_attribute("type")
                    .is_none_or(|t| t.is_empty() || t.eq_ignore_ascii_case("module"));
                sources.borrow_mut().push(runs.then(String::new));
                Ok(())
            }))
            .append_element_content_handler(lol_html::text!(INLINE, |chunk| {
                if let Some(Some(source)) = sources.borrow_mut().last_mut() {
                    source.push_str(chunk.as_str());
                }
                Ok(())
            })),
    )?;
    Ok(sources
        .into_inner()
        .into_iter()
        .flatten()
        .map(|source| source_hash(&source))
        .collect())
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
        assert!(html.contains("<script type=\"module\">// Starts the app after the first contentful paint"));
        assert!(html.contains("fetch(\"/sub/app-2b_bg.wasm\")"), "{html}");
        assert!(html.contains("import(\"/sub/app-1a.js\")"), "{html}");
        assert!(!html.contains("import init"), "Trunk's loader is gone: {html}");
    }

    #[test]
    fn the_loader_waits_for_the_first_paint_unless_the_page_is_hidden() {
        let source = loader_source("/a.js", "/a_bg.wasm");
        let wait = source.find("observe({ type: \"paint\"").unwrap();
        assert!(
            source.find("fetch(").unwrap() > wait,
            "nothing is fetched before the paint"
        );
        assert!(source.find("import(").unwrap() > wait);
        assert!(source.contains("if (document.visibilityState === \"hidden\" || painted()) return go();"));
        assert!(
            source.contains("\"visibilitychange\", go"),
            "a tab hidden before its first paint still starts"
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

    #[test]
    fn the_loader_is_hashed_as_it_stands_and_data_blocks_are_not() {
        let html = load_after_first_paint(TRUNK).unwrap();
        let hashes = inline_script_hashes(&format!(
            "{html}<script type=\"application/json\">{{}}</script><script type=\"application/ld+json\">[]</script>"
        ))
        .unwrap();
        assert_eq!(
            hashes,
            vec![source_hash(&loader_source(
                "/sub/app-1a.js",
                "/sub/app-2b_bg.wasm"
            ))]
        );
        assert_eq!(
            inline_script_hashes("<script>\n go() </script><script src=/a.js></script>").unwrap(),
            vec![source_hash("\n go() ")],
            "whitespace counts, external scripts need no hash"
        );
    }
}
