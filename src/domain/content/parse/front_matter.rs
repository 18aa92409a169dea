//! The article's front matter: TOML between two `+++` lines (a metadata
//! block pulldown-cmark recognises), read with serde, unknown fields refused.

use pulldown_cmark::{Event, MetadataBlockKind, Options, Parser, Tag, TagEnd};
use serde::Deserialize;
use toml::Spanned;

use super::{ContentError, ErrorKind, Lines, err};

/// The front matter as written; every field is required.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Written {
    title: Spanned<String>,
    short_title: Option<Spanned<String>>,
    subtitle: Spanned<String>,
    author: Spanned<String>,
    category: Spanned<String>,
    image_alt: Spanned<String>,
}

/// The article's metadata, each field non-empty.
pub(super) struct FrontMatter {
    pub title: String,
    pub short_title: Option<String>,
    pub subtitle: String,
    pub author: String,
    pub category: String,
    pub image_alt: String,
}

/// Reads the front matter at the start of `source`; returns it with the
/// byte offset where the body starts.
pub(super) fn read(source: &str, lines: &Lines) -> Result<(FrontMatter, usize), ContentError> {
    let missing = || err(1, ErrorKind::NoFrontMatter);
    let mut events =
        Parser::new_ext(source, Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS).into_offset_iter();
    match events.next() {
        Some((Event::Start(Tag::MetadataBlock(MetadataBlockKind::PlusesStyle)), range))
            if range.start == 0 => {}
        _ => return Err(missing()),
    }
    let mut toml_text = String::new();
    let mut toml_start = None;
    let body_start = loop {
        match events.next() {
            Some((Event::Text(text), range)) => {
                toml_start.get_or_insert(range.start);
                toml_text.push_str(&text);
            }
            Some((Event::End(TagEnd::MetadataBlock(_)), range)) => break range.end,
            _ => return Err(missing()),
        }
    };
    let toml_start = toml_start.unwrap_or(0);
    let line_of = |span: std::ops::Range<usize>| lines.line(toml_start + span.start);
    let written: Written = toml::from_str(&toml_text).map_err(|e| {
        let line = e.span().map_or(1, line_of);
        err(line, ErrorKind::FrontMatter(e.message().to_owned()))
    })?;
    let field = |value: Spanned<String>, name: &'static str| {
        let line = line_of(value.span());
        let text = value.into_inner().trim().to_owned();
        if text.is_empty() {
            return Err(err(line, ErrorKind::EmptyField(name)));
        }
        Ok(text)
    };
    let front_matter = FrontMatter {
        title: field(written.title, "title")?,
        short_title: written
            .short_title
            .map(|short| field(short, "short_title"))
            .transpose()?,
        subtitle: field(written.subtitle, "subtitle")?,
        author: field(written.author, "author")?,
        category: field(written.category, "category")?,
        image_alt: field(written.image_alt, "image_alt")?,
    };
    Ok((front_matter, body_start))
}
