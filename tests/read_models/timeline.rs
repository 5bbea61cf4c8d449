//! The timeline read model against a real store: a cooperation's events in order of their
//! effective day, as of a day, as known at a position, paged, kept apart from another
//! cooperation's, and the same after a rebuild from the log.
//!
//! The cooperation is seed 004's joint procurement committee (Region Sörmland as host, Region
//! Västmanland); its members and mandates are illustrative.

use chrono::{DateTime, Utc};
use domain::body::{Body, BodyCommand, BodyKind, CorrectBodyEstablishment, EstablishBody};
use domain::body_term::{
    AdoptSeatPlan, Appoint, Appointment, BodyTerm, BodyTermCommand, Person, Role, SeatAllocation,
};
use domain::cooperation::{
    Cooperation, CooperationCommand, CooperationForm, DecideDissolution, EstablishCooperation,
};
use domain::mandate::{Category, EndMandate, GrantMandate, Mandate, MandateCommand, MandateHolder};
use domain::{DateRange, LegalBasis, MandatePeriod};
use eventlog::Position;
use projections::timeline::{timeline, Timeline, TimelineEntry, TimelinePage};
use projections::{KnownAt, Outcome, ReadAt, ReadModel};
use register::Register;
use sqlx::PgPool;
use uuid::Uuid;

use crate::support::fixtures::{code, date, project};
use crate::support::harness::TestDatabase;

const COOPERATION: Uuid = Uuid::from_u128(0x7000);
const NAMNDEN: Uuid = Uuid::from_u128(0x7001);
const MANDATE: Uuid = Uuid::from_u128(0x7002);
const PARTY_MANDATE: Uuid = Uuid::from_u128(0x7003);
const ANNA: Uuid = Uuid::from_u128(0x7101);
const MEMBERSHIP: Uuid = Uuid::from_u128(0x7201);
const OTHER_COOPERATION: Uuid = Uuid::from_u128(0x7300);
const OTHER_BODY: Uuid = Uuid::from_u128(0x7301);

fn basis() -> LegalBasis {
    LegalBasis::ExternalDecision {
        issuer: "Regionfullmäktige Sörmland".into(),
        decided_on: date("2018-06-19"),
        reference: Some("§ 88".into()),
        registry_number: None,
    }
}

fn dissolution_basis() -> LegalBasis {
    LegalBasis::ExternalDecision {
        issuer: "Regionfullmäktige Västmanland".into(),
        decided_on: date("2024-05-02"),
        reference: Some("§ 41".into()),
        registry_number: Some("RV 2024/12".into()),
    }
}

fn category(text: &str) -> Category {
    Category::parse(text).unwrap()
}

fn establish(name: &str, established_on: &str) -> CooperationCommand {
    CooperationCommand::Establish(EstablishCooperation {
        name: name.into(),
        form: CooperationForm::JointCommittee,
        host: code("04"),
        parties: vec![code("04"), code("19")],
        established_on: date(established_on),
        predecessor: None,
        bases: basis().into(),
    })
}

fn establish_body(cooperation_id: Uuid, name: &str, established_on: &str) -> EstablishBody {
    EstablishBody {
        cooperation_id,
        cooperation_established_on: date(established_on),
        kind: BodyKind::Committee,
        name: name.into(),
        established_on: date(established_on),
        basis: basis(),
    }
}

fn grant(holder: MandateHolder) -> MandateCommand {
    MandateCommand::Grant(GrantMandate {
        holder,
        category: category("upphandling"),
        scope: "Upphandlingar för båda regionerna".into(),
        exclusions: vec![category("upphandling/byggentreprenader")],
        valid: DateRange {
            from: date("2019-01-01"),
            to: None,
        },
        basis: basis(),
    })
}

/// The positions the commands of the scenario wrote, by name.
#[derive(Debug)]
struct Written {
    established: Position,
    body: Position,
    seat_plan: Position,
    appointed: Position,
    mandate: Position,
    other_cooperation: Position,
    other_body: Position,
    dissolution: Position,
}

