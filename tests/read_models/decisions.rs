//! The decisions read model against a real store: a body's § register on any day, as known at
//! any position, with its approval, posting and appeal period, corrections and revocations, and
//! its search.
//!
//! The committee is seed 004's Inköpsnämnden, set up as in the § register suite.

use domain::body_term::Seat;
use domain::meeting::{
    AgendaItem, ApproveMinutes, ChooseAdjusters, DecisionContent, MandateFinding, MeetingCommand,
    MinutesScope, Paragraph, PublishMinutes, Quorum, RecordNoticeRemoved, RevokeDecision,
    RollEntry,
};
use domain::LegalBasis;
use eventlog::Position;
use projections::decisions::{
    register_of_body, Approval, DecisionEntry, DecisionFilter, DecisionRegister, DecisionStatus,
    NamedPerson, Publication,
};
use projections::{KnownAt, Outcome, ReadAt, ReadModel};
use register::{CallMeetingRequest, OpenMeetingRequest, RecordDecisionRequest, Register};
use sqlx::PgPool;
use uuid::Uuid;

use crate::support::fixtures::{code, date, project};

// The committee is the § register suite's Inköpsnämnden, with its members and mandate.
use crate::support::inkopsnamnden::{
    category, meeting_command, with_inkopsnamnden, MANDATE, NAMNDEN, SORMLAND_CHAIR as CHAIR,
    SORMLAND_MEMBER, VASTMANLAND_MEMBER, VASTMANLAND_VICE_CHAIR as VICE_CHAIR,
};

const SCHOOL_MEALS: &str = "Nämnden antar tilldelningsbeslutet för skolmåltider.";
const CALL_OFFS: &str = "Nämnden godkänner avropen från ramavtalen.";

