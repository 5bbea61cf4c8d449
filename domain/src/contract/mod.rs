//! The procurement contracts and framework agreements (avtal, ramavtal) of a cooperation: what
//! was procured from whom, which parties may call off, the term and its extension options, and
//! who holds the contract from which day.
//!
//! A contract is registered once by the cooperation that procured it, which holds it from its
//! first day. Its term grows only by exercising the extension options in order (an option "2+1+1"
//! is two options, each to a later day), and only before the contract has expired. In a
//! transition a contract is reassigned from a day: to the successor cooperation, or to one party
//! that alone may call off from then on. A registration recorded wrongly is corrected (rättelse)
//! by a new event; the correction must leave the extensions and reassignments already recorded
//! inside the corrected term.

mod aggregate;
mod command;
mod error;
mod event;

#[cfg(test)]
mod tests;

pub use aggregate::Contract;
pub use command::{
    ContractCommand, CorrectContract, ExtendContract, ReassignContract, RegisterContract,
};
pub use error::ContractError;
pub use event::{
    ContractCorrected, ContractEvent, ContractExtended, ContractHolder, ContractKind,
    ContractReassigned, ContractRegistered, ExtensionOption,
};
