//! Whether recording a decision in a body's twentieth year is as fast as in its first, and
//! whether the § register stays gapless when secretaries record at once.
//!
//! A decision loads only its own meeting's stream, and the register finds the body's next § from
//! the end of a unique index, so a body's past meetings should not slow today's decision. This
//! benchmark gives one cooperation two committees: an old one with `history_years` years of
//! meetings (ten a year, ten decisions each) and a new one with none, and times the same
//! [`Register::record_decision`] on each, alternating between them. A decision id must be unique
//! in the whole register, not only in the body, so the register's check of it searches every
//! body's decisions, and both bodies share them; the new body is therefore also timed before the
//! history is written, which shows what grows with the register rather than with the body.
//!
//! Then several secretaries record decisions at once on the old body, each in a meeting of their
//! own on the same day, and the § numbers the store holds for that body and year must be exactly
//! 1, 2, … with none skipped or taken twice.

use std::fmt;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use domain::meeting::{MandateFinding, Meeting, MeetingCommand, NextParagraph, RecordDecision};
use domain::MandatePeriod;
use eventlog::command_bus;
use futures::future::join_all;
use sqlx::PgPool;
use uuid::Uuid;

use super::committee::{check_gapless, Committee, Fixture};
use super::{in_scratch_database, latency, BenchError, Latency};
use register::database::{BootstrapOptions, DatabaseSource};
use register::{Actor, RecordDecisionRequest, Register};

/// What to measure.
#[derive(Debug, Clone)]
pub struct DecisionBenchOptions {
    /// How many decisions to time on each body, and how many the secretaries record at once.
    pub decisions: u32,
    /// How many years of meetings the old body has before the current year.
    pub history_years: u16,
    /// How many secretaries record at once on the same body.
    pub writers: u16,
}

/// The old body's past: what it wrote to the log before the timed decisions.
#[derive(Debug, Clone, Copy)]
pub struct History {
    pub meetings: u64,
    /// Every event of the history: seat plans, appointments, meetings and their decisions.
    pub events: u64,
    /// The events of the history's meeting streams alone.
    pub meeting_events: u64,
    pub decisions: u64,
}

/// Several secretaries recording on one body at once.
#[derive(Debug, Clone, Copy)]
pub struct Concurrent {
    pub writers: u16,
    pub decisions: u32,
    pub year: i32,
    pub elapsed: Duration,
}

#[derive(Debug)]
pub struct DecisionBenchReport {
    pub source: DatabaseSource,
    pub decisions: u32,
    pub history_years: u16,
    pub history: History,
    /// The new body, timed before the old body's history was written.
    pub new_body_before_history: Latency,
    pub new_body: Latency,
    pub old_body: Latency,
    pub concurrent: Concurrent,
}

/// The year of the timed decisions: the first of the mandate period 2027–2030.
const CURRENT_YEAR: i32 = 2027;
/// The year of the concurrent secretaries, in the same mandate period, so that its § numbers
/// start at 1 and must end at exactly the number of decisions recorded.
const CONCURRENT_YEAR: i32 = CURRENT_YEAR + 1;
/// Meetings a year in the old body's history.
const MEETINGS_PER_YEAR: u16 = 10;
/// Agenda items of every meeting but the secretaries', each decided under its own §.
const ITEMS_PER_MEETING: u16 = 10;
/// Each body holds its timed meetings on consecutive days of one year, the new body twice as
/// many as the old one, which bounds the decisions per body.
const MAX_DECISIONS: u32 = 1000;
/// A century of meetings is already more than any body has; more would only lengthen the set-up.
const MAX_HISTORY_YEARS: u16 = 100;
/// The register tries a command that lost a race 20 times; with more writers than that, one of
/// them could lose every round.
const MAX_WRITERS: u16 = 16;

pub async fn run(
    bootstrap: &BootstrapOptions,
    options: &DecisionBenchOptions,
) -> Result<DecisionBenchReport, BenchError> {
    if options.decisions == 0 || options.decisions > MAX_DECISIONS {
        return Err(BenchError::NothingToMeasure(
            "--decisions must be from 1 to 1000: each body's timed meetings of ten decisions are held on consecutive days of one year",
        ));
    }
    if options.history_years > MAX_HISTORY_YEARS {
        return Err(BenchError::NothingToMeasure(
            "--history-years must be from 0 to 100",
        ));
    }
    if options.writers == 0 || options.writers > MAX_WRITERS {
        return Err(BenchError::NothingToMeasure(
            "--writers must be from 1 to 16: the register retries a lost race 20 times",
        ));
    }
    if u32::from(options.writers) > options.decisions {
        return Err(BenchError::NothingToMeasure(
            "--writers must not exceed --decisions: every secretary records at least one decision",
        ));
    }
    let max_connections = u32::from(options.writers) + 1;
    let (measured, source) = in_scratch_database(bootstrap, max_connections, |pool| async move {
        measure(pool, options).await
    })
    .await?;
    let (history, new_body_before_history, new_body, old_body, concurrent) = measured;
    Ok(DecisionBenchReport {
        source,
        decisions: options.decisions,
        history_years: options.history_years,
        history,
        new_body_before_history,
        new_body,
        old_body,
        concurrent,
    })
}

