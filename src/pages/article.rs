//! The article page: header, tools (back, share), contents and body.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::app::InAppNavigations;
use crate::browser::dom::{
    ShareOutcome, can_go_back_within_site, history_back, share_current_page, use_title,
};
use crate::domain::content::Content;
use crate::domain::routes::Page;
use crate::pages::blocks::block_view;
use crate::pages::widgets::shown_text;
use crate::state::content_context::WithContent;

/// The article, at the site root.
#[component]
pub fn ArticlePage() -> impl IntoView {
    let render = |content: Arc<Content>| view! { <ArticleView content /> };
    view! { <WithContent render /> }
}

#[component]
fn ArticleView(content: Arc<Content>) -> impl IntoView {
    let article = &content.article;
    let title = article.title.clone();
    let page_title = Page::Article.title(&title);
    use_title(move || page_title.clone());
    let contents = article
        .headings()
        .map(|(id, text)| {
            let target = format!("#{id}");
            view! {
                <li>
                    // Left to the browser (the router takes every link it
                    // may, and only scrolls): the focus moves with the reader.
                    <a href=target target="_self">{text.to_owned()}</a>
                </li>
            }
        })
        .collect_view();
    view! {
        <article class="article">
            <header class="article-header">
                <p class="category">{article.category.clone()}</p>
                <h1>{title.clone()}</h1>
                <p class="subtitle">{article.subtitle.clone()}</p>
                <p class="byline">
                    "Written by: "<span class="author">{article.author.clone()}</span>" · "
                    {format!("{} min read", article.reading_minutes)}
                </p>
                <ArticleTools title />
            </header>
            <nav class="toc no-print" aria-labelledby="toc-heading">
                <h2 id="toc-heading">"Contents"</h2>
                <ol>{contents}</ol>
            </nav>
            {article.blocks.iter().map(block_view).collect_view()}
        </article>
    }
}

/// "Back" and "Share", shown once the app runs (they need it).
#[component]
fn ArticleTools(title: String) -> impl IntoView {
    let navigations = use_context::<InAppNavigations>();
    let can_go_back = RwSignal::new(false);
    Effect::new(move |_| {
        let count = navigations.map(|n| n.0.get()).unwrap_or(0);
        can_go_back.set(can_go_back_within_site(count));
    });
    let navigate = use_navigate();
    let back = move |_| {
        if can_go_back.get_untracked() {
            history_back();
        } else {
            // The router adds the site's base path.
            navigate("/", Default::default());
        }
    };
    let message = RwSignal::new(String::new());
    let manual_link = RwSignal::new(None::<String>);
    let share = move |_| {
        let title = title.clone();
        leptos::task::spawn_local(async move {
            let outcome = share_current_page(title).await;
            manual_link.set(None);
            message.set(match outcome {
                ShareOutcome::Shared => "Thanks for sharing.".to_owned(),
                ShareOutcome::Cancelled => String::new(),
                ShareOutcome::Copied => "Link copied. You can paste it anywhere.".to_owned(),
                ShareOutcome::CopyByHand(url) => {
                    manual_link.set(Some(url));
                    "Copy this link to share the article:".to_owned()
                }
            });
        });
    };
    view! {
        <div class="article-tools needs-js no-print">
            <button type="button" class="button-quiet" hidden=move || !can_go_back.get() on:click=back>
                "‹ Back"
            </button>
            <button type="button" class="button-quiet" on:click=share>
                "Share"
            </button>
            <p class="share-status" role="status">
                {move || shown_text(message.get())}
            </p>
            {move || {
                manual_link
                    .get()
                    .map(|url| {
                        view! {
                            <input
                                class="share-link"
                                type="text"
                                readonly
                                aria-label="Link to this article"
                                prop:value=url
                            />
                        }
                    })
            }}
        </div>
    }
}
