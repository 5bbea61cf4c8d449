//! Faults injected into the real binary: killed under load, its database taken away, and its
//! connections held by slow clients. Each test starts `samverkan serve` on a database of its
//! own, bounds every wait, and stops the server itself.
//!
//! The figures each prints (run with `--nocapture` to see them) are what the README's operations
//! section and the issue notes quote.

pub(crate) mod database_away;
pub(crate) mod killed_under_load;
pub(crate) mod slow_clients;

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use register::access::{Role, TokenStore};
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::fixtures::cooperation_request;
use crate::support::harness::TestDatabase;

/// A `samverkan serve` process, its log kept in a file so that a test can read it afterwards.
pub(crate) struct Server {
    pub address: SocketAddr,
    process: Child,
    url: String,
    args: Vec<String>,
    open_file_limit: Option<u64>,
    log: PathBuf,
    _log_dir: tempfile::TempDir,
}

impl Server {
    /// Starts the server on `db` with `args` beside `serve --listen`, and waits until it answers.
    pub async fn start(db: &TestDatabase, args: &[&str]) -> Server {
        Server::start_limited(db, args, None).await
    }

    /// Starts the server as [`Server::start`] does, allowed at most `open_file_limit` open
    /// files when one is given (`ulimit -n`).
    pub async fn start_limited(
        db: &TestDatabase,
        args: &[&str],
        open_file_limit: Option<u64>,
    ) -> Server {
        let log_dir = tempfile::tempdir().unwrap();
        let address = free_local_address();
        let url = db.url();
        let args: Vec<String> = args.iter().map(|arg| (*arg).to_owned()).collect();
        let log = log_dir.path().join("serve.log");
        let process = launch(address, &url, &args, open_file_limit, &log);
        let server = Server {
            address,
            process,
            url,
            args,
            open_file_limit,
            log,
            _log_dir: log_dir,
        };
        server.wait_until_answering().await;
        server
    }

    async fn wait_until_answering(&self) {
        for _ in 0..600 {
            if let Ok(answer) = request(self.address, "GET", "/healthz", &[], None).await {
                assert_eq!(answer.status, 200, "{answer:?}");
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "the server never answered on {}:\n{}",
            self.address,
            self.log()
        );
    }

    /// Kills the server with SIGKILL, as a crash or the OOM killer would, and starts it again
    /// on the same address.
    pub async fn kill_and_restart(&mut self) {
        self.process.kill().unwrap();
        self.process.wait().unwrap();
        self.process = launch(
            self.address,
            &self.url,
            &self.args,
            self.open_file_limit,
            &self.log,
        );
        self.wait_until_answering().await;
    }

    /// Everything the server has logged so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// Waits until `/readyz` says every read model has applied the whole log.
    pub async fn wait_until_caught_up(&self) {
        for _ in 0..600 {
            if let Ok(answer) = request(self.address, "GET", "/readyz", &[], None).await {
                let readiness: Value = serde_json::from_str(&answer.body).unwrap_or(Value::Null);
                let behind = readiness["read_models"]
                    .as_array()
                    .map(|models| models.iter().all(|model| model["behind"] == 0));
                if answer.status == 200 && behind == Some(true) {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the read models never caught up:\n{}", self.log());
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = nix::sys::signal::kill(
            nix::unistd::Pid::from_raw(i32::try_from(self.process.id()).unwrap_or(0)),
            nix::sys::signal::Signal::SIGTERM,
        );
        let _ = self.process.wait();
    }
}

/// Starts `samverkan serve` on `address`, appending its log to `log`; under a shell that sets
/// the open-file limit first, when one is given.
fn launch(
    address: SocketAddr,
    url: &str,
    args: &[String],
    open_file_limit: Option<u64>,
    log: &Path,
) -> Child {
    let log = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(log)
        .unwrap();
    let binary = env!("CARGO_BIN_EXE_samverkan");
    let mut command = match open_file_limit {
        Some(limit) => {
            let mut shell = Command::new("sh");
            shell.args([
                "-c",
                &format!("ulimit -n {limit} && exec \"$0\" \"$@\""),
                binary,
            ]);
            shell
        }
        None => Command::new(binary),
    };
    command
        .args(["serve", "--listen", &address.to_string()])
        .args(args)
        .env("DATABASE_URL", url)
        .env("SAMVERKAN_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::from(log))
        .spawn()
        .unwrap()
}

pub(crate) fn free_local_address() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
}

/// An administrator's bearer token on `db`.
pub(crate) async fn administrator(db: &TestDatabase) -> String {
    let token = TokenStore::new(db.pool.clone())
        .create(Role::Administrator, &[], Some("fault test"))
        .await
        .unwrap();
    format!("Bearer {}", token.secret)
}

/// Signs in to the web app with the token whose `Authorization` header is `authorization`, as a
/// browser on the site does, and returns the session cookie as the browser sends it back.
pub(crate) async fn signed_in(address: SocketAddr, authorization: &str) -> String {
    let secret = authorization.trim_start_matches("Bearer ");
    let answer = request(
        address,
        "POST",
        "/logga-in",
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Sec-Fetch-Site", "same-origin"),
        ],
        Some(&format!("token={secret}&till=%2F")),
    )
    .await
    .unwrap();
    assert_eq!(answer.status, 303, "{answer:?}");
    let cookie = answer.header("set-cookie").unwrap();
    cookie.split(';').next().unwrap().to_owned()
}

/// A cooperation to establish, named after the writer and the request that writes it.
pub(crate) fn cooperation(name: &str) -> String {
    cooperation_request(name).to_string()
}

/// An HTTP answer, read whole.
#[derive(Debug, Clone)]
pub(crate) struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(header, _)| header.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or(Value::Null)
    }
}

/// One request on a connection of its own, with `Connection: close`; an error when the server
/// cannot be reached, closes the connection without an answer, or takes over 30 s.
pub(crate) async fn request(
    address: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> std::io::Result<Answer> {
    let exchange = async {
        let mut stream = tokio::net::TcpStream::connect(address).await?;
        let mut head =
            format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        if let Some(body) = body {
            let typed = headers
                .iter()
                .any(|(name, _)| name.eq_ignore_ascii_case("content-type"));
            if !typed {
                head.push_str("Content-Type: application/json\r\n");
            }
            head.push_str(&format!("Content-Length: {}\r\n", body.len()));
        }
        head.push_str("\r\n");
        head.push_str(body.unwrap_or_default());
        stream.write_all(head.as_bytes()).await?;
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).await?;
        parse_answer(&raw)
    };
    match tokio::time::timeout(Duration::from_secs(30), exchange).await {
        Ok(answer) => answer,
        Err(_) => Err(std::io::Error::from(std::io::ErrorKind::TimedOut)),
    }
}

fn parse_answer(raw: &[u8]) -> std::io::Result<Answer> {
    let unreadable = || std::io::Error::new(std::io::ErrorKind::InvalidData, "no HTTP answer");
    let text = String::from_utf8_lossy(raw);
    let (head, body) = text.split_once("\r\n\r\n").ok_or_else(unreadable)?;
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|line| line.split_whitespace().nth(1))
        .and_then(|status| status.parse().ok())
        .ok_or_else(unreadable)?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        .collect();
    let chunked = headers.iter().any(|(name, value)| {
        name.eq_ignore_ascii_case("transfer-encoding") && value.eq_ignore_ascii_case("chunked")
    });
    let body = if chunked {
        dechunk(body)
    } else {
        body.to_owned()
    };
    Ok(Answer {
        status,
        headers,
        body,
    })
}

