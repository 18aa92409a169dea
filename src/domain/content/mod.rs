//! The content model: the article, its FAQ, the coping steps and the site's
//! configuration, as typed blocks. Plain Rust with serde, no web-sys.
//!
//! Editors change `content/article.md` and `content/site.toml`; the build
//! parses and validates them ([`parse`], native only) and ships the result as
//! JSON, which the browser reads back into these same types.

#[cfg(feature = "ssr")]
pub mod parse;

use serde::{Deserialize, Serialize};

/// Everything the pages show that an editor can change.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Content {
    pub article: Article,
    pub help: Help,
    /// The checklist's words that an editor owns.
    #[serde(default)]
    pub checklist: ChecklistText,
    /// The site's public address (`https://example.org/` or with its
    /// sub-path), for canonical links and link previews; `None` if not set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_url: Option<String>,
    /// The neutral page "Leave quickly" replaces the journal with; `None`
    /// leaves the control out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit_url: Option<String>,
}

/// The article with its metadata and body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Article {
    pub title: String,
    /// A shorter title for links from other pages; `None` to use the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub short_title: Option<String>,
    pub subtitle: String,
    pub author: String,
    pub category: String,
    /// The description of the article's photo, from the source page. No photo
    /// ships with the site, so it is not shown.
    pub image_alt: String,
    /// Estimated minutes to read the body and the FAQ.
    pub reading_minutes: u32,
    pub blocks: Vec<Block>,
}

/// A block of the article's body.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Block {
    /// A section heading with a stable id for links and the table of contents.
    Heading {
        id: String,
        text: String,
    },
    Paragraph {
        inlines: Vec<Inline>,
    },
    List {
        items: Vec<ListItem>,
    },
    /// The coping steps, which the checklist offers to tick off.
    Steps {
        steps: Vec<Step>,
    },
    /// The invitation to book, in its own box.
    CallToAction {
        inlines: Vec<Inline>,
    },
    /// The frequently asked questions.
    Faq {
        entries: Vec<FaqEntry>,
    },
    /// The invitation to the newsletter (left out when it has no address).
    Newsletter {
        inlines: Vec<Inline>,
    },
}

/// An item of a bulleted list, with an optional bold lead-in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ListItem {
    pub title: Option<String>,
    pub inlines: Vec<Inline>,
}

/// One of the article's coping steps ("Treat yourself!", …).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Step {
    /// Stable id: the anchor in the article and the checklist's key.
    pub id: String,
    pub title: String,
    pub inlines: Vec<Inline>,
}

/// A question and its answer paragraphs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FaqEntry {
    /// Stable id, used as the question's anchor (`#why-worse`).
    pub id: String,
    pub question: String,
    pub answer: Vec<Vec<Inline>>,
}

/// Text, or a link whose target comes from the site configuration. A link
/// without a target is shown as plain text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Inline {
    Text { text: String },
    Link { text: String, href: Option<String> },
}

impl Inline {
    /// The words the reader sees.
    pub fn text(&self) -> &str {
        match self {
            Inline::Text { text } | Inline::Link { text, .. } => text,
        }
    }
}

/// Where to turn when feeling much worse or unsafe, for the site's region.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Help {
    /// The crisis line's name, say "988 Suicide & Crisis Lifeline".
    pub crisis_line: String,
    /// The number to call, if the line takes calls.
    pub call: Option<String>,
    /// The number to text, if the line takes text messages.
    pub text: Option<String>,
    /// The crisis line's web page, if any.
    pub url: Option<String>,
    /// The emergency number, or `None` for "your local emergency number".
    pub emergency_number: Option<String>,
    /// Where the crisis line answers ("the US"), said with its name; `None`
    /// if not set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// A line for readers outside that region, with its links; empty for none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub outside_region: Vec<Inline>,
}

/// The checklist's words that an editor owns.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ChecklistText {
    /// A gentle prompt for the note to bring up next time, shown as the
    /// field's placeholder (never as text in it); `None` for none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bring_up_prompt: Option<String>,
    /// The same for the private journal note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub journal_prompt: Option<String>,
}

/// The pieces as they render: a link without a target becomes text, and
/// neighbouring text runs join into one (one DOM text node each, so that the
/// prerendered HTML and the hydrated DOM agree).
pub fn render_runs(inlines: &[Inline]) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines {
        let piece = match inline {
            Inline::Link { href: Some(_), .. } => inline.clone(),
            other => Inline::Text {
                text: other.text().to_owned(),
            },
        };
        match (out.last_mut(), &piece) {
            (Some(Inline::Text { text: last }), Inline::Text { text }) => last.push_str(text),
            _ => out.push(piece),
        }
    }
    out
}

