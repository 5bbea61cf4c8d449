use chrono::NaiveDate;
use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::CooperationForm;
use crate::{Bases, LegalBasis, PartyCode};

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
    /// Version 2: the decisions of every party's council; version 1 stored one as `basis`.
    #[serde(rename = "bases", alias = "basis")]
    pub bases: Bases,
}

/// The parties decided on `decided_on` that the cooperation ends: from `effective_on` (valid
/// time) it is dissolved, and `successor` carries on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DissolutionDecided {
    pub decided_on: NaiveDate,
    pub effective_on: NaiveDate,
    pub successor: Option<Uuid>,
    /// Version 2: the decisions of every party; version 1 stored one as `basis`.
    #[serde(rename = "bases", alias = "basis")]
    pub bases: Bases,
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
        match self {
            // Version 2 rests an establishment and a dissolution on a list of bases; version 1
            // stored one, which the list reads as a list of one.
            CooperationEvent::CooperationEstablished(_)
            | CooperationEvent::DissolutionDecided(_)
            | CooperationEvent::EstablishmentCorrected(_) => "2",
            CooperationEvent::PartyJoined(_) => "1",
        }
        .to_owned()
    }
}
