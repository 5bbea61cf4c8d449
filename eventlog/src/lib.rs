//! The register's event log.
//!
//! postgres-es stores each aggregate's events in the `events` table, keyed by aggregate and
//! sequence. The migrations in `migrations/` extend that table into one log for the whole
//! register: every row gets a gapless global [`Position`] in commit order, a `recorded_at` set by
//! the database, and a SHA-256 hash that chains it to the row before. Triggers make the table
//! append-only.
//!
//! This crate owns the `events` table: nothing outside it (and `migrations/`) writes SQL that
//! names it. Every row enters through [`append_events`]. A command's rows reach it through
//! [`EventLog::append`], which commits the commands that arrive together in one transaction (group
//! commit), whether they come from cqrs-es (through [`EventRepository`]) or from the register;
//! [`EventLog::turn`] lets commands on one stream take turns inside the process. The questions the register asks of the log are [`LogIndex`]'s typed
//! lookups. It reads that log back ([`LogReader`]), recomputes the chain ([`verify_chain`]) and
//! builds the command side on cqrs-es ([`command_bus`]). It finds events by stream, type,
//! position and record time for auditors ([`EventFilter`], [`LogReader::search`]). It knows
//! nothing of HTTP, of configuration or of the domain's rules.
//!
//! Errors: [`LogReadError`] for anything that stops a read; [`VerifyError`] for a verification,
//! which is either a read error or a [`ChainBreak`], the evidence that the log was altered.

mod append;
pub mod baseline;
mod chain;
mod chain_break;
mod claims;
mod command_bus;
mod copy;
mod event_log;
pub mod export;
mod group_commit;
mod hash;
mod lookups;
mod position;
mod range;
mod reachability;
mod reader;
mod record;
mod repository;
mod search;
mod stream_turns;
mod verify;
mod walk;

pub use append::{append_events, lock_head, AppendError, EventJson, NewEvent};
pub use chain::{canonical_row_bytes, RECORDED_AT_FORMAT};
pub use chain_break::ChainBreak;
pub use claims::{
    check_heads, positions_needed, CheckedHead, HeadSource, HeadStatus, ProvenStretch,
    PublishedHead,
};
pub use command_bus::{command_bus, CommandBus};
pub use copy::{copy_log, copy_out_whole_log};
pub use event_log::EventLog;
pub use hash::{ChainHash, GENESIS_HASH};
pub use lookups::{
    FirstEvent, KeyedEvent, LatestParagraph, LogCensus, LogIndex, LookupError, StreamHead,
    StreamsNaming, DECISION_EXISTS, LATEST_PARAGRAPH,
};
pub use position::{Position, PositionOutOfRange};
pub use range::{PositionRange, RangeError};
pub use reachability::{
    is_unreachable, unreachable_in_chain, DatabaseUnreachable, StoreFailure, RETRY_AFTER_SECONDS,
};
pub use reader::{LogHead, LogPage, LogReadError, LogReader};
pub use record::RecordedEvent;
pub use repository::EventRepository;
pub use search::{EventFilter, SearchError, SearchPage, SearchResume};
pub use stream_turns::{StreamTurn, TurnKey, STATES_KEPT};
pub use verify::{
    no_checkpoints, verify_chain, verify_log, ChainReport, CheckpointReader, VerifiedChain,
    VerifyError,
};
pub use walk::ChainWalk;
