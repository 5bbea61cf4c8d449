//! `GET /api/v1/audit/events`: the rows of the log, filtered and paged, for auditors only.
//!
//! Expected rows are read from the `events` table with SQL of the test's own, so that the
//! endpoint is checked against the store rather than against the reader it is built on.

use std::collections::BTreeSet;

use axum::http::StatusCode;
use domain::cooperation::Cooperation;
use eventlog::{ChainHash, Position, RecordedEvent, GENESIS_HASH};
use register::access::Role;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::support::api_client::{Api, Reply, Tokens};
use crate::support::fixtures::{admit, append_events, establish_mora_cooperation, register};
use crate::support::governance::committee;
use crate::support::log::event_count;
use crate::support::problems::{assert_broken_rule, assert_problem};
use crate::support::seeds::ImportedSeed;

/// A router over four events: the Mora cooperation (1), its committee (2), Rättvik joining the
/// cooperation (3) and a second cooperation (4).
struct Setup {
    api: Api,
    tokens: Tokens,
    mora: Uuid,
    committee: Uuid,
}

async fn setup() -> Setup {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let register = register(&api.db.pool);
    let mora = Uuid::new_v4();
    register
        .execute::<Cooperation>(&mora.to_string(), establish_mora_cooperation())
        .await
        .unwrap();
    let committee = committee(&api, mora, "Upphandlingsnämnden").await;
    register
        .execute::<Cooperation>(&mora.to_string(), admit("2031"))
        .await
        .unwrap();
    register
        .execute::<Cooperation>(&Uuid::new_v4().to_string(), establish_mora_cooperation())
        .await
        .unwrap();
    Setup {
        api,
        tokens,
        mora,
        committee,
    }
}

/// The rows at `positions` as the endpoint should write them, read straight from the table.
async fn stored(api: &Api, positions: &[u64]) -> Vec<Value> {
    let mut rows = Vec::new();
    for &position in positions {
        let row: (
            String,
            String,
            String,
            i64,
            String,
            String,
            String,
            String,
            String,
        ) = sqlx::query_as(
            "SELECT to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'),
                        aggregate_type, aggregate_id, sequence, event_type, event_version,
                        payload::text, metadata::text, encode(hash, 'hex')
                   FROM events WHERE position = $1",
        )
        .bind(i64::try_from(position).unwrap())
        .fetch_one(&api.db.pool)
        .await
        .unwrap();
        rows.push(json!({
            "position": position,
            "recorded_at": row.0,
            "stream": { "aggregate_type": row.1, "aggregate_id": row.2 },
            "sequence": row.3,
            "event_type": row.4,
            "event_version": row.5,
            "payload": serde_json::from_str::<Value>(&row.6).unwrap(),
            "payload_text": row.6,
            "metadata": serde_json::from_str::<Value>(&row.7).unwrap(),
            "metadata_text": row.7,
            "hash": row.8,
        }));
    }
    rows
}

/// The stored hash at a position, as hex.
async fn hash_at(api: &Api, position: u64) -> String {
    sqlx::query_scalar("SELECT encode(hash, 'hex') FROM events WHERE position = $1")
        .bind(i64::try_from(position).unwrap())
        .fetch_one(&api.db.pool)
        .await
        .unwrap()
}

fn positions(reply: &Reply) -> Vec<u64> {
    reply.body["events"]
        .as_array()
        .unwrap_or_else(|| panic!("{:?}", reply.body))
        .iter()
        .map(|event| event["position"].as_u64().unwrap())
        .collect()
}

async fn search(setup: &Setup, query: &str) -> Reply {
    setup
        .api
        .get(
            &format!("/api/v1/audit/events{query}"),
            Some(&setup.tokens.auditor),
        )
        .await
}

#[tokio::test]
async fn without_filters_the_whole_log_is_listed_as_stored_with_the_head() {
    let setup = setup().await;

    let reply = search(&setup, "").await;

    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(
        reply.body,
        json!({
            "head": { "position": 4, "hash": hash_at(&setup.api, 4).await },
            "events": stored(&setup.api, &[1, 2, 3, 4]).await,
            "next_cursor": null,
        })
    );
}

#[tokio::test]
async fn every_hash_in_the_answer_follows_the_chain_rule_over_the_answer_s_fields() {
    let setup = setup().await;

    let reply = search(&setup, "").await;

    for event in reply.body["events"].as_array().unwrap() {
        assert_eq!(
            event["payload_text"],
            stored_text(&setup.api, event, "payload").await
        );
        assert_eq!(
            event["metadata_text"],
            stored_text(&setup.api, event, "metadata").await
        );
    }
    let head = recompute_chain(reply.body["events"].as_array().unwrap());
    assert_eq!(reply.body["head"]["hash"], head.to_string());
}