/// The committee's cooperation with its body, seat plan, one appointment and a mandate; a
/// mandate held by a party; a second cooperation with a body; then the first one's dissolution.
async fn scenario(register: &Register) -> Written {
    let established = register
        .execute::<Cooperation>(
            &COOPERATION.to_string(),
            establish("Gemensam nämnd för upphandling", "2019-01-01"),
        )
        .await
        .unwrap();
    let body = register
        .execute::<Body>(
            &NAMNDEN.to_string(),
            BodyCommand::Establish(establish_body(COOPERATION, "Inköpsnämnden", "2019-01-01")),
        )
        .await
        .unwrap();
    let period = MandatePeriod::beginning(2023).unwrap();
    let term = BodyTerm::stream_id(NAMNDEN, period);
    let seat_plan = register
        .execute::<BodyTerm>(
            &term,
            BodyTermCommand::AdoptSeatPlan(AdoptSeatPlan {
                body_id: NAMNDEN,
                period,
                seats: vec![
                    SeatAllocation {
                        party: code("04"),
                        members: 2,
                        deputies: 1,
                    },
                    SeatAllocation {
                        party: code("19"),
                        members: 2,
                        deputies: 1,
                    },
                ],
                is_joint_committee: true,
                cooperation_parties: vec![code("04"), code("19")],
                basis: basis(),
            }),
        )
        .await
        .unwrap();
    let appointed = register
        .execute::<BodyTerm>(
            &term,
            BodyTermCommand::Appoint(Appoint {
                membership_id: MEMBERSHIP,
                appointment: Appointment {
                    person: Person {
                        id: ANNA,
                        name: "Anna Ek".into(),
                    },
                    role: Role::Chair,
                    party: code("04"),
                    serves_from: date("2023-03-01"),
                    serves_to: None,
                },
                replaces: None,
                cooperation_parties: vec![code("04"), code("19")],
                basis: basis(),
            }),
        )
        .await
        .unwrap();
    let mandate = register
        .execute::<Mandate>(
            &MANDATE.to_string(),
            grant(MandateHolder::Body { body_id: NAMNDEN }),
        )
        .await
        .unwrap();
    register
        .execute::<Mandate>(
            &PARTY_MANDATE.to_string(),
            grant(MandateHolder::Party { party: code("04") }),
        )
        .await
        .unwrap();
    let other_cooperation = register
        .execute::<Cooperation>(
            &OTHER_COOPERATION.to_string(),
            establish("Samordningsgrupp för hjälpmedel", "2020-01-01"),
        )
        .await
        .unwrap();
    let other_body = register
        .execute::<Body>(
            &OTHER_BODY.to_string(),
            BodyCommand::Establish(establish_body(
                OTHER_COOPERATION,
                "Hjälpmedelsnämnden",
                "2020-01-01",
            )),
        )
        .await
        .unwrap();
    let dissolution = register
        .execute::<Cooperation>(
            &COOPERATION.to_string(),
            CooperationCommand::DecideDissolution(DecideDissolution {
                decided_on: date("2024-05-02"),
                effective_on: date("2024-07-01"),
                successor: None,
                bases: dissolution_basis().into(),
            }),
        )
        .await
        .unwrap();
    Written {
        established,
        body,
        seat_plan,
        appointed,
        mandate,
        other_cooperation,
        other_body,
        dissolution,
    }
}

