//! Reading a stored event's payload, which every read model's `apply` does first. It lives apart
//! from the catalogue so that the read models' modules need not import the catalogue that lists
//! them.

use eventlog::RecordedEvent;
use serde::de::DeserializeOwned;

use crate::ProjectionError;

/// Reads a stored event's payload as the domain event enum of its aggregate.
pub(crate) fn decode<E: DeserializeOwned>(event: &RecordedEvent) -> Result<E, ProjectionError> {
    serde_json::from_str(&event.payload).map_err(|source| ProjectionError::UnreadableEvent {
        position: event.position,
        event_type: event.event_type.clone(),
        source,
    })
}
