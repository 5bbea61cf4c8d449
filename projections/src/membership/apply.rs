use cqrs_es::Aggregate;
use domain::body::{Body, BodyDissolved, BodyEstablished, BodyEstablishmentCorrected, BodyEvent};
use domain::body_term::{
    Appointment, AppointmentCorrected, BodyTerm, BodyTermEvent, MemberAppointed, MembershipEnded,
    SeatAllocation, SeatPlanAdopted, SeatPlanCorrected,
};
use eventlog::RecordedEvent;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::columns::{json_of, text_of};
use crate::decode::decode;
use crate::stream::{self, stream_id};
use crate::{ProjectionError, ReadModel};

const MODEL: ReadModel = ReadModel::Membership;

fn expect_row(rows: u64, event: &RecordedEvent, missing: &str) -> Result<(), ProjectionError> {
    stream::expect_row(MODEL, rows, event, missing)
}

/// Applies a `Body` or `BodyTerm` event; the membership read model follows no other stream.
pub(crate) async fn apply(
    connection: &mut PgConnection,
    event: &RecordedEvent,
) -> Result<(), ProjectionError> {
    if event.aggregate_type == Body::TYPE {
        apply_body_event(connection, event).await?;
    } else if event.aggregate_type == BodyTerm::TYPE {
        apply_body_term_event(connection, event).await?;
    }
    Ok(())
}

/// A body's own stream: its establishment, a correction of it, and its dissolution.
async fn apply_body_event(
    connection: &mut PgConnection,
    event: &RecordedEvent,
) -> Result<(), ProjectionError> {
    let position = event.position.as_stored();
    let body_id = stream_id(MODEL, event)?;
    match decode::<BodyEvent>(event)? {
        BodyEvent::BodyEstablished(established) => {
            insert_body(connection, position, body_id, &established).await
        }
        BodyEvent::BodyEstablishmentCorrected(corrected) => {
            correct_body_establishment(connection, event, body_id, &corrected).await
        }
        BodyEvent::BodyDissolved(dissolved) => {
            dissolve_body(connection, event, body_id, &dissolved).await
        }
    }
}

/// A mandate period's stream, named `<body id>:<first year>`: its seat plan and its members.
async fn apply_body_term_event(
    connection: &mut PgConnection,
    event: &RecordedEvent,
) -> Result<(), ProjectionError> {
    let term_id = event.aggregate_id.as_str();
    match decode::<BodyTermEvent>(event)? {
        BodyTermEvent::SeatPlanAdopted(adopted) => {
            adopt_seat_plan(connection, event, term_id, &adopted).await
        }
        BodyTermEvent::SeatPlanCorrected(corrected) => {
            correct_seat_plan(connection, event, term_id, &corrected).await
        }
        BodyTermEvent::MemberAppointed(appointed) => {
            appoint_member(connection, event, term_id, &appointed).await
        }
        BodyTermEvent::MembershipEnded(ended) => end_membership(connection, event, &ended).await,
        BodyTermEvent::AppointmentCorrected(corrected) => {
            correct_appointment(connection, event, &corrected).await
        }
    }
}

/// Replaces the body's current row with the corrected establishment. A correction may come
/// after the dissolution, which stays: only the establishment's facts and first day change.
async fn correct_body_establishment(
    connection: &mut PgConnection,
    event: &RecordedEvent,
    body_id: Uuid,
    corrected: &BodyEstablishmentCorrected,
) -> Result<(), ProjectionError> {
    let established = &corrected.established;
    let changed = sqlx::query(
        "WITH superseded AS (
             UPDATE bodies SET known = int8range(lower(known), $1)
              WHERE body_id = $2 AND upper_inf(known)
          RETURNING *)
         INSERT INTO bodies
         SELECT body_id, $3, $4, $5, $6, dissolution_bases,
                daterange($7, upper(valid)), int8range($1, NULL)
           FROM superseded",
    )
    .bind(event.position.as_stored())
    .bind(body_id)
    .bind(established.cooperation_id)
    .bind(text_of(&established.kind)?)
    .bind(&established.name)
    .bind(json_of(&established.basis)?)
    .bind(established.established_on)
    .execute(&mut *connection)
    .await?;
    expect_row(changed.rows_affected(), event, "the body")
}

