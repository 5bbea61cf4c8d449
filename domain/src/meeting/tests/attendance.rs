//! The roll call, arrivals and departures, deputies serving, recusals (jäv) and the quorum
//! (domain rule 5).

use super::*;

fn open_presided_by(presiding: Uuid) -> MeetingCommand {
    MeetingCommand::Open(OpenMeeting {
        presiding,
        roll: roll(),
        seated: seated(),
        member_seats: 6,
    })
}

/// The fixture roll with entry `index` replaced.
fn roll_with(index: usize, entry: RollEntry) -> Vec<RollEntry> {
    let mut roll = roll();
    roll[index] = entry;
    roll
}

fn recusal(person_id: Uuid, substitute: Option<Uuid>) -> Recusal {
    Recusal {
        person_id,
        substitute,
    }
}

fn recusing(recusals: Vec<Recusal>) -> DecisionContent {
    DecisionContent {
        recusals,
        ..content_101()
    }
}

// Opening.

#[test]
fn a_meeting_opens_with_its_roll_call() {
    MeetingTest::with(())
        .given(vec![called()])
        .when(open())
        .then_expect_events(vec![opened()]);
}

#[test]
fn a_meeting_opens_once() {
    MeetingTest::with(())
        .given(held())
        .when(open())
        .then_expect_error(MeetingError::AlreadyOpened);
}

#[test]
fn a_body_without_member_seats_cannot_meet() {
    MeetingTest::with(())
        .given(vec![called()])
        .when(open_with(roll(), 0))
        .then_expect_error(MeetingError::NoMemberSeats);
}

#[test]
fn only_people_holding_a_seat_answer_the_roll() {
    let mut roll = roll();
    roll.push(present(KARIN));
    MeetingTest::with(())
        .given(vec![called()])
        .when(open_with(roll, 6))
        .then_expect_error(MeetingError::NotSeated {
            field: "roll[6].person_id".into(),
            person_id: KARIN,
        });
}

#[test]
fn each_person_answers_the_roll_once() {
    let mut roll = roll();
    roll.push(present(BERTIL));
    MeetingTest::with(())
        .given(vec![called()])
        .when(open_with(roll, 6))
        .then_expect_error(MeetingError::PresentTwice {
            field: "roll[6].person_id".into(),
            person_id: BERTIL,
        });
}

#[test]
fn the_presiding_member_is_present() {
    MeetingTest::with(())
        .given(vec![called()])
        .when(open_presided_by(CECILIA))
        .then_expect_error(MeetingError::PresidingNotPresent { person_id: CECILIA });
}

#[test]
fn the_presiding_member_holds_a_member_seat() {
    MeetingTest::with(())
        .given(vec![called()])
        .when(open_presided_by(GUNILLA))
        .then_expect_error(MeetingError::PresidingNotMember { person_id: GUNILLA });
}

#[test]
fn a_member_serves_for_nobody() {
    MeetingTest::with(())
        .given(vec![called()])
        .when(open_with(roll_with(1, serving(BERTIL, CECILIA)), 6))
        .then_expect_error(MeetingError::MemberServesFor {
            field: "roll[1].serving_for".into(),
            person_id: BERTIL,
        });
}

#[test]
fn a_deputy_serves_for_a_member() {
    MeetingTest::with(())
        .given(vec![called()])
        .when(open_with(roll_with(3, serving(GUNILLA, HANS)), 6))
        .then_expect_error(MeetingError::ServesForNonMember {
            field: "roll[3].serving_for".into(),
            member_id: HANS,
        });
    MeetingTest::with(())
        .given(vec![called()])
        .when(open_with(roll_with(3, serving(GUNILLA, KARIN)), 6))
        .then_expect_error(MeetingError::ServesForNonMember {
            field: "roll[3].serving_for".into(),
            member_id: KARIN,
        });
}

#[test]
fn a_deputy_serves_for_a_member_of_their_own_party() {
    MeetingTest::with(())
        .given(vec![called()])
        .when(open_with(roll_with(3, serving(GUNILLA, EVA)), 6))
        .then_expect_error(MeetingError::ServesForOtherParty {
            field: "roll[3].serving_for".into(),
            member_id: EVA,
        });
}

#[test]
fn a_deputy_serves_only_for_an_absent_member() {
    MeetingTest::with(())
        .given(vec![called()])
        .when(open_with(roll_with(3, serving(GUNILLA, BERTIL)), 6))
        .then_expect_error(MeetingError::ServesForPresentMember {
            field: "roll[3].serving_for".into(),
            member_id: BERTIL,
        });
}

