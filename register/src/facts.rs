//! The facts commands carry, looked up in the event log.
//!
//! Aggregates see only their own stream, so facts from other streams travel in the command (see
//! `domain`). Until the read models exist, these lookups read the log directly: each is one query
//! over the `events` table, by index where the § register adds one, followed by loading the few
//! streams it names.

use chrono::{Datelike, NaiveDate};
use cqrs_es::persist::PersistedEventStore;
use cqrs_es::{Aggregate, AggregateError, EventStore};
use domain::mandate::{Category, Mandate, MandateHolder};
use domain::meeting::{MandateFinding, NextParagraph};
use eventlog::Position;
use postgres_es::PostgresEventRepository;
use sqlx::PgPool;
use uuid::Uuid;

use super::{RegisterError, Written};

/// The current state of one stream of aggregate `A`, and whether the stream holds any event.
pub(super) async fn load<A: Aggregate, E: std::error::Error>(
    pool: &PgPool,
    stream_id: &str,
) -> Result<Option<A>, RegisterError<E>> {
    let store = PersistedEventStore::<PostgresEventRepository, A>::new_event_store(
        PostgresEventRepository::new(pool.clone()),
    );
    let context = store
        .load_aggregate(stream_id)
        .await
        .map_err(|error: AggregateError<A::Error>| RegisterError::Store(error.to_string()))?;
    Ok((context.current_sequence > 0).then_some(context.aggregate))
}

/// The body's next § in the year of `meeting_on`, and the date of the meeting that holds its
/// latest § that year.
pub(super) async fn next_paragraph<E: std::error::Error>(
    pool: &PgPool,
    body_id: Uuid,
    meeting_on: NaiveDate,
) -> Result<NextParagraph, RegisterError<E>> {
    // The expressions are those of the unique index events_decision_paragraph_per_body_and_year,
    // so the latest § is read from the end of the index.
    let latest: Option<(i32, NaiveDate)> = sqlx::query_as(
        "SELECT (payload -> 'DecisionRecorded' -> 'paragraph' ->> 'number')::integer,
                (payload -> 'DecisionRecorded' ->> 'meeting_on')::date
           FROM events
          WHERE aggregate_type = 'Meeting' AND event_type = 'DecisionRecorded'
            AND payload -> 'DecisionRecorded' ->> 'body_id' = $1
            AND (payload -> 'DecisionRecorded' -> 'paragraph' ->> 'year')::integer = $2
          ORDER BY (payload -> 'DecisionRecorded' -> 'paragraph' ->> 'number')::integer DESC
          LIMIT 1",
    )
    .bind(body_id.to_string())
    .bind(meeting_on.year())
    .fetch_optional(pool)
    .await
    .map_err(store_error)?;
    Ok(match latest {
        None => NextParagraph {
            number: 1,
            latest_meeting_on: None,
        },
        Some((number, latest_meeting_on)) => NextParagraph {
            number: u32::try_from(number).unwrap_or(0).saturating_add(1),
            latest_meeting_on: Some(latest_meeting_on),
        },
    })
}

/// Whether the register holds a decision with this id: a § of a body's minutes, a delegated
/// decision reported under one, or an external decision.
///
/// The delegated decisions are counted rather than tested with EXISTS on purpose. Under EXISTS
/// the planner expects a match early in a sequential scan and reads the whole log when, as almost
/// always, there is none; a count makes it use the GIN indexes of the § register migration.
pub(super) async fn decision_exists<E: std::error::Error>(
    pool: &PgPool,
    decision_id: Uuid,
) -> Result<bool, RegisterError<E>> {
    sqlx::query_scalar(
        "SELECT EXISTS (
                    SELECT 1 FROM events
                     WHERE aggregate_type = 'Meeting' AND event_type = 'DecisionRecorded'
                       AND payload -> 'DecisionRecorded' ->> 'decision_id' = $1)
                OR EXISTS (
                    SELECT 1 FROM events
                     WHERE aggregate_type = 'ExternalDecision' AND aggregate_id = $1
                       AND event_type = 'ExternalDecisionRecorded')
                OR (SELECT count(*) FROM events
                     WHERE aggregate_type = 'Meeting' AND event_type = 'DecisionRecorded'
                       AND (payload::jsonb) -> 'DecisionRecorded' -> 'content' -> 'delegated_decisions'
                           @> jsonb_build_array(jsonb_build_object('decision_id', $1))) > 0
                OR (SELECT count(*) FROM events
                     WHERE aggregate_type = 'Meeting' AND event_type = 'DecisionCorrected'
                       AND (payload::jsonb) -> 'DecisionCorrected' -> 'content' -> 'delegated_decisions'
                           @> jsonb_build_array(jsonb_build_object('decision_id', $1))) > 0",
    )
    .bind(decision_id.to_string())
    .fetch_one(pool)
    .await
    .map_err(store_error)
}

