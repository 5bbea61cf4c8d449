use cqrs_es::Aggregate;
use domain::allocation::{
    AllocationKey, AllocationKeyAdopted, AllocationKeyEvent, Budget, BudgetEvent,
};
use domain::governing_document::{GoverningDocument, GoverningDocumentEvent};
use domain::party::{PopulationEvent, PopulationFigure};
use eventlog::RecordedEvent;
use sqlx::PgConnection;

use crate::columns::{json_of, text_of};
use crate::decode::decode;
use crate::stream::{self, stream_id};
use crate::{ProjectionError, ReadModel};

const MODEL: ReadModel = ReadModel::Allocation;

fn expect_row(rows: u64, event: &RecordedEvent, missing: &str) -> Result<(), ProjectionError> {
    stream::expect_row(MODEL, rows, event, missing)
}

pub(crate) async fn apply(
    connection: &mut PgConnection,
    event: &RecordedEvent,
) -> Result<(), ProjectionError> {
    let aggregate_type = event.aggregate_type.as_str();
    if aggregate_type == GoverningDocument::TYPE {
        apply_document(connection, event).await
    } else if aggregate_type == AllocationKey::TYPE {
        apply_key(connection, event).await
    } else if aggregate_type == Budget::TYPE {
        apply_budget(connection, event).await
    } else if aggregate_type == PopulationFigure::TYPE {
        apply_population(connection, event).await
    } else {
        Ok(())
    }
}

async fn apply_document(
    connection: &mut PgConnection,
    event: &RecordedEvent,
) -> Result<(), ProjectionError> {
    let position = event.position.as_stored();
    let document_id = stream_id(MODEL, event)?;
    match decode::<GoverningDocumentEvent>(event)? {
        GoverningDocumentEvent::DocumentAdopted(adopted) => {
            sqlx::query(
                "INSERT INTO agreement_versions (document_id, cooperation_id, kind, version, valid,
                                                 known)
                 VALUES ($1, $2, $3, 1, daterange($4, NULL), int8range($5, NULL))",
            )
            .bind(document_id)
            .bind(adopted.cooperation_id)
            .bind(text_of(&adopted.kind)?)
            .bind(adopted.effective_on)
            .bind(position)
            .execute(&mut *connection)
            .await?;
        }
        GoverningDocumentEvent::DocumentAmended(amended) => {
            let inserted = sqlx::query(
                "INSERT INTO agreement_versions (document_id, cooperation_id, kind, version, valid,
                                                 known)
                 SELECT document_id, cooperation_id, kind, $3, daterange($4, NULL),
                        int8range($5, NULL)
                   FROM agreement_versions
                  WHERE document_id = $1 AND version = $2 AND upper_inf(known)",
            )
            .bind(document_id)
            .bind(i64::from(amended.amends_version))
            .bind(i64::from(amended.version))
            .bind(amended.effective_on)
            .bind(position)
            .execute(&mut *connection)
            .await?;
            expect_row(inserted.rows_affected(), event, "the amended version")?;
        }
        GoverningDocumentEvent::VersionCorrected(corrected) => {
            let changed = sqlx::query(
                "WITH superseded AS (
                     UPDATE agreement_versions SET known = int8range(lower(known), $1)
                      WHERE document_id = $2 AND version = $3 AND upper_inf(known)
                  RETURNING *)
                 INSERT INTO agreement_versions (document_id, cooperation_id, kind, version, valid,
                                                 known)
                 SELECT document_id, cooperation_id, kind, version, daterange($4, NULL),
                        int8range($1, NULL)
                   FROM superseded",
            )
            .bind(position)
            .bind(document_id)
            .bind(i64::from(corrected.version))
            .bind(corrected.effective_on)
            .execute(&mut *connection)
            .await?;
            expect_row(changed.rows_affected(), event, "the corrected version")?;
        }
    }
    Ok(())
}

async fn apply_key(
    connection: &mut PgConnection,
    event: &RecordedEvent,
) -> Result<(), ProjectionError> {
    let position = event.position.as_stored();
    let key_id = stream_id(MODEL, event)?;
    match decode::<AllocationKeyEvent>(event)? {
        AllocationKeyEvent::AllocationKeyAdopted(adopted) => {
            sqlx::query(&insert_key_sql("$8::bigint", ""))
                .bind(key_id)
                .bind(adopted.cooperation_id)
                .bind(adopted.document_id)
                .bind(i64::from(adopted.document_version))
                .bind(json_of(&adopted.parties)?)
                .bind(json_of(&adopted.method)?)
                .bind(json_of(&adopted.exceptions)?)
                .bind(position)
                .bind(json_of(&adopted.basis)?)
                .bind(None::<String>)
                .execute(&mut *connection)
                .await?;
        }
        AllocationKeyEvent::AllocationKeyCorrected(corrected) => {
            // A correction restates the key and keeps the position that adopted it.
            let AllocationKeyAdopted {
                cooperation_id,
                document_id,
                document_version,
                parties,
                method,
                exceptions,
                basis,
            } = &corrected.adopted;
            let changed = sqlx::query(&insert_key_sql(
                "superseded.adopted_at",
                "WITH superseded AS (
                     UPDATE keys SET known = int8range(lower(known), $8)
                      WHERE key_id = $1 AND upper_inf(known)
                  RETURNING adopted_at)",
            ))
            .bind(key_id)
            .bind(cooperation_id)
            .bind(document_id)
            .bind(i64::from(*document_version))
            .bind(json_of(parties)?)
            .bind(json_of(method)?)
            .bind(json_of(exceptions)?)
            .bind(position)
            .bind(json_of(basis)?)
            .bind(Some(corrected.reason.as_str()))
            .execute(&mut *connection)
            .await?;
            expect_row(changed.rows_affected(), event, "the corrected key")?;
        }
    }
    Ok(())
}

