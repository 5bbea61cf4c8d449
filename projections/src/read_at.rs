//! The two clocks of every query: `as_of` (valid time, a date) and `known_at` (record time, a log
//! position or a moment), and the wait for a position that gives read-your-writes.

use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use eventlog::{Position, PositionOutOfRange};
use sqlx::PgPool;

use crate::schema::Side;
use crate::{QueryError, ReadModel};

/// The record time a query answers at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KnownAt {
    /// Everything the read model holds.
    Latest,
    /// What the register knew once the event at this position was recorded.
    Position(Position),
    /// What the register knew at this moment: every event recorded at or before it.
    Recorded(DateTime<Utc>),
}

/// Why text given as a record time is none.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecordTimeError {
    #[error(transparent)]
    Position(#[from] PositionOutOfRange),
    #[error("give a log position such as 1042 or an RFC 3339 moment such as 2026-01-01T00:00:00Z")]
    NeitherPositionNorMoment,
}

impl std::str::FromStr for KnownAt {
    type Err = RecordTimeError;

    /// A record time as every face of the register takes it: a log position such as `1042`, or
    /// an RFC 3339 moment such as `2026-01-01T00:00:00Z`.
    fn from_str(text: &str) -> Result<KnownAt, RecordTimeError> {
        if let Ok(position) = text.parse::<u64>() {
            return Ok(KnownAt::Position(Position::new(position)?));
        }
        DateTime::parse_from_rfc3339(text)
            .map(|moment| KnownAt::Recorded(moment.with_timezone(&Utc)))
            .map_err(|_| RecordTimeError::NeitherPositionNorMoment)
    }
}

/// Why text given as a valid day is none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ValidDayError {
    #[error("is not written as a day: give YYYY-MM-DD")]
    NotWrittenAsDay,
    #[error("is written as a day but is none of the calendar")]
    NotInCalendar,
}

/// A valid day (`as_of`) as every face of the register takes it: exactly `YYYY-MM-DD`. chrono
/// alone also reads `2024-6-3` and `+2024-06-30`; a register of legal dates takes one way of
/// writing a day, so that a link or a stored query means the same to every reader.
pub fn valid_day(text: &str) -> Result<NaiveDate, ValidDayError> {
    let written_as_day = text.len() == 10
        && text.bytes().enumerate().all(|(index, byte)| match index {
            4 | 7 => byte == b'-',
            _ => byte.is_ascii_digit(),
        });
    if !written_as_day {
        return Err(ValidDayError::NotWrittenAsDay);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| ValidDayError::NotInCalendar)
}

/// When a query looks: which day in the world, as the register knew it when, and the position the
/// caller needs the read model to have reached (the one its own command returned).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadAt {
    pub as_of: NaiveDate,
    pub known_at: KnownAt,
    pub min_position: Option<Position>,
    /// How long to wait for the read model to reach `min_position`, or the `known_at` position.
    pub wait: Duration,
}

/// How long a query waits for a position by default: long enough for the runner to apply a
/// command that has just returned, short enough to answer a caller who asked for too much.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(5);

impl ReadAt {
    /// The latest knowledge about `as_of`.
    pub fn on(as_of: NaiveDate) -> Self {
        ReadAt {
            as_of,
            known_at: KnownAt::Latest,
            min_position: None,
            wait: DEFAULT_WAIT,
        }
    }

    pub fn known_at(mut self, known_at: KnownAt) -> Self {
        self.known_at = known_at;
        self
    }

    pub fn min_position(mut self, min_position: Position) -> Self {
        self.min_position = Some(min_position);
        self
    }

    pub fn wait(mut self, wait: Duration) -> Self {
        self.wait = wait;
        self
    }
}

/// A query's two clocks fixed to values the read model can answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolved {
    pub as_of: NaiveDate,
    /// The log position the answer is as known at: never beyond what the read model has applied.
    pub known_at: Position,
}

