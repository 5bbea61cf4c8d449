//! The appeal period (överklagandetid) of a decision that can be challenged by laglighetsprövning.
//!
//! Under Kommunallagen (2017:725) 13 kap. 5 § an appeal must reach the administrative court
//! within three weeks from the day the approval of the minutes was announced on the municipality's
//! official notice board (anslagstavla). Lag (1930:173) om beräkning av lagstadgad tid then moves a
//! time limit that ends on a Saturday, a Sunday, another public holiday (allmän helgdag),
//! midsommarafton, julafton or nyårsafton to the next day that is none of these.
//!
//! The public holidays are those of Lag (1989:253) om allmänna helgdagar as it has stood since
//! 2005, when nationaldagen replaced annandag pingst. Dates before 2005 are computed with the same
//! calendar, so a deadline around pentecost or 6 June in an older year may differ from the one that
//! applied then.
//!
//! Everything here is pure calendar arithmetic: the caller supplies the anslag date, and nothing
//! reads a clock.

use chrono::{Datelike, Days, NaiveDate, Weekday};

/// The length of the appeal period before any extension, because "three weeks from" the anslag
/// date ends on the same weekday three weeks later.
const THREE_WEEKS: Days = Days::new(21);

/// The appeal period of a published decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct AppealPeriod {
    /// The day the minutes were posted (anslag).
    pub posted_on: NaiveDate,
    /// Three weeks after posted_on, before any extension.
    pub three_weeks_after: NaiveDate,
    /// The last day an appeal can be lodged: three_weeks_after, moved to the next weekday that is not a holiday or a named eve under Lag (1930:173).
    pub last_day: NaiveDate,
}

impl AppealPeriod {
    /// The appeal period that starts when the minutes are posted on `posted_on`.
    ///
    /// The period ends three weeks later, and is extended day by day while that day is one on which
    /// a statutory time limit cannot end, because Lag (1930:173) lets the appeal be lodged on the
    /// next day that is neither a weekend, a public holiday nor a named eve. It returns `None` only
    /// when the dates would fall outside the range chrono can represent, since there is no
    /// meaningful deadline to report then.
    pub fn starting(posted_on: NaiveDate) -> Option<AppealPeriod> {
        let three_weeks_after = posted_on.checked_add_days(THREE_WEEKS)?;
        let mut last_day = three_weeks_after;
        while is_non_deadline_day(last_day) {
            last_day = last_day.succ_opt()?;
        }
        Some(AppealPeriod {
            posted_on,
            three_weeks_after,
            last_day,
        })
    }

    /// Whether an appeal lodged on `date` is within the period, both ends included, because the
    /// decision can be appealed from the day it is announced up to and including the last day.
    pub fn is_open_on(&self, date: NaiveDate) -> bool {
        self.posted_on <= date && date <= self.last_day
    }
}

/// Whether a day is one on which a statutory time limit cannot end under Lag (1930:173).
///
/// These are Saturdays, the public holidays of Lag (1989:253) (which include every Sunday), and
/// the three eves the 1930 act names: midsommarafton, julafton and nyårsafton. A deadline that
/// would end on such a day moves to the next day that is not one.
pub fn is_non_deadline_day(date: NaiveDate) -> bool {
    date.weekday() == Weekday::Sat || is_public_holiday(date) || is_named_eve(date)
}

/// Easter Sunday (påskdagen) of a year in the Gregorian calendar.
///
/// It uses the anonymous Gregorian algorithm (Meeus/Jones/Butcher), because långfredagen, annandag
/// påsk and Kristi himmelsfärdsdag are all counted from Easter Sunday. Euclidean division keeps the
/// algorithm valid for years before year 1 in the proleptic calendar. It returns `None` only when
/// the date lies outside the range chrono can represent.
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c.div_euclid(4);
    let k = c.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let n = h + l - 7 * m + 114;
    let month = u32::try_from(n.div_euclid(31)).ok()?;
    let day = u32::try_from(n.rem_euclid(31) + 1).ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// Whether a day is an allmän helgdag under Lag (1989:253), Sundays included.
