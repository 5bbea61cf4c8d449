//! Group commit: the appends of commands that arrive together share one transaction.
//!
//! Every append waits for the head row of the log, which the previous append holds until its
//! commit has been flushed to the WAL. Writers that each commit alone therefore queue behind one
//! another's flush, and eight writers reach about what one does. The cure EventStoreDB's single
//! writer and PostgreSQL's own group commit share is to write many commands in one commit: one
//! head-lock acquisition and one flush for the batch, with positions and the chain exactly as if
//! each had committed alone, in the order the batch lists them.
//!
//! One task, the committer, owns the writing. A writer hands it the rows one command decided (a
//! [`Job`]) and waits for the answer. The committer takes whatever has queued while the previous
//! batch committed, so a lone writer pays no added latency and a busy register writes bigger
//! batches: the batch size adapts by itself.
//!
//! The batch's rows go in one statement, so a batch costs three round trips (begin, insert,
//! commit) whatever its size. Each command keeps its own optimistic check (the unique index on its
//! stream's sequence, and the § register's). A command that fails a database rule fails alone:
//! the batch is rolled back and written again with a statement per command, so that the statement
//! that fails names its command, and without that command, so the others commit. Each retry
//! removes one command, and a batch ends after at most as many rounds as it has commands. A failure that no command caused (the connection, the server) fails
//! the whole batch, and every writer in it learns so. A writer's answer is sent only after its
//! batch committed, so an acknowledged command is durable; a writer that stops waiting before the
//! commit (a request that timed out) has its rows left out, as a rolled-back transaction of its own
//! would have.

use std::sync::Arc;

use sqlx::{PgConnection, PgPool};
use tokio::sync::{mpsc, oneshot};

use crate::append::{append_events, AppendError, NewEvent};
use crate::Position;

/// The most commands one batch writes. It bounds how long one commit holds the head, so that a
/// burst of writers does not make the first of them wait for the last.
const MAX_COMMANDS_PER_BATCH: usize = 64;

/// The rows one command decided, and where its answer goes.
struct Job {
    rows: Vec<NewEvent>,
    answer: oneshot::Sender<Result<Vec<Position>, AppendError>>,
}

/// The writers' side of the committer. Cloning it is cheap; the committer stops when the last
/// clone is dropped.
#[derive(Debug, Clone)]
pub(crate) struct GroupCommit {
    jobs: mpsc::UnboundedSender<Job>,
}

impl GroupCommit {
    /// Starts the committer for `pool` on the current tokio runtime.
    pub(crate) fn start(pool: PgPool) -> GroupCommit {
        let (jobs, queue) = mpsc::unbounded_channel();
        tokio::spawn(run_committer(pool, queue));
        GroupCommit { jobs }
    }

    /// Appends one command's rows, in order, in the next batch, and returns their positions once
    /// the batch has committed.
    pub(crate) async fn append(&self, rows: Vec<NewEvent>) -> Result<Vec<Position>, AppendError> {
        if rows.is_empty() {
            return Ok(Vec::new());
        }
        let (answer, answered) = oneshot::channel();
        self.jobs
            .send(Job { rows, answer })
            .map_err(|_| AppendError::CommitterStopped)?;
        // The committer answers every job it takes; a dropped answer means it stopped with the
        // runtime, and the job's outcome is unknown.
        answered.await.map_err(|_| AppendError::CommitterStopped)?
    }
}

/// Takes the queued jobs in batches until every writer's handle is gone.
async fn run_committer(pool: PgPool, mut queue: mpsc::UnboundedReceiver<Job>) {
    let mut batch = Vec::with_capacity(MAX_COMMANDS_PER_BATCH);
    while queue.recv_many(&mut batch, MAX_COMMANDS_PER_BATCH).await > 0 {
        commit_batch(&pool, std::mem::take(&mut batch)).await;
    }
}

