//! `GET /audit/verify`: the online verification's summary, for auditors only; a log found altered
//! is an answer, not an error.

use axum::http::StatusCode;
use register::access::Role;
use register::audit::checkpoints::record_checkpoint;
use register::Actor;
use serde_json::json;

use crate::support::api_client::{Api, Tokens};
use crate::support::fixtures::*;
use crate::support::problems::{assert_broken_rule, assert_problem};

#[tokio::test]
async fn an_auditor_gets_the_summary_with_every_checkpoint() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    append_events(&api.db.pool, 3).await;
    let checkpoint = record_checkpoint(
        &api.db.pool,
        Actor::operator("revisor"),
        "KF 2026-12-15 § 12",
    )
    .await
    .unwrap();
    let events = read_all(&api.db.pool).await;

    let reply = api.get("/api/v1/audit/verify", Some(&tokens.auditor)).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(
        reply.body,
        json!({
            "intact": true,
            "first_position": 1,
            "events_checked": 4,
            "last_position": 4,
            "last_hash": events[3].hash.to_string(),
            "head_position": 4,
            "head_hash": events[3].hash.to_string(),
            "checkpoints": [{
                "recorded_at": 4,
                "position": 3,
                "hash": events[2].hash.to_string(),
                "note": "KF 2026-12-15 § 12",
                "status": "holds",
                "found_hash": null,
            }],
            "finding": null,
        })
    );
    assert_eq!(checkpoint.recorded_at.get(), 4);

    let range = api
        .get("/api/v1/audit/verify?from=2&to=3", Some(&tokens.auditor))
        .await;
    assert_eq!(range.body["events_checked"], 3 - 1);
    assert_eq!(range.body["first_position"], 2);
    assert_eq!(range.body["last_position"], 3);
    assert_eq!(range.body["checkpoints"], json!([]));
}

#[tokio::test]
async fn an_altered_log_is_an_answer_with_the_finding() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    append_events(&api.db.pool, 4).await;
    api.db.tamper("DELETE FROM events WHERE position = 3").await;
    let reply = api.get("/api/v1/audit/verify", Some(&tokens.auditor)).await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(reply.body["intact"], false);
    assert_eq!(reply.body["events_checked"], 2);
    assert_eq!(reply.body["last_position"], 2);
    assert_eq!(
        reply.body["finding"],
        json!({
            "position": 3,
            "kind": "missing_row",
            "message": "position 3: the row is missing; it was removed from the log",
        })
    );
}

#[tokio::test]
async fn only_an_auditor_may_verify_and_a_range_must_lie_within_the_log() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    append_events(&api.db.pool, 1).await;
    let (body_id, _) = establish_body(&register(&api.db.pool), "Inköpsnämnden").await;
    let secretary = api.token(Role::Secretary, &[body_id]).await;
    assert_problem(
        &api.get("/api/v1/audit/verify", None).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    );
    for token in [&tokens.administrator, &secretary] {
        assert_problem(
            &api.get("/api/v1/audit/verify", Some(token)).await,
            StatusCode::FORBIDDEN,
            "forbidden",
        );
    }
    let zero = api
        .get("/api/v1/audit/verify?from=0", Some(&tokens.auditor))
        .await;
    assert_problem(&zero, StatusCode::BAD_REQUEST, "malformed-parameter");
    assert_eq!(zero.body["errors"][0]["field"], "from");
    assert_broken_rule(
        &api.get("/api/v1/audit/verify?to=3", Some(&tokens.auditor))
            .await,
        "to",
        "verify.range_ends_at_or_before_head",
    );
    assert_broken_rule(
        &api.get("/api/v1/audit/verify?from=2&to=1", Some(&tokens.auditor))
            .await,
        "to",
        "verify.range_ends_on_or_after_start",
    );
    assert_broken_rule(
        &api.get("/api/v1/audit/verify?from=4", Some(&tokens.auditor))
            .await,
        "from",
        "verify.range_starts_at_or_before_head",
    );
    let unknown = api
        .get("/api/v1/audit/verify?form=1", Some(&tokens.auditor))
        .await;
    assert_problem(&unknown, StatusCode::BAD_REQUEST, "malformed-parameter");
}
