//! What every read-model endpoint shares: the two clocks (`as_of`, `known_at`), read-your-writes
//! (`min_position`), and cursor pagination, read once by the [`Reading`] extractor with today
//! taken from the state's [`Clock`], so that no handler reads a clock of its own.
//!
//! A page is cut from an answer pinned to one log position: the cursor carries the day and the
//! position of the first page, so every later page is cut from the very same answer even while
//! new events arrive. Pages therefore never skip or repeat an entry, and offsets are stable.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use chrono::NaiveDate;
use eventlog::Position;
use projections::{KnownAt, QueryError, ReadAt, RecordTimeError};
use serde::Deserialize;
use utoipa::IntoParams;

use super::extract::ApiQuery;
use super::problem::ApiError;
use super::AppState;

pub use register::clock::Clock;

/// A read's parameters ([`ReadParams`]) with today by the state's clock: what a read-model
/// handler takes instead of reading the query and the clock itself.
///
/// Extracting it refuses only a query that does not parse, as `ApiQuery<ReadParams>` did in the
/// same place among a handler's arguments. Whether the parameters make sense together (a limit
/// in range, a cursor of this `as_of`, a `known_at` that reads) is judged by
/// [`resolve`](Reading::resolve), which a handler calls after it has checked who is calling: a
/// caller without the right to read is told so before being told that a parameter is wrong.
#[derive(Debug, Clone)]
pub struct Reading {
    params: ReadParams,
    today: NaiveDate,
}

impl FromRequestParts<AppState> for Reading {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Reading, ApiError> {
        let ApiQuery(params) = ApiQuery::<ReadParams>::from_request_parts(parts, state).await?;
        Ok(Reading {
            params,
            today: state.clock.today(),
        })
    }
}

impl Reading {
    /// The moment to read and the page to cut, with today by the state's clock as the default
    /// `as_of`.
    pub fn resolve(&self) -> Result<(ReadAt, Paging), ApiError> {
        self.params.read_at(self.today)
    }

    /// How a read model's refusal of this read reads over HTTP: which parameter it names
    /// depends on what the request asked for.
    pub fn query_error(&self, error: QueryError) -> ApiError {
        from_query_error(error, &self.params)
    }
}

/// How many entries a page holds when the request does not say.
pub const DEFAULT_PAGE_SIZE: usize = 100;
/// The most entries a page may hold.
pub const MAX_PAGE_SIZE: usize = 1000;

/// When to read the register, and which page of the answer.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReadParams {
    /// The day the answer is about (valid time), as YYYY-MM-DD. Today, by the server's clock,
    /// when left out.
    #[param(value_type = Option<String>, format = Date, example = "2024-06-30")]
    #[serde(default, deserialize_with = "crate::extract::optional_calendar_day")]
    pub as_of: Option<NaiveDate>,
    /// What the register knew (record time): a log position such as `1042`, or an RFC 3339
    /// moment such as `2026-01-01T00:00:00Z`. Everything recorded so far when left out.
    #[param(example = "1042")]
    pub known_at: Option<String>,
    /// Wait, up to five seconds, until the read model has applied this log position: pass the
    /// `position` of a command's receipt to read your own write.
    #[param(minimum = 1, example = 1042)]
    pub min_position: Option<u64>,
    /// The `next_cursor` of the previous page.
    #[param(min_length = 1)]
    pub cursor: Option<String>,
    /// How many entries a page holds: 100 by default, at most 1000.
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<usize>,
}

/// Where a page starts in an answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    offset: usize,
    limit: usize,
}

/// A page's cursor: the day, the position the answer is pinned to, and where the page starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cursor {
    as_of: NaiveDate,
    known_at: Position,
    offset: usize,
}

impl Cursor {
    fn encode(&self) -> String {
        format!("{}~{}~{}", self.as_of, self.known_at.get(), self.offset)
    }

    fn decode(text: &str) -> Option<Cursor> {
        let mut parts = text.split('~');
        let as_of = parts.next()?.parse().ok()?;
        let known_at = Position::new(parts.next()?.parse().ok()?).ok()?;
        let offset = parts.next()?.parse().ok()?;
        parts.next().is_none().then_some(Cursor {
            as_of,
            known_at,
            offset,
        })
    }
}

fn malformed(parameter: &str, reason: impl Into<String>) -> ApiError {
    ApiError::MalformedParameter {
        parameter: parameter.to_owned(),
        reason: reason.into(),
    }
}

impl ReadParams {
    /// The moment to read and the page to cut. `today` is the default `as_of`. A handler takes
    /// a [`Reading`], which calls this with the state's clock.
    pub fn read_at(&self, today: NaiveDate) -> Result<(ReadAt, Paging), ApiError> {
        let limit = match self.limit {
            None => DEFAULT_PAGE_SIZE,
            Some(limit @ 1..=MAX_PAGE_SIZE) => limit,
            Some(_) => {
                return Err(malformed(
                    "limit",
                    format!("a page holds from 1 to {MAX_PAGE_SIZE} entries"),
                ))
            }
        };
        let mut read_at = ReadAt::on(self.as_of.unwrap_or(today));
        if let Some(known_at) = &self.known_at {
            read_at = read_at.known_at(parse_known_at(known_at)?);
        }
        if let Some(min_position) = self.min_position {
            // Position 0 is the empty log, which every read model has always reached; the
            // document says a position to wait for is 1 or more, and so does the server.
            if min_position == 0 {
                return Err(malformed(
                    "min_position",
                    "a position to wait for is 1 or more: pass the position of a receipt",
                ));
            }
            let min_position = Position::new(min_position)
                .map_err(|error| malformed("min_position", error.to_string()))?;
            read_at = read_at.min_position(min_position);
        }
        let mut offset = 0;
        if let Some(cursor) = &self.cursor {
            let cursor = Cursor::decode(cursor).ok_or_else(|| {
                malformed(
                    "cursor",
                    "not a cursor: pass a page's next_cursor unchanged",
                )
            })?;
            if self.as_of.is_some_and(|as_of| as_of != cursor.as_of) {
                return Err(malformed(
                    "cursor",
                    "the cursor belongs to another as_of; keep the parameters of the first page",
                ));
            }
            read_at.as_of = cursor.as_of;
            read_at.known_at = KnownAt::Position(cursor.known_at);
            offset = cursor.offset;
        }
        Ok((read_at, Paging { offset, limit }))
    }
}

