//! What each party owes, to whom, from what source, for which period, and where it stands on any
//! day, as the register knew it at any moment.
//!
//! It follows the `Obligation` streams. The query lists an obligation on day D when D lies
//! between the first day of its period and the last day it is listed, which is
//!
//! - for an open-ended period, the day the obligation is closed, since closing it is its end;
//!   while it is not closed, there is none;
//! - for an obligation due once, the later of its period's last day and the day it is closed;
//!   while it is not closed, there is none: an overdue obligation stays listed after its period
//!   until it is closed, so that nothing is left dangling out of view;
//! - otherwise, its period's last day: a yearly or continuous obligation for a fixed period is
//!   listed through its period, with its closure if it had one.
//!
//! So an obligation whose period has not begun by D is never listed, and a fixed-period one that
//! was closed shows its closure through the rest of its period, then drops out of the list.
//!
//! Its status on D ([`ObligationStatus`]) is computed from the stored columns:
//!
//! - `fulfilled`, `waived`, `transferred` or `ended` when it was closed on or before D, as the
//!   closure says; the closure carries its day, its basis and, for a transfer, the receiving party;
//! - otherwise, for an obligation due once: `overdue` when its day is before D, and `not_yet_due`
//!   on its day and before it;
//! - otherwise `open`: a yearly or continuous obligation in its period. The register records no
//!   fulfilment per year, so a yearly obligation stays `open` until it is closed as a whole.
//!
//! A closure dated after D is shown with the obligation all the same, as a membership's planned
//! last day is, while its status is still the one before the closure.

mod apply;
mod query;

pub(crate) use apply::apply;
pub use query::{
    obligation, obligations_of_cooperation, obligations_of_cooperation_at, obligations_of_party,
    obligations_of_party_at, obligations_open_from, recorded_obligation, ObligationClosure,
    ObligationStatus, ObligationsView, OwedObligation,
};

pub(crate) const SCHEMA_SQL: &str = include_str!("schema.sql");

pub(crate) const TABLES: &[&str] = &["obligations"];
