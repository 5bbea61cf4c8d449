//! Where the register's faces take today from.

use chrono::NaiveDate;

/// Where the server takes today from: the `as_of` of a read that names no day.
///
/// The server reads the local date; a test can fix the day, so that an answer that depends on
/// today (a read without `as_of`) is the same on every day the test runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Clock {
    /// The day every read takes as today, when fixed; the local date when not.
    fixed_day: Option<NaiveDate>,
}

impl Clock {
    /// The server's own clock: today is the local date when it is asked.
    pub fn local() -> Clock {
        Clock { fixed_day: None }
    }

    /// A clock on which it is always `day`.
    pub fn fixed(day: NaiveDate) -> Clock {
        Clock {
            fixed_day: Some(day),
        }
    }

    /// Today by this clock.
    pub fn today(&self) -> NaiveDate {
        self.fixed_day
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }
}
