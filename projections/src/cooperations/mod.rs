//! The register's cooperations on any day, as the register knew them at any moment: name, form,
//! host, parties, status and dissolution, for listing what the register holds.
//!
//! It follows the `Cooperation` streams and stores each cooperation's whole record per position
//! (see `schema.sql`); the dates inside the record are evaluated for `as_of` by the query.

mod apply;
mod query;
mod record;

pub(crate) use apply::apply;
pub use query::{cooperations, CooperationEntry, CooperationList};

pub(crate) const SCHEMA_SQL: &str = include_str!("schema.sql");

pub(crate) const TABLES: &[&str] = &["cooperations"];
