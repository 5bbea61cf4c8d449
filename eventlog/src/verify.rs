//! Recomputes the hash chain and names the first position where the stored log departs from it,
//! from the chain itself or from a head published outside it (a checkpoint, or a head the auditor
//! gives).

use std::collections::BTreeMap;
use std::num::NonZeroU32;

use futures::TryStreamExt;

use crate::claims::{check_heads, positions_needed, CheckedHead, ProvenStretch, PublishedHead};
use crate::{
    ChainBreak, ChainHash, ChainWalk, LogReadError, LogReader, Position, PositionRange, RangeError,
    RecordedEvent, GENESIS_HASH,
};

/// The outcome of a verification that found the chain intact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerifiedChain {
    pub events_checked: u64,
    /// The last position checked and its hash: the head of the log when the whole log was checked.
    pub last_position: Position,
    pub last_hash: ChainHash,
    /// The head of the log when the verification began.
    pub head_position: Position,
    pub head_hash: ChainHash,
}

/// What a verification found, online or from an export: how far the chain held, the head, every
/// published head judged, and the first evidence of alteration if there is any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainReport {
    /// The first position checked.
    pub first_position: Position,
    /// How many rows continued the chain.
    pub events_checked: u64,
    /// The last position that continued the chain, and its hash.
    pub last_position: Position,
    pub last_hash: ChainHash,
    /// The head of the log when the verification began (for an export, when it was written).
    pub head_position: Position,
    pub head_hash: ChainHash,
    /// Every checkpoint met on the way and every head given, in that order, with what the log
    /// says about each.
    pub heads: Vec<CheckedHead>,
    /// The first position at which the log departs from its chain or from a published head.
    pub finding: Option<ChainBreak>,
}

impl ChainReport {
    pub fn is_intact(&self) -> bool {
        self.finding.is_none()
    }

    /// The intact chain, or the first evidence that it was altered.
    pub fn into_verified(self) -> Result<VerifiedChain, VerifyError> {
        match self.finding {
            Some(chain_break) => Err(VerifyError::Broken(chain_break)),
            None => Ok(VerifiedChain {
                events_checked: self.events_checked,
                last_position: self.last_position,
                last_hash: self.last_hash,
                head_position: self.head_position,
                head_hash: self.head_hash,
            }),
        }
    }
}

