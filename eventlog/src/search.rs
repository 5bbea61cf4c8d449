//! Finds events by stream, type, position and record time, for an auditor who wants to see the
//! rows themselves rather than what a read model made of them.
//!
//! A search is paged in position order and pinned to the head of the log as its first page saw
//! it. Positions follow commit order and a row never changes once written, so the rows at or
//! before a pinned head are fixed: later pages of the same search neither skip nor repeat a row,
//! however many events are appended meanwhile.
//!
//! Unlike [`LogReader::read_page`], a search cannot check that positions are contiguous, because
//! a filter leaves gaps on purpose; `verify` is what proves that no row is missing.

use std::num::NonZeroU32;

use chrono::{DateTime, Utc};
use sqlx::{Postgres, QueryBuilder, Row};

use crate::reader::{event_from_row, hash_from_row, head_from_row, SELECT_HEAD};
use crate::{LogHead, LogReadError, LogReader, Position, RecordedEvent, GENESIS_HASH};

/// Which events a search returns. Every condition that is set must hold (they combine with AND);
/// a filter with nothing set matches every event.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EventFilter {
    /// The stream type, such as `Meeting`.
    pub aggregate_type: Option<String>,
    /// The stream id, exactly as stored.
    pub aggregate_id: Option<String>,
    /// The event type, such as `DecisionRecorded`.
    pub event_type: Option<String>,
    /// The first position to return, inclusive.
    pub from_position: Option<Position>,
    /// The last position to return, inclusive.
    pub to_position: Option<Position>,
    /// The earliest record time to return, inclusive.
    pub recorded_from: Option<DateTime<Utc>>,
    /// The record time to stop before, exclusive, so that consecutive windows such as whole days
    /// meet without overlapping.
    pub recorded_before: Option<DateTime<Utc>>,
}

/// Where the next page of a search starts: the head its first page was pinned to, and the last
/// position a page handed out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchResume {
    pub pinned_head: Position,
    pub after: Position,
}

/// One page of a search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchPage {
    /// The matching events, in position order.
    pub events: Vec<RecordedEvent>,
    /// The head the search is pinned to: no event beyond it is returned by any of its pages.
    pub head: LogHead,
    /// Where the next page starts, when more events match before the pinned head.
    pub next: Option<SearchResume>,
}

/// Why a search failed.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error(transparent)]
    Log(#[from] LogReadError),
    /// A search was resumed at a head this log has not reached, which no page of this log hands
    /// out: the resume point belongs to another database, or was made up.
    #[error("the search is pinned to position {pinned}, but the log's head is at position {head}")]
    PinnedBeyondHead { pinned: Position, head: Position },
    /// The row a resumed search is pinned to is missing although the head lies beyond it, so the
    /// log was altered; `verify` tells how.
    #[error("the log has no row at position {0}, which lies before its head")]
    PinnedRowMissing(Position),
}

impl From<sqlx::Error> for SearchError {
    fn from(error: sqlx::Error) -> Self {
        SearchError::Log(LogReadError::Database(error))
    }
}

const SELECT_EVENT_COLUMNS: &str = "
SELECT position, recorded_at, aggregate_type, aggregate_id, sequence, event_type, event_version,
       payload::text AS payload, metadata::text AS metadata, hash
  FROM events
 WHERE ";

const SELECT_PINNED_ROW: &str =
    "SELECT position, hash, recorded_at FROM events WHERE position = $1";

impl LogReader {
    /// Up to `limit` events that match `filter`, in position order, from the start of the search
    /// (`resume` is `None`) or after the position a previous page reached.
    ///
    /// The first page pins the search to the head it reads; a resumed search keeps that head and
    /// reports it again, with its hash, so that every page describes the same log.
    pub async fn search(
        &self,
        filter: &EventFilter,
        resume: Option<SearchResume>,
        limit: NonZeroU32,
    ) -> Result<SearchPage, SearchError> {
        let mut snapshot = self.begin_snapshot().await?;
        let current = head_from_row(&sqlx::query(SELECT_HEAD).fetch_one(&mut *snapshot).await?)?;
        let (head, after) = match resume {
            None => (current, Position::GENESIS),
            Some(resume) if resume.pinned_head > current.position => {
                return Err(SearchError::PinnedBeyondHead {
                    pinned: resume.pinned_head,
                    head: current.position,
                })
            }
            Some(resume) => (
                pinned_head(&mut snapshot, resume.pinned_head).await?,
                resume.after,
            ),
        };

        // One row more than asked for tells whether another page follows, without a count.
        let rows = matching(filter, after, head.position, u64::from(limit.get()) + 1)
            .build()
            .fetch_all(&mut *snapshot)
            .await?;
        snapshot.commit().await?;

        let mut events = rows
            .iter()
            .map(event_from_row)
            .collect::<Result<Vec<_>, _>>()?;
        let more = events.len() > limit.get() as usize;
        events.truncate(limit.get() as usize);
        let next = events.last().filter(|_| more).map(|last| SearchResume {
            pinned_head: head.position,
            after: last.position,
        });
        Ok(SearchPage { events, head, next })
    }
}

