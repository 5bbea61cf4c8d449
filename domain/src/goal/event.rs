use chrono::NaiveDate;
use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{DateRange, LegalBasis};

/// How far a goal was reached at a follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Assessment {
    Reached,
    PartlyReached,
    NotReached,
}

/// What happened to a goal. A stored format: see the crate documentation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum GoalEvent {
    GoalSet(GoalSet),
    FollowUpRecorded(FollowUpRecorded),
    GoalCorrected(GoalCorrected),
}

/// Goal `number` of the committee plan `plan_document_id`, for the days of `period`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalSet {
    pub body_id: Uuid,
    pub plan_document_id: Uuid,
    pub number: u16,
    pub text: String,
    pub period: DateRange,
    pub basis: LegalBasis,
}

/// A follow-up of the goal on `on`, such as in an annual report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpRecorded {
    pub on: NaiveDate,
    pub assessment: Assessment,
    pub comment: String,
    pub basis: LegalBasis,
}

/// The goal was recorded wrongly; `goal` is what it should have said, and `reason` why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalCorrected {
    pub goal: GoalSet,
    pub reason: String,
}

impl DomainEvent for GoalEvent {
    fn event_type(&self) -> String {
        match self {
            GoalEvent::GoalSet(_) => "GoalSet",
            GoalEvent::FollowUpRecorded(_) => "FollowUpRecorded",
            GoalEvent::GoalCorrected(_) => "GoalCorrected",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1".to_owned()
    }
}
