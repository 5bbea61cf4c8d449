//! What the register says about contracts: a cooperation's contracts and its timeline of
//! expiries, and the contracts a party may call off under. Any token may read them.

use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use domain::cooperation::Cooperation;
use domain::party::Party;
use domain::PartyCode;
use projections::contracts::{
    contracts_of_cooperation, contracts_of_party, expiries, ContractEntry, Expiry,
};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::reads_shared::require_recorded;
use crate::auth::Caller;
use crate::extract::ApiPath;
use crate::reading::{ReadParams, Reading};
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(cooperation_contracts))
        .routes(routes!(cooperation_contract_expiries))
        .routes(routes!(party_contracts))
}

/// Contracts with their holder and callers on `as_of`, as the register knew them at `known_at`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContractsPage {
    #[schema(value_type = String, format = Date, example = "2024-06-30")]
    pub as_of: NaiveDate,
    /// The log position the answer is as known at; later pages are cut from the same answer.
    pub known_at: u64,
    /// This page of the contracts, by title, then contract id.
    pub contracts: Vec<ContractEntry>,
    /// The cursor of the next page, when there is one.
    pub next_cursor: Option<String>,
}

/// Every contract the cooperation registered or holds in some period, whatever its term, with
/// its current last day, its options and who holds it and may call off on `as_of`.
#[utoipa::path(
    get,
    path = "/cooperations/{id}/contracts",
    tag = "contracts",
    params(("id" = Uuid, Path, description = "The cooperation's id."), ReadParams),
    responses((status = 200, description = "The cooperation's contracts, one page at a time.", body = ContractsPage))
)]
async fn cooperation_contracts(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(cooperation_id): ApiPath<Uuid>,
    reading: Reading,
) -> Result<Json<ContractsPage>, ApiError> {
    caller.reader()?;
    let (read_at, paging) = reading.resolve()?;
    require_recorded::<Cooperation>(&state.pool, "cooperation", &cooperation_id.to_string())
        .await?;
    let answer = contracts_of_cooperation(&state.pool, cooperation_id, read_at)
        .await
        .map_err(|error| reading.query_error(error))?;
    let (contracts, next_cursor) = paging.cut(answer.contracts, answer.as_of, answer.known_at);
    Ok(Json(ContractsPage {
        as_of: answer.as_of,
        known_at: answer.known_at,
        contracts,
        next_cursor,
    }))
}

/// The timeline of a cooperation's contract expiries from `as_of`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExpiriesPage {
    #[schema(value_type = String, format = Date, example = "2024-06-30")]
    pub as_of: NaiveDate,
    /// The log position the answer is as known at; later pages are cut from the same answer.
    pub known_at: u64,
    /// This page of the contracts whose current last day is on or after `as_of`, by that day,
    /// then title, with the days left and the options remaining.
    pub expiries: Vec<Expiry>,
    /// The cursor of the next page, when there is one.
    pub next_cursor: Option<String>,
}

/// When the cooperation's contracts expire, from `as_of` on: the contracts it registered or
/// holds whose current last day has not passed, soonest first.
#[utoipa::path(
    get,
    path = "/cooperations/{id}/contract-expiries",
    tag = "contracts",
    params(("id" = Uuid, Path, description = "The cooperation's id."), ReadParams),
    responses((status = 200, description = "The expiries, one page at a time.", body = ExpiriesPage))
)]
async fn cooperation_contract_expiries(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(cooperation_id): ApiPath<Uuid>,
    reading: Reading,
) -> Result<Json<ExpiriesPage>, ApiError> {
    caller.reader()?;
    let (read_at, paging) = reading.resolve()?;
    require_recorded::<Cooperation>(&state.pool, "cooperation", &cooperation_id.to_string())
        .await?;
    let answer = expiries(&state.pool, cooperation_id, read_at)
        .await
        .map_err(|error| reading.query_error(error))?;
    let (expiries, next_cursor) = paging.cut(answer.expiries, answer.as_of, answer.known_at);
    Ok(Json(ExpiriesPage {
        as_of: answer.as_of,
        known_at: answer.known_at,
        expiries,
        next_cursor,
    }))
}

/// The contracts the party may call off under on `as_of`, under every cooperation, with who
/// holds each.
#[utoipa::path(
    get,
    path = "/parties/{code}/contracts",
    tag = "contracts",
    params(("code" = String, Path, description = "The party's official code.", example = "0192"), ReadParams),
    responses((status = 200, description = "The party's contracts, one page at a time.", body = ContractsPage))
)]
async fn party_contracts(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(code): ApiPath<PartyCode>,
    reading: Reading,
) -> Result<Json<ContractsPage>, ApiError> {
    caller.reader()?;
    let (read_at, paging) = reading.resolve()?;
    require_recorded::<Party>(&state.pool, "party", code.as_str()).await?;
    let answer = contracts_of_party(&state.pool, &code, read_at)
        .await
        .map_err(|error| reading.query_error(error))?;
    let (contracts, next_cursor) = paging.cut(answer.contracts, answer.as_of, answer.known_at);
    Ok(Json(ContractsPage {
        as_of: answer.as_of,
        known_at: answer.known_at,
        contracts,
        next_cursor,
    }))
}
