//! An allocation key: how the costs of a cooperation are split under one version of its
//! cooperation agreement. A key is adopted once and corrected (rättelse) when it was recorded
//! wrongly; a new agreement version gets a key of its own, so a key's stream stays a few events.

mod aggregate;
mod command;
mod error;
mod event;

#[cfg(test)]
mod tests;

pub use aggregate::AllocationKey;
pub use command::{AdoptAllocationKey, AgreementFacts, AllocationKeyCommand, CorrectAllocationKey};
pub use error::AllocationKeyError;
pub use event::{
    AllocationKeyAdopted, AllocationKeyCorrected, AllocationKeyEvent, AllocationMethod, FixedShare,
    NamedException, WHOLE_IN_BASIS_POINTS,
};
