//! Read models built from the event log.
//!
//! A read model turns the ordered log into tables that answer one kind of question fast, for any
//! valid date (`as_of`) and any record time (`known_at`). Every row carries both: a `valid`
//! daterange and a `known` range of log positions. A change closes the current row's `known` and
//! inserts the new version, so a query at any `known_at` is an index lookup, never a replay.
//!
//! - [`ProjectionRunner`] follows the log by position. Each batch updates the rows and the
//!   checkpoint in one transaction, so a crash loses nothing and applies nothing twice. It is
//!   woken by the append trigger's NOTIFY and polls as a fallback.
//! - [`rebuild`] replays the whole log into a fresh schema and swaps it in, or compares it with
//!   the live one and reports drift.
//! - Each read model's queries take a [`ReadAt`]: `as_of`, `known_at`, and the `min_position`
//!   a caller's own command returned, waited for within a bound.
//!
//! cqrs-es's `GenericQuery` is deliberately not used: it updates views after the commit, inside
//! the request, and loses the update if the process dies in between.
//!
//! Errors: [`ProjectionError`] for following, rebuilding and checking; [`QueryError`] for reads.

pub mod allocation;
mod batch;
pub mod citations;
mod columns;
pub mod compare;
pub mod contracts;
pub mod cooperations;
pub mod decisions;
mod decode;
mod describe;
pub mod documents;
mod error;
pub mod history;
pub mod mandates;
pub mod membership;
pub mod obligations;
mod preview;
mod read_at;
mod read_model;
mod read_model_identity;
mod rebuild;
mod row_writes;
mod runner;
mod schema;
mod stream;
pub mod timeline;
pub mod transitions;
pub mod wording;

pub use batch::DEFAULT_PAGE_SIZE;
pub use error::{ProjectionError, QueryError};
pub use preview::{Preview, ProposedEvent};
pub use read_at::{
    checkpoint, valid_day, wait_for, KnownAt, ReadAt, RecordTimeError, Resolved, ValidDayError,
    DEFAULT_WAIT,
};
pub use read_model_identity::ReadModel;
pub use rebuild::{rebuild, rebuild_all, Outcome, Progress, RebuildReport, TableDrift};
pub use runner::{ProjectionRunner, DEFAULT_POLL_INTERVAL, EVENTS_APPENDED_CHANNEL};
