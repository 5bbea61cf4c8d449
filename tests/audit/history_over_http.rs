//! `GET /audit/history/{entity}`: an auditor reads every event that shaped an entity, with its
//! basis, who recorded it, when, its effective day and its corrections; no other role may.
//!
//! The committee is an illustrative joint committee of Mora (host) and Orsa (seed 002); Anna
//! Andersson is appointed for Mora, the day she took her seat is corrected, and she resigns.

use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use register::access::Role;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::support::api_client::{Api, Reply, Tokens};
use crate::support::citations::cited_everywhere;
use crate::support::log::event_count;
use crate::support::problems::assert_problem;

const CORRECTION_REASON: &str = "She took her seat on 15 January";

fn basis() -> Value {
    json!({
        "kind": "external_decision",
        "issuer": "Kommunfullmäktige Mora",
        "decided_on": "2022-11-28",
        "reference": "§ 140",
        "registry_number": "KS 2022/311"
    })
}

fn appointment(person: Uuid, serves_from: &str) -> Value {
    json!({
        "person": { "id": person, "name": "Anna Andersson" },
        "role": "chair",
        "party": "2062",
        "serves_from": serves_from,
        "serves_to": null
    })
}

/// The committee's membership as recorded over HTTP, with each write's reply.
struct Recorded {
    api: Api,
    tokens: Tokens,
    secretary: String,
    body_id: Uuid,
    membership_id: Uuid,
    appointed: Reply,
    corrected: Reply,
    ended: Reply,
}

fn created(reply: Reply) -> Reply {
    assert!(reply.status.is_success(), "{:?}", reply.body);
    reply
}

async fn recorded() -> Recorded {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let cooperation = created(
        api.post(
            "/api/v1/cooperations",
            Some(&tokens.administrator),
            json!({
                "name": "Inköpssamverkan Mora och Orsa",
                "form": "joint_committee",
                "host": "2062",
                "parties": ["2062", "2034"],
                "established_on": "2020-01-01",
                "predecessor": null,
                "basis": basis()
            }),
        )
        .await,
    );
    let body = created(
        api.post(
            "/api/v1/bodies",
            Some(&tokens.administrator),
            json!({
                "cooperation_id": cooperation.id(),
                "kind": "committee",
                "name": "Gemensamma inköpsnämnden",
                "established_on": "2020-01-01",
                "basis": basis()
            }),
        )
        .await,
    );
    let body_id = body.id();
    let secretary = api.token(Role::Secretary, &[body_id]).await;
    let term = format!("/api/v1/bodies/{body_id}/terms/2023");
    created(
        api.post(
            &format!("{term}/seat-plan"),
            Some(&secretary),
            json!({
                "seats": [
                    { "party": "2062", "members": 1, "deputies": 1 },
                    { "party": "2034", "members": 1, "deputies": 1 }
                ],
                "basis": basis()
            }),
        )
        .await,
    );
    let membership_id = Uuid::from_u128(0x9201);
    let person = Uuid::from_u128(0x9101);
    let member = format!("{term}/members/{membership_id}");
    let appointed = created(
        api.post(
            &format!("{term}/members"),
            Some(&secretary),
            json!({
                "membership_id": membership_id,
                "appointment": appointment(person, "2023-01-01"),
                "replaces": null,
                "basis": basis()
            }),
        )
        .await,
    );
    let corrected = created(
        api.post(
            &format!("{member}/corrections"),
            Some(&secretary),
            json!({
                "corrected": appointment(person, "2023-01-15"),
                "reason": CORRECTION_REASON,
                "basis": basis()
            }),
        )
        .await,
    );
    let ended = created(
        api.post(
            &format!("{member}/end"),
            Some(&secretary),
            json!({ "last_day": "2024-06-30", "reason": "resigned", "basis": basis() }),
        )
        .await,
    );
    api.catch_up().await;
    Recorded {
        api,
        tokens,
        secretary,
        body_id,
        membership_id,
        appointed,
        corrected,
        ended,
    }
}

