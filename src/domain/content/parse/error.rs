//! What can be wrong with a content file, and where.

use thiserror::Error;

/// A mistake in a content file, with the file and line to fix.
#[derive(Debug, PartialEq, Eq, Error)]
#[error("{file}{}: {kind}", at_line(*.line))]
pub struct ContentError {
    /// The file the problem is in.
    pub file: &'static str,
    /// 1-based line number; 0 when the problem is not on one line.
    pub line: usize,
    pub kind: ErrorKind,
}

fn at_line(line: usize) -> String {
    if line > 0 {
        format!(":{line}")
    } else {
        String::new()
    }
}

/// The kinds of mistakes the parser reports.
#[derive(Debug, PartialEq, Eq, Error)]
pub enum ErrorKind {
    #[error("the file must start with front matter between two `+++` lines")]
    NoFrontMatter,
    /// The front matter is not valid TOML, lacks a field or has an unknown one.
    #[error("front matter: {0}")]
    FrontMatter(String),
    #[error("the front matter needs a non-empty `{0}`")]
    EmptyField(&'static str),
    /// Markdown this format does not support, described for the editor.
    #[error("{0} is not supported here")]
    Unsupported(&'static str),
    #[error("unknown block `::: {0}` (use steps, call-to-action, faq or newsletter)")]
    UnknownBlock(String),
    #[error("the `::: {0}` block is never closed with `:::`")]
    UnclosedBlock(String),
    #[error("a `:::` line that closes no block")]
    StrayClose,
    #[error("a `::: {0}` block inside another block")]
    NestedBlock(String),
    #[error("the `::: {0}` block is empty")]
    EmptyBlock(String),
    #[error("FAQ text before the first `### question`")]
    FaqAnswerWithoutQuestion,
    #[error("the FAQ question “{0}” has no answer")]
    FaqQuestionWithoutAnswer(String),
    #[error("a step must start with its **title**")]
    StepWithoutTitle,
    #[error("`{0}` is not a valid id (use a-z, 0-9 and -)")]
    BadId(String),
    #[error("the id `{0}` is used twice")]
    DuplicateId(String),
    #[error("a link needs words: [words](target)")]
    EmptyLink,
    #[error("the link `{0}` is not in content/site.toml [links] (add it, empty for plain text)")]
    UnknownLink(String),
    #[error("`{0}` is not an allowed link target (https://, http://, /, mailto: or tel:)")]
    BadLinkTarget(String),
    /// A step the checklist could not keep: every stored journal made from it
    /// would fail the checks that loading applies.
    #[error(
        "the step “{title}” breaks a rule every saved checklist must keep ({reason}); shorten it or give it a shorter {{#id}}"
    )]
    StepBreaksJournal {
        title: String,
        reason: crate::domain::journal::codec::Invalid,
    },
    #[error("the steps break a rule every saved checklist must keep ({0})")]
    StepsBreakJournal(crate::domain::journal::codec::Invalid),
    #[error("{0}")]
    BadConfig(String),
}
