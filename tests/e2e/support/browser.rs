//! A browser for the end-to-end tests, driven through its WebDriver:
//! headless Chromium (chromedriver), headless Firefox (geckodriver) or WebKit
//! (WebKitWebDriver with MiniBrowser, under Xvfb), chosen by
//! `E2E_BROWSER=chromium|firefox|webkit` (Chromium when unset). One driver a
//! test; at most `E2E_JOBS` (default 2) browsers at once, so that tests on a
//! loaded 2-core machine do not race their own deadlines; the session is
//! closed, the driver killed and its temporary files removed on every path,
//! also when the test fails.

use std::future::Future;
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

use super::TempDir;

/// The browser engine the suite runs in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Chromium,
    Firefox,
    WebKit,
}

impl Engine {
    /// The engine named by `E2E_BROWSER` (Chromium when unset); an unknown
    /// name is an error, not a quiet Chromium run.
    pub fn current() -> Engine {
        static ENGINE: OnceLock<Engine> = OnceLock::new();
        *ENGINE.get_or_init(|| match std::env::var("E2E_BROWSER").as_deref() {
            Err(_) | Ok("") | Ok("chromium") => Engine::Chromium,
            Ok("firefox") => Engine::Firefox,
            Ok("webkit") => Engine::WebKit,
            Ok(other) => panic!("E2E_BROWSER={other}: expected chromium, firefox or webkit"),
        })
    }

    pub fn name(self) -> &'static str {
        match self {
            Engine::Chromium => "chromium",
            Engine::Firefox => "firefox",
            Engine::WebKit => "webkit",
        }
    }
}

/// Returns true (and says why on stderr) when the current engine is one of
/// `engines`: the test then stops. `reason` names the driver's limit in one
/// line; the README lists every skip.
pub fn skip_in(engines: &[Engine], reason: &str) -> bool {
    let engine = Engine::current();
    let skip = engines.contains(&engine);
    if skip {
        // Straight to stderr, past the test harness's capture, so that every
        // run lists its skips.
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "skipped in {}: {reason}", engine.name());
    }
    skip
}

/// A test's driver and, for WebKit, the X display its browser shows on;
/// both are stopped when the test ends, on every path.
///
/// The driver runs in a process group of its own, which the browser it
/// starts joins, and the test ends by killing that whole group rather than
/// asking the browser to close: the profile is thrown away anyway, and
/// geckodriver took about 0.7 s to close Firefox gracefully, every test.
struct Driver {
    driver: Child,
    display: Option<Display>,
}

impl Drop for Driver {
    fn drop(&mut self) {
        // The group's id is the driver's pid (`process_group(0)`). The
        // driver is not yet reaped here, so the id cannot have been reused.
        stop_group(self.driver.id() as libc::pid_t);
        drop(self.display.take());
    }
}

/// Kills the process group `group` (a driver or Xvfb started with
/// `own_group`) and reaps it: its leader, then each process it left (this
/// process adopts them: `own_group`), until none of the group is left. The
/// leader is reaped here, not through its `Child` (whose `kill` would then
/// signal a pid that may have been reused).
fn stop_group(group: libc::pid_t) {
    forget_group(group);
    // SAFETY: killpg only sends a signal and waitpid only reaps.
    unsafe {
        libc::killpg(group, libc::SIGKILL);
        while libc::waitpid(-group, std::ptr::null_mut(), 0) > 0 {}
    }
}

/// The process groups running now, for `on_signal`: fixed slots of atomics,
/// which a signal handler may read (it may not take a lock).
static GROUPS: [std::sync::atomic::AtomicI32; 64] = [const { std::sync::atomic::AtomicI32::new(0) }; 64];

/// Puts `command` in a process group of its own, which what it starts (the
/// browser) joins, so that `stop_group` stops them all. Also, once: this
/// process becomes the one that adopts what a killed driver leaves (a child
/// subreaper; else they would end as zombies under a container's init that
/// reaps nothing), and Ctrl-C or a termination signal stops every group
/// before this process goes: the groups no longer get the terminal's signal.
fn own_group(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: a process attribute, and handlers that only call
        // async-signal-safe functions (`on_signal`).
        unsafe {
            libc::prctl(libc::PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
            for signal in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
                libc::signal(signal, on_signal as *const () as libc::sighandler_t);
            }
        }
    });
    command.process_group(0);
}

/// Records a started group for `on_signal` (a group past the 64th would
/// only miss being stopped on Ctrl-C).
fn remember_group(group: libc::pid_t) {
    use std::sync::atomic::Ordering::SeqCst;
    let _ = GROUPS
        .iter()
        .find(|slot| slot.compare_exchange(0, group, SeqCst, SeqCst).is_ok());
}

fn forget_group(group: libc::pid_t) {
    use std::sync::atomic::Ordering::SeqCst;
    for slot in &GROUPS {
        let _ = slot.compare_exchange(group, 0, SeqCst, SeqCst);
    }
}

/// Kills and reaps every running group (as `stop_group`), then ends this
/// process as the signal would have.
extern "C" fn on_signal(signal: libc::c_int) {
    use std::sync::atomic::Ordering::SeqCst;
    for slot in &GROUPS {
        let group = slot.load(SeqCst);
        if group > 0 {
            // SAFETY: killpg is async-signal-safe.
            unsafe {
                libc::killpg(group, libc::SIGKILL);
            }
        }
    }
    for slot in &GROUPS {
        let group = slot.load(SeqCst);
        // SAFETY: waitpid is async-signal-safe.
        while group > 0 && unsafe { libc::waitpid(-group, std::ptr::null_mut(), 0) } > 0 {}
    }
    // SAFETY: signal and raise are async-signal-safe.
    unsafe {
        libc::signal(signal, libc::SIG_DFL);
        libc::raise(signal);
    }
}

