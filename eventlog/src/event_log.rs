//! [`EventLog`]: the handle every writer of one process shares.
//!
//! It holds what must be one per process for writers to cooperate rather than collide: the
//! committer that writes the commands arriving together in one transaction (see
//! `group_commit`), and the turns that let commands on one stream follow each other inside the
//! process (see [`StreamTurn`]). A face of the register makes one at start and hands clones to
//! every request; a test or a command-line tool may make its own.

use std::sync::{Arc, OnceLock};

use sqlx::PgPool;

use crate::append::{AppendError, NewEvent};
use crate::group_commit::GroupCommit;
use crate::stream_turns::{StreamTurn, StreamTurns, TurnKey};
use crate::Position;

/// The event log as one process's writers share it. Cloning it is cheap and shares the committer
/// and the turns.
#[derive(Debug, Clone)]
pub struct EventLog {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    pool: PgPool,
    /// Started on the first append, so that a handle can be made outside a tokio runtime.
    committer: OnceLock<GroupCommit>,
    turns: StreamTurns,
}

impl EventLog {
    /// The log in the database `pool` connects to.
    pub fn new(pool: PgPool) -> EventLog {
        EventLog {
            shared: Arc::new(Shared {
                pool,
                committer: OnceLock::new(),
                turns: StreamTurns::default(),
            }),
        }
    }

    /// The database the log is in.
    pub fn pool(&self) -> &PgPool {
        &self.shared.pool
    }

    /// Appends one command's rows, in order, and returns their positions once they are committed.
    /// Commands appended at the same moment share one transaction and one flush; each is checked
    /// and refused on its own.
    pub async fn append(&self, rows: Vec<NewEvent>) -> Result<Vec<Position>, AppendError> {
        self.shared
            .committer
            .get_or_init(|| GroupCommit::start(self.shared.pool.clone()))
            .append(rows)
            .await
    }

    /// Waits for the turn on `key` among this process's writers.
    pub async fn turn(&self, key: TurnKey) -> StreamTurn {
        self.shared.turns.take(key).await
    }
}

impl From<PgPool> for EventLog {
    fn from(pool: PgPool) -> EventLog {
        EventLog::new(pool)
    }
}
