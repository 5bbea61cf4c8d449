use chrono::NaiveDate;
use domain::governing_document::{Clause, ClauseChange, DocumentKind};
use domain::LegalBasis;
use serde::Serialize;
use serde_json::Value;
use sqlx::postgres::PgRow;
use sqlx::{PgPool, Row};
use uuid::Uuid;

use crate::columns::{from_json, from_text, number_from};
use crate::read_at::{ReadAt, Resolved};
use crate::{QueryError, ReadModel};

const MODEL: ReadModel = ReadModel::Documents;

/// One version of a governing document with its full text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct DocumentVersionView {
    pub document_id: Uuid,
    pub cooperation_id: Uuid,
    pub kind: DocumentKind,
    pub title: String,
    /// 1 for the document as adopted, one more for each amendment.
    pub version: u32,
    pub effective_on: NaiveDate,
    /// Every clause of this version, in document order.
    pub clauses: Vec<Clause>,
    /// The decision that adopted the document or made this amendment.
    pub basis: LegalBasis,
    pub correction: Option<VersionCorrection>,
    /// The position of the event that recorded this version as shown.
    pub recorded_at_position: i64,
}

/// One entry of a document's list of amendments; version 1 is the adoption itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct AmendmentView {
    pub version: u32,
    /// The version the amendment changed; none for the adoption.
    pub amends_version: Option<u32>,
    pub effective_on: NaiveDate,
    /// The changes as the amendment recorded them; empty for the adoption.
    pub changes: Vec<ClauseChange>,
    pub basis: LegalBasis,
    pub correction: Option<VersionCorrection>,
    pub recorded_at_position: i64,
}

/// Why a version was corrected (rättelse), and on what basis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct VersionCorrection {
    pub reason: String,
    pub basis: LegalBasis,
}

/// The version of `document_id` in force on `read_at.as_of`, as known at `read_at.known_at`:
/// the one that took effect last on or before that day. None before the document took effect.
pub async fn document_in_force(
    pool: &PgPool,
    document_id: Uuid,
    read_at: ReadAt,
) -> Result<Option<DocumentVersionView>, QueryError> {
    let Resolved { as_of, known_at } = read_at.resolve(pool, MODEL).await?;
    // Versions take effect in version order, so the latest effective date is the latest version
    // in force; of two taking effect on one day, the later version replaced the earlier.
    sqlx::query(
        "SELECT document_id, cooperation_id, kind, title, version, effective_on, clauses, basis,
                correction_reason, correction_basis, lower(known) AS recorded_at_position
           FROM read_documents.versions
          WHERE document_id = $1 AND effective_on <= $2 AND known @> $3::bigint
          ORDER BY effective_on DESC, version DESC
          LIMIT 1",
    )
    .bind(document_id)
    .bind(as_of)
    .bind(known_at.as_stored())
    .fetch_optional(pool)
    .await?
    .map(|row| version_from_row(&row))
    .transpose()
}

/// Version `version` of `document_id` as known at `read_at.known_at`, whether or not it is in
/// force on `read_at.as_of`; none when the register held no such version then.
pub async fn document_version(
    pool: &PgPool,
    document_id: Uuid,
    version: u32,
    read_at: ReadAt,
) -> Result<Option<DocumentVersionView>, QueryError> {
    let Resolved { known_at, .. } = read_at.resolve(pool, MODEL).await?;
    sqlx::query(
        "SELECT document_id, cooperation_id, kind, title, version, effective_on, clauses, basis,
                correction_reason, correction_basis, lower(known) AS recorded_at_position
           FROM read_documents.versions
          WHERE document_id = $1 AND version = $2 AND known @> $3::bigint",
    )
    .bind(document_id)
    .bind(i64::from(version))
    .bind(known_at.as_stored())
    .fetch_optional(pool)
    .await?
    .map(|row| version_from_row(&row))
    .transpose()
}

