//! Parses and validates the content files at build time (feature `ssr`).
//!
//! `content/article.md` is a small, strict Markdown: front matter between
//! `---` lines, then paragraphs, `- ` lists (an item may open with a
//! `**bold lead-in**`), `## Heading {#id}` and fenced blocks `::: steps`,
//! `::: call-to-action`, `::: faq` (`### Question {#id}` then its answer) and
//! `::: newsletter`. Links are `[words](link:key)`, their targets set in
//! `content/site.toml`. Anything else is an error with its line number, so a
//! mistake breaks the build instead of the page.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use serde::Deserialize;

use super::{Article, Block, Content, FaqEntry, Help, Inline, ListItem, Step, reading_minutes};

/// What is wrong with a content file, and where.
#[derive(Debug, PartialEq, Eq)]
pub struct ContentError {
    /// The file the problem is in.
    pub file: &'static str,
    /// 1-based line number; 0 when the problem is not on one line.
    pub line: usize,
    pub kind: ErrorKind,
}

/// The kinds of mistakes the parser reports.
#[derive(Debug, PartialEq, Eq)]
pub enum ErrorKind {
    NoFrontMatter,
    MissingField(&'static str),
    UnknownField(String),
    UnknownBlock(String),
    UnclosedBlock(String),
    FaqAnswerWithoutQuestion,
    FaqQuestionWithoutAnswer(String),
    StepWithoutTitle,
    BadId(String),
    DuplicateId(String),
    UnknownLink(String),
    BadLinkTarget(String),
    BadConfig(String),
}

impl fmt::Display for ContentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: ", self.file, self.line)?;
        } else {
            write!(f, "{}: ", self.file)?;
        }
        match &self.kind {
            ErrorKind::NoFrontMatter => {
                write!(f, "the file must start with front matter between two `---` lines")
            }
            ErrorKind::MissingField(name) => {
                write!(f, "the front matter needs a non-empty `{name}:`")
            }
            ErrorKind::UnknownField(name) => write!(f, "unknown front matter field `{name}`"),
            ErrorKind::UnknownBlock(what) => write!(f, "unknown block `{what}`"),
            ErrorKind::UnclosedBlock(name) => {
                write!(f, "the `::: {name}` block is never closed with `:::`")
            }
            ErrorKind::FaqAnswerWithoutQuestion => {
                write!(f, "FAQ text before the first `### question`")
            }
            ErrorKind::FaqQuestionWithoutAnswer(q) => {
                write!(f, "the FAQ question “{q}” has no answer")
            }
            ErrorKind::StepWithoutTitle => write!(f, "a step must start with its **title**"),
            ErrorKind::BadId(id) => write!(f, "`{id}` is not a valid id (use a-z, 0-9 and -)"),
            ErrorKind::DuplicateId(id) => write!(f, "the id `{id}` is used twice"),
            ErrorKind::UnknownLink(key) => {
                write!(
                    f,
                    "the link `{key}` is not in content/site.toml [links] (add it, empty for plain text)"
                )
            }
            ErrorKind::BadLinkTarget(target) => {
                write!(
                    f,
                    "`{target}` is not an allowed link target (https://, http://, /, mailto: or tel:)"
                )
            }
            ErrorKind::BadConfig(message) => write!(f, "{message}"),
        }
    }
}

impl std::error::Error for ContentError {}

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

/// Parses both content files into the content model.
pub fn parse_content(article_md: &str, site_toml: &str) -> Result<Content, ContentError> {
    let config: SiteConfig = toml::from_str(site_toml).map_err(|e| ContentError {
        file: SITE,
        line: 0,
        kind: ErrorKind::BadConfig(e.to_string()),
    })?;
    let mut links = BTreeMap::new();
    for (key, target) in config.links {
        let target = non_empty(target);
        if let Some(t) = &target
            && !allowed_target(t)
        {
            return Err(ContentError {
                file: SITE,
                line: 0,
                kind: ErrorKind::BadLinkTarget(t.clone()),
            });
        }
        links.insert(key, target);
    }
    let crisis_url = non_empty(config.help.url);
    if let Some(url) = &crisis_url
        && !allowed_target(url)
    {
        return Err(ContentError {
            file: SITE,
            line: 0,
            kind: ErrorKind::BadLinkTarget(url.clone()),
        });
    }
    let help = Help {
        crisis_line: non_empty(config.help.crisis_line).ok_or(ContentError {
            file: SITE,
            line: 0,
            kind: ErrorKind::BadConfig("[help] crisis_line must not be empty".into()),
        })?,
        call: non_empty(config.help.call),
        text: non_empty(config.help.text),
        url: crisis_url,
        emergency_number: non_empty(config.help.emergency_number),
    };
    let article = Parser {
        links: &links,
        ids: HashSet::new(),
    }
    .article(article_md)?;
    let site_url = non_empty(config.site.url);
    if let Some(url) = &site_url
        && !(url.starts_with("https://") || url.starts_with("http://")) | !allowed_target(url)
    {
        return Err(ContentError {
            file: SITE,
            line: 0,
            kind: ErrorKind::BadConfig(format!(
                "[site] url must be an absolute http(s) address, not {url:?}"
            )),
        });
    }
    Ok(Content {
        article,
        help,
        site_url,
    })
}

