//! Recording decisions of bodies outside the register, so that they can be cited by id.

use cqrs_es::Aggregate;
use domain::external_decision::{
    ExternalDecision, ExternalDecisionCommand, ExternalDecisionError, RecordExternalDecision,
};
use eventlog::Position;

use super::facts::decision_exists;
use super::{Register, RegisterError};

impl Register {
    /// Records an external decision in its own stream, named by its id. The id must be new to
    /// the whole register, because a basis cites a decision by id alone.
    pub async fn record_external_decision(
        &self,
        command: RecordExternalDecision,
    ) -> Result<Position, RegisterError<ExternalDecisionError>> {
        let decision_id = command.decision_id;
        let stream_id = decision_id.to_string();
        // The first attempt of a retry took the id; the retry answers with what it wrote.
        if let Some(written) = self
            .first_attempt_written(ExternalDecision::TYPE, &stream_id)
            .await?
        {
            return Ok(written.position);
        }
        if decision_exists(&self.index, decision_id).await? {
            return Err(RegisterError::DecisionIdTaken { decision_id });
        }
        self.execute::<ExternalDecision>(&stream_id, ExternalDecisionCommand::Record(command))
            .await
    }
}
