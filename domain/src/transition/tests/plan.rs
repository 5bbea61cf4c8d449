//! Planning a transition, revising its successor and moving its date.

use super::*;
use crate::LegalBasisError;

/// Seed 003: Södertörns upphandlingsnämnd, a joint committee since 2012.
const SODERTORN: Uuid = Uuid::from_u128(0x003);

/// A template as (key, blocking, dependencies), the shape a user plans by.
fn outline(steps: &[StepDefinition]) -> Vec<(&str, bool, Vec<&str>)> {
    steps
        .iter()
        .map(|step| {
            (
                step.key.as_str(),
                step.blocking,
                step.depends_on.iter().map(StepKey::as_str).collect(),
            )
        })
        .collect()
}

#[test]
fn a_joint_committee_is_planned_to_become_contract_based_with_the_template_steps() {
    TransitionTest::with(())
        .given_no_previous_events()
        .when(plan(plan_command()))
        .then_expect_events(vec![planned()]);
}

#[test]
fn the_contract_based_template_blocks_on_everything_before_the_effective_date() {
    let steps = template_steps(
        CooperationForm::JointCommittee,
        SuccessorForm::ContractBased,
    );
    assert_eq!(
        outline(&steps),
        vec![
            ("study-and-report", true, vec![]),
            ("council-decisions", true, vec!["study-and-report"]),
            ("new-agreement", true, vec!["council-decisions"]),
            ("influence", true, vec!["new-agreement"]),
            ("allocation-key", true, vec!["study-and-report"]),
            ("governing-documents", true, vec!["new-agreement"]),
            ("contract-mapping", true, vec!["council-decisions"]),
            ("ongoing-procurements", true, vec!["contract-mapping"]),
            ("staff", true, vec!["council-decisions"]),
            ("archives", false, vec!["council-decisions"]),
            ("website-and-documents", false, vec!["council-decisions"]),
            ("final-accounts", false, vec!["council-decisions"]),
        ]
    );
    assert_eq!(steps, contract_based_steps());
    assert!(steps
        .iter()
        .all(|step| step.responsible.is_none() && step.due_on.is_none()));
}

fn each_on_its_own_steps() -> Vec<StepDefinition> {
    let template = contract_based_steps();
    let shared = |key_text: &str| {
        template
            .iter()
            .find(|step| step.key.as_str() == key_text)
            .cloned()
            .unwrap()
    };
    vec![
        shared("study-and-report"),
        shared("council-decisions"),
        step(
            "own-organisations",
            "Varje part bygger upp egen inköpsorganisation",
            &["council-decisions"],
            true,
        ),
        shared("contract-mapping"),
        shared("ongoing-procurements"),
        shared("staff"),
        shared("archives"),
        shared("website-and-documents"),
        shared("final-accounts"),
    ]
}

/// Seed 003 read as each municipality building its own purchasing unit from 2024-07-01.
fn sodertorn_on_their_own() -> PlanTransition {
    PlanTransition {
        cooperation_id: SODERTORN,
        cooperation_form: CooperationForm::JointCommittee,
        cooperation_parties: vec![code("0136"), code("0192")],
        cooperation_established_on: date("2012-01-01"),
        successor: SuccessorPlan {
            form: SuccessorForm::EachPartyOnItsOwn,
            cooperation: None,
        },
        effective_on: date("2024-07-01"),
        basis: council("0136", "2024-02-05"),
    }
}