/// When the log recorded the event at `position`: the database sets it, so the test reads it.
async fn recorded_at(pool: &PgPool, position: Position) -> DateTime<Utc> {
    sqlx::query_scalar("SELECT recorded_at FROM events WHERE position = $1")
        .bind(position.as_stored())
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn entry(
    pool: &PgPool,
    position: Position,
    (aggregate_type, stream_id, event_type): (&str, String, &str),
    effective_on: &str,
    basis: LegalBasis,
    summary: &str,
) -> TimelineEntry {
    TimelineEntry {
        position: position.get(),
        recorded_at: recorded_at(pool, position).await,
        aggregate_type: aggregate_type.into(),
        stream_id,
        event_type: event_type.into(),
        effective_on: Some(date(effective_on)),
        basis: Some(basis),
        summary: summary.into(),
    }
}

/// Every entry of the committee's cooperation, in the timeline's order.
async fn committee_entries(pool: &PgPool, written: &Written) -> Vec<TimelineEntry> {
    let term = BodyTerm::stream_id(NAMNDEN, MandatePeriod::beginning(2023).unwrap());
    vec![
        entry(
            pool,
            written.established,
            ("Cooperation", COOPERATION.to_string(), "CooperationEstablished"),
            "2019-01-01",
            basis(),
            "Cooperation established: Gemensam nämnd för upphandling (joint committee, host 04, parties 04, 19)",
        )
        .await,
        entry(
            pool,
            written.body,
            ("Body", NAMNDEN.to_string(), "BodyEstablished"),
            "2019-01-01",
            basis(),
            "Body established: Inköpsnämnden (committee)",
        )
        .await,
        entry(
            pool,
            written.mandate,
            ("Mandate", MANDATE.to_string(), "MandateGranted"),
            "2019-01-01",
            basis(),
            "Mandate granted: upphandling except upphandling/byggentreprenader (Upphandlingar för båda regionerna)",
        )
        .await,
        entry(
            pool,
            written.seat_plan,
            ("BodyTerm", term.clone(), "SeatPlanAdopted"),
            "2023-01-01",
            basis(),
            "Seat plan adopted for 2023–2026: 04 2 members, 1 deputy; 19 2 members, 1 deputy",
        )
        .await,
        entry(
            pool,
            written.appointed,
            ("BodyTerm", term, "MemberAppointed"),
            "2023-03-01",
            basis(),
            "Member appointed: Anna Ek (chair, 04)",
        )
        .await,
        entry(
            pool,
            written.dissolution,
            ("Cooperation", COOPERATION.to_string(), "DissolutionDecided"),
            "2024-07-01",
            dissolution_basis(),
            "Dissolution decided on 2024-05-02, effective 2024-07-01",
        )
        .await,
    ]
}

fn all() -> TimelinePage {
    TimelinePage::first(100)
}

#[tokio::test]
async fn read_model_timeline_lists_a_cooperations_events_by_effective_day() {
    let db = TestDatabase::new().await;
    let register = crate::support::fixtures::register(&db.pool);
    let written = scenario(&register).await;
    project(&db.pool).await;
    let entries = committee_entries(&db.pool, &written).await;
    let head = written.dissolution.get();

    // The latest knowledge, long after every effective day. The mandate held by a party and the
    // second cooperation's events are not listed.
    let latest = timeline(&db.pool, COOPERATION, ReadAt::on(date("2030-01-01")), all())
        .await
        .unwrap();
    assert_eq!(
        latest,
        Timeline {
            cooperation_id: COOPERATION,
            as_of: date("2030-01-01"),
            known_at: head,
            entries: entries.clone(),
            next_page: None,
        }
    );

    // Before the appointment and the dissolution take effect, though both are recorded.
    let before = timeline(&db.pool, COOPERATION, ReadAt::on(date("2023-02-01")), all())
        .await
        .unwrap();
    assert_eq!(before.known_at, head);
    assert_eq!(before.entries, entries[..4].to_vec());

    // As known once the appointment was recorded: neither the mandate nor the dissolution yet.
    let known_at = ReadAt::on(date("2030-01-01")).known_at(KnownAt::Position(written.appointed));
    let middle = timeline(&db.pool, COOPERATION, known_at, all())
        .await
        .unwrap();
    assert_eq!(middle.known_at, written.appointed.get());
    assert_eq!(
        middle.entries,
        vec![
            entries[0].clone(),
            entries[1].clone(),
            entries[3].clone(),
            entries[4].clone()
        ]
    );

    // The second cooperation sees its own two events and nothing of the first.
    let other = timeline(
        &db.pool,
        OTHER_COOPERATION,
        ReadAt::on(date("2030-01-01")),
        all(),
    )
    .await
    .unwrap();
    assert_eq!(
        other.entries,
        vec![
            entry(
                &db.pool,
                written.other_cooperation,
                ("Cooperation", OTHER_COOPERATION.to_string(), "CooperationEstablished"),
                "2020-01-01",
                basis(),
                "Cooperation established: Samordningsgrupp för hjälpmedel (joint committee, host 04, parties 04, 19)",
            )
            .await,
            entry(
                &db.pool,
                written.other_body,
                ("Body", OTHER_BODY.to_string(), "BodyEstablished"),
                "2020-01-01",
                basis(),
                "Body established: Hjälpmedelsnämnden (committee)",
            )
            .await,
        ]
    );

    // Pages of two, each after the last entry of the one before, list every entry once.
    let at_head = ReadAt::on(date("2030-01-01")).known_at(KnownAt::Position(written.dissolution));
    let mut page = Some(TimelinePage::first(2));
    let mut pages = Vec::new();
    while let Some(asked) = page {
        let answer = timeline(&db.pool, COOPERATION, at_head, asked)
            .await
            .unwrap();
        page = answer.next_page;
        pages.push(answer.entries);
    }
    assert_eq!(
        pages,
        vec![
            entries[0..2].to_vec(),
            entries[2..4].to_vec(),
            entries[4..6].to_vec()
        ]
    );
    let unknown = timeline(
        &db.pool,
        COOPERATION,
        at_head,
        TimelinePage {
            after_position: Some(written.other_body),
            limit: 2,
        },
    )
    .await;
    assert!(
        matches!(unknown, Err(projections::QueryError::UnknownPage { position: p, .. }) if p == written.other_body),
        "{unknown:?}"
    );

    // A rebuild from the log gives the same tables.
    let report = projections::rebuild(&db.pool, ReadModel::Timeline, Outcome::Check, &mut |_| {})
        .await
        .unwrap();
    assert_eq!(report.drift, Vec::new());
    assert_eq!(report.position, written.dissolution);
}

/// The summaries of a cooperation's timeline, with their positions, at the latest knowledge.
async fn summaries(pool: &PgPool, cooperation_id: Uuid) -> Vec<(u64, String)> {
    timeline(pool, cooperation_id, ReadAt::on(date("2030-01-01")), all())
        .await
        .unwrap()
        .entries
        .into_iter()
        .map(|entry| (entry.position, entry.summary))
        .collect()
}

#[tokio::test]
async fn read_model_timeline_lists_a_correction_that_moves_a_body_in_both_cooperations() {
    let db = TestDatabase::new().await;
    let register = crate::support::fixtures::register(&db.pool);
    let first = register
        .execute::<Cooperation>(
            &COOPERATION.to_string(),
            establish("Gemensam nämnd för upphandling", "2019-01-01"),
        )
        .await
        .unwrap();
    let second = register
        .execute::<Cooperation>(
            &OTHER_COOPERATION.to_string(),
            establish("Samordningsgrupp för hjälpmedel", "2019-01-01"),
        )
        .await
        .unwrap();
    let body = register
        .execute::<Body>(
            &NAMNDEN.to_string(),
            BodyCommand::Establish(establish_body(COOPERATION, "Inköpsnämnden", "2019-01-01")),
        )
        .await
        .unwrap();
    let mandate = register
        .execute::<Mandate>(
            &MANDATE.to_string(),
            grant(MandateHolder::Body { body_id: NAMNDEN }),
        )
        .await
        .unwrap();
    let establish = establish_body(OTHER_COOPERATION, "Inköpsnämnden", "2019-01-01");
    let moved = register
        .execute::<Body>(
            &NAMNDEN.to_string(),
            BodyCommand::CorrectEstablishment(CorrectBodyEstablishment {
                establish,
                reason: "Nämnden hör till samordningsgruppens samverkan".into(),
            }),
        )
        .await
        .unwrap();
    let ended = register
        .execute::<Mandate>(
            &MANDATE.to_string(),
            MandateCommand::End(EndMandate {
                last_day: date("2024-12-31"),
                basis: basis(),
            }),
        )
        .await
        .unwrap();
    // Every stream here is named by a UUID, so every read model can follow this log.
    project(&db.pool).await;

    let correction =
        "Body establishment corrected: Inköpsnämnden (committee) (Nämnden hör till samordningsgruppens samverkan)";
    let granted = "Mandate granted: upphandling except upphandling/byggentreprenader (Upphandlingar för båda regionerna)";
    // The first cooperation keeps what was listed before the move, and sees the correction.
    assert_eq!(
        summaries(&db.pool, COOPERATION).await,
        vec![
            (first.get(), "Cooperation established: Gemensam nämnd för upphandling (joint committee, host 04, parties 04, 19)".to_owned()),
            (body.get(), "Body established: Inköpsnämnden (committee)".to_owned()),
            (mandate.get(), granted.to_owned()),
            (moved.get(), correction.to_owned()),
        ]
    );
    // The second sees the correction, and the body's mandate from then on.
    assert_eq!(
        summaries(&db.pool, OTHER_COOPERATION).await,
        vec![
            (second.get(), "Cooperation established: Samordningsgrupp för hjälpmedel (joint committee, host 04, parties 04, 19)".to_owned()),
            (moved.get(), correction.to_owned()),
            (ended.get(), "Mandate ended: last day 2024-12-31".to_owned()),
        ]
    );
    let report = projections::rebuild(&db.pool, ReadModel::Timeline, Outcome::Check, &mut |_| {})
        .await
        .unwrap();
    assert_eq!(report.drift, Vec::new());
}
