//! Contracts: the procurement contracts and framework agreements of a cooperation, their
//! extensions, reassignments in a transition and corrections. Administrators only. The parties
//! of the registering cooperation and of a new holder are looked up in the register, never sent:
//! the requests are the register's own (`register::requests`).

use domain::contract::{Contract, ContractCommand, ExtendContract};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::command::{Receipt, Recorded, Writing};
use crate::extract::{ApiJson, ApiPath};
use crate::{ApiError, AppState};
use register::requests::{ContractRequest, CorrectContractRequest, ReassignContractRequest};

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

/// Registers a procurement contract or framework agreement of a cooperation, with its term,
/// extension options and the parties that may call off.
#[utoipa::path(
    post,
    path = "/contracts",
    tag = "contracts",
    security(("bearer" = ["administrator"])),
    request_body = ContractRequest,
    responses((status = 201, description = "The contract is registered.", body = Receipt,
               headers(("Location" = String, description = "The contract's address."))))
)]
async fn register_contract(
    writing: Writing,
    ApiJson(request): ApiJson<ContractRequest>,
) -> Result<Recorded, ApiError> {
    let token = writing.caller.administrator()?;
    let contract_id = writing.new_id();
    let written = writing.submit(token, contract_id, request).await?;
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
    security(("bearer" = ["administrator"])),
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

/// Reassigns the contract from a day: to a cooperation such as the successor of a dissolved
/// joint committee, or to one party, which alone may call off from then on.
#[utoipa::path(
    post,
    path = "/contracts/{contract_id}/reassignments",
    tag = "contracts",
    security(("bearer" = ["administrator"])),
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
    let written = writing.submit(token, contract_id, request).await?;
    Ok(Recorded::changed(
        contract_location(contract_id),
        contract_id,
        written,
    ))
}

/// Corrects a contract registered wrongly (rättelse): `register` is what the registration should
/// have said, with the reason. Extensions and reassignments recorded since stay, and must still
/// fit the corrected registration.
#[utoipa::path(
    post,
    path = "/contracts/{contract_id}/corrections",
    tag = "contracts",
    security(("bearer" = ["administrator"])),
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
    let written = writing.submit(token, contract_id, request).await?;
    Ok(Recorded::changed(
        contract_location(contract_id),
        contract_id,
        written,
    ))
}
