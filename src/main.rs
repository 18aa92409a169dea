//! The browser entry point: it only mounts the app.

fn main() {
    #[cfg(feature = "hydrate")]
    after_the_session::hydrate();
}
