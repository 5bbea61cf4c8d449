//! Decisions under their §: numbering (domain rule 6), items, the mandate finding (domain rule 8)
//! and delegated decisions reported to the body.

use super::*;
use crate::RuleViolation;

fn with_next(command: RecordDecision, next_paragraph: NextParagraph) -> MeetingCommand {
    MeetingCommand::RecordDecision(RecordDecision {
        next_paragraph,
        ..command
    })
}

fn reporting(reports: Vec<DelegatedDecisionReport>) -> DecisionContent {
    DecisionContent {
        delegated_decisions: reports,
        ..content_102()
    }
}

fn second_report() -> DelegatedDecisionReport {
    DelegatedDecisionReport {
        decision_id: Uuid::from_u128(0xDE1F),
        decided_on: date("2025-05-06"),
        decided_by: "upphandlingschef".into(),
        subject: "Förlängning av ramavtal städtjänster".into(),
        registry_number: None,
        mandate_category: category("upphandling/ramavtal"),
    }
}

#[test]
fn a_decision_is_recorded_under_the_bodys_next_paragraph() {
    MeetingTest::with(())
        .given(held())
        .when(record(DECISION_101, 101, 1, content_101()))
        .then_expect_events(vec![recorded_101()]);
}

#[test]
fn the_decision_text_is_recorded_without_surrounding_blanks() {
    let mut untrimmed = content_101();
    untrimmed.text = format!("  {}\n", untrimmed.text);
    MeetingTest::with(())
        .given(held())
        .when(record(DECISION_101, 101, 1, untrimmed))
        .then_expect_events(vec![recorded_101()]);
}

#[test]
fn the_first_paragraph_of_the_year_is_number_one() {
    let first = NextParagraph {
        number: 1,
        latest_meeting_on: None,
    };
    MeetingTest::with(())
        .given(held())
        .when(with_next(
            recording(DECISION_101, 1, 1, content_101()),
            first,
        ))
        .then_expect_events(vec![recorded(
            DECISION_101,
            1,
            1,
            content_101(),
            &TAKING_PART,
        )]);
}

#[test]
fn the_paragraphs_of_one_meeting_follow_each_other() {
    // The register's latest § is this meeting's own § 101.
    let after_101 = NextParagraph {
        number: 102,
        latest_meeting_on: Some(date(MEETING_ON)),
    };
    MeetingTest::with(())
        .given(vec![called(), opened(), recorded_101()])
        .when(with_next(
            recording(DECISION_102, 102, 2, content_102()),
            after_101,
        ))
        .then_expect_events(vec![recorded_102()]);
}

#[test]
fn a_duplicate_paragraph_is_refused() {
    // The register has already given § 101 away.
    MeetingTest::with(())
        .given(vec![called(), opened(), recorded_101()])
        .when(with_next(
            recording(DECISION_102, 101, 2, content_102()),
            next(102),
        ))
        .then_expect_error(MeetingError::DuplicateParagraph {
            paragraph: 101,
            next: 102,
        });
}

#[test]
fn a_paragraph_the_meeting_already_holds_is_a_duplicate_whatever_the_register_says() {
    // A stale fact still gives § 101 as next, but this meeting recorded § 101 already.
    MeetingTest::with(())
        .given(vec![called(), opened(), recorded_101()])
        .when(with_next(
            recording(DECISION_102, 101, 2, content_102()),
            next(101),
        ))
        .then_expect_error(MeetingError::DuplicateParagraph {
            paragraph: 101,
            next: 101,
        });
}

#[test]
fn a_gap_in_the_paragraph_numbers_is_refused() {
    MeetingTest::with(())
        .given(vec![called(), opened(), recorded_101()])
        .when(with_next(
            recording(DECISION_103, 103, 3, content_103()),
            next(102),
        ))
        .then_expect_error(MeetingError::ParagraphGap {
            paragraph: 103,
            next: 102,
        });
}

#[test]
fn paragraph_numbers_start_at_one() {
    MeetingTest::with(())
        .given(held())
        .when(with_next(
            recording(DECISION_101, 0, 1, content_101()),
            next(1),
        ))
        .then_expect_error(MeetingError::ParagraphZero);
}

#[test]
fn paragraphs_follow_the_order_of_meetings() {
    // The body's latest § of 2025 belongs to a meeting on 10 June, after this one.
    let later = NextParagraph {
        number: 131,
        latest_meeting_on: Some(date("2025-06-10")),
    };
    MeetingTest::with(())
        .given(held())
        .when(with_next(
            recording(DECISION_101, 131, 1, content_101()),
            later,
        ))
        .then_expect_error(MeetingError::ParagraphsOutOfMeetingOrder {
            latest_meeting_on: date("2025-06-10"),
        });
}

#[test]
fn a_decision_is_taken_on_an_item_of_the_agenda() {
    MeetingTest::with(())
        .given(held())
        .when(record(DECISION_101, 101, 9, content_101()))
        .then_expect_error(MeetingError::UnknownItem { item: 9 });
}

