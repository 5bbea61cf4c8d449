//! Carrying a plan out: refused while anything blocks it, and otherwise every consequence on
//! the other streams, in the order the register writes them.

use super::*;
use crate::body::DissolveBody;
use crate::body_term::{EndMembership, EndReason};
use crate::cooperation::{DecideDissolution, EstablishCooperation};
use crate::governing_document::{AdoptDocument, DocumentKind};
use crate::mandate::EndMandate;
use crate::obligation::{CloseObligation, Closure, RecordObligation};
use crate::Bases;

fn ready() -> Transition {
    transition(ready_plan_events())
}

/// The last day of Inköpsnämnden and everything of it.
fn last_day() -> NaiveDate {
    date("2026-12-31")
}

#[test]
fn a_plan_is_not_carried_out_before_its_effective_date() {
    assert_eq!(
        ready().carry_out(carry_out_on("2026-12-31", facts())),
        Err(TransitionError::NotReady {
            blockers: vec![Blocker::NotYetEffective {
                effective_on: date("2027-01-01"),
            }],
        })
    );
}

#[test]
fn early_and_not_ready_lists_every_blocker_and_then_the_date() {
    let transition = transition(vec![
        planned(),
        agreement_drafted(),
        status("study-and-report", StepStatus::Done, "2025-10-14"),
        party_decided("19", "2025-11-18"),
    ]);
    let facts = CarryOutFacts {
        contracts: vec![contract(
            IT_CONSULTANTS,
            "Ramavtal IT-konsulttjänster",
            "2028-03-31",
            &["04", "19"],
        )],
        obligations: vec![cost_share(), fees()],
        ..facts()
    };
    let blockers = vec![
        Blocker::BlockingStepNotDone {
            step: key("council-decisions"),
        },
        Blocker::BlockingStepNotDone {
            step: key("new-agreement"),
        },
        Blocker::BlockingStepNotDone {
            step: key("influence"),
        },
        Blocker::BlockingStepNotDone {
            step: key("allocation-key"),
        },
        Blocker::BlockingStepNotDone {
            step: key("governing-documents"),
        },
        Blocker::BlockingStepNotDone {
            step: key("contract-mapping"),
        },
        Blocker::BlockingStepNotDone {
            step: key("ongoing-procurements"),
        },
        Blocker::BlockingStepNotDone { step: key("staff") },
        Blocker::ContractWithoutDisposition {
            contract_id: IT_CONSULTANTS,
        },
        Blocker::ObligationWithoutMapping {
            obligation_id: COST_SHARE,
        },
        Blocker::PartyNotDecided { party: code("04") },
        Blocker::NotYetEffective {
            effective_on: date("2027-01-01"),
        },
    ];
    let error = TransitionError::NotReady {
        blockers: blockers.clone(),
    };
    assert_eq!(
        (error.field().as_str(), error.rule()),
        ("transition_id", "transition.ready_to_carry_out")
    );
    assert_eq!(
        transition.carry_out(carry_out_on("2026-12-01", facts.clone())),
        Err(error)
    );
    // On the effective date the same plan is refused for the same blockers, less the date.
    assert_eq!(
        transition.carry_out(carry_out_on("2027-01-01", facts)),
        Err(TransitionError::NotReady {
            blockers: blockers[..blockers.len() - 1].to_vec(),
        })
    );
}

#[test]
fn a_plan_missing_its_agreement_is_not_carried_out() {
    let events: Vec<TransitionEvent> = ready_plan_events()
        .into_iter()
        .filter(|event| !matches!(event, TransitionEvent::SuccessorRevised(_)))
        .collect();
    TransitionTest::with(())
        .given(events)
        .when(TransitionCommand::CarryOut(carry_out_on(
            "2027-01-02",
            facts(),
        )))
        .then_expect_error(TransitionError::NotReady {
            blockers: vec![Blocker::SuccessorAgreementMissing],
        });
}

#[test]
fn a_plan_is_carried_out_once() {
    let mut events = ready_plan_events();
    events.push(carried_out("2027-01-02"));
    assert_eq!(
        transition(events.clone()).carry_out(carry_out_on("2027-01-03", facts())),
        Err(TransitionError::AlreadyCarriedOut {
            carried_out_on: date("2027-01-02"),
        })
    );
    refused(
        events,
        TransitionCommand::CarryOut(carry_out_on("2027-01-03", facts())),
        TransitionError::AlreadyCarriedOut {
            carried_out_on: date("2027-01-02"),
        },
        "transition_id",
        "transition.carried_out_once",
    );
    assert_eq!(
        Transition::default().carry_out(carry_out_on("2027-01-03", facts())),
        Err(TransitionError::NotPlanned)
    );
}