///
/// Midsommardagen and alla helgons dag always fall on a Saturday, so they never change a deadline
/// on their own; they are listed anyway so that this function states the whole act.
fn is_public_holiday(date: NaiveDate) -> bool {
    if date.weekday() == Weekday::Sun {
        return true;
    }
    let fixed = matches!(
        (date.month(), date.day()),
        // Nyårsdagen, trettondedag jul, nationaldagen, juldagen and annandag jul.
        (1, 1) | (1, 6) | (6, 6) | (12, 25) | (12, 26)
    );
    fixed || is_midsommardagen(date) || is_alla_helgons_dag(date) || is_easter_holiday(date)
}

/// Whether a day is one of the holidays counted from Easter Sunday: långfredagen, påskdagen,
/// annandag påsk, Kristi himmelsfärdsdag or pingstdagen.
fn is_easter_holiday(date: NaiveDate) -> bool {
    let Some(easter) = easter_sunday(date.year()) else {
        return false;
    };
    let offset = date.signed_duration_since(easter).num_days();
    // Långfredagen is two days before, annandag påsk one day after, Kristi himmelsfärdsdag 39 days
    // after and pingstdagen 49 days after Easter Sunday.
    matches!(offset, -2 | 0 | 1 | 39 | 49)
}

/// Midsommardagen is the Saturday that falls between 20 and 26 June.
fn is_midsommardagen(date: NaiveDate) -> bool {
    date.weekday() == Weekday::Sat && date.month() == 6 && (20..=26).contains(&date.day())
}

/// Alla helgons dag is the Saturday that falls between 31 October and 6 November.
fn is_alla_helgons_dag(date: NaiveDate) -> bool {
    date.weekday() == Weekday::Sat
        && ((date.month() == 10 && date.day() == 31)
            || (date.month() == 11 && (1..=6).contains(&date.day())))
}

