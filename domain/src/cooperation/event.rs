use chrono::NaiveDate;
use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::CooperationForm;
use crate::{LegalBasis, PartyCode};

/// What happened to a cooperation. A stored format: see the crate documentation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CooperationEvent {
    CooperationEstablished(CooperationEstablished),
    PartyJoined(PartyJoined),
    DissolutionDecided(DissolutionDecided),
    EstablishmentCorrected(EstablishmentCorrected),
}

/// A cooperation exists from `established_on` (valid time), with these parties and this host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CooperationEstablished {
    pub name: String,
    pub form: CooperationForm,
    pub host: PartyCode,
    pub parties: Vec<PartyCode>,
    pub established_on: NaiveDate,
    /// Added after version 1 was written: absent in older events, which had no predecessor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predecessor: Option<Uuid>,
    pub basis: LegalBasis,
}

/// The parties decided on `decided_on` that the cooperation ends: from `effective_on` (valid
/// time) it is dissolved, and `successor` carries on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DissolutionDecided {
    pub decided_on: NaiveDate,
    pub effective_on: NaiveDate,
    pub successor: Option<Uuid>,
    pub basis: LegalBasis,
}

/// `party` is a party to the cooperation from `joins_on` (valid time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyJoined {
    pub party: PartyCode,
    pub joins_on: NaiveDate,
    pub basis: LegalBasis,
}

/// The establishment was recorded wrongly; `established` is what it should have said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EstablishmentCorrected {
    pub established: CooperationEstablished,
    pub reason: String,
}

impl DomainEvent for CooperationEvent {
    fn event_type(&self) -> String {
        match self {
            CooperationEvent::CooperationEstablished(_) => "CooperationEstablished",
            CooperationEvent::PartyJoined(_) => "PartyJoined",
            CooperationEvent::DissolutionDecided(_) => "DissolutionDecided",
            CooperationEvent::EstablishmentCorrected(_) => "EstablishmentCorrected",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1".to_owned()
    }
}