#[test]
fn when_each_party_goes_on_its_own_the_plan_builds_their_organisations_instead_of_an_agreement() {
    let steps = template_steps(
        CooperationForm::JointCommittee,
        SuccessorForm::EachPartyOnItsOwn,
    );
    assert_eq!(
        outline(&steps),
        vec![
            ("study-and-report", true, vec![]),
            ("council-decisions", true, vec!["study-and-report"]),
            ("own-organisations", true, vec!["council-decisions"]),
            ("contract-mapping", true, vec!["council-decisions"]),
            ("ongoing-procurements", true, vec!["contract-mapping"]),
            ("staff", true, vec!["council-decisions"]),
            ("archives", false, vec!["council-decisions"]),
            ("website-and-documents", false, vec!["council-decisions"]),
            ("final-accounts", false, vec!["council-decisions"]),
        ]
    );
    TransitionTest::with(())
        .given_no_previous_events()
        .when(plan(sodertorn_on_their_own()))
        .then_expect_events(vec![TransitionEvent::TransitionPlanned(
            TransitionPlanned {
                cooperation_id: SODERTORN,
                cooperation_form: CooperationForm::JointCommittee,
                cooperation_parties: vec![code("0136"), code("0192")],
                successor: SuccessorPlan {
                    form: SuccessorForm::EachPartyOnItsOwn,
                    cooperation: None,
                },
                effective_on: date("2024-07-01"),
                steps: each_on_its_own_steps(),
                basis: council("0136", "2024-02-05"),
            },
        )]);
}

#[test]
fn any_other_pair_of_forms_starts_with_the_successors_founding_documents() {
    let steps = template_steps(
        CooperationForm::JointCommittee,
        SuccessorForm::MunicipalFederation,
    );
    assert_eq!(
        outline(&steps),
        vec![
            ("study-and-report", true, vec![]),
            ("council-decisions", true, vec!["study-and-report"]),
            ("founding-documents", true, vec!["council-decisions"]),
            ("allocation-key", true, vec!["study-and-report"]),
            ("contract-mapping", true, vec!["council-decisions"]),
            ("ongoing-procurements", true, vec!["contract-mapping"]),
            ("staff", true, vec!["council-decisions"]),
            ("archives", false, vec!["council-decisions"]),
            ("website-and-documents", false, vec!["council-decisions"]),
            ("final-accounts", false, vec!["council-decisions"]),
        ]
    );
    assert_eq!(
        template_steps(CooperationForm::ContractBased, SuccessorForm::ContractBased),
        steps
    );
}

#[test]
fn a_transition_is_planned_once() {
    refused(
        vec![planned()],
        plan(plan_command()),
        TransitionError::AlreadyPlanned,
        "transition_id",
        "transition.planned_once",
    );
}

#[test]
fn nothing_can_be_done_to_a_plan_that_is_not_recorded() {
    refused(
        vec![],
        set_status("study-and-report", StepStatus::Done, "2025-10-14"),
        TransitionError::NotPlanned,
        "transition_id",
        "transition.is_planned",
    );
}

#[test]
fn a_plan_carried_out_can_no_longer_change() {
    let mut given = ready_plan_events();
    given.push(carried_out("2027-01-02"));
    refused(
        given,
        set_status("final-accounts", StepStatus::InProgress, "2027-01-15"),
        TransitionError::AlreadyCarriedOut {
            carried_out_on: date("2027-01-02"),
        },
        "transition_id",
        "transition.carried_out_once",
    );
}

#[test]
fn the_new_arrangement_takes_effect_after_the_cooperation_began() {
    let mut command = plan_command();
    command.effective_on = date("2019-01-01");
    refused(
        vec![],
        plan(command),
        TransitionError::EffectiveBeforeEstablishment {
            effective_on: date("2019-01-01"),
            established_on: date("2019-01-01"),
        },
        "effective_on",
        "transition.effective_after_establishment",
    );
}

#[test]
fn a_successor_of_a_cooperative_form_is_named() {
    let mut command = plan_command();
    command.successor.cooperation = None;
    refused(
        vec![],
        plan(command),
        TransitionError::SuccessorCooperationMissing,
        "successor.cooperation",
        "transition.successor_cooperation_named",
    );
}

#[test]
fn no_successor_cooperation_is_named_when_each_party_goes_on_its_own() {
    let mut command = plan_command();
    command.successor.form = SuccessorForm::EachPartyOnItsOwn;
    refused(
        vec![],
        plan(command),
        TransitionError::SuccessorCooperationNotExpected,
        "successor.cooperation",
        "transition.no_cooperation_when_each_party_goes_alone",
    );
}

/// Edits the successor cooperation of the seed 004 plan.
fn plan_with_successor(edit: impl FnOnce(&mut SuccessorCooperation)) -> TransitionCommand {
    let mut command = plan_command();
    if let Some(cooperation) = command.successor.cooperation.as_mut() {
        edit(cooperation);
    }
    plan(command)
}