/// Ends the body's `valid` range on its last day and records the dissolution's basis.
async fn dissolve_body(
    connection: &mut PgConnection,
    event: &RecordedEvent,
    body_id: Uuid,
    dissolved: &BodyDissolved,
) -> Result<(), ProjectionError> {
    let changed = sqlx::query(
        "WITH superseded AS (
             UPDATE bodies SET known = int8range(lower(known), $1)
              WHERE body_id = $2 AND upper_inf(known)
          RETURNING *)
         INSERT INTO bodies
         SELECT body_id, cooperation_id, kind, name, basis, $4,
                daterange(lower(valid), $3, '[]'), int8range($1, NULL)
           FROM superseded",
    )
    .bind(event.position.as_stored())
    .bind(body_id)
    .bind(dissolved.last_day)
    .bind(json_of(&dissolved.bases)?)
    .execute(&mut *connection)
    .await?;
    expect_row(changed.rows_affected(), event, "the body")
}

/// Records the mandate period and its first seat plan.
async fn adopt_seat_plan(
    connection: &mut PgConnection,
    event: &RecordedEvent,
    term_id: &str,
    adopted: &SeatPlanAdopted,
) -> Result<(), ProjectionError> {
    sqlx::query(
        "INSERT INTO terms (term_id, body_id, period) VALUES ($1, $2, daterange($3, $4, '[]'))",
    )
    .bind(term_id)
    .bind(adopted.body_id)
    .bind(adopted.period.first_day())
    .bind(adopted.period.last_day())
    .execute(&mut *connection)
    .await?;
    let position = event.position.as_stored();
    insert_seats(
        connection,
        position,
        term_id,
        &adopted.seats,
        &adopted.basis,
    )
    .await
}

/// Closes the period's current seat plan and inserts the corrected one.
async fn correct_seat_plan(
    connection: &mut PgConnection,
    event: &RecordedEvent,
    term_id: &str,
    corrected: &SeatPlanCorrected,
) -> Result<(), ProjectionError> {
    let position = event.position.as_stored();
    sqlx::query(
        "UPDATE seat_plans SET known = int8range(lower(known), $1)
          WHERE term_id = $2 AND upper_inf(known)",
    )
    .bind(position)
    .bind(term_id)
    .execute(&mut *connection)
    .await?;
    insert_seats(
        connection,
        position,
        term_id,
        &corrected.seats,
        &corrected.basis,
    )
    .await
}

/// Inserts the new member, in the body and period of the seat plan adopted for the period.
async fn appoint_member(
    connection: &mut PgConnection,
    event: &RecordedEvent,
    term_id: &str,
    appointed: &MemberAppointed,
) -> Result<(), ProjectionError> {
    let inserted = sqlx::query(
        "INSERT INTO members (membership_id, term_id, body_id, person_id, person_name,
                              party, role, seat, replaces, basis, serves_from,
                              serves_to, valid, known)
         SELECT $1, term_id, body_id, $2, $3, $4, $5, $6, $7, $8, $9, $10,
                days_served($9, $10, NULL), int8range($12, NULL)
           FROM terms WHERE term_id = $11",
    )
    .bind(appointed.membership_id)
    .bind(appointed.appointment.person.id)
    .bind(&appointed.appointment.person.name)
    .bind(appointed.appointment.party.as_str())
    .bind(text_of(&appointed.appointment.role)?)
    .bind(text_of(&appointed.appointment.role.seat())?)
    .bind(appointed.replaces)
    .bind(json_of(&appointed.basis)?)
    .bind(appointed.appointment.serves_from)
    .bind(appointed.serves_to)
    .bind(term_id)
    .bind(event.position.as_stored())
    .execute(&mut *connection)
    .await?;
    expect_row(
        inserted.rows_affected(),
        event,
        "the mandate period's seat plan",
    )
}

