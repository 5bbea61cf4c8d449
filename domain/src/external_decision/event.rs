use chrono::NaiveDate;
use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::PartyCode;

/// What happened to an outside body's decision. A stored format: see the crate documentation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExternalDecisionEvent {
    ExternalDecisionRecorded(ExternalDecisionRecorded),
    ExternalDecisionCorrected(ExternalDecisionCorrected),
}

/// What identifies a decision of an outside body in its minutes, as a citation gives it.
///
/// The same details serve the record and its corrections, so that a correction restates the whole
/// decision and a reader never has to merge partial corrections to know what the register holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ExternalDecisionDetails {
    /// The body as it is cited, for example "RS" or "KF Mora".
    pub issuer: String,
    /// The party whose body decided; `None` for a body of no party, such as a court.
    pub issuer_party: Option<PartyCode>,
    pub decided_on: NaiveDate,
    /// The paragraph of the minutes, for example "§103".
    pub paragraph: Option<String>,
    /// The registry number (diarienummer) of the case, for example "RS 2025/103".
    pub registry_number: Option<String>,
    /// What was decided, in short.
    pub subject: String,
}

impl ExternalDecisionDetails {
    /// How the decision is cited: the issuer and the date, then the paragraph when there is one,
    /// for example "RS 2025-05-06 §103" or "KF Mora 2019-11-25".
    pub fn citation(&self) -> String {
        match &self.paragraph {
            Some(paragraph) => format!("{} {} {paragraph}", self.issuer, self.decided_on),
            None => format!("{} {}", self.issuer, self.decided_on),
        }
    }
}

/// The decision `decision_id` as the register first recorded it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalDecisionRecorded {
    pub decision_id: Uuid,
    pub details: ExternalDecisionDetails,
}

/// The decision was recorded wrongly; `corrected` is what it should have said, and `reason` why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExternalDecisionCorrected {
    pub decision_id: Uuid,
    pub corrected: ExternalDecisionDetails,
    pub reason: String,
}

impl DomainEvent for ExternalDecisionEvent {
    fn event_type(&self) -> String {
        match self {
            ExternalDecisionEvent::ExternalDecisionRecorded(_) => "ExternalDecisionRecorded",
            ExternalDecisionEvent::ExternalDecisionCorrected(_) => "ExternalDecisionCorrected",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1".to_owned()
    }
}
