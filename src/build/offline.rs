//! Build-time pieces of offline support (feature `ssr`): the web app
//! manifest and the service worker, written with the list of files to keep
//! and a version that changes whenever any of them does.

use crate::build::hashing::HASHED_FILE_PATTERN;
use crate::domain::routes::{Page, SITE_NAME};

/// The service worker's source, from `public/sw.js`, with its placeholders
/// filled in: the version, the base path, the files to keep and the
/// hashed-name rule ([`HASHED_FILE_PATTERN`]).
pub fn service_worker(template: &str, base: &str, files: &[(String, String)]) -> String {
    let version = version(template, files);
    let mut urls: Vec<String> = files
        .iter()
        .map(|(name, _)| name.as_str())
        .filter(|name| {
            *name != "sw.js"
                && !crate::build::hosts::is_host_file(name)
                && !name.ends_with("index.html")
                && !name.ends_with(".gz")
                && !name.ends_with(".br")
        })
        .map(|name| format!("{base}{name}"))
        .collect();
    urls.extend(
        Page::ROUTED
            .iter()
            .filter_map(|p| p.path())
            .map(|p| crate::domain::routes::href(base, p)),
    );
    urls.sort();
    let list = serde_json::to_string(&urls).unwrap_or_else(|_| "[]".to_owned());
    template
        .replace("\"__VERSION__\"", &format!("\"{version}\""))
        .replace("[/*__FILES__*/]", &list)
        .replace("\"__BASE__\"", &serde_json::to_string(base).unwrap_or_default())
        .replace(
            "\"__HASHED__\"",
            &serde_json::to_string(HASHED_FILE_PATTERN).unwrap_or_default(),
        )
}

/// The site's version: a digest of every file's name and content digest
/// (the pages' with [`VERSION_PLACEHOLDER`] where the version goes), and
/// of the worker's own text. A deployment that changes only the worker is a
/// new version too, whose failed install cannot touch the cache of the one
/// in charge.
pub fn version(template: &str, files: &[(String, String)]) -> String {
    let mut all = template.to_owned();
    for (name, digest) in files {
        all.push_str(name);
        all.push_str(digest);
    }
    crate::build::hashing::short_digest(all.as_bytes())
}

/// What every page's head holds until the version is known.
pub const VERSION_PLACEHOLDER: &str = "__APP_VERSION__";

/// `page` with its version filled in; an error if it has no place for it.
pub fn stamp_version(page: &str, version: &str) -> Result<String, String> {
    if page.matches(VERSION_PLACEHOLDER).count() != 1 {
        return Err(format!(
            "a page must name {VERSION_PLACEHOLDER} once, in its head"
        ));
    }
    Ok(page.replacen(VERSION_PLACEHOLDER, version, 1))
}

/// The web app manifest, for `base`.
pub fn manifest(base: &str, icon: &str) -> String {
    serde_json::json!({
        "name": SITE_NAME,
        "short_name": SITE_NAME,
        "description": Page::Article.description(),
        "lang": "en",
        "start_url": base,
        "scope": base,
        "display": "standalone",
        "background_color": "#fbfaf7",
        "theme_color": "#2c5a4d",
        "icons": [
            { "src": format!("{base}{icon}"), "sizes": "any", "type": "image/svg+xml", "purpose": "any" },
            { "src": format!("{base}{icon}"), "sizes": "any", "type": "image/svg+xml", "purpose": "maskable" }
        ]
    })
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEMPLATE: &str = "const VERSION = \"__VERSION__\"; const BASE = \"__BASE__\"; const FILES = [/*__FILES__*/]; const HASHED = new RegExp(\"__HASHED__\");";

    #[test]
    fn the_worker_lists_every_page_and_file_and_changes_with_them() {
        let files = vec![
            ("app-0123456789abcdef_bg.wasm".to_owned(), "aa".to_owned()),
            ("404.html".to_owned(), "bb".to_owned()),
        ];
        let sw = service_worker(TEMPLATE, "/sub/", &files);
        assert!(sw.contains("\"/sub/app-0123456789abcdef_bg.wasm\""), "{sw}");
        assert!(sw.contains("\"/sub/404.html\""));
        assert!(
            sw.contains("\"/sub/faq/\"") && sw.contains("\"/sub/\""),
            "the pages, by their addresses"
        );
        assert!(sw.contains("const BASE = \"/sub/\""));
        assert!(!sw.contains("__VERSION__"));
        assert!(
            sw.contains(r#"new RegExp("-[0-9a-f]{8,16}(_bg)?\\.(js|wasm|css|svg)$")"#),
            "the build's own rule for hashed names: {sw}"
        );
        let mut changed = files.clone();
        changed[0].1 = "cc".into();
        assert_ne!(
            service_worker(TEMPLATE, "/sub/", &changed),
            sw,
            "a changed file makes a new worker"
        );
        let version = |sw: &str| sw.split('"').nth(1).map(str::to_owned);
        assert_ne!(
            version(&service_worker(&format!("{TEMPLATE} // mended"), "/sub/", &files)),
            version(&sw),
            "a changed worker alone is a new version, with a cache of its own"
        );
    }

    #[test]
    fn every_page_names_the_version_of_the_worker_that_lists_it() {
        let page = "<head><meta name=\"app-version\" content=\"__APP_VERSION__\"></head>";
        let files = vec![(
            "index.html".to_owned(),
            crate::build::hashing::hex_digest(page.as_bytes()),
        )];
        let sw = service_worker(TEMPLATE, "/", &files);
        let v = version(TEMPLATE, &files);
        assert!(sw.contains(&format!("const VERSION = \"{v}\"")), "{sw}");
        assert_eq!(
            stamp_version(page, &v).unwrap(),
            format!("<head><meta name=\"app-version\" content=\"{v}\"></head>")
        );
        assert!(
            stamp_version("<head></head>", &v).is_err(),
            "a page without the place"
        );
    }

    #[test]
    fn the_manifest_respects_the_base() {
        let m: serde_json::Value =
            serde_json::from_str(&manifest("/sub/", "icon-0123456789abcdef.svg")).unwrap();
        assert_eq!(m["start_url"], "/sub/");
        assert_eq!(m["scope"], "/sub/");
        assert_eq!(m["icons"][0]["src"], "/sub/icon-0123456789abcdef.svg");
    }
}
