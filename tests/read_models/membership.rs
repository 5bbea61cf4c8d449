//! The membership read model against a real store: who sat on a body on any day, as the register
//! knew it at any position or moment.
//!
//! The body is an illustrative joint committee of Region Sörmland (04) and Region Västmanland
//! (19) with one member and one deputy seat each.

use chrono::{DateTime, Utc};
use domain::body::{Body, BodyCommand, BodyKind, EstablishBody};
use domain::body_term::{
    AdoptSeatPlan, Appoint, Appointment, BodyTerm, BodyTermCommand, CorrectAppointment,
    EndMembership, EndReason, Person, Role, Seat, SeatAllocation,
};
use domain::cooperation::{Cooperation, CooperationCommand, CooperationForm, EstablishCooperation};
use domain::{LegalBasis, MandatePeriod};
use eventlog::Position;
use projections::membership::{membership, BodyView, Member, Membership, SeatPlanLine};
use projections::{KnownAt, ReadAt};
use uuid::Uuid;

use crate::support::fixtures::{code, date, project};
use crate::support::harness::TestDatabase;
use register::Register;

const COOPERATION: Uuid = Uuid::from_u128(0x5000);
const NAMNDEN: Uuid = Uuid::from_u128(0x5001);
const ANNA: Uuid = Uuid::from_u128(0x5101);
const BO: Uuid = Uuid::from_u128(0x5102);
const CECILIA: Uuid = Uuid::from_u128(0x5103);
const ANNA_MEMBERSHIP: Uuid = Uuid::from_u128(0x5201);
const BO_MEMBERSHIP: Uuid = Uuid::from_u128(0x5202);
const CECILIA_MEMBERSHIP: Uuid = Uuid::from_u128(0x5203);

fn basis(reference: &str) -> LegalBasis {
    LegalBasis::ExternalDecision {
        issuer: "Regionfullmäktige Sörmland".into(),
        decided_on: date("2022-11-15"),
        reference: Some(reference.into()),
        registry_number: None,
    }
}

fn appointment(person: Uuid, name: &str, role: Role, party: &str, from: &str) -> Appointment {
    Appointment {
        person: Person {
            id: person,
            name: name.into(),
        },
        role,
        party: code(party),
        serves_from: date(from),
        serves_to: None,
    }
}

/// The positions at which the scenario's facts were recorded.
#[derive(Debug)]
struct Recorded {
    anna_appointed: Position,
    bo_appointed: Position,
    anna_resigned: Position,
    cecilia_appointed: Position,
    bo_corrected: Position,
}

