//! The browser entry point of the reading bundle (article, FAQ, help): it
//! only mounts the app. `src/bin/checklist.rs` and `src/bin/history.rs` are
//! the bundles of the checklist and of past sessions.

fn main() {
    #[cfg(feature = "hydrate")]
    after_the_session::hydrate::<after_the_session::ReadingPages>();
}
