//! What a basis is cited as and what a party is called, as the register knew it at any moment:
//! "RS Västmanland 2025-05-06 §103" instead of a decision's id, "Region Sörmland" beside "04".
//!
//! It follows the `Party` and `ExternalDecision` streams. A decision of the register itself and a
//! document clause are cited from the decisions, documents and membership read models, which
//! hold them already (see [`Citations`]).

mod apply;
mod outside;
mod query;

pub(crate) use apply::apply;
pub use outside::{outside_decision, outside_decisions, OutsideDecision, OutsideDecisions};
pub use query::{parties, party_names, Citations, PartyList, PartyName};

pub(crate) const SCHEMA_SQL: &str = include_str!("schema.sql");

pub(crate) const TABLES: &[&str] = &["parties", "external_decisions"];
