use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::BodyKind;
use crate::LegalBasis;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyCommand {
    Establish(EstablishBody),
    Dissolve(DissolveBody),
    CorrectEstablishment(CorrectBodyEstablishment),
}

/// Records that a cooperation has a body from a date.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct EstablishBody {
    pub cooperation_id: Uuid,
    /// Fact: the day the cooperation was established. A body cannot begin before it.
    pub cooperation_established_on: NaiveDate,
    pub kind: BodyKind,
    pub name: String,
    pub established_on: NaiveDate,
    pub basis: LegalBasis,
}

/// Records that the body ceases after `last_day`, for example at a dissolution.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
pub struct DissolveBody {
    pub last_day: NaiveDate,
    pub basis: LegalBasis,
}

/// Corrects the recorded establishment (rättelse): `establish` is what it should have said.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CorrectBodyEstablishment {
    pub establish: EstablishBody,
    pub reason: String,
}

impl crate::CitesBasis for BodyCommand {
    fn basis(&self) -> Option<(&'static str, &LegalBasis)> {
        match self {
            BodyCommand::Establish(command) => Some(("basis", &command.basis)),
            BodyCommand::Dissolve(command) => Some(("basis", &command.basis)),
            BodyCommand::CorrectEstablishment(command) => {
                Some(("establish.basis", &command.establish.basis))
            }
        }
    }
}
