//! How the membership read model follows the log: each `Body` and `BodyTerm` event planned as row
//! writes, which [`crate::row_writes`] carries out a page at a time.
//!
//! Every statement reads its facts from `input`, one row per write. What a change keeps of the
//! row it supersedes (a dissolution keeps the body's name, a correction keeps an early end) the
//! statement takes from that row itself, so planning reads nothing.

use cqrs_es::Aggregate;
use domain::body::{Body, BodyEstablished, BodyEvent};
use domain::body_term::{Appointment, BodyTerm, BodyTermEvent, SeatAllocation};
use domain::LegalBasis;
use eventlog::RecordedEvent;
use uuid::Uuid;

use crate::columns::{json_of, text_of};
use crate::decode::decode;
use crate::row_writes::{Cell, RowWrite, SqlType, Statement, Touch};
use crate::stream::stream_id;
use crate::{ProjectionError, ReadModel};

const MODEL: ReadModel = ReadModel::Membership;

/// Plans a `Body` or `BodyTerm` event; the membership read model follows no other stream.
pub(crate) fn plan(event: &RecordedEvent) -> Result<Vec<RowWrite>, ProjectionError> {
    if event.aggregate_type == Body::TYPE {
        plan_body_event(event)
    } else if event.aggregate_type == BodyTerm::TYPE {
        plan_body_term_event(event)
    } else {
        Ok(Vec::new())
    }
}

/// The rows of one body.
fn body_key(body_id: Uuid) -> String {
    format!("body:{body_id}")
}

/// The mandate period's row.
fn term_key(term_id: &str) -> String {
    format!("term:{term_id}")
}

/// Every party's seat-plan rows of a mandate period, which a correction closes together.
fn seat_plan_key(term_id: &str) -> String {
    format!("seat-plan:{term_id}")
}

/// One party's seat-plan rows of a mandate period.
fn party_seats_key(term_id: &str, party: &str) -> String {
    format!("seat-plan:{term_id}:{party}")
}

/// The rows of one membership.
fn member_key(membership_id: Uuid) -> String {
    format!("member:{membership_id}")
}

/// A body's own stream: its establishment, a correction of it, and its dissolution.
fn plan_body_event(event: &RecordedEvent) -> Result<Vec<RowWrite>, ProjectionError> {
    let position = event.position.as_stored();
    let body_id = stream_id(MODEL, event)?;
    let touches = vec![Touch::writes(body_key(body_id))];
    let write = match decode::<BodyEvent>(event)? {
        BodyEvent::BodyEstablished(established) => RowWrite::new(
            &INSERT_BODY,
            establishment_cells(position, body_id, &established)?,
            touches,
        )?,
        BodyEvent::BodyEstablishmentCorrected(corrected) => RowWrite::new(
            &CORRECT_BODY_ESTABLISHMENT,
            establishment_cells(position, body_id, &corrected.established)?,
            touches,
        )?,
        BodyEvent::BodyDissolved(dissolved) => RowWrite::new(
            &DISSOLVE_BODY,
            vec![
                position.into(),
                body_id.into(),
                dissolved.last_day.into(),
                json_of(&dissolved.bases)?.into(),
            ],
            touches,
        )?,
    };
    Ok(vec![write])
}

/// The input of [`INSERT_BODY`] and [`CORRECT_BODY_ESTABLISHMENT`].
const ESTABLISHMENT_INPUT: &[(&str, SqlType)] = &[
    ("position", SqlType::Int8),
    ("body_id", SqlType::Uuid),
    ("cooperation_id", SqlType::Uuid),
    ("kind", SqlType::Text),
    ("name", SqlType::Text),
    ("basis", SqlType::Jsonb),
    ("established_on", SqlType::Date),
];

fn establishment_cells(
    position: i64,
    body_id: Uuid,
    established: &BodyEstablished,
) -> Result<Vec<Cell>, ProjectionError> {
    Ok(vec![
        position.into(),
        body_id.into(),
        established.cooperation_id.into(),
        text_of(&established.kind)?.into(),
        established.name.as_str().into(),
        json_of(&established.basis)?.into(),
        established.established_on.into(),
    ])
}

