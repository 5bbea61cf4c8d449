//! `GET /audit/events`: the rows of the event log itself, filtered by stream, type, position and
//! record time, for an auditor. The search is `eventlog`'s ([`LogReader::search`]); this module
//! reads the parameters, refuses what does not make sense, and writes each row so that it can
//! be checked against the hash rule of ARCHITECTURE.md.
//!
//! [`LogReader::search`]: eventlog::LogReader::search

use std::num::NonZeroU32;

use axum::extract::State;
use axum::Json;
use chrono::{DateTime, Utc};
use eventlog::{
    EventFilter, Position, RecordedEvent, SearchError, SearchResume, RECORDED_AT_FORMAT,
};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::auth::Caller;
use crate::extract::ApiQuery;
use crate::reading::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
use crate::{ApiError, AppState};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(audit_events))
}

/// Which events to list. Every filter given must hold; none given lists the whole log.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EventSearchParams {
    /// The stream type, exactly: `Meeting`, `BodyTerm`, `Cooperation`…
    #[param(example = "Meeting")]
    pub aggregate_type: Option<String>,
    /// The stream id, exactly as stored: a UUID, a party code, or `BODY_UUID:FIRST_YEAR`.
    pub stream_id: Option<String>,
    /// The event type, exactly, such as `DecisionRecorded`.
    #[param(example = "DecisionRecorded")]
    pub event_type: Option<String>,
    /// The first log position to list, inclusive.
    #[param(minimum = 1, example = 1)]
    pub from_position: Option<u64>,
    /// The last log position to list, inclusive.
    #[param(minimum = 1, example = 1042)]
    pub to_position: Option<u64>,
    /// The earliest record time to list, inclusive, as RFC 3339.
    #[param(example = "2026-01-01T00:00:00Z")]
    pub recorded_from: Option<String>,
    /// The record time to stop before, exclusive, as RFC 3339: `recorded_from` one day and
    /// `recorded_to` the next list that day's events exactly once.
    #[param(example = "2026-01-02T00:00:00Z")]
    pub recorded_to: Option<String>,
    /// How many events a page holds: 100 by default, at most 1000.
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<usize>,
    /// The `next_cursor` of the previous page. Send the same filters with it: the cursor holds
    /// where the search stands and the head it is pinned to, not the filters.
    pub cursor: Option<String>,
}

/// A page of events, in position order, from a log pinned at `head`.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEventsPage {
    /// The head the search is pinned to: the last event of the log when the first page was read.
    /// No page of this search lists an event beyond it, however many are appended meanwhile.
    pub head: PinnedHead,
    /// This page of the events that match, by position.
    pub events: Vec<AuditEvent>,
    /// The cursor of the next page, when more events match up to `head`.
    pub next_cursor: Option<String>,
}

/// A position of the log and the chain hash at it.
#[derive(Debug, Serialize, ToSchema)]
pub struct PinnedHead {
    /// 0 for an empty log.
    pub position: u64,
    /// The chain hash at `position`: 64 lowercase hex digits; 64 zeros for an empty log.
    #[schema(example = "9f2c…")]
    pub hash: String,
}

/// One row of the event log, as stored.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEvent {
    pub position: u64,
    /// The record time as the hash rule writes it: UTC, always six fractional digits.
    #[schema(example = "2026-11-21T13:45:50.000123Z")]
    pub recorded_at: String,
    pub stream: StreamName,
    /// The event's number within its stream, from 1.
    pub sequence: i64,
    #[schema(example = "DecisionRecorded")]
    pub event_type: String,
    pub event_version: String,
    /// The payload as JSON, for reading. A JSON parser may not keep its text byte for byte, so
    /// recompute the hash from `payload_text`.
    #[schema(value_type = Object)]
    pub payload: Box<RawValue>,
    /// The payload as a string: byte for byte the JSON text the log stores and the hash covers.
    #[schema(example = "{\"MeetingCalled\":{…}}")]
    pub payload_text: String,
    /// The metadata (actor, role, request id) as JSON, for reading.
    #[schema(value_type = Object)]
    pub metadata: Box<RawValue>,
    /// The metadata as a string, byte for byte as stored and hashed.
    pub metadata_text: String,
    /// The chain hash of this row: 64 lowercase hex digits.
    pub hash: String,
}

