//! Verification: the chain is recomputed and the first position that departs from it is named.

use eventlog::{verify_chain, ChainBreak, LogReader, PositionRange, RangeError, VerifyError};

use crate::support::fixtures::*;
use crate::support::harness::TestDatabase;

async fn verify(
    db: &TestDatabase,
    range: PositionRange,
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
    let verified = verify(&db, PositionRange::default()).await.unwrap();
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
    let chain_break = broken_at(verify(&db, PositionRange::default()).await);
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
        broken_at(verify(&db, PositionRange::default()).await),
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
        broken_at(verify(&db, PositionRange::default()).await),
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
        broken_at(verify(&db, PositionRange::default()).await),
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
        broken_at(verify(&db, PositionRange::default()).await),
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

    let range = PositionRange {
        from: Some(position(3)),
        to: Some(position(6)),
    };
    let verified = verify(&db, range).await.unwrap();
    assert_eq!(verified.events_checked, 4);
    assert_eq!(
        (verified.last_position, verified.last_hash),
        (position(6), events[5].hash)
    );

    let from_eight = PositionRange {
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
    let beyond = PositionRange {
        from: None,
        to: Some(position(4)),
    };
    assert!(matches!(
        verify(&db, beyond).await,
        Err(VerifyError::Range(RangeError::BeyondHead { to, head })) if to == position(4) && head == position(3)
    ));
    let backwards = PositionRange {
        from: Some(position(3)),
        to: Some(position(2)),
    };
    assert!(matches!(
        verify(&db, backwards).await,
        Err(VerifyError::Range(RangeError::EmptyRange { from, to })) if from == position(3) && to == position(2)
    ));
}

#[tokio::test]
async fn an_empty_log_verifies_with_nothing_checked() {
    let db = TestDatabase::new().await;
    for range in [
        PositionRange::default(),
        PositionRange {
            from: Some(position(1)),
            to: None,
        },
    ] {
        let verified = verify(&db, range).await.unwrap();
        assert_eq!(
            (
                verified.events_checked,
                verified.head_position,
                verified.head_hash
            ),
            (0, eventlog::Position::GENESIS, eventlog::GENESIS_HASH)
        );
    }
}

#[tokio::test]
async fn a_deleted_first_row_is_named() {
    let db = TestDatabase::new().await;
    append_events(&db.pool, 4).await;
    db.tamper("DELETE FROM events WHERE position = 1").await;
    assert_eq!(
        broken_at(verify(&db, PositionRange::default()).await),
        ChainBreak::MissingRow {
            position: position(1)
        }
    );
}

#[tokio::test]
async fn a_range_whose_anchor_was_deleted_names_the_anchor() {
    let db = TestDatabase::new().await;
    append_events(&db.pool, 8).await;
    db.tamper("DELETE FROM events WHERE position = 5").await;
    let from_six = PositionRange {
        from: Some(position(6)),
        to: None,
    };
    assert_eq!(
        broken_at(verify(&db, from_six).await),
        ChainBreak::MissingRow {
            position: position(5)
        }
    );
}

#[tokio::test]
async fn a_head_that_disagrees_with_the_last_row_is_named() {
    let db = TestDatabase::new().await;
    append_events(&db.pool, 4).await;
    let last_hash = read_all(&db.pool).await[3].hash;
    db.tamper("UPDATE event_log_head SET hash = decode(repeat('cd', 32), 'hex')")
        .await;
    let chain_break = broken_at(verify(&db, PositionRange::default()).await);
    assert!(matches!(
        chain_break,
        ChainBreak::HeadMismatch { position: at, row_hash, .. } if at == position(4) && row_hash == last_hash
    ));
}

#[tokio::test]
async fn a_range_may_start_right_after_the_head_but_not_beyond() {
    let db = TestDatabase::new().await;
    append_events(&db.pool, 3).await;
    let after_head = PositionRange {
        from: Some(position(4)),
        to: None,
    };
    assert_eq!(verify(&db, after_head).await.unwrap().events_checked, 0);
    let beyond = PositionRange {
        from: Some(position(5)),
        to: None,
    };
    assert!(matches!(
        verify(&db, beyond).await,
        Err(VerifyError::Range(RangeError::StartsBeyondHead { from, head })) if from == position(5) && head == position(3)
    ));
}

#[tokio::test]
async fn verification_during_appends_sees_one_consistent_log() {
    let db = TestDatabase::new().await;
    append_events(&db.pool, 5).await;
    let writer = tokio::spawn({
        let pool = db.pool.clone();
        async move { append_events(&pool, 150).await }
    });
    let mut checked = Vec::new();
    while !writer.is_finished() {
        let verified = verify(&db, PositionRange::default()).await.unwrap();
        assert_eq!(verified.events_checked, verified.head_position.get());
        checked.push(verified.events_checked);
    }
    writer.await.unwrap();
    assert!(
        checked.windows(2).all(|pair| pair[0] <= pair[1]),
        "{checked:?}"
    );
    assert_eq!(
        verify(&db, PositionRange::default())
            .await
            .unwrap()
            .events_checked,
        155
    );
}
