//! The history read model against a real store: every event that shaped an entity, with its
//! basis, who recorded it and when, its effective day and its corrections, on any day and as
//! the register knew it at any position.
//!
//! The body is an illustrative joint committee of Region Sörmland (04) and Region Västmanland
//! (19), as in seed 004: Bo Lind is appointed for Västmanland, his surname is corrected, and he
//! resigns.

use chrono::NaiveDate;
use domain::body::{Body, BodyCommand, BodyKind, EstablishBody};
use domain::body_term::{
    AdoptSeatPlan, Appoint, Appointment, BodyTerm, BodyTermCommand, CorrectAppointment,
    EndMembership, EndReason, Person, Role, SeatAllocation,
};
use domain::cooperation::{Cooperation, CooperationCommand, CooperationForm, EstablishCooperation};
use domain::{LegalBasis, MandatePeriod, PartyCode};
use eventlog::{Position, RecordedEvent};
use projections::history::{
    history, AmendmentKind, Amends, History, HistoryEntry, HistoryWindow, RecordedBy, Relation,
};
use projections::{rebuild, KnownAt, Outcome, ReadAt, ReadModel};
use register::Register;
use uuid::Uuid;

use crate::support::fixtures::{append_stored, code, date, project, read_all};
use crate::support::harness::TestDatabase;

const COOPERATION: Uuid = Uuid::from_u128(0x8000);
const NAMNDEN: Uuid = Uuid::from_u128(0x8001);
const BO: Uuid = Uuid::from_u128(0x8101);
const BO_MEMBERSHIP: Uuid = Uuid::from_u128(0x8201);

const CORRECTION_REASON: &str = "The surname was misspelt in the extract from the minutes";

fn basis(reference: &str) -> LegalBasis {
    LegalBasis::ExternalDecision {
        issuer: "Regionfullmäktige Västmanland".into(),
        decided_on: date("2022-11-15"),
        reference: Some(reference.into()),
        registry_number: None,
    }
}

fn parties() -> Vec<PartyCode> {
    vec![code("04"), code("19")]
}

fn bo(surname: &str) -> Appointment {
    Appointment {
        person: Person {
            id: BO,
            name: format!("Bo {surname}"),
        },
        role: Role::Member,
        party: code("19"),
        serves_from: date("2023-01-01"),
        serves_to: None,
    }
}

/// The positions at which the scenario's facts were recorded.
struct Recorded {
    db: TestDatabase,
    log: Vec<RecordedEvent>,
    cooperation_established: Position,
    body_established: Position,
    seat_plan_adopted: Position,
    bo_appointed: Position,
    bo_corrected: Position,
    bo_resigned: Position,
}

impl Recorded {
    /// The event the log holds at `position`, for the record time the log gave it.
    fn event(&self, position: Position) -> &RecordedEvent {
        self.log
            .iter()
            .find(|event| event.position == position)
            .unwrap()
    }
}

async fn execute<A>(register: &Register, stream: &str, command: A::Command) -> Position
where
    A: cqrs_es::Aggregate<Services = ()> + 'static,
    A::Command: domain::CitesBasis,
    A::Error: std::fmt::Debug,
{
    register.execute::<A>(stream, command).await.unwrap()
}

async fn recorded() -> Recorded {
    let db = TestDatabase::new().await;
    let register = crate::support::fixtures::register(&db.pool);
    let cooperation_established = execute::<Cooperation>(
        &register,
        &COOPERATION.to_string(),
        CooperationCommand::Establish(EstablishCooperation {
            name: "Gemensam nämnd för upphandling".into(),
            form: CooperationForm::JointCommittee,
            host: code("04"),
            parties: parties(),
            established_on: date("2019-01-01"),
            predecessor: None,
            bases: basis("§ 1").into(),
        }),
    )
    .await;
    let body_established = execute::<Body>(
        &register,
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
    .await;
    let period = MandatePeriod::beginning(2023).unwrap();
    let term = BodyTerm::stream_id(NAMNDEN, period);
    let seat_plan_adopted = execute::<BodyTerm>(
        &register,
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
            cooperation_parties: parties(),
            basis: basis("§ 3"),
        }),
    )
    .await;
    let bo_appointed = execute::<BodyTerm>(
        &register,
        &term,
        BodyTermCommand::Appoint(Appoint {
            membership_id: BO_MEMBERSHIP,
            appointment: bo("Lind"),
            replaces: None,
            cooperation_parties: parties(),
            basis: basis("§ 5"),
        }),
    )
    .await;
    let bo_corrected = execute::<BodyTerm>(
        &register,
        &term,
        BodyTermCommand::CorrectAppointment(CorrectAppointment {
            membership_id: BO_MEMBERSHIP,
            corrected: bo("Lindqvist"),
            reason: CORRECTION_REASON.into(),
            cooperation_parties: parties(),
            basis: basis("§ 5"),
        }),
    )
    .await;
    let bo_resigned = execute::<BodyTerm>(
        &register,
        &term,
        BodyTermCommand::EndMembership(EndMembership {
            membership_id: BO_MEMBERSHIP,
            last_day: date("2024-06-30"),
            reason: EndReason::Resigned,
            basis: basis("§ 40"),
        }),
    )
    .await;
    project(&db.pool).await;
    let log = read_all(&db.pool).await;
    Recorded {
        db,
        log,
        cooperation_established,
        body_established,
        seat_plan_adopted,
        bo_appointed,
        bo_corrected,
        bo_resigned,
    }
}

