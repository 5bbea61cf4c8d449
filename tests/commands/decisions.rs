//! The § register against a real store: facts looked up by the register, § numbers that stay
//! unique and gapless when secretaries record at once, and bases that must cite a recorded
//! decision.
//!
//! The committee is seed 004's Inköpsnämnden (Region Sörmland as host, Region Västmanland). Its
//! members, seats and meetings are illustrative.

use std::collections::BTreeSet;

use cqrs_es::AggregateError;
use domain::external_decision::{ExternalDecisionDetails, RecordExternalDecision};
use domain::mandate::{GrantMandate, Mandate, MandateCommand, MandateHolder};
use domain::meeting::{
    MandateFinding, Meeting, MeetingCommand, MeetingError, MeetingEvent, NextParagraph, Paragraph,
    RecordDecision, RevokeDecision,
};
use domain::{DateRange, LegalBasis};
use eventlog::command_bus;
use futures::future::join_all;
use register::{CallMeetingRequest, OpenMeetingRequest, RegisterError};
use sqlx::PgPool;
use uuid::Uuid;

use crate::support::fixtures::{code, date};
use crate::support::harness::TestDatabase;
use crate::support::inkopsnamnden::{
    agenda, category, content, decision, held_meeting, inkopsnamnden, reporting,
    with_inkopsnamnden, MANDATE, NAMNDEN, RS_103, SORMLAND_CHAIR, SORMLAND_MEMBER,
    VASTMANLAND_MEMBER, VASTMANLAND_VICE_CHAIR,
};

