//! The real web servers the site is deployed on (nginx, Apache, Caddy),
//! started by the end-to-end tests on a free loopback port with the
//! project's own configuration (`deploy/`) rewritten only for the site's
//! root and the port; the process, its pid file and logs live in a temporary
//! directory. Also: what `_headers` promises for a path, and a raw HTTP
//! client that shows every response header.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::TempDir;
use crate::support::server::{COLLECTOR, with_collector};

/// Where the deployment examples put the site; the tests put their own root here.
const DEPLOYED_ROOT: &str = "/srv/after-the-session";

/// A copy of the built `site` (served at `base`) whose pages load the
/// tests' console collector first in `<head>`, as the tests' static server
/// adds it, so that the console is read the same way in every engine
/// through a real server too. The collector sits inside the site
/// (`{base}__e2e/console.js`, same origin, allowed by the site's
/// `script-src 'self'`); each page's precompressed copies are dropped, as
/// they would still hold the page without it. The headers and compression
/// are checked on the untouched build.
pub fn site_with_collector(site: &Path, base: &str) -> TempDir {
    let copy = TempDir::new("site-with-collector");
    crate::support::copy_dir(site, copy.path());
    std::fs::create_dir_all(copy.path().join("__e2e")).unwrap();
    std::fs::write(copy.path().join("__e2e/console.js"), COLLECTOR).unwrap();
    let src = format!("{base}__e2e/console.js");
    let mut pages = 0;
    let mut stack = vec![copy.path().to_owned()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                let html = std::fs::read(&path).unwrap();
                let injected = with_collector(html.clone(), &src);
                assert!(injected != html, "the collector goes into {}", path.display());
                std::fs::write(&path, injected).unwrap();
                for compressed in ["br", "gz"] {
                    let _ = std::fs::remove_file(path.with_extension(format!("html.{compressed}")));
                }
                pages += 1;
            }
        }
    }
    assert!(pages > 0, "{} has pages", site.display());
    copy
}

/// A web server the README names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Host {
    Nginx,
    Apache,
    Caddy,
}

/// A running server; stopped (and its directory removed) when dropped.
pub struct RealServer {
    pub host: Host,
    pub addr: SocketAddr,
    /// The site's base path, `/` or `/some/path/`.
    pub base: String,
    /// The built site it serves.
    pub site: PathBuf,
    child: Child,
    /// Removed when the server is dropped (after the process is stopped).
    dir: TempDir,
}

impl RealServer {
    /// Serves `site` (built for `base`) with `host`, as the README tells an
    /// operator to deploy it.
    pub fn start(host: Host, site: &Path, base: &str) -> RealServer {
        let mut last_error = String::new();
        // A port picked free can be taken before the server binds it: try again.
        for attempt in 0..3 {
            match RealServer::try_start(host, site, base, attempt) {
                Ok(server) => return server,
                Err(error) => last_error = error,
            }
        }
        panic!("{host:?} did not start: {last_error}");
    }

