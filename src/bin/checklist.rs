//! The browser entry point of the checklist's bundle (the checklist, its
//! storage, the lock and "Your data"): it only mounts the app. See
//! `routes::Bundle`.

fn main() {
    #[cfg(feature = "hydrate")]
    after_the_session::hydrate::<after_the_session::ChecklistPages>();
}
