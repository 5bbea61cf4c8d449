//! What the register says about transition plans: a plan on a day, its readiness, the
//! arrangement it changes, and the plans of a cooperation. Any token may read them.

use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use domain::cooperation::Cooperation;
use domain::transition::{Readiness, Transition, TransitionView};
use projections::transitions::{
    arrangement, readiness, transition, transitions_of_cooperation, Arrangement, PlanSummary,
};
use projections::ReadModel;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::reads_shared::{pinned, require_recorded};
use crate::auth::Caller;
use crate::command::from_register_error;
use crate::extract::ApiPath;
use crate::reading::{ReadParams, Reading};
use crate::{ApiError, AppState};
use register::{Actor, Register};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(transition_plan))
        .routes(routes!(transition_readiness))
        .routes(routes!(transition_arrangement))
        .routes(routes!(cooperation_transitions))
}

/// A transition plan on `as_of`, as the register knew it at `known_at`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TransitionPlanAnswer {
    pub transition_id: Uuid,
    #[schema(value_type = String, format = Date, example = "2026-06-30")]
    pub as_of: NaiveDate,
    /// The log position the answer is as known at.
    pub known_at: u64,
    /// The plan with each step's status, and the dispositions, mappings and party decisions in
    /// force on `as_of`; null when the register did not yet know the plan at `known_at`.
    pub plan: Option<TransitionView>,
}

/// The plan on `as_of`: its successor, effective date, steps with their status that day, the
/// obligation mappings and party decisions in force, and whether it was carried out.
#[utoipa::path(
    get,
    path = "/transitions/{transition_id}",
    tag = "transitions",
    params(("transition_id" = Uuid, Path, description = "The plan's id."), ReadParams),
    responses((status = 200, description = "The plan on `as_of`.", body = TransitionPlanAnswer))
)]
async fn transition_plan(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(transition_id): ApiPath<Uuid>,
    reading: Reading,
) -> Result<Json<TransitionPlanAnswer>, ApiError> {
    caller.reader()?;
    let (read_at, _) = reading.resolve()?;
    require_recorded::<Transition>(&state.pool, "transition", &transition_id.to_string()).await?;
    // Pinned first, so that a plan not yet known at `known_at` still answers with its position.
    let (read_at, known_at) =
        pinned(&state.pool, ReadModel::Transitions, read_at, &reading).await?;
    let answer = transition(&state.pool, transition_id, read_at)
        .await
        .map_err(|error| reading.query_error(error))?;
    Ok(Json(TransitionPlanAnswer {
        transition_id,
        as_of: read_at.as_of,
        known_at,
        plan: answer.map(|answer| answer.plan),
    }))
}

/// Whether a plan can be carried out, on `as_of`, as the register knew it at `known_at`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TransitionReadinessAnswer {
    pub transition_id: Uuid,
    #[schema(value_type = String, format = Date, example = "2026-06-30")]
    pub as_of: NaiveDate,
    /// The log position the answer is as known at, for the plan and for the obligations and
    /// contracts of the cooperation it replaces alike.
    pub known_at: u64,
    /// What still blocks the plan on `as_of`, and what needs a decision soon; null when the
    /// register did not yet know the plan at `known_at`.
    pub readiness: Option<Readiness>,
}

/// What still blocks carrying the plan out on `as_of`: blocking steps not done, contracts
/// without a disposition, obligations without a mapping, parties that have not decided, a
/// successor without an agreement; and the contracts expiring near the effective date.
#[utoipa::path(
    get,
    path = "/transitions/{transition_id}/readiness",
    tag = "transitions",
    params(("transition_id" = Uuid, Path, description = "The plan's id."), ReadParams),
    responses((status = 200, description = "The plan's readiness on `as_of`.", body = TransitionReadinessAnswer))
)]
async fn transition_readiness(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(transition_id): ApiPath<Uuid>,
    reading: Reading,
) -> Result<Json<TransitionReadinessAnswer>, ApiError> {
    caller.reader()?;
    let (read_at, _) = reading.resolve()?;
    require_recorded::<Transition>(&state.pool, "transition", &transition_id.to_string()).await?;
    let (read_at, known_at) =
        pinned(&state.pool, ReadModel::Transitions, read_at, &reading).await?;
    let answer = readiness(&state.pool, transition_id, read_at)
        .await
        .map_err(|error| reading.query_error(error))?;
    Ok(Json(TransitionReadinessAnswer {
        transition_id,
        as_of: read_at.as_of,
        known_at,
        readiness: answer.map(|answer| answer.readiness),
    }))
}

