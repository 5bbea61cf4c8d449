//! A checkpoint: the head of the log (its last position and that position's hash) recorded as an
//! event, with a note on where the same head was published outside the register, for example
//! "printed in the minutes of 2026-12-15 § 12".
//!
//! Verification later proves that the log still extends every checkpoint: the chain up to the
//! recorded position must still hash to the recorded value. The copy published outside the
//! database is what anchors the chain, since whoever could rewrite the log could rewrite this
//! event too; the event tells an auditor which published heads to compare.
//!
//! One stream per checkpoint; the stream id is the checkpoint id the command gives. The head is a
//! fact the caller reads from the log, as every outside fact is.

mod aggregate;
mod command;
mod error;
mod event;

#[cfg(test)]
mod tests;

pub use aggregate::Checkpoint;
pub use command::{CheckpointCommand, LogHeadFact, RecordCheckpoint};
pub use error::CheckpointError;
pub use event::{CheckpointEvent, CheckpointRecorded};
