use chrono::NaiveDate;
use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{
    ContractDisposition, ObligationMapping, StepDefinition, StepKey, StepStatus, SuccessorPlan,
};
use crate::{CooperationForm, LegalBasis, PartyCode};

/// What happened to a transition plan. A stored format: see the crate documentation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum TransitionEvent {
    TransitionPlanned(TransitionPlanned),
    SuccessorRevised(SuccessorRevised),
    TransitionRescheduled(TransitionRescheduled),
    StepAdded(StepAdded),
    StepRevised(StepRevised),
    StepStatusSet(StepStatusSet),
    ContractDispositionDecided(ContractDispositionDecided),
    ObligationMapped(ObligationMapped),
    PartyDecisionRecorded(PartyDecisionRecorded),
    TransitionCarriedOut(TransitionCarriedOut),
}

/// A plan to replace `cooperation_id` by `successor` from `effective_on` (valid time). The steps
/// are written out, so a later change of the template leaves recorded plans as they were.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransitionPlanned {
    pub cooperation_id: Uuid,
    pub cooperation_form: CooperationForm,
    pub cooperation_parties: Vec<PartyCode>,
    pub successor: SuccessorPlan,
    pub effective_on: NaiveDate,
    pub steps: Vec<StepDefinition>,
    pub basis: LegalBasis,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuccessorRevised {
    pub successor: SuccessorPlan,
    pub basis: LegalBasis,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransitionRescheduled {
    pub effective_on: NaiveDate,
    pub basis: LegalBasis,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepAdded {
    pub step: StepDefinition,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepRevised {
    pub step: StepDefinition,
}

/// `step` has `status` from `on` (valid time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StepStatusSet {
    pub step: StepKey,
    pub status: StepStatus,
    pub on: NaiveDate,
    pub basis: LegalBasis,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractDispositionDecided {
    pub contract_id: Uuid,
    pub disposition: ContractDisposition,
    pub decided_on: NaiveDate,
    pub basis: LegalBasis,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObligationMapped {
    pub obligation_id: Uuid,
    pub mapping: ObligationMapping,
    pub decided_on: NaiveDate,
    pub basis: LegalBasis,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyDecisionRecorded {
    pub party: PartyCode,
    pub decided_on: NaiveDate,
    pub basis: LegalBasis,
}

/// The transition was carried out on `carried_out_on` (the day it was recorded, by the
/// register's clock); the events it caused on other streams were written in the same
/// transaction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransitionCarriedOut {
    pub carried_out_on: NaiveDate,
    pub effective_on: NaiveDate,
    pub successor_cooperation_id: Option<Uuid>,
    pub basis: LegalBasis,
}

impl DomainEvent for TransitionEvent {
    fn event_type(&self) -> String {
        match self {
            TransitionEvent::TransitionPlanned(_) => "TransitionPlanned",
            TransitionEvent::SuccessorRevised(_) => "SuccessorRevised",
            TransitionEvent::TransitionRescheduled(_) => "TransitionRescheduled",
            TransitionEvent::StepAdded(_) => "StepAdded",
            TransitionEvent::StepRevised(_) => "StepRevised",
            TransitionEvent::StepStatusSet(_) => "StepStatusSet",
            TransitionEvent::ContractDispositionDecided(_) => "ContractDispositionDecided",
            TransitionEvent::ObligationMapped(_) => "ObligationMapped",
            TransitionEvent::PartyDecisionRecorded(_) => "PartyDecisionRecorded",
            TransitionEvent::TransitionCarriedOut(_) => "TransitionCarriedOut",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1".to_owned()
    }
}
