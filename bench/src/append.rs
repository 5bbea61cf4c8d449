//! How fast the event log takes appends, against the physical limit of the same server.
//!
//! Five paths are measured with the same payload, one event per command:
//! - plain: a single-row INSERT into a table with postgres-es's columns and key, and nothing else;
//!   the physical limit of what postgres-es alone would store;
//! - plain, full shape: the same INSERT into a table with every column and index of `events`
//!   (position from a sequence, record time and hash as plain values) but no trigger; the
//!   physical limit of storing our rows, so the gap to it is what ordering and chaining cost;
//! - chained: the same INSERT into `events`, through the append trigger (position, hash, head), each
//!   in its own transaction;
//! - group commit: the same row through [`EventLog::append`], which writes the rows of writers that
//!   arrive together in one transaction, with one head-lock acquisition and one flush;
//! - cqrs-es: a whole command through cqrs-es and postgres-es (load the aggregate, decide, append),
//!   committed through the group commit as every command of the register is.

use std::fmt;
use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use domain::cooperation::{Cooperation, CooperationCommand, CooperationForm, EstablishCooperation};
use domain::{LegalBasis, PartyCode, PartyCodeError};
use eventlog::baseline::{create_baseline_tables, BaselineTable};
use eventlog::{
    append_events, command_bus, verify_chain, EventJson, EventLog, LogReader, NewEvent,
    PositionRange, VerifiedChain,
};
use sqlx::PgPool;
use uuid::Uuid;

use super::{in_scratch_database, median, BenchError};
use register::database::{BootstrapOptions, DatabaseSource};

/// What to measure.
#[derive(Debug, Clone)]
pub struct AppendBenchOptions {
    pub events: u32,
    pub writer_counts: Vec<u16>,
    /// Each path is measured this many times, alternating with the others, and the median kept,
    /// so that a checkpoint or autovacuum during one run does not decide the comparison.
    pub rounds: u16,
}

/// Appends per second of each path, for one number of concurrent writers.
#[derive(Debug, Clone, Copy)]
pub struct AppendRates {
    pub writers: u16,
    pub plain_inserts: f64,
    pub plain_full_shape_inserts: f64,
    pub chained_inserts: f64,
    pub group_commit_appends: f64,
    pub cqrs_commands: f64,
}

#[derive(Debug)]
pub struct AppendBenchReport {
    pub source: DatabaseSource,
    pub events: u32,
    pub rounds: u16,
    pub rates: Vec<AppendRates>,
    pub verified: VerifiedChain,
}

pub async fn run(
    bootstrap: &BootstrapOptions,
    options: &AppendBenchOptions,
) -> Result<AppendBenchReport, BenchError> {
    if options.events == 0
        || options.rounds == 0
        || options.writer_counts.is_empty()
        || options.writer_counts.contains(&0)
    {
        return Err(BenchError::NothingToMeasure(
            "--events and --rounds must be at least 1, and --writers must list numbers from 1",
        ));
    }
    let connections = u32::from(max_writers(options)) + 1;
    let ((rates, verified), source) =
        in_scratch_database(bootstrap, connections, |pool| async move {
            let rates = measure_all(&pool, options).await?;
            let verified = verify_chain(&LogReader::new(pool), PositionRange::default()).await?;
            Ok((rates, verified))
        })
        .await?;
    Ok(AppendBenchReport {
        source,
        events: options.events,
        rounds: options.rounds,
        rates,
        verified,
    })
}

const INSERT_COLUMNS: &str = "(aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata) VALUES ($1, $2, 1, 'CooperationEstablished', '1', $3, '{}')";

async fn measure_all(
    pool: &PgPool,
    options: &AppendBenchOptions,
) -> Result<Vec<AppendRates>, BenchError> {
    create_baseline_tables(pool).await?;
    let command = benchmark_command()?;
    let payload = serde_json::json!({ "CooperationEstablished": {
        "name": command.name, "form": command.form, "host": command.host,
        "parties": command.parties, "established_on": command.established_on, "bases": command.bases,
    }});
    let log = EventLog::new(pool.clone());
    let bus = Arc::new(command_bus::<Cooperation>(&log, ()));
    let insert_into = |table: Target| {
        let pool = pool.clone();
        let log = log.clone();
        let payload = payload.clone();
        move || insert_row(pool.clone(), log.clone(), table, payload.clone())
    };
    let execute_command = {
        let command = CooperationCommand::Establish(command);
        move || {
            let bus = Arc::clone(&bus);
            let command = command.clone();
            async move {
                bus.execute(&Uuid::new_v4().to_string(), command).await?;
                Ok(())
            }
        }
    };

    // Open every connection before timing anything.
    let warm_up = options.events.min(100);
    measure(
        max_writers(options),
        warm_up,
        insert_into(Target::Baseline(BaselineTable::Plain)),
    )
    .await?;

    let mut rates = Vec::new();
    for &writers in &options.writer_counts {
        let (mut plain, mut full_shape, mut chained, mut grouped, mut cqrs) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for _ in 0..options.rounds {
            plain.push(
                measure(
                    writers,
                    options.events,
                    insert_into(Target::Baseline(BaselineTable::Plain)),
                )
                .await?,
            );
            full_shape.push(
                measure(
                    writers,
                    options.events,
                    insert_into(Target::Baseline(BaselineTable::PlainFullShape)),
                )
                .await?,
            );
            chained.push(measure(writers, options.events, insert_into(Target::Log)).await?);
            grouped.push(measure(writers, options.events, insert_into(Target::GroupCommit)).await?);
            cqrs.push(measure(writers, options.events, execute_command.clone()).await?);
        }
        rates.push(AppendRates {
            writers,
            plain_inserts: median(plain),
            plain_full_shape_inserts: median(full_shape),
            chained_inserts: median(chained),
            group_commit_appends: median(grouped),
            cqrs_commands: median(cqrs),
        });
    }
    Ok(rates)
}

