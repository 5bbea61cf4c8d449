//! Rebuilds a read model from position 0 beside the live one, then swaps it in or compares it.
//!
//! The rebuild fills the `_rebuild` schema in batches, each its own transaction, while the live
//! read model goes on serving and following the log. At the end one transaction takes the writer
//! lock, applies the events appended meanwhile, and then either renames the schemas (a swap) or
//! compares them table by table (a check). Readers see the old tables until the swap commits and
//! the new ones after; the runner's next batch continues from the new checkpoint.

use eventlog::{LogReader, Position};
use sqlx::pool::PoolConnection;
use sqlx::{PgConnection, PgPool, Postgres};

use crate::batch::{apply_batch, BatchOutcome, DEFAULT_PAGE_SIZE};
use crate::schema::{self, Side};
use crate::{ProjectionError, ReadModel};

/// What to do with the rebuilt tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Replace the live tables with them.
    Swap,
    /// Compare them with the live tables, report any difference, and drop them.
    Check,
}

/// How far a rebuild has got, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub read_model: ReadModel,
    /// The last position applied to the rebuilt tables.
    pub position: Position,
    /// The head of the log when the rebuild started; the rebuild ends a little beyond it if
    /// events are appended meanwhile.
    pub target: Position,
}

/// What a rebuild did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RebuildReport {
    pub read_model: ReadModel,
    pub outcome: Outcome,
    /// The position both sides stood at when they were swapped or compared.
    pub position: Position,
    /// How many events the rebuild applied.
    pub events: u64,
    /// Differences between the live and the rebuilt tables; always empty after a swap.
    pub drift: Vec<TableDrift>,
}

/// How one table of the live read model differs from its rebuild.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableDrift {
    pub table: &'static str,
    /// Rows the live table holds and the rebuild does not (counting duplicates).
    pub only_live: i64,
    /// Rows the rebuild holds and the live table does not.
    pub only_rebuilt: i64,
    /// A few of the differing rows as JSON, live ones first, to start an investigation with.
    pub examples: Vec<String>,
}

/// How many differing rows of each kind a drift report shows.
const DRIFT_EXAMPLES: i64 = 3;

/// Rebuilds `model` from the start of the log, then swaps or checks as `outcome` says.
/// `progress` is called after every batch.
pub async fn rebuild(
    pool: &PgPool,
    model: ReadModel,
    outcome: Outcome,
    progress: &mut dyn FnMut(Progress),
) -> Result<RebuildReport, ProjectionError> {
    let reader = LogReader::new(pool.clone());
    // The session lock lives on this connection. It is closed, not returned to the pool, when the
    // rebuild ends, which releases the lock; if the process dies, the server releases it.
    let mut guard = pool.acquire().await?;
    let locked: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock(hashtextextended($1, 0))")
        .bind(model.rebuild_lock_key())
        .fetch_one(&mut *guard)
        .await?;
    if !locked {
        return Err(ProjectionError::RebuildInProgress(model));
    }
    let report = rebuild_holding_lock(pool, &reader, model, outcome, progress).await;
    release(guard, model).await;
    report
}

/// Unlocks before closing: the server ends a closed session, and frees its locks, only after the
/// client has moved on, so a rebuild started right after this one could otherwise still find the
/// lock taken.
async fn release(mut guard: PoolConnection<Postgres>, model: ReadModel) {
    let unlocked =
        sqlx::query_scalar::<_, bool>("SELECT pg_advisory_unlock(hashtextextended($1, 0))")
            .bind(model.rebuild_lock_key())
            .fetch_one(&mut *guard)
            .await;
    if let Err(error) = unlocked {
        tracing::warn!(%error, "could not release the replay's lock; closing its connection does");
    }
    if let Err(error) = guard.close().await {
        tracing::warn!(%error, "could not close the replay's lock connection cleanly");
    }
}

