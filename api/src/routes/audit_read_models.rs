//! `GET /audit/read-models/{read_model}/changes`: what a read model learned between two record
//! times, for an auditor. The comparison is `projections::compare`'s; this module reads the
//! parameters and the cursor and says how its refusals read over HTTP.

use std::str::FromStr;

use axum::extract::State;
use axum::Json;
use chrono::NaiveDate;
use eventlog::Position;
use projections::compare::{
    compare, compared_positions, CompareError, ComparedPositions, RowChange, TableComparison,
};
use projections::{KnownAt, QueryError, ReadModel};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::Caller;
use crate::extract::{ApiPath, ApiQuery};
use crate::reading::{parse_record_time, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(read_model_changes))
}

/// The two record times to compare, or the cursor of a page after the first.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ChangesParams {
    /// The earlier record time: a log position such as `1000`, or an RFC 3339 moment. Required
    /// on the first page; left out with a cursor.
    #[param(example = "1000")]
    pub from_known_at: Option<String>,
    /// The later record time, which the read model must have reached; as `from_known_at`.
    #[param(example = "1042")]
    pub to_known_at: Option<String>,
    /// Only rows valid on this day (YYYY-MM-DD), in the tables that have valid time. Every row
    /// when left out.
    #[param(value_type = Option<String>, format = Date, example = "2024-06-30")]
    #[serde(default, deserialize_with = "crate::extract::optional_calendar_day")]
    pub as_of: Option<NaiveDate>,
    /// How many changes a page holds: 100 by default, at most 1000.
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<usize>,
    /// The `next_cursor` of the previous page. It holds both positions and the day, so it is
    /// sent alone, with `limit` at most.
    pub cursor: Option<String>,
}

/// The rows a read model held at `to_known_at` and not at `from_known_at`, and the reverse.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReadModelChanges {
    #[schema(example = "membership")]
    pub read_model: String,
    /// The position the earlier record time resolved to.
    pub from_known_at: u64,
    /// The position the later record time resolved to.
    pub to_known_at: u64,
    /// The day rows were restricted to, if one was given.
    #[schema(value_type = Option<String>, format = Date, example = "2024-06-30")]
    pub as_of: Option<NaiveDate>,
    /// Every table of the read model: how it takes part, and how many of its rows were added
    /// and removed in the whole answer.
    pub tables: Vec<TableComparison>,
    /// This page of the changes: by table, then by the position of the change, a removed version
    /// before the version added in its place.
    pub changes: Vec<RowChange>,
    /// The cursor of the next page, when there is one.
    pub next_cursor: Option<String>,
}

/// How a read model's rows changed between two record times. A row known at `to_known_at` but
/// not at `from_known_at` is `added`; the reverse is `removed`; a corrected fact is one of each,
/// at the position of the correction. Versions recorded and superseded between the two are in
/// neither. The answer for two positions never changes, so pages never skip or repeat a change.
#[utoipa::path(
    get,
    path = "/audit/read-models/{read_model}/changes",
    tag = "audit",
    security(("bearer" = ["auditor"])),
    params(
        ("read_model" = String, Path, description = "The read model: membership, mandates, \
          obligations, decisions, documents, timeline, transitions, allocation or contracts.",
          example = "membership"),
        ChangesParams
    ),
    responses((status = 200, description = "A page of the changes.", body = ReadModelChanges))
)]
async fn read_model_changes(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(name): ApiPath<String>,
    ApiQuery(params): ApiQuery<ChangesParams>,
) -> Result<Json<ReadModelChanges>, ApiError> {
    caller.auditor()?;
    let model = ReadModel::from_str(&name).map_err(|_| ApiError::NotFound {
        resource: "read model",
        id: name,
    })?;
    let request = ChangesRequest::from_params(&params)?;
    let positions = compared_positions(&state.pool, model, request.from, request.to)
        .await
        .map_err(from_compare_error)?;
    let limit = u32::try_from(request.limit).unwrap_or(u32::MAX);
    let comparison = compare(
        &state.pool,
        model,
        positions,
        request.as_of,
        request.offset,
        limit,
    )
    .await
    .map_err(from_compare_error)?;
    let next_cursor = comparison.next_offset.map(|offset| {
        ChangesCursor {
            positions,
            as_of: request.as_of,
            offset,
        }
        .encode()
    });
    Ok(Json(ReadModelChanges {
        read_model: model.name().to_owned(),
        from_known_at: comparison.from.get(),
        to_known_at: comparison.to.get(),
        as_of: comparison.as_of,
        tables: comparison.tables,
        changes: comparison.changes,
        next_cursor,
    }))
}

/// The parameters, read and checked.
#[derive(Debug)]
struct ChangesRequest {
    from: KnownAt,
    to: KnownAt,
    as_of: Option<NaiveDate>,
    offset: u64,
    limit: usize,
}

