//! A real browser for the web app's journeys: Debian's headless Chromium, driven over WebDriver
//! by fantoccini, against the whole server (`samverkan::server::router`) served on a free port
//! of loopback over a test's own database.
//!
//! - One chromedriver serves every test of the process. It is started on first use, like the
//!   PostgreSQL server, and stops when the test process ends.
//! - Each test gets its own Chromium with an empty profile, so no cookie crosses tests.
//! - axe-core, from the npm registry at the version `tests/web/package.json` pins, is installed
//!   into `target/browser-tools` on first use and injected into a page to check it.
//! - Screenshots go to `target/screenshots/`, which CI keeps as an artifact.
//!
//! Chromium and chromedriver come from Debian's `chromium` and `chromium-driver` packages, which
//! `.ci/run` installs; `SAMVERKAN_CHROMIUM` and `SAMVERKAN_CHROMEDRIVER` name others.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use api::{AppState, HttpSettings};
use chrono::NaiveDate;
use fantoccini::elements::Element;
use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use register::access::{Role, TokenStore};
use register::clock::Clock;
use serde::Deserialize;
use serde_json::{json, Value};
use web::{WebSettings, WebState};

use crate::support::api_client::Api;

/// The day the server's clock reads in every journey, so that a page read without a day in its
/// time bar is the same on every day the suite runs.
pub const TODAY: &str = "2026-12-03";

/// A headless Chromium on the whole server over one test's database.
pub struct Browser {
    pub client: Client,
    base: String,
    server: tokio::task::JoinHandle<()>,
    /// The read models' runner, for a browser opened with [`Browser::open_following`].
    runner: Option<tokio::task::JoinHandle<()>>,
    // Chromium's profile, removed when the test ends.
    _profile: tempfile::TempDir,
}

/// One violation axe-core found in a page.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AxeViolation {
    pub id: String,
    pub impact: Option<String>,
    pub help: String,
    pub targets: Vec<String>,
}

impl Browser {
    /// Serves `api`'s database through the whole server and opens a fresh Chromium on it.
    pub async fn open(api: &Api) -> Browser {
        Browser::open_with(api, WebSettings::default(), TODAY).await
    }

