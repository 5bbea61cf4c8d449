//! The one way rows enter the log.
//!
//! Every writer appends through [`append_events`]: cqrs-es's commits (through [`EventRepository`]),
//! the register when it carries a transition out, the scenario importer and the benchmarks. The
//! append trigger of migration 02 gives each row its position, record time and hash; this module
//! only inserts, inside the caller's transaction, and says why an insert was refused.

use cqrs_es::persist::{PersistenceError, SerializedEvent};
use serde_json::Value;
use sqlx::PgConnection;

use crate::Position;

/// SQLSTATE for a unique violation: another writer took the stream's next sequence, or the
/// § register's unique indexes refused a second § with the same number or decision id.
const UNIQUE_VIOLATION: &str = "23505";

/// A row to append: everything but what the trigger sets (position, record time, hash).
#[derive(Debug, Clone, PartialEq)]
pub struct NewEvent {
    pub aggregate_type: String,
    pub aggregate_id: String,
    /// The event's number within its stream, from 1; a taken number is a [`AppendError::Conflict`].
    pub sequence: i64,
    pub event_type: String,
    pub event_version: String,
    pub json: EventJson,
}

impl From<SerializedEvent> for NewEvent {
    /// A command's event as cqrs-es serialised it, rendered by PostgreSQL as every command's events
    /// have always been stored.
    fn from(event: SerializedEvent) -> NewEvent {
        NewEvent {
            aggregate_type: event.aggregate_type,
            aggregate_id: event.aggregate_id,
            // No stream comes near i64::MAX events; a sequence beyond it is refused by the
            // stream's unique index like any taken number.
            sequence: i64::try_from(event.sequence).unwrap_or(i64::MAX),
            event_type: event.event_type,
            event_version: event.event_version,
            json: EventJson::Rendered {
                payload: event.payload,
                metadata: event.metadata,
            },
        }
    }
}

/// The payload and metadata of a row, and so the exact text the hash will cover.
#[derive(Debug, Clone, PartialEq)]
pub enum EventJson {
    /// Values rendered by PostgreSQL as `jsonb` renders them, which is how postgres-es has
    /// always stored what a command decided: the canonical text of the register's events.
    Rendered { payload: Value, metadata: Value },
    /// Text stored exactly as given, for rows whose text already exists: the events of a
    /// transition carried out, as the preview showed them, and rows copied from a rehearsal.
    Verbatim { payload: String, metadata: String },
}

