//! Carrying a transition out, as a pure decision: the plan's own event, and the commands it
//! causes on the streams of the old cooperation, its bodies, memberships, mandates, obligations
//! and contracts, and of the successor. The register runs each through its own aggregate's
//! rules and writes everything in one transaction, so the old arrangement never ends without
//! the new one beginning.

use chrono::NaiveDate;
use uuid::Uuid;

use super::aggregate::{in_force_on, Plan, Transition};
use super::{
    Blocker, CarryOutFacts, CarryOutTransition, ContractDisposition, ContractFact, ObligationFact,
    ObligationMapping, SuccessorCooperation, TransitionCarriedOut, TransitionError,
    TransitionEvent,
};
use crate::body::DissolveBody;
use crate::body_term::{EndMembership, EndReason};
use crate::cooperation::{DecideDissolution, EstablishCooperation};
use crate::governing_document::{AdoptDocument, DocumentKind};
use crate::mandate::EndMandate;
use crate::obligation::{CloseObligation, Closure, Creditor, RecordObligation};
use crate::{Bases, DateRange, LegalBasis, MandatePeriod, PartyCode};

/// What carrying out decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CarryOutDecision {
    /// `TransitionCarriedOut`, for the plan's own stream; written after the consequences.
    pub event: TransitionEvent,
    /// The commands on other streams, in the order they are written.
    pub consequences: Vec<Consequence>,
}

/// One command carrying out causes on another aggregate's stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Consequence {
    EstablishSuccessor {
        cooperation_id: Uuid,
        command: EstablishCooperation,
    },
    AdoptAgreement {
        document_id: Uuid,
        command: AdoptDocument,
    },
    DissolveCooperation {
        cooperation_id: Uuid,
        command: DecideDissolution,
    },
    DissolveBody {
        body_id: Uuid,
        command: DissolveBody,
    },
    EndMembership {
        body_id: Uuid,
        period: MandatePeriod,
        command: EndMembership,
    },
    EndMandate {
        mandate_id: Uuid,
        command: EndMandate,
    },
    CloseObligation {
        obligation_id: Uuid,
        command: CloseObligation,
    },
    RecordObligation {
        obligation_id: Uuid,
        command: RecordObligation,
    },
    ReassignContract {
        contract_id: Uuid,
        reassignment: ContractReassignment,
    },
}

/// A contract changing hands on the effective date: to the successor cooperation (continues
/// jointly) or to one party (moves to that party).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractReassignment {
    pub effective_on: NaiveDate,
    pub to: ReassignedTo,
    /// The parties that may call off from it from the effective date.
    pub callers: Vec<PartyCode>,
    pub basis: LegalBasis,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReassignedTo {
    Cooperation {
        cooperation_id: Uuid,
        parties: Vec<PartyCode>,
    },
    Party {
        party: PartyCode,
    },
}

impl Transition {
    /// Carrying out as a pure decision: the plan's own event and what it causes on other
    /// streams, or the blockers. The register writes all of it in one transaction.
    pub fn carry_out(
        &self,
        command: CarryOutTransition,
    ) -> Result<CarryOutDecision, TransitionError> {
        decide_carry_out(self.plan_not_yet_carried_out()?, command)
    }

    /// What carrying out would write on the effective date with `basis`, and what would still
    /// stop it: the preview. Nothing is decided; a plan already carried out has no preview.
    pub fn preview_carry_out(
        &self,
        basis: LegalBasis,
        facts: &CarryOutFacts,
    ) -> Result<(CarryOutDecision, Vec<Blocker>), TransitionError> {
        preview(self.plan_not_yet_carried_out()?, basis, facts)
    }
}

/// Carrying out a plan not yet carried out on `command.today`: refused while anything blocks it,
/// an effective date still to come included.
pub(super) fn decide_carry_out(
    plan: &Plan,
    command: CarryOutTransition,
) -> Result<CarryOutDecision, TransitionError> {
    command.basis.validate().map_err(TransitionError::Basis)?;
    let CarryOutTransition {
        today,
        basis,
        facts,
    } = command;
    let mut blockers = plan
        .readiness(today, &facts.contracts, &facts.obligations)
        .reasons;
    if today < plan.effective_on {
        blockers.push(Blocker::NotYetEffective {
            effective_on: plan.effective_on,
        });
    }
    if !blockers.is_empty() {
        return Err(TransitionError::NotReady { blockers });
    }
    consequences(plan, today, basis, &facts)
}