/// Whether a day is one of the eves Lag (1930:173) treats like a holiday even though Lag
/// (1989:253) does not: midsommarafton (the Friday between 19 and 25 June), julafton and
/// nyårsafton. Other eves, such as påskafton or allhelgonaafton, are ordinary days for a deadline
/// unless they fall on a weekend.
fn is_named_eve(date: NaiveDate) -> bool {
    let midsommarafton =
        date.weekday() == Weekday::Fri && date.month() == 6 && (19..=25).contains(&date.day());
    let julafton_or_nyarsafton = matches!((date.month(), date.day()), (12, 24) | (12, 31));
    midsommarafton || julafton_or_nyarsafton
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    /// The period posted on `posted` must end three weeks later on `three_weeks`, and the appeal
    /// must be lodged by `last`.
    fn assert_period(posted: &str, three_weeks: &str, last: &str) {
        let period = AppealPeriod::starting(date(posted)).unwrap();
        assert_eq!(
            period,
            AppealPeriod {
                posted_on: date(posted),
                three_weeks_after: date(three_weeks),
                last_day: date(last),
            },
            "posted on {posted}"
        );
    }

    #[test]
    fn easter_sunday_follows_the_gregorian_computus() {
        assert_eq!(easter_sunday(2024), Some(date("2024-03-31")));
        assert_eq!(easter_sunday(2025), Some(date("2025-04-20")));
        assert_eq!(easter_sunday(2026), Some(date("2026-04-05")));
        assert_eq!(easter_sunday(2027), Some(date("2027-03-28")));
        assert_eq!(easter_sunday(2038), Some(date("2038-04-25")));
        assert_eq!(easter_sunday(2285), Some(date("2285-03-22")));
    }

    #[test]
    fn easter_sunday_is_always_a_sunday_between_22_march_and_25_april() {
        for year in 1583..=3000 {
            let easter = easter_sunday(year).unwrap();
            assert_eq!(easter.weekday(), Weekday::Sun, "{year}");
            let earliest = NaiveDate::from_ymd_opt(year, 3, 22).unwrap();
            let latest = NaiveDate::from_ymd_opt(year, 4, 25).unwrap();
            assert!(earliest <= easter && easter <= latest, "{year}: {easter}");
        }
    }

    #[test]
    fn easter_sunday_outside_chronos_range_is_none() {
        assert_eq!(easter_sunday(i32::MAX), None);
        assert_eq!(easter_sunday(i32::MIN), None);
    }

    #[test]
    fn a_deadline_on_an_ordinary_weekday_is_not_moved() {
        // Monday 10 March to Monday 31 March 2025.
        assert_period("2025-03-10", "2025-03-31", "2025-03-31");
    }

    #[test]
    fn three_weeks_cross_a_month_end() {
        // Monday 12 May to Monday 2 June 2025.
        assert_period("2025-05-12", "2025-06-02", "2025-06-02");
    }

    #[test]
    fn three_weeks_cross_a_year_end() {
        // Monday 15 December 2025 to Monday 5 January 2026, the day before trettondedag jul.
        assert_period("2025-12-15", "2026-01-05", "2026-01-05");
    }

    #[test]
    fn a_deadline_on_trettondedag_jul_moves_to_the_next_day() {
        // Tuesday 6 January 2026 is trettondedag jul; Wednesday 7 January is a working day.
        assert_period("2025-12-16", "2026-01-06", "2026-01-07");
    }

    #[test]
    fn a_deadline_on_a_saturday_moves_to_monday() {
        // Saturday 25 October 2025, Sunday 26 October, Monday 27 October.
        assert_period("2025-10-04", "2025-10-25", "2025-10-27");
    }

    #[test]
    fn a_deadline_on_julafton_moves_past_christmas_and_the_weekend() {
        // Wednesday 24 December 2025 is julafton, Thursday 25 juldagen, Friday 26 annandag jul,
        // then Saturday 27 and Sunday 28; Monday 29 December is the last day.
        assert_period("2025-12-03", "2025-12-24", "2025-12-29");
    }

    #[test]
    fn a_deadline_on_nyarsafton_moves_past_nyarsdagen() {
        // Wednesday 31 December 2025 is nyårsafton, Thursday 1 January 2026 nyårsdagen; Friday
        // 2 January is the last day.
        assert_period("2025-12-10", "2025-12-31", "2026-01-02");
    }

    #[test]
    fn a_deadline_on_midsommarafton_moves_past_midsommar_weekend() {
        // Friday 20 June 2025 is midsommarafton, Saturday 21 midsommardagen, then Sunday 22.
        assert_period("2025-05-30", "2025-06-20", "2025-06-23");
    }

    #[test]
    fn a_deadline_on_langfredagen_moves_past_annandag_pask() {
        // Friday 3 April 2026 is långfredagen, Saturday 4 påskafton, Sunday 5 påskdagen and
        // Monday 6 annandag påsk; Tuesday 7 April is the last day.
        assert_period("2026-03-13", "2026-04-03", "2026-04-07");
    }

    #[test]
    fn a_deadline_on_kristi_himmelsfardsdag_moves_to_the_friday() {
        // Thursday 29 May 2025 is Kristi himmelsfärdsdag (Easter + 39); Friday 30 May is an
        // ordinary working day even though many take it off.
        assert_period("2025-05-08", "2025-05-29", "2025-05-30");
    }

    #[test]
    fn a_deadline_on_nationaldagen_on_a_weekday_moves_to_the_next_day() {
        // Thursday 6 June 2024 is nationaldagen; Friday 7 June is the last day.
        assert_period("2024-05-16", "2024-06-06", "2024-06-07");
    }

    #[test]
    fn a_deadline_on_alla_helgons_dag_moves_to_monday() {
        // Saturday 1 November 2025 is alla helgons dag, then Sunday 2; Monday 3 November.
        assert_period("2025-10-11", "2025-11-01", "2025-11-03");
    }

    #[test]
    fn a_deadline_on_a_leap_day_is_not_moved() {
        // Tuesday 8 February 2028 to Tuesday 29 February 2028.
        assert_period("2028-02-08", "2028-02-29", "2028-02-29");
    }

    #[test]
    fn every_holiday_and_named_eve_of_2025_is_a_non_deadline_day() {
        for day in [
            "2025-01-01", // nyårsdagen, Wednesday
            "2025-01-06", // trettondedag jul, Monday
            "2025-04-18", // långfredagen
            "2025-04-20", // påskdagen
            "2025-04-21", // annandag påsk
            "2025-05-29", // Kristi himmelsfärdsdag
            "2025-06-06", // nationaldagen, Friday
            "2025-06-08", // pingstdagen
            "2025-06-20", // midsommarafton
            "2025-06-21", // midsommardagen
            "2025-11-01", // alla helgons dag
            "2025-12-24", // julafton
            "2025-12-25", // juldagen
            "2025-12-26", // annandag jul
            "2025-12-31", // nyårsafton
        ] {
            assert!(is_non_deadline_day(date(day)), "{day}");
        }
    }

    #[test]
    fn the_public_holidays_are_told_apart_from_the_named_eves() {
        assert!(is_public_holiday(date("2025-06-21")), "midsommardagen");
        assert!(is_public_holiday(date("2025-11-01")), "alla helgons dag");
        assert!(is_public_holiday(date("2025-06-08")), "pingstdagen");
        assert!(!is_public_holiday(date("2025-06-20")), "midsommarafton");
        assert!(!is_public_holiday(date("2025-12-24")), "julafton");
        assert!(is_named_eve(date("2025-06-20")), "midsommarafton");
        assert!(is_named_eve(date("2025-12-31")), "nyårsafton");
    }

    #[test]
    fn ordinary_weekdays_and_unnamed_eves_are_deadline_days() {
        for day in [
            "2025-03-31", // an ordinary Monday
            "2025-04-17", // skärtorsdagen
            "2025-05-30", // the Friday after Kristi himmelsfärdsdag
            "2025-06-09", // annandag pingst, no longer a holiday since 2005
            "2025-06-19", // the Thursday before midsommarafton
            "2025-10-31", // allhelgonaafton, a Friday
            "2025-12-23", // the day before julafton
            "2026-01-05", // trettondagsafton
        ] {
            assert!(!is_non_deadline_day(date(day)), "{day}");
        }
    }

    #[test]
    fn the_period_is_open_from_the_posting_to_the_last_day() {
        let period = AppealPeriod::starting(date("2025-12-03")).unwrap();
        assert!(!period.is_open_on(date("2025-12-02")));
        assert!(period.is_open_on(date("2025-12-03")));
        assert!(period.is_open_on(date("2025-12-24")));
        assert!(period.is_open_on(date("2025-12-29")));
        assert!(!period.is_open_on(date("2025-12-30")));
    }

    #[test]
    fn a_period_beyond_chronos_range_is_none() {
        assert_eq!(AppealPeriod::starting(NaiveDate::MAX), None);
        // The last representable day, 31 December 262142, is nyårsafton (a Monday), so a period
        // ending on it would move to a day chrono cannot represent.
        let ends_on_max = NaiveDate::MAX.checked_sub_days(THREE_WEEKS).unwrap();
        assert_eq!(AppealPeriod::starting(ends_on_max), None);
        // Three days earlier the period ends on Friday 28 December 262142, an ordinary day.
        let ends_on_friday = ends_on_max.checked_sub_days(Days::new(3)).unwrap();
        assert_eq!(
            AppealPeriod::starting(ends_on_friday).map(|period| period.last_day),
            NaiveDate::from_ymd_opt(262_142, 12, 28)
        );
    }

    #[test]
    fn the_period_round_trips_through_json() {
        let period = AppealPeriod::starting(date("2025-05-12")).unwrap();
        let json = serde_json::to_string(&period).unwrap();
        assert_eq!(
            json,
            r#"{"posted_on":"2025-05-12","three_weeks_after":"2025-06-02","last_day":"2025-06-02"}"#
        );
        assert_eq!(serde_json::from_str::<AppealPeriod>(&json).unwrap(), period);
    }
}