/// Why an append wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum AppendError {
    /// Another writer appended to one of the streams first, or a unique index over the payloads
    /// (the § register's) refused a row. Deciding again from the new state may succeed.
    #[error("another writer appended to the same stream first, or a unique index refused a row")]
    Conflict,
    #[error("the event log could not be appended to: {0}")]
    Database(#[source] sqlx::Error),
    #[error("the log handed out a position out of range: {0}")]
    Position(#[from] crate::PositionOutOfRange),
    /// The transaction of the batch this append was committed in failed as a whole (see
    /// [`crate::EventLog::append`]); every command in it shares the one cause.
    #[error("the batch this append was part of could not be committed: {0}")]
    Batch(#[source] std::sync::Arc<sqlx::Error>),
    /// A value could not be written as JSON text; serde_json fails only on a map with keys that
    /// are not strings, which no event has.
    #[error("an event could not be written as JSON: {0}")]
    Unrenderable(#[source] serde_json::Error),
    /// The task that commits batches is gone, because its runtime is shutting down; whether the
    /// rows were written is unknown.
    #[error("the event log's committer has stopped, so the append's outcome is unknown")]
    CommitterStopped,
}

impl From<sqlx::Error> for AppendError {
    fn from(error: sqlx::Error) -> Self {
        match &error {
            sqlx::Error::Database(database)
                if database.code().as_deref() == Some(UNIQUE_VIOLATION) =>
            {
                AppendError::Conflict
            }
            _ => AppendError::Database(error),
        }
    }
}

impl From<AppendError> for PersistenceError {
    /// The same mapping postgres-es makes, so that cqrs-es reports a lost race as
    /// `AggregateConflict` exactly as before.
    fn from(error: AppendError) -> Self {
        match error {
            AppendError::Conflict => PersistenceError::OptimisticLockError,
            AppendError::Database(error @ (sqlx::Error::Io(_) | sqlx::Error::Tls(_))) => {
                PersistenceError::ConnectionError(Box::new(error))
            }
            AppendError::Batch(error)
                if matches!(*error, sqlx::Error::Io(_) | sqlx::Error::Tls(_)) =>
            {
                PersistenceError::ConnectionError(Box::new(AppendError::Batch(error)))
            }
            other => PersistenceError::UnknownError(Box::new(other)),
        }
    }
}

/// Every row of an append in one statement, in the order given: the trigger gives positions in
/// the order the rows are inserted, which is the order of the SELECT. A row's payload and
/// metadata arrive as text, and `rendered` says whether PostgreSQL renders them as `jsonb` does
/// (the text a `serde_json::Value` sent as `jsonb` would become) or keeps them byte for byte.
const INSERT_ROWS: &str = "
INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata)
SELECT aggregate_type, aggregate_id, sequence, event_type, event_version,
       CASE WHEN rendered THEN payload::jsonb::json ELSE payload::json END,
       CASE WHEN rendered THEN metadata::jsonb::json ELSE metadata::json END
  FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[],
              $8::boolean[])
       WITH ORDINALITY AS row (aggregate_type, aggregate_id, sequence, event_type, event_version,
                               payload, metadata, rendered, ordinal)
 ORDER BY ordinal
RETURNING position";

/// Appends `events` in order on `connection`, inside whatever transaction the caller holds, and
/// returns the position each was given.
///
/// The rows go in one statement, so they are written together or not at all even outside a
/// transaction. Nothing is committed here when the caller holds a transaction: a caller that
/// appends several times commits them together or not at all, and the head row stays locked
/// until it does, so positions follow commit order.
pub async fn append_events(
    connection: &mut PgConnection,
    events: &[NewEvent],
) -> Result<Vec<Position>, AppendError> {
    if events.is_empty() {
        return Ok(Vec::new());
    }
    let mut columns = Columns::with_capacity(events.len());
    for event in events {
        columns.push(event).map_err(AppendError::Unrenderable)?;
    }
    let mut stored: Vec<i64> = sqlx::query_scalar(INSERT_ROWS)
        .bind(columns.aggregate_types)
        .bind(columns.aggregate_ids)
        .bind(columns.sequences)
        .bind(columns.event_types)
        .bind(columns.event_versions)
        .bind(columns.payloads)
        .bind(columns.metadata)
        .bind(columns.rendered)
        .fetch_all(&mut *connection)
        .await?;
    // The rows were numbered in the order given; RETURNING promises no order of its own.
    stored.sort_unstable();
    stored
        .into_iter()
        .map(|position| Ok(Position::from_stored(position)?))
        .collect()
}

/// The rows of an append as the arrays [`INSERT_ROWS`] takes.
struct Columns {
    aggregate_types: Vec<String>,
    aggregate_ids: Vec<String>,
    sequences: Vec<i64>,
    event_types: Vec<String>,
    event_versions: Vec<String>,
    payloads: Vec<String>,
    metadata: Vec<String>,
    rendered: Vec<bool>,
}

impl Columns {
    fn with_capacity(rows: usize) -> Columns {
        Columns {
            aggregate_types: Vec::with_capacity(rows),
            aggregate_ids: Vec::with_capacity(rows),
            sequences: Vec::with_capacity(rows),
            event_types: Vec::with_capacity(rows),
            event_versions: Vec::with_capacity(rows),
            payloads: Vec::with_capacity(rows),
            metadata: Vec::with_capacity(rows),
            rendered: Vec::with_capacity(rows),
        }
    }

    fn push(&mut self, event: &NewEvent) -> Result<(), serde_json::Error> {
        let (payload, metadata, rendered) = match &event.json {
            // serde_json's text, parsed and rendered by the server's `jsonb`, is the text the
            // value sent as `jsonb` would have become.
            EventJson::Rendered { payload, metadata } => (
                serde_json::to_string(payload)?,
                serde_json::to_string(metadata)?,
                true,
            ),
            EventJson::Verbatim { payload, metadata } => (payload.clone(), metadata.clone(), false),
        };
        self.aggregate_types.push(event.aggregate_type.clone());
        self.aggregate_ids.push(event.aggregate_id.clone());
        self.sequences.push(event.sequence);
        self.event_types.push(event.event_type.clone());
        self.event_versions.push(event.event_version.clone());
        self.payloads.push(payload);
        self.metadata.push(metadata);
        self.rendered.push(rendered);
        Ok(())
    }
}

/// Locks the head of the log for the caller's transaction and returns its position: no append
/// can happen until the transaction ends, so the caller may decide on the head it read.
pub async fn lock_head(connection: &mut PgConnection) -> Result<Position, AppendError> {
    // Through the owner's function: the application role may lock the head but not update it.
    let stored: i64 = sqlx::query_scalar("SELECT event_log_lock_head()")
        .fetch_one(connection)
        .await?;
    Ok(Position::from_stored(stored)?)
}
