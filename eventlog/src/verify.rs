//! Recomputes the hash chain and names the first position where the stored log departs from it.

use std::num::NonZeroU32;

use futures::TryStreamExt;

use crate::{ChainHash, LogReadError, LogReader, Position, GENESIS_HASH};

/// Which part of the log to verify. Both ends are inclusive; by default the whole log.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct VerifyRange {
    pub from: Option<Position>,
    pub to: Option<Position>,
}

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

/// Evidence that the stored log is not the log that was appended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    #[error("position {position}: the stored hash {stored} does not match the recomputed hash {recomputed}; the row or one before it was altered")]
    HashMismatch {
        position: Position,
        stored: ChainHash,
        recomputed: ChainHash,
    },
    #[error("position {position}: the row is missing; it was removed from the log")]
    MissingRow { position: Position },
    #[error(
        "position {position}: the head records hash {head_hash}, but the row there has {row_hash}"
    )]
    HeadMismatch {
        position: Position,
        head_hash: ChainHash,
        row_hash: ChainHash,
    },
    #[error("position {position}: a row lies beyond the head of the log; it was added without the append trigger")]
    RowBeyondHead { position: Position },
}

impl ChainBreak {
    /// The first position at which the log departs from its chain.
    pub fn position(&self) -> Position {
        match *self {
            ChainBreak::HashMismatch { position, .. }
            | ChainBreak::MissingRow { position }
            | ChainBreak::HeadMismatch { position, .. }
            | ChainBreak::RowBeyondHead { position } => position,
        }
    }
}

/// Why a verification did not confirm the chain.
#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("the event log was altered: {0}")]
    Broken(#[from] ChainBreak),
    #[error(transparent)]
    Read(LogReadError),
    #[error("the range starts at position {from}, after its end at {to}")]
    EmptyRange { from: Position, to: Position },
    #[error("the range ends at position {to}, beyond the head of the log at {head}")]
    BeyondHead { to: Position, head: Position },
    #[error("the range starts at position {from}, after the position that follows the head of the log at {head}")]
    StartsBeyondHead { from: Position, head: Position },
}

impl From<LogReadError> for VerifyError {
    /// A row missing from the middle or the end of the log is tamper evidence, not a read failure.
    fn from(error: LogReadError) -> Self {
        match error {
            LogReadError::Gap { expected, .. } => {
                VerifyError::Broken(ChainBreak::MissingRow { position: expected })
            }
            LogReadError::EndsBefore { last, .. } => VerifyError::Broken(ChainBreak::MissingRow {
                position: last.next(),
            }),
            other => VerifyError::Read(other),
        }
    }
}

const PAGE_SIZE: NonZeroU32 = NonZeroU32::MIN.saturating_add(999);

/// Recomputes the chain over `range` and compares every stored hash with it.
///
/// A range that starts after position 1 takes the stored hash of the row before it as its
/// anchor; only a verification from position 1 proves the chain back to the genesis.
pub async fn verify_chain(
    reader: &LogReader,
    range: VerifyRange,
) -> Result<VerifiedChain, VerifyError> {
    let head = reader.head().await?;
    let from = range
        .from
        .unwrap_or(Position::GENESIS)
        .max(Position::GENESIS.next());
    let to = range.to.unwrap_or(head.position);
    if to > head.position {
        return Err(VerifyError::BeyondHead {
            to,
            head: head.position,
        });
    }
    if range.to.is_some() && from > to {
        return Err(VerifyError::EmptyRange { from, to });
    }
    // Starting right after the head checks nothing and is fine: it is where an auditor who
    // verifies as the log grows starts when nothing was appended since the last check.
    if from > head.position.next() {
        return Err(VerifyError::StartsBeyondHead {
            from,
            head: head.position,
        });
    }

    let mut previous_hash = anchor_before(reader, from).await?;
    let mut last_position = from.previous().unwrap_or(Position::GENESIS);
    let mut events_checked = 0_u64;
    let mut events = std::pin::pin!(reader.stream(from, Some(to), PAGE_SIZE));
    while let Some(event) = events.try_next().await? {
        let recomputed = ChainHash::chain(&previous_hash, &event);
        if recomputed != event.hash {
            return Err(ChainBreak::HashMismatch {
                position: event.position,
                stored: event.hash,
                recomputed,
            }
            .into());
        }
        previous_hash = recomputed;
        last_position = event.position;
        events_checked += 1;
    }

    if to == head.position {
        check_head(
            reader,
            head.position,
            head.hash,
            last_position,
            previous_hash,
        )
        .await?;
    }
    Ok(VerifiedChain {
        events_checked,
        last_position,
        last_hash: previous_hash,
        head_position: head.position,
        head_hash: head.hash,
    })
}

/// The hash the row at `from` must chain to.
async fn anchor_before(reader: &LogReader, from: Position) -> Result<ChainHash, VerifyError> {
    let Some(previous) = from
        .previous()
        .filter(|previous| *previous > Position::GENESIS)
    else {
        return Ok(GENESIS_HASH);
    };
    let page = reader
        .read_page(previous, Some(previous), NonZeroU32::MIN)
        .await?;
    match page.events.first() {
        Some(event) => Ok(event.hash),
        None => Err(ChainBreak::MissingRow { position: previous }.into()),
    }
}

/// The head row must name the last row's hash, and no row may lie beyond it.
async fn check_head(
    reader: &LogReader,
    head_position: Position,
    head_hash: ChainHash,
    last_position: Position,
    last_hash: ChainHash,
) -> Result<(), VerifyError> {
    // The stream reports a short log itself; this guards the head check should that change.
    if last_position != head_position {
        return Err(ChainBreak::MissingRow {
            position: last_position.next(),
        }
        .into());
    }
    if last_hash != head_hash {
        return Err(ChainBreak::HeadMismatch {
            position: head_position,
            head_hash,
            row_hash: last_hash,
        }
        .into());
    }
    if let Some(beyond) = reader.first_position_beyond_head().await? {
        return Err(ChainBreak::RowBeyondHead { position: beyond }.into());
    }
    Ok(())
}
