//! What `/readyz` remembers between probes: the position each read model stood at when it was
//! first seen there, so that a read model that stopped moving while the log went on is told
//! apart from one that is catching up.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use projections::ReadModel;

/// The position each read model was last seen at, and since when.
#[derive(Debug, Default)]
pub struct Standing {
    seen: Mutex<HashMap<ReadModel, Seen>>,
}

#[derive(Debug, Clone, Copy)]
struct Seen {
    position: u64,
    since: Instant,
}

impl Standing {
    /// How long `model` has stood at `position` as of `now`: zero when it is seen there for the
    /// first time.
    pub fn stood(&self, model: ReadModel, position: u64, now: Instant) -> Duration {
        // A probe that panicked while holding the lock left nothing half-written: each entry is
        // replaced whole, so the map is still sound.
        let mut seen = self.seen.lock().unwrap_or_else(PoisonError::into_inner);
        let entry = seen.entry(model).or_insert(Seen {
            position,
            since: now,
        });
        if entry.position != position {
            *entry = Seen {
                position,
                since: now,
            };
        }
        now.saturating_duration_since(entry.since)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_read_model_stands_from_the_first_probe_that_sees_it_at_a_position() {
        let standing = Standing::default();
        let start = Instant::now();
        let later = start + Duration::from_secs(7);

        assert_eq!(
            standing.stood(ReadModel::Membership, 5, start),
            Duration::ZERO
        );
        assert_eq!(
            standing.stood(ReadModel::Membership, 5, later),
            Duration::from_secs(7)
        );
        // Another read model, and the same one once it moves, start again.
        assert_eq!(
            standing.stood(ReadModel::Timeline, 5, later),
            Duration::ZERO
        );
        assert_eq!(
            standing.stood(ReadModel::Membership, 6, later),
            Duration::ZERO
        );
    }
}
