//! The HTTP server, through the router and through the real binary.

use std::net::{SocketAddr, TcpListener};
use std::process::{Command, Stdio};
use std::time::Duration;

use api::server::{app, AppState};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use eventlog::LogReader;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tower::ServiceExt;

use crate::fixtures::*;
use crate::harness::TestDatabase;

#[tokio::test]
async fn health_reports_the_head_of_the_log() {
    let db = TestDatabase::new().await;
    append_events(&db.pool, 2).await;
    let head_hash = read_all(&db.pool).await[1].hash;
    let router = app(AppState {
        reader: LogReader::new(db.pool.clone()),
    });

    let response = router
        .oneshot(Request::get("/health").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let body = axum::body::to_bytes(response.into_body(), 1 << 16)
        .await
        .unwrap();
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&body).unwrap(),
        serde_json::json!({
            "status": "ok",
            "log_head_position": 2,
            "log_head_hash": head_hash.to_string(),
        })
    );
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

    let response = get_health(address).await;
    let terminated = nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(i32::try_from(server.id()).unwrap()),
        nix::sys::signal::Signal::SIGTERM,
    );
    let status = server.wait().unwrap();

    assert!(response.starts_with("HTTP/1.1 200 OK"), "{response}");
    assert!(response.contains(r#""log_head_position":0"#), "{response}");
    assert_eq!(terminated, Ok(()));
    assert_eq!(status.code(), Some(0));
}

fn free_local_address() -> SocketAddr {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
}

/// GET /health with a bare HTTP/1.1 request, retried while the server starts.
async fn get_health(address: SocketAddr) -> String {
    for _ in 0..300 {
        if let Ok(mut stream) = tokio::net::TcpStream::connect(address).await {
            stream
                .write_all(b"GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
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