/// `known_at` as a position or a moment.
fn parse_known_at(text: &str) -> Result<KnownAt, ApiError> {
    parse_record_time("known_at", text)
}

/// A record time given in the parameter `parameter`, as a position or a moment, as `known_at`
/// takes it; an error names that parameter.
pub fn parse_record_time(parameter: &str, text: &str) -> Result<KnownAt, ApiError> {
    text.parse()
        .map_err(|error: RecordTimeError| malformed(parameter, error.to_string()))
}

impl Paging {
    /// Cuts this page from `entries`, the whole answer as known at `known_at` on `as_of`, and
    /// returns it with the cursor of the next page, if there is one.
    pub fn cut<T>(
        &self,
        entries: Vec<T>,
        as_of: NaiveDate,
        known_at: u64,
    ) -> (Vec<T>, Option<String>) {
        let total = entries.len();
        let page: Vec<T> = entries
            .into_iter()
            .skip(self.offset)
            .take(self.limit)
            .collect();
        let end = self.offset.saturating_add(page.len());
        let next = (end < total)
            .then(|| Position::new(known_at).ok())
            .flatten()
            .map(|known_at| {
                Cursor {
                    as_of,
                    known_at,
                    offset: end,
                }
                .encode()
            });
        (page, next)
    }
}

impl Paging {
    /// How many entries of the answer this page skips, for a query that reads only its page.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// How many entries this page holds at most.
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// The cursor of the page after this one, for a query that read only this page (of
    /// `returned` entries) and found that `more` follow it.
    pub fn next_cursor(
        &self,
        returned: usize,
        more: bool,
        as_of: NaiveDate,
        known_at: u64,
    ) -> Option<String> {
        let known_at = Position::new(known_at).ok()?;
        more.then(|| {
            Cursor {
                as_of,
                known_at,
                offset: self.offset.saturating_add(returned),
            }
            .encode()
        })
    }
}

/// How a read model's refusals read over HTTP.
pub fn from_query_error(error: QueryError, params: &ReadParams) -> ApiError {
    match error {
        QueryError::NotCaughtUp { .. } | QueryError::NotBuilt(_) => {
            ApiError::NotCaughtUp(error.to_string())
        }
        QueryError::NotRecorded { wanted, .. } => {
            let field = if params.min_position == Some(wanted.get()) {
                "min_position"
            } else {
                "known_at"
            };
            ApiError::rule(field, "position.is_recorded", error.to_string())
        }
        QueryError::UnknownPage { .. } => malformed("cursor", error.to_string()),
        QueryError::Database(_) | QueryError::UnreadableRow { .. } => ApiError::failed(&error),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_keeps_its_day_and_is_the_default_of_a_reading() {
        let day = NaiveDate::from_ymd_opt(2024, 6, 30).unwrap();
        let reading = Reading {
            params: ReadParams::default(),
            today: Clock::fixed(day).today(),
        };
        let (read_at, _) = reading.resolve().unwrap();
        assert_eq!(read_at.as_of, day);
    }

    #[test]
    fn a_cursor_reads_back_as_written() {
        let cursor = Cursor {
            as_of: NaiveDate::from_ymd_opt(2024, 6, 30).unwrap(),
            known_at: Position::new(1042).unwrap(),
            offset: 200,
        };
        assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
        assert_eq!(Cursor::decode("2024-06-30~1042"), None);
        assert_eq!(Cursor::decode("2024-06-30~x~1"), None);
        assert_eq!(Cursor::decode("2024-06-30~1~1~1"), None);
    }

    #[test]
    fn pages_cover_an_answer_once_each() {
        let day = NaiveDate::from_ymd_opt(2024, 6, 30).unwrap();
        let params = ReadParams {
            limit: Some(2),
            ..ReadParams::default()
        };
        let (_, paging) = params.read_at(day).unwrap();
        let (first, next) = paging.cut(vec![1, 2, 3, 4, 5], day, 7);
        assert_eq!(first, vec![1, 2]);
        let params = ReadParams {
            limit: Some(2),
            cursor: next,
            ..ReadParams::default()
        };
        let (read_at, paging) = params.read_at(day).unwrap();
        assert_eq!(
            read_at.known_at,
            KnownAt::Position(Position::new(7).unwrap())
        );
        let (second, next) = paging.cut(vec![1, 2, 3, 4, 5], day, 7);
        assert_eq!(second, vec![3, 4]);
        let params = ReadParams {
            limit: Some(2),
            cursor: next,
            ..ReadParams::default()
        };
        let (_, paging) = params.read_at(day).unwrap();
        assert_eq!(paging.cut(vec![1, 2, 3, 4, 5], day, 7), (vec![5], None));
    }
}
