use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use cqrs_es::event_sink::EventSink;
use cqrs_es::Aggregate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::readiness::{expires_near, needs_disposition};
use super::{
    template_steps, AddStep, Blocker, CarryOutTransition, ContractDisposition,
    ContractDispositionDecided, ContractFact, DecideContractDisposition, Decided, MapObligation,
    ObligationFact, ObligationMapped, ObligationMapping, PartyDecisionRecorded, PendingStep,
    PlanTransition, Readiness, RecordPartyDecision, Reschedule, ReviseStep, ReviseSuccessor,
    SetStepStatus, StatusChange, StepAdded, StepDefinition, StepKey, StepRevised, StepStatus,
    StepStatusSet, SuccessorForm, SuccessorPlan, SuccessorRevised, TransitionCarriedOut,
    TransitionCommand, TransitionError, TransitionEvent, TransitionPlanned, TransitionRescheduled,
};
use crate::decide::{handle_by_deciding, Decide};
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
    fn step(&self, key: &StepKey) -> Option<&Step> {
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

    fn successor_parties(&self) -> Option<&[PartyCode]> {
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

pub(super) fn successor_obligation_id(mapping: &ObligationMapping) -> Option<Uuid> {
    match mapping {
        ObligationMapping::CarriedToSuccessor {
            successor_obligation_id,
        }
        | ObligationMapping::MovesToParty {
            successor_obligation_id,
            ..
        } => Some(*successor_obligation_id),
        ObligationMapping::Ends => None,
    }
}

impl Transition {
    pub(super) fn plan(&self) -> Option<&Plan> {
        self.plan.as_ref()
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

impl Decide for Transition {
    fn decide(&self, command: Self::Command) -> Result<Self::Event, Self::Error> {
        let TransitionCommand::Plan(command) = command else {
            let plan = self.plan.as_ref().ok_or(TransitionError::NotPlanned)?;
            if let Some(carried_out) = &plan.carried_out {
                return Err(TransitionError::AlreadyCarriedOut {
                    carried_out_on: carried_out.carried_out_on,
                });
            }
            return decide_on_plan(plan, command);
        };
        if self.plan.is_some() {
            return Err(TransitionError::AlreadyPlanned);
        }
        plan_transition(command)
    }
}

fn plan_transition(command: PlanTransition) -> Result<TransitionEvent, TransitionError> {
    if command.effective_on <= command.cooperation_established_on {
        return Err(TransitionError::EffectiveBeforeEstablishment {
            effective_on: command.effective_on,
            established_on: command.cooperation_established_on,
        });
    }
    check_successor(&command.successor, command.cooperation_id)?;
    command.basis.validate().map_err(TransitionError::Basis)?;
    Ok(TransitionEvent::TransitionPlanned(TransitionPlanned {
        steps: template_steps(command.cooperation_form, command.successor.form),
        cooperation_id: command.cooperation_id,
        cooperation_form: command.cooperation_form,
        cooperation_parties: command.cooperation_parties,
        successor: command.successor,
        effective_on: command.effective_on,
        basis: command.basis,
    }))
}

fn decide_on_plan(
    plan: &Plan,
    command: TransitionCommand,
) -> Result<TransitionEvent, TransitionError> {
    match command {
        TransitionCommand::Plan(_) => Err(TransitionError::AlreadyPlanned),
        TransitionCommand::ReviseSuccessor(command) => revise_successor(plan, command),
        TransitionCommand::Reschedule(command) => reschedule(command),
        TransitionCommand::AddStep(AddStep { step }) => {
            if plan.step(&step.key).is_some() {
                return Err(TransitionError::DuplicateStep { key: step.key });
            }
            check_step(plan, &step)?;
            Ok(TransitionEvent::StepAdded(StepAdded { step }))
        }
        TransitionCommand::ReviseStep(ReviseStep { step }) => {
            if plan.step(&step.key).is_none() {
                return Err(TransitionError::UnknownStep { key: step.key });
            }
            check_step(plan, &step)?;
            Ok(TransitionEvent::StepRevised(StepRevised { step }))
        }
        TransitionCommand::SetStepStatus(command) => set_step_status(plan, command),
        TransitionCommand::DecideContractDisposition(command) => {
            decide_contract_disposition(plan, command)
        }
        TransitionCommand::MapObligation(command) => map_obligation(plan, command),
        TransitionCommand::RecordPartyDecision(command) => record_party_decision(plan, command),
        TransitionCommand::CarryOut(command) => {
            super::carry_out::decide(plan, command).map(|decision| decision.event)
        }
    }
}

/// The successor a plan names must be complete enough to establish on the effective date.
fn check_successor(successor: &SuccessorPlan, replaced: Uuid) -> Result<(), TransitionError> {
    let Some(cooperation) = &successor.cooperation else {
        return match successor.form {
            SuccessorForm::EachPartyOnItsOwn => Ok(()),
            _ => Err(TransitionError::SuccessorCooperationMissing),
        };
    };
    if successor.form == SuccessorForm::EachPartyOnItsOwn {
        return Err(TransitionError::SuccessorCooperationNotExpected);
    }
    if cooperation.cooperation_id == replaced {
        return Err(TransitionError::SuccessorIsTheReplacedCooperation);
    }
    if cooperation.name.trim().is_empty() {
        return Err(TransitionError::SuccessorNameMissing);
    }
    if cooperation.parties.len() < 2 {
        return Err(TransitionError::SuccessorTooFewParties {
            count: cooperation.parties.len(),
        });
    }
    let mut seen = BTreeSet::new();
    for (index, party) in cooperation.parties.iter().enumerate() {
        if !seen.insert(party) {
            return Err(TransitionError::SuccessorDuplicateParty {
                index,
                party: party.clone(),
            });
        }
    }
    if !seen.contains(&cooperation.host) {
        return Err(TransitionError::SuccessorHostNotAParty {
            host: cooperation.host.clone(),
        });
    }
    if cooperation
        .agreement
        .as_ref()
        .is_some_and(|agreement| agreement.title.trim().is_empty())
    {
        return Err(TransitionError::AgreementTitleMissing);
    }
    Ok(())
}

fn revise_successor(
    plan: &Plan,
    command: ReviseSuccessor,
) -> Result<TransitionEvent, TransitionError> {
    check_successor(&command.successor, plan.cooperation_id)?;
    if command.successor.cooperation.is_none() {
        check_nothing_awaits_a_successor(plan)?;
    }
    command.basis.validate().map_err(TransitionError::Basis)?;
    Ok(TransitionEvent::SuccessorRevised(SuccessorRevised {
        successor: command.successor,
        basis: command.basis,
    }))
}

/// Without a successor cooperation, a contract decided to continue jointly or an obligation
/// decided to be carried to the successor would be left with nobody when the plan is carried
/// out, so those decisions must be replaced first. The latest decision for each counts, as it is
/// the one in force when the plan is carried out.
fn check_nothing_awaits_a_successor(plan: &Plan) -> Result<(), TransitionError> {
    let latest = NaiveDate::MAX;
    let continues_jointly = plan
        .dispositions
        .values()
        .filter_map(|decisions| in_force_on(decisions, latest))
        .any(|decided| decided.decision == ContractDisposition::ContinuesJointly);
    let carried_to_successor = plan
        .mappings
        .values()
        .filter_map(|decisions| in_force_on(decisions, latest))
        .any(|decided| {
            matches!(
                decided.decision,
                ObligationMapping::CarriedToSuccessor { .. }
            )
        });
    if continues_jointly || carried_to_successor {
        return Err(TransitionError::NoSuccessorCooperation {
            field: "successor.cooperation",
        });
    }
    Ok(())
}

/// A new effective date, like the first, must come after the cooperation began.
fn reschedule(command: Reschedule) -> Result<TransitionEvent, TransitionError> {
    if command.effective_on <= command.cooperation_established_on {
        return Err(TransitionError::EffectiveBeforeEstablishment {
            effective_on: command.effective_on,
            established_on: command.cooperation_established_on,
        });
    }
    command.basis.validate().map_err(TransitionError::Basis)?;
    Ok(TransitionEvent::TransitionRescheduled(
        TransitionRescheduled {
            effective_on: command.effective_on,
            basis: command.basis,
        },
    ))
}

/// A step must have a title, a responsible party of the transition, and dependencies on steps
/// of the plan that never lead back to itself.
fn check_step(plan: &Plan, step: &StepDefinition) -> Result<(), TransitionError> {
    if step.title.trim().is_empty() {
        return Err(TransitionError::StepTitleMissing {
            key: step.key.clone(),
        });
    }
    if let Some(party) = &step.responsible {
        if !plan.parties().contains(party) {
            return Err(TransitionError::NotAPartyOfTheTransition {
                field: "step.responsible",
                party: party.clone(),
            });
        }
    }
    for (index, dependency) in step.depends_on.iter().enumerate() {
        if dependency == &step.key {
            return Err(TransitionError::DependencyCycle {
                key: step.key.clone(),
                through: dependency.clone(),
            });
        }
        if plan.step(dependency).is_none() {
            return Err(TransitionError::UnknownDependency {
                index,
                key: step.key.clone(),
                dependency: dependency.clone(),
            });
        }
    }
    // Walk what the step would depend on, directly or not; meeting the step itself is a cycle.
    let mut to_visit: Vec<&StepKey> = step.depends_on.iter().collect();
    let mut visited: BTreeSet<&StepKey> = BTreeSet::new();
    while let Some(key) = to_visit.pop() {
        if !visited.insert(key) {
            continue;
        }
        let Some(existing) = plan.step(key) else {
            continue;
        };
        for next in &existing.definition.depends_on {
            if next == &step.key {
                return Err(TransitionError::DependencyCycle {
                    key: step.key.clone(),
                    through: key.clone(),
                });
            }
            to_visit.push(next);
        }
    }
    Ok(())
}

/// A step is done only once everything it depends on is settled by the same day.
fn set_step_status(
    plan: &Plan,
    command: SetStepStatus,
) -> Result<TransitionEvent, TransitionError> {
    let step = plan
        .step(&command.step)
        .ok_or_else(|| TransitionError::UnknownStep {
            key: command.step.clone(),
        })?;
    if command.status == StepStatus::Done {
        let unsettled: Vec<StepKey> = step
            .definition
            .depends_on
            .iter()
            .filter(|dependency| {
                plan.step(dependency)
                    .and_then(|dependency| dependency.status_on(command.on))
                    .is_none_or(|change| !change.status.is_settled())
            })
            .cloned()
            .collect();
        if !unsettled.is_empty() {
            return Err(TransitionError::DependenciesNotSettled {
                key: command.step,
                on: command.on,
                unsettled,
            });
        }
    }
    command.basis.validate().map_err(TransitionError::Basis)?;
    Ok(TransitionEvent::StepStatusSet(StepStatusSet {
        step: command.step,
        status: command.status,
        on: command.on,
        basis: command.basis,
    }))
}

fn decide_contract_disposition(
    plan: &Plan,
    command: DecideContractDisposition,
) -> Result<TransitionEvent, TransitionError> {
    if command.contract_cooperation_id != plan.cooperation_id {
        return Err(TransitionError::ContractOfAnotherCooperation {
            contract_id: command.contract_id,
        });
    }
    match &command.disposition {
        ContractDisposition::ContinuesJointly => {
            if plan.successor.cooperation.is_none() {
                return Err(TransitionError::NoSuccessorCooperation {
                    field: "disposition",
                });
            }
        }
        ContractDisposition::MovesToParty { party }
        | ContractDisposition::ProcuredAgainBy { party } => {
            if !plan.parties().contains(party) {
                return Err(TransitionError::NotAPartyOfTheTransition {
                    field: "disposition.party",
                    party: party.clone(),
                });
            }
        }
        ContractDisposition::EndsAtExpiry => {}
    }
    command.basis.validate().map_err(TransitionError::Basis)?;
    Ok(TransitionEvent::ContractDispositionDecided(
        ContractDispositionDecided {
            contract_id: command.contract_id,
            disposition: command.disposition,
            decided_on: command.decided_on,
            basis: command.basis,
        },
    ))
}

fn map_obligation(plan: &Plan, command: MapObligation) -> Result<TransitionEvent, TransitionError> {
    if command.obligation_cooperation_id != plan.cooperation_id {
        return Err(TransitionError::ObligationOfAnotherCooperation {
            obligation_id: command.obligation_id,
        });
    }
    match &command.mapping {
        ObligationMapping::CarriedToSuccessor { .. } => {
            if plan.successor.cooperation.is_none() {
                return Err(TransitionError::NoSuccessorCooperation { field: "mapping" });
            }
        }
        ObligationMapping::MovesToParty { party, .. } => {
            // With a successor the party's new obligation is recorded under it, so the party
            // must be one of its parties; without one, under the old cooperation.
            let eligible = plan
                .successor_parties()
                .unwrap_or(plan.cooperation_parties.as_slice());
            if !eligible.contains(party) {
                return Err(TransitionError::NotAPartyOfTheTransition {
                    field: "mapping.party",
                    party: party.clone(),
                });
            }
        }
        ObligationMapping::Ends => {}
    }
    if let Some(new_id) = successor_obligation_id(&command.mapping) {
        // A new id for this obligation may be reused when its mapping is decided again.
        let used_by_others = plan
            .mappings
            .iter()
            .filter(|(obligation_id, _)| **obligation_id != command.obligation_id)
            .flat_map(|(_, decisions)| decisions)
            .filter_map(|decided| successor_obligation_id(&decided.decision))
            .any(|id| id == new_id);
        // Nor may it be the id of an obligation of the old cooperation the plan maps: that
        // stream exists, so recording the new obligation there would fail when carried out.
        let names_a_mapped_obligation = plan.mappings.contains_key(&new_id);
        if new_id == command.obligation_id || used_by_others || names_a_mapped_obligation {
            return Err(TransitionError::SuccessorObligationIdTaken {
                successor_obligation_id: new_id,
            });
        }
    }
    command.basis.validate().map_err(TransitionError::Basis)?;
    Ok(TransitionEvent::ObligationMapped(ObligationMapped {
        obligation_id: command.obligation_id,
        mapping: command.mapping,
        decided_on: command.decided_on,
        basis: command.basis,
    }))
}

fn record_party_decision(
    plan: &Plan,
    command: RecordPartyDecision,
) -> Result<TransitionEvent, TransitionError> {
    if !plan.parties().contains(&command.party) {
        return Err(TransitionError::NotAPartyOfTheTransition {
            field: "party",
            party: command.party,
        });
    }
    command.basis.validate().map_err(TransitionError::Basis)?;
    Ok(TransitionEvent::PartyDecisionRecorded(
        PartyDecisionRecorded {
            party: command.party,
            decided_on: command.decided_on,
            basis: command.basis,
        },
    ))
}

impl Transition {
    /// Carrying out as a pure decision: the plan's own event and what it causes on other
    /// streams, or the blockers. The register writes all of it in one transaction.
    pub fn carry_out(
        &self,
        command: CarryOutTransition,
    ) -> Result<super::CarryOutDecision, TransitionError> {
        let plan = self.plan.as_ref().ok_or(TransitionError::NotPlanned)?;
        if let Some(carried_out) = &plan.carried_out {
            return Err(TransitionError::AlreadyCarriedOut {
                carried_out_on: carried_out.carried_out_on,
            });
        }
        super::carry_out::decide(plan, command)
    }

    /// What carrying out would write on the effective date with `basis`, and what would still
    /// stop it: the preview. Nothing is decided; a plan already carried out has no preview.
    pub fn preview_carry_out(
        &self,
        basis: LegalBasis,
        facts: &super::CarryOutFacts,
    ) -> Result<(super::CarryOutDecision, Vec<Blocker>), TransitionError> {
        let plan = self.plan.as_ref().ok_or(TransitionError::NotPlanned)?;
        if let Some(carried_out) = &plan.carried_out {
            return Err(TransitionError::AlreadyCarriedOut {
                carried_out_on: carried_out.carried_out_on,
            });
        }
        super::carry_out::preview(plan, basis, facts)
    }
}