/// An X server of a test's own (Xvfb) for WebKit's MiniBrowser: with one
/// display a browser, every window has the keyboard focus of its display, so
/// WebKit's tests run `E2E_JOBS` at once like the other engines' (on one
/// shared display only the window under the pointer showed focus).
struct Display {
    server: Child,
    /// `:N`, for the driver's `DISPLAY`.
    name: String,
}

impl Display {
    /// Starts Xvfb on a display number it picks itself (`-displayfd`: it
    /// prints the number once it accepts clients).
    fn start() -> Display {
        use std::io::{BufRead, BufReader};
        let mut command = Command::new("Xvfb");
        own_group(&mut command);
        let mut server = command
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x1024x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot start Xvfb for WebKit: {e}; run `make test`, which installs it")
            });
        remember_group(server.id() as libc::pid_t);
        let mut line = String::new();
        let stdout = server.stdout.take().expect("Xvfb's standard output");
        let read = BufReader::new(stdout).read_line(&mut line);
        match (read, line.trim().parse::<u32>()) {
            (Ok(_), Ok(number)) => Display {
                server,
                name: format!(":{number}"),
            },
            _ => {
                stop_group(server.id() as libc::pid_t);
                panic!("Xvfb did not say which display it took (it printed {line:?})");
            }
        }
    }
}

impl Drop for Display {
    fn drop(&mut self) {
        stop_group(self.server.id() as libc::pid_t);
    }
}

/// What a test fails with when the browser has gone: its driver answers
/// every command with an invalid session. `scripts/e2e.sh` runs a test that
/// failed with it once more, and says so; the driver's output (shown below
/// the failure) tells whether the browser crashed.
pub const SESSION_ENDED: &str = "the browser's session ended: the browser exited or crashed";

/// Whether the driver's answer says the browser has gone. WebKitWebDriver
/// answers the first command after MiniBrowser's page crashed (or it was
/// killed) with "session deleted because of page crash or hang" (chromedriver
/// says "… because of page crash" for a crashed tab), and every later one
/// with an invalid session.
fn browser_gone(e: &fantoccini::error::CmdError) -> bool {
    e.is_invalid_session_id() || e.to_string().contains("because of page crash")
}

/// The file in a test's directory that holds its driver's output.
const DRIVER_LOG: &str = "driver.log";

/// The last `lines` lines of what the driver and its browser printed, for
/// the report of a failed test: a browser that crashed or exited says so
/// there (the WebDriver answer is only an invalid session).
fn driver_log_tail(tmp: &std::path::Path, lines: usize) -> String {
    let log = std::fs::read(tmp.join(DRIVER_LOG)).unwrap_or_default();
    let log = String::from_utf8_lossy(&log);
    let all: Vec<&str> = log.lines().collect();
    all[all.len().saturating_sub(lines)..].join("\n")
}

