//! What a read model learned between two record times: the rows it held at one position and not
//! at the other, for any read model of the catalogue.
//!
//! Every versioned row carries `known`, the log positions from the event that recorded it to the
//! event that superseded it. A row known at `to` but not at `from` was added in between; one known
//! at `from` but not at `to` was removed. A changed fact therefore shows as its old version
//! removed and its new version added, both at the position of the event that changed it. A version
//! that was recorded and superseded between the two positions was known at neither, so it is not
//! shown: narrow the range, or read the events themselves, to see it.
//!
//! Because the read model is caught up to `to` first, and an event at a later position only closes
//! `known` ranges beyond `to` or inserts rows known from beyond it, the answer for two positions
//! never changes once given. Pages cut by offset from that answer neither skip nor repeat a row.
//!
//! The tables are read generically, from the catalogue ([`ReadModel::tables`]) and the columns
//! PostgreSQL reports for them, so that a new read model is comparable without code here:
//! - a table with a `known` range is compared as above; `as_of` keeps the rows whose `valid` range
//!   holds that day, in tables that have one;
//! - a table without `known` but with a `position` column (the timeline's entries, which are
//!   written once and never changed) has a row added at its `position` and none removed;
//! - any other table keeps no record time, so what it held earlier cannot be told; it is listed
//!   as not compared, with that reason.

use chrono::NaiveDate;
use eventlog::Position;
use serde::Serialize;
use serde_json::Value;
use sqlx::{PgConnection, PgPool, Postgres, QueryBuilder, Row};
use utoipa::ToSchema;

use crate::read_at::{position_recorded_by, DEFAULT_WAIT};
use crate::schema::Side;
use crate::{checkpoint, wait_for, KnownAt, QueryError, ReadModel};

/// Why two record times of a read model could not be compared.
#[derive(Debug, thiserror::Error)]
pub enum CompareError {
    #[error(transparent)]
    Query(#[from] QueryError),
    /// The earlier moment must not lie after the later one.
    #[error("from_known_at resolves to position {from}, after to_known_at at position {to}; give the earlier moment first")]
    FromAfterTo { from: Position, to: Position },
}

impl From<sqlx::Error> for CompareError {
    fn from(error: sqlx::Error) -> Self {
        CompareError::Query(QueryError::Database(error))
    }
}

/// Whether a row was added or removed between the two positions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Known at `from`, no longer at `to`.
    Removed,
    /// Known at `to`, not yet at `from`.
    Added,
}

/// One row added or removed.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct RowChange {
    /// The table, within the read model's schema.
    pub table: String,
    pub change: Change,
    /// The log position of the event that made the change: the one that recorded an added row,
    /// or the one that superseded a removed row.
    pub position: u64,
    /// The row as JSON, without its `known` range and without generated columns (which repeat
    /// the others). Ranges such as `valid` read as PostgreSQL writes them, such as
    /// `"[2023-01-01,2027-01-01)"`: the lower day included, the upper day excluded.
    #[schema(value_type = Object)]
    pub row: Value,
}

/// How a table of the read model takes part in the comparison.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TableRecordTime {
    /// Rows carry a `known` range: rows are added and removed.
    Versioned {
        /// Whether `as_of` applies to the table: it does when rows have a `valid` range.
        as_of_applies: bool,
    },
    /// Rows are written once, at their `position`, and never removed.
    AppendOnly,
    /// The table keeps no record time and is left out.
    NotCompared { reason: String },
}

/// One table of the read model, and how many of its rows changed in the whole answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct TableComparison {
    pub table: String,
    pub record_time: TableRecordTime,
    /// Rows added in the whole answer, over every page.
    pub added: u64,
    /// Rows removed in the whole answer, over every page.
    pub removed: u64,
}

/// A comparison of one read model between two positions, and one page of its changes.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub read_model: ReadModel,
    pub from: Position,
    pub to: Position,
    pub as_of: Option<NaiveDate>,
    /// Every table of the read model, in the catalogue's order.
    pub tables: Vec<TableComparison>,
    /// This page of the changes: by table in the catalogue's order, then by position, a removed
    /// version before the version added in its place, then by the row's JSON text.
    pub changes: Vec<RowChange>,
    /// The offset of the next page, when the answer goes on.
    pub next_offset: Option<u64>,
}

/// The two positions a comparison is between, resolved from what the caller gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ComparedPositions {
    pub from: Position,
    pub to: Position,
}