type Measured = (History, Latency, Latency, Latency, Concurrent);

async fn measure(pool: PgPool, options: &DecisionBenchOptions) -> Result<Measured, BenchError> {
    let register = Register::new(
        eventlog::EventLog::new(pool.clone()),
        Actor::operator("bench decisions"),
    );
    let fixture = Fixture::new()?;
    let first_history_year = CURRENT_YEAR - i32::from(options.history_years);
    let founded = day(first_history_year, 1)?;
    let current = MandatePeriod::containing(day(CURRENT_YEAR, 1)?);
    fixture.establish_cooperation(&register, founded).await?;

    let old_body = fixture
        .committee(
            &register,
            "Inköpsnämnden (benchmark, old)",
            founded,
            founded,
        )
        .await?;
    let new_body = fixture
        .committee(
            &register,
            "Inköpsnämnden (benchmark, new)",
            founded,
            day(CURRENT_YEAR, 1)?,
        )
        .await?;
    fixture.seat(&register, new_body.id, current).await?;

    // Each body's timed meetings are held on consecutive days of the current year, so that every
    // decision is recorded in a meeting no earlier than the one holding the body's latest §.
    let meetings_per_round = options.decisions.div_ceil(u32::from(ITEMS_PER_MEETING));
    let new_before = fixture
        .timed_slots(&register, new_body.id, 0, options.decisions)
        .await?;
    let new_after = fixture
        .timed_slots(
            &register,
            new_body.id,
            meetings_per_round,
            options.decisions,
        )
        .await?;

    analyze(&pool).await?;
    let mut before_times = Vec::new();
    for &(meeting_id, item) in &new_before {
        before_times.push(fixture.time_decision(&register, meeting_id, item).await?);
    }

    let history = fixture
        .write_history(&register, &pool, &old_body, first_history_year)
        .await?;
    let old_slots = fixture
        .timed_slots(&register, old_body.id, 0, options.decisions)
        .await?;

    analyze(&pool).await?;
    let (mut new_times, mut old_times) = (Vec::new(), Vec::new());
    for (&(new_meeting, new_item), &(old_meeting, old_item)) in new_after.iter().zip(&old_slots) {
        new_times.push(
            fixture
                .time_decision(&register, new_meeting, new_item)
                .await?,
        );
        old_times.push(
            fixture
                .time_decision(&register, old_meeting, old_item)
                .await?,
        );
    }

    analyze(&pool).await?;
    let concurrent = fixture
        .concurrent_secretaries(&register, &pool, old_body.id, options)
        .await?;
    Ok((
        history,
        latency(before_times),
        latency(new_times),
        latency(old_times),
        concurrent,
    ))
}

/// Brings the planner's statistics of the log up to date before a timed phase, as autovacuum
/// does on a live register. The benchmark writes years of history in seconds, before autovacuum
/// would look (and some servers, such as CI's, run without it), and with statistics that still
/// describe a nearly empty table the planner can filter every decision for a lookup that an
/// index answers; the figures would then measure the benchmark's bulk load, not the register.
async fn analyze(pool: &PgPool) -> Result<(), BenchError> {
    eventlog::baseline::analyze_log(pool).await?;
    Ok(())
}

/// The day `ordinal` (1 is 1 January) of `year`.
/// A meeting of a new committee of its own cooperation, held on `date` with `paragraphs`
/// decisions recorded through the register, one per item, for the pages benchmark to read.
/// Returns the meeting and the position after its first half of §§, a past moment at which
/// its pages still answer.
pub(crate) async fn meeting_with_paragraphs(
    register: &Register,
    date: NaiveDate,
    paragraphs: u16,
) -> Result<(Uuid, eventlog::Position), BenchError> {
    let fixture = Fixture::new()?;
    let established = day(2019, 1)?;
    fixture.establish_cooperation(register, established).await?;
    let committee = fixture
        .committee(
            register,
            "Inköpsnämnden (benchmark)",
            established,
            established,
        )
        .await?;
    fixture
        .seat(register, committee.id, MandatePeriod::containing(date))
        .await?;
    let meeting_id = fixture
        .hold_meeting(register, committee.id, date, paragraphs)
        .await?;
    let mut half_way = eventlog::Position::GENESIS;
    for item in 1..=paragraphs {
        let (_, written) = register
            .record_decision_written(
                meeting_id,
                RecordDecisionRequest {
                    decision_id: Uuid::new_v4(),
                    paragraph: None,
                    item,
                    content: fixture.content(),
                },
            )
            .await?;
        if item == paragraphs / 2 {
            half_way = written.position;
        }
    }
    Ok((meeting_id, half_way))
}

