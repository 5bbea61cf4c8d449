//! Appending the events of several streams in one transaction: a transition carried out and a
//! contract register imported from a spreadsheet each write many streams, and each must be
//! written whole or not at all.
//!
//! The events are decided first and kept as the exact text they will be stored as, so that a
//! preview can show what the append writes. A stream that another writer appended to in the
//! meantime fails the append on its primary key ([`Appended::Conflict`]); the caller then decides
//! again from the new state, and nothing of the first attempt is left in the log.

use cqrs_es::{Aggregate, DomainEvent};
use eventlog::{append_events, AppendError, EventJson, NewEvent, Position, StoreFailure};
use projections::ProposedEvent;
use sqlx::PgPool;

/// Why an append of several streams wrote nothing.
#[derive(Debug)]
pub(crate) enum Appended {
    /// Another writer appended to one of the streams first.
    Conflict,
    /// The database failed, or could not be reached; the message is for the log, not for the
    /// user.
    Failed(StoreFailure),
}

/// The row an event would be stored as, at `sequence` of stream `stream_id`. The payload goes
/// through `serde_json::Value`, as postgres-es writes it, so an event appended here reads exactly
/// like one a single command wrote.
pub(crate) fn proposed_event<A: Aggregate>(
    stream_id: String,
    sequence: i64,
    event: &A::Event,
    metadata: String,
) -> Result<ProposedEvent, serde_json::Error> {
    let payload = serde_json::to_value(event)?;
    Ok(ProposedEvent {
        aggregate_type: A::TYPE.to_owned(),
        aggregate_id: stream_id,
        sequence,
        event_type: event.event_type(),
        event_version: event.event_version(),
        payload: payload.to_string(),
        metadata,
    })
}

/// Appends every event in one transaction, in order, and returns the position each was given;
/// the log's trigger gives each its position, record time and hash. Each is stored as the text
/// it was proposed as.
pub(crate) async fn append_all(
    pool: &PgPool,
    events: &[ProposedEvent],
) -> Result<Vec<Position>, Appended> {
    let failed = |error: AppendError| match error {
        AppendError::Conflict => Appended::Conflict,
        other => Appended::Failed(StoreFailure::of(&other)),
    };
    let rows: Vec<NewEvent> = events
        .iter()
        .map(|event| NewEvent {
            aggregate_type: event.aggregate_type.clone(),
            aggregate_id: event.aggregate_id.clone(),
            sequence: event.sequence,
            event_type: event.event_type.clone(),
            event_version: event.event_version.clone(),
            json: EventJson::Verbatim {
                payload: event.payload.clone(),
                metadata: event.metadata.clone(),
            },
        })
        .collect();
    let mut transaction = pool
        .begin()
        .await
        .map_err(AppendError::from)
        .map_err(failed)?;
    let positions = append_events(&mut transaction, &rows)
        .await
        .map_err(failed)?;
    transaction
        .commit()
        .await
        .map_err(AppendError::from)
        .map_err(failed)?;
    Ok(positions)
}
