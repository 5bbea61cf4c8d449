use chrono::NaiveDate;
use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};

use super::CooperationForm;
use crate::{LegalBasis, PartyCode};

/// What happened to a cooperation. A stored format: see the crate documentation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum CooperationEvent {
    CooperationEstablished(CooperationEstablished),
    PartyJoined(PartyJoined),
}

/// A cooperation exists from `established_on` (valid time), with these parties and this host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CooperationEstablished {
    pub name: String,
    pub form: CooperationForm,
    pub host: PartyCode,
    pub parties: Vec<PartyCode>,
    pub established_on: NaiveDate,
    pub basis: LegalBasis,
}

/// `party` is a party to the cooperation from `joins_on` (valid time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyJoined {
    pub party: PartyCode,
    pub joins_on: NaiveDate,
    pub basis: LegalBasis,
}

impl DomainEvent for CooperationEvent {
    fn event_type(&self) -> String {
        match self {
            CooperationEvent::CooperationEstablished(_) => "CooperationEstablished",
            CooperationEvent::PartyJoined(_) => "PartyJoined",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1".to_owned()
    }
}
