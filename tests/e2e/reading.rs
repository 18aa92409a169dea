//! The reading experience: the whole article word for word, the FAQ by
//! mouse and keyboard with deep links, help from the footer, share and back,
//! and content loaded on demand with a retry.

use fantoccini::{Client, Locator};
use serde_json::json;

use crate::shell::{heading, routes};
use crate::support::browser::{
    BrowserOptions, Engine, assert_clean_console, assert_clean_console_but_404s, cdp, click_on, js, press,
    skip_in, tab_to, text, visit, wait_until, with_browser,
};
use crate::support::dist_dir;
use crate::support::server::StaticServer;

const SOURCE: &str = include_str!("../fixtures/source-page.txt");
const TAB: char = '\u{E004}';
const ENTER: char = '\u{E007}';
const SPACE: char = '\u{E00D}';

fn normalize(text: &str) -> String {
    text.replace('\u{a0}', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The sentences of the source page's body, from its first paragraph to the
/// end of the FAQ (page furniture before and the newsletter line after are
/// not body text).
fn source_sentences() -> Vec<String> {
    let start = SOURCE.find("You walk out").expect("the body's first words");
    let end = SOURCE.find("Join our list").expect("the newsletter line");
    let mut sentences = Vec::new();
    for line in SOURCE[start..end].lines() {
        let line = normalize(line.trim().trim_start_matches('•'));
        let chars: Vec<char> = line.chars().collect();
        let mut current = String::new();
        for (i, &c) in chars.iter().enumerate() {
            current.push(c);
            let closes = matches!(c, '.' | '?' | '!') || (c == '”' && i > 0 && chars[i - 1] == '?');
            let next_is_space = chars.get(i + 1).is_none_or(|n| *n == ' ');
            let quote_follows = chars.get(i + 1) == Some(&'”');
            if closes && next_is_space && !quote_follows {
                sentences.push(current.trim().to_owned());
                current.clear();
            }
        }
        if !current.trim().is_empty() {
            sentences.push(current.trim().to_owned());
        }
    }
    sentences
}

#[test]
fn the_source_splits_into_sentences() {
    let sentences = source_sentences();
    assert!(sentences.len() > 100, "{}", sentences.len());
    assert!(
        sentences.contains(&"You ask yourself: “Is this normal?”".to_owned()),
        "{sentences:?}"
    );
    assert!(sentences.contains(
        &"I’ve had to remind myself this is ok because this is all part of the process".to_owned()
    ));
}

async fn main_text(client: &Client) -> String {
    normalize(
        js(client, "return document.querySelector('main').textContent")
            .await
            .as_str()
            .unwrap_or_default(),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn the_article_keeps_every_sentence_of_the_source_word_for_word() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        visit(&client, &server.url("/")).await;
        let page = main_text(&client).await;
        let missing: Vec<String> = source_sentences().into_iter().filter(|s| !page.contains(s.as_str())).collect();
        assert!(missing.is_empty(), "sentences missing or altered on the page:\n{}", missing.join("\n"));
        for furniture in [
            "Inside Therapy",
            "How to Understand and Cope When Therapy Leaves You Feeling Heavy",
            "Andrew Levey",
        ] {
            assert!(page.contains(furniture), "{furniture}");
        }
        assert!(!page.contains("Join our list"), "the newsletter line has no address, so it is left out");
        // The inline links have no target in the shipped configuration: plain text.
        let links = js(&client, "return [...document.querySelectorAll('main a')].map(a => a.textContent)").await;
        assert!(!links.to_string().contains("therapy in NYC"), "{links}");
        assert!(!links.to_string().contains("Book a free consultation"), "{links}");
        // Section headings in order, each with a stable id in the contents.
        let headings = js(&client, "return [...document.querySelectorAll('main h2[id]:not(#toc-heading)')].map(h => h.id + '|' + h.textContent)").await;
        assert_eq!(
            headings,
            json!([
                "making-progress|Why Feeling Worse After Therapy Can Actually Mean You’re Making Progress",
                "sign-of-progress|How Feeling Worse After Therapy Can Be a Sign of Progress",
                "what-to-do|What to Do If You Feel Worse After Therapy",
                "explore-together|Want to Explore These Feelings Together?",
                "faq|FAQs"
            ])
        );
        let minutes = text(&client, ".byline").await;
        assert!(minutes.ends_with("min read"), "{minutes}");
        assert_clean_console(&client, "article").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_contents_jump_to_sections_and_steps_link_to_the_checklist() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions { height: 700, ..Default::default() }, move |client| async move {
        visit(&client, &server.url("/")).await;
        click_on(&client, Locator::LinkText("What to Do If You Feel Worse After Therapy")).await;
        wait_until(&client, "return location.hash === '#what-to-do'", "the address names the section").await;
        wait_until(
            &client,
            "const r = document.getElementById('what-to-do').getBoundingClientRect(); return r.top >= 0 && r.top < 200",
            "the section is at the top of the window",
        )
        .await;
        let step_links = js(&client, "return [...document.querySelectorAll('#what-to-do ~ ul.steps .step-link a')].map(a => a.getAttribute('href'))").await;
        assert_eq!(step_links, json!(["/checklist/", "/checklist/", "/checklist/", "/checklist/"]));
        let steps = js(&client, "return [...document.querySelectorAll('ul.steps .item-title')].map(s => s.textContent)").await;
        assert_eq!(steps, json!(["Treat yourself!", "Accept reality", "Write about it", "Talk about it"]));
        click_on(&client, Locator::Css("#treat-yourself .step-link a")).await;
        wait_until(&client, "return location.pathname === '/checklist/'", "the checklist opens").await;
        assert_clean_console(&client, "contents").await;
    })
    .await;
}

async fn is_open(client: &Client, id: &str) -> bool {
    js(client, &format!("return document.getElementById('{id}').open")).await == json!(true)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_faq_opens_and_closes_by_mouse_and_by_keyboard() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        visit(&client, &server.url("/faq/")).await;
        let ids = ["why-worse", "is-it-working", "tell-my-therapist"];
        for id in ids {
            assert!(!is_open(&client, id).await, "{id} starts closed");
        }
        let questions = js(&client, "return [...document.querySelectorAll('.faq-item summary')].map(s => s.textContent)").await;
        assert_eq!(
            questions,
            json!([
                "1. Why do I sometimes feel worse after therapy?",
                "2. Does feeling worse after therapy mean it’s not working?",
                "3. Should I talk to my therapist about feeling worse after sessions? I don’t want them to get offended, be hurt, etc"
            ])
        );

        // Mouse: open, the address names the question; close again.
        click_on(&client, Locator::Css("#is-it-working summary")).await;
        wait_until(&client, "return document.getElementById('is-it-working').open", "it opens").await;
        wait_until(&client, "return location.hash === '#is-it-working'", "the address names it").await;
        let answer = text(&client, "#is-it-working .faq-answer").await;
        assert!(answer.starts_with("It’s counterintuitive"), "{answer}");
        click_on(&client, Locator::Css("#is-it-working summary")).await;
        wait_until(&client, "return !document.getElementById('is-it-working').open", "it closes").await;
        // Open again, then Collapse all: the address no longer names it.
        click_on(&client, Locator::Css("#is-it-working summary")).await;
        wait_until(&client, "return location.hash === '#is-it-working'", "the address names it again").await;
        click_on(&client, Locator::XPath("//button[normalize-space()='Collapse all']")).await;
        wait_until(
            &client,
            "return !document.getElementById('is-it-working').open && location.hash === ''",
            "Collapse all closes it and takes it from the address",
        )
        .await;

        // Keyboard, from the top of a fresh page: Tab to Expand all, Tab to
        // Collapse all, Tab into the first question.
        visit(&client, &server.url("/faq/")).await;
        tab_to(&client, ".faq-tools button", 20).await;
        assert_eq!(js(&client, "return document.activeElement.textContent").await, json!("Expand all"));
        press(&client, ENTER).await;
        wait_until(&client, "return [...document.querySelectorAll('.faq-item')].every(d => d.open)", "all open").await;
        press(&client, TAB).await;
        assert_eq!(js(&client, "return document.activeElement.textContent").await, json!("Collapse all"));
        press(&client, SPACE).await;
        wait_until(&client, "return [...document.querySelectorAll('.faq-item')].every(d => !d.open)", "all closed").await;
        press(&client, TAB).await;
        assert_eq!(
            js(&client, "return document.activeElement.parentElement.id").await,
            json!("why-worse"),
            "Tab reaches the first question"
        );
        press(&client, ENTER).await;
        wait_until(&client, "return document.getElementById('why-worse').open", "Enter opens it").await;
        press(&client, SPACE).await;
        wait_until(&client, "return !document.getElementById('why-worse').open", "Space closes it").await;
        // The visible focus ring is there for keyboard users.
        let outline = js(&client, "return getComputedStyle(document.activeElement).outlineStyle").await;
        assert_eq!(outline, json!("solid"));
        assert_clean_console(&client, "faq keyboard").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deep_link_opens_and_shows_its_question() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions { height: 600, ..Default::default() }, move |client| async move {
        for (path, id) in [("/faq/", "tell-my-therapist"), ("/", "why-worse"), ("/faq/", "is-it-working")] {
            visit(&client, &server.url(&format!("{path}#{id}"))).await;
            wait_until(&client, &format!("return document.getElementById('{id}').open"), "the question opens").await;
            wait_until(
                &client,
                &format!(
                    "const r = document.getElementById('{id}').getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight / 2"
                ),
                "the question is in view",
            )
            .await;
            let open_count = js(&client, "return document.querySelectorAll('.faq-item[open]').length").await;
            assert_eq!(open_count, json!(1), "{path}#{id}: only that question opens");
        }
        assert_clean_console(&client, "deep links").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn help_is_one_click_away_from_every_page() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        for path in routes()
            .into_iter()
            .map(|(p, _)| p)
            .filter(|p| *p != "/help/")
            .chain(["/no/such/page"])
        {
            visit(&client, &server.url(path)).await;
            click_on(&client, Locator::Css("footer a[href='/help/']")).await;
            wait_until(
                &client,
                "return location.pathname === '/help/'",
                "the help page opens",
            )
            .await;
            assert_eq!(text(&client, "main h1").await, "If you feel much worse or unsafe");
        }
        // From the not-found page, which carries no content, the help page's
        // details arrive with content.json.
        wait_until(
            &client,
            "return !document.querySelector('main .loading')",
            "the help page's content loads",
        )
        .await;
        let page = main_text(&client).await;
        assert!(page.contains("Call your local emergency number now."), "{page}");
        assert!(page.contains("988 Suicide & Crisis Lifeline"), "{page}");
        let actions = js(
            &client,
            "return [...document.querySelectorAll('.help-actions a')].map(a => a.getAttribute('href'))",
        )
        .await;
        assert_eq!(actions, json!(["tel:988", "sms:988", "https://988lifeline.org"]));
        // The browser's report of the unknown page's own 404 is expected.
        let missing = server.url("/no/such/page");
        assert_clean_console_but_404s(&client, "help", &[&missing]).await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn share_copies_the_link_with_a_visible_confirmation_and_back_returns() {
    let server = StaticServer::start(dist_dir(), &[]);
    let origin = server.url("");
    with_browser(BrowserOptions::default(), move |client| async move {
        if Engine::current() == Engine::Chromium {
            cdp(
                &client,
                "Browser.grantPermissions",
                json!({ "origin": origin, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"] }),
            )
            .await;
        }
        visit(&client, &server.url("/faq/")).await;
        click_on(&client, Locator::XPath("//nav//a[normalize-space()='Article']")).await;
        wait_until(&client, "return location.pathname === '/'", "the article opens").await;

        // No engine here offers a share sheet to its driver, so the app's
        // fallback is what every engine must show: the link is copied.
        assert_eq!(
            js(&client, "return typeof navigator.share").await,
            json!("undefined")
        );
        // A question opened: the reader's own address points at it.
        click_on(&client, Locator::Css(".faq-item summary")).await;
        wait_until(
            &client,
            "return location.hash.length > 1",
            "the address names the question",
        )
        .await;
        click_on(&client, Locator::XPath("//button[normalize-space()='Share']")).await;
        wait_until(
            &client,
            "return document.querySelector('.share-status').textContent.length > 0",
            "a confirmation",
        )
        .await;
        assert_eq!(
            text(&client, ".share-status").await,
            "Link copied. You can paste it anywhere."
        );
        let copied = client
            .execute_async(
                "navigator.clipboard.readText().then(arguments[0], e => arguments[0]('refused: ' + e))",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(
            copied,
            json!(server.url("/")),
            "the clipboard holds the page's address, not the question the reader had open"
        );

        // Back returns to where the reader came from.
        let back = client
            .find(Locator::XPath("//button[normalize-space()='‹ Back']"))
            .await
            .unwrap();
        assert!(
            back.is_displayed().await.unwrap(),
            "Back shows after moving within the site"
        );
        back.click().await.unwrap();
        wait_until(&client, "return location.pathname === '/faq/'", "back on the FAQ").await;
        assert_clean_console(&client, "share and back").await;
    })
    .await;
}

/// At the foot of the article, to help and back (and forward, and back again):
/// the reader is where they were, not cut short by the shorter page that
/// was on screen when the browser restored the position.
#[tokio::test(flavor = "multi_thread")]
async fn back_returns_the_reader_to_where_they_were_in_the_article() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        visit(&client, &server.url("/")).await;
        // At the foot of the article, its help link (in the footer).
        let target = js(
            &client,
            "const y = document.documentElement.scrollHeight - innerHeight; window.scrollTo(0, y); return y",
        )
        .await;
        let y = target.as_f64().unwrap();
        assert!(y > 1500.0, "far down a long article: {y}");
        wait_until(&client, &format!("return scrollY === {y}"), "at the foot").await;
        click_on(&client, Locator::Css(".site-footer a")).await;
        wait_until(&client, "return location.pathname === '/help/'", "on help").await;
        let help_height = js(
            &client,
            "return document.documentElement.scrollHeight - innerHeight",
        )
        .await;
        assert!(
            help_height.as_f64().unwrap() < y,
            "help is shorter than the place left: {help_height}"
        );
        let back_at = format!("return location.pathname === '/' && Math.abs(scrollY - {y}) < 2");
        js(&client, "history.back()").await;
        wait_until(&client, &back_at, "back where the reader was").await;
        js(&client, "history.forward()").await;
        wait_until(
            &client,
            "return location.pathname === '/help/' && scrollY === 0",
            "forward, help at its top",
        )
        .await;
        js(&client, "history.back()").await;
        wait_until(&client, &back_at, "back where the reader was, again").await;
        assert_clean_console(&client, "back to the place").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn back_is_hidden_when_the_reader_arrived_from_elsewhere() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        visit(&client, &server.url("/")).await;
        let hidden = js(&client, "return [...document.querySelectorAll('.article-tools button')].find(b => b.textContent.includes('Back')).hidden").await;
        assert_eq!(hidden, json!(true));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn content_loads_on_demand_and_a_failed_load_offers_a_retry() {
    let server = StaticServer::start(dist_dir(), &[]);
    let server = std::sync::Arc::new(server);
    let s = server.clone();
    with_browser(BrowserOptions::default(), move |client| async move {
        // The not-found page carries no content; moving to the article loads it.
        visit(&client, &s.url("/no/such/page")).await;
        s.make_missing("/content.json");
        click_on(&client, Locator::LinkText("Go to the article")).await;
        wait_until(
            &client,
            "return !!document.querySelector('main [role=alert]')",
            "an error message",
        )
        .await;
        let message = text(&client, "main [role=alert] p").await;
        assert_eq!(
            message,
            "This page’s text could not be found on this site (error 404)."
        );
        s.restore_all();
        click_on(&client, Locator::XPath("//button[normalize-space()='Try again']")).await;
        wait_until(
            &client,
            "return !!document.querySelector('main h1')",
            "the article after the retry",
        )
        .await;
        assert_eq!(text(&client, "main h1").await, heading("/"));
        // The browser reports the two 404 answers (the unknown page, the
        // missing content); nothing else is reported.
        let (page, content) = (s.url("/no/such/page"), s.url("/content.json"));
        assert_clean_console_but_404s(&client, "retry", &[&page, &content]).await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn without_javascript_the_article_and_faq_read_in_full_and_the_checklist_says_why() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(
        BrowserOptions {
            javascript: false,
            ..Default::default()
        },
        move |client| async move {
            client.goto(&server.url("/")).await.unwrap();
            let page = normalize(&text(&client, "main").await);
            assert!(page.contains("You walk out of the room"), "the article is there");
            let source = client.source().await.unwrap();
            assert!(
                source.contains("Therapy is a collaborative process"),
                "FAQ answers are in the page too (closed)"
            );
            // A native <details> opens without any script.
            click_on(&client, Locator::Css("#why-worse summary")).await;
            let answer = text(&client, "#why-worse .faq-answer").await;
            assert!(answer.starts_with("You may, on occasion, feel worse"), "{answer}");
            assert!(
                !client
                    .find(Locator::XPath("//button[normalize-space()='Share']"))
                    .await
                    .unwrap()
                    .is_displayed()
                    .await
                    .unwrap()
            );

            client.goto(&server.url("/checklist/")).await.unwrap();
            let line = text(&client, ".storage-line").await;
            assert_eq!(
                line,
                "Ticking steps needs JavaScript, which is off or still loading. You can read the steps below."
            );
            let labels = text(&client, ".step-list").await;
            assert!(
                labels.contains("Treat yourself!") && labels.contains("Talk about it"),
                "{labels}"
            );
        },
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_article_prints_without_navigation_or_controls() {
    if skip_in(
        &[Engine::Firefox, Engine::WebKit],
        "only chromedriver can emulate print media (through DevTools)",
    ) {
        return;
    }
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        visit(&client, &server.url("/")).await;
        cdp(&client, "Emulation.setEmulatedMedia", json!({ "media": "print" })).await;
        wait_until(&client, "return matchMedia('print').matches", "print media").await;
        let hidden = js(
            &client,
            "return ['.site-header', '.site-footer', '.toc', '.article-tools', '.faq-tools'].map(s => getComputedStyle(document.querySelector(s)).display)",
        )
        .await;
        assert_eq!(hidden, json!(["none", "none", "none", "none", "none"]));
        let body = js(&client, "return getComputedStyle(document.querySelector('main h1')).display").await;
        assert_eq!(body, json!("block"), "the article itself prints");
    })
    .await;
}

/// A question opened while the app is still on its way stays open once the
/// app runs, and the buttons still open and close it.
#[tokio::test(flavor = "multi_thread")]
async fn a_question_opened_before_the_app_runs_stays_open() {
    let server = StaticServer::start(dist_dir(), &[]);
    with_browser(BrowserOptions::default(), move |client| async move {
        // Every answer 1.5 s late: the page, then the app's files.
        server.set_throttle(1_500, 0);
        client.goto(&server.url("/faq/")).await.unwrap();
        let opened = js(
            &client,
            "const d = document.querySelectorAll('.faq-item')[2]; d.querySelector('summary').click(); \
             return [d.open, document.documentElement.hasAttribute('data-hydrated')]",
        )
        .await;
        assert_eq!(opened, json!([true, false]), "opened before the app ran");
        crate::support::browser::wait_hydrated(&client).await;
        server.set_throttle(0, 0);
        crate::support::browser::settle(&client).await;
        let open = "return [...document.querySelectorAll('.faq-item')].map(d => d.open)";
        assert_eq!(
            js(&client, open).await[2],
            json!(true),
            "still open after hydration"
        );
        crate::support::browser::click_on(
            &client,
            Locator::XPath("//button[normalize-space()='Collapse all']"),
        )
        .await;
        wait_until(
            &client,
            "return [...document.querySelectorAll('.faq-item')].every(d => !d.open)",
            "all closed",
        )
        .await;
        crate::support::browser::click_on(
            &client,
            Locator::XPath("//button[normalize-space()='Expand all']"),
        )
        .await;
        wait_until(
            &client,
            "return [...document.querySelectorAll('.faq-item')].every(d => d.open)",
            "all open",
        )
        .await;
    })
    .await;
}