/// The meeting of 6 May 2025, held with every member present, with two items: school meals
/// (INK 2025/103) and call-offs from framework agreements (INK 2025/77).
async fn may_meeting(register: &Register) -> Uuid {
    let meeting_id = Uuid::new_v4();
    register
        .call_meeting(
            meeting_id,
            CallMeetingRequest {
                body_id: NAMNDEN,
                date: date("2025-05-06"),
                place: "Regionhuset, Nyköping".into(),
                agenda: vec![
                    AgendaItem {
                        number: 1,
                        title: "Upphandling av skolmåltider".into(),
                        registry_number: Some("INK 2025/103".into()),
                        public: true,
                    },
                    AgendaItem {
                        number: 2,
                        title: "Avrop från ramavtal för kontorsmaterial".into(),
                        registry_number: Some("INK 2025/77".into()),
                        public: true,
                    },
                ],
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
    meeting_id
}

fn content(text: &str) -> DecisionContent {
    DecisionContent {
        text: text.into(),
        proposals: Vec::new(),
        vote: None,
        recusals: Vec::new(),
        reservations: Vec::new(),
        statements: Vec::new(),
        mandate_category: category("upphandling/ramavtal"),
        delegated_decisions: Vec::new(),
    }
}

/// Records the next § on `item` and returns its decision id and the position written.
async fn record(
    register: &Register,
    pool: &PgPool,
    meeting_id: Uuid,
    item: u16,
    text: &str,
) -> (Uuid, i64) {
    let decision_id = Uuid::new_v4();
    register
        .record_decision(
            meeting_id,
            RecordDecisionRequest {
                decision_id,
                paragraph: None,
                item,
                content: content(text),
            },
        )
        .await
        .unwrap();
    (decision_id, head(pool).await)
}

/// The position of the last event in the log. The suites run one command at a time, so it is
/// the position of the command just executed.
async fn head(pool: &PgPool) -> i64 {
    sqlx::query_scalar("SELECT position FROM event_log_head")
        .fetch_one(pool)
        .await
        .unwrap()
}

/// The § as first recorded at the May meeting, with nothing after it.
#[allow(clippy::too_many_arguments)]
fn entry(
    decision_id: Uuid,
    meeting_id: Uuid,
    number: u32,
    item: u16,
    item_title: &str,
    registry_number: &str,
    text: &str,
    recorded_at_position: i64,
) -> DecisionEntry {
    DecisionEntry {
        decision_id,
        meeting_id,
        paragraph: Paragraph { year: 2025, number },
        meeting_on: date("2025-05-06"),
        item,
        item_title: item_title.into(),
        registry_number: Some(registry_number.into()),
        text: text.into(),
        proposals: Vec::new(),
        vote: None,
        reservations: Vec::new(),
        statements: Vec::new(),
        recusals: Vec::new(),
        // Everyone took part, named from the roll of the meeting, by name.
        people: vec![
            member(CHAIR, "Anna Ek", "04"),
            member(SORMLAND_MEMBER, "Bo Lind", "04"),
            member(VICE_CHAIR, "Cecilia Berg", "19"),
            member(VASTMANLAND_MEMBER, "David Holm", "19"),
        ],
        mandate_category: category("upphandling/ramavtal"),
        adopted_proposal: None,
        quorum: Quorum {
            member_seats: 4,
            taking_part: vec![CHAIR, SORMLAND_MEMBER, VICE_CHAIR, VASTMANLAND_MEMBER],
            required: 3,
        },
        mandate: MandateFinding::Within {
            mandate_id: MANDATE,
        },
        correction_reason: None,
        approval: None,
        publication: None,
        status: DecisionStatus::Recorded,
        recorded_at_position,
    }
}

fn member(person_id: Uuid, name: &str, party: &str) -> NamedPerson {
    NamedPerson {
        person_id,
        name: Some(name.into()),
        party: Some(code(party)),
        seat: Some(Seat::Member),
    }
}

fn school_meals(decision_id: Uuid, meeting_id: Uuid, recorded_at_position: i64) -> DecisionEntry {
    entry(
        decision_id,
        meeting_id,
        1,
        1,
        "Upphandling av skolmåltider",
        "INK 2025/103",
        SCHOOL_MEALS,
        recorded_at_position,
    )
}

fn call_offs(decision_id: Uuid, meeting_id: Uuid, recorded_at_position: i64) -> DecisionEntry {
    entry(
        decision_id,
        meeting_id,
        2,
        2,
        "Avrop från ramavtal för kontorsmaterial",
        "INK 2025/77",
        CALL_OFFS,
        recorded_at_position,
    )
}

async fn register_on(pool: &PgPool, read_at: ReadAt, filter: DecisionFilter) -> DecisionRegister {
    register_of_body(pool, NAMNDEN, read_at, filter)
        .await
        .unwrap()
}

fn known_at(position: i64) -> KnownAt {
    KnownAt::Position(Position::from_stored(position).unwrap())
}

/// Replays the log into a fresh read model and compares it with the live one.
async fn assert_no_drift(pool: &PgPool) {
    let report = projections::rebuild(pool, ReadModel::Decisions, Outcome::Check, &mut |_| {})
        .await
        .unwrap();
    assert_eq!(report.drift, Vec::new());
}

#[tokio::test]
async fn approval_posting_and_appeal_period_show_from_their_own_dates() {
    let (db, register) = with_inkopsnamnden().await;
    let meeting_id = may_meeting(&register).await;
    let (meals, _) = record(&register, &db.pool, meeting_id, 1, SCHOOL_MEALS).await;
    let (offs, _) = record(&register, &db.pool, meeting_id, 2, CALL_OFFS).await;
    meeting_command(
        &register,
        meeting_id,
        MeetingCommand::ChooseAdjusters(ChooseAdjusters {
            adjusters: vec![VICE_CHAIR],
        }),
    )
    .await;
    let approve = |scope, approved_on| {
        MeetingCommand::ApproveMinutes(ApproveMinutes {
            scope,
            approved_on: date(approved_on),
            approved_by: vec![CHAIR, VICE_CHAIR],
        })
    };
    let publish = |scope, posted_on| {
        MeetingCommand::PublishMinutes(PublishMinutes {
            scope,
            posted_on: date(posted_on),
        })
    };
    // § 2 is approved at the meeting itself and posted the next day; the rest of the minutes
    // are approved a week later and posted the day after, within the two days the law allows.
    let immediately = MinutesScope::Paragraph { number: 2 };
    meeting_command(&register, meeting_id, approve(immediately, "2025-05-06")).await;
    meeting_command(&register, meeting_id, publish(immediately, "2025-05-07")).await;
    meeting_command(
        &register,
        meeting_id,
        approve(MinutesScope::Whole, "2025-05-12"),
    )
    .await;
    let whole_posted = meeting_command(
        &register,
        meeting_id,
        publish(MinutesScope::Whole, "2025-05-13"),
    )
    .await;
    let removed = meeting_command(
        &register,
        meeting_id,
        MeetingCommand::RecordNoticeRemoved(RecordNoticeRemoved {
            scope: immediately,
            removed_on: date("2025-06-02"),
        }),
    )
    .await;
    project(&db.pool).await;

    let on = |day| register_on(&db.pool, ReadAt::on(date(day)), DecisionFilter::default());
    let before = on("2025-05-05").await;
    let meeting_day = on("2025-05-06").await;
    let posted = on("2025-05-13").await;
    let taken_down = on("2025-06-02").await;

    assert_eq!(
        before,
        DecisionRegister {
            as_of: date("2025-05-05"),
            known_at: u64::try_from(removed).unwrap(),
            body_id: NAMNDEN,
            decisions: Vec::new(),
        }
    );
    let immediate_approval = Some(Approval {
        approved_on: date("2025-05-06"),
        immediately: true,
    });
    assert_eq!(
        meeting_day.decisions,
        vec![
            school_meals(meals, meeting_id, whole_posted),
            DecisionEntry {
                approval: immediate_approval,
                ..call_offs(offs, meeting_id, removed)
            },
        ]
    );
    let offs_publication = Publication {
        posted_on: date("2025-05-07"),
        appeal_last_day: date("2025-05-28"),
        days_late: None,
        notice_removed_on: None,
    };
    let meals_posted = DecisionEntry {
        approval: Some(Approval {
            approved_on: date("2025-05-12"),
            immediately: false,
        }),
        publication: Some(Publication {
            posted_on: date("2025-05-13"),
            appeal_last_day: date("2025-06-03"),
            days_late: None,
            notice_removed_on: None,
        }),
        ..school_meals(meals, meeting_id, whole_posted)
    };
    assert_eq!(
        posted.decisions,
        vec![
            meals_posted.clone(),
            DecisionEntry {
                approval: immediate_approval,
                publication: Some(offs_publication),
                ..call_offs(offs, meeting_id, removed)
            },
        ]
    );
    assert_eq!(
        taken_down.decisions,
        vec![
            meals_posted,
            DecisionEntry {
                approval: immediate_approval,
                publication: Some(Publication {
                    notice_removed_on: Some(date("2025-06-02")),
                    ..offs_publication
                }),
                ..call_offs(offs, meeting_id, removed)
            },
        ]
    );
    assert_no_drift(&db.pool).await;
}

#[tokio::test]
async fn a_correction_shows_from_its_position_and_a_revocation_from_its_date() {
    let (db, register) = with_inkopsnamnden().await;
    let meeting_id = may_meeting(&register).await;
    let (meals, recorded) = record(&register, &db.pool, meeting_id, 1, SCHOOL_MEALS).await;
    let corrected_text = "Nämnden antar tilldelningsbeslutet för skolmåltider i båda regionerna.";
    let corrected = register
        .correct_decision(
            meeting_id,
            1,
            content(corrected_text),
            "Regionerna föll bort vid utskriften.".into(),
        )
        .await
        .unwrap()
        .as_stored();
    let court = LegalBasis::ExternalDecision {
        issuer: "Förvaltningsrätten i Linköping".into(),
        decided_on: date("2025-06-10"),
        reference: Some("mål nr 1234-25".into()),
        registry_number: None,
    };
    let revoked = meeting_command(
        &register,
        meeting_id,
        MeetingCommand::RevokeDecision(RevokeDecision {
            paragraph: 1,
            revoked_on: date("2025-06-10"),
            basis: court.clone(),
        }),
    )
    .await;
    project(&db.pool).await;

    let at = |day, position| {
        register_on(
            &db.pool,
            ReadAt::on(date(day)).known_at(known_at(position)),
            DecisionFilter::default(),
        )
    };
    let as_recorded = at("2025-06-10", recorded).await;
    let as_corrected = at("2025-06-10", corrected).await;
    let before_revocation = at("2025-06-09", revoked).await;
    let after_revocation = at("2025-06-10", revoked).await;

    assert_eq!(
        as_recorded,
        DecisionRegister {
            as_of: date("2025-06-10"),
            known_at: u64::try_from(recorded).unwrap(),
            body_id: NAMNDEN,
            decisions: vec![school_meals(meals, meeting_id, recorded)],
        }
    );
    let corrected_entry = DecisionEntry {
        text: corrected_text.into(),
        correction_reason: Some("Regionerna föll bort vid utskriften.".into()),
        status: DecisionStatus::Corrected,
        ..school_meals(meals, meeting_id, corrected)
    };
    assert_eq!(as_corrected.decisions, vec![corrected_entry.clone()]);
    assert_eq!(
        before_revocation.decisions,
        vec![DecisionEntry {
            recorded_at_position: revoked,
            ..corrected_entry.clone()
        }]
    );
    assert_eq!(
        after_revocation.decisions,
        vec![DecisionEntry {
            status: DecisionStatus::Revoked {
                revoked_on: date("2025-06-10"),
                basis: court,
            },
            recorded_at_position: revoked,
            ..corrected_entry
        }]
    );
    assert_no_drift(&db.pool).await;
}

#[tokio::test]
async fn the_register_is_searched_by_swedish_word_forms_and_by_registry_number() {
    let (db, register) = with_inkopsnamnden().await;
    let meeting_id = may_meeting(&register).await;
    let (meals, meals_recorded) = record(&register, &db.pool, meeting_id, 1, SCHOOL_MEALS).await;
    let (offs, offs_recorded) = record(&register, &db.pool, meeting_id, 2, CALL_OFFS).await;
    project(&db.pool).await;

    let pool = &db.pool;
    let search = |text: Option<&str>, registry_number: Option<&str>| {
        let filter = DecisionFilter {
            text: text.map(str::to_owned),
            registry_number: registry_number.map(str::to_owned),
        };
        async move {
            register_on(pool, ReadAt::on(date("2025-05-06")), filter)
                .await
                .decisions
        }
    };
    // "skolmåltid" is the singular of the "skolmåltider" the text says; "avropen" is the
    // definite plural of the "avrop" the title says.
    let singular = search(Some("skolmåltid"), None).await;
    let definite = search(Some("avropen"), None).await;
    let either = search(Some("skolmåltid or avropen"), None).await;
    let by_number = search(None, Some("INK 2025/77")).await;
    let both = search(Some("skolmåltid"), Some("INK 2025/77")).await;
    let blank = search(Some("  "), None).await;

    let meals = school_meals(meals, meeting_id, meals_recorded);
    let offs = call_offs(offs, meeting_id, offs_recorded);
    assert_eq!(singular, vec![meals.clone()]);
    assert_eq!(definite, vec![offs.clone()]);
    assert_eq!(either, vec![meals.clone(), offs.clone()]);
    assert_eq!(by_number, vec![offs.clone()]);
    assert_eq!(both, Vec::new());
    assert_eq!(blank, vec![meals, offs]);
}
