//! A body of a cooperation: a committee, coordination group, steering group or board. Its seat
//! plans and memberships live per mandate period in [`crate::body_term`]; this stream holds only
//! what is true of the body across periods, so it stays a few events long.

mod aggregate;
mod command;
mod error;
mod event;

#[cfg(test)]
mod tests;

pub use aggregate::Body;
pub use command::{BodyCommand, CorrectBodyEstablishment, DissolveBody, EstablishBody};
pub use error::BodyError;
pub use event::{BodyDissolved, BodyEstablished, BodyEstablishmentCorrected, BodyEvent, BodyKind};