#[test]
fn a_dissolution_already_recorded_is_for_the_effective_date() {
    let facts = CarryOutFacts {
        recorded_dissolution: Some(date("2026-07-01")),
        ..facts()
    };
    refused(
        ready_plan_events(),
        TransitionCommand::CarryOut(carry_out_on("2027-01-02", facts.clone())),
        TransitionError::DissolutionRecordedForAnotherDate {
            recorded: date("2026-07-01"),
            effective_on: date("2027-01-01"),
        },
        "effective_on",
        "transition.dissolution_on_the_effective_date",
    );
    assert_eq!(
        ready().carry_out(carry_out_on("2027-01-02", facts)),
        Err(TransitionError::DissolutionRecordedForAnotherDate {
            recorded: date("2026-07-01"),
            effective_on: date("2027-01-01"),
        })
    );
}

#[test]
fn no_body_of_the_cooperation_outlives_it() {
    let facts = CarryOutFacts {
        bodies: vec![BodyFact {
            body_id: NAMNDEN,
            established_on: date("2019-01-01"),
            last_day: Some(date("2027-06-30")),
        }],
        ..facts()
    };
    refused(
        ready_plan_events(),
        TransitionCommand::CarryOut(carry_out_on("2027-01-02", facts)),
        TransitionError::BodyOutlivesTheCooperation {
            body_id: NAMNDEN,
            last_day: date("2027-06-30"),
        },
        "effective_on",
        "transition.bodies_end_with_the_cooperation",
    );
}

/// Found while writing these tests: a member appointed for 2027–2030 from 2027-01-01 would be
/// ended on 2026-12-31, before the membership begins, which the membership's own rules refuse,
/// failing the whole transaction at the register with an error about the membership.
#[test]
fn no_membership_of_the_body_begins_after_it_ends() {
    let mut facts = facts();
    facts.memberships.push(MembershipFact {
        body_id: NAMNDEN,
        period: MandatePeriod::beginning(2027).unwrap(),
        membership_id: Uuid::from_u128(0x1003),
        serves_from: date("2027-01-01"),
    });
    refused(
        ready_plan_events(),
        TransitionCommand::CarryOut(carry_out_on("2027-01-02", facts)),
        TransitionError::MembershipBeginsAfterTheBodyEnds {
            membership_id: Uuid::from_u128(0x1003),
            serves_from: date("2027-01-01"),
        },
        "effective_on",
        "transition.memberships_begin_before_the_body_ends",
    );
}

#[test]
fn no_mandate_of_the_body_begins_after_it_ends() {
    let mut facts = facts();
    facts.mandates.push(MandateFact {
        mandate_id: Uuid::from_u128(0x2003),
        body_id: NAMNDEN,
        valid_from: date("2027-01-01"),
    });
    refused(
        ready_plan_events(),
        TransitionCommand::CarryOut(carry_out_on("2027-01-02", facts)),
        TransitionError::MandateBeginsAfterTheBodyEnds {
            mandate_id: Uuid::from_u128(0x2003),
            valid_from: date("2027-01-01"),
        },
        "effective_on",
        "transition.mandates_begin_before_the_body_ends",
    );
}

#[test]
fn carrying_out_records_its_own_event_on_the_plan() {
    TransitionTest::with(())
        .given(ready_plan_events())
        .when(TransitionCommand::CarryOut(carry_out_on(
            "2027-01-02",
            facts(),
        )))
        .then_expect_events(vec![carried_out("2027-01-02")]);
}

fn established_successor() -> Consequence {
    Consequence::EstablishSuccessor {
        cooperation_id: AVTALSSAMVERKAN,
        command: EstablishCooperation {
            name: "Avtalssamverkan inköp Sörmland–Västmanland".into(),
            form: CooperationForm::ContractBased,
            host: code("04"),
            parties: regions(),
            established_on: date("2027-01-01"),
            predecessor: Some(INKOPSNAMNDEN),
            bases: entry_into_force().into(),
        },
    }
}

fn adopted_agreement() -> Consequence {
    let draft = agreement();
    Consequence::AdoptAgreement {
        document_id: AGREEMENT,
        command: AdoptDocument {
            cooperation_id: AVTALSSAMVERKAN,
            cooperation_established_on: date("2027-01-01"),
            kind: DocumentKind::CooperationAgreement,
            title: draft.title,
            effective_on: date("2027-01-01"),
            clauses: draft.clauses,
            basis: entry_into_force(),
        },
    }
}

