//! Samverkan's domain: the rules of the governance register as aggregates.
//!
//! An aggregate decides. Given its past events and a command, it either returns new events or
//! refuses with a named rule. Nothing here does I/O or reads a clock: a command carries every fact
//! it needs from outside, such as the dates it takes effect and the legal basis it rests on.
//!
//! Stored events are a public format. Their names, versions and fields stay loadable forever;
//! a change of shape is a new version with an upcaster, never an edit of an old one.
//!
//! Errors: each aggregate has one error enum with a variant per broken rule. Every variant names
//! the field it concerns and the rule it breaks (see [`RuleViolation`]), so that the API can
//! answer with both.

pub mod allocation;
pub mod appeal_period;
pub mod body;
pub mod body_term;
pub mod checkpoint;
pub mod contract;
pub mod cooperation;
mod correction;
mod decide;
pub mod external_decision;
pub mod goal;
pub mod governing_document;
mod legal_basis;
pub mod mandate;
mod mandate_period;
pub mod meeting;
pub mod obligation;
pub mod party;
mod party_code;
mod rule;
pub mod scenario;
pub mod transition;

pub use cooperation::CooperationForm;
pub use decide::Decide;
pub use legal_basis::{Bases, BasesError, CitesBasis, LegalBasis, LegalBasisError};
pub use mandate_period::{DateRange, MandatePeriod, MandatePeriodError};
pub use party_code::{PartyCode, PartyCodeError};
pub use rule::RuleViolation;
