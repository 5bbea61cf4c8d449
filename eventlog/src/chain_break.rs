//! The evidence a verification finds: the first way a log or an export departs from its chain.
//! Below the walk, the claims and the verification, which all report it.

use crate::{ChainHash, Position};

/// Evidence that the stored log (or an export of it) is not the log that was appended.
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
    #[error("position {position}: the row found there is position {found}; rows were reordered, repeated or inserted")]
    Misplaced { position: Position, found: Position },
    #[error("position {position}: line {line} of the export is not a row of the log; the file was altered")]
    UnreadableRow { position: Position, line: u64 },
    #[error("position {position}: the export ends without its closing line; it was cut short")]
    Truncated { position: Position },
    #[error("position {position}: the export's closing line does not match its rows; the file was altered")]
    ClosingLineMismatch { position: Position },
    #[error("position {position}: the checkpoint recorded at position {checkpoint} holds hash {recorded}, but {}; the log no longer extends the checkpoint", found_text(.found))]
    CheckpointContradicted {
        position: Position,
        checkpoint: Position,
        recorded: ChainHash,
        found: Option<ChainHash>,
    },
    #[error("position {position}: the published head has hash {published}, but {}; the log no longer extends the published head", found_text(.found))]
    PublishedHeadContradicted {
        position: Position,
        published: ChainHash,
        found: Option<ChainHash>,
    },
}

fn found_text(found: &Option<ChainHash>) -> String {
    match found {
        Some(hash) => format!("the chain has {hash} there"),
        None => "the log no longer reaches that position".to_owned(),
    }
}

impl ChainBreak {
    /// The first position at which the log departs from its chain.
    pub fn position(&self) -> Position {
        match *self {
            ChainBreak::HashMismatch { position, .. }
            | ChainBreak::MissingRow { position }
            | ChainBreak::HeadMismatch { position, .. }
            | ChainBreak::RowBeyondHead { position }
            | ChainBreak::Misplaced { position, .. }
            | ChainBreak::UnreadableRow { position, .. }
            | ChainBreak::Truncated { position }
            | ChainBreak::ClosingLineMismatch { position }
            | ChainBreak::CheckpointContradicted { position, .. }
            | ChainBreak::PublishedHeadContradicted { position, .. } => position,
        }
    }

    /// A stable name for the kind of break, for reports and the API.
    pub fn kind(&self) -> &'static str {
        match self {
            ChainBreak::HashMismatch { .. } => "hash_mismatch",
            ChainBreak::MissingRow { .. } => "missing_row",
            ChainBreak::HeadMismatch { .. } => "head_mismatch",
            ChainBreak::RowBeyondHead { .. } => "row_beyond_head",
            ChainBreak::Misplaced { .. } => "misplaced",
            ChainBreak::UnreadableRow { .. } => "unreadable_row",
            ChainBreak::Truncated { .. } => "truncated",
            ChainBreak::ClosingLineMismatch { .. } => "closing_line_mismatch",
            ChainBreak::CheckpointContradicted { .. } => "checkpoint_contradicted",
            ChainBreak::PublishedHeadContradicted { .. } => "published_head_contradicted",
        }
    }
}
