//! The parser's tests for content/site.toml: link targets, the help page's
//! lines and the checklist's prompts.

use super::tests::{CONFIG, MINIMAL, parse};
use super::*;
use crate::domain::content::{Block, ChecklistText, Inline};

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
fn the_help_page_and_the_note_prompts_are_configurable() {
    let config = format!(
        "{CONFIG}emergency_number = \"112\"\nregion = \"the US\"\noutside_region = \"Elsewhere? [Find a line](https://example.org/lines) or [book](link:anxiety).\"\n[checklist]\nbring_up_prompt = \"  What came up?  \"\njournal_prompt = \"\"\n"
    );
    let content = parse_content(MINIMAL, &config).unwrap();
    assert_eq!(content.help.emergency_number.as_deref(), Some("112"));
    assert_eq!(content.help.region.as_deref(), Some("the US"));
    assert_eq!(
        content.help.outside_region,
        vec![
            Inline::Text {
                text: "Elsewhere? ".into()
            },
            Inline::Link {
                text: "Find a line".into(),
                href: Some("https://example.org/lines".into())
            },
            Inline::Text { text: " or ".into() },
            Inline::Link {
                text: "book".into(),
                href: Some("https://example.org/anxiety".into())
            },
            Inline::Text { text: ".".into() },
        ]
    );
    assert_eq!(
        content.checklist.bring_up_prompt.as_deref(),
        Some("What came up?")
    );
    assert_eq!(content.checklist.journal_prompt, None, "empty: no prompt");

    // Left out, all of them are simply absent.
    let bare = parse_content(MINIMAL, CONFIG).unwrap();
    assert_eq!((bare.help.region, bare.help.outside_region), (None, vec![]));
    assert_eq!(bare.checklist, ChecklistText::default());

    // The outside line follows the article's rules, reported in site.toml.
    for (line, expected) in [
        (
            "Go [here](javascript:alert(1)).",
            ErrorKind::BadLinkTarget("javascript:alert(1)".into()),
        ),
        (
            "A *kind* line.",
            ErrorKind::Unsupported("emphasis (`*words*` or `_words_`)"),
        ),
        ("[x](link:nope)", ErrorKind::UnknownLink("nope".into())),
    ] {
        let bad = format!("{CONFIG}outside_region = {line:?}\n");
        let e = parse_content(MINIMAL, &bad).unwrap_err();
        assert_eq!((e.file, e.kind), (SITE, expected), "{line}");
    }
    let typo = format!("{CONFIG}[checklist]\njournal_promt = \"x\"\n");
    assert!(parse_content(MINIMAL, &typo).is_err(), "unknown keys are refused");
}

#[test]
fn the_quick_exit_address_must_be_an_absolute_web_address() {
    let with = |url: &str| parse_content(MINIMAL, &format!("{CONFIG}\n[lock]\nexit_url = \"{url}\"\n"));
    assert_eq!(
        with("https://www.bbc.com/weather").unwrap().exit_url.as_deref(),
        Some("https://www.bbc.com/weather")
    );
    assert_eq!(with("").unwrap().exit_url, None);
    for bad in ["/weather", "javascript:alert(1)", "www.bbc.com"] {
        let e = with(bad).unwrap_err();
        assert!(e.to_string().contains("exit_url"), "{bad}: {e}");
    }
}