/// The head a resumed search is pinned to, read from the row at that position.
async fn pinned_head(
    snapshot: &mut sqlx::PgConnection,
    pinned: Position,
) -> Result<LogHead, SearchError> {
    if pinned == Position::GENESIS {
        return Ok(LogHead {
            position: pinned,
            hash: GENESIS_HASH,
            recorded_at: None,
        });
    }
    let row = sqlx::query(SELECT_PINNED_ROW)
        .bind(pinned.as_stored())
        .fetch_optional(&mut *snapshot)
        .await?
        .ok_or(SearchError::PinnedRowMissing(pinned))?;
    Ok(LogHead {
        position: pinned,
        hash: hash_from_row(&row, pinned)?,
        recorded_at: row.try_get("recorded_at")?,
    })
}

/// The statement for one page. Only the conditions the filter sets are written, so that each
/// combination gets a plan that can use the index for it (see migration 07), which a single
/// statement of `$n IS NULL OR …` clauses would not.
fn matching(
    filter: &EventFilter,
    after: Position,
    pinned_head: Position,
    rows: u64,
) -> QueryBuilder<'_, Postgres> {
    let first = filter
        .from_position
        .map_or(after.next(), |from| from.max(after.next()));
    let last = filter
        .to_position
        .map_or(pinned_head, |to| to.min(pinned_head));
    let mut query = QueryBuilder::new(SELECT_EVENT_COLUMNS);
    query.push("position >= ").push_bind(first.as_stored());
    query.push(" AND position <= ").push_bind(last.as_stored());
    if let Some(aggregate_type) = &filter.aggregate_type {
        query
            .push(" AND aggregate_type = ")
            .push_bind(aggregate_type);
    }
    if let Some(aggregate_id) = &filter.aggregate_id {
        query.push(" AND aggregate_id = ").push_bind(aggregate_id);
    }
    if let Some(event_type) = &filter.event_type {
        query.push(" AND event_type = ").push_bind(event_type);
    }
    if let Some(recorded_from) = filter.recorded_from {
        query.push(" AND recorded_at >= ").push_bind(recorded_from);
    }
    if let Some(recorded_before) = filter.recorded_before {
        query.push(" AND recorded_at < ").push_bind(recorded_before);
    }
    query
        .push(" ORDER BY position LIMIT ")
        .push_bind(i64::try_from(rows).unwrap_or(i64::MAX));
    query
}

#[cfg(test)]
mod tests {
    use super::*;

    fn position(value: u64) -> Position {
        Position::new(value).unwrap_or(Position::GENESIS)
    }

    #[test]
    fn only_the_conditions_set_are_written() {
        let filter = EventFilter {
            event_type: Some("DecisionRecorded".into()),
            ..EventFilter::default()
        };
        let query = matching(&filter, Position::GENESIS, position(9), 3);
        assert_eq!(
            query
                .sql()
                .split_once("WHERE ")
                .map(|(_, conditions)| conditions),
            Some(
                "position >= $1 AND position <= $2 AND event_type = $3 ORDER BY position LIMIT $4"
            )
        );
    }

    #[test]
    fn every_condition_combines_with_and() {
        let filter = EventFilter {
            aggregate_type: Some("Meeting".into()),
            aggregate_id: Some("m".into()),
            event_type: Some("DecisionRecorded".into()),
            from_position: Some(position(2)),
            to_position: Some(position(8)),
            recorded_from: Some(DateTime::<Utc>::MIN_UTC),
            recorded_before: Some(DateTime::<Utc>::MAX_UTC),
        };
        let query = matching(&filter, Position::GENESIS, position(9), 3);
        assert_eq!(
            query
                .sql()
                .split_once("WHERE ")
                .map(|(_, conditions)| conditions),
            Some(
                "position >= $1 AND position <= $2 AND aggregate_type = $3 \
                 AND aggregate_id = $4 AND event_type = $5 AND recorded_at >= $6 \
                 AND recorded_at < $7 ORDER BY position LIMIT $8"
            )
        );
    }
}