#[test]
fn one_deputy_serves_for_a_member_at_a_time() {
    let mut roll = roll_with(3, serving(GUNILLA, CECILIA));
    roll.push(serving(HANS, CECILIA));
    MeetingTest::with(())
        .given(vec![called()])
        .when(open_with(roll, 6))
        .then_expect_error(MeetingError::MemberAlreadyReplaced {
            field: "roll[3].serving_for".into(),
            member_id: CECILIA,
            deputy_id: HANS,
        });
}

#[test]
fn deputies_serving_for_absent_members_take_part_and_others_do_not() {
    // Gunilla serves for Cecilia and Johan for Eva: all six member seats are filled. Hans is
    // absent and serves for nobody.
    let full = vec![
        present(ANNA),
        present(BERTIL),
        serving(GUNILLA, CECILIA),
        present(DAVID),
        serving(INGRID, FREDRIK),
        serving(JOHAN, EVA),
    ];
    MeetingTest::with(())
        .given(vec![called(), opened_with(full, 6)])
        .when(record(DECISION_101, 101, 1, content_101()))
        .then_expect_events(vec![recorded(
            DECISION_101,
            101,
            1,
            content_101(),
            &[ANNA, BERTIL, DAVID, GUNILLA, INGRID, JOHAN],
        )]);
}

#[test]
fn present_deputies_who_do_not_serve_are_not_counted() {
    // Gunilla and Johan answered the roll without serving for anyone.
    MeetingTest::with(())
        .given(held())
        .when(record(DECISION_101, 101, 1, content_101()))
        .then_expect_events(vec![recorded(
            DECISION_101,
            101,
            1,
            content_101(),
            &[ANNA, BERTIL, DAVID, INGRID],
        )]);
}

// Arrivals, departures and deputies starting to serve.

#[test]
fn a_member_arrives_from_a_paragraph() {
    MeetingTest::with(())
        .given(held())
        .when(attend(
            CECILIA,
            102,
            Attendance::Present { serving_for: None },
        ))
        .then_expect_events(vec![arrives(CECILIA, 102, None)]);
}

#[test]
fn a_member_leaves_from_a_paragraph() {
    MeetingTest::with(())
        .given(held())
        .when(attend(DAVID, 102, Attendance::Absent))
        .then_expect_events(vec![leaves(DAVID, 102)]);
}

#[test]
fn a_present_deputy_starts_serving_for_a_member_who_left() {
    MeetingTest::with(())
        .given(vec![called(), opened(), leaves(DAVID, 102)])
        .when(attend(
            JOHAN,
            102,
            Attendance::Present {
                serving_for: Some(DAVID),
            },
        ))
        .then_expect_events(vec![arrives(JOHAN, 102, Some(DAVID))]);
}

#[test]
fn only_people_holding_a_seat_attend() {
    MeetingTest::with(())
        .given(held())
        .when(attend(
            KARIN,
            102,
            Attendance::Present { serving_for: None },
        ))
        .then_expect_error(MeetingError::NotSeated {
            field: "person_id".into(),
            person_id: KARIN,
        });
}

#[test]
fn attendance_is_recorded_only_when_it_changes() {
    MeetingTest::with(())
        .given(held())
        .when(attend(ANNA, 101, Attendance::Present { serving_for: None }))
        .then_expect_error(MeetingError::AttendanceUnchanged {
            person_id: ANNA,
            from_paragraph: 101,
        });
    MeetingTest::with(())
        .given(held())
        .when(attend(CECILIA, 102, Attendance::Absent))
        .then_expect_error(MeetingError::AttendanceUnchanged {
            person_id: CECILIA,
            from_paragraph: 102,
        });
    MeetingTest::with(())
        .given(held())
        .when(attend(
            INGRID,
            102,
            Attendance::Present {
                serving_for: Some(FREDRIK),
            },
        ))
        .then_expect_error(MeetingError::AttendanceUnchanged {
            person_id: INGRID,
            from_paragraph: 102,
        });
    // A departure already recorded from § 102 holds for § 103 too.
    MeetingTest::with(())
        .given(vec![called(), opened(), leaves(DAVID, 102)])
        .when(attend(DAVID, 103, Attendance::Absent))
        .then_expect_error(MeetingError::AttendanceUnchanged {
            person_id: DAVID,
            from_paragraph: 103,
        });
}