#[test]
fn the_successor_is_a_new_cooperation() {
    refused(
        vec![],
        plan_with_successor(|successor| successor.cooperation_id = INKOPSNAMNDEN),
        TransitionError::SuccessorIsTheReplacedCooperation,
        "successor.cooperation.cooperation_id",
        "transition.successor_is_new",
    );
}

#[test]
fn the_successor_has_a_name() {
    refused(
        vec![],
        plan_with_successor(|successor| successor.name = " \t".into()),
        TransitionError::SuccessorNameMissing,
        "successor.cooperation.name",
        "transition.successor_has_a_name",
    );
}

#[test]
fn the_successor_has_two_parties() {
    refused(
        vec![],
        plan_with_successor(|successor| successor.parties = vec![code("04")]),
        TransitionError::SuccessorTooFewParties { count: 1 },
        "successor.cooperation.parties",
        "transition.successor_has_two_parties",
    );
}

#[test]
fn the_successors_parties_are_listed_once() {
    refused(
        vec![],
        plan_with_successor(|successor| {
            successor.parties = vec![code("04"), code("19"), code("04")]
        }),
        TransitionError::SuccessorDuplicateParty {
            index: 2,
            party: code("04"),
        },
        "successor.cooperation.parties[2]",
        "transition.successor_parties_are_distinct",
    );
}

#[test]
fn the_successors_host_is_one_of_its_parties() {
    refused(
        vec![],
        plan_with_successor(|successor| successor.host = code("2062")),
        TransitionError::SuccessorHostNotAParty { host: code("2062") },
        "successor.cooperation.host",
        "transition.successor_host_is_a_party",
    );
}

#[test]
fn the_successors_agreement_has_a_title() {
    let mut untitled = agreement();
    untitled.title = "  ".into();
    refused(
        vec![],
        plan_with_successor(|successor| successor.agreement = Some(untitled)),
        TransitionError::AgreementTitleMissing,
        "successor.cooperation.agreement.title",
        "transition.agreement_has_a_title",
    );
}

#[test]
fn the_plan_rests_on_a_basis_that_can_be_cited() {
    let mut command = plan_command();
    command.basis = LegalBasis::ExternalDecision {
        issuer: " ".into(),
        decided_on: date("2025-05-06"),
        reference: Some("§103".into()),
        registry_number: None,
    };
    refused(
        vec![],
        plan(command),
        TransitionError::Basis(LegalBasisError::IssuerMissing),
        "basis.issuer",
        "legal_basis.issuer_is_named",
    );
}

#[test]
fn the_successor_is_revised_once_its_agreement_is_drafted() {
    TransitionTest::with(())
        .given(vec![planned()])
        .when(TransitionCommand::ReviseSuccessor(ReviseSuccessor {
            successor: successor(Some(agreement())),
            basis: steering_group("2026-03-31"),
        }))
        .then_expect_events(vec![agreement_drafted()]);
}

#[test]
fn a_revised_successor_keeps_the_rules_of_a_planned_one() {
    let mut untitled = agreement();
    untitled.title = String::new();
    refused(
        vec![planned()],
        TransitionCommand::ReviseSuccessor(ReviseSuccessor {
            successor: successor(Some(untitled)),
            basis: steering_group("2026-03-31"),
        }),
        TransitionError::AgreementTitleMissing,
        "successor.cooperation.agreement.title",
        "transition.agreement_has_a_title",
    );
    let mut replaced = successor(Some(agreement()));
    if let Some(cooperation) = replaced.cooperation.as_mut() {
        cooperation.cooperation_id = INKOPSNAMNDEN;
    }
    refused(
        vec![planned()],
        TransitionCommand::ReviseSuccessor(ReviseSuccessor {
            successor: replaced,
            basis: steering_group("2026-03-31"),
        }),
        TransitionError::SuccessorIsTheReplacedCooperation,
        "successor.cooperation.cooperation_id",
        "transition.successor_is_new",
    );
}

