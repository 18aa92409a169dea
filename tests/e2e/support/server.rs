//! A plain static file server for the end-to-end tests, behaving like a
//! static host with no rewrite rules: `dir/` serves `dir/index.html`, `dir`
//! redirects to `dir/`, anything else missing gets `404.html` with status 404.
//! Into every HTML page it adds, first in `<head>`, the console collector
//! (`console.js`, at `/__e2e/console.js`) that the tests read in every engine;
//! `without_console_collector` serves the files untouched (for measurements).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::thread;

/// A running server; it stops when the test process ends.
pub struct StaticServer {
    pub addr: SocketAddr,
    missing: Arc<Mutex<Vec<String>>>,
    down: Arc<std::sync::atomic::AtomicBool>,
    /// Per-response latency (ms) and bytes per second; 0 for none.
    throttle: Arc<(std::sync::atomic::AtomicU64, std::sync::atomic::AtomicU64)>,
    collector: Arc<std::sync::atomic::AtomicBool>,
    pretty: Arc<std::sync::atomic::AtomicBool>,
}

/// Where the console collector is served, whatever the site's base.
pub const COLLECTOR_PATH: &str = "/__e2e/console.js";
pub const COLLECTOR: &str = include_str!("console.js");
/// A script that throws, served beside the collector.
pub const THROWER_PATH: &str = "/__e2e/throw.js";

impl StaticServer {
    /// Serves `root` on a free loopback port, adding `headers` to every response.
    pub fn start(root: impl Into<PathBuf>, headers: &[(&str, &str)]) -> StaticServer {
        StaticServer::start_at(root, "/", headers)
    }

    /// Serves `root` below `prefix` (say `/some/path/`), as a host serves a
    /// site deployed to a sub-path; anything outside it is a plain 404.
    pub fn start_at(root: impl Into<PathBuf>, prefix: &str, headers: &[(&str, &str)]) -> StaticServer {
        let prefix = prefix.to_owned();
        let root: PathBuf = root.into();
        assert!(
            root.join("index.html").is_file(),
            "no index.html in {}: build the site first",
            root.display()
        );
        let listener = super::fresh_listener();
        let addr = listener.local_addr().expect("local address");
        let headers: Arc<Vec<(String, String)>> = Arc::new(
            headers
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        );
        let missing = Arc::new(Mutex::new(Vec::new()));
        let gone = Arc::clone(&missing);
        let down = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let is_down = Arc::clone(&down);
        let throttle = Arc::new((
            std::sync::atomic::AtomicU64::new(0),
            std::sync::atomic::AtomicU64::new(0),
        ));
        let slow = Arc::clone(&throttle);
        let collector = Arc::new(std::sync::atomic::AtomicBool::new(true));
        let inject = Arc::clone(&collector);
        let pretty = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let drop_html = Arc::clone(&pretty);
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                if is_down.load(std::sync::atomic::Ordering::SeqCst) {
                    // As if the network were gone: no answer at all.
                    let _ = stream.shutdown(std::net::Shutdown::Both);
                    continue;
                }
                let root = root.clone();
                let headers = Arc::clone(&headers);
                let gone = Arc::clone(&gone);
                let prefix = prefix.clone();
                let slow = Arc::clone(&slow);
                let inject = inject.load(std::sync::atomic::Ordering::SeqCst);
                let pretty = drop_html.load(std::sync::atomic::Ordering::SeqCst);
                thread::spawn(move || {
                    let _ = handle(
                        stream,
                        &root,
                        &prefix,
                        &headers,
                        &gone,
                        &slow,
                        Flags { inject, pretty },
                    );
                });
            }
        });
        StaticServer {
            addr,
            missing,
            down,
            throttle,
            collector,
            pretty,
        }
    }

    /// Drops ".html" from addresses, as Cloudflare Pages does: `/x.html`
    /// redirects (308) to `/x`, `/x/index.html` to `/x/`, and `/x` serves
    /// `x.html`.
    pub fn with_pretty_urls(self) -> StaticServer {
        self.pretty.store(true, std::sync::atomic::Ordering::SeqCst);
        self
    }

    /// Serves the files exactly as built, without the console collector.
    pub fn without_console_collector(self) -> StaticServer {
        self.collector.store(false, std::sync::atomic::Ordering::SeqCst);
        self
    }

    /// Answers 404 for `path` from now on, as if the file were not deployed.
    pub fn make_missing(&self, path: &str) {
        if let Ok(mut missing) = self.missing.lock() {
            missing.push(path.to_owned());
        }
    }

    /// Answers every request `latency_ms` late and sends at most
    /// `bytes_per_second` on each connection (0, 0: full speed).
    pub fn set_throttle(&self, latency_ms: u64, bytes_per_second: u64) {
        self.throttle
            .0
            .store(latency_ms, std::sync::atomic::Ordering::SeqCst);
        self.throttle
            .1
            .store(bytes_per_second, std::sync::atomic::Ordering::SeqCst);
    }

    /// Stops answering (`true`), as when the reader goes offline, or answers again.
    pub fn set_offline(&self, offline: bool) {
        self.down.store(offline, std::sync::atomic::Ordering::SeqCst);
    }

    /// Serves every file again.
    pub fn restore_all(&self) {
        if let Ok(mut missing) = self.missing.lock() {
            missing.clear();
        }
    }

    /// The URL of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// How a request is answered, beside serving the files.