/// Anna (chair, 04) and Bo (member, 19) from 2023; Anna resigns after 2024-06-30 and Cecilia
/// takes her seat; then Bo's name is corrected.
async fn committee(register: &Register) -> Recorded {
    let parties = vec![code("04"), code("19")];
    register
        .execute::<Cooperation>(
            &COOPERATION.to_string(),
            CooperationCommand::Establish(EstablishCooperation {
                name: "Gemensam nämnd för upphandling".into(),
                form: CooperationForm::JointCommittee,
                host: code("04"),
                parties: parties.clone(),
                established_on: date("2019-01-01"),
                predecessor: None,
                bases: basis("§ 1").into(),
            }),
        )
        .await
        .unwrap();
    register
        .execute::<Body>(
            &NAMNDEN.to_string(),
            BodyCommand::Establish(EstablishBody {
                cooperation_id: COOPERATION,
                cooperation_established_on: date("2019-01-01"),
                kind: BodyKind::Committee,
                name: "Inköpsnämnden".into(),
                established_on: date("2019-01-01"),
                basis: basis("§ 2"),
            }),
        )
        .await
        .unwrap();
    let period = MandatePeriod::beginning(2023).unwrap();
    let term = BodyTerm::stream_id(NAMNDEN, period);
    register
        .execute::<BodyTerm>(
            &term,
            BodyTermCommand::AdoptSeatPlan(AdoptSeatPlan {
                body_id: NAMNDEN,
                period,
                seats: vec![
                    SeatAllocation {
                        party: code("04"),
                        members: 1,
                        deputies: 1,
                    },
                    SeatAllocation {
                        party: code("19"),
                        members: 1,
                        deputies: 1,
                    },
                ],
                is_joint_committee: true,
                cooperation_parties: parties.clone(),
                basis: basis("§ 3"),
            }),
        )
        .await
        .unwrap();
    let appoint = |membership_id, appointment, replaces, reference: &str| {
        BodyTermCommand::Appoint(Appoint {
            membership_id,
            appointment,
            replaces,
            cooperation_parties: parties.clone(),
            basis: basis(reference),
        })
    };
    let anna_appointed = register
        .execute::<BodyTerm>(
            &term,
            appoint(
                ANNA_MEMBERSHIP,
                appointment(ANNA, "Anna Ek", Role::Chair, "04", "2023-01-01"),
                None,
                "§ 4",
            ),
        )
        .await
        .unwrap();
    let bo_appointed = register
        .execute::<BodyTerm>(
            &term,
            appoint(
                BO_MEMBERSHIP,
                appointment(BO, "Bo Lind", Role::Member, "19", "2023-01-01"),
                None,
                "§ 5",
            ),
        )
        .await
        .unwrap();
    let anna_resigned = register
        .execute::<BodyTerm>(
            &term,
            BodyTermCommand::EndMembership(EndMembership {
                membership_id: ANNA_MEMBERSHIP,
                last_day: date("2024-06-30"),
                reason: EndReason::Resigned,
                basis: basis("§ 40"),
            }),
        )
        .await
        .unwrap();
    let cecilia_appointed = register
        .execute::<BodyTerm>(
            &term,
            appoint(
                CECILIA_MEMBERSHIP,
                appointment(CECILIA, "Cecilia Berg", Role::Chair, "04", "2024-07-01"),
                Some(ANNA_MEMBERSHIP),
                "§ 41",
            ),
        )
        .await
        .unwrap();
    let bo_corrected = register
        .execute::<BodyTerm>(
            &term,
            BodyTermCommand::CorrectAppointment(CorrectAppointment {
                membership_id: BO_MEMBERSHIP,
                corrected: appointment(BO, "Bo Lindqvist", Role::Member, "19", "2023-01-01"),
                reason: "The surname was misspelt in the extract from the minutes".into(),
                cooperation_parties: parties,
                basis: basis("§ 5"),
            }),
        )
        .await
        .unwrap();
    Recorded {
        anna_appointed,
        bo_appointed,
        anna_resigned,
        cecilia_appointed,
        bo_corrected,
    }
}

async fn with_committee() -> (TestDatabase, Recorded) {
    let db = TestDatabase::new().await;
    let recorded = committee(&crate::support::fixtures::register(&db.pool)).await;
    project(&db.pool).await;
    (db, recorded)
}

fn body() -> BodyView {
    BodyView {
        body_id: NAMNDEN,
        cooperation_id: COOPERATION,
        kind: BodyKind::Committee,
        name: "Inköpsnämnden".into(),
        established_on: date("2019-01-01"),
        last_day: None,
        basis: basis("§ 2"),
    }
}

fn seat_plan() -> Vec<SeatPlanLine> {
    ["04", "19"]
        .into_iter()
        .map(|party| SeatPlanLine {
            party: party.into(),
            members: 1,
            deputies: 1,
            basis: basis("§ 3"),
        })
        .collect()
}

fn anna(recorded: &Recorded, resigned: bool) -> Member {
    Member {
        membership_id: ANNA_MEMBERSHIP,
        person_id: ANNA,
        name: "Anna Ek".into(),
        party: "04".into(),
        role: Role::Chair,
        seat: Seat::Member,
        serves_from: date("2023-01-01"),
        serves_to: date(if resigned { "2024-06-30" } else { "2026-12-31" }),
        replaces: None,
        basis: basis("§ 4"),
        end_reason: resigned.then_some(EndReason::Resigned),
        correction_reason: None,
        recorded_at_position: stored(if resigned {
            recorded.anna_resigned
        } else {
            recorded.anna_appointed
        }),
    }
}

fn bo(recorded: &Recorded, corrected: bool) -> Member {
    Member {
        membership_id: BO_MEMBERSHIP,
        person_id: BO,
        name: if corrected { "Bo Lindqvist" } else { "Bo Lind" }.into(),
        party: "19".into(),
        role: Role::Member,
        seat: Seat::Member,
        serves_from: date("2023-01-01"),
        serves_to: date("2026-12-31"),
        replaces: None,
        basis: basis("§ 5"),
        end_reason: None,
        correction_reason: corrected
            .then(|| "The surname was misspelt in the extract from the minutes".into()),
        recorded_at_position: stored(if corrected {
            recorded.bo_corrected
        } else {
            recorded.bo_appointed
        }),
    }
}