/// Ends a membership early: the last day shortens its `valid` range.
async fn end_membership(
    connection: &mut PgConnection,
    event: &RecordedEvent,
    ended: &MembershipEnded,
) -> Result<(), ProjectionError> {
    let changed = sqlx::query(
        "WITH superseded AS (
             UPDATE members SET known = int8range(lower(known), $1)
              WHERE membership_id = $2 AND upper_inf(known)
          RETURNING *)
         INSERT INTO members
         SELECT membership_id, term_id, body_id, person_id, person_name, party, role,
                seat, replaces, basis, serves_from, serves_to, $3, $4, $5,
                correction_reason, correction_basis,
                days_served(serves_from, serves_to, $3), int8range($1, NULL)
           FROM superseded",
    )
    .bind(event.position.as_stored())
    .bind(ended.membership_id)
    .bind(ended.last_day)
    .bind(text_of(&ended.reason)?)
    .bind(json_of(&ended.basis)?)
    .execute(&mut *connection)
    .await?;
    expect_row(changed.rows_affected(), event, "the membership")
}

/// Replaces a membership's appointment with the corrected one; an early end stays.
async fn correct_appointment(
    connection: &mut PgConnection,
    event: &RecordedEvent,
    corrected: &AppointmentCorrected,
) -> Result<(), ProjectionError> {
    let Appointment {
        person,
        role,
        party,
        serves_from,
        serves_to: _,
    } = &corrected.corrected;
    let changed = sqlx::query(
        "WITH superseded AS (
             UPDATE members SET known = int8range(lower(known), $1)
              WHERE membership_id = $2 AND upper_inf(known)
          RETURNING *)
         INSERT INTO members
         SELECT membership_id, term_id, body_id, $3, $4, $5, $6, $7, replaces, basis,
                $10, $11, ended_on, end_reason, end_basis, $8, $9,
                days_served($10, $11, ended_on), int8range($1, NULL)
           FROM superseded",
    )
    .bind(event.position.as_stored())
    .bind(corrected.membership_id)
    .bind(person.id)
    .bind(&person.name)
    .bind(party.as_str())
    .bind(text_of(role)?)
    .bind(text_of(&role.seat())?)
    .bind(&corrected.reason)
    .bind(json_of(&corrected.basis)?)
    .bind(serves_from)
    .bind(corrected.serves_to)
    .execute(&mut *connection)
    .await?;
    expect_row(changed.rows_affected(), event, "the membership")
}

/// Inserts a newly established body, open-ended from its first day.
async fn insert_body(
    connection: &mut PgConnection,
    position: i64,
    body_id: Uuid,
    established: &BodyEstablished,
) -> Result<(), ProjectionError> {
    sqlx::query(
        "INSERT INTO bodies (body_id, cooperation_id, kind, name, basis, valid, known)
         VALUES ($1, $2, $3, $4, $5, daterange($6, NULL), int8range($7, NULL))",
    )
    .bind(body_id)
    .bind(established.cooperation_id)
    .bind(text_of(&established.kind)?)
    .bind(&established.name)
    .bind(json_of(&established.basis)?)
    .bind(established.established_on)
    .bind(position)
    .execute(connection)
    .await?;
    Ok(())
}

/// Inserts one row per party of a seat plan, valid for the whole mandate period.
async fn insert_seats(
    connection: &mut PgConnection,
    position: i64,
    term_id: &str,
    seats: &[SeatAllocation],
    basis: &domain::LegalBasis,
) -> Result<(), ProjectionError> {
    let basis = json_of(basis)?;
    for allocation in seats {
        sqlx::query(
            "INSERT INTO seat_plans (term_id, body_id, party, members, deputies, basis, valid, known)
             SELECT term_id, body_id, $2, $3, $4, $5, period, int8range($6, NULL)
               FROM terms WHERE term_id = $1",
        )
        .bind(term_id)
        .bind(allocation.party.as_str())
        .bind(i32::from(allocation.members))
        .bind(i32::from(allocation.deputies))
        .bind(&basis)
        .bind(position)
        .execute(&mut *connection)
        .await?;
    }
    Ok(())
}
