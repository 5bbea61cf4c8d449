//! What the read models would say if some events were written, computed without writing them.
//!
//! A [`Preview`] opens a transaction, takes the writer lock of each read model it needs, brings
//! them up to the head of the log, and applies the proposed events as if they had been appended
//! at the next positions. Queries then read those read models on the preview's connection, with
//! the same code that serves every other read. The transaction is always rolled back: nothing
//! proposed reaches the log, and the read models' own rows and checkpoints are left as they were.
//!
//! The locks hold the projection runner back for as long as the preview lives, so a preview is
//! meant to be read at once and dropped.

use chrono::{DateTime, Utc};
use eventlog::{LogReader, Position, RecordedEvent, GENESIS_HASH};
use sqlx::{PgConnection, PgPool, Postgres, Transaction};

use crate::batch::{apply_batch, BatchOutcome, DEFAULT_PAGE_SIZE};
use crate::schema::{self, Side};
use crate::{ProjectionError, ReadModel};

/// An event a command would append, with everything but what the log itself assigns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposedEvent {
    pub aggregate_type: String,
    pub aggregate_id: String,
    pub sequence: i64,
    pub event_type: String,
    pub event_version: String,
    /// The payload as JSON text, exactly as it would be stored.
    pub payload: String,
    pub metadata: String,
}

/// Read models with proposed events applied, inside a transaction that is never committed.
pub struct Preview {
    transaction: Transaction<'static, Postgres>,
    known_at: Position,
}

impl std::fmt::Debug for Preview {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Preview")
            .field("known_at", &self.known_at)
            .finish_non_exhaustive()
    }
}

impl Preview {
    /// Applies `events` to `models` after everything the log holds. The events get the
    /// positions they would get if appended now, in order.
    pub async fn begin(
        pool: &PgPool,
        models: &[ReadModel],
        events: &[ProposedEvent],
    ) -> Result<Preview, ProjectionError> {
        let reader = LogReader::new(pool.clone());
        let mut transaction = pool.begin().await?;
        let head = log_head(&mut transaction).await?;
        let recorded_at: DateTime<Utc> = sqlx::query_scalar("SELECT now()")
            .fetch_one(&mut *transaction)
            .await?;
        let mut position = head;
        let proposed: Vec<RecordedEvent> = events
            .iter()
            .map(|event| {
                position = position.next();
                RecordedEvent {
                    position,
                    recorded_at,
                    aggregate_type: event.aggregate_type.clone(),
                    aggregate_id: event.aggregate_id.clone(),
                    sequence: event.sequence,
                    event_type: event.event_type.clone(),
                    event_version: event.event_version.clone(),
                    payload: event.payload.clone(),
                    metadata: event.metadata.clone(),
                    // No read model reads the hash; a proposed event has none until it is
                    // appended.
                    hash: GENESIS_HASH,
                }
            })
            .collect();
        for model in models {
            schema::lock_writer(&mut transaction, *model).await?;
            // Catch up to the head first, so the proposed events land where the log would put
            // them. This work is rolled back with the rest; the runner does it for real.
            while let BatchOutcome::Applied { .. } = apply_batch(
                &mut transaction,
                &reader,
                *model,
                Side::Live,
                Some(head),
                DEFAULT_PAGE_SIZE,
            )
            .await?
            {}
            schema::use_schema(&mut transaction, *model, Side::Live).await?;
            model.apply_page(&mut transaction, &proposed).await?;
            schema::write_checkpoint(&mut transaction, position).await?;
        }
        Ok(Preview {
            transaction,
            known_at: position,
        })
    }

    /// The position the read models would have reached: the `known_at` of every preview query.
    pub fn known_at(&self) -> Position {
        self.known_at
    }

    /// The connection to run preview queries on.
    pub fn connection(&mut self) -> &mut PgConnection {
        &mut self.transaction
    }

    /// Throws the preview away. Dropping it does the same, later: the pool rolls the
    /// transaction back when the connection returns.
    pub async fn discard(self) -> Result<(), ProjectionError> {
        self.transaction.rollback().await?;
        Ok(())
    }
}

async fn log_head(connection: &mut PgConnection) -> Result<Position, ProjectionError> {
    let head: i64 = sqlx::query_scalar("SELECT position FROM event_log_head")
        .fetch_one(connection)
        .await?;
    Position::from_stored(head).map_err(|error| eventlog::LogReadError::from(error).into())
}
