//! A cooperation between parties: established with its form, parties and host, and joined by
//! further parties later.
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
pub use command::{AdmitParty, CooperationCommand, EstablishCooperation};
pub use error::CooperationError;
pub use event::{CooperationEstablished, CooperationEvent, PartyJoined};
pub use form::CooperationForm;
