//! Trunk `post_build` hook: checks the content files, then prerenders every
//! route into Trunk's staging directory and writes `content.json`.
//! Reads `TRUNK_STAGING_DIR` and `TRUNK_PUBLIC_URL`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::{env, fs};

use after_the_session::browser::fetch::CONTENT_FILE;
use after_the_session::build::compress::{is_compressible, write_compressed_copies};
use after_the_session::build::hashing::{hashed_file_name, hex_digest, is_hash};
use after_the_session::build::head::{HeadOptions, data_tags, head_tags};
use after_the_session::build::hosts::{
    APACHE_FILE, CADDY_FILE, HEADERS_FILE, NGINX_FILE, caddy_snippet, htaccess, nginx_snippet,
};
use after_the_session::build::hosts::{headers_file, is_host_file};
use after_the_session::build::loader::{inline_script_hashes, load_after_first_paint};
use after_the_session::build::offline::{manifest, service_worker, stamp_version, version};
use after_the_session::build::policy::content_security_policy;
use after_the_session::build::render::{NOT_FOUND_PATH, render_app};
use after_the_session::build::rewrite::page_html;
use after_the_session::build::stylesheet::inline_stylesheet;
use after_the_session::domain::content::Content;
use after_the_session::domain::content::parse::parse_content;
use after_the_session::domain::routes::{Bundle, Page, base_path, href, normalize_base};

/// The binary of the reading bundle: Trunk's main app, with hashed names.
const READING_BIN: &str = "after-the-session";
/// The binary of the full bundle: built by Trunk beside it (as a "worker",
/// so without a loader and with plain names); this step hashes its names.
const FULL_BIN: &str = "after-the-session-full";

const CONTENT_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/content");

fn main() -> ExitCode {
    let Some(dir) = env::var_os("TRUNK_STAGING_DIR").map(PathBuf::from) else {
        eprintln!("prerender: TRUNK_STAGING_DIR is not set; run me as a Trunk post_build hook");
        return ExitCode::FAILURE;
    };
    let public_url = base_path().to_owned();
    if let Ok(trunk_url) = env::var("TRUNK_PUBLIC_URL")
        && normalize_base(&trunk_url) != public_url
    {
        eprintln!(
            "prerender: Trunk's public URL {trunk_url} differs from PUBLIC_URL {public_url}; build with `make dist PUBLIC_URL=…`"
        );
        return ExitCode::FAILURE;
    }
    match load_content().and_then(|content| run(&dir, &public_url, &content)) {
        Ok(count) => {
            println!("prerender: wrote {count} pages into {}", dir.display());
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("prerender: {err}");
            ExitCode::FAILURE
        }
    }
}

