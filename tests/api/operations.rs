//! What every request shares, whatever its endpoint: problem details for each class of error,
//! request ids, the body-size and time limits, and idempotent retries after a failure.

use std::time::Duration;

use api::HttpSettings;
use axum::http::StatusCode;
use serde_json::json;

use crate::support::api_client::{Api, Tokens};

async fn event_count(api: &Api) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM events")
        .fetch_one(&api.db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_unknown_route_and_a_wrong_method_are_problems_too() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;

    let no_route = api.get("/api/v1/nothing-here", Some(&tokens.auditor)).await;
    let wrong_method = api.get("/api/v1/meetings", Some(&tokens.auditor)).await;

    assert_eq!(no_route.status, StatusCode::NOT_FOUND);
    assert_eq!(
        no_route.header("content-type"),
        Some("application/problem+json")
    );
    assert_eq!(
        no_route.body,
        json!({
            "type": "urn:samverkan:problem:no-such-route",
            "title": "No such route",
            "status": 404,
            "detail": "the API has no route at this path; see /api/v1/openapi.json",
            "instance": "/api/v1/nothing-here",
            "request_id": no_route.header("x-request-id").unwrap(),
        })
    );
    assert_eq!(wrong_method.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        wrong_method.body["type"],
        "urn:samverkan:problem:method-not-allowed"
    );
}

#[tokio::test]
async fn a_request_id_sent_by_the_client_is_kept_and_returned() {
    let api = Api::new().await;

    let reply = api
        .send(
            "GET",
            "/api/v1/nothing-here",
            None,
            &[("x-request-id", "trace-from-the-client")],
            None,
        )
        .await;

    assert_eq!(reply.header("x-request-id"), Some("trace-from-the-client"));
    assert_eq!(reply.body["request_id"], "trace-from-the-client");
}

#[tokio::test]
async fn a_body_over_the_limit_is_a_413_and_writes_nothing() {
    let api = Api::with_settings(HttpSettings {
        max_body_bytes: 256,
        ..HttpSettings::default()
    })
    .await;
    let tokens = Tokens::new(&api).await;
    let oversized = json!({ "code": "2062", "name": "M".repeat(300) });

    let plain = api
        .post(
            "/api/v1/parties",
            Some(&tokens.administrator),
            oversized.clone(),
        )
        .await;
    let declared = api
        .send(
            "POST",
            "/api/v1/parties",
            Some(&tokens.administrator),
            &[("content-length", "330")],
            Some(oversized.to_string().into_bytes()),
        )
        .await;
    let with_key = api
        .post_with(
            "/api/v1/parties",
            Some(&tokens.administrator),
            &[("idempotency-key", "big")],
            oversized,
        )
        .await;

    for reply in [&plain, &declared, &with_key] {
        assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE, "{reply:?}");
        assert_eq!(
            reply.body["type"],
            "urn:samverkan:problem:payload-too-large"
        );
    }
    assert_eq!(
        plain.body["detail"],
        "the body is larger than the limit of 256 bytes"
    );
    assert_eq!(event_count(&api).await, 0);
}

#[tokio::test]
async fn a_body_not_sent_as_json_is_a_415() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;

    let reply = api
        .send(
            "POST",
            "/api/v1/parties",
            Some(&tokens.administrator),
            &[("content-type", "text/plain")],
            None,
        )
        .await;
    let unparsable = api
        .send(
            "POST",
            "/api/v1/parties",
            Some(&tokens.administrator),
            &[],
            Some(b"{\"code\": \"2062\",".to_vec()),
        )
        .await;

    assert_eq!(reply.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(reply.body["type"], "urn:samverkan:problem:not-json");
    assert_eq!(unparsable.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        unparsable.broken_rule(),
        ("body".to_owned(), "json.shape".to_owned())
    );
    assert_eq!(event_count(&api).await, 0);
}

#[tokio::test]
async fn an_unknown_or_malformed_token_is_a_401_even_where_no_token_is_needed() {
    let api = Api::new().await;

    let unknown = api
        .post("/api/v1/parties", Some("svk_not-a-token"), json!({}))
        .await;
    let not_bearer = api
        .send(
            "GET",
            "/api/v1/openapi.json",
            None,
            &[("authorization", "Basic YWxhZGRpbjpvcGVuc2VzYW1l")],
            None,
        )
        .await;

    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.body["detail"], "the token is unknown or revoked");
    assert_eq!(not_bearer.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        not_bearer.body["detail"],
        "the Authorization header must be `Bearer <secret>`"
    );
}

