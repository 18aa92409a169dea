//! Walking one stretch of Markdown as pulldown-cmark events: text and
//! `[words](target)` links, a list item's **lead-in**, and a clear refusal
//! of everything else.

use std::collections::BTreeMap;
use std::iter::Peekable;

use pulldown_cmark::{Event, HeadingLevel, LinkType, OffsetIter, Options, Parser, Tag, TagEnd};

use super::{ContentError, ErrorKind, Lines, allowed_target, err};
use crate::domain::content::Inline;

/// The Markdown extensions pulldown-cmark should recognise, so that they are
/// refused with a name instead of passing through as literal text.
fn options() -> Options {
    Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
}

/// The events of one stretch of the article, with their places in the file.
pub(super) struct Cursor<'s, 'a> {
    events: Peekable<OffsetIter<'s>>,
    /// The stretch and its byte offset in the file.
    text: &'s str,
    offset: usize,
    lines: &'a Lines,
    links: &'a BTreeMap<String, Option<String>>,
}

impl<'s, 'a> Cursor<'s, 'a> {
    pub(super) fn new(
        text: &'s str,
        offset: usize,
        lines: &'a Lines,
        links: &'a BTreeMap<String, Option<String>>,
    ) -> Self {
        Cursor {
            events: Parser::new_ext(text, options()).into_offset_iter().peekable(),
            text,
            offset,
            lines,
            links,
        }
    }

    /// The next event and its byte offset in the file.
    pub(super) fn next(&mut self) -> Option<(Event<'s>, usize)> {
        self.events
            .next()
            .map(|(event, range)| (event, self.offset + range.start))
    }

    /// The next event inside an element that is still open (pulldown-cmark
    /// closes every element it opens, so the stretch cannot end here).
    fn next_inside(&mut self) -> Result<(Event<'s>, usize), ContentError> {
        let end = self.offset + self.text.len();
        self.next()
            .ok_or_else(|| err(self.line(end), ErrorKind::Unsupported("an unfinished element")))
    }

    fn next_is(&mut self, want: impl Fn(&Event) -> bool) -> bool {
        self.events.peek().is_some_and(|(event, _)| want(event))
    }

    /// The 1-based line of byte `offset` in the file.
    pub(super) fn line(&self, offset: usize) -> usize {
        self.lines.line(offset)
    }

    /// Whether the heading at `offset` is written with `#` (not underlined).
    pub(super) fn is_atx(&self, offset: usize) -> bool {
        self.text[offset - self.offset..].starts_with('#')
    }

    /// The error for an element this format does not support.
    pub(super) fn unsupported(&self, event: &Event, offset: usize) -> ContentError {
        let what = match event {
            Event::Start(Tag::Heading { .. }) if !self.is_atx(offset) => {
                "an underlined heading (write `## Heading`)"
            }
            other => describe(other),
        };
        err(self.line(offset), ErrorKind::Unsupported(what))
    }

    /// Plain text up to the end of the element `end`.
    pub(super) fn plain(&mut self, end: TagEnd) -> Result<String, ContentError> {
        let mut out = String::new();
        loop {
            match self.next_inside()? {
                (Event::End(e), _) if e == end => return Ok(out),
                (Event::Text(text), _) => out.push_str(&text),
                (Event::SoftBreak, _) => out.push(' '),
                (other, at) => return Err(self.unsupported(&other, at)),
            }
        }
    }

    /// Text and links up to the end of the element `end`, neighbouring text
    /// joined into one run.
    pub(super) fn inlines(&mut self, end: TagEnd) -> Result<Vec<Inline>, ContentError> {
        let mut out = Vec::new();
        loop {
            match self.next_inside()? {
                (Event::End(e), _) if e == end => return Ok(out),
                (Event::Text(text), _) => push_text(&mut out, &text),
                (Event::SoftBreak, _) => push_text(&mut out, " "),
                (
                    Event::Start(Tag::Link {
                        link_type: LinkType::Inline,
                        dest_url,
                        title,
                        ..
                    }),
                    at,
                ) if title.is_empty() => {
                    let text = self.plain(TagEnd::Link)?;
                    if text.trim().is_empty() {
                        return Err(err(self.line(at), ErrorKind::EmptyLink));
                    }
                    let href = self.target(&dest_url, at)?;
                    out.push(Inline::Link { text, href });
                }
                (other, at) => return Err(self.unsupported(&other, at)),
            }
        }
    }

