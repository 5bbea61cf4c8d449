//! What a body or a party is entrusted to decide or do, with its explicit exclusions, its source
//! and its valid period, and the delegations of it to officials.
//!
//! Categories are paths such as `upphandling` or `upphandling/byggentreprenader`: a mandate for a
//! category covers every category below it, except those it excludes. Seed 000's Upphandlingscenter
//! holds `upphandling` with `upphandling/byggentreprenader` and `upphandling/direktupphandlingar`
//! excluded.

mod aggregate;
mod category;
mod command;
mod error;
mod event;

#[cfg(test)]
mod tests;

pub use aggregate::Mandate;
pub use category::{Category, CategoryError};
pub use command::{CorrectMandate, DelegateMandate, EndMandate, GrantMandate, MandateCommand};
pub use error::MandateError;
pub use event::{
    MandateCorrected, MandateDelegated, MandateEnded, MandateEvent, MandateGranted, MandateHolder,
};
