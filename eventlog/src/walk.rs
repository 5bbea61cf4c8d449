//! The chain walk: the one place that decides whether a row continues the chain. Online
//! verification feeds it rows from the database and offline verification rows from an export, so
//! the two cannot disagree about the rule.

use crate::{ChainBreak, ChainHash, Position, RecordedEvent};

/// Where a walk along the chain has got to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ChainWalk {
    last_position: Position,
    last_hash: ChainHash,
    events_checked: u64,
}

impl ChainWalk {
    /// A walk that continues the chain after `position`, whose hash is `hash`: the genesis
    /// (position 0, 32 zero bytes) or a stored hash the caller chooses to trust.
    pub fn after(position: Position, hash: ChainHash) -> ChainWalk {
        ChainWalk {
            last_position: position,
            last_hash: hash,
            events_checked: 0,
        }
    }

    /// The position the next row must have.
    pub fn expected(&self) -> Position {
        self.last_position.next()
    }

    /// The last position that continued the chain, and its hash.
    pub fn last_position(&self) -> Position {
        self.last_position
    }

    pub fn last_hash(&self) -> ChainHash {
        self.last_hash
    }

    pub fn events_checked(&self) -> u64 {
        self.events_checked
    }

    /// Takes the next row: it must stand at the expected position and carry the hash that
    /// chains it to the row before. A row that fails leaves the walk where it was.
    pub fn step(&mut self, event: &RecordedEvent) -> Result<(), ChainBreak> {
        let expected = self.expected();
        if event.position != expected {
            return Err(ChainBreak::Misplaced {
                position: expected,
                found: event.position,
            });
        }
        let recomputed = ChainHash::chain(&self.last_hash, event);
        if recomputed != event.hash {
            return Err(ChainBreak::HashMismatch {
                position: event.position,
                stored: event.hash,
                recomputed,
            });
        }
        self.last_position = event.position;
        self.last_hash = recomputed;
        self.events_checked += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};

    use super::*;
    use crate::GENESIS_HASH;

    fn position(value: u64) -> Position {
        Position::new(value).unwrap()
    }

    /// Three rows chained from the genesis.
    fn chained_rows() -> Vec<RecordedEvent> {
        let mut previous = GENESIS_HASH;
        (1..=3)
            .map(|number| {
                let mut event = RecordedEvent {
                    position: position(number),
                    recorded_at: Utc.timestamp_opt(1_700_000_000 + number as i64, 0).unwrap(),
                    aggregate_type: "Party".into(),
                    aggregate_id: format!("20{number:02}"),
                    sequence: 1,
                    event_type: "PartyRegistered".into(),
                    event_version: "1".into(),
                    payload: format!(r#"{{"code":"20{number:02}"}}"#),
                    metadata: "{}".into(),
                    hash: GENESIS_HASH,
                };
                event.hash = ChainHash::chain(&previous, &event);
                previous = event.hash;
                event
            })
            .collect()
    }

    #[test]
    fn an_intact_chain_is_walked_to_its_end() {
        let rows = chained_rows();
        let mut walk = ChainWalk::after(Position::GENESIS, GENESIS_HASH);
        for row in &rows {
            walk.step(row).unwrap();
        }
        assert_eq!(walk.events_checked(), 3);
        assert_eq!(walk.last_position(), position(3));
        assert_eq!(walk.last_hash(), rows[2].hash);
    }

    #[test]
    fn a_row_out_of_place_is_named_by_the_position_it_should_have_filled() {
        let rows = chained_rows();
        let mut walk = ChainWalk::after(Position::GENESIS, GENESIS_HASH);
        walk.step(&rows[0]).unwrap();
        assert_eq!(
            walk.step(&rows[2]),
            Err(ChainBreak::Misplaced {
                position: position(2),
                found: position(3),
            })
        );
        assert_eq!(walk.last_position(), position(1));
    }

    #[test]
    fn an_edited_row_breaks_the_chain_at_its_position() {
        let mut rows = chained_rows();
        rows[1].payload = r#"{"code":"2099"}"#.into();
        let mut walk = ChainWalk::after(Position::GENESIS, GENESIS_HASH);
        walk.step(&rows[0]).unwrap();
        let recomputed = ChainHash::chain(&rows[0].hash, &rows[1]);
        assert_eq!(
            walk.step(&rows[1]),
            Err(ChainBreak::HashMismatch {
                position: position(2),
                stored: rows[1].hash,
                recomputed,
            })
        );
    }
}