#[test]
fn an_item_added_at_the_meeting_can_be_decided() {
    let extra = item(6, "Yttrande över avtalsutkast", Some("INK 2025/110"));
    MeetingTest::with(())
        .given(vec![
            called(),
            opened(),
            MeetingEvent::AgendaItemAdded(AgendaItemAdded { item: extra }),
        ])
        .when(record(DECISION_101, 101, 6, content_101()))
        .then_expect_events(vec![recorded(
            DECISION_101,
            101,
            6,
            content_101(),
            &TAKING_PART,
        )]);
}

#[test]
fn an_item_is_decided_once() {
    MeetingTest::with(())
        .given(vec![called(), opened(), recorded_101()])
        .when(record(DECISION_102, 102, 1, content_102()))
        .then_expect_error(MeetingError::ItemAlreadyDecided {
            item: 1,
            paragraph: 101,
        });
}

#[test]
fn a_decision_id_is_recorded_once() {
    MeetingTest::with(())
        .given(vec![called(), opened(), recorded_101()])
        .when(record(DECISION_101, 102, 2, content_102()))
        .then_expect_error(MeetingError::DecisionRecordedTwice {
            decision_id: DECISION_101,
        });
    // The id of a delegated decision reported under § 102 is taken too.
    MeetingTest::with(())
        .given(vec![called(), opened(), recorded_101(), recorded_102()])
        .when(record(DELEGATED, 103, 3, content_103()))
        .then_expect_error(MeetingError::DecisionRecordedTwice {
            decision_id: DELEGATED,
        });
}

#[test]
fn a_decision_says_something() {
    MeetingTest::with(())
        .given(held())
        .when(record(DECISION_101, 101, 1, content(" \n ")))
        .then_expect_error(MeetingError::DecisionTextMissing);
}

#[test]
fn no_decision_is_recorded_before_the_meeting_opens() {
    MeetingTest::with(())
        .given(vec![called()])
        .when(record(DECISION_101, 101, 1, content_101()))
        .then_expect_error(MeetingError::NotOpened);
}

#[test]
fn no_decision_is_added_to_approved_minutes() {
    MeetingTest::with(())
        .given(with_minutes_approved())
        .when(record(
            DECISION_104,
            104,
            4,
            content("Ett beslut i efterhand."),
        ))
        .then_expect_error(MeetingError::MinutesApproved);
}

#[test]
fn a_decision_outside_every_mandate_is_recorded_and_flagged() {
    // Seed 000 excludes direct awards from the committee's mandate.
    let direct_award = DecisionContent {
        mandate_category: category("upphandling/direktupphandling"),
        ..content("Nämnden tilldelar uppdraget direkt till Konsult AB.")
    };
    let command = RecordDecision {
        mandate: MandateFinding::Outside,
        ..recording(DECISION_104, 104, 4, direct_award.clone())
    };
    MeetingTest::with(())
        .given(decided())
        .when(MeetingCommand::RecordDecision(command))
        .then_expect_events(vec![MeetingEvent::DecisionRecorded(DecisionRecorded {
            mandate: MandateFinding::Outside,
            ..decision_recorded(DECISION_104, 104, 4, direct_award, &TAKING_PART)
        })]);
}

// Delegated decisions reported to the body.

#[test]
fn delegated_decisions_are_reported_under_a_paragraph() {
    let content = reporting(vec![delegated_report(), second_report()]);
    MeetingTest::with(())
        .given(vec![called(), opened(), recorded_101()])
        .when(record(DECISION_102, 102, 2, content.clone()))
        .then_expect_events(vec![recorded(DECISION_102, 102, 2, content, &TAKING_PART)]);
}

#[test]
fn a_delegated_decision_is_reported_once_within_a_paragraph() {
    MeetingTest::with(())
        .given(vec![called(), opened(), recorded_101()])
        .when(record(
            DECISION_102,
            102,
            2,
            reporting(vec![delegated_report(), delegated_report()]),
        ))
        .then_expect_error(MeetingError::DelegatedDecisionReportedTwice {
            index: 1,
            decision_id: DELEGATED,
        });
}

#[test]
fn a_delegated_decision_is_reported_once_within_the_meeting() {
    MeetingTest::with(())
        .given(vec![called(), opened(), recorded_101(), recorded_102()])
        .when(record(
            DECISION_103,
            103,
            3,
            DecisionContent {
                delegated_decisions: vec![second_report(), delegated_report()],
                ..content_103()
            },
        ))
        .then_expect_error(MeetingError::DelegatedDecisionReportedTwice {
            index: 1,
            decision_id: DELEGATED,
        });
}

#[test]
fn a_delegated_decision_does_not_reuse_a_paragraphs_id() {
    let mut reusing = delegated_report();
    reusing.decision_id = DECISION_101;
    MeetingTest::with(())
        .given(vec![called(), opened(), recorded_101()])
        .when(record(
            DECISION_102,
            102,
            2,
            reporting(vec![reusing.clone()]),
        ))
        .then_expect_error(MeetingError::DelegatedDecisionReportedTwice {
            index: 0,
            decision_id: DECISION_101,
        });
    reusing.decision_id = DECISION_102;
    MeetingTest::with(())
        .given(vec![called(), opened(), recorded_101()])
        .when(record(DECISION_102, 102, 2, reporting(vec![reusing])))
        .then_expect_error(MeetingError::DelegatedDecisionReportedTwice {
            index: 0,
            decision_id: DECISION_102,
        });
}

