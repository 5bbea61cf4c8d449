//! One mandate period of one body: its seat plan and everyone appointed to it.
//!
//! A body's memberships are kept per mandate period (2023–2026, 2027–2030 …), so that each stream
//! holds at most four years of appointments: a body with twenty years of history loads no more
//! events for today's command than a new one.
//!
//! The stream id is [`BodyTerm::stream_id`]. Commands carry the facts of the cooperation they
//! need (its form and its parties on the effective date); the caller looks them up.

mod aggregate;
mod command;
mod error;
mod event;
mod types;

#[cfg(test)]
mod tests;

pub use aggregate::BodyTerm;
pub use command::{
    AdoptSeatPlan, Appoint, Appointment, BodyTermCommand, CorrectAppointment, CorrectSeatPlan,
    EndMembership,
};
pub use error::BodyTermError;
pub use event::{
    AppointmentCorrected, BodyTermEvent, MemberAppointed, MembershipEnded, SeatPlanAdopted,
    SeatPlanCorrected,
};
pub use types::{EndReason, Person, Role, Seat, SeatAllocation, SeatHolder};
