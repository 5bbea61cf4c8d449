use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{ContractHolder, ContractKind, ExtensionOption};
use crate::{LegalBasis, PartyCode};

/// What a user can ask of a contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContractCommand {
    Register(RegisterContract),
    Extend(ExtendContract),
    Reassign(ReassignContract),
    Correct(CorrectContract),
}

/// Registers a contract the cooperation `cooperation_id` procured.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RegisterContract {
    pub cooperation_id: Uuid,
    /// Fact: the cooperation's parties, which every caller must be among.
    pub cooperation_parties: Vec<PartyCode>,
    #[schema(example = "Livsmedel")]
    pub title: String,
    #[schema(example = "Livsmedel och dagligvaror")]
    pub category: String,
    pub supplier: String,
    pub kind: ContractKind,
    pub registry_number: Option<String>,
    /// The parties that may call off under the contract.
    pub callers: Vec<PartyCode>,
    pub starts_on: NaiveDate,
    /// The last day before any extension.
    pub ends_on: NaiveDate,
    /// The options to extend, each to a later day than the one before.
    pub extension_options: Vec<ExtensionOption>,
    pub basis: LegalBasis,
}

/// Exercises the next extension option, which must extend the contract to `extends_to`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ExtendContract {
    pub extends_to: NaiveDate,
    /// The day the option was exercised: no later than the contract's current last day.
    pub decided_on: NaiveDate,
    pub basis: LegalBasis,
}

/// From `effective_on` the contract is held by `holder`, and `callers` may call off under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReassignContract {
    pub effective_on: NaiveDate,
    pub holder: ContractHolder,
    pub callers: Vec<PartyCode>,
    /// Fact: the parties of the new holder: a cooperation's parties, or just the party.
    pub holder_parties: Vec<PartyCode>,
    pub basis: LegalBasis,
}

/// Corrects a contract registered wrongly (rättelse): `register` is what it should have said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CorrectContract {
    pub register: RegisterContract,
    pub reason: String,
}

impl crate::CitesBasis for ContractCommand {
    fn basis(&self) -> Option<(&'static str, &LegalBasis)> {
        match self {
            ContractCommand::Register(command) => Some(("basis", &command.basis)),
            ContractCommand::Extend(command) => Some(("basis", &command.basis)),
            ContractCommand::Reassign(command) => Some(("basis", &command.basis)),
            ContractCommand::Correct(command) => Some(("register.basis", &command.register.basis)),
        }
    }
}
