//! The compliance report against a real store: each decision of a period in the lists an
//! auditor checks, judged on a day (`as_of`) as the register knew it at a position (`known_at`).
//!
//! The committee is the § register suite's Inköpsnämnden (four member seats, three make a
//! quorum) with three meetings in 2025, recorded through the register:
//! - 1 April, § 1: approved and posted on time; the period of May leaves it out.
//! - 6 May, § 2 (school meals), § 3 (a building contract, outside the mandate, revoked by a court
//!   on 10 June) and § 4 (approved at the meeting itself and never posted). The rest of the
//!   minutes are approved on Monday 12 May and posted on Friday 16 May, two days late; the appeal
//!   period ends on Friday 6 June, nationaldagen, so it runs to Monday 9 June.
//! - 17 June, § 5: its minutes are never approved.

use domain::meeting::{
    AddAgendaItem, AgendaItem, ApproveMinutes, ChooseAdjusters, DecisionContent, DecisionRecorded,
    MandateFinding, Meeting, MeetingCommand, MeetingEvent, MinutesScope, Paragraph, PublishMinutes,
    Quorum, RevokeDecision, RollEntry,
};
use domain::LegalBasis;
use eventlog::Position;
use projections::decisions::{
    compliance_report, CompliancePeriod, ComplianceReport, DecisionReference, NotPublished,
    NotYetApproved, OutsideMandate, PublishedLate, QuorumInconsistency, WithinAppealPeriod,
    WithoutQuorum,
};
use projections::{KnownAt, ReadAt};
use register::{CallMeetingRequest, OpenMeetingRequest, RecordDecisionRequest, Register};
use sqlx::PgPool;
use uuid::Uuid;

use crate::support::fixtures::{date, project};
use crate::support::harness::TestDatabase;
use crate::support::inkopsnamnden::{
    category, with_inkopsnamnden, NAMNDEN, SORMLAND_CHAIR as CHAIR, SORMLAND_MEMBER,
    VASTMANLAND_MEMBER, VASTMANLAND_VICE_CHAIR as VICE_CHAIR,
};

pub(crate) const APRIL_MEETING: Uuid = Uuid::from_u128(0x8100);
pub(crate) const MAY_MEETING: Uuid = Uuid::from_u128(0x8200);
pub(crate) const JUNE_MEETING: Uuid = Uuid::from_u128(0x8300);
pub(crate) const APRIL_CALL_OFFS: Uuid = Uuid::from_u128(0x8101);
pub(crate) const SCHOOL_MEALS: Uuid = Uuid::from_u128(0x8201);
pub(crate) const BUILDING: Uuid = Uuid::from_u128(0x8202);
pub(crate) const FURNITURE: Uuid = Uuid::from_u128(0x8203);
pub(crate) const JUNE_CALL_OFFS: Uuid = Uuid::from_u128(0x8301);

/// The positions of the events the tests read the register as known before.
pub(crate) struct Recorded {
    /// The posting of the May minutes (§§ 2 and 3).
    pub may_posted: Position,
}

fn content(text: &str, mandate_category: &str) -> DecisionContent {
    DecisionContent {
        text: text.into(),
        proposals: Vec::new(),
        vote: None,
        recusals: Vec::new(),
        reservations: Vec::new(),
        statements: Vec::new(),
        mandate_category: category(mandate_category),
        delegated_decisions: Vec::new(),
    }
}

async fn meeting_command(
    register: &Register,
    meeting_id: Uuid,
    command: MeetingCommand,
) -> Position {
    register
        .execute::<Meeting>(&meeting_id.to_string(), command)
        .await
        .unwrap()
}

