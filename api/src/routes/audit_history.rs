//! `GET /audit/history/{entity}`: every event that shaped one entity, oldest first, with its
//! basis, who recorded it and when, its effective day and its corrections. The auditor's tool:
//! no other role reads it.

use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use projections::history::{history, HistoryEntry, HistoryWindow};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::Caller;
use crate::extract::ApiPath;
use crate::reading::{ReadParams, Reading};
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(entity_history))
}

/// The longest entity a path may name. The longest id the register gives is a population
/// figure's `CODE:REFERENCE_DATE` or a mandate period's `UUID:YEAR`, well within it.
const MAX_ENTITY_LENGTH: usize = 100;

/// One entity's history on `as_of`, as the register knew it at `known_at`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HistoryPage {
    /// The entity as the history names it: a UUID in lowercase with hyphens, a party code, or a
    /// compound stream id.
    pub entity: String,
    #[schema(value_type = String, format = Date, example = "2024-06-30")]
    pub as_of: NaiveDate,
    /// The log position the answer is as known at; later pages are cut from the same answer.
    pub known_at: u64,
    /// This page of the events that shaped the entity, recorded at or before `known_at` and
    /// taking effect on or before `as_of` (or naming no day), oldest first.
    pub entries: Vec<HistoryEntry>,
    /// The cursor of the next page, when there is one.
    pub next_cursor: Option<String>,
}

/// Every event that shaped the entity: events of its own stream, of streams whose compound id
/// begins with it (a body's mandate periods, a cooperation's budgets, a party's population
/// figures), and events whose payload names it (a membership, a decision, the body of a meeting,
/// the debtor of an obligation). Each entry gives the event's basis, who recorded it, when, the
/// day it takes effect, the record it corrects or revokes with the reason, and the later
/// correction or revocation of its own record known at `known_at`.
#[utoipa::path(
    get,
    path = "/audit/history/{entity}",
    tag = "audit",
    security(("bearer" = ["auditor"])),
    params(
        ("entity" = String, Path, description = "The entity: a UUID, a party's official code, or a compound stream id such as `BODY_UUID:2023`.", example = "0192"),
        ReadParams
    ),
    responses((status = 200, description = "The entity's history, one page at a time.", body = HistoryPage))
)]
async fn entity_history(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(entity): ApiPath<String>,
    reading: Reading,
) -> Result<Json<HistoryPage>, ApiError> {
    caller.auditor()?;
    check_entity(&entity)?;
    let (read_at, paging) = reading.resolve()?;
    let window = HistoryWindow {
        offset: u64::try_from(paging.offset()).unwrap_or(u64::MAX),
        limit: u64::try_from(paging.limit()).unwrap_or(u64::MAX),
    };
    let answer = history(&state.pool, &entity, read_at, window)
        .await
        .map_err(|error| reading.query_error(error))?
        .ok_or_else(|| ApiError::NotFound {
            resource: "entity",
            id: entity.clone(),
        })?;
    let next_cursor = paging.next_cursor(
        answer.entries.len(),
        answer.more,
        answer.as_of,
        answer.known_at,
    );
    Ok(Json(HistoryPage {
        entity: answer.entity,
        as_of: answer.as_of,
        known_at: answer.known_at,
        entries: answer.entries,
        next_cursor,
    }))
}

/// Refuses a path segment that cannot be an id the register gives, so that a typing mistake is
/// told apart from an id no event names.
fn check_entity(entity: &str) -> Result<(), ApiError> {
    let well_formed = entity.len() <= MAX_ENTITY_LENGTH
        && entity
            .chars()
            .all(|character| character.is_ascii_alphanumeric() || matches!(character, '-' | ':'));
    if well_formed {
        Ok(())
    } else {
        Err(ApiError::MalformedParameter {
            parameter: "entity".to_owned(),
            reason: format!(
                "an entity is a UUID, a party code or a compound id such as BODY_UUID:2023, of \
                 at most {MAX_ENTITY_LENGTH} letters, digits, '-' and ':'"
            ),
        })
    }
}
