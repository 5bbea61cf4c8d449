//! Group commit: commands that arrive together are written in one transaction, each keeps its own
//! check, and the positions and the chain are exactly as if each had committed alone.
//!
//! To make a batch happen on purpose, a test holds the log's head in a transaction of its own, so
//! the committer's first batch waits for it while the next commands queue; releasing the head
//! lets the first batch commit and the queued commands follow in one transaction. Rows written in
//! one transaction share their `xmin`, which is how the tests tell batches apart.

use std::time::Duration;

use eventlog::{
    lock_head, verify_chain, AppendError, EventJson, EventLog, LogReader, NewEvent, Position,
    PositionRange,
};
use sqlx::PgPool;
use tokio::task::JoinHandle;

use crate::support::harness::TestDatabase;

/// One row of a stream of its own, or of `stream` at `sequence`.
fn row(stream: &str, sequence: i64) -> NewEvent {
    NewEvent {
        aggregate_type: "GroupCommitTest".to_owned(),
        aggregate_id: stream.to_owned(),
        sequence,
        event_type: "Appended".to_owned(),
        event_version: "1".to_owned(),
        json: EventJson::Rendered {
            payload: serde_json::json!({ "Appended": { "stream": stream, "sequence": sequence } }),
            metadata: serde_json::json!({}),
        },
    }
}

fn append(log: &EventLog, rows: Vec<NewEvent>) -> JoinHandle<Result<Vec<Position>, AppendError>> {
    let log = log.clone();
    tokio::spawn(async move { log.append(rows).await })
}