/// A stream: its aggregate type and id.
#[derive(Debug, Serialize, ToSchema)]
pub struct StreamName {
    #[schema(example = "Meeting")]
    pub aggregate_type: String,
    pub aggregate_id: String,
}

/// The events of the log that match every filter given, oldest first, a page at a time. The
/// first page pins the search to the head of the log, and later pages list nothing beyond it, so
/// paging never skips or repeats an event while others are recorded.
#[utoipa::path(
    get,
    path = "/audit/events",
    tag = "audit",
    security(("bearer" = ["auditor"])),
    params(EventSearchParams),
    responses((status = 200, description = "A page of the matching events.", body = AuditEventsPage))
)]
async fn audit_events(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(params): ApiQuery<EventSearchParams>,
) -> Result<Json<AuditEventsPage>, ApiError> {
    caller.auditor()?;
    let search = EventSearch::from_params(&params)?;
    let page = state
        .reader
        .search(&search.filter, search.resume, search.limit)
        .await
        .map_err(from_search_error)?;
    Ok(Json(AuditEventsPage {
        head: PinnedHead {
            position: page.head.position.get(),
            hash: page.head.hash.to_string(),
        },
        events: page
            .events
            .into_iter()
            .map(AuditEvent::try_from)
            .collect::<Result<_, _>>()?,
        next_cursor: page.next.map(encode_cursor),
    }))
}

/// The parameters, read and checked.
#[derive(Debug)]
struct EventSearch {
    filter: EventFilter,
    resume: Option<SearchResume>,
    limit: NonZeroU32,
}

