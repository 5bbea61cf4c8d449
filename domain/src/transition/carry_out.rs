//! Carrying a transition out, as a pure decision: the plan's own event, and the commands it
//! causes on the streams of the old cooperation, its bodies, memberships, mandates, obligations
//! and contracts, and of the successor. The register runs each through its own aggregate's
//! rules and writes everything in one transaction, so the old arrangement never ends without
//! the new one beginning.

use chrono::NaiveDate;
use uuid::Uuid;

use super::aggregate::{in_force_on, Plan};
use super::{
    Blocker, CarryOutFacts, CarryOutTransition, ContractDisposition, ObligationFact,
    ObligationMapping, TransitionCarriedOut, TransitionError, TransitionEvent,
};
use crate::body::DissolveBody;
use crate::body_term::{EndMembership, EndReason};
use crate::cooperation::{DecideDissolution, EstablishCooperation};
use crate::governing_document::{AdoptDocument, DocumentKind};
use crate::mandate::EndMandate;
use crate::obligation::{CloseObligation, Closure, Creditor, RecordObligation};
use crate::{DateRange, LegalBasis, MandatePeriod, PartyCode};

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

pub(super) fn decide(
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
pub(super) fn preview(
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

/// The events carrying out on `today` writes, decisions counted as of `today`.
fn consequences(
    plan: &Plan,
    today: NaiveDate,
    basis: LegalBasis,
    facts: &CarryOutFacts,
) -> Result<CarryOutDecision, TransitionError> {
    let effective_on = plan.effective_on;
    if let Some(recorded) = facts.recorded_dissolution {
        if recorded != effective_on {
            return Err(TransitionError::DissolutionRecordedForAnotherDate {
                recorded,
                effective_on,
            });
        }
    }
    let last_day = effective_on.pred_opt().unwrap_or(effective_on);
    if let Some(body) = facts
        .bodies
        .iter()
        .find(|body| body.last_day.is_some_and(|day| day > last_day))
    {
        return Err(TransitionError::BodyOutlivesTheCooperation {
            body_id: body.body_id,
            last_day: body.last_day.unwrap_or(last_day),
        });
    }

    // A membership that only begins once the body is gone cannot be ended on its last day: the
    // membership's own rules refuse an end before its start, so the appointment must be dealt
    // with first rather than fail the whole transaction.
    if let Some(membership) = facts
        .memberships
        .iter()
        .find(|membership| membership.serves_from > last_day)
    {
        return Err(TransitionError::MembershipBeginsAfterTheBodyEnds {
            membership_id: membership.membership_id,
            serves_from: membership.serves_from,
        });
    }
    // The same holds for a mandate granted to the body from a day after its last.
    if let Some(mandate) = facts
        .mandates
        .iter()
        .find(|mandate| mandate.valid_from > last_day)
    {
        return Err(TransitionError::MandateBeginsAfterTheBodyEnds {
            mandate_id: mandate.mandate_id,
            valid_from: mandate.valid_from,
        });
    }

    let successor = plan.successor.cooperation.as_ref();
    let mut consequences = Vec::new();

    if let Some(successor) = successor {
        let Some(form) = plan.successor.form.cooperation_form() else {
            return Err(TransitionError::SuccessorCooperationNotExpected);
        };
        consequences.push(Consequence::EstablishSuccessor {
            cooperation_id: successor.cooperation_id,
            command: EstablishCooperation {
                name: successor.name.clone(),
                form,
                host: successor.host.clone(),
                parties: successor.parties.clone(),
                established_on: effective_on,
                predecessor: Some(plan.cooperation_id),
                basis: basis.clone(),
            },
        });
        if let Some(agreement) = &successor.agreement {
            consequences.push(Consequence::AdoptAgreement {
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
            });
        }
    }

    if facts.recorded_dissolution.is_none() {
        consequences.push(Consequence::DissolveCooperation {
            cooperation_id: plan.cooperation_id,
            command: DecideDissolution {
                decided_on: plan.last_party_decision(today).unwrap_or(today),
                effective_on,
                successor: successor.map(|successor| successor.cooperation_id),
                basis: basis.clone(),
            },
        });
    }

    for body in facts.bodies.iter().filter(|body| body.last_day.is_none()) {
        consequences.push(Consequence::DissolveBody {
            body_id: body.body_id,
            command: DissolveBody {
                last_day,
                basis: basis.clone(),
            },
        });
    }
    for membership in &facts.memberships {
        consequences.push(Consequence::EndMembership {
            body_id: membership.body_id,
            period: membership.period,
            command: EndMembership {
                membership_id: membership.membership_id,
                last_day,
                reason: EndReason::BodyEnded,
                basis: basis.clone(),
            },
        });
    }
    for mandate in &facts.mandates {
        consequences.push(Consequence::EndMandate {
            mandate_id: mandate.mandate_id,
            command: EndMandate {
                last_day,
                basis: basis.clone(),
            },
        });
    }

    let transition_parties: Vec<PartyCode> = plan.parties().into_iter().collect();
    for obligation in &facts.obligations {
        let closes_on = effective_on.max(obligation.period.from);
        let mapping = if obligation.ends_with_the_body() {
            ObligationMapping::Ends
        } else {
            plan.mappings
                .get(&obligation.obligation_id)
                .and_then(|decisions| in_force_on(decisions, today))
                .map(|decided| decided.decision.clone())
                .unwrap_or(ObligationMapping::Ends)
        };
        let closure = match &mapping {
            ObligationMapping::MovesToParty { party, .. } if *party != obligation.debtor => {
                Closure::Transferred { to: party.clone() }
            }
            _ => Closure::Ended,
        };
        consequences.push(Consequence::CloseObligation {
            obligation_id: obligation.obligation_id,
            command: CloseObligation {
                closure,
                on: closes_on,
                cooperation_parties: transition_parties.clone(),
                basis: basis.clone(),
            },
        });
        if let Some(record) = successor_obligation(plan, obligation, &mapping, closes_on, &basis) {
            consequences.push(record);
        }
    }

    for contract in facts
        .contracts
        .iter()
        .filter(|contract| contract.ends_on >= effective_on)
    {
        let disposition = plan
            .dispositions
            .get(&contract.contract_id)
            .and_then(|decisions| in_force_on(decisions, today))
            .map(|decided| &decided.decision);
        let to = match (disposition, successor) {
            (Some(ContractDisposition::ContinuesJointly), Some(successor)) => {
                ReassignedTo::Cooperation {
                    cooperation_id: successor.cooperation_id,
                    parties: successor.parties.clone(),
                }
            }
            (Some(ContractDisposition::MovesToParty { party }), _) => ReassignedTo::Party {
                party: party.clone(),
            },
            // A contract that ends at expiry, or is procured again by a party after it, runs on
            // unchanged until it expires.
            _ => continue,
        };
        let callers = match &to {
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
        };
        consequences.push(Consequence::ReassignContract {
            contract_id: contract.contract_id,
            reassignment: ContractReassignment {
                effective_on,
                to,
                callers,
                basis: basis.clone(),
            },
        });
    }

    Ok(CarryOutDecision {
        event: TransitionEvent::TransitionCarriedOut(TransitionCarriedOut {
            carried_out_on: today,
            effective_on,
            successor_cooperation_id: successor.map(|successor| successor.cooperation_id),
            basis,
        }),
        consequences,
    })
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
