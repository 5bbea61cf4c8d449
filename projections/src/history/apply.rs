use chrono::NaiveDate;
use cqrs_es::Aggregate;
use domain::allocation::{AllocationKey, Budget};
use eventlog::RecordedEvent;
use serde_json::Value;
use sqlx::PgConnection;

use super::entities::shaped_entities;
use super::records::{record_of, HistoryEvent, RecordOf};
use super::told::{told, Told};
use crate::columns::json_of;
use crate::decode::decode;
use crate::describe::{decode_event, Effective};
use crate::ProjectionError;

/// Writes one entry per entity the event shapes. Every event is listed, including those of an
/// aggregate the register does not know: such an entry says only its event type, because the
/// history must not be silent about anything in the log.
pub(crate) async fn apply(
    connection: &mut PgConnection,
    event: &RecordedEvent,
) -> Result<(), ProjectionError> {
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
    let effective_on = match effective {
        Effective::On(day) => {
            remember_first_day(connection, event, day).await?;
            Some(day)
        }
        Effective::OfStream => first_day(connection, event).await?,
    };
    let basis = basis.map(json_of).transpose()?;

    for shaped in shaped_entities(&event.aggregate_id, &payload) {
        let (record, amendment, reason) = match &record {
            Some(RecordOf {
                record,
                amendment,
                reason,
            }) => (
                Some(record.as_str()),
                amendment.map(|kind| kind.as_str()),
                reason.as_deref(),
            ),
            None => (None, None, None),
        };
        sqlx::query(
            "INSERT INTO entity_events (entity, position, relation, field, recorded_at,
                                        aggregate_type, stream_id, sequence, event_type,
                                        event_version, effective_on, basis, summary, actor_id,
                                        actor_name, actor_role, request_id, record, amendment,
                                        reason)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                     $18, $19, $20)",
        )
        .bind(&shaped.entity)
        .bind(event.position.as_stored())
        .bind(shaped.relation.as_str())
        .bind(&shaped.field)
        .bind(event.recorded_at)
        .bind(&event.aggregate_type)
        .bind(&event.aggregate_id)
        .bind(event.sequence)
        .bind(&event.event_type)
        .bind(&event.event_version)
        .bind(effective_on)
        .bind(&basis)
        .bind(&summary)
        .bind(&recorded_by.actor_id)
        .bind(&recorded_by.actor_name)
        .bind(&recorded_by.actor_role)
        .bind(&recorded_by.request_id)
        .bind(record)
        .bind(amendment)
        .bind(reason)
        .execute(&mut *connection)
        .await?;
    }
    Ok(())
}

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

/// Keeps the day of the stream's first event, for its later events that name none. Only the
/// first event of a stream writes it, so that no later event can move a meeting's day.
async fn remember_first_day(
    connection: &mut PgConnection,
    event: &RecordedEvent,
    day: NaiveDate,
) -> Result<(), ProjectionError> {
    if event.sequence == 1 {
        sqlx::query(
            "INSERT INTO stream_days (aggregate_type, stream_id, first_day) VALUES ($1, $2, $3)",
        )
        .bind(&event.aggregate_type)
        .bind(&event.aggregate_id)
        .bind(day)
        .execute(connection)
        .await?;
    }
    Ok(())
}

async fn first_day(
    connection: &mut PgConnection,
    event: &RecordedEvent,
) -> Result<Option<NaiveDate>, ProjectionError> {
    Ok(sqlx::query_scalar(
        "SELECT first_day FROM stream_days WHERE aggregate_type = $1 AND stream_id = $2",
    )
    .bind(&event.aggregate_type)
    .bind(&event.aggregate_id)
    .fetch_optional(connection)
    .await?)
}