/// Why a verification could not give its report.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("the event log was altered: {0}")]
    Broken(#[from] ChainBreak),
    #[error(transparent)]
    Read(LogReadError),
    #[error(transparent)]
    Range(#[from] RangeError),
    #[error("the checkpoint at position {position} cannot be read: {reason}")]
    UnreadableCheckpoint { position: Position, reason: String },
}

impl From<LogReadError> for VerifyError {
    /// A row missing from the middle or the end of the log is tamper evidence, not a read failure.
    fn from(error: LogReadError) -> Self {
        match missing_row(&error) {
            Some(chain_break) => VerifyError::Broken(chain_break),
            None => VerifyError::Read(error),
        }
    }
}

/// The row a read found missing, when the read failed for that reason.
fn missing_row(error: &LogReadError) -> Option<ChainBreak> {
    match *error {
        LogReadError::Gap { expected, .. } => Some(ChainBreak::MissingRow { position: expected }),
        LogReadError::EndsBefore { last, .. } => Some(ChainBreak::MissingRow {
            position: last.next(),
        }),
        _ => None,
    }
}

/// Reads the published head a row records, if it is a checkpoint: the caller's knowledge of the
/// checkpoint event, which this crate does not have.
pub type CheckpointReader<'a> =
    &'a (dyn Fn(&RecordedEvent) -> Result<Option<PublishedHead>, String> + Sync);

/// A reader for a verification that judges no checkpoints.
pub fn no_checkpoints(_: &RecordedEvent) -> Result<Option<PublishedHead>, String> {
    Ok(None)
}

const PAGE_SIZE: NonZeroU32 = NonZeroU32::MIN.saturating_add(999);

/// Recomputes the chain over `range` and compares every stored hash with it.
///
/// A range that starts after position 1 takes the stored hash of the row before it as its
/// anchor; only a verification from position 1 proves the chain back to the genesis.
pub async fn verify_chain(
    reader: &LogReader,
    range: PositionRange,
) -> Result<VerifiedChain, VerifyError> {
    verify_log(reader, range, Vec::new(), &no_checkpoints)
        .await?
        .into_verified()
}

/// Recomputes the chain over `range`, then judges every checkpoint met on the way and every head
/// in `given` against it. Evidence of alteration is the report's finding; an error means the
/// verification could not run.
pub async fn verify_log(
    reader: &LogReader,
    range: PositionRange,
    given: Vec<PublishedHead>,
    checkpoint_of: CheckpointReader<'_>,
) -> Result<ChainReport, VerifyError> {
    let head = reader.head().await?;
    let from = range.first_position(head.position)?;
    let to = range.to.unwrap_or(head.position);

    let anchor = from.previous().unwrap_or(Position::GENESIS);
    let anchor_hash = match anchor_hash(reader, anchor).await {
        Ok(hash) => hash,
        Err(VerifyError::Broken(chain_break)) => {
            let walk = ChainWalk::after(anchor, GENESIS_HASH);
            return Ok(report(
                from,
                &walk,
                head.position,
                head.hash,
                Vec::new(),
                Some(chain_break),
            ));
        }
        Err(other) => return Err(other),
    };

    let mut walk = ChainWalk::after(anchor, anchor_hash);
    let mut heads = Vec::new();
    let mut finding = None;
    let mut events = std::pin::pin!(reader.stream(from, Some(to), PAGE_SIZE));
    loop {
        let event = match events.try_next().await {
            Ok(Some(event)) => event,
            Ok(None) => break,
            Err(error) => match missing_row(&error) {
                Some(chain_break) => {
                    finding = Some(chain_break);
                    break;
                }
                None => return Err(VerifyError::Read(error)),
            },
        };
        if let Err(chain_break) = walk.step(&event) {
            finding = Some(chain_break);
            break;
        }
        if let Some(published) =
            checkpoint_of(&event).map_err(|reason| VerifyError::UnreadableCheckpoint {
                position: event.position,
                reason,
            })?
        {
            heads.push(published);
        }
    }

    let to_head = to == head.position && finding.is_none();
    if to_head {
        finding = check_head(reader, head.position, head.hash, &walk).await?;
    }
    heads.extend(given);
    let stretch = ProvenStretch {
        anchor,
        last: walk.last_position(),
        to_head: to_head && finding.is_none(),
    };
    let needed = positions_needed(&heads, stretch);
    let mut hashes = reader.hashes_at(&needed).await?;
    hashes.insert(anchor, anchor_hash);
    let checked = check_heads(heads, stretch, &hashes);
    Ok(report(
        from,
        &walk,
        head.position,
        head.hash,
        checked,
        finding,
    ))
}

/// The report of a walk, with the first of its own finding and the published heads' findings.
pub(crate) fn report(
    first_position: Position,
    walk: &ChainWalk,
    head_position: Position,
    head_hash: ChainHash,
    heads: Vec<CheckedHead>,
    walk_finding: Option<ChainBreak>,
) -> ChainReport {
    // The earliest evidence wins; on a tie the chain's own, which says more about the row.
    let finding = walk_finding
        .into_iter()
        .chain(heads.iter().filter_map(CheckedHead::chain_break))
        .min_by_key(ChainBreak::position);
    ChainReport {
        first_position,
        events_checked: walk.events_checked(),
        last_position: walk.last_position(),
        last_hash: walk.last_hash(),
        head_position,
        head_hash,
        heads,
        finding,
    }
}

/// The hash the row after `anchor` must chain to.
async fn anchor_hash(reader: &LogReader, anchor: Position) -> Result<ChainHash, VerifyError> {
    if anchor == Position::GENESIS {
        return Ok(GENESIS_HASH);
    }
    let page = reader
        .read_page(anchor, Some(anchor), NonZeroU32::MIN)
        .await?;
    match page.events.first() {
        Some(event) => Ok(event.hash),
        None => Err(ChainBreak::MissingRow { position: anchor }.into()),
    }
}

/// The head row must name the last row's hash, and no row may lie beyond it.
async fn check_head(
    reader: &LogReader,
    head_position: Position,
    head_hash: ChainHash,
    walk: &ChainWalk,
) -> Result<Option<ChainBreak>, VerifyError> {
    // The stream reports a short log itself; this guards the head check should that change.
    if walk.last_position() != head_position {
        return Ok(Some(ChainBreak::MissingRow {
            position: walk.expected(),
        }));
    }
    if walk.last_hash() != head_hash {
        return Ok(Some(ChainBreak::HeadMismatch {
            position: head_position,
            head_hash,
            row_hash: walk.last_hash(),
        }));
    }
    if let Some(beyond) = reader.first_position_beyond_head().await? {
        return Ok(Some(ChainBreak::RowBeyondHead { position: beyond }));
    }
    Ok(None)
}

/// Keeps `BTreeMap` in the signature of [`LogReader::hashes_at`] readable where it is used.
pub(crate) type HashesAt = BTreeMap<Position, ChainHash>;
