use std::collections::BTreeMap;

use chrono::NaiveDate;
use domain::mandate::{Category, MandateHolder};
use domain::{DateRange, LegalBasis};
use serde::Serialize;
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, PgPool, Row};
use uuid::Uuid;

use crate::columns::{from_json, from_text};
use crate::read_at::{ReadAt, Resolved};
use crate::{QueryError, ReadModel};

const MODEL: ReadModel = ReadModel::Mandates;

/// The mandates one holder has on one day, as the register knew it at one position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct MandatesView {
    pub as_of: NaiveDate,
    /// The log position the answer is as known at.
    pub known_at: u64,
    /// Sorted by category, first day and mandate id.
    pub mandates: Vec<HeldMandate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct HeldMandate {
    pub mandate_id: Uuid,
    pub holder: MandateHolder,
    /// What the mandate covers, with every category below it.
    pub category: Category,
    /// In words, what the mandate entrusts.
    pub scope: String,
    /// The categories below `category` the mandate does not cover, as granted.
    pub exclusions: Vec<Category>,
    /// The mandate's days: an early end is already counted in.
    pub valid: DateRange,
    /// The source of the mandate: a clause of a governing document, or a decision.
    pub basis: LegalBasis,
    /// The decision that ended the mandate early, when one did.
    pub end_basis: Option<LegalBasis>,
    /// Why the grant was corrected, when it was.
    pub correction_reason: Option<String>,
    /// The delegations of the mandate valid on `as_of`, sorted by category, delegate and id.
    pub delegations: Vec<Delegation>,
    /// The position of the event that recorded this version of the mandate.
    pub recorded_at_position: i64,
}

/// Part of a mandate delegated to an official.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Delegation {
    pub delegation_id: Uuid,
    /// The official's title, such as "inköpschef".
    pub delegate: String,
    pub category: Category,
    pub valid: DateRange,
    /// The delegation decision (delegationsordning) it rests on.
    pub basis: LegalBasis,
}

/// The mandates `body_id` holds on `read_at.as_of`, as known at `read_at.known_at`.
pub async fn mandates_of_body(
    pool: &PgPool,
    body_id: Uuid,
    read_at: ReadAt,
) -> Result<MandatesView, QueryError> {
    let resolved = read_at.resolve(pool, MODEL).await?;
    let mut connection = pool.acquire().await?;
    mandates_of_body_at(&mut connection, body_id, resolved).await
}

/// As [`mandates_of_body`], with both clocks already fixed, on the caller's connection: the transition
/// preview reads a read model inside a transaction that is never committed.
pub async fn mandates_of_body_at(
    connection: &mut PgConnection,
    body_id: Uuid,
    at: Resolved,
) -> Result<MandatesView, QueryError> {
    held_by_at(connection, "body_id", body_id, at).await
}

/// The mandates whose `column` (`body_id` or `mandate_id`) is `id`, with their delegations, at
/// clocks already resolved.
async fn held_by_at(
    connection: &mut PgConnection,
    column: &str,
    id: Uuid,
    at: Resolved,
) -> Result<MandatesView, QueryError> {
    let Resolved { as_of, known_at } = at;
    let known_at_stored = known_at.as_stored();
    let mandates = sqlx::query(&mandates_sql(column))
        .bind(id)
        .bind(as_of)
        .bind(known_at_stored)
        .fetch_all(&mut *connection)
        .await?;
    let delegations = sqlx::query(&delegations_sql(column))
        .bind(id)
        .bind(as_of)
        .bind(known_at_stored)
        .fetch_all(&mut *connection)
        .await?;
    Ok(MandatesView {
        as_of,
        known_at: known_at.get(),
        mandates: assemble(&mandates, &delegations)?,
    })
}

/// The mandate `mandate_id` with its delegations when it is in force on `read_at.as_of`, as
/// known at `read_at.known_at`: a view of one mandate or of none.
pub async fn mandate(
    pool: &PgPool,
    mandate_id: Uuid,
    read_at: ReadAt,
) -> Result<MandatesView, QueryError> {
    let resolved = read_at.resolve(pool, MODEL).await?;
    let mut connection = pool.acquire().await?;
    held_by_at(&mut connection, "mandate_id", mandate_id, resolved).await
}

/// The mandates the party with official code `party_code` holds on `read_at.as_of`, as known at
/// `read_at.known_at`. A code the register does not know holds none.
pub async fn mandates_of_party(
    pool: &PgPool,
    party_code: &str,
    read_at: ReadAt,
) -> Result<MandatesView, QueryError> {
    let resolved = read_at.resolve(pool, MODEL).await?;
    let mut connection = pool.acquire().await?;
    mandates_of_party_at(&mut connection, party_code, resolved).await
}

