//! `eventlog::LogIndex`, the typed index of the log, held to the two things it must match by
//! hand: the domain's own serialisation of the events it reads, and the migrations' indexes.
//!
//! The seeds are imported with the real binary, so their events are written by the domain's
//! serde. Every event is then read back and decoded with the domain's own event types, which
//! says which streams each lookup must find; a field renamed in the domain still decodes, but
//! the lookup's JSON path then finds nothing, and these tests fail.

use std::collections::{BTreeMap, BTreeSet};

use domain::allocation::AllocationKeyEvent;
use domain::body::BodyEvent;
use domain::contract::{ContractEvent, ContractHolder};
use domain::mandate::{MandateEvent, MandateHolder};
use domain::meeting::MeetingEvent;
use domain::obligation::ObligationEvent;
use eventlog::{LatestParagraph, LogIndex, RecordedEvent, StreamsNaming};
use sqlx::PgPool;
use uuid::Uuid;

use crate::support::fixtures::read_all;
use crate::support::inkopsnamnden::{
    decision, held_meeting, reporting, with_inkopsnamnden, NAMNDEN,
};
use crate::support::seeds::imported;

/// What each lookup must find for each id, decided from the events by the domain's types.
type Expected = BTreeMap<(StreamsNaming, Uuid), BTreeSet<String>>;

fn expected_streams(events: &[RecordedEvent]) -> Expected {
    let mut expected = Expected::new();
    let mut names = |lookup: StreamsNaming, id: Uuid, event: &RecordedEvent| {
        expected
            .entry((lookup, id))
            .or_default()
            .insert(event.aggregate_id.clone());
    };
    for event in events {
        let payload = event.payload.as_str();
        match event.aggregate_type.as_str() {
            "Body" => match decode::<BodyEvent>(payload) {
                BodyEvent::BodyEstablished(established) => names(
                    StreamsNaming::BodiesOfCooperation,
                    established.cooperation_id,
                    event,
                ),
                BodyEvent::BodyEstablishmentCorrected(corrected) => names(
                    StreamsNaming::BodiesOfCooperation,
                    corrected.established.cooperation_id,
                    event,
                ),
                BodyEvent::BodyDissolved(_) => {}
            },
            "Obligation" => match decode::<ObligationEvent>(payload) {
                ObligationEvent::ObligationRecorded(recorded) => names(
                    StreamsNaming::ObligationsOfCooperation,
                    recorded.cooperation_id,
                    event,
                ),
                ObligationEvent::ObligationCorrected(corrected) => names(
                    StreamsNaming::ObligationsOfCooperation,
                    corrected.recorded.cooperation_id,
                    event,
                ),
                ObligationEvent::ObligationClosed(_) => {}
            },
            "Contract" => match decode::<ContractEvent>(payload) {
                ContractEvent::ContractRegistered(registered) => names(
                    StreamsNaming::ContractsOfCooperation,
                    registered.cooperation_id,
                    event,
                ),
                ContractEvent::ContractCorrected(corrected) => names(
                    StreamsNaming::ContractsOfCooperation,
                    corrected.registered.cooperation_id,
                    event,
                ),
                ContractEvent::ContractReassigned(reassigned) => {
                    if let ContractHolder::Cooperation { cooperation_id } = reassigned.holder {
                        names(StreamsNaming::ContractsOfCooperation, cooperation_id, event)
                    }
                }
                ContractEvent::ContractExtended(_) => {}
            },
            "Mandate" => match decode::<MandateEvent>(payload) {
                MandateEvent::MandateGranted(granted) => {
                    if let MandateHolder::Body { body_id } = granted.holder {
                        names(StreamsNaming::MandatesOfBody, body_id, event)
                    }
                }
                MandateEvent::MandateCorrected(corrected) => {
                    if let MandateHolder::Body { body_id } = corrected.grant.holder {
                        names(StreamsNaming::MandatesOfBody, body_id, event)
                    }
                }
                MandateEvent::MandateDelegated(_) | MandateEvent::MandateEnded(_) => {}
            },
            "AllocationKey" => match decode::<AllocationKeyEvent>(payload) {
                AllocationKeyEvent::AllocationKeyAdopted(adopted) => names(
                    StreamsNaming::AllocationKeysOfDocument,
                    adopted.document_id,
                    event,
                ),
                AllocationKeyEvent::AllocationKeyCorrected(corrected) => names(
                    StreamsNaming::AllocationKeysOfDocument,
                    corrected.adopted.document_id,
                    event,
                ),
            },
            "BodyTerm" => {
                // The stream id is `BODY:FIRST_YEAR` (`BodyTerm::stream_id`).
                let body = event.aggregate_id.split(':').next().unwrap_or_default();
                names(StreamsNaming::TermsOfBody, body.parse().unwrap(), event)
            }
            _ => {}
        }
    }
    expected
}

fn decode<E: serde::de::DeserializeOwned>(payload: &str) -> E {
    serde_json::from_str(payload).unwrap()
}

