//! What the register says about one party, addressed by its official code: the mandates it holds
//! and the obligations it owes. Any token may read them.

use axum::extract::State;
use axum::Json;
use domain::party::Party;
use domain::PartyCode;
use projections::mandates::mandates_of_party;
use projections::obligations::{obligations_of_party, OwedObligation};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::reads_bodies::MandatesPage;
use super::reads_shared::require_recorded;
use crate::auth::Caller;
use crate::extract::ApiPath;
use crate::page::{Listed, Page};
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
    Ok(Json(Page::cut(
        &paging,
        answer.mandates,
        answer.as_of,
        answer.known_at,
    )))
}

/// The obligations listed on `as_of`, as the register knew them at `known_at`.
pub type ObligationsPage = Page<OwedObligation>;

impl Listed for OwedObligation {
    const LIST: &'static str = "obligations";
    const LIST_DESCRIPTION: &'static str =
        "This page of the obligations, sorted by the first day of the period, kind, description\n\
         and obligation id, each with where it stands on `as_of`.";
    const PAGE: &'static str = "ObligationsPage";
    const PAGE_DESCRIPTION: &'static str =
        "The obligations listed on `as_of`, as the register knew them at `known_at`.";
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
    Ok(Json(Page::cut(
        &paging,
        answer.obligations,
        answer.as_of,
        answer.known_at,
    )))
}