/// Starts the engine's driver on a free port and waits until it listens.
/// When the driver exits instead (the port was taken between `free_port` and
/// the driver binding it), it is started again on a new port.
fn start_driver(engine: Engine, tmp: &std::path::Path, downloads: Option<&std::path::Path>) -> (Driver, u16) {
    let (program, default) = match engine {
        Engine::Chromium => ("CHROMEDRIVER", "chromedriver"),
        Engine::Firefox => ("GECKODRIVER", "geckodriver"),
        Engine::WebKit => ("WEBKITWEBDRIVER", "WebKitWebDriver"),
    };
    let program = std::env::var(program).unwrap_or_else(|_| default.to_owned());
    for _ in 0..5 {
        let port = super::free_port();
        let mut command = Command::new(&program);
        match engine {
            Engine::Chromium => command.arg(format!("--port={port}")),
            Engine::Firefox => command.args([
                "--host",
                "127.0.0.1",
                "--port",
                &port.to_string(),
                "--websocket-port",
                "0",
            ]),
            Engine::WebKit => command.args([format!("--port={port}"), "--host=127.0.0.1".to_owned()]),
        };
        if engine == Engine::WebKit {
            // Reduced motion, as in the other engines: WebKitGTK follows
            // GTK's animation setting (no smooth scrolling racing clicks).
            let gtk = tmp.join("config/gtk-3.0");
            std::fs::create_dir_all(&gtk).expect("a GTK settings directory");
            std::fs::write(gtk.join("settings.ini"), "[Settings]\ngtk-enable-animations=0\n")
                .expect("GTK settings");
            // MiniBrowser saves downloads in the XDG download directory.
            if let Some(dir) = downloads {
                std::fs::write(
                    tmp.join("config/user-dirs.dirs"),
                    format!("XDG_DOWNLOAD_DIR=\"{}\"\n", dir.display()),
                )
                .expect("XDG directories");
            }
            command.env("XDG_CONFIG_HOME", tmp.join("config"));
        }
        let display = (engine == Engine::WebKit).then(Display::start);
        if let Some(display) = &display {
            command.env("DISPLAY", &display.name);
        }
        // What the driver and the browser it starts print (a crash, a
        // failed assertion in the engine) goes into the test's directory,
        // shown when the test fails (`driver_log_tail`).
        let log = std::fs::File::create(tmp.join(DRIVER_LOG)).expect("the driver's log file");
        let log_err = log.try_clone().expect("the driver's log file");
        // A process group of its own, for the browser too (`Driver`).
        own_group(&mut command);
        let mut child = command
            // Profiles and other files the driver and browser write go in the
            // test's own temporary directory, removed when the test ends.
            .env("TMPDIR", tmp)
            .stdout(Stdio::from(log))
            .stderr(Stdio::from(log_err))
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {program}: {e}; run `make test`, which installs it"));
        remember_group(child.id() as libc::pid_t);
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(Some(_)) = child.try_wait() {
                // Exited: most likely the port was taken; try another.
                forget_group(child.id() as libc::pid_t);
                break;
            }
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return (
                    Driver {
                        driver: child,
                        display,
                    },
                    port,
                );
            }
            if Instant::now() > deadline {
                drop(Driver {
                    driver: child,
                    display,
                });
                panic!("{program} did not listen on port {port} within 20 s");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    panic!("{program} exited at start five times: no free port?");
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

impl BrowserOptions {
    /// The default browser, with downloads going to `dir`.
    pub fn downloading_to(dir: &std::path::Path) -> BrowserOptions {
        BrowserOptions {
            download_dir: Some(dir.to_owned()),
            ..Default::default()
        }
    }

    /// A window of `width` × `height` px, the rest as by default.
    pub fn sized(width: u32, height: u32) -> BrowserOptions {
        BrowserOptions {
            width,
            height,
            ..Default::default()
        }
    }
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

fn chromium_capabilities(
    options: &BrowserOptions,
    profile: &std::path::Path,
) -> serde_json::Map<String, Value> {
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
        // No crash reporter: it would outlive the browser, in a session of
        // its own, and end as a zombie that nothing reaps (`Driver`).
        "--disable-breakpad".to_owned(),
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
    caps
}

/// A headless Firefox profile that allows what the tests need: reduced
/// motion, the colour scheme asked for, downloads without a prompt, reading
/// back the clipboard, and (when asked) no script or no site data.
fn firefox_capabilities(options: &BrowserOptions) -> serde_json::Map<String, Value> {
    let mut prefs = json!({
        "ui.prefersReducedMotion": 1,
        "ui.systemUsesDarkTheme": if options.dark { 1 } else { 0 },
        // 0 dark, 1 light: the page sees the scheme asked for.
        "layout.css.prefers-color-scheme.content-override": if options.dark { 0 } else { 1 },
        "dom.events.asyncClipboard.readText": true,
        "dom.events.testing.asyncClipboard": true,
        "browser.shell.checkDefaultBrowser": false,
        "datareporting.policy.dataSubmissionEnabled": false,
        "app.update.enabled": false,
    });
    if !options.javascript {
        prefs["javascript.enabled"] = json!(false);
    }
    if options.block_storage {
        // Block all cookies and site data: localStorage throws SecurityError.
        prefs["network.cookie.cookieBehavior"] = json!(2);
    }
    if let Some(dir) = &options.download_dir {
        prefs["browser.download.folderList"] = json!(2);
        prefs["browser.download.dir"] = json!(dir.display().to_string());
        prefs["browser.download.useDownloadDir"] = json!(true);
        prefs["browser.download.always_ask_before_handling_new_types"] = json!(false);
        prefs["browser.helperApps.neverAsk.saveToDisk"] = json!("application/json");
        prefs["browser.download.manager.showWhenStarting"] = json!(false);
    }
    let mut firefox_options = json!({
        "args": ["-headless", "-width", options.width.to_string(), "-height", options.height.to_string()],
        "prefs": prefs,
    });
    if let Ok(binary) = std::env::var("FIREFOX") {
        firefox_options["binary"] = json!(binary);
    }
    let mut caps = serde_json::Map::new();
    caps.insert("moz:firefoxOptions".to_owned(), firefox_options);
    caps
}

/// WebKitGTK's MiniBrowser in automation mode (it shows a window: Xvfb).
fn webkit_capabilities(options: &BrowserOptions) -> serde_json::Map<String, Value> {
    let mut args = vec![
        "--automation".to_owned(),
        // Lets the share test read back what the app put on the clipboard.
        "--javascript-can-access-clipboard=true".to_owned(),
    ];
    if !options.javascript {
        args.push("--enable-javascript=false".to_owned());
    }
    if options.dark {
        args.push("--dark-mode".to_owned());
    }
    let binary = std::env::var("MINIBROWSER").unwrap_or_else(|_| minibrowser());
    let mut caps = serde_json::Map::new();
    caps.insert(
        "webkitgtk:browserOptions".to_owned(),
        json!({ "binary": binary, "args": args }),
    );
    caps
}

/// Where Debian puts WebKitGTK's MiniBrowser (webkit2gtk-driver depends on it).
fn minibrowser() -> String {
    let candidates = std::fs::read_dir("/usr/lib")
        .into_iter()
        .flatten()
        .flatten()
        .flat_map(|arch| std::fs::read_dir(arch.path()).into_iter().flatten().flatten())
        .filter(|d| d.file_name().to_string_lossy().starts_with("webkit2gtk-"))
        .map(|d| d.path().join("MiniBrowser"))
        .find(|p| p.is_file());
    candidates
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "MiniBrowser".to_owned())
}

/// At most `E2E_JOBS` browsers at once (default 2), in every engine (each
/// WebKit window has an X display of its own: `Display`).
fn browser_slots() -> &'static tokio::sync::Semaphore {
    static SLOTS: OnceLock<tokio::sync::Semaphore> = OnceLock::new();
    SLOTS.get_or_init(|| tokio::sync::Semaphore::new(jobs()))
}

/// `E2E_JOBS`, 2 when unset.
fn jobs() -> usize {
    std::env::var("E2E_JOBS")
        .ok()
        .and_then(|j| j.parse().ok())
        .filter(|&j: &usize| j > 0)
        .unwrap_or(2)
}

/// A WebDriver session from the driver at `port`, retrying refused
/// connections for 30 s while it starts; `None` if it never answers a
/// request within 60 s.
async fn new_session(engine: Engine, port: u16, caps: &serde_json::Map<String, Value>) -> Option<Client> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let url = format!("http://127.0.0.1:{port}");
        let mut builder = ClientBuilder::new(HttpConnector::new());
        builder.capabilities(caps.clone());
        match tokio::time::timeout(Duration::from_secs(60), builder.connect(&url)).await {
            Ok(Ok(client)) => return Some(client),
            Ok(Err(_)) if Instant::now() < deadline => tokio::time::sleep(Duration::from_millis(200)).await,
            Ok(Err(e)) => panic!("cannot start a {} WebDriver session: {e}", engine.name()),
            Err(_) => return None,
        }
    }
}

