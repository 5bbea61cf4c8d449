//! The hash rule of the event log, as ARCHITECTURE.md states it for auditors.
//!
//! This is the second implementation of the rule; the first is `event_row_bytes` in the
//! migrations, which the database runs on every append. Tests hold the two to the same bytes.

use sha2::{Digest, Sha256};

use crate::{ChainHash, RecordedEvent};

/// The form in which `recorded_at` enters the hash: UTC, microseconds, always six digits.
pub const RECORDED_AT_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.6fZ";

impl ChainHash {
    /// The hash of `event`, chained to the hash of the event before it.
    pub fn chain(previous: &ChainHash, event: &RecordedEvent) -> ChainHash {
        let mut hasher = Sha256::new();
        hasher.update(previous.as_bytes());
        hasher.update(canonical_row_bytes(event));
        ChainHash::from_bytes(hasher.finalize().into())
    }
}

/// The canonical bytes of one row: nine fields, each written as its UTF-8 length in four bytes
/// big-endian followed by its UTF-8 bytes.
pub fn canonical_row_bytes(event: &RecordedEvent) -> Vec<u8> {
    let recorded_at = event.recorded_at.format(RECORDED_AT_FORMAT).to_string();
    let fields: [&str; 9] = [
        &event.position.to_string(),
        &recorded_at,
        &event.aggregate_type,
        &event.aggregate_id,
        &event.sequence.to_string(),
        &event.event_type,
        &event.event_version,
        &event.payload,
        &event.metadata,
    ];
    let mut bytes = Vec::with_capacity(fields.iter().map(|field| field.len() + 4).sum());
    for field in fields {
        // A field of 4 GiB or more cannot be stored: PostgreSQL caps a value at 1 GiB.
        let length = u32::try_from(field.len()).unwrap_or(u32::MAX);
        bytes.extend_from_slice(&length.to_be_bytes());
        bytes.extend_from_slice(field.as_bytes());
    }
    bytes
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::{Position, GENESIS_HASH};

    fn sample_event() -> RecordedEvent {
        RecordedEvent {
            position: Position::new(1).unwrap(),
            recorded_at: Utc.timestamp_opt(1_700_000_000, 5_000).single().unwrap(),
            aggregate_type: "Cooperation".into(),
            aggregate_id: "a".into(),
            sequence: 1,
            event_type: "CooperationEstablished".into(),
            event_version: "1".into(),
            payload: r#"{"name":"Inköpsnämnden"}"#.into(),
            metadata: "{}".into(),
            hash: GENESIS_HASH,
        }
    }

    #[test]
    fn fields_are_length_prefixed_in_the_documented_order() {
        let bytes = canonical_row_bytes(&sample_event());
        let mut expected = Vec::new();
        for field in [
            "1",
            "2023-11-14T22:13:20.000005Z",
            "Cooperation",
            "a",
            "1",
            "CooperationEstablished",
            "1",
            "{\"name\":\"Inköpsnämnden\"}",
            "{}",
        ] {
            expected.extend_from_slice(&(field.len() as u32).to_be_bytes());
            expected.extend_from_slice(field.as_bytes());
        }
        assert_eq!(bytes, expected);
    }

    #[test]
    fn the_chain_depends_on_the_previous_hash() {
        let event = sample_event();
        let after_genesis = ChainHash::chain(&GENESIS_HASH, &event);
        let after_other = ChainHash::chain(&after_genesis, &event);
        assert_ne!(after_genesis, after_other);
        assert_eq!(after_genesis, ChainHash::chain(&GENESIS_HASH, &event));
    }
}
