//! A transition: the plan to dissolve a cooperation (typically a joint committee) and replace it
//! from an effective date, and its carrying out.
//!
//! The plan starts from a template of steps for the pair of forms, each editable, with
//! dependencies, a blocking flag and a dated status with its basis. It records what becomes of
//! every contract (disposition) and obligation (mapping) and which parties have decided.
//! [`Transition::readiness`] says, as of any day, what still blocks it; [`Transition::carry_out`]
//! decides, in one go, the events that end the old arrangement and establish the new one.

mod aggregate;
mod carry_out;
mod command;
mod decide;
mod error;
mod event;
mod facts;
mod readiness;
mod template;
mod types;
mod view;

#[cfg(test)]
mod tests;

pub use aggregate::Transition;
pub use carry_out::{CarryOutDecision, Consequence, ContractReassignment, ReassignedTo};
pub use command::{
    AddStep, CarryOutTransition, DecideContractDisposition, MapObligation, PlanTransition,
    RecordPartyDecision, Reschedule, ReviseStep, ReviseSuccessor, SetStepStatus, TransitionCommand,
};
pub use error::TransitionError;
pub use event::{
    ContractDispositionDecided, ObligationMapped, PartyDecisionRecorded, StepAdded, StepRevised,
    StepStatusSet, SuccessorRevised, TransitionCarriedOut, TransitionEvent, TransitionPlanned,
    TransitionRescheduled,
};
pub use facts::{
    BodyFact, CarryOutFacts, ContractFact, MandateFact, MembershipFact, ObligationFact,
};
pub use readiness::{Blocker, PendingStep, Readiness, EXPIRY_WATCH_MONTHS};
pub use template::template_steps;
pub use types::{
    AgreementDraft, ContractDisposition, Decided, ObligationMapping, StatusChange, StepDefinition,
    StepKey, StepKeyError, StepStatus, SuccessorCooperation, SuccessorForm, SuccessorPlan,
};
pub use view::{DispositionView, MappingView, PartyDecisionView, StepView, TransitionView};
