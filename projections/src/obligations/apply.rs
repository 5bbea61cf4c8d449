use cqrs_es::Aggregate;
use domain::obligation::{Due, Obligation, ObligationEvent, ObligationRecorded};
use eventlog::RecordedEvent;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::columns::{json_of, text_of};
use crate::decode::decode;
use crate::stream::{self, stream_id};
use crate::{ProjectionError, ReadModel};

const MODEL: ReadModel = ReadModel::Obligations;

fn expect_row(rows: u64, event: &RecordedEvent, missing: &str) -> Result<(), ProjectionError> {
    stream::expect_row(MODEL, rows, event, missing)
}

pub(crate) async fn apply(
    connection: &mut PgConnection,
    event: &RecordedEvent,
) -> Result<(), ProjectionError> {
    if event.aggregate_type != Obligation::TYPE {
        return Ok(());
    }
    let position = event.position.as_stored();
    let stream = stream_id(MODEL, event)?;
    match decode::<ObligationEvent>(event)? {
        ObligationEvent::ObligationRecorded(recorded) => {
            insert_obligation(connection, position, stream, &recorded).await?;
        }
        ObligationEvent::ObligationClosed(closed) => {
            let changed = sqlx::query(
                "WITH superseded AS (
                     UPDATE obligations SET known = int8range(lower(known), $1)
                      WHERE obligation_id = $2 AND upper_inf(known)
                  RETURNING *)
                 INSERT INTO obligations
                 SELECT obligation_id, cooperation_id, debtor, creditor, kind, description, due,
                        due_on, basis, $3, $4, $5, correction_reason, valid,
                        listed_days(valid, due_on, $4), int8range($1, NULL)
                   FROM superseded",
            )
            .bind(position)
            .bind(stream)
            .bind(json_of(&closed.closure)?)
            .bind(closed.on)
            .bind(json_of(&closed.basis)?)
            .execute(&mut *connection)
            .await?;
            expect_row(changed.rows_affected(), event, "the obligation")?;
        }
        ObligationEvent::ObligationCorrected(corrected) => {
            // A correction replaces what was recorded and keeps a closure already recorded, as
            // the aggregate does.
            let recorded = &corrected.recorded;
            let changed = sqlx::query(
                "WITH superseded AS (
                     UPDATE obligations SET known = int8range(lower(known), $1)
                      WHERE obligation_id = $2 AND upper_inf(known)
                  RETURNING *)
                 INSERT INTO obligations
                 SELECT obligation_id, $3, $4, $5, $6, $7, $8, $9, $10, closure, closed_on,
                        closure_basis, $11, daterange($12, $13, '[]'),
                        listed_days(daterange($12, $13, '[]'), $9, closed_on), int8range($1, NULL)
                   FROM superseded",
            )
            .bind(position)
            .bind(stream)
            .bind(recorded.cooperation_id)
            .bind(recorded.debtor.as_str())
            .bind(json_of(&recorded.creditor)?)
            .bind(text_of(&recorded.kind)?)
            .bind(&recorded.description)
            .bind(json_of(&recorded.due)?)
            .bind(due_on(&recorded.due))
            .bind(json_of(&recorded.basis)?)
            .bind(&corrected.reason)
            .bind(recorded.period.from)
            .bind(recorded.period.to)
            .execute(&mut *connection)
            .await?;
            expect_row(changed.rows_affected(), event, "the obligation")?;
        }
    }
    Ok(())
}

/// The day an obligation due once falls due; none for a yearly or continuous one.
fn due_on(due: &Due) -> Option<chrono::NaiveDate> {
    match due {
        Due::On { date } => Some(*date),
        Due::Yearly { .. } | Due::Continuous => None,
    }
}

async fn insert_obligation(
    connection: &mut PgConnection,
    position: i64,
    obligation_id: Uuid,
    recorded: &ObligationRecorded,
) -> Result<(), ProjectionError> {
    sqlx::query(
        "INSERT INTO obligations (obligation_id, cooperation_id, debtor, creditor, kind,
                                  description, due, due_on, basis, valid, listed, known)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, daterange($10, $11, '[]'),
                 listed_days(daterange($10, $11, '[]'), $8, NULL), int8range($12, NULL))",
    )
    .bind(obligation_id)
    .bind(recorded.cooperation_id)
    .bind(recorded.debtor.as_str())
    .bind(json_of(&recorded.creditor)?)
    .bind(text_of(&recorded.kind)?)
    .bind(&recorded.description)
    .bind(json_of(&recorded.due)?)
    .bind(due_on(&recorded.due))
    .bind(json_of(&recorded.basis)?)
    .bind(recorded.period.from)
    .bind(recorded.period.to)
    .bind(position)
    .execute(connection)
    .await?;
    Ok(())
}
