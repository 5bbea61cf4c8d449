//! Proposals, votes (votering), reservations and recorded statements (protokollsanteckningar).

use super::*;

fn proposal(label: &str, moved_by: Option<Uuid>, text: &str) -> Proposal {
    Proposal {
        label: label.into(),
        moved_by,
        text: text.into(),
    }
}

/// The committee's draft, and David's counter-proposal.
fn proposals() -> Vec<Proposal> {
    vec![
        proposal(
            "A",
            None,
            "Nämnden tilldelar ramavtal enligt förvaltningens förslag.",
        ),
        proposal("B", Some(DAVID), "Nämnden avbryter upphandlingen."),
    ]
}

fn ballot(person_id: Uuid, choice: Choice) -> Ballot {
    Ballot { person_id, choice }
}

fn count(yes: u16, no: u16, abstained: u16) -> VoteCount {
    VoteCount { yes, no, abstained }
}

fn open_vote(ballots: Vec<Ballot>, count: VoteCount) -> Vote {
    Vote {
        yes_proposal: "A".into(),
        no_proposal: "B".into(),
        method: VoteMethod::Open { ballots },
        count,
    }
}

fn closed_vote(count: VoteCount) -> Vote {
    Vote {
        yes_proposal: "A".into(),
        no_proposal: "B".into(),
        method: VoteMethod::Closed,
        count,
    }
}

/// Anna, Bertil and Ingrid for A, David for B.
fn three_to_one() -> Vote {
    open_vote(
        vec![
            ballot(ANNA, Choice::Yes),
            ballot(BERTIL, Choice::Yes),
            ballot(DAVID, Choice::No),
            ballot(INGRID, Choice::Yes),
        ],
        count(3, 1, 0),
    )
}

fn voting(vote: Vote) -> DecisionContent {
    DecisionContent {
        proposals: proposals(),
        vote: Some(vote),
        ..content_101()
    }
}

fn recorded_with(content: DecisionContent, adopted_proposal: Option<&str>) -> MeetingEvent {
    MeetingEvent::DecisionRecorded(DecisionRecorded {
        adopted_proposal: adopted_proposal.map(Into::into),
        ..decision_recorded(DECISION_101, 101, 1, content, &TAKING_PART)
    })
}

fn reservation(person_id: Uuid, reason: Option<&str>) -> Reservation {
    Reservation {
        person_id,
        reason: reason.map(Into::into),
    }
}

fn statement(person_id: Uuid, text: &str) -> Statement {
    Statement {
        person_id,
        text: text.into(),
    }
}

// Proposals.

#[test]
fn proposals_without_a_vote_adopt_nothing_by_vote() {
    let content = DecisionContent {
        proposals: proposals(),
        ..content_101()
    };
    MeetingTest::with(())
        .given(held())
        .when(record(DECISION_101, 101, 1, content.clone()))
        .then_expect_events(vec![recorded_with(content, None)]);
}

#[test]
fn a_proposal_has_a_label_and_a_text() {
    let with = |proposals: Vec<Proposal>| DecisionContent {
        proposals,
        ..content_101()
    };
    MeetingTest::with(())
        .given(held())
        .when(record(
            DECISION_101,
            101,
            1,
            with(vec![proposals()[0].clone(), proposal(" ", None, "Text.")]),
        ))
        .then_expect_error(MeetingError::ProposalLabelMissing { index: 1 });
    MeetingTest::with(())
        .given(held())
        .when(record(
            DECISION_101,
            101,
            1,
            with(vec![proposals()[0].clone(), proposal(" A ", None, "Text.")]),
        ))
        .then_expect_error(MeetingError::ProposalLabelTwice {
            index: 1,
            label: "A".into(),
        });
    MeetingTest::with(())
        .given(held())
        .when(record(
            DECISION_101,
            101,
            1,
            with(vec![proposal("A", None, "")]),
        ))
        .then_expect_error(MeetingError::ProposalTextMissing { index: 0 });
}

#[test]
fn a_proposal_is_moved_by_someone_taking_part() {
    // Johan is present but serves for nobody.
    let content = DecisionContent {
        proposals: vec![
            proposals()[0].clone(),
            proposal("B", Some(JOHAN), "Nämnden avbryter upphandlingen."),
        ],
        ..content_101()
    };
    MeetingTest::with(())
        .given(held())
        .when(record(DECISION_101, 101, 1, content))
        .then_expect_error(MeetingError::ProposalByNonParticipant {
            index: 1,
            person_id: JOHAN,
            paragraph: 101,
        });
}