/// As [`mandates_of_party`], with both clocks already fixed, on the caller's connection: the transition
/// preview reads a read model inside a transaction that is never committed.
pub async fn mandates_of_party_at(
    connection: &mut PgConnection,
    party_code: &str,
    at: Resolved,
) -> Result<MandatesView, QueryError> {
    let Resolved { as_of, known_at } = at;
    let known_at_stored = known_at.as_stored();
    let mandates = sqlx::query(&mandates_sql("party"))
        .bind(party_code)
        .bind(as_of)
        .bind(known_at_stored)
        .fetch_all(&mut *connection)
        .await?;
    let delegations = sqlx::query(&delegations_sql("party"))
        .bind(party_code)
        .bind(as_of)
        .bind(known_at_stored)
        .fetch_all(&mut *connection)
        .await?;
    Ok(MandatesView {
        as_of,
        known_at: known_at.get(),
        mandates: assemble(&mandates, &delegations)?,
    })
}

/// The mandates whose holder column `holder` equals $1, valid on $2 and known at $3. The column
/// is one of two fixed names, never user input.
fn mandates_sql(holder: &str) -> String {
    format!(
        "SELECT mandate_id, body_id, party, category, scope, exclusions, basis, end_basis,
                correction_reason, lower(valid) AS valid_from, upper(valid) - 1 AS valid_to,
                lower(known) AS recorded_at_position
           FROM read_mandates.mandates
          WHERE {holder} = $1 AND valid @> $2::date AND known @> $3::bigint
          ORDER BY category, lower(valid), mandate_id"
    )
}

/// The delegations valid on $2 and known at $3 of the mandates [`mandates_sql`] selects. Joined
/// rather than listed by mandate id, because a GiST index cannot search for an array of ids.
fn delegations_sql(holder: &str) -> String {
    format!(
        "SELECT d.mandate_id, d.delegation_id, d.delegate, d.category, d.basis,
                lower(d.valid) AS valid_from, upper(d.valid) - 1 AS valid_to
           FROM read_mandates.mandates m
           JOIN read_mandates.delegations d ON d.mandate_id = m.mandate_id
          WHERE m.{holder} = $1 AND m.valid @> $2::date AND m.known @> $3::bigint
            AND d.valid @> $2::date AND d.known @> $3::bigint
          ORDER BY d.mandate_id, d.category, d.delegate, d.delegation_id"
    )
}

/// Puts each mandate's delegations under it, keeping both orders.
fn assemble(mandates: &[PgRow], delegations: &[PgRow]) -> Result<Vec<HeldMandate>, QueryError> {
    let mut by_mandate: BTreeMap<Uuid, Vec<Delegation>> = BTreeMap::new();
    for row in delegations {
        let mandate_id: Uuid = row.try_get("mandate_id")?;
        by_mandate
            .entry(mandate_id)
            .or_default()
            .push(delegation_from_row(row)?);
    }
    mandates
        .iter()
        .map(|row| {
            let mut mandate = mandate_from_row(row)?;
            mandate.delegations = by_mandate.remove(&mandate.mandate_id).unwrap_or_default();
            Ok(mandate)
        })
        .collect()
}

fn mandate_from_row(row: &PgRow) -> Result<HeldMandate, QueryError> {
    let body_id: Option<Uuid> = row.try_get("body_id")?;
    let party: Option<&str> = row.try_get("party")?;
    let holder = match (body_id, party) {
        (Some(body_id), None) => MandateHolder::Body { body_id },
        (None, Some(party)) => MandateHolder::Party {
            party: from_text(MODEL, "party", party)?,
        },
        _ => {
            return Err(QueryError::unreadable(
                MODEL,
                "a mandate row names not exactly one holder",
            ))
        }
    };
    let end_basis: Option<serde_json::Value> = row.try_get("end_basis")?;
    Ok(HeldMandate {
        mandate_id: row.try_get("mandate_id")?,
        holder,
        category: from_text(MODEL, "category", row.try_get("category")?)?,
        scope: row.try_get("scope")?,
        exclusions: from_json(MODEL, "exclusions", row.try_get("exclusions")?)?,
        valid: DateRange {
            from: row.try_get("valid_from")?,
            to: row.try_get("valid_to")?,
        },
        basis: from_json(MODEL, "basis", row.try_get("basis")?)?,
        end_basis: end_basis
            .map(|basis| from_json(MODEL, "end_basis", basis))
            .transpose()?,
        correction_reason: row.try_get("correction_reason")?,
        delegations: Vec::new(),
        recorded_at_position: row.try_get("recorded_at_position")?,
    })
}

fn delegation_from_row(row: &PgRow) -> Result<Delegation, QueryError> {
    Ok(Delegation {
        delegation_id: row.try_get("delegation_id")?,
        delegate: row.try_get("delegate")?,
        category: from_text(MODEL, "category", row.try_get("category")?)?,
        valid: DateRange {
            from: row.try_get("valid_from")?,
            to: row.try_get("valid_to")?,
        },
        basis: from_json(MODEL, "basis", row.try_get("basis")?)?,
    })
}
