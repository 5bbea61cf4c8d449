//! What every read model's `apply` needs to know about the event it is given.

use eventlog::RecordedEvent;
use uuid::Uuid;

use crate::{ProjectionError, ReadModel};

/// The id of the event's stream, for aggregates whose streams are named by a UUID. A mandate
/// period's stream (`<body id>:<first year>`) is not, so callers check the aggregate type first.
pub(crate) fn stream_id(model: ReadModel, event: &RecordedEvent) -> Result<Uuid, ProjectionError> {
    Uuid::parse_str(&event.aggregate_id).map_err(|_| ProjectionError::MissingRow {
        read_model: model,
        position: event.position,
        event_type: event.event_type.clone(),
        missing: format!(
            "a stream named {:?}, which is not a UUID",
            event.aggregate_id
        ),
    })
}

/// Refuses to go on when a change found no row to change. The log is applied in order, so the
/// row must be there; applying the rest of the log to a read model that lost one would only
/// spread the damage, and stopping makes the fault visible at its position.
pub(crate) fn expect_row(
    model: ReadModel,
    rows: u64,
    event: &RecordedEvent,
    missing: &str,
) -> Result<(), ProjectionError> {
    if rows == 0 {
        return Err(ProjectionError::MissingRow {
            read_model: model,
            position: event.position,
            event_type: event.event_type.clone(),
            missing: missing.to_owned(),
        });
    }
    Ok(())
}