    fn try_start(host: Host, site: &Path, base: &str, attempt: u32) -> Result<RealServer, String> {
        let port = crate::support::free_port();
        let temp = TempDir::new(&format!("{host:?}-{port}-{attempt}"));
        let dir = temp.path().to_owned();
        // The document root holds the site at its base path: a copy of the
        // build, not a link to it, so that a server that drops to its own user
        // (Apache: www-data) can read it wherever the checkout lives.
        let www = dir.join("www");
        let at = match base.trim_matches('/') {
            "" => www.clone(),
            below => www.join(below),
        };
        if let Some(parent) = at.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        crate::support::copy_dir(site, &at);
        let www = www.display().to_string();
        let config = |name: &str| -> String {
            let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy").join(name);
            std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
                .replace(DEPLOYED_ROOT, &www)
        };
        let sub = base != "/";
        let log = dir.join("server.log");
        let mut command = match host {
            Host::Nginx => {
                let site_conf = config(if sub { "nginx-sub-path.conf" } else { "nginx.conf" })
                    .replace("    listen [::]:80;\n", "")
                    .replace("listen 80;", &format!("listen 127.0.0.1:{port};"));
                write(&dir.join("site.conf"), &site_conf)?;
                let d = dir.display();
                write(
                    &dir.join("nginx.conf"),
                    &format!(
                        "daemon off;\nuser root;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/server.log warn;\nevents {{ worker_connections 64; }}\nhttp {{\n  access_log off;\n  client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n  fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n  include {d}/site.conf;\n}}\n"
                    ),
                )?;
                let mut c = Command::new("nginx");
                c.arg("-p")
                    .arg(&dir)
                    .arg("-e")
                    .arg(&log)
                    .arg("-c")
                    .arg(dir.join("nginx.conf"));
                c
            }
            Host::Apache => {
                let site_conf = config("apache/site.conf").replace("*:80", &format!("*:{port}"));
                write(&dir.join("site.conf"), &site_conf)?;
                let modules: String = [
                    ("mpm_event", "mod_mpm_event"),
                    ("authz_core", "mod_authz_core"),
                    ("mime", "mod_mime"),
                    ("dir", "mod_dir"),
                    ("headers", "mod_headers"),
                    ("rewrite", "mod_rewrite"),
                    ("filter", "mod_filter"),
                    ("deflate", "mod_deflate"),
                ]
                .iter()
                .map(|(name, file)| format!("LoadModule {name}_module /usr/lib/apache2/modules/{file}.so\n"))
                .collect();
                let d = dir.display();
                write(
                    &dir.join("apache2.conf"),
                    &format!(
                        "{modules}ServerRoot {d}\nServerName 127.0.0.1\nListen 127.0.0.1:{port}\nDefaultRuntimeDir {d}\nPidFile {d}/apache2.pid\nErrorLog {d}/server.log\nLogLevel warn\nUser www-data\nGroup www-data\nTypesConfig /etc/mime.types\nInclude {d}/site.conf\n"
                    ),
                )?;
                let mut c = Command::new("apache2");
                c.arg("-f").arg(dir.join("apache2.conf")).arg("-DFOREGROUND");
                c
            }
            Host::Caddy => {
                let site_conf = config(if sub { "Caddyfile-sub-path" } else { "Caddyfile" })
                    .replace("example.org {", &format!("http://127.0.0.1:{port} {{"));
                let d = dir.display();
                write(
                    &dir.join("Caddyfile"),
                    &format!(
                        "{{\n\tadmin off\n\tauto_https off\n\tstorage file_system {d}/caddy\n}}\n{site_conf}"
                    ),
                )?;
                let mut c = Command::new("caddy");
                c.arg("run")
                    .arg("--config")
                    .arg(dir.join("Caddyfile"))
                    .arg("--adapter")
                    .arg("caddyfile")
                    .env("HOME", &dir)
                    .env("XDG_DATA_HOME", &dir)
                    .env("XDG_CONFIG_HOME", &dir);
                c
            }
        };
        let output = std::fs::File::create(dir.join("stderr.log")).map_err(|e| e.to_string())?;
        let child = command
            .stdin(Stdio::null())
            .stdout(output.try_clone().map_err(|e| e.to_string())?)
            .stderr(output)
            .spawn()
            .map_err(|e| format!("cannot run {host:?}: {e}; `make test` installs it (scripts/setup.sh)"))?;
        let addr: SocketAddr = ([127, 0, 0, 1], port).into();
        let mut server = RealServer {
            host,
            addr,
            base: base.to_owned(),
            site: site.to_owned(),
            child,
            dir: temp,
        };
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if TcpStream::connect(addr).is_ok() {
                return Ok(server);
            }
            let exited = server.child.try_wait().ok().flatten().is_some();
            if exited || Instant::now() > deadline {
                return Err(server.logs());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The URL of `path` below the site's base (`path` without a leading `/`).
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}{path}", self.addr, self.base)
    }

