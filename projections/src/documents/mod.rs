//! Every cooperation's governing documents: the version of each in force on any day, with its
//! full clause text, and the list of its amendments, as the register knew them at any moment.
//!
//! It follows the `GoverningDocument` streams. Each version is a row holding the whole text, so
//! that the version in force is one index lookup; an amendment's text is computed from the
//! version it amends with the document's own rule. A correction (rättelse) of a version's
//! effective date or clauses replaces the version from the position it was recorded at.

mod apply;
mod compare;
mod query;

pub(crate) use apply::apply;
pub use compare::{compare_clauses, ClauseComparison};
pub use query::{
    amendments, document_in_force, document_version, documents_of_cooperation, AmendmentView,
    DocumentVersionView, VersionCorrection,
};

pub(crate) const SCHEMA_SQL: &str = include_str!("schema.sql");

pub(crate) const TABLES: &[&str] = &["versions"];