// Votes.

#[test]
fn an_open_vote_adopts_the_proposal_with_more_votes() {
    MeetingTest::with(())
        .given(held())
        .when(record(DECISION_101, 101, 1, voting(three_to_one())))
        .then_expect_events(vec![recorded_with(voting(three_to_one()), Some("A"))]);
}

#[test]
fn vote_labels_are_matched_and_stored_without_surrounding_blanks() {
    let padded = Vote {
        yes_proposal: " A ".into(),
        no_proposal: "B ".into(),
        ..three_to_one()
    };
    MeetingTest::with(())
        .given(held())
        .when(record(DECISION_101, 101, 1, voting(padded)))
        .then_expect_events(vec![recorded_with(voting(three_to_one()), Some("A"))]);
}

#[test]
fn the_proposal_put_as_no_is_adopted_when_it_has_more_votes() {
    let vote = open_vote(
        vec![
            ballot(ANNA, Choice::Yes),
            ballot(BERTIL, Choice::No),
            ballot(DAVID, Choice::No),
            ballot(INGRID, Choice::Abstain),
        ],
        count(1, 2, 1),
    );
    MeetingTest::with(())
        .given(held())
        .when(record(DECISION_101, 101, 1, voting(vote.clone())))
        .then_expect_events(vec![recorded_with(voting(vote), Some("B"))]);
}

#[test]
fn a_closed_vote_records_only_the_count() {
    let vote = closed_vote(count(3, 1, 0));
    MeetingTest::with(())
        .given(held())
        .when(record(DECISION_101, 101, 1, voting(vote.clone())))
        .then_expect_events(vec![recorded_with(voting(vote), Some("A"))]);
}

#[test]
fn vote_counts_that_do_not_add_up_to_those_taking_part_are_refused() {
    MeetingTest::with(())
        .given(held())
        .when(record(
            DECISION_101,
            101,
            1,
            voting(closed_vote(count(2, 1, 0))),
        ))
        .then_expect_error(MeetingError::VoteCountNotTakingPart {
            counted: 3,
            taking_part: 4,
        });
    // Cecilia arrived, so five take part; Gunilla, present, is not counted.
    MeetingTest::with(())
        .given(vec![called(), opened(), arrives(CECILIA, 101, None)])
        .when(record(
            DECISION_101,
            101,
            1,
            voting(closed_vote(count(3, 1, 2))),
        ))
        .then_expect_error(MeetingError::VoteCountNotTakingPart {
            counted: 6,
            taking_part: 5,
        });
}

#[test]
fn the_count_agrees_with_the_ballots() {
    let vote = open_vote(
        vec![
            ballot(ANNA, Choice::Yes),
            ballot(BERTIL, Choice::Yes),
            ballot(DAVID, Choice::No),
            ballot(INGRID, Choice::Yes),
        ],
        count(2, 2, 0),
    );
    MeetingTest::with(())
        .given(held())
        .when(record(DECISION_101, 101, 1, voting(vote)))
        .then_expect_error(MeetingError::VoteCountDisagreesWithBallots {
            choice: Choice::Yes,
            stated: 2,
            ballots: 3,
        });
    let vote = open_vote(
        vec![
            ballot(ANNA, Choice::Yes),
            ballot(BERTIL, Choice::Yes),
            ballot(DAVID, Choice::No),
            ballot(INGRID, Choice::Abstain),
        ],
        count(2, 2, 0),
    );
    MeetingTest::with(())
        .given(held())
        .when(record(DECISION_101, 101, 1, voting(vote)))
        .then_expect_error(MeetingError::VoteCountDisagreesWithBallots {
            choice: Choice::No,
            stated: 2,
            ballots: 1,
        });
}

