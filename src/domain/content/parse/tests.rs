use super::*;
use crate::domain::content::{Block, Inline, plain_text};
use crate::domain::journal::codec::Invalid;

pub(super) const SITE_TOML: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/content/site.toml"));
pub(super) const ARTICLE_MD: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/content/article.md"));

/// Front matter of seven lines: the body starts on line 8.
pub(super) const MINIMAL: &str =
    "+++\ntitle = \"T\"\nsubtitle = \"S\"\nauthor = \"A\"\ncategory = \"C\"\nimage_alt = \"I\"\n+++\n";
pub(super) const CONFIG: &str = "[links]\nanxiety = \"https://example.org/anxiety\"\nbooking = \"\"\n[help]\ncrisis_line = \"Line\"\ncall = \"988\"\n";

pub(super) fn parse(body: &str) -> Result<Content, ContentError> {
    parse_content(&format!("{MINIMAL}{body}"), CONFIG)
}

fn kind(body: &str) -> (usize, ErrorKind) {
    let e = parse(body).expect_err("should be rejected");
    (e.line, e.kind)
}

fn unsupported(body: &str) -> (usize, &'static str) {
    match kind(body) {
        (line, ErrorKind::Unsupported(what)) => (line, what),
        other => panic!("expected an unsupported element, got {other:?}"),
    }
}

