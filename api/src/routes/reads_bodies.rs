//! What the register says about one body: its membership, its mandates and its § register.
//! Any token may read them; the § register may also be open to anonymous callers, showing only
//! the decisions whose minutes have been posted on the notice board.

use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use domain::body::Body;
use projections::decisions::{register_of_body, DecisionEntry, DecisionFilter};
use projections::mandates::{mandates_of_body, HeldMandate};
use projections::membership::{
    membership_on_day_at, planned_seats, BodyListing, BodyStanding, Member, PlannedSeat,
    SeatPlanLine,
};
use projections::ReadModel;
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
use crate::{AnonymousReads, ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(body_membership))
        .routes(routes!(body_mandates))
        .routes(routes!(body_decisions))
}

/// A body's membership on `as_of`, as the register knew it at `known_at`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MembershipPage {
    #[schema(value_type = String, format = Date, example = "2024-06-30")]
    pub as_of: NaiveDate,
    /// The log position the answer is as known at; later pages are cut from the same answer.
    pub known_at: u64,
    /// The body with its standing on `as_of` (not yet established, active, or ended with its
    /// last day), whenever the register knew of it at `known_at`; `null` only before that.
    pub body: Option<BodyListing>,
    /// The seats each party holds on the body; none unless the body is active on `as_of`.
    pub seat_plan: Vec<SeatPlanLine>,
    /// Every seat of the plan, party by party, members' seats first, each with the membership
    /// holding it or `null` when it is vacant; none unless the body is active on `as_of`.
    pub seats: Vec<PlannedSeat>,
    /// This page of the members, sorted by seat (members first), party, name and membership id;
    /// none unless the body is active on `as_of`.
    pub members: Vec<Member>,
    /// The cursor of the next page, when there is one.
    pub next_cursor: Option<String>,
}

/// Who sits on the body on `as_of`: the body, its seat plan, and its members with role, party,
/// seat and the basis of each appointment.
#[utoipa::path(
    get,
    path = "/bodies/{id}/membership",
    tag = "bodies",
    params(("id" = Uuid, Path, description = "The body's id."), ReadParams),
    responses((status = 200, description = "The membership, one page of members at a time.", body = MembershipPage))
)]
async fn body_membership(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(body_id): ApiPath<Uuid>,
    reading: Reading,
) -> Result<Json<MembershipPage>, ApiError> {
    caller.reader()?;
    let (read_at, paging) = reading.resolve()?;
    require_recorded::<Body>(&state.pool, "body", &body_id.to_string()).await?;
    // The body's standing and its seats are read in one statement at one position, so they agree.
    let resolved = read_at
        .resolve(&state.pool, ReadModel::Membership)
        .await
        .map_err(|error| reading.query_error(error))?;
    let mut answer = membership_on_day_at(&state.pool, body_id, resolved)
        .await
        .map_err(|error| reading.query_error(error))?;
    let body = answer.body.take();
    // A body has no seats on a day it does not exist, whatever its plan for the period says, so
    // the answer never shows half a body.
    let active = body
        .as_ref()
        .is_some_and(|body| body.standing == BodyStanding::Active);
    if !active {
        answer.seat_plan.clear();
        answer.members.clear();
    }
    let seats = planned_seats(&answer.seat_plan, &answer.members);
    let (members, next_cursor) = paging.cut(answer.members, answer.as_of, answer.known_at);
    Ok(Json(MembershipPage {
        as_of: answer.as_of,
        known_at: answer.known_at,
        body,
        seat_plan: answer.seat_plan,
        seats,
        members,
        next_cursor,
    }))
}

/// The mandates a body or a party holds on `as_of`, as the register knew them at `known_at`.
pub type MandatesPage = Page<HeldMandate>;

impl Listed for HeldMandate {
    const LIST: &'static str = "mandates";
    const LIST_DESCRIPTION: &'static str =
        "This page of the mandates, sorted by category, first day and mandate id, each with its\n\
         delegations valid on `as_of`.";
    const PAGE: &'static str = "MandatesPage";
    const PAGE_DESCRIPTION: &'static str =
        "The mandates a body or a party holds on `as_of`, as the register knew them at `known_at`.";
}

