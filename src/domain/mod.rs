//! Plain Rust, no browser: the content model, the route table, the
//! journal's rules, storage schema and merge, the lock's envelope, and
//! counts in words.
//! Everything here is tested natively; nothing here touches `web-sys`.

pub mod content;
pub mod dates;
pub mod journal;
pub mod lock;
pub mod routes;
pub mod words;