/// What carrying out would write if it were done on the effective date, and what would still
/// stop it then: the preview. Decisions are counted as of the effective date; a contract without
/// a disposition runs on unchanged and an obligation without a mapping ends, but both stay
/// among the blockers.
fn preview(
    plan: &Plan,
    basis: LegalBasis,
    facts: &CarryOutFacts,
) -> Result<(CarryOutDecision, Vec<Blocker>), TransitionError> {
    basis.validate().map_err(TransitionError::Basis)?;
    let blockers = plan
        .readiness(plan.effective_on, &facts.contracts, &facts.obligations)
        .reasons;
    let decision = consequences(plan, plan.effective_on, basis, facts)?;
    Ok((decision, blockers))
}

/// The events carrying out on `today` writes, decisions counted as of `today`: first the checks
/// that the register's facts fit the effective date, then the consequences in the order they
/// are written, the successor first so that what moves to it has somewhere to go.
fn consequences(
    plan: &Plan,
    today: NaiveDate,
    basis: LegalBasis,
    facts: &CarryOutFacts,
) -> Result<CarryOutDecision, TransitionError> {
    let effective_on = plan.effective_on;
    check_dissolution_recorded_for_the_effective_date(facts, effective_on)?;
    // The bodies, memberships and mandates of the old cooperation end the day before the new
    // arrangement begins.
    let last_day = effective_on.pred_opt().unwrap_or(effective_on);
    check_no_body_outlives_the_cooperation(facts, last_day)?;
    check_no_membership_begins_after_the_body_ends(facts, last_day)?;
    check_no_mandate_begins_after_the_body_ends(facts, last_day)?;

    let mut consequences = Vec::new();
    if let Some(successor) = &plan.successor.cooperation {
        consequences.push(establish_the_successor(plan, successor, &basis)?);
        consequences.extend(adopt_the_successor_agreement(
            successor,
            effective_on,
            &basis,
        ));
    }
    // The parties' councils decided the dissolution, each for itself; the carry-out's own basis
    // stands in only for a plan without any party decision in force.
    let dissolution_bases =
        Bases::new(plan.party_decision_bases(today)).unwrap_or_else(|| Bases::from(basis.clone()));
    consequences.extend(dissolve_the_cooperation(
        plan,
        today,
        facts,
        &dissolution_bases,
    ));
    consequences.extend(dissolve_the_bodies(facts, last_day, &dissolution_bases));
    consequences.extend(end_the_memberships(facts, last_day, &basis));
    consequences.extend(end_the_mandates(facts, last_day, &basis));
    consequences.extend(close_the_obligations_and_record_what_follows(
        plan, today, facts, &basis,
    ));
    consequences.extend(reassign_the_contracts(plan, today, facts, &basis));

    Ok(CarryOutDecision {
        event: carried_out(plan, today, basis),
        consequences,
    })
}

/// A dissolution the register already holds must be for the plan's effective date, or the
/// cooperation would end on one day and its successor begin on another.
fn check_dissolution_recorded_for_the_effective_date(
    facts: &CarryOutFacts,
    effective_on: NaiveDate,
) -> Result<(), TransitionError> {
    match facts.recorded_dissolution {
        Some(recorded) if recorded != effective_on => {
            Err(TransitionError::DissolutionRecordedForAnotherDate {
                recorded,
                effective_on,
            })
        }
        _ => Ok(()),
    }
}

/// A body already recorded as lasting beyond the cooperation's last day would outlive it, since
/// carrying out dissolves only the bodies not yet recorded as dissolved.
fn check_no_body_outlives_the_cooperation(
    facts: &CarryOutFacts,
    last_day: NaiveDate,
) -> Result<(), TransitionError> {
    match facts
        .bodies
        .iter()
        .find(|body| body.last_day.is_some_and(|day| day > last_day))
    {
        Some(body) => Err(TransitionError::BodyOutlivesTheCooperation {
            body_id: body.body_id,
            last_day: body.last_day.unwrap_or(last_day),
        }),
        None => Ok(()),
    }
}

