use chrono::NaiveDate;
use serde::Deserialize;

use super::CooperationForm;
use crate::{LegalBasis, PartyCode};

/// What a user can ask of a cooperation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CooperationCommand {
    Establish(EstablishCooperation),
    AdmitParty(AdmitParty),
}

/// Records that a cooperation exists from a date, with its parties and host.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct EstablishCooperation {
    pub name: String,
    pub form: CooperationForm,
    pub host: PartyCode,
    pub parties: Vec<PartyCode>,
    pub established_on: NaiveDate,
    pub basis: LegalBasis,
}

/// Records that a party joins an established cooperation from a date.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AdmitParty {
    pub party: PartyCode,
    pub joins_on: NaiveDate,
    pub basis: LegalBasis,
}