/// Seed 003 ends in a carried-out dissolution, whose events a plain JSON parser does not write
/// back byte for byte; the `_text` fields let an auditor recompute them all the same.
#[tokio::test]
async fn a_plain_json_client_recomputes_every_hash_of_a_seed_with_a_carry_out() {
    let seed = ImportedSeed::import("003-sodertorn").await;
    let mut events = Vec::new();
    let mut query = "limit=1000".to_owned();
    loop {
        let reply = seed
            .api
            .get(
                &format!("/api/v1/audit/events?{query}"),
                Some(&seed.tokens.auditor),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        events.extend(reply.body["events"].as_array().unwrap().iter().cloned());
        match reply.body["next_cursor"].as_str() {
            Some(cursor) => query = format!("limit=1000&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(
        events.len(),
        usize::try_from(event_count(&seed.api).await).unwrap()
    );
    assert!(events
        .iter()
        .any(|event| event["event_type"] == "TransitionCarriedOut"));

    let head = recompute_chain(&events);

    assert_eq!(
        head.to_string(),
        hash_at(&seed.api, events.len() as u64).await
    );
}

/// The chain rule of ARCHITECTURE.md over each answered row's own fields, as an auditor's
/// program would run it, checking every row's `hash` on the way; returns the last hash.
fn recompute_chain(events: &[Value]) -> ChainHash {
    let mut previous = GENESIS_HASH;
    for event in events {
        let row = RecordedEvent {
            position: Position::new(event["position"].as_u64().unwrap()).unwrap(),
            recorded_at: event["recorded_at"].as_str().unwrap().parse().unwrap(),
            aggregate_type: event["stream"]["aggregate_type"].as_str().unwrap().into(),
            aggregate_id: event["stream"]["aggregate_id"].as_str().unwrap().into(),
            sequence: event["sequence"].as_i64().unwrap(),
            event_type: event["event_type"].as_str().unwrap().into(),
            event_version: event["event_version"].as_str().unwrap().into(),
            payload: event["payload_text"].as_str().unwrap().into(),
            metadata: event["metadata_text"].as_str().unwrap().into(),
            hash: GENESIS_HASH,
        };
        let hash = ChainHash::chain(&previous, &row);
        assert_eq!(
            event["hash"],
            hash.to_string(),
            "position {}",
            event["position"]
        );
        previous = hash;
    }
    previous
}

/// The stored text of a JSON column, after checking that the answer carries the same JSON.
async fn stored_text(api: &Api, event: &Value, column: &str) -> String {
    let text: String = sqlx::query_scalar(&format!(
        "SELECT {column}::text FROM events WHERE position = $1"
    ))
    .bind(event["position"].as_i64().unwrap())
    .fetch_one(&api.db.pool)
    .await
    .unwrap();
    assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), event[column]);
    text
}

#[tokio::test]
async fn each_filter_narrows_the_log_alone_and_all_combine_with_and() {
    let setup = setup().await;
    let recorded: Vec<String> = sqlx::query_scalar(
        "SELECT to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')
           FROM events ORDER BY position",
    )
    .fetch_all(&setup.api.db.pool)
    .await
    .unwrap();
    // Record time may repeat between neighbours, so the expected window is computed from the
    // stored times rather than assumed.
    let in_window: Vec<u64> = (1..=4)
        .filter(|&position| {
            let at = &recorded[position as usize - 1];
            at >= &recorded[1] && at < &recorded[3]
        })
        .collect();
    let mora = setup.mora;

    for (query, expected) in [
        ("?aggregate_type=Body".to_owned(), vec![2]),
        (format!("?stream_id={mora}"), vec![1, 3]),
        (format!("?stream_id={}", setup.committee), vec![2]),
        ("?event_type=PartyJoined".to_owned(), vec![3]),
        ("?event_type=CooperationEstablished".to_owned(), vec![1, 4]),
        ("?from_position=2".to_owned(), vec![2, 3, 4]),
        ("?to_position=2".to_owned(), vec![1, 2]),
        ("?from_position=2&to_position=3".to_owned(), vec![2, 3]),
        ("?from_position=3&to_position=3".to_owned(), vec![3]),
        (
            format!("?recorded_from={}&recorded_to={}", recorded[1], recorded[3]),
            in_window.clone(),
        ),
        (
            format!("?aggregate_type=Cooperation&stream_id={mora}&from_position=2"),
            vec![3],
        ),
        (
            format!(
                "?aggregate_type=Cooperation&event_type=CooperationEstablished&stream_id={mora}"
            ),
            vec![1],
        ),
        (format!("?aggregate_type=Body&stream_id={mora}"), vec![]),
        ("?event_type=NoSuchEvent".to_owned(), vec![]),
        ("?from_position=5".to_owned(), vec![]),
    ] {
        let reply = search(&setup, &query).await;
        assert_eq!(reply.status, StatusCode::OK, "{query}: {:?}", reply.body);
        assert_eq!(positions(&reply), expected, "{query}");
        assert_eq!(reply.body["head"]["position"], 4, "{query}");
        assert_eq!(reply.body["next_cursor"], Value::Null, "{query}");
    }
}

#[tokio::test]
async fn pages_stay_pinned_to_the_first_head_while_events_are_appended() {
    let setup = setup().await;
    let api = &setup.api;
    let pool = api.db.pool.clone();

    let first = search(&setup, "?limit=1").await;
    assert_eq!(positions(&first), vec![1]);
    let pinned_hash = hash_at(api, 4).await;

    // Appends run while the pages are read; the pages must cover the log up to the first head
    // exactly once, whatever the interleaving.
    let appending = tokio::spawn(async move { append_events(&pool, 6).await });
    let mut seen = positions(&first);
    let mut cursor = first.body["next_cursor"].as_str().map(str::to_owned);
    while let Some(next) = cursor {
        let page = search(&setup, &format!("?limit=1&cursor={next}")).await;
        assert_eq!(page.status, StatusCode::OK, "{:?}", page.body);
        assert_eq!(
            page.body["head"],
            json!({ "position": 4, "hash": pinned_hash })
        );
        seen.extend(positions(&page));
        cursor = page.body["next_cursor"].as_str().map(str::to_owned);
    }
    appending.await.unwrap();

    assert_eq!(seen, vec![1, 2, 3, 4]);
    let fresh = search(&setup, "?from_position=4").await;
    assert_eq!(positions(&fresh), vec![4, 5, 6, 7, 8, 9, 10]);
    assert_eq!(fresh.body["head"]["position"], 10);
}

#[tokio::test]
async fn a_filtered_search_pages_through_its_matches_only() {
    let setup = setup().await;
    append_events(&setup.api.db.pool, 3).await;

    let mut seen = Vec::new();
    let mut query = "?event_type=CooperationEstablished&limit=2".to_owned();
    loop {
        let page = search(&setup, &query).await;
        assert_eq!(page.status, StatusCode::OK, "{:?}", page.body);
        seen.push(positions(&page));
        match page.body["next_cursor"].as_str() {
            Some(next) => {
                query = format!("?event_type=CooperationEstablished&limit=2&cursor={next}")
            }
            None => break,
        }
    }

    assert_eq!(seen, vec![vec![1, 4], vec![5, 6], vec![7]]);
    let all: BTreeSet<u64> = seen.into_iter().flatten().collect();
    assert_eq!(all.len(), 5);
}

#[tokio::test]
async fn only_an_auditor_reads_the_events() {
    let setup = setup().await;
    let api = &setup.api;
    let secretary = api.token(Role::Secretary, &[setup.committee]).await;

    let anonymous = api.get("/api/v1/audit/events", None).await;
    let as_secretary = api.get("/api/v1/audit/events", Some(&secretary)).await;
    let as_administrator = api
        .get("/api/v1/audit/events", Some(&setup.tokens.administrator))
        .await;

    assert_problem(&anonymous, StatusCode::UNAUTHORIZED, "unauthenticated");
    assert_problem(&as_secretary, StatusCode::FORBIDDEN, "forbidden");
    assert_problem(&as_administrator, StatusCode::FORBIDDEN, "forbidden");
}

/// Asserts a 400 naming the parameter.
fn assert_bad_parameter(reply: &Reply, parameter: &str) {
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{:?}", reply.body);
    assert_eq!(
        reply.broken_rule(),
        (parameter.to_owned(), "parameter.format".to_owned())
    );
}

#[tokio::test]
async fn bad_parameters_are_refused_by_name_and_write_nothing() {
    let setup = setup().await;
    let before = event_count(&setup.api).await;

    for (query, parameter) in [
        ("?from_position=first", "from_position"),
        ("?to_position=-3", "to_position"),
        ("?from_position=0", "from_position"),
        ("?from_position=9223372036854775808", "from_position"),
        ("?recorded_from=2026-01-01", "recorded_from"),
        ("?recorded_to=yesterday", "recorded_to"),
        ("?aggregate_type=", "aggregate_type"),
        ("?stream_id=", "stream_id"),
        ("?event_type=", "event_type"),
        ("?limit=0", "limit"),
        ("?limit=1001", "limit"),
        ("?limit=many", "limit"),
        ("?cursor=4", "cursor"),
        ("?cursor=4~5", "cursor"),
        // A head this log has not reached: a cursor of another database, or a made-up one.
        ("?cursor=99~1", "cursor"),
    ] {
        let reply = search(&setup, query).await;
        assert_bad_parameter(&reply, parameter);
    }
    let unknown = search(&setup, "?position=3").await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        unknown.broken_rule(),
        ("position".to_owned(), "parameter.known".to_owned())
    );

    let inverted_positions = search(&setup, "?from_position=3&to_position=2").await;
    let inverted_times = search(
        &setup,
        "?recorded_from=2026-01-02T00:00:00Z&recorded_to=2026-01-01T00:00:00%2B01:00",
    )
    .await;

    assert_broken_rule(&inverted_positions, "to_position", "range.not_inverted");
    assert_broken_rule(&inverted_times, "recorded_to", "range.not_inverted");
    assert_eq!(event_count(&setup.api).await, before);
}