#[test]
fn only_those_taking_part_vote() {
    // Bertil is recused and Gunilla serves in his place.
    let recused = DecisionContent {
        recusals: vec![Recusal {
            person_id: BERTIL,
            substitute: Some(GUNILLA),
        }],
        ..voting(open_vote(
            vec![
                ballot(ANNA, Choice::Yes),
                ballot(BERTIL, Choice::Yes),
                ballot(DAVID, Choice::No),
                ballot(INGRID, Choice::Yes),
            ],
            count(3, 1, 0),
        ))
    };
    MeetingTest::with(())
        .given(held())
        .when(record(DECISION_101, 101, 1, recused))
        .then_expect_error(MeetingError::BallotByNonParticipant {
            index: 1,
            person_id: BERTIL,
        });
    // Johan is present but serves for nobody.
    let vote = open_vote(
        vec![
            ballot(ANNA, Choice::Yes),
            ballot(BERTIL, Choice::Yes),
            ballot(JOHAN, Choice::No),
            ballot(INGRID, Choice::Yes),
        ],
        count(3, 1, 0),
    );
    MeetingTest::with(())
        .given(held())
        .when(record(DECISION_101, 101, 1, voting(vote)))
        .then_expect_error(MeetingError::BallotByNonParticipant {
            index: 2,
            person_id: JOHAN,
        });
}

#[test]
fn the_substitute_of_a_recused_member_votes_in_their_place() {
    let content = DecisionContent {
        recusals: vec![Recusal {
            person_id: BERTIL,
            substitute: Some(GUNILLA),
        }],
        ..voting(open_vote(
            vec![
                ballot(ANNA, Choice::Yes),
                ballot(GUNILLA, Choice::No),
                ballot(DAVID, Choice::No),
                ballot(INGRID, Choice::No),
            ],
            count(1, 3, 0),
        ))
    };
    MeetingTest::with(())
        .given(held())
        .when(record(DECISION_101, 101, 1, content.clone()))
        .then_expect_events(vec![MeetingEvent::DecisionRecorded(DecisionRecorded {
            adopted_proposal: Some("B".into()),
            ..decision_recorded(
                DECISION_101,
                101,
                1,
                content,
                &[ANNA, DAVID, GUNILLA, INGRID],
            )
        })]);
}

#[test]
fn each_member_votes_once() {
    let vote = open_vote(
        vec![
            ballot(ANNA, Choice::Yes),
            ballot(BERTIL, Choice::Yes),
            ballot(ANNA, Choice::No),
            ballot(DAVID, Choice::No),
            ballot(INGRID, Choice::Yes),
        ],
        count(2, 2, 0),
    );
    MeetingTest::with(())
        .given(held())
        .when(record(DECISION_101, 101, 1, voting(vote)))
        .then_expect_error(MeetingError::BallotCastTwice {
            index: 2,
            person_id: ANNA,
        });
}

#[test]
fn an_open_vote_names_everyones_vote() {
    let vote = open_vote(
        vec![
            ballot(ANNA, Choice::Yes),
            ballot(BERTIL, Choice::Yes),
            ballot(DAVID, Choice::No),
        ],
        count(3, 1, 0),
    );
    MeetingTest::with(())
        .given(held())
        .when(record(DECISION_101, 101, 1, voting(vote)))
        .then_expect_error(MeetingError::BallotMissing { person_id: INGRID });
}

#[test]
fn a_tie_is_decided_by_the_presiding_members_vote() {
    let anna_for_a = open_vote(
        vec![
            ballot(ANNA, Choice::Yes),
            ballot(BERTIL, Choice::Yes),
            ballot(DAVID, Choice::No),
            ballot(INGRID, Choice::No),
        ],
        count(2, 2, 0),
    );
    MeetingTest::with(())
        .given(held())
        .when(record(DECISION_101, 101, 1, voting(anna_for_a.clone())))
        .then_expect_events(vec![recorded_with(voting(anna_for_a), Some("A"))]);
    let anna_for_b = open_vote(
        vec![
            ballot(ANNA, Choice::No),
            ballot(BERTIL, Choice::No),
            ballot(DAVID, Choice::Yes),
            ballot(INGRID, Choice::Yes),
        ],
        count(2, 2, 0),
    );
    MeetingTest::with(())
        .given(held())
        .when(record(DECISION_101, 101, 1, voting(anna_for_b.clone())))
        .then_expect_events(vec![recorded_with(voting(anna_for_b), Some("B"))]);
}

#[test]
fn a_tie_without_a_deciding_vote_is_refused() {
    MeetingTest::with(())
        .given(held())
        .when(record(
            DECISION_101,
            101,
            1,
            voting(closed_vote(count(2, 2, 0))),
        ))
        .then_expect_error(MeetingError::TieUnresolved);
    let anna_abstains = open_vote(
        vec![
            ballot(ANNA, Choice::Abstain),
            ballot(BERTIL, Choice::Yes),
            ballot(DAVID, Choice::No),
            ballot(INGRID, Choice::Abstain),
        ],
        count(1, 1, 2),
    );
    MeetingTest::with(())
        .given(held())
        .when(record(DECISION_101, 101, 1, voting(anna_abstains)))
        .then_expect_error(MeetingError::TieUnresolved);
}