fn day(year: i32, ordinal: u32) -> Result<NaiveDate, BenchError> {
    NaiveDate::from_yo_opt(year, ordinal).ok_or(BenchError::DateFixture { year, ordinal })
}

impl Fixture {
    /// The old body's past: a seat plan and appointments for every mandate period the history
    /// touches and for the current one, and ten meetings a year of ten decisions each.
    ///
    /// Meetings are called and opened through the register, whose lookups here read only the
    /// body's own streams. Decisions are written straight to the meeting's stream with the facts
    /// the register would find (the next § of the year, the meeting holding the latest, the
    /// body's one mandate), because the register's lookups would make setting up a long history
    /// take longer than measuring it.
    async fn write_history(
        &self,
        register: &Register,
        pool: &PgPool,
        body: &Committee,
        first_year: i32,
    ) -> Result<History, BenchError> {
        let mut history = History {
            meetings: 0,
            events: 0,
            meeting_events: 0,
            decisions: 0,
        };
        let mut period = MandatePeriod::containing(day(first_year, 1)?);
        loop {
            history.events += self.seat(register, body.id, period).await?;
            if period.contains(day(CONCURRENT_YEAR, 1)?) {
                break;
            }
            period = MandatePeriod::beginning(period.first_year() + 4)?;
        }

        let bus = command_bus::<Meeting>(&eventlog::EventLog::new(pool.clone()), ());
        for year in first_year..CURRENT_YEAR {
            let mut next = NextParagraph {
                number: 1,
                latest_meeting_on: None,
            };
            for meeting in 0..MEETINGS_PER_YEAR {
                // The 15th day of the year and every 30 days after: ten meetings from January to
                // October.
                let date = day(year, 15 + 30 * u32::from(meeting))?;
                let meeting_id = self
                    .hold_meeting(register, body.id, date, ITEMS_PER_MEETING)
                    .await?;
                for item in 1..=ITEMS_PER_MEETING {
                    bus.execute(
                        &meeting_id.to_string(),
                        MeetingCommand::RecordDecision(RecordDecision {
                            decision_id: Uuid::new_v4(),
                            paragraph: next.number,
                            item,
                            content: self.content(),
                            next_paragraph: next,
                            mandate: MandateFinding::Within {
                                mandate_id: body.mandate_id,
                            },
                        }),
                    )
                    .await?;
                    next = NextParagraph {
                        number: next.number + 1,
                        latest_meeting_on: Some(date),
                    };
                }
                history.meetings += 1;
                history.decisions += u64::from(ITEMS_PER_MEETING);
                history.meeting_events += 2 + u64::from(ITEMS_PER_MEETING);
            }
        }
        history.events += history.meeting_events;
        Ok(history)
    }

    /// Holds the meetings for `decisions` timed decisions of the body in the current year, the
    /// first on day `first_meeting` after New Year's Day, and returns the (meeting, item) each
    /// decision is to be recorded under, in order.
    async fn timed_slots(
        &self,
        register: &Register,
        body_id: Uuid,
        first_meeting: u32,
        decisions: u32,
    ) -> Result<Vec<(Uuid, u16)>, BenchError> {
        let mut slots = Vec::new();
        let mut meeting = first_meeting;
        while u32::try_from(slots.len()).unwrap_or(u32::MAX) < decisions {
            let date = day(CURRENT_YEAR, 2 + meeting)?;
            let meeting_id = self
                .hold_meeting(register, body_id, date, ITEMS_PER_MEETING)
                .await?;
            slots.extend((1..=ITEMS_PER_MEETING).map(|item| (meeting_id, item)));
            meeting += 1;
        }
        slots.truncate(usize::try_from(decisions).unwrap_or(usize::MAX));
        Ok(slots)
    }

    /// Times one decision recorded through the register, which looks up its facts.
    async fn time_decision(
        &self,
        register: &Register,
        meeting_id: Uuid,
        item: u16,
    ) -> Result<Duration, BenchError> {
        let request = RecordDecisionRequest {
            decision_id: Uuid::new_v4(),
            paragraph: None,
            item,
            content: self.content(),
        };
        let started = Instant::now();
        register.record_decision(meeting_id, request).await?;
        Ok(started.elapsed())
    }

