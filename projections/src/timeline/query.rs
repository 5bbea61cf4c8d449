use chrono::{DateTime, NaiveDate, Utc};
use domain::LegalBasis;
use eventlog::Position;
use serde::Serialize;
use sqlx::postgres::PgRow;
use sqlx::{PgPool, Row};
use uuid::Uuid;

use crate::columns::from_json;
use crate::read_at::{ReadAt, Resolved};
use crate::{QueryError, ReadModel};

const MODEL: ReadModel = ReadModel::Timeline;

/// Which page of a timeline to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TimelinePage {
    /// The position of the last entry of the previous page; `None` for the first page.
    pub after_position: Option<Position>,
    /// At most this many entries. A limit of 0 reads no entries.
    pub limit: u32,
}

impl TimelinePage {
    /// The first page of at most `limit` entries.
    pub fn first(limit: u32) -> Self {
        TimelinePage {
            after_position: None,
            limit,
        }
    }
}

/// A cooperation's timeline as of one day, as the register knew it at one position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timeline {
    pub cooperation_id: Uuid,
    pub as_of: NaiveDate,
    /// The log position the answer is as known at. Read later pages with
    /// `KnownAt::Position(known_at)`, so that entries recorded meanwhile do not shift them.
    pub known_at: u64,
    /// Ordered by effective day, entries with none last, then by position.
    pub entries: Vec<TimelineEntry>,
    /// The page to read next, when there are more entries.
    pub next_page: Option<TimelinePage>,
}

/// One event that concerns the cooperation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct TimelineEntry {
    /// The event's position in the log (record time).
    pub position: u64,
    /// When the log recorded the event (record time).
    pub recorded_at: DateTime<Utc>,
    pub aggregate_type: String,
    pub stream_id: String,
    pub event_type: String,
    /// The day the event takes effect (valid time), when it or its stream names one.
    pub effective_on: Option<NaiveDate>,
    /// What the event rests on, when it cites a basis.
    pub basis: Option<LegalBasis>,
    /// What happened, in one line.
    pub summary: String,
}

/// The timeline of `cooperation_id`: the entries that take effect on or before `read_at.as_of`
/// (and those that name no day), recorded at or before `read_at.known_at`, one page at a time.
///
/// Pages are cut by keyset on (effective day, position), which never changes for an entry, so
/// that reading the pages at one `known_at` lists every entry exactly once.
pub async fn timeline(
    pool: &PgPool,
    cooperation_id: Uuid,
    read_at: ReadAt,
    page: TimelinePage,
) -> Result<Timeline, QueryError> {
    let Resolved { as_of, known_at } = read_at.resolve(pool, MODEL).await?;

    let cursor_day = match page.after_position {
        None => None,
        Some(after) => {
            let day: Option<Option<NaiveDate>> = sqlx::query_scalar(
                "SELECT effective_on FROM read_timeline.entries
                  WHERE cooperation_id = $1 AND position = $2",
            )
            .bind(cooperation_id)
            .bind(after.as_stored())
            .fetch_optional(pool)
            .await?;
            // A position that is no entry of this timeline cannot say where the page starts.
            Some(day.ok_or(QueryError::UnknownPage {
                read_model: MODEL,
                position: after,
            })?)
        }
    };

    // One row beyond the limit tells whether there is a next page.
    let rows = sqlx::query(
        "SELECT position, recorded_at, aggregate_type, stream_id, event_type, effective_on,
                basis, summary
           FROM read_timeline.entries
          WHERE cooperation_id = $1
            AND position <= $2
            AND (effective_on IS NULL OR effective_on <= $3)
            AND ($5::bigint IS NULL
                 OR (coalesce(effective_on, 'infinity'::date), position)
                    > (coalesce($4::date, 'infinity'::date), $5::bigint))
          ORDER BY coalesce(effective_on, 'infinity'::date), position
          LIMIT $6",
    )
    .bind(cooperation_id)
    .bind(known_at.as_stored())
    .bind(as_of)
    .bind(cursor_day.flatten())
    .bind(page.after_position.map(Position::as_stored))
    .bind(i64::from(page.limit) + 1)
    .fetch_all(pool)
    .await?;

    let mut entries = rows
        .iter()
        .map(entry_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    let limit = usize::try_from(page.limit).unwrap_or(usize::MAX);
    let more = entries.len() > limit;
    entries.truncate(limit);
    let next_page = match (more, entries.last()) {
        (true, Some(last)) => Some(TimelinePage {
            after_position: Some(
                Position::new(last.position)
                    .map_err(|error| QueryError::unreadable(MODEL, error))?,
            ),
            limit: page.limit,
        }),
        // A page of no entries cannot move the cursor on; asking again would repeat it.
        (true, None) | (false, _) => None,
    };

    Ok(Timeline {
        cooperation_id,
        as_of,
        known_at: known_at.get(),
        entries,
        next_page,
    })
}

fn entry_from_row(row: &PgRow) -> Result<TimelineEntry, QueryError> {
    let position: i64 = row.try_get("position")?;
    let basis: Option<serde_json::Value> = row.try_get("basis")?;
    Ok(TimelineEntry {
        position: Position::from_stored(position)
            .map_err(|error| QueryError::unreadable(MODEL, error))?
            .get(),
        recorded_at: row.try_get("recorded_at")?,
        aggregate_type: row.try_get("aggregate_type")?,
        stream_id: row.try_get("stream_id")?,
        event_type: row.try_get("event_type")?,
        effective_on: row.try_get("effective_on")?,
        basis: basis
            .map(|basis| from_json(MODEL, "basis", basis))
            .transpose()?,
        summary: row.try_get("summary")?,
    })
}
