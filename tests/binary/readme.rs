//! The README, run: its shell blocks, in order, against the real binary's `serve --demo` on a
//! fresh database, so that what a newcomer copies from it works (README, "Tests").
//!
//! - The block after `<!-- readme-test: serve -->` starts the server, as the README says to in
//!   one terminal; every other `sh` block runs after it, in order, in one bash with
//!   `-euo pipefail`, as in the second terminal, so that the variables one block defines are
//!   there for the next.
//! - `cargo run --release --quiet -- …` stands for the binary under test (a shell function), and
//!   curl (another) answers on the test's own port for `127.0.0.1:8080` and records the status
//!   of every call.
//! - A block's `# HTTP 422` comments are the statuses its curl calls must get, in order; a block
//!   without them must get 2xx from every call.
//! - Left out: blocks marked `<!-- readme-test: skip: REASON -->`, and blocks that only run
//!   `cargo test` (this suite).

use std::net::{SocketAddr, TcpListener};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::harness::TestDatabase;

const SERVE_MARKER: &str = "<!-- readme-test: serve -->";
const SKIP_MARKER: &str = "<!-- readme-test: skip: ";
const STATUS_COMMENT: &str = "# HTTP ";

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Serve,
    Run,
    /// Left out, with the reason.
    Skip(String),
}

/// One fenced `sh` block of the README.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Block {
    /// The README's line of the opening fence, 1-based, for messages.
    line: usize,
    kind: Kind,
    text: String,
}

impl Block {
    /// The statuses the block's comments promise its curl calls, in order.
    fn promised_statuses(&self) -> Vec<String> {
        self.text
            .lines()
            .filter_map(|line| line.trim_start().strip_prefix(STATUS_COMMENT))
            .map(|rest| rest.chars().take_while(char::is_ascii_digit).collect())
            .collect()
    }
}

/// Every `sh` block of `markdown`, classified by the marker on the line before it. A marker that
/// is not followed by an `sh` block, or a skip without a reason, is a mistake in the README.
fn blocks(markdown: &str) -> Result<Vec<Block>, String> {
    let lines: Vec<&str> = markdown.lines().collect();
    let mut blocks = Vec::new();
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        if line.starts_with("<!-- readme-test") && lines.get(index + 1) != Some(&"```sh") {
            return Err(format!(
                "README.md line {}: a readme-test marker must stand right before a ```sh block",
                index + 1
            ));
        }
        if line != "```sh" {
            index += 1;
            continue;
        }
        let opening = index;
        let end = lines[opening + 1..]
            .iter()
            .position(|line| line.starts_with("```"))
            .map(|offset| opening + 1 + offset)
            .ok_or_else(|| format!("README.md line {}: a block is never closed", opening + 1))?;
        let text = lines[opening + 1..end].join("\n") + "\n";
        let marker = opening.checked_sub(1).map_or("", |before| lines[before]);
        let kind = if marker == SERVE_MARKER {
            Kind::Serve
        } else if let Some(rest) = marker.strip_prefix(SKIP_MARKER) {
            let reason = rest.strip_suffix(" -->").unwrap_or_default().trim();
            if reason.is_empty() {
                return Err(format!(
                    "README.md line {}: a skipped block must say why, as `{SKIP_MARKER}REASON -->`",
                    opening
                ));
            }
            Kind::Skip(reason.to_owned())
        } else if only_runs_the_tests(&text) {
            Kind::Skip("it runs the test suite".to_owned())
        } else {
            Kind::Run
        };
        blocks.push(Block {
            line: opening + 1,
            kind,
            text,
        });
        index = end + 1;
    }
    Ok(blocks)
}

/// Whether every command of the block is `cargo test …`, which cannot run inside the suite.
fn only_runs_the_tests(text: &str) -> bool {
    let mut commands = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .peekable();
    commands.peek().is_some() && commands.all(|line| line.starts_with("cargo test "))
}

/// The scenarios' lines the README shows the start printing, in the `text` block after the
/// server's block.
fn quoted_start(readme: &str, serve_line: usize) -> Vec<String> {
    readme
        .lines()
        .skip(serve_line)
        .skip_while(|line| *line != "```text")
        .skip(1)
        .take_while(|line| !line.starts_with("```"))
        .filter(|line| line.starts_with("imported scenario "))
        .map(str::to_owned)
        .collect()
}

fn readme() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md");
    std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}