#[test]
fn a_delegated_decision_is_reported_after_it_was_taken() {
    let mut later = second_report();
    later.decided_on = date("2025-05-07");
    MeetingTest::with(())
        .given(vec![called(), opened(), recorded_101()])
        .when(record(
            DECISION_102,
            102,
            2,
            reporting(vec![delegated_report(), later]),
        ))
        .then_expect_error(MeetingError::DelegatedDecisionAfterMeeting {
            index: 1,
            decided_on: date("2025-05-07"),
        });
}

#[test]
fn a_delegated_decision_names_who_took_it_and_what_it_concerns() {
    let mut nobody = delegated_report();
    nobody.decided_by = " ".into();
    MeetingTest::with(())
        .given(vec![called(), opened(), recorded_101()])
        .when(record(DECISION_102, 102, 2, reporting(vec![nobody])))
        .then_expect_error(MeetingError::DelegatedDecisionMakerMissing { index: 0 });
    let mut nothing = delegated_report();
    nothing.subject = String::new();
    MeetingTest::with(())
        .given(vec![called(), opened(), recorded_101()])
        .when(record(DECISION_102, 102, 2, reporting(vec![nothing])))
        .then_expect_error(MeetingError::DelegatedDecisionSubjectMissing { index: 0 });
    let mut blank = second_report();
    blank.registry_number = Some(" ".into());
    MeetingTest::with(())
        .given(vec![called(), opened(), recorded_101()])
        .when(record(
            DECISION_102,
            102,
            2,
            reporting(vec![delegated_report(), blank]),
        ))
        .then_expect_error(MeetingError::RegistryNumberBlank {
            field: "content.delegated_decisions[1].registry_number".into(),
        });
}

// The stored format.

#[test]
fn version_one_decision_recorded_with_a_delegated_decision_keeps_loading() {
    let stored = r#"{"DecisionRecorded":{"decision_id":"00000000-0000-0000-0000-00000000d102","body_id":"00000000-0000-0000-0000-00000000b0d1","meeting_on":"2025-05-06","paragraph":{"year":2025,"number":102},"item":2,"content":{"text":"Nämnden lägger redovisningen av delegationsbeslut till handlingarna.","proposals":[],"vote":null,"recusals":[],"reservations":[],"statements":[],"mandate_category":"delegation/anmälan","delegated_decisions":[{"decision_id":"00000000-0000-0000-0000-00000000de1e","decided_on":"2025-04-14","decided_by":"inköpschef","subject":"Avrop från ramavtal kontorsmaterial","registry_number":"INK 2025/88","mandate_category":"upphandling/avrop"}]},"quorum":{"member_seats":6,"taking_part":["00000000-0000-0000-0000-00000000000a","00000000-0000-0000-0000-00000000000b","00000000-0000-0000-0000-00000000000d","00000000-0000-0000-0000-000000000012"],"required":4},"adopted_proposal":null,"mandate":{"kind":"within","mandate_id":"00000000-0000-0000-0000-000000003a4d"}}}"#;
    let event: MeetingEvent = serde_json::from_str(stored).unwrap();
    assert_eq!(event, recorded_102());
    assert_eq!(serde_json::to_string(&event).unwrap(), stored);
}

#[test]
fn a_refusal_names_the_field_and_the_rule_it_breaks() {
    let cases = [
        (
            MeetingError::ParagraphGap {
                paragraph: 103,
                next: 102,
            },
            "paragraph",
            "meeting.paragraphs_gapless_per_body_and_year",
        ),
        (
            MeetingError::NoQuorum {
                paragraph: 102,
                taking_part: 3,
                member_seats: 6,
                required: 4,
            },
            "attendance",
            "meeting.quorum",
        ),
        (
            MeetingError::SubstituteOfOtherParty {
                index: 1,
                person_id: JOHAN,
            },
            "content.recusals[1].substitute",
            "meeting.deputy_serves_for_own_party",
        ),
        (
            MeetingError::BallotByNonParticipant {
                index: 2,
                person_id: JOHAN,
            },
            "content.vote.method.ballots[2].person_id",
            "meeting.ballots_by_participants",
        ),
        (
            MeetingError::DelegatedDecisionReportedTwice {
                index: 0,
                decision_id: DELEGATED,
            },
            "content.delegated_decisions[0].decision_id",
            "meeting.delegated_decision_reported_once",
        ),
        (
            MeetingError::Basis(crate::LegalBasisError::DecisionIdNil),
            "basis.decision_id",
            "legal_basis.decision_is_identified",
        ),
    ];
    for (error, field, rule) in cases {
        assert_eq!(error.field(), field, "{error:?}");
        assert_eq!(error.rule(), rule, "{error:?}");
    }
}
