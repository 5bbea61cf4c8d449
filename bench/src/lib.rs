//! `samverkan bench`: measurements the issues ask for, each in a scratch database on the same
//! server as the register, dropped afterwards, so that a benchmark never touches the register.
//!
//! - [`append`]: how fast the event log takes appends, against the physical limit;
//! - [`membership`]: whether command latency stays flat as a body's history grows;
//! - [`decisions`]: whether recording a decision stays as fast as a body's meetings accumulate,
//!   and whether § numbers stay gapless when secretaries record at once;
//! - [`pages`]: how long the web app's server takes to answer each page, today and in the past;
//! - [`http`]: how many decisions and as-of reads per second the whole server answers over a real
//!   socket with many clients at once, against `SELECT 1` through sqlx;
//! - [`replay`]: how fast read models rebuild from a large log against reading it with COPY, and
//!   the latency of an as-of membership query with that log in the store;
//! - [`transition`]: how long a joint committee's transition takes to carry out, to preview and
//!   to check for readiness, and that carrying out does what the preview showed;
//! - [`verify`]: how fast the chain is verified online and from an export, and an export written.

pub mod append;
mod committee;
pub mod decisions;
pub mod http;
pub mod membership;
pub mod pages;
pub mod replay;
pub mod transition;
pub mod verify;

use std::future::Future;
use std::time::Duration;

use cqrs_es::AggregateError;
use domain::body::BodyError;
use domain::body_term::BodyTermError;
use domain::cooperation::CooperationError;
use domain::mandate::CategoryError;
use domain::meeting::MeetingError;
use domain::{MandatePeriodError, PartyCodeError};
use eventlog::VerifyError;
use sqlx::PgPool;

use register::database::{self, BootstrapError, BootstrapOptions, DatabaseSource};
use register::RegisterError;

/// Why a benchmark could not finish.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    #[error("nothing to measure: {0}")]
    NothingToMeasure(&'static str),
    #[error(transparent)]
    Bootstrap(#[from] BootstrapError),
    #[error("a benchmark statement failed: {0}")]
    Database(#[from] sqlx::Error),
    #[error("the event log refused an append: {0}")]
    Append(#[from] eventlog::AppendError),
    #[error("the event log could not be read: {0}")]
    Lookup(#[from] eventlog::LookupError),
    #[error("a benchmark cooperation command failed: {0}")]
    CooperationCommand(#[from] AggregateError<CooperationError>),
    #[error("a benchmark body command failed: {0}")]
    BodyCommand(#[from] AggregateError<BodyError>),
    #[error("a benchmark membership command failed: {0}")]
    BodyTermCommand(#[from] AggregateError<BodyTermError>),
    #[error("the benchmark's own fixture is invalid: {0}")]
    PartyFixture(#[from] PartyCodeError),
    #[error("the benchmark's own fixture is invalid: {0}")]
    PeriodFixture(#[from] MandatePeriodError),
    #[error("a benchmark writer stopped: {0}")]
    Writer(#[from] tokio::task::JoinError),
    #[error("the chain written by the benchmark does not verify: {0}")]
    Verify(#[from] VerifyError),
    #[error("a benchmark meeting command failed: {0}")]
    MeetingCommand(#[from] AggregateError<MeetingError>),
    /// The register's error carries the aggregate's own error type, which differs per command, so
    /// only its message is kept.
    #[error("a benchmark command was refused by the register: {0}")]
    Register(String),
    #[error("the benchmark's own fixture is invalid: {0}")]
    CategoryFixture(#[from] CategoryError),
    #[error("the benchmark's own fixture is invalid: day {ordinal} of {year} is not a date")]
    DateFixture { year: i32, ordinal: u32 },
    #[error("a benchmark replay failed: {0}")]
    Replay(#[from] projections::ProjectionError),
    /// Two replays of the same log built different rows: the figures would describe a broken
    /// read model.
    #[error("a second replay of the membership read model differs from the first: {0}")]
    ReplayDrift(String),
    #[error("a benchmark query failed: {0}")]
    Query(#[from] projections::QueryError),
    #[error("a benchmark read of the log failed: {0}")]
    LogRead(#[from] eventlog::LogReadError),
    #[error("a benchmark event could not be serialised: {0}")]
    Serialise(#[from] serde_json::Error),
    #[error("the benchmark's own fixture is invalid: {0}")]
    PositionFixture(#[from] eventlog::PositionOutOfRange),
    /// Concurrent secretaries left a gap or a duplicate in a body's § numbers.
    #[error("the § register is broken: {0}")]
    ParagraphsBroken(String),
    /// What the benchmark needs before it can measure could not be made, such as the seeds the
    /// binary loads for it.
    #[error("the benchmark could not be set up: {0}")]
    Setup(String),
    /// The server measured over a socket could not listen on the loopback address.
    #[error("the benchmark's server could not listen on 127.0.0.1: {0}")]
    Listen(std::io::Error),
    /// A request to the server measured over a socket got no answer at all, which a refusal
    /// would have been: the connection failed or was closed.
    #[error("a benchmark request got no answer from the server: {0}")]
    HttpRequest(#[from] hyper_util::client::legacy::Error),
    #[error("a benchmark answer could not be read to its end: {0}")]
    HttpAnswer(#[from] hyper::Error),
    #[error("the benchmark's own request is malformed: {0}")]
    HttpFixture(#[from] axum::http::Error),
    /// A read whose time is measured answered something else than 200, whose time would say
    /// nothing about reads.
    #[error("the as-of membership read answered {status}, not 200: {answer}")]
    ReadAnswered { status: u16, answer: String },
    /// The measured operation did not do what it should, so its figures are not reported.
    #[error("the benchmark's result is wrong, so no figures are reported: {0}")]
    WrongResult(String),
}

impl<E: std::error::Error> From<RegisterError<E>> for BenchError {
    fn from(error: RegisterError<E>) -> Self {
        BenchError::Register(error.to_string())
    }
}

/// Runs `work` in a fresh, migrated scratch database, which is dropped afterwards whatever
/// happened, so that failed runs leave nothing behind.
async fn in_scratch_database<T, F, Fut>(
    bootstrap: &BootstrapOptions,
    max_connections: u32,
    work: F,
) -> Result<(T, DatabaseSource), BenchError>
where
    F: FnOnce(PgPool) -> Fut,
    Fut: Future<Output = Result<T, BenchError>>,
{
    database::in_scratch_database(bootstrap, "samverkan_bench", max_connections, work).await
}

/// Latency of one command or query, in microseconds.
#[derive(Debug, Clone, Copy)]
pub struct Latency {
    pub median: f64,
    pub p95: f64,
    pub p99: f64,
}

/// The median, 95th and 99th percentile of `times`.
pub(crate) fn latency(times: Vec<Duration>) -> Latency {
    let mut micros: Vec<f64> = times.iter().map(|time| time.as_secs_f64() * 1e6).collect();
    micros.sort_by(f64::total_cmp);
    let percentile = |percent: usize| {
        let index = (micros.len() * percent / 100).min(micros.len().saturating_sub(1));
        micros.get(index).copied().unwrap_or_default()
    };
    Latency {
        p95: percentile(95),
        p99: percentile(99),
        median: median(micros),
    }
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or_default()
}