async fn found_streams(pool: &PgPool, expected: &Expected) -> Expected {
    let index = LogIndex::new(pool.clone());
    let mut found = Expected::new();
    for &(lookup, id) in expected.keys() {
        let streams = index.streams_naming(lookup, id).await.unwrap();
        found.insert((lookup, id), streams.into_iter().collect());
    }
    found
}

fn lookups_exercised(expected: &Expected) -> BTreeSet<String> {
    expected
        .keys()
        .map(|(lookup, _)| format!("{lookup:?}"))
        .collect()
}

#[tokio::test]
async fn every_stream_lookup_finds_what_the_domain_says_it_names_in_the_seeds() {
    let (sodertorn, _, _) = imported("003-sodertorn.json").await;
    let (inkopsnamnden, _, _) = imported("004-inkopsnamnden.json").await;
    let mut exercised = BTreeSet::new();
    for api in [&sodertorn, &inkopsnamnden] {
        let events = read_all(&api.db.pool).await;
        let expected = expected_streams(&events);
        assert_eq!(found_streams(&api.db.pool, &expected).await, expected);
        exercised.extend(lookups_exercised(&expected));
    }
    // The two seeds between them hold an event for every lookup, so none is tested on nothing.
    let every_lookup: BTreeSet<String> = StreamsNaming::ALL
        .iter()
        .map(|lookup| format!("{lookup:?}"))
        .collect();
    assert_eq!(exercised, every_lookup);
}

#[tokio::test]
async fn a_lookup_finds_nothing_for_an_id_no_event_names() {
    let (api, _, _) = imported("004-inkopsnamnden.json").await;
    let index = LogIndex::new(api.db.pool.clone());
    for lookup in StreamsNaming::ALL {
        assert_eq!(
            index.streams_naming(lookup, Uuid::new_v4()).await.unwrap(),
            Vec::<String>::new(),
            "{lookup:?}"
        );
    }
}

#[tokio::test]
async fn the_paragraph_lookups_read_the_decisions_as_the_domain_serialises_them() {
    let (db, register) = with_inkopsnamnden().await;
    let delegated = Uuid::new_v4();
    for (on, items) in [("2025-03-11", 2), ("2025-05-06", 3)] {
        let meeting_id = held_meeting(&register, on, items).await;
        for item in 1..=items {
            register
                .record_decision(meeting_id, decision(item, None))
                .await
                .unwrap();
        }
    }
    let reporting_meeting = held_meeting(&register, "2026-02-10", 1).await;
    let mut report = decision(1, None);
    report.content = reporting(delegated);
    register
        .record_decision(reporting_meeting, report)
        .await
        .unwrap();
    let events = read_all(&db.pool).await;
    let mut latest: BTreeMap<(Uuid, i32), LatestParagraph> = BTreeMap::new();
    let mut numbers: BTreeMap<(Uuid, i32), Vec<i32>> = BTreeMap::new();
    let mut decision_ids = Vec::new();
    for event in events
        .iter()
        .filter(|event| event.event_type == "DecisionRecorded")
    {
        let MeetingEvent::DecisionRecorded(decision) = decode(&event.payload) else {
            panic!("{} is not a DecisionRecorded", event.payload);
        };
        let key = (decision.body_id, decision.paragraph.year);
        let number = i32::try_from(decision.paragraph.number).unwrap();
        numbers.entry(key).or_default().push(number);
        let candidate = LatestParagraph {
            number,
            meeting_on: decision.meeting_on,
        };
        latest
            .entry(key)
            .and_modify(|latest| {
                if candidate.number > latest.number {
                    *latest = candidate
                }
            })
            .or_insert(candidate);
        decision_ids.push(decision.decision_id);
    }
    assert_eq!(
        numbers,
        BTreeMap::from([
            ((NAMNDEN, 2025), vec![1, 2, 3, 4, 5]),
            ((NAMNDEN, 2026), vec![1]),
        ])
    );

    let index = LogIndex::new(db.pool.clone());
    for (&(body_id, year), expected) in &latest {
        assert_eq!(
            index.latest_paragraph(body_id, year).await.unwrap(),
            Some(*expected)
        );
        let mut expected_numbers = numbers[&(body_id, year)].clone();
        expected_numbers.sort_unstable();
        assert_eq!(
            index.paragraph_numbers(body_id, year).await.unwrap(),
            expected_numbers
        );
    }
    assert_eq!(index.latest_paragraph(NAMNDEN, 2024).await.unwrap(), None);
    assert_eq!(
        index.paragraph_numbers(NAMNDEN, 2024).await.unwrap(),
        Vec::<i32>::new()
    );
    for decision_id in decision_ids {
        assert!(
            index.decision_exists(decision_id).await.unwrap(),
            "{decision_id}"
        );
    }
    assert!(index.decision_exists(delegated).await.unwrap());
    assert!(!index.decision_exists(Uuid::new_v4()).await.unwrap());
    // Whose meeting it is, from the meeting's first event as the domain serialised it.
    for meeting_id in meeting_ids(&db.pool).await {
        let called: MeetingEvent = serde_json::from_str(
            &index
                .first_event("Meeting", &meeting_id.to_string())
                .await
                .unwrap()
                .unwrap()
                .payload,
        )
        .unwrap();
        let MeetingEvent::MeetingCalled(called) = called else {
            panic!("meeting {meeting_id} begins with {called:?}");
        };
        assert_eq!(
            index.meeting_body(meeting_id).await.unwrap(),
            Some(called.body_id)
        );
    }
    assert_eq!(index.meeting_body(Uuid::new_v4()).await.unwrap(), None);
}

