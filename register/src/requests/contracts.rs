//! Requests on contracts. The parties of the registering cooperation, which every caller must be
//! among, and of a new holder come from the register.

use chrono::NaiveDate;
use domain::contract::{
    Contract, ContractCommand, ContractError, ContractHolder, ContractKind, CorrectContract,
    ExtensionOption, ReassignContract, RegisterContract,
};
use domain::{LegalBasis, PartyCode};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{Gather, Register, RegisterError, StreamAddress};

type ContractResult<T> = Result<T, RegisterError<ContractError>>;

/// A contract a cooperation procured. The cooperation's parties, which every caller must be
/// among, are looked up in the register.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContractRequest {
    /// The cooperation that procured the contract and holds it from its first day.
    pub cooperation_id: Uuid,
    #[schema(example = "Livsmedel")]
    pub title: String,
    /// The category of goods or services.
    #[schema(example = "Livsmedel och dagligvaror")]
    pub category: String,
    #[schema(example = "Menigo Foodservice AB")]
    pub supplier: String,
    pub kind: ContractKind,
    /// The registry number (diarienummer) of the procurement, when it has one.
    #[schema(example = "SUN 2022/12")]
    pub registry_number: Option<String>,
    /// The parties that may call off under the contract, by official code.
    pub callers: Vec<PartyCode>,
    #[schema(example = "2022-10-01")]
    pub starts_on: NaiveDate,
    /// The last day before any extension.
    #[schema(example = "2024-09-30")]
    pub ends_on: NaiveDate,
    /// The options to extend, each to a later day than the one before.
    pub extension_options: Vec<ExtensionOption>,
    pub basis: LegalBasis,
}

impl ContractRequest {
    /// The domain's command, once the cooperation is looked up; `prefix` is where the contract
    /// sits in the request, so that an unknown cooperation names the field sent.
    async fn into_command(
        self,
        register: &Register,
        prefix: &str,
    ) -> ContractResult<RegisterContract> {
        let cooperation = register
            .recorded_cooperation(&format!("{prefix}cooperation_id"), self.cooperation_id)
            .await?;
        Ok(RegisterContract {
            cooperation_id: self.cooperation_id,
            cooperation_parties: cooperation.parties,
            title: self.title,
            category: self.category,
            supplier: self.supplier,
            kind: self.kind,
            registry_number: self.registry_number,
            callers: self.callers,
            starts_on: self.starts_on,
            ends_on: self.ends_on,
            extension_options: self.extension_options,
            basis: self.basis,
        })
    }
}

/// A new contract goes to the stream of the id its caller chose for it.
impl Gather for ContractRequest {
    type Aggregate = Contract;
    type Address = Uuid;

    async fn gather(self, register: &Register, _: &Uuid) -> ContractResult<ContractCommand> {
        Ok(ContractCommand::Register(
            self.into_command(register, "").await?,
        ))
    }
}

/// Who holds the contract from a day, and who may call off. The parties of the new holder are
/// looked up: a cooperation's parties in the register, or the party itself.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReassignContractRequest {
    /// The first day the new holder holds the contract.
    #[schema(example = "2024-07-01")]
    pub effective_on: NaiveDate,
    pub holder: ContractHolder,
    /// The parties that may call off from `effective_on`: parties of a holding cooperation, or
    /// the holding party alone.
    pub callers: Vec<PartyCode>,
    pub basis: LegalBasis,
}

impl Gather for ReassignContractRequest {
    type Aggregate = Contract;
    type Address = Uuid;

    async fn gather(
        self,
        register: &Register,
        contract_id: &Uuid,
    ) -> ContractResult<ContractCommand> {
        register
            .require_addressed::<Contract, _>("contract", &contract_id.stream_id())
            .await?;
        let holder_parties = match &self.holder {
            ContractHolder::Cooperation { cooperation_id } => {
                register
                    .recorded_cooperation::<ContractError>("holder.cooperation_id", *cooperation_id)
                    .await?
                    .parties
            }
            ContractHolder::Party { party } => vec![party.clone()],
        };
        Ok(ContractCommand::Reassign(ReassignContract {
            effective_on: self.effective_on,
            holder: self.holder,
            callers: self.callers,
            holder_parties,
            basis: self.basis,
        }))
    }
}

/// A contract registered wrongly, and what the registration should have said.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectContractRequest {
    pub register: ContractRequest,
    /// Why the original was wrong.
    pub reason: String,
}

impl Gather for CorrectContractRequest {
    type Aggregate = Contract;
    type Address = Uuid;

    async fn gather(
        self,
        register: &Register,
        contract_id: &Uuid,
    ) -> ContractResult<ContractCommand> {
        // The address is checked before the registration, so that a wrong address is not
        // reported as a broken rule of the correction.
        register
            .require_addressed::<Contract, _>("contract", &contract_id.stream_id())
            .await?;
        let corrected = self.register.into_command(register, "register.").await?;
        Ok(ContractCommand::Correct(CorrectContract {
            register: corrected,
            reason: self.reason,
        }))
    }
}
