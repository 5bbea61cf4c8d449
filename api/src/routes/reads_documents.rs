//! One governing document: the version in force on a day, with its full text, and the list of
//! its amendments. Any token may read them.

use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use domain::governing_document::GoverningDocument;
use projections::documents::{amendments, document_in_force, AmendmentView, DocumentVersionView};
use projections::ReadModel;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use super::reads_shared::{pinned, require_recorded};
use crate::auth::Caller;
use crate::extract::ApiPath;
use crate::reading::{ReadParams, Reading};
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(document_version_in_force))
        .routes(routes!(document_amendments))
}

/// A governing document as in force on `as_of`, as the register knew it at `known_at`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DocumentInForce {
    #[schema(value_type = String, format = Date, example = "2024-06-30")]
    pub as_of: NaiveDate,
    /// The log position the answer is as known at.
    pub known_at: u64,
    /// The version in force on `as_of`, with every clause; null on a day before the document
    /// took effect. The clauses are not paged: a document is read whole.
    pub in_force: Option<DocumentVersionView>,
}

/// The version of the document in force on `as_of`: the one that took effect last on or before
/// that day, with its full text.
#[utoipa::path(
    get,
    path = "/documents/{id}",
    tag = "documents",
    params(("id" = Uuid, Path, description = "The document's id."), ReadParams),
    responses((status = 200, description = "The version in force.", body = DocumentInForce))
)]
async fn document_version_in_force(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(document_id): ApiPath<Uuid>,
    reading: Reading,
) -> Result<Json<DocumentInForce>, ApiError> {
    caller.reader()?;
    let (read_at, _) = reading.resolve()?;
    require_recorded::<GoverningDocument>(&state.pool, "document", &document_id.to_string())
        .await?;
    // The query does not report the position it answers at, so the read is pinned to one first.
    let (read_at, known_at) = pinned(&state.pool, ReadModel::Documents, read_at, &reading).await?;
    let in_force = document_in_force(&state.pool, document_id, read_at)
        .await
        .map_err(|error| reading.query_error(error))?;
    Ok(Json(DocumentInForce {
        as_of: read_at.as_of,
        known_at,
        in_force,
    }))
}

/// A document's list of amendments, as the register knew it at `known_at`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AmendmentsPage {
    /// The day asked about. The list holds every version known, whatever day it takes effect:
    /// an amendment decided for a later day belongs on it.
    #[schema(value_type = String, format = Date, example = "2024-06-30")]
    pub as_of: NaiveDate,
    /// The log position the answer is as known at; later pages are cut from the same answer.
    pub known_at: u64,
    pub document_id: Uuid,
    /// This page of the versions, in version order; version 1 is the adoption itself.
    pub amendments: Vec<AmendmentView>,
    /// The cursor of the next page, when there is one.
    pub next_cursor: Option<String>,
}

/// Every version of the document: the adoption and each amendment with its changes, effective
/// day and basis, and any correction.
#[utoipa::path(
    get,
    path = "/documents/{id}/amendments",
    tag = "documents",
    params(("id" = Uuid, Path, description = "The document's id."), ReadParams),
    responses((status = 200, description = "The amendments, one page at a time.", body = AmendmentsPage))
)]
async fn document_amendments(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(document_id): ApiPath<Uuid>,
    reading: Reading,
) -> Result<Json<AmendmentsPage>, ApiError> {
    caller.reader()?;
    let (read_at, paging) = reading.resolve()?;
    require_recorded::<GoverningDocument>(&state.pool, "document", &document_id.to_string())
        .await?;
    // The query does not report the position it answers at, so the read is pinned to one first.
    let (read_at, known_at) = pinned(&state.pool, ReadModel::Documents, read_at, &reading).await?;
    let versions = amendments(&state.pool, document_id, read_at)
        .await
        .map_err(|error| reading.query_error(error))?;
    let (versions, next_cursor) = paging.cut(versions, read_at.as_of, known_at);
    Ok(Json(AmendmentsPage {
        as_of: read_at.as_of,
        known_at,
        document_id,
        amendments: versions,
        next_cursor,
    }))
}
