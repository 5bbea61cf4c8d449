use chrono::NaiveDate;
use serde::Deserialize;

use crate::PartyCode;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyCommand {
    Register(RegisterParty),
}

/// Registers a municipality or region under its official code.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
pub struct RegisterParty {
    pub code: PartyCode,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PopulationCommand {
    Record(RecordPopulation),
    Correct(CorrectPopulation),
}

/// Records a party's population on a reference date.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RecordPopulation {
    pub party: PartyCode,
    pub reference_date: NaiveDate,
    pub population: u32,
    pub source: String,
}

/// Corrects a recorded figure.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
pub struct CorrectPopulation {
    pub population: u32,
    pub source: String,
    pub reason: String,
}

/// A party exists by law; its registration cites no basis.
impl crate::CitesBasis for PartyCommand {
    fn basis(&self) -> Option<(&'static str, &crate::LegalBasis)> {
        None
    }
}

/// A population figure cites its statistical source, not a decision.
impl crate::CitesBasis for PopulationCommand {
    fn basis(&self) -> Option<(&'static str, &crate::LegalBasis)> {
        None
    }
}
