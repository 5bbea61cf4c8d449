//! The export file, format version 1: JSON Lines in UTF-8, one object per line, each with a
//! `kind`. The README's "Exporting the log" section is this module written out for auditors.
//!
//! - The first line is the `header`: where the export starts, the hash it chains to, and the head
//!   of the log when it was written.
//! - Then one `event` line per row, in position order, with every field the hash covers written
//!   exactly as it is hashed: `recorded_at` in the chain's own form, and `payload` and `metadata`
//!   as strings holding the exact JSON text the database stores (parsing and re-serialising them
//!   could change a byte).
//! - The last line is the `end`: how many rows were written, the last one and its hash, and the
//!   head again, so that a file cut short is recognisable by its missing last line.

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{ChainHash, Position, RecordedEvent};

/// The name in every header, so that no other JSON Lines file is mistaken for an export.
pub const EXPORT_FORMAT: &str = "samverkan-export";
/// The version of the format this code writes and reads.
pub const EXPORT_FORMAT_VERSION: u32 = 1;

/// The form of `recorded_at` in the hash and in the file (see `chain.rs`).
const RECORDED_AT_FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.6fZ";

/// One line of an export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ExportLine {
    Header(ExportHeader),
    Event(ExportedEvent),
    End(ExportEnd),
}

/// The first line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// A field the format does not have is refused: a verifier passes only the file an export
// wrote, not one with text added beside what the chain covers.
#[serde(deny_unknown_fields)]
pub struct ExportHeader {
    pub format: String,
    pub format_version: u32,
    /// The first position exported.
    pub from_position: u64,
    /// The last position asked for; `null` when the export runs to the last stored row.
    pub to_position: Option<u64>,
    /// The hash of the position before `from_position`, which the first row chains to: 64 zeros
    /// for an export from position 1, otherwise the stored hash, which the export trusts.
    pub previous_hash: String,
    pub head_position: u64,
    pub head_hash: String,
}

/// One row of the log, every field as the hash covers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// A field the format does not have is refused: a verifier passes only the file an export
// wrote, not one with text added beside what the chain covers.
#[serde(deny_unknown_fields)]
pub struct ExportedEvent {
    pub position: u64,
    pub recorded_at: String,
    pub aggregate_type: String,
    pub aggregate_id: String,
    pub sequence: i64,
    pub event_type: String,
    pub event_version: String,
    pub payload: String,
    pub metadata: String,
    pub hash: String,
}

/// The last line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
// A field the format does not have is refused: a verifier passes only the file an export
// wrote, not one with text added beside what the chain covers.
#[serde(deny_unknown_fields)]
pub struct ExportEnd {
    /// How many event lines precede this one.
    pub events: u64,
    /// The last position written and its hash; the header's position before the first when no
    /// row was written.
    pub last_position: u64,
    pub last_hash: String,
    pub head_position: u64,
    pub head_hash: String,
}

impl From<&RecordedEvent> for ExportedEvent {
    fn from(event: &RecordedEvent) -> Self {
        ExportedEvent {
            position: event.position.get(),
            recorded_at: event.recorded_at.format(RECORDED_AT_FORMAT).to_string(),
            aggregate_type: event.aggregate_type.clone(),
            aggregate_id: event.aggregate_id.clone(),
            sequence: event.sequence,
            event_type: event.event_type.clone(),
            event_version: event.event_version.clone(),
            payload: event.payload.clone(),
            metadata: event.metadata.clone(),
            hash: event.hash.to_string(),
        }
    }
}

impl ExportedEvent {
    /// The row this line describes, or `None` when a field is not in the form the export writes
    /// (a position out of range, a time or hash in another form). A time in another form is
    /// refused rather than read, because the hash covers the text as written.
    pub fn into_recorded(self) -> Option<RecordedEvent> {
        let recorded_at =
            NaiveDateTime::parse_from_str(&self.recorded_at, RECORDED_AT_FORMAT).ok()?;
        let recorded_at = DateTime::<Utc>::from_naive_utc_and_offset(recorded_at, Utc);
        if recorded_at.format(RECORDED_AT_FORMAT).to_string() != self.recorded_at {
            return None;
        }
        Some(RecordedEvent {
            position: Position::new(self.position).ok()?,
            recorded_at,
            hash: ChainHash::from_hex(&self.hash)?,
            aggregate_type: self.aggregate_type,
            aggregate_id: self.aggregate_id,
            sequence: self.sequence,
            event_type: self.event_type,
            event_version: self.event_version,
            payload: self.payload,
            metadata: self.metadata,
        })
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn event() -> RecordedEvent {
        RecordedEvent {
            position: Position::new(7).unwrap(),
            recorded_at: Utc.timestamp_opt(1_700_000_000, 123_000).single().unwrap(),
            aggregate_type: "Cooperation".into(),
            aggregate_id: "a".into(),
            sequence: 2,
            event_type: "CooperationEstablished".into(),
            event_version: "1".into(),
            payload: "{\"name\": \"Inköpsnämnden\",\n \"x\":1}".into(),
            metadata: "{}".into(),
            hash: ChainHash::from_slice(&[7; 32]).unwrap(),
        }
    }

    #[test]
    fn a_row_is_written_as_the_hash_covers_it_and_read_back_unchanged() {
        let line = ExportLine::Event(ExportedEvent::from(&event()));
        let text = serde_json::to_string(&line).unwrap();
        assert!(!text.contains('\n'));
        assert!(text.starts_with(
            r#"{"kind":"event","position":7,"recorded_at":"2023-11-14T22:13:20.000123Z","#
        ));
        let ExportLine::Event(read) = serde_json::from_str(&text).unwrap() else {
            panic!("an event line reads back as an event");
        };
        assert_eq!(read.into_recorded(), Some(event()));
    }

    #[test]
    fn a_time_or_hash_in_another_form_is_not_a_row() {
        let mut exported = ExportedEvent::from(&event());
        exported.recorded_at = "2023-11-14T22:13:20.000123+00:00".into();
        assert_eq!(exported.clone().into_recorded(), None);
        let mut exported = ExportedEvent::from(&event());
        exported.recorded_at = "2023-11-14T22:13:20.0001230Z".into();
        assert_eq!(exported.clone().into_recorded(), None);
        let mut exported = ExportedEvent::from(&event());
        exported.hash.pop();
        assert_eq!(exported.clone().into_recorded(), None);
    }
}