/// A membership that only begins once the body is gone cannot be ended on its last day: the
/// membership's own rules refuse an end before its start, so the appointment must be dealt with
/// first rather than fail the whole transaction.
fn check_no_membership_begins_after_the_body_ends(
    facts: &CarryOutFacts,
    last_day: NaiveDate,
) -> Result<(), TransitionError> {
    match facts
        .memberships
        .iter()
        .find(|membership| membership.serves_from > last_day)
    {
        Some(membership) => Err(TransitionError::MembershipBeginsAfterTheBodyEnds {
            membership_id: membership.membership_id,
            serves_from: membership.serves_from,
        }),
        None => Ok(()),
    }
}

/// The same holds for a mandate granted to the body from a day after its last.
fn check_no_mandate_begins_after_the_body_ends(
    facts: &CarryOutFacts,
    last_day: NaiveDate,
) -> Result<(), TransitionError> {
    match facts
        .mandates
        .iter()
        .find(|mandate| mandate.valid_from > last_day)
    {
        Some(mandate) => Err(TransitionError::MandateBeginsAfterTheBodyEnds {
            mandate_id: mandate.mandate_id,
            valid_from: mandate.valid_from,
        }),
        None => Ok(()),
    }
}

/// The successor cooperation, established on the effective date as the old one's successor; a
/// plan whose form has each party go on alone has no cooperation to establish.
fn establish_the_successor(
    plan: &Plan,
    successor: &SuccessorCooperation,
    basis: &LegalBasis,
) -> Result<Consequence, TransitionError> {
    let Some(form) = plan.successor.form.cooperation_form() else {
        return Err(TransitionError::SuccessorCooperationNotExpected);
    };
    Ok(Consequence::EstablishSuccessor {
        cooperation_id: successor.cooperation_id,
        command: EstablishCooperation {
            name: successor.name.clone(),
            form,
            host: successor.host.clone(),
            parties: successor.parties.clone(),
            established_on: plan.effective_on,
            predecessor: Some(plan.cooperation_id),
            bases: Bases::from(basis.clone()),
        },
    })
}

/// The successor's cooperation agreement, adopted as its governing document from the day it is
/// established.
fn adopt_the_successor_agreement(
    successor: &SuccessorCooperation,
    effective_on: NaiveDate,
    basis: &LegalBasis,
) -> Option<Consequence> {
    let agreement = successor.agreement.as_ref()?;
    Some(Consequence::AdoptAgreement {
        document_id: agreement.document_id,
        command: AdoptDocument {
            cooperation_id: successor.cooperation_id,
            cooperation_established_on: effective_on,
            kind: DocumentKind::CooperationAgreement,
            title: agreement.title.clone(),
            effective_on,
            clauses: agreement.clauses.clone(),
            basis: basis.clone(),
        },
    })
}

/// The old cooperation's dissolution, decided on the day the last party decided; none when the
/// register already holds it, so that it is not recorded twice.
fn dissolve_the_cooperation(
    plan: &Plan,
    today: NaiveDate,
    facts: &CarryOutFacts,
    bases: &Bases,
) -> Option<Consequence> {
    if facts.recorded_dissolution.is_some() {
        return None;
    }
    Some(Consequence::DissolveCooperation {
        cooperation_id: plan.cooperation_id,
        command: DecideDissolution {
            decided_on: plan.last_party_decision(today).unwrap_or(today),
            effective_on: plan.effective_on,
            successor: successor_cooperation_id(plan),
            bases: bases.clone(),
        },
    })
}

/// Every body of the cooperation not yet recorded as dissolved ends on the cooperation's last
/// day.
fn dissolve_the_bodies(
    facts: &CarryOutFacts,
    last_day: NaiveDate,
    bases: &Bases,
) -> Vec<Consequence> {
    facts
        .bodies
        .iter()
        .filter(|body| body.last_day.is_none())
        .map(|body| Consequence::DissolveBody {
            body_id: body.body_id,
            command: DissolveBody {
                last_day,
                bases: bases.clone(),
            },
        })
        .collect()
}

