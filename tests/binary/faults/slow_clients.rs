//! Slow and idle clients: 300 connections that never finish their request's head, 300 that
//! never finish its body and 100 that sit idle after a request, held for 20 s (each reconnects
//! when it is closed), while a probe reads the register.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::{administrator, request, Server};
use crate::support::harness::TestDatabase;

const SLOW_HEADERS: usize = 300;
const SLOW_BODIES: usize = 300;
const IDLE: usize = 100;
const LOAD: Duration = Duration::from_secs(20);
/// The server's timeouts in this test: short, so that each connection is closed several times
/// within the load's 20 s.
const TIMEOUT_SECONDS: u64 = 4;

/// How one held connection ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Held {
    /// The server closed it, this long after the client stalled.
    Closed(Duration),
    /// The server still held it open long after its timeout.
    StillOpen,
    /// It could not be opened.
    Refused,
}

#[tokio::test]
async fn stalled_and_idle_connections_are_closed_by_the_timeouts_while_a_probe_is_served() {
    raise_open_file_limit();
    let db = TestDatabase::new().await;
    let authorization = administrator(&db).await;
    let timeout = TIMEOUT_SECONDS.to_string();
    let server = Server::start(
        &db,
        &[
            "--header-read-timeout-seconds",
            &timeout,
            "--body-read-timeout-seconds",
            &timeout,
            "--idle-timeout-seconds",
            &timeout,
        ],
    )
    .await;
    let address = server.address;
    let started = Instant::now();

    let mut holders = Vec::new();
    for number in 0..SLOW_HEADERS + SLOW_BODIES + IDLE {
        let authorization = authorization.clone();
        holders.push(tokio::spawn(async move {
            let stall = match number {
                number if number < SLOW_HEADERS => Stall::Header,
                number if number < SLOW_HEADERS + SLOW_BODIES => Stall::Body,
                _ => Stall::Idle,
            };
            let mut ends = Vec::new();
            while started.elapsed() < LOAD {
                ends.push(hold(address, stall, &authorization).await);
            }
            (stall, ends)
        }));
    }

    let mut latencies = Vec::new();
    let mut probe_statuses = Vec::new();
    while started.elapsed() < LOAD {
        let sent = Instant::now();
        let answer = request(
            address,
            "GET",
            "/api/v1/cooperations",
            &[("Authorization", authorization.as_str())],
            None,
        )
        .await;
        latencies.push(sent.elapsed());
        probe_statuses.push(answer.map(|answer| answer.status).unwrap_or(0));
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut ended = Vec::new();
    for holder in holders {
        ended.push(holder.await.unwrap());
    }

    latencies.sort();
    let p99 = latencies[latencies.len() * 99 / 100];
    let closed: Vec<(Stall, Duration)> = ended
        .iter()
        .flat_map(|(stall, ends)| {
            ends.iter().filter_map(|end| match end {
                Held::Closed(after) => Some((*stall, *after)),
                _ => None,
            })
        })
        .collect();
    let slowest_close = |of: Stall| {
        closed
            .iter()
            .filter(|(stall, _)| *stall == of)
            .map(|(_, after)| *after)
            .max()
    };
    eprintln!(
        "{SLOW_HEADERS} slow-header, {SLOW_BODIES} slow-body and {IDLE} idle connections for \
         {LOAD:?}: {} probe reads, p50 {:?}, p99 {p99:?}, slowest {:?}; {} stalled connections \
         closed, the slowest after {:?} (head), {:?} (body), {:?} (idle)",
        latencies.len(),
        latencies[latencies.len() / 2],
        latencies.last(),
        closed.len(),
        slowest_close(Stall::Header),
        slowest_close(Stall::Body),
        slowest_close(Stall::Idle),
    );
    assert!(
        probe_statuses.iter().all(|status| *status == 200),
        "{probe_statuses:?}"
    );
    for (stall, ends) in &ended {
        assert!(!ends.is_empty());
        assert!(
            ends.iter().all(|end| matches!(end, Held::Closed(_))),
            "{stall:?}: {ends:?}"
        );
    }
    // Every kind of stall was closed by its timeout, not by the client: each connection was
    // closed again and again within the load.
    for stall in [Stall::Header, Stall::Body, Stall::Idle] {
        let times = closed.iter().filter(|(of, _)| *of == stall).count();
        assert!(times > 0, "no {stall:?} connection was closed");
    }
}

/// How a held connection stalls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stall {
    /// It sends part of a request's head and then nothing.
    Header,
    /// It sends a whole head and part of the body it announces, and then nothing.
    Body,
    /// It sends one whole request, reads the answer, and keeps the connection open.
    Idle,
}

