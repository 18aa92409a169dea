//! Shared end-to-end test support: a static server and a browser.
#![allow(dead_code)]

pub mod browser;
pub mod hosts;
pub mod server;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;

/// The release site built by `make dist` (or `DIST_DIR`).
pub fn dist_dir() -> PathBuf {
    site_dir("DIST_DIR", "dist")
}

/// The release site built for the sub-path `/some/path/`.
pub fn sub_dist_dir() -> PathBuf {
    site_dir("SUB_DIST_DIR", "target/dist-sub")
}

/// The same site built in debug mode, which reports hydration mismatches.
pub fn debug_dist_dir() -> PathBuf {
    site_dir("DEBUG_DIST_DIR", "target/dist-debug")
}

fn site_dir(var: &str, default: &str) -> PathBuf {
    let dir = std::env::var_os(var)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(default));
    assert!(
        dir.join("index.html").is_file(),
        "{} has no index.html: run `make test`, which builds the site first",
        dir.display()
    );
    dir
}

/// A loopback listener on a port never handed out before in this process
/// (`free_port` and this share the record). Every origin a test serves is
/// thus new to every browser, also one kept for a later test
/// (`browser::with_browser`): no test meets another's storage, service
/// worker or cache.
pub fn fresh_listener() -> TcpListener {
    // Listeners on ports already given stay open until one is found, so
    // that the system does not hand the same port back at once.
    let mut refused = Vec::new();
    loop {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let port = listener.local_addr().expect("a local address").port();
        let mut given = GIVEN_PORTS.lock().unwrap_or_else(|e| e.into_inner());
        if !given.contains(&port) {
            given.push(port);
            return listener;
        }
        refused.push(listener);
    }
}

/// A port nothing listens on now and never handed out before in this
/// process (see `fresh_listener`); another process can still take it before
/// the program it is meant for binds it, which callers handle by trying again.
pub fn free_port() -> u16 {
    fresh_listener().local_addr().expect("a local address").port()
}

static GIVEN_PORTS: std::sync::Mutex<Vec<u16>> = std::sync::Mutex::new(Vec::new());

/// A raw HTTP GET, as a client without JavaScript sees it: status and body.
pub fn http_get(addr: std::net::SocketAddr, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).expect("connect to the static server");
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .expect("send request");
    let mut response = String::new();
    stream.read_to_string(&mut response).expect("read response");
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

/// Copies a built site, so a test can change files without touching `dist/`.
pub fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// A directory of this test run under the system's temporary directory,
/// removed with everything in it when dropped (also when the test fails), so
/// that runs leave no site copies, downloads or browser profiles behind.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        static COUNT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = COUNT.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("e2e-{name}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        TempDir(dir)
    }

    pub fn path(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