/// Fixes both moments to positions, checks their order and waits, within the usual bound, until
/// `model` has applied `to`. A moment given as a time becomes the last position recorded by then;
/// `KnownAt::Latest` is the position the read model has reached.
pub async fn compared_positions(
    pool: &PgPool,
    model: ReadModel,
    from: KnownAt,
    to: KnownAt,
) -> Result<ComparedPositions, CompareError> {
    let from = position_of(pool, model, from).await?;
    let to = position_of(pool, model, to).await?;
    if from > to {
        return Err(CompareError::FromAfterTo { from, to });
    }
    wait_for(pool, model, to, DEFAULT_WAIT).await?;
    Ok(ComparedPositions { from, to })
}

async fn position_of(
    pool: &PgPool,
    model: ReadModel,
    moment: KnownAt,
) -> Result<Position, QueryError> {
    match moment {
        KnownAt::Position(position) => Ok(position),
        KnownAt::Recorded(moment) => position_recorded_by(pool, model, moment).await,
        KnownAt::Latest => checkpoint(pool, model).await,
    }
}

/// The changes of `model` between two positions it has applied (see [`compared_positions`]),
/// restricted to rows valid on `as_of` where a table has valid time, and the page of `limit`
/// changes from `offset`.
pub async fn compare(
    pool: &PgPool,
    model: ReadModel,
    positions: ComparedPositions,
    as_of: Option<NaiveDate>,
    offset: u64,
    limit: u32,
) -> Result<Comparison, CompareError> {
    let mut transaction = pool.begin().await?;
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .execute(&mut *transaction)
        .await?;
    let tables = table_shapes(&mut transaction, model).await?;
    let compared: Vec<&TableShape> = tables
        .iter()
        .filter(|table| !matches!(table.record_time, TableRecordTime::NotCompared { .. }))
        .collect();

    let mut counts = vec![(0_u64, 0_u64); tables.len()];
    let mut changes = Vec::new();
    if !compared.is_empty() {
        let mut query = QueryBuilder::new("SELECT ordinal, change, count(*) AS rows FROM (");
        push_changes(&mut query, model, &compared, positions, as_of);
        query.push(") changes GROUP BY ordinal, change");
        for row in query.build().fetch_all(&mut *transaction).await? {
            let ordinal = index_of(model, row.try_get::<i32, _>("ordinal")?)?;
            let count = count_of(model, row.try_get::<i64, _>("rows")?)?;
            match change_of(model, row.try_get::<i32, _>("change")?)? {
                Change::Added => counts[ordinal].0 = count,
                Change::Removed => counts[ordinal].1 = count,
            }
        }

        let mut query = QueryBuilder::new("SELECT ordinal, change, position, row FROM (");
        push_changes(&mut query, model, &compared, positions, as_of);
        query.push(") changes ORDER BY ordinal, position, change, row::text OFFSET ");
        query.push_bind(i64::try_from(offset).unwrap_or(i64::MAX));
        query.push(" LIMIT ").push_bind(i64::from(limit));
        for row in query.build().fetch_all(&mut *transaction).await? {
            let ordinal = index_of(model, row.try_get::<i32, _>("ordinal")?)?;
            changes.push(RowChange {
                table: tables[ordinal].name.clone(),
                change: change_of(model, row.try_get::<i32, _>("change")?)?,
                position: count_of(model, row.try_get::<i64, _>("position")?)?,
                row: row.try_get("row")?,
            });
        }
    }
    transaction.commit().await?;

    let total: u64 = counts.iter().map(|(added, removed)| added + removed).sum();
    let end = offset.saturating_add(changes.len() as u64);
    Ok(Comparison {
        read_model: model,
        from: positions.from,
        to: positions.to,
        as_of,
        tables: tables
            .into_iter()
            .zip(counts)
            .map(|(table, (added, removed))| TableComparison {
                table: table.name,
                record_time: table.record_time,
                added,
                removed,
            })
            .collect(),
        changes,
        next_offset: (end < total).then_some(end),
    })
}

/// What the comparison needs to know of one table.
#[derive(Debug, Clone)]
struct TableShape {
    ordinal: usize,
    name: String,
    record_time: TableRecordTime,
    /// Columns left out of the row: `known` and the generated columns.
    left_out: Vec<String>,
}

const NO_RECORD_TIME: &str = "the table keeps no record time (no `known` range and no \
     `position`), so the rows it held at an earlier position cannot be told apart from those it \
     holds now";

