//! The compliance report over HTTP: its exact answer, the two clocks, the period's parameters,
//! and that only an auditor reads it.
//!
//! The body and its decisions are the story of the read-model suite (`read_model_compliance`).

use api::HttpSettings;
use axum::http::StatusCode;
use register::access::Role;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::read_models::compliance::{
    record_the_story, Recorded, BUILDING, FURNITURE, JUNE_CALL_OFFS, JUNE_MEETING, MAY_MEETING,
    SCHOOL_MEALS,
};
use crate::support::api_client::{Api, Reply, Tokens};
use crate::support::inkopsnamnden::{with_inkopsnamnden, NAMNDEN};
use crate::support::log::event_count;
use crate::support::problems::{assert_broken_rule, assert_problem};

async fn with_the_story() -> (Api, Recorded) {
    let (db, register) = with_inkopsnamnden().await;
    let recorded = record_the_story(&register).await;
    let api = Api::on(db, HttpSettings::default()).await;
    api.catch_up().await;
    (api, recorded)
}

fn path(query: &str) -> String {
    format!("/api/v1/audit/bodies/{NAMNDEN}/compliance?{query}")
}

fn ok(reply: Reply) -> Value {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body
}

async fn head(api: &Api) -> i64 {
    sqlx::query_scalar("SELECT position FROM event_log_head")
        .fetch_one(&api.db.pool)
        .await
        .unwrap()
}

/// A § of the May meeting as the report names it.
fn may_decision(
    decision_id: Uuid,
    number: u32,
    item: u16,
    title: &str,
    revoked_on: Value,
) -> Value {
    json!({
        "decision_id": decision_id,
        "meeting_id": MAY_MEETING,
        "paragraph": { "year": 2025, "number": number },
        "meeting_on": "2025-05-06",
        "item": item,
        "item_title": title,
        "registry_number": format!("INK 2025/{item}"),
        "revoked_on": revoked_on
    })
}

fn school_meals() -> Value {
    may_decision(
        SCHOOL_MEALS,
        2,
        1,
        "Upphandling av skolmåltider",
        Value::Null,
    )
}

fn building(revoked_on: Value) -> Value {
    may_decision(
        BUILDING,
        3,
        2,
        "Byggentreprenad för regionens förråd",
        revoked_on,
    )
}

fn furniture() -> Value {
    may_decision(FURNITURE, 4, 3, "Avrop av möbler", Value::Null)
}

fn posted_late(decision: Value) -> Value {
    json!({
        "decision": decision,
        "approved_on": "2025-05-12",
        "approved_immediately": false,
        "last_day_to_post": "2025-05-14",
        "posted_on": "2025-05-16",
        "days_late": 2
    })
}

fn not_posted(
    decision: Value,
    approved_on: &str,
    immediately: bool,
    last_day: &str,
    days: u32,
) -> Value {
    json!({
        "decision": decision,
        "approved_on": approved_on,
        "approved_immediately": immediately,
        "last_day_to_post": last_day,
        "days_overdue": days
    })
}

fn open_to_appeal(decision: Value, days_until_last_day: u32) -> Value {
    json!({
        "decision": decision,
        "posted_on": "2025-05-16",
        "appeal_last_day": "2025-06-09",
        "days_until_last_day": days_until_last_day
    })
}

fn outside_mandate(decision: Value) -> Value {
    json!({
        "decision": decision,
        "mandate_category": "upphandling/byggentreprenader"
    })
}

#[tokio::test]
async fn an_auditor_reads_the_report_of_a_period_as_of_a_day() {
    let (api, _) = with_the_story().await;
    let tokens = Tokens::new(&api).await;
    let auditor = Some(tokens.auditor.as_str());

    let may = ok(api
        .get(
            &path("from=2025-05-01&to=2025-05-31&as_of=2025-05-20"),
            auditor,
        )
        .await);
    let half_year = ok(api
        .get(
            &path("from=2025-04-01&to=2025-06-30&as_of=2025-06-20"),
            auditor,
        )
        .await);

    assert_eq!(
        may,
        json!({
            "body_id": NAMNDEN,
            "period": { "from": "2025-05-01", "to": "2025-05-31" },
            "as_of": "2025-05-20",
            "known_at": head(&api).await,
            "outside_mandate": [outside_mandate(building(Value::Null))],
            "without_quorum": [],
            "published_late": [posted_late(school_meals()), posted_late(building(Value::Null))],
            "not_published": [not_posted(furniture(), "2025-05-06", true, "2025-05-08", 12)],
            "not_yet_approved": [],
            "within_appeal_period": [
                open_to_appeal(school_meals(), 20),
                open_to_appeal(building(Value::Null), 20)
            ]
        })
    );
    // After the appeal period, the revocation and the June meeting: the revoked § stays listed
    // with its day, and the June § awaits approval.
    let revoked = building(json!("2025-06-10"));
    assert_eq!(
        half_year,
        json!({
            "body_id": NAMNDEN,
            "period": { "from": "2025-04-01", "to": "2025-06-30" },
            "as_of": "2025-06-20",
            "known_at": head(&api).await,
            "outside_mandate": [outside_mandate(revoked.clone())],
            "without_quorum": [],
            "published_late": [posted_late(school_meals()), posted_late(revoked)],
            "not_published": [not_posted(furniture(), "2025-05-06", true, "2025-05-08", 43)],
            "not_yet_approved": [{
                "decision": {
                    "decision_id": JUNE_CALL_OFFS,
                    "meeting_id": JUNE_MEETING,
                    "paragraph": { "year": 2025, "number": 5 },
                    "meeting_on": "2025-06-17",
                    "item": 1,
                    "item_title": "Avrop från ramavtal",
                    "registry_number": "INK 2025/1",
                    "revoked_on": null
                },
                "days_since_meeting": 3
            }],
            "within_appeal_period": []
        })
    );
}

