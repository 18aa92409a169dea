//! The article's body: the `::: name` blocks are split out line by line
//! (pulldown-cmark has no such containers), then each stretch is walked as
//! Markdown events into the content model's blocks.

use std::collections::{BTreeMap, HashSet};

use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};

use super::inline::{Cursor, trim_start};
use super::{ContentError, ErrorKind, Lines, err, slug, valid_id};
use crate::domain::content::{Block, FaqEntry, Inline, ListItem, Step};

/// A stretch of the body: plain Markdown, or the inside of a `::: name` block.
struct Section<'s> {
    /// The block's name; `None` for the Markdown between blocks.
    name: Option<&'s str>,
    text: &'s str,
    /// The byte offset of `text` in the file.
    offset: usize,
    /// The line of the `::: name` that opens the block.
    open_line: usize,
}

/// Splits `source[start..]` at its `::: name` and `:::` lines.
fn sections<'s>(source: &'s str, start: usize, lines: &Lines) -> Result<Vec<Section<'s>>, ContentError> {
    let mut out = Vec::new();
    // The open block: its name, the line of its opening, where its text starts.
    let mut open: Option<(&str, usize, usize)> = None;
    let mut plain_from = start;
    let mut at = start;
    for line in source[start..].split_inclusive('\n') {
        let line_start = at;
        at += line.len();
        let Some(name) = line.trim().strip_prefix(":::").map(str::trim) else {
            continue;
        };
        let line_no = lines.line(line_start);
        match open {
            None if name.is_empty() => return Err(err(line_no, ErrorKind::StrayClose)),
            None => {
                out.push(Section {
                    name: None,
                    text: &source[plain_from..line_start],
                    offset: plain_from,
                    open_line: 0,
                });
                open = Some((name, line_no, at));
            }
            Some((block, open_line, text_from)) if name.is_empty() => {
                out.push(Section {
                    name: Some(block),
                    text: &source[text_from..line_start],
                    offset: text_from,
                    open_line,
                });
                open = None;
                plain_from = at;
            }
            Some(_) => return Err(err(line_no, ErrorKind::NestedBlock(name.to_owned()))),
        }
    }
    if let Some((name, line, _)) = open {
        return Err(err(line, ErrorKind::UnclosedBlock(name.to_owned())));
    }
    out.push(Section {
        name: None,
        text: &source[plain_from..],
        offset: plain_from,
        open_line: 0,
    });
    Ok(out)
}

/// Reads the body into blocks, keeping the ids unique.
pub(super) struct Body<'a> {
    lines: &'a Lines,
    links: &'a BTreeMap<String, Option<String>>,
    ids: HashSet<String>,
    /// The line of the `::: steps` block and of each of its steps, once read.
    pub(super) step_lines: Option<(usize, Vec<usize>)>,
}

impl<'a> Body<'a> {
    pub(super) fn new(lines: &'a Lines, links: &'a BTreeMap<String, Option<String>>) -> Self {
        Body {
            lines,
            links,
            ids: HashSet::new(),
            step_lines: None,
        }
    }

    fn claim_id(&mut self, id: &str, line: usize) -> Result<(), ContentError> {
        const RESERVED: [&str; 3] = ["main", "content-data", "toc"];
        if RESERVED.contains(&id) || !self.ids.insert(id.to_owned()) {
            return Err(err(line, ErrorKind::DuplicateId(id.to_owned())));
        }
        Ok(())
    }

    /// The blocks of `source[start..]`.
    pub(super) fn blocks(&mut self, source: &str, start: usize) -> Result<Vec<Block>, ContentError> {
        let mut blocks = Vec::new();
        for section in sections(source, start, self.lines)? {
            let mut cur = Cursor::new(section.text, section.offset, self.lines, self.links);
            match section.name {
                None => self.markdown(&mut cur, &mut blocks)?,
                Some("steps") => blocks.push(Block::Steps {
                    steps: self.steps(&mut cur, section.open_line)?,
                }),
                Some("faq") => blocks.push(Block::Faq {
                    entries: self.faq(&mut cur)?,
                }),
                Some("call-to-action") => blocks.push(Block::CallToAction {
                    inlines: one_paragraph(&mut cur, "call-to-action", section.open_line)?,
                }),
                Some("newsletter") => {
                    let inlines = one_paragraph(&mut cur, "newsletter", section.open_line)?;
                    // Left out until the newsletter has an address.
                    if inlines
                        .iter()
                        .any(|i| matches!(i, Inline::Link { href: Some(_), .. }))
                    {
                        blocks.push(Block::Newsletter { inlines });
                    }
                }
                Some(other) => return Err(err(section.open_line, ErrorKind::UnknownBlock(other.to_owned()))),
            }
        }
        Ok(blocks)
    }

