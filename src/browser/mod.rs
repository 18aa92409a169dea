//! The browser seams: the only modules that call `web-sys` for their
//! capability. Each owns one thing — the document ([`dom`]), localStorage
//! ([`storage`]), the network ([`fetch`]) and the service worker
//! ([`service_worker`]) — and does nothing when rendered at build time.

pub(crate) mod dom;
pub mod fetch;
pub mod service_worker;
pub mod storage;
