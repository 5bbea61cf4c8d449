//! Deciding every command on a transition plan other than carrying it out: the rules a plan,
//! its steps, dispositions, mappings and party decisions must keep. Carrying out is decided in
//! `carry_out`, to which this module hands that command.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use uuid::Uuid;

use super::aggregate::{in_force_on, Plan, Transition};
use super::carry_out::decide_carry_out;
use super::{
    template_steps, AddStep, ContractDisposition, ContractDispositionDecided,
    DecideContractDisposition, MapObligation, ObligationMapped, ObligationMapping,
    PartyDecisionRecorded, PlanTransition, RecordPartyDecision, Reschedule, ReviseStep,
    ReviseSuccessor, SetStepStatus, StepAdded, StepDefinition, StepKey, StepRevised, StepStatus,
    StepStatusSet, SuccessorForm, SuccessorPlan, SuccessorRevised, TransitionCommand,
    TransitionError, TransitionEvent, TransitionPlanned, TransitionRescheduled,
};
use crate::decide::Decide;

impl Decide for Transition {
    fn decide(&self, command: Self::Command) -> Result<Self::Event, Self::Error> {
        let TransitionCommand::Plan(command) = command else {
            return decide_on_plan(self.plan_not_yet_carried_out()?, command);
        };
        if self.plan().is_some() {
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
            decide_carry_out(plan, command).map(|decision| decision.event)
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

/// The id a mapping gives the obligation recorded in place of the old one, if any.
fn successor_obligation_id(mapping: &ObligationMapping) -> Option<Uuid> {
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
