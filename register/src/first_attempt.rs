//! Answering the retry of a request whose first attempt was never answered.
//!
//! A request under an `Idempotency-Key` can write its events and then lose its answer: its
//! process is killed between the commit and the answer, or the database goes away in between.
//! The key's lease then runs out, and the retry that takes the key over must neither write the
//! command a second time nor be refused for what the first attempt already did. So a register
//! answering such a retry first asks the log what the first attempt wrote on the command's
//! stream (every event's metadata names its actor and key) and answers with that receipt; only
//! when the first attempt wrote nothing is the command decided afresh.

use eventlog::KeyedEvent;

use super::facts::lookup_error;
use super::{Register, RegisterError, Written};

impl Register {
    /// The same register, answering the retry of a request whose first attempt under the same
    /// idempotency key was never answered: every command first looks for what that attempt
    /// wrote, and answers with it instead of deciding again.
    pub fn answering_unanswered_attempt(mut self) -> Register {
        self.answering_unanswered_attempt = true;
        self
    }

    /// The events the first attempt of this retry wrote on the stream, in log order; empty when
    /// this register answers no retry, or when the first attempt wrote nothing there.
    pub(crate) async fn first_attempt_events<E: std::error::Error>(
        &self,
        aggregate_type: &str,
        stream_id: &str,
    ) -> Result<Vec<KeyedEvent>, RegisterError<E>> {
        let Some(key) = self
            .trace
            .idempotency_key
            .as_deref()
            .filter(|_| self.answering_unanswered_attempt)
        else {
            return Ok(Vec::new());
        };
        self.index
            .written_under_idempotency_key_on_stream(
                self.actor.id(),
                key,
                aggregate_type,
                stream_id,
            )
            .await
            .map_err(lookup_error)
    }

    /// The receipt of what the first attempt of this retry wrote on the stream: its last event's
    /// position and the stream's version then. `None` when it wrote nothing there.
    pub(crate) async fn first_attempt_written<E: std::error::Error>(
        &self,
        aggregate_type: &str,
        stream_id: &str,
    ) -> Result<Option<Written>, RegisterError<E>> {
        let events = self.first_attempt_events(aggregate_type, stream_id).await?;
        Ok(events.last().map(|last| Written {
            position: last.position,
            version: last.version,
        }))
    }
}
