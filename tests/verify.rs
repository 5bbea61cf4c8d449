//! Verification: the chain is recomputed and the first position that departs from it is named.

use eventlog::{verify_chain, ChainBreak, LogReader, VerifyError, VerifyRange};

use crate::fixtures::*;
use crate::harness::TestDatabase;

async fn verify(
    db: &TestDatabase,
    range: VerifyRange,
) -> Result<eventlog::VerifiedChain, VerifyError> {
    verify_chain(&LogReader::new(db.pool.clone()), range).await
}

fn broken_at(result: Result<eventlog::VerifiedChain, VerifyError>) -> ChainBreak {
    match result {
        Err(VerifyError::Broken(chain_break)) => chain_break,
        other => panic!("expected a broken chain, got {other:?}"),
    }
}

#[tokio::test]
async fn an_intact_log_verifies_with_its_head() {
    let db = TestDatabase::new().await;
    append_events(&db.pool, 12).await;
    let events = read_all(&db.pool).await;
    let verified = verify(&db, VerifyRange::default()).await.unwrap();
    assert_eq!(verified.events_checked, 12);
    assert_eq!(verified.last_position, position(12));
    assert_eq!(verified.head_position, position(12));
    assert_eq!(verified.head_hash, events[11].hash);
}

#[tokio::test]
async fn an_edited_payload_is_named_by_its_position() {
    let db = TestDatabase::new().await;
    append_events(&db.pool, 12).await;
    let original = read_all(&db.pool).await;
    db.tamper(
        r#"UPDATE events SET payload = replace(payload::text, 'Älvdalen', 'Malung')::json WHERE position = 7"#,
    )
    .await;
    let chain_break = broken_at(verify(&db, VerifyRange::default()).await);
    assert!(matches!(
        chain_break,
        ChainBreak::HashMismatch { position: at, stored, .. } if at == position(7) && stored == original[6].hash
    ));
}

#[tokio::test]
async fn a_deleted_row_is_named_by_its_position() {
    let db = TestDatabase::new().await;
    append_events(&db.pool, 12).await;
    db.tamper("DELETE FROM events WHERE position = 7").await;
    assert_eq!(
        broken_at(verify(&db, VerifyRange::default()).await),
        ChainBreak::MissingRow {
            position: position(7)
        }
    );
}

#[tokio::test]
async fn a_deleted_last_row_is_caught_by_the_head() {
    let db = TestDatabase::new().await;
    append_events(&db.pool, 12).await;
    db.tamper("DELETE FROM events WHERE position = 12").await;
    assert_eq!(
        broken_at(verify(&db, VerifyRange::default()).await),
        ChainBreak::MissingRow {
            position: position(12)
        }
    );
}

#[tokio::test]
async fn renumbered_rows_break_the_chain_where_the_renumbering_starts() {
    let db = TestDatabase::new().await;
    append_events(&db.pool, 12).await;
    // Remove row 7 and close the gap, as a careful forger would.
    db.tamper(
        "DELETE FROM events WHERE position = 7;
         UPDATE events SET position = position - 1 WHERE position > 7;",
    )
    .await;
    assert!(matches!(
        broken_at(verify(&db, VerifyRange::default()).await),
        ChainBreak::HashMismatch { position: at, .. } if at == position(7)
    ));
}

#[tokio::test]
async fn a_row_slipped_in_beyond_the_head_is_named() {
    let db = TestDatabase::new().await;
    append_events(&db.pool, 3).await;
    db.tamper(
        "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version,
                             payload, metadata, position, recorded_at, hash)
         VALUES ('Cooperation', 'forged', 1, 'CooperationEstablished', '1', '{}', '{}',
                 4, now(), decode(repeat('ab', 32), 'hex'))",
    )
    .await;
    assert_eq!(
        broken_at(verify(&db, VerifyRange::default()).await),
        ChainBreak::RowBeyondHead {
            position: position(4)
        }
    );
}

#[tokio::test]
async fn a_range_is_checked_from_the_stored_hash_before_it() {
    let db = TestDatabase::new().await;
    append_events(&db.pool, 12).await;
    let events = read_all(&db.pool).await;
    db.tamper("UPDATE events SET metadata = '{\"actor\":\"x\"}' WHERE position = 10")
        .await;

    let range = VerifyRange {
        from: Some(position(3)),
        to: Some(position(6)),
    };
    let verified = verify(&db, range).await.unwrap();
    assert_eq!(verified.events_checked, 4);
    assert_eq!(
        (verified.last_position, verified.last_hash),
        (position(6), events[5].hash)
    );

    let from_eight = VerifyRange {
        from: Some(position(8)),
        to: None,
    };
    assert!(matches!(
        broken_at(verify(&db, from_eight).await),
        ChainBreak::HashMismatch { position: at, .. } if at == position(10)
    ));
}

#[tokio::test]
async fn a_range_beyond_the_head_or_backwards_is_refused() {
    let db = TestDatabase::new().await;
    append_events(&db.pool, 3).await;
    let beyond = VerifyRange {
        from: None,
        to: Some(position(4)),
    };
    assert!(matches!(
        verify(&db, beyond).await,
        Err(VerifyError::BeyondHead { to, head }) if to == position(4) && head == position(3)
    ));
    let backwards = VerifyRange {
        from: Some(position(3)),
        to: Some(position(2)),
    };
    assert!(matches!(
        verify(&db, backwards).await,
        Err(VerifyError::EmptyRange { from, to }) if from == position(3) && to == position(2)
    ));
}
