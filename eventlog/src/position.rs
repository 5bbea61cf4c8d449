use std::fmt;

use serde::{Deserialize, Serialize};

/// A place in the global event log. Position 1 is the first event; position 0 is the genesis,
/// before any event.
///
/// Positions are record time: they say in which order the register learned facts, never when
/// those facts hold in the world.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Position(u64);

/// A position that PostgreSQL's `bigint` cannot hold, or a stored value below zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{value} is not a log position: positions run from 0 to {max}", max = i64::MAX)]
pub struct PositionOutOfRange {
    value: i128,
}

impl Position {
    /// The position before the first event.
    pub const GENESIS: Position = Position(0);

    /// Builds a position from a number given by a user or a caller.
    pub fn new(value: u64) -> Result<Self, PositionOutOfRange> {
        if i64::try_from(value).is_ok() {
            Ok(Position(value))
        } else {
            Err(PositionOutOfRange {
                value: i128::from(value),
            })
        }
    }

    /// Reads a position as the database stores it.
    pub fn from_stored(value: i64) -> Result<Self, PositionOutOfRange> {
        u64::try_from(value)
            .map(Position)
            .map_err(|_| PositionOutOfRange {
                value: i128::from(value),
            })
    }

    pub fn get(self) -> u64 {
        self.0
    }

    /// The value to bind in SQL. It always fits, because every constructor checks the range.
    pub fn as_stored(self) -> i64 {
        i64::try_from(self.0).unwrap_or(i64::MAX)
    }

    /// The position after this one, saturating at the largest storable position.
    pub fn next(self) -> Position {
        Position((self.0 + 1).min(i64::MAX as u64))
    }

    /// The position before this one; the genesis has none.
    pub fn previous(self) -> Option<Position> {
        self.0.checked_sub(1).map(Position)
    }
}

impl fmt::Display for Position {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(formatter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_beyond_bigint_are_refused() {
        assert_eq!(
            Position::new(i64::MAX as u64).map(Position::get),
            Ok(i64::MAX as u64)
        );
        assert_eq!(
            Position::new(i64::MAX as u64 + 1),
            Err(PositionOutOfRange {
                value: i128::from(i64::MAX) + 1
            })
        );
    }

    #[test]
    fn negative_stored_positions_are_refused() {
        assert_eq!(
            Position::from_stored(-1),
            Err(PositionOutOfRange { value: -1 })
        );
        assert_eq!(Position::from_stored(7), Ok(Position(7)));
    }

    #[test]
    fn the_genesis_has_no_previous_position() {
        assert_eq!(Position::GENESIS.previous(), None);
        assert_eq!(Position(5).previous(), Some(Position(4)));
    }
}
