use cqrs_es::Aggregate;
use domain::allocation::{AllocationKey, Budget};
use eventlog::RecordedEvent;
use serde_json::Value;

use super::entities::shaped_entities;
use super::records::{record_of, HistoryEvent, RecordOf};
use super::told::{told, Told};
use crate::columns::json_of;
use crate::decode::decode;
use crate::describe::{decode_event, Effective};
use crate::row_writes::{RowWrite, SqlType, Statement, Touch};
use crate::ProjectionError;

/// Plans one entry per entity the event shapes. Every event is listed, including those of an
/// aggregate the register does not know: such an entry says only its event type, because the
/// history must not be silent about anything in the log.
pub(crate) fn plan(event: &RecordedEvent) -> Result<Vec<RowWrite>, ProjectionError> {
    let payload: Value = parse_json(event, &event.payload)?;
    let recorded_by = RecordedBy::from_metadata(&parse_json(event, &event.metadata)?);
    let decoded = decode_history_event(event)?;
    let Told {
        effective,
        basis,
        summary,
    } = match &decoded {
        Some(decoded) => told(decoded),
        None => Told {
            effective: Effective::OfStream,
            basis: None,
            summary: event.event_type.clone(),
        },
    };
    let record = decoded.as_ref().and_then(record_of);
    let stream = stream_key(event);
    let mut writes = Vec::new();
    // An entry's day is the event's own, or else its stream's first event's, which the entry's
    // statement looks up; the stream's first event is the one that writes it.
    let (effective_on, entry_touches) = match effective {
        Effective::On(day) => {
            if event.sequence == 1 {
                writes.push(RowWrite::new(
                    &REMEMBER_FIRST_DAY,
                    vec![
                        event.aggregate_type.as_str().into(),
                        event.aggregate_id.as_str().into(),
                        day.into(),
                    ],
                    vec![Touch::writes(stream.clone())],
                )?);
            }
            (Some(day), Vec::new())
        }
        Effective::OfStream => (None, vec![Touch::reads(stream)]),
    };
    let basis = basis.map(json_of).transpose()?;
    let (record, amendment, reason) = match &record {
        Some(RecordOf {
            record,
            amendment,
            reason,
        }) => (
            Some(record.clone()),
            amendment.map(|kind| kind.as_str().to_owned()),
            reason.clone(),
        ),
        None => (None, None, None),
    };

    for shaped in shaped_entities(&event.aggregate_id, &payload) {
        writes.push(RowWrite::new(
            &INSERT_ENTRY,
            vec![
                shaped.entity.into(),
                event.position.as_stored().into(),
                shaped.relation.as_str().into(),
                shaped.field.into(),
                event.recorded_at.into(),
                event.aggregate_type.as_str().into(),
                event.aggregate_id.as_str().into(),
                event.sequence.into(),
                event.event_type.as_str().into(),
                event.event_version.as_str().into(),
                effective_on.into(),
                basis.clone().into(),
                summary.as_str().into(),
                recorded_by.actor_id.clone().into(),
                recorded_by.actor_name.clone().into(),
                recorded_by.actor_role.clone().into(),
                recorded_by.request_id.clone().into(),
                record.clone().into(),
                amendment.clone().into(),
                reason.clone().into(),
            ],
            entry_touches.clone(),
        )?);
    }
    Ok(writes)
}

/// The day a stream's events take when they name none of their own.
fn stream_key(event: &RecordedEvent) -> String {
    format!("stream-day:{}/{}", event.aggregate_type, event.aggregate_id)
}

/// One entry of an event for one entity it shapes. An entry whose event names no day takes its
/// stream's first event's day, if that one named it.
static INSERT_ENTRY: Statement = Statement {
    name: "history: insert an entry",
    input: &[
        ("entity", SqlType::Text),
        ("position", SqlType::Int8),
        ("relation", SqlType::Text),
        ("field", SqlType::Text),
        ("recorded_at", SqlType::Timestamptz),
        ("aggregate_type", SqlType::Text),
        ("stream_id", SqlType::Text),
        ("sequence", SqlType::Int8),
        ("event_type", SqlType::Text),
        ("event_version", SqlType::Text),
        ("effective_on", SqlType::Date),
        ("basis", SqlType::Jsonb),
        ("summary", SqlType::Text),
        ("actor_id", SqlType::Text),
        ("actor_name", SqlType::Text),
        ("actor_role", SqlType::Text),
        ("request_id", SqlType::Text),
        ("record", SqlType::Text),
        ("amendment", SqlType::Text),
        ("reason", SqlType::Text),
    ],
    sql: "INSERT INTO entity_events (entity, position, relation, field, recorded_at,
                                     aggregate_type, stream_id, sequence, event_type,
                                     event_version, effective_on, basis, summary, actor_id,
                                     actor_name, actor_role, request_id, record, amendment,
                                     reason)
          SELECT entity, position, relation, field, recorded_at, aggregate_type, stream_id,
                 sequence, event_type, event_version,
                 coalesce(effective_on,
                          (SELECT first_day FROM stream_days
                            WHERE stream_days.aggregate_type = input.aggregate_type
                              AND stream_days.stream_id = input.stream_id)),
                 basis, summary, actor_id, actor_name, actor_role, request_id, record,
                 amendment, reason
            FROM input",
    requires: None,
};

/// Keeps the day of the stream's first event, for its later events that name none. Only the
/// first event of a stream writes it, so that no later event can move a meeting's day.
static REMEMBER_FIRST_DAY: Statement = Statement {
    name: "history: remember a stream's first day",
    input: &[
        ("aggregate_type", SqlType::Text),
        ("stream_id", SqlType::Text),
        ("first_day", SqlType::Date),
    ],
    sql: "INSERT INTO stream_days (aggregate_type, stream_id, first_day)
          SELECT aggregate_type, stream_id, first_day FROM input",
    requires: None,
};

/// The event decoded as the event enum of its aggregate; `None` for an aggregate the register
/// does not know.
fn decode_history_event(event: &RecordedEvent) -> Result<Option<HistoryEvent>, ProjectionError> {
    let aggregate = event.aggregate_type.as_str();
    if aggregate == AllocationKey::TYPE {
        return Ok(Some(HistoryEvent::AllocationKey(decode(event)?)));
    }
    if aggregate == Budget::TYPE {
        return Ok(Some(HistoryEvent::Budget(decode(event)?)));
    }
    Ok(decode_event(event)?.map(HistoryEvent::Timeline))
}

fn parse_json(event: &RecordedEvent, text: &str) -> Result<Value, ProjectionError> {
    serde_json::from_str(text).map_err(|source| ProjectionError::UnreadableEvent {
        position: event.position,
        event_type: event.event_type.clone(),
        source,
    })
}

/// Who recorded an event, as its metadata says (see `register::Actor`).
struct RecordedBy {
    actor_id: Option<String>,
    actor_name: Option<String>,
    actor_role: Option<String>,
    request_id: Option<String>,
}

impl RecordedBy {
    fn from_metadata(metadata: &Value) -> RecordedBy {
        let text = |key: &str| metadata.get(key).and_then(Value::as_str).map(str::to_owned);
        RecordedBy {
            actor_id: text("actor_id"),
            actor_name: text("actor_name"),
            actor_role: text("actor_role"),
            request_id: text("request_id"),
        }
    }
}
