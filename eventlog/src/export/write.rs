//! Writes an export from the database: one snapshot, read in pages by position, so that a log of
//! any length is exported in constant memory and the file is one consistent moment of the log.

use std::io::Write;

use sqlx::{Postgres, Row, Transaction};

use super::format::{
    ExportEnd, ExportHeader, ExportLine, ExportedEvent, EXPORT_FORMAT, EXPORT_FORMAT_VERSION,
};
use crate::reader::{event_from_row, head_from_row, SELECT_HEAD};
use crate::{
    ChainHash, LogReadError, LogReader, Position, PositionRange, RangeError, GENESIS_HASH,
};

/// What an export wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportSummary {
    pub events: u64,
    pub first_position: Position,
    pub last_position: Position,
    pub last_hash: ChainHash,
    pub head_position: Position,
    pub head_hash: ChainHash,
}

/// Why an export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Read(#[from] LogReadError),
    #[error("could not write the export: {0}")]
    Write(#[from] std::io::Error),
    #[error(transparent)]
    Range(#[from] RangeError),
    #[error("the export would start after position {anchor}, but the log holds no row there to chain to; export from position 1, and verify it to find what is missing")]
    MissingAnchor { anchor: Position },
}

/// Told how an export is getting on, for a progress bar.
pub trait ExportProgress {
    /// The export began; about `expected` rows will follow.
    fn started(&mut self, expected: u64);
    /// `written` rows have been written so far.
    fn advanced(&mut self, written: u64);
}

/// Progress that nobody watches.
impl ExportProgress for () {
    fn started(&mut self, _: u64) {}
    fn advanced(&mut self, _: u64) {}
}

/// How many rows each page reads: large enough that round trips cost little, small enough that
/// a page of large payloads stays a few megabytes.
const PAGE_ROWS: i64 = 5_000;

const SELECT_PAGE: &str = "
SELECT position, recorded_at, aggregate_type, aggregate_id, sequence, event_type, event_version,
       payload::text AS payload, metadata::text AS metadata, hash
  FROM events
 WHERE position > $1 AND position <= $2
 ORDER BY position
 LIMIT $3";

/// Writes the rows in `range` (by default every stored row) to `out` as an export, with its header and closing line.
///
/// The rows are written as they are stored, whether or not they still chain: an export of an
/// altered log is the evidence an auditor verifies offline, so it must not hide what it found. A
/// range without an end runs to the last stored row, even one beyond the head.
pub async fn export_log(
    reader: &LogReader,
    range: PositionRange,
    out: &mut impl Write,
    progress: &mut impl ExportProgress,
) -> Result<ExportSummary, ExportError> {
    let mut snapshot = reader.begin_snapshot().await.map_err(LogReadError::from)?;
    let head = head_from_row(
        &sqlx::query(SELECT_HEAD)
            .fetch_one(&mut *snapshot)
            .await
            .map_err(LogReadError::from)?,
    )?;
    let from = range.first_position(head.position)?;
    let anchor = from.previous().unwrap_or(Position::GENESIS);
    let previous_hash = stored_hash(&mut snapshot, anchor).await?;

    write_line(
        out,
        &ExportLine::Header(ExportHeader {
            format: EXPORT_FORMAT.to_owned(),
            format_version: EXPORT_FORMAT_VERSION,
            from_position: from.get(),
            to_position: range.to.map(Position::get),
            previous_hash: previous_hash.to_string(),
            head_position: head.position.get(),
            head_hash: head.hash.to_string(),
        }),
    )?;
    let until = range.to.map_or(i64::MAX, Position::as_stored);
    let expected = range
        .to
        .unwrap_or(head.position)
        .get()
        .saturating_sub(anchor.get());
    progress.started(expected);

    let mut written = 0_u64;
    let mut last_position = anchor;
    let mut last_hash = previous_hash;
    loop {
        let rows = sqlx::query(SELECT_PAGE)
            .bind(last_position.as_stored())
            .bind(until)
            .bind(PAGE_ROWS)
            .fetch_all(&mut *snapshot)
            .await
            .map_err(LogReadError::from)?;
        for row in &rows {
            let event = event_from_row(row)?;
            write_line(out, &ExportLine::Event(ExportedEvent::from(&event)))?;
            last_position = event.position;
            last_hash = event.hash;
            written += 1;
        }
        progress.advanced(written);
        if rows.len() < PAGE_ROWS as usize {
            break;
        }
    }
    snapshot.commit().await.map_err(LogReadError::from)?;

    write_line(
        out,
        &ExportLine::End(ExportEnd {
            events: written,
            last_position: last_position.get(),
            last_hash: last_hash.to_string(),
            head_position: head.position.get(),
            head_hash: head.hash.to_string(),
        }),
    )?;
    out.flush()?;
    Ok(ExportSummary {
        events: written,
        first_position: from,
        last_position,
        last_hash,
        head_position: head.position,
        head_hash: head.hash,
    })
}

/// The stored hash at `anchor`, which the first exported row chains to.
async fn stored_hash(
    snapshot: &mut Transaction<'static, Postgres>,
    anchor: Position,
) -> Result<ChainHash, ExportError> {
    if anchor == Position::GENESIS {
        return Ok(GENESIS_HASH);
    }
    let row = sqlx::query("SELECT hash FROM events WHERE position = $1")
        .bind(anchor.as_stored())
        .fetch_optional(&mut **snapshot)
        .await
        .map_err(LogReadError::from)?;
    let Some(row) = row else {
        return Err(ExportError::MissingAnchor { anchor });
    };
    let bytes: Vec<u8> = row.try_get("hash").map_err(LogReadError::from)?;
    ChainHash::from_slice(&bytes).ok_or(ExportError::Read(LogReadError::MalformedHash {
        position: anchor,
        length: bytes.len(),
    }))
}

fn write_line(out: &mut impl Write, line: &ExportLine) -> Result<(), ExportError> {
    serde_json::to_writer(&mut *out, line).map_err(std::io::Error::from)?;
    out.write_all(b"\n")?;
    Ok(())
}