#[test]
fn blocks_are_classified_by_the_marker_before_them() {
    let markdown = "\
text
<!-- readme-test: serve -->
```sh
serve
```
```sh
curl -s x
# HTTP 422: refused
curl -sf y
# HTTP 201, Location: /z
```
<!-- readme-test: skip: a benchmark -->
```sh
bench
```
```sh
cargo test -p samverkan --test end_to_end readme   # this file
```
```json
{}
```
";
    let found = blocks(markdown).unwrap();
    assert_eq!(
        found,
        vec![
            Block {
                line: 3,
                kind: Kind::Serve,
                text: "serve\n".to_owned()
            },
            Block {
                line: 6,
                kind: Kind::Run,
                text: "curl -s x\n# HTTP 422: refused\ncurl -sf y\n# HTTP 201, Location: /z\n"
                    .to_owned()
            },
            Block {
                line: 13,
                kind: Kind::Skip("a benchmark".to_owned()),
                text: "bench\n".to_owned()
            },
            Block {
                line: 16,
                kind: Kind::Skip("it runs the test suite".to_owned()),
                text: "cargo test -p samverkan --test end_to_end readme   # this file\n".to_owned()
            },
        ]
    );
    assert_eq!(found[1].promised_statuses(), vec!["422", "201"]);
    assert_eq!(
        blocks("<!-- readme-test: skip:  -->\n```sh\nx\n```\n"),
        Err("README.md line 1: a skipped block must say why, as `<!-- readme-test: skip: REASON -->`".to_owned())
    );
    assert_eq!(
        blocks("<!-- readme-test: serve -->\n\n```sh\nx\n```\n"),
        Err(
            "README.md line 1: a readme-test marker must stand right before a ```sh block"
                .to_owned()
        )
    );
}

#[test]
fn the_readme_starts_the_demo_first_and_runs_what_follows() {
    let found = blocks(&readme()).unwrap();
    let serving: Vec<&Block> = found
        .iter()
        .filter(|block| block.kind == Kind::Serve)
        .collect();
    assert_eq!(serving.len(), 1, "one block starts the server");
    assert_eq!(
        serving[0].text,
        "cargo run --release --quiet -- serve --demo | tee demo.txt\n"
    );
    assert_eq!(
        found[0], *serving[0],
        "the server is started before anything else runs"
    );
    let run = found.iter().filter(|block| block.kind == Kind::Run).count();
    assert!(run >= 20, "only {run} blocks would run");
}

/// The shell functions every block runs with: `cargo run --release --quiet --` is the binary
/// under test, and curl talks to the test's server and records each call's status.
const PRELUDE: &str = r##"
cargo() {
    if [ "$#" -ge 4 ] && [ "$1" = run ] && [ "$2" = --release ] && [ "$3" = --quiet ] && [ "$4" = -- ]; then
        shift 4
        "$README_TEST_BINARY" "$@"
    else
        echo "readme test: a block may run 'cargo run --release --quiet -- …' only, not 'cargo $*'" >&2
        return 97
    fi
}
curl() {
    local headers arg status=0 args=()
    headers=$(mktemp)
    for arg in "$@"; do
        args+=("${arg//127.0.0.1:8080/$README_TEST_ADDRESS}")
    done
    command curl --dump-header "$headers" "${args[@]}" || status=$?
    printf '%s %s\n' "$README_TEST_BLOCK" "$(head -n 1 "$headers" | cut -d ' ' -f 2)" >>"$README_TEST_STATUSES"
    rm -f "$headers"
    return "$status"
}
"##;

/// Stops the server's whole process group (bash, the binary and `tee`) however the test ends.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(group) = i32::try_from(self.0.id()) {
            let _ = nix::sys::signal::killpg(
                nix::unistd::Pid::from_raw(group),
                nix::sys::signal::Signal::SIGTERM,
            );
        }
        let _ = self.0.wait();
    }
}

fn free_local_address() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
}