async fn rebuild_holding_lock(
    pool: &PgPool,
    reader: &LogReader,
    model: ReadModel,
    outcome: Outcome,
    progress: &mut dyn FnMut(Progress),
) -> Result<RebuildReport, ProjectionError> {
    let mut transaction = pool.begin().await?;
    if outcome == Outcome::Check
        && !schema::schema_exists(&mut transaction, &model.schema(Side::Live)).await?
    {
        return Err(ProjectionError::NothingToCheck(model));
    }
    schema::create_empty(&mut transaction, model, Side::Rebuild).await?;
    transaction.commit().await?;

    let target = reader.head().await?.position;
    let mut events = 0_u64;
    loop {
        let mut transaction = pool.begin().await?;
        let batch = apply_batch(
            &mut transaction,
            reader,
            model,
            Side::Rebuild,
            Some(target),
            DEFAULT_PAGE_SIZE,
        )
        .await?;
        transaction.commit().await?;
        match batch {
            BatchOutcome::Applied {
                last,
                events: applied,
            } => {
                events += applied;
                progress(Progress {
                    read_model: model,
                    position: last,
                    target,
                });
            }
            BatchOutcome::UpToDate(_) => break,
        }
    }

    let mut transaction = pool.begin().await?;
    schema::lock_writer(&mut transaction, model).await?;
    let head = reader.head().await?.position;
    events += apply_until(&mut transaction, reader, model, Side::Rebuild, head).await?;
    let drift = match outcome {
        Outcome::Swap => {
            swap(&mut transaction, model).await?;
            Vec::new()
        }
        Outcome::Check => {
            // The live side may lag the head when no server is following the log; bringing it
            // up to the same position is what the runner would do, and makes the two comparable.
            apply_until(&mut transaction, reader, model, Side::Live, head).await?;
            let drift = compare(&mut transaction, model).await?;
            sqlx::raw_sql(&format!(
                "DROP SCHEMA {} CASCADE",
                model.schema(Side::Rebuild)
            ))
            .execute(&mut *transaction)
            .await?;
            drift
        }
    };
    transaction.commit().await?;
    progress(Progress {
        read_model: model,
        position: head,
        target,
    });
    Ok(RebuildReport {
        read_model: model,
        outcome,
        position: head,
        events,
        drift,
    })
}

/// Applies batches to one side until its checkpoint reaches `until`; returns the events applied.
async fn apply_until(
    connection: &mut PgConnection,
    reader: &LogReader,
    model: ReadModel,
    side: Side,
    until: Position,
) -> Result<u64, ProjectionError> {
    let mut applied = 0;
    loop {
        match apply_batch(
            connection,
            reader,
            model,
            side,
            Some(until),
            DEFAULT_PAGE_SIZE,
        )
        .await?
        {
            BatchOutcome::Applied { events, .. } => applied += events,
            BatchOutcome::UpToDate(_) => return Ok(applied),
        }
    }
}

/// Swaps the rebuilt schema in. A live schema that does not exist yet is simply created by the
/// rename.
async fn swap(connection: &mut PgConnection, model: ReadModel) -> Result<(), ProjectionError> {
    let live = model.schema(Side::Live);
    let rebuilt = model.schema(Side::Rebuild);
    let retired = model.retired_schema();
    let live_exists = schema::schema_exists(connection, &live).await?;
    let statement = if live_exists {
        format!(
            "ALTER SCHEMA {live} RENAME TO {retired};
             ALTER SCHEMA {rebuilt} RENAME TO {live};
             DROP SCHEMA {retired} CASCADE;"
        )
    } else {
        format!("ALTER SCHEMA {rebuilt} RENAME TO {live};")
    };
    sqlx::raw_sql(&statement).execute(connection).await?;
    Ok(())
}

/// Compares every table of the two sides as multisets of rows.
async fn compare(
    connection: &mut PgConnection,
    model: ReadModel,
) -> Result<Vec<TableDrift>, ProjectionError> {
    let live = model.schema(Side::Live);
    let rebuilt = model.schema(Side::Rebuild);
    let mut drift = Vec::new();
    for &table in model.tables() {
        let only_live =
            format!("SELECT * FROM {live}.{table} EXCEPT ALL SELECT * FROM {rebuilt}.{table}");
        let only_rebuilt =
            format!("SELECT * FROM {rebuilt}.{table} EXCEPT ALL SELECT * FROM {live}.{table}");
        let (only_live_count, only_rebuilt_count): (i64, i64) = sqlx::query_as(&format!(
            "SELECT (SELECT count(*) FROM ({only_live}) d), (SELECT count(*) FROM ({only_rebuilt}) d)"
        ))
        .fetch_one(&mut *connection)
        .await?;
        if only_live_count == 0 && only_rebuilt_count == 0 {
            continue;
        }
        let examples: Vec<String> = sqlx::query_scalar(&format!(
            "(SELECT 'live: ' || to_jsonb(d)::text FROM ({only_live}) d LIMIT {DRIFT_EXAMPLES})
             UNION ALL
             (SELECT 'rebuilt: ' || to_jsonb(d)::text FROM ({only_rebuilt}) d LIMIT {DRIFT_EXAMPLES})"
        ))
        .fetch_all(&mut *connection)
        .await?;
        drift.push(TableDrift {
            table,
            only_live: only_live_count,
            only_rebuilt: only_rebuilt_count,
            examples,
        });
    }
    Ok(drift)
}
