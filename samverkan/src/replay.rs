//! `samverkan replay`: rebuilds read models with a progress bar, and reports what it did.

use std::time::Instant;

use indicatif::{ProgressBar, ProgressStyle};
use projections::{rebuild_all, Outcome, ProjectionError, ReadModel, RebuildReport};
use sqlx::PgPool;

use projections::wording::count;

/// Rebuilds `models` in one pass over the log and prints a report for each, and the pass's
/// time. Returns how many drifted, which is always 0 for a swap.
pub async fn run(
    pool: &PgPool,
    models: &[ReadModel],
    outcome: Outcome,
) -> Result<usize, ProjectionError> {
    let bar = progress_bar(models);
    let started = Instant::now();
    let reports = rebuild_all(pool, models, outcome, &mut |progress| {
        bar.set_length(progress.target.get().max(progress.position.get()));
        bar.set_position(progress.position.get());
    })
    .await;
    bar.finish_and_clear();
    let reports = reports?;
    for report in &reports {
        print!("{}", describe(report));
    }
    print!(
        "{}",
        describe_pass(&reports, started.elapsed().as_secs_f64())
    );
    Ok(reports
        .iter()
        .filter(|report| !report.drift.is_empty())
        .count())
}

fn progress_bar(models: &[ReadModel]) -> ProgressBar {
    // The bar draws on standard error and only at a terminal, so scripts and CI logs get the
    // report alone.
    let bar = ProgressBar::new(0);
    let style = ProgressStyle::with_template(
        "{prefix:>12} [{bar:40}] {pos}/{len} events, {per_sec}, {eta} left",
    );
    if let Ok(style) = style {
        bar.set_style(style.progress_chars("=> "));
    }
    match models {
        [model] => bar.set_prefix(model.name()),
        _ => bar.set_prefix("read models"),
    }
    bar
}

/// The line that closes a replay: how many read models one pass rebuilt, and how fast.
pub fn describe_pass(reports: &[RebuildReport], seconds: f64) -> String {
    let events = reports
        .iter()
        .map(|report| report.events)
        .max()
        .unwrap_or(0);
    let per_second = if seconds > 0.0 {
        events as f64 / seconds
    } else {
        0.0
    };
    format!(
        "{} in one pass over {} in {seconds:.1} s ({per_second:.0} events/s)\n",
        count(reports.len() as u64, "read model", "read models"),
        count(events, "event", "events"),
    )
}

/// The report a user reads after a replay.
pub fn describe(report: &RebuildReport) -> String {
    let mut text = match report.outcome {
        Outcome::Swap => format!(
            "{}: rebuilt from {} up to position {} and swapped in\n",
            report.read_model,
            count(report.events, "event", "events"),
            report.position
        ),
        Outcome::Check => format!(
            "{}: rebuilt from {} up to position {} and compared\n",
            report.read_model,
            count(report.events, "event", "events"),
            report.position
        ),
    };
    if report.outcome == Outcome::Check {
        if report.drift.is_empty() {
            text.push_str(&format!(
                "{}: no drift: the live tables equal a rebuild of the log\n",
                report.read_model
            ));
        }
        for table in &report.drift {
            text.push_str(&format!(
                "{}: DRIFT in {}: {} row(s) only in the live table, {} only in the rebuild\n",
                report.read_model, table.table, table.only_live, table.only_rebuilt
            ));
            for example in &table.examples {
                text.push_str(&format!("  {example}\n"));
            }
        }
    }
    text
}
