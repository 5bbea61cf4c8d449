//! The GETs behind the `Location`s that the contract, obligation and mandate commands answer
//! with: one entity on `as_of`, as the register knew it at `known_at`. Any token may read them.
//!
//! An id the register never recorded is a 404. A recorded one that is not in force on `as_of`
//! (a mandate not yet granted or already ended, an obligation outside the period it is listed
//! in) or that the register had not yet heard of by `known_at` is answered with `null`, like a
//! body before it is established, so that a client can tell "never" from "not on that day".

use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use domain::contract::Contract;
use domain::mandate::Mandate;
use domain::obligation::Obligation;
use projections::contracts::{contract, ContractEntry};
use projections::mandates::{mandate, HeldMandate};
use projections::obligations::{obligation, OwedObligation};
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
        .routes(routes!(one_contract))
        .routes(routes!(one_obligation))
        .routes(routes!(one_mandate))
}

/// One contract on `as_of`, as the register knew it at `known_at`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContractAnswer {
    #[schema(value_type = String, format = Date, example = "2024-08-01")]
    pub as_of: NaiveDate,
    pub known_at: u64,
    /// The contract with its holder and callers on `as_of`; `null` when it was registered after
    /// `known_at`.
    pub contract: Option<ContractEntry>,
}

/// A contract: its term, options and extensions, and who holds it and may call off under it on
/// `as_of`.
#[utoipa::path(
    get,
    path = "/contracts/{contract_id}",
    tag = "contracts",
    params(("contract_id" = Uuid, Path, description = "The contract's id."), ReadParams),
    responses((status = 200, description = "The contract.", body = ContractAnswer))
)]
async fn one_contract(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(contract_id): ApiPath<Uuid>,
    reading: Reading,
) -> Result<Json<ContractAnswer>, ApiError> {
    caller.reader()?;
    let (read_at, _) = reading.resolve()?;
    require_recorded::<Contract>(&state.pool, "contract", &contract_id.to_string()).await?;
    let view = contract(&state.pool, contract_id, read_at)
        .await
        .map_err(|error| reading.query_error(error))?;
    Ok(Json(ContractAnswer {
        as_of: view.as_of,
        known_at: view.known_at,
        contract: view.contracts.into_iter().next(),
    }))
}

/// One obligation on `as_of`, as the register knew it at `known_at`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ObligationAnswer {
    #[schema(value_type = String, format = Date, example = "2024-04-01")]
    pub as_of: NaiveDate,
    pub known_at: u64,
    /// The obligation with its status on `as_of`; `null` when it is not listed that day (before
    /// its period, or long after it was closed) or was recorded after `known_at`.
    pub obligation: Option<OwedObligation>,
}

/// An obligation: who owes what to whom, when it is due, and its status on `as_of`.
#[utoipa::path(
    get,
    path = "/obligations/{obligation_id}",
    tag = "obligations",
    params(("obligation_id" = Uuid, Path, description = "The obligation's id."), ReadParams),
    responses((status = 200, description = "The obligation.", body = ObligationAnswer))
)]
async fn one_obligation(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(obligation_id): ApiPath<Uuid>,
    reading: Reading,
) -> Result<Json<ObligationAnswer>, ApiError> {
    caller.reader()?;
    let (read_at, _) = reading.resolve()?;
    require_recorded::<Obligation>(&state.pool, "obligation", &obligation_id.to_string()).await?;
    let view = obligation(&state.pool, obligation_id, read_at)
        .await
        .map_err(|error| reading.query_error(error))?;
    Ok(Json(ObligationAnswer {
        as_of: view.as_of,
        known_at: view.known_at,
        obligation: view.obligations.into_iter().next(),
    }))
}

/// One mandate on `as_of`, as the register knew it at `known_at`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MandateAnswer {
    #[schema(value_type = String, format = Date, example = "2024-01-01")]
    pub as_of: NaiveDate,
    pub known_at: u64,
    /// The mandate with its delegations in force on `as_of`; `null` when it is not in force that
    /// day or was granted after `known_at`.
    pub mandate: Option<HeldMandate>,
}

/// A mandate: who holds it, what it covers and excludes, its basis and its delegations, when it
/// is in force on `as_of`.
#[utoipa::path(
    get,
    path = "/mandates/{mandate_id}",
    tag = "mandates",
    params(("mandate_id" = Uuid, Path, description = "The mandate's id."), ReadParams),
    responses((status = 200, description = "The mandate.", body = MandateAnswer))
)]
async fn one_mandate(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(mandate_id): ApiPath<Uuid>,
    reading: Reading,
) -> Result<Json<MandateAnswer>, ApiError> {
    caller.reader()?;
    let (read_at, _) = reading.resolve()?;
    require_recorded::<Mandate>(&state.pool, "mandate", &mandate_id.to_string()).await?;
    let view = mandate(&state.pool, mandate_id, read_at)
        .await
        .map_err(|error| reading.query_error(error))?;
    Ok(Json(MandateAnswer {
        as_of: view.as_of,
        known_at: view.known_at,
        mandate: view.mandates.into_iter().next(),
    }))
}
