//! Plain Rust, no browser: the content model, the route table and the
//! journal's rules, storage schema and merge. Everything here is tested
//! natively; nothing here touches `web-sys`.

pub mod content;
pub mod dates;
pub mod journal;
pub mod routes;
