//! The HTTP server, through the router and through the real binary.

use std::net::{SocketAddr, TcpListener};
use std::process::{Command, Stdio};
use std::time::Duration;

use api::{app, AppState, HttpSettings};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use projections::{ProjectionRunner, ReadModel};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;

use crate::support::fixtures::*;
use crate::support::harness::TestDatabase;

#[tokio::test]
async fn readyz_reports_the_head_of_the_log_and_waits_for_the_read_models() {
    let db = TestDatabase::new().await;
    let strict = HttpSettings {
        ready_max_lag: 0,
        ..HttpSettings::default()
    };
    let router = app(AppState::new(db.pool.clone(), strict));
    let runner = ProjectionRunner::new(db.pool.clone());
    runner.prepare().await.unwrap();
    append_events(&db.pool, 2).await;
    let head_hash = read_all(&db.pool).await[1].hash;

    let (behind_status, retry_after, behind) = get_readyz(&router).await;
    runner.catch_up_all().await.unwrap();
    let (ready_status, _, ready) = get_readyz(&router).await;
    let (alive_status, _) = get_json(&router, "/healthz").await;

    assert_eq!(behind_status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(retry_after.as_deref(), Some("5"));
    assert_eq!(behind["status"], "not_ready");
    assert_eq!(
        behind["reasons"][0],
        "the membership read model is 2 events behind the log (at position 0, the log at 2)"
    );
    assert_eq!(
        behind["read_models"][0],
        serde_json::json!({ "read_model": "membership", "position": 0, "behind": 2 })
    );
    assert_eq!(ready_status, StatusCode::OK);
    let positions: Vec<serde_json::Value> = ReadModel::ALL
        .iter()
        .map(|model| serde_json::json!({ "read_model": model.name(), "position": 2, "behind": 0 }))
        .collect();
    assert_eq!(
        ready,
        serde_json::json!({
            "status": "ready",
            "log_head": 2,
            "log_head_hash": head_hash.to_string(),
            "read_models": positions,
            "reasons": [],
        })
    );
    assert_eq!(alive_status, StatusCode::OK);
}

/// With the defaults a read model catching up keeps the server ready, so that a load balancer
/// does not take a busy server out of service; one that stands still behind the log, as a read
/// model stopped by an event it cannot apply does, turns it not ready once it has stood longer
/// than allowed.
#[tokio::test]
async fn readyz_tolerates_catching_up_but_not_a_read_model_that_stands_still_behind_the_log() {
    let db = TestDatabase::new().await;
    let settings = HttpSettings {
        ready_max_stall: Duration::from_millis(300),
        ..HttpSettings::default()
    };
    assert_eq!(settings.ready_max_lag, api::DEFAULT_READY_MAX_LAG);
    let router = app(AppState::new(db.pool.clone(), settings));
    let runner = ProjectionRunner::new(db.pool.clone());
    runner.prepare().await.unwrap();
    append_events(&db.pool, 2).await;

    let (catching_up, _, _) = get_readyz(&router).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    let (stalled_status, retry_after, stalled) = get_readyz(&router).await;
    runner.catch_up_all().await.unwrap();
    let (caught_up, _, _) = get_readyz(&router).await;

    assert_eq!(catching_up, StatusCode::OK);
    assert_eq!(stalled_status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(retry_after.as_deref(), Some("5"));
    // How long it stood depends on the machine; the rest of the reason does not.
    let reason = stalled["reasons"][0].as_str().unwrap();
    assert!(
        reason.starts_with("the membership read model has stood at position 0 for ")
            && reason.ends_with(" s while 2 events of the log wait (the log at 2)"),
        "{reason}"
    );
    assert_eq!(
        stalled["reasons"].as_array().map(Vec::len),
        Some(ReadModel::ALL.len())
    );
    assert_eq!(caught_up, StatusCode::OK);
}

/// GET /readyz through the router: its status, its `Retry-After`, and its answer.
async fn get_readyz(router: &axum::Router) -> (StatusCode, Option<String>, serde_json::Value) {
    let response = router
        .clone()
        .oneshot(Request::get("/readyz").body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let retry_after = response
        .headers()
        .get(axum::http::header::RETRY_AFTER)
        .map(|value| value.to_str().unwrap().to_owned());
    let body = axum::body::to_bytes(response.into_body(), 1 << 16)
        .await
        .unwrap();
    (status, retry_after, serde_json::from_slice(&body).unwrap())
}

async fn get_json(router: &axum::Router, path: &str) -> (StatusCode, serde_json::Value) {
    let response = router
        .clone()
        .oneshot(Request::get(path).body(Body::empty()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), 1 << 16)
        .await
        .unwrap();
    (
        status,
        serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null),
    )
}

#[tokio::test]
async fn serve_listens_on_the_given_address_and_stops_cleanly_on_sigterm() {
    let db = TestDatabase::new().await;
    let address = free_local_address();
    let mut server = Command::new(env!("CARGO_BIN_EXE_samverkan"))
        .args(["serve", "--listen", &address.to_string()])
        .env("DATABASE_URL", db.url())
        .env("SAMVERKAN_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();

    let response = get_readiness(address).await;
    let terminated = nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(i32::try_from(server.id()).unwrap()),
        nix::sys::signal::Signal::SIGTERM,
    );
    let status = server.wait().unwrap();

    assert!(response.starts_with("HTTP/1.1 200 OK"), "{response}");
    assert!(response.contains(r#""log_head":0"#), "{response}");
    assert_eq!(terminated, Ok(()));
    assert_eq!(status.code(), Some(0));
}

#[tokio::test]
async fn every_request_is_logged_once_at_info_with_its_status_and_latency() {
    let db = TestDatabase::new().await;
    let address = free_local_address();
    let server = Command::new(env!("CARGO_BIN_EXE_samverkan"))
        .args(["serve", "--listen", &address.to_string()])
        .env("DATABASE_URL", db.url())
        .env("SAMVERKAN_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();

    get_readiness(address).await;
    let health = get(address, "/healthz").await;
    let page = get(address, "/finns-inte").await;
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(i32::try_from(server.id()).unwrap()),
        nix::sys::signal::Signal::SIGTERM,
    )
    .unwrap();
    let output = server.wait_with_output().unwrap();
    let log = String::from_utf8(output.stderr).unwrap();

    assert!(health.starts_with("HTTP/1.1 200 OK"), "{health}");
    assert!(page.starts_with("HTTP/1.1 404 Not Found"), "{page}");
    let answered = |path: &str, status: &str| -> Vec<&str> {
        log.lines()
            .filter(|line| {
                line.contains(" INFO ")
                    && line.contains(&format!("path={path}"))
                    && line.contains("finished processing request")
                    && line.contains(&format!("status={status}"))
                    && line.contains(" ms ")
            })
            .collect()
    };
    assert_eq!(answered("/healthz", "200").len(), 1, "{log}");
    assert_eq!(answered("/finns-inte", "404").len(), 1, "{log}");
    // The API's line carries the request id, so that it ties to the events the request wrote.
    assert!(
        answered("/healthz", "200")[0].contains("request_id="),
        "{log}"
    );
}

/// GET `path` with a bare HTTP/1.1 request.
async fn get(address: SocketAddr, path: &str) -> String {
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream
        .write_all(
            format!("GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        )
        .await
        .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    response
}

fn free_local_address() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
}

/// GET /readyz with a bare HTTP/1.1 request, retried while the server starts.
async fn get_readiness(address: SocketAddr) -> String {
    for _ in 0..300 {
        if let Ok(mut stream) = tokio::net::TcpStream::connect(address).await {
            stream
                .write_all(b"GET /readyz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                .await
                .unwrap();
            let mut response = String::new();
            stream.read_to_string(&mut response).await.unwrap();
            return response;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server never listened on {address}");
}

/// Starts `serve --demo` on `db`, waits until it listens, stops it, and returns its exit status.
async fn serve_demo_once(db: &TestDatabase) -> Option<i32> {
    let address = free_local_address();
    let mut server = Command::new(env!("CARGO_BIN_EXE_samverkan"))
        .args(["serve", "--demo", "--listen", &address.to_string()])
        .env("DATABASE_URL", db.url())
        .env("SAMVERKAN_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let response = get_readiness(address).await;
    assert!(response.starts_with("HTTP/1.1"), "{response}");
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(i32::try_from(server.id()).unwrap()),
        nix::sys::signal::Signal::SIGTERM,
    )
    .unwrap();
    server.wait().unwrap().code()
}

async fn demo_imports(db: &TestDatabase) -> (i64, i64) {
    sqlx::query_as(
        "SELECT count(*), count(*) FILTER (WHERE aggregate_type = 'ScenarioImport') FROM events",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn serve_demo_loads_the_seed_scenarios_into_an_empty_store_once() {
    let db = TestDatabase::new().await;
    assert_eq!(serve_demo_once(&db).await, Some(0));
    let (events, imports) = demo_imports(&db).await;
    assert_eq!(imports, samverkan::import::DEMO_SCENARIOS.len() as i64);
    assert!(events > imports, "the scenarios' own events are there too");

    // A second start keeps the demo as it is.
    assert_eq!(serve_demo_once(&db).await, Some(0));
    assert_eq!(demo_imports(&db).await, (events, imports));
}

#[tokio::test]
async fn serve_demo_refuses_a_store_that_holds_a_register_of_its_own() {
    let db = TestDatabase::new().await;
    append_events(&db.pool, 1).await;
    let output = Command::new(env!("CARGO_BIN_EXE_samverkan"))
        .args([
            "serve",
            "--demo",
            "--listen",
            &free_local_address().to_string(),
        ])
        .env("DATABASE_URL", db.url())
        .env("SAMVERKAN_LOG", "off")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "samverkan: nothing was imported: --demo loads the demo into an empty store, and this one holds a register of its own (1 event); point DATABASE_URL at an empty database\n"
    );
    assert_eq!(demo_imports(&db).await, (1, 0));
}