#[tokio::test]
async fn as_known_before_the_posting_the_may_minutes_are_unpublished() {
    let (api, recorded) = with_the_story().await;
    let tokens = Tokens::new(&api).await;
    let before_posting = recorded.may_posted.get() - 1;

    let report = ok(api
        .get(
            &path(&format!(
                "from=2025-05-01&to=2025-05-31&as_of=2025-05-20&known_at={before_posting}"
            )),
            Some(&tokens.auditor),
        )
        .await);

    assert_eq!(report["known_at"], json!(before_posting));
    assert_eq!(report["published_late"], json!([]));
    assert_eq!(report["within_appeal_period"], json!([]));
    assert_eq!(
        report["not_published"],
        json!([
            not_posted(school_meals(), "2025-05-12", false, "2025-05-14", 6),
            not_posted(building(Value::Null), "2025-05-12", false, "2025-05-14", 6),
            not_posted(furniture(), "2025-05-06", true, "2025-05-08", 12)
        ])
    );
}

#[tokio::test]
async fn only_an_auditor_reads_the_report() {
    let (api, _) = with_the_story().await;
    let tokens = Tokens::new(&api).await;
    let secretary = api.token(Role::Secretary, &[NAMNDEN]).await;
    let query = path("from=2025-05-01&to=2025-05-31&as_of=2025-05-20");

    let as_secretary = api.get(&query, Some(&secretary)).await;
    let as_administrator = api.get(&query, Some(&tokens.administrator)).await;
    let anonymous = api.get(&query, None).await;

    assert_problem(&as_secretary, StatusCode::FORBIDDEN, "forbidden");
    assert_problem(&as_administrator, StatusCode::FORBIDDEN, "forbidden");
    assert_problem(&anonymous, StatusCode::UNAUTHORIZED, "unauthenticated");
}

#[tokio::test]
async fn a_body_never_recorded_is_not_found() {
    let (api, _) = with_the_story().await;
    let tokens = Tokens::new(&api).await;
    let unknown = Uuid::from_u128(0x8fff);

    let reply = api
        .get(
            &format!("/api/v1/audit/bodies/{unknown}/compliance?from=2025-05-01&to=2025-05-31"),
            Some(&tokens.auditor),
        )
        .await;

    assert_problem(&reply, StatusCode::NOT_FOUND, "not-found");
}

#[tokio::test]
async fn a_missing_malformed_or_inverted_period_names_its_parameter_and_writes_nothing() {
    let (api, _) = with_the_story().await;
    let tokens = Tokens::new(&api).await;
    let auditor = Some(tokens.auditor.as_str());
    let events_before = event_count(&api).await;

    for (query, parameter) in [
        ("to=2025-05-31", "from"),
        ("from=2025-05-01", "to"),
        ("from=2025-02-30&to=2025-05-31", "from"),
        ("from=2025-05-01&to=31%20May", "to"),
        ("from=2025-05-01&to=2025-05-31&as_of=yesterday", "as_of"),
    ] {
        let reply = api.get(&path(query), auditor).await;
        assert_problem(&reply, StatusCode::BAD_REQUEST, "malformed-parameter");
        assert_eq!(
            reply.broken_rule(),
            (parameter.to_owned(), "parameter.format".to_owned()),
            "{query}"
        );
    }
    let inverted = api
        .get(&path("from=2025-05-31&to=2025-05-01"), auditor)
        .await;
    assert_broken_rule(&inverted, "to", "period.ends_on_or_after_start");
    let one_day = ok(api
        .get(
            &path("from=2025-05-06&to=2025-05-06&as_of=2025-05-20"),
            auditor,
        )
        .await);
    assert_eq!(
        one_day["outside_mandate"],
        json!([outside_mandate(building(Value::Null))])
    );
    assert_eq!(event_count(&api).await, events_before);
}
