use chrono::NaiveDate;
use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{LegalBasis, PartyCode};

/// What kind of procurement contract it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContractKind {
    /// A framework agreement (ramavtal), under which the callers place call-offs.
    FrameworkAgreement,
    /// A single contract (avtal).
    Contract,
}

/// Who holds a contract: the cooperation that procured it, its successor, or a single party.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ContractHolder {
    Cooperation { cooperation_id: Uuid },
    Party { party: PartyCode },
}

/// An option to extend the contract to `extends_to`, its new last day. A contract for two years
/// with two options of a year each ("2+1+1") has two options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ExtensionOption {
    #[schema(example = "2025-09-30")]
    pub extends_to: NaiveDate,
}

/// What happened to a contract. A stored format: see the crate documentation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ContractEvent {
    ContractRegistered(ContractRegistered),
    ContractExtended(ContractExtended),
    ContractReassigned(ContractReassigned),
    ContractCorrected(ContractCorrected),
}

/// The cooperation `cooperation_id` procured this contract, which runs from `starts_on` through
/// `ends_on` (valid time) and may be extended by `extension_options`, in their order. The
/// cooperation holds it from its first day, and `callers` may call off under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractRegistered {
    pub cooperation_id: Uuid,
    pub title: String,
    /// The category of goods or services, such as "Livsmedel".
    pub category: String,
    pub supplier: String,
    pub kind: ContractKind,
    /// The registry number (diarienummer) of the procurement, when it has one.
    pub registry_number: Option<String>,
    pub callers: Vec<PartyCode>,
    pub starts_on: NaiveDate,
    /// The last day of the contract before any extension.
    pub ends_on: NaiveDate,
    pub extension_options: Vec<ExtensionOption>,
    pub basis: LegalBasis,
}

/// The next extension option was exercised on `decided_on`: the contract now ends on
/// `extends_to`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractExtended {
    pub extends_to: NaiveDate,
    pub decided_on: NaiveDate,
    pub basis: LegalBasis,
}

/// From `effective_on` (valid time) the contract is held by `holder`, and `callers` may call off
/// under it, until the next reassignment or the contract's end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractReassigned {
    pub effective_on: NaiveDate,
    pub holder: ContractHolder,
    pub callers: Vec<PartyCode>,
    pub basis: LegalBasis,
}

/// The contract was registered wrongly; `registered` is what the registration should have said,
/// and `reason` why. Extensions and reassignments recorded since stay as they were.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractCorrected {
    pub registered: ContractRegistered,
    pub reason: String,
}

impl DomainEvent for ContractEvent {
    fn event_type(&self) -> String {
        match self {
            ContractEvent::ContractRegistered(_) => "ContractRegistered",
            ContractEvent::ContractExtended(_) => "ContractExtended",
            ContractEvent::ContractReassigned(_) => "ContractReassigned",
            ContractEvent::ContractCorrected(_) => "ContractCorrected",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1".to_owned()
    }
}