/// Every membership of those bodies ends with them, on their last day.
fn end_the_memberships(
    facts: &CarryOutFacts,
    last_day: NaiveDate,
    basis: &LegalBasis,
) -> Vec<Consequence> {
    facts
        .memberships
        .iter()
        .map(|membership| Consequence::EndMembership {
            body_id: membership.body_id,
            period: membership.period,
            command: EndMembership {
                membership_id: membership.membership_id,
                last_day,
                reason: EndReason::BodyEnded,
                basis: basis.clone(),
            },
        })
        .collect()
}

/// Every mandate those bodies hold ends with them, on their last day.
fn end_the_mandates(
    facts: &CarryOutFacts,
    last_day: NaiveDate,
    basis: &LegalBasis,
) -> Vec<Consequence> {
    facts
        .mandates
        .iter()
        .map(|mandate| Consequence::EndMandate {
            mandate_id: mandate.mandate_id,
            command: EndMandate {
                last_day,
                basis: basis.clone(),
            },
        })
        .collect()
}

/// Every open obligation of the old cooperation is closed, each followed by the obligation its
/// mapping records in its place, if any.
fn close_the_obligations_and_record_what_follows(
    plan: &Plan,
    today: NaiveDate,
    facts: &CarryOutFacts,
    basis: &LegalBasis,
) -> Vec<Consequence> {
    let transition_parties: Vec<PartyCode> = plan.parties().into_iter().collect();
    let mut consequences = Vec::new();
    for obligation in &facts.obligations {
        // An obligation that only begins after the effective date is closed on its first day.
        let closes_on = plan.effective_on.max(obligation.period.from);
        let mapping = obligation_mapping_in_force(plan, obligation, today);
        consequences.push(Consequence::CloseObligation {
            obligation_id: obligation.obligation_id,
            command: CloseObligation {
                closure: closure_under(&mapping, obligation),
                on: closes_on,
                cooperation_parties: transition_parties.clone(),
                basis: basis.clone(),
            },
        });
        consequences.extend(successor_obligation(
            plan, obligation, &mapping, closes_on, basis,
        ));
    }
    consequences
}

/// The mapping an obligation is carried out under: the one in force on `today`, or its end when
/// none is decided or when it ends with the body whatever was decided.
fn obligation_mapping_in_force(
    plan: &Plan,
    obligation: &ObligationFact,
    today: NaiveDate,
) -> ObligationMapping {
    if obligation.ends_with_the_body() {
        return ObligationMapping::Ends;
    }
    plan.mappings
        .get(&obligation.obligation_id)
        .and_then(|decisions| in_force_on(decisions, today))
        .map(|decided| decided.decision.clone())
        .unwrap_or(ObligationMapping::Ends)
}

/// How an obligation closes: transferred when it moves to another party than the one that owed
/// it, ended otherwise, its continuation under the successor being a new obligation.
fn closure_under(mapping: &ObligationMapping, obligation: &ObligationFact) -> Closure {
    match mapping {
        ObligationMapping::MovesToParty { party, .. } if *party != obligation.debtor => {
            Closure::Transferred { to: party.clone() }
        }
        _ => Closure::Ended,
    }
}

/// Every contract still running on the effective date changes hands as its disposition in force
/// on `today` says; the others run on unchanged.
fn reassign_the_contracts(
    plan: &Plan,
    today: NaiveDate,
    facts: &CarryOutFacts,
    basis: &LegalBasis,
) -> Vec<Consequence> {
    facts
        .contracts
        .iter()
        .filter(|contract| contract.ends_on >= plan.effective_on)
        .filter_map(|contract| {
            let to = reassigned_to(plan, contract, today)?;
            let callers = callers_after_reassignment(contract, &to);
            Some(Consequence::ReassignContract {
                contract_id: contract.contract_id,
                reassignment: ContractReassignment {
                    effective_on: plan.effective_on,
                    to,
                    callers,
                    basis: basis.clone(),
                },
            })
        })
        .collect()
}

