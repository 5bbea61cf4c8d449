//! The hash rule in ARCHITECTURE.md is enough to check the log without any of our code: this
//! test is the auditor's own program, written from the document alone.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};

use crate::support::fixtures::*;
use crate::support::harness::TestDatabase;

type Row = (
    i64,
    DateTime<Utc>,
    String,
    String,
    i64,
    String,
    String,
    String,
    String,
    Vec<u8>,
);

fn field(text: &str) -> Vec<u8> {
    let mut bytes = (text.len() as u32).to_be_bytes().to_vec();
    bytes.extend_from_slice(text.as_bytes());
    bytes
}

#[tokio::test]
async fn an_auditor_recomputes_every_hash_from_the_documented_rule() {
    let db = TestDatabase::new().await;
    append_events(&db.pool, 3).await;
    let bus = bus(&db.pool);
    let id = uuid::Uuid::new_v4().to_string();
    bus.execute(&id, establish_mora_cooperation())
        .await
        .unwrap();
    bus.execute(&id, admit("2080")).await.unwrap();

    let rows: Vec<Row> = sqlx::query_as(
        "SELECT position, recorded_at, aggregate_type, aggregate_id, sequence, event_type,
                event_version, payload::text, metadata::text, hash
           FROM events ORDER BY position",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(rows.len(), 5);

    let mut previous = vec![0_u8; 32];
    for (
        position,
        recorded_at,
        aggregate_type,
        aggregate_id,
        sequence,
        event_type,
        version,
        payload,
        metadata,
        stored,
    ) in rows
    {
        let mut hasher = Sha256::new();
        hasher.update(&previous);
        for text in [
            position.to_string(),
            recorded_at.format("%Y-%m-%dT%H:%M:%S%.6fZ").to_string(),
            aggregate_type,
            aggregate_id,
            sequence.to_string(),
            event_type,
            version,
            payload,
            metadata,
        ] {
            hasher.update(field(&text));
        }
        let recomputed = hasher.finalize().to_vec();
        assert_eq!(
            hex::encode(&recomputed),
            hex::encode(&stored),
            "position {position}"
        );
        previous = recomputed;
    }
}
