//! Checkpoints: the head of the log recorded as an event by `samverkan checkpoint`, and read back
//! by every verification as a head the log must still extend.

use cqrs_es::Aggregate;
use domain::checkpoint::{
    Checkpoint, CheckpointCommand, CheckpointError, CheckpointEvent, LogHeadFact, RecordCheckpoint,
};
use eventlog::{
    ChainHash, EventLog, HeadSource, LogReadError, LogReader, Position, PublishedHead,
    RecordedEvent,
};
use sqlx::PgPool;
use uuid::Uuid;

use crate::{Actor, Register, RegisterError};

/// The published head a row records, when the row is a checkpoint. Every verification, online and
/// offline, reads checkpoints through this one function.
pub fn checkpoint_of(event: &RecordedEvent) -> Result<Option<PublishedHead>, String> {
    if event.aggregate_type != Checkpoint::TYPE {
        return Ok(None);
    }
    let CheckpointEvent::CheckpointRecorded(recorded) =
        serde_json::from_str::<CheckpointEvent>(&event.payload)
            .map_err(|error| format!("its payload is not a checkpoint event: {error}"))?;
    let position = Position::new(recorded.position)
        .map_err(|error| format!("its position is out of range: {error}"))?;
    let hash = ChainHash::from_hex(&recorded.hash)
        .ok_or_else(|| format!("its hash {:?} is not 64 hexadecimal digits", recorded.hash))?;
    Ok(Some(PublishedHead {
        position,
        hash,
        source: HeadSource::Checkpoint {
            recorded_at: event.position,
            note: recorded.note,
        },
    }))
}

/// A checkpoint as recorded: the head it names and where its own event stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedCheckpoint {
    pub checkpoint_id: Uuid,
    pub position: Position,
    pub hash: ChainHash,
    pub note: String,
    /// The position of the checkpoint's own event.
    pub recorded_at: Position,
}

/// Why a checkpoint was not recorded.
#[derive(Debug, thiserror::Error)]
pub enum CheckpointFailure {
    #[error(transparent)]
    Read(#[from] LogReadError),
    #[error("the checkpoint was not recorded: {0}")]
    Register(#[from] RegisterError<CheckpointError>),
}

/// Reads the head of the log and records it as a checkpoint with `note`, in the name of `actor`.
///
/// Events appended between the read and the checkpoint's own append are fine: the checkpoint
/// still names a head the log had, and its own event follows it.
pub async fn record_checkpoint(
    pool: &PgPool,
    actor: Actor,
    note: &str,
) -> Result<RecordedCheckpoint, CheckpointFailure> {
    let head = LogReader::new(pool.clone()).head().await?;
    let checkpoint_id = Uuid::new_v4();
    let command = CheckpointCommand::Record(RecordCheckpoint {
        checkpoint_id,
        head: LogHeadFact {
            position: head.position.get(),
            hash: head.hash.to_string(),
        },
        note: note.to_owned(),
    });
    let recorded_at = Register::new(EventLog::new(pool.clone()), actor)
        .execute::<Checkpoint>(&checkpoint_id.to_string(), command)
        .await?;
    Ok(RecordedCheckpoint {
        checkpoint_id,
        position: head.position,
        hash: head.hash,
        note: note.trim().to_owned(),
        recorded_at,
    })
}