fn paragraph(body: &str) -> Vec<Inline> {
    match parse(body).unwrap().article.blocks.remove(0) {
        Block::Paragraph { inlines } => inlines,
        other => panic!("expected a paragraph, got {other:?}"),
    }
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
    assert_eq!(article.short_title(), "Why You Might Feel Worse After Therapy");
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
    assert_eq!(content.help.region.as_deref(), Some("the US"));
    assert!(
        content
            .help
            .outside_region
            .iter()
            .any(|i| matches!(i, Inline::Link { href: Some(h), .. } if h.starts_with("https://"))),
        "a line with a link for readers outside the US: {:?}",
        content.help.outside_region
    );
    assert_eq!(
        content.checklist.bring_up_prompt.as_deref(),
        Some("What do I want to raise next time?")
    );
    assert_eq!(
        content.checklist.journal_prompt.as_deref(),
        Some("What came up today? What do I need tonight?")
    );
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
fn front_matter_is_required_complete_and_toml() {
    assert_eq!(
        parse_content("Hello", CONFIG).unwrap_err().kind,
        ErrorKind::NoFrontMatter
    );
    let yaml = "---\ntitle: T\n---\n";
    assert_eq!(
        parse_content(yaml, CONFIG).unwrap_err().kind,
        ErrorKind::NoFrontMatter
    );
    let no_title = MINIMAL.replace("title = \"T\"\n", "");
    let e = parse_content(&no_title, CONFIG).unwrap_err();
    assert!(
        matches!(&e.kind, ErrorKind::FrontMatter(m) if m.contains("missing field `title`")),
        "{e}"
    );
    let empty_title = MINIMAL.replace("title = \"T\"", "title = \"   \"");
    let e = parse_content(&empty_title, CONFIG).unwrap_err();
    assert_eq!((e.line, e.kind), (2, ErrorKind::EmptyField("title")));
    let typo = MINIMAL.replace("author = \"A\"", "autor = \"A\"");
    let e = parse_content(&typo, CONFIG).unwrap_err();
    assert_eq!(e.line, 4, "{e}");
    assert!(
        matches!(&e.kind, ErrorKind::FrontMatter(m) if m.contains("unknown field `autor`")),
        "{e}"
    );
    // The short title is optional and falls back to the title.
    assert_eq!(parse("").unwrap().article.short_title(), "T");
    let short = MINIMAL.replace("subtitle", "short_title = \"Short\"\nsubtitle");
    assert_eq!(
        parse_content(&short, CONFIG).unwrap().article.short_title(),
        "Short"
    );
    let empty_short = MINIMAL.replace("subtitle", "short_title = \"\"\nsubtitle");
    let e = parse_content(&empty_short, CONFIG).unwrap_err();
    assert_eq!((e.line, e.kind), (3, ErrorKind::EmptyField("short_title")));
    let unquoted = MINIMAL.replace("category = \"C\"", "category = Inside Therapy");
    let e = parse_content(&unquoted, CONFIG).unwrap_err();
    assert!(matches!(e.kind, ErrorKind::FrontMatter(_)) && e.line == 5, "{e}");
}

#[test]
fn unsupported_blocks_are_errors_with_their_line() {
    assert_eq!(
        unsupported("\n# Big heading\n"),
        (9, "a `#` heading (sections are `##`)")
    );
    assert_eq!(unsupported("Text\n\n> quote\n"), (10, "a quote (`>`)"));
    assert_eq!(unsupported("<script>alert(1)</script>\n"), (8, "HTML"));
    assert_eq!(unsupported("1. first\n"), (8, "a numbered list"));
    assert_eq!(unsupported("Text\n\n```\nx\n```\n"), (10, "a code block"));
    assert_eq!(unsupported("| a | b |\n|---|---|\n| 1 | 2 |\n"), (8, "a table"));
    assert_eq!(
        unsupported("A heading\n---------\n"),
        (8, "an underlined heading (write `## Heading`)")
    );
    assert_eq!(unsupported("Text\n\n---\n"), (10, "a horizontal rule"));
    assert_eq!(
        kind("::: gallery\nx\n:::\n"),
        (8, ErrorKind::UnknownBlock("gallery".into()))
    );
    assert_eq!(
        kind("::: steps\n- **A** a\n"),
        (8, ErrorKind::UnclosedBlock("steps".into()))
    );
    assert_eq!(kind("Text\n:::\n"), (9, ErrorKind::StrayClose));
    assert_eq!(
        kind("::: faq\n::: steps\n:::\n"),
        (9, ErrorKind::NestedBlock("steps".into()))
    );
    assert_eq!(
        kind("::: call-to-action\n:::\n"),
        (8, ErrorKind::EmptyBlock("call-to-action".into()))
    );
}

#[test]
fn emphasis_code_images_and_html_in_text_are_errors_not_literal_text() {
    assert_eq!(
        unsupported("One line.\nA *gentle* word.\n"),
        (9, "emphasis (`*words*` or `_words_`)")
    );
    assert_eq!(
        unsupported("A _gentle_ word.\n"),
        (8, "emphasis (`*words*` or `_words_`)")
    );
    assert_eq!(
        unsupported("Some **bold** text.\n"),
        (8, "bold text (only a list item may open with a **lead-in**)")
    );
    assert_eq!(unsupported("Run `rm -rf`.\n"), (8, "code (`` `words` ``)"));
    assert_eq!(unsupported("A ![photo](/a.jpg) here.\n"), (8, "an image"));
    assert_eq!(unsupported("A <b>bold</b> word.\n"), (8, "HTML"));
    assert_eq!(
        unsupported("- An item with `code`\n"),
        (8, "code (`` `words` ``)")
    );
    assert_eq!(
        unsupported("::: faq\n### Q?\n\nA *very* good answer.\n:::\n"),
        (11, "emphasis (`*words*` or `_words_`)")
    );
    // Escaped, the characters are text.
    assert_eq!(
        paragraph("A \\*star\\* and \\`tick\\`.\n"),
        vec![Inline::Text {
            text: "A *star* and `tick`.".into()
        }]
    );
}

#[test]
fn lists_take_a_bold_lead_in_and_steps_require_one() {
    let content = parse("- **Lead:** text\n- plain\n").unwrap();
    let Block::List { items } = &content.article.blocks[0] else {
        panic!()
    };
    assert_eq!(items[0].title.as_deref(), Some("Lead:"));
    assert_eq!(plain_text(&items[0].inlines), "text");
    assert_eq!(items[1].title, None);
    assert_eq!(
        kind("::: steps\n- **A** {#a} one\n- no title\n:::\n"),
        (10, ErrorKind::StepWithoutTitle)
    );
    assert_eq!(
        kind("::: steps\n- **A** {#Not_ok} one\n:::\n"),
        (9, ErrorKind::BadId("Not_ok".into()))
    );
    let steps = parse("::: steps\n- **Rest well** {#rest} Sleep.\n- **Walk** Outside.\n:::\n").unwrap();
    let ids: Vec<_> = steps.article.steps().iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["rest", "walk"]);
    assert_eq!(plain_text(&steps.article.steps()[0].inlines), "Sleep.");
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
        kind("::: faq\n### Q? {#Bad}\n\nA.\n:::\n"),
        (9, ErrorKind::BadId("Bad".into()))
    );
    assert_eq!(
        unsupported("::: faq\n### Q? {#q .shiny}\n\nA.\n:::\n"),
        (9, "a heading attribute other than {#id}")
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
    assert_eq!(
        paragraph("See our [anxiety page](link:anxiety) or [book](link:booking).\n"),
        vec![
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
        (8, ErrorKind::BadLinkTarget("javascript:alert(1)".into())),
        "the whole target, not cut at `)`"
    );
    assert_eq!(
        paragraph("See [the list](https://example.org/a_(b)).\n")[1],
        Inline::Link {
            text: "the list".into(),
            href: Some("https://example.org/a_(b)".into())
        }
    );
    assert_eq!(kind("A [](/x) link.\n"), (8, ErrorKind::EmptyLink));
    assert_eq!(
        paragraph("Brackets [stay] as text.\n"),
        vec![Inline::Text {
            text: "Brackets [stay] as text.".into()
        }]
    );
}

#[test]
fn errors_read_well() {
    let e = parse("## One {#x}\n\n## Two {#x}\n").unwrap_err();
    assert_eq!(e.to_string(), "content/article.md:10: the id `x` is used twice");
    let e = parse("A *word*.\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        "content/article.md:8: emphasis (`*words*` or `_words_`) is not supported here"
    );
}

#[test]
fn slugs_are_stable_ids() {
    assert_eq!(
        slug("What to Do If You Feel Worse After Therapy"),
        "what-to-do-if-you-feel-worse-after-therapy"
    );
    assert_eq!(slug("Why You’re Making Progress!"), "why-youre-making-progress");
}

#[test]
fn steps_that_every_saved_checklist_could_not_keep_stop_the_build() {
    let long = "Plan something small and kind for yourself for the evening after your session";
    let e = parse(&format!(
        "::: steps\n- **Rest** Sleep.\n- **{long}** Then do it.\n:::\n"
    ))
    .unwrap_err();
    assert_eq!(e.line, 10, "{e}");
    assert!(
        matches!(&e.kind, ErrorKind::StepBreaksJournal { title, reason }
            if title == long && *reason == Invalid::IdLength { what: "a step", chars: 77 }),
        "{e}"
    );
    // The reason is the loading rule's own: the id made from the title is
    // longer than a stored step id may be.
    assert!(e.to_string().contains("id of 77 characters"), "{e}");
    // With a short id of its own, the same title is fine.
    let fixed = parse(&format!(
        "::: steps\n- **{long}** {{#kind-evening}} Then do it.\n:::\n"
    ))
    .unwrap();
    assert_eq!(fixed.article.steps()[0].id, "kind-evening");

    let wordy = "word ".repeat(30);
    let wordy = wordy.trim_end();
    let e = parse(&format!("::: steps\n- **{wordy}** {{#wordy}} Text.\n:::\n")).unwrap_err();
    assert_eq!(e.line, 9, "{e}");
    assert!(e.to_string().contains("step text of 149 characters"), "{e}");

    let many: String = (0..41).map(|i| format!("- **Step {i}** Text.\n")).collect();
    let e = parse(&format!("Intro.\n\n::: steps\n{many}:::\n")).unwrap_err();
    assert_eq!(e.line, 10, "the `::: steps` line: {e}");
    assert_eq!(
        e.kind,
        ErrorKind::StepsBreakJournal(Invalid::StepCount(41)),
        "{e}"
    );
}