    /// Paragraphs, `##` headings and bulleted lists.
    fn markdown(&mut self, cur: &mut Cursor, out: &mut Vec<Block>) -> Result<(), ContentError> {
        while let Some((event, at)) = cur.next() {
            match event {
                Event::Start(Tag::Paragraph) => out.push(Block::Paragraph {
                    inlines: cur.inlines(TagEnd::Paragraph)?,
                }),
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H2,
                    id,
                    classes,
                    attrs,
                }) if cur.is_atx(at) => {
                    let text = cur.plain(TagEnd::Heading(HeadingLevel::H2))?.trim().to_owned();
                    let line = cur.line(at);
                    let id = heading_id(id, &classes, &attrs, &text, line)?;
                    self.claim_id(&id, line)?;
                    out.push(Block::Heading { id, text });
                }
                Event::Start(Tag::List(None)) => {
                    let mut items = Vec::new();
                    while list_item(cur)?.is_some() {
                        let (title, inlines) = cur.item()?;
                        items.push(ListItem { title, inlines });
                    }
                    out.push(Block::List { items });
                }
                other => return Err(cur.unsupported(&other, at)),
            }
        }
        Ok(())
    }

    /// `::: steps`: one bulleted list, each item `**Title** {#id} text`.
    fn steps(&mut self, cur: &mut Cursor, open_line: usize) -> Result<Vec<Step>, ContentError> {
        if self.step_lines.is_some() {
            return Err(err(
                open_line,
                ErrorKind::Unsupported("a second `::: steps` block"),
            ));
        }
        let mut steps = Vec::new();
        let mut lines = Vec::new();
        while let Some((event, at)) = cur.next() {
            match event {
                Event::Start(Tag::List(None)) if steps.is_empty() => {
                    while let Some(at) = list_item(cur)? {
                        let line = cur.line(at);
                        let (title, mut inlines) = cur.item()?;
                        let title = title.ok_or(err(line, ErrorKind::StepWithoutTitle))?;
                        let id = match take_id(&mut inlines) {
                            Some(id) if !valid_id(&id) => return Err(err(line, ErrorKind::BadId(id))),
                            Some(id) => id,
                            None => slug(&title),
                        };
                        self.claim_id(&id, line)?;
                        lines.push(line);
                        steps.push(Step { id, title, inlines });
                    }
                }
                other => return Err(cur.unsupported(&other, at)),
            }
        }
        if steps.is_empty() {
            return Err(err(open_line, ErrorKind::EmptyBlock("steps".into())));
        }
        self.step_lines = Some((open_line, lines));
        Ok(steps)
    }

    /// `::: faq`: `### Question {#id}` headings, each followed by its answer.
    fn faq(&mut self, cur: &mut Cursor) -> Result<Vec<FaqEntry>, ContentError> {
        let mut entries: Vec<(usize, FaqEntry)> = Vec::new();
        while let Some((event, at)) = cur.next() {
            let line = cur.line(at);
            match event {
                Event::Start(Tag::Heading {
                    level: HeadingLevel::H3,
                    id,
                    classes,
                    attrs,
                }) if cur.is_atx(at) => {
                    let question = cur.plain(TagEnd::Heading(HeadingLevel::H3))?.trim().to_owned();
                    let id = heading_id(id, &classes, &attrs, &question, line)?;
                    let answer = Vec::new();
                    entries.push((line, FaqEntry { id, question, answer }));
                }
                Event::Start(Tag::Paragraph) => {
                    let (_, entry) = entries
                        .last_mut()
                        .ok_or(err(line, ErrorKind::FaqAnswerWithoutQuestion))?;
                    entry.answer.push(cur.inlines(TagEnd::Paragraph)?);
                }
                other => return Err(cur.unsupported(&other, at)),
            }
        }
        let mut checked = Vec::new();
        for (line, entry) in entries {
            if entry.answer.is_empty() {
                return Err(err(line, ErrorKind::FaqQuestionWithoutAnswer(entry.question)));
            }
            self.claim_id(&entry.id, line)?;
            checked.push(entry);
        }
        Ok(checked)
    }
}

/// Inside a bulleted list: the offset of the next item's start, or `None`
/// at the end of the list.
fn list_item(cur: &mut Cursor) -> Result<Option<usize>, ContentError> {
    match cur.next() {
        Some((Event::Start(Tag::Item), at)) => Ok(Some(at)),
        Some((Event::End(TagEnd::List(_)), _)) | None => Ok(None),
        Some((other, at)) => Err(cur.unsupported(&other, at)),
    }
}

/// `::: call-to-action` and `::: newsletter`: exactly one paragraph.
pub(super) fn one_paragraph(
    cur: &mut Cursor,
    name: &str,
    open_line: usize,
) -> Result<Vec<Inline>, ContentError> {
    let mut found = None;
    while let Some((event, at)) = cur.next() {
        match event {
            Event::Start(Tag::Paragraph) if found.is_none() => found = Some(cur.inlines(TagEnd::Paragraph)?),
            Event::Start(Tag::Paragraph) => {
                return Err(err(
                    cur.line(at),
                    ErrorKind::Unsupported("a second paragraph (this block holds one)"),
                ));
            }
            other => return Err(cur.unsupported(&other, at)),
        }
    }
    found.ok_or(err(open_line, ErrorKind::EmptyBlock(name.to_owned())))
}

/// A heading's id: its `{#id}`, or one made from its text. Classes and other
/// attributes are refused.
fn heading_id(
    id: Option<CowStr>,
    classes: &[CowStr],
    attrs: &[(CowStr, Option<CowStr>)],
    text: &str,
    line: usize,
) -> Result<String, ContentError> {
    if !classes.is_empty() || !attrs.is_empty() {
        return Err(err(
            line,
            ErrorKind::Unsupported("a heading attribute other than {#id}"),
        ));
    }
    match id {
        Some(id) if !valid_id(&id) => Err(err(line, ErrorKind::BadId(id.to_string()))),
        Some(id) => Ok(id.to_string()),
        None => Ok(slug(text)),
    }
}

/// Takes a `{#id}` from the start of a step's text.
fn take_id(inlines: &mut Vec<Inline>) -> Option<String> {
    let Some(Inline::Text { text }) = inlines.first_mut() else {
        return None;
    };
    let (id, rest) = text.strip_prefix("{#")?.split_once('}')?;
    let id = id.to_owned();
    *text = rest.to_owned();
    trim_start(inlines);
    Some(id)
}
