//! What still blocks a plan on a day, as a whole `Readiness`.

use super::*;

/// A blocking template step as readiness lists it while it is not settled.
fn pending(key_text: &str) -> PendingStep {
    let definition = contract_based_steps()
        .into_iter()
        .find(|step| step.key.as_str() == key_text)
        .unwrap();
    PendingStep {
        key: definition.key,
        title: definition.title,
        status: StepStatus::NotStarted,
        responsible: None,
        due_on: None,
        overdue: false,
    }
}

fn step_not_done(key_text: &str) -> Blocker {
    Blocker::BlockingStepNotDone {
        step: key(key_text),
    }
}

fn contract_fact(contract_id: Uuid) -> ContractFact {
    contracts()
        .into_iter()
        .find(|contract| contract.contract_id == contract_id)
        .unwrap()
}

/// Seed 004 on 2025-11-20: the study is late and in progress, Västmanland's council has
/// decided, Sörmland's has not, only the fuel contract has a disposition and nothing is mapped.
#[test]
fn a_plan_just_begun_is_blocked_by_every_kind_of_reason() {
    let mut study = contract_based_steps()[0].clone();
    study.responsible = Some(code("19"));
    study.due_on = Some(date("2025-10-31"));
    let transition = transition(vec![
        planned(),
        TransitionEvent::StepRevised(StepRevised { step: study }),
        status("study-and-report", StepStatus::InProgress, "2025-06-01"),
        party_decided("19", "2025-11-18"),
        disposed(FUEL, ContractDisposition::EndsAtExpiry, "2025-11-01"),
    ]);

    let readiness = transition.readiness(date("2025-11-20"), &contracts(), &obligations());

    let blocking = [
        "study-and-report",
        "council-decisions",
        "new-agreement",
        "influence",
        "allocation-key",
        "governing-documents",
        "contract-mapping",
        "ongoing-procurements",
        "staff",
    ];
    let mut reasons: Vec<Blocker> = blocking.iter().map(|key| step_not_done(key)).collect();
    reasons.extend([
        Blocker::ContractWithoutDisposition {
            contract_id: IT_CONSULTANTS,
        },
        Blocker::ContractWithoutDisposition {
            contract_id: CARE_SUPPLIES,
        },
        Blocker::ContractWithoutDisposition {
            contract_id: OFFICE_SUPPLIES,
        },
        Blocker::ObligationWithoutMapping {
            obligation_id: COST_SHARE,
        },
        Blocker::ObligationWithoutMapping {
            obligation_id: ARCHIVES,
        },
        Blocker::PartyNotDecided { party: code("04") },
        Blocker::SuccessorAgreementMissing,
    ]);
    let mut blocking_steps_not_done: Vec<PendingStep> =
        blocking.iter().map(|key| pending(key)).collect();
    blocking_steps_not_done[0] = PendingStep {
        status: StepStatus::InProgress,
        responsible: Some(code("19")),
        due_on: Some(date("2025-10-31")),
        overdue: true,
        ..pending("study-and-report")
    };
    assert_eq!(
        readiness,
        Some(Readiness {
            as_of: date("2025-11-20"),
            effective_on: date("2027-01-01"),
            ready: false,
            reasons,
            blocking_steps_not_done,
            contracts_without_disposition: vec![
                contract_fact(IT_CONSULTANTS),
                contract_fact(CARE_SUPPLIES),
                contract_fact(OFFICE_SUPPLIES),
            ],
            contracts_expiring_near_effective_date: vec![
                contract_fact(FUEL),
                contract_fact(OFFICE_SUPPLIES),
                contract_fact(INTERPRETERS),
            ],
            obligations_without_mapping: vec![cost_share(), archives()],
            parties_not_decided: vec![code("04")],
            carried_out_on: None,
        })
    );
}

/// Readiness of a plan with nothing left to settle on `as_of`.
fn ready_on(as_of: &str, expiring: Vec<ContractFact>) -> Readiness {
    Readiness {
        as_of: date(as_of),
        effective_on: date("2027-01-01"),
        ready: true,
        reasons: vec![],
        blocking_steps_not_done: vec![],
        contracts_without_disposition: vec![],
        contracts_expiring_near_effective_date: expiring,
        obligations_without_mapping: vec![],
        parties_not_decided: vec![],
        carried_out_on: None,
    }
}

