use chrono::NaiveDate;
use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{Bases, LegalBasis};

/// What kind of body it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    /// Nämnd, such as a joint committee (gemensam nämnd).
    Committee,
    /// Samordningsgrupp, such as the one in seed 002.
    CoordinationGroup,
    /// Styrgrupp.
    SteeringGroup,
    /// Styrelse.
    Board,
}

/// What happened to a body. A stored format: see the crate documentation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum BodyEvent {
    BodyEstablished(BodyEstablished),
    BodyDissolved(BodyDissolved),
    BodyEstablishmentCorrected(BodyEstablishmentCorrected),
}

/// The body exists from `established_on` (valid time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BodyEstablished {
    pub cooperation_id: Uuid,
    pub kind: BodyKind,
    pub name: String,
    pub established_on: NaiveDate,
    pub basis: LegalBasis,
}

/// The body ceases after `last_day` (valid time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BodyDissolved {
    pub last_day: NaiveDate,
    /// Version 2: the decisions of every party; version 1 stored one as `basis`.
    #[serde(rename = "bases", alias = "basis")]
    pub bases: Bases,
}

/// The establishment was recorded wrongly; `established` is what it should have said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BodyEstablishmentCorrected {
    pub established: BodyEstablished,
    pub reason: String,
}

impl DomainEvent for BodyEvent {
    fn event_type(&self) -> String {
        match self {
            BodyEvent::BodyEstablished(_) => "BodyEstablished",
            BodyEvent::BodyDissolved(_) => "BodyDissolved",
            BodyEvent::BodyEstablishmentCorrected(_) => "BodyEstablishmentCorrected",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        match self {
            // Version 2 rests a dissolution on a list of bases; version 1 stored one, which the
            // list reads as a list of one.
            BodyEvent::BodyDissolved(_) => "2",
            BodyEvent::BodyEstablished(_) | BodyEvent::BodyEstablishmentCorrected(_) => "1",
        }
        .to_owned()
    }
}