fn max_writers(options: &AppendBenchOptions) -> u16 {
    options.writer_counts.iter().copied().max().unwrap_or(1)
}

fn benchmark_command() -> Result<EstablishCooperation, PartyCodeError> {
    Ok(EstablishCooperation {
        name: "Inköpsnämnden (benchmark)".to_owned(),
        form: CooperationForm::JointCommittee,
        host: PartyCode::parse("04")?,
        parties: vec![PartyCode::parse("04")?, PartyCode::parse("19")?],
        established_on: NaiveDate::from_ymd_opt(2019, 1, 1).unwrap_or_default(),
        predecessor: None,
        bases: LegalBasis::ExternalDecision {
            issuer: "Regionfullmäktige Sörmland".to_owned(),
            decided_on: NaiveDate::from_ymd_opt(2018, 6, 12).unwrap_or_default(),
            reference: Some("§ 77".to_owned()),
            registry_number: None,
        }
        .into(),
    })
}

/// Where one measured insert goes: a table without the log's trigger, or the log itself, in a
/// transaction of its own or through the group commit.
#[derive(Debug, Clone, Copy)]
enum Target {
    Baseline(BaselineTable),
    Log,
    GroupCommit,
}

/// One event in its own transaction: the same row into a baseline table, or appended to the log
/// through its one append path.
async fn insert_row(
    pool: PgPool,
    log: EventLog,
    table: Target,
    payload: serde_json::Value,
) -> Result<(), BenchError> {
    let aggregate_id = Uuid::new_v4().to_string();
    let event = |aggregate_id: String| NewEvent {
        aggregate_type: "Cooperation".to_owned(),
        aggregate_id,
        sequence: 1,
        event_type: "CooperationEstablished".to_owned(),
        event_version: "1".to_owned(),
        json: EventJson::Rendered {
            payload: payload.clone(),
            metadata: serde_json::json!({}),
        },
    };
    match table {
        Target::Baseline(table) => {
            sqlx::query(&format!("INSERT INTO {} {INSERT_COLUMNS}", table.name()))
                .bind("Cooperation")
                .bind(aggregate_id)
                .bind(payload)
                .execute(&pool)
                .await?;
        }
        Target::Log => {
            let mut connection = pool.acquire().await?;
            append_events(&mut connection, &[event(aggregate_id)]).await?;
        }
        Target::GroupCommit => {
            log.append(vec![event(aggregate_id)]).await?;
        }
    }
    Ok(())
}

/// Runs `total` operations split over `writers` concurrent tasks and returns operations per second.
async fn measure<F, Fut>(writers: u16, total: u32, operation: F) -> Result<f64, BenchError>
where
    F: Fn() -> Fut + Send + Sync + Clone + 'static,
    Fut: Future<Output = Result<(), BenchError>> + Send,
{
    let writers = u32::from(writers);
    let started = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for writer in 0..writers {
        let share = total / writers + u32::from(writer < total % writers);
        let operation = operation.clone();
        tasks.spawn(async move {
            for _ in 0..share {
                operation().await?;
            }
            Ok::<_, BenchError>(())
        });
    }
    while let Some(result) = tasks.join_next().await {
        result??;
    }
    Ok(per_second(total, started.elapsed()))
}

fn per_second(operations: u32, elapsed: Duration) -> f64 {
    f64::from(operations) / elapsed.as_secs_f64().max(f64::EPSILON)
}

impl fmt::Display for AppendBenchReport {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            formatter,
            "event log appends: {} single-event transactions per measurement, median of {} rounds, scratch database on {}",
            self.events, self.rounds, self.source
        )?;
        writeln!(formatter, "appends per second:")?;
        writeln!(
            formatter,
            "{:>7}  {:>8}  {:>17}  {:>8}  {:>12}  {:>8}",
            "writers", "plain", "plain full shape", "chained", "group commit", "cqrs-es"
        )?;
        for rates in &self.rates {
            writeln!(
                formatter,
                "{:>7}  {:>8.0}  {:>17.0}  {:>8.0}  {:>12.0}  {:>8.0}",
                rates.writers,
                rates.plain_inserts,
                rates.plain_full_shape_inserts,
                rates.chained_inserts,
                rates.group_commit_appends,
                rates.cqrs_commands,
            )?;
        }
        writeln!(formatter, "ratios:")?;
        writeln!(
            formatter,
            "{:>7}  {:>13}  {:>24}  {:>18}  {:>13}",
            "writers",
            "chained/plain",
            "chained/plain full shape",
            "group commit/plain",
            "cqrs-es/plain"
        )?;
        for rates in &self.rates {
            writeln!(
                formatter,
                "{:>7}  {:>13.2}  {:>24.2}  {:>18.2}  {:>13.2}",
                rates.writers,
                rates.chained_inserts / rates.plain_inserts,
                rates.chained_inserts / rates.plain_full_shape_inserts,
                rates.group_commit_appends / rates.plain_inserts,
                rates.cqrs_commands / rates.plain_inserts,
            )?;
        }
        writeln!(
            formatter,
            "chain verified: {} events, head position {}, head hash {}",
            self.verified.events_checked, self.verified.head_position, self.verified.head_hash
        )
    }
}
