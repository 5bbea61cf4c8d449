//! The transition aggregate's state: the plan as its events leave it, what can be read from it
//! (parties, readiness), and how each event changes it. Deciding commands lives in `decide`, and
//! carrying out in `carry_out`; both depend on this module, never the reverse.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use cqrs_es::event_sink::EventSink;
use cqrs_es::Aggregate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::readiness::{expires_near, needs_disposition};
use super::{
    Blocker, ContractDisposition, ContractFact, Decided, ObligationFact, ObligationMapping,
    PendingStep, Readiness, StatusChange, StepDefinition, StepKey, StepStatus, SuccessorPlan,
    TransitionCarriedOut, TransitionCommand, TransitionError, TransitionEvent,
};
use crate::decide::handle_by_deciding;
use crate::{CooperationForm, LegalBasis, PartyCode};

/// A transition plan: the state it needs to decide, and from which its views and readiness
/// are computed. The `transitions` read model stores it as known at each position.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transition {
    plan: Option<Plan>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Plan {
    pub(super) cooperation_id: Uuid,
    pub(super) cooperation_form: CooperationForm,
    pub(super) cooperation_parties: Vec<PartyCode>,
    pub(super) successor: SuccessorPlan,
    pub(super) effective_on: NaiveDate,
    pub(super) basis: LegalBasis,
    pub(super) steps: Vec<Step>,
    pub(super) dispositions: BTreeMap<Uuid, Vec<Decided<ContractDisposition>>>,
    pub(super) mappings: BTreeMap<Uuid, Vec<Decided<ObligationMapping>>>,
    pub(super) party_decisions: BTreeMap<PartyCode, Vec<Decided<()>>>,
    pub(super) carried_out: Option<TransitionCarriedOut>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct Step {
    pub(super) definition: StepDefinition,
    pub(super) statuses: Vec<StatusChange>,
}

impl Step {
    /// The status on `date`: the change with the latest day on or before it, and of changes on
    /// the same day the one recorded last.
    pub(super) fn status_on(&self, date: NaiveDate) -> Option<&StatusChange> {
        self.statuses
            .iter()
            .enumerate()
            .filter(|(_, change)| change.on <= date)
            .max_by_key(|(index, change)| (change.on, *index))
            .map(|(_, change)| change)
    }
}

/// The decision in force on `date` among dated decisions: the latest decided on or before it.
pub(super) fn in_force_on<T>(decisions: &[Decided<T>], date: NaiveDate) -> Option<&Decided<T>> {
    decisions
        .iter()
        .enumerate()
        .filter(|(_, decided)| decided.decided_on <= date)
        .max_by_key(|(index, decided)| (decided.decided_on, *index))
        .map(|(_, decided)| decided)
}

impl Plan {
    pub(super) fn step(&self, key: &StepKey) -> Option<&Step> {
        self.steps.iter().find(|step| &step.definition.key == key)
    }

    /// The parties of the old cooperation and of its successor: those who decide, and those a
    /// step, contract or obligation can be given to.
    pub(super) fn parties(&self) -> BTreeSet<PartyCode> {
        let mut parties: BTreeSet<PartyCode> = self.cooperation_parties.iter().cloned().collect();
        if let Some(successor) = &self.successor.cooperation {
            parties.extend(successor.parties.iter().cloned());
        }
        parties
    }

    pub(super) fn successor_parties(&self) -> Option<&[PartyCode]> {
        self.successor
            .cooperation
            .as_ref()
            .map(|successor| successor.parties.as_slice())
    }

    /// The day the last party decided, counting for each party its decision in force on
    /// `date`: the day the dissolution was decided by every party.
    pub(super) fn last_party_decision(&self, date: NaiveDate) -> Option<NaiveDate> {
        self.party_decisions
            .values()
            .filter_map(|decisions| in_force_on(decisions, date))
            .map(|decided| decided.decided_on)
            .max()
    }

    /// The basis of each party's decision in force on `date`, by party, each decision once:
    /// what a dissolution carried out by the plan rests on.
    pub(super) fn party_decision_bases(&self, date: NaiveDate) -> Vec<LegalBasis> {
        let mut bases: Vec<LegalBasis> = Vec::new();
        for decided in self
            .party_decisions
            .values()
            .filter_map(|decisions| in_force_on(decisions, date))
        {
            if !bases.contains(&decided.basis) {
                bases.push(decided.basis.clone());
            }
        }
        bases
    }

    pub(super) fn readiness(
        &self,
        as_of: NaiveDate,
        contracts: &[ContractFact],
        obligations: &[ObligationFact],
    ) -> Readiness {
        let blocking_steps_not_done: Vec<PendingStep> = self
            .steps
            .iter()
            .filter(|step| step.definition.blocking)
            .filter_map(|step| {
                let status = step
                    .status_on(as_of)
                    .map_or(StepStatus::NotStarted, |change| change.status);
                (!status.is_settled()).then(|| PendingStep {
                    key: step.definition.key.clone(),
                    title: step.definition.title.clone(),
                    status,
                    responsible: step.definition.responsible.clone(),
                    due_on: step.definition.due_on,
                    overdue: step.definition.due_on.is_some_and(|due_on| due_on < as_of),
                })
            })
            .collect();
        let contracts_without_disposition: Vec<ContractFact> = contracts
            .iter()
            .filter(|contract| needs_disposition(contract, self.effective_on))
            .filter(|contract| {
                self.dispositions
                    .get(&contract.contract_id)
                    .and_then(|decisions| in_force_on(decisions, as_of))
                    .is_none()
            })
            .cloned()
            .collect();
        let contracts_expiring_near_effective_date = contracts
            .iter()
            .filter(|contract| expires_near(contract.ends_on, self.effective_on))
            .cloned()
            .collect();
        let obligations_without_mapping: Vec<ObligationFact> = obligations
            .iter()
            .filter(|obligation| !obligation.ends_with_the_body())
            .filter(|obligation| {
                self.mappings
                    .get(&obligation.obligation_id)
                    .and_then(|decisions| in_force_on(decisions, as_of))
                    .is_none()
            })
            .cloned()
            .collect();
        let parties_not_decided: Vec<PartyCode> = self
            .parties()
            .into_iter()
            .filter(|party| {
                self.party_decisions
                    .get(party)
                    .and_then(|decisions| in_force_on(decisions, as_of))
                    .is_none()
            })
            .collect();

        let mut reasons: Vec<Blocker> = Vec::new();
        reasons.extend(
            blocking_steps_not_done
                .iter()
                .map(|step| Blocker::BlockingStepNotDone {
                    step: step.key.clone(),
                }),
        );
        reasons.extend(contracts_without_disposition.iter().map(|contract| {
            Blocker::ContractWithoutDisposition {
                contract_id: contract.contract_id,
            }
        }));
        reasons.extend(obligations_without_mapping.iter().map(|obligation| {
            Blocker::ObligationWithoutMapping {
                obligation_id: obligation.obligation_id,
            }
        }));
        reasons.extend(
            parties_not_decided
                .iter()
                .map(|party| Blocker::PartyNotDecided {
                    party: party.clone(),
                }),
        );
        if self
            .successor
            .cooperation
            .as_ref()
            .is_some_and(|successor| successor.agreement.is_none())
        {
            reasons.push(Blocker::SuccessorAgreementMissing);
        }

        Readiness {
            as_of,
            effective_on: self.effective_on,
            ready: reasons.is_empty(),
            reasons,
            blocking_steps_not_done,
            contracts_without_disposition,
            contracts_expiring_near_effective_date,
            obligations_without_mapping,
            parties_not_decided,
            carried_out_on: self.carried_out.as_ref().map(|done| done.carried_out_on),
        }
    }
}

impl Transition {
    pub(super) fn plan(&self) -> Option<&Plan> {
        self.plan.as_ref()
    }

    /// The plan, for deciding a command on it: there is nothing to decide on before it is
    /// planned, and nothing left to decide once it is carried out.
    pub(super) fn plan_not_yet_carried_out(&self) -> Result<&Plan, TransitionError> {
        let plan = self.plan.as_ref().ok_or(TransitionError::NotPlanned)?;
        if let Some(carried_out) = &plan.carried_out {
            return Err(TransitionError::AlreadyCarriedOut {
                carried_out_on: carried_out.carried_out_on,
            });
        }
        Ok(plan)
    }

    /// The cooperation the plan replaces, once planned.
    pub fn cooperation_id(&self) -> Option<Uuid> {
        self.plan.as_ref().map(|plan| plan.cooperation_id)
    }

    /// The first day of the new arrangement, once planned.
    pub fn effective_on(&self) -> Option<NaiveDate> {
        self.plan.as_ref().map(|plan| plan.effective_on)
    }

    /// The successor as planned, once planned.
    pub fn successor(&self) -> Option<&SuccessorPlan> {
        self.plan.as_ref().map(|plan| &plan.successor)
    }

    /// Every party of the old cooperation and of its successor, once planned.
    pub fn parties(&self) -> Vec<PartyCode> {
        self.plan
            .as_ref()
            .map(|plan| plan.parties().into_iter().collect())
            .unwrap_or_default()
    }

    /// Whether the transition has been carried out.
    pub fn is_carried_out(&self) -> bool {
        self.plan
            .as_ref()
            .is_some_and(|plan| plan.carried_out.is_some())
    }

    /// Readiness on `as_of`, given the contracts the old cooperation holds on the effective date
    /// and its obligations still open then.
    pub fn readiness(
        &self,
        as_of: NaiveDate,
        contracts: &[ContractFact],
        obligations: &[ObligationFact],
    ) -> Option<Readiness> {
        self.plan
            .as_ref()
            .map(|plan| plan.readiness(as_of, contracts, obligations))
    }
}

impl Aggregate for Transition {
    const TYPE: &'static str = "Transition";
    type Command = TransitionCommand;
    type Event = TransitionEvent;
    type Error = TransitionError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        handle_by_deciding(self, command, sink).await
    }

    fn apply(&mut self, event: Self::Event) {
        if let TransitionEvent::TransitionPlanned(planned) = event {
            self.plan = Some(Plan {
                cooperation_id: planned.cooperation_id,
                cooperation_form: planned.cooperation_form,
                cooperation_parties: planned.cooperation_parties,
                successor: planned.successor,
                effective_on: planned.effective_on,
                basis: planned.basis,
                steps: planned
                    .steps
                    .into_iter()
                    .map(|definition| Step {
                        definition,
                        statuses: Vec::new(),
                    })
                    .collect(),
                dispositions: BTreeMap::new(),
                mappings: BTreeMap::new(),
                party_decisions: BTreeMap::new(),
                carried_out: None,
            });
            return;
        }
        let Some(plan) = &mut self.plan else {
            return;
        };
        match event {
            TransitionEvent::TransitionPlanned(_) => {}
            TransitionEvent::SuccessorRevised(revised) => plan.successor = revised.successor,
            TransitionEvent::TransitionRescheduled(rescheduled) => {
                plan.effective_on = rescheduled.effective_on;
            }
            TransitionEvent::StepAdded(added) => plan.steps.push(Step {
                definition: added.step,
                statuses: Vec::new(),
            }),
            TransitionEvent::StepRevised(revised) => {
                if let Some(step) = plan
                    .steps
                    .iter_mut()
                    .find(|step| step.definition.key == revised.step.key)
                {
                    step.definition = revised.step;
                }
            }
            TransitionEvent::StepStatusSet(set) => {
                if let Some(step) = plan
                    .steps
                    .iter_mut()
                    .find(|step| step.definition.key == set.step)
                {
                    step.statuses.push(StatusChange {
                        status: set.status,
                        on: set.on,
                        basis: set.basis,
                    });
                }
            }
            TransitionEvent::ContractDispositionDecided(decided) => plan
                .dispositions
                .entry(decided.contract_id)
                .or_default()
                .push(Decided {
                    decision: decided.disposition,
                    decided_on: decided.decided_on,
                    basis: decided.basis,
                }),
            TransitionEvent::ObligationMapped(mapped) => plan
                .mappings
                .entry(mapped.obligation_id)
                .or_default()
                .push(Decided {
                    decision: mapped.mapping,
                    decided_on: mapped.decided_on,
                    basis: mapped.basis,
                }),
            TransitionEvent::PartyDecisionRecorded(recorded) => plan
                .party_decisions
                .entry(recorded.party)
                .or_default()
                .push(Decided {
                    decision: (),
                    decided_on: recorded.decided_on,
                    basis: recorded.basis,
                }),
            TransitionEvent::TransitionCarriedOut(carried_out) => {
                plan.carried_out = Some(carried_out);
            }
        }
    }
}