    /// A link's target: `link:key` from the configuration, or an allowed address.
    fn target(&self, target: &str, at: usize) -> Result<Option<String>, ContentError> {
        match target.strip_prefix("link:") {
            Some(key) => self
                .links
                .get(key)
                .cloned()
                .ok_or_else(|| err(self.line(at), ErrorKind::UnknownLink(key.to_owned()))),
            None if allowed_target(target) => Ok(Some(target.to_owned())),
            None => Err(err(self.line(at), ErrorKind::BadLinkTarget(target.to_owned()))),
        }
    }

    /// A list item, after its start: an optional `**lead-in**`, then text
    /// and links (in a loose list, wrapped in one paragraph).
    pub(super) fn item(&mut self) -> Result<(Option<String>, Vec<Inline>), ContentError> {
        let wrapped = self.next_is(|e| matches!(e, Event::Start(Tag::Paragraph)));
        if wrapped {
            self.next();
        }
        let title = if self.next_is(|e| matches!(e, Event::Start(Tag::Strong))) {
            self.next();
            Some(self.plain(TagEnd::Strong)?.trim().to_owned())
        } else {
            None
        };
        let end = if wrapped { TagEnd::Paragraph } else { TagEnd::Item };
        let mut inlines = self.inlines(end)?;
        if wrapped {
            match self.next_inside()? {
                (Event::End(TagEnd::Item), _) => {}
                (other, at) => return Err(self.unsupported(&other, at)),
            }
        }
        if title.is_some() {
            trim_start(&mut inlines);
        }
        Ok((title, inlines))
    }
}

/// Appends text, joining it to a text run just before.
fn push_text(out: &mut Vec<Inline>, text: &str) {
    match out.last_mut() {
        Some(Inline::Text { text: last }) => last.push_str(text),
        _ => out.push(Inline::Text {
            text: text.to_owned(),
        }),
    }
}

/// Drops white space at the start of the first run (after a lead-in or an id).
pub(super) fn trim_start(inlines: &mut Vec<Inline>) {
    if let Some(Inline::Text { text }) = inlines.first_mut() {
        *text = text.trim_start().to_owned();
        if text.is_empty() {
            inlines.remove(0);
        }
    }
}

/// What an unsupported element is, in the editor's words.
fn describe(event: &Event) -> &'static str {
    match event {
        Event::Start(tag) => match tag {
            Tag::Emphasis => "emphasis (`*words*` or `_words_`)",
            Tag::Strong => "bold text (only a list item may open with a **lead-in**)",
            Tag::Strikethrough => "struck-through text (`~~words~~`)",
            Tag::Superscript | Tag::Subscript => "super- or subscript",
            Tag::CodeBlock(_) => "a code block",
            Tag::Image { .. } => "an image",
            Tag::HtmlBlock => "HTML",
            Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell => "a table",
            Tag::BlockQuote(_) => "a quote (`>`)",
            Tag::List(Some(_)) => "a numbered list",
            Tag::List(None) | Tag::Item => "a list",
            Tag::Heading {
                level: HeadingLevel::H1,
                ..
            } => "a `#` heading (sections are `##`)",
            Tag::Heading { .. } => "a heading of this level (sections are `##`, FAQ questions `###`)",
            Tag::FootnoteDefinition(_) => "a footnote",
            Tag::DefinitionList | Tag::DefinitionListTitle | Tag::DefinitionListDefinition => {
                "a definition list"
            }
            Tag::Link { .. } => "a link other than [words](target)",
            Tag::MetadataBlock(_) => "front matter",
            Tag::Paragraph => "a paragraph",
        },
        Event::Code(_) => "code (`` `words` ``)",
        Event::InlineMath(_) | Event::DisplayMath(_) => "math",
        Event::Html(_) | Event::InlineHtml(_) => "HTML",
        Event::FootnoteReference(_) => "a footnote",
        Event::HardBreak => "a forced line break",
        Event::Rule => "a horizontal rule",
        Event::TaskListMarker(_) => "a task list box",
        Event::Text(_) | Event::SoftBreak => "text",
        Event::End(_) => "the end of an element",
    }
}
