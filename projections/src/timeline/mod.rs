//! Every event that concerns a cooperation, in one list: the day it takes effect (valid time),
//! its position and the moment it was recorded (record time), what it rests on, and a line that
//! says what happened.
//!
//! Which cooperation an event concerns:
//! - a `Cooperation` stream is the cooperation itself;
//! - a `Body` stream belongs to the cooperation its establishment names, or its latest
//!   correction names;
//! - `BodyTerm`, `Meeting` and `Goal` streams, and `Mandate` streams held by a body, belong to
//!   that body's cooperation, whichever that is when each of their events is applied;
//! - `Obligation` and `GoverningDocument` streams belong to the cooperation their first event, or
//!   their latest correction, names;
//! - `Party`, `PopulationFigure` and `ExternalDecision` streams, mandates held by a party, streams
//!   of aggregates the register does not know, and streams of a body the log has not established
//!   belong to none, and are left out.
//!
//! A correction that moves a stream to another cooperation (a body's establishment, an
//! obligation, a goal's body or a mandate's holder) is listed in both cooperations' timelines.
//! The stream's earlier entries stay where they were, because an entry records what was known
//! when its event was applied; its later events are listed under the cooperation it moved to.
//!
//! `as_of` lists the entries that take effect on or before the day, and those that name no day;
//! `known_at` lists the entries at or before the position. Entries are ordered by effective day,
//! undated ones last, then by position, and paged by keyset on that order.
//!
//! What an entry says of its event, and which cooperation the event's stream belongs to, comes
//! from [`crate::describe`], which the history shares.

mod apply;
mod query;

pub(crate) use apply::plan;
pub use query::{timeline, Timeline, TimelineEntry, TimelinePage};

pub(crate) const SCHEMA_SQL: &str = include_str!("schema.sql");

pub(crate) const TABLES: &[&str] = &["entries", "bodies", "streams"];
