//! Adding, revising and progressing the plan's steps.

use super::*;

/// A step the template does not have: each region names its contact for purchasing once the
/// agreement is signed and the staff question is settled.
fn contacts_step() -> StepDefinition {
    StepDefinition {
        key: key("procurement-contacts"),
        title: "Utse kontaktperson för inköp hos varje region".into(),
        responsible: Some(code("19")),
        due_on: Some(date("2026-06-30")),
        depends_on: vec![key("new-agreement"), key("staff")],
        blocking: false,
    }
}

fn add(step: StepDefinition) -> TransitionCommand {
    TransitionCommand::AddStep(AddStep { step })
}

fn revise(step: StepDefinition) -> TransitionCommand {
    TransitionCommand::ReviseStep(ReviseStep { step })
}

fn contacts_added() -> TransitionEvent {
    TransitionEvent::StepAdded(StepAdded {
        step: contacts_step(),
    })
}

#[test]
fn a_step_is_added_with_its_responsible_party_due_date_and_dependencies() {
    TransitionTest::with(())
        .given(vec![planned()])
        .when(add(contacts_step()))
        .then_expect_events(vec![contacts_added()]);
}

#[test]
fn a_step_is_revised_in_full() {
    let mut study = contract_based_steps()[0].clone();
    study.responsible = Some(code("19"));
    study.due_on = Some(date("2025-10-31"));
    TransitionTest::with(())
        .given(vec![planned()])
        .when(revise(study.clone()))
        .then_expect_events(vec![TransitionEvent::StepRevised(StepRevised {
            step: study,
        })]);
}

#[test]
fn only_a_step_of_the_plan_is_revised() {
    let mut unknown = contacts_step();
    unknown.depends_on = vec![];
    refused(
        vec![planned()],
        revise(unknown),
        TransitionError::UnknownStep {
            key: key("procurement-contacts"),
        },
        "step",
        "transition.step_exists",
    );
}

#[test]
fn only_a_step_of_the_plan_gets_a_status() {
    refused(
        vec![planned()],
        set_status("procurement-contacts", StepStatus::InProgress, "2026-04-01"),
        TransitionError::UnknownStep {
            key: key("procurement-contacts"),
        },
        "step",
        "transition.step_exists",
    );
}

#[test]
fn a_step_key_is_used_once() {
    let mut staff = contacts_step();
    staff.key = key("staff");
    staff.depends_on = vec![];
    refused(
        vec![planned()],
        add(staff),
        TransitionError::DuplicateStep { key: key("staff") },
        "step.key",
        "transition.step_keys_are_distinct",
    );
}

#[test]
fn a_step_has_a_title() {
    let mut untitled = contacts_step();
    untitled.title = "  ".into();
    refused(
        vec![planned()],
        add(untitled),
        TransitionError::StepTitleMissing {
            key: key("procurement-contacts"),
        },
        "step.title",
        "transition.step_has_a_title",
    );
}

#[test]
fn a_step_depends_only_on_steps_of_the_plan() {
    let mut step = contacts_step();
    step.depends_on = vec![key("new-agreement"), key("steering-group"), key("staff")];
    refused(
        vec![planned()],
        add(step),
        TransitionError::UnknownDependency {
            index: 1,
            key: key("procurement-contacts"),
            dependency: key("steering-group"),
        },
        "step.depends_on[1]",
        "transition.dependency_exists",
    );
}

#[test]
fn a_step_cannot_depend_on_itself() {
    let mut step = contacts_step();
    step.depends_on = vec![key("new-agreement"), key("procurement-contacts")];
    refused(
        vec![planned()],
        add(step),
        TransitionError::DependencyCycle {
            key: key("procurement-contacts"),
            through: key("procurement-contacts"),
        },
        "step.depends_on",
        "transition.dependencies_have_no_cycle",
    );
}

#[test]
fn a_step_cannot_depend_on_itself_through_other_steps() {
    // contract-mapping depends on council-decisions, which depends on study-and-report.
    let mut study = contract_based_steps()[0].clone();
    study.depends_on = vec![key("contract-mapping")];
    refused(
        vec![planned()],
        revise(study),
        TransitionError::DependencyCycle {
            key: key("study-and-report"),
            through: key("council-decisions"),
        },
        "step.depends_on",
        "transition.dependencies_have_no_cycle",
    );
}

#[test]
fn a_revision_may_keep_dependencies_that_lead_elsewhere() {
    // ongoing-procurements gains a second dependency that shares an ancestor with the first.
    let mut ongoing = contract_based_steps()[7].clone();
    assert_eq!(ongoing.key, key("ongoing-procurements"));
    ongoing.depends_on = vec![key("contract-mapping"), key("staff")];
    TransitionTest::with(())
        .given(vec![planned()])
        .when(revise(ongoing.clone()))
        .then_expect_events(vec![TransitionEvent::StepRevised(StepRevised {
            step: ongoing,
        })]);
}

