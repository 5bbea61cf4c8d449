use chrono::NaiveDate;
use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};

use crate::PartyCode;

/// Municipality or region, as the code's length says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    Municipality,
    Region,
}

impl PartyKind {
    pub fn of(code: &PartyCode) -> PartyKind {
        if code.is_region() {
            PartyKind::Region
        } else {
            PartyKind::Municipality
        }
    }
}

/// What happened to a party. A stored format: see the crate documentation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PartyEvent {
    PartyRegistered(PartyRegistered),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyRegistered {
    pub code: PartyCode,
    pub kind: PartyKind,
    pub name: String,
}

/// What happened to one population figure. A stored format: see the crate documentation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PopulationEvent {
    PopulationRecorded(PopulationRecorded),
    PopulationCorrected(PopulationCorrected),
}

/// The party's population on `reference_date` (such as 31 December), with its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PopulationRecorded {
    pub party: PartyCode,
    pub reference_date: NaiveDate,
    pub population: u32,
    /// Where the figure comes from, such as "SCB, folkmängd 31 december 2020".
    pub source: String,
}

/// The figure was recorded wrongly; this is what it should have said, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PopulationCorrected {
    pub population: u32,
    pub source: String,
    pub reason: String,
}

impl DomainEvent for PartyEvent {
    fn event_type(&self) -> String {
        match self {
            PartyEvent::PartyRegistered(_) => "PartyRegistered",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1".to_owned()
    }
}

impl DomainEvent for PopulationEvent {
    fn event_type(&self) -> String {
        match self {
            PopulationEvent::PopulationRecorded(_) => "PopulationRecorded",
            PopulationEvent::PopulationCorrected(_) => "PopulationCorrected",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1".to_owned()
    }
}
