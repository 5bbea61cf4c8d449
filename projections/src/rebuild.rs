//! Rebuilds a read model from position 0 beside the live one, then swaps it in or compares it.
//!
//! The rebuild fills the `_rebuild` schema in batches, each its own transaction, while the live
//! read model goes on serving and following the log. At the end one transaction takes the writer
//! lock, applies the events appended meanwhile, and then either renames the schemas (a swap) or
//! compares them table by table (a check). Readers see the old tables until the swap commits and
//! the new ones after; the runner's next batch continues from the new checkpoint.

use std::num::NonZeroU32;

use eventlog::{LogReadError, LogReader, Position, RecordedEvent};
use futures::future::try_join_all;
use sqlx::pool::PoolConnection;
use sqlx::{PgConnection, PgPool, Postgres};
use tokio::sync::mpsc;

use crate::batch::{apply_batch, apply_page_read, BatchOutcome, DEFAULT_PAGE_SIZE};
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

/// How many events one transaction of a rebuild applies. Nothing reads the rebuilt tables and
/// no one else writes them, so a page can be longer than the runner's, which groups more writes
/// into each statement.
const REBUILD_PAGE_SIZE: NonZeroU32 = match NonZeroU32::new(2000) {
    Some(size) => size,
    None => NonZeroU32::MIN,
};

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
    let mut reports = rebuild_all(pool, &[model], outcome, progress).await?;
    reports.pop().ok_or(ProjectionError::NothingToRebuild)
}

/// Rebuilds every one of `models` from the start of the log in one pass over it: each page is
/// read once, while the one before is being applied, and applied to every read model at once,
/// each in a transaction of its own. Then each read model is brought up to the head under its writer lock and swapped in or
/// checked, one after another, as `outcome` says. Returns a report per read model, in the order
/// given; `progress` is called after every page.
pub async fn rebuild_all(
    pool: &PgPool,
    models: &[ReadModel],
    outcome: Outcome,
    progress: &mut dyn FnMut(Progress),
) -> Result<Vec<RebuildReport>, ProjectionError> {
    if models.is_empty() {
        return Err(ProjectionError::NothingToRebuild);
    }
    // The session locks live on this connection. It is closed, not returned to the pool, when
    // the rebuild ends, which releases them; if the process dies, the server releases them.
    let mut guard = pool.acquire().await?;
    let mut locked = Vec::with_capacity(models.len());
    let mut refused = None;
    for &model in models {
        let taken: bool =
            sqlx::query_scalar("SELECT pg_try_advisory_lock(hashtextextended($1, 0))")
                .bind(model.rebuild_lock_key())
                .fetch_one(&mut *guard)
                .await?;
        if !taken {
            refused = Some(model);
            break;
        }
        locked.push(model);
    }
    let reports = match refused {
        Some(model) => Err(ProjectionError::RebuildInProgress(model)),
        None => rebuild_holding_locks(pool, models, outcome, progress).await,
    };
    release(guard, &locked).await;
    reports
}

/// Unlocks before closing: the server ends a closed session, and frees its locks, only after the
/// client has moved on, so a rebuild started right after this one could otherwise still find the
/// lock taken.
async fn release(mut guard: PoolConnection<Postgres>, models: &[ReadModel]) {
    for model in models {
        let unlocked =
            sqlx::query_scalar::<_, bool>("SELECT pg_advisory_unlock(hashtextextended($1, 0))")
                .bind(model.rebuild_lock_key())
                .fetch_one(&mut *guard)
                .await;
        if let Err(error) = unlocked {
            tracing::warn!(%error, read_model = %model, "could not release the replay's lock; closing its connection does");
        }
    }
    if let Err(error) = guard.close().await {
        tracing::warn!(%error, "could not close the replay's lock connection cleanly");
    }
}

async fn rebuild_holding_locks(
    pool: &PgPool,
    models: &[ReadModel],
    outcome: Outcome,
    progress: &mut dyn FnMut(Progress),
) -> Result<Vec<RebuildReport>, ProjectionError> {
    let reader = LogReader::new(pool.clone());
    let mut transaction = pool.begin().await?;
    for &model in models {
        if outcome == Outcome::Check
            && !schema::schema_exists(&mut transaction, &model.schema(Side::Live)).await?
        {
            return Err(ProjectionError::NothingToCheck(model));
        }
        schema::create_empty(&mut transaction, model, Side::Rebuild).await?;
    }
    transaction.commit().await?;

    let target = reader.head().await?.position;
    let mut pages = read_ahead(reader.clone(), target);
    let mut events = 0_u64;
    while let Some(page) = pages.recv().await {
        let page = page?;
        let Some(last) = page.last().map(|event| event.position) else {
            break;
        };
        // Each read model applies the page in a transaction of its own, all at once, so that a
        // server with several cores applies them side by side.
        try_join_all(
            models
                .iter()
                .map(|&model| apply_rebuild_page(pool, model, &page)),
        )
        .await?;
        events += page.len() as u64;
        for &read_model in models {
            progress(Progress {
                read_model,
                position: last,
                target,
            });
        }
    }

    let mut reports = Vec::with_capacity(models.len());
    for &model in models {
        let mut transaction = pool.begin().await?;
        schema::lock_writer(&mut transaction, model).await?;
        let head = reader.head().await?.position;
        let tail = apply_until(&mut transaction, &reader, model, Side::Rebuild, head).await?;
        let drift = match outcome {
            Outcome::Swap => {
                swap(&mut transaction, model).await?;
                Vec::new()
            }
            Outcome::Check => {
                // The live side may lag the head when no server is following the log; bringing
                // it up to the same position is what the runner would do, and makes the two
                // comparable.
                apply_until(&mut transaction, &reader, model, Side::Live, head).await?;
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
        reports.push(RebuildReport {
            read_model: model,
            outcome,
            position: head,
            events: events + tail,
            drift,
        });
    }
    Ok(reports)
}

/// Applies one page to the rebuilt tables of `model` in a transaction of its own.
async fn apply_rebuild_page(
    pool: &PgPool,
    model: ReadModel,
    page: &[RecordedEvent],
) -> Result<(), ProjectionError> {
    let mut transaction = pool.begin().await?;
    // Nothing reads the rebuilt tables before the swap, whose own transaction is durable, and a
    // rebuild cut short by a crash starts again from position 0; so its pages need not wait for
    // their commit to be flushed.
    sqlx::query("SET LOCAL synchronous_commit = off")
        .execute(&mut *transaction)
        .await?;
    apply_page_read(&mut transaction, model, Side::Rebuild, page).await?;
    transaction.commit().await?;
    Ok(())
}

/// Reads the log from its first position up to `target` in pages, one page ahead of the one
/// being applied, so that reading and applying overlap. The task stops when the receiver is
/// dropped, after a read that failed, or at `target`.
fn read_ahead(
    reader: LogReader,
    target: Position,
) -> mpsc::Receiver<Result<Vec<RecordedEvent>, LogReadError>> {
    let (pages, receiver) = mpsc::channel(1);
    tokio::spawn(async move {
        let mut from = Position::GENESIS.next();
        while from <= target {
            let page = reader
                .read_page(from, Some(target), REBUILD_PAGE_SIZE)
                .await
                .map(|page| page.events);
            let next = match &page {
                Ok(events) => events.last().map(|event| event.position.next()),
                Err(_) => None,
            };
            if pages.send(page).await.is_err() {
                return;
            }
            match next {
                Some(next) => from = next,
                None => return,
            }
        }
    });
    receiver
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
