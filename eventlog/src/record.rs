use chrono::{DateTime, Utc};

use crate::{ChainHash, Position};

/// One row of the event log, as stored.
///
/// `payload` and `metadata` are kept as the exact JSON text the database holds, because that text
/// is what the hash chain covers; parsing and re-serialising it could change a byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedEvent {
    pub position: Position,
    pub recorded_at: DateTime<Utc>,
    pub aggregate_type: String,
    pub aggregate_id: String,
    pub sequence: i64,
    pub event_type: String,
    pub event_version: String,
    pub payload: String,
    pub metadata: String,
    pub hash: ChainHash,
}
