//! The facts commands carry, looked up in the event log.
//!
//! Aggregates see only their own stream, so facts from other streams travel in the command (see
//! `domain`). Until the read models exist, these lookups read the log directly: each is one query
//! over the `events` table, by index where the § register adds one, followed by loading the few
//! streams it names.

use chrono::{Datelike, NaiveDate};
use cqrs_es::persist::{PersistedEventStore, PersistenceError};
use cqrs_es::{Aggregate, AggregateError, EventStore};
use domain::mandate::{Category, Mandate, MandateHolder};
use domain::meeting::{MandateFinding, NextParagraph};
use eventlog::{EventLog, EventRepository, LogIndex, LookupError, StoreFailure, StreamsNaming};
use uuid::Uuid;

use super::{RegisterError, Written};

/// The current state of one stream of aggregate `A`, and whether the stream holds any event.
pub(super) async fn load<A: Aggregate, E: std::error::Error>(
    log: &EventLog,
    stream_id: &str,
) -> Result<Option<A>, RegisterError<E>> {
    let store = PersistedEventStore::<EventRepository, A>::new_event_store(EventRepository::new(
        log.clone(),
    ));
    let context =
        store
            .load_aggregate(stream_id)
            .await
            .map_err(|error: AggregateError<A::Error>| {
                RegisterError::Store(aggregate_failure(&error))
            })?;
    Ok((context.current_sequence > 0).then_some(context.aggregate))
}

/// The body's next § in the year of `meeting_on`, and the date of the meeting that holds its
/// latest § that year.
pub(super) async fn next_paragraph<E: std::error::Error>(
    index: &LogIndex,
    body_id: Uuid,
    meeting_on: NaiveDate,
) -> Result<NextParagraph, RegisterError<E>> {
    let latest = index
        .latest_paragraph(body_id, meeting_on.year())
        .await
        .map_err(lookup_error)?;
    Ok(match latest {
        None => NextParagraph {
            number: 1,
            latest_meeting_on: None,
        },
        Some(latest) => NextParagraph {
            number: u32::try_from(latest.number).unwrap_or(0).saturating_add(1),
            latest_meeting_on: Some(latest.meeting_on),
        },
    })
}

/// Whether the register holds a decision with this id: a § of a body's minutes, a delegated
/// decision reported under one, or an external decision.
pub(super) async fn decision_exists<E: std::error::Error>(
    index: &LogIndex,
    decision_id: Uuid,
) -> Result<bool, RegisterError<E>> {
    index
        .decision_exists(decision_id)
        .await
        .map_err(lookup_error)
}

/// The first of the body's mandates, in id order, that permits `category` on `date`; or
/// `Outside` when none does.
pub(super) async fn mandate_finding<E: std::error::Error>(
    log: &EventLog,
    body_id: Uuid,
    category: &Category,
    date: NaiveDate,
) -> Result<MandateFinding, RegisterError<E>> {
    let mandate_ids = LogIndex::new(log.pool().clone())
        .streams_naming(StreamsNaming::MandatesOfBody, body_id)
        .await
        .map_err(lookup_error)?;
    for stream_id in mandate_ids {
        let Some(mandate) = load::<Mandate, E>(log, &stream_id).await? else {
            continue;
        };
        // A correction can move a mandate to another holder; only a mandate still held by the
        // body counts.
        let held_by_body = matches!(mandate.holder(), Some(MandateHolder::Body { body_id: holder }) if *holder == body_id);
        if held_by_body && mandate.permits(category, date) {
            let mandate_id = Uuid::parse_str(&stream_id).map_err(|_| {
                RegisterError::Store(StoreFailure::new(format!(
                    "mandate stream {stream_id:?} is not a uuid"
                )))
            })?;
            return Ok(MandateFinding::Within { mandate_id });
        }
    }
    Ok(MandateFinding::Outside)
}

/// What a load through cqrs-es failed with. Its errors hold their cause as a field rather
/// than as their source, so the cause is asked whether the database could be reached.
pub(crate) fn aggregate_failure<E: std::error::Error>(error: &AggregateError<E>) -> StoreFailure {
    match error {
        AggregateError::DatabaseConnectionError(cause)
        | AggregateError::DeserializationError(cause)
        | AggregateError::UnexpectedError(cause) => StoreFailure::of(cause.as_ref()),
        other => StoreFailure::new(other.to_string()),
    }
}

/// What a read of a stream's events failed with; see [`aggregate_failure`].
pub(crate) fn persistence_failure(error: &PersistenceError) -> StoreFailure {
    match error {
        PersistenceError::ConnectionError(cause)
        | PersistenceError::DeserializationError(cause)
        | PersistenceError::UnknownError(cause) => StoreFailure::of(cause.as_ref()),
        other => StoreFailure::new(other.to_string()),
    }
}

pub(super) fn lookup_error<E: std::error::Error>(error: LookupError) -> RegisterError<E> {
    RegisterError::Store(StoreFailure::of(&error))
}

/// The position of the last event of a stream: the receipt of a command just executed on it.
pub(super) async fn stream_head<E: std::error::Error>(
    index: &LogIndex,
    aggregate_type: &str,
    stream_id: &str,
) -> Result<Written, RegisterError<E>> {
    let head = index
        .stream_head(aggregate_type, stream_id)
        .await
        .map_err(lookup_error)?;
    let Some(head) = head else {
        return Err(RegisterError::Store(StoreFailure::new(format!(
            "the {aggregate_type} stream {stream_id:?} holds no event"
        ))));
    };
    Ok(Written {
        position: head.position,
        version: head.version,
    })
}

/// How many events a stream holds; 0 for a stream never written.
pub(super) async fn stream_version<E: std::error::Error>(
    index: &LogIndex,
    aggregate_type: &str,
    stream_id: &str,
) -> Result<u64, RegisterError<E>> {
    index
        .stream_version(aggregate_type, stream_id)
        .await
        .map_err(lookup_error)
}