#[test]
fn attendance_for_a_paragraph_already_recorded_is_refused() {
    MeetingTest::with(())
        .given(decided())
        .when(attend(DAVID, 103, Attendance::Absent))
        .then_expect_error(MeetingError::AttendanceForRecordedParagraph {
            from_paragraph: 103,
            latest: 103,
        });
    MeetingTest::with(())
        .given(decided())
        .when(attend(DAVID, 101, Attendance::Absent))
        .then_expect_error(MeetingError::AttendanceForRecordedParagraph {
            from_paragraph: 101,
            latest: 103,
        });
    MeetingTest::with(())
        .given(decided())
        .when(attend(DAVID, 104, Attendance::Absent))
        .then_expect_events(vec![leaves(DAVID, 104)]);
}

#[test]
fn a_deputy_starting_to_serve_keeps_the_rules_of_the_roll() {
    let serve = |person_id, member_id| {
        attend(
            person_id,
            102,
            Attendance::Present {
                serving_for: Some(member_id),
            },
        )
    };
    MeetingTest::with(())
        .given(held())
        .when(serve(CECILIA, EVA))
        .then_expect_error(MeetingError::MemberServesFor {
            field: "attendance.serving_for".into(),
            person_id: CECILIA,
        });
    MeetingTest::with(())
        .given(held())
        .when(serve(JOHAN, INGRID))
        .then_expect_error(MeetingError::ServesForNonMember {
            field: "attendance.serving_for".into(),
            member_id: INGRID,
        });
    MeetingTest::with(())
        .given(held())
        .when(serve(GUNILLA, EVA))
        .then_expect_error(MeetingError::ServesForOtherParty {
            field: "attendance.serving_for".into(),
            member_id: EVA,
        });
    MeetingTest::with(())
        .given(held())
        .when(serve(JOHAN, DAVID))
        .then_expect_error(MeetingError::ServesForPresentMember {
            field: "attendance.serving_for".into(),
            member_id: DAVID,
        });
    MeetingTest::with(())
        .given(held())
        .when(serve(JOHAN, FREDRIK))
        .then_expect_error(MeetingError::MemberAlreadyReplaced {
            field: "attendance.serving_for".into(),
            member_id: FREDRIK,
            deputy_id: INGRID,
        });
}

#[test]
fn attendance_is_recorded_only_at_an_opened_meeting_whose_minutes_are_open() {
    MeetingTest::with(())
        .given(vec![called()])
        .when(attend(DAVID, 102, Attendance::Absent))
        .then_expect_error(MeetingError::NotOpened);
    MeetingTest::with(())
        .given(with_minutes_approved())
        .when(attend(DAVID, 104, Attendance::Absent))
        .then_expect_error(MeetingError::MinutesApproved);
}

// The quorum.

#[test]
fn quorum_lost_mid_meeting_refuses_the_next_decision_but_not_the_earlier_one() {
    // David leaves before § 102: § 101 still has four taking part.
    MeetingTest::with(())
        .given(vec![called(), opened(), leaves(DAVID, 102)])
        .when(record(DECISION_101, 101, 1, content_101()))
        .then_expect_events(vec![recorded_101()]);
    MeetingTest::with(())
        .given(vec![called(), opened(), leaves(DAVID, 102), recorded_101()])
        .when(record(DECISION_102, 102, 2, content_102()))
        .then_expect_error(MeetingError::NoQuorum {
            paragraph: 102,
            taking_part: 3,
            member_seats: 6,
            required: 4,
        });
}

#[test]
fn quorum_is_regained_when_a_deputy_steps_in_for_the_member_who_left() {
    MeetingTest::with(())
        .given(vec![
            called(),
            opened(),
            leaves(DAVID, 102),
            recorded_101(),
            arrives(JOHAN, 102, Some(DAVID)),
        ])
        .when(record(DECISION_102, 102, 2, content_102()))
        .then_expect_events(vec![recorded(
            DECISION_102,
            102,
            2,
            content_102(),
            &[ANNA, BERTIL, INGRID, JOHAN],
        )]);
}

#[test]
fn a_member_who_returns_takes_part_again_and_the_deputy_steps_back() {
    MeetingTest::with(())
        .given(vec![
            called(),
            opened(),
            leaves(DAVID, 102),
            arrives(JOHAN, 102, Some(DAVID)),
        ])
        .when(attend(
            DAVID,
            103,
            Attendance::Present { serving_for: None },
        ))
        .then_expect_events(vec![arrives(DAVID, 103, None)]);
    MeetingTest::with(())
        .given(vec![
            called(),
            opened(),
            leaves(DAVID, 102),
            arrives(JOHAN, 102, Some(DAVID)),
            recorded(
                DECISION_102,
                102,
                2,
                content_102(),
                &[ANNA, BERTIL, INGRID, JOHAN],
            ),
            arrives(DAVID, 103, None),
        ])
        .when(record(DECISION_103, 103, 3, content_103()))
        .then_expect_events(vec![recorded_103()]);
}

