//! The build step (feature `ssr`, native only): prerendering every route,
//! the policy and headers, the service worker and manifest.

pub mod offline;
pub mod prerender;
