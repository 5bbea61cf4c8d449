//! The bodies of a cooperation, and one body, with each one's standing on `as_of`: a body is
//! still a body before it is established and after it has ended, and a reader is told which.

use chrono::NaiveDate;
use domain::body::BodyKind;
use domain::LegalBasis;
use serde::Serialize;
use sqlx::postgres::PgRow;
use sqlx::{PgPool, Row};
use uuid::Uuid;

use crate::columns::{from_json, from_text};
use crate::read_at::{ReadAt, Resolved};
use crate::{QueryError, ReadModel};

const MODEL: ReadModel = ReadModel::Membership;

/// Where a body stands on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum BodyStanding {
    /// The body is established on a later day.
    NotYetEstablished,
    Active,
    /// The body's last day has passed.
    Ended {
        #[schema(value_type = String, format = Date)]
        last_day: NaiveDate,
    },
}

/// A body as the register knew it, whatever its standing on `as_of`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct BodyListing {
    pub body_id: Uuid,
    pub cooperation_id: Uuid,
    pub kind: BodyKind,
    pub name: String,
    #[schema(value_type = String, format = Date)]
    pub established_on: NaiveDate,
    /// The last day, when the body's dissolution is recorded.
    #[schema(value_type = Option<String>, format = Date)]
    pub last_day: Option<NaiveDate>,
    pub standing: BodyStanding,
    pub basis: LegalBasis,
    /// The decisions the body's dissolution rests on, once it is recorded; none before.
    pub dissolution_bases: Vec<LegalBasis>,
}

/// A cooperation's bodies on one day, as the register knew them at one position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct BodiesOfCooperation {
    #[schema(value_type = String, format = Date)]
    pub as_of: NaiveDate,
    pub known_at: u64,
    /// Every body known at `known_at`, by the day it was established, then name, then id.
    pub bodies: Vec<BodyListing>,
}

/// One body on one day, as the register knew it at one position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct BodyOnDay {
    #[schema(value_type = String, format = Date)]
    pub as_of: NaiveDate,
    pub known_at: u64,
    /// The body, when the register knew of it at `known_at`.
    pub body: Option<BodyListing>,
}

pub(super) const BODY_COLUMNS: &str =
    "body_id, cooperation_id, kind, name, basis, dissolution_bases,
                            lower(valid) AS established_on,
                            CASE WHEN upper_inf(valid) THEN NULL ELSE upper(valid) - 1 END
                                AS last_day";

/// Every body of `cooperation_id` known at `read_at.known_at`, with its standing on `as_of`.
pub async fn bodies_of_cooperation(
    pool: &PgPool,
    cooperation_id: Uuid,
    read_at: ReadAt,
) -> Result<BodiesOfCooperation, QueryError> {
    let Resolved { as_of, known_at } = read_at.resolve(pool, MODEL).await?;
    let bodies = sqlx::query(&format!(
        "SELECT {BODY_COLUMNS} FROM read_membership.bodies
          WHERE cooperation_id = $1 AND known @> $2::bigint
          ORDER BY lower(valid), name, body_id"
    ))
    .bind(cooperation_id)
    .bind(known_at.as_stored())
    .fetch_all(pool)
    .await?
    .iter()
    .map(|row| listing_from_row(row, as_of))
    .collect::<Result<_, _>>()?;
    Ok(BodiesOfCooperation {
        as_of,
        known_at: known_at.get(),
        bodies,
    })
}

/// The body `body_id` as known at `read_at.known_at`, with its standing on `as_of`.
pub async fn body_on_day(
    pool: &PgPool,
    body_id: Uuid,
    read_at: ReadAt,
) -> Result<BodyOnDay, QueryError> {
    let Resolved { as_of, known_at } = read_at.resolve(pool, MODEL).await?;
    let body = sqlx::query(&format!(
        "SELECT {BODY_COLUMNS} FROM read_membership.bodies
          WHERE body_id = $1 AND known @> $2::bigint"
    ))
    .bind(body_id)
    .bind(known_at.as_stored())
    .fetch_optional(pool)
    .await?
    .map(|row| listing_from_row(&row, as_of))
    .transpose()?;
    Ok(BodyOnDay {
        as_of,
        known_at: known_at.get(),
        body,
    })
}

pub(super) fn listing_from_row(row: &PgRow, as_of: NaiveDate) -> Result<BodyListing, QueryError> {
    let established_on: NaiveDate = row.try_get("established_on")?;
    let last_day: Option<NaiveDate> = row.try_get("last_day")?;
    let dissolution_bases: Option<serde_json::Value> = row.try_get("dissolution_bases")?;
    Ok(BodyListing {
        body_id: row.try_get("body_id")?,
        cooperation_id: row.try_get("cooperation_id")?,
        kind: from_text(MODEL, "kind", row.try_get("kind")?)?,
        name: row.try_get("name")?,
        established_on,
        last_day,
        standing: standing_on(as_of, established_on, last_day),
        basis: from_json(MODEL, "basis", row.try_get("basis")?)?,
        dissolution_bases: dissolution_bases
            .map(|bases| from_json(MODEL, "dissolution_bases", bases))
            .transpose()?
            .unwrap_or_default(),
    })
}

/// A body's standing on `as_of`, from its first and last day.
fn standing_on(
    as_of: NaiveDate,
    established_on: NaiveDate,
    last_day: Option<NaiveDate>,
) -> BodyStanding {
    match last_day {
        _ if as_of < established_on => BodyStanding::NotYetEstablished,
        Some(last_day) if as_of > last_day => BodyStanding::Ended { last_day },
        _ => BodyStanding::Active,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    #[test]
    fn a_body_is_active_from_its_first_to_its_last_day_and_ended_the_day_after() {
        let first = day("2012-01-01");
        let last = Some(day("2024-06-30"));
        assert_eq!(
            standing_on(day("2011-12-31"), first, last),
            BodyStanding::NotYetEstablished
        );
        assert_eq!(standing_on(first, first, last), BodyStanding::Active);
        assert_eq!(
            standing_on(day("2024-06-30"), first, last),
            BodyStanding::Active
        );
        assert_eq!(
            standing_on(day("2024-07-01"), first, last),
            BodyStanding::Ended {
                last_day: day("2024-06-30")
            }
        );
        assert_eq!(
            standing_on(day("2099-01-01"), first, None),
            BodyStanding::Active
        );
    }
}
