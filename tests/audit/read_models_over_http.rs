//! `GET /api/v1/audit/read-models/{read_model}/changes`: how a read model's rows changed between
//! two record times, for auditors only.

use axum::http::StatusCode;
use domain::body::{Body, BodyCommand, BodyKind, CorrectBodyEstablishment, EstablishBody};
use register::access::Role;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::support::api_client::{Api, Reply, Tokens};
use crate::support::fixtures::{basis, date, register};
use crate::support::governance::{committee, mora_cooperation};
use crate::support::log::event_count;
use crate::support::problems::{assert_broken_rule, assert_problem};

/// A router over three events: the Mora cooperation (1), its committee (2) and a correction of
/// the committee's name (3), with the read models caught up.
struct Setup {
    api: Api,
    tokens: Tokens,
    cooperation: Uuid,
    committee: Uuid,
}

async fn setup() -> Setup {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let cooperation = mora_cooperation(&api).await;
    let committee = committee(&api, cooperation, "Upphandlingsnamnden").await;
    register(&api.db.pool)
        .execute::<Body>(
            &committee.to_string(),
            BodyCommand::CorrectEstablishment(CorrectBodyEstablishment {
                establish: EstablishBody {
                    cooperation_id: cooperation,
                    cooperation_established_on: date("2020-01-01"),
                    kind: BodyKind::Committee,
                    name: "Upphandlingsnämnden".into(),
                    established_on: date("2020-01-01"),
                    basis: basis(),
                },
                reason: "The name lost its diaeresis when it was typed in".into(),
            }),
        )
        .await
        .unwrap();
    api.catch_up().await;
    Setup {
        api,
        tokens,
        cooperation,
        committee,
    }
}

async fn changes(setup: &Setup, model: &str, query: &str) -> Reply {
    setup
        .api
        .get(
            &format!("/api/v1/audit/read-models/{model}/changes{query}"),
            Some(&setup.tokens.auditor),
        )
        .await
}

/// The committee's row in the membership read model's `bodies`, under `name`.
fn body_row(setup: &Setup, name: &str) -> Value {
    json!({
        "body_id": setup.committee,
        "cooperation_id": setup.cooperation,
        "kind": "committee",
        "name": name,
        "basis": serde_json::to_value(basis()).unwrap(),
        "dissolution_bases": null,
        "valid": "[2020-01-01,)",
    })
}

fn membership_tables(bodies: (u64, u64)) -> Value {
    json!([
        { "table": "bodies", "record_time": { "kind": "versioned", "as_of_applies": true },
          "added": bodies.0, "removed": bodies.1 },
        { "table": "terms", "record_time": { "kind": "not_compared", "reason":
            "the table keeps no record time (no `known` range and no `position`), so the rows it \
             held at an earlier position cannot be told apart from those it holds now" },
          "added": 0, "removed": 0 },
        { "table": "seat_plans", "record_time": { "kind": "versioned", "as_of_applies": true },
          "added": 0, "removed": 0 },
        { "table": "members", "record_time": { "kind": "versioned", "as_of_applies": true },
          "added": 0, "removed": 0 },
    ])
}

#[tokio::test]
async fn a_correction_shows_as_the_old_version_removed_and_the_new_one_added() {
    let setup = setup().await;

    let reply = changes(&setup, "membership", "?from_known_at=2&to_known_at=3").await;

    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(
        reply.body,
        json!({
            "read_model": "membership",
            "from_known_at": 2,
            "to_known_at": 3,
            "as_of": null,
            "tables": membership_tables((1, 1)),
            "changes": [
                { "table": "bodies", "change": "removed", "position": 3,
                  "row": body_row(&setup, "Upphandlingsnamnden") },
                { "table": "bodies", "change": "added", "position": 3,
                  "row": body_row(&setup, "Upphandlingsnämnden") },
            ],
            "next_cursor": null,
        })
    );
}

#[tokio::test]
async fn moments_may_be_times_and_a_moment_against_itself_shows_nothing() {
    let setup = setup().await;
    let second_recorded: String = sqlx::query_scalar(
        "SELECT to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')
           FROM events WHERE position = 2",
    )
    .fetch_one(&setup.api.db.pool)
    .await
    .unwrap();
    // Record time may repeat between neighbours, so the position the moment resolves to is
    // read from the store rather than assumed.
    let resolved: i64 =
        sqlx::query_scalar("SELECT max(position) FROM events WHERE recorded_at <= $1::timestamptz")
            .bind(&second_recorded)
            .fetch_one(&setup.api.db.pool)
            .await
            .unwrap();

    let by_time = changes(
        &setup,
        "membership",
        &format!("?from_known_at={second_recorded}&to_known_at=3"),
    )
    .await;
    let itself = changes(&setup, "membership", "?from_known_at=3&to_known_at=3").await;

    assert_eq!(by_time.status, StatusCode::OK, "{:?}", by_time.body);
    assert_eq!(by_time.body["from_known_at"], resolved);
    assert_eq!(
        itself.body,
        json!({
            "read_model": "membership",
            "from_known_at": 3,
            "to_known_at": 3,
            "as_of": null,
            "tables": membership_tables((0, 0)),
            "changes": [],
            "next_cursor": null,
        })
    );
}