/// Joins inline pieces into the plain text a reader sees.
pub fn plain_text(inlines: &[Inline]) -> String {
    inlines.iter().map(Inline::text).collect()
}

impl Article {
    /// The title for links from other pages: the short title if set.
    pub fn short_title(&self) -> &str {
        self.short_title.as_deref().unwrap_or(&self.title)
    }

    /// The section headings, in order, for the table of contents.
    pub fn headings(&self) -> impl Iterator<Item = (&str, &str)> {
        self.blocks.iter().filter_map(|b| match b {
            Block::Heading { id, text } => Some((id.as_str(), text.as_str())),
            _ => None,
        })
    }

    /// The FAQ entries (empty if the article has none).
    pub fn faq(&self) -> &[FaqEntry] {
        self.blocks
            .iter()
            .find_map(|b| match b {
                Block::Faq { entries } => Some(entries.as_slice()),
                _ => None,
            })
            .unwrap_or_default()
    }

    /// The coping steps (empty if the article has none).
    pub fn steps(&self) -> &[Step] {
        self.blocks
            .iter()
            .find_map(|b| match b {
                Block::Steps { steps } => Some(steps.as_slice()),
                _ => None,
            })
            .unwrap_or_default()
    }

    /// Every word of the body and the FAQ, for the reading-time estimate.
    pub fn word_count(&self) -> usize {
        let words = |s: &str| s.split_whitespace().count();
        let inlines = |v: &[Inline]| v.iter().map(|i| words(i.text())).sum::<usize>();
        self.blocks
            .iter()
            .map(|b| match b {
                Block::Heading { text, .. } => words(text),
                Block::Paragraph { inlines: v }
                | Block::CallToAction { inlines: v }
                | Block::Newsletter { inlines: v } => inlines(v),
                Block::List { items } => items
                    .iter()
                    .map(|i| i.title.as_deref().map_or(0, words) + inlines(&i.inlines))
                    .sum(),
                Block::Steps { steps } => steps.iter().map(|s| words(&s.title) + inlines(&s.inlines)).sum(),
                Block::Faq { entries } => entries
                    .iter()
                    .map(|e| words(&e.question) + e.answer.iter().map(|p| inlines(p)).sum::<usize>())
                    .sum(),
            })
            .sum()
    }
}

/// A count in words ("four"), as an editor would write it in a sentence;
/// figures from 13 on.
pub fn count_in_words(n: usize) -> String {
    const WORDS: [&str; 13] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve",
    ];
    WORDS.get(n).map_or_else(|| n.to_string(), |w| (*w).to_owned())
}

/// Minutes to read `words` at an unhurried 200 words a minute, at least one.
pub fn reading_minutes(words: usize) -> u32 {
    u32::try_from(words.div_ceil(200)).unwrap_or(u32::MAX).max(1)
}

/// The content data the build shipped cannot be read.
#[derive(Debug, thiserror::Error)]
#[error("the content data is damaged ({0})")]
pub struct DamagedContent(#[from] serde_json::Error);

impl Content {
    /// Reads the content the build shipped as JSON.
    pub fn from_json(json: &str) -> Result<Content, DamagedContent> {
        Ok(serde_json::from_str(json)?)
    }

    /// The JSON the build ships, safe to embed in a `<script>` element.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self)
            .unwrap_or_default()
            .replace("</", "<\\/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reading_time_rounds_up_and_is_at_least_a_minute() {
        assert_eq!(reading_minutes(0), 1);
        assert_eq!(reading_minutes(200), 1);
        assert_eq!(reading_minutes(201), 2);
        assert_eq!(reading_minutes(1500), 8);
    }

    #[test]
    fn counts_read_as_words_up_to_twelve() {
        assert_eq!(count_in_words(4), "four");
        assert_eq!(count_in_words(1), "one");
        assert_eq!(count_in_words(12), "twelve");
        assert_eq!(count_in_words(13), "13");
    }

    #[test]
    fn plain_text_joins_links_and_text() {
        let inlines = vec![
            Inline::Text { text: "our ".into() },
            Inline::Link {
                text: "page".into(),
                href: None,
            },
            Inline::Text {
                text: " explains".into(),
            },
        ];
        assert_eq!(plain_text(&inlines), "our page explains");
    }

    #[test]
    fn links_without_targets_render_as_one_text_run() {
        let inlines = vec![
            Inline::Text { text: "our ".into() },
            Inline::Link {
                text: "page".into(),
                href: None,
            },
            Inline::Text { text: " or ".into() },
            Inline::Link {
                text: "site".into(),
                href: Some("/x".into()),
            },
        ];
        assert_eq!(
            render_runs(&inlines),
            vec![
                Inline::Text {
                    text: "our page or ".into()
                },
                Inline::Link {
                    text: "site".into(),
                    href: Some("/x".into())
                },
            ]
        );
    }
}
