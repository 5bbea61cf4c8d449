//! A decision of a body outside this register, such as a party's council (KF, RF), its executive
//! board (KS, RS) or a court, recorded once so that commands can cite it as legal basis by its
//! stable id instead of retyping the issuer, date and paragraph each time.
//!
//! One stream per decision; the stream id is the decision id the command gives. A decision that
//! was recorded wrongly is corrected (rättelse): the original stays in the log beside the
//! correction and its reason.

mod aggregate;
mod command;
mod error;
mod event;

#[cfg(test)]
mod tests;

pub use aggregate::ExternalDecision;
pub use command::{CorrectExternalDecision, ExternalDecisionCommand, RecordExternalDecision};
pub use error::ExternalDecisionError;
pub use event::{
    ExternalDecisionCorrected, ExternalDecisionDetails, ExternalDecisionEvent,
    ExternalDecisionRecorded,
};