#[test]
fn an_arrival_mid_meeting_counts_from_its_paragraph() {
    MeetingTest::with(())
        .given(vec![
            called(),
            opened(),
            recorded_101(),
            arrives(CECILIA, 102, None),
        ])
        .when(record(DECISION_102, 102, 2, content_102()))
        .then_expect_events(vec![recorded(
            DECISION_102,
            102,
            2,
            content_102(),
            &[ANNA, BERTIL, CECILIA, DAVID, INGRID],
        )]);
}

#[test]
fn the_quorum_counts_the_member_seats_not_the_people_seated() {
    // Eight member seats, of which two are vacant: six hold a seat, four take part, five must.
    MeetingTest::with(())
        .given(vec![called(), opened_with(roll(), 8)])
        .when(record(DECISION_101, 101, 1, content_101()))
        .then_expect_error(MeetingError::NoQuorum {
            paragraph: 101,
            taking_part: 4,
            member_seats: 8,
            required: 5,
        });
    // Seven member seats, one vacant: more than half is four.
    MeetingTest::with(())
        .given(vec![called(), opened_with(roll(), 7)])
        .when(record(DECISION_101, 101, 1, content_101()))
        .then_expect_events(vec![MeetingEvent::DecisionRecorded(DecisionRecorded {
            quorum: Quorum {
                member_seats: 7,
                taking_part: TAKING_PART.to_vec(),
                required: 4,
            },
            ..decision_recorded(DECISION_101, 101, 1, content_101(), &TAKING_PART)
        })]);
}

// Recusal (jäv).

#[test]
fn a_recused_member_is_replaced_by_a_deputy_of_their_party() {
    // Bertil is disqualified on the item; Gunilla, a present deputy of Region Sörmland, steps in.
    let content = recusing(vec![recusal(BERTIL, Some(GUNILLA))]);
    MeetingTest::with(())
        .given(held())
        .when(record(DECISION_101, 101, 1, content.clone()))
        .then_expect_events(vec![recorded(
            DECISION_101,
            101,
            1,
            content,
            &[ANNA, DAVID, GUNILLA, INGRID],
        )]);
}

#[test]
fn a_recusal_without_a_substitute_that_loses_the_quorum_is_refused() {
    MeetingTest::with(())
        .given(held())
        .when(record(
            DECISION_101,
            101,
            1,
            recusing(vec![recusal(BERTIL, None)]),
        ))
        .then_expect_error(MeetingError::NoQuorum {
            paragraph: 101,
            taking_part: 3,
            member_seats: 6,
            required: 4,
        });
}

#[test]
fn a_recusal_without_a_substitute_is_recorded_while_a_quorum_remains() {
    let content = recusing(vec![recusal(BERTIL, None)]);
    MeetingTest::with(())
        .given(vec![called(), opened(), arrives(CECILIA, 101, None)])
        .when(record(DECISION_101, 101, 1, content.clone()))
        .then_expect_events(vec![recorded(
            DECISION_101,
            101,
            1,
            content,
            &[ANNA, CECILIA, DAVID, INGRID],
        )]);
}

#[test]
fn a_recused_deputy_serving_for_a_member_is_replaced_by_another_deputy() {
    let content = recusing(vec![recusal(INGRID, Some(JOHAN))]);
    MeetingTest::with(())
        .given(held())
        .when(record(DECISION_101, 101, 1, content.clone()))
        .then_expect_events(vec![recorded(
            DECISION_101,
            101,
            1,
            content,
            &[ANNA, BERTIL, DAVID, JOHAN],
        )]);
}

#[test]
fn only_someone_taking_part_is_recused() {
    // Cecilia is absent; Gunilla is present but serves for nobody.
    MeetingTest::with(())
        .given(held())
        .when(record(
            DECISION_101,
            101,
            1,
            recusing(vec![recusal(CECILIA, None)]),
        ))
        .then_expect_error(MeetingError::RecusedNotTakingPart {
            index: 0,
            person_id: CECILIA,
            paragraph: 101,
        });
    MeetingTest::with(())
        .given(held())
        .when(record(
            DECISION_101,
            101,
            1,
            recusing(vec![recusal(BERTIL, Some(GUNILLA)), recusal(GUNILLA, None)]),
        ))
        .then_expect_error(MeetingError::RecusedNotTakingPart {
            index: 1,
            person_id: GUNILLA,
            paragraph: 101,
        });
}