/// Calls and opens a meeting on `on` with every member present, and records one § per item,
/// each as (decision id, title, mandate category).
async fn meeting(register: &Register, meeting_id: Uuid, on: &str, items: &[(Uuid, &str, &str)]) {
    let agenda = (1..)
        .zip(items)
        .map(|(number, (_, title, _))| AgendaItem {
            number,
            title: (*title).into(),
            registry_number: Some(format!("INK 2025/{number}")),
            public: true,
        })
        .collect();
    register
        .call_meeting(
            meeting_id,
            CallMeetingRequest {
                body_id: NAMNDEN,
                date: date(on),
                place: "Regionhuset, Nyköping".into(),
                agenda,
            },
        )
        .await
        .unwrap();
    register
        .open_meeting(
            meeting_id,
            OpenMeetingRequest {
                presiding: CHAIR,
                roll: [CHAIR, SORMLAND_MEMBER, VICE_CHAIR, VASTMANLAND_MEMBER]
                    .into_iter()
                    .map(|person_id| RollEntry {
                        person_id,
                        serving_for: None,
                    })
                    .collect(),
            },
        )
        .await
        .unwrap();
    for (item, (decision_id, title, mandate_category)) in (1..).zip(items) {
        register
            .record_decision(
                meeting_id,
                RecordDecisionRequest {
                    decision_id: *decision_id,
                    paragraph: None,
                    item,
                    content: content(&format!("Nämnden beslutar: {title}."), mandate_category),
                },
            )
            .await
            .unwrap();
    }
    meeting_command(
        register,
        meeting_id,
        MeetingCommand::ChooseAdjusters(ChooseAdjusters {
            adjusters: vec![VICE_CHAIR],
        }),
    )
    .await;
}

async fn approve(register: &Register, meeting_id: Uuid, scope: MinutesScope, on: &str) {
    meeting_command(
        register,
        meeting_id,
        MeetingCommand::ApproveMinutes(ApproveMinutes {
            scope,
            approved_on: date(on),
            approved_by: vec![CHAIR, VICE_CHAIR],
        }),
    )
    .await;
}

async fn publish(register: &Register, meeting_id: Uuid, scope: MinutesScope, on: &str) -> Position {
    meeting_command(
        register,
        meeting_id,
        MeetingCommand::PublishMinutes(PublishMinutes {
            scope,
            posted_on: date(on),
        }),
    )
    .await
}

/// Records the three meetings of the module's story through the register.
pub(crate) async fn record_the_story(register: &Register) -> Recorded {
    meeting(
        register,
        APRIL_MEETING,
        "2025-04-01",
        &[(
            APRIL_CALL_OFFS,
            "Avrop från ramavtal",
            "upphandling/ramavtal",
        )],
    )
    .await;
    approve(register, APRIL_MEETING, MinutesScope::Whole, "2025-04-03").await;
    publish(register, APRIL_MEETING, MinutesScope::Whole, "2025-04-04").await;

    meeting(
        register,
        MAY_MEETING,
        "2025-05-06",
        &[
            (
                SCHOOL_MEALS,
                "Upphandling av skolmåltider",
                "upphandling/ramavtal",
            ),
            (
                BUILDING,
                "Byggentreprenad för regionens förråd",
                "upphandling/byggentreprenader",
            ),
            (FURNITURE, "Avrop av möbler", "upphandling/ramavtal"),
        ],
    )
    .await;
    let furniture = MinutesScope::Paragraph { number: 4 };
    approve(register, MAY_MEETING, furniture, "2025-05-06").await;
    approve(register, MAY_MEETING, MinutesScope::Whole, "2025-05-12").await;
    let may_posted = publish(register, MAY_MEETING, MinutesScope::Whole, "2025-05-16").await;
    meeting_command(
        register,
        MAY_MEETING,
        MeetingCommand::RevokeDecision(RevokeDecision {
            paragraph: 3,
            revoked_on: date("2025-06-10"),
            basis: LegalBasis::ExternalDecision {
                issuer: "Förvaltningsrätten i Linköping".into(),
                decided_on: date("2025-06-10"),
                reference: Some("mål nr 1234-25".into()),
                registry_number: None,
            },
        }),
    )
    .await;

    meeting(
        register,
        JUNE_MEETING,
        "2025-06-17",
        &[(
            JUNE_CALL_OFFS,
            "Avrop från ramavtal",
            "upphandling/ramavtal",
        )],
    )
    .await;
    Recorded { may_posted }
}

