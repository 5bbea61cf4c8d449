//! The outside decisions the register cites, found by search, and one of them: what a client
//! picks a basis from instead of typing its id. Any token may read them.

use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use domain::external_decision::ExternalDecision;
use projections::citations::{outside_decision, outside_decisions, OutsideDecision};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::reads_shared::require_recorded;
use crate::auth::Caller;
use crate::extract::{ApiPath, ApiQuery};
use crate::page::{Listed, Page};
use crate::reading::{ReadParams, Reading};
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(search_external_decisions))
        .routes(routes!(one_external_decision))
}

/// Which outside decisions to list; every one when `q` is left out.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OutsideDecisionSearch {
    /// Words of the issuer, the subject or the registry number, in web-search syntax, matched
    /// with Swedish stemming.
    #[param(example = "avveckling upphandlingsnämnd")]
    pub q: Option<String>,
}

/// Outside decisions decided on or before `as_of`, as the register knew them at `known_at`.
pub type OutsideDecisionsPage = Page<OutsideDecision>;

impl Listed for OutsideDecision {
    const LIST: &'static str = "decisions";
    const LIST_DESCRIPTION: &'static str =
        "This page of the outside decisions decided on or before `as_of` that match `q`, the \
         latest decided first, then by issuer and id, each with its citation.";
    const PAGE: &'static str = "OutsideDecisionsPage";
    const PAGE_DESCRIPTION: &'static str =
        "Outside decisions decided on or before `as_of`, as the register knew them at `known_at`.";
}

/// The outside decisions the register holds, searchable, each with how it is cited.
#[utoipa::path(
    get,
    path = "/external-decisions",
    tag = "decisions",
    params(OutsideDecisionSearch, ReadParams),
    responses((status = 200, description = "The decisions, one page at a time.", body = OutsideDecisionsPage))
)]
async fn search_external_decisions(
    State(state): State<AppState>,
    caller: Caller,
    reading: Reading,
    ApiQuery(search): ApiQuery<OutsideDecisionSearch>,
) -> Result<Json<OutsideDecisionsPage>, ApiError> {
    caller.reader()?;
    let (read_at, paging) = reading.resolve()?;
    let answer = outside_decisions(&state.pool, read_at, search.q.as_deref())
        .await
        .map_err(|error| reading.query_error(error))?;
    Ok(Json(Page::cut(
        &paging,
        answer.decisions,
        answer.as_of,
        answer.known_at,
    )))
}

/// One outside decision as the register knew it at `known_at`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OutsideDecisionAnswer {
    #[schema(value_type = String, format = Date, example = "2024-06-30")]
    pub as_of: NaiveDate,
    pub known_at: u64,
    /// The decision; `null` when it was recorded after `known_at`.
    pub decision: Option<OutsideDecision>,
}

/// One outside decision, as recorded or as last corrected by `known_at`.
#[utoipa::path(
    get,
    path = "/external-decisions/{id}",
    tag = "decisions",
    params(("id" = Uuid, Path, description = "The decision's id."), ReadParams),
    responses((status = 200, description = "The decision.", body = OutsideDecisionAnswer))
)]
async fn one_external_decision(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(decision_id): ApiPath<Uuid>,
    reading: Reading,
) -> Result<Json<OutsideDecisionAnswer>, ApiError> {
    caller.reader()?;
    let (read_at, _) = reading.resolve()?;
    require_recorded::<ExternalDecision>(
        &state.pool,
        "external decision",
        &decision_id.to_string(),
    )
    .await?;
    let (known_at, decision) = outside_decision(&state.pool, decision_id, read_at)
        .await
        .map_err(|error| reading.query_error(error))?;
    Ok(Json(OutsideDecisionAnswer {
        as_of: read_at.as_of,
        known_at,
        decision,
    }))
}
