//! Trunk `post_build` hook: checks the content files, then prerenders every
//! route into Trunk's staging directory and writes `content.json`.
//! Reads `TRUNK_STAGING_DIR` and `TRUNK_PUBLIC_URL`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::{env, fs};

use after_the_session::content::Content;
use after_the_session::content::parse::parse_content;
use after_the_session::fetch::CONTENT_FILE;
use after_the_session::prerender::{
    NOT_FOUND_PATH, externalize_inline_scripts, head_tags, page_html, render_app,
};
use after_the_session::routes::Page;

const CONTENT_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/content");

fn main() -> ExitCode {
    let Some(dir) = env::var_os("TRUNK_STAGING_DIR").map(PathBuf::from) else {
        eprintln!("prerender: TRUNK_STAGING_DIR is not set; run me as a Trunk post_build hook");
        return ExitCode::FAILURE;
    };
    let public_url = env::var("TRUNK_PUBLIC_URL").unwrap_or_else(|_| "/".to_owned());
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
    let (template, scripts) = externalize_inline_scripts(&template, public_url);
    for script in &scripts {
        fs::write(dir.join(&script.file_name), &script.source)?;
    }
    fs::write(dir.join(CONTENT_FILE), content.to_json())?;
    let mut count = 0;
    for page in Page::ROUTED.into_iter().chain([Page::NotFound]) {
        // The not-found page carries no content: it may stand for any URL,
        // and loads the content only when the reader moves on.
        let embedded = page != Page::NotFound;
        let path = page.path().unwrap_or(NOT_FOUND_PATH);
        let markup = render_app(path, embedded.then_some(content));
        let html = page_html(&template, &head_tags(page, content, embedded), &markup)?;
        let file = dir.join(page.output_file());
        if let Some(parent) = file.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&file, html)?;
        count += 1;
    }
    Ok(count)
}
