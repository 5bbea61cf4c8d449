//! `Idempotency-Key` when the first attempt never answered: a lease that ends, and a retry that
//! is answered from the log.
//!
//! A killed server cannot be staged inside one test process, so these tests stage what it
//! leaves behind: the key's row without an answer, as an attempt leaves it when its process dies
//! between its write and the storing of its answer (`Api::lose_answer`). The real binary killed
//! under load is in `binary::faults`.

use axum::http::StatusCode;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::support::api_client::{Api, Tokens};
use crate::support::fixtures::cooperation_request;

fn cooperation() -> Value {
    cooperation_request("Gemensam inköpsnämnd Mora och Orsa")
}

/// The key's row: whether it is answered, and how many attempts took it.
async fn key_row(api: &Api, key: &str) -> (Option<i16>, i32) {
    sqlx::query_as("SELECT status, attempts FROM idempotent_requests WHERE key = $1")
        .bind(key)
        .fetch_one(&api.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_retry_after_an_attempt_that_wrote_but_never_answered_gets_that_attempts_receipt() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let key = [("idempotency-key", "samverkan-mora-2020")];
    let first = api
        .post_with(
            "/api/v1/cooperations",
            Some(&tokens.administrator),
            &key,
            cooperation(),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    api.lose_answer("samverkan-mora-2020").await;
    let before = api.event_count().await;

    let retry = api
        .post_with(
            "/api/v1/cooperations",
            Some(&tokens.administrator),
            &key,
            cooperation(),
        )
        .await;

    // The server chose the cooperation's id, and the retry names the same one: the id follows
    // from the token and the key, and the receipt from the log.
    assert_eq!(retry.status, StatusCode::CREATED, "{:?}", retry.body);
    assert_eq!(retry.body, first.body);
    assert_eq!(retry.header("location"), first.header("location"));
    assert_eq!(retry.header("idempotent-replayed"), None);
    assert_eq!(api.event_count().await, before);
    assert_eq!(key_row(&api, "samverkan-mora-2020").await, (Some(201), 2));
}

#[tokio::test]
async fn a_retry_after_an_attempt_that_wrote_nothing_runs_the_request_afresh() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let party = json!({ "code": "2062", "name": "Mora kommun" });
    // The row an attempt leaves when its process dies before it writes: the key taken for this
    // very request, its lease run out.
    let token_id: uuid::Uuid =
        sqlx::query_scalar("SELECT id FROM api_tokens WHERE role = 'administrator'")
            .fetch_one(&api.db.pool)
            .await
            .unwrap();
    sqlx::query(
        "INSERT INTO idempotent_requests (token_id, key, request_sha256, leased_until)
         VALUES ($1, 'register-mora', $2, now())",
    )
    .bind(token_id)
    // The API is nested under /api/v1, and the key's fingerprint is taken of the path within it.
    .bind(fingerprint("POST", "/parties", &party))
    .execute(&api.db.pool)
    .await
    .unwrap();

    let retry = api
        .post_with(
            "/api/v1/parties",
            Some(&tokens.administrator),
            &[("idempotency-key", "register-mora")],
            party,
        )
        .await;

    assert_eq!(retry.status, StatusCode::CREATED, "{:?}", retry.body);
    assert_eq!(retry.header("location"), Some("/api/v1/parties/2062"));
    assert_eq!(api.event_count().await, 1);
    assert_eq!(key_row(&api, "register-mora").await, (Some(201), 2));
}

#[tokio::test]
async fn a_key_whose_attempt_still_holds_its_lease_is_a_409_with_retry_after() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let party = json!({ "code": "2062", "name": "Mora kommun" });
    let key = [("idempotency-key", "register-mora")];
    let first = api
        .post_with(
            "/api/v1/parties",
            Some(&tokens.administrator),
            &key,
            party.clone(),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED);
    // As if the first attempt were still being served, with 1000 s left of its lease.
    sqlx::query(
        "UPDATE idempotent_requests
            SET status = NULL, location = NULL, response_body = NULL,
                leased_until = now() + interval '1000 seconds'
          WHERE key = 'register-mora'",
    )
    .execute(&api.db.pool)
    .await
    .unwrap();

    let retry = api
        .post_with("/api/v1/parties", Some(&tokens.administrator), &key, party)
        .await;

    assert_eq!(retry.status, StatusCode::CONFLICT);
    assert_eq!(retry.header("retry-after"), Some("1000"));
    assert_eq!(
        retry.body["detail"],
        "the first request with this Idempotency-Key has not finished; retry after Retry-After \
         seconds to get its answer"
    );
    assert_eq!(api.event_count().await, 1);
    assert_eq!(key_row(&api, "register-mora").await, (None, 1));
}

