//! The browser entry point of the reading bundle (article, FAQ, help): it
//! only mounts the app. `src/bin/full.rs` is the bundle with every page.

fn main() {
    #[cfg(feature = "hydrate")]
    after_the_session::hydrate::<after_the_session::ReadingPages>();
}
