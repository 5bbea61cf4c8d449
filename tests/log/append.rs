//! The store: commands through cqrs-es and postgres-es land in one ordered, chained,
//! append-only log.

use std::time::Duration;

use cqrs_es::AggregateError;
use domain::cooperation::{CooperationError, CooperationEvent, PartyJoined};
use eventlog::{
    canonical_row_bytes, lock_head, verify_chain, ChainHash, LogReader, PositionRange, GENESIS_HASH,
};
use uuid::Uuid;

use crate::support::fixtures::*;
use crate::support::harness::TestDatabase;

#[tokio::test]
async fn commands_append_events_with_position_record_time_and_hash() {
    let db = TestDatabase::new().await;
    let bus = bus(&db.pool);
    let id = Uuid::new_v4().to_string();
    bus.execute(&id, establish_mora_cooperation())
        .await
        .unwrap();
    bus.execute(&id, admit("0480")).await.unwrap();

    let events = read_all(&db.pool).await;
    assert_eq!(positions(&events), vec![1, 2]);
    let rows: Vec<(&str, &str, i64, &str, &str)> = events
        .iter()
        .map(|event| {
            (
                event.aggregate_type.as_str(),
                event.aggregate_id.as_str(),
                event.sequence,
                event.event_type.as_str(),
                event.event_version.as_str(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            // Version 2: an establishment rests on a list of bases.
            ("Cooperation", id.as_str(), 1, "CooperationEstablished", "2"),
            ("Cooperation", id.as_str(), 2, "PartyJoined", "1"),
        ]
    );
    let joined: CooperationEvent = serde_json::from_str(&events[1].payload).unwrap();
    assert_eq!(
        joined,
        CooperationEvent::PartyJoined(PartyJoined {
            party: code("0480"),
            joins_on: date("2021-01-01"),
            basis: basis(),
        })
    );
    assert!(events[0].recorded_at <= events[1].recorded_at);
    assert_eq!(events[0].hash, ChainHash::chain(&GENESIS_HASH, &events[0]));
    assert_eq!(
        events[1].hash,
        ChainHash::chain(&events[0].hash, &events[1])
    );

    let head = LogReader::new(db.pool.clone()).head().await.unwrap();
    assert_eq!((head.position, head.hash), (position(2), events[1].hash));
}

#[tokio::test]
async fn the_database_computes_the_row_bytes_of_the_documented_rule() {
    let db = TestDatabase::new().await;
    append_events(&db.pool, 1).await;
    let event = read_all(&db.pool).await.remove(0);
    assert!(
        event.payload.contains("Älvdalen"),
        "the row must exercise UTF-8"
    );

    let database_bytes: Vec<u8> = sqlx::query_scalar(
        "SELECT event_row_bytes(position, recorded_at, aggregate_type, aggregate_id, sequence,
                                event_type, event_version, payload::text, metadata::text)
           FROM events WHERE position = 1",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    assert_eq!(database_bytes, canonical_row_bytes(&event));
}

#[tokio::test]
async fn two_concurrent_commands_on_one_aggregate_one_succeeds_the_other_conflicts() {
    let db = TestDatabase::new().await;
    let id = Uuid::new_v4().to_string();
    bus(&db.pool)
        .execute(&id, establish_mora_cooperation())
        .await
        .unwrap();

    // Hold the head of the log so that both commands load the aggregate at the same sequence and
    // then wait to append; releasing it lets them race for the same sequence number.
    let mut holder = db.pool.begin().await.unwrap();
    lock_head(&mut holder).await.unwrap();
    let first = tokio::spawn({
        let (bus, id) = (bus(&db.pool), id.clone());
        async move { bus.execute(&id, admit("0480")).await }
    });
    let second = tokio::spawn({
        let (bus, id) = (bus(&db.pool), id.clone());
        async move { bus.execute(&id, admit("0481")).await }
    });
    wait_for_blocked_appends(&db, 2).await;
    holder.commit().await.unwrap();

    let mut outcomes = vec![first.await.unwrap(), second.await.unwrap()];
    outcomes.sort_by_key(Result::is_err);
    assert!(
        outcomes[0].is_ok(),
        "one command must succeed: {outcomes:?}"
    );
    assert!(
        matches!(
            outcomes[1],
            Err(AggregateError::<CooperationError>::AggregateConflict)
        ),
        "the other must conflict: {outcomes:?}"
    );

    // Nothing half written: exactly the establishment and one admission, with no gap.
    let events = read_all(&db.pool).await;
    assert_eq!(positions(&events), vec![1, 2]);
    assert_eq!(
        events
            .iter()
            .map(|event| event.sequence)
            .collect::<Vec<_>>(),
        vec![1, 2]
    );
    let verified = verify_chain(&LogReader::new(db.pool.clone()), PositionRange::default())
        .await
        .unwrap();
    assert_eq!(
        (verified.events_checked, verified.head_position),
        (2, position(2))
    );
}

/// Waits until `count` sessions of this database are blocked on a lock.
async fn wait_for_blocked_appends(db: &TestDatabase, count: i64) {
    for _ in 0..500 {
        let waiting: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'",
        )
        .bind(&db.name)
        .fetch_one(&db.pool)
        .await
        .unwrap();
        if waiting >= count {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the commands never reached the append");
}

#[tokio::test]
async fn a_thousand_events_from_eight_writers_get_positions_one_to_a_thousand() {
    let db = TestDatabase::new().await;
    let writers: Vec<_> = (0..8)
        .map(|_| {
            let pool = db.pool.clone();
            tokio::spawn(async move { append_events(&pool, 125).await })
        })
        .collect();
    for writer in writers {
        writer.await.unwrap();
    }

    let events = read_all(&db.pool).await;
    assert_eq!(positions(&events), (1..=1000).collect::<Vec<u64>>());
    assert!(events
        .windows(2)
        .all(|pair| pair[0].recorded_at <= pair[1].recorded_at));
    let verified = verify_chain(&LogReader::new(db.pool.clone()), PositionRange::default())
        .await
        .unwrap();
    assert_eq!(verified.events_checked, 1000);
    assert_eq!(verified.head_position, position(1000));
    assert_eq!(verified.head_hash, events[999].hash);
}

/// The triggers guard the log even against its owner, who could switch them off but does not by
/// accident; the application role is refused before them, for want of the privilege (see
/// `log::roles`).
#[tokio::test]
async fn update_delete_and_truncate_are_refused_even_to_the_owner_and_change_nothing() {
    let db = TestDatabase::new().await;
    append_events(&db.pool, 3).await;
    let before = read_all(&db.pool).await;

    for (statement, operation) in [
        (
            "UPDATE events SET payload = '{}' WHERE position = 2",
            "UPDATE",
        ),
        ("DELETE FROM events WHERE position = 2", "DELETE"),
        ("TRUNCATE events", "TRUNCATE"),
    ] {
        let error = sqlx::raw_sql(statement)
            .execute(&db.owner_pool)
            .await
            .expect_err(statement);
        let error = error.as_database_error().expect("a database error");
        assert_eq!(error.code().as_deref(), Some("23001"), "{statement}");
        assert_eq!(
            error.message(),
            format!("the event log is append-only: {operation} on events is not allowed")
        );
    }
    assert_eq!(read_all(&db.pool).await, before);
}

#[tokio::test]
async fn the_head_moves_only_when_an_event_is_appended_even_for_the_owner() {
    let db = TestDatabase::new().await;
    append_events(&db.pool, 1).await;
    for (statement, operation) in [
        ("UPDATE event_log_head SET position = 7", "UPDATE"),
        ("DELETE FROM event_log_head", "DELETE"),
        ("TRUNCATE event_log_head", "TRUNCATE"),
    ] {
        let error = sqlx::raw_sql(statement)
            .execute(&db.owner_pool)
            .await
            .expect_err(statement);
        assert_eq!(
            error.as_database_error().map(|error| error.message().to_owned()),
            Some(format!("the event log head moves only when an event is appended: {operation} on event_log_head is not allowed"))
        );
    }
    let head = LogReader::new(db.pool.clone()).head().await.unwrap();
    assert_eq!(head.position, position(1));
}

#[tokio::test]
async fn position_record_time_and_hash_cannot_be_forged_by_an_insert() {
    let db = TestDatabase::new().await;
    sqlx::raw_sql(
        "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version,
                             payload, metadata, position, recorded_at, hash)
         VALUES ('Cooperation', 'x', 1, 'CooperationEstablished', '1', '{}', '{}',
                 999, '2000-01-01T00:00:00Z', decode(repeat('ab', 32), 'hex'))",
    )
    .execute(&db.pool)
    .await
    .unwrap();
    let event = read_all(&db.pool).await.remove(0);
    assert_eq!(event.position, position(1));
    assert!(
        event.recorded_at
            > "2020-01-01T00:00:00Z"
                .parse::<chrono::DateTime<chrono::Utc>>()
                .unwrap()
    );
    assert_eq!(event.hash, ChainHash::chain(&GENESIS_HASH, &event));
}