/// A fresh database holding Inköpsnämnden and the story, with every read model caught up.
async fn with_the_story() -> (TestDatabase, Register, Recorded) {
    let (db, register) = with_inkopsnamnden().await;
    let recorded = record_the_story(&register).await;
    project(&db.pool).await;
    (db, register, recorded)
}

fn period(from: &str, to: &str) -> CompliancePeriod {
    CompliancePeriod::new(date(from), date(to)).unwrap()
}

fn may() -> CompliancePeriod {
    period("2025-05-01", "2025-05-31")
}

async fn report(pool: &PgPool, period: CompliancePeriod, read_at: ReadAt) -> ComplianceReport {
    compliance_report(pool, NAMNDEN, period, read_at)
        .await
        .unwrap()
}

async fn head(pool: &PgPool) -> u64 {
    let head: i64 = sqlx::query_scalar("SELECT position FROM event_log_head")
        .fetch_one(pool)
        .await
        .unwrap();
    u64::try_from(head).unwrap()
}

fn reference(
    decision_id: Uuid,
    meeting_id: Uuid,
    number: u32,
    meeting_on: &str,
    item: u16,
    item_title: &str,
) -> DecisionReference {
    DecisionReference {
        decision_id,
        meeting_id,
        paragraph: Paragraph { year: 2025, number },
        meeting_on: date(meeting_on),
        item,
        item_title: item_title.into(),
        registry_number: Some(format!("INK 2025/{item}")),
        revoked_on: None,
    }
}

fn school_meals() -> DecisionReference {
    reference(
        SCHOOL_MEALS,
        MAY_MEETING,
        2,
        "2025-05-06",
        1,
        "Upphandling av skolmåltider",
    )
}

fn building() -> DecisionReference {
    reference(
        BUILDING,
        MAY_MEETING,
        3,
        "2025-05-06",
        2,
        "Byggentreprenad för regionens förråd",
    )
}

fn furniture() -> DecisionReference {
    reference(
        FURNITURE,
        MAY_MEETING,
        4,
        "2025-05-06",
        3,
        "Avrop av möbler",
    )
}

fn posted_late(decision: DecisionReference) -> PublishedLate {
    PublishedLate {
        decision,
        approved_on: date("2025-05-12"),
        approved_immediately: false,
        last_day_to_post: date("2025-05-14"),
        posted_on: date("2025-05-16"),
        days_late: 2,
    }
}

fn open_to_appeal(decision: DecisionReference, days_until_last_day: u32) -> WithinAppealPeriod {
    WithinAppealPeriod {
        decision,
        posted_on: date("2025-05-16"),
        appeal_last_day: date("2025-06-09"),
        days_until_last_day,
    }
}

fn furniture_not_posted(days_overdue: u32) -> NotPublished {
    NotPublished {
        decision: furniture(),
        approved_on: date("2025-05-06"),
        approved_immediately: true,
        last_day_to_post: date("2025-05-08"),
        days_overdue,
    }
}

fn outside_mandate(decision: DecisionReference) -> OutsideMandate {
    OutsideMandate {
        decision,
        mandate_category: category("upphandling/byggentreprenader"),
    }
}

#[tokio::test]
async fn each_decision_of_the_period_is_in_the_lists_it_belongs_to() {
    let (db, _register, _) = with_the_story().await;

    let answer = report(&db.pool, may(), ReadAt::on(date("2025-05-20"))).await;

    assert_eq!(
        answer,
        ComplianceReport {
            body_id: NAMNDEN,
            period: may(),
            as_of: date("2025-05-20"),
            known_at: head(&db.pool).await,
            outside_mandate: vec![outside_mandate(building())],
            without_quorum: Vec::new(),
            published_late: vec![posted_late(school_meals()), posted_late(building())],
            not_published: vec![furniture_not_posted(12)],
            not_yet_approved: Vec::new(),
            within_appeal_period: vec![
                open_to_appeal(school_meals(), 20),
                open_to_appeal(building(), 20),
            ],
        }
    );
}

