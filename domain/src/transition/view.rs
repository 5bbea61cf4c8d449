//! A plan as it stands on a day: what the read model shows a user.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::aggregate::in_force_on;
use super::{
    ContractDisposition, ObligationMapping, StatusChange, StepDefinition, StepStatus,
    SuccessorPlan, Transition, TransitionCarriedOut,
};
use crate::{CooperationForm, LegalBasis, PartyCode};

/// A transition plan on `as_of`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TransitionView {
    pub as_of: NaiveDate,
    pub cooperation_id: Uuid,
    pub cooperation_form: CooperationForm,
    pub cooperation_parties: Vec<PartyCode>,
    pub successor: SuccessorPlan,
    pub effective_on: NaiveDate,
    pub basis: LegalBasis,
    pub steps: Vec<StepView>,
    /// The disposition of each contract in force on `as_of`, by contract id.
    pub contract_dispositions: Vec<DispositionView>,
    pub obligation_mappings: Vec<MappingView>,
    /// For each party, its decision in force on `as_of`.
    pub party_decisions: Vec<PartyDecisionView>,
    #[schema(value_type = Option<Object>)]
    pub carried_out: Option<TransitionCarriedOut>,
}

/// A step with its status on the day asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StepView {
    #[serde(flatten)]
    pub definition: StepDefinition,
    pub status: StepStatus,
    /// Since when the step has that status, and on what basis; none before any change.
    pub status_since: Option<NaiveDate>,
    pub status_basis: Option<LegalBasis>,
    /// Every status change recorded, in the order recorded.
    pub history: Vec<StatusChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct DispositionView {
    pub contract_id: Uuid,
    pub disposition: ContractDisposition,
    pub decided_on: NaiveDate,
    pub basis: LegalBasis,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct MappingView {
    pub obligation_id: Uuid,
    pub mapping: ObligationMapping,
    pub decided_on: NaiveDate,
    pub basis: LegalBasis,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PartyDecisionView {
    pub party: PartyCode,
    pub decided_on: NaiveDate,
    pub basis: LegalBasis,
}

impl Transition {
    /// The plan as it stands on `as_of`: statuses, dispositions, mappings and decisions dated on
    /// or before that day. `None` before the plan is recorded.
    pub fn view_on(&self, as_of: NaiveDate) -> Option<TransitionView> {
        let plan = self.plan()?;
        Some(TransitionView {
            as_of,
            cooperation_id: plan.cooperation_id,
            cooperation_form: plan.cooperation_form,
            cooperation_parties: plan.cooperation_parties.clone(),
            successor: plan.successor.clone(),
            effective_on: plan.effective_on,
            basis: plan.basis.clone(),
            steps: plan
                .steps
                .iter()
                .map(|step| {
                    let current = step.status_on(as_of);
                    StepView {
                        definition: step.definition.clone(),
                        status: current.map_or(StepStatus::NotStarted, |change| change.status),
                        status_since: current.map(|change| change.on),
                        status_basis: current.map(|change| change.basis.clone()),
                        history: step.statuses.clone(),
                    }
                })
                .collect(),
            contract_dispositions: plan
                .dispositions
                .iter()
                .filter_map(|(contract_id, decisions)| {
                    in_force_on(decisions, as_of).map(|decided| DispositionView {
                        contract_id: *contract_id,
                        disposition: decided.decision.clone(),
                        decided_on: decided.decided_on,
                        basis: decided.basis.clone(),
                    })
                })
                .collect(),
            obligation_mappings: plan
                .mappings
                .iter()
                .filter_map(|(obligation_id, decisions)| {
                    in_force_on(decisions, as_of).map(|decided| MappingView {
                        obligation_id: *obligation_id,
                        mapping: decided.decision.clone(),
                        decided_on: decided.decided_on,
                        basis: decided.basis.clone(),
                    })
                })
                .collect(),
            party_decisions: plan
                .party_decisions
                .iter()
                .filter_map(|(party, decisions)| {
                    in_force_on(decisions, as_of).map(|decided| PartyDecisionView {
                        party: party.clone(),
                        decided_on: decided.decided_on,
                        basis: decided.basis.clone(),
                    })
                })
                .collect(),
            carried_out: plan.carried_out.clone(),
        })
    }
}
