//! Corrections (rättelse) of a recorded § and revocations of a decision (domain rule 3).

use super::*;
use crate::{LegalBasis, LegalBasisError};

/// The § of a later meeting of Inköpsnämnden that revokes an earlier decision.
const DECISION_201: Uuid = Uuid::from_u128(0xD201);

const REASON: &str = "Bertils jäv antecknades inte i protokollet.";

/// § 101 as it should have read: Bertil was disqualified and Gunilla served in his place.
fn corrected_content() -> DecisionContent {
    DecisionContent {
        recusals: vec![Recusal {
            person_id: BERTIL,
            substitute: Some(GUNILLA),
        }],
        ..content_101()
    }
}

fn correct(paragraph: u32, content: DecisionContent, reason: &str) -> MeetingCommand {
    MeetingCommand::CorrectDecision(CorrectDecision {
        paragraph,
        content,
        reason: reason.into(),
        mandate: within_mandate(),
    })
}

fn corrected() -> MeetingEvent {
    MeetingEvent::DecisionCorrected(DecisionCorrected {
        decision_id: DECISION_101,
        paragraph: Paragraph {
            year: 2025,
            number: 101,
        },
        content: corrected_content(),
        quorum: quorum(&[ANNA, DAVID, GUNILLA, INGRID]),
        adopted_proposal: None,
        mandate: within_mandate(),
        reason: REASON.into(),
    })
}

fn revoke(paragraph: u32, revoked_on: &str, basis: LegalBasis) -> MeetingCommand {
    MeetingCommand::RevokeDecision(RevokeDecision {
        paragraph,
        revoked_on: date(revoked_on),
        basis,
    })
}

fn later_decision() -> LegalBasis {
    LegalBasis::Decision {
        decision_id: DECISION_201,
    }
}

fn revoked() -> MeetingEvent {
    MeetingEvent::DecisionRevoked(DecisionRevoked {
        decision_id: DECISION_101,
        paragraph: Paragraph {
            year: 2025,
            number: 101,
        },
        revoked_on: date("2025-06-10"),
        basis: later_decision(),
    })
}

// Corrections.

#[test]
fn a_correction_is_recorded_with_its_reason_and_the_quorum_recomputed() {
    MeetingTest::with(())
        .given(decided())
        .when(correct(101, corrected_content(), &format!("  {REASON} ")))
        .then_expect_events(vec![corrected()]);
}

#[test]
fn a_correction_says_why() {
    MeetingTest::with(())
        .given(decided())
        .when(correct(101, corrected_content(), " "))
        .then_expect_error(MeetingError::CorrectionReasonMissing);
}

#[test]
fn a_correction_changes_something() {
    MeetingTest::with(())
        .given(decided())
        .when(correct(101, content_101(), REASON))
        .then_expect_error(MeetingError::CorrectionChangesNothing { paragraph: 101 });
    // Blanks around the text change nothing either.
    let mut padded = content_101();
    padded.text = format!("{} ", padded.text);
    MeetingTest::with(())
        .given(decided())
        .when(correct(101, padded, REASON))
        .then_expect_error(MeetingError::CorrectionChangesNothing { paragraph: 101 });
}

#[test]
fn a_correction_of_the_mandate_finding_alone_is_a_change() {
    MeetingTest::with(())
        .given(decided())
        .when(MeetingCommand::CorrectDecision(CorrectDecision {
            paragraph: 101,
            content: content_101(),
            reason: "Beslutet låg utanför nämndens uppdrag.".into(),
            mandate: MandateFinding::Outside,
        }))
        .then_expect_events(vec![MeetingEvent::DecisionCorrected(DecisionCorrected {
            decision_id: DECISION_101,
            paragraph: Paragraph {
                year: 2025,
                number: 101,
            },
            content: content_101(),
            quorum: quorum(&TAKING_PART),
            adopted_proposal: None,
            mandate: MandateFinding::Outside,
            reason: "Beslutet låg utanför nämndens uppdrag.".into(),
        })]);
}

#[test]
fn a_corrected_vote_adopts_the_proposal_its_count_gives() {
    let vote = |yes, no| Vote {
        yes_proposal: "A".into(),
        no_proposal: "B".into(),
        method: VoteMethod::Closed,
        count: VoteCount {
            yes,
            no,
            abstained: 0,
        },
    };
    let voted = |yes, no| DecisionContent {
        proposals: vec![
            Proposal {
                label: "A".into(),
                moved_by: None,
                text: "Bifall till förvaltningens förslag.".into(),
            },
            Proposal {
                label: "B".into(),
                moved_by: Some(DAVID),
                text: "Avslag.".into(),
            },
        ],
        vote: Some(vote(yes, no)),
        ..content_101()
    };
    let mut events = held();
    events.push(MeetingEvent::DecisionRecorded(DecisionRecorded {
        adopted_proposal: Some("A".into()),
        ..decision_recorded(DECISION_101, 101, 1, voted(3, 1), &TAKING_PART)
    }));
    MeetingTest::with(())
        .given(events)
        .when(correct(101, voted(1, 3), "Rösterna fördes in omkastade."))
        .then_expect_events(vec![MeetingEvent::DecisionCorrected(DecisionCorrected {
            decision_id: DECISION_101,
            paragraph: Paragraph {
                year: 2025,
                number: 101,
            },
            content: voted(1, 3),
            quorum: quorum(&TAKING_PART),
            adopted_proposal: Some("B".into()),
            mandate: within_mandate(),
            reason: "Rösterna fördes in omkastade.".into(),
        })]);
}