#[tokio::test]
async fn an_internal_failure_is_a_500_with_the_request_id_and_nothing_internal() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    // The table of idempotent answers goes missing: the server cannot serve a keyed request.
    sqlx::query("ALTER TABLE idempotent_requests RENAME TO idempotent_requests_gone")
        .execute(&api.db.owner_pool)
        .await
        .unwrap();

    let reply = api
        .post_with(
            "/api/v1/parties",
            Some(&tokens.administrator),
            &[("idempotency-key", "k1")],
            json!({ "code": "2062", "name": "Mora kommun" }),
        )
        .await;

    assert_eq!(reply.status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(
        reply.body,
        json!({
            "type": "urn:samverkan:problem:internal",
            "title": "The server failed; quote the request id when reporting it",
            "status": 500,
            "instance": "/api/v1/parties",
            "request_id": reply.header("x-request-id").unwrap(),
        })
    );
    assert_eq!(event_count(&api).await, 0);
}

/// A request cut off at the time limit may have handed its append to the log's group commit,
/// which commits it once the log is free again. So its key stays held until its lease ends, and
/// the retry after that is answered with the write that landed, not with a second one.
#[tokio::test]
async fn a_request_over_the_time_limit_is_a_503_and_its_retry_after_the_lease_gets_its_late_write()
{
    let api = Api::with_settings(HttpSettings {
        request_timeout: Duration::from_millis(500),
        ..HttpSettings::default()
    })
    .await;
    let tokens = Tokens::new(&api).await;
    let party = json!({ "code": "2062", "name": "Mora kommun" });
    let key = [("idempotency-key", "slow")];
    // Another transaction keeps every writer out of the log while readers may still read it,
    // so the request takes its key, decides, and then waits in the append past the limit.
    let mut blocker = api.db.owner_pool.begin().await.unwrap();
    sqlx::query("LOCK TABLE events IN EXCLUSIVE MODE")
        .execute(&mut *blocker)
        .await
        .unwrap();

    let timed_out = api
        .post_with(
            "/api/v1/parties",
            Some(&tokens.administrator),
            &key,
            party.clone(),
        )
        .await;
    blocker.rollback().await.unwrap();
    let while_leased = api
        .post_with(
            "/api/v1/parties",
            Some(&tokens.administrator),
            &key,
            party.clone(),
        )
        .await;
    // The cut-off attempt's append lands once the log is free.
    for _ in 0..200 {
        if event_count(&api).await == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    // Its lease ends: the request timeout and the margin have passed.
    sqlx::query("UPDATE idempotent_requests SET leased_until = now() WHERE key = 'slow'")
        .execute(&api.db.pool)
        .await
        .unwrap();
    let retry = api
        .post_with("/api/v1/parties", Some(&tokens.administrator), &key, party)
        .await;

    assert_eq!(timed_out.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(timed_out.body["type"], "urn:samverkan:problem:timeout");
    assert_eq!(timed_out.header("retry-after"), Some("2"), "{timed_out:?}");
    assert_eq!(
        while_leased.status,
        StatusCode::CONFLICT,
        "{while_leased:?}"
    );
    // What is left of the lease (the 0.5 s limit and the 10 s margin), in whole seconds.
    let lease_left: u64 = while_leased.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=11).contains(&lease_left), "{lease_left}");
    assert_eq!(retry.status, StatusCode::CREATED, "{retry:?}");
    assert_eq!(retry.header("location"), Some("/api/v1/parties/2062"));
    assert_eq!(retry.header("idempotent-replayed"), None);
    assert_eq!(event_count(&api).await, 1);
}

#[tokio::test]
async fn a_command_decided_from_a_stale_version_is_a_409_with_the_current_version() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let path = "/api/v1/parties/2062/population-figures";
    api.post(
        "/api/v1/parties",
        Some(&tokens.administrator),
        json!({ "code": "2062", "name": "Mora kommun" }),
    )
    .await;
    let recorded = api
        .post(
            path,
            Some(&tokens.administrator),
            json!({ "reference_date": "2020-12-31", "population": 20326, "source": "SCB" }),
        )
        .await;
    assert_eq!(recorded.body["version"], 1);
    let correction = json!({ "population": 20327, "source": "SCB, rättad", "reason": "Skrivfel" });
    let corrections = "/api/v1/parties/2062/population-figures/2020-12-31/corrections";

    let first = api
        .post_with(
            corrections,
            Some(&tokens.administrator),
            &[("if-match", "\"1\"")],
            correction.clone(),
        )
        .await;
    let stale = api
        .post_with(
            corrections,
            Some(&tokens.administrator),
            &[("if-match", "1")],
            correction,
        )
        .await;
    let malformed = api
        .post_with(
            corrections,
            Some(&tokens.administrator),
            &[("if-match", "latest")],
            json!({}),
        )
        .await;

    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.body["version"], 2);
    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(stale.body["type"], "urn:samverkan:problem:conflict");
    assert_eq!(stale.body["current_version"], 2);
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    assert_eq!(malformed.broken_rule().0, "If-Match");
    assert_eq!(event_count(&api).await, 3);
}