#[tokio::test]
async fn a_meetings_body_is_remembered_once_the_meeting_is_called_and_not_before() {
    let (db, register) = with_inkopsnamnden().await;
    let log = eventlog::EventLog::new(db.pool.clone());
    let meeting_id = Uuid::new_v4();
    assert_eq!(log.meeting_body(meeting_id).await.unwrap(), None);

    register
        .call_meeting(
            meeting_id,
            register::CallMeetingRequest {
                body_id: NAMNDEN,
                date: crate::support::fixtures::date("2025-05-06"),
                place: "Regionhuset, Nyköping".into(),
                agenda: crate::support::inkopsnamnden::agenda(1),
            },
        )
        .await
        .unwrap();
    assert_eq!(log.meeting_body(meeting_id).await.unwrap(), Some(NAMNDEN));
    assert_eq!(log.meeting_body(meeting_id).await.unwrap(), Some(NAMNDEN));
}

async fn meeting_ids(pool: &PgPool) -> Vec<Uuid> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT aggregate_id FROM events WHERE aggregate_type = 'Meeting' ORDER BY 1",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    assert!(!ids.is_empty());
    ids.iter().map(|id| Uuid::parse_str(id).unwrap()).collect()
}

/// The index names in the plan PostgreSQL chooses for `statement` when it may neither read the
/// table whole nor use any index of `events` but `allowed`: so the plan names an index only if
/// its expression and predicate can answer the statement. Dropping indexes takes the owner, in a
/// transaction that is rolled back.
async fn indexes_planned(
    pool: &PgPool,
    statement: &str,
    allowed: &[&str],
    id: &str,
    year: Option<i32>,
) -> BTreeSet<String> {
    let mut transaction = pool.begin().await.unwrap();
    sqlx::raw_sql("SET LOCAL enable_seqscan = off")
        .execute(&mut *transaction)
        .await
        .unwrap();
    // DDL is transactional: the other indexes are gone only inside this transaction, which is
    // rolled back.
    let others: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT i.relname::text, c.conname::text
           FROM pg_index x
           JOIN pg_class i ON i.oid = x.indexrelid
           LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid
          WHERE x.indrelid = 'events'::regclass AND i.relname <> ALL($1)",
    )
    .bind(allowed)
    .fetch_all(&mut *transaction)
    .await
    .unwrap();
    for (index, constraint) in others {
        let drop = match constraint {
            Some(constraint) => format!("ALTER TABLE events DROP CONSTRAINT {constraint}"),
            None => format!("DROP INDEX {index}"),
        };
        sqlx::raw_sql(&drop)
            .execute(&mut *transaction)
            .await
            .unwrap();
    }
    // The plan's text names every index it scans.
    let statement = format!("EXPLAIN {statement}");
    let mut explain = sqlx::query_scalar::<_, String>(&statement).bind(id);
    if let Some(year) = year {
        explain = explain.bind(year);
    }
    let lines = explain.fetch_all(&mut *transaction).await.unwrap();
    transaction.rollback().await.unwrap();
    lines
        .iter()
        .flat_map(|line| line.split_whitespace())
        // Table aliases (`events_1`) are words of the plan too; only the indexes count.
        .filter(|word| allowed.contains(word))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn every_lookup_is_answered_from_the_index_its_migration_made_for_it() {
    let (api, _, _) = imported("004-inkopsnamnden.json").await;
    let pool = &api.db.owner_pool;
    let id = Uuid::new_v4().to_string();
    for lookup in StreamsNaming::ALL {
        let expected: BTreeSet<String> = lookup
            .indexes()
            .iter()
            .map(|name| (*name).to_owned())
            .collect();
        if expected.is_empty() {
            continue;
        }
        assert_eq!(
            indexes_planned(pool, lookup.sql(), lookup.indexes(), &id, None).await,
            expected,
            "{lookup:?}"
        );
    }
    let paragraph_index = ["events_decision_paragraph_per_body_and_year"];
    assert_eq!(
        indexes_planned(
            pool,
            eventlog::LATEST_PARAGRAPH,
            &paragraph_index,
            &id,
            Some(2025)
        )
        .await,
        BTreeSet::from(paragraph_index.map(str::to_owned))
    );
    // The external decision is found by the primary key, which would answer every part of the
    // statement on a log this small; the payload indexes are what must be shown to fit. Each
    // is allowed alone, since on a small log one partial index can stand in for another.
    for decision_indexes in [
        &["events_decision_id"][..],
        &[
            "events_delegated_decisions_corrected",
            "events_delegated_decisions_recorded",
        ][..],
    ] {
        assert_eq!(
            indexes_planned(pool, eventlog::DECISION_EXISTS, decision_indexes, &id, None).await,
            decision_indexes
                .iter()
                .map(|name| (*name).to_owned())
                .collect(),
        );
    }
}
