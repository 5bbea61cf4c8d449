//! Verifies an export without a database: the same walk as the online verification, over the
//! file's lines, with the same report. The file is read twice at most, one line at a time, so a
//! file of any length is verified in constant memory: once to walk the chain, and once more only
//! when a checkpoint or a given head needs the hash at a position already passed.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};

use super::format::{ExportEnd, ExportHeader, ExportLine, EXPORT_FORMAT, EXPORT_FORMAT_VERSION};
use crate::claims::{check_heads, positions_needed, ProvenStretch, PublishedHead};
use crate::verify::report;
use crate::{
    ChainBreak, ChainHash, ChainReport, ChainWalk, CheckpointReader, Position, RecordedEvent,
    GENESIS_HASH,
};

/// Why an export could not be verified at all. Evidence that it was altered is the report's
/// finding instead.
#[derive(Debug, thiserror::Error)]
pub enum OfflineVerifyError {
    #[error("cannot read {path}: {source}")]
    Unreadable {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is not a Samverkan export: {reason}")]
    NotAnExport { path: PathBuf, reason: String },
    #[error("{path} is an export of format version {version}; this verifier reads version {EXPORT_FORMAT_VERSION}")]
    UnsupportedVersion { path: PathBuf, version: u32 },
    #[error("the checkpoint at position {position} cannot be read: {reason}")]
    UnreadableCheckpoint { position: Position, reason: String },
    #[error("{path} changed while it was being verified; verify a copy that nothing writes to")]
    ChangedDuringVerification { path: PathBuf },
}

/// Verifies the export at `path`, judging every checkpoint in it and every head in `given`.
pub fn verify_export(
    path: &Path,
    given: Vec<PublishedHead>,
    checkpoint_of: CheckpointReader<'_>,
) -> Result<ChainReport, OfflineVerifyError> {
    let mut lines = Lines::open(path)?;
    let header = read_header(&mut lines)?;
    let not_an_export = |reason: &str| OfflineVerifyError::NotAnExport {
        path: path.to_owned(),
        reason: reason.to_owned(),
    };
    let from = Position::new(header.from_position)
        .ok()
        .filter(|from| *from > Position::GENESIS)
        .ok_or_else(|| not_an_export("the header's from_position is not a position from 1"))?;
    let head_position = Position::new(header.head_position)
        .map_err(|_| not_an_export("the header's head_position is not a position"))?;
    let head_hash = ChainHash::from_hex(&header.head_hash)
        .ok_or_else(|| not_an_export("the header's head_hash is not 64 hexadecimal digits"))?;
    let to = match header.to_position {
        Some(to) => Some(
            Position::new(to)
                .map_err(|_| not_an_export("the header's to_position is not a position"))?,
        ),
        None => None,
    };
    let anchor = from.previous().unwrap_or(Position::GENESIS);
    // The chain starts from 32 zero bytes by definition; only a partial export trusts the hash
    // its header gives.
    let anchor_hash = if anchor == Position::GENESIS {
        GENESIS_HASH
    } else {
        ChainHash::from_hex(&header.previous_hash).ok_or_else(|| {
            not_an_export("the header's previous_hash is not 64 hexadecimal digits")
        })?
    };

    let mut walk = ChainWalk::after(anchor, anchor_hash);
    let mut heads = Vec::new();
    let mut finding = None;
    let mut end = None;
    loop {
        let expected = walk.expected();
        let line = match lines.next_line()? {
            NextLine::End => {
                finding = Some(ChainBreak::Truncated { position: expected });
                break;
            }
            NextLine::Partial => {
                finding = Some(ChainBreak::Truncated { position: expected });
                break;
            }
            NextLine::Complete(text) => text,
        };
        let event = match serde_json::from_str::<ExportLine>(&line) {
            Ok(ExportLine::Event(exported)) => exported.into_recorded(),
            Ok(ExportLine::End(closing)) => {
                end = Some(closing);
                break;
            }
            Ok(ExportLine::Header(_)) | Err(_) => None,
        };
        let Some(event) = event else {
            finding = Some(ChainBreak::UnreadableRow {
                position: expected,
                line: lines.number,
            });
            break;
        };
        if event.position == expected && expected > head_position {
            finding = Some(ChainBreak::RowBeyondHead { position: expected });
            break;
        }
        if let Err(chain_break) = walk.step(&event) {
            finding = Some(place_break(chain_break, &mut lines)?);
            break;
        }
        if let Some(published) =
            checkpoint_of(&event).map_err(|reason| OfflineVerifyError::UnreadableCheckpoint {
                position: event.position,
                reason,
            })?
        {
            heads.push(published);
        }
    }

    if let (None, Some(closing)) = (finding, &end) {
        finding = check_closing(
            &mut lines,
            &header,
            closing,
            &walk,
            to,
            head_position,
            head_hash,
        )?;
    }
    let to_head = to.is_none_or(|to| to == head_position) && finding.is_none();
    heads.extend(given);
    let stretch = ProvenStretch {
        anchor,
        last: walk.last_position(),
        to_head,
    };
    let needed = positions_needed(&heads, stretch);
    let mut hashes = hashes_at(path, anchor, &needed)?;
    hashes.insert(anchor, anchor_hash);
    let checked = check_heads(heads, stretch, &hashes);
    Ok(report(
        from,
        &walk,
        head_position,
        head_hash,
        checked,
        finding,
    ))
}

/// The closing line must repeat what the rows showed and the header's head, nothing may follow
/// it, and the rows must have reached the end the header asked for.
pub(super) fn check_closing(
    lines: &mut Lines,
    header: &ExportHeader,
    closing: &ExportEnd,
    walk: &ChainWalk,
    to: Option<Position>,
    head_position: Position,
    head_hash: ChainHash,
) -> Result<Option<ChainBreak>, OfflineVerifyError> {
    let last = walk.last_position();
    if closing.last_position > last.get() {
        return Ok(Some(ChainBreak::MissingRow {
            position: walk.expected(),
        }));
    }
    let agrees = closing.events == walk.events_checked()
        && closing.last_position == last.get()
        && ChainHash::from_hex(&closing.last_hash) == Some(walk.last_hash())
        && closing.head_position == header.head_position
        && closing.head_hash == header.head_hash
        && matches!(lines.next_line()?, NextLine::End);
    if !agrees {
        return Ok(Some(ChainBreak::ClosingLineMismatch { position: last }));
    }
    let end = to.unwrap_or(head_position);
    if last < end {
        return Ok(Some(ChainBreak::MissingRow {
            position: walk.expected(),
        }));
    }
    if last == head_position && walk.last_hash() != head_hash {
        return Ok(Some(ChainBreak::HeadMismatch {
            position: head_position,
            head_hash,
            row_hash: walk.last_hash(),
        }));
    }
    Ok(None)
}

/// A row found where another belongs is a missing row when the one that belongs there never
/// comes, as the online verification reports a deleted row; otherwise the rows were reordered.
fn place_break(
    chain_break: ChainBreak,
    lines: &mut Lines,
) -> Result<ChainBreak, OfflineVerifyError> {
    let ChainBreak::Misplaced { position, found } = chain_break else {
        return Ok(chain_break);
    };
    if found < position {
        return Ok(chain_break);
    }
    while let NextLine::Complete(text) = lines.next_line()? {
        if let Ok(ExportLine::Event(exported)) = serde_json::from_str::<ExportLine>(&text) {
            if exported.position == position.get() {
                return Ok(chain_break);
            }
        }
    }
    Ok(ChainBreak::MissingRow { position })
}

pub(super) fn read_header(lines: &mut Lines) -> Result<ExportHeader, OfflineVerifyError> {
    let path = lines.path.clone();
    let not_an_export = |reason: String| OfflineVerifyError::NotAnExport {
        path: path.clone(),
        reason,
    };
    let NextLine::Complete(first) = lines.next_line()? else {
        return Err(not_an_export("it has no complete first line".to_owned()));
    };
    let header = match serde_json::from_str::<ExportLine>(&first) {
        Ok(ExportLine::Header(header)) => header,
        Ok(_) => return Err(not_an_export("its first line is not a header".to_owned())),
        Err(error) => return Err(not_an_export(format!("its first line: {error}"))),
    };
    if header.format != EXPORT_FORMAT {
        return Err(not_an_export(format!(
            "its header names the format {:?}, not {EXPORT_FORMAT:?}",
            header.format
        )));
    }
    if header.format_version != EXPORT_FORMAT_VERSION {
        return Err(OfflineVerifyError::UnsupportedVersion {
            path,
            version: header.format_version,
        });
    }
    Ok(header)
}

/// The stored hash at each of `positions`, read from a file whose walk proved that the n-th line
/// after the header holds position `anchor + n`.
fn hashes_at(
    path: &Path,
    anchor: Position,
    positions: &[Position],
) -> Result<BTreeMap<Position, ChainHash>, OfflineVerifyError> {
    let mut hashes = BTreeMap::new();
    let Some(last) = positions.last() else {
        return Ok(hashes);
    };
    let changed = || OfflineVerifyError::ChangedDuringVerification {
        path: path.to_owned(),
    };
    let mut lines = Lines::open(path)?;
    lines.next_line()?;
    let mut wanted = positions.iter().peekable();
    let mut position = anchor;
    while position < *last {
        position = position.next();
        let NextLine::Complete(text) = lines.next_line()? else {
            return Err(changed());
        };
        if wanted.peek() != Some(&&position) {
            continue;
        }
        wanted.next();
        let Ok(ExportLine::Event(exported)) = serde_json::from_str::<ExportLine>(&text) else {
            return Err(changed());
        };
        let event: RecordedEvent = exported.into_recorded().ok_or_else(changed)?;
        if event.position != position {
            return Err(changed());
        }
        hashes.insert(position, event.hash);
    }
    Ok(hashes)
}

/// The lines of a file, one at a time, numbered from 1.
pub(super) struct Lines {
    path: PathBuf,
    reader: BufReader<File>,
    buffer: String,
    pub(super) number: u64,
}

pub(super) enum NextLine {
    Complete(String),
    /// The file ends inside a line: it was cut short there.
    Partial,
    End,
}

impl Lines {
    pub(super) fn open(path: &Path) -> Result<Lines, OfflineVerifyError> {
        let file = File::open(path).map_err(|source| OfflineVerifyError::Unreadable {
            path: path.to_owned(),
            source,
        })?;
        Ok(Lines {
            path: path.to_owned(),
            reader: BufReader::with_capacity(1 << 20, file),
            buffer: String::new(),
            number: 0,
        })
    }

    pub(super) fn next_line(&mut self) -> Result<NextLine, OfflineVerifyError> {
        self.buffer.clear();
        let read = self.reader.read_line(&mut self.buffer).map_err(|source| {
            OfflineVerifyError::Unreadable {
                path: self.path.clone(),
                source,
            }
        })?;
        if read == 0 {
            return Ok(NextLine::End);
        }
        self.number += 1;
        match self.buffer.strip_suffix('\n') {
            Some(line) => Ok(NextLine::Complete(line.to_owned())),
            None => Ok(NextLine::Partial),
        }
    }
}
