//! The calm "hard session" panel, shown directly under the mood question the
//! client just answered.

use leptos::prelude::*;

use crate::app::link_target;
use crate::domain::content::Help;
use crate::domain::routes::{Page, page_href};

/// What the live region says when the panel appears (the region is on the
/// page from the start, so the sentence is announced).
pub const HELP_ANNOUNCEMENT: &str =
    "That sounds like a hard session. Ways to get help are shown below this question.";

/// The panel's id (one at a time: under the question answered last).
pub const HELP_PROMPT_ID: &str = "help-prompt";

/// The panel. `on_hide` runs when the client hides it (and moves focus).
#[component]
pub fn HelpPrompt(help: Help, on_hide: Callback<()>) -> impl IntoView {
    let call = help
        .call
        .clone()
        .map(|n| view! { <li><a href=format!("tel:{n}")>{format!("Call {n}")}</a></li> });
    let text = help
        .text
        .clone()
        .map(|n| view! { <li><a href=format!("sms:{n}")>{format!("Text {n}")}</a></li> });
    view! {
        <aside id=HELP_PROMPT_ID class="help-prompt" aria-labelledby="help-prompt-title">
            <h3 id="help-prompt-title">"That sounds like a hard session"</h3>
            <p>
                "Feeling low afterwards is common and often passes. If it feels like too much, you can reach the "
                {help.crisis_line.clone()} " at any hour, or your therapist."
            </p>
            <ul class="help-actions">
                {call}
                {text}
                <li><a href=page_href(Page::Help) target=link_target(Page::Help)>"More ways to get help now"</a></li>
            </ul>
            <button type="button" class="button-quiet" on:click=move |_| on_hide.run(())>
                "Hide this"
            </button>
        </aside>
    }
}