#[test]
fn a_vote_puts_one_proposal_against_another() {
    let single = DecisionContent {
        proposals: vec![proposals()[0].clone()],
        ..voting(three_to_one())
    };
    MeetingTest::with(())
        .given(held())
        .when(record(DECISION_101, 101, 1, single))
        .then_expect_error(MeetingError::VoteNeedsTwoProposals);
    let against_itself = Vote {
        no_proposal: "A".into(),
        ..three_to_one()
    };
    MeetingTest::with(())
        .given(held())
        .when(record(DECISION_101, 101, 1, voting(against_itself)))
        .then_expect_error(MeetingError::VoteOnSameProposal { label: "A".into() });
}

#[test]
fn a_vote_puts_only_proposals_that_were_made() {
    let unknown_no = Vote {
        no_proposal: "C".into(),
        ..three_to_one()
    };
    MeetingTest::with(())
        .given(held())
        .when(record(DECISION_101, 101, 1, voting(unknown_no)))
        .then_expect_error(MeetingError::VoteProposalUnknown {
            field: "no_proposal",
            label: "C".into(),
        });
    let unknown_yes = Vote {
        yes_proposal: "Ordförandens förslag".into(),
        ..three_to_one()
    };
    MeetingTest::with(())
        .given(held())
        .when(record(DECISION_101, 101, 1, voting(unknown_yes)))
        .then_expect_error(MeetingError::VoteProposalUnknown {
            field: "yes_proposal",
            label: "Ordförandens förslag".into(),
        });
}

// Reservations.

#[test]
fn those_taking_part_reserve_with_or_without_a_reason() {
    let content = DecisionContent {
        reservations: vec![
            reservation(DAVID, Some("Till förmån för eget yrkande.")),
            reservation(INGRID, None),
        ],
        ..voting(three_to_one())
    };
    let untrimmed = DecisionContent {
        reservations: vec![
            reservation(DAVID, Some(" Till förmån för eget yrkande.  ")),
            reservation(INGRID, None),
        ],
        ..voting(three_to_one())
    };
    MeetingTest::with(())
        .given(held())
        .when(record(DECISION_101, 101, 1, untrimmed))
        .then_expect_events(vec![recorded_with(content, Some("A"))]);
}

#[test]
fn only_those_taking_part_reserve() {
    // Gunilla is present but serves for nobody.
    let content = DecisionContent {
        reservations: vec![reservation(GUNILLA, None)],
        ..voting(three_to_one())
    };
    MeetingTest::with(())
        .given(held())
        .when(record(DECISION_101, 101, 1, content))
        .then_expect_error(MeetingError::ReservationByNonParticipant {
            index: 0,
            person_id: GUNILLA,
        });
}

#[test]
fn each_reserves_once_and_a_given_reason_says_something() {
    let twice = DecisionContent {
        reservations: vec![reservation(DAVID, None), reservation(DAVID, Some("Skäl."))],
        ..voting(three_to_one())
    };
    MeetingTest::with(())
        .given(held())
        .when(record(DECISION_101, 101, 1, twice))
        .then_expect_error(MeetingError::ReservedTwice {
            index: 1,
            person_id: DAVID,
        });
    let blank = DecisionContent {
        reservations: vec![reservation(DAVID, Some("  "))],
        ..voting(three_to_one())
    };
    MeetingTest::with(())
        .given(held())
        .when(record(DECISION_101, 101, 1, blank))
        .then_expect_error(MeetingError::ReservationReasonBlank { index: 0 });
}

// Recorded statements.

#[test]
fn a_present_deputy_who_does_not_serve_may_make_a_statement() {
    let content = DecisionContent {
        statements: vec![statement(
            GUNILLA,
            "Region Sörmland vill se en konsekvensanalys.",
        )],
        ..content_101()
    };
    let untrimmed = DecisionContent {
        statements: vec![statement(
            GUNILLA,
            "\tRegion Sörmland vill se en konsekvensanalys. ",
        )],
        ..content_101()
    };
    MeetingTest::with(())
        .given(held())
        .when(record(DECISION_101, 101, 1, untrimmed))
        .then_expect_events(vec![recorded_with(content, None)]);
}