/// Inserts a version of a key from parameters $1 to $10 (id, cooperation, document, version,
/// parties, method, exceptions, position, basis, correction reason), with `adopted_at` taken
/// from `adopted_at`, after `prefix` (a CTE that closes the current version, for a correction).
/// Both arguments are fixed text, never user input.
fn insert_key_sql(adopted_at: &str, prefix: &str) -> String {
    let from = if prefix.is_empty() {
        ""
    } else {
        " FROM superseded"
    };
    format!(
        "{prefix}
         INSERT INTO keys (key_id, cooperation_id, document_id, document_version, parties, method,
                           exceptions, basis, correction_reason, adopted_at, valid, known)
         SELECT $1, $2, $3, $4, $5, $6, $7, $9, $10, {adopted_at}, daterange(NULL, NULL),
                int8range($8, NULL){from}"
    )
}

async fn apply_budget(
    connection: &mut PgConnection,
    event: &RecordedEvent,
) -> Result<(), ProjectionError> {
    let position = event.position.as_stored();
    let stream = event.aggregate_id.as_str();
    let (revision, lines, basis, reason) = match decode::<BudgetEvent>(event)? {
        BudgetEvent::BudgetAdopted(adopted) => {
            sqlx::query(
                "INSERT INTO budgets (stream, cooperation_id, year, revision, lines, basis,
                                      correction_reason, valid, known)
                 VALUES ($1, $2, $3, 1, $4, $5, NULL,
                         daterange(make_date($3, 1, 1), make_date($3, 12, 31), '[]'),
                         int8range($6, NULL))",
            )
            .bind(stream)
            .bind(adopted.cooperation_id)
            .bind(adopted.year)
            .bind(json_of(&adopted.lines)?)
            .bind(json_of(&adopted.basis)?)
            .bind(position)
            .execute(&mut *connection)
            .await?;
            return Ok(());
        }
        BudgetEvent::BudgetRevised(revised) => (
            revised.revision,
            revised.lines,
            Some(json_of(&revised.basis)?),
            None,
        ),
        BudgetEvent::BudgetCorrected(corrected) => (
            corrected.revision,
            corrected.lines,
            None,
            Some(corrected.reason),
        ),
    };
    // A revision brings its own basis; a correction keeps the basis of the revision it corrects.
    let changed = sqlx::query(
        "WITH superseded AS (
             UPDATE budgets SET known = int8range(lower(known), $1)
              WHERE stream = $2 AND upper_inf(known)
          RETURNING *)
         INSERT INTO budgets (stream, cooperation_id, year, revision, lines, basis,
                              correction_reason, valid, known)
         SELECT stream, cooperation_id, year, $3, $4, coalesce($5, basis), $6, valid,
                int8range($1, NULL)
           FROM superseded",
    )
    .bind(position)
    .bind(stream)
    .bind(i64::from(revision))
    .bind(json_of(&lines)?)
    .bind(basis)
    .bind(reason)
    .execute(&mut *connection)
    .await?;
    expect_row(changed.rows_affected(), event, "the budget")
}

async fn apply_population(
    connection: &mut PgConnection,
    event: &RecordedEvent,
) -> Result<(), ProjectionError> {
    let position = event.position.as_stored();
    let stream = event.aggregate_id.as_str();
    match decode::<PopulationEvent>(event)? {
        PopulationEvent::PopulationRecorded(recorded) => {
            sqlx::query(
                "INSERT INTO populations (stream, party, population, source, correction_reason,
                                          valid, known)
                 VALUES ($1, $2, $3, $4, NULL, daterange($5, $5, '[]'), int8range($6, NULL))",
            )
            .bind(stream)
            .bind(recorded.party.as_str())
            .bind(i64::from(recorded.population))
            .bind(&recorded.source)
            .bind(recorded.reference_date)
            .bind(position)
            .execute(&mut *connection)
            .await?;
        }
        PopulationEvent::PopulationCorrected(corrected) => {
            let changed = sqlx::query(
                "WITH superseded AS (
                     UPDATE populations SET known = int8range(lower(known), $1)
                      WHERE stream = $2 AND upper_inf(known)
                  RETURNING *)
                 INSERT INTO populations (stream, party, population, source, correction_reason,
                                          valid, known)
                 SELECT stream, party, $3, $4, $5, valid, int8range($1, NULL)
                   FROM superseded",
            )
            .bind(position)
            .bind(stream)
            .bind(i64::from(corrected.population))
            .bind(&corrected.source)
            .bind(&corrected.reason)
            .execute(&mut *connection)
            .await?;
            expect_row(changed.rows_affected(), event, "the corrected population")?;
        }
    }
    Ok(())
}