/// Writes `batch` in one transaction, leaving out each command that a database rule refuses, and
/// answers every job.
async fn commit_batch(pool: &PgPool, mut batch: Vec<Job>) {
    // All rows go in one statement while no command has been refused; once one has, each
    // command's rows go in a statement of their own, so that the next refusal names its command.
    let mut rows_in = RowsIn::OneStatement;
    loop {
        // A writer that stopped waiting (its request timed out, its client went away) was
        // promised nothing, so its rows are not written.
        batch.retain(|job| !job.answer.is_closed());
        if batch.is_empty() {
            return;
        }
        match try_batch(pool, &batch, rows_in).await {
            Ok(positions) => {
                for (job, positions) in batch.into_iter().zip(positions) {
                    // A writer that stopped waiting has nothing to be told; its rows are written.
                    let _ = job.answer.send(Ok(positions));
                }
                return;
            }
            Err(BatchFailure::Command { index, error }) => {
                let job = batch.remove(index);
                let _ = job.answer.send(Err(error));
            }
            Err(BatchFailure::Abandoned) => {}
            Err(BatchFailure::SomeCommand) => rows_in = RowsIn::StatementPerCommand,
            Err(BatchFailure::Whole(error)) => {
                let error = Arc::new(error);
                for job in batch {
                    let _ = job.answer.send(Err(AppendError::Batch(Arc::clone(&error))));
                }
                return;
            }
        }
    }
}

/// Why a batch wrote nothing.
enum BatchFailure {
    /// The command at `index` broke a database rule; the others may be written without it.
    Command { index: usize, error: AppendError },
    /// The transaction itself failed, and no command can be blamed.
    Whole(sqlx::Error),
    /// A writer stopped waiting while its rows were being written; the batch is written again
    /// without it.
    Abandoned,
    /// The one statement of the whole batch broke a database rule, and the error does not say
    /// whose rows did.
    SomeCommand,
}

/// How a batch's rows are sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RowsIn {
    /// Every command's rows in one statement: one round trip for the batch.
    OneStatement,
    /// A statement per command, so that a refusal names the command.
    StatementPerCommand,
}

/// One attempt at the whole batch in one transaction: every command's rows in order, then one
/// commit.
async fn try_batch(
    pool: &PgPool,
    batch: &[Job],
    rows_in: RowsIn,
) -> Result<Vec<Vec<Position>>, BatchFailure> {
    let mut transaction = pool.begin().await.map_err(BatchFailure::Whole)?;
    let positions = match rows_in {
        RowsIn::OneStatement => append_together(&mut transaction, batch).await?,
        RowsIn::StatementPerCommand => append_one_by_one(&mut transaction, batch).await?,
    };
    // The rows may have waited long for the head: a writer that gave up meanwhile must not find
    // its command written after it was told the request failed.
    if batch.iter().any(|job| job.answer.is_closed()) {
        return Err(BatchFailure::Abandoned);
    }
    transaction.commit().await.map_err(BatchFailure::Whole)?;
    Ok(positions)
}

/// Every command's rows in one statement, and the positions of each command's rows.
async fn append_together(
    connection: &mut PgConnection,
    batch: &[Job],
) -> Result<Vec<Vec<Position>>, BatchFailure> {
    let rows: Vec<NewEvent> = batch.iter().flat_map(|job| job.rows.clone()).collect();
    let mut positions = match append_events(connection, &rows).await {
        Ok(positions) => positions.into_iter(),
        Err(AppendError::Database(error)) if !caused_by_the_rows(&error) => {
            return Err(BatchFailure::Whole(error));
        }
        // Dropping the transaction rolls it back, so nothing of the batch is written and no
        // position is used.
        Err(_) => return Err(BatchFailure::SomeCommand),
    };
    Ok(batch
        .iter()
        .map(|job| positions.by_ref().take(job.rows.len()).collect())
        .collect())
}

/// Each command's rows in a statement of its own, until one is refused.
async fn append_one_by_one(
    connection: &mut PgConnection,
    batch: &[Job],
) -> Result<Vec<Vec<Position>>, BatchFailure> {
    let mut positions = Vec::with_capacity(batch.len());
    for (index, job) in batch.iter().enumerate() {
        match append_events(&mut *connection, &job.rows).await {
            Ok(written) => positions.push(written),
            Err(AppendError::Database(error)) if !caused_by_the_rows(&error) => {
                return Err(BatchFailure::Whole(error));
            }
            Err(error) => return Err(BatchFailure::Command { index, error }),
        }
    }
    Ok(positions)
}

/// Whether a failed statement was refused because of the rows it carried (a constraint, a value
/// out of range, text that is not JSON) rather than because the server or the connection failed.
/// Only such a refusal is blamed on one command.
fn caused_by_the_rows(error: &sqlx::Error) -> bool {
    let sqlx::Error::Database(database) = error else {
        return false;
    };
    // SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation).
    database
        .code()
        .is_some_and(|code| code.starts_with("22") || code.starts_with("23"))
}
