//! The browser entry point of the past sessions' bundle (list and chart,
//! with the journal's storage and the lock): it only mounts the app. See
//! `routes::Bundle`.

fn main() {
    #[cfg(feature = "hydrate")]
    after_the_session::hydrate::<after_the_session::HistoryPages>();
}