#[tokio::test]
async fn the_period_takes_the_meetings_held_on_its_days_and_by_as_of() {
    let (db, _register, _) = with_the_story().await;
    let half_year = period("2025-04-01", "2025-06-30");

    let before_june_meeting = report(&db.pool, half_year, ReadAt::on(date("2025-06-16"))).await;
    let after_june_meeting = report(&db.pool, half_year, ReadAt::on(date("2025-06-20"))).await;
    let april_only = report(
        &db.pool,
        period("2025-04-01", "2025-04-01"),
        ReadAt::on(date("2025-04-10")),
    )
    .await;

    // The April § was posted on time and its appeal period has closed by June, so it is in no
    // list; the June meeting counts only from its own day.
    assert_eq!(before_june_meeting.not_yet_approved, Vec::new());
    assert_eq!(
        after_june_meeting.not_yet_approved,
        vec![NotYetApproved {
            decision: reference(
                JUNE_CALL_OFFS,
                JUNE_MEETING,
                5,
                "2025-06-17",
                1,
                "Avrop från ramavtal",
            ),
            days_since_meeting: 3,
        }]
    );
    assert_eq!(
        after_june_meeting.not_published,
        vec![furniture_not_posted(43)]
    );
    assert_eq!(
        april_only.within_appeal_period,
        vec![WithinAppealPeriod {
            decision: reference(
                APRIL_CALL_OFFS,
                APRIL_MEETING,
                1,
                "2025-04-01",
                1,
                "Avrop från ramavtal",
            ),
            posted_on: date("2025-04-04"),
            appeal_last_day: date("2025-04-25"),
            days_until_last_day: 15,
        }]
    );
    assert_eq!(
        (
            april_only.outside_mandate,
            april_only.published_late,
            april_only.not_published,
            april_only.not_yet_approved,
        ),
        (Vec::new(), Vec::new(), Vec::new(), Vec::new())
    );
}

#[tokio::test]
async fn the_appeal_period_and_the_revocation_count_from_their_own_days() {
    let (db, _register, _) = with_the_story().await;

    let last_day = report(&db.pool, may(), ReadAt::on(date("2025-06-09"))).await;
    let after = report(&db.pool, may(), ReadAt::on(date("2025-06-10"))).await;
    let before_last_day_to_post = report(&db.pool, may(), ReadAt::on(date("2025-05-13"))).await;

    assert_eq!(
        last_day.within_appeal_period,
        vec![
            open_to_appeal(school_meals(), 0),
            open_to_appeal(building(), 0),
        ]
    );
    let revoked = DecisionReference {
        revoked_on: Some(date("2025-06-10")),
        ..building()
    };
    assert_eq!(
        after,
        ComplianceReport {
            body_id: NAMNDEN,
            period: may(),
            as_of: date("2025-06-10"),
            known_at: head(&db.pool).await,
            outside_mandate: vec![outside_mandate(revoked.clone())],
            without_quorum: Vec::new(),
            published_late: vec![posted_late(school_meals()), posted_late(revoked)],
            not_published: vec![furniture_not_posted(33)],
            not_yet_approved: Vec::new(),
            within_appeal_period: Vec::new(),
        }
    );
    // On 13 May the whole minutes had been approved the day before and could still be posted
    // on time, so they are in none of the publication lists.
    assert_eq!(
        (
            before_last_day_to_post.published_late,
            before_last_day_to_post.not_published,
            before_last_day_to_post.not_yet_approved,
            before_last_day_to_post.within_appeal_period,
        ),
        (
            Vec::new(),
            vec![furniture_not_posted(5)],
            Vec::new(),
            Vec::new()
        )
    );
}