fn term_id() -> String {
    format!("{NAMNDEN}:2023")
}

fn operator() -> Option<RecordedBy> {
    Some(RecordedBy {
        actor_id: "operator:tests".into(),
        name: Some("tests".into()),
        role: Some("operator".into()),
        request_id: None,
    })
}

/// The entry every event of Bo's membership leaves in its history, as its payload names it.
fn membership_entry(
    recorded: &Recorded,
    position: Position,
    event_type: &str,
    effective_on: &str,
    reference: &str,
    summary: &str,
) -> HistoryEntry {
    let event = recorded.event(position);
    HistoryEntry {
        position: position.get(),
        recorded_at: event.recorded_at,
        aggregate_type: "BodyTerm".into(),
        stream_id: term_id(),
        sequence: u64::try_from(event.sequence).unwrap(),
        event_type: event_type.into(),
        event_version: "1".into(),
        relation: Relation::Payload,
        field: Some("membership_id".into()),
        effective_on: Some(date(effective_on)),
        basis: Some(basis(reference)),
        summary: summary.into(),
        recorded_by: operator(),
        amends: None,
        corrected_by: None,
        revoked_by: None,
    }
}

async fn read(
    recorded: &Recorded,
    entity: &str,
    as_of: &str,
    known_at: KnownAt,
) -> Option<History> {
    history(
        &recorded.db.pool,
        entity,
        ReadAt::on(date(as_of)).known_at(known_at),
        HistoryWindow {
            offset: 0,
            limit: 100,
        },
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn a_membership_shows_its_appointment_correction_and_end_with_the_correction_linked() {
    let recorded = recorded().await;
    let appointed = membership_entry(
        &recorded,
        recorded.bo_appointed,
        "MemberAppointed",
        "2023-01-01",
        "§ 5",
        "Member appointed: Bo Lind (member, 19)",
    );
    let corrected = HistoryEntry {
        amends: Some(Amends {
            kind: AmendmentKind::Correction,
            record: format!("appointment:{BO_MEMBERSHIP}"),
            reason: Some(CORRECTION_REASON.into()),
        }),
        ..membership_entry(
            &recorded,
            recorded.bo_corrected,
            "AppointmentCorrected",
            "2023-01-01",
            "§ 5",
            &format!("Appointment corrected: Bo Lindqvist (member, 19) ({CORRECTION_REASON})"),
        )
    };
    let resigned = membership_entry(
        &recorded,
        recorded.bo_resigned,
        "MembershipEnded",
        "2024-06-30",
        "§ 40",
        "Membership ended (resigned): last day 2024-06-30",
    );

    let now = read(
        &recorded,
        &BO_MEMBERSHIP.to_string(),
        "2025-01-01",
        KnownAt::Latest,
    )
    .await;
    assert_eq!(
        now,
        Some(History {
            entity: BO_MEMBERSHIP.to_string(),
            as_of: date("2025-01-01"),
            known_at: recorded.bo_resigned.get(),
            entries: vec![
                HistoryEntry {
                    corrected_by: Some(recorded.bo_corrected.get()),
                    ..appointed.clone()
                },
                corrected.clone(),
                resigned,
            ],
            more: false,
        })
    );

    // As of a day before Bo resigned, his resignation has not taken effect.
    let before_resigning = read(
        &recorded,
        &BO_MEMBERSHIP.to_string(),
        "2024-06-29",
        KnownAt::Latest,
    )
    .await
    .unwrap();
    assert_eq!(
        before_resigning.entries,
        vec![
            HistoryEntry {
                corrected_by: Some(recorded.bo_corrected.get()),
                ..appointed.clone()
            },
            corrected,
        ]
    );

    // As known before the correction, the appointment stands as first recorded.
    let before_correction = Position::new(recorded.bo_corrected.get() - 1).unwrap();
    let as_then_known = read(
        &recorded,
        &BO_MEMBERSHIP.to_string(),
        "2025-01-01",
        KnownAt::Position(before_correction),
    )
    .await
    .unwrap();
    assert_eq!(as_then_known.known_at, before_correction.get());
    assert_eq!(as_then_known.entries, vec![appointed]);
}

/// An entry's position, event type, relation, field and effective day.
type Outline = (u64, String, Relation, Option<String>, Option<NaiveDate>);

/// The outline of each entry.
fn outline(history: &History) -> Vec<Outline> {
    history
        .entries
        .iter()
        .map(|entry| {
            (
                entry.position,
                entry.event_type.clone(),
                entry.relation,
                entry.field.clone(),
                entry.effective_on,
            )
        })
        .collect()
}

#[tokio::test]
async fn a_body_s_history_holds_its_own_events_and_those_of_its_mandate_periods() {
    let recorded = recorded().await;
    let body = read(
        &recorded,
        &NAMNDEN.to_string(),
        "2025-01-01",
        KnownAt::Latest,
    )
    .await
    .unwrap();
    let prefix = |position: Position, event_type: &str, day: &str| {
        (
            position.get(),
            event_type.to_owned(),
            Relation::StreamPrefix,
            None,
            Some(date(day)),
        )
    };
    assert_eq!(
        outline(&body),
        vec![
            (
                recorded.body_established.get(),
                "BodyEstablished".to_owned(),
                Relation::Stream,
                None,
                Some(date("2019-01-01")),
            ),
            prefix(recorded.seat_plan_adopted, "SeatPlanAdopted", "2023-01-01"),
            prefix(recorded.bo_appointed, "MemberAppointed", "2023-01-01"),
            prefix(recorded.bo_corrected, "AppointmentCorrected", "2023-01-01"),
            prefix(recorded.bo_resigned, "MembershipEnded", "2024-06-30"),
        ]
    );
    // The mandate period itself is an entity too, named by its compound id.
    let term = read(&recorded, &term_id(), "2025-01-01", KnownAt::Latest)
        .await
        .unwrap();
    assert_eq!(
        term.entries
            .iter()
            .map(|entry| (entry.position, entry.relation))
            .collect::<Vec<_>>(),
        vec![
            (recorded.seat_plan_adopted.get(), Relation::Stream),
            (recorded.bo_appointed.get(), Relation::Stream),
            (recorded.bo_corrected.get(), Relation::Stream),
            (recorded.bo_resigned.get(), Relation::Stream),
        ]
    );
}

#[tokio::test]
async fn a_party_s_history_holds_the_events_that_give_it_a_part() {
    let recorded = recorded().await;
    let vastmanland = read(&recorded, "19", "2025-01-01", KnownAt::Latest)
        .await
        .unwrap();
    let named_in = |position: Position, event_type: &str, field: &str, day: &str| {
        (
            position.get(),
            event_type.to_owned(),
            Relation::Payload,
            Some(field.to_owned()),
            Some(date(day)),
        )
    };
    assert_eq!(
        outline(&vastmanland),
        vec![
            named_in(
                recorded.cooperation_established,
                "CooperationEstablished",
                "parties",
                "2019-01-01"
            ),
            named_in(
                recorded.seat_plan_adopted,
                "SeatPlanAdopted",
                "seats.party",
                "2023-01-01"
            ),
            named_in(
                recorded.bo_appointed,
                "MemberAppointed",
                "appointment.party",
                "2023-01-01"
            ),
            named_in(
                recorded.bo_corrected,
                "AppointmentCorrected",
                "corrected.party",
                "2023-01-01"
            ),
        ]
    );
}

#[tokio::test]
async fn an_entity_no_event_shapes_has_no_history_and_a_uuid_is_found_in_any_case() {
    let recorded = recorded().await;
    assert_eq!(
        read(
            &recorded,
            &Uuid::from_u128(0x8999).to_string(),
            "2025-01-01",
            KnownAt::Latest
        )
        .await,
        None
    );
    let upper = NAMNDEN.to_string().to_uppercase();
    let body = read(&recorded, &upper, "2025-01-01", KnownAt::Latest)
        .await
        .unwrap();
    assert_eq!(body.entity, NAMNDEN.to_string());
    assert_eq!(body.entries.len(), 5);
    // Known before it was established, the body has a history with nothing in it yet.
    let before = read(
        &recorded,
        &NAMNDEN.to_string(),
        "2025-01-01",
        KnownAt::Position(recorded.cooperation_established),
    )
    .await
    .unwrap();
    assert_eq!(before.entries, Vec::new());
}

#[tokio::test]
async fn a_window_reads_the_entries_after_its_offset_and_says_whether_more_follow() {
    let recorded = recorded().await;
    let body = NAMNDEN.to_string();
    let window = |offset, limit| {
        history(
            &recorded.db.pool,
            &body,
            ReadAt::on(date("2025-01-01")),
            HistoryWindow { offset, limit },
        )
    };
    let first = window(0, 2).await.unwrap().unwrap();
    assert_eq!(
        first
            .entries
            .iter()
            .map(|entry| entry.position)
            .collect::<Vec<_>>(),
        vec![
            recorded.body_established.get(),
            recorded.seat_plan_adopted.get()
        ]
    );
    assert!(first.more);
    let last = window(4, 2).await.unwrap().unwrap();
    assert_eq!(
        last.entries
            .iter()
            .map(|entry| entry.position)
            .collect::<Vec<_>>(),
        vec![recorded.bo_resigned.get()]
    );
    assert!(!last.more);
}

#[tokio::test]
async fn a_rebuild_of_the_history_matches_the_live_tables() {
    let recorded = recorded().await;
    let check = rebuild(
        &recorded.db.pool,
        ReadModel::History,
        Outcome::Check,
        &mut |_| {},
    )
    .await
    .unwrap();
    assert_eq!(check.drift, Vec::new());
}

/// Appends a meeting of its own stream: called (on its day), then `items` agenda items added,
/// which name no day and take the meeting's.
async fn append_meeting(pool: &sqlx::PgPool, meeting: Uuid, day: &str, items: u16) {
    use domain::meeting::{AgendaItem, AgendaItemAdded, MeetingCalled, MeetingEvent};
    let item = |number| AgendaItem {
        number,
        title: format!("Ärende {number}"),
        registry_number: None,
        public: true,
    };
    let called = MeetingEvent::MeetingCalled(MeetingCalled {
        body_id: NAMNDEN,
        body_name: "Inköpsnämnden".into(),
        date: date(day),
        place: "Västerås".into(),
        agenda: vec![item(1)],
    });
    let stream = meeting.to_string();
    append_stored(pool, "Meeting", &stream, 1, &called).await;
    for number in 2..items + 2 {
        let added = MeetingEvent::AgendaItemAdded(AgendaItemAdded { item: item(number) });
        append_stored(pool, "Meeting", &stream, i64::from(number), &added).await;
    }
}

/// Whose day an entry took, by position.
async fn days_of_entries(pool: &sqlx::PgPool) -> Vec<(i64, Option<NaiveDate>)> {
    sqlx::query_as(
        "SELECT position, effective_on FROM read_history.entity_events
          WHERE relation = 'stream' ORDER BY position",
    )
    .fetch_all(pool)
    .await
    .unwrap()
}

/// A page that begins with one meeting's undated event and then holds another meeting's call and
/// its undated event: the second meeting's event must take the day its call remembers, though
/// the first entry of the page was written before the call's day was.
#[tokio::test]
async fn an_entry_in_a_page_takes_the_day_its_streams_first_event_remembered_in_the_same_page() {
    let db = TestDatabase::new().await;
    let first = Uuid::from_u128(0x8301);
    let second = Uuid::from_u128(0x8302);
    // Positions 1–4 are the first meeting (called, three items); 5–6 the second (called, one item).
    append_meeting(&db.pool, first, "2026-02-10", 3).await;
    append_meeting(&db.pool, second, "2026-03-17", 1).await;
    let runner = projections::ProjectionRunner::new(db.pool.clone())
        .with_page_size(std::num::NonZeroU32::new(3).unwrap());
    runner.prepare().await.unwrap();

    // Pages of three: 1–3, then 4–6, which begins with the first meeting's last item.
    runner.catch_up(ReadModel::History).await.unwrap();

    let first_day = Some(date("2026-02-10"));
    let second_day = Some(date("2026-03-17"));
    assert_eq!(
        days_of_entries(&db.pool).await,
        vec![
            (1, first_day),
            (2, first_day),
            (3, first_day),
            (4, first_day),
            (5, second_day),
            (6, second_day),
        ]
    );
}
