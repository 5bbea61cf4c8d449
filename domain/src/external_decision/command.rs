use serde::Deserialize;
use uuid::Uuid;

use super::ExternalDecisionDetails;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExternalDecisionCommand {
    Record(RecordExternalDecision),
    Correct(CorrectExternalDecision),
}

/// Records a decision of an outside body under `decision_id`, which is also its stream id.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
pub struct RecordExternalDecision {
    pub decision_id: Uuid,
    pub details: ExternalDecisionDetails,
}

/// Corrects a decision recorded wrongly (rättelse): `corrected` is what it should have said.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
pub struct CorrectExternalDecision {
    pub corrected: ExternalDecisionDetails,
    pub reason: String,
}

/// An external decision is itself a basis and rests on none in this register.
impl crate::CitesBasis for ExternalDecisionCommand {
    fn basis(&self) -> Option<(&'static str, &crate::LegalBasis)> {
        None
    }
}
