//! One module a page. Each page component is thin: it sets the document
//! title and lays out what the domain modules give it.

mod article;
mod blocks;
mod checklist;
pub mod faq;
mod help;
mod history;
mod inline;
mod not_found;
mod widgets;

pub use article::ArticlePage;
pub use checklist::ChecklistPage;
pub use faq::FaqPage;
pub use help::HelpPage;
pub use history::HistoryPage;
pub use not_found::NotFoundPage;
