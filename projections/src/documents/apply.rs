use cqrs_es::Aggregate;
use domain::governing_document::{
    apply_changes, Clause, GoverningDocument, GoverningDocumentEvent,
};
use eventlog::RecordedEvent;
use sqlx::types::Json;
use sqlx::PgConnection;

use crate::columns::{json_of, text_of};
use crate::decode::decode;
use crate::stream::{self, stream_id};
use crate::{ProjectionError, ReadModel};

const MODEL: ReadModel = ReadModel::Documents;

const COLUMNS: &str = "document_id, cooperation_id, kind, title, version, amends_version, \
                       effective_on, clauses, changes, basis, correction_reason, \
                       correction_basis, known";

fn expect_row(rows: u64, event: &RecordedEvent, missing: &str) -> Result<(), ProjectionError> {
    stream::expect_row(MODEL, rows, event, missing)
}

pub(crate) async fn apply(
    connection: &mut PgConnection,
    event: &RecordedEvent,
) -> Result<(), ProjectionError> {
    if event.aggregate_type != GoverningDocument::TYPE {
        return Ok(());
    }
    let position = event.position.as_stored();
    let document_id = stream_id(MODEL, event)?;
    match decode::<GoverningDocumentEvent>(event)? {
        GoverningDocumentEvent::DocumentAdopted(adopted) => {
            sqlx::query(&format!(
                "INSERT INTO versions ({COLUMNS})
                 VALUES ($1, $2, $3, $4, 1, NULL, $5, $6, NULL, $7, NULL, NULL,
                         int8range($8, NULL))"
            ))
            .bind(document_id)
            .bind(adopted.cooperation_id)
            .bind(text_of(&adopted.kind)?)
            .bind(&adopted.title)
            .bind(adopted.effective_on)
            .bind(json_of(&adopted.clauses)?)
            .bind(json_of(&adopted.basis)?)
            .bind(position)
            .execute(&mut *connection)
            .await?;
        }
        GoverningDocumentEvent::DocumentAmended(amended) => {
            let amends_version = i64::from(amended.amends_version);
            let amended_clauses: Option<Json<Vec<Clause>>> = sqlx::query_scalar(
                "SELECT clauses FROM versions
                  WHERE document_id = $1 AND version = $2 AND upper_inf(known)",
            )
            .bind(document_id)
            .bind(amends_version)
            .fetch_optional(&mut *connection)
            .await?;
            let Some(Json(amended_clauses)) = amended_clauses else {
                return expect_row(0, event, "the amended version");
            };
            // The full text is computed by the document's own rule, so that the read model's
            // version N reads exactly as the aggregate's.
            let clauses = apply_changes(&amended_clauses, &amended.changes);
            let inserted = sqlx::query(&format!(
                "INSERT INTO versions ({COLUMNS})
                 SELECT document_id, cooperation_id, kind, title, $3, version, $4, $5, $6, $7,
                        NULL, NULL, int8range($8, NULL)
                   FROM versions
                  WHERE document_id = $1 AND version = $2 AND upper_inf(known)"
            ))
            .bind(document_id)
            .bind(amends_version)
            .bind(i64::from(amended.version))
            .bind(amended.effective_on)
            .bind(json_of(&clauses)?)
            .bind(json_of(&amended.changes)?)
            .bind(json_of(&amended.basis)?)
            .bind(position)
            .execute(&mut *connection)
            .await?;
            expect_row(inserted.rows_affected(), event, "the amended version")?;
        }
        GoverningDocumentEvent::VersionCorrected(corrected) => {
            let clauses = corrected.clauses.as_ref().map(json_of).transpose()?;
            let changed = sqlx::query(&format!(
                "WITH superseded AS (
                     UPDATE versions SET known = int8range(lower(known), $1)
                      WHERE document_id = $2 AND version = $3 AND upper_inf(known)
                  RETURNING *)
                 INSERT INTO versions ({COLUMNS})
                 SELECT document_id, cooperation_id, kind, title, version, amends_version, $4,
                        coalesce($5, clauses), changes, basis, $6, $7, int8range($1, NULL)
                   FROM superseded"
            ))
            .bind(position)
            .bind(document_id)
            .bind(i64::from(corrected.version))
            .bind(corrected.effective_on)
            .bind(clauses)
            .bind(&corrected.reason)
            .bind(json_of(&corrected.basis)?)
            .execute(&mut *connection)
            .await?;
            expect_row(changed.rows_affected(), event, "the corrected version")?;
        }
    }
    Ok(())
}
