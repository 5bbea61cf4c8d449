//! Reads the log in position order, in pages, from any position.
//!
//! postgres-es's own replay streams `unwrap()` inside a spawned task, so a failed read ends the
//! stream early and looks like the end of the log. This reader returns every failure as an error,
//! and it checks that the positions it hands out are contiguous up to the head, so a missing row
//! is an error too, never a silent end.

use std::num::NonZeroU32;

use chrono::{DateTime, Utc};
use futures::stream::{self, Stream};
use sqlx::postgres::PgRow;
use sqlx::{PgPool, Postgres, Row, Transaction};

use crate::{ChainHash, Position, PositionOutOfRange, RecordedEvent};

/// Why a read of the log failed.
#[derive(Debug, thiserror::Error)]
pub enum LogReadError {
    #[error("could not read the event log: {0}")]
    Database(#[from] sqlx::Error),
    #[error("the event log has no row at position {expected}, but the next row is at {found}")]
    Gap { expected: Position, found: Position },
    #[error("the event log ends at position {last}, short of position {expected}, which its head says was appended")]
    EndsBefore { last: Position, expected: Position },
    #[error("the row at position {position} holds a hash of {length} bytes, not 32")]
    MalformedHash { position: Position, length: usize },
    #[error("the event log holds an impossible position: {0}")]
    PositionOutOfRange(#[from] PositionOutOfRange),
}

/// The last event of the log as the head row records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogHead {
    pub position: Position,
    pub hash: ChainHash,
    pub recorded_at: Option<DateTime<Utc>>,
}

/// Contiguous events starting at the position asked for, and the head at the time of the read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogPage {
    pub events: Vec<RecordedEvent>,
    pub head: LogHead,
}

impl LogPage {
    /// The position to ask for next, or `None` when this page reached the head.
    pub fn next_position(&self) -> Option<Position> {
        let last = self.events.last()?.position;
        (last < self.head.position).then(|| last.next())
    }
}

/// Reads the event log of one database.
#[derive(Debug, Clone)]
pub struct LogReader {
    pool: PgPool,
}

const SELECT_EVENTS_FROM: &str = "
SELECT position, recorded_at, aggregate_type, aggregate_id, sequence, event_type, event_version,
       payload::text AS payload, metadata::text AS metadata, hash
  FROM events
 WHERE position >= $1 AND position <= $2
 ORDER BY position
 LIMIT $3";

pub(crate) const SELECT_HEAD: &str = "SELECT position, hash, recorded_at FROM event_log_head";

impl LogReader {
    pub fn new(pool: PgPool) -> Self {
        LogReader { pool }
    }

    /// The head of the log: the last position appended and its hash.
    pub async fn head(&self) -> Result<LogHead, LogReadError> {
        let row = sqlx::query(SELECT_HEAD).fetch_one(&self.pool).await?;
        head_from_row(&row)
    }

    /// Up to `limit` events from position `from` (at least 1) onwards, no further than `until`.
    ///
    /// The page and the head are read in one snapshot. A page holds only contiguous positions:
    /// when a row is missing, the page stops before it, and the read that starts at the missing
    /// position is an error ([`LogReadError::Gap`], or [`LogReadError::EndsBefore`] when
    /// nothing follows), never an empty page.
    pub async fn read_page(
        &self,
        from: Position,
        until: Option<Position>,
        limit: NonZeroU32,
    ) -> Result<LogPage, LogReadError> {
        let from = from.max(Position::GENESIS.next());
        let mut snapshot = self.begin_snapshot().await?;
        let head = head_from_row(&sqlx::query(SELECT_HEAD).fetch_one(&mut *snapshot).await?)?;
        let until = until.map_or(head.position, |until| until.min(head.position));
        let rows = sqlx::query(SELECT_EVENTS_FROM)
            .bind(from.as_stored())
            .bind(until.as_stored())
            .bind(i64::from(limit.get()))
            .fetch_all(&mut *snapshot)
            .await?;
        snapshot.commit().await?;

        // Rows before a gap are handed out first; the read that starts at the missing
        // position then fails. The caller thus gets every intact row, then the error.
        let mut events = Vec::with_capacity(rows.len());
        let mut expected = from;
        for row in &rows {
            let event = event_from_row(row)?;
            if event.position != expected {
                if events.is_empty() {
                    return Err(LogReadError::Gap {
                        expected,
                        found: event.position,
                    });
                }
                break;
            }
            expected = expected.next();
            events.push(event);
        }
        let reached_limit = events.len() == limit.get() as usize;
        if events.is_empty() && !reached_limit && from <= until {
            return Err(LogReadError::EndsBefore {
                last: from.previous().unwrap_or(Position::GENESIS),
                expected: until,
            });
        }
        Ok(LogPage { events, head })
    }