impl EventSearch {
    fn from_params(params: &EventSearchParams) -> Result<EventSearch, ApiError> {
        let filter = EventFilter {
            aggregate_type: not_empty("aggregate_type", &params.aggregate_type)?,
            aggregate_id: not_empty("stream_id", &params.stream_id)?,
            event_type: not_empty("event_type", &params.event_type)?,
            from_position: position("from_position", params.from_position)?,
            to_position: position("to_position", params.to_position)?,
            recorded_from: moment("recorded_from", &params.recorded_from)?,
            recorded_before: moment("recorded_to", &params.recorded_to)?,
        };
        if let (Some(from), Some(to)) = (filter.from_position, filter.to_position) {
            if to < from {
                return Err(ApiError::rule(
                    "to_position",
                    "range.not_inverted",
                    format!("to_position {to} lies before from_position {from}"),
                ));
            }
        }
        if let (Some(from), Some(before)) = (filter.recorded_from, filter.recorded_before) {
            if before < from {
                return Err(ApiError::rule(
                    "recorded_to",
                    "range.not_inverted",
                    format!("recorded_to {before} lies before recorded_from {from}"),
                ));
            }
        }
        let limit = match params.limit {
            None => DEFAULT_PAGE_SIZE,
            Some(limit @ 1..=MAX_PAGE_SIZE) => limit,
            Some(_) => {
                return Err(malformed(
                    "limit",
                    format!("a page holds from 1 to {MAX_PAGE_SIZE} events"),
                ))
            }
        };
        let limit = u32::try_from(limit)
            .ok()
            .and_then(NonZeroU32::new)
            .ok_or_else(|| malformed("limit", "a page holds at least one event"))?;
        let resume = params.cursor.as_deref().map(decode_cursor).transpose()?;
        Ok(EventSearch {
            filter,
            resume,
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

fn not_empty(parameter: &str, value: &Option<String>) -> Result<Option<String>, ApiError> {
    match value {
        Some(text) if text.is_empty() => Err(malformed(
            parameter,
            "is empty; leave the parameter out to list every value",
        )),
        other => Ok(other.clone()),
    }
}

fn position(parameter: &str, value: Option<u64>) -> Result<Option<Position>, ApiError> {
    value
        .map(|value| match Position::new(value) {
            Ok(position) if position > Position::GENESIS => Ok(position),
            Ok(_) => Err(malformed(parameter, "positions start at 1")),
            Err(error) => Err(malformed(parameter, error.to_string())),
        })
        .transpose()
}

fn moment(parameter: &str, value: &Option<String>) -> Result<Option<DateTime<Utc>>, ApiError> {
    value
        .as_deref()
        .map(|text| {
            DateTime::parse_from_rfc3339(text)
                .map(|moment| moment.with_timezone(&Utc))
                .map_err(|_| {
                    malformed(
                        parameter,
                        "give an RFC 3339 moment with its offset, such as 2026-01-01T00:00:00Z",
                    )
                })
        })
        .transpose()
}

/// The cursor is the pinned head and the last position handed out, as `HEAD~AFTER`.
fn encode_cursor(resume: SearchResume) -> String {
    format!("{}~{}", resume.pinned_head, resume.after)
}

fn decode_cursor(text: &str) -> Result<SearchResume, ApiError> {
    let not_a_cursor = || {
        malformed(
            "cursor",
            "not a cursor of this search: pass a page's next_cursor unchanged",
        )
    };
    let (head, after) = text.split_once('~').ok_or_else(not_a_cursor)?;
    let head = head
        .parse::<u64>()
        .ok()
        .and_then(|head| Position::new(head).ok());
    let after = after
        .parse::<u64>()
        .ok()
        .and_then(|after| Position::new(after).ok());
    match (head, after) {
        (Some(pinned_head), Some(after)) if after <= pinned_head => {
            Ok(SearchResume { pinned_head, after })
        }
        _ => Err(not_a_cursor()),
    }
}

fn from_search_error(error: SearchError) -> ApiError {
    match error {
        SearchError::PinnedBeyondHead { .. } => malformed("cursor", error.to_string()),
        SearchError::Log(_) | SearchError::PinnedRowMissing(_) => ApiError::failed(&error),
    }
}

impl TryFrom<RecordedEvent> for AuditEvent {
    type Error = ApiError;

    fn try_from(event: RecordedEvent) -> Result<AuditEvent, ApiError> {
        // The database accepted the text as `json`, so it parses; a failure here is a fault of
        // the server, not of the request. The text goes out twice: embedded as JSON for reading,
        // and as a string, which every JSON parser hands back unchanged, for the hash.
        let payload = RawValue::from_string(event.payload.clone())
            .map_err(|error| ApiError::failed(&error))?;
        let metadata = RawValue::from_string(event.metadata.clone())
            .map_err(|error| ApiError::failed(&error))?;
        Ok(AuditEvent {
            position: event.position.get(),
            // Written as the hash rule writes it, so that a client can recompute the row's hash.
            recorded_at: event.recorded_at.format(RECORDED_AT_FORMAT).to_string(),
            stream: StreamName {
                aggregate_type: event.aggregate_type,
                aggregate_id: event.aggregate_id,
            },
            sequence: event.sequence,
            event_type: event.event_type,
            event_version: event.event_version,
            payload,
            payload_text: event.payload,
            metadata,
            metadata_text: event.metadata,
            hash: event.hash.to_string(),
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_reads_back_as_written() {
        let resume = SearchResume {
            pinned_head: Position::new(1042).unwrap(),
            after: Position::new(200).unwrap(),
        };
        assert_eq!(decode_cursor(&encode_cursor(resume)), Ok(resume));
    }

    #[test]
    fn a_cursor_past_its_own_head_or_of_another_shape_is_refused() {
        for text in ["5~6", "5", "5~6~7", "x~1", "-1~0", ""] {
            assert_eq!(
                decode_cursor(text).map_err(|error| error.problem().errors[0].field.clone()),
                Err("cursor".to_owned()),
                "{text}"
            );
        }
    }
}
