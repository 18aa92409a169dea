//! Headless Chromium driven through chromedriver (WebDriver), for the
//! end-to-end tests. One chromedriver a test; the session is closed and the
//! driver killed on every path, also when the test fails.

use std::future::Future;
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Options for the browser a test gets.
#[derive(Clone, Debug)]
pub struct BrowserOptions {
    pub width: u32,
    pub height: u32,
    pub dark: bool,
    pub javascript: bool,
    /// Block site data, so that reading localStorage throws SecurityError.
    pub block_storage: bool,
    /// Where downloads go.
    pub download_dir: Option<std::path::PathBuf>,
}

impl Default for BrowserOptions {
    fn default() -> Self {
        BrowserOptions {
            width: 1000,
            height: 900,
            dark: false,
            javascript: true,
            block_storage: false,
            download_dir: None,
        }
    }
}

/// Runs `test` against a fresh headless Chromium and always cleans up.
pub async fn with_browser<F, Fut>(options: BrowserOptions, test: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let port = free_port();
    let chromedriver = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".to_owned());
    let child = Command::new(&chromedriver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {chromedriver}: {e}; run `make test`, which installs it"));
    let _driver = Driver(child);
    let profile = std::env::temp_dir().join(format!("e2e-profile-{port}-{}", std::process::id()));
    let mut args = vec![
        // Reduced motion: no smooth scrolling racing WebDriver's clicks.
        "--force-prefers-reduced-motion".to_owned(),
        "--headless".to_owned(),
        "--no-sandbox".to_owned(),
        "--disable-gpu".to_owned(),
        "--disable-quic".to_owned(),
        "--no-first-run".to_owned(),
        "--disable-background-networking".to_owned(),
        "--disable-component-update".to_owned(),
        "--disable-sync".to_owned(),
        "--disable-dev-shm-usage".to_owned(),
        format!("--user-data-dir={}", profile.display()),
        format!("--window-size={},{}", options.width, options.height),
    ];
    if options.dark {
        args.push("--force-dark-mode".to_owned());
    }
    let mut chrome_options = json!({ "args": args });
    if let Ok(binary) = std::env::var("CHROMIUM") {
        chrome_options["binary"] = json!(binary);
    }
    let mut prefs = serde_json::Map::new();
    if !options.javascript {
        prefs.insert(
            "profile.managed_default_content_settings.javascript".into(),
            json!(2),
        );
    }
    if options.block_storage {
        prefs.insert("profile.default_content_setting_values.cookies".into(), json!(2));
    }
    if let Some(dir) = &options.download_dir {
        prefs.insert(
            "download.default_directory".into(),
            json!(dir.display().to_string()),
        );
        prefs.insert("download.prompt_for_download".into(), json!(false));
    }
    if !prefs.is_empty() {
        chrome_options["prefs"] = serde_json::Value::Object(prefs);
    }
    let mut caps = serde_json::Map::new();
    caps.insert("goog:chromeOptions".to_owned(), chrome_options);
    caps.insert("goog:loggingPrefs".to_owned(), json!({ "browser": "ALL" }));

    let deadline = Instant::now() + Duration::from_secs(20);
    let client = loop {
        match ClientBuilder::new(HttpConnector::new())
            .capabilities(caps.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
        {
            Ok(client) => break client,
            Err(e) if Instant::now() < deadline => {
                let _ = e;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => panic!("cannot start a WebDriver session: {e}"),
        }
    };
    if options.dark {
        cdp(
            &client,
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": "dark" }] }),
        )
        .await;
    }
    let outcome = tokio::spawn(test(client.clone())).await;
    let _ = client.close().await;
    let _ = std::fs::remove_dir_all(&profile);
    if let Err(err) = outcome {
        if err.is_panic() {
            std::panic::resume_unwind(err.into_panic());
        }
        panic!("test task failed: {err}");
    }
}

/// chromedriver's (non-W3C) command for the browser's console log.
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/se/log", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "type": "browser" }).to_string()))
    }
}

/// A Chrome DevTools Protocol command, sent through chromedriver.
#[derive(Debug)]
struct Cdp(Value);

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(self.0.to_string()))
    }
}

/// Sends a DevTools Protocol command (media emulation, network conditions…).
pub async fn cdp(client: &Client, cmd: &str, params: Value) -> Value {
    client
        .issue_cmd(Cdp(json!({ "cmd": cmd, "params": params })))
        .await
        .unwrap_or_else(|e| panic!("CDP {cmd} failed: {e}"))
}

