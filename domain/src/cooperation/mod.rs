//! A cooperation between parties: established with its form, parties and host (and the
//! cooperation it replaces), joined by further parties later, and dissolved from a date.
//!
//! This is the first aggregate and deliberately small; the governance model grows from it.

mod aggregate;
mod command;
mod error;
mod event;
mod form;

#[cfg(test)]
mod tests;

pub use aggregate::Cooperation;
pub use aggregate::CooperationStatus;
pub use command::{
    AdmitParty, CooperationCommand, CorrectEstablishment, DecideDissolution, EstablishCooperation,
};
pub use error::CooperationError;
pub use event::{
    CooperationEstablished, CooperationEvent, DissolutionDecided, EstablishmentCorrected,
    PartyJoined,
};
pub use form::CooperationForm;
