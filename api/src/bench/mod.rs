//! `samverkan bench`: measurements the issues ask for, each in a scratch database on the same
//! server as the register, dropped afterwards, so that a benchmark never touches the register.
//!
//! - [`append`]: how fast the event log takes appends, against the physical limit;
//! - [`membership`]: whether command latency stays flat as a body's history grows.

pub mod append;
pub mod membership;

use std::future::Future;

use cqrs_es::AggregateError;
use domain::body::BodyError;
use domain::body_term::BodyTermError;
use domain::cooperation::CooperationError;
use domain::{MandatePeriodError, PartyCodeError};
use eventlog::VerifyError;
use sqlx::postgres::PgPoolOptions;
use sqlx::PgPool;
use uuid::Uuid;

use crate::database::{self, BootstrapError, BootstrapOptions, DatabaseSource};

/// Why a benchmark could not finish.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    #[error("nothing to measure: {0}")]
    NothingToMeasure(&'static str),
    #[error(transparent)]
    Bootstrap(#[from] BootstrapError),
    #[error("a benchmark statement failed: {0}")]
    Database(#[from] sqlx::Error),
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
    let server = database::locate_server(bootstrap).await?;
    let scratch = format!("samverkan_bench_{}", Uuid::new_v4().simple());
    let mut maintenance = server.maintenance_connection().await?;
    database::create_database(&mut maintenance, &scratch, None).await?;

    let outcome = async {
        let pool = server
            .pool_with(
                &scratch,
                PgPoolOptions::new().max_connections(max_connections),
            )
            .await?;
        let result = match database::migrate(&pool).await {
            Ok(()) => work(pool.clone()).await,
            Err(error) => Err(BootstrapError::from(error).into()),
        };
        pool.close().await;
        result
    }
    .await;

    let drop_statement = format!(
        "DROP DATABASE IF EXISTS {} WITH (FORCE)",
        database::quote_identifier(&scratch)
    );
    sqlx::raw_sql(&drop_statement)
        .execute(&mut maintenance)
        .await?;
    Ok((outcome?, server.source().clone()))
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or_default()
}
