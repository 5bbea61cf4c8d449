//! Heads published outside the chain's own rows: checkpoints recorded in the log, and heads an
//! auditor gives from elsewhere (printed minutes, a letter). Each claims that the chain had a
//! given hash at a given position; the log extends the claim only if it still has.
//!
//! A checkpoint is a row of the log, so an attacker who rewrites the whole log can rewrite it too.
//! A head kept outside the database cannot be rewritten that way: it is what anchors the chain.

use std::collections::BTreeMap;

use crate::{ChainBreak, ChainHash, Position};

/// A head of the log as recorded or published: the chain's hash at `position`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedHead {
    pub position: Position,
    pub hash: ChainHash,
    pub source: HeadSource,
}

/// Where a published head comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeadSource {
    /// A checkpoint event of the log, at `recorded_at` (its own position), with its note on where
    /// the head was published.
    Checkpoint { recorded_at: Position, note: String },
    /// A head given by whoever runs the verification, taken from outside the database.
    Given,
}

/// What the log says about one published head.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeadStatus {
    /// The chain still has the published hash at that position.
    Holds,
    /// The chain has another hash there: the log no longer extends the published head.
    Contradicted { found: ChainHash },
    /// The log as checked ends before the position, although it was checked to its head: the
    /// rows up to the published head are no longer all there.
    NotReached,
    /// The position lies outside the part of the log that was checked.
    OutsideRange,
}

/// A published head and what the log says about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckedHead {
    pub head: PublishedHead,
    pub status: HeadStatus,
}

impl CheckedHead {
    /// The evidence this head gives that the log was altered, if any.
    pub fn chain_break(&self) -> Option<ChainBreak> {
        let position = self.head.position;
        let recorded = self.head.hash;
        match (self.status, &self.head.source) {
            (HeadStatus::Holds | HeadStatus::OutsideRange, _) => None,
            (HeadStatus::Contradicted { found }, HeadSource::Checkpoint { recorded_at, .. }) => {
                Some(ChainBreak::CheckpointContradicted {
                    position,
                    checkpoint: *recorded_at,
                    recorded,
                    found: Some(found),
                })
            }
            (HeadStatus::NotReached, HeadSource::Checkpoint { recorded_at, .. }) => {
                Some(ChainBreak::CheckpointContradicted {
                    position,
                    checkpoint: *recorded_at,
                    recorded,
                    found: None,
                })
            }
            (HeadStatus::Contradicted { found }, HeadSource::Given) => {
                Some(ChainBreak::PublishedHeadContradicted {
                    position,
                    published: recorded,
                    found: Some(found),
                })
            }
            (HeadStatus::NotReached, HeadSource::Given) => {
                Some(ChainBreak::PublishedHeadContradicted {
                    position,
                    published: recorded,
                    found: None,
                })
            }
        }
    }
}

/// The stretch of the log a verification proved, which published heads are judged against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProvenStretch {
    /// The position whose hash the walk started from (0 for the genesis).
    pub anchor: Position,
    /// The last position that continued the chain.
    pub last: Position,
    /// Whether the walk was meant to reach the head of the log, so that a published position
    /// beyond its end is one the log no longer reaches.
    pub to_head: bool,
}

/// The positions whose hashes `heads` need from a proven stretch.
pub fn positions_needed(heads: &[PublishedHead], stretch: ProvenStretch) -> Vec<Position> {
    let mut positions: Vec<Position> = heads
        .iter()
        .map(|head| head.position)
        .filter(|position| *position >= stretch.anchor && *position <= stretch.last)
        .collect();
    positions.sort_unstable();
    positions.dedup();
    positions
}

/// Judges every published head against the hashes of a proven stretch. `hashes` holds the hash
/// at each position [`positions_needed`] named (the anchor's own hash included).
pub fn check_heads(
    heads: Vec<PublishedHead>,
    stretch: ProvenStretch,
    hashes: &BTreeMap<Position, ChainHash>,
) -> Vec<CheckedHead> {
    heads
        .into_iter()
        .map(|head| {
            let status = if head.position < stretch.anchor {
                HeadStatus::OutsideRange
            } else if head.position > stretch.last {
                if stretch.to_head {
                    HeadStatus::NotReached
                } else {
                    HeadStatus::OutsideRange
                }
            } else {
                match hashes.get(&head.position) {
                    Some(found) if *found == head.hash => HeadStatus::Holds,
                    Some(found) => HeadStatus::Contradicted { found: *found },
                    // The caller fetched every position needed; one it could not find is one
                    // the stretch does not hold after all.
                    None => HeadStatus::NotReached,
                }
            };
            CheckedHead { head, status }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::GENESIS_HASH;

    fn position(value: u64) -> Position {
        Position::new(value).unwrap()
    }

    fn hash(byte: u8) -> ChainHash {
        ChainHash::from_slice(&[byte; 32]).unwrap()
    }

    fn given(at: u64, byte: u8) -> PublishedHead {
        PublishedHead {
            position: position(at),
            hash: hash(byte),
            source: HeadSource::Given,
        }
    }

    #[test]
    fn each_head_is_judged_by_the_hash_at_its_position() {
        let stretch = ProvenStretch {
            anchor: Position::GENESIS,
            last: position(10),
            to_head: true,
        };
        let checkpoint = PublishedHead {
            position: position(4),
            hash: hash(9),
            source: HeadSource::Checkpoint {
                recorded_at: position(5),
                note: "printed in the minutes of 2026-12-15 § 12".into(),
            },
        };
        let heads = vec![given(3, 3), checkpoint.clone(), given(12, 1)];
        assert_eq!(
            positions_needed(&heads, stretch),
            vec![position(3), position(4)]
        );
        let hashes = BTreeMap::from([(position(3), hash(3)), (position(4), hash(4))]);
        let checked = check_heads(heads, stretch, &hashes);
        assert_eq!(
            checked
                .iter()
                .map(|checked| checked.status)
                .collect::<Vec<_>>(),
            vec![
                HeadStatus::Holds,
                HeadStatus::Contradicted { found: hash(4) },
                HeadStatus::NotReached,
            ]
        );
        assert_eq!(checked[0].chain_break(), None);
        assert_eq!(
            checked[1].chain_break(),
            Some(ChainBreak::CheckpointContradicted {
                position: position(4),
                checkpoint: position(5),
                recorded: hash(9),
                found: Some(hash(4)),
            })
        );
        assert_eq!(
            checked[2].chain_break(),
            Some(ChainBreak::PublishedHeadContradicted {
                position: position(12),
                published: hash(1),
                found: None,
            })
        );
    }

    #[test]
    fn heads_outside_a_partial_stretch_are_not_judged() {
        let stretch = ProvenStretch {
            anchor: position(5),
            last: position(8),
            to_head: false,
        };
        let heads = vec![given(2, 2), given(5, 5), given(9, 9)];
        let hashes = BTreeMap::from([(position(5), hash(5))]);
        let statuses: Vec<HeadStatus> = check_heads(heads, stretch, &hashes)
            .into_iter()
            .map(|checked| checked.status)
            .collect();
        assert_eq!(
            statuses,
            vec![
                HeadStatus::OutsideRange,
                HeadStatus::Holds,
                HeadStatus::OutsideRange
            ]
        );
        assert_ne!(hash(5), GENESIS_HASH);
    }
}