/// A newly established body, open-ended from its first day.
static INSERT_BODY: Statement = Statement {
    name: "membership: insert a body",
    input: ESTABLISHMENT_INPUT,
    sql: "INSERT INTO bodies (body_id, cooperation_id, kind, name, basis, valid, known)
          SELECT body_id, cooperation_id, kind, name, basis,
                 daterange(established_on, NULL), int8range(position, NULL)
            FROM input",
    requires: None,
};

/// Replaces the body's current row with the corrected establishment. A correction may come after
/// the dissolution, which stays: only the establishment's facts and first day change.
static CORRECT_BODY_ESTABLISHMENT: Statement = Statement {
    name: "membership: correct a body's establishment",
    input: ESTABLISHMENT_INPUT,
    sql: ", superseded AS (
              UPDATE bodies SET known = int8range(lower(bodies.known), input.position)
                FROM input
               WHERE bodies.body_id = input.body_id AND upper_inf(bodies.known)
           RETURNING input.*, bodies.dissolution_bases, upper(bodies.valid) AS last_day)
          INSERT INTO bodies
          SELECT body_id, cooperation_id, kind, name, basis, dissolution_bases,
                 daterange(established_on, last_day), int8range(position, NULL)
            FROM superseded",
    requires: Some("the body"),
};

/// Ends the body's `valid` range on its last day and records the dissolution's bases.
static DISSOLVE_BODY: Statement = Statement {
    name: "membership: dissolve a body",
    input: &[
        ("position", SqlType::Int8),
        ("body_id", SqlType::Uuid),
        ("last_day", SqlType::Date),
        ("bases", SqlType::Jsonb),
    ],
    sql: ", superseded AS (
              UPDATE bodies SET known = int8range(lower(bodies.known), input.position)
                FROM input
               WHERE bodies.body_id = input.body_id AND upper_inf(bodies.known)
           RETURNING input.*, bodies.cooperation_id, bodies.kind, bodies.name, bodies.basis,
                     lower(bodies.valid) AS first_day)
          INSERT INTO bodies
          SELECT body_id, cooperation_id, kind, name, basis, bases,
                 daterange(first_day, last_day, '[]'), int8range(position, NULL)
            FROM superseded",
    requires: Some("the body"),
};

/// A mandate period's stream, named `<body id>:<first year>`: its seat plan and its members.
fn plan_body_term_event(event: &RecordedEvent) -> Result<Vec<RowWrite>, ProjectionError> {
    let position = event.position.as_stored();
    let term_id = event.aggregate_id.as_str();
    match decode::<BodyTermEvent>(event)? {
        BodyTermEvent::SeatPlanAdopted(adopted) => {
            let mut writes = vec![RowWrite::new(
                &INSERT_TERM,
                vec![
                    term_id.into(),
                    adopted.body_id.into(),
                    adopted.period.first_day().into(),
                    adopted.period.last_day().into(),
                ],
                vec![Touch::writes(term_key(term_id))],
            )?];
            writes.extend(seat_writes(
                position,
                term_id,
                &adopted.seats,
                &adopted.basis,
            )?);
            Ok(writes)
        }
        BodyTermEvent::SeatPlanCorrected(corrected) => {
            let mut writes = vec![RowWrite::new(
                &CLOSE_SEAT_PLAN,
                vec![position.into(), term_id.into()],
                vec![Touch::writes(seat_plan_key(term_id))],
            )?];
            writes.extend(seat_writes(
                position,
                term_id,
                &corrected.seats,
                &corrected.basis,
            )?);
            Ok(writes)
        }
        BodyTermEvent::MemberAppointed(appointed) => {
            let mut cells = vec![
                position.into(),
                term_id.into(),
                appointed.membership_id.into(),
            ];
            cells.extend(appointee_cells(&appointed.appointment)?);
            cells.extend([
                appointed.replaces.into(),
                json_of(&appointed.basis)?.into(),
                appointed.appointment.serves_from.into(),
                appointed.serves_to.into(),
            ]);
            Ok(vec![RowWrite::new(
                &APPOINT_MEMBER,
                cells,
                vec![
                    Touch::reads(term_key(term_id)),
                    Touch::writes(member_key(appointed.membership_id)),
                ],
            )?])
        }
        BodyTermEvent::MembershipEnded(ended) => Ok(vec![RowWrite::new(
            &END_MEMBERSHIP,
            vec![
                position.into(),
                ended.membership_id.into(),
                ended.last_day.into(),
                text_of(&ended.reason)?.into(),
                json_of(&ended.basis)?.into(),
            ],
            vec![Touch::writes(member_key(ended.membership_id))],
        )?]),
        BodyTermEvent::AppointmentCorrected(corrected) => {
            let mut cells = vec![position.into(), corrected.membership_id.into()];
            cells.extend(appointee_cells(&corrected.corrected)?);
            cells.extend([
                corrected.reason.as_str().into(),
                json_of(&corrected.basis)?.into(),
                corrected.corrected.serves_from.into(),
                corrected.serves_to.into(),
            ]);
            Ok(vec![RowWrite::new(
                &CORRECT_APPOINTMENT,
                cells,
                vec![Touch::writes(member_key(corrected.membership_id))],
            )?])
        }
    }
}

