//! End-to-end tests: the release site from `make dist` (and a debug build,
//! which reports hydration mismatches), served by a plain static server with
//! no rewrite rule, driven in headless Chromium through chromedriver.
#![cfg(not(target_arch = "wasm32"))]

mod accessibility;
mod bench;
mod checklist;
mod experience;
mod hosts;
mod lock;
mod offline;
mod reading;
mod shell;
mod support;
mod trust;
mod updates;
mod your_data;
