//! Copying the log into another database, for work that must see the register as it is without
//! touching it (the scenario importer's rehearsal).

use futures::TryStreamExt;
use sqlx::PgPool;

use crate::Position;

/// The columns a copy carries: what an append gives, so that the target's append trigger gives
/// each row the same position, record order and chain as the source.
const COPIED_COLUMNS: &str =
    "aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata";

/// Copies the source's rows up to and including `through` into an empty target log, with COPY,
/// through the target's append trigger.
pub async fn copy_log(
    source: &PgPool,
    target: &PgPool,
    through: Position,
) -> Result<(), sqlx::Error> {
    let mut source = source.acquire().await?;
    let mut target = target.acquire().await?;
    let mut rows = source
        .copy_out_raw(&format!(
            "COPY (SELECT {COPIED_COLUMNS} FROM events WHERE position <= {} ORDER BY position) TO STDOUT",
            through.as_stored()
        ))
        .await?;
    let mut copy = target
        .copy_in_raw(&format!("COPY events ({COPIED_COLUMNS}) FROM STDIN"))
        .await?;
    while let Some(chunk) = rows.try_next().await? {
        copy.send(chunk).await?;
    }
    copy.finish().await?;
    Ok(())
}

/// Reads every row, every column, in position order with COPY, the fastest way out of
/// PostgreSQL, and returns how many bytes came out: the limit a replay is measured against.
pub async fn copy_out_whole_log(pool: &PgPool) -> Result<usize, sqlx::Error> {
    let mut connection = pool.acquire().await?;
    let mut bytes = 0_usize;
    let mut out = connection
        .copy_out_raw(
            "COPY (SELECT position, recorded_at, aggregate_type, aggregate_id, sequence, event_type,
                          event_version, payload::text, metadata::text, hash
                     FROM events ORDER BY position) TO STDOUT",
        )
        .await?;
    while let Some(chunk) = out.try_next().await? {
        bytes += chunk.len();
    }
    Ok(bytes)
}
