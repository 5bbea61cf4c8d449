use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::BodyKind;
use crate::{Bases, LegalBasis};

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
    /// The decisions it rests on, such as every party's council's: a list, or one basis given
    /// as `basis`.
    #[serde(rename = "bases", alias = "basis")]
    #[schema(value_type = Vec<LegalBasis>, min_items = 1)]
    pub bases: Bases,
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
            BodyCommand::Dissolve(command) => Some(("bases[0]", command.bases.first())),
            BodyCommand::CorrectEstablishment(command) => {
                Some(("establish.basis", &command.establish.basis))
            }
        }
    }

    fn bases(&self) -> Vec<(String, &LegalBasis)> {
        match self {
            BodyCommand::Dissolve(command) => command
                .bases
                .iter()
                .enumerate()
                .map(|(index, basis)| (format!("bases[{index}]"), basis))
                .collect(),
            other => other
                .basis()
                .map(|(field, basis)| vec![(field.to_owned(), basis)])
                .unwrap_or_default(),
        }
    }
}
