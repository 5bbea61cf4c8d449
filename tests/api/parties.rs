//! The party endpoints, and through them the conventions every command endpoint shares.

use axum::http::StatusCode;
use register::access::Role;
use serde_json::json;

use crate::support::api_client::{Api, Tokens};

#[tokio::test]
async fn an_administrator_registers_a_party_and_gets_a_receipt_and_its_address() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;

    let reply = api
        .post(
            "/api/v1/parties",
            Some(&tokens.administrator),
            json!({ "code": "2062", "name": "Mora kommun" }),
        )
        .await;

    assert_eq!(reply.status, StatusCode::CREATED);
    assert_eq!(reply.header("location"), Some("/api/v1/parties/2062"));
    assert_eq!(
        reply.body,
        json!({ "id": "2062", "position": 1, "version": 1 })
    );
    let metadata: serde_json::Value =
        sqlx::query_scalar("SELECT metadata FROM events WHERE position = 1")
            .fetch_one(&api.db.pool)
            .await
            .unwrap();
    assert_eq!(metadata["actor_role"], "administrator");
    assert_eq!(metadata["actor_name"], "administrator in a test");
    assert!(metadata["actor_id"].as_str().unwrap().starts_with("token:"));
    assert_eq!(
        metadata["request_id"].as_str(),
        reply.header("x-request-id")
    );
}

#[tokio::test]
async fn a_party_is_registered_only_by_an_administrator() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let body = uuid::Uuid::new_v4();
    let party = json!({ "code": "2062", "name": "Mora kommun" });

    let anonymous = api.post("/api/v1/parties", None, party.clone()).await;
    let auditor = api
        .post("/api/v1/parties", Some(&tokens.auditor), party.clone())
        .await;
    // A secretary token needs a body that exists, so this one is made straight in the table.
    sqlx::query("INSERT INTO api_tokens (id, name, role, bodies, secret_sha256) VALUES ($1, 'secretary', 'secretary', $2, sha256('svk_secretary'))")
        .bind(uuid::Uuid::new_v4())
        .bind(vec![body])
        .execute(&api.db.pool)
        .await
        .unwrap();
    let secretary = api
        .post("/api/v1/parties", Some("svk_secretary"), party)
        .await;

    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(anonymous.header("www-authenticate"), Some("Bearer"));
    assert_eq!(
        anonymous.body["type"],
        "urn:samverkan:problem:unauthenticated"
    );
    assert_eq!(auditor.status, StatusCode::FORBIDDEN);
    assert_eq!(auditor.body["type"], "urn:samverkan:problem:forbidden");
    assert_eq!(secretary.status, StatusCode::FORBIDDEN);
    let events: i64 = sqlx::query_scalar("SELECT count(*) FROM events")
        .fetch_one(&api.db.pool)
        .await
        .unwrap();
    assert_eq!(events, 0);
    let _ = Role::Secretary;
}

#[tokio::test]
async fn a_malformed_code_is_a_400_naming_the_field_and_a_second_registration_a_422() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;

    let malformed = api
        .post(
            "/api/v1/parties",
            Some(&tokens.administrator),
            json!({ "code": "20620", "name": "Mora kommun" }),
        )
        .await;
    let first = api
        .post(
            "/api/v1/parties",
            Some(&tokens.administrator),
            json!({ "code": "2062", "name": "Mora kommun" }),
        )
        .await;
    let second = api
        .post(
            "/api/v1/parties",
            Some(&tokens.administrator),
            json!({ "code": "2062", "name": "Mora" }),
        )
        .await;

    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        malformed.header("content-type"),
        Some("application/problem+json")
    );
    assert_eq!(
        malformed.broken_rule(),
        ("code".to_owned(), "json.shape".to_owned())
    );
    assert_eq!(malformed.body["instance"], "/api/v1/parties");
    assert_eq!(
        malformed.body["request_id"].as_str(),
        malformed.header("x-request-id")
    );
    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(second.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(second.broken_rule().1, "party.registered_once");
}

#[tokio::test]
async fn a_retry_with_the_same_idempotency_key_returns_the_first_answer_and_writes_nothing() {
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
    let retry = api
        .post_with("/api/v1/parties", Some(&tokens.administrator), &key, party)
        .await;
    let other_body = api
        .post_with(
            "/api/v1/parties",
            Some(&tokens.administrator),
            &key,
            json!({ "code": "2021", "name": "Vansbro kommun" }),
        )
        .await;

    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(retry.status, StatusCode::CREATED);
    assert_eq!(retry.body, first.body);
    assert_eq!(retry.header("location"), Some("/api/v1/parties/2062"));
    assert_eq!(retry.header("idempotent-replayed"), Some("true"));
    assert_eq!(other_body.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        other_body.broken_rule(),
        (
            "Idempotency-Key".to_owned(),
            "idempotency.one_request_per_key".to_owned()
        )
    );
    let events: i64 = sqlx::query_scalar("SELECT count(*) FROM events")
        .fetch_one(&api.db.pool)
        .await
        .unwrap();
    assert_eq!(events, 1);
}