fn ended_membership(membership_id: Uuid) -> Consequence {
    Consequence::EndMembership {
        body_id: NAMNDEN,
        period: mandate_period_2023(),
        command: EndMembership {
            membership_id,
            last_day: last_day(),
            reason: EndReason::BodyEnded,
            basis: entry_into_force(),
        },
    }
}

fn closed(obligation_id: Uuid, closure: Closure) -> Consequence {
    Consequence::CloseObligation {
        obligation_id,
        command: CloseObligation {
            closure,
            on: date("2027-01-01"),
            cooperation_parties: regions(),
            basis: entry_into_force(),
        },
    }
}

/// Seed 004 carried out on the first working day of 2027, with everything the register holds
/// about Inköpsnämnden then.
#[test]
fn a_ready_plan_ends_the_committee_and_establishes_the_contract_based_cooperation() {
    let decision = ready()
        .carry_out(carry_out_on("2027-01-02", facts()))
        .unwrap();
    assert_eq!(
        decision,
        CarryOutDecision {
            event: carried_out("2027-01-02"),
            consequences: vec![
                established_successor(),
                adopted_agreement(),
                // Decided when the last of the two councils decided, Sörmland on 2025-11-25.
                Consequence::DissolveCooperation {
                    cooperation_id: INKOPSNAMNDEN,
                    command: DecideDissolution {
                        decided_on: date("2025-11-25"),
                        effective_on: date("2027-01-01"),
                        successor: Some(AVTALSSAMVERKAN),
                        // Each council's own decision, party by party.
                        bases: Bases::new(vec![
                            council("04", "2025-11-25"),
                            council("19", "2025-11-18"),
                        ])
                        .unwrap(),
                    },
                },
                Consequence::DissolveBody {
                    body_id: NAMNDEN,
                    command: DissolveBody {
                        last_day: last_day(),
                        // The committee ends on the councils' decisions, as the cooperation does.
                        bases: Bases::new(vec![
                            council("04", "2025-11-25"),
                            council("19", "2025-11-18"),
                        ])
                        .unwrap(),
                    },
                },
                ended_membership(FIRST_MEMBERSHIP),
                ended_membership(SECOND_MEMBERSHIP),
                Consequence::EndMandate {
                    mandate_id: PROCUREMENT_MANDATE,
                    command: EndMandate {
                        last_day: last_day(),
                        basis: entry_into_force(),
                    },
                },
                // The cost share goes on under the successor, owed by the same region.
                closed(COST_SHARE, Closure::Ended),
                Consequence::RecordObligation {
                    obligation_id: COST_SHARE_UNDER_SUCCESSOR,
                    command: RecordObligation {
                        cooperation_id: AVTALSSAMVERKAN,
                        cooperation_parties: regions(),
                        debtor: code("19"),
                        creditor: Creditor::Party { party: code("04") },
                        kind: ObligationKind::CostShare,
                        description: "Region Västmanlands hälft av inköpsverksamhetens kostnader"
                            .into(),
                        period: DateRange {
                            from: date("2027-01-01"),
                            to: None,
                        },
                        due: Due::Yearly { month: 3, day: 31 },
                        basis: entry_into_force(),
                    },
                },
                // The fees fall away with the committee.
                closed(FEES, Closure::Ended),
                // Sörmland takes the archives over from Västmanland, owed to the successor.
                closed(ARCHIVES, Closure::Transferred { to: code("04") }),
                Consequence::RecordObligation {
                    obligation_id: ARCHIVES_FOR_SORMLAND,
                    command: RecordObligation {
                        cooperation_id: AVTALSSAMVERKAN,
                        cooperation_parties: regions(),
                        debtor: code("04"),
                        creditor: Creditor::Cooperation {
                            cooperation_id: AVTALSSAMVERKAN,
                        },
                        kind: ObligationKind::DeliverArchives,
                        description: "Leverera avslutade ärenden till arkivet".into(),
                        period: DateRange {
                            from: date("2027-01-01"),
                            to: Some(date("2027-12-31")),
                        },
                        due: Due::On {
                            date: date("2027-06-30"),
                        },
                        basis: entry_into_force(),
                    },
                },
                // Fuel ends at expiry and office supplies are procured again by Sörmland: both
                // run on unchanged. Interpreters ended before 2027.
                Consequence::ReassignContract {
                    contract_id: IT_CONSULTANTS,
                    reassignment: ContractReassignment {
                        effective_on: date("2027-01-01"),
                        to: ReassignedTo::Cooperation {
                            cooperation_id: AVTALSSAMVERKAN,
                            parties: regions(),
                        },
                        callers: regions(),
                        basis: entry_into_force(),
                    },
                },
                Consequence::ReassignContract {
                    contract_id: CARE_SUPPLIES,
                    reassignment: ContractReassignment {
                        effective_on: date("2027-01-01"),
                        to: ReassignedTo::Party { party: code("19") },
                        callers: vec![code("19")],
                        basis: entry_into_force(),
                    },
                },
            ],
        }
    );
}

