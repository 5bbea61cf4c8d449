use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A mandate period (mandatperiod): four years from 1 January after an election year, such as
/// 2023–2026 or 2027–2030. Stored as its first year.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(try_from = "i32", into = "i32")]
#[schema(example = 2023)]
pub struct MandatePeriod(i32);

/// A year that does not begin a mandate period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{first_year} does not begin a mandate period: periods begin the year after an election, such as 2023 or 2027")]
pub struct MandatePeriodError {
    pub first_year: i32,
}

impl MandatePeriod {
    /// Swedish general elections are held every fourth year from 2022, so periods begin in years
    /// that leave 3 when divided by 4 (2019, 2023, 2027 …).
    pub fn beginning(first_year: i32) -> Result<Self, MandatePeriodError> {
        if first_year.rem_euclid(4) == 3 && (1900..=9995).contains(&first_year) {
            Ok(MandatePeriod(first_year))
        } else {
            Err(MandatePeriodError { first_year })
        }
    }

    /// The period a date falls in.
    pub fn containing(date: NaiveDate) -> Self {
        use chrono::Datelike;
        let year = date.year();
        MandatePeriod(year - (year - 3).rem_euclid(4))
    }

    pub fn first_year(self) -> i32 {
        self.0
    }

    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.0, 1, 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn last_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.0 + 3, 12, 31).unwrap_or(NaiveDate::MAX)
    }

    pub fn contains(self, date: NaiveDate) -> bool {
        self.first_day() <= date && date <= self.last_day()
    }
}

impl TryFrom<i32> for MandatePeriod {
    type Error = MandatePeriodError;

    fn try_from(first_year: i32) -> Result<Self, Self::Error> {
        MandatePeriod::beginning(first_year)
    }
}

impl From<MandatePeriod> for i32 {
    fn from(period: MandatePeriod) -> i32 {
        period.0
    }
}

impl fmt::Display for MandatePeriod {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}–{}", self.0, self.0 + 3)
    }
}

/// Days from `from` to `to`, both included; `to` open when the end is not known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DateRange {
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

impl DateRange {
    pub fn overlaps(&self, other: &DateRange) -> bool {
        let starts_before_other_ends = other.to.is_none_or(|end| self.from <= end);
        let other_starts_before_this_ends = self.to.is_none_or(|end| other.from <= end);
        starts_before_other_ends && other_starts_before_this_ends
    }

    pub fn contains(&self, date: NaiveDate) -> bool {
        self.from <= date && self.to.is_none_or(|end| date <= end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn periods_begin_the_year_after_an_election() {
        assert_eq!(
            MandatePeriod::beginning(2023).map(|p| p.to_string()),
            Ok("2023–2026".into())
        );
        assert_eq!(
            MandatePeriod::beginning(2024),
            Err(MandatePeriodError { first_year: 2024 })
        );
        assert_eq!(
            MandatePeriod::containing(date("2026-12-31")).first_year(),
            2023
        );
        assert_eq!(
            MandatePeriod::containing(date("2027-01-01")).first_year(),
            2027
        );
        assert_eq!(
            MandatePeriod::containing(date("2019-06-30")).first_year(),
            2019
        );
    }

    #[test]
    fn ranges_overlap_when_they_share_a_day() {
        let first = DateRange {
            from: date("2023-01-01"),
            to: Some(date("2024-06-30")),
        };
        let touching = DateRange {
            from: date("2024-06-30"),
            to: None,
        };
        let after = DateRange {
            from: date("2024-07-01"),
            to: None,
        };
        assert!(first.overlaps(&touching) && touching.overlaps(&first));
        assert!(!first.overlaps(&after) && !after.overlaps(&first));
    }
}
