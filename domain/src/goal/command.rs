use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::Assessment;
use crate::{DateRange, LegalBasis};

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalCommand {
    Set(SetGoal),
    FollowUp(RecordFollowUp),
    Correct(CorrectGoal),
}

/// Records a goal of a committee plan.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
pub struct SetGoal {
    pub body_id: Uuid,
    pub plan_document_id: Uuid,
    pub number: u16,
    pub text: String,
    pub period: DateRange,
    pub basis: LegalBasis,
}

/// Records a follow-up of the goal.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
pub struct RecordFollowUp {
    pub on: NaiveDate,
    pub assessment: Assessment,
    pub comment: String,
    pub basis: LegalBasis,
}

/// Corrects a goal recorded wrongly (rättelse): `goal` is what it should have said.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
pub struct CorrectGoal {
    pub goal: SetGoal,
    pub reason: String,
}

impl crate::CitesBasis for GoalCommand {
    fn basis(&self) -> Option<(&'static str, &LegalBasis)> {
        match self {
            GoalCommand::Set(command) => Some(("basis", &command.basis)),
            GoalCommand::FollowUp(command) => Some(("basis", &command.basis)),
            GoalCommand::Correct(command) => Some(("goal.basis", &command.goal.basis)),
        }
    }
}