struct Parser<'a> {
    links: &'a BTreeMap<String, Option<String>>,
    ids: HashSet<String>,
}

fn err(line: usize, kind: ErrorKind) -> ContentError {
    ContentError {
        file: ARTICLE,
        line,
        kind,
    }
}

/// Splits `Text {#id}` into the text and its id; without an id, the id is
/// made from the text.
fn split_id(text: &str, line: usize) -> Result<(String, String), ContentError> {
    let text = text.trim();
    if let Some(open) = text.rfind(" {#")
        && text.ends_with('}')
    {
        let id = &text[open + 3..text.len() - 1];
        if id.is_empty()
            || !id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(err(line, ErrorKind::BadId(id.to_owned())));
        }
        return Ok((text[..open].trim().to_owned(), id.to_owned()));
    }
    Ok((text.to_owned(), slug(text)))
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

impl Parser<'_> {
    fn claim_id(&mut self, id: &str, line: usize) -> Result<(), ContentError> {
        const RESERVED: [&str; 3] = ["main", "content-data", "toc"];
        if RESERVED.contains(&id) || !self.ids.insert(id.to_owned()) {
            return Err(err(line, ErrorKind::DuplicateId(id.to_owned())));
        }
        Ok(())
    }

    fn article(mut self, source: &str) -> Result<Article, ContentError> {
        let lines: Vec<&str> = source.lines().collect();
        if lines.first().map(|l| l.trim()) != Some("---") {
            return Err(err(1, ErrorKind::NoFrontMatter));
        }
        let end = lines
            .iter()
            .skip(1)
            .position(|l| l.trim() == "---")
            .ok_or(err(1, ErrorKind::NoFrontMatter))?
            + 1;
        let mut fields: BTreeMap<&str, String> = BTreeMap::new();
        for (i, line) in lines[1..end].iter().enumerate() {
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let (key, value) = line
                .split_once(':')
                .ok_or(err(i + 2, ErrorKind::UnknownField(line.trim().to_owned())))?;
            let key = key.trim();
            if !["title", "subtitle", "author", "category", "image_alt"].contains(&key) {
                return Err(err(i + 2, ErrorKind::UnknownField(key.to_owned())));
            }
            fields.insert(key, value.trim().to_owned());
        }
        let mut field = |name: &'static str| {
            fields
                .remove(name)
                .filter(|v| !v.is_empty())
                .ok_or(err(1, ErrorKind::MissingField(name)))
        };
        let (title, subtitle, author, category, image_alt) = (
            field("title")?,
            field("subtitle")?,
            field("author")?,
            field("category")?,
            field("image_alt")?,
        );

        let blocks = self.blocks(&lines, end + 1)?;
        let mut article = Article {
            title,
            subtitle,
            author,
            category,
            image_alt,
            reading_minutes: 0,
            blocks,
        };
        article.reading_minutes = reading_minutes(article.word_count());
        Ok(article)
    }

    fn blocks(&mut self, lines: &[&str], start: usize) -> Result<Vec<Block>, ContentError> {
        let mut blocks = Vec::new();
        let mut paragraph: Vec<&str> = Vec::new();
        let mut paragraph_line = 0;
        let mut list: Vec<ListItem> = Vec::new();
        let mut i = start;
        while i < lines.len() {
            let line_no = i + 1;
            let line = lines[i].trim();
            let flush = |blocks: &mut Vec<Block>,
                         paragraph: &mut Vec<&str>,
                         list: &mut Vec<ListItem>,
                         this: &Self| {
                if !paragraph.is_empty() {
                    let inlines = this.inlines(&paragraph.join(" "), paragraph_line)?;
                    blocks.push(Block::Paragraph { inlines });
                    paragraph.clear();
                }
                if !list.is_empty() {
                    blocks.push(Block::List {
                        items: std::mem::take(list),
                    });
                }
                Ok::<(), ContentError>(())
            };
            if line.is_empty() {
                flush(&mut blocks, &mut paragraph, &mut list, self)?;
            } else if let Some(heading) = line.strip_prefix("## ") {
                flush(&mut blocks, &mut paragraph, &mut list, self)?;
                let (text, id) = split_id(heading, line_no)?;
                self.claim_id(&id, line_no)?;
                blocks.push(Block::Heading { id, text });
            } else if let Some(item) = line.strip_prefix("- ") {
                if !paragraph.is_empty() {
                    flush(&mut blocks, &mut paragraph, &mut list, self)?;
                }
                let (title, rest) = bold_lead(item);
                list.push(ListItem {
                    title,
                    inlines: self.inlines(rest, line_no)?,
                });
            } else if let Some(name) = line.strip_prefix(":::").map(str::trim).filter(|n| !n.is_empty()) {
                flush(&mut blocks, &mut paragraph, &mut list, self)?;
                let close = lines[i + 1..]
                    .iter()
                    .position(|l| l.trim() == ":::")
                    .ok_or(err(line_no, ErrorKind::UnclosedBlock(name.to_owned())))?
                    + i
                    + 1;
                if let Some(block) = self.fenced(name, &lines[i + 1..close], line_no)? {
                    blocks.push(block);
                }
                i = close;
            } else if is_unsupported(line) {
                return Err(err(line_no, ErrorKind::UnknownBlock(first_token(line))));
            } else {
                if !list.is_empty() {
                    flush(&mut blocks, &mut paragraph, &mut list, self)?;
                }
                if paragraph.is_empty() {
                    paragraph_line = line_no;
                }
                paragraph.push(line);
            }
            i += 1;
        }
        if !paragraph.is_empty() {
            let inlines = self.inlines(&paragraph.join(" "), paragraph_line)?;
            blocks.push(Block::Paragraph { inlines });
        }
        if !list.is_empty() {
            blocks.push(Block::List { items: list });
        }
        Ok(blocks)
    }

    /// A `::: name` block; `None` when it is left out (a newsletter line
    /// without an address).
    fn fenced(&mut self, name: &str, body: &[&str], open_line: usize) -> Result<Option<Block>, ContentError> {
        let numbered = body
            .iter()
            .enumerate()
            .map(|(k, l)| (open_line + 1 + k, l.trim()));
        match name {
            "steps" => {
                let mut steps = Vec::new();
                for (line_no, line) in numbered.filter(|(_, l)| !l.is_empty()) {
                    let item = line
                        .strip_prefix("- ")
                        .ok_or(err(line_no, ErrorKind::UnknownBlock(first_token(line))))?;
                    let (title, rest) = bold_lead(item);
                    let title = title.ok_or(err(line_no, ErrorKind::StepWithoutTitle))?;
                    let (id, rest) = match rest.strip_prefix("{#").and_then(|r| r.split_once('}')) {
                        Some((id, rest)) => (id.to_owned(), rest.trim_start()),
                        None => (slug(&title), rest),
                    };
                    split_id(&format!("x {{#{id}}}"), line_no)?;
                    self.claim_id(&id, line_no)?;
                    steps.push(Step {
                        id,
                        title,
                        inlines: self.inlines(rest, line_no)?,
                    });
                }
                Ok(Some(Block::Steps { steps }))
            }
            "call-to-action" | "newsletter" => {
                let text: Vec<&str> = numbered
                    .clone()
                    .map(|(_, l)| l)
                    .filter(|l| !l.is_empty())
                    .collect();
                if let Some((line_no, line)) = numbered
                    .clone()
                    .find(|(_, l)| is_unsupported(l) || l.starts_with("- "))
                {
                    return Err(err(line_no, ErrorKind::UnknownBlock(first_token(line))));
                }
                let inlines = self.inlines(&text.join(" "), open_line + 1)?;
                if name == "call-to-action" {
                    return Ok(Some(Block::CallToAction { inlines }));
                }
                let has_target = inlines
                    .iter()
                    .any(|i| matches!(i, Inline::Link { href: Some(_), .. }));
                Ok(has_target.then_some(Block::Newsletter { inlines }))
            }
            "faq" => {
                let mut entries: Vec<(usize, FaqEntry)> = Vec::new();
                let mut paragraph: Vec<&str> = Vec::new();
                let mut paragraph_line = 0;
                let close_paragraph =
                    |entries: &mut Vec<(usize, FaqEntry)>, paragraph: &mut Vec<&str>, at: usize| {
                        if paragraph.is_empty() {
                            return Ok(());
                        }
                        let (_, entry) = entries
                            .last_mut()
                            .ok_or(err(at, ErrorKind::FaqAnswerWithoutQuestion))?;
                        entry.answer.push(self.inlines(&paragraph.join(" "), at)?);
                        paragraph.clear();
                        Ok::<(), ContentError>(())
                    };
                for (line_no, line) in numbered {
                    if line.is_empty() {
                        close_paragraph(&mut entries, &mut paragraph, paragraph_line)?;
                    } else if let Some(question) = line.strip_prefix("### ") {
                        close_paragraph(&mut entries, &mut paragraph, paragraph_line)?;
                        let (question, id) = split_id(question, line_no)?;
                        entries.push((
                            line_no,
                            FaqEntry {
                                id,
                                question,
                                answer: Vec::new(),
                            },
                        ));
                    } else if is_unsupported(line) || line.starts_with("- ") {
                        return Err(err(line_no, ErrorKind::UnknownBlock(first_token(line))));
                    } else {
                        if paragraph.is_empty() {
                            paragraph_line = line_no;
                        }
                        paragraph.push(line);
                    }
                }
                close_paragraph(&mut entries, &mut paragraph, paragraph_line)?;
                let mut checked = Vec::new();
                for (line_no, entry) in entries {
                    if entry.answer.is_empty() {
                        return Err(err(line_no, ErrorKind::FaqQuestionWithoutAnswer(entry.question)));
                    }
                    self.claim_id(&entry.id, line_no)?;
                    checked.push(entry);
                }
                Ok(Some(Block::Faq { entries: checked }))
            }
            other => Err(err(open_line, ErrorKind::UnknownBlock(format!("::: {other}")))),
        }
    }

    /// Splits text into plain runs and `[words](target)` links.
    fn inlines(&self, text: &str, line: usize) -> Result<Vec<Inline>, ContentError> {
        let mut out = Vec::new();
        let mut rest = text;
        let mut plain = String::new();
        while let Some(open) = rest.find('[') {
            let parsed = rest[open + 1..].split_once("](").and_then(|(words, after)| {
                let (target, tail) = after.split_once(')')?;
                (!words.contains('[') && !words.is_empty()).then_some((words, target, tail))
            });
            let Some((words, target, tail)) = parsed else {
                plain.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
                continue;
            };
            plain.push_str(&rest[..open]);
            if !plain.is_empty() {
                out.push(Inline::Text {
                    text: std::mem::take(&mut plain),
                });
            }
            let href = match target.strip_prefix("link:") {
                Some(key) => self
                    .links
                    .get(key)
                    .ok_or(err(line, ErrorKind::UnknownLink(key.to_owned())))?
                    .clone(),
                None if allowed_target(target) => Some(target.to_owned()),
                None => return Err(err(line, ErrorKind::BadLinkTarget(target.to_owned()))),
            };
            out.push(Inline::Link {
                text: words.to_owned(),
                href,
            });
            rest = tail;
        }
        plain.push_str(rest);
        if !plain.is_empty() {
            out.push(Inline::Text { text: plain });
        }
        Ok(out)
    }
}

