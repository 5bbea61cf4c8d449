//! The plan as it stands on a day, as a whole `TransitionView`.

use super::*;

fn study_history() -> Vec<StatusChange> {
    vec![
        StatusChange {
            status: StepStatus::InProgress,
            on: date("2025-06-01"),
            basis: steering_group("2025-06-01"),
        },
        StatusChange {
            status: StepStatus::Done,
            on: date("2025-10-14"),
            basis: steering_group("2025-10-14"),
        },
    ]
}

fn events() -> Vec<TransitionEvent> {
    vec![
        planned(),
        agreement_drafted(),
        status("study-and-report", StepStatus::InProgress, "2025-06-01"),
        status("study-and-report", StepStatus::Done, "2025-10-14"),
        party_decided("19", "2025-11-18"),
        disposed(FUEL, ContractDisposition::EndsAtExpiry, "2025-12-10"),
        // A later decision replaces the first from its own date.
        disposed(
            FUEL,
            ContractDisposition::ProcuredAgainBy { party: code("04") },
            "2026-03-01",
        ),
        mapped(
            COST_SHARE,
            ObligationMapping::CarriedToSuccessor {
                successor_obligation_id: COST_SHARE_UNDER_SUCCESSOR,
            },
            "2026-09-30",
        ),
    ]
}

fn not_started(definition: StepDefinition) -> StepView {
    StepView {
        definition,
        status: StepStatus::NotStarted,
        status_since: None,
        status_basis: None,
        history: vec![],
    }
}

/// Every step of the plan not started on the day asked, the study with its history.
fn steps_before_any_change() -> Vec<StepView> {
    let mut steps: Vec<StepView> = contract_based_steps()
        .into_iter()
        .map(not_started)
        .collect();
    steps[0].history = study_history();
    steps
}

/// The view with nothing decided yet on `as_of`.
fn view_before_decisions(as_of: &str) -> TransitionView {
    TransitionView {
        as_of: date(as_of),
        cooperation_id: INKOPSNAMNDEN,
        cooperation_form: CooperationForm::JointCommittee,
        cooperation_parties: regions(),
        successor: successor(Some(agreement())),
        effective_on: date("2027-01-01"),
        basis: commission(),
        steps: steps_before_any_change(),
        contract_dispositions: vec![],
        obligation_mappings: vec![],
        party_decisions: vec![],
        carried_out: None,
    }
}

#[test]
fn there_is_no_view_before_the_plan_is_recorded() {
    assert_eq!(Transition::default().view_on(date("2026-01-01")), None);
}

#[test]
fn before_its_dated_decisions_the_plan_shows_none_of_them() {
    assert_eq!(
        transition(events()).view_on(date("2025-05-31")),
        Some(view_before_decisions("2025-05-31"))
    );
}

fn study_done(mut steps: Vec<StepView>) -> Vec<StepView> {
    steps[0].status = StepStatus::Done;
    steps[0].status_since = Some(date("2025-10-14"));
    steps[0].status_basis = Some(steering_group("2025-10-14"));
    steps
}

fn vastmanland_decided() -> PartyDecisionView {
    PartyDecisionView {
        party: code("19"),
        decided_on: date("2025-11-18"),
        basis: council("19", "2025-11-18"),
    }
}

/// The view once every decision of [`events`] is in force.
fn view_after_decisions(as_of: &str) -> TransitionView {
    TransitionView {
        steps: study_done(steps_before_any_change()),
        contract_dispositions: vec![DispositionView {
            contract_id: FUEL,
            disposition: ContractDisposition::ProcuredAgainBy { party: code("04") },
            decided_on: date("2026-03-01"),
            basis: steering_group("2026-03-01"),
        }],
        obligation_mappings: vec![MappingView {
            obligation_id: COST_SHARE,
            mapping: ObligationMapping::CarriedToSuccessor {
                successor_obligation_id: COST_SHARE_UNDER_SUCCESSOR,
            },
            decided_on: date("2026-09-30"),
            basis: steering_group("2026-09-30"),
        }],
        party_decisions: vec![vastmanland_decided()],
        ..view_before_decisions(as_of)
    }
}

#[test]
fn on_a_day_the_plan_shows_the_decisions_in_force_then() {
    let transition = transition(events());
    assert_eq!(
        transition.view_on(date("2026-01-01")),
        Some(TransitionView {
            steps: study_done(steps_before_any_change()),
            contract_dispositions: vec![DispositionView {
                contract_id: FUEL,
                disposition: ContractDisposition::EndsAtExpiry,
                decided_on: date("2025-12-10"),
                basis: steering_group("2025-12-10"),
            }],
            party_decisions: vec![vastmanland_decided()],
            ..view_before_decisions("2026-01-01")
        })
    );
    assert_eq!(
        transition.view_on(date("2026-10-01")),
        Some(view_after_decisions("2026-10-01"))
    );
}

#[test]
fn a_plan_carried_out_shows_when_and_on_what_basis() {
    let mut events = events();
    events.push(carried_out("2027-01-02"));
    assert_eq!(
        transition(events).view_on(date("2027-01-02")),
        Some(TransitionView {
            carried_out: Some(TransitionCarriedOut {
                carried_out_on: date("2027-01-02"),
                effective_on: date("2027-01-01"),
                successor_cooperation_id: Some(AVTALSSAMVERKAN),
                basis: entry_into_force(),
            }),
            ..view_after_decisions("2027-01-02")
        })
    );
}
