//! `samverkan export`: writes an export file with a progress bar on standard error.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use eventlog::export::{export_log, ExportError, ExportProgress, ExportSummary};
use eventlog::{LogReader, PositionRange};
use indicatif::{ProgressBar, ProgressStyle};

/// Why `samverkan export` failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportFailure {
    #[error("cannot create {path}: {source}")]
    Create {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Export(#[from] ExportError),
}

/// Exports `range` to a new file at `path`. An existing file is not overwritten, so that an
/// earlier export kept as evidence cannot be lost to a slip of the keyboard.
pub async fn export_to_file(
    reader: &LogReader,
    range: PositionRange,
    path: &Path,
) -> Result<ExportSummary, ExportFailure> {
    let file = File::options()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|source| ExportFailure::Create {
            path: path.display().to_string(),
            source,
        })?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let mut progress = Bar::new();
    let summary = export_log(reader, range, &mut out, &mut progress).await;
    progress.bar.finish_and_clear();
    let summary = summary?;
    out.into_inner()
        .map_err(|error| ExportError::Write(error.into_error()))?
        .sync_all()
        .map_err(ExportError::Write)?;
    Ok(summary)
}

/// The progress bar; it draws on standard error and only at a terminal, so scripts get the
/// summary alone.
struct Bar {
    bar: ProgressBar,
}

impl Bar {
    fn new() -> Bar {
        let bar = ProgressBar::new(0);
        let style = ProgressStyle::with_template(
            "{prefix:>8} [{bar:40}] {pos}/{len} events, {per_sec}, {eta} left",
        );
        if let Ok(style) = style {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_prefix("export");
        Bar { bar }
    }
}

impl ExportProgress for Bar {
    fn started(&mut self, expected: u64) {
        self.bar.set_length(expected);
    }

    fn advanced(&mut self, written: u64) {
        self.bar
            .set_length(self.bar.length().unwrap_or(0).max(written));
        self.bar.set_position(written);
    }
}
