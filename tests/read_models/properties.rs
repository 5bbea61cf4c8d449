//! Properties of the membership read model over random sequences of commands, against a real
//! store:
//!
//! - following the log incrementally, in batches cut at random points, gives the same tables as
//!   a rebuild from position 0;
//! - the answer for any `as_of` date and `known_at` position equals a reference: the domain's own
//!   `BodyTerm` aggregate, replaying only the events at or before that position.
//!
//! Commands the domain refuses (a full seat, an end before a start) are part of the random input
//! and simply write nothing, so every sequence that reaches the log is a valid one.

use chrono::{Duration, NaiveDate};
use cqrs_es::Aggregate;
use domain::body::{Body, BodyCommand, BodyKind, EstablishBody};
use domain::body_term::{
    AdoptSeatPlan, Appoint, Appointment, BodyTerm, BodyTermCommand, BodyTermEvent,
    CorrectAppointment, EndMembership, EndReason, Person, Role, Seat, SeatAllocation,
};
use domain::MandatePeriod;
use eventlog::{Position, RecordedEvent};
use projections::membership::membership;
use projections::{rebuild, KnownAt, Outcome, ProjectionRunner, ReadAt, ReadModel};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use register::Register;
use uuid::Uuid;

use crate::support::fixtures::{basis, code, date, read_all};
use crate::support::harness::TestDatabase;

const BODY: Uuid = Uuid::from_u128(0x7001);
const PARTIES: [&str; 2] = ["04", "19"];
const ROLES: [Role; 4] = [Role::Chair, Role::Member, Role::Member, Role::Deputy];

/// One step of a random history.
#[derive(Debug, Clone)]
enum Step {
    Appoint {
        person: u8,
        role: usize,
        party: usize,
        from_day: i64,
    },
    End {
        membership: usize,
        last_day: i64,
    },
    Correct {
        membership: usize,
        role: usize,
        from_day: i64,
    },
    /// The runner catches up here, so that batches end at random places.
    Project,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0..6_u8, 0..ROLES.len(), 0..PARTIES.len(), 0..1461_i64).prop_map(
            |(person, role, party, from_day)| Step::Appoint { person, role, party, from_day }
        ),
        2 => (0..8_usize, 0..1461_i64)
            .prop_map(|(membership, last_day)| Step::End { membership, last_day }),
        2 => (0..8_usize, 0..ROLES.len(), 0..1461_i64).prop_map(
            |(membership, role, from_day)| Step::Correct { membership, role, from_day }
        ),
        1 => Just(Step::Project),
    ]
}

/// A history and the (as_of day, known_at fraction of the log) pairs to ask about.
fn history() -> impl Strategy<Value = (Vec<Step>, Vec<(i64, u32)>)> {
    (
        prop::collection::vec(step(), 1..24),
        prop::collection::vec((-30..1491_i64, 0..=100_u32), 6),
    )
}

fn first_day() -> NaiveDate {
    date("2023-01-01")
}

fn day(offset: i64) -> NaiveDate {
    first_day() + Duration::days(offset)
}

fn person(number: u8) -> Person {
    Person {
        id: Uuid::from_u128(0x7100 + u128::from(number)),
        name: format!("Ledamot {number}"),
    }
}

