use cqrs_es::Aggregate;
use domain::cooperation::{Cooperation, CooperationEvent};
use eventlog::RecordedEvent;
use sqlx::PgConnection;

use super::record::CooperationRecord;
use crate::columns::json_of;
use crate::decode::decode;
use crate::stream::{self, stream_id};
use crate::{ProjectionError, ReadModel};

const MODEL: ReadModel = ReadModel::Cooperations;

/// Applies a cooperation's event to the cooperation as last known: the current version's
/// `known` is closed at this position and the changed record is inserted from it.
pub(crate) async fn apply(
    connection: &mut PgConnection,
    event: &RecordedEvent,
) -> Result<(), ProjectionError> {
    if event.aggregate_type != Cooperation::TYPE {
        return Ok(());
    }
    let position = event.position.as_stored();
    let cooperation_id = stream_id(MODEL, event)?;
    let cooperation_event = decode::<CooperationEvent>(event)?;
    let stored: Option<serde_json::Value> = sqlx::query_scalar(
        "SELECT record FROM cooperations WHERE cooperation_id = $1 AND upper_inf(known)",
    )
    .bind(cooperation_id)
    .fetch_optional(&mut *connection)
    .await?;
    let previous = stored
        .map(serde_json::from_value::<CooperationRecord>)
        .transpose()
        .map_err(|source| ProjectionError::UnreadableEvent {
            position: event.position,
            event_type: event.event_type.clone(),
            source,
        })?;
    let Some(record) = CooperationRecord::after(previous.as_ref(), cooperation_event) else {
        return stream::expect_row(MODEL, 0, event, "the cooperation");
    };
    if previous.is_some() {
        sqlx::query(
            "UPDATE cooperations SET known = int8range(lower(known), $1)
              WHERE cooperation_id = $2 AND upper_inf(known)",
        )
        .bind(position)
        .bind(cooperation_id)
        .execute(&mut *connection)
        .await?;
    }
    sqlx::query(
        "INSERT INTO cooperations (cooperation_id, record, known)
         VALUES ($1, $2, int8range($3, NULL))",
    )
    .bind(cooperation_id)
    .bind(json_of(&record)?)
    .bind(position)
    .execute(&mut *connection)
    .await?;
    Ok(())
}
