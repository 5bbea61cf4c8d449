use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::CooperationForm;
use crate::{Bases, LegalBasis, PartyCode};

/// What a user can ask of a cooperation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CooperationCommand {
    Establish(EstablishCooperation),
    AdmitParty(AdmitParty),
    DecideDissolution(DecideDissolution),
    CorrectEstablishment(CorrectEstablishment),
}

/// Records that a cooperation exists from a date, with its parties and host.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
pub struct EstablishCooperation {
    pub name: String,
    pub form: CooperationForm,
    pub host: PartyCode,
    pub parties: Vec<PartyCode>,
    pub established_on: NaiveDate,
    /// The cooperation this one replaces, such as a dissolved joint committee.
    pub predecessor: Option<Uuid>,
    /// The decisions it rests on, such as every party's council's: a list, or one basis given
    /// as `basis`.
    #[serde(rename = "bases", alias = "basis")]
    #[schema(value_type = Vec<LegalBasis>, min_items = 1)]
    pub bases: Bases,
}

/// Records that the parties decided to dissolve the cooperation: decided on `decided_on`, gone
/// from `effective_on`, and replaced by `successor` if there is one.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
pub struct DecideDissolution {
    pub decided_on: NaiveDate,
    /// The first day without the cooperation, such as 2024-07-01 in seed 003.
    pub effective_on: NaiveDate,
    pub successor: Option<Uuid>,
    /// The decisions it rests on, such as every party's council's: a list, or one basis given
    /// as `basis`.
    #[serde(rename = "bases", alias = "basis")]
    #[schema(value_type = Vec<LegalBasis>, min_items = 1)]
    pub bases: Bases,
}

/// Records that a party joins an established cooperation from a date.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
pub struct AdmitParty {
    pub party: PartyCode,
    pub joins_on: NaiveDate,
    pub basis: LegalBasis,
}

/// Corrects the recorded establishment (rättelse): `establish` is what it should have said.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
pub struct CorrectEstablishment {
    pub establish: EstablishCooperation,
    pub reason: String,
}

impl crate::CitesBasis for CooperationCommand {
    fn basis(&self) -> Option<(&'static str, &LegalBasis)> {
        match self {
            CooperationCommand::Establish(command) => Some(("bases[0]", command.bases.first())),
            CooperationCommand::AdmitParty(command) => Some(("basis", &command.basis)),
            CooperationCommand::DecideDissolution(command) => {
                Some(("bases[0]", command.bases.first()))
            }
            CooperationCommand::CorrectEstablishment(command) => {
                Some(("establish.bases[0]", command.establish.bases.first()))
            }
        }
    }

    fn bases(&self) -> Vec<(String, &LegalBasis)> {
        match self {
            CooperationCommand::Establish(command) => listed("", &command.bases),
            CooperationCommand::AdmitParty(command) => vec![("basis".to_owned(), &command.basis)],
            CooperationCommand::DecideDissolution(command) => listed("", &command.bases),
            CooperationCommand::CorrectEstablishment(command) => {
                listed("establish.", &command.establish.bases)
            }
        }
    }
}

/// Each basis of `bases` with its field, under `prefix`.
fn listed<'a>(prefix: &str, bases: &'a Bases) -> Vec<(String, &'a LegalBasis)> {
    bases
        .iter()
        .enumerate()
        .map(|(index, basis)| (format!("{prefix}bases[{index}]"), basis))
        .collect()
}