/// Who is appointed, for whom and to which seat: the cells `person_id`, `person_name`, `party`,
/// `role` and `seat` of an appointment and of its correction.
fn appointee_cells(appointment: &Appointment) -> Result<[Cell; 5], ProjectionError> {
    let Appointment {
        person,
        role,
        party,
        serves_from: _,
        serves_to: _,
    } = appointment;
    Ok([
        person.id.into(),
        person.name.as_str().into(),
        party.as_str().into(),
        text_of(role)?.into(),
        text_of(&role.seat())?.into(),
    ])
}

/// The mandate period, which never changes once its seat plan is adopted.
static INSERT_TERM: Statement = Statement {
    name: "membership: insert a mandate period",
    input: &[
        ("term_id", SqlType::Text),
        ("body_id", SqlType::Uuid),
        ("first_day", SqlType::Date),
        ("last_day", SqlType::Date),
    ],
    sql: "INSERT INTO terms (term_id, body_id, period)
          SELECT term_id, body_id, daterange(first_day, last_day, '[]') FROM input",
    requires: None,
};

/// One write per party of a seat plan, each valid for the whole mandate period.
fn seat_writes(
    position: i64,
    term_id: &str,
    seats: &[SeatAllocation],
    basis: &LegalBasis,
) -> Result<Vec<RowWrite>, ProjectionError> {
    let basis = json_of(basis)?;
    seats
        .iter()
        .map(|allocation| {
            RowWrite::new(
                &INSERT_SEATS,
                vec![
                    position.into(),
                    term_id.into(),
                    allocation.party.as_str().into(),
                    i32::from(allocation.members).into(),
                    i32::from(allocation.deputies).into(),
                    basis.clone().into(),
                ],
                // A party's seats read the whole plan's key, so that they follow the correction
                // that closed the plan before them, and write their own party's.
                vec![
                    Touch::reads(term_key(term_id)),
                    Touch::reads(seat_plan_key(term_id)),
                    Touch::writes(party_seats_key(term_id, allocation.party.as_str())),
                ],
            )
        })
        .collect()
}

/// A party's seats, in the body and period of the mandate period.
static INSERT_SEATS: Statement = Statement {
    name: "membership: insert a party's seats",
    input: &[
        ("position", SqlType::Int8),
        ("term_id", SqlType::Text),
        ("party", SqlType::Text),
        ("members", SqlType::Int4),
        ("deputies", SqlType::Int4),
        ("basis", SqlType::Jsonb),
    ],
    sql: "INSERT INTO seat_plans (term_id, body_id, party, members, deputies, basis, valid, known)
          SELECT terms.term_id, terms.body_id, input.party, input.members, input.deputies,
                 input.basis, terms.period, int8range(input.position, NULL)
            FROM input JOIN terms ON terms.term_id = input.term_id",
    requires: None,
};