/// A browser a test ran in: its driver (killed with the browser when this
/// is dropped), the session, and the directory of its profile and log.
struct Browser {
    // Dropped in this order: the processes, then their files.
    driver: Driver,
    port: u16,
    session: String,
    /// The options it was started with (`pool_key`).
    key: String,
    /// Its first window, and that window's place and size as the test
    /// found it.
    window: fantoccini::wd::WindowHandle,
    rect: (u64, u64, u64, u64),
    tmp: TempDir,
}

/// Browsers whose test passed and left them as it found them, kept for
/// the next test that asks for the same options: starting a browser and
/// its driver took 1–2 s a test (Firefox the most). Each test serves its
/// site on a port no earlier test had (`support::fresh_listener`), so no test
/// meets another's storage, service worker or cache. `E2E_REUSE=0` gives
/// every test a browser of its own. At most twice `E2E_JOBS` are kept (other
/// options come between tests of the same options); the rest,
/// and all of them when the test process exits, are killed.
fn pool() -> &'static std::sync::Mutex<Vec<Browser>> {
    static POOL: OnceLock<std::sync::Mutex<Vec<Browser>>> = OnceLock::new();
    POOL.get_or_init(|| {
        extern "C" fn empty_pool() {
            if let Some(pool) = POOL.get() {
                pool.lock().unwrap_or_else(|e| e.into_inner()).clear();
            }
        }
        // SAFETY: registers a plain function run at exit; the test harness
        // ends with `process::exit`, which runs it but drops no statics.
        unsafe {
            libc::atexit(empty_pool);
        }
        std::sync::Mutex::new(Vec::new())
    })
}

/// The options as a key for `pool`, or `None` when a browser started with
/// them must not serve another test: downloads go to the test's own
/// directory, and without JavaScript `tidy` could not check the window.
fn pool_key(options: &BrowserOptions) -> Option<String> {
    let reuse = std::env::var("E2E_REUSE").map_or(true, |v| v != "0");
    (reuse && options.javascript && options.download_dir.is_none()).then(|| format!("{options:?}"))
}

/// Sessions whose browser a test changed through the DevTools Protocol
/// (`cdp`): network conditions, screen emulation. They are not kept.
fn changed_sessions() -> &'static std::sync::Mutex<Vec<String>> {
    static CHANGED: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    &CHANGED
}

/// A kept browser started with `key`, with a client of this test's own
/// (a client lives on the runtime of the test that made it).
async fn reuse_browser(key: &str) -> Option<(Client, Browser)> {
    let browser = {
        let mut pool = pool().lock().unwrap_or_else(|e| e.into_inner());
        let i = pool.iter().position(|b| b.key == key)?;
        pool.swap_remove(i)
    };
    let url = format!("http://127.0.0.1:{}", browser.port);
    let client = Client::with_existing_session(&url, &browser.session, HttpConnector::new())
        .await
        .ok()?;
    // Still there, and still on the blank page it was left on.
    match client.current_url().await {
        Ok(u) if u.as_str() == "about:blank" => {}
        _ => return None,
    }
    // And nothing in Chromium's log from before this test (see `tidy`).
    if Engine::current() == Engine::Chromium {
        client.issue_cmd(BrowserLog).await.ok()?;
    }
    Some((client, browser))
}

/// A new browser of `engine` with `options`, sized (and for WebKit centred
/// on its display) and, for dark Chromium, in the dark scheme.
async fn start_browser(engine: Engine, options: &BrowserOptions, key: String) -> (Client, Browser) {
    let tmp = TempDir::new(&format!("browser-{}", engine.name()));
    let profile = tmp.path().join("profile");
    let caps = match engine {
        Engine::Chromium => chromium_capabilities(options, &profile),
        Engine::Firefox => firefox_capabilities(options),
        Engine::WebKit => webkit_capabilities(options),
    };

    // A session request the driver never answers (WebKitWebDriver, twice
    // in many runs: no MiniBrowser came up) gets a new driver after 60 s, at
    // most twice, instead of failing the test or holding the browser slot.
    let mut attempt = 0;
    let (client, driver, port) = loop {
        attempt += 1;
        let (driver, port) = start_driver(engine, tmp.path(), options.download_dir.as_deref());
        match new_session(engine, port, &caps).await {
            Some(client) => break (client, driver, port),
            None if attempt < 3 => eprintln!(
                "the {} driver did not answer the session request within 60 s; starting it again",
                engine.name()
            ),
            None => panic!(
                "the {} driver did not answer the session request within 60 s, three times",
                engine.name()
            ),
        }
    };
    let setup = async {
        if engine != Engine::Chromium {
            client.set_window_size(options.width, options.height).await?;
        }
        if engine == Engine::WebKit {
            keep_keyboard_focus(&client).await?;
        }
        Ok((client.window().await?, client.get_window_rect().await?))
    }
    .await;
    let (window, rect) = setup.unwrap_or_else(|e: fantoccini::error::CmdError| {
        panic!("cannot size the {} window: {e}", engine.name())
    });
    if options.dark && engine == Engine::Chromium {
        send_cdp(
            &client,
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": "dark" }] }),
        )
        .await;
    }
    let session = match client.session_id().await {
        Ok(Some(id)) => id,
        other => panic!("the new {} session has no id: {other:?}", engine.name()),
    };
    let browser = Browser {
        driver,
        port,
        session,
        key,
        window,
        rect,
        tmp,
    };
    (client, browser)
}

