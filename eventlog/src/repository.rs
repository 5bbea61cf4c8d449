//! cqrs-es's view of the log: postgres-es reads a stream back, and every commit goes through
//! [`EventLog::append`], so that cqrs-es's commands share the group commit with the register's.

use crate::append::NewEvent;
use crate::EventLog;
use cqrs_es::persist::{
    PersistedEventRepository, PersistenceError, ReplayStream, SerializedEvent, SerializedSnapshot,
};
use cqrs_es::Aggregate;
use postgres_es::PostgresEventRepository;
use serde_json::Value;

/// The event repository every command is loaded from and committed through.
///
/// Reading a stream is postgres-es's own code. Committing is ours, so that a commit, a
/// transition carried out and an import append rows the same way, and commits arriving together
/// share a transaction. Snapshots are refused: every stream is kept short by design, so none is
/// ever taken.
pub struct EventRepository {
    log: EventLog,
    reads: PostgresEventRepository,
}

impl EventRepository {
    pub fn new(log: EventLog) -> EventRepository {
        EventRepository {
            reads: PostgresEventRepository::new(log.pool().clone()),
            log,
        }
    }
}

impl std::fmt::Debug for EventRepository {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // postgres-es's repository is not `Debug`; the pool says which database this is.
        formatter
            .debug_struct("EventRepository")
            .field("log", &self.log)
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
        // The rows are cqrs-es's own serialisation; `A::TYPE` is what it wrote in each.
        let rows: Vec<NewEvent> = events.iter().cloned().map(NewEvent::from).collect();
        self.log.append(rows).await?;
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
