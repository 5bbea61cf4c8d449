//! Turns: commands on one stream take turns inside the process, and the stream's state waits for
//! the next turn.
//!
//! Twenty secretaries recording distinct items of one meeting are not in conflict in the domain,
//! yet each decides from the meeting's stream at some version and appends at the next. Left to
//! the database's optimistic check alone, all but one of them lose every round, retry, and some
//! give up. So a command takes its stream's turn before it loads the stream and holds it until
//! its events are committed: within one process the check then fails only when another process
//! wrote in between, and stays the guard across processes.
//!
//! A turn also holds the stream's state as the last command left it, with its version. The events
//! a state was built from never change, so it stays true for that version whatever happens: the
//! next command reads only the events after it instead of parsing, say, a meeting's whole agenda
//! again. A state is kept for [`STATES_KEPT`] streams; past that, the states of streams nobody is
//! using are dropped, and loaded whole again when next needed.

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::{Mutex as TurnLock, OwnedMutexGuard};

/// How many streams' states are kept between commands.
pub const STATES_KEPT: usize = 4096;

/// What a turn is taken on: a stream, or anything else commands must take turns on, such as a
/// body's § register of one year.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TurnKey {
    kind: String,
    id: String,
}

impl TurnKey {
    /// The stream `stream_id` of the aggregate type `aggregate_type`.
    pub fn stream(aggregate_type: &str, stream_id: &str) -> TurnKey {
        TurnKey {
            kind: aggregate_type.to_owned(),
            id: stream_id.to_owned(),
        }
    }

    /// Something other than a stream, named by a kind that no aggregate type uses.
    pub fn other(kind: &str, id: impl Into<String>) -> TurnKey {
        TurnKey {
            kind: format!("turn:{kind}"),
            id: id.into(),
        }
    }
}

/// A stream's state as a command left it: the aggregate after `version` events.
struct KeptState {
    state: Box<dyn Any + Send>,
    version: usize,
}

type Slot = Arc<TurnLock<Option<KeptState>>>;

/// The turns of one process's writers, per key.
#[derive(Default)]
pub(crate) struct StreamTurns {
    slots: Mutex<HashMap<TurnKey, Slot>>,
}

impl std::fmt::Debug for StreamTurns {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("StreamTurns")
            .finish_non_exhaustive()
    }
}

impl StreamTurns {
    /// Waits for the turn on `key`; turns are given in the order they were asked for.
    pub(crate) async fn take(&self, key: TurnKey) -> StreamTurn {
        let slot = {
            let mut slots = self.slots.lock().unwrap_or_else(PoisonError::into_inner);
            if slots.len() >= STATES_KEPT && !slots.contains_key(&key) {
                // A slot held only by the map is nobody's turn: dropping it loses a kept state,
                // never a turn.
                slots.retain(|_, slot| Arc::strong_count(slot) > 1);
            }
            Arc::clone(slots.entry(key).or_default())
        };
        StreamTurn {
            guard: slot.lock_owned().await,
        }
    }
}

/// The turn on one key, held until it is dropped.
pub struct StreamTurn {
    guard: OwnedMutexGuard<Option<KeptState>>,
}

impl std::fmt::Debug for StreamTurn {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("StreamTurn")
            .field(
                "kept_version",
                &self.guard.as_ref().map(|kept| kept.version),
            )
            .finish()
    }
}

impl StreamTurn {
    /// The state the last turn left, with its version, if it is a `S`; it is taken out, so a
    /// command that fails before it could [`StreamTurn::keep`] a new one leaves nothing behind.
    pub fn take_state<S: Any + Send>(&mut self) -> Option<(S, usize)> {
        let kept = self.guard.take()?;
        let state = kept.state.downcast::<S>().ok()?;
        Some((*state, kept.version))
    }

    /// Leaves `state`, the stream after `version` events, for the next turn.
    pub fn keep<S: Any + Send>(&mut self, state: S, version: usize) {
        *self.guard = Some(KeptState {
            state: Box::new(state),
            version,
        });
    }
}