/// When the log recorded the event at `position`, as JSON.
async fn recorded_at(api: &Api, position: u64) -> Value {
    let moment: DateTime<Utc> =
        sqlx::query_scalar("SELECT recorded_at FROM events WHERE position = $1")
            .bind(i64::try_from(position).unwrap())
            .fetch_one(&api.db.pool)
            .await
            .unwrap();
    serde_json::to_value(moment).unwrap()
}

/// How the metadata names the secretary's token.
async fn secretary_actor_id(api: &Api) -> String {
    let id: Uuid = sqlx::query_scalar("SELECT id FROM api_tokens WHERE role = 'secretary'")
        .fetch_one(&api.db.pool)
        .await
        .unwrap();
    register::token_actor_id(id)
}

#[allow(clippy::too_many_arguments)]
async fn entry(
    recorded: &Recorded,
    reply: &Reply,
    sequence: u64,
    event_type: &str,
    effective_on: &str,
    summary: &str,
    amends: Value,
    corrected_by: Value,
) -> Value {
    let position = reply.position();
    json!({
        "position": position,
        "recorded_at": recorded_at(&recorded.api, position).await,
        "aggregate_type": "BodyTerm",
        "stream_id": format!("{}:2023", recorded.body_id),
        "sequence": sequence,
        "event_type": event_type,
        "event_version": "1",
        "relation": "payload",
        "field": "membership_id",
        "effective_on": effective_on,
        "basis": basis(),
        "summary": summary,
        "recorded_by": {
            "actor_id": secretary_actor_id(&recorded.api).await,
            "name": "secretary in a test",
            "role": "secretary",
            "request_id": reply.header("x-request-id").unwrap()
        },
        "amends": amends,
        "corrected_by": corrected_by,
        "revoked_by": null
    })
}

async fn appointed_entry(recorded: &Recorded, corrected_by: Value) -> Value {
    entry(
        recorded,
        &recorded.appointed,
        2,
        "MemberAppointed",
        "2023-01-01",
        "Member appointed: Anna Andersson (chair, 2062)",
        Value::Null,
        corrected_by,
    )
    .await
}

#[tokio::test]
async fn an_auditor_reads_a_membership_s_history_with_its_correction_linked() {
    let recorded = recorded().await;
    let path = format!("/api/v1/audit/history/{}", recorded.membership_id);
    let reply = recorded
        .api
        .get(
            &format!("{path}?as_of=2025-01-01"),
            Some(&recorded.tokens.auditor),
        )
        .await;

    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(
        reply.body,
        cited_everywhere(json!({
            "entity": recorded.membership_id.to_string(),
            "as_of": "2025-01-01",
            "known_at": recorded.ended.position(),
            "entries": [
                appointed_entry(&recorded, json!(recorded.corrected.position())).await,
                entry(
                    &recorded,
                    &recorded.corrected,
                    3,
                    "AppointmentCorrected",
                    "2023-01-15",
                    &format!(
                        "Appointment corrected: Anna Andersson (chair, 2062) ({CORRECTION_REASON})"
                    ),
                    json!({
                        "kind": "correction",
                        "record": format!("appointment:{}", recorded.membership_id),
                        "reason": CORRECTION_REASON
                    }),
                    Value::Null,
                )
                .await,
                entry(
                    &recorded,
                    &recorded.ended,
                    4,
                    "MembershipEnded",
                    "2024-06-30",
                    "Membership ended (resigned): last day 2024-06-30",
                    Value::Null,
                    Value::Null,
                )
                .await,
            ],
            "next_cursor": null
        }))
    );
}

#[tokio::test]
async fn known_before_the_correction_the_appointment_stands_uncorrected() {
    let recorded = recorded().await;
    let known_at = recorded.appointed.position();
    let reply = recorded
        .api
        .get(
            &format!(
                "/api/v1/audit/history/{}?as_of=2025-01-01&known_at={known_at}",
                recorded.membership_id
            ),
            Some(&recorded.tokens.auditor),
        )
        .await;

    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(
        reply.body,
        cited_everywhere(json!({
            "entity": recorded.membership_id.to_string(),
            "as_of": "2025-01-01",
            "known_at": known_at,
            "entries": [appointed_entry(&recorded, Value::Null).await],
            "next_cursor": null
        }))
    );
}

