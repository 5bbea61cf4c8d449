//! Parties (municipalities and regions) and their population figures.
//!
//! A party's stream, keyed by its official code, holds its registration. Population is recorded
//! per reference date in a stream of its own ([`PopulationFigure::stream_id`]), so that a party's
//! stream does not grow by a figure every year, and a figure can be corrected on its own.

mod aggregate;
mod command;
mod error;
mod event;

#[cfg(test)]
mod tests;

pub use aggregate::{Party, PopulationFigure};
pub use command::{
    CorrectPopulation, PartyCommand, PopulationCommand, RecordPopulation, RegisterParty,
};
pub use error::{PartyError, PopulationError};
pub use event::{
    PartyEvent, PartyKind, PartyRegistered, PopulationCorrected, PopulationEvent,
    PopulationRecorded,
};