fn cecilia(recorded: &Recorded) -> Member {
    Member {
        membership_id: CECILIA_MEMBERSHIP,
        person_id: CECILIA,
        name: "Cecilia Berg".into(),
        party: "04".into(),
        role: Role::Chair,
        seat: Seat::Member,
        serves_from: date("2024-07-01"),
        serves_to: date("2026-12-31"),
        replaces: Some(ANNA_MEMBERSHIP),
        basis: basis("§ 41"),
        end_reason: None,
        correction_reason: None,
        recorded_at_position: stored(recorded.cecilia_appointed),
    }
}

fn stored(position: Position) -> i64 {
    i64::try_from(position.get()).unwrap()
}

#[tokio::test]
async fn the_latest_knowledge_shows_who_sat_on_each_day() {
    let (db, recorded) = with_committee().await;

    let before_resignation = membership(&db.pool, NAMNDEN, ReadAt::on(date("2024-06-30")))
        .await
        .unwrap();
    assert_eq!(
        before_resignation,
        Membership {
            as_of: date("2024-06-30"),
            known_at: recorded.bo_corrected.get(),
            body: Some(body()),
            seat_plan: seat_plan(),
            members: vec![anna(&recorded, true), bo(&recorded, true)],
        }
    );

    let after_resignation = membership(&db.pool, NAMNDEN, ReadAt::on(date("2024-07-01")))
        .await
        .unwrap();
    assert_eq!(
        after_resignation.members,
        vec![cecilia(&recorded), bo(&recorded, true)]
    );
}

#[tokio::test]
async fn before_the_mandate_period_the_body_exists_without_seats_or_members() {
    let (db, recorded) = with_committee().await;

    let answer = membership(&db.pool, NAMNDEN, ReadAt::on(date("2022-12-31")))
        .await
        .unwrap();
    assert_eq!(
        answer,
        Membership {
            as_of: date("2022-12-31"),
            known_at: recorded.bo_corrected.get(),
            body: Some(body()),
            seat_plan: Vec::new(),
            members: Vec::new(),
        }
    );

    let before_the_body = membership(&db.pool, NAMNDEN, ReadAt::on(date("2018-12-31")))
        .await
        .unwrap();
    assert_eq!(before_the_body.body, None);
}

#[tokio::test]
async fn an_earlier_known_at_shows_what_the_register_held_then() {
    let (db, recorded) = with_committee().await;

    // Before the resignation was recorded, Anna was to serve the whole period.
    let known_then = membership(
        &db.pool,
        NAMNDEN,
        ReadAt::on(date("2024-06-30")).known_at(KnownAt::Position(recorded.bo_appointed)),
    )
    .await
    .unwrap();
    assert_eq!(known_then.known_at, recorded.bo_appointed.get());
    assert_eq!(
        known_then.members,
        vec![anna(&recorded, false), bo(&recorded, false)]
    );

    // Once the resignation was recorded, but not yet Cecilia's appointment, the chair was empty.
    let after_resignation = membership(
        &db.pool,
        NAMNDEN,
        ReadAt::on(date("2024-07-01")).known_at(KnownAt::Position(recorded.anna_resigned)),
    )
    .await
    .unwrap();
    assert_eq!(after_resignation.members, vec![bo(&recorded, false)]);
}

#[tokio::test]
async fn a_moment_means_every_event_recorded_by_then() {
    let (db, recorded) = with_committee().await;
    let recorded_at: DateTime<Utc> =
        sqlx::query_scalar("SELECT recorded_at FROM events WHERE position = $1")
            .bind(stored(recorded.bo_appointed))
            .fetch_one(&db.pool)
            .await
            .unwrap();

    let by_moment = membership(
        &db.pool,
        NAMNDEN,
        ReadAt::on(date("2024-06-30")).known_at(KnownAt::Recorded(recorded_at)),
    )
    .await
    .unwrap();
    let by_position = membership(
        &db.pool,
        NAMNDEN,
        ReadAt::on(date("2024-06-30")).known_at(KnownAt::Position(recorded.bo_appointed)),
    )
    .await
    .unwrap();
    assert_eq!(by_moment, by_position);

    let before_everything = membership(
        &db.pool,
        NAMNDEN,
        ReadAt::on(date("2024-06-30")).known_at(KnownAt::Recorded(
            DateTime::parse_from_rfc3339("2000-01-01T00:00:00Z")
                .unwrap()
                .with_timezone(&Utc),
        )),
    )
    .await
    .unwrap();
    assert_eq!(
        before_everything,
        Membership {
            as_of: date("2024-06-30"),
            known_at: 0,
            body: None,
            seat_plan: Vec::new(),
            members: Vec::new(),
        }
    );
}
