//! The browser entry point of the full bundle (every page, the checklist
//! among them): it only mounts the app. See `routes::Bundle`.

// The lock gate turns the past sessions page into one `AnyView`, whose type is
// deeper than rustc's default query depth (128) when laid out for hydration.
#![recursion_limit = "256"]

fn main() {
    #[cfg(feature = "hydrate")]
    after_the_session::hydrate::<after_the_session::AllPages>();
}