impl ChangesRequest {
    fn from_params(params: &ChangesParams) -> Result<ChangesRequest, ApiError> {
        let limit = match params.limit {
            None => DEFAULT_PAGE_SIZE,
            Some(limit @ 1..=MAX_PAGE_SIZE) => limit,
            Some(_) => {
                return Err(malformed(
                    "limit",
                    format!("a page holds from 1 to {MAX_PAGE_SIZE} changes"),
                ))
            }
        };
        if let Some(cursor) = &params.cursor {
            for (parameter, given) in [
                ("from_known_at", params.from_known_at.is_some()),
                ("to_known_at", params.to_known_at.is_some()),
                ("as_of", params.as_of.is_some()),
            ] {
                if given {
                    return Err(malformed(
                        parameter,
                        "the cursor holds the comparison's positions and day; send it alone, \
                         with limit at most",
                    ));
                }
            }
            let cursor = ChangesCursor::decode(cursor).ok_or_else(|| {
                malformed(
                    "cursor",
                    "not a cursor of this comparison: pass a page's next_cursor unchanged",
                )
            })?;
            return Ok(ChangesRequest {
                from: KnownAt::Position(cursor.positions.from),
                to: KnownAt::Position(cursor.positions.to),
                as_of: cursor.as_of,
                offset: cursor.offset,
                limit,
            });
        }
        let required = |parameter: &str, value: &Option<String>| {
            let text = value.as_deref().ok_or_else(|| {
                malformed(
                    parameter,
                    "is required: give a log position such as 1042 or an RFC 3339 moment",
                )
            })?;
            parse_record_time(parameter, text)
        };
        Ok(ChangesRequest {
            from: required("from_known_at", &params.from_known_at)?,
            to: required("to_known_at", &params.to_known_at)?,
            as_of: params.as_of,
            offset: 0,
            limit,
        })
    }
}

fn malformed(parameter: &str, reason: impl Into<String>) -> ApiError {
    ApiError::MalformedParameter {
        parameter: parameter.to_owned(),
        reason: reason.into(),
    }
}

/// A page's cursor: the two positions the first page resolved, the day, and where the page
/// starts, as `FROM~TO~DAY~OFFSET` with `-` for no day. The positions are pinned so that a
/// moment given as a time cannot resolve to a later position on a later page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ChangesCursor {
    positions: ComparedPositions,
    as_of: Option<NaiveDate>,
    offset: u64,
}

impl ChangesCursor {
    fn encode(&self) -> String {
        let day = self
            .as_of
            .map_or_else(|| "-".to_owned(), |day| day.to_string());
        format!(
            "{}~{}~{day}~{}",
            self.positions.from, self.positions.to, self.offset
        )
    }

    fn decode(text: &str) -> Option<ChangesCursor> {
        let mut parts = text.split('~');
        let position = |part: Option<&str>| Position::new(part?.parse().ok()?).ok();
        let from = position(parts.next())?;
        let to = position(parts.next())?;
        let as_of = match parts.next()? {
            "-" => None,
            day => Some(day.parse().ok()?),
        };
        let offset = parts.next()?.parse().ok()?;
        (parts.next().is_none() && from <= to).then_some(ChangesCursor {
            positions: ComparedPositions { from, to },
            as_of,
            offset,
        })
    }
}

/// How a refused comparison reads over HTTP.
fn from_compare_error(error: CompareError) -> ApiError {
    match error {
        CompareError::FromAfterTo { .. } => {
            ApiError::rule("from_known_at", "range.not_inverted", error.to_string())
        }
        CompareError::Query(QueryError::NotCaughtUp { .. } | QueryError::NotBuilt(_)) => {
            ApiError::NotCaughtUp(error.to_string())
        }
        // From lies at or before to, so a position not yet recorded is always the later one.
        CompareError::Query(QueryError::NotRecorded { .. }) => {
            ApiError::rule("to_known_at", "position.is_recorded", error.to_string())
        }
        CompareError::Query(
            QueryError::Database(_)
            | QueryError::UnreadableRow { .. }
            | QueryError::UnknownPage { .. },
        ) => ApiError::failed(&error),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_as_written() {
        for as_of in [None, Some(NaiveDate::from_ymd_opt(2024, 6, 30).unwrap())] {
            let cursor = ChangesCursor {
                positions: ComparedPositions {
                    from: Position::new(3).unwrap(),
                    to: Position::new(9).unwrap(),
                },
                as_of,
                offset: 200,
            };
            assert_eq!(ChangesCursor::decode(&cursor.encode()), Some(cursor));
        }
    }

    #[test]
    fn a_cursor_of_another_shape_or_inverted_is_refused() {
        for text in [
            "9~3~-~0",
            "3~9~-",
            "3~9~-~0~1",
            "3~9~2024-13-01~0",
            "x~9~-~0",
            "",
        ] {
            assert_eq!(ChangesCursor::decode(text), None, "{text}");
        }
    }
}
