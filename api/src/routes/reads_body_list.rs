//! The register's bodies: those of a cooperation, and one body, each with where it stands on
//! `as_of` (not yet established, active, or ended with its last day). Any token may read them.

use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use domain::body::Body;
use domain::cooperation::Cooperation;
use projections::membership::{bodies_of_cooperation, body_on_day, BodyListing};
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
        .routes(routes!(list_bodies))
        .routes(routes!(one_body))
}

/// Whose bodies to list.
#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct BodiesOf {
    /// The cooperation whose bodies to list; required.
    #[param(required = true)]
    pub cooperation: Option<Uuid>,
}

/// A cooperation's bodies, as the register knew them at `known_at`.
pub type BodiesPage = Page<BodyListing>;

impl Listed for BodyListing {
    const LIST: &'static str = "bodies";
    const LIST_DESCRIPTION: &'static str =
        "This page of every body of the cooperation known at `known_at`, whatever its standing \
         on `as_of`, by the day it was established, then name, then id.";
    const PAGE: &'static str = "BodiesPage";
    const PAGE_DESCRIPTION: &'static str =
        "A cooperation's bodies, as the register knew them at `known_at`.";
}

/// The bodies of a cooperation, each with where it stands on `as_of`.
#[utoipa::path(
    get,
    path = "/bodies",
    tag = "bodies",
    params(BodiesOf, ReadParams),
    responses((status = 200, description = "The bodies, one page at a time.", body = BodiesPage))
)]
async fn list_bodies(
    State(state): State<AppState>,
    caller: Caller,
    reading: Reading,
    ApiQuery(of): ApiQuery<BodiesOf>,
) -> Result<Json<BodiesPage>, ApiError> {
    caller.reader()?;
    let (read_at, paging) = reading.resolve()?;
    // Every body belongs to a cooperation, and the register's bodies are read one cooperation
    // at a time, so the parameter is required; it is checked here to name it in the error.
    let cooperation = of.cooperation.ok_or_else(|| ApiError::MalformedParameter {
        parameter: "cooperation".to_owned(),
        reason: "give the id of the cooperation whose bodies to list".to_owned(),
    })?;
    require_recorded::<Cooperation>(&state.pool, "cooperation", &cooperation.to_string()).await?;
    let answer = bodies_of_cooperation(&state.pool, cooperation, read_at)
        .await
        .map_err(|error| reading.query_error(error))?;
    Ok(Json(Page::cut(
        &paging,
        answer.bodies,
        answer.as_of,
        answer.known_at,
    )))
}

/// One body on `as_of`, as the register knew it at `known_at`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BodyAnswer {
    #[schema(value_type = String, format = Date, example = "2024-06-30")]
    pub as_of: NaiveDate,
    pub known_at: u64,
    /// The body with its standing on `as_of`; `null` when it was established after `known_at`
    /// in record time.
    pub body: Option<BodyListing>,
}

/// The body, with where it stands on `as_of`: before it is established and after it has ended
/// it is still answered, with its standing, never as half an answer.
#[utoipa::path(
    get,
    path = "/bodies/{id}",
    tag = "bodies",
    params(("id" = Uuid, Path, description = "The body's id."), ReadParams),
    responses((status = 200, description = "The body.", body = BodyAnswer))
)]
async fn one_body(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(body_id): ApiPath<Uuid>,
    reading: Reading,
) -> Result<Json<BodyAnswer>, ApiError> {
    caller.reader()?;
    let (read_at, _) = reading.resolve()?;
    require_recorded::<Body>(&state.pool, "body", &body_id.to_string()).await?;
    let answer = body_on_day(&state.pool, body_id, read_at)
        .await
        .map_err(|error| reading.query_error(error))?;
    Ok(Json(BodyAnswer {
        as_of: answer.as_of,
        known_at: answer.known_at,
        body: answer.body,
    }))
}