#[test]
fn a_plan_is_ready_once_every_step_contract_obligation_and_party_is_settled() {
    let transition = transition(ready_plan_events());
    assert_eq!(
        transition.readiness(date("2026-11-01"), &contracts(), &obligations()),
        Some(ready_on(
            "2026-11-01",
            vec![
                contract_fact(FUEL),
                contract_fact(OFFICE_SUPPLIES),
                contract_fact(INTERPRETERS),
            ],
        ))
    );
}

#[test]
fn a_decision_dated_after_the_day_asked_does_not_count() {
    // Sörmland's council, the office supplies disposition and the archives mapping are all
    // decided on 2026-11-15.
    let mut events: Vec<TransitionEvent> = ready_plan_events()
        .into_iter()
        .filter(|event| {
            !matches!(event,
                TransitionEvent::PartyDecisionRecorded(recorded) if recorded.party == code("04"))
                && !matches!(event,
                TransitionEvent::ContractDispositionDecided(decided)
                    if decided.contract_id == OFFICE_SUPPLIES)
                && !matches!(event,
                TransitionEvent::ObligationMapped(mapped) if mapped.obligation_id == ARCHIVES)
        })
        .collect();
    events.extend([
        party_decided("04", "2026-11-15"),
        disposed(
            OFFICE_SUPPLIES,
            ContractDisposition::ProcuredAgainBy { party: code("04") },
            "2026-11-15",
        ),
        mapped(
            ARCHIVES,
            ObligationMapping::MovesToParty {
                party: code("04"),
                successor_obligation_id: ARCHIVES_FOR_SORMLAND,
            },
            "2026-11-15",
        ),
    ]);
    let transition = transition(events);
    let expiring = vec![
        contract_fact(FUEL),
        contract_fact(OFFICE_SUPPLIES),
        contract_fact(INTERPRETERS),
    ];

    assert_eq!(
        transition.readiness(date("2026-11-14"), &contracts(), &obligations()),
        Some(Readiness {
            ready: false,
            reasons: vec![
                Blocker::ContractWithoutDisposition {
                    contract_id: OFFICE_SUPPLIES,
                },
                Blocker::ObligationWithoutMapping {
                    obligation_id: ARCHIVES,
                },
                Blocker::PartyNotDecided { party: code("04") },
            ],
            contracts_without_disposition: vec![contract_fact(OFFICE_SUPPLIES)],
            obligations_without_mapping: vec![archives()],
            parties_not_decided: vec![code("04")],
            ..ready_on("2026-11-14", expiring.clone())
        })
    );
    assert_eq!(
        transition.readiness(date("2026-11-15"), &contracts(), &obligations()),
        Some(ready_on("2026-11-15", expiring))
    );
}

#[test]
fn a_step_done_after_the_day_asked_still_blocks() {
    let transition = transition(ready_plan_events());
    let readiness = transition
        .readiness(date("2026-10-30"), &contracts(), &obligations())
        .unwrap();
    assert_eq!(
        (
            readiness.ready,
            readiness.reasons,
            readiness.blocking_steps_not_done
        ),
        (
            false,
            vec![step_not_done("ongoing-procurements")],
            vec![pending("ongoing-procurements")]
        )
    );
}

#[test]
fn a_contract_ending_before_the_effective_date_needs_no_disposition() {
    let last_day_of_the_committee = Uuid::from_u128(0xC006);
    let first_day_of_the_successor = Uuid::from_u128(0xC007);
    let contracts = vec![
        contract(
            last_day_of_the_committee,
            "Ramavtal konferenstjänster",
            "2026-12-31",
            &["04", "19"],
        ),
        contract(
            first_day_of_the_successor,
            "Ramavtal resetjänster",
            "2027-01-01",
            &["04", "19"],
        ),
    ];
    let transition = transition(ready_plan_events());
    assert_eq!(
        transition.readiness(date("2026-11-01"), &contracts, &obligations()),
        Some(Readiness {
            ready: false,
            reasons: vec![Blocker::ContractWithoutDisposition {
                contract_id: first_day_of_the_successor,
            }],
            contracts_without_disposition: vec![contracts[1].clone()],
            ..ready_on("2026-11-01", contracts.clone())
        })
    );
}