/// Who a contract passes to under its disposition in force on `today`: the successor when it
/// continues jointly, the party it moves to, or nobody when it changes no hands.
fn reassigned_to(plan: &Plan, contract: &ContractFact, today: NaiveDate) -> Option<ReassignedTo> {
    let disposition = plan
        .dispositions
        .get(&contract.contract_id)
        .and_then(|decisions| in_force_on(decisions, today))
        .map(|decided| &decided.decision);
    match (disposition, &plan.successor.cooperation) {
        (Some(ContractDisposition::ContinuesJointly), Some(successor)) => {
            Some(ReassignedTo::Cooperation {
                cooperation_id: successor.cooperation_id,
                parties: successor.parties.clone(),
            })
        }
        (Some(ContractDisposition::MovesToParty { party }), _) => Some(ReassignedTo::Party {
            party: party.clone(),
        }),
        // A contract that ends at expiry, or is procured again by a party after it, runs on
        // unchanged until it expires.
        _ => None,
    }
}

/// The parties that may call off from a reassigned contract: under the successor, those of its
/// callers that are parties of it, or all its parties when none of them is; under one party,
/// that party alone.
fn callers_after_reassignment(contract: &ContractFact, to: &ReassignedTo) -> Vec<PartyCode> {
    match to {
        ReassignedTo::Cooperation { parties, .. } => {
            let staying: Vec<PartyCode> = contract
                .callers
                .iter()
                .filter(|caller| parties.contains(caller))
                .cloned()
                .collect();
            if staying.is_empty() {
                parties.clone()
            } else {
                staying
            }
        }
        ReassignedTo::Party { party } => vec![party.clone()],
    }
}

/// The plan's own event, written after the consequences.
fn carried_out(plan: &Plan, today: NaiveDate, basis: LegalBasis) -> TransitionEvent {
    TransitionEvent::TransitionCarriedOut(TransitionCarriedOut {
        carried_out_on: today,
        effective_on: plan.effective_on,
        successor_cooperation_id: successor_cooperation_id(plan),
        basis,
    })
}

/// The id of the successor cooperation, when the plan has one.
fn successor_cooperation_id(plan: &Plan) -> Option<Uuid> {
    plan.successor
        .cooperation
        .as_ref()
        .map(|successor| successor.cooperation_id)
}

/// The obligation a mapping records from the effective date: under the successor when there is
/// one, with the successor owed what the old cooperation or its body was owed.
fn successor_obligation(
    plan: &Plan,
    obligation: &ObligationFact,
    mapping: &ObligationMapping,
    from: NaiveDate,
    basis: &LegalBasis,
) -> Option<Consequence> {
    let (successor_obligation_id, debtor) = match mapping {
        ObligationMapping::CarriedToSuccessor {
            successor_obligation_id,
        } => (*successor_obligation_id, obligation.debtor.clone()),
        ObligationMapping::MovesToParty {
            party,
            successor_obligation_id,
        } => (*successor_obligation_id, party.clone()),
        ObligationMapping::Ends => return None,
    };
    let (cooperation_id, cooperation_parties) = match &plan.successor.cooperation {
        Some(successor) => (successor.cooperation_id, successor.parties.clone()),
        None => (plan.cooperation_id, plan.cooperation_parties.clone()),
    };
    let creditor = match &obligation.creditor {
        Creditor::Party { party } => Creditor::Party {
            party: party.clone(),
        },
        Creditor::Cooperation { .. } | Creditor::Body { .. } => {
            Creditor::Cooperation { cooperation_id }
        }
    };
    Some(Consequence::RecordObligation {
        obligation_id: successor_obligation_id,
        command: RecordObligation {
            cooperation_id,
            cooperation_parties,
            debtor,
            creditor,
            kind: obligation.kind,
            description: obligation.description.clone(),
            period: DateRange {
                from,
                to: obligation.period.to,
            },
            due: obligation.due,
            basis: basis.clone(),
        },
    })
}