#[test]
fn the_responsible_party_is_a_party_of_the_transition() {
    let mut step = contacts_step();
    step.responsible = Some(code("2062"));
    refused(
        vec![planned()],
        add(step),
        TransitionError::NotAPartyOfTheTransition {
            field: "step.responsible",
            party: code("2062"),
        },
        "step.responsible",
        "transition.party_of_the_transition",
    );
}

#[test]
fn a_step_is_not_done_before_its_dependencies_are_settled_by_that_day() {
    // The study was approved on 2025-12-01, after the day the council step claims to be done.
    refused(
        vec![
            planned(),
            status("study-and-report", StepStatus::Done, "2025-12-01"),
        ],
        set_status("council-decisions", StepStatus::Done, "2025-11-25"),
        TransitionError::DependenciesNotSettled {
            key: key("council-decisions"),
            on: date("2025-11-25"),
            unsettled: vec![key("study-and-report")],
        },
        "status",
        "transition.dependencies_done_first",
    );
}

#[test]
fn only_the_dependencies_not_settled_are_named() {
    // Staff do not apply, so only the agreement still in progress holds the step up.
    TransitionTest::with(())
        .given(vec![
            planned(),
            contacts_added(),
            status("staff", StepStatus::NotApplicable, "2025-12-15"),
            status("new-agreement", StepStatus::InProgress, "2026-01-10"),
        ])
        .when(set_status(
            "procurement-contacts",
            StepStatus::Done,
            "2026-02-01",
        ))
        .then_expect_error(TransitionError::DependenciesNotSettled {
            key: key("procurement-contacts"),
            on: date("2026-02-01"),
            unsettled: vec![key("new-agreement")],
        });
}

#[test]
fn a_step_is_done_on_or_after_the_day_its_dependencies_are() {
    TransitionTest::with(())
        .given(vec![
            planned(),
            status("study-and-report", StepStatus::Done, "2025-10-14"),
        ])
        .when(set_status(
            "council-decisions",
            StepStatus::Done,
            "2025-10-14",
        ))
        .then_expect_events(vec![status(
            "council-decisions",
            StepStatus::Done,
            "2025-10-14",
        )]);
}

#[test]
fn a_step_that_does_not_apply_counts_as_settled() {
    TransitionTest::with(())
        .given(vec![
            planned(),
            contacts_added(),
            status("staff", StepStatus::NotApplicable, "2025-12-15"),
            status("new-agreement", StepStatus::Done, "2026-03-31"),
        ])
        .when(set_status(
            "procurement-contacts",
            StepStatus::Done,
            "2026-04-15",
        ))
        .then_expect_events(vec![status(
            "procurement-contacts",
            StepStatus::Done,
            "2026-04-15",
        )]);
}

#[test]
fn a_step_is_started_before_its_dependencies_are_done() {
    TransitionTest::with(())
        .given(vec![planned()])
        .when(set_status(
            "new-agreement",
            StepStatus::InProgress,
            "2025-09-01",
        ))
        .then_expect_events(vec![status(
            "new-agreement",
            StepStatus::InProgress,
            "2025-09-01",
        )]);
}

#[test]
fn the_status_on_a_day_is_the_latest_change_on_or_before_it() {
    let transition = transition(vec![
        planned(),
        status("study-and-report", StepStatus::InProgress, "2025-06-01"),
        status("study-and-report", StepStatus::Done, "2025-10-14"),
        // Recorded later, dated between: the study was paused over the summer's end.
        status("study-and-report", StepStatus::NotStarted, "2025-09-01"),
        // Two changes on one day: the one recorded last holds.
        status("council-decisions", StepStatus::InProgress, "2025-11-01"),
        status("council-decisions", StepStatus::NotApplicable, "2025-11-01"),
    ]);
    let on = |day: &str| {
        let view = transition.view_on(date(day)).unwrap();
        view.steps[..2]
            .iter()
            .map(|step| (step.status, step.status_since))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        on("2025-05-31"),
        vec![
            (StepStatus::NotStarted, None),
            (StepStatus::NotStarted, None)
        ]
    );
    assert_eq!(
        on("2025-08-31"),
        vec![
            (StepStatus::InProgress, Some(date("2025-06-01"))),
            (StepStatus::NotStarted, None)
        ]
    );
    assert_eq!(
        on("2025-09-01"),
        vec![
            (StepStatus::NotStarted, Some(date("2025-09-01"))),
            (StepStatus::NotStarted, None)
        ]
    );
    assert_eq!(
        on("2025-11-01"),
        vec![
            (StepStatus::Done, Some(date("2025-10-14"))),
            (StepStatus::NotApplicable, Some(date("2025-11-01")))
        ]
    );
}
