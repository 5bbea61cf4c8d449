//! A server keeps the tokens it verified, so that a read costs one round trip; a revocation made
//! anywhere, even by `samverkan token revoke` in another process, is refused at once.

use std::process::Command;
use std::time::Duration;

use api::{app, AppState, HttpSettings};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use register::access::{Role, TokenStore};
use tower::ServiceExt;

use crate::support::harness::TestDatabase;

async fn status_of_a_read(router: &Router, secret: &str) -> StatusCode {
    let request = Request::get("/api/v1/audit/events")
        .header("authorization", format!("Bearer {secret}"))
        .body(Body::empty())
        .unwrap();
    router.clone().oneshot(request).await.unwrap().status()
}

/// Reads with `secret` until the server keeps its token: the listener that makes keeping safe
/// connects in the background after the first request.
async fn until_kept(router: &Router, tokens: &TokenStore, secret: &str) {
    for _ in 0..200 {
        assert_eq!(status_of_a_read(router, secret).await, StatusCode::OK);
        if tokens.keeps(secret) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("the server never kept the token it verified");
}

#[tokio::test]
async fn a_token_revoked_by_another_process_is_refused_at_once_by_a_server_that_kept_it() {
    let db = TestDatabase::new().await;
    let created = TokenStore::new(db.pool.clone())
        .create(Role::Auditor, &[], Some("Revisorn"))
        .await
        .unwrap();
    let state = AppState::new(db.pool.clone(), HttpSettings::default());
    let tokens = state.tokens.clone();
    let router = app(state);
    until_kept(&router, &tokens, &created.secret).await;

    let revoked = Command::new(env!("CARGO_BIN_EXE_samverkan"))
        .args(["token", "revoke", &created.token.id.to_string()])
        .env("DATABASE_URL", db.url())
        .env("SAMVERKAN_LOG", "off")
        .output()
        .unwrap();
    assert!(revoked.status.success(), "{revoked:?}");

    // The notification arrives in milliseconds; the time-to-live alone would take ten seconds.
    for _ in 0..100 {
        if !tokens.keeps(&created.secret) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(!tokens.keeps(&created.secret));
    assert_eq!(
        status_of_a_read(&router, &created.secret).await,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn a_kept_token_is_answered_from_memory_and_forgotten_after_its_time_to_live() {
    let db = TestDatabase::new().await;
    let created = TokenStore::new(db.pool.clone())
        .create(Role::Auditor, &[], Some("Revisorn"))
        .await
        .unwrap();
    let cached = TokenStore::cached_for(db.pool.clone(), Duration::from_secs(2));
    for _ in 0..200 {
        assert!(cached
            .authenticate(&created.secret)
            .await
            .unwrap()
            .is_some());
        if cached.keeps(&created.secret) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }

    // A change that nobody announces, as if the notification were lost: the kept token still
    // answers, which shows the database is not asked, until its time-to-live runs out.
    sqlx::raw_sql(
        "ALTER TABLE api_tokens DISABLE TRIGGER api_tokens_announce_change;
         UPDATE api_tokens SET revoked_at = now();
         ALTER TABLE api_tokens ENABLE TRIGGER api_tokens_announce_change;",
    )
    .execute(&db.owner_pool)
    .await
    .unwrap();
    let from_memory = cached.authenticate(&created.secret).await.unwrap();
    assert_eq!(from_memory.map(|token| token.id), Some(created.token.id));
    assert_eq!(
        TokenStore::new(db.pool.clone())
            .authenticate(&created.secret)
            .await
            .unwrap(),
        None
    );

    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(cached.authenticate(&created.secret).await.unwrap(), None);
}