/// Each stream's rows in log order, with the transaction that wrote them.
async fn stored(pool: &PgPool) -> Vec<(i64, String, i64, String)> {
    sqlx::query_as(
        "SELECT position, aggregate_id, sequence, xmin::text FROM events ORDER BY position",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

/// Waits until the committer's first batch is queued for the head that `holder` keeps locked.
async fn until_a_batch_waits_for_the_head(pool: &PgPool) {
    for _ in 0..500 {
        let waiting: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM pg_locks WHERE NOT granted AND locktype = 'transactionid'",
        )
        .fetch_one(pool)
        .await
        .unwrap();
        if waiting > 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("the committer never waited for the head");
}

/// Lets the spawned writers hand their rows to the committer; nothing else can run meanwhile,
/// since the committer is waiting for the head.
async fn until_queued() {
    tokio::time::sleep(Duration::from_millis(200)).await;
}

fn positions(numbers: impl IntoIterator<Item = u64>) -> Vec<Position> {
    numbers
        .into_iter()
        .map(|number| Position::new(number).unwrap())
        .collect()
}

#[tokio::test]
async fn commands_queued_behind_a_commit_are_written_in_one_transaction_in_order() {
    let db = TestDatabase::new().await;
    let log = EventLog::new(db.pool.clone());
    let mut holder = db.pool.begin().await.unwrap();
    lock_head(&mut holder).await.unwrap();

    let first = append(&log, vec![row("first", 1), row("first", 2)]);
    until_a_batch_waits_for_the_head(&db.pool).await;
    let queued: Vec<_> = (1..=5)
        .map(|writer| append(&log, vec![row(&format!("queued-{writer}"), 1)]))
        .collect();
    until_queued().await;
    holder.rollback().await.unwrap();

    assert_eq!(first.await.unwrap().unwrap(), positions([1, 2]));
    let mut answered = Vec::new();
    for writer in queued {
        answered.extend(writer.await.unwrap().unwrap());
    }
    answered.sort();
    assert_eq!(answered, positions(3..=7));

    let rows = stored(&db.pool).await;
    let streams: Vec<(i64, &str, i64)> = rows
        .iter()
        .map(|(position, stream, sequence, _)| (*position, stream.as_str(), *sequence))
        .collect();
    assert_eq!(&streams[..2], &[(1, "first", 1), (2, "first", 2)]);
    let mut queued_streams: Vec<&str> = streams[2..].iter().map(|row| row.1).collect();
    queued_streams.sort_unstable();
    assert_eq!(
        queued_streams,
        ["queued-1", "queued-2", "queued-3", "queued-4", "queued-5"]
    );
    // The first command was alone in its batch; the five queued behind it shared one commit.
    let transactions: Vec<&str> = rows.iter().map(|row| row.3.as_str()).collect();
    assert_eq!(transactions[0], transactions[1]);
    assert_ne!(transactions[1], transactions[2]);
    assert!(transactions[2..]
        .iter()
        .all(|xmin| *xmin == transactions[2]));

    let verified = verify_chain(&LogReader::new(db.pool.clone()), PositionRange::default())
        .await
        .unwrap();
    assert_eq!(verified.events_checked, 7);
}

#[tokio::test]
async fn a_command_that_breaks_a_rule_fails_alone_and_the_rest_of_its_batch_commits() {
    let db = TestDatabase::new().await;
    let log = EventLog::new(db.pool.clone());
    log.append(vec![row("taken", 1)]).await.unwrap();

    let mut holder = db.pool.begin().await.unwrap();
    lock_head(&mut holder).await.unwrap();
    let first = append(&log, vec![row("first", 1)]);
    until_a_batch_waits_for_the_head(&db.pool).await;
    let before = append(&log, vec![row("before", 1)]);
    until_queued().await;
    // The stream "taken" already has its event 1: this command lost a race for it.
    let conflicting = append(&log, vec![row("taken", 2), row("taken", 1)]);
    until_queued().await;
    let after = append(&log, vec![row("after", 1)]);
    until_queued().await;
    holder.rollback().await.unwrap();

    assert_eq!(first.await.unwrap().unwrap(), positions([2]));
    assert!(matches!(
        conflicting.await.unwrap(),
        Err(AppendError::Conflict)
    ));
    assert_eq!(before.await.unwrap().unwrap(), positions([3]));
    assert_eq!(after.await.unwrap().unwrap(), positions([4]));

    let rows = stored(&db.pool).await;
    let streams: Vec<(i64, &str, i64)> = rows
        .iter()
        .map(|(position, stream, sequence, _)| (*position, stream.as_str(), *sequence))
        .collect();
    // Nothing of the refused command was written, and no position was lost to it.
    assert_eq!(
        streams,
        [
            (1, "taken", 1),
            (2, "first", 1),
            (3, "before", 1),
            (4, "after", 1)
        ]
    );
    assert_eq!(rows[2].3, rows[3].3);
    verify_chain(&LogReader::new(db.pool.clone()), PositionRange::default())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_lone_writer_commits_each_command_in_its_own_transaction() {
    let db = TestDatabase::new().await;
    let log = EventLog::new(db.pool.clone());
    for writer in 1..=3 {
        let written = log
            .append(vec![row(&format!("lone-{writer}"), 1)])
            .await
            .unwrap();
        assert_eq!(written, positions([writer]));
    }
    let rows = stored(&db.pool).await;
    let transactions: std::collections::BTreeSet<&str> =
        rows.iter().map(|row| row.3.as_str()).collect();
    assert_eq!(transactions.len(), 3);
}

#[tokio::test]
async fn rows_of_one_statement_chain_from_row_to_row_whatever_the_sessions_date_style() {
    let db = TestDatabase::new().await;
    let mut connection = db.pool.acquire().await.unwrap();
    // The record time is handed from row to row as text; a session's own DateStyle and time zone
    // must not change what it reads back.
    sqlx::raw_sql("SET DateStyle = 'SQL, DMY'; SET TimeZone = 'America/St_Johns'")
        .execute(&mut *connection)
        .await
        .unwrap();
    let rows: Vec<NewEvent> = (1..=3)
        .map(|sequence| row("one-statement", sequence))
        .collect();
    let written = eventlog::append_events(&mut connection, &rows)
        .await
        .unwrap();
    assert_eq!(written, positions(1..=3));
    let refused =
        eventlog::append_events(&mut connection, &[row("later", 1), row("one-statement", 3)]).await;
    assert!(matches!(refused, Err(AppendError::Conflict)));
    let after = eventlog::append_events(&mut connection, &[row("later", 1)])
        .await
        .unwrap();
    assert_eq!(after, positions([4]));
    drop(connection);

    let head: (i64, Vec<u8>) = sqlx::query_as("SELECT position, hash FROM event_log_head")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let last: (i64, Vec<u8>) =
        sqlx::query_as("SELECT position, hash FROM events ORDER BY position DESC LIMIT 1")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(head, last);
    let verified = verify_chain(&LogReader::new(db.pool.clone()), PositionRange::default())
        .await
        .unwrap();
    assert_eq!(verified.events_checked, 4);
}