/// Closes the period's current seat plan, before the corrected one is inserted.
static CLOSE_SEAT_PLAN: Statement = Statement {
    name: "membership: close a seat plan",
    input: &[("position", SqlType::Int8), ("term_id", SqlType::Text)],
    sql: "UPDATE seat_plans SET known = int8range(lower(seat_plans.known), input.position)
            FROM input
           WHERE seat_plans.term_id = input.term_id AND upper_inf(seat_plans.known)",
    requires: None,
};

/// The new member, in the body and period of the mandate period.
static APPOINT_MEMBER: Statement = Statement {
    name: "membership: appoint a member",
    input: &[
        ("position", SqlType::Int8),
        ("term_id", SqlType::Text),
        ("membership_id", SqlType::Uuid),
        ("person_id", SqlType::Uuid),
        ("person_name", SqlType::Text),
        ("party", SqlType::Text),
        ("role", SqlType::Text),
        ("seat", SqlType::Text),
        ("replaces", SqlType::Uuid),
        ("basis", SqlType::Jsonb),
        ("serves_from", SqlType::Date),
        ("serves_to", SqlType::Date),
    ],
    sql: "INSERT INTO members (membership_id, term_id, body_id, person_id, person_name,
                               party, role, seat, replaces, basis, serves_from,
                               serves_to, valid, known)
          SELECT input.membership_id, terms.term_id, terms.body_id, input.person_id,
                 input.person_name, input.party, input.role, input.seat, input.replaces,
                 input.basis, input.serves_from, input.serves_to,
                 days_served(input.serves_from, input.serves_to, NULL),
                 int8range(input.position, NULL)
            FROM input JOIN terms ON terms.term_id = input.term_id",
    requires: Some("the mandate period's seat plan"),
};

/// Ends a membership early: the last day shortens its `valid` range.
static END_MEMBERSHIP: Statement = Statement {
    name: "membership: end a membership",
    input: &[
        ("position", SqlType::Int8),
        ("membership_id", SqlType::Uuid),
        ("last_day", SqlType::Date),
        ("reason", SqlType::Text),
        ("end_basis", SqlType::Jsonb),
    ],
    sql: ", superseded AS (
              UPDATE members SET known = int8range(lower(members.known), input.position)
                FROM input
               WHERE members.membership_id = input.membership_id AND upper_inf(members.known)
           RETURNING input.*, members.term_id, members.body_id, members.person_id,
                     members.person_name, members.party, members.role, members.seat,
                     members.replaces, members.basis, members.serves_from, members.serves_to,
                     members.correction_reason, members.correction_basis)
          INSERT INTO members
          SELECT membership_id, term_id, body_id, person_id, person_name, party, role, seat,
                 replaces, basis, serves_from, serves_to, last_day, reason, end_basis,
                 correction_reason, correction_basis,
                 days_served(serves_from, serves_to, last_day), int8range(position, NULL)
            FROM superseded",
    requires: Some("the membership"),
};

/// Replaces a membership's appointment with the corrected one; an early end stays.
static CORRECT_APPOINTMENT: Statement = Statement {
    name: "membership: correct an appointment",
    input: &[
        ("position", SqlType::Int8),
        ("membership_id", SqlType::Uuid),
        ("person_id", SqlType::Uuid),
        ("person_name", SqlType::Text),
        ("party", SqlType::Text),
        ("role", SqlType::Text),
        ("seat", SqlType::Text),
        ("correction_reason", SqlType::Text),
        ("correction_basis", SqlType::Jsonb),
        ("serves_from", SqlType::Date),
        ("serves_to", SqlType::Date),
    ],
    sql: ", superseded AS (
              UPDATE members SET known = int8range(lower(members.known), input.position)
                FROM input
               WHERE members.membership_id = input.membership_id AND upper_inf(members.known)
           RETURNING input.*, members.term_id, members.body_id, members.replaces,
                     members.basis, members.ended_on, members.end_reason, members.end_basis)
          INSERT INTO members
          SELECT membership_id, term_id, body_id, person_id, person_name, party, role, seat,
                 replaces, basis, serves_from, serves_to, ended_on, end_reason, end_basis,
                 correction_reason, correction_basis,
                 days_served(serves_from, serves_to, ended_on), int8range(position, NULL)
            FROM superseded",
    requires: Some("the membership"),
};