#[test]
fn the_effective_date_is_moved_on_a_basis() {
    TransitionTest::with(())
        .given(vec![planned()])
        .when(TransitionCommand::Reschedule(Reschedule {
            effective_on: date("2027-07-01"),
            cooperation_established_on: date("2019-01-01"),
            basis: steering_group("2026-06-15"),
        }))
        .then_expect_events(vec![TransitionEvent::TransitionRescheduled(
            TransitionRescheduled {
                effective_on: date("2027-07-01"),
                basis: steering_group("2026-06-15"),
            },
        )]);
    refused(
        vec![planned()],
        TransitionCommand::Reschedule(Reschedule {
            effective_on: date("2027-07-01"),
            cooperation_established_on: date("2019-01-01"),
            basis: LegalBasis::ExternalDecision {
                issuer: "Regionstyrelsen Sörmland".into(),
                decided_on: date("2026-06-15"),
                reference: Some(" ".into()),
                registry_number: None,
            },
        }),
        TransitionError::Basis(LegalBasisError::ReferenceBlank),
        "basis.reference",
        "legal_basis.reference_is_not_blank",
    );
}

#[test]
fn a_new_effective_date_comes_after_the_cooperation_began() {
    refused(
        vec![planned()],
        TransitionCommand::Reschedule(Reschedule {
            effective_on: date("2019-01-01"),
            cooperation_established_on: date("2019-01-01"),
            basis: steering_group("2026-06-15"),
        }),
        TransitionError::EffectiveBeforeEstablishment {
            effective_on: date("2019-01-01"),
            established_on: date("2019-01-01"),
        },
        "effective_on",
        "transition.effective_after_establishment",
    );
}

fn dropped_successor() -> TransitionCommand {
    TransitionCommand::ReviseSuccessor(ReviseSuccessor {
        successor: SuccessorPlan {
            form: SuccessorForm::EachPartyOnItsOwn,
            cooperation: None,
        },
        basis: steering_group("2026-06-15"),
    })
}

/// Found while writing these tests: dropping the successor cooperation was accepted while a
/// contract was still to continue jointly or an obligation to be carried to the successor, and
/// carrying out then silently left the contract with the dissolved cooperation and recorded the
/// obligation under it.
#[test]
fn the_successor_cooperation_is_not_dropped_while_a_decision_awaits_it() {
    refused(
        vec![
            planned(),
            disposed(
                IT_CONSULTANTS,
                ContractDisposition::ContinuesJointly,
                "2026-05-31",
            ),
        ],
        dropped_successor(),
        TransitionError::NoSuccessorCooperation {
            field: "successor.cooperation",
        },
        "successor.cooperation",
        "transition.successor_cooperation_exists",
    );
    refused(
        vec![
            planned(),
            mapped(
                COST_SHARE,
                ObligationMapping::CarriedToSuccessor {
                    successor_obligation_id: COST_SHARE_UNDER_SUCCESSOR,
                },
                "2026-09-30",
            ),
        ],
        dropped_successor(),
        TransitionError::NoSuccessorCooperation {
            field: "successor.cooperation",
        },
        "successor.cooperation",
        "transition.successor_cooperation_exists",
    );
}

#[test]
fn the_successor_cooperation_is_dropped_once_its_decisions_are_replaced() {
    TransitionTest::with(())
        .given(vec![
            planned(),
            disposed(
                IT_CONSULTANTS,
                ContractDisposition::ContinuesJointly,
                "2026-05-31",
            ),
            disposed(
                IT_CONSULTANTS,
                ContractDisposition::MovesToParty { party: code("04") },
                "2026-06-01",
            ),
            mapped(
                COST_SHARE,
                ObligationMapping::CarriedToSuccessor {
                    successor_obligation_id: COST_SHARE_UNDER_SUCCESSOR,
                },
                "2026-05-31",
            ),
            mapped(COST_SHARE, ObligationMapping::Ends, "2026-06-01"),
        ])
        .when(dropped_successor())
        .then_expect_events(vec![TransitionEvent::SuccessorRevised(SuccessorRevised {
            successor: SuccessorPlan {
                form: SuccessorForm::EachPartyOnItsOwn,
                cooperation: None,
            },
            basis: steering_group("2026-06-15"),
        })]);
}