    /// What the server wrote to its logs, for a failure message.
    pub fn logs(&self) -> String {
        ["stderr.log", "server.log"]
            .iter()
            .map(|f| std::fs::read_to_string(self.dir.path().join(f)).unwrap_or_default())
            .collect::<Vec<_>>()
            .join("\n")
    }
}

impl Drop for RealServer {
    fn drop(&mut self) {
        // A polite stop lets nginx's and Apache's master end their workers.
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while self.child.try_wait().ok().flatten().is_none() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Every header `site/_headers` promises for the URL `path`: the rules
/// whose path is `path` itself or a `prefix*` it starts with.
pub fn promised_headers(site: &Path, path: &str) -> Vec<(String, String)> {
    let file = std::fs::read_to_string(site.join("_headers")).unwrap_or_default();
    let mut out: Vec<(String, String)> = Vec::new();
    let mut applies = false;
    for line in file.lines().filter(|l| !l.starts_with('#')) {
        if let Some(header) = line.strip_prefix("  ") {
            if let (true, Some((name, value))) = (applies, header.split_once(": ")) {
                out.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
                out.push((name.to_owned(), value.to_owned()));
            }
        } else {
            applies = match line.strip_suffix('*') {
                Some(prefix) => path.starts_with(prefix),
                None => line == path,
            };
        }
    }
    out
}

/// A response as a client sees it on the wire.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    /// Header names in lower case, in the order sent.
    pub headers: Vec<(String, String)>,
    /// The body as sent (still compressed when `content-encoding` says so).
    pub body: Vec<u8>,
}

impl Response {
    /// The values of header `name`, joined as HTTP joins repeated headers.
    pub fn header(&self, name: &str) -> Option<String> {
        let values: Vec<&str> = self
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .collect();
        (!values.is_empty()).then(|| values.join(", "))
    }

    /// The body with its `Content-Encoding` undone.
    pub fn decoded(&self) -> Vec<u8> {
        let mut out = Vec::new();
        match self.header("content-encoding").as_deref() {
            Some("gzip") => {
                flate2::read::GzDecoder::new(&self.body[..])
                    .read_to_end(&mut out)
                    .expect("a whole gzip body");
            }
            Some("br") => {
                brotli::BrotliDecompress(&mut &self.body[..], &mut out).expect("a whole brotli body");
            }
            Some(other) => panic!("unexpected Content-Encoding {other}"),
            None => out = self.body.clone(),
        }
        out
    }
}

/// A plain HTTP/1.1 GET of `path` (absolute) with `accept_encoding`, if any.
pub fn get(addr: SocketAddr, path: &str, accept_encoding: Option<&str>) -> Response {
    let mut stream = TcpStream::connect(addr).expect("connect to the server");
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .expect("a read timeout");
    let encoding = accept_encoding
        .map(|e| format!("Accept-Encoding: {e}\r\n"))
        .unwrap_or_default();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\n{encoding}Connection: close\r\n\r\n"
    )
    .expect("send the request");
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).expect("a status line");
    let status = line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).expect("a header line") == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.eq_ignore_ascii_case("chunked"));
    let mut body = Vec::new();
    if chunked {
        loop {
            let mut size = String::new();
            reader.read_line(&mut size).expect("a chunk size");
            let size = usize::from_str_radix(size.trim().split(';').next().unwrap_or("0"), 16)
                .expect("a hexadecimal chunk size");
            let mut chunk = vec![0; size + 2];
            reader.read_exact(&mut chunk).expect("a whole chunk");
            if size == 0 {
                break;
            }
            body.extend_from_slice(&chunk[..size]);
        }
    } else {
        reader.read_to_end(&mut body).expect("the body");
    }
    Response {
        status,
        headers,
        body,
    }
}
