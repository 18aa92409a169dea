//! Parses and validates the content files at build time (feature `ssr`).
//!
//! `content/article.md` is a small, strict Markdown read with pulldown-cmark:
//! TOML front matter between `+++` lines, then paragraphs, `- ` lists (an
//! item may open with a `**bold lead-in**`), `## Heading {#id}` and the
//! blocks `::: steps`, `::: call-to-action`, `::: faq` (`### Question {#id}`
//! then its answer) and `::: newsletter`, each closed by a `:::` line. Links
//! are `[words](link:key)`, their targets set in `content/site.toml`.
//! Anything else (emphasis, code, images, HTML, tables, quotes, …) is an
//! error with its line number, so a mistake breaks the build instead of the
//! page.
//!
//! The parts: [`front_matter`], [`blocks`] (the `:::` blocks and the block
//! structure), [`inline`] (text and links, and what is refused), [`error`].

mod blocks;
mod error;
mod front_matter;
mod inline;
#[cfg(test)]
mod site_tests;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde::Deserialize;

pub use error::{ContentError, ErrorKind};

use super::{Article, ChecklistText, Content, Help, Inline, Step, reading_minutes};
use crate::domain::journal::{Journal, codec, default_steps};

const ARTICLE: &str = "content/article.md";
const SITE: &str = "content/site.toml";

/// `content/site.toml`: link targets and the help page's numbers.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteConfig {
    #[serde(default)]
    site: SiteSection,
    #[serde(default)]
    links: BTreeMap<String, String>,
    help: HelpConfig,
    #[serde(default)]
    checklist: ChecklistConfig,
    #[serde(default)]
    lock: LockSection,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct LockSection {
    #[serde(default)]
    exit_url: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ChecklistConfig {
    #[serde(default)]
    bring_up_prompt: String,
    #[serde(default)]
    journal_prompt: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SiteSection {
    #[serde(default)]
    url: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct HelpConfig {
    crisis_line: String,
    #[serde(default)]
    call: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    url: String,
    #[serde(default)]
    emergency_number: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    outside_region: String,
}

/// The byte offset where each line of a file starts, to name the line of an
/// offset that pulldown-cmark reports.
struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    fn new(source: &str) -> Lines {
        let breaks = source.match_indices('\n').map(|(i, _)| i + 1);
        Lines {
            starts: std::iter::once(0).chain(breaks).collect(),
        }
    }

    /// The 1-based line that holds byte `offset`.
    fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset)
    }
}

/// An error in the article at `line`.
fn err(line: usize, kind: ErrorKind) -> ContentError {
    ContentError {
        file: ARTICLE,
        line,
        kind,
    }
}

fn config_err(kind: ErrorKind) -> ContentError {
    ContentError {
        file: SITE,
        line: 0,
        kind,
    }
}

fn non_empty(s: String) -> Option<String> {
    let s = s.trim().to_owned();
    (!s.is_empty()).then_some(s)
}

fn allowed_target(target: &str) -> bool {
    ["https://", "http://", "/", "mailto:", "tel:"]
        .iter()
        .any(|p| target.starts_with(p))
        && !target.starts_with("//")
        && !target
            .chars()
            .any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>')
}

