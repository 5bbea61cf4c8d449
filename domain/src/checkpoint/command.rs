use serde::Deserialize;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckpointCommand {
    Record(RecordCheckpoint),
}

/// Records the head of the log as checkpoint `checkpoint_id`, which is also its stream id.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordCheckpoint {
    pub checkpoint_id: Uuid,
    /// The head as the caller read it from the log.
    pub head: LogHeadFact,
    /// Where the head was published outside the register.
    pub note: String,
}

/// The head of the log: its last position and the hash there, as 64 hexadecimal digits.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LogHeadFact {
    pub position: u64,
    pub hash: String,
}

/// A checkpoint rests on no decision of the register: it records the log itself.
impl crate::CitesBasis for CheckpointCommand {
    fn basis(&self) -> Option<(&'static str, &crate::LegalBasis)> {
        None
    }
}
