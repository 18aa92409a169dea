//! Trunk `post_build` hook: prerenders every route into Trunk's staging
//! directory. Reads `TRUNK_STAGING_DIR` and `TRUNK_PUBLIC_URL`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::{env, fs};

use after_the_session::prerender::{
    NOT_FOUND_PATH, externalize_inline_scripts, page_html, render_app,
};
use after_the_session::routes::Page;

fn main() -> ExitCode {
    let Some(dir) = env::var_os("TRUNK_STAGING_DIR").map(PathBuf::from) else {
        eprintln!("prerender: TRUNK_STAGING_DIR is not set; run me as a Trunk post_build hook");
        return ExitCode::FAILURE;
    };
    let public_url = env::var("TRUNK_PUBLIC_URL").unwrap_or_else(|_| "/".to_owned());
    match run(&dir, &public_url) {
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

fn run(dir: &Path, public_url: &str) -> Result<usize, Box<dyn std::error::Error>> {
    let index = dir.join("index.html");
    let template =
        fs::read_to_string(&index).map_err(|e| format!("cannot read {}: {e}", index.display()))?;
    let (template, scripts) = externalize_inline_scripts(&template, public_url);
    for script in &scripts {
        fs::write(dir.join(&script.file_name), &script.source)?;
    }
    let mut count = 0;
    for page in Page::ROUTED.into_iter().chain([Page::NotFound]) {
        let path = page.path().unwrap_or(NOT_FOUND_PATH);
        let html = page_html(&template, page, &render_app(path))?;
        let file = dir.join(page.output_file());
        if let Some(parent) = file.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&file, html)?;
        count += 1;
    }
    Ok(count)
}