/// Whether `id` is a usable anchor and checklist key: a-z, 0-9 and `-`.
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// A lower-case, dash-separated id made from `text`.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() && c != '’' && c != '\'' {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// Parses both content files into the content model.
pub fn parse_content(article_md: &str, site_toml: &str) -> Result<Content, ContentError> {
    let config: SiteConfig =
        toml::from_str(site_toml).map_err(|e| config_err(ErrorKind::BadConfig(e.to_string())))?;
    let mut links = BTreeMap::new();
    for (key, target) in config.links {
        let target = non_empty(target);
        if let Some(t) = &target
            && !allowed_target(t)
        {
            return Err(config_err(ErrorKind::BadLinkTarget(t.clone())));
        }
        links.insert(key, target);
    }
    let crisis_url = non_empty(config.help.url);
    if let Some(url) = &crisis_url
        && !allowed_target(url)
    {
        return Err(config_err(ErrorKind::BadLinkTarget(url.clone())));
    }
    let help = Help {
        crisis_line: non_empty(config.help.crisis_line).ok_or(config_err(ErrorKind::BadConfig(
            "[help] crisis_line must not be empty".into(),
        )))?,
        call: non_empty(config.help.call),
        text: non_empty(config.help.text),
        url: crisis_url,
        emergency_number: non_empty(config.help.emergency_number),
        region: non_empty(config.help.region),
        outside_region: config_line(&config.help.outside_region, &links)?,
    };
    let checklist = ChecklistText {
        bring_up_prompt: non_empty(config.checklist.bring_up_prompt),
        journal_prompt: non_empty(config.checklist.journal_prompt),
    };
    let article = article(article_md, &links)?;
    let site_url = non_empty(config.site.url);
    if let Some(url) = &site_url
        && !(url.starts_with("https://") || url.starts_with("http://")) | !allowed_target(url)
    {
        return Err(config_err(ErrorKind::BadConfig(format!(
            "[site] url must be an absolute http(s) address, not {url:?}"
        ))));
    }
    let exit_url = non_empty(config.lock.exit_url);
    if let Some(url) = &exit_url
        && !(url.starts_with("https://") || url.starts_with("http://")) | !allowed_target(url)
    {
        return Err(config_err(ErrorKind::BadConfig(format!(
            "[lock] exit_url must be an absolute http(s) address, not {url:?}"
        ))));
    }
    Ok(Content {
        article,
        help,
        checklist,
        site_url,
        exit_url,
    })
}

/// A line of the configuration with the article's inline rules: text and
/// `[words](target)` links. Empty for an empty line.
fn config_line(text: &str, links: &BTreeMap<String, Option<String>>) -> Result<Vec<Inline>, ContentError> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let lines = Lines::new(text);
    let mut cur = inline::Cursor::new(text, 0, &lines, links);
    blocks::one_paragraph(&mut cur, "line", 0).map_err(|e| config_err(e.kind))
}

fn article(source: &str, links: &BTreeMap<String, Option<String>>) -> Result<Article, ContentError> {
    let lines = Lines::new(source);
    let (fields, body_start) = front_matter::read(source, &lines)?;
    let mut body = blocks::Body::new(&lines, links);
    let blocks = body.blocks(source, body_start)?;
    if let Some((block_line, step_lines)) = &body.step_lines {
        let steps = blocks.iter().find_map(|b| match b {
            super::Block::Steps { steps } => Some(steps.as_slice()),
            _ => None,
        });
        check_journal_rules(steps.unwrap_or_default(), step_lines, *block_line)?;
    }
    let mut article = Article {
        title: fields.title,
        short_title: fields.short_title,
        subtitle: fields.subtitle,
        author: fields.author,
        category: fields.category,
        image_alt: fields.image_alt,
        reading_minutes: 0,
        blocks,
    };
    article.reading_minutes = reading_minutes(article.word_count());
    Ok(article)
}

/// The shape of a session id the browser makes (`journal_store::new_id("s")`).
const BROWSER_SESSION_ID: &str = "s-1764000000000-000000";

/// Checks the checklist every visitor starts with, made from the article's
/// steps as the browser makes it, against the very rules that loading a
/// stored journal applies: a step that broke them would make every saved
/// checklist unreadable on the next visit. Each step is checked alone first,
/// so that the error names its line; then all of them together.
fn check_journal_rules(steps: &[Step], lines: &[usize], block_line: usize) -> Result<(), ContentError> {
    let journal = |steps: &[Step]| {
        Journal::new(
            BROWSER_SESSION_ID.to_owned(),
            "2026-01-01".to_owned(),
            default_steps(steps),
            0,
        )
    };
    for (step, &line) in steps.iter().zip(lines) {
        codec::validate(&journal(std::slice::from_ref(step))).map_err(|reason| {
            err(
                line,
                ErrorKind::StepBreaksJournal {
                    title: step.title.clone(),
                    reason,
                },
            )
        })?;
    }
    // The list as a checklist shows it (count, each id once), then as stored.
    codec::check_steps(&default_steps(steps))
        .and_then(|()| codec::validate(&journal(steps)))
        .map_err(|reason| err(block_line, ErrorKind::StepsBreakJournal(reason)))
}