/// The first of the body's mandates, in id order, that permits `category` on `date`; or
/// `Outside` when none does.
pub(super) async fn mandate_finding<E: std::error::Error>(
    pool: &PgPool,
    body_id: Uuid,
    category: &Category,
    date: NaiveDate,
) -> Result<MandateFinding, RegisterError<E>> {
    let mandate_ids: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT aggregate_id FROM events
          WHERE aggregate_type = 'Mandate'
            AND ((event_type = 'MandateGranted'
                  AND payload -> 'MandateGranted' -> 'holder' ->> 'body_id' = $1)
              OR (event_type = 'MandateCorrected'
                  AND payload -> 'MandateCorrected' -> 'grant' -> 'holder' ->> 'body_id' = $1))
          ORDER BY aggregate_id",
    )
    .bind(body_id.to_string())
    .fetch_all(pool)
    .await
    .map_err(store_error)?;
    for stream_id in mandate_ids {
        let Some(mandate) = load::<Mandate, E>(pool, &stream_id).await? else {
            continue;
        };
        // A correction can move a mandate to another holder; only a mandate still held by the
        // body counts.
        let held_by_body = matches!(mandate.holder(), Some(MandateHolder::Body { body_id: holder }) if *holder == body_id);
        if held_by_body && mandate.permits(category, date) {
            let mandate_id = Uuid::parse_str(&stream_id).map_err(|_| {
                RegisterError::Store(format!("mandate stream {stream_id:?} is not a uuid"))
            })?;
            return Ok(MandateFinding::Within { mandate_id });
        }
    }
    Ok(MandateFinding::Outside)
}

fn store_error<E: std::error::Error>(error: sqlx::Error) -> RegisterError<E> {
    RegisterError::Store(error.to_string())
}

/// The position of the last event of a stream: the receipt of a command just executed on it.
pub(super) async fn stream_head<E: std::error::Error>(
    pool: &PgPool,
    aggregate_type: &str,
    stream_id: &str,
) -> Result<Written, RegisterError<E>> {
    let (position, sequence): (Option<i64>, Option<i64>) = sqlx::query_as(
        "SELECT max(position), max(sequence) FROM events
          WHERE aggregate_type = $1 AND aggregate_id = $2",
    )
    .bind(aggregate_type)
    .bind(stream_id)
    .fetch_one(pool)
    .await
    .map_err(store_error)?;
    let (Some(position), Some(sequence)) = (position, sequence) else {
        return Err(RegisterError::Store(format!(
            "the {aggregate_type} stream {stream_id:?} holds no event"
        )));
    };
    Ok(Written {
        position: Position::from_stored(position)
            .map_err(|error| RegisterError::Store(error.to_string()))?,
        version: u64::try_from(sequence).unwrap_or_default(),
    })
}

/// How many events a stream holds; 0 for a stream never written.
pub(super) async fn stream_version<E: std::error::Error>(
    pool: &PgPool,
    aggregate_type: &str,
    stream_id: &str,
) -> Result<u64, RegisterError<E>> {
    let sequence: Option<i64> = sqlx::query_scalar(
        "SELECT max(sequence) FROM events WHERE aggregate_type = $1 AND aggregate_id = $2",
    )
    .bind(aggregate_type)
    .bind(stream_id)
    .fetch_one(pool)
    .await
    .map_err(store_error)?;
    Ok(sequence
        .and_then(|sequence| u64::try_from(sequence).ok())
        .unwrap_or(0))
}
