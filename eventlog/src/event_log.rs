//! [`EventLog`]: the handle every writer of one process shares.
//!
//! It holds what must be one per process for writers to cooperate rather than collide: the
//! committer that writes the commands arriving together in one transaction (see
//! `group_commit`), and the turns that let commands on one stream follow each other inside the
//! process (see [`StreamTurn`]). A face of the register makes one at start and hands clones to
//! every request; a test or a command-line tool may make its own.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use sqlx::PgPool;
use uuid::Uuid;

use crate::append::{AppendError, NewEvent};
use crate::group_commit::GroupCommit;
use crate::lookups::{LogIndex, LookupError};
use crate::stream_turns::{StreamTurn, StreamTurns, TurnKey};
use crate::Position;

/// How many meetings' bodies are remembered; past it the memory is emptied and refilled.
const MEETING_BODIES_REMEMBERED: usize = 10_000;

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
    /// The body each meeting was called for, which never changes once it is written.
    meeting_bodies: Mutex<HashMap<Uuid, Uuid>>,
}

impl EventLog {
    /// The log in the database `pool` connects to.
    pub fn new(pool: PgPool) -> EventLog {
        EventLog {
            shared: Arc::new(Shared {
                pool,
                committer: OnceLock::new(),
                turns: StreamTurns::default(),
                meeting_bodies: Mutex::new(HashMap::new()),
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

    /// The body a meeting was called for, as [`LogIndex::meeting_body`] finds it, remembered once
    /// found: a meeting's body is written once, in its first event, so every decision of a busy
    /// meeting need not ask again (the lookup reads past the meeting's whole agenda). A meeting
    /// not yet called is asked about again next time.
    pub async fn meeting_body(&self, meeting_id: Uuid) -> Result<Option<Uuid>, LookupError> {
        let remembered = self
            .shared
            .meeting_bodies
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&meeting_id)
            .copied();
        if remembered.is_some() {
            return Ok(remembered);
        }
        let found = LogIndex::new(self.shared.pool.clone())
            .meeting_body(meeting_id)
            .await?;
        if let Some(body_id) = found {
            let mut bodies = self
                .shared
                .meeting_bodies
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            if bodies.len() >= MEETING_BODIES_REMEMBERED {
                bodies.clear();
            }
            bodies.insert(meeting_id, body_id);
        }
        Ok(found)
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
