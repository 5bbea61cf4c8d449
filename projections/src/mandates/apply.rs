use cqrs_es::Aggregate;
use domain::mandate::{Mandate, MandateEvent, MandateGranted, MandateHolder};
use eventlog::RecordedEvent;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::columns::json_of;
use crate::decode::decode;
use crate::stream::{self, stream_id};
use crate::{ProjectionError, ReadModel};

const MODEL: ReadModel = ReadModel::Mandates;

fn expect_row(rows: u64, event: &RecordedEvent, missing: &str) -> Result<(), ProjectionError> {
    stream::expect_row(MODEL, rows, event, missing)
}

pub(crate) async fn apply(
    connection: &mut PgConnection,
    event: &RecordedEvent,
) -> Result<(), ProjectionError> {
    if event.aggregate_type != Mandate::TYPE {
        return Ok(());
    }
    let position = event.position.as_stored();
    let stream = stream_id(MODEL, event)?;
    match decode::<MandateEvent>(event)? {
        MandateEvent::MandateGranted(granted) => {
            insert_mandate(connection, position, stream, &granted).await?;
        }
        MandateEvent::MandateCorrected(corrected) => {
            let grant = &corrected.grant;
            let (body_id, party) = holder_columns(&grant.holder);
            // The aggregate keeps an early end through a correction and reckons the mandate's
            // days up to it, so the new version does too. A correction may move the first day
            // past that end; the mandate then has no days at all, which an empty range states
            // without the error a backwards range would raise.
            let changed = sqlx::query(
                "WITH superseded AS (
                     UPDATE mandates SET known = int8range(lower(known), $1)
                      WHERE mandate_id = $2 AND upper_inf(known)
                  RETURNING *)
                 INSERT INTO mandates
                 SELECT mandate_id, $3, $4, $5, $6, $7, $8, last_day, end_basis, $9,
                        CASE WHEN $10::date > coalesce(last_day, $11::date) THEN 'empty'::daterange
                             ELSE daterange($10::date, coalesce(last_day, $11::date), '[]') END,
                        int8range($1, NULL)
                   FROM superseded",
            )
            .bind(position)
            .bind(stream)
            .bind(body_id)
            .bind(party)
            .bind(grant.category.as_str())
            .bind(&grant.scope)
            .bind(json_of(&grant.exclusions)?)
            .bind(json_of(&grant.basis)?)
            .bind(&corrected.reason)
            .bind(grant.valid.from)
            .bind(grant.valid.to)
            .execute(&mut *connection)
            .await?;
            expect_row(changed.rows_affected(), event, "the mandate")?;
        }
        MandateEvent::MandateEnded(ended) => {
            let changed = sqlx::query(
                "WITH superseded AS (
                     UPDATE mandates SET known = int8range(lower(known), $1)
                      WHERE mandate_id = $2 AND upper_inf(known)
                  RETURNING *)
                 INSERT INTO mandates
                 SELECT mandate_id, body_id, party, category, scope, exclusions, basis, $3, $4,
                        correction_reason, daterange(lower(valid), $3, '[]'), int8range($1, NULL)
                   FROM superseded",
            )
            .bind(position)
            .bind(stream)
            .bind(ended.last_day)
            .bind(json_of(&ended.basis)?)
            .execute(&mut *connection)
            .await?;
            expect_row(changed.rows_affected(), event, "the mandate")?;
        }
        MandateEvent::MandateDelegated(delegated) => {
            // Read through the mandate's current row, so that a delegation of a mandate the read
            // model does not hold stops the projection instead of being stored without it.
            let inserted = sqlx::query(
                "INSERT INTO delegations (delegation_id, mandate_id, delegate, category, basis,
                                          valid, known)
                 SELECT $1, mandate_id, $2, $3, $4, daterange($5, $6, '[]'), int8range($7, NULL)
                   FROM mandates WHERE mandate_id = $8 AND upper_inf(known)",
            )
            .bind(delegated.delegation_id)
            .bind(&delegated.delegate)
            .bind(delegated.category.as_str())
            .bind(json_of(&delegated.basis)?)
            .bind(delegated.valid.from)
            .bind(delegated.valid.to)
            .bind(position)
            .bind(stream)
            .execute(&mut *connection)
            .await?;
            expect_row(inserted.rows_affected(), event, "the delegated mandate")?;
        }
    }
    Ok(())
}

/// The holder as the two columns of which exactly one is set.
fn holder_columns(holder: &MandateHolder) -> (Option<Uuid>, Option<&str>) {
    match holder {
        MandateHolder::Body { body_id } => (Some(*body_id), None),
        MandateHolder::Party { party } => (None, Some(party.as_str())),
    }
}

async fn insert_mandate(
    connection: &mut PgConnection,
    position: i64,
    mandate_id: Uuid,
    granted: &MandateGranted,
) -> Result<(), ProjectionError> {
    let (body_id, party) = holder_columns(&granted.holder);
    sqlx::query(
        "INSERT INTO mandates (mandate_id, body_id, party, category, scope, exclusions, basis,
                               valid, known)
         VALUES ($1, $2, $3, $4, $5, $6, $7, daterange($8, $9, '[]'), int8range($10, NULL))",
    )
    .bind(mandate_id)
    .bind(body_id)
    .bind(party)
    .bind(granted.category.as_str())
    .bind(&granted.scope)
    .bind(json_of(&granted.exclusions)?)
    .bind(json_of(&granted.basis)?)
    .bind(granted.valid.from)
    .bind(granted.valid.to)
    .bind(position)
    .execute(connection)
    .await?;
    Ok(())
}
