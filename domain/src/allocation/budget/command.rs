use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::BudgetLine;
use crate::LegalBasis;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BudgetCommand {
    Adopt(AdoptBudget),
    Revise(ReviseBudget),
    Correct(CorrectBudget),
}

/// Adopts a cooperation's budget for a year.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AdoptBudget {
    pub cooperation_id: Uuid,
    /// Fact: the day the cooperation was established. It has no budget for a year before it.
    pub cooperation_established_on: NaiveDate,
    pub year: i32,
    pub lines: Vec<BudgetLine>,
    pub basis: LegalBasis,
}

/// Adopts a revised budget for the same year: the next revision, with all its lines.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ReviseBudget {
    pub lines: Vec<BudgetLine>,
    pub basis: LegalBasis,
}

/// Corrects the current revision, recorded wrongly (rättelse): `lines` is what it said.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CorrectBudget {
    pub lines: Vec<BudgetLine>,
    pub reason: String,
}

impl crate::CitesBasis for BudgetCommand {
    fn basis(&self) -> Option<(&'static str, &LegalBasis)> {
        match self {
            BudgetCommand::Adopt(command) => Some(("basis", &command.basis)),
            BudgetCommand::Revise(command) => Some(("basis", &command.basis)),
            BudgetCommand::Correct(_) => None,
        }
    }
}