/// `**Lead-in** rest` → (`Some("Lead-in")`, `rest`).
fn bold_lead(item: &str) -> (Option<String>, &str) {
    item.strip_prefix("**")
        .and_then(|r| r.split_once("**"))
        .map(|(title, rest)| (Some(title.trim().to_owned()), rest.trim_start()))
        .unwrap_or((None, item))
}

/// Markdown this format does not support: other headings, quotes, code,
/// tables, HTML, numbered lists, stray fences.
fn is_unsupported(line: &str) -> bool {
    line.starts_with('#')
        || line.starts_with('>')
        || line.starts_with("```")
        || line.starts_with('|')
        || line.starts_with('<')
        || line.starts_with(":::")
        || line.starts_with("* ")
        || line
            .split_once(". ")
            .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

fn first_token(line: &str) -> String {
    line.split_whitespace()
        .next()
        .unwrap_or(line)
        .chars()
        .take(40)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SITE_TOML: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/content/site.toml"));
    const ARTICLE_MD: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/content/article.md"));

    const MINIMAL: &str = "---\ntitle: T\nsubtitle: S\nauthor: A\ncategory: C\nimage_alt: I\n---\n";
    const CONFIG: &str = "[links]\nanxiety = \"https://example.org/anxiety\"\nbooking = \"\"\n[help]\ncrisis_line = \"Line\"\ncall = \"988\"\n";

    fn parse(body: &str) -> Result<Content, ContentError> {
        parse_content(&format!("{MINIMAL}{body}"), CONFIG)
    }

    fn kind(body: &str) -> (usize, ErrorKind) {
        let e = parse(body).expect_err("should be rejected");
        (e.line, e.kind)
    }

    #[test]
    fn the_real_content_file_parses_completely() {
        let content = parse_content(ARTICLE_MD, SITE_TOML).expect("content/article.md must parse");
        let article = &content.article;
        assert_eq!(
            article.title,
            "Why You Might Feel Worse After Therapy (and Why That’s Normal)"
        );
        assert_eq!(
            article.subtitle,
            "How to Understand and Cope When Therapy Leaves You Feeling Heavy"
        );
        assert_eq!(article.author, "Andrew Levey");
        assert_eq!(article.category, "Inside Therapy");
        let headings: Vec<_> = article.headings().map(|(_, t)| t).collect();
        assert_eq!(headings.len(), 5, "{headings:?}");
        assert_eq!(headings[2], "What to Do If You Feel Worse After Therapy");
        let steps: Vec<_> = article.steps().iter().map(|s| s.title.as_str()).collect();
        assert_eq!(
            steps,
            [
                "Treat yourself!",
                "Accept reality",
                "Write about it",
                "Talk about it"
            ]
        );
        let faq = article.faq();
        assert_eq!(faq.len(), 3);
        assert_eq!(faq[2].answer.len(), 2, "the third answer has two paragraphs");
        assert!(faq[0].question.starts_with("Why do I sometimes feel worse"));
        assert!(
            (5..=9).contains(&article.reading_minutes),
            "{}",
            article.reading_minutes
        );
        assert_eq!(content.help.call.as_deref(), Some("988"));
        // The newsletter line has no address in the shipped configuration.
        assert!(
            !article
                .blocks
                .iter()
                .any(|b| matches!(b, Block::Newsletter { .. }))
        );
    }

    #[test]
    fn the_shipped_json_reads_back_identically() {
        let content = parse_content(ARTICLE_MD, SITE_TOML).unwrap();
        assert_eq!(Content::from_json(&content.to_json()).unwrap(), content);
        assert!(
            !content.to_json().contains("</"),
            "safe inside a <script> element"
        );
    }

    #[test]
    fn front_matter_is_required_and_complete() {
        assert_eq!(
            parse_content("Hello", CONFIG).unwrap_err().kind,
            ErrorKind::NoFrontMatter
        );
        let no_title = "---\nsubtitle: S\nauthor: A\ncategory: C\nimage_alt: I\n---\n";
        assert_eq!(
            parse_content(no_title, CONFIG).unwrap_err().kind,
            ErrorKind::MissingField("title")
        );
        let empty_title = MINIMAL.replace("title: T", "title:   ");
        assert_eq!(
            parse_content(&empty_title, CONFIG).unwrap_err().kind,
            ErrorKind::MissingField("title")
        );
        let typo = MINIMAL.replace("author: A", "autor: A");
        let e = parse_content(&typo, CONFIG).unwrap_err();
        assert_eq!((e.line, e.kind), (4, ErrorKind::UnknownField("autor".into())));
    }

    #[test]
    fn unknown_blocks_are_errors_with_their_line() {
        assert_eq!(
            kind("\n# Big heading\n"),
            (9, ErrorKind::UnknownBlock("#".into()))
        );
        assert_eq!(
            kind("Text\n\n> quote\n"),
            (10, ErrorKind::UnknownBlock(">".into()))
        );
        assert_eq!(
            kind("<script>alert(1)</script>\n"),
            (8, ErrorKind::UnknownBlock("<script>alert(1)</script>".into()))
        );
        assert_eq!(kind("1. first\n"), (8, ErrorKind::UnknownBlock("1.".into())));
        assert_eq!(
            kind("::: gallery\nx\n:::\n"),
            (8, ErrorKind::UnknownBlock("::: gallery".into()))
        );
        assert_eq!(
            kind("::: steps\n- **A** a\n"),
            (8, ErrorKind::UnclosedBlock("steps".into()))
        );
    }

    #[test]
    fn broken_faq_entries_are_errors() {
        assert_eq!(
            kind("::: faq\nAn answer first\n### Q?\n\nA.\n:::\n"),
            (9, ErrorKind::FaqAnswerWithoutQuestion)
        );
        assert_eq!(
            kind("::: faq\n### Q one?\n\nA.\n\n### Q two?\n:::\n"),
            (13, ErrorKind::FaqQuestionWithoutAnswer("Q two?".into()))
        );
        assert_eq!(
            kind("::: faq\n### Q? {#Bad Id}\n\nA.\n:::\n"),
            (9, ErrorKind::BadId("Bad Id".into()))
        );
    }

    #[test]
    fn ids_must_be_unique() {
        assert_eq!(
            kind("## One {#x}\n\n## Two {#x}\n"),
            (10, ErrorKind::DuplicateId("x".into()))
        );
        assert_eq!(
            kind("## Main {#main}\n"),
            (8, ErrorKind::DuplicateId("main".into()))
        );
    }

    #[test]
    fn links_take_their_targets_from_the_configuration() {
        let content = parse("See our [anxiety page](link:anxiety) or [book](link:booking).\n").unwrap();
        let Block::Paragraph { inlines } = &content.article.blocks[0] else {
            panic!()
        };
        assert_eq!(
            inlines,
            &vec![
                Inline::Text {
                    text: "See our ".into()
                },
                Inline::Link {
                    text: "anxiety page".into(),
                    href: Some("https://example.org/anxiety".into())
                },
                Inline::Text { text: " or ".into() },
                Inline::Link {
                    text: "book".into(),
                    href: None
                },
                Inline::Text { text: ".".into() },
            ]
        );
        assert_eq!(
            kind("A [link](link:nope).\n"),
            (8, ErrorKind::UnknownLink("nope".into()))
        );
        assert_eq!(
            kind("A [link](javascript:alert(1)).\n"),
            (8, ErrorKind::BadLinkTarget("javascript:alert(1".into()))
        );
        assert_eq!(
            parse("Brackets [stay] as text.\n").unwrap().article.blocks.len(),
            1
        );
    }

    #[test]
    fn hostile_configuration_targets_are_refused() {
        let bad = CONFIG.replace("https://example.org/anxiety", "javascript:alert(1)");
        let e = parse_content(MINIMAL, &bad).unwrap_err();
        assert_eq!(
            (e.file, e.kind),
            (SITE, ErrorKind::BadLinkTarget("javascript:alert(1)".into()))
        );
        let e = parse_content(MINIMAL, "[help]\ncrisis_line = \"\"\n").unwrap_err();
        assert!(e.to_string().contains("crisis_line"), "{e}");
        let e = parse_content(MINIMAL, "[help]\ncrisis_line = \"L\"\ncolour = \"red\"\n").unwrap_err();
        assert!(e.to_string().starts_with("content/site.toml: "), "{e}");
    }

    #[test]
    fn the_newsletter_is_left_out_without_an_address() {
        let body = "::: newsletter\n[Join](link:booking) us.\n:::\n";
        assert!(parse(body).unwrap().article.blocks.is_empty());
        let with = parse_content(
            &format!("{MINIMAL}{body}"),
            &CONFIG.replace("booking = \"\"", "booking = \"/join\""),
        );
        assert!(matches!(
            with.unwrap().article.blocks[0],
            Block::Newsletter { .. }
        ));
    }

    #[test]
    fn errors_read_well() {
        let e = parse("## One {#x}\n\n## Two {#x}\n").unwrap_err();
        assert_eq!(e.to_string(), "content/article.md:10: the id `x` is used twice");
    }

    #[test]
    fn slugs_are_stable_ids() {
        assert_eq!(
            slug("What to Do If You Feel Worse After Therapy"),
            "what-to-do-if-you-feel-worse-after-therapy"
        );
        assert_eq!(slug("Why You’re Making Progress!"), "why-youre-making-progress");
    }
}