/// The arrangement a transition changes, on `as_of`: the membership of the replaced
/// cooperation's bodies, each party's mandates and obligations, and what is owed under the
/// successor. Read on the effective date after a carry-out, it is what the preview showed.
///
/// Which bodies, parties and successor it covers is taken from the plan as it stands now, so
/// that the same scope can be compared across days and moments.
#[utoipa::path(
    get,
    path = "/transitions/{transition_id}/arrangement",
    tag = "transitions",
    params(("transition_id" = Uuid, Path, description = "The plan's id."), ReadParams),
    responses((status = 200, description = "The arrangement on `as_of`.", body = Arrangement))
)]
async fn transition_arrangement(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(transition_id): ApiPath<Uuid>,
    reading: Reading,
) -> Result<Json<Arrangement>, ApiError> {
    let token = caller.reader()?;
    let (read_at, _) = reading.resolve()?;
    require_recorded::<Transition>(&state.pool, "transition", &transition_id.to_string()).await?;
    // Reading the scope writes nothing; the register is only where the plan's facts are looked
    // up, in the reader's name.
    let scope = Register::new(state.log.clone(), Actor::token(token))
        .arrangement_scope(transition_id)
        .await
        .map_err(from_register_error)?;
    // The arrangement reads each of its read models at one position and reports it.
    let answer = arrangement(&state.pool, &scope, read_at)
        .await
        .map_err(|error| reading.query_error(error))?;
    Ok(Json(answer))
}

/// The transition plans of a cooperation, as the register knew them at `known_at`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TransitionsPage {
    pub cooperation_id: Uuid,
    #[schema(value_type = String, format = Date, example = "2026-06-30")]
    pub as_of: NaiveDate,
    /// The log position the answer is as known at; later pages are cut from the same answer.
    pub known_at: u64,
    /// This page of the plans for replacing the cooperation, by effective date, then id; each
    /// says whether it was carried out by `as_of`.
    pub transitions: Vec<PlanSummary>,
    /// The cursor of the next page, when there is one.
    pub next_cursor: Option<String>,
}

/// Every plan for replacing the cooperation, with its effective date, successor and whether it
/// was carried out by `as_of`.
#[utoipa::path(
    get,
    path = "/cooperations/{id}/transitions",
    tag = "transitions",
    params(("id" = Uuid, Path, description = "The cooperation's id."), ReadParams),
    responses((status = 200, description = "The cooperation's transition plans, one page at a time.",
               body = TransitionsPage))
)]
async fn cooperation_transitions(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(cooperation_id): ApiPath<Uuid>,
    reading: Reading,
) -> Result<Json<TransitionsPage>, ApiError> {
    caller.reader()?;
    let (read_at, paging) = reading.resolve()?;
    require_recorded::<Cooperation>(&state.pool, "cooperation", &cooperation_id.to_string())
        .await?;
    let answer = transitions_of_cooperation(&state.pool, cooperation_id, read_at)
        .await
        .map_err(|error| reading.query_error(error))?;
    let (transitions, next_cursor) = paging.cut(answer.transitions, answer.as_of, answer.known_at);
    Ok(Json(TransitionsPage {
        cooperation_id,
        as_of: answer.as_of,
        known_at: answer.known_at,
        transitions,
        next_cursor,
    }))
}
