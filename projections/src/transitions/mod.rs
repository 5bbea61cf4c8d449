//! Transition plans, their readiness on any day, as the register knew them at any moment.
//!
//! It follows the `Transition` streams and stores each plan's whole state per position (see
//! `schema.sql`). Views and readiness are computed from that state by the domain's own code.
//! Readiness also reads the contracts and obligations of the cooperation being replaced from
//! their read models, at the same position as the plan.

mod apply;
mod arrangement;
mod query;
mod readiness;

pub(crate) use apply::apply;
pub use arrangement::{
    arrangement, preview_arrangement, Arrangement, ArrangementScope, BodyArrangement,
    PartyArrangement, PreviewError, ARRANGEMENT_READ_MODELS,
};
pub use query::{
    transition, transitions_of_cooperation, PlanAnswer, PlanSummary, PlansOfCooperation,
};
pub use readiness::{readiness, ReadinessAnswer};

pub(crate) const SCHEMA_SQL: &str = include_str!("schema.sql");

pub(crate) const TABLES: &[&str] = &["plans"];