#[tokio::test]
async fn an_unanswered_key_is_taken_over_only_by_the_same_request() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let key = [("idempotency-key", "register-mora")];
    let first = api
        .post_with(
            "/api/v1/parties",
            Some(&tokens.administrator),
            &key,
            json!({ "code": "2062", "name": "Mora kommun" }),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED);
    api.lose_answer("register-mora").await;

    let other = api
        .post_with(
            "/api/v1/parties",
            Some(&tokens.administrator),
            &key,
            json!({ "code": "2021", "name": "Vansbro kommun" }),
        )
        .await;

    assert_eq!(other.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        other.broken_rule(),
        (
            "Idempotency-Key".to_owned(),
            "idempotency.one_request_per_key".to_owned()
        )
    );
    assert_eq!(api.event_count().await, 1);
    assert_eq!(key_row(&api, "register-mora").await, (None, 1));
}

/// The fingerprint the server keeps of a request: the SHA-256 of its method, path and body.
fn fingerprint(method: &str, path: &str, body: &Value) -> Vec<u8> {
    let mut hasher = Sha256::new();
    hasher.update(format!("{method}\n{path}\n").as_bytes());
    hasher.update(body.to_string().as_bytes());
    hasher.finalize().to_vec()
}

/// An answer is kept for the retention (24 h by default): after it, the key is free for a new
/// request, and the server's sweep forgets it. An attempt still unanswered is kept whatever its
/// age, since its retry must still learn what it wrote.
#[tokio::test]
async fn an_answer_is_kept_for_the_retention_and_then_the_key_is_free() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let key = [("idempotency-key", "register-mora")];
    let first = api
        .post_with(
            "/api/v1/parties",
            Some(&tokens.administrator),
            &key,
            json!({ "code": "2062", "name": "Mora kommun" }),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED);
    sqlx::query(
        "UPDATE idempotent_requests SET created_at = now() - interval '25 hours'
          WHERE key = 'register-mora'",
    )
    .execute(&api.db.pool)
    .await
    .unwrap();

    let reused = api
        .post_with(
            "/api/v1/parties",
            Some(&tokens.administrator),
            &key,
            json!({ "code": "2021", "name": "Vansbro kommun" }),
        )
        .await;
    assert_eq!(reused.status, StatusCode::CREATED, "{:?}", reused.body);
    assert_eq!(reused.header("location"), Some("/api/v1/parties/2021"));
    assert_eq!(key_row(&api, "register-mora").await, (Some(201), 1));

    // The sweep: an old answer is forgotten, an old unanswered attempt is kept.
    sqlx::query(
        "UPDATE idempotent_requests SET created_at = now() - interval '25 hours'
          WHERE key = 'register-mora'",
    )
    .execute(&api.db.pool)
    .await
    .unwrap();
    api.post_with(
        "/api/v1/parties",
        Some(&tokens.administrator),
        &[("idempotency-key", "register-orsa")],
        json!({ "code": "2034", "name": "Orsa kommun" }),
    )
    .await;
    api.lose_answer("register-orsa").await;
    sqlx::query("UPDATE idempotent_requests SET created_at = now() - interval '25 hours'")
        .execute(&api.db.pool)
        .await
        .unwrap();
    let forgotten =
        api::idempotency::forget_expired_answers(&api.db.pool, api::DEFAULT_IDEMPOTENCY_RETENTION)
            .await
            .unwrap();
    let kept: Vec<String> = sqlx::query_scalar("SELECT key FROM idempotent_requests")
        .fetch_all(&api.db.pool)
        .await
        .unwrap();
    assert_eq!(forgotten, 1);
    assert_eq!(kept, vec!["register-orsa".to_owned()]);
}