#[tokio::test]
async fn as_known_before_the_posting_was_recorded_the_minutes_are_unpublished() {
    let (db, _register, recorded) = with_the_story().await;
    let before_posting = Position::new(recorded.may_posted.get() - 1).unwrap();

    let answer = report(
        &db.pool,
        may(),
        ReadAt::on(date("2025-05-20")).known_at(KnownAt::Position(before_posting)),
    )
    .await;

    let unposted = |decision| NotPublished {
        decision,
        approved_on: date("2025-05-12"),
        approved_immediately: false,
        last_day_to_post: date("2025-05-14"),
        days_overdue: 6,
    };
    assert_eq!(
        answer,
        ComplianceReport {
            body_id: NAMNDEN,
            period: may(),
            as_of: date("2025-05-20"),
            known_at: before_posting.get(),
            outside_mandate: vec![outside_mandate(building())],
            without_quorum: Vec::new(),
            published_late: Vec::new(),
            not_published: vec![
                unposted(school_meals()),
                unposted(building()),
                furniture_not_posted(12),
            ],
            not_yet_approved: Vec::new(),
            within_appeal_period: Vec::new(),
        }
    );
}

/// Appends to the June meeting's stream a § whose stored quorum figures do not hold up, through
/// the log's own trigger like any other event: the register would refuse to record it, so only
/// a record written some other way (an import, an older version) can hold one.
async fn append_decision_with_quorum(pool: &PgPool, decision_id: Uuid, quorum: Quorum) {
    let stream = JUNE_MEETING.to_string();
    let (sequence, metadata): (i64, serde_json::Value) = sqlx::query_as(
        "SELECT sequence, metadata::jsonb FROM events WHERE aggregate_id = $1
          ORDER BY sequence DESC LIMIT 1",
    )
    .bind(&stream)
    .fetch_one(pool)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version,
                             payload, metadata)
         VALUES ('Meeting', $1, $2, 'DecisionRecorded', '1', $3, $4)",
    )
    .bind(&stream)
    .bind(sequence + 1)
    .bind(
        serde_json::to_value(MeetingEvent::DecisionRecorded(DecisionRecorded {
            decision_id,
            body_id: NAMNDEN,
            meeting_on: date("2025-06-17"),
            paragraph: Paragraph {
                year: 2025,
                number: 6,
            },
            item: 2,
            content: content(
                "Nämnden beslutar om kontorsmaterial.",
                "upphandling/ramavtal",
            ),
            quorum,
            adopted_proposal: None,
            mandate: MandateFinding::Within {
                mandate_id: crate::support::inkopsnamnden::MANDATE,
            },
        }))
        .unwrap(),
    )
    .bind(metadata)
    .execute(pool)
    .await
    .unwrap();
}

#[tokio::test]
async fn stored_quorum_figures_that_do_not_hold_up_are_listed_with_every_failure() {
    let (db, register) = with_inkopsnamnden().await;
    record_the_story(&register).await;
    meeting_command(
        &register,
        JUNE_MEETING,
        MeetingCommand::AddAgendaItem(AddAgendaItem {
            item: AgendaItem {
                number: 2,
                title: "Kontorsmaterial".into(),
                registry_number: Some("INK 2025/2".into()),
                public: true,
            },
        }),
    )
    .await;
    let forged = Uuid::from_u128(0x8302);
    // Two of four seats, one of them counted twice, against a requirement of two.
    append_decision_with_quorum(
        &db.pool,
        forged,
        Quorum {
            member_seats: 4,
            taking_part: vec![CHAIR, CHAIR, VICE_CHAIR],
            required: 2,
        },
    )
    .await;
    project(&db.pool).await;

    let answer = report(
        &db.pool,
        period("2025-06-01", "2025-06-30"),
        ReadAt::on(date("2025-06-20")),
    )
    .await;

    assert_eq!(
        answer.without_quorum,
        vec![WithoutQuorum {
            decision: reference(forged, JUNE_MEETING, 6, "2025-06-17", 2, "Kontorsmaterial"),
            member_seats: 4,
            taking_part: 2,
            required: 2,
            majority_of_seats: 3,
            inconsistencies: vec![
                QuorumInconsistency::TakingPartNotAMajority,
                QuorumInconsistency::RequiredIsNotTheMajority,
                QuorumInconsistency::ParticipantListedTwice { person_id: CHAIR },
            ],
        }]
    );
}
