use crate::RuleViolation;

/// Every rule recording a checkpoint can break.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointError {
    #[error("the checkpoint is already recorded: record a new checkpoint instead")]
    AlreadyRecorded,
    #[error("the log holds no event yet, so it has no head to record")]
    EmptyLog,
    #[error("the hash must be 64 hexadecimal digits in lower case, as the log writes it")]
    MalformedHash,
    #[error("the note is missing: say where the head was published, for example \"printed in the minutes of 2026-12-15 § 12\"")]
    NoteMissing,
}

impl RuleViolation for CheckpointError {
    fn field(&self) -> String {
        match self {
            CheckpointError::AlreadyRecorded => "checkpoint_id",
            CheckpointError::EmptyLog => "head.position",
            CheckpointError::MalformedHash => "head.hash",
            CheckpointError::NoteMissing => "note",
        }
        .to_owned()
    }

    fn rule(&self) -> &'static str {
        match self {
            CheckpointError::AlreadyRecorded => "checkpoint.recorded_once",
            CheckpointError::EmptyLog => "checkpoint.log_has_a_head",
            CheckpointError::MalformedHash => "checkpoint.hash_is_64_lowercase_hex_digits",
            CheckpointError::NoteMissing => "checkpoint.note_says_where_published",
        }
    }
}
