//! Who sits on each body, on any day, as the register knew it at any moment: the body itself, its
//! seat plan per party, and every member with role, party, seat and the basis of the appointment.
//!
//! It follows the `Body` and `BodyTerm` streams. An appointment's `valid` range runs from its
//! first to its last day of service; an early end shortens it, and a correction replaces it.

mod apply;
mod bodies;
mod on_day;
mod query;
mod seats;

pub(crate) use apply::plan;
pub use bodies::{
    bodies_of_cooperation, body_on_day, BodiesOfCooperation, BodyListing, BodyOnDay, BodyStanding,
};
pub use on_day::{membership_on_day_at, MembershipOnDay};
pub use query::{
    membership, membership_at, membership_versions, memberships_between, BodyView, Member,
    Membership, MembershipVersion, SeatPlanLine,
};
pub use seats::{planned_seats, PlannedSeat};

pub(crate) const SCHEMA_SQL: &str = include_str!("schema.sql");

pub(crate) const TABLES: &[&str] = &["bodies", "terms", "seat_plans", "members"];