#[tokio::test]
async fn pages_follow_a_cursor_that_holds_the_comparison() {
    let setup = setup().await;

    let first = changes(
        &setup,
        "membership",
        "?from_known_at=2&to_known_at=3&as_of=2024-06-30&limit=1",
    )
    .await;
    let cursor = first.body["next_cursor"]
        .as_str()
        .unwrap_or_else(|| panic!("{:?}", first.body))
        .to_owned();
    let second = changes(&setup, "membership", &format!("?cursor={cursor}&limit=1")).await;
    let with_moments_again = changes(
        &setup,
        "membership",
        &format!("?cursor={cursor}&from_known_at=2"),
    )
    .await;

    assert_eq!(cursor, "2~3~2024-06-30~1");
    assert_eq!(
        first.body["changes"],
        json!([{ "table": "bodies", "change": "removed", "position": 3,
                 "row": body_row(&setup, "Upphandlingsnamnden") }])
    );
    assert_eq!(second.status, StatusCode::OK, "{:?}", second.body);
    assert_eq!(
        (
            &second.body["from_known_at"],
            &second.body["to_known_at"],
            &second.body["as_of"]
        ),
        (&json!(2), &json!(3), &json!("2024-06-30"))
    );
    assert_eq!(
        second.body["changes"],
        json!([{ "table": "bodies", "change": "added", "position": 3,
                 "row": body_row(&setup, "Upphandlingsnämnden") }])
    );
    assert_eq!(second.body["next_cursor"], Value::Null);
    assert_eq!(with_moments_again.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        with_moments_again.broken_rule(),
        ("from_known_at".to_owned(), "parameter.format".to_owned())
    );
}

#[tokio::test]
async fn only_an_auditor_compares_read_models() {
    let setup = setup().await;
    let api = &setup.api;
    let secretary = api.token(Role::Secretary, &[setup.committee]).await;
    let path = "/api/v1/audit/read-models/membership/changes?from_known_at=0&to_known_at=3";

    let anonymous = api.get(path, None).await;
    let as_secretary = api.get(path, Some(&secretary)).await;
    let as_administrator = api.get(path, Some(&setup.tokens.administrator)).await;

    assert_problem(&anonymous, StatusCode::UNAUTHORIZED, "unauthenticated");
    assert_problem(&as_secretary, StatusCode::FORBIDDEN, "forbidden");
    assert_problem(&as_administrator, StatusCode::FORBIDDEN, "forbidden");
}

#[tokio::test]
async fn bad_requests_are_refused_by_name_and_write_nothing() {
    let setup = setup().await;
    let before = event_count(&setup.api).await;

    for (query, parameter) in [
        ("?to_known_at=3", "from_known_at"),
        ("?from_known_at=0", "to_known_at"),
        ("?from_known_at=yesterday&to_known_at=3", "from_known_at"),
        ("?from_known_at=0&to_known_at=-1", "to_known_at"),
        ("?from_known_at=0&to_known_at=3&as_of=2024-02-30", "as_of"),
        ("?from_known_at=0&to_known_at=3&limit=0", "limit"),
        ("?from_known_at=0&to_known_at=3&limit=1001", "limit"),
        ("?cursor=3~0~-~0", "cursor"),
        ("?cursor=0~3", "cursor"),
    ] {
        let reply = changes(&setup, "membership", query).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{query}: {:?}",
            reply.body
        );
        assert_eq!(
            reply.broken_rule(),
            (parameter.to_owned(), "parameter.format".to_owned()),
            "{query}"
        );
    }
    let unknown = changes(
        &setup,
        "membership",
        "?from_known_at=0&to_known_at=3&known_at=3",
    )
    .await;
    assert_eq!(
        unknown.broken_rule(),
        ("known_at".to_owned(), "parameter.known".to_owned())
    );
    let inverted = changes(&setup, "membership", "?from_known_at=3&to_known_at=2").await;
    let unrecorded = changes(&setup, "membership", "?from_known_at=0&to_known_at=4").await;
    let unknown = changes(&setup, "minutes", "?from_known_at=0&to_known_at=3").await;

    assert_broken_rule(&inverted, "from_known_at", "range.not_inverted");
    assert_broken_rule(&unrecorded, "to_known_at", "position.is_recorded");
    assert_problem(&unknown, StatusCode::NOT_FOUND, "not-found");
    assert_eq!(unknown.body["detail"], "there is no read model minutes");
    assert_eq!(event_count(&setup.api).await, before);
}

#[tokio::test]
async fn a_read_model_behind_the_later_moment_is_a_503() {
    let setup = setup().await;
    // A fourth event the read models have not applied: no runner follows the log in this test.
    mora_cooperation(&setup.api).await;

    let behind = changes(&setup, "membership", "?from_known_at=0&to_known_at=4").await;

    assert_problem(&behind, StatusCode::SERVICE_UNAVAILABLE, "not-caught-up");
}
