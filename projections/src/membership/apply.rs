use cqrs_es::Aggregate;
use domain::body::{Body, BodyEstablished, BodyEvent};
use domain::body_term::{Appointment, BodyTerm, BodyTermEvent, SeatAllocation};
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

pub(crate) async fn apply(
    connection: &mut PgConnection,
    event: &RecordedEvent,
) -> Result<(), ProjectionError> {
    let position = event.position.as_stored();
    if event.aggregate_type == Body::TYPE {
        let stream = stream_id(MODEL, event)?;
        match decode::<BodyEvent>(event)? {
            BodyEvent::BodyEstablished(established) => {
                insert_body(connection, position, stream, &established).await?;
            }
            BodyEvent::BodyEstablishmentCorrected(corrected) => {
                // A correction may come after the dissolution, which stays: only the
                // establishment's facts and first day change.
                let established = &corrected.established;
                let changed = sqlx::query(
                    "WITH superseded AS (
                         UPDATE bodies SET known = int8range(lower(known), $1)
                          WHERE body_id = $2 AND upper_inf(known)
                      RETURNING *)
                     INSERT INTO bodies
                     SELECT body_id, $3, $4, $5, $6, dissolution_basis,
                            daterange($7, upper(valid)), int8range($1, NULL)
                       FROM superseded",
                )
                .bind(position)
                .bind(stream)
                .bind(established.cooperation_id)
                .bind(text_of(&established.kind)?)
                .bind(&established.name)
                .bind(json_of(&established.basis)?)
                .bind(established.established_on)
                .execute(&mut *connection)
                .await?;
                expect_row(changed.rows_affected(), event, "the body")?;
            }
            BodyEvent::BodyDissolved(dissolved) => {
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
                .bind(position)
                .bind(stream)
                .bind(dissolved.last_day)
                .bind(json_of(&dissolved.basis)?)
                .execute(&mut *connection)
                .await?;
                expect_row(changed.rows_affected(), event, "the body")?;
            }
        }
    } else if event.aggregate_type == BodyTerm::TYPE {
        let stream = event.aggregate_id.as_str();
        match decode::<BodyTermEvent>(event)? {
            BodyTermEvent::SeatPlanAdopted(adopted) => {
                sqlx::query(
                    "INSERT INTO terms (term_id, body_id, period) VALUES ($1, $2, daterange($3, $4, '[]'))",
                )
                .bind(stream)
                .bind(adopted.body_id)
                .bind(adopted.period.first_day())
                .bind(adopted.period.last_day())
                .execute(&mut *connection)
                .await?;
                insert_seats(connection, position, stream, &adopted.seats, &adopted.basis).await?;
            }
            BodyTermEvent::SeatPlanCorrected(corrected) => {
                sqlx::query(
                    "UPDATE seat_plans SET known = int8range(lower(known), $1)
                      WHERE term_id = $2 AND upper_inf(known)",
                )
                .bind(position)
                .bind(stream)
                .execute(&mut *connection)
                .await?;
                insert_seats(
                    connection,
                    position,
                    stream,
                    &corrected.seats,
                    &corrected.basis,
                )
                .await?;
            }
            BodyTermEvent::MemberAppointed(appointed) => {
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
                .bind(stream)
                .bind(position)
                .execute(&mut *connection)
                .await?;
                expect_row(
                    inserted.rows_affected(),
                    event,
                    "the mandate period's seat plan",
                )?;
            }
            BodyTermEvent::MembershipEnded(ended) => {
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
                .bind(position)
                .bind(ended.membership_id)
                .bind(ended.last_day)
                .bind(text_of(&ended.reason)?)
                .bind(json_of(&ended.basis)?)
                .execute(&mut *connection)
                .await?;
                expect_row(changed.rows_affected(), event, "the membership")?;
            }
            BodyTermEvent::AppointmentCorrected(corrected) => {
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
                .bind(position)
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
                expect_row(changed.rows_affected(), event, "the membership")?;
            }
        }
    }
    Ok(())
}

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