#[derive(Clone, Copy)]
struct Flags {
    /// Add the console collector to every page.
    inject: bool,
    /// Drop ".html" from addresses ([`StaticServer::with_pretty_urls`]).
    pretty: bool,
}

fn handle(
    mut stream: TcpStream,
    root: &Path,
    prefix: &str,
    headers: &[(String, String)],
    missing: &Mutex<Vec<String>>,
    slow: &(std::sync::atomic::AtomicU64, std::sync::atomic::AtomicU64),
    Flags { inject, pretty }: Flags,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Read as the request comes, not as the connection was accepted: a
    // browser opens connections ahead of time (one opened before
    // `set_throttle` once answered a bench page at full speed).
    let latency_ms = slow.0.load(std::sync::atomic::Ordering::SeqCst);
    let rate = slow.1.load(std::sync::atomic::Ordering::SeqCst);
    let mut request_headers = HashMap::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':') {
            request_headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_owned());
        }
    }
    if let Some(len) = request_headers
        .get("content-length")
        .and_then(|l| l.parse::<u64>().ok())
    {
        std::io::copy(&mut reader.by_ref().take(len), &mut std::io::sink())?;
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or_default();
    let target = parts.next().unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/").to_owned();
    let test_script = match path.as_str() {
        COLLECTOR_PATH => Some(COLLECTOR),
        // A same-origin script that fails, for the test of the collector.
        THROWER_PATH => Some(
            "Promise.reject(new Error('deliberate rejection'));\nthrow new Error('deliberate uncaught error');\n",
        ),
        _ => None,
    };
    if let Some(script) = test_script.filter(|_| inject) {
        let response = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/javascript; charset=utf-8\r\nContent-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n{script}",
            script.len()
        );
        return stream.write_all(response.as_bytes());
    }
    let Some(below) = path
        .strip_prefix(prefix.trim_end_matches('/'))
        .filter(|r| r.is_empty() || r.starts_with('/'))
    else {
        let response = "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nNot found";
        return stream.write_all(response.as_bytes());
    };
    let below = if below.is_empty() { "/" } else { below };
    let decoded = percent_decode(below);
    let relative = Path::new(decoded.trim_start_matches('/'));
    let safe = relative.components().all(|c| matches!(c, Component::Normal(_)));
    let candidate = root.join(relative);

    if let Some(stem) = path.strip_suffix(".html").filter(|_| pretty) {
        let location = stem.strip_suffix("index").unwrap_or(stem);
        let response = format!(
            "HTTP/1.1 308 Permanent Redirect\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
        return stream.write_all(response.as_bytes());
    }
    let with_html = PathBuf::from(format!("{}.html", candidate.display()));
    let candidate = if pretty && !candidate.is_file() && with_html.is_file() {
        with_html
    } else {
        candidate
    };
    let is_missing = missing.lock().map(|m| m.contains(&path)).unwrap_or(false);
    let (status, file) = if is_missing {
        ("404 Not Found", Some(root.join("404.html")))
    } else if !safe {
        ("400 Bad Request", None)
    } else if decoded.ends_with('/') && candidate.join("index.html").is_file() {
        ("200 OK", Some(candidate.join("index.html")))
    } else if candidate.is_file() {
        ("200 OK", Some(candidate))
    } else if candidate.is_dir() && candidate.join("index.html").is_file() {
        let location = format!("{path}/");
        let response = format!(
            "HTTP/1.1 301 Moved Permanently\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
        return stream.write_all(response.as_bytes());
    } else {
        ("404 Not Found", Some(root.join("404.html")))
    };
    let kind = file.as_deref().map(content_type).unwrap_or("text/plain");
    // A precompressed copy beside the file (`x.br`, `x.gz`) is sent in its
    // place when the browser accepts it, as a real host would.
    let accepted = request_headers
        .get("accept-encoding")
        .cloned()
        .unwrap_or_default();
    let is_html = kind.starts_with("text/html");
    let compressed = file.as_ref().filter(|_| !(inject && is_html)).and_then(|f| {
        [("br", "br"), ("gzip", "gz")]
            .into_iter()
            .find_map(|(encoding, ext)| {
                let copy = PathBuf::from(format!("{}.{ext}", f.display()));
                (accepted
                    .split(',')
                    .any(|a| a.trim().split(';').next() == Some(encoding))
                    && copy.is_file())
                .then_some((encoding, copy))
            })
    });
    let (body, encoding) = match &compressed {
        Some((encoding, copy)) => (std::fs::read(copy).unwrap_or_default(), Some(*encoding)),
        None => (
            file.as_ref()
                .and_then(|f| std::fs::read(f).ok())
                .unwrap_or_default(),
            None,
        ),
    };
    let body = if inject && is_html {
        with_collector(body, COLLECTOR_PATH)
    } else {
        body
    };
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    // Every header the site's `_headers` promises for this path, as a host
    // that reads it sends them (revalidation where it sets no caching rule).
    // (A missing file answers with the not-found page, and its rules.)
    let served = if status.starts_with("200") {
        path.clone()
    } else {
        format!("{}/404.html", prefix.trim_end_matches('/'))
    };
    // A test's own headers stand in for the promised ones of the same name.
    let promised: Vec<_> = super::hosts::promised_headers(root, &served)
        .into_iter()
        .filter(|(k, _)| !headers.iter().any(|(h, _)| h.eq_ignore_ascii_case(k)))
        .collect();
    let caching = promised.iter().chain(headers).any(|(k, _)| k == "Cache-Control");
    if !caching {
        head.push_str("Cache-Control: no-cache\r\n");
    }
    for (k, v) in promised {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(encoding) = encoding {
        head.push_str(&format!(
            "Content-Encoding: {encoding}\r\nVary: Accept-Encoding\r\n"
        ));
    }
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    if latency_ms > 0 {
        thread::sleep(std::time::Duration::from_millis(latency_ms));
    }
    stream.write_all(head.as_bytes())?;
    if method == "HEAD" {
        return stream.flush();
    }
    // Microseconds to send one 8 KiB chunk at `rate` bytes a second.
    match (8192u64 * 1_000_000).checked_div(rate) {
        None => stream.write_all(&body)?,
        Some(chunk_micros) => {
            for chunk in body.chunks(8192) {
                stream.write_all(chunk)?;
                stream.flush()?;
                thread::sleep(std::time::Duration::from_micros(
                    chunk_micros * chunk.len() as u64 / 8192,
                ));
            }
        }
    }
    stream.flush()
}

/// The page with the console collector's script first in its head (after
/// the charset, which must stay in the first bytes).
pub fn with_collector(body: Vec<u8>, src: &str) -> Vec<u8> {
    let html = String::from_utf8_lossy(&body).into_owned();
    let tag = format!("<script src={src}></script>");
    let at = ["<meta charset=utf-8>", "<meta charset=\"utf-8\">", "<head>"]
        .iter()
        .find_map(|marker| html.find(marker).map(|i| i + marker.len()));
    match at {
        Some(i) => format!("{}{tag}{}", &html[..i], &html[i..]).into_bytes(),
        // Left as it is: the tests then fail reading the collector.
        None => body,
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        if let (b'%', Some(Ok(b))) = (bytes[i], hex.map(|h| u8::from_str_radix(h, 16))) {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The slowdown holds for a request on a connection opened before it was
/// set, as a browser opens connections ahead of time (the bench's plain
/// page once came at full speed that way). No browser needed.
#[test]
fn a_slowdown_holds_on_a_connection_opened_before_it() {
    use std::io::Read;
    let root = std::env::temp_dir().join(format!("server-slowdown-{}", std::process::id()));
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("index.html"), "<!doctype html><title>t</title>").unwrap();
    let server = StaticServer::start(&root, &[]);
    let mut early = TcpStream::connect(server.addr).unwrap();
    // Let the server accept the connection before the slowdown is set.
    thread::sleep(std::time::Duration::from_millis(100));
    server.set_throttle(400, 0);
    let start = std::time::Instant::now();
    early
        .write_all(b"GET /index.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut answer = String::new();
    early.read_to_string(&mut answer).unwrap();
    let waited = start.elapsed();
    std::fs::remove_dir_all(&root).ok();
    assert!(answer.starts_with("HTTP/1.1 200"), "answer: {answer}");
    assert!(
        waited >= std::time::Duration::from_millis(400),
        "answered after {waited:?}, not after the 400 ms set"
    );
}
