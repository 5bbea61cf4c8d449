use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::{
    CarryOutFacts, ContractDisposition, ObligationMapping, StepDefinition, StepKey, StepStatus,
    SuccessorPlan,
};
use crate::{CooperationForm, LegalBasis, PartyCode};

/// What a user can ask of a transition plan.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TransitionCommand {
    Plan(PlanTransition),
    ReviseSuccessor(ReviseSuccessor),
    Reschedule(Reschedule),
    AddStep(AddStep),
    ReviseStep(ReviseStep),
    SetStepStatus(SetStepStatus),
    DecideContractDisposition(DecideContractDisposition),
    MapObligation(MapObligation),
    RecordPartyDecision(RecordPartyDecision),
    CarryOut(CarryOutTransition),
}

/// Plans the replacement of a cooperation: from which cooperation, to what, from which day, on
/// what basis. The plan starts with the template steps for the pair of forms.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PlanTransition {
    pub cooperation_id: Uuid,
    /// Fact: the form of the cooperation being replaced.
    pub cooperation_form: CooperationForm,
    /// Fact: the parties of the cooperation being replaced.
    pub cooperation_parties: Vec<PartyCode>,
    /// Fact: the day the cooperation being replaced was established.
    pub cooperation_established_on: NaiveDate,
    pub successor: SuccessorPlan,
    /// The first day of the new arrangement, such as 2027-01-01 in seed 004.
    pub effective_on: NaiveDate,
    /// What commissioned the plan, such as RS 2025-05-06 §103.
    pub basis: LegalBasis,
}

/// Replaces the planned successor, for example once its agreement is drafted.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
pub struct ReviseSuccessor {
    pub successor: SuccessorPlan,
    pub basis: LegalBasis,
}

/// Moves the effective date.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Reschedule {
    pub effective_on: NaiveDate,
    /// Fact: the day the cooperation being replaced was established.
    pub cooperation_established_on: NaiveDate,
    pub basis: LegalBasis,
}

/// Adds a step the template did not have.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
pub struct AddStep {
    pub step: StepDefinition,
}

/// Replaces what a step says: title, responsible party, due date, dependencies, blocking.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
pub struct ReviseStep {
    pub step: StepDefinition,
}

/// Records that a step has a status from a day, on a basis.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
pub struct SetStepStatus {
    pub step: StepKey,
    pub status: StepStatus,
    pub on: NaiveDate,
    pub basis: LegalBasis,
}

/// Decides what becomes of a contract of the cooperation. A later decision replaces an earlier
/// one from its own date.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct DecideContractDisposition {
    pub contract_id: Uuid,
    /// Fact: the cooperation that registered the contract.
    pub contract_cooperation_id: Uuid,
    pub disposition: ContractDisposition,
    pub decided_on: NaiveDate,
    pub basis: LegalBasis,
}

/// Decides what becomes of an obligation of the cooperation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct MapObligation {
    pub obligation_id: Uuid,
    /// Fact: the cooperation the obligation belongs to.
    pub obligation_cooperation_id: Uuid,
    pub mapping: ObligationMapping,
    pub decided_on: NaiveDate,
    pub basis: LegalBasis,
}

/// Records that a party has decided the transition, such as its council's decision to dissolve
/// the joint committee.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
pub struct RecordPartyDecision {
    pub party: PartyCode,
    pub decided_on: NaiveDate,
    pub basis: LegalBasis,
}

/// Carries the transition out: the old cooperation and its bodies end, and the successor is
/// established with its agreement, parties and obligations.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CarryOutTransition {
    /// Fact: today by the register's clock. Carrying out is allowed on or after the effective
    /// date.
    pub today: NaiveDate,
    pub basis: LegalBasis,
    /// Fact: what the register holds about the cooperation being replaced.
    pub facts: CarryOutFacts,
}

impl crate::CitesBasis for TransitionCommand {
    fn basis(&self) -> Option<(&'static str, &LegalBasis)> {
        match self {
            TransitionCommand::Plan(command) => Some(("basis", &command.basis)),
            TransitionCommand::ReviseSuccessor(command) => Some(("basis", &command.basis)),
            TransitionCommand::Reschedule(command) => Some(("basis", &command.basis)),
            TransitionCommand::AddStep(_) | TransitionCommand::ReviseStep(_) => None,
            TransitionCommand::SetStepStatus(command) => Some(("basis", &command.basis)),
            TransitionCommand::DecideContractDisposition(command) => {
                Some(("basis", &command.basis))
            }
            TransitionCommand::MapObligation(command) => Some(("basis", &command.basis)),
            TransitionCommand::RecordPartyDecision(command) => Some(("basis", &command.basis)),
            TransitionCommand::CarryOut(command) => Some(("basis", &command.basis)),
        }
    }
}