/// The § numbers the store holds for the body, in order.
async fn stored_paragraphs(pool: &PgPool) -> Vec<(i32, i32)> {
    sqlx::query_as(
        "SELECT (payload -> 'DecisionRecorded' -> 'paragraph' ->> 'year')::integer,
                (payload -> 'DecisionRecorded' -> 'paragraph' ->> 'number')::integer
           FROM events WHERE event_type = 'DecisionRecorded' ORDER BY position",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

async fn decisions_recorded(pool: &PgPool, meeting_id: Uuid) -> Vec<MeetingEvent> {
    let rows: Vec<sqlx::types::Json<MeetingEvent>> = sqlx::query_scalar(
        "SELECT payload::jsonb FROM events
          WHERE aggregate_type = 'Meeting' AND aggregate_id = $1 AND event_type = 'DecisionRecorded'
          ORDER BY sequence",
    )
    .bind(meeting_id.to_string())
    .fetch_all(pool)
    .await
    .unwrap();
    rows.into_iter().map(|row| row.0).collect()
}

#[tokio::test]
async fn paragraphs_run_on_across_meetings_and_restart_each_year() {
    let (db, register) = with_inkopsnamnden().await;
    let may = held_meeting(&register, "2025-05-06", 2).await;
    let june = held_meeting(&register, "2025-06-10", 1).await;
    let next_year = held_meeting(&register, "2026-02-03", 1).await;

    let mut numbered = Vec::new();
    for (meeting_id, item) in [(may, 1), (may, 2), (june, 1), (next_year, 1)] {
        numbered.push(
            register
                .record_decision(meeting_id, decision(item, None))
                .await
                .unwrap(),
        );
    }

    assert_eq!(
        numbered,
        vec![
            Paragraph {
                year: 2025,
                number: 1
            },
            Paragraph {
                year: 2025,
                number: 2
            },
            Paragraph {
                year: 2025,
                number: 3
            },
            Paragraph {
                year: 2026,
                number: 1
            },
        ]
    );
    assert_eq!(
        stored_paragraphs(&db.pool).await,
        vec![(2025, 1), (2025, 2), (2025, 3), (2026, 1)]
    );
    let meeting = register.meeting(june).await.unwrap();
    assert_eq!(
        meeting.citation(3).as_deref(),
        Some("Inköpsnämnden 2025-06-10 § 3")
    );
}

#[tokio::test]
async fn a_named_paragraph_must_be_the_next_one() {
    let (db, register) = with_inkopsnamnden().await;
    let meeting_id = held_meeting(&register, "2025-05-06", 3).await;
    register
        .record_decision(meeting_id, decision(1, Some(1)))
        .await
        .unwrap();

    let duplicate = register
        .record_decision(meeting_id, decision(2, Some(1)))
        .await;
    let gap = register
        .record_decision(meeting_id, decision(2, Some(3)))
        .await;

    assert!(
        matches!(
            duplicate,
            Err(RegisterError::Rule(MeetingError::DuplicateParagraph {
                paragraph: 1,
                next: 2
            }))
        ),
        "{duplicate:?}"
    );
    assert!(
        matches!(
            gap,
            Err(RegisterError::Rule(MeetingError::ParagraphGap {
                paragraph: 3,
                next: 2
            }))
        ),
        "{gap:?}"
    );
    assert_eq!(stored_paragraphs(&db.pool).await, vec![(2025, 1)]);
}

#[tokio::test]
async fn an_earlier_meeting_cannot_number_after_a_later_one() {
    let (_db, register) = with_inkopsnamnden().await;
    let may = held_meeting(&register, "2025-05-06", 1).await;
    let june = held_meeting(&register, "2025-06-10", 1).await;
    register
        .record_decision(june, decision(1, None))
        .await
        .unwrap();

    let refused = register.record_decision(may, decision(1, None)).await;

    assert!(
        matches!(
            refused,
            Err(RegisterError::Rule(MeetingError::ParagraphsOutOfMeetingOrder {
                latest_meeting_on
            })) if latest_meeting_on == date("2025-06-10")
        ),
        "{refused:?}"
    );
}

#[tokio::test]
async fn concurrent_recording_on_the_same_body_keeps_paragraphs_unique_and_gapless() {
    let (db, register) = with_inkopsnamnden().await;
    // Two secretaries, each with a meeting of the same day, and each recording four items at once.
    let first = held_meeting(&register, "2025-05-06", 4).await;
    let second = held_meeting(&register, "2025-05-06", 4).await;

    let recordings = [first, second]
        .into_iter()
        .flat_map(|meeting_id| (1..=4).map(move |item| (meeting_id, item)));
    let results = join_all(recordings.map(|(meeting_id, item)| {
        let register = register.clone();
        tokio::spawn(async move {
            register
                .record_decision(meeting_id, decision(item, None))
                .await
        })
    }))
    .await;

    let numbers: BTreeSet<u32> = results
        .into_iter()
        .map(|joined| joined.unwrap().unwrap().number)
        .collect();
    assert_eq!(numbers, (1..=8).collect::<BTreeSet<u32>>());
    let mut stored = stored_paragraphs(&db.pool).await;
    stored.sort_unstable();
    assert_eq!(
        stored,
        (1..=8).map(|number| (2025, number)).collect::<Vec<_>>()
    );
    for meeting_id in [first, second] {
        assert_eq!(decisions_recorded(&db.pool, meeting_id).await.len(), 4);
    }
}

#[tokio::test]
async fn the_store_refuses_a_second_decision_under_the_same_paragraph() {
    let (db, register) = with_inkopsnamnden().await;
    let first = held_meeting(&register, "2025-05-06", 1).await;
    let second = held_meeting(&register, "2025-05-06", 1).await;
    register
        .record_decision(first, decision(1, None))
        .await
        .unwrap();

    // A writer that bypasses the register's lookup and claims § 1 is still next.
    let bypassing = command_bus::<Meeting>(&eventlog::EventLog::new(db.pool.clone()), ())
        .execute(
            &second.to_string(),
            MeetingCommand::RecordDecision(RecordDecision {
                decision_id: Uuid::new_v4(),
                paragraph: 1,
                item: 1,
                content: content("Nämnden antar tilldelningsbeslutet.", "upphandling"),
                next_paragraph: NextParagraph {
                    number: 1,
                    latest_meeting_on: None,
                },
                mandate: MandateFinding::Outside,
            }),
        )
        .await;

    assert!(
        matches!(bypassing, Err(AggregateError::AggregateConflict)),
        "{bypassing:?}"
    );
    assert_eq!(stored_paragraphs(&db.pool).await, vec![(2025, 1)]);
}

#[tokio::test]
async fn a_decision_outside_the_mandate_is_recorded_and_flagged() {
    let (db, register) = with_inkopsnamnden().await;
    let meeting_id = held_meeting(&register, "2025-05-06", 2).await;
    let mut building = decision(2, None);
    building.content = content(
        "Nämnden tilldelar byggentreprenaden.",
        "upphandling/byggentreprenader",
    );

    register
        .record_decision(meeting_id, decision(1, None))
        .await
        .unwrap();
    register
        .record_decision(meeting_id, building)
        .await
        .unwrap();

    let findings: Vec<MandateFinding> = decisions_recorded(&db.pool, meeting_id)
        .await
        .into_iter()
        .map(|event| match event {
            MeetingEvent::DecisionRecorded(recorded) => recorded.mandate,
            other => panic!("not a decision: {other:?}"),
        })
        .collect();
    assert_eq!(
        findings,
        vec![
            MandateFinding::Within {
                mandate_id: MANDATE
            },
            MandateFinding::Outside
        ]
    );
}

#[tokio::test]
async fn a_meeting_counts_its_quorum_against_the_seat_plan() {
    let (db, register) = with_inkopsnamnden().await;
    let meeting_id = held_meeting(&register, "2025-05-06", 1).await;

    let recorded = register
        .record_decision(meeting_id, decision(1, None))
        .await
        .unwrap();

    assert_eq!(
        recorded,
        Paragraph {
            year: 2025,
            number: 1
        }
    );
    let events = decisions_recorded(&db.pool, meeting_id).await;
    let [MeetingEvent::DecisionRecorded(recorded)] = events.as_slice() else {
        panic!("one decision expected: {events:?}");
    };
    assert_eq!(recorded.quorum.member_seats, 4);
    assert_eq!(recorded.quorum.required, 3);
    assert_eq!(
        recorded.quorum.taking_part,
        vec![
            SORMLAND_CHAIR,
            SORMLAND_MEMBER,
            VASTMANLAND_VICE_CHAIR,
            VASTMANLAND_MEMBER
        ]
    );
}

#[tokio::test]
async fn meetings_need_a_body_that_exists_and_a_seat_plan() {
    let db = TestDatabase::new().await;
    let register = crate::support::fixtures::register(&db.pool);
    let call = |body_id, on: &str| CallMeetingRequest {
        body_id,
        date: date(on),
        place: "Regionhuset".into(),
        agenda: agenda(1),
    };

    let unknown = register
        .call_meeting(Uuid::new_v4(), call(NAMNDEN, "2025-05-06"))
        .await;
    inkopsnamnden(&register).await;
    let before = register
        .call_meeting(Uuid::new_v4(), call(NAMNDEN, "2018-12-31"))
        .await;
    // The body exists in 2019, but no seat plan was adopted for 2019–2022.
    let without_plan = Uuid::new_v4();
    register
        .call_meeting(without_plan, call(NAMNDEN, "2020-03-03"))
        .await
        .unwrap();
    let unopened = register
        .open_meeting(
            without_plan,
            OpenMeetingRequest {
                presiding: SORMLAND_CHAIR,
                roll: Vec::new(),
            },
        )
        .await;
    let no_meeting = Uuid::new_v4();
    let missing = register
        .record_decision(no_meeting, decision(1, None))
        .await;

    assert!(
        matches!(unknown, Err(RegisterError::UnknownBody { body_id }) if body_id == NAMNDEN),
        "{unknown:?}"
    );
    assert!(
        matches!(before, Err(RegisterError::BodyNotInExistence { body_id, date: on }) if body_id == NAMNDEN && on == date("2018-12-31")),
        "{before:?}"
    );
    assert!(
        matches!(unopened, Err(RegisterError::NoSeatPlan { body_id, period }) if body_id == NAMNDEN && period.first_year() == 2019),
        "{unopened:?}"
    );
    assert!(
        matches!(missing, Err(RegisterError::UnknownMeeting { meeting_id }) if meeting_id == no_meeting),
        "{missing:?}"
    );
}

#[tokio::test]
async fn a_basis_may_cite_only_decisions_the_register_holds() {
    let (db, register) = with_inkopsnamnden().await;
    let meeting_id = held_meeting(&register, "2025-05-06", 2).await;
    let paragraph_decision = decision(1, None);
    let cited_paragraph = paragraph_decision.decision_id;
    register
        .record_decision(meeting_id, paragraph_decision)
        .await
        .unwrap();
    let delegated = Uuid::new_v4();
    let mut report = decision(2, None);
    report.content = reporting(delegated);
    register.record_decision(meeting_id, report).await.unwrap();
    register
        .record_external_decision(RecordExternalDecision {
            decision_id: RS_103,
            details: ExternalDecisionDetails {
                issuer: "RS".into(),
                issuer_party: Some(code("19")),
                decided_on: date("2025-05-06"),
                paragraph: Some("§103".into()),
                registry_number: Some("RS 2025/103".into()),
                subject: "Uppdrag att utreda den gemensamma nämndens framtid".into(),
            },
        })
        .await
        .unwrap();
    let grant = |basis| {
        MandateCommand::Grant(GrantMandate {
            holder: MandateHolder::Body { body_id: NAMNDEN },
            category: category("upphandling/utredning"),
            scope: "Utreda samverkansformen".into(),
            exclusions: Vec::new(),
            valid: DateRange {
                from: date("2025-06-01"),
                to: None,
            },
            basis,
        })
    };

    let unknown_decision = Uuid::new_v4();
    let refused = register
        .execute::<Mandate>(
            &Uuid::new_v4().to_string(),
            grant(LegalBasis::Decision {
                decision_id: unknown_decision,
            }),
        )
        .await;
    for cited in [cited_paragraph, delegated, RS_103] {
        register
            .execute::<Mandate>(
                &Uuid::new_v4().to_string(),
                grant(LegalBasis::Decision { decision_id: cited }),
            )
            .await
            .unwrap();
    }

    assert!(
        matches!(
            &refused,
            Err(RegisterError::UnknownDecision { field, decision_id })
                if field == "basis.decision_id" && *decision_id == unknown_decision
        ),
        "{refused:?}"
    );
    let mandates: i64 =
        sqlx::query_scalar("SELECT count(*) FROM events WHERE event_type = 'MandateGranted'")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    assert_eq!(mandates, 4, "the refused grant wrote nothing");
}

#[tokio::test]
async fn a_revocation_cites_a_recorded_decision() {
    let (_db, register) = with_inkopsnamnden().await;
    let may = held_meeting(&register, "2025-05-06", 1).await;
    let june = held_meeting(&register, "2025-06-10", 1).await;
    register
        .record_decision(may, decision(1, None))
        .await
        .unwrap();
    let revoking = decision(1, None);
    let revoking_id = revoking.decision_id;
    let revoke = |decision_id| {
        MeetingCommand::RevokeDecision(RevokeDecision {
            paragraph: 1,
            revoked_on: date("2025-06-10"),
            basis: LegalBasis::Decision { decision_id },
        })
    };

    let before_it_exists = register
        .execute::<Meeting>(&may.to_string(), revoke(revoking_id))
        .await;
    register.record_decision(june, revoking).await.unwrap();
    register
        .execute::<Meeting>(&may.to_string(), revoke(revoking_id))
        .await
        .unwrap();
    let twice = register
        .execute::<Meeting>(&may.to_string(), revoke(revoking_id))
        .await;

    assert!(
        matches!(&before_it_exists, Err(RegisterError::UnknownDecision { field, decision_id }) if field == "basis.decision_id" && *decision_id == revoking_id),
        "{before_it_exists:?}"
    );
    assert!(
        matches!(
            twice,
            Err(RegisterError::Rule(MeetingError::AlreadyRevoked {
                paragraph: 1,
                revoked_on
            })) if revoked_on == date("2025-06-10")
        ),
        "{twice:?}"
    );
}

#[tokio::test]
async fn a_decision_id_is_used_once_across_the_register() {
    let (_db, register) = with_inkopsnamnden().await;
    let first = held_meeting(&register, "2025-05-06", 1).await;
    let second = held_meeting(&register, "2025-05-06", 1).await;
    let recorded = decision(1, None);
    let decision_id = recorded.decision_id;
    register.record_decision(first, recorded).await.unwrap();

    let mut again = decision(1, None);
    again.decision_id = decision_id;
    let refused = register.record_decision(second, again).await;

    assert!(
        matches!(refused, Err(RegisterError::DecisionIdTaken { decision_id: taken }) if taken == decision_id),
        "{refused:?}"
    );
}

#[tokio::test]
async fn a_delegated_decision_is_reported_once_across_meetings() {
    let (db, register) = with_inkopsnamnden().await;
    let may = held_meeting(&register, "2025-05-06", 1).await;
    let june = held_meeting(&register, "2025-06-10", 1).await;
    let delegated = Uuid::new_v4();
    let report = || {
        let mut request = decision(1, None);
        request.content = reporting(delegated);
        request
    };
    register.record_decision(may, report()).await.unwrap();

    let again = register.record_decision(june, report()).await;

    assert!(
        matches!(again, Err(RegisterError::DecisionIdTaken { decision_id }) if decision_id == delegated),
        "{again:?}"
    );
    assert_eq!(stored_paragraphs(&db.pool).await, vec![(2025, 1)]);
}

#[tokio::test]
async fn twenty_secretaries_recording_distinct_items_of_one_meeting_all_get_the_next_paragraph() {
    let (db, register) = with_inkopsnamnden().await;
    let meeting_id = held_meeting(&register, "2025-05-06", 20).await;

    // Twenty clients of one process, as twenty secretaries' requests reach one server: they take
    // turns on the meeting instead of racing for its next version, so none is refused.
    let results = join_all((1..=20).map(|item| {
        let register = register.clone();
        tokio::spawn(async move {
            register
                .record_decision(meeting_id, decision(item, None))
                .await
        })
    }))
    .await;

    let numbers: BTreeSet<u32> = results
        .into_iter()
        .map(|joined| joined.unwrap().unwrap().number)
        .collect();
    assert_eq!(numbers, (1..=20).collect::<BTreeSet<u32>>());
    assert_eq!(
        stored_paragraphs(&db.pool).await,
        (1..=20).map(|number| (2025, number)).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn a_meeting_kept_between_decisions_learns_what_another_process_recorded() {
    let (db, register) = with_inkopsnamnden().await;
    let meeting_id = held_meeting(&register, "2025-05-06", 3).await;
    register
        .record_decision(meeting_id, decision(1, None))
        .await
        .unwrap();

    // Another process, with a log of its own, records item 2 after this one kept the meeting.
    let other_process = crate::support::fixtures::register(&db.pool);
    other_process
        .record_decision(meeting_id, decision(2, None))
        .await
        .unwrap();

    let again = register
        .record_decision(meeting_id, decision(2, None))
        .await;
    assert!(matches!(
        again,
        Err(RegisterError::Rule(MeetingError::ItemAlreadyDecided {
            item: 2,
            paragraph: 2
        }))
    ));
    let third = register
        .record_decision(meeting_id, decision(3, None))
        .await
        .unwrap();
    assert_eq!(
        third,
        Paragraph {
            year: 2025,
            number: 3
        }
    );
    assert_eq!(decisions_recorded(&db.pool, meeting_id).await.len(), 3);
}
