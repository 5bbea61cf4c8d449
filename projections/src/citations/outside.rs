//! The outside decisions the register cites, to find one by search and to read one: what a
//! person picks a basis from instead of typing its id.

use chrono::NaiveDate;
use serde::Serialize;
use sqlx::postgres::PgRow;
use sqlx::{PgPool, Row};
use uuid::Uuid;

use super::query::outside_decision_citation;
use crate::read_at::{ReadAt, Resolved};
use crate::{QueryError, ReadModel};

const MODEL: ReadModel = ReadModel::Citations;

/// An outside body's decision as the register knew it, with how it is cited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct OutsideDecision {
    pub decision_id: Uuid,
    /// The body as it is cited, for example "RS" or "KF Mora".
    pub issuer: String,
    /// The party whose body decided; `null` for a body of no party.
    pub issuer_party: Option<String>,
    #[schema(value_type = String, format = Date)]
    pub decided_on: NaiveDate,
    pub paragraph: Option<String>,
    pub registry_number: Option<String>,
    pub subject: String,
    /// How the register cites it, for example "RS 2025-05-06 §103, dnr RS 2025/103".
    pub citation: String,
    /// Why it was corrected, when this version is a correction.
    pub correction_reason: Option<String>,
}

/// The outside decisions decided on or before `as_of`, as known at `known_at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct OutsideDecisions {
    #[schema(value_type = String, format = Date)]
    pub as_of: NaiveDate,
    pub known_at: u64,
    /// The latest decided first, then by issuer and id.
    pub decisions: Vec<OutsideDecision>,
}

const COLUMNS: &str = "decision_id, issuer, issuer_party, decided_on, paragraph, registry_number,
                       subject, correction_reason";

/// The outside decisions decided on or before `read_at.as_of`, those matching `text` when it is
/// given: words of the issuer, the subject or the registry number in web-search syntax, with
/// Swedish stemming ("avveckling" finds "Avveckling av …").
pub async fn outside_decisions(
    pool: &PgPool,
    read_at: ReadAt,
    text: Option<&str>,
) -> Result<OutsideDecisions, QueryError> {
    let Resolved { as_of, known_at } = read_at.resolve(pool, MODEL).await?;
    let text = text.map(str::trim).filter(|text| !text.is_empty());
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM read_citations.external_decisions
          WHERE known @> $1::bigint AND decided_on <= $2::date
            AND ($3::text IS NULL OR search @@ websearch_to_tsquery('swedish', $3))
          ORDER BY decided_on DESC, issuer, decision_id"
    ))
    .bind(known_at.as_stored())
    .bind(as_of)
    .bind(text)
    .fetch_all(pool)
    .await?;
    Ok(OutsideDecisions {
        as_of,
        known_at: known_at.get(),
        decisions: rows.iter().map(from_row).collect::<Result<_, _>>()?,
    })
}

/// One outside decision as known at `read_at.known_at`, whatever day it was decided.
pub async fn outside_decision(
    pool: &PgPool,
    decision_id: Uuid,
    read_at: ReadAt,
) -> Result<(u64, Option<OutsideDecision>), QueryError> {
    let Resolved { known_at, .. } = read_at.resolve(pool, MODEL).await?;
    let row = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM read_citations.external_decisions
          WHERE decision_id = $1 AND known @> $2::bigint"
    ))
    .bind(decision_id)
    .bind(known_at.as_stored())
    .fetch_optional(pool)
    .await?;
    Ok((known_at.get(), row.as_ref().map(from_row).transpose()?))
}

fn from_row(row: &PgRow) -> Result<OutsideDecision, QueryError> {
    let issuer: String = row.try_get("issuer")?;
    let decided_on: NaiveDate = row.try_get("decided_on")?;
    let paragraph: Option<String> = row.try_get("paragraph")?;
    let registry_number: Option<String> = row.try_get("registry_number")?;
    Ok(OutsideDecision {
        decision_id: row.try_get("decision_id")?,
        citation: outside_decision_citation(
            issuer.clone(),
            decided_on,
            paragraph.clone(),
            registry_number.clone(),
        ),
        issuer,
        issuer_party: row.try_get("issuer_party")?,
        decided_on,
        paragraph,
        registry_number,
        subject: row.try_get("subject")?,
        correction_reason: row.try_get("correction_reason")?,
    })
}