/// Opens a connection, stalls it as told, and waits for the server to close it: at most twice
/// its timeout and a few seconds, after which it counts as held open.
async fn hold(address: SocketAddr, stall: Stall, authorization: &str) -> Held {
    let Ok(mut stream) = TcpStream::connect(address).await else {
        tokio::time::sleep(Duration::from_millis(100)).await;
        return Held::Refused;
    };
    let sent = match stall {
        Stall::Header => "GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ".to_owned(),
        Stall::Body => format!(
            "POST /api/v1/cooperations HTTP/1.1\r\nHost: localhost\r\nAuthorization: \
             {authorization}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n\
             {{\"name\": \"Ska"
        ),
        Stall::Idle => "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n".to_owned(),
    };
    if stream.write_all(sent.as_bytes()).await.is_err() {
        return Held::Refused;
    }
    let stalled = Instant::now();
    let patience = Duration::from_secs(TIMEOUT_SECONDS * 2 + 5);
    let mut buffer = [0_u8; 4096];
    loop {
        match tokio::time::timeout(
            patience.saturating_sub(stalled.elapsed()),
            stream.read(&mut buffer),
        )
        .await
        {
            // An answer (the idle connection's, or a refusal of a stalled body) may come first;
            // the connection counts as closed when the server closes it.
            Ok(Ok(0)) | Ok(Err(_)) => return Held::Closed(stalled.elapsed()),
            Ok(Ok(_)) => continue,
            Err(_) => return Held::StillOpen,
        }
    }
}

/// Lets this test process open the 700 connections it holds beside everything else the tests
/// have open.
fn raise_open_file_limit() {
    use nix::sys::resource::{getrlimit, setrlimit, Resource};
    let (soft, hard) = getrlimit(Resource::RLIMIT_NOFILE).unwrap();
    if soft < hard {
        setrlimit(Resource::RLIMIT_NOFILE, hard, hard).unwrap();
    }
}

/// Under an open-file limit of 256 the server caps its connections at 128, keeping the rest of
/// its descriptors for the database and itself. With the cap taken by stalled clients, a
/// connection it had already accepted goes on being served, a new one waits until a stalled one
/// is closed and is then served, and the server never runs out of descriptors.
#[tokio::test]
async fn with_its_connections_taken_the_server_serves_those_open_and_accepts_again_when_one_closes()
{
    raise_open_file_limit();
    let db = TestDatabase::new().await;
    let server = Server::start_limited(
        &db,
        &[
            "--max-connections",
            "1000",
            "--header-read-timeout-seconds",
            "3",
        ],
        Some(256),
    )
    .await;
    let address = server.address;
    let mut kept_alive = TcpStream::connect(address).await.unwrap();
    let first = exchange_kept_alive(&mut kept_alive).await;

    let mut stalled = Vec::new();
    for _ in 0..200 {
        let mut stream = TcpStream::connect(address).await.unwrap();
        stream
            .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
            .await
            .unwrap();
        stalled.push(stream);
    }
    // The cap is taken: the connection accepted before is still served.
    let while_full = exchange_kept_alive(&mut kept_alive).await;
    // A new client waits for a stalled connection to be closed, and is then served.
    let waited = Instant::now();
    let newcomer = request(address, "GET", "/healthz", &[], None)
        .await
        .unwrap();
    let waited = waited.elapsed();

    eprintln!(
        "with 200 stalled connections and the cap at 128, a new client was served after {waited:?}"
    );
    assert!(first.starts_with("HTTP/1.1 200 OK"), "{first}");
    assert!(while_full.starts_with("HTTP/1.1 200 OK"), "{while_full}");
    assert_eq!(newcomer.status, 200);
    let log = server.log();
    assert!(
        log.contains(
            "the open-file limit allows fewer connections than asked for; serving at most 128"
        ),
        "{log}"
    );
    assert!(!log.contains("Too many open files"), "{log}");
    drop(stalled);
}

/// Sends GET /healthz on a kept-alive connection and reads its answer: a head and the body of
/// the length it gives.
async fn exchange_kept_alive(stream: &mut TcpStream) -> String {
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .await
        .unwrap();
    let mut answer = Vec::new();
    let mut buffer = [0_u8; 1024];
    loop {
        let read = tokio::time::timeout(Duration::from_secs(10), stream.read(&mut buffer))
            .await
            .expect("the kept-alive connection was not answered")
            .unwrap();
        assert_ne!(read, 0, "the kept-alive connection was closed");
        answer.extend_from_slice(&buffer[..read]);
        let text = String::from_utf8_lossy(&answer).into_owned();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length: usize = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length: "))
                .and_then(|length| length.trim().parse().ok())
                .unwrap_or(0);
            if body.len() >= length {
                return text;
            }
        }
    }
}
