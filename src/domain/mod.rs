//! Plain Rust, no browser: the content model, the route table, the
//! journal's rules, storage schema and merge, and the lock's envelope.
//! Everything here is tested natively; nothing here touches `web-sys`.

pub mod content;
pub mod dates;
pub mod journal;
pub mod lock;
pub mod routes;