/// Every version of `document_id` known at `read_at.known_at`, in version order, whether or not
/// it has taken effect by `read_at.as_of`: the list of amendments is a record of decisions, and
/// an amendment decided for a later date belongs on it.
pub async fn amendments(
    pool: &PgPool,
    document_id: Uuid,
    read_at: ReadAt,
) -> Result<Vec<AmendmentView>, QueryError> {
    let Resolved { known_at, .. } = read_at.resolve(pool, MODEL).await?;
    sqlx::query(
        "SELECT version, amends_version, effective_on, changes, basis, correction_reason,
                correction_basis, lower(known) AS recorded_at_position
           FROM read_documents.versions
          WHERE document_id = $1 AND known @> $2::bigint
          ORDER BY version",
    )
    .bind(document_id)
    .bind(known_at.as_stored())
    .fetch_all(pool)
    .await?
    .iter()
    .map(amendment_from_row)
    .collect()
}

/// The version in force on `read_at.as_of` of every governing document of `cooperation_id`, as
/// known at `read_at.known_at`, by title. Documents not yet in force that day are left out.
pub async fn documents_of_cooperation(
    pool: &PgPool,
    cooperation_id: Uuid,
    read_at: ReadAt,
) -> Result<Vec<DocumentVersionView>, QueryError> {
    let Resolved { as_of, known_at } = read_at.resolve(pool, MODEL).await?;
    sqlx::query(
        "SELECT * FROM (
             SELECT DISTINCT ON (document_id)
                    document_id, cooperation_id, kind, title, version, effective_on, clauses,
                    basis, correction_reason, correction_basis,
                    lower(known) AS recorded_at_position
               FROM read_documents.versions
              WHERE cooperation_id = $1 AND effective_on <= $2 AND known @> $3::bigint
              ORDER BY document_id, effective_on DESC, version DESC) in_force
          ORDER BY title, document_id",
    )
    .bind(cooperation_id)
    .bind(as_of)
    .bind(known_at.as_stored())
    .fetch_all(pool)
    .await?
    .iter()
    .map(version_from_row)
    .collect()
}

fn version_from_row(row: &PgRow) -> Result<DocumentVersionView, QueryError> {
    Ok(DocumentVersionView {
        document_id: row.try_get("document_id")?,
        cooperation_id: row.try_get("cooperation_id")?,
        kind: from_text(MODEL, "kind", row.try_get("kind")?)?,
        title: row.try_get("title")?,
        version: number_from(MODEL, "version", row.try_get::<i64, _>("version")?)?,
        effective_on: row.try_get("effective_on")?,
        clauses: from_json(MODEL, "clauses", row.try_get("clauses")?)?,
        basis: from_json(MODEL, "basis", row.try_get("basis")?)?,
        correction: correction_from_row(row)?,
        recorded_at_position: row.try_get("recorded_at_position")?,
    })
}

fn amendment_from_row(row: &PgRow) -> Result<AmendmentView, QueryError> {
    let amends_version: Option<i64> = row.try_get("amends_version")?;
    let changes: Option<Value> = row.try_get("changes")?;
    Ok(AmendmentView {
        version: number_from(MODEL, "version", row.try_get::<i64, _>("version")?)?,
        amends_version: amends_version
            .map(|version| number_from(MODEL, "amends_version", version))
            .transpose()?,
        effective_on: row.try_get("effective_on")?,
        changes: changes
            .map(|changes| from_json(MODEL, "changes", changes))
            .transpose()?
            .unwrap_or_default(),
        basis: from_json(MODEL, "basis", row.try_get("basis")?)?,
        correction: correction_from_row(row)?,
        recorded_at_position: row.try_get("recorded_at_position")?,
    })
}

fn correction_from_row(row: &PgRow) -> Result<Option<VersionCorrection>, QueryError> {
    let reason: Option<String> = row.try_get("correction_reason")?;
    let basis: Option<Value> = row.try_get("correction_basis")?;
    match (reason, basis) {
        (Some(reason), Some(basis)) => Ok(Some(VersionCorrection {
            reason,
            basis: from_json(MODEL, "correction_basis", basis)?,
        })),
        (None, None) => Ok(None),
        _ => Err(QueryError::unreadable(
            MODEL,
            "a correction without both its reason and its basis",
        )),
    }
}