impl ReadAt {
    /// Waits until `model` has applied the positions this query needs, then fixes `known_at` to
    /// a position. A moment becomes the last position recorded at or before it.
    pub async fn resolve(&self, pool: &PgPool, model: ReadModel) -> Result<Resolved, QueryError> {
        let recorded_position = match self.known_at {
            KnownAt::Recorded(moment) => Some(position_recorded_by(pool, model, moment).await?),
            KnownAt::Latest | KnownAt::Position(_) => None,
        };
        let asked = match self.known_at {
            KnownAt::Latest => None,
            KnownAt::Position(position) => Some(position),
            KnownAt::Recorded(_) => recorded_position,
        };
        let needed = self.min_position.max(asked);
        let reached = match needed {
            Some(needed) => wait_for(pool, model, needed, self.wait).await?,
            None => checkpoint(pool, model).await?,
        };
        Ok(Resolved {
            as_of: self.as_of,
            known_at: asked.unwrap_or(reached),
        })
    }
}

/// The position `model` has applied up to.
pub async fn checkpoint(pool: &PgPool, model: ReadModel) -> Result<Position, QueryError> {
    let stored: Option<i64> = sqlx::query_scalar(&format!(
        "SELECT position FROM {}.checkpoint",
        model.schema(Side::Live)
    ))
    .fetch_optional(pool)
    .await
    .map_err(|error| match &error {
        sqlx::Error::Database(database) if database.code().as_deref() == Some(UNDEFINED_TABLE) => {
            QueryError::NotBuilt(model)
        }
        _ => QueryError::Database(error),
    })?;
    let stored = stored.ok_or(QueryError::NotBuilt(model))?;
    Position::from_stored(stored).map_err(|error| QueryError::unreadable(model, error))
}

/// PostgreSQL's code for a table that does not exist, as when a read model was never built.
const UNDEFINED_TABLE: &str = "42P01";

/// Waits, at most `wait`, until `model` has applied `position`; returns the position reached.
/// It polls, backing off from a millisecond, because a command that has just returned is usually
/// applied within a few.
pub async fn wait_for(
    pool: &PgPool,
    model: ReadModel,
    position: Position,
    wait: Duration,
) -> Result<Position, QueryError> {
    let head: i64 = sqlx::query_scalar("SELECT position FROM event_log_head")
        .fetch_one(pool)
        .await?;
    let head = Position::from_stored(head).map_err(|error| QueryError::unreadable(model, error))?;
    if position > head {
        // No wait can bring a position the log has not reached.
        return Err(QueryError::NotRecorded {
            wanted: position,
            head,
        });
    }
    let deadline = tokio::time::Instant::now() + wait;
    let mut pause = Duration::from_millis(1);
    loop {
        let reached = checkpoint(pool, model).await?;
        if reached >= position {
            return Ok(reached);
        }
        let now = tokio::time::Instant::now();
        if now >= deadline {
            return Err(QueryError::NotCaughtUp {
                read_model: model,
                wanted: position,
                reached,
            });
        }
        tokio::time::sleep(pause.min(deadline - now)).await;
        pause = (pause * 2).min(Duration::from_millis(50));
    }
}

/// The last position recorded at or before `moment`; the genesis when none was.
pub(crate) async fn position_recorded_by(
    pool: &PgPool,
    model: ReadModel,
    moment: DateTime<Utc>,
) -> Result<Position, QueryError> {
    let recorded = eventlog::LogIndex::new(pool.clone())
        .position_recorded_by(moment)
        .await
        .map_err(|error| match error {
            eventlog::LookupError::Database(error) => QueryError::from(error),
            eventlog::LookupError::Position(error) => QueryError::unreadable(model, error),
        })?;
    Ok(recorded.unwrap_or(Position::GENESIS))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_valid_day_is_written_one_way_only() {
        assert_eq!(
            valid_day("2024-06-30"),
            Ok(NaiveDate::from_ymd_opt(2024, 6, 30).unwrap())
        );
        for text in [
            "2024-6-30",
            "+2024-06-30",
            "2024-06-30 ",
            "20240630",
            "2024/06/30",
            "2024-06-3x",
        ] {
            assert_eq!(
                valid_day(text),
                Err(ValidDayError::NotWrittenAsDay),
                "{text}"
            );
        }
        assert_eq!(valid_day("2023-02-30"), Err(ValidDayError::NotInCalendar));
    }
}
