//! The host configurations, written by the build from the one list of
//! headers ([`crate::build::headers`]) and the one rule for hashed names
//! ([`crate::build::hashing`]): `_headers` (Netlify, Cloudflare Pages), an
//! nginx snippet (included by `deploy/nginx.conf`), an Apache `.htaccess`
//! and a Caddy snippet (imported by `deploy/Caddyfile`). Each is written
//! for the site's base path; the end-to-end tests serve `dist/` with the
//! real servers (`tests/e2e/hosts.rs`).

use crate::build::hashing::HASHED_FILE_PATTERN;
use crate::build::headers::{CACHE_HASHED, CACHE_REVALIDATE, cache_control, site_headers, url_path};

/// The Netlify / Cloudflare Pages headers file.
pub const HEADERS_FILE: &str = "_headers";
/// The nginx snippet, included in the server block.
pub const NGINX_FILE: &str = "nginx-site.conf";
/// Apache's per-directory configuration.
pub const APACHE_FILE: &str = ".htaccess";
/// The Caddy snippet, imported in the site block.
pub const CADDY_FILE: &str = "caddy-site.conf";
/// Every host configuration the build writes into the site's directory
/// (none of them is part of the site: not precached, not compressed).
pub const HOST_FILES: [&str; 4] = [HEADERS_FILE, NGINX_FILE, APACHE_FILE, CADDY_FILE];

