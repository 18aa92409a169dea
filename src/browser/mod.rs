//! The browser seams: the only modules that call `web-sys` for their
//! capability. Each owns one thing — the document ([`dom`]), localStorage
//! ([`storage`]), the network ([`fetch`]), the service worker
//! ([`service_worker`]), JSON through the browser's parser ([`json`]), the
//! other open tabs ([`channel`]) and Web Crypto ([`crypto`]), with long
//! text moved into the wasm natively ([`text`]) — and does nothing when
//! rendered at build time.

pub mod channel;
pub mod crypto;
pub(crate) mod dom;
pub mod fetch;
pub mod json;
pub mod locks;
pub mod service_worker;
pub mod storage;
pub mod text;
