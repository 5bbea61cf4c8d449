use chrono::NaiveDate;
use cqrs_es::test::TestFramework;
use uuid::Uuid;

use super::*;
use crate::{DateRange, LegalBasis};

type GoalTest = TestFramework<Goal>;

const NAMNDEN: Uuid = Uuid::from_u128(0x000);
const NAMNDPLAN: Uuid = Uuid::from_u128(0x2023);

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn plan() -> LegalBasis {
    LegalBasis::DocumentClause {
        document_id: NAMNDPLAN,
        version: 1,
        clause: "Inriktningsmål".into(),
    }
}

fn period() -> DateRange {
    DateRange {
        from: date("2023-01-01"),
        to: Some(date("2025-12-31")),
    }
}

/// Seed 000, goal 2 of 7.
fn set(number: u16, text: &str, period: DateRange) -> GoalCommand {
    GoalCommand::Set(SetGoal {
        body_id: NAMNDEN,
        plan_document_id: NAMNDPLAN,
        number,
        text: text.into(),
        period,
        basis: plan(),
    })
}

fn goal_set() -> GoalEvent {
    GoalEvent::GoalSet(GoalSet {
        body_id: NAMNDEN,
        plan_document_id: NAMNDPLAN,
        number: 2,
        text: "Vi sparar pengar åt våra samverkande kommuner.".into(),
        period: period(),
        basis: plan(),
    })
}

fn follow_up(on: &str, comment: &str) -> GoalCommand {
    GoalCommand::FollowUp(RecordFollowUp {
        on: date(on),
        assessment: Assessment::PartlyReached,
        comment: comment.into(),
        basis: plan(),
    })
}

#[test]
fn a_goal_of_the_committee_plan_is_set_for_its_period() {
    GoalTest::with(())
        .given_no_previous_events()
        .when(set(
            2,
            "Vi sparar pengar åt våra samverkande kommuner.",
            period(),
        ))
        .then_expect_events(vec![goal_set()]);
}

#[test]
fn a_goal_is_set_once_numbered_and_worded() {
    GoalTest::with(())
        .given(vec![goal_set()])
        .when(set(2, "x", period()))
        .then_expect_error(GoalError::AlreadySet);
    GoalTest::with(())
        .given_no_previous_events()
        .when(set(0, "x", period()))
        .then_expect_error(GoalError::NumberZero);
    GoalTest::with(())
        .given_no_previous_events()
        .when(set(2, " ", period()))
        .then_expect_error(GoalError::TextMissing);
    GoalTest::with(())
        .given_no_previous_events()
        .when(set(
            2,
            "x",
            DateRange {
                from: date("2025-12-31"),
                to: Some(date("2023-01-01")),
            },
        ))
        .then_expect_error(GoalError::PeriodBackwards {
            from: date("2025-12-31"),
            to: date("2023-01-01"),
        });
}

#[test]
fn a_goal_is_followed_up() {
    GoalTest::with(())
        .given(vec![goal_set()])
        .when(follow_up(
            "2024-02-15",
            "Samordnade ramavtal gav lägre priser.",
        ))
        .then_expect_events(vec![GoalEvent::FollowUpRecorded(FollowUpRecorded {
            on: date("2024-02-15"),
            assessment: Assessment::PartlyReached,
            comment: "Samordnade ramavtal gav lägre priser.".into(),
            basis: plan(),
        })]);
}

#[test]
fn a_follow_up_comes_within_the_period_with_a_comment() {
    GoalTest::with(())
        .given(vec![goal_set()])
        .when(follow_up("2022-12-31", "x"))
        .then_expect_error(GoalError::FollowUpBeforePeriod {
            on: date("2022-12-31"),
            from: date("2023-01-01"),
        });
    GoalTest::with(())
        .given(vec![goal_set()])
        .when(follow_up("2024-02-15", ""))
        .then_expect_error(GoalError::CommentMissing);
    GoalTest::with(())
        .given_no_previous_events()
        .when(follow_up("2024-02-15", "x"))
        .then_expect_error(GoalError::NotSet);
}

fn correct(reason: &str, number: u16) -> GoalCommand {
    let GoalCommand::Set(goal) = set(
        number,
        "Vi sparar pengar åt våra samverkande kommuner.",
        period(),
    ) else {
        unreachable!()
    };
    GoalCommand::Correct(CorrectGoal {
        goal,
        reason: reason.into(),
    })
}

#[test]
fn a_goal_is_corrected_with_a_reason() {
    let GoalEvent::GoalSet(mut goal) = goal_set() else {
        unreachable!()
    };
    goal.number = 3;
    GoalTest::with(())
        .given(vec![goal_set()])
        .when(correct("Fel ordningsnummer i nämndplanen.", 3))
        .then_expect_events(vec![GoalEvent::GoalCorrected(GoalCorrected {
            goal,
            reason: "Fel ordningsnummer i nämndplanen.".into(),
        })]);
}

#[test]
fn a_goal_correction_says_why_keeps_the_rules_and_needs_a_goal() {
    GoalTest::with(())
        .given(vec![goal_set()])
        .when(correct(" ", 3))
        .then_expect_error(GoalError::CorrectionReasonMissing);
    GoalTest::with(())
        .given(vec![goal_set()])
        .when(correct("Fel.", 0))
        .then_expect_error(GoalError::NumberZero);
    GoalTest::with(())
        .given_no_previous_events()
        .when(correct("Fel.", 3))
        .then_expect_error(GoalError::NotSet);
}

#[test]
fn a_goal_belongs_to_the_body_it_was_last_set_or_corrected_for() {
    let other_body = Uuid::from_u128(0xb0d1);
    let mut goal = Goal::default();
    assert_eq!(goal.body_id(), None);

    cqrs_es::Aggregate::apply(&mut goal, goal_set());
    assert_eq!(goal.body_id(), Some(NAMNDEN));

    let GoalEvent::GoalSet(mut corrected) = goal_set() else {
        unreachable!("goal_set makes a GoalSet");
    };
    corrected.body_id = other_body;
    cqrs_es::Aggregate::apply(
        &mut goal,
        GoalEvent::GoalCorrected(GoalCorrected {
            goal: corrected,
            reason: "The goal belongs to the other body's plan.".into(),
        }),
    );
    assert_eq!(goal.body_id(), Some(other_body));
}
