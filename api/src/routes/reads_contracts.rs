//! What the register says about contracts: a cooperation's contracts and its timeline of
//! expiries, and the contracts a party may call off under. Any token may read them.

use axum::extract::State;
use axum::Json;
use domain::cooperation::Cooperation;
use domain::party::Party;
use domain::PartyCode;
use projections::contracts::{
    contracts_of_cooperation, contracts_of_party, expiries, ContractEntry, Expiry,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::reads_shared::require_recorded;
use crate::auth::Caller;
use crate::extract::ApiPath;
use crate::page::{Listed, Page};
use crate::reading::{ReadParams, Reading};
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(cooperation_contracts))
        .routes(routes!(cooperation_contract_expiries))
        .routes(routes!(party_contracts))
}

/// Contracts with their holder and callers on `as_of`, as the register knew them at `known_at`.
pub type ContractsPage = Page<ContractEntry>;

impl Listed for ContractEntry {
    const LIST: &'static str = "contracts";
    const LIST_DESCRIPTION: &'static str =
        "This page of the contracts, by title, then contract id.";
    const PAGE: &'static str = "ContractsPage";
    const PAGE_DESCRIPTION: &'static str =
        "Contracts with their holder and callers on `as_of`, as the register knew them at \
         `known_at`.";
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
    Ok(Json(Page::cut(
        &paging,
        answer.contracts,
        answer.as_of,
        answer.known_at,
    )))
}

/// The timeline of a cooperation's contract expiries from `as_of`.
pub type ExpiriesPage = Page<Expiry>;

impl Listed for Expiry {
    const LIST: &'static str = "expiries";
    const LIST_DESCRIPTION: &'static str =
        "This page of the contracts whose current last day is on or after `as_of`, by that day,\n\
         then title, with the days left and the options remaining.";
    const PAGE: &'static str = "ExpiriesPage";
    const PAGE_DESCRIPTION: &'static str =
        "The timeline of a cooperation's contract expiries from `as_of`.";
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
    Ok(Json(Page::cut(
        &paging,
        answer.expiries,
        answer.as_of,
        answer.known_at,
    )))
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
    Ok(Json(Page::cut(
        &paging,
        answer.contracts,
        answer.as_of,
        answer.known_at,
    )))
}
