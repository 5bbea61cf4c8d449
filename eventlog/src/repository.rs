//! cqrs-es's view of the log: postgres-es reads a stream back, and every commit goes through
//! [`append_events`], the log's one append path.

use cqrs_es::persist::{
    PersistedEventRepository, PersistenceError, ReplayStream, SerializedEvent, SerializedSnapshot,
};
use cqrs_es::Aggregate;
use postgres_es::PostgresEventRepository;
use serde_json::Value;
use sqlx::PgPool;

use crate::append::{append_events, EventJson, NewEvent};

/// The event repository every command is loaded from and committed through.
///
/// Reading a stream is postgres-es's own code. Committing is ours, so that a commit, a
/// transition carried out and an import append rows the same way. Snapshots are refused: every
/// stream is kept short by design, so none is ever taken.
pub struct EventRepository {
    pool: PgPool,
    reads: PostgresEventRepository,
}

impl EventRepository {
    pub fn new(pool: PgPool) -> EventRepository {
        EventRepository {
            reads: PostgresEventRepository::new(pool.clone()),
            pool,
        }
    }
}

impl std::fmt::Debug for EventRepository {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // postgres-es's repository is not `Debug`; the pool says which database this is.
        formatter
            .debug_struct("EventRepository")
            .field("pool", &self.pool)
            .finish_non_exhaustive()
    }
}

/// A snapshot asked of a repository that takes none.
#[derive(Debug, thiserror::Error)]
#[error("the event log keeps no snapshots; streams are short enough to load whole")]
struct SnapshotsNotKept;

impl PersistedEventRepository for EventRepository {
    async fn get_events<A: Aggregate>(
        &self,
        aggregate_id: &str,
    ) -> Result<Vec<SerializedEvent>, PersistenceError> {
        self.reads.get_events::<A>(aggregate_id).await
    }

    async fn get_last_events<A: Aggregate>(
        &self,
        aggregate_id: &str,
        last_sequence: usize,
    ) -> Result<Vec<SerializedEvent>, PersistenceError> {
        self.reads
            .get_last_events::<A>(aggregate_id, last_sequence)
            .await
    }

    async fn get_snapshot<A: Aggregate>(
        &self,
        _aggregate_id: &str,
    ) -> Result<Option<SerializedSnapshot>, PersistenceError> {
        Ok(None)
    }

    async fn persist<A: Aggregate>(
        &self,
        events: &[SerializedEvent],
        snapshot_update: Option<(String, Value, usize)>,
    ) -> Result<(), PersistenceError> {
        if snapshot_update.is_some() {
            return Err(PersistenceError::UnknownError(Box::new(SnapshotsNotKept)));
        }
        let rows: Vec<NewEvent> = events
            .iter()
            .map(|event| NewEvent {
                aggregate_type: A::TYPE.to_owned(),
                aggregate_id: event.aggregate_id.clone(),
                sequence: i64::try_from(event.sequence).unwrap_or(i64::MAX),
                event_type: event.event_type.clone(),
                event_version: event.event_version.clone(),
                json: EventJson::Rendered {
                    payload: event.payload.clone(),
                    metadata: event.metadata.clone(),
                },
            })
            .collect();
        let mut transaction = self.pool.begin().await.map_err(persistence_error)?;
        append_events(&mut transaction, &rows).await?;
        transaction.commit().await.map_err(persistence_error)?;
        Ok(())
    }

    async fn stream_events<A: Aggregate>(
        &self,
        aggregate_id: &str,
    ) -> Result<ReplayStream, PersistenceError> {
        self.reads.stream_events::<A>(aggregate_id).await
    }

    async fn stream_all_events<A: Aggregate>(&self) -> Result<ReplayStream, PersistenceError> {
        self.reads.stream_all_events::<A>().await
    }
}

fn persistence_error(error: sqlx::Error) -> PersistenceError {
    PersistenceError::from(crate::append::AppendError::from(error))
}