#[test]
fn what_is_already_recorded_as_ending_is_not_ended_again() {
    // The councils' dissolution and the committee's last day are already in the register.
    let facts = CarryOutFacts {
        recorded_dissolution: Some(date("2027-01-01")),
        bodies: vec![BodyFact {
            body_id: NAMNDEN,
            established_on: date("2019-01-01"),
            last_day: Some(last_day()),
        }],
        memberships: vec![],
        mandates: vec![],
        obligations: vec![],
        contracts: vec![],
    };
    assert_eq!(
        ready().carry_out(carry_out_on("2027-01-02", facts)),
        Ok(CarryOutDecision {
            event: carried_out("2027-01-02"),
            consequences: vec![established_successor(), adopted_agreement()],
        })
    );
}

// Seed 003: Södertörns upphandlingsnämnd of Haninge (host) and Nynäshamn is gone from
// 2024-07-01, when a cooperation agreement governs the joint procurements of the second
// half-year. Its contracts are mapped: some continue jointly, some become Nynäshamn's own.

const SODERTORN: Uuid = Uuid::from_u128(0x003);
const SODERTORN_AGREEMENT: Uuid = Uuid::from_u128(0x2024);
const SODERTORN_AGREEMENT_DOCUMENT: Uuid = Uuid::from_u128(0xA9E3);
const UPPHANDLINGSNAMNDEN: Uuid = Uuid::from_u128(0xB003);
const SODERTORN_MEMBERSHIP: Uuid = Uuid::from_u128(0x3001);
const FOOD: Uuid = Uuid::from_u128(0xC301);
const CLEANING: Uuid = Uuid::from_u128(0xC302);

fn municipalities() -> Vec<PartyCode> {
    vec![code("0136"), code("0192")]
}

fn second_half_year_agreement() -> AgreementDraft {
    AgreementDraft {
        document_id: SODERTORN_AGREEMENT_DOCUMENT,
        title: "Samverkansavtal om upphandling andra halvåret 2024".into(),
        clauses: vec![Clause {
            number: "§ 1".into(),
            text: "Haninge kommun genomför gemensamma upphandlingar åt Nynäshamns kommun.".into(),
        }],
    }
}

fn sodertorn_successor() -> SuccessorPlan {
    SuccessorPlan {
        form: SuccessorForm::ContractBased,
        cooperation: Some(SuccessorCooperation {
            cooperation_id: SODERTORN_AGREEMENT,
            name: "Upphandlingssamverkan Haninge–Nynäshamn".into(),
            host: code("0136"),
            parties: municipalities(),
            agreement: Some(second_half_year_agreement()),
        }),
    }
}

fn sodertorn_decided(party: &str, on: &str) -> TransitionEvent {
    TransitionEvent::PartyDecisionRecorded(PartyDecisionRecorded {
        party: code(party),
        decided_on: date(on),
        basis: council(party, on),
    })
}

fn sodertorn_ready() -> Transition {
    let mut events = vec![TransitionEvent::TransitionPlanned(TransitionPlanned {
        cooperation_id: SODERTORN,
        cooperation_form: CooperationForm::JointCommittee,
        cooperation_parties: municipalities(),
        successor: sodertorn_successor(),
        effective_on: date("2024-07-01"),
        steps: contract_based_steps(),
        basis: council("0136", "2024-02-05"),
    })];
    for (step, step_status, on) in [
        ("study-and-report", StepStatus::NotApplicable, "2024-01-15"),
        ("council-decisions", StepStatus::Done, "2024-02-15"),
        ("allocation-key", StepStatus::Done, "2024-04-30"),
        ("new-agreement", StepStatus::Done, "2024-05-31"),
        ("influence", StepStatus::Done, "2024-05-31"),
        (
            "governing-documents",
            StepStatus::NotApplicable,
            "2024-05-31",
        ),
        ("contract-mapping", StepStatus::Done, "2024-06-14"),
        ("ongoing-procurements", StepStatus::Done, "2024-06-20"),
        ("staff", StepStatus::Done, "2024-06-28"),
    ] {
        events.push(status(step, step_status, on));
    }
    events.extend([
        disposed(FOOD, ContractDisposition::ContinuesJointly, "2024-06-14"),
        disposed(
            CLEANING,
            ContractDisposition::MovesToParty {
                party: code("0192"),
            },
            "2024-06-14",
        ),
        sodertorn_decided("0136", "2024-02-05"),
        sodertorn_decided("0192", "2024-02-15"),
    ]);
    transition(events)
}