/// What the body is entrusted with on `as_of`: its mandates with category, scope, exclusions and
/// source, and their delegations to officials.
#[utoipa::path(
    get,
    path = "/bodies/{id}/mandates",
    tag = "mandates",
    params(("id" = Uuid, Path, description = "The body's id."), ReadParams),
    responses((status = 200, description = "The body's mandates, one page at a time.", body = MandatesPage))
)]
async fn body_mandates(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(body_id): ApiPath<Uuid>,
    reading: Reading,
) -> Result<Json<MandatesPage>, ApiError> {
    caller.reader()?;
    let (read_at, paging) = reading.resolve()?;
    require_recorded::<Body>(&state.pool, "body", &body_id.to_string()).await?;
    let answer = mandates_of_body(&state.pool, body_id, read_at)
        .await
        .map_err(|error| reading.query_error(error))?;
    Ok(Json(Page::cut(
        &paging,
        answer.mandates,
        answer.as_of,
        answer.known_at,
    )))
}

/// Which § of the register to list; every § when both are left out.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DecisionSearch {
    /// Words to find in the item's title or the decision's text, in web-search syntax
    /// (`upphandling -bygg`, `"avrop från ramavtal"`), matched with Swedish stemming.
    #[param(example = "skolmåltider")]
    pub text: Option<String>,
    /// The case's registry number (diarienummer) exactly.
    #[param(example = "INK 2025/103")]
    pub registry_number: Option<String>,
}

/// A body's § register on `as_of`, as the register knew it at `known_at`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DecisionRegisterPage {
    #[schema(value_type = String, format = Date, example = "2025-06-30")]
    pub as_of: NaiveDate,
    /// The log position the answer is as known at; later pages are cut from the same answer.
    pub known_at: u64,
    pub body_id: Uuid,
    /// Whether only public decisions are listed: those whose minutes were posted on the notice
    /// board on or before `as_of`, as an anonymous caller sees the register.
    pub public_only: bool,
    /// This page of the §§ decided on or before `as_of` that the search matches, by year and
    /// number.
    pub decisions: Vec<DecisionEntry>,
    /// The cursor of the next page, when there is one.
    pub next_cursor: Option<String>,
}

/// The body's § register: every decision under its § with its item, text, proposals, vote,
/// quorum, mandate finding, approval, posting and appeal period. Without a token, when the
/// server opens public decisions to anonymous callers, only the §§ whose minutes were posted on
/// the notice board by `as_of` are listed.
#[utoipa::path(
    get,
    path = "/bodies/{id}/decisions",
    tag = "decisions",
    params(("id" = Uuid, Path, description = "The body's id."), ReadParams, DecisionSearch),
    responses((status = 200, description = "The § register, one page at a time.", body = DecisionRegisterPage))
)]
async fn body_decisions(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(body_id): ApiPath<Uuid>,
    reading: Reading,
    ApiQuery(search): ApiQuery<DecisionSearch>,
) -> Result<Json<DecisionRegisterPage>, ApiError> {
    let public_only = match (&caller, state.settings.anonymous_reads) {
        (Caller::Anonymous, AnonymousReads::PublicDecisions) => true,
        _ => {
            caller.reader()?;
            false
        }
    };
    let (read_at, paging) = reading.resolve()?;
    require_recorded::<Body>(&state.pool, "body", &body_id.to_string()).await?;
    let filter = DecisionFilter {
        text: search.text,
        registry_number: search.registry_number,
    };
    let answer = register_of_body(&state.pool, body_id, read_at, filter)
        .await
        .map_err(|error| reading.query_error(error))?;
    let mut decisions = answer.decisions;
    if public_only {
        // The read model shows a posting only from its own day on, so a § with a publication
        // here was on the notice board by `as_of`.
        decisions.retain(|decision| decision.publication.is_some());
    }
    let (decisions, next_cursor) = paging.cut(decisions, answer.as_of, answer.known_at);
    Ok(Json(DecisionRegisterPage {
        as_of: answer.as_of,
        known_at: answer.known_at,
        body_id: answer.body_id,
        public_only,
        decisions,
        next_cursor,
    }))
}