async fn record(register: &Register, steps: &[Step]) {
    let period = MandatePeriod::beginning(2023).unwrap();
    let term = BodyTerm::stream_id(BODY, period);
    let parties: Vec<_> = PARTIES.iter().map(|party| code(party)).collect();
    register
        .execute::<Body>(
            &BODY.to_string(),
            BodyCommand::Establish(EstablishBody {
                cooperation_id: Uuid::from_u128(0x7000),
                cooperation_established_on: date("2019-01-01"),
                kind: BodyKind::Committee,
                name: "Inköpsnämnden".into(),
                established_on: date("2019-01-01"),
                basis: basis(),
            }),
        )
        .await
        .unwrap();
    register
        .execute::<BodyTerm>(
            &term,
            BodyTermCommand::AdoptSeatPlan(AdoptSeatPlan {
                body_id: BODY,
                period,
                seats: parties
                    .iter()
                    .map(|party| SeatAllocation {
                        party: party.clone(),
                        members: 2,
                        deputies: 1,
                    })
                    .collect(),
                is_joint_committee: true,
                cooperation_parties: parties.clone(),
                basis: basis(),
            }),
        )
        .await
        .unwrap();
    let runner = ProjectionRunner::new(register_pool(register));
    runner.prepare().await.unwrap();
    let mut memberships: Vec<Uuid> = Vec::new();
    for step in steps {
        let command = match step {
            Step::Appoint {
                person: number,
                role,
                party,
                from_day,
            } => {
                let membership_id = Uuid::from_u128(0x7200 + memberships.len() as u128);
                memberships.push(membership_id);
                BodyTermCommand::Appoint(Appoint {
                    membership_id,
                    appointment: Appointment {
                        person: person(*number),
                        role: ROLES[*role],
                        party: parties[*party].clone(),
                        serves_from: day(*from_day),
                        serves_to: None,
                    },
                    replaces: None,
                    cooperation_parties: parties.clone(),
                    basis: basis(),
                })
            }
            Step::End {
                membership,
                last_day,
            } => match memberships.get(*membership) {
                Some(membership_id) => BodyTermCommand::EndMembership(EndMembership {
                    membership_id: *membership_id,
                    last_day: day(*last_day),
                    reason: EndReason::Resigned,
                    basis: basis(),
                }),
                None => continue,
            },
            Step::Correct {
                membership,
                role,
                from_day,
            } => match memberships.get(*membership) {
                Some(membership_id) => BodyTermCommand::CorrectAppointment(CorrectAppointment {
                    membership_id: *membership_id,
                    corrected: Appointment {
                        person: person(u8::try_from(*membership % 6).unwrap()),
                        role: ROLES[*role],
                        party: parties[*membership % 2].clone(),
                        serves_from: day(*from_day),
                        serves_to: None,
                    },
                    reason: "Rättelse".into(),
                    cooperation_parties: parties.clone(),
                    basis: basis(),
                }),
                None => continue,
            },
            Step::Project => {
                runner.catch_up(ReadModel::Membership).await.unwrap();
                continue;
            }
        };
        // A refusal is a rule doing its job; the history goes on without that command.
        let _ = register.execute::<BodyTerm>(&term, command).await;
    }
    runner.catch_up(ReadModel::Membership).await.unwrap();
}

fn register_pool(register: &Register) -> sqlx::PgPool {
    register.pool().clone()
}

/// Who holds a seat, as sorted tuples; a person holding two seats appears twice.
type Seated = Vec<(Uuid, String, String, &'static str)>;

fn seat_name(seat: Seat) -> &'static str {
    match seat {
        Seat::Member => "member",
        Seat::Deputy => "deputy",
    }
}

fn sorted(mut seated: Seated) -> Seated {
    seated.sort();
    seated
}

/// The reference: the domain's aggregate, fed the body term's events up to `known_at`.
fn reference(log: &[RecordedEvent], as_of: NaiveDate, known_at: Position) -> Seated {
    let mut term = BodyTerm::default();
    for event in log {
        if event.position > known_at || event.aggregate_type != BodyTerm::TYPE {
            continue;
        }
        let event: BodyTermEvent = serde_json::from_str(&event.payload).unwrap();
        term.apply(event);
    }
    sorted(
        term.seated_on(as_of)
            .into_iter()
            .map(|holder| {
                (
                    holder.person.id,
                    holder.person.name,
                    holder.party.as_str().to_owned(),
                    seat_name(holder.seat),
                )
            })
            .collect(),
    )
}

async fn projected(pool: &sqlx::PgPool, as_of: NaiveDate, known_at: Position) -> Seated {
    let members = membership(
        pool,
        BODY,
        ReadAt::on(as_of).known_at(KnownAt::Position(known_at)),
    )
    .await
    .unwrap()
    .members;
    sorted(
        members
            .into_iter()
            .map(|member| {
                (
                    member.person_id,
                    member.name,
                    member.party,
                    seat_name(member.seat),
                )
            })
            .collect(),
    )
}

async fn property(steps: Vec<Step>, questions: Vec<(i64, u32)>) -> Result<(), TestCaseError> {
    let db = TestDatabase::new().await;
    let register = crate::support::fixtures::register(&db.pool);
    record(&register, &steps).await;

    let report = rebuild(&db.pool, ReadModel::Membership, Outcome::Check, &mut |_| {})
        .await
        .unwrap();
    prop_assert_eq!(
        report.drift,
        Vec::new(),
        "incremental differs from a rebuild"
    );

    let head = report.position.get();
    let log = read_all(&db.pool).await;
    for (as_of_day, fraction) in questions {
        let known_at = Position::new(head * u64::from(fraction) / 100).unwrap();
        let as_of = day(as_of_day);
        prop_assert_eq!(
            projected(&db.pool, as_of, known_at).await,
            reference(&log, as_of, known_at),
            "as_of {} known_at {}",
            as_of,
            known_at
        );
    }
    Ok(())
}

#[test]
fn membership_follows_the_log_like_a_rebuild_and_like_the_domain() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mut runner = TestRunner::new(Config {
        cases: 24,
        ..Config::default()
    });
    runner
        .run(&history(), |(steps, questions)| {
            runtime.block_on(property(steps, questions))
        })
        .unwrap();
}
