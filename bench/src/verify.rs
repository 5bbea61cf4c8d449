//! `samverkan bench verify`: how fast the chain is verified online and from an export, and how
//! fast an export is written, over a large log of real events with a checkpoint at its head.

use std::fmt;
use std::time::{Duration, Instant};

use eventlog::export::{export_log, verify_export};
use eventlog::{verify_log, ChainReport, LogReader, PositionRange};

use super::replay::{generate, per_second, EVENTS_PER_BODY};
use super::{in_scratch_database, BenchError};
use register::audit::checkpoints::{checkpoint_of, record_checkpoint};
use register::database::{BootstrapOptions, DatabaseSource};
use register::Actor;

#[derive(Debug, Clone, Copy)]
pub struct VerifyBenchOptions {
    pub events: u64,
}

#[derive(Debug)]
pub struct VerifyBenchReport {
    source: DatabaseSource,
    measured: Measured,
}

#[derive(Debug)]
struct Measured {
    events: u64,
    generated_in: Duration,
    online: Duration,
    export: Duration,
    export_bytes: u64,
    offline: Duration,
    /// The process's peak resident memory after everything, where the system says.
    peak_memory_bytes: Option<u64>,
}

pub async fn run(
    bootstrap: &BootstrapOptions,
    options: &VerifyBenchOptions,
) -> Result<VerifyBenchReport, BenchError> {
    if options.events == 0 {
        return Err(BenchError::NothingToMeasure("--events must be at least 1"));
    }
    let bodies = options.events.div_ceil(EVENTS_PER_BODY);
    let file = std::env::temp_dir().join(format!(
        "samverkan-bench-verify-{}.jsonl",
        uuid::Uuid::new_v4().simple()
    ));
    let outcome = in_scratch_database(bootstrap, 2, |pool| {
        let file = file.clone();
        async move {
            let started = Instant::now();
            generate(&pool, bodies).await?;
            record_checkpoint(&pool, Actor::operator("bench"), "the benchmark's own head")
                .await
                .map_err(|error| BenchError::WrongResult(error.to_string()))?;
            let generated_in = started.elapsed();
            let reader = LogReader::new(pool.clone());

            let started = Instant::now();
            let online = verify_log(
                &reader,
                PositionRange::default(),
                Vec::new(),
                &checkpoint_of,
            )
            .await?;
            let online_time = started.elapsed();

            let started = Instant::now();
            let mut out = std::io::BufWriter::with_capacity(
                1 << 20,
                std::fs::File::create(&file).map_err(write_failed)?,
            );
            export_log(&reader, PositionRange::default(), &mut out, &mut ())
                .await
                .map_err(|error| BenchError::WrongResult(error.to_string()))?;
            drop(out);
            let export_time = started.elapsed();
            let export_bytes = std::fs::metadata(&file).map_err(write_failed)?.len();

            let started = Instant::now();
            let offline = verify_export(&file, Vec::new(), &checkpoint_of)
                .map_err(|error| BenchError::WrongResult(error.to_string()))?;
            let offline_time = started.elapsed();

            check(&online, &offline)?;
            Ok(Measured {
                events: online.events_checked,
                generated_in,
                online: online_time,
                export: export_time,
                export_bytes,
                offline: offline_time,
                peak_memory_bytes: peak_resident_memory(),
            })
        }
    })
    .await;
    // The file is the benchmark's own; it goes whatever happened.
    let _ = std::fs::remove_file(&file);
    let (measured, source) = outcome?;
    Ok(VerifyBenchReport { source, measured })
}

/// Figures are reported only for verifications that found the whole log intact, its checkpoint
/// holding, and agree with each other.
fn check(online: &ChainReport, offline: &ChainReport) -> Result<(), BenchError> {
    if !online.is_intact() || online.heads.len() != 1 {
        return Err(BenchError::WrongResult(format!(
            "the online verification did not find the log intact with its checkpoint: {online:?}"
        )));
    }
    if online != offline {
        return Err(BenchError::WrongResult(
            "the offline verification reported otherwise than the online one".to_owned(),
        ));
    }
    Ok(())
}

/// The peak resident memory of this process (Linux's `VmHWM`), to show that exporting and
/// verifying a large log take memory that does not grow with it; `None` elsewhere.
fn peak_resident_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|line| line.starts_with("VmHWM:"))?;
    let kilobytes: u64 = line
        .trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kilobytes * 1024)
}

fn write_failed(error: std::io::Error) -> BenchError {
    BenchError::WrongResult(format!("the benchmark's export file failed: {error}"))
}

impl fmt::Display for VerifyBenchReport {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = &self.source;
        let this = &self.measured;
        writeln!(
            formatter,
            "verify: {} events with a checkpoint at the head, generated through the append trigger in {:.1} s, scratch database on {}",
            this.events,
            this.generated_in.as_secs_f64(),
            source
        )?;
        writeln!(
            formatter,
            "{:>28}  {:>9}  {:>12}",
            "", "seconds", "events/s"
        )?;
        let mut line = |name: &str, time: Duration| {
            writeln!(
                formatter,
                "{name:>28}  {:>9.2}  {:>12.0}",
                time.as_secs_f64(),
                per_second(this.events, time)
            )
        };
        line("verify online (database)", this.online)?;
        line("export", this.export)?;
        line("verify offline (export)", this.offline)?;
        writeln!(
            formatter,
            "export file: {:.1} MB ({:.0} bytes per event)",
            this.export_bytes as f64 / 1e6,
            this.export_bytes as f64 / this.events.max(1) as f64
        )?;
        match this.peak_memory_bytes {
            Some(bytes) => writeln!(
                formatter,
                "peak resident memory of the process: {:.1} MB",
                bytes as f64 / 1e6
            ),
            None => writeln!(formatter, "peak resident memory: not known on this system"),
        }
    }
}
