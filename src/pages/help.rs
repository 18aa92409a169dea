//! "Help now": what to do when the reader feels much worse or unsafe.

use std::sync::Arc;

use leptos::either::either;
use leptos::prelude::*;

use crate::app::link_target;
use crate::browser::dom::use_title;
use crate::domain::content::{Content, Help};
use crate::domain::routes::{Page, page_href, site_href};
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
                "The " {help.crisis_line.clone()}
                " is free, confidential and open day and night. You can reach it even if you are not in danger."
            </p>
            <ul class="help-actions">{call}{text}{site}</ul>
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