/// The catalogue's tables of `model` and their columns, as PostgreSQL reports them for the live
/// schema.
async fn table_shapes(
    connection: &mut PgConnection,
    model: ReadModel,
) -> Result<Vec<TableShape>, QueryError> {
    let columns = sqlx::query(
        "SELECT c.relname AS table_name, a.attname AS column_name,
                format_type(a.atttypid, a.atttypmod) AS column_type,
                a.attgenerated <> '' AS generated
           FROM pg_attribute a
           JOIN pg_class c ON c.oid = a.attrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = $1 AND a.attnum > 0 AND NOT a.attisdropped",
    )
    .bind(model.schema(Side::Live))
    .fetch_all(&mut *connection)
    .await?;
    let mut shapes = Vec::with_capacity(model.tables().len());
    for (ordinal, &table) in model.tables().iter().enumerate() {
        let has = |name: &str, column_type: &str| -> Result<bool, QueryError> {
            for column in &columns {
                if column.try_get::<&str, _>("table_name")? == table
                    && column.try_get::<&str, _>("column_name")? == name
                    && column.try_get::<&str, _>("column_type")? == column_type
                {
                    return Ok(true);
                }
            }
            Ok(false)
        };
        let record_time = if has("known", "int8range")? {
            TableRecordTime::Versioned {
                as_of_applies: has("valid", "daterange")?,
            }
        } else if has("position", "bigint")? {
            TableRecordTime::AppendOnly
        } else {
            TableRecordTime::NotCompared {
                reason: NO_RECORD_TIME.to_owned(),
            }
        };
        let mut left_out = vec!["known".to_owned()];
        for column in &columns {
            if column.try_get::<&str, _>("table_name")? == table
                && column.try_get::<bool, _>("generated")?
            {
                left_out.push(column.try_get::<String, _>("column_name")?);
            }
        }
        shapes.push(TableShape {
            ordinal,
            name: table.to_owned(),
            record_time,
            left_out,
        });
    }
    Ok(shapes)
}

/// The added and removed rows of every compared table, as one union of
/// (ordinal, change, position, row). Table and schema names come from the catalogue, never from
/// the caller; everything else is bound.
fn push_changes(
    query: &mut QueryBuilder<'_, Postgres>,
    model: ReadModel,
    tables: &[&TableShape],
    positions: ComparedPositions,
    as_of: Option<NaiveDate>,
) {
    let schema = model.schema(Side::Live);
    let (from, to) = (positions.from.as_stored(), positions.to.as_stored());
    let mut first = true;
    for table in tables {
        // Each branch: the change, the column holding its position, and the two positions in
        // the order its condition names them.
        let branches: &[(Change, &str, [i64; 2])] = match table.record_time {
            TableRecordTime::Versioned { .. } => &[
                (Change::Removed, "upper(known)", [from, to]),
                (Change::Added, "lower(known)", [to, from]),
            ],
            TableRecordTime::AppendOnly => &[(Change::Added, "position", [from, to])],
            TableRecordTime::NotCompared { .. } => &[],
        };
        for &(change, position, [one, other]) in branches {
            if !first {
                query.push(" UNION ALL ");
            }
            first = false;
            query.push(format!(
                "SELECT {ordinal}::int4 AS ordinal, {change}::int4 AS change, \
                 {position} AS position, to_jsonb(t) - ",
                ordinal = table.ordinal,
                change = change as i32,
            ));
            query.push_bind(table.left_out.clone());
            query.push(format!(
                "::text[] AS row FROM {schema}.{name} t WHERE ",
                name = table.name
            ));
            if matches!(table.record_time, TableRecordTime::AppendOnly) {
                query.push("position > ").push_bind(one);
                query.push(" AND position <= ").push_bind(other);
            } else {
                query.push("known @> ").push_bind(one).push("::int8");
                query
                    .push(" AND NOT known @> ")
                    .push_bind(other)
                    .push("::int8");
            }
            if let (
                Some(day),
                TableRecordTime::Versioned {
                    as_of_applies: true,
                },
            ) = (as_of, &table.record_time)
            {
                query.push(" AND valid @> ").push_bind(day).push("::date");
            }
        }
    }
}

fn index_of(model: ReadModel, stored: i32) -> Result<usize, QueryError> {
    usize::try_from(stored)
        .ok()
        .filter(|ordinal| *ordinal < model.tables().len())
        .ok_or_else(|| QueryError::unreadable(model, format!("table ordinal {stored}")))
}

fn count_of(model: ReadModel, stored: i64) -> Result<u64, QueryError> {
    u64::try_from(stored)
        .map_err(|_| QueryError::unreadable(model, format!("a count or position of {stored}")))
}

fn change_of(model: ReadModel, stored: i32) -> Result<Change, QueryError> {
    match stored {
        value if value == Change::Removed as i32 => Ok(Change::Removed),
        value if value == Change::Added as i32 => Ok(Change::Added),
        other => Err(QueryError::unreadable(model, format!("change {other}"))),
    }
}