#[test]
fn someone_absent_makes_no_statement() {
    let content = DecisionContent {
        statements: vec![
            statement(GUNILLA, "Region Sörmland vill se en konsekvensanalys."),
            statement(CECILIA, "Jag instämmer."),
        ],
        ..content_101()
    };
    MeetingTest::with(())
        .given(held())
        .when(record(DECISION_101, 101, 1, content))
        .then_expect_error(MeetingError::StatementByAbsentPerson {
            index: 1,
            person_id: CECILIA,
            paragraph: 101,
        });
}

#[test]
fn a_statement_says_something() {
    let content = DecisionContent {
        statements: vec![statement(DAVID, " ")],
        ..content_101()
    };
    MeetingTest::with(())
        .given(held())
        .when(record(DECISION_101, 101, 1, content))
        .then_expect_error(MeetingError::StatementTextMissing { index: 0 });
}

// The stored format.

#[test]
fn version_one_decision_recorded_with_a_vote_keeps_loading() {
    let stored = r#"{"DecisionRecorded":{"decision_id":"00000000-0000-0000-0000-00000000d101","body_id":"00000000-0000-0000-0000-00000000b0d1","meeting_on":"2025-05-06","paragraph":{"year":2025,"number":101},"item":1,"content":{"text":"Nämnden tilldelar ramavtal för livsmedel enligt förvaltningens förslag.","proposals":[{"label":"A","moved_by":null,"text":"Nämnden tilldelar ramavtal enligt förvaltningens förslag."},{"label":"B","moved_by":"00000000-0000-0000-0000-00000000000d","text":"Nämnden avbryter upphandlingen."}],"vote":{"yes_proposal":"A","no_proposal":"B","method":{"kind":"open","ballots":[{"person_id":"00000000-0000-0000-0000-00000000000a","choice":"yes"},{"person_id":"00000000-0000-0000-0000-000000000010","choice":"yes"},{"person_id":"00000000-0000-0000-0000-00000000000d","choice":"no"},{"person_id":"00000000-0000-0000-0000-000000000012","choice":"abstain"}]},"count":{"yes":2,"no":1,"abstained":1}},"recusals":[{"person_id":"00000000-0000-0000-0000-00000000000b","substitute":"00000000-0000-0000-0000-000000000010"}],"reservations":[{"person_id":"00000000-0000-0000-0000-00000000000d","reason":"Till förmån för eget yrkande."}],"statements":[{"person_id":"00000000-0000-0000-0000-000000000013","text":"Region Västmanland vill se en konsekvensanalys."}],"mandate_category":"upphandling/ramavtal","delegated_decisions":[]},"quorum":{"member_seats":6,"taking_part":["00000000-0000-0000-0000-00000000000a","00000000-0000-0000-0000-00000000000d","00000000-0000-0000-0000-000000000010","00000000-0000-0000-0000-000000000012"],"required":4},"adopted_proposal":"A","mandate":{"kind":"within","mandate_id":"00000000-0000-0000-0000-000000003a4d"}}}"#;
    // Bertil is recused with Gunilla in his place, David reserves and Johan, a deputy who does
    // not serve, makes a statement.
    let content = DecisionContent {
        recusals: vec![Recusal {
            person_id: BERTIL,
            substitute: Some(GUNILLA),
        }],
        reservations: vec![reservation(DAVID, Some("Till förmån för eget yrkande."))],
        statements: vec![statement(
            JOHAN,
            "Region Västmanland vill se en konsekvensanalys.",
        )],
        ..voting(open_vote(
            vec![
                ballot(ANNA, Choice::Yes),
                ballot(GUNILLA, Choice::Yes),
                ballot(DAVID, Choice::No),
                ballot(INGRID, Choice::Abstain),
            ],
            count(2, 1, 1),
        ))
    };
    let expected = MeetingEvent::DecisionRecorded(DecisionRecorded {
        adopted_proposal: Some("A".into()),
        ..decision_recorded(
            DECISION_101,
            101,
            1,
            content.clone(),
            &[ANNA, DAVID, GUNILLA, INGRID],
        )
    });
    // The stored event is the one the aggregate records today.
    MeetingTest::with(())
        .given(held())
        .when(record(DECISION_101, 101, 1, content))
        .then_expect_events(vec![expected.clone()]);
    let event: MeetingEvent = serde_json::from_str(stored).unwrap();
    assert_eq!(event, expected);
    assert_eq!(serde_json::to_string(&event).unwrap(), stored);
}
