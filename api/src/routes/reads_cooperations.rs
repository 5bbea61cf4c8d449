//! What the register says about its cooperations: the list of them, and of one its obligations,
//! its governing documents in force and its timeline. Any token may read them.

use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use domain::cooperation::Cooperation;
use projections::cooperations::{cooperations, CooperationEntry};
use projections::documents::{documents_of_cooperation, DocumentVersionView};
use projections::obligations::obligations_of_cooperation;
use projections::timeline::{timeline, TimelineEntry, TimelinePage};
use projections::ReadModel;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::reads_parties::ObligationsPage;
use super::reads_shared::{pinned, require_recorded};
use crate::auth::Caller;
use crate::extract::ApiPath;
use crate::page::{Listed, Page};
use crate::reading::{ReadParams, Reading};
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(cooperation_obligations))
        .routes(routes!(cooperation_documents))
        .routes(routes!(cooperation_timeline))
        .routes(routes!(list_cooperations))
}

/// The register's cooperations on `as_of`, as the register knew them at `known_at`.
pub type CooperationsPage = Page<CooperationEntry>;

impl Listed for CooperationEntry {
    const LIST: &'static str = "cooperations";
    const LIST_DESCRIPTION: &'static str =
        "This page of every cooperation known at `known_at`, whatever its status on `as_of`, by\n\
         name, then id.";
    const PAGE: &'static str = "CooperationsPage";
    const PAGE_DESCRIPTION: &'static str =
        "The register's cooperations on `as_of`, as the register knew them at `known_at`.";
}

/// Every cooperation the register holds, with its form, host, parties and status on `as_of`:
/// not yet established, active, dissolving (its dissolution decided) or dissolved.
#[utoipa::path(
    get,
    path = "/cooperations",
    tag = "cooperations",
    params(ReadParams),
    responses((status = 200, description = "The cooperations, one page at a time.", body = CooperationsPage))
)]
async fn list_cooperations(
    State(state): State<AppState>,
    caller: Caller,
    reading: Reading,
) -> Result<Json<CooperationsPage>, ApiError> {
    caller.reader()?;
    let (read_at, paging) = reading.resolve()?;
    let answer = cooperations(&state.pool, read_at)
        .await
        .map_err(|error| reading.query_error(error))?;
    Ok(Json(Page::cut(
        &paging,
        answer.cooperations,
        answer.as_of,
        answer.known_at,
    )))
}

/// What every party owes under the cooperation on `as_of`.
#[utoipa::path(
    get,
    path = "/cooperations/{id}/obligations",
    tag = "obligations",
    params(("id" = Uuid, Path, description = "The cooperation's id."), ReadParams),
    responses((status = 200, description = "The cooperation's obligations, one page at a time.", body = ObligationsPage))
)]
async fn cooperation_obligations(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(cooperation_id): ApiPath<Uuid>,
    reading: Reading,
) -> Result<Json<ObligationsPage>, ApiError> {
    caller.reader()?;
    let (read_at, paging) = reading.resolve()?;
    require_recorded::<Cooperation>(&state.pool, "cooperation", &cooperation_id.to_string())
        .await?;
    let answer = obligations_of_cooperation(&state.pool, cooperation_id, read_at)
        .await
        .map_err(|error| reading.query_error(error))?;
    Ok(Json(Page::cut(
        &paging,
        answer.obligations,
        answer.as_of,
        answer.known_at,
    )))
}

/// The governing documents of a cooperation in force on `as_of`.
pub type DocumentsPage = Page<DocumentVersionView>;

impl Listed for DocumentVersionView {
    const LIST: &'static str = "documents";
    const LIST_DESCRIPTION: &'static str = "This page of the documents, by title: for each, the version in force on `as_of` with its\n\
         full text. Documents not yet in force that day are left out.";
    const PAGE: &'static str = "DocumentsPage";
    const PAGE_DESCRIPTION: &'static str =
        "The governing documents of a cooperation in force on `as_of`.";
}

/// The cooperation's governing documents in force on `as_of`, each in the version then in force.
#[utoipa::path(
    get,
    path = "/cooperations/{id}/documents",
    tag = "documents",
    params(("id" = Uuid, Path, description = "The cooperation's id."), ReadParams),
    responses((status = 200, description = "The documents in force, one page at a time.", body = DocumentsPage))
)]
async fn cooperation_documents(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(cooperation_id): ApiPath<Uuid>,
    reading: Reading,
) -> Result<Json<DocumentsPage>, ApiError> {
    caller.reader()?;
    let (read_at, paging) = reading.resolve()?;
    require_recorded::<Cooperation>(&state.pool, "cooperation", &cooperation_id.to_string())
        .await?;
    // The query does not report the position it answers at, so the read is pinned to one first.
    let (read_at, known_at) = pinned(&state.pool, ReadModel::Documents, read_at, &reading).await?;
    let documents = documents_of_cooperation(&state.pool, cooperation_id, read_at)
        .await
        .map_err(|error| reading.query_error(error))?;
    Ok(Json(Page::cut(&paging, documents, read_at.as_of, known_at)))
}

/// A cooperation's timeline on `as_of`, as the register knew it at `known_at`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TimelineResponse {
    pub cooperation_id: Uuid,
    #[schema(value_type = String, format = Date, example = "2024-06-30")]
    pub as_of: NaiveDate,
    /// The log position the answer is as known at; later pages are cut from the same answer.
    pub known_at: u64,
    /// This page of the entries that take effect on or before `as_of` (and those that name no
    /// day), ordered by effective day, undated ones last, then by position.
    pub entries: Vec<TimelineEntry>,
    /// The cursor of the next page, when there is one.
    pub next_cursor: Option<String>,
}

/// Everything that happened to the cooperation, its bodies, meetings, mandates, obligations and
/// documents, in one list with the day each took effect and the basis it rests on.
#[utoipa::path(
    get,
    path = "/cooperations/{id}/timeline",
    tag = "timeline",
    params(("id" = Uuid, Path, description = "The cooperation's id."), ReadParams),
    responses((status = 200, description = "The timeline, one page at a time.", body = TimelineResponse))
)]
async fn cooperation_timeline(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(cooperation_id): ApiPath<Uuid>,
    reading: Reading,
) -> Result<Json<TimelineResponse>, ApiError> {
    caller.reader()?;
    let (read_at, paging) = reading.resolve()?;
    require_recorded::<Cooperation>(&state.pool, "cooperation", &cooperation_id.to_string())
        .await?;
    // Every entry is read and the page cut here, so that the timeline pages with the same cursor
    // as every other read; a timeline is one cooperation's events, a list of modest length.
    let answer = timeline(
        &state.pool,
        cooperation_id,
        read_at,
        TimelinePage::first(u32::MAX),
    )
    .await
    .map_err(|error| reading.query_error(error))?;
    let (entries, next_cursor) = paging.cut(answer.entries, answer.as_of, answer.known_at);
    Ok(Json(TimelineResponse {
        cooperation_id: answer.cooperation_id,
        as_of: answer.as_of,
        known_at: answer.known_at,
        entries,
        next_cursor,
    }))
}
