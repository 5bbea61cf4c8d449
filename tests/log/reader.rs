//! The log reader: position order, pages from any position, and errors instead of early ends.

use std::num::NonZeroU32;

use eventlog::{LogReadError, LogReader, Position, RecordedEvent};
use futures::StreamExt;

use crate::support::fixtures::*;
use crate::support::harness::TestDatabase;

fn page_size(size: u32) -> NonZeroU32 {
    NonZeroU32::new(size).unwrap()
}

#[tokio::test]
async fn pages_start_at_any_position_and_say_where_to_go_next() {
    let db = TestDatabase::new().await;
    append_events(&db.pool, 25).await;
    let reader = LogReader::new(db.pool.clone());

    let page = reader
        .read_page(position(10), None, page_size(7))
        .await
        .unwrap();
    assert_eq!(positions(&page.events), (10..=16).collect::<Vec<u64>>());
    assert_eq!(page.next_position(), Some(position(17)));

    let last = reader
        .read_page(position(20), None, page_size(100))
        .await
        .unwrap();
    assert_eq!(positions(&last.events), (20..=25).collect::<Vec<u64>>());
    assert_eq!(last.next_position(), None);

    let bounded = reader
        .read_page(position(3), Some(position(5)), page_size(100))
        .await
        .unwrap();
    assert_eq!(positions(&bounded.events), vec![3, 4, 5]);
}

#[tokio::test]
async fn the_stream_reads_every_event_in_order_across_pages() {
    let db = TestDatabase::new().await;
    append_events(&db.pool, 25).await;
    let reader = LogReader::new(db.pool.clone());
    let events: Vec<RecordedEvent> = reader
        .stream(position(4), None, page_size(4))
        .map(Result::unwrap)
        .collect()
        .await;
    assert_eq!(positions(&events), (4..=25).collect::<Vec<u64>>());
}

#[tokio::test]
async fn an_empty_log_reads_as_empty() {
    let db = TestDatabase::new().await;
    let reader = LogReader::new(db.pool.clone());
    let page = reader
        .read_page(Position::GENESIS, None, page_size(10))
        .await
        .unwrap();
    assert_eq!(
        (page.events.len(), page.head.position),
        (0, Position::GENESIS)
    );
    assert_eq!(read_all(&db.pool).await, Vec::new());
}

#[tokio::test]
async fn a_missing_row_in_the_middle_is_an_error_not_an_end() {
    let db = TestDatabase::new().await;
    append_events(&db.pool, 10).await;
    db.tamper("DELETE FROM events WHERE position = 5").await;
    let reader = LogReader::new(db.pool.clone());

    let results: Vec<Result<RecordedEvent, LogReadError>> = reader
        .stream(position(1), None, page_size(3))
        .collect()
        .await;
    let read: Vec<u64> = results
        .iter()
        .filter_map(|result| result.as_ref().ok())
        .map(|event| event.position.get())
        .collect();
    assert_eq!(read, vec![1, 2, 3, 4], "every intact row comes first");
    assert_eq!(results.len(), 5, "the stream ends with the error");
    assert!(matches!(
        results.last(),
        Some(Err(LogReadError::Gap { expected, found })) if *expected == position(5) && *found == position(6)
    ));
}

#[tokio::test]
async fn a_log_that_ends_before_its_head_is_an_error_not_an_end() {
    let db = TestDatabase::new().await;
    append_events(&db.pool, 10).await;
    db.tamper("DELETE FROM events WHERE position >= 9").await;
    let reader = LogReader::new(db.pool.clone());
    let page = reader
        .read_page(position(7), None, page_size(100))
        .await
        .unwrap();
    assert_eq!(positions(&page.events), vec![7, 8]);
    assert_eq!(page.next_position(), Some(position(9)));
    let error = reader
        .read_page(position(9), None, page_size(100))
        .await
        .unwrap_err();
    assert!(matches!(
        error,
        LogReadError::EndsBefore { last, expected } if last == position(8) && expected == position(10)
    ));
}
