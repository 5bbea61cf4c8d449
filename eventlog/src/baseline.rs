//! What a log costs, measured against tables without it.
//!
//! `samverkan bench append` compares appends to the log with plain inserts into tables shaped
//! like it; `bench replay` fills a log with synthetic rows in bulk. Both need SQL that names
//! `events`, and only this crate writes such SQL, so the shapes are made here, from `events`
//! itself, so that they cannot drift from it.

use sqlx::PgPool;

/// A table to measure the log against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BaselineTable {
    /// postgres-es's own columns and key, and nothing else: the physical limit of what
    /// postgres-es alone would store.
    Plain,
    /// Every column, constraint and index of `events` (position from a sequence, record time
    /// and hash as plain values) but no trigger: the physical limit of storing our rows, so the
    /// gap to it is what ordering and chaining cost.
    PlainFullShape,
}

impl BaselineTable {
    pub fn name(self) -> &'static str {
        match self {
            BaselineTable::Plain => "bench_plain_events",
            BaselineTable::PlainFullShape => "bench_plain_full_shape_events",
        }
    }
}

const CREATE_BASELINE_TABLES: &str = "
CREATE TABLE bench_plain_events AS
SELECT aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata
  FROM events
  WITH NO DATA;
ALTER TABLE bench_plain_events ADD PRIMARY KEY (aggregate_type, aggregate_id, sequence);
CREATE TABLE bench_plain_full_shape_events (LIKE events INCLUDING ALL);
CREATE SEQUENCE bench_plain_full_shape_positions OWNED BY bench_plain_full_shape_events.position;
ALTER TABLE bench_plain_full_shape_events
    ALTER position SET DEFAULT nextval('bench_plain_full_shape_positions'),
    ALTER recorded_at SET DEFAULT clock_timestamp(),
    ALTER hash SET DEFAULT decode(repeat('ab', 32), 'hex');";

/// Creates both baseline tables, empty, in a scratch database beside its log.
pub async fn create_baseline_tables(pool: &PgPool) -> Result<(), sqlx::Error> {
    sqlx::raw_sql(CREATE_BASELINE_TABLES).execute(pool).await?;
    Ok(())
}

/// The statement that appends to the log, in bulk, the rows a SELECT yields, in its order,
/// through the append trigger. The SELECT must yield the columns an append gives: aggregate
/// type, aggregate id, sequence, event type, event version, payload and metadata.
pub fn append_selected_rows(select: &str) -> String {
    format!(
        "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version,
                             payload, metadata)
         {select}"
    )
}

/// Refreshes the planner's statistics of the log, after a benchmark filled it in bulk and before
/// it measures a query, so that the plans are those a register of that size would get.
pub async fn analyze_log(pool: &PgPool) -> Result<(), sqlx::Error> {
    sqlx::raw_sql("ANALYZE events").execute(pool).await?;
    Ok(())
}