    /// Every event from `from` to the head as it was when the stream started (or to `until`),
    /// one page at a time. The stream yields an error and then ends if any read fails.
    pub fn stream(
        &self,
        from: Position,
        until: Option<Position>,
        page_size: NonZeroU32,
    ) -> impl Stream<Item = Result<RecordedEvent, LogReadError>> + '_ {
        let pages = stream::try_unfold((Some(from), until), move |(next, until)| async move {
            let Some(from) = next else {
                return Ok::<_, LogReadError>(None);
            };
            let page = self.read_page(from, until, page_size).await?;
            // Fix the end on the first page, so that a busy log cannot keep the stream going.
            let until = until.or(Some(page.head.position));
            let next = page.next_position().filter(|next| Some(*next) <= until);
            Ok(Some((
                stream::iter(page.events.into_iter().map(Ok::<_, LogReadError>)),
                (next, until),
            )))
        });
        futures::TryStreamExt::try_flatten(pages)
    }

    /// The first stored position beyond the current head, if any. Appends never put a row beyond
    /// the head, so finding one is evidence that a row was inserted around the append trigger.
    /// The head and the rows are read in one statement, so concurrent appends cannot confuse it.
    pub async fn first_position_beyond_head(&self) -> Result<Option<Position>, LogReadError> {
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT (SELECT min(e.position) FROM events e WHERE e.position > h.position)
               FROM event_log_head h",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(found.map(Position::from_stored).transpose()?)
    }

    /// The stored hash at each of `positions` that has a row. A verification asks for them only
    /// after its walk proved the rows there, so the stored hashes are the chain's.
    pub async fn hashes_at(
        &self,
        positions: &[Position],
    ) -> Result<crate::verify::HashesAt, LogReadError> {
        if positions.is_empty() {
            return Ok(Default::default());
        }
        let wanted: Vec<i64> = positions
            .iter()
            .map(|position| position.as_stored())
            .collect();
        let rows = sqlx::query("SELECT position, hash FROM events WHERE position = ANY($1)")
            .bind(&wanted)
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|row| {
                let position = Position::from_stored(row.try_get("position")?)?;
                Ok((position, hash_from_row(row, position)?))
            })
            .collect()
    }

    /// A read-only transaction that sees one snapshot of the database for all its statements.
    pub(crate) async fn begin_snapshot(
        &self,
    ) -> Result<Transaction<'static, Postgres>, sqlx::Error> {
        let mut transaction = self.pool.begin().await?;
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .execute(&mut *transaction)
            .await?;
        Ok(transaction)
    }
}

pub(crate) fn head_from_row(row: &PgRow) -> Result<LogHead, LogReadError> {
    let position = Position::from_stored(row.try_get("position")?)?;
    Ok(LogHead {
        position,
        hash: hash_from_row(row, position)?,
        recorded_at: row.try_get("recorded_at")?,
    })
}

pub(crate) fn event_from_row(row: &PgRow) -> Result<RecordedEvent, LogReadError> {
    let position = Position::from_stored(row.try_get("position")?)?;
    Ok(RecordedEvent {
        position,
        recorded_at: row.try_get("recorded_at")?,
        aggregate_type: row.try_get("aggregate_type")?,
        aggregate_id: row.try_get("aggregate_id")?,
        sequence: row.try_get("sequence")?,
        event_type: row.try_get("event_type")?,
        event_version: row.try_get("event_version")?,
        payload: row.try_get("payload")?,
        metadata: row.try_get("metadata")?,
        hash: hash_from_row(row, position)?,
    })
}

pub(crate) fn hash_from_row(row: &PgRow, position: Position) -> Result<ChainHash, LogReadError> {
    let bytes: Vec<u8> = row.try_get("hash")?;
    ChainHash::from_slice(&bytes).ok_or(LogReadError::MalformedHash {
        position,
        length: bytes.len(),
    })
}