/// Readies the browser for another test, or says why it cannot serve one:
/// the test used a DevTools command, or the windows it opened could not be
/// closed, or the first could not be put back at its place and size, leave
/// the test's page for a blank one, or have the focus.
async fn tidy(client: &Client, browser: &Browser) -> Result<(), &'static str> {
    if changed_sessions()
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .contains(&browser.session)
    {
        return Err("devtools");
    }
    // Windows the test opened are closed, and the first one made current.
    let windows = client.windows().await.map_err(|_| "windows")?;
    if windows.len() > 1 {
        for window in windows.into_iter().filter(|w| *w != browser.window) {
            client.switch_to_window(window).await.map_err(|_| "windows")?;
            client.close_window().await.map_err(|_| "windows")?;
        }
    }
    client
        .switch_to_window(browser.window.clone())
        .await
        .map_err(|_| "windows")?;
    let (x, y, width, height) = browser.rect;
    if client.get_window_rect().await.ok() != Some(browser.rect) {
        // A phone-sized test (`screen`): back to the size it was given.
        let put_back = client
            .set_window_rect(x as u32, y as u32, width as u32, height as u32)
            .await;
        if put_back.is_err() || client.get_window_rect().await.ok() != Some(browser.rect) {
            return Err("size");
        }
    }
    client.goto("about:blank").await.map_err(|_| "blank")?;
    // Chromium's log is the browser's, not the page's: what the test's
    // pages reported after its last look (a reload as the server went
    // down) must not be read as the next test's.
    if Engine::current() == Engine::Chromium {
        client.issue_cmd(BrowserLog).await.map_err(|_| "log")?;
    }
    // Keyboard tests need the window to have the focus, as a new one has
    // (headless Firefox can lose it to a second window that then closed).
    match client.execute("return document.hasFocus()", vec![]).await {
        Ok(Value::Bool(true)) => Ok(()),
        _ => Err("focus"),
    }
}

/// Runs `test` in a browser of the chosen engine with `options`: a new one,
/// or one an earlier test left tidy (`pool`); the browser is killed or kept
/// and its files removed on every path, also when the test fails.
pub async fn with_browser<F, Fut>(options: BrowserOptions, test: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let started = Instant::now();
    let _slot = browser_slots().acquire().await.expect("the browser slots");
    let got_slot = started.elapsed();
    let engine = Engine::current();
    let key = pool_key(&options);
    let reused = match &key {
        Some(key) => reuse_browser(key).await,
        None => None,
    };
    let was_reused = reused.is_some();
    let (client, browser) = match reused {
        Some(reused) => reused,
        None => start_browser(engine, &options, key.clone().unwrap_or_default()).await,
    };
    let opened = started.elapsed();
    let outcome = tokio::spawn(test(client.clone())).await;
    if outcome.is_err() {
        // Whatever helper failed, say whether the browser was still there.
        if let Err(e) = client.execute("return 1", vec![]).await
            && browser_gone(&e)
        {
            eprintln!("{SESSION_ENDED}: {e}");
        }
    }
    let tested = started.elapsed();
    let kept = match (&outcome, &key) {
        (Err(_), _) => Err("failed"),
        (_, None) => Err("options"),
        _ => tidy(&client, &browser).await,
    };
    // No Delete Session: the browser is kept, or killed with its driver
    // (`Driver`); a client dropped unpersisted would send one itself.
    let _ = client.persist().await;
    drop(client);
    if outcome.is_err() {
        let tail = driver_log_tail(browser.tmp.path(), 40);
        if !tail.trim().is_empty() {
            eprintln!("the {} driver's output, last 40 lines:\n{tail}", engine.name());
        }
        // WebKitGTK's page process crashed: its driver then answers a script
        // with "Could not parse script result", not with an ended session.
        if tail.contains("WebProcess CRASHED") {
            eprintln!("{SESSION_ENDED}: its web process crashed");
        }
    }
    if kept.is_ok() {
        let mut pool = pool().lock().unwrap_or_else(|e| e.into_inner());
        if pool.len() >= 2 * jobs() {
            pool.remove(0);
        }
        pool.push(browser);
    } else {
        drop(browser);
    }
    report_times(
        was_reused,
        kept.err(),
        [got_slot, opened, tested, started.elapsed()],
    );
    if let Err(err) = outcome {
        if err.is_panic() {
            std::panic::resume_unwind(err.into_panic());
        }
        panic!("test task failed: {err}");
    }
}

/// With `E2E_TIMES` set, one line on stderr a test: the seconds it waited
/// for a browser slot, then those to start (or reuse) the browser, run the
/// test and stop it, and why the browser was not kept (`tidy`), if so.
/// `awk '$1 == "e2e-time"'` on the run's output sums them up.
fn report_times(reused: bool, not_kept: Option<&str>, [slot, opened, tested, closed]: [Duration; 4]) {
    if std::env::var_os("E2E_TIMES").is_none() {
        return;
    }
    use std::io::Write;
    let name = std::thread::current().name().unwrap_or("?").to_owned();
    let _ = writeln!(
        std::io::stderr(),
        "e2e-time {name} slot {:.2} {} {:.2} test {:.2} close {:.2} {}",
        slot.as_secs_f64(),
        if reused { "reuse" } else { "start" },
        (opened - slot).as_secs_f64(),
        (tested - opened).as_secs_f64(),
        (closed - tested).as_secs_f64(),
        not_kept.map_or("kept".to_owned(), |why| format!("killed: {why}")),
    );
}

