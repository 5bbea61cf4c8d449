//! What each body and each party is entrusted with, on any day, as the register knew it at any
//! moment: every mandate with its category, scope, explicit exclusions and source (basis), and the
//! delegations of it to officials.
//!
//! It follows the `Mandate` streams. A mandate's `valid` range runs from its first day to the last
//! day granted; an early end shortens it, and a correction replaces the grant while keeping an
//! early end, as the aggregate does. A mandate is listed on the days of its range; a delegation is
//! listed under its mandate on the days of its own range.

mod apply;
mod query;

pub(crate) use apply::apply;
pub use query::{
    mandate, mandates_of_body, mandates_of_body_at, mandates_of_party, mandates_of_party_at,
    Delegation, HeldMandate, MandatesView,
};

pub(crate) const SCHEMA_SQL: &str = include_str!("schema.sql");

pub(crate) const TABLES: &[&str] = &["mandates", "delegations"];