/// The body of a chunked answer.
fn dechunk(mut chunked: &str) -> String {
    let mut body = String::new();
    while let Some((size, rest)) = chunked.split_once("\r\n") {
        let Ok(size) = usize::from_str_radix(size.trim(), 16) else {
            break;
        };
        if size == 0 || rest.len() < size {
            break;
        }
        body.push_str(&rest[..size]);
        chunked = rest[size..].trim_start_matches("\r\n");
    }
    body
}

/// The events written under each idempotency key: (key, stream id, count).
pub(crate) async fn events_by_key(db: &TestDatabase) -> Vec<(String, String, i64)> {
    sqlx::query_as(
        "SELECT metadata ->> 'idempotency_key', min(aggregate_id), count(*)
           FROM events WHERE metadata ->> 'idempotency_key' IS NOT NULL
          GROUP BY 1 ORDER BY (metadata ->> 'idempotency_key') COLLATE \"C\"",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap()
}

/// Retries a POST under its key until it has a definite answer: anything but a 409 for an
/// attempt still holding the key, or a 503. Waits as `Retry-After` says, at most `patience`.
pub(crate) async fn retry_until_answered(
    address: SocketAddr,
    path: &str,
    authorization: &str,
    key: &str,
    body: &str,
    patience: Duration,
) -> Answer {
    let started = std::time::Instant::now();
    loop {
        let answer = request(
            address,
            "POST",
            path,
            &[("Authorization", authorization), ("Idempotency-Key", key)],
            Some(body),
        )
        .await;
        let wait = match &answer {
            Ok(answer) if answer.status == 409 || answer.status == 503 => answer
                .header("retry-after")
                .and_then(|seconds| seconds.parse().ok())
                .map(Duration::from_secs)
                .unwrap_or(Duration::from_secs(1)),
            Ok(answer) => return answer.clone(),
            Err(_) => Duration::from_millis(200),
        };
        assert!(
            started.elapsed() < patience,
            "no definite answer for key {key} within {patience:?}: {answer:?}"
        );
        tokio::time::sleep(wait.min(Duration::from_secs(2))).await;
    }
}

/// Runs `samverkan verify` on `db` and returns its exit code and output.
pub(crate) fn verify(db: &TestDatabase) -> (Option<i32>, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_samverkan"))
        .arg("verify")
        .env("DATABASE_URL", db.url())
        .env("SAMVERKAN_LOG", "off")
        .output()
        .unwrap();
    (
        output.status.code(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
    )
}
