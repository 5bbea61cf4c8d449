use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What happened to a checkpoint. A stored format: see the crate documentation. Verifiers outside
/// the register read it too (the README's hash rule names its fields), so its shape is public
/// twice over.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CheckpointEvent {
    CheckpointRecorded(CheckpointRecorded),
}

/// The log's head was `position` with hash `hash` (64 lowercase hexadecimal digits), and was
/// published where `note` says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckpointRecorded {
    pub checkpoint_id: Uuid,
    pub position: u64,
    pub hash: String,
    pub note: String,
}

impl DomainEvent for CheckpointEvent {
    fn event_type(&self) -> String {
        match self {
            CheckpointEvent::CheckpointRecorded(_) => "CheckpointRecorded",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1".to_owned()
    }
}