#[test]
fn only_a_recorded_paragraph_is_corrected() {
    MeetingTest::with(())
        .given(decided())
        .when(correct(104, corrected_content(), REASON))
        .then_expect_error(MeetingError::UnknownParagraph {
            field: "paragraph",
            paragraph: 104,
        });
}

#[test]
fn a_correction_is_recorded_after_the_minutes_are_approved() {
    MeetingTest::with(())
        .given(with_minutes_approved())
        .when(correct(101, corrected_content(), REASON))
        .then_expect_events(vec![corrected()]);
}

#[test]
fn a_correction_keeps_the_rules_of_a_decision() {
    // Without a substitute for Bertil, § 101 would have lacked a quorum.
    let no_substitute = DecisionContent {
        recusals: vec![Recusal {
            person_id: BERTIL,
            substitute: None,
        }],
        ..content_101()
    };
    MeetingTest::with(())
        .given(decided())
        .when(correct(101, no_substitute, REASON))
        .then_expect_error(MeetingError::NoQuorum {
            paragraph: 101,
            taking_part: 3,
            member_seats: 6,
            required: 4,
        });
    MeetingTest::with(())
        .given(decided())
        .when(correct(101, content(""), REASON))
        .then_expect_error(MeetingError::DecisionTextMissing);
}

#[test]
fn a_corrected_paragraph_keeps_its_own_delegated_decisions_but_takes_no_others() {
    let mut reworded = content_102();
    reworded.text = "Nämnden har tagit del av redovisningen av delegationsbeslut.".into();
    MeetingTest::with(())
        .given(decided())
        .when(correct(102, reworded.clone(), "Fel beslutsformulering."))
        .then_expect_events(vec![MeetingEvent::DecisionCorrected(DecisionCorrected {
            decision_id: DECISION_102,
            paragraph: Paragraph {
                year: 2025,
                number: 102,
            },
            content: reworded,
            quorum: quorum(&TAKING_PART),
            adopted_proposal: None,
            mandate: within_mandate(),
            reason: "Fel beslutsformulering.".into(),
        })]);
    // § 103 cannot take over the delegated decision reported under § 102.
    let taking_over = DecisionContent {
        delegated_decisions: vec![delegated_report()],
        ..content_103()
    };
    MeetingTest::with(())
        .given(decided())
        .when(correct(103, taking_over, "Anmälan hörde till § 103."))
        .then_expect_error(MeetingError::DelegatedDecisionReportedTwice {
            index: 0,
            decision_id: DELEGATED,
        });
}

// Revocations.

#[test]
fn a_decision_is_revoked_by_a_later_decision() {
    MeetingTest::with(())
        .given(decided())
        .when(revoke(101, "2025-06-10", later_decision()))
        .then_expect_events(vec![revoked()]);
}

#[test]
fn a_decision_is_revoked_by_a_court_after_the_minutes_are_published() {
    let judgment = LegalBasis::ExternalDecision {
        issuer: "Förvaltningsrätten i Linköping".into(),
        decided_on: date("2025-09-15"),
        reference: Some("mål nr 4711-25".into()),
        registry_number: None,
    };
    let mut events = with_minutes_approved();
    events.push(published(MinutesScope::Whole, "2025-05-12", None));
    MeetingTest::with(())
        .given(events)
        .when(revoke(103, "2025-09-15", judgment.clone()))
        .then_expect_events(vec![MeetingEvent::DecisionRevoked(DecisionRevoked {
            decision_id: DECISION_103,
            paragraph: Paragraph {
                year: 2025,
                number: 103,
            },
            revoked_on: date("2025-09-15"),
            basis: judgment,
        })]);
}

#[test]
fn a_decision_is_revoked_once() {
    let mut events = decided();
    events.push(revoked());
    MeetingTest::with(())
        .given(events)
        .when(revoke(101, "2025-08-19", later_decision()))
        .then_expect_error(MeetingError::AlreadyRevoked {
            paragraph: 101,
            revoked_on: date("2025-06-10"),
        });
}

#[test]
fn a_decision_is_not_revoked_before_it_was_taken() {
    MeetingTest::with(())
        .given(decided())
        .when(revoke(101, "2025-05-05", later_decision()))
        .then_expect_error(MeetingError::RevokedBeforeDecided {
            revoked_on: date("2025-05-05"),
            decided_on: date(MEETING_ON),
        });
}

#[test]
fn a_decision_does_not_revoke_itself() {
    MeetingTest::with(())
        .given(decided())
        .when(revoke(
            101,
            "2025-06-10",
            LegalBasis::Decision {
                decision_id: DECISION_101,
            },
        ))
        .then_expect_error(MeetingError::RevokedByItself);
}

#[test]
fn a_revocation_rests_on_a_citable_basis() {
    MeetingTest::with(())
        .given(decided())
        .when(revoke(
            101,
            "2025-06-10",
            LegalBasis::Decision {
                decision_id: Uuid::nil(),
            },
        ))
        .then_expect_error(MeetingError::Basis(LegalBasisError::DecisionIdNil));
    MeetingTest::with(())
        .given(decided())
        .when(revoke(
            101,
            "2025-06-10",
            LegalBasis::ExternalDecision {
                issuer: " ".into(),
                decided_on: date("2025-06-10"),
                reference: None,
                registry_number: None,
            },
        ))
        .then_expect_error(MeetingError::Basis(LegalBasisError::IssuerMissing));
}

#[test]
fn only_a_recorded_paragraph_is_revoked() {
    MeetingTest::with(())
        .given(decided())
        .when(revoke(104, "2025-06-10", later_decision()))
        .then_expect_error(MeetingError::UnknownParagraph {
            field: "paragraph",
            paragraph: 104,
        });
}
