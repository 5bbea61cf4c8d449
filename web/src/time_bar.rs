//! The time bar on every page: the day the page is about ("Läget den"), and what the register
//! knew ("så som registret kände till det"), a log position or a moment.
//!
//! Both are carried in the URL, so a link reproduces the same page. Left out, they are today (by
//! the state's clock) and everything recorded so far. A value that does not parse is not
//! guessed at: the page shows the register's message beside the field instead of an answer.

use chrono::NaiveDate;
use projections::{KnownAt, ReadAt, ValidDayError};
use serde::Deserialize;

/// The time bar's fields as the URL carries them, before they are read.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TimeBarQuery {
    pub as_of: Option<String>,
    pub known_at: Option<String>,
}

/// What is wrong with each field of the time bar, in Swedish, for the page to show beside it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TimeBarErrors {
    pub as_of: Option<String>,
    pub known_at: Option<String>,
}

/// The two clocks a page is read at.
#[derive(Debug, Clone)]
pub struct TimeBar {
    pub as_of: NaiveDate,
    pub known_at: KnownAt,
    /// The fields as the visitor wrote them, to put back in the form.
    pub as_of_text: String,
    pub known_at_text: String,
    pub errors: TimeBarErrors,
}

impl TimeBar {
    /// Reads the time bar from the URL's fields; an empty field takes its default.
    pub fn read(query: &TimeBarQuery, today: NaiveDate) -> TimeBar {
        let as_of_text = query.as_of.as_deref().unwrap_or_default().trim().to_owned();
        let known_at_text = query
            .known_at
            .as_deref()
            .unwrap_or_default()
            .trim()
            .to_owned();
        let mut errors = TimeBarErrors::default();
        let as_of = if as_of_text.is_empty() {
            today
        } else {
            parse_day(&as_of_text).unwrap_or_else(|message| {
                errors.as_of = Some(message);
                today
            })
        };
        let known_at = if known_at_text.is_empty() {
            KnownAt::Latest
        } else {
            known_at_text.parse().unwrap_or_else(|_| {
                errors.known_at = Some(format!(
                    "«{known_at_text}» är varken en position i registret, till exempel 1042, \
                     eller en tidpunkt, till exempel 2026-01-01T00:00:00Z."
                ));
                KnownAt::Latest
            })
        };
        TimeBar {
            as_of,
            known_at,
            as_of_text,
            known_at_text,
            errors,
        }
    }

    /// Whether both fields were read; a page answers only then.
    pub fn is_valid(&self) -> bool {
        self.errors == TimeBarErrors::default()
    }

    /// The time bar as a query for the read models.
    pub fn read_at(&self) -> ReadAt {
        ReadAt::on(self.as_of).known_at(self.known_at)
    }

    /// The time bar as a query string for links to other pages, empty when both fields take
    /// their defaults, so that a link carries only what the visitor chose.
    pub fn query(&self) -> String {
        let mut pairs = Vec::new();
        if !self.as_of_text.is_empty() {
            pairs.push(("as_of", self.as_of_text.as_str()));
        }
        if !self.known_at_text.is_empty() {
            pairs.push(("known_at", self.known_at_text.as_str()));
        }
        query_string(&pairs)
    }

    /// The query string that reproduces the page exactly, whenever it is opened: the day and the
    /// log position the answer was read at.
    pub fn pinned_query(&self, known_at: u64) -> String {
        query_string(&[
            ("as_of", self.as_of.to_string().as_str()),
            ("known_at", known_at.to_string().as_str()),
        ])
    }

    /// Marks the record time as one the register has not reached, with the register's reason.
    pub fn with_known_at_error(mut self, message: String) -> TimeBar {
        self.errors.known_at = Some(message);
        self
    }
}

fn query_string(pairs: &[(&str, &str)]) -> String {
    if pairs.is_empty() {
        return String::new();
    }
    match serde_urlencoded::to_string(pairs) {
        Ok(query) => format!("?{query}"),
        // Pairs of strings always encode; an empty query only loses the visitor's choice.
        Err(_) => String::new(),
    }
}

/// A day written as YYYY-MM-DD, or the Swedish reason it is not one.
pub fn parse_day(text: &str) -> Result<NaiveDate, String> {
    projections::valid_day(text).map_err(|error| match error {
        ValidDayError::NotWrittenAsDay => format!(
            "«{text}» är inte skrivet som ett datum. Skriv ÅÅÅÅ-MM-DD, till exempel 2024-06-30."
        ),
        ValidDayError::NotInCalendar => format!("{text} är inget datum i kalendern."),
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use eventlog::Position;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
    }

    fn read(as_of: &str, known_at: &str) -> TimeBar {
        TimeBar::read(
            &TimeBarQuery {
                as_of: Some(as_of.into()),
                known_at: Some(known_at.into()),
            },
            today(),
        )
    }

    #[test]
    fn empty_fields_are_today_and_everything_recorded() {
        let bar = TimeBar::read(&TimeBarQuery::default(), today());
        assert!(bar.is_valid());
        assert_eq!(bar.as_of, today());
        assert_eq!(bar.known_at, KnownAt::Latest);
        assert_eq!(bar.query(), "");
    }

    #[test]
    fn a_day_and_a_position_are_read_and_carried_on() {
        let bar = read("2024-06-30", "42");
        assert!(bar.is_valid());
        assert_eq!(bar.as_of, NaiveDate::from_ymd_opt(2024, 6, 30).unwrap());
        assert_eq!(bar.known_at, KnownAt::Position(Position::new(42).unwrap()));
        assert_eq!(bar.query(), "?as_of=2024-06-30&known_at=42");
        assert_eq!(bar.pinned_query(42), "?as_of=2024-06-30&known_at=42");
    }

    #[test]
    fn a_day_not_in_the_calendar_and_a_malformed_day_are_told_apart() {
        assert_eq!(
            read("2023-02-30", "").errors.as_of.as_deref(),
            Some("2023-02-30 är inget datum i kalendern.")
        );
        assert_eq!(
            read("30/6 2024", "").errors.as_of.as_deref(),
            Some(
                "«30/6 2024» är inte skrivet som ett datum. Skriv ÅÅÅÅ-MM-DD, till exempel \
                 2024-06-30."
            )
        );
    }

    #[test]
    fn a_record_time_that_is_neither_position_nor_moment_is_named() {
        let bar = read("", "igår");
        assert!(!bar.is_valid());
        assert_eq!(bar.errors.as_of, None);
        assert_eq!(
            bar.errors.known_at.as_deref(),
            Some(
                "«igår» är varken en position i registret, till exempel 1042, eller en \
                 tidpunkt, till exempel 2026-01-01T00:00:00Z."
            )
        );
    }
}