    /// `writers` secretaries, each with a meeting of their own on the same day, record
    /// `decisions` decisions on the body at once; then the § numbers the store holds for the body
    /// and year must be exactly 1 to `decisions`.
    async fn concurrent_secretaries(
        &self,
        register: &Register,
        pool: &PgPool,
        body_id: Uuid,
        options: &DecisionBenchOptions,
    ) -> Result<Concurrent, BenchError> {
        let date = day(CONCURRENT_YEAR, 100)?;
        let writers = u32::from(options.writers);
        let mut shares = Vec::new();
        for writer in 0..writers {
            let share =
                options.decisions / writers + u32::from(writer < options.decisions % writers);
            let items = u16::try_from(share).map_err(|_| {
                BenchError::NothingToMeasure("too many decisions for one meeting's agenda")
            })?;
            let meeting_id = self.hold_meeting(register, body_id, date, items).await?;
            shares.push((meeting_id, items));
        }

        let started = Instant::now();
        let tasks = shares.into_iter().map(|(meeting_id, items)| {
            let register = register.clone();
            let content = self.content();
            tokio::spawn(async move {
                let mut numbers = Vec::new();
                for item in 1..=items {
                    let request = RecordDecisionRequest {
                        decision_id: Uuid::new_v4(),
                        paragraph: None,
                        item,
                        content: content.clone(),
                    };
                    numbers.push(register.record_decision(meeting_id, request).await?.number);
                }
                Ok::<_, BenchError>(numbers)
            })
        });
        let mut returned = Vec::new();
        for joined in join_all(tasks).await {
            returned.extend(joined??);
        }
        let elapsed = started.elapsed();

        let stored = eventlog::LogIndex::new(pool.clone())
            .paragraph_numbers(body_id, CONCURRENT_YEAR)
            .await?;
        let stored: Vec<u32> = stored
            .into_iter()
            .map(|number| u32::try_from(number).unwrap_or(0))
            .collect();
        returned.sort_unstable();
        check_gapless(
            "the store holds",
            CONCURRENT_YEAR,
            &stored,
            options.decisions,
        )?;
        check_gapless(
            "the register returned",
            CONCURRENT_YEAR,
            &returned,
            options.decisions,
        )?;
        Ok(Concurrent {
            writers: options.writers,
            decisions: options.decisions,
            year: CONCURRENT_YEAR,
            elapsed,
        })
    }
}

impl fmt::Display for DecisionBenchReport {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let history = &self.history;
        writeln!(
            formatter,
            "decision latency: {} decisions per body, scratch database on {}",
            self.decisions, self.source
        )?;
        writeln!(
            formatter,
            "the old body has {} years of meetings before {}: {} meetings, {} decisions, {} events ({:.1} per meeting stream); the new body has none",
            self.history_years,
            CURRENT_YEAR,
            history.meetings,
            history.decisions,
            history.events,
            history.meeting_events as f64 / history.meetings.max(1) as f64
        )?;
        writeln!(
            formatter,
            "{:>22}  {:>11}  {:>8}",
            "body", "median µs", "p95 µs"
        )?;
        for (name, latency) in [
            ("new, before history", self.new_body_before_history),
            ("new", self.new_body),
            ("old", self.old_body),
        ] {
            writeln!(
                formatter,
                "{:>22}  {:>11.0}  {:>8.0}",
                name, latency.median, latency.p95
            )?;
        }
        writeln!(
            formatter,
            "old/new median latency: {:.2} (what the body's own history costs)",
            self.old_body.median / self.new_body.median.max(f64::EPSILON)
        )?;
        writeln!(
            formatter,
            "new after/before history median latency: {:.2} (what the rest of the register's history costs every body)",
            self.new_body.median / self.new_body_before_history.median.max(f64::EPSILON)
        )?;
        let concurrent = &self.concurrent;
        let seconds = concurrent.elapsed.as_secs_f64();
        writeln!(
            formatter,
            "{} secretaries recording {} decisions at once on the old body, each in their own meeting of the same day: {:.2} s, {:.0} decisions per second",
            concurrent.writers,
            concurrent.decisions,
            seconds,
            f64::from(concurrent.decisions) / seconds.max(f64::EPSILON)
        )?;
        writeln!(
            formatter,
            "§ 1–{} of {} are each held once: no gap, no duplicate",
            concurrent.decisions, concurrent.year
        )
    }
}
