//! Contracts: the procurement contracts and framework agreements of a cooperation, their
//! extensions, reassignments in a transition and corrections. Administrators only. The parties
//! of the registering cooperation and of a new holder are looked up in the register, never sent.

use chrono::NaiveDate;
use domain::contract::{
    Contract, ContractCommand, ContractError, ContractHolder, ContractKind, CorrectContract,
    ExtendContract, ExtensionOption, ReassignContract, RegisterContract,
};
use domain::{LegalBasis, PartyCode};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::lookups::recorded_cooperation;
use crate::command::{Receipt, Recorded, Writing};
use crate::extract::{ApiJson, ApiPath};
use crate::{ApiError, AppState};
use register::Register;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register_contract))
        .routes(routes!(extend_contract))
        .routes(routes!(reassign_contract))
        .routes(routes!(correct_contract))
}

fn contract_location(contract_id: Uuid) -> String {
    format!("/api/v1/contracts/{contract_id}")
}

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
    /// The domain command, once the cooperation is looked up; `prefix` is where the contract sits
    /// in the request, so that an unknown cooperation names the field sent.
    async fn into_command(
        self,
        register: &Register,
        prefix: &str,
    ) -> Result<RegisterContract, ApiError> {
        let cooperation = recorded_cooperation::<ContractError>(
            register,
            &format!("{prefix}cooperation_id"),
            self.cooperation_id,
        )
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

/// Registers a procurement contract or framework agreement of a cooperation, with its term,
/// extension options and the parties that may call off.
#[utoipa::path(
    post,
    path = "/contracts",
    tag = "contracts",
    request_body = ContractRequest,
    responses((status = 201, description = "The contract is registered.", body = Receipt,
               headers(("Location" = String, description = "The contract's address."))))
)]
async fn register_contract(
    writing: Writing,
    ApiJson(request): ApiJson<ContractRequest>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let command = request.into_command(&writing.register(token), "").await?;
    let contract_id = Uuid::new_v4();
    let written = writing
        .execute::<Contract>(
            token,
            &contract_id.to_string(),
            ContractCommand::Register(command),
        )
        .await?;
    Ok(Recorded::created(
        contract_location(contract_id),
        contract_id,
        written,
    ))
}

/// Exercises the contract's next extension option, which must extend it to `extends_to`, no
/// later than the contract's current last day.
#[utoipa::path(
    post,
    path = "/contracts/{contract_id}/extensions",
    tag = "contracts",
    params(("contract_id" = Uuid, Path, description = "The contract's id.")),
    request_body = ExtendContract,
    responses((status = 200, description = "The contract is extended.", body = Receipt,
               headers(("Location" = String, description = "The contract's address."))))
)]
async fn extend_contract(
    writing: Writing,
    ApiPath(contract_id): ApiPath<Uuid>,
    ApiJson(command): ApiJson<ExtendContract>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let written = writing
        .execute_existing::<Contract>(
            token,
            "contract",
            &contract_id.to_string(),
            ContractCommand::Extend(command),
        )
        .await?;
    Ok(Recorded::changed(
        contract_location(contract_id),
        contract_id,
        written,
    ))
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

/// Reassigns the contract from a day: to a cooperation such as the successor of a dissolved
/// joint committee, or to one party, which alone may call off from then on.
#[utoipa::path(
    post,
    path = "/contracts/{contract_id}/reassignments",
    tag = "contracts",
    params(("contract_id" = Uuid, Path, description = "The contract's id.")),
    request_body = ReassignContractRequest,
    responses((status = 200, description = "The contract is reassigned.", body = Receipt,
               headers(("Location" = String, description = "The contract's address."))))
)]
async fn reassign_contract(
    writing: Writing,
    ApiPath(contract_id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<ReassignContractRequest>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let stream_id = contract_id.to_string();
    writing
        .require_existing::<Contract>("contract", &stream_id)
        .await?;
    let holder_parties = match &request.holder {
        ContractHolder::Cooperation { cooperation_id } => {
            recorded_cooperation::<ContractError>(
                &writing.register(token),
                "holder.cooperation_id",
                *cooperation_id,
            )
            .await?
            .parties
        }
        ContractHolder::Party { party } => vec![party.clone()],
    };
    let command = ContractCommand::Reassign(ReassignContract {
        effective_on: request.effective_on,
        holder: request.holder,
        callers: request.callers,
        holder_parties,
        basis: request.basis,
    });
    let written = writing
        .execute::<Contract>(token, &stream_id, command)
        .await?;
    Ok(Recorded::changed(
        contract_location(contract_id),
        contract_id,
        written,
    ))
}

/// A contract registered wrongly, and what the registration should have said.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectContractRequest {
    pub register: ContractRequest,
    /// Why the original was wrong.
    pub reason: String,
}

/// Corrects a contract registered wrongly (rättelse): `register` is what the registration should
/// have said, with the reason. Extensions and reassignments recorded since stay, and must still
/// fit the corrected registration.
#[utoipa::path(
    post,
    path = "/contracts/{contract_id}/corrections",
    tag = "contracts",
    params(("contract_id" = Uuid, Path, description = "The contract's id.")),
    request_body = CorrectContractRequest,
    responses((status = 200, description = "The contract is corrected.", body = Receipt,
               headers(("Location" = String, description = "The contract's address."))))
)]
async fn correct_contract(
    writing: Writing,
    ApiPath(contract_id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<CorrectContractRequest>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let stream_id = contract_id.to_string();
    writing
        .require_existing::<Contract>("contract", &stream_id)
        .await?;
    let register = request
        .register
        .into_command(&writing.register(token), "register.")
        .await?;
    let command = ContractCommand::Correct(CorrectContract {
        register,
        reason: request.reason,
    });
    let written = writing
        .execute::<Contract>(token, &stream_id, command)
        .await?;
    Ok(Recorded::changed(
        contract_location(contract_id),
        contract_id,
        written,
    ))
}