    /// As [`open`](Browser::open), with the web app's own settings and today fixed to `today`.
    pub async fn open_with(api: &Api, settings: WebSettings, today: &str) -> Browser {
        let today = Clock::fixed(today.parse::<NaiveDate>().unwrap());
        let router = samverkan::server::router(
            AppState::new(api.db.pool.clone(), HttpSettings::default()).with_clock(today),
            WebState::new(api.db.pool.clone(), settings).with_clock(today),
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let server = tokio::spawn(async move {
            axum::serve(listener, router).await.unwrap();
        });

        let profile = tempfile::tempdir().unwrap();
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium(),
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    // The machine has no internet: without these, Chromium keeps trying to
                    // reach Google's services.
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--disable-quic",
                    "--no-first-run",
                    "--lang=sv-SE",
                    "--window-size=1280,1000",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
            },
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!("the capabilities are written as an object above")
        };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(chromedriver())
            .await
            .unwrap_or_else(|error| panic!("Chromium did not start over WebDriver: {error}"));
        Browser {
            client,
            base: format!("http://{address}"),
            server,
            runner: None,
            _profile: profile,
        }
    }

    /// As [`open_with`](Browser::open_with), with the read models following the log as
    /// `samverkan serve` keeps them, so that a page shown after a form shows what it recorded.
    pub async fn open_following(api: &Api, today: &str) -> Browser {
        let mut browser = Browser::open_with(api, WebSettings::default(), today).await;
        let runner = projections::ProjectionRunner::new(api.db.pool.clone());
        runner.prepare().await.unwrap();
        browser.runner = Some(tokio::spawn(async move {
            runner.follow(std::future::pending()).await;
        }));
        browser
    }

    /// The address of `path` on the server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn goto(&self, path: &str) {
        self.client.goto(&self.url(path)).await.unwrap();
    }

    /// The path and query the browser is on now.
    pub async fn location(&self) -> String {
        let url = self.client.current_url().await.unwrap();
        match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_owned(),
        }
    }

    pub async fn find(&self, css: &str) -> Element {
        match self.client.find(Locator::Css(css)).await {
            Ok(element) => element,
            Err(error) => panic!("no element {css} on «{}»: {error}", self.title().await),
        }
    }

    /// The text of the element `css` as the person sees it.
    pub async fn text(&self, css: &str) -> String {
        self.find(css).await.text().await.unwrap()
    }

    /// The cells of every body row of the table `css`, as the person reads them, row by row.
    pub async fn table_rows(&self, css: &str) -> Vec<Vec<String>> {
        let mut rows = Vec::new();
        let selector = format!("{css} tbody tr");
        for row in self.client.find_all(Locator::Css(&selector)).await.unwrap() {
            let mut cells = Vec::new();
            for cell in row.find_all(Locator::Css("th, td")).await.unwrap() {
                cells.push(cell.text().await.unwrap());
            }
            rows.push(cells);
        }
        rows
    }

    /// How many elements of the page match `css`.
    pub async fn count(&self, css: &str) -> usize {
        self.client.find_all(Locator::Css(css)).await.unwrap().len()
    }

    /// Whether anything on the page matches `css`.
    pub async fn has(&self, css: &str) -> bool {
        !self
            .client
            .find_all(Locator::Css(css))
            .await
            .unwrap()
            .is_empty()
    }

    pub async fn title(&self) -> String {
        self.client.title().await.unwrap_or_default()
    }

    /// Presses a key in whatever has the focus, as a person at the keyboard does.
    pub async fn press(&self, key: Key) {
        self.type_text(&char::from(key).to_string()).await;
    }

    /// Types text into whatever has the focus.
    pub async fn type_text(&self, text: &str) {
        self.client
            .active_element()
            .await
            .unwrap()
            .send_keys(text)
            .await
            .unwrap();
    }

    /// The id, or else the text, of the element that has the focus.
    pub async fn focused(&self) -> String {
        let element = self.client.active_element().await.unwrap();
        match element.attr("id").await.unwrap() {
            Some(id) if !id.is_empty() => format!("#{id}"),
            _ => element.text().await.unwrap(),
        }
    }

    /// Presses Tab until the focus is on `target` (an id as `#id`, or an element's text), as a
    /// person without a mouse moves through a page; fails when it is not reached in `at_most`
    /// presses.
    pub async fn tab_to(&self, target: &str, at_most: usize) {
        let mut seen = Vec::new();
        for _ in 0..at_most {
            self.press(Key::Tab).await;
            let focused = self.focused().await;
            if focused == target {
                return;
            }
            seen.push(focused);
        }
        panic!("Tab never reached {target}; it went through {seen:?}");
    }

    /// Waits for the page at `path` to have loaded after a form was sent or a link followed.
    pub async fn wait_for_path(&self, path: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let location = self.location().await;
            // A form's answer replaces the page: the new one counts once it has loaded, so that
            // nothing is read from the page it replaces.
            if location == path && self.loaded().await {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the browser stayed on {location}, not {path}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Whether the page has finished loading.
    async fn loaded(&self) -> bool {
        self.client
            .execute("return document.readyState;", Vec::new())
            .await
            .is_ok_and(|state| state == "complete")
    }

    /// Signs in by keyboard only: Tab to the token field, type the token, press Enter.
    pub async fn sign_in_by_keyboard(&self, secret: &str) {
        self.tab_to("#token", 5).await;
        self.type_text(secret).await;
        self.press(Key::Enter).await;
    }

    /// The violations of impact serious or critical that axe-core finds in the page.
    pub async fn serious_accessibility_violations(&self) -> Vec<AxeViolation> {
        let script = std::fs::read_to_string(axe_core()).unwrap();
        self.client.execute(&script, Vec::new()).await.unwrap();
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { resultTypes: ['violations'] })
                    .then(results => done(results.violations.map(v => ({
                        id: v.id, impact: v.impact, help: v.help,
                        targets: v.nodes.map(n => n.target.join(' '))
                    }))))
                    .catch(error => done([{ id: 'axe-failed', impact: 'critical',
                        help: String(error), targets: [] }]));",
                Vec::new(),
            )
            .await
            .unwrap();
        let violations: Vec<AxeViolation> = serde_json::from_value(result).unwrap();
        violations
            .into_iter()
            .filter(|violation| matches!(violation.impact.as_deref(), Some("serious" | "critical")))
            .collect()
    }

    /// Types `text` into the field `css`, replacing what it held.
    pub async fn fill(&self, css: &str, text: &str) {
        let field = self.find(css).await;
        field.clear().await.unwrap();
        field.send_keys(text).await.unwrap();
    }

    /// Picks the option labelled `label` in the list `css`.
    pub async fn choose(&self, css: &str, label: &str) {
        self.find(css).await.select_by_label(label).await.unwrap();
    }

    /// Clicks the element `css`, such as a checkbox or a button.
    pub async fn click(&self, css: &str) {
        self.find(css).await.click().await.unwrap();
    }

    /// Clicks `css`, such as a form's button, and waits until the page it brings has replaced
    /// this one, even when the new page has the same address, as a form shown again does.
    pub async fn click_for_new_page(&self, css: &str) {
        let old = self.find("html").await;
        self.click(css).await;
        self.replaced(old, css).await;
    }

    /// Presses `key`, such as Enter in a form's field, and waits as
    /// [`click_for_new_page`](Browser::click_for_new_page) does.
    pub async fn press_for_new_page(&self, key: Key) {
        let old = self.find("html").await;
        self.press(key).await;
        self.replaced(old, "the key").await;
    }

    async fn replaced(&self, old: Element, what: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            // The old page's root is gone from the document once the new page is there.
            if old.tag_name().await.is_err() && self.loaded().await {
                return;
            }
            assert!(Instant::now() < deadline, "{what} brought no new page");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The current value of the field `css`.
    pub async fn value(&self, css: &str) -> String {
        self.find(css)
            .await
            .prop("value")
            .await
            .unwrap()
            .unwrap_or_default()
    }

    /// Prints the page to PDF through WebDriver's print command, on A4, saves it as
    /// `target/screenshots/<name>.pdf` (kept by CI with the screenshots) and returns its text as
    /// `pdftotext` reads it.
    pub async fn print_to_pdf(&self, name: &str) -> String {
        let configuration = fantoccini::wd::PrintConfiguration::builder()
            .size(fantoccini::wd::PrintSize::A4)
            .build()
            .unwrap();
        let pdf = self.client.print(configuration).await.unwrap();
        let directory = target_dir().join("screenshots");
        std::fs::create_dir_all(&directory).unwrap();
        let path = directory.join(format!("{name}.pdf"));
        std::fs::write(&path, pdf).unwrap();
        let output = Command::new("pdftotext")
            .args(["-layout"])
            .arg(&path)
            .arg("-")
            .output()
            .unwrap_or_else(|error| {
                panic!("pdftotext did not run (install poppler-utils): {error}")
            });
        assert!(
            output.status.success(),
            "pdftotext failed on {}",
            path.display()
        );
        String::from_utf8(output.stdout).unwrap()
    }

    /// Saves a screenshot of the page as `target/screenshots/<name>.png`.
    pub async fn screenshot(&self, name: &str) {
        let directory = target_dir().join("screenshots");
        std::fs::create_dir_all(&directory).unwrap();
        let png = self.client.screenshot().await.unwrap();
        std::fs::write(directory.join(format!("{name}.png")), png).unwrap();
    }

    /// Closes Chromium and stops the server.
    pub async fn close(self) {
        self.client.close().await.unwrap();
        self.server.abort();
        if let Some(runner) = self.runner {
            runner.abort();
        }
    }
}

