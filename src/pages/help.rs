//! "Help now": what to do when the reader feels much worse or unsafe.

use std::sync::Arc;

use leptos::either::either;
use leptos::prelude::*;

use crate::app::link_target;
use crate::browser::dom::use_title;
use crate::domain::content::{Content, Help};
use crate::domain::routes::{Page, page_href, site_href};
use crate::pages::inline::inlines_view;
use crate::state::content_context::WithContent;

#[component]
pub fn HelpPage() -> impl IntoView {
    use_title(|| Page::Help.title(""));
    let render = |content: Arc<Content>| view! { <HelpSteps help=content.help.clone() /> };
    view! {
        <article class="page help">
            <h1>{Page::Help.heading()}</h1>
            <p class="lead">
                "Feeling worse after a session is common. If it is more than you can carry right now, reach out. You do not have to wait."
            </p>
            <WithContent render />
        </article>
    }
}

#[component]
fn HelpSteps(help: Help) -> impl IntoView {
    let emergency = either!(help.emergency_number.clone(),
        Some(number) => view! { <a href=format!("tel:{number}")>{format!("Call {number}")}</a>" now." },
        None => "Call your local emergency number now.",
    );
    let call = help.call.clone().map(|number| {
        view! {
            <li>
                <a href=format!("tel:{number}")>{format!("Call {number}")}</a>
            </li>
        }
    });
    let text = help.text.clone().map(|number| {
        view! {
            <li>
                <a href=format!("sms:{number}")>{format!("Text {number}")}</a>
            </li>
        }
    });
    let site = help.url.clone().map(|url| {
        view! {
            <li>
                <a href=url>"Visit their website"</a>
            </li>
        }
    });
    // "In the US, the 988 …": the line's region, when the site names one.
    let line_intro = match &help.region {
        Some(region) => format!("In {region}, the "),
        None => "The ".to_owned(),
    };
    let outside = (!help.outside_region.is_empty())
        .then(|| view! { <p class="help-outside">{inlines_view(&help.outside_region)}</p> });
    let faq = site_href("/faq/#tell-my-therapist");
    let checklist = page_href(Page::Checklist);
    view! {
        <section aria-labelledby="help-danger">
            <h2 id="help-danger">"If you are in danger or might act on thoughts of harming yourself"</h2>
            <p class="help-urgent">{emergency}</p>
        </section>
        <section aria-labelledby="help-crisis">
            <h2 id="help-crisis">"If you need to talk to someone now"</h2>
            <p>
                {line_intro} {help.crisis_line.clone()}
                " is free, confidential and open day and night. You can reach it even if you are not in danger."
            </p>
            <ul class="help-actions">{call}{text}{site}</ul>
            {outside}
        </section>
        <section aria-labelledby="help-therapist">
            <h2 id="help-therapist">"If you feel much worse after a session but you are safe"</h2>
            <ul>
                <li>
                    "Contact your therapist and tell them how you feel. "
                    <a href=faq>"It is part of their work"</a>"."
                </li>
                <li>"Reach out to someone you trust, and be gentle with yourself today."</li>
                <li>
                    "Try the steps in your " <a href=checklist target=link_target(Page::Checklist)>
                        "coping checklist"
                    </a> "."
                </li>
            </ul>
        </section>
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use crate::build::render::render_app;
    use crate::domain::content::parse::parse_content;
    use crate::domain::content::{Content, Inline};
    use crate::domain::routes::Page;

    fn content() -> Content {
        parse_content(
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/content/article.md")),
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/content/site.toml")),
        )
        .unwrap()
    }

    /// The prerendered help page, without the hydration markers (`<!>`).
    fn help_page(content: &Content) -> String {
        render_app("/help/", Page::Help.bundle(), Some(content)).replace("<!>", "")
    }

    #[test]
    fn the_shipped_help_page_names_the_us_line_and_helps_readers_elsewhere() {
        let html = help_page(&content());
        assert!(html.contains("Call your local emergency number now."), "{html}");
        assert!(!html.contains("href=\"tel:911\""));
        assert!(
            html.contains("In the US, the 988 Suicide &amp; Crisis Lifeline is free"),
            "{html}"
        );
        assert!(
            html.contains(
                "<p class=\"help-outside\">Outside the US? <a href=\"https://findahelpline.com\">Find a free helpline in your country</a>.</p>"
            ),
            "{html}"
        );
    }

    #[test]
    fn a_configured_emergency_number_becomes_a_link_that_dials_it() {
        let mut content = content();
        content.help.emergency_number = Some("112".into());
        content.help.region = None;
        content.help.outside_region = vec![Inline::Text {
            text: "Elsewhere, ask locally.".into(),
        }];
        let html = help_page(&content);
        assert!(html.contains("<a href=\"tel:112\">Call 112</a>"), "{html}");
        assert!(!html.contains("local emergency number"), "{html}");
        assert!(!html.contains("In the US"), "{html}");
        assert!(
            html.contains("<p class=\"help-outside\">Elsewhere, ask locally.</p>"),
            "{html}"
        );
        content.help.outside_region.clear();
        assert!(!help_page(&content).contains("help-outside"));
    }
}
