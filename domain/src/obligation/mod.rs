//! What a party owes, to whom, from what source, for which period, and whether it is still open.
//!
//! An obligation opens when recorded and closes once: fulfilled, waived, transferred to another
//! party, or ended. Recurring duties (a yearly cost share) carry their recurrence; an obligation
//! for a fixed period keeps its stream to a handful of events.

mod aggregate;
mod command;
mod error;
mod event;

#[cfg(test)]
mod tests;

pub use aggregate::Obligation;
pub use command::{CloseObligation, CorrectObligation, ObligationCommand, RecordObligation};
pub use error::ObligationError;
pub use event::{
    Closure, Creditor, Due, ObligationClosed, ObligationCorrected, ObligationEvent, ObligationKind,
    ObligationRecorded,
};
