//! What the register says about one party, addressed by its official code: the mandates it holds
//! and the obligations it owes. Any token may read them.

use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use domain::party::Party;
use domain::PartyCode;
use projections::mandates::mandates_of_party;
use projections::obligations::{obligations_of_party, OwedObligation};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::reads_bodies::MandatesPage;
use super::reads_shared::require_recorded;
use crate::auth::Caller;
use crate::extract::ApiPath;
use crate::reading::{ReadParams, Reading};
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(party_mandates))
        .routes(routes!(party_obligations))
}

/// What the party itself is entrusted with on `as_of`, such as a host party's mandates under an
/// agreement, with their delegations.
#[utoipa::path(
    get,
    path = "/parties/{code}/mandates",
    tag = "mandates",
    params(("code" = String, Path, description = "The party's official code.", example = "2062"), ReadParams),
    responses((status = 200, description = "The party's mandates, one page at a time.", body = MandatesPage))
)]
async fn party_mandates(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(code): ApiPath<PartyCode>,
    reading: Reading,
) -> Result<Json<MandatesPage>, ApiError> {
    caller.reader()?;
    let (read_at, paging) = reading.resolve()?;
    require_recorded::<Party>(&state.pool, "party", code.as_str()).await?;
    let answer = mandates_of_party(&state.pool, code.as_str(), read_at)
        .await
        .map_err(|error| reading.query_error(error))?;
    let (mandates, next_cursor) = paging.cut(answer.mandates, answer.as_of, answer.known_at);
    Ok(Json(MandatesPage {
        as_of: answer.as_of,
        known_at: answer.known_at,
        mandates,
        next_cursor,
    }))
}

/// The obligations listed on `as_of`, as the register knew them at `known_at`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ObligationsPage {
    #[schema(value_type = String, format = Date, example = "2024-06-30")]
    pub as_of: NaiveDate,
    /// The log position the answer is as known at; later pages are cut from the same answer.
    pub known_at: u64,
    /// This page of the obligations, sorted by the first day of the period, kind, description
    /// and obligation id, each with where it stands on `as_of`.
    pub obligations: Vec<OwedObligation>,
    /// The cursor of the next page, when there is one.
    pub next_cursor: Option<String>,
}

/// What the party owes on `as_of` under every cooperation: to whom, from what source, for which
/// period, and whether it is open, due, overdue or closed.
#[utoipa::path(
    get,
    path = "/parties/{code}/obligations",
    tag = "obligations",
    params(("code" = String, Path, description = "The party's official code.", example = "2062"), ReadParams),
    responses((status = 200, description = "The party's obligations, one page at a time.", body = ObligationsPage))
)]
async fn party_obligations(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(code): ApiPath<PartyCode>,
    reading: Reading,
) -> Result<Json<ObligationsPage>, ApiError> {
    caller.reader()?;
    let (read_at, paging) = reading.resolve()?;
    require_recorded::<Party>(&state.pool, "party", code.as_str()).await?;
    let answer = obligations_of_party(&state.pool, code.as_str(), read_at)
        .await
        .map_err(|error| reading.query_error(error))?;
    let (obligations, next_cursor) = paging.cut(answer.obligations, answer.as_of, answer.known_at);
    Ok(Json(ObligationsPage {
        as_of: answer.as_of,
        known_at: answer.known_at,
        obligations,
        next_cursor,
    }))
}