/// The status of GET /readyz, or None while nothing listens.
async fn readiness(address: SocketAddr) -> Option<String> {
    let mut stream = tokio::net::TcpStream::connect(address).await.ok()?;
    stream
        .write_all(b"GET /readyz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).await.ok()?;
    response.lines().next().map(str::to_owned)
}

fn bash(workdir: &Path, db: &TestDatabase, address: SocketAddr) -> Command {
    let mut command = Command::new("bash");
    command
        .args(["-euo", "pipefail"])
        .current_dir(workdir)
        .env("DATABASE_URL", db.url())
        .env("README_TEST_BINARY", env!("CARGO_BIN_EXE_samverkan"))
        .env("README_TEST_ADDRESS", address.to_string())
        .env("README_TEST_STATUSES", workdir.join("statuses.txt"))
        .env_remove("SAMVERKAN_LOG")
        .env_remove("SAMVERKAN_LISTEN");
    command
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

#[tokio::test]
async fn every_shell_block_of_the_readme_works_against_a_fresh_demo() {
    let found = blocks(&readme()).unwrap();
    let db = TestDatabase::new().await;
    let scratch = tempfile::tempdir().unwrap();
    let workdir = scratch.path();
    let repository = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    for shared in ["data", "tests"] {
        std::os::unix::fs::symlink(repository.join(shared), workdir.join(shared)).unwrap();
    }
    let address = free_local_address();

    // The first terminal: the server, as the README starts it.
    let serve = &found[0];
    assert_eq!(serve.kind, Kind::Serve);
    let mut starting = bash(workdir, &db, address);
    starting
        .arg("-c")
        .arg(format!("{PRELUDE}\n{}", serve.text))
        .env("SAMVERKAN_LISTEN", address.to_string())
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(workdir.join("serve.out")).unwrap())
        .stderr(std::fs::File::create(workdir.join("serve.err")).unwrap())
        .process_group(0);
    let _server = Server(starting.spawn().unwrap());
    let mut ready = None;
    for _ in 0..1200 {
        ready = readiness(address).await;
        if ready.as_deref() == Some("HTTP/1.1 200 OK") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let served = read(&workdir.join("serve.out"));
    let log = read(&workdir.join("serve.err"));
    assert_eq!(
        ready.as_deref(),
        Some("HTTP/1.1 200 OK"),
        "the demo never became ready\n{served}\n{log}"
    );

    // What the README says the start prints: every scenario's line, and a log that names the
    // database once, warns of nothing and says where it listens.
    let imported: Vec<&str> = served
        .lines()
        .filter(|line| line.starts_with("imported scenario "))
        .collect();
    assert_eq!(
        imported.len(),
        samverkan::import::DEMO_SCENARIOS.len(),
        "{served}"
    );
    let quoted = quoted_start(&readme(), serve.line);
    assert!(!quoted.is_empty(), "the README shows what the start prints");
    for line in quoted {
        assert!(
            imported.contains(&line.as_str()),
            "the README quotes {line:?}, the demo printed {imported:#?}"
        );
    }
    assert!(read(&workdir.join("demo.txt")).contains("\n@inkopsnamnden = "));
    let database_lines: Vec<&str> = log
        .lines()
        .filter(|line| line.contains("using database"))
        .collect();
    assert_eq!(
        database_lines.len(),
        1,
        "one line names the database:\n{log}"
    );
    let server = crate::support::harness::server_connect_options(&db.name);
    let host = server.get_socket().map_or_else(
        || server.get_host().to_owned(),
        |socket| socket.display().to_string(),
    );
    assert!(
        database_lines[0].ends_with(&format!(
            "INFO register::database: using database {} through DATABASE_URL (host {host}, port {}) as {}",
            db.name,
            server.get_port(),
            register::database::APPLICATION_ROLE
        )),
        "{log}"
    );
    // The start-up log ends where the server listens; what follows answers this test's
    // /readyz, which may be a 503 (logged at WARN) until the read models are built.
    let listening = format!("INFO samverkan::server: listening on http://{address}");
    let start_up: Vec<&str> = log
        .lines()
        .take_while(|line| !line.contains(&listening))
        .collect();
    assert!(
        start_up.len() < log.lines().count(),
        "never listened:\n{log}"
    );
    for noise in [" WARN ", " ERROR ", "skipping", "NOTICE"] {
        assert!(
            !start_up.iter().any(|line| line.contains(noise)),
            "the start-up log holds {noise:?}:\n{log}"
        );
    }

    // The second terminal: every other block, in order, in one shell.
    let mut script = String::from(PRELUDE);
    let runs: Vec<&Block> = found
        .iter()
        .filter(|block| block.kind == Kind::Run)
        .collect();
    for block in &runs {
        script.push_str(&format!(
            "\nREADME_TEST_BLOCK={line}\necho {line} >>started.txt\n{text}",
            line = block.line,
            text = block.text
        ));
    }
    let output = bash(workdir, &db, address)
        .arg("-c")
        .arg(&script)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let started = read(&workdir.join("started.txt"));
    assert!(
        output.status.success(),
        "the README's block at line {} failed ({})\n--- stdout\n{}\n--- stderr\n{}",
        started.lines().last().unwrap_or("?"),
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(started.lines().count(), runs.len(), "every block ran, once");

    // Every curl call got the status its block promises, or else a 2xx.
    let recorded = read(&workdir.join("statuses.txt"));
    let mut got = Vec::new();
    let mut promised = Vec::new();
    for block in &runs {
        let statuses: Vec<String> = recorded
            .lines()
            .filter_map(|line| line.split_once(' '))
            .filter(|(line, _)| *line == block.line.to_string())
            .map(|(_, status)| status.trim().to_owned())
            .collect();
        let expected = block.promised_statuses();
        let expected = if expected.is_empty() {
            statuses
                .iter()
                .map(|status| {
                    if status.starts_with('2') && status.len() == 3 {
                        status.clone()
                    } else {
                        "2xx".to_owned()
                    }
                })
                .collect()
        } else {
            expected
        };
        got.push((block.line, statuses));
        promised.push((block.line, expected));
    }
    assert_eq!(got, promised, "(README line, statuses of its curl calls)");
}