/// A browser signed in, by keyboard, with a new token of `role` for a person called `name`.
pub async fn signed_in(api: &Api, role: Role, name: &str) -> Browser {
    signed_in_on(api, TODAY, role, name).await
}

/// As [`signed_in`], with today fixed to `today`.
pub async fn signed_in_on(api: &Api, today: &str, role: Role, name: &str) -> Browser {
    let secret = named_token(api, role, &[], name).await;
    let browser = Browser::open_with(api, WebSettings::default(), today).await;
    browser.goto("/logga-in").await;
    browser.sign_in_by_keyboard(&secret).await;
    browser.wait_for_path("/").await;
    browser
}

/// A token with a person's name, for the navigation to show.
pub async fn named_token(api: &Api, role: Role, bodies: &[uuid::Uuid], name: &str) -> String {
    TokenStore::new(api.db.pool.clone())
        .create(role, bodies, Some(name))
        .await
        .unwrap()
        .secret
}

/// A table row's cells as [`Browser::table_rows`] reads them.
pub fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|cell| (*cell).to_owned()).collect()
}

fn target_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target")
}

fn chromium() -> String {
    std::env::var("SAMVERKAN_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned())
}

/// The address of the process's chromedriver, started on first use.
fn chromedriver() -> &'static str {
    static DRIVER: OnceLock<String> = OnceLock::new();
    DRIVER.get_or_init(start_chromedriver)
}

fn start_chromedriver() -> String {
    let program =
        std::env::var("SAMVERKAN_CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".to_owned());
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    // chromedriver, and the Chromium of a test that failed before closing it, would outlive the
    // test process. So they are started in a process group of their own (setsid), under a shell
    // that waits for this process to end and then stops the whole group.
    let child: Child = Command::new("setsid")
        .args([
            "sh",
            "-c",
            r#""$0" --port="$1" --log-level=WARNING &
               while kill -0 "$2" 2>/dev/null; do sleep 1; done
               kill -TERM 0"#,
            &program,
            &port.to_string(),
            &std::process::id().to_string(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|error| panic!("setsid and sh could not start {program}: {error}"));
    // The watching shell is never waited for; it ends with the driver.
    drop(child);
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    let deadline = Instant::now() + Duration::from_secs(20);
    while TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_err() {
        assert!(
            Instant::now() < deadline,
            "{program} did not listen on {address} within 20 s; install Debian's chromium and \
             chromium-driver packages, as .ci/run does"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    format!("http://{address}")
}

/// axe-core's script, installed with npm from the version `tests/web/package.json` pins when it
/// is not there yet.
fn axe_core() -> PathBuf {
    static INSTALL: Mutex<()> = Mutex::new(());
    let tools = target_dir().join("browser-tools");
    let script = tools.join("node_modules/axe-core/axe.min.js");
    let _installing = INSTALL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if !script.exists() {
        std::fs::create_dir_all(&tools).unwrap();
        let pinned = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/web");
        for file in ["package.json", "package-lock.json"] {
            std::fs::copy(pinned.join(file), tools.join(file)).unwrap();
        }
        let status = Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--silent", "--prefix"])
            .arg(&tools)
            .status()
            .unwrap_or_else(|error| {
                panic!("npm could not be started to install axe-core: {error}")
            });
        assert!(status.success(), "npm ci of axe-core failed: {status}");
    }
    script
}