fn sodertorn_basis() -> LegalBasis {
    LegalBasis::DocumentClause {
        document_id: SODERTORN_AGREEMENT_DOCUMENT,
        version: 1,
        clause: "§ 1".into(),
    }
}

#[test]
fn sodertorn_is_carried_out_to_contract_based_cooperation_under_its_agreement() {
    let facts = CarryOutFacts {
        // Each council already recorded the dissolution from 2024-07-01.
        recorded_dissolution: Some(date("2024-07-01")),
        bodies: vec![BodyFact {
            body_id: UPPHANDLINGSNAMNDEN,
            established_on: date("2012-01-01"),
            last_day: None,
        }],
        memberships: vec![MembershipFact {
            body_id: UPPHANDLINGSNAMNDEN,
            period: mandate_period_2023(),
            membership_id: SODERTORN_MEMBERSHIP,
            serves_from: date("2023-01-01"),
        }],
        mandates: vec![],
        obligations: vec![],
        contracts: vec![
            contract(FOOD, "Ramavtal livsmedel", "2025-03-31", &["0136", "0192"]),
            contract(CLEANING, "Ramavtal städtjänster", "2024-12-31", &["0192"]),
        ],
    };
    let command = CarryOutTransition {
        today: date("2024-07-01"),
        basis: sodertorn_basis(),
        facts,
    };
    let last_day = date("2024-06-30");
    assert_eq!(
        sodertorn_ready().carry_out(command),
        Ok(CarryOutDecision {
            event: TransitionEvent::TransitionCarriedOut(TransitionCarriedOut {
                carried_out_on: date("2024-07-01"),
                effective_on: date("2024-07-01"),
                successor_cooperation_id: Some(SODERTORN_AGREEMENT),
                basis: sodertorn_basis(),
            }),
            consequences: vec![
                Consequence::EstablishSuccessor {
                    cooperation_id: SODERTORN_AGREEMENT,
                    command: EstablishCooperation {
                        name: "Upphandlingssamverkan Haninge–Nynäshamn".into(),
                        form: CooperationForm::ContractBased,
                        host: code("0136"),
                        parties: municipalities(),
                        established_on: date("2024-07-01"),
                        predecessor: Some(SODERTORN),
                        bases: sodertorn_basis().into(),
                    },
                },
                Consequence::AdoptAgreement {
                    document_id: SODERTORN_AGREEMENT_DOCUMENT,
                    command: AdoptDocument {
                        cooperation_id: SODERTORN_AGREEMENT,
                        cooperation_established_on: date("2024-07-01"),
                        kind: DocumentKind::CooperationAgreement,
                        title: "Samverkansavtal om upphandling andra halvåret 2024".into(),
                        effective_on: date("2024-07-01"),
                        clauses: second_half_year_agreement().clauses,
                        basis: sodertorn_basis(),
                    },
                },
                // The committee ends on both councils' decisions.
                Consequence::DissolveBody {
                    body_id: UPPHANDLINGSNAMNDEN,
                    command: DissolveBody {
                        last_day,
                        bases: Bases::new(vec![
                            council("0136", "2024-02-05"),
                            council("0192", "2024-02-15"),
                        ])
                        .unwrap(),
                    },
                },
                Consequence::EndMembership {
                    body_id: UPPHANDLINGSNAMNDEN,
                    period: mandate_period_2023(),
                    command: EndMembership {
                        membership_id: SODERTORN_MEMBERSHIP,
                        last_day,
                        reason: EndReason::BodyEnded,
                        basis: sodertorn_basis(),
                    },
                },
                Consequence::ReassignContract {
                    contract_id: FOOD,
                    reassignment: ContractReassignment {
                        effective_on: date("2024-07-01"),
                        to: ReassignedTo::Cooperation {
                            cooperation_id: SODERTORN_AGREEMENT,
                            parties: municipalities(),
                        },
                        callers: municipalities(),
                        basis: sodertorn_basis(),
                    },
                },
                Consequence::ReassignContract {
                    contract_id: CLEANING,
                    reassignment: ContractReassignment {
                        effective_on: date("2024-07-01"),
                        to: ReassignedTo::Party {
                            party: code("0192"),
                        },
                        callers: vec![code("0192")],
                        basis: sodertorn_basis(),
                    },
                },
            ],
        })
    );
}