#[test]
fn a_member_is_recused_once() {
    MeetingTest::with(())
        .given(held())
        .when(record(
            DECISION_101,
            101,
            1,
            recusing(vec![recusal(BERTIL, Some(GUNILLA)), recusal(BERTIL, None)]),
        ))
        .then_expect_error(MeetingError::RecusedTwice {
            index: 1,
            person_id: BERTIL,
        });
}

#[test]
fn only_a_deputy_steps_in_for_a_recused_member() {
    MeetingTest::with(())
        .given(vec![called(), opened(), arrives(CECILIA, 101, None)])
        .when(record(
            DECISION_101,
            101,
            1,
            recusing(vec![recusal(BERTIL, Some(CECILIA))]),
        ))
        .then_expect_error(MeetingError::SubstituteNotDeputy {
            index: 0,
            person_id: CECILIA,
        });
    MeetingTest::with(())
        .given(held())
        .when(record(
            DECISION_101,
            101,
            1,
            recusing(vec![recusal(BERTIL, Some(KARIN))]),
        ))
        .then_expect_error(MeetingError::SubstituteNotDeputy {
            index: 0,
            person_id: KARIN,
        });
}

#[test]
fn the_substitute_is_present_at_the_paragraph() {
    // Hans is a deputy of Region Sörmland but did not come; Gunilla left before § 101.
    MeetingTest::with(())
        .given(held())
        .when(record(
            DECISION_101,
            101,
            1,
            recusing(vec![recusal(BERTIL, Some(HANS))]),
        ))
        .then_expect_error(MeetingError::SubstituteNotPresent {
            index: 0,
            person_id: HANS,
            paragraph: 101,
        });
    MeetingTest::with(())
        .given(vec![called(), opened(), leaves(GUNILLA, 101)])
        .when(record(
            DECISION_101,
            101,
            1,
            recusing(vec![recusal(BERTIL, Some(GUNILLA))]),
        ))
        .then_expect_error(MeetingError::SubstituteNotPresent {
            index: 0,
            person_id: GUNILLA,
            paragraph: 101,
        });
}

#[test]
fn the_substitute_represents_the_recused_members_party() {
    MeetingTest::with(())
        .given(held())
        .when(record(
            DECISION_101,
            101,
            1,
            recusing(vec![recusal(BERTIL, Some(JOHAN))]),
        ))
        .then_expect_error(MeetingError::SubstituteOfOtherParty {
            index: 0,
            person_id: JOHAN,
        });
}

#[test]
fn a_deputy_already_serving_does_not_step_in_for_a_recused_member() {
    // Ingrid already serves for Fredrik.
    MeetingTest::with(())
        .given(held())
        .when(record(
            DECISION_101,
            101,
            1,
            recusing(vec![recusal(DAVID, Some(INGRID))]),
        ))
        .then_expect_error(MeetingError::SubstituteAlreadyServing {
            index: 0,
            person_id: INGRID,
            paragraph: 101,
        });
    // Gunilla cannot step in for two recused members.
    MeetingTest::with(())
        .given(held())
        .when(record(
            DECISION_101,
            101,
            1,
            recusing(vec![
                recusal(BERTIL, Some(GUNILLA)),
                recusal(ANNA, Some(GUNILLA)),
            ]),
        ))
        .then_expect_error(MeetingError::SubstituteAlreadyServing {
            index: 1,
            person_id: GUNILLA,
            paragraph: 101,
        });
}

#[test]
fn a_deputy_recorded_from_an_earlier_paragraph_does_not_double_up_with_one_recorded_later() {
    // Gunilla was recorded serving for Cecilia from § 102. Hans, recorded afterwards as serving
    // for Cecilia from § 101, would still be serving when Gunilla starts: two deputies in one seat.
    MeetingTest::with(())
        .given(vec![
            called(),
            opened(),
            arrives(GUNILLA, 102, Some(CECILIA)),
        ])
        .when(attend(
            HANS,
            101,
            Attendance::Present {
                serving_for: Some(CECILIA),
            },
        ))
        .then_expect_error(MeetingError::MemberAlreadyReplaced {
            field: "attendance.serving_for".into(),
            member_id: CECILIA,
            deputy_id: GUNILLA,
        });
    // Johan, recorded from § 102 as serving for David, is no obstacle to Hans serving for
    // Cecilia from § 101.
    MeetingTest::with(())
        .given(vec![
            called(),
            opened(),
            leaves(DAVID, 102),
            arrives(JOHAN, 102, Some(DAVID)),
        ])
        .when(attend(
            HANS,
            101,
            Attendance::Present {
                serving_for: Some(CECILIA),
            },
        ))
        .then_expect_events(vec![arrives(HANS, 101, Some(CECILIA))]);
}