#[test]
fn contracts_ending_within_six_months_of_the_effective_date_either_side_are_watched() {
    assert_eq!(EXPIRY_WATCH_MONTHS, 6);
    let first_day_watched = Uuid::from_u128(0xC006);
    // The contracts the plan has disposed of end on and just after the last day watched; the
    // others end on and just before the first, when no disposition is needed.
    let contracts = vec![
        contract(INTERPRETERS, "Ramavtal tolktjänster", "2026-06-30", &["19"]),
        contract(
            first_day_watched,
            "Ramavtal konferenstjänster",
            "2026-07-01",
            &["04", "19"],
        ),
        contract(
            IT_CONSULTANTS,
            "Ramavtal IT-konsulttjänster",
            "2027-07-01",
            &["04", "19"],
        ),
        contract(
            CARE_SUPPLIES,
            "Ramavtal vårdmaterial",
            "2027-07-02",
            &["04", "19"],
        ),
    ];
    let transition = transition(ready_plan_events());
    assert_eq!(
        transition.readiness(date("2026-11-01"), &contracts, &obligations()),
        Some(ready_on(
            "2026-11-01",
            vec![contracts[1].clone(), contracts[2].clone()],
        ))
    );
}

#[test]
fn fees_end_with_the_body_and_need_no_mapping() {
    let staff = ObligationFact {
        obligation_id: Uuid::from_u128(0x0B04),
        kind: ObligationKind::ProvideStaff,
        description: "Tillhandahålla personal till inköpsverksamheten".into(),
        ..fees()
    };
    let transition = transition(ready_plan_events());
    assert_eq!(
        transition.readiness(date("2026-11-01"), &[], &[fees(), staff.clone()]),
        Some(Readiness {
            ready: false,
            reasons: vec![Blocker::ObligationWithoutMapping {
                obligation_id: staff.obligation_id,
            }],
            obligations_without_mapping: vec![staff],
            ..ready_on("2026-11-01", vec![])
        })
    );
}

#[test]
fn readiness_says_when_the_plan_was_carried_out_and_nothing_before_it_is_planned() {
    assert_eq!(
        Transition::default().readiness(date("2026-11-01"), &[], &[]),
        None
    );
    let mut events = ready_plan_events();
    events.push(carried_out("2027-01-02"));
    assert_eq!(
        transition(events).readiness(date("2027-01-02"), &[], &[]),
        Some(Readiness {
            carried_out_on: Some(date("2027-01-02")),
            ..ready_on("2027-01-02", vec![])
        })
    );
}

#[test]
fn every_blocker_names_where_it_is_and_its_rule() {
    let cases = [
        (
            step_not_done("staff"),
            "steps.staff",
            "transition.blocking_steps_done",
        ),
        (
            Blocker::ContractWithoutDisposition { contract_id: FUEL },
            "contracts.00000000-0000-0000-0000-00000000c003",
            "transition.every_contract_disposed",
        ),
        (
            Blocker::ObligationWithoutMapping {
                obligation_id: COST_SHARE,
            },
            "obligations.00000000-0000-0000-0000-000000000b01",
            "transition.every_obligation_mapped",
        ),
        (
            Blocker::PartyNotDecided { party: code("04") },
            "parties.04",
            "transition.every_party_decided",
        ),
        (
            Blocker::SuccessorAgreementMissing,
            "successor.cooperation.agreement",
            "transition.successor_has_an_agreement",
        ),
        (
            Blocker::NotYetEffective {
                effective_on: date("2027-01-01"),
            },
            "effective_on",
            "transition.on_or_after_effective_date",
        ),
    ];
    for (blocker, field, rule) in cases {
        assert_eq!((blocker.field().as_str(), blocker.rule()), (field, rule));
    }
}
