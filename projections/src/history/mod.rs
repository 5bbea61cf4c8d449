//! Every event that shaped an entity, in the order the log recorded them: for an auditor who asks
//! how the register came to say what it says of one thing, on what basis, by whom and when.
//!
//! An entity is anything the register names by an id: a stream (a cooperation, body, mandate,
//! obligation, contract, meeting, governing document, goal, transition plan, outside decision,
//! allocation key; a party by its code; a mandate period, budget or population figure by its
//! compound id), or a thing inside a stream with an id of its own (a membership, a decision, a
//! delegation). Which entities an event shapes, and what it merely mentions, is decided from the
//! event alone by [`entities`](self::entities); which record it states, corrects or revokes by
//! `records`; its day, basis and summary by the timeline's own rules (`told`).
//!
//! The two clocks:
//! - `known_at` lists the entries of events at or before the position. Entries are append-only,
//!   so nothing recorded later changes an earlier answer; `corrected_by` and `revoked_by` name
//!   only amendments at or before `known_at` too, so an answer as known before a correction shows
//!   the original as it then stood.
//! - `as_of` lists the entries whose effective day is on or before the day, and every entry
//!   whose event names no day (nor does its stream's first event). A correction is listed on the
//!   day of the record as corrected, as in the timeline. `corrected_by` names a correction
//!   whatever its day: that the record was corrected is a fact of record time, not valid time.
//!
//! Entries are in position order, oldest first, and paged by offset within one `known_at`.

mod apply;
pub mod entities;
mod query;
mod records;
mod told;

pub(crate) use apply::plan;
pub use entities::{normalize_entity, Relation};
pub use query::{history, Amends, History, HistoryEntry, HistoryWindow, RecordedBy};
pub use records::AmendmentKind;

pub(crate) const SCHEMA_SQL: &str = include_str!("schema.sql");

pub(crate) const TABLES: &[&str] = &["entity_events", "stream_days"];