/// Centres WebKit's window on the X display. Xvfb runs no window manager,
/// so the keyboard focus follows the pointer, which Xvfb leaves at the
/// display's centre: a window that does not cover that point has no focus,
/// and its page then matches neither `:focus` nor `:focus-visible`
/// (`document.hasFocus()` is false), as a background Safari window shows no
/// focus ring. MiniBrowser opens at the display's top left corner, so a
/// window narrowed to a phone's width (447 px at least) left the centre
/// (the focus-ring check in `your_data.rs` failed on it).
async fn keep_keyboard_focus(client: &Client) -> Result<(), fantoccini::error::CmdError> {
    let (_, _, width, height) = client.get_window_rect().await?;
    let display = client
        .execute("return [screen.width, screen.height]", vec![])
        .await?;
    let (sw, sh) = (display[0].as_u64().unwrap_or(0), display[1].as_u64().unwrap_or(0));
    let (x, y) = (sw.saturating_sub(width) / 2, sh.saturating_sub(height) / 2);
    client
        .set_window_rect(x as u32, y as u32, width as u32, height as u32)
        .await
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
/// The browser is then not kept for another test (`with_browser`).
pub async fn cdp(client: &Client, cmd: &str, params: Value) -> Value {
    if let Ok(Some(session)) = client.session_id().await {
        changed_sessions()
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(session);
    }
    send_cdp(client, cmd, params).await
}

/// `cdp`, for the harness's own set-up.
async fn send_cdp(client: &Client, cmd: &str, params: Value) -> Value {
    client
        .issue_cmd(Cdp(json!({ "cmd": cmd, "params": params })))
        .await
        .unwrap_or_else(|e| panic!("CDP {cmd} failed: {e}"))
}

/// What the page reported since the last call: the entries of the test
/// server's console collector (every engine; see `console.js`) and, in
/// Chromium, the browser's own log at warning level or above (which also
/// has failed requests and the browser's own warnings). A result of an
/// unexpected shape fails the test: it must never read as "clean".
pub async fn console(client: &Client) -> Vec<String> {
    let collected = client
        .execute(
            "return window.__e2eConsole ? window.__e2eConsole.take() : 'no collector'",
            vec![],
        )
        .await
        .unwrap_or_else(|e| panic!("cannot read the console collector: {e}"));
    let mut lines = string_list(&collected, "the console collector");
    if Engine::current() == Engine::Chromium {
        let value = client.issue_cmd(BrowserLog).await.expect("read the browser log");
        let entries = value
            .as_array()
            .unwrap_or_else(|| panic!("the browser log is not a list: {value}"));
        for entry in entries {
            let (Some(level), Some(message)) = (entry["level"].as_str(), entry["message"].as_str()) else {
                panic!("a browser log entry without level or message: {entry}");
            };
            if level == "SEVERE" || level == "WARNING" {
                lines.push(format!("{level}: {message}"));
            }
        }
    }
    lines
}

/// A JSON list of strings, or a failure naming `what`.
fn string_list(value: &Value, what: &str) -> Vec<String> {
    let Some(items) = value.as_array() else {
        panic!("{what} did not give a list: {value}");
    };
    items
        .iter()
        .map(|item| {
            item.as_str()
                .unwrap_or_else(|| panic!("{what} gave a non-text entry: {item}"))
                .to_owned()
        })
        .collect()
}

/// Fails the test if the page logged an error or a warning (hydration
/// errors, panics, CSP violations and failed requests all land there).
pub async fn assert_clean_console(client: &Client, context: &str) {
    assert_clean_console_but_404s(client, context, &[]).await;
}

/// As `assert_clean_console`, except for the one line in which the browser
/// reports the 404 answer to each of `urls` (a page that does not exist, a
/// file made missing on purpose): only Chromium's log has such lines.
pub async fn assert_clean_console_but_404s(client: &Client, context: &str, urls: &[&str]) {
    let mut problems = console(client).await;
    for url in urls {
        let expected = format!("{url} - Failed to load resource: the server responded with a status of 404");
        if let Some(i) = problems
            .iter()
            .position(|l| l.starts_with("SEVERE: ") && l[8..].starts_with(&expected))
        {
            problems.remove(i);
        }
    }
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

/// Opens `url` and waits until the app has hydrated the NEW document.
/// The page being left is marked first, so that its own `data-hydrated`
/// never passes for the new one's: WebKitWebDriver answers a Get whose URL
/// differs from the current one only in its fragment (`/faq/#q` to `/faq/`)
/// before the new document has even started, though removing a fragment
/// loads the page anew (seen: 2 of 8 runs tabbed through the old page).
///
/// WebKitWebDriver at times never finishes a Get: in two fresh-clone CIs
/// it answered one after more than 60 s with an empty error, and once it
/// answered at once but the new page had not hydrated 10 s later; here,
/// once in about 40 runs of `shell::`, it answered two Gets in a row with
/// an empty unknown error within 100 ms. Either way the Get is made again
/// after a pause (said on stderr, with what the page was doing), up to
/// three times in all; then the test fails.
pub async fn visit(client: &Client, url: &str) {
    const NEW_AND_HYDRATED: &str =
        "return !window.__e2eLeaving && document.documentElement.hasAttribute('data-hydrated')";
    let started = Instant::now();
    const ATTEMPTS: u32 = 3;
    for attempt in 1..=ATTEMPTS {
        if attempt > 1 {
            tokio::time::sleep(Duration::from_millis(500 * u64::from(attempt))).await;
        }
        let _ = client.execute("window.__e2eLeaving = true", vec![]).await;
        if let Err(e) = client.goto(url).await {
            let waited = started.elapsed();
            // No Get can succeed once the browser is gone.
            assert!(
                !browser_gone(&e),
                "open {url}: {SESSION_ENDED}: {e} (after {waited:?})"
            );
            assert!(attempt < ATTEMPTS, "open {url}: {e} (after {waited:?})");
            eprintln!("visit {url}: the driver answered the Get with {e:?} after {waited:?}; asking again");
            continue;
        }
        if wait_for(client, NEW_AND_HYDRATED, Duration::from_secs(30)).await {
            let waited = started.elapsed();
            if waited > Duration::from_secs(5) {
                eprintln!("visit {url}: hydrated after {waited:?}");
            }
            return;
        }
        let state = client
            .execute(
                "return [location.href, document.readyState, !!window.__e2eLeaving, \
                 document.documentElement.hasAttribute('data-hydrated'), performance.now()]",
                vec![],
            )
            .await;
        let waited = started.elapsed();
        assert!(
            attempt < ATTEMPTS,
            "timed out waiting until {url} loads anew and hydrates (after {waited:?}; page: {state:?})"
        );
        eprintln!(
            "visit {url}: not loaded anew and hydrated after {waited:?} (page: {state:?}); asking again"
        );
    }
}

/// Reloads the page (WebDriver Refresh) and waits until the app has
/// hydrated it again, so that the next navigation does not start while the
/// page is still loading its script. Under WebKitWebDriver (WebKitGTK 2.50)
/// a navigation started then is at times never answered: Refresh and Get
/// in turn, as fast as the driver answers, hung in 3 and 4 of 8 sessions
/// with this app's pages, never with a plain HTML page (876 navigations),
/// and never when each load was let hydrate first (482 navigations).
pub async fn reload(client: &Client) {
    client.refresh().await.expect("reload the page");
    wait_hydrated(client).await;
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

/// Polls `script` until it returns true (true) or `limit` has passed (false).
async fn wait_for(client: &Client, script: &str, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    loop {
        match client.execute(script, vec![]).await {
            Ok(Value::Bool(true)) => return true,
            Err(e) if browser_gone(&e) => panic!("{SESSION_ENDED}: {e} (waiting until: {script})"),
            _ => {}
        }
        if Instant::now() > deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Waits until `script` returns true, or fails with `what`.
pub async fn wait_until(client: &Client, script: &str, what: &str) {
    if !wait_for(client, script, Duration::from_secs(10)).await {
        let page = client
            .execute(
                "return [location.href, document.readyState, document.documentElement.hasAttribute('data-hydrated'), \
                 (document.activeElement || {}).outerHTML?.slice(0, 120) || null, performance.now(), \
                 (document.querySelector('main') || document.body).innerText.slice(0, 400), \
                 (() => { try { return Object.keys(localStorage).map(k => k + ': ' + localStorage.getItem(k).slice(0, 60)); } \
                          catch (e) { return 'localStorage: ' + e; } })(), \
                 !!(navigator.serviceWorker && navigator.serviceWorker.controller), \
                 window.__e2eConsole ? window.__e2eConsole.take() : 'no console collector']",
                vec![],
            )
            .await;
        panic!("timed out waiting until {what} (page: {page:?})");
    }
}

/// Waits until keyboard focus is on the element with the id `id` (the app
/// moves it a frame after the control it was on went away: under load,
/// later than `settle` waits).
pub async fn focus_lands_on(client: &Client, id: &str) {
    let script = format!("return !!document.activeElement && document.activeElement.id === {id:?}");
    // On failure, wait_until shows where the focus is instead.
    wait_until(client, &script, &format!("the focus reaches #{id}")).await;
}

/// Fails unless the focused element is outside every live region: the
/// focus reads it out, and a live region around it as well would have some
/// screen readers read it twice.
pub async fn focused_is_no_live_region(client: &Client, what: &str) {
    assert_eq!(
        js(
            client,
            "return document.activeElement.closest('[role=status], [role=alert], [aria-live]') === null"
        )
        .await,
        json!(true),
        "{what}, which takes the focus, is in a live region"
    );
}

/// Sizes the page to a phone's screen through WebDriver's window size
/// (the window's frame added), in every engine. Headless Chromium keeps
/// windows at least 500 px wide: there, and only if WebDriver fell short,
/// DevTools gives the page the phone's size. The page's own innerWidth is
/// asserted. Where an engine's window cannot be made that narrow (headless
/// Firefox also stops at 500 px), the test says so and is skipped: returns
/// false. WebKit's window is then centred on the display, where it keeps
/// the keyboard focus (`keep_keyboard_focus`).
#[must_use]
pub async fn screen(client: &Client, width: u32, height: u32) -> bool {
    let inner = narrow_to(client, width, height).await;
    if Engine::current() != Engine::Chromium && inner != width {
        let reason = format!("its WebDriver window stops at {inner} px wide, not the phone's {width} px");
        return !skip_in(&[Engine::current()], &reason);
    }
    assert_eq!(inner, width, "the page is {width} px wide");
    true
}

/// Makes the page as a 320 × 640 px phone's where the engine allows it
/// (Chromium); where its window stops wider, as much taller too. Returns
/// the page's width: text scaled by `width / 320` then fills a line as on
/// that phone.
pub async fn like_a_small_phone(client: &Client) -> u32 {
    let width = narrow_to(client, 320, 640).await;
    if width != 320 {
        narrow_to(client, width, 640 * width / 320).await;
    }
    width
}

/// Makes the page itself `width` × `height` px where the engine allows it,
/// and returns how wide it is: Chromium goes down to any width, the other
/// engines' WebDriver windows stop at 447–500 px.
pub async fn narrow_to(client: &Client, width: u32, height: u32) -> u32 {
    client
        .set_window_size(width, height)
        .await
        .expect("set the window size");
    let frame = js(
        client,
        "return [outerWidth - innerWidth, outerHeight - innerHeight]",
    )
    .await;
    let (dw, dh) = (
        frame[0].as_u64().unwrap_or(0) as u32,
        frame[1].as_u64().unwrap_or(0) as u32,
    );
    if dw > 0 || dh > 0 {
        client
            .set_window_size(width + dw, height + dh)
            .await
            .expect("set the window size");
    }
    if Engine::current() == Engine::Chromium && js(client, "return innerWidth").await != json!(width) {
        cdp(
            client,
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
        )
        .await;
    }
    if Engine::current() == Engine::WebKit {
        keep_keyboard_focus(client)
            .await
            .expect("centre the window on the display");
        wait_until(
            client,
            "return document.hasFocus()",
            "the WebKit window has the keyboard focus",
        )
        .await;
    }
    let inner = js(client, "return innerWidth").await;
    inner.as_u64().unwrap_or_default() as u32
}

/// What is out of place on the page as drawn (after two frames): the page
/// scrolling sideways, an element past the screen's right edge, a line of
/// text outside the screen or outside the box that clips or scrolls it (a
/// dialog, a scrolling box). Empty when all is in place.
pub async fn out_of_place(client: &Client) -> Vec<String> {
    let found = js(
        client,
        "return new Promise((drawn) => requestAnimationFrame(() => requestAnimationFrame(drawn))).then(() => {
         const width = document.documentElement.clientWidth;
         const out = [];
         const wide = document.documentElement.scrollWidth - width;
         if (wide > 0) out.push(`the page scrolls ${wide} px sideways`);
         for (const e of document.querySelectorAll('body *')) {
           if (e.closest('.visually-hidden')) continue;
           const r = e.getBoundingClientRect();
           if (r.width && r.right > width + 1) out.push(`${e.tagName}.${e.className} ends at ${Math.round(r.right)} px`);
         }
         const clipper = (node) => {
           for (let a = node.parentElement; a; a = a.parentElement)
             if (a.tagName === 'DIALOG' || /(hidden|clip|auto|scroll)/.test(getComputedStyle(a).overflowX)) return a.getBoundingClientRect();
           return { left: 0, right: width };
         };
         const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
         while (walker.nextNode()) {
           const text = walker.currentNode;
           if (!text.textContent.trim() || text.parentElement.closest('.visually-hidden')) continue;
           const range = document.createRange();
           range.selectNodeContents(text);
           const box = clipper(text);
           const [left, right] = [Math.max(0, box.left), Math.min(width, box.right)];
           if ([...range.getClientRects()].some((r) => r.width && (r.right > right + 1 || r.left < left - 1)))
             out.push(`“${text.textContent.trim().slice(0, 40)}” (${text.parentElement.tagName}) leaves its box [${Math.round(left)}, ${Math.round(right)}]`);
         }
         return out.slice(0, 10);
       })",
    )
    .await;
    serde_json::from_value(found).expect("out_of_place's script returns a list of strings")
}

/// Sets the page's text to `percent` of its size and waits until the page
/// is laid out again (WebKit takes a few frames to lay out a long page
/// anew, and a click meanwhile lands on whatever passes under it).
pub async fn text_at(client: &Client, percent: u32) {
    js(
        client,
        &format!("document.documentElement.style.fontSize = '{percent}%'"),
    )
    .await;
    wait_until(
        client,
        &format!(
            "return Math.abs(parseFloat(getComputedStyle(document.documentElement).fontSize) - {}) < 0.5",
            0.16 * f64::from(percent)
        ),
        "the text size",
    )
    .await;
    js(
        client,
        "return new Promise((laidOut) => {
           let height = -1, since = performance.now();
           const giveUp = since + 5000;
           const check = () => {
             const now = performance.now();
             if (document.documentElement.scrollHeight !== height) { height = document.documentElement.scrollHeight; since = now; }
             if (now - since >= 300 || now > giveUp) laidOut(height); else setTimeout(check, 50);
           };
           check();
         })",
    )
    .await;
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
    string_list(&result, "axe-core")
}

/// Lets the page finish what it scheduled for its next frame (the app moves
/// the focus, and so may scroll, a frame after some actions) before the
/// test acts again: a reader never clicks within the same frame, and a click
/// sent mid-scroll lands wherever the scroll put the pointer. In a tab the
/// browser does not draw, frames never come: it then waits 100 ms at most.
/// Not for a page without JavaScript: WebKit never answers the script there.
pub async fn settle(client: &Client) {
    let _ = client
        .execute_async(
            "const done = arguments[arguments.length - 1]; setTimeout(done, 100); \
             requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done)));",
            vec![],
        )
        .await;
}

/// Clicks the element `locator` finds (failing the test if there is none).
/// The search is tried for up to 2 s: WebKitWebDriver at times answers a
/// search for an element that is there with "Could not parse element info".
pub async fn click_on(client: &Client, locator: Locator<'_>) {
    let what = format!("{locator:?}");
    let mut tries = 0;
    let element = loop {
        match client.find(locator).await {
            Ok(element) => break element,
            Err(e) if tries >= 20 => panic!("no element {what}: {e}"),
            Err(_) => {
                tries += 1;
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
        }
    };
    if let Err(e) = element.clone().click().await {
        // Not interactable at that moment (WebKit, under load, once: the page
        // still moving after the previous click): once more when it has settled.
        if !matches!(&e, fantoccini::error::CmdError::Standard(w) if w.error == fantoccini::error::ErrorStatus::ElementNotInteractable)
        {
            panic!("cannot click {what}: {e:?}");
        }
        settle(client).await;
        element
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click {what}, twice: {e:?}"));
    }
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

/// Presses Tab until the focused element matches `css` (at most `limit`
/// times), as a keyboard user reaches a control; fails with the elements
/// passed on the way when it never gets there.
pub async fn tab_to(client: &Client, css: &str, limit: usize) {
    tab_until(client, css, limit, false).await;
}

/// As `tab_to`, backwards (Shift+Tab).
pub async fn tab_back_to(client: &Client, css: &str, limit: usize) {
    tab_until(client, css, limit, true).await;
}

async fn tab_until(client: &Client, css: &str, limit: usize, backwards: bool) {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    const SHIFT: char = '\u{E008}';
    const TAB: char = '\u{E004}';
    let mut passed = Vec::new();
    for _ in 0..limit {
        let mut keys = KeyActions::new("keyboard".to_owned());
        if backwards {
            keys = keys.then(KeyAction::Down { value: SHIFT });
        }
        keys = keys
            .then(KeyAction::Down { value: TAB })
            .then(KeyAction::Up { value: TAB });
        if backwards {
            keys = keys.then(KeyAction::Up { value: SHIFT });
        }
        client.perform_actions(keys).await.expect("press Tab");
        let here = js(
            client,
            &format!(
                "const a = document.activeElement; return [a.matches({css:?}), a.tagName + (a.id ? '#' + a.id : '') + ' ' + (a.getAttribute('aria-label') || a.textContent || '').trim().slice(0, 40)]"
            ),
        )
        .await;
        if here[0] == Value::Bool(true) {
            return;
        }
        passed.push(here[1].as_str().unwrap_or("?").to_owned());
    }
    panic!("Tab never reached {css}; it went through:\n{}", passed.join("\n"));
}
