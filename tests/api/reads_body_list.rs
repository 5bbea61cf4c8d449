//! The body reads: a cooperation's bodies and one body, each with its standing on the day, so
//! that an ended body is still a body and the address a body's establishment returns answers.

use axum::http::StatusCode;
use serde_json::json;
use uuid::Uuid;

use crate::support::citations::cited;
use crate::support::problems::assert_problem;
use crate::support::seeds::ImportedSeed;

#[tokio::test]
async fn a_cooperations_bodies_stand_active_on_the_last_day_and_ended_the_day_after() {
    let seed = ImportedSeed::import("003-sodertorn").await;
    seed.api.catch_up().await;
    let auditor = Some(seed.tokens.auditor.as_str());
    let cooperation = seed.id("upphandling-sodertorn");
    let body = seed.id("sodertorns-upphandlingsnamnd");

    let last_day = seed
        .api
        .get(
            &format!("/api/v1/bodies?cooperation={cooperation}&as_of=2024-06-30"),
            auditor,
        )
        .await;
    let day_after = seed
        .api
        .get(
            &format!("/api/v1/bodies?cooperation={cooperation}&as_of=2024-07-01"),
            auditor,
        )
        .await;

    assert_eq!(last_day.status, StatusCode::OK, "{:?}", last_day.body);
    let listed = &last_day.body["bodies"][0];
    assert_eq!(last_day.body["bodies"].as_array().unwrap().len(), 1);
    assert_eq!(listed["body_id"], body);
    assert_eq!(listed["cooperation_id"], cooperation);
    assert_eq!(listed["kind"], "committee");
    assert_eq!(listed["name"], "Södertörns upphandlingsnämnd");
    assert_eq!(listed["established_on"], "2012-01-01");
    assert_eq!(listed["last_day"], "2024-06-30");
    assert_eq!(listed["standing"], json!({ "status": "active" }));
    assert_eq!(
        listed["basis"],
        cited(
            json!({ "kind": "decision", "decision_id": seed.id("kf-haninge-2011-06-13") }),
            "KF Haninge (illustrative) 2011-06-13 § 101"
        )
    );
    assert_eq!(
        day_after.body["bodies"][0]["standing"],
        json!({ "status": "ended", "last_day": "2024-06-30" })
    );
}

#[tokio::test]
async fn one_body_is_answered_before_it_is_established_and_is_absent_before_it_was_known() {
    let seed = ImportedSeed::import("003-sodertorn").await;
    seed.api.catch_up().await;
    let auditor = Some(seed.tokens.auditor.as_str());
    let body = seed.id("sodertorns-upphandlingsnamnd");

    let before = seed
        .api
        .get(&format!("/api/v1/bodies/{body}?as_of=2011-12-31"), auditor)
        .await;
    let unknown_then = seed
        .api
        .get(
            &format!("/api/v1/bodies/{body}?as_of=2011-12-31&known_at=7"),
            auditor,
        )
        .await;

    assert_eq!(before.status, StatusCode::OK, "{:?}", before.body);
    assert_eq!(before.body["as_of"], "2011-12-31");
    assert_eq!(
        before.body["body"]["standing"],
        json!({ "status": "not_yet_established" })
    );
    assert_eq!(
        unknown_then.body,
        json!({ "as_of": "2011-12-31", "known_at": 7, "body": null })
    );
}

#[tokio::test]
async fn an_unknown_body_or_cooperation_is_a_404_and_the_cooperation_is_required() {
    let seed = ImportedSeed::import("003-sodertorn").await;
    let auditor = Some(seed.tokens.auditor.as_str());
    let unknown = Uuid::from_u128(0x5a);

    let no_body = seed
        .api
        .get(&format!("/api/v1/bodies/{unknown}"), auditor)
        .await;
    let no_cooperation = seed
        .api
        .get(&format!("/api/v1/bodies?cooperation={unknown}"), auditor)
        .await;
    let without = seed.api.get("/api/v1/bodies", auditor).await;

    assert_problem(&no_body, StatusCode::NOT_FOUND, "not-found");
    assert_problem(&no_cooperation, StatusCode::NOT_FOUND, "not-found");
    assert_eq!(
        without.status,
        StatusCode::BAD_REQUEST,
        "{:?}",
        without.body
    );
    assert_eq!(without.body["errors"][0]["field"], "cooperation");
}