/// The console entries logged since the last call, as `LEVEL: message`.
pub async fn console(client: &Client) -> Vec<String> {
    let value = client.issue_cmd(BrowserLog).await.expect("read the browser log");
    value
        .as_array()
        .map(|entries| {
            entries
                .iter()
                .map(|e| {
                    format!(
                        "{}: {}",
                        e["level"].as_str().unwrap_or("?"),
                        e["message"].as_str().unwrap_or("")
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Fails the test if the page logged an error or a warning (hydration
/// errors, panics, CSP violations and failed requests all land there).
pub async fn assert_clean_console(client: &Client, context: &str) {
    let problems: Vec<String> = console(client)
        .await
        .into_iter()
        .filter(|line| line.starts_with("SEVERE") || line.starts_with("WARNING"))
        .filter(|line| !line.contains("favicon.ico"))
        .collect();
    assert!(
        problems.is_empty(),
        "{context}: the console reported problems:\n{}",
        problems.join("\n")
    );
}

/// Waits until the app has hydrated the page (it marks `<html data-hydrated>`).
pub async fn wait_hydrated(client: &Client) {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let done = client
            .execute(
                "return document.documentElement.hasAttribute('data-hydrated')",
                vec![],
            )
            .await
            .map(|v| v == Value::Bool(true))
            .unwrap_or(false);
        if done {
            return;
        }
        if Instant::now() > deadline {
            let log = console(client).await.join("\n");
            panic!("the app did not hydrate within 15 s; console:\n{log}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The visible text of the first element matching `css`.
pub async fn text(client: &Client, css: &str) -> String {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no element {css}: {e}"))
        .text()
        .await
        .expect("element text")
}

/// Runs a script and returns its result.
pub async fn js(client: &Client, script: &str) -> Value {
    client
        .execute(script, vec![])
        .await
        .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
}

/// Presses and releases one key (WebDriver key codes: "\u{E004}" Tab,
/// "\u{E007}" Enter, "\u{E00D}" Space) on whatever has focus.
pub async fn press(client: &Client, key: char) {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let actions = KeyActions::new("keyboard".to_owned())
        .then(KeyAction::Down { value: key })
        .then(KeyAction::Up { value: key });
    client.perform_actions(actions).await.expect("press a key");
}

/// Waits until `script` returns true, or fails with `what`.
pub async fn wait_until(client: &Client, script: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if client
            .execute(script, vec![])
            .await
            .map(|v| v == Value::Bool(true))
            .unwrap_or(false)
        {
            return;
        }
        if Instant::now() > deadline {
            panic!("timed out waiting until {what}");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Runs axe-core (from node_modules) on the page and returns its violations,
/// one line each.
pub async fn axe_violations(client: &Client) -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/node_modules/axe-core/axe.min.js");
    let source =
        std::fs::read_to_string(path).expect("node_modules/axe-core: run `make test`, which installs it");
    client
        .execute(&format!("{source}\n;window.axe = axe;"), vec![])
        .await
        .expect("inject axe-core");
    let result = client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               axe.run(document, { resultTypes: ['violations'] })
                 .then(r => done(r.violations.map(v => v.id + ': ' + v.help + ' at ' +
                     v.nodes.map(n => n.target.join(' ') + ' (' + (n.failureSummary || '').replace(/\s+/g, ' ') + ')').join('; '))))
                 .catch(e => done(['axe failed: ' + e]));"#,
            vec![],
        )
        .await
        .expect("run axe-core");
    result
        .as_array()
        .map(|a| a.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect())
        .unwrap_or_default()
}

/// Clicks the element `locator` finds (failing the test if there is none).
pub async fn click_on(client: &Client, locator: Locator<'_>) {
    let what = format!("{locator:?}");
    client
        .find(locator)
        .await
        .unwrap_or_else(|e| panic!("no element {what}: {e}"))
        .click()
        .await
        .unwrap_or_else(|e| panic!("cannot click {what}: {e}"));
}

/// Waits until the address is `url`.
pub async fn wait_for_url(client: &Client, url: &str) {
    let parsed = url::Url::parse(url).unwrap_or_else(|e| panic!("bad url {url}: {e}"));
    client
        .wait()
        .for_url(&parsed)
        .await
        .unwrap_or_else(|e| panic!("never reached {url}: {e}"));
}
