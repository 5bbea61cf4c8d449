//! A body's meetings, and one meeting whole: its agenda, attendance, §§ and minutes, with one §
//! and one agenda item at the addresses the meeting commands answer with. Any token may read
//! them.

use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use domain::body::Body;
use domain::meeting::Meeting;
use projections::decisions::{
    meeting, meetings_of_body, AgendaEntry, DecisionEntry, MeetingRecord, MeetingSummary,
};
use projections::ReadAt;
use serde::Serialize;
use utoipa::ToSchema;
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
        .routes(routes!(body_meetings))
        .routes(routes!(one_meeting))
        .routes(routes!(one_decision))
        .routes(routes!(one_agenda_item))
}

/// A body's meetings, as the register knew them at `known_at`.
pub type MeetingsPage = Page<MeetingSummary>;

impl Listed for MeetingSummary {
    const LIST: &'static str = "meetings";
    const LIST_DESCRIPTION: &'static str =
        "This page of every meeting of the body called by `known_at`, with where it stands on \
         `as_of`, by date.";
    const PAGE: &'static str = "MeetingsPage";
    const PAGE_DESCRIPTION: &'static str =
        "A body's meetings, as the register knew them at `known_at`.";
}

/// The body's meetings: date, place, status on `as_of` (called, cancelled, held, minutes
/// approved, minutes posted) and how many §§ each decided.
#[utoipa::path(
    get,
    path = "/bodies/{id}/meetings",
    tag = "meetings",
    params(("id" = Uuid, Path, description = "The body's id."), ReadParams),
    responses((status = 200, description = "The meetings, one page at a time.", body = MeetingsPage))
)]
async fn body_meetings(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(body_id): ApiPath<Uuid>,
    reading: Reading,
) -> Result<Json<MeetingsPage>, ApiError> {
    caller.reader()?;
    let (read_at, paging) = reading.resolve()?;
    require_recorded::<Body>(&state.pool, "body", &body_id.to_string()).await?;
    let answer = meetings_of_body(&state.pool, body_id, read_at)
        .await
        .map_err(|error| reading.query_error(error))?;
    Ok(Json(Page::cut(
        &paging,
        answer.meetings,
        answer.as_of,
        answer.known_at,
    )))
}

/// The meeting whole: its agenda with the § each item was decided under, who presided and
/// attended (with arrivals and departures), the adjusters, its §§ with the people each names,
/// and the approval and posting of its minutes with the last day to appeal. Before its date the
/// meeting is only called; the approval and the posting show from their own dates.
#[utoipa::path(
    get,
    path = "/meetings/{meeting_id}",
    tag = "meetings",
    params(("meeting_id" = Uuid, Path, description = "The meeting's id."), ReadParams),
    responses(
        (status = 200, description = "The meeting.", body = MeetingRecord),
        (status = 404, description = "No meeting has this id, or none had been called by `known_at`.")
    )
)]
async fn one_meeting(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(meeting_id): ApiPath<Uuid>,
    reading: Reading,
) -> Result<Json<MeetingRecord>, ApiError> {
    caller.reader()?;
    let (read_at, _) = reading.resolve()?;
    meeting_as_known(&state, meeting_id, read_at, &reading)
        .await
        .map(Json)
}

/// One § of a meeting on `as_of`, as the register knew it at `known_at`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DecisionAnswer {
    #[schema(value_type = String, format = Date, example = "2025-06-30")]
    pub as_of: NaiveDate,
    pub known_at: u64,
    pub meeting_id: Uuid,
    pub decision: DecisionEntry,
}

/// One item of a meeting's agenda, as the register knew it at `known_at`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AgendaItemAnswer {
    #[schema(value_type = String, format = Date, example = "2025-06-30")]
    pub as_of: NaiveDate,
    pub known_at: u64,
    pub meeting_id: Uuid,
    pub item: AgendaEntry,
}

/// One § of the meeting, by its number: the address a recorded decision answers with.
#[utoipa::path(
    get,
    path = "/meetings/{meeting_id}/decisions/{paragraph}",
    tag = "meetings",
    params(
        ("meeting_id" = Uuid, Path, description = "The meeting's id."),
        ("paragraph" = u32, Path, description = "The decision's § number.", example = 12),
        ReadParams
    ),
    responses(
        (status = 200, description = "The §.", body = DecisionAnswer),
        (status = 404, description = "The meeting has no such § on `as_of` as known at `known_at`.")
    )
)]
async fn one_decision(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((meeting_id, paragraph)): ApiPath<(Uuid, u32)>,
    reading: Reading,
) -> Result<Json<DecisionAnswer>, ApiError> {
    caller.reader()?;
    let (read_at, _) = reading.resolve()?;
    let meeting = meeting_as_known(&state, meeting_id, read_at, &reading).await?;
    meeting
        .decisions
        .into_iter()
        .find(|decision| decision.paragraph.number == paragraph)
        .map(|decision| {
            Json(DecisionAnswer {
                as_of: meeting.as_of,
                known_at: meeting.known_at,
                meeting_id,
                decision,
            })
        })
        .ok_or_else(|| ApiError::NotFound {
            resource: "§ of the meeting",
            id: paragraph.to_string(),
        })
}

/// One item of the meeting's agenda, by its number: the address an added item answers with.
#[utoipa::path(
    get,
    path = "/meetings/{meeting_id}/agenda-items/{number}",
    tag = "meetings",
    params(
        ("meeting_id" = Uuid, Path, description = "The meeting's id."),
        ("number" = u16, Path, description = "The item's number on the agenda.", example = 3),
        ReadParams
    ),
    responses(
        (status = 200, description = "The agenda item.", body = AgendaItemAnswer),
        (status = 404, description = "The agenda has no such item as known at `known_at`.")
    )
)]
async fn one_agenda_item(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((meeting_id, number)): ApiPath<(Uuid, u16)>,
    reading: Reading,
) -> Result<Json<AgendaItemAnswer>, ApiError> {
    caller.reader()?;
    let (read_at, _) = reading.resolve()?;
    let meeting = meeting_as_known(&state, meeting_id, read_at, &reading).await?;
    meeting
        .agenda
        .into_iter()
        .find(|item| item.number == number)
        .map(|item| {
            Json(AgendaItemAnswer {
                as_of: meeting.as_of,
                known_at: meeting.known_at,
                meeting_id,
                item,
            })
        })
        .ok_or_else(|| ApiError::NotFound {
            resource: "agenda item of the meeting",
            id: number.to_string(),
        })
}

/// The meeting as the register knew it at `read_at`, or a 404 when it had never recorded it or
/// had not yet by then.
async fn meeting_as_known(
    state: &AppState,
    meeting_id: Uuid,
    read_at: ReadAt,
    reading: &Reading,
) -> Result<MeetingRecord, ApiError> {
    require_recorded::<Meeting>(&state.pool, "meeting", &meeting_id.to_string()).await?;
    meeting(&state.pool, meeting_id, read_at)
        .await
        .map_err(|error| reading.query_error(error))?
        .ok_or_else(|| ApiError::NotFound {
            resource: "meeting known at that moment",
            id: meeting_id.to_string(),
        })
}