fn read(name: &str) -> Result<String, String> {
    let path = Path::new(CONTENT_DIR).join(name);
    fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn load_content() -> Result<Content, Box<dyn std::error::Error>> {
    Ok(parse_content(&read("article.md")?, &read("site.toml")?)?)
}

fn run(dir: &Path, public_url: &str, content: &Content) -> Result<usize, Box<dyn std::error::Error>> {
    let index = dir.join("index.html");
    let template = fs::read_to_string(&index).map_err(|e| format!("cannot read {}: {e}", index.display()))?;
    // The style sheet goes inline (one round trip less before the text
    // shows); the policy allows exactly that block by its hash.
    let sheet_file = |href: &str| {
        dir.join(
            href.strip_prefix(public_url)
                .unwrap_or(href)
                .trim_start_matches('/'),
        )
    };
    let inlined = inline_stylesheet(&template, |href| fs::read_to_string(sheet_file(href)).ok())?;
    // The app starts after the first paint (no preload in <head>).
    let template = load_after_first_paint(&inlined.html)?;
    let style_hash = match inlined.inlined {
        Some((href, hash)) => {
            // No page links the sheet any more: don't ship (or precache) it.
            fs::remove_file(sheet_file(&href))?;
            Some(hash)
        }
        None => None,
    };
    // The checklist's pages load the full bundle: the same page template
    // with the full bundle's files in place of the reading bundle's.
    let full_template = full_bundle_template(dir, &template)?;
    // Each bundle's loader stays inline, allowed by its hash.
    let script_hashes = [
        inline_script_hashes(&template)?,
        inline_script_hashes(&full_template)?,
    ]
    .concat();
    let policy = content_security_policy(&style_hash.into_iter().collect::<Vec<_>>(), &script_hashes);
    fs::write(dir.join(CONTENT_FILE), content.to_json())?;
    // Trunk tells hooks which profile it builds.
    let release = env::var("TRUNK_PROFILE").is_ok_and(|p| p == "release");
    let mut count = 0;
    for page in Page::ROUTED.into_iter().chain([Page::NotFound]) {
        // The not-found page carries no content: it may stand for any URL,
        // and loads the content only when the reader moves on.
        let embedded = page != Page::NotFound;
        let path = href(public_url, page.path().unwrap_or(NOT_FOUND_PATH));
        let bundle = page.bundle();
        let markup = render_app(&path, bundle, embedded.then_some(content));
        let template = match bundle {
            Bundle::Reading => &template,
            Bundle::Full => &full_template,
        };
        let options = HeadOptions {
            csp_meta: release.then_some(policy.as_str()),
        };
        // The data blocks follow the markup, so the text needs no more bytes
        // than the plain page's to show.
        let body = markup + &data_tags(page, content, embedded);
        let html = page_html(template, &head_tags(page, content, options), &body)?;
        let file = dir.join(page.output_file());
        if let Some(parent) = file.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&file, html)?;
        count += 1;
    }
    let files = site_files(dir)?;
    let icon = files
        .iter()
        .find(|f| f.starts_with("icon-") && f.ends_with(".svg"))
        .cloned()
        .unwrap_or_default();
    fs::write(dir.join("manifest.webmanifest"), manifest(public_url, &icon))?;

    // The service worker lists every file with its digest, so any change
    // makes a new worker (and the app offers to reload).
    let sw_path = dir.join("sw.js");
    let template =
        fs::read_to_string(&sw_path).map_err(|e| format!("cannot read {}: {e}", sw_path.display()))?;
    let mut digests = Vec::new();
    for file in site_files(dir)?
        .into_iter()
        .filter(|f| f != "sw.js" && !is_host_file(f))
    {
        digests.push((file.clone(), hex_digest(&fs::read(dir.join(&file))?)));
    }
    fs::write(&sw_path, service_worker(&template, public_url, &digests))?;
    // Each page names that version (its digest was taken with the
    // placeholder in its place).
    let version = version(&template, &digests);
    for page in Page::ROUTED.into_iter().chain([Page::NotFound]) {
        let file = dir.join(page.output_file());
        fs::write(&file, stamp_version(&fs::read_to_string(&file)?, &version)?)?;
    }

    // Every host's configuration, from the one list of headers.
    let files = site_files(dir)?;
    fs::write(dir.join(HEADERS_FILE), headers_file(public_url, &files, &policy))?;
    fs::write(dir.join(NGINX_FILE), nginx_snippet(public_url, &policy))?;
    fs::write(dir.join(APACHE_FILE), htaccess(public_url, &policy))?;
    fs::write(dir.join(CADDY_FILE), caddy_snippet(public_url, &policy))?;

    // Precompressed copies for the hosts that send them (release builds:
    // the best compression of a debug build's wasm takes too long).
    if release {
        let compressible: Vec<String> = files.into_iter().filter(|f| is_compressible(f)).collect();
        write_compressed_copies(dir, &compressible)?;
    }
    Ok(count)
}

/// Gives the full bundle's files hashed names and returns `template` (whose
/// scripts and preload links name the reading bundle's files) with the full
/// bundle's files named instead.
fn full_bundle_template(dir: &Path, template: &str) -> Result<String, Box<dyn std::error::Error>> {
    let mut full = template.to_owned();
    for suffix in [".js", "_bg.wasm"] {
        let plain = format!("{FULL_BIN}{suffix}");
        let bytes = fs::read(dir.join(&plain))
            .map_err(|e| format!("cannot read the full bundle's {plain} (built by index.html): {e}"))?;
        let hashed = hashed_file_name(&plain, &bytes);
        fs::rename(dir.join(&plain), dir.join(&hashed))?;
        let reading = site_files(dir)?
            .into_iter()
            .find(|f| {
                f.strip_prefix(READING_BIN)
                    .and_then(|rest| rest.strip_prefix('-'))
                    .and_then(|rest| rest.strip_suffix(suffix))
                    .is_some_and(is_hash)
            })
            .ok_or_else(|| format!("the reading bundle's {READING_BIN}-<hash>{suffix} is missing"))?;
        if !full.contains(&reading) {
            return Err(format!("index.html does not name {reading}").into());
        }
        full = full.replace(&reading, &hashed);
    }
    Ok(full)
}

/// Every file of the site below `dir`, as paths relative to it.
fn site_files(dir: &Path) -> std::io::Result<Vec<String>> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
        for entry in fs::read_dir(dir)?.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, out)?;
            } else if let Ok(relative) = path.strip_prefix(root) {
                let name = relative.to_string_lossy().replace('\\', "/");
                if !name.starts_with('.') {
                    out.push(name);
                }
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    out.sort();
    Ok(out)
}
