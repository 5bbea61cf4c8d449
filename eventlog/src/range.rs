//! A range of positions to verify or export, and the one check of it against the head of the
//! log, so that `verify` and `export` accept and refuse exactly the same ranges.

use crate::Position;

/// Which positions to read. Both ends are inclusive; by default the whole log.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PositionRange {
    pub from: Option<Position>,
    pub to: Option<Position>,
}

/// A range the log does not have.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RangeError {
    #[error("the range starts at position {from}, after its end at {to}")]
    EmptyRange { from: Position, to: Position },
    #[error("the range ends at position {to}, beyond the head of the log at {head}")]
    BeyondHead { to: Position, head: Position },
    #[error("the range starts at position {from}, after the position that follows the head of the log at {head}")]
    StartsBeyondHead { from: Position, head: Position },
}

impl PositionRange {
    /// The first position of the range (at least 1), once the range is checked against the head.
    ///
    /// Starting right after the head reads nothing and is fine: it is where an auditor who
    /// verifies as the log grows starts when nothing was appended since the last check.
    pub(crate) fn first_position(&self, head: Position) -> Result<Position, RangeError> {
        let from = self
            .from
            .unwrap_or(Position::GENESIS)
            .max(Position::GENESIS.next());
        if let Some(to) = self.to {
            if to > head {
                return Err(RangeError::BeyondHead { to, head });
            }
            if from > to {
                return Err(RangeError::EmptyRange { from, to });
            }
        }
        if from > head.next() {
            return Err(RangeError::StartsBeyondHead { from, head });
        }
        Ok(from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn position(value: u64) -> Position {
        Position::new(value).unwrap()
    }

    fn range(from: Option<u64>, to: Option<u64>) -> PositionRange {
        PositionRange {
            from: from.map(position),
            to: to.map(position),
        }
    }

    #[test]
    fn a_range_within_the_log_starts_where_it_says_or_at_one() {
        assert_eq!(
            range(None, None).first_position(position(5)),
            Ok(position(1))
        );
        assert_eq!(
            range(Some(3), Some(5)).first_position(position(5)),
            Ok(position(3))
        );
        assert_eq!(
            range(Some(6), None).first_position(position(5)),
            Ok(position(6))
        );
    }

    #[test]
    fn a_range_the_log_does_not_have_is_refused_with_the_reason() {
        let head = position(5);
        assert_eq!(
            range(None, Some(6)).first_position(head),
            Err(RangeError::BeyondHead {
                to: position(6),
                head
            })
        );
        assert_eq!(
            range(Some(4), Some(3)).first_position(head),
            Err(RangeError::EmptyRange {
                from: position(4),
                to: position(3)
            })
        );
        assert_eq!(
            range(Some(7), None).first_position(head),
            Err(RangeError::StartsBeyondHead {
                from: position(7),
                head
            })
        );
    }
}