#[tokio::test]
async fn only_an_auditor_reads_histories() {
    let recorded = recorded().await;
    let path = format!("/api/v1/audit/history/{}", recorded.membership_id);
    for secret in [&recorded.secretary, &recorded.tokens.administrator] {
        let reply = recorded.api.get(&path, Some(secret)).await;
        assert_problem(&reply, StatusCode::FORBIDDEN, "forbidden");
    }
    let reply = recorded.api.get(&path, None).await;
    assert_problem(&reply, StatusCode::UNAUTHORIZED, "unauthenticated");
}

#[tokio::test]
async fn an_entity_no_event_names_is_a_404_and_one_no_id_could_be_is_a_400_naming_it() {
    let recorded = recorded().await;
    let events = event_count(&recorded.api).await;
    let unknown = Uuid::from_u128(0x9999);
    let reply = recorded
        .api
        .get(
            &format!("/api/v1/audit/history/{unknown}"),
            Some(&recorded.tokens.auditor),
        )
        .await;
    assert_problem(&reply, StatusCode::NOT_FOUND, "not-found");

    let reply = recorded
        .api
        .get(
            "/api/v1/audit/history/2062%3Bselect",
            Some(&recorded.tokens.auditor),
        )
        .await;
    assert_problem(&reply, StatusCode::BAD_REQUEST, "malformed-parameter");
    assert_eq!(
        reply.broken_rule(),
        ("entity".to_owned(), "parameter.format".to_owned())
    );
    assert_eq!(event_count(&recorded.api).await, events);
}

/// The positions of a page's entries.
fn positions(reply: &Reply) -> Vec<u64> {
    reply.body["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["position"].as_u64().unwrap())
        .collect()
}

#[tokio::test]
async fn pages_are_cut_from_the_answer_the_first_page_pinned() {
    let recorded = recorded().await;
    let api = &recorded.api;
    let auditor = Some(recorded.tokens.auditor.as_str());
    let path = format!(
        "/api/v1/audit/history/{}?as_of=2025-01-01&limit=2",
        recorded.body_id
    );

    let first = api.get(&path, auditor).await;
    assert_eq!(first.status, StatusCode::OK, "{:?}", first.body);
    let body_established = 2;
    let seat_plan_adopted = 3;
    assert_eq!(positions(&first), vec![body_established, seat_plan_adopted]);
    assert_eq!(first.body["known_at"], recorded.ended.position());

    // A member appointed after the first page was read is not in the pages that follow it.
    let term = format!("/api/v1/bodies/{}/terms/2023", recorded.body_id);
    created(
        api.post(
            &format!("{term}/members"),
            Some(&recorded.secretary),
            json!({
                "membership_id": Uuid::from_u128(0x9202),
                "appointment": {
                    "person": { "id": Uuid::from_u128(0x9102), "name": "Olle Persson" },
                    "role": "member",
                    "party": "2034",
                    "serves_from": "2023-01-01",
                    "serves_to": null
                },
                "replaces": null,
                "basis": basis()
            }),
        )
        .await,
    );
    api.catch_up().await;

    let cursor = first.body["next_cursor"].as_str().unwrap();
    let second = api.get(&format!("{path}&cursor={cursor}"), auditor).await;
    assert_eq!(
        positions(&second),
        vec![recorded.appointed.position(), recorded.corrected.position()]
    );
    let cursor = second.body["next_cursor"].as_str().unwrap();
    let third = api.get(&format!("{path}&cursor={cursor}"), auditor).await;
    assert_eq!(positions(&third), vec![recorded.ended.position()]);
    assert_eq!(third.body["known_at"], recorded.ended.position());
    assert_eq!(third.body["next_cursor"], Value::Null);

    // Read afresh, the history has the new member's appointment as well.
    let fresh = api
        .get(
            &format!(
                "/api/v1/audit/history/{}?as_of=2025-01-01&limit=10",
                recorded.body_id
            ),
            auditor,
        )
        .await;
    assert_eq!(positions(&fresh).len(), 6);
}
