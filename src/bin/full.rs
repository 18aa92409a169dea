//! The browser entry point of the full bundle (every page, the checklist
//! among them): it only mounts the app. See `routes::Bundle`.

fn main() {
    #[cfg(feature = "hydrate")]
    after_the_session::hydrate::<after_the_session::AllPages>();
}