/// `value` as a double-quoted string in nginx, Apache and Caddy files.
fn quoted(value: &str) -> String {
    format!("\"{}\"", value.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The nginx snippet for a site at `base`: its headers and caching in the
/// site's location and again in the nested location for hashed files
/// (nginx drops the outer `add_header` lines in a block with its own), and
/// the app's not-found page.
pub fn nginx_snippet(base: &str, policy: &str) -> String {
    let headers = |indent: &str, cache: &str| -> String {
        site_headers(policy)
            .into_iter()
            .chain([("Cache-Control", cache.to_owned())])
            .map(|(name, value)| format!("{indent}add_header {name} {} always;\n", quoted(&value)))
            .collect()
    };
    format!(
        "# Made by the build (src/build/hosts.rs) for the site at {base}; included in
# the server block of deploy/nginx.conf. nginx drops the add_header lines of an
# outer block in a block that has its own, so each block carries them all.
# Reload nginx after every deploy (systemctl reload nginx): the policy names
# this build's inline script and stylesheet by hash, and nginx reads this
# file only when it loads its configuration.
error_page 404 {base}404.html;
location {base} {{
{}    # Files named with a content hash never change: cached for a year.
    location ~ {} {{
{}    }}
    # The host files beside the site are not part of it.
    location ~ {} {{
        return 404;
    }}
}}
",
        headers("    ", CACHE_REVALIDATE),
        quoted(HASHED_FILE_PATTERN),
        headers("        ", CACHE_HASHED),
        quoted(&format!("^{}{}$", regex::escape(base), host_files_rule())),
    )
}

/// The host files' names as one regular expression group.
fn host_files_rule() -> String {
    let names: Vec<String> = HOST_FILES.iter().map(|f| regex::escape(f)).collect();
    format!("({})", names.join("|"))
}

/// The hashed-name rule as `<FilesMatch>` sees a name: also with the
/// `.br`/`.gz` suffix of the precompressed copy Apache sends in its place.
fn hashed_or_compressed_copy() -> String {
    let rule = HASHED_FILE_PATTERN
        .strip_suffix('$')
        .unwrap_or(HASHED_FILE_PATTERN);
    format!("{rule}(\\.br|\\.gz)?$")
}

/// Apache's `.htaccess` for a site at `base`: types, the not-found page,
/// precompressed copies (mod_rewrite, mod_mime), headers and caching
/// (mod_headers). The directory must allow `AllowOverride FileInfo Indexes`
/// and `Options FollowSymLinks` (deploy/apache/site.conf).
pub fn htaccess(base: &str, policy: &str) -> String {
    let mut headers = String::new();
    for (name, value) in site_headers(policy) {
        headers.push_str(&format!("  Header always set {name} {}\n", quoted(&value)));
    }
    // Unquoted: mod_rewrite keeps a quoted pattern's backslashes doubled.
    let host_files = host_files_rule();
    format!(
        "# Made by the build (src/build/hosts.rs) for the site at {base}. Apache reads
# it where the directory allows AllowOverride FileInfo Indexes (see
# deploy/apache/site.conf).
DirectoryIndex index.html
ErrorDocument 404 {base}404.html
AddType text/html .html
AddType text/javascript .js
AddType text/css .css
AddType application/wasm .wasm
AddType application/json .json
AddType application/manifest+json .webmanifest
AddType image/svg+xml .svg
AddCharset utf-8 .html .js .css .json .webmanifest
# The build writes a .br and a .gz copy beside each text file and the wasm;
# x.js.br is sent for x.js with the type of .js and Content-Encoding: br.
RemoveType .br .gz
AddEncoding br .br
AddEncoding gzip .gz
<IfModule mod_rewrite.c>
  RewriteEngine On
  # The host files beside the site are not part of it.
  RewriteRule ^{host_files}$ - [R=404,L]
  RewriteCond %{{HTTP:Accept-Encoding}} \\bbr\\b
  RewriteCond %{{REQUEST_FILENAME}}.br -f
  RewriteRule ^(.+)$ $1.br [L]
  RewriteCond %{{HTTP:Accept-Encoding}} \\bgzip\\b
  RewriteCond %{{REQUEST_FILENAME}}.gz -f
  RewriteRule ^(.+)$ $1.gz [L]
</IfModule>
<IfModule mod_deflate.c>
  <IfModule mod_filter.c>
    # Pages are asked for by their directory: compressed as they go out.
    AddOutputFilterByType DEFLATE text/html
  </IfModule>
</IfModule>
<IfModule mod_headers.c>
{headers}  Header always merge Vary Accept-Encoding
  Header always set Cache-Control {}
  # Files named with a content hash never change: cached for a year.
  <FilesMatch {}>
    Header always set Cache-Control {}
  </FilesMatch>
</IfModule>
",
        quoted(CACHE_REVALIDATE),
        quoted(&hashed_or_compressed_copy()),
        quoted(CACHE_HASHED),
    )
}

/// The Caddy snippet for a site at `base`: headers, caching, precompressed
/// copies and the app's not-found page.
pub fn caddy_snippet(base: &str, policy: &str) -> String {
    let mut headers = String::new();
    for (name, value) in site_headers(policy) {
        headers.push_str(&format!("\t{name} {}\n", quoted(&value)));
    }
    // Backquotes: Caddy takes the expression as it is, backslashes and all.
    let rule = format!("`{HASHED_FILE_PATTERN}`");
    format!(
        "# Made by the build (src/build/hosts.rs) for the site at {base}; imported in
# the site block of deploy/Caddyfile, after its root. Reload Caddy after every
# deploy (systemctl reload caddy): the policy names this build's inline script
# and stylesheet by hash, and Caddy reads this file only when it loads its
# configuration.
header {{
{headers}}}
# Files named with a content hash never change: cached for a year.
@hashed path_regexp hashed {rule}
header @hashed Cache-Control {}
@revalidated not path_regexp {rule}
header @revalidated Cache-Control {}
@manifest path *.webmanifest
header @manifest Content-Type application/manifest+json
# The host files beside the site are not part of it.
@host_files path {}
error @host_files 404
file_server {{
\tprecompressed br gzip
}}
handle_errors {{
\t@not_found expression `{{err.status_code}} == 404`
\thandle @not_found {{
\t\trewrite * {base}404.html
\t\tfile_server {{
\t\t\tprecompressed br gzip
\t\t}}
\t}}
}}
",
        quoted(CACHE_HASHED),
        quoted(CACHE_REVALIDATE),
        HOST_FILES.map(|f| format!("{base}{f}")).join(" "),
    )
}

/// The files no host should serve as part of the site: the host
/// configurations the build writes beside it.
pub fn is_host_file(file: &str) -> bool {
    HOST_FILES.contains(&file)
}

/// The `_headers` file (Netlify, Cloudflare Pages): security headers for
/// every path, and each file's (each page's) caching rule. The rules are
/// disjoint: both hosts join the values of a header that two rules set.
pub fn headers_file(base: &str, files: &[String], policy: &str) -> String {
    let mut out = format!("# Made by the build (src/build/headers.rs).\n{base}*\n");
    for (name, value) in site_headers(policy) {
        out.push_str(&format!("  {name}: {value}\n"));
    }
    for file in files.iter().filter(|f| !is_host_file(f)) {
        out.push_str(&format!(
            "{}\n  Cache-Control: {}\n",
            url_path(base, file),
            cache_control(file)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    //! Each generated file is read back the way its server reads it (which
    //! block, which matcher applies to a path) and must give the same headers
    //! as the one source, for a page and for a hashed file.
    use std::collections::BTreeMap;

    use regex::Regex;

    use super::*;
    use crate::build::policy::content_security_policy;

    type Headers = BTreeMap<String, String>;

    const BASE: &str = "/some/path/";
    const HASHED: &str = "/some/path/after-the-session-0123456789abcdef_bg.wasm";
    const PAGE: &str = "/some/path/faq/";

    fn policy() -> String {
        content_security_policy(&["sha256-AAAA".to_owned()], &[])
    }

    /// What the source says a path gets.
    fn expected(path: &str) -> Headers {
        site_headers(&policy())
            .into_iter()
            .chain([("Cache-Control", cache_control(path).to_owned())])
            .map(|(k, v)| (k.to_owned(), v))
            .collect()
    }

    fn unquote(value: &str) -> String {
        let value = value.trim();
        let inner = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| value.strip_prefix('`').and_then(|v| v.strip_suffix('`')))
            .unwrap_or(value);
        inner.replace("\\\"", "\"").replace("\\\\", "\\")
    }

    fn name_value(line: &str) -> (String, String) {
        let (name, value) = line.trim().split_once(' ').expect("name and value");
        (name.to_owned(), unquote(value))
    }

    fn from_headers_file(file: &str, path: &str) -> Headers {
        let mut out = Headers::new();
        let mut applies = false;
        for line in file.lines().filter(|l| !l.starts_with('#')) {
            if let Some(header) = line.strip_prefix("  ") {
                if applies {
                    let (name, value) = header.split_once(": ").expect("Name: value");
                    out.insert(name.to_owned(), value.to_owned());
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

    fn from_nginx(file: &str, path: &str) -> Headers {
        // The innermost location that matches the path, with its own lines only.
        let mut blocks: Vec<(bool, Headers)> = vec![(true, Headers::new())];
        let mut chosen = Headers::new();
        for line in file.lines().map(str::trim) {
            if let Some(location) = line.strip_prefix("location ").and_then(|l| l.strip_suffix(" {")) {
                let matches = match location.strip_prefix("~ ") {
                    Some(rule) => Regex::new(&unquote(rule)).unwrap().is_match(path),
                    None => path.starts_with(location),
                };
                blocks.push((matches && blocks.last().is_some_and(|b| b.0), Headers::new()));
            } else if line == "}" {
                let (matched, headers) = blocks.pop().expect("balanced braces");
                if matched && chosen.is_empty() {
                    chosen = headers;
                }
            } else if let Some(header) = line.strip_prefix("add_header ") {
                let header = header.strip_suffix(" always;").expect("always, also on errors");
                let (name, value) = name_value(header);
                blocks.last_mut().expect("a block").1.insert(name, value);
            }
        }
        chosen
    }

    fn from_htaccess(file: &str, path: &str) -> Headers {
        let mut out = Headers::new();
        let mut applies = true;
        for line in file.lines().map(str::trim) {
            if let Some(rule) = line
                .strip_prefix("<FilesMatch ")
                .and_then(|l| l.strip_suffix('>'))
            {
                let name = path.rsplit('/').next().unwrap_or(path);
                applies = Regex::new(&unquote(rule)).unwrap().is_match(name);
            } else if line == "</FilesMatch>" {
                applies = true;
            } else if let Some(header) = line.strip_prefix("Header always set ")
                && applies
            {
                let (name, value) = name_value(header);
                out.insert(name, value);
            }
        }
        out
    }

    fn from_caddy(file: &str, path: &str) -> Headers {
        let mut out = Headers::new();
        let mut matchers = BTreeMap::new();
        let mut in_header_block = false;
        for line in file.lines().map(str::trim) {
            if line == "header {" {
                in_header_block = true;
            } else if in_header_block && line == "}" {
                in_header_block = false;
            } else if in_header_block {
                let (name, value) = name_value(line);
                out.insert(name, value);
            } else if let Some(rest) = line.strip_prefix('@') {
                let (name, rule) = rest.split_once(' ').unwrap();
                let matches = if let Some(r) = rule.strip_prefix("path_regexp hashed ") {
                    Regex::new(&unquote(r)).unwrap().is_match(path)
                } else if let Some(r) = rule.strip_prefix("not path_regexp ") {
                    !Regex::new(&unquote(r)).unwrap().is_match(path)
                } else if let Some(suffix) = rule.strip_prefix("path *") {
                    path.ends_with(suffix)
                } else {
                    false
                };
                matchers.insert(name.to_owned(), matches);
            } else if let Some(rest) = line.strip_prefix("header @") {
                let (matcher, header) = rest.split_once(' ').unwrap();
                if matchers.get(matcher) == Some(&true) {
                    let (name, value) = name_value(header);
                    out.insert(name, value);
                }
            }
        }
        out
    }

    #[test]
    fn every_host_file_sends_the_same_headers() {
        let policy = policy();
        let files = vec![
            "after-the-session-0123456789abcdef_bg.wasm".to_owned(),
            "faq/index.html".to_owned(),
        ];
        let written = [
            ("_headers", headers_file(BASE, &files, &policy)),
            ("nginx", nginx_snippet(BASE, &policy)),
            ("apache", htaccess(BASE, &policy)),
            ("caddy", caddy_snippet(BASE, &policy)),
        ];
        for path in [HASHED, PAGE] {
            for (host, file) in &written {
                let got = match *host {
                    "_headers" => from_headers_file(file, path),
                    "nginx" => from_nginx(file, path),
                    "apache" => from_htaccess(file, path),
                    _ => from_caddy(file, path),
                };
                assert_eq!(got, expected(path), "{host} for {path}:\n{file}");
            }
        }
        assert_ne!(expected(HASHED), expected(PAGE));
    }

    #[test]
    fn apache_caches_the_precompressed_copy_of_a_hashed_file_alike() {
        let file = htaccess(BASE, &policy());
        for copy in [".br", ".gz"] {
            let headers = from_htaccess(&file, &format!("{HASHED}{copy}"));
            assert_eq!(headers["Cache-Control"], CACHE_HASHED, "{copy}");
        }
        assert_eq!(
            from_htaccess(&file, "/some/path/content.json.br")["Cache-Control"],
            CACHE_REVALIDATE
        );
    }

    #[test]
    fn each_host_shows_the_apps_not_found_page_below_its_base() {
        assert!(nginx_snippet(BASE, "p").contains("error_page 404 /some/path/404.html;"));
        assert!(htaccess(BASE, "p").contains("ErrorDocument 404 /some/path/404.html"));
        assert!(caddy_snippet(BASE, "p").contains("rewrite * /some/path/404.html"));
        assert!(nginx_snippet("/", "p").contains("location / {"));
    }

    #[test]
    fn the_parsers_notice_a_header_missing_from_a_block() {
        // The check above is only as good as its readers: a snippet without
        // the hashed block's copy of a header must not read as equal.
        let policy = policy();
        let broken = nginx_snippet(BASE, &policy).replacen(
            "        add_header X-Frame-Options \"DENY\" always;\n",
            "",
            1,
        );
        assert_ne!(from_nginx(&broken, HASHED), expected(HASHED));
        assert_eq!(from_nginx(&broken, PAGE), expected(PAGE));
    }
}
