use std::collections::BTreeMap;

use chrono::NaiveDate;
use domain::allocation::{
    allocate, reference_date, AllocationError, AllocationKeyAdopted, AllocationMethod, BudgetLine,
    BudgetTotals, NamedException, PartyShare,
};
use domain::{LegalBasis, PartyCode};
use serde::Serialize;
use sqlx::postgres::PgRow;
use sqlx::{PgPool, Row};
use uuid::Uuid;

use crate::columns::{from_json, number_from};
use crate::read_at::{ReadAt, Resolved};
use crate::{QueryError, ReadModel};

const MODEL: ReadModel = ReadModel::Allocation;

/// What a cooperation's budget for a year charges each party, and everything the answer rests on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct CostSharesView {
    pub cooperation_id: Uuid,
    pub year: i32,
    pub as_of: NaiveDate,
    /// The log position the answer is as known at.
    pub known_at: u64,
    /// The budget's lines as last revised or corrected.
    pub budget: BudgetVersionView,
    /// The day whose agreement version chose the key: 1 January of the budget year.
    pub key_chosen_on: NaiveDate,
    pub key: KeyUsed,
    /// For a population key, 31 December of the year before the budget year.
    pub reference_date: Option<NaiveDate>,
    /// For a population key, the figures used, by party code.
    pub populations: Vec<PopulationUsed>,
    pub totals: BudgetTotals,
    /// Each party's part, in the order of the key's parties.
    pub parties: Vec<PartyShare>,
}

/// A budget as one revision states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct BudgetVersionView {
    /// 1 as adopted, one more for each revised budget.
    pub revision: u32,
    pub lines: Vec<BudgetLine>,
    /// The decision that adopted this revision.
    pub basis: LegalBasis,
    /// Why the revision was corrected, when it was.
    pub correction_reason: Option<String>,
    /// The position of the event that recorded the lines as shown.
    pub recorded_at_position: i64,
}

/// The allocation key an answer used, and the agreement version it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct KeyUsed {
    pub key_id: Uuid,
    pub document_id: Uuid,
    pub document_version: u32,
    /// The day that agreement version took effect.
    pub agreement_effective_on: NaiveDate,
    pub method: AllocationMethod,
    pub exceptions: Vec<NamedException>,
    pub basis: LegalBasis,
    pub correction_reason: Option<String>,
    pub recorded_at_position: i64,
}

/// One party's population figure on the reference date, as used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PopulationUsed {
    pub party: PartyCode,
    pub population: u32,
    pub source: String,
    pub correction_reason: Option<String>,
    pub recorded_at_position: i64,
}

/// One population figure of a party, as a party's page lists them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PartyPopulation {
    /// The day the figure counts, such as 31 December of a year.
    pub reference_date: NaiveDate,
    pub population: u32,
    pub source: String,
    pub correction_reason: Option<String>,
}

/// Every population figure of `party` the register held at `known_at`, earliest reference date
/// first. The read model holds them by log position; a figure recorded after `known_at` is not
/// listed.
pub async fn populations_of_party(
    pool: &PgPool,
    party: &PartyCode,
    known_at: eventlog::Position,
) -> Result<Vec<PartyPopulation>, QueryError> {
    let rows = sqlx::query(
        "SELECT lower(valid) AS reference_date, population, source, correction_reason
           FROM read_allocation.populations
          WHERE party = $1 AND known @> $2::bigint
          ORDER BY lower(valid)",
    )
    .bind(party.as_str())
    .bind(known_at.as_stored())
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(PartyPopulation {
                reference_date: row.try_get("reference_date")?,
                population: number_from(MODEL, "population", row.try_get::<i64, _>("population")?)?,
                source: row.try_get("source")?,
                correction_reason: row.try_get("correction_reason")?,
            })
        })
        .collect()
}

/// Why a cooperation's cost shares for a year cannot be answered.
#[derive(Debug, thiserror::Error)]
pub enum CostSharesError {
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error("no budget of cooperation {cooperation_id} for {year} is known")]
    NoBudget { cooperation_id: Uuid, year: i32 },
    #[error("no cooperation agreement of the cooperation is in force on {on}, which chooses the allocation key of the budget year")]
    NoAgreementInForce { on: NaiveDate },
    #[error("version {version} of cooperation agreement {document_id}, in force on {on}, has no allocation key")]
    NoKeyForAgreementVersion {
        document_id: Uuid,
        version: u32,
        on: NaiveDate,
    },
    /// The budget cannot be split under the key, such as for a missing population figure.
    #[error(transparent)]
    Allocation(AllocationError),
}

impl From<sqlx::Error> for CostSharesError {
    fn from(error: sqlx::Error) -> Self {
        CostSharesError::Query(QueryError::Database(error))
    }
}

/// The years the cooperation `cooperation_id` has a budget for, as known at `read_at.known_at`,
/// earliest first.
pub async fn budget_years(
    pool: &PgPool,
    cooperation_id: Uuid,
    read_at: ReadAt,
) -> Result<Vec<i32>, QueryError> {
    let Resolved { known_at, .. } = read_at.resolve(pool, MODEL).await?;
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT year FROM read_allocation.budgets
          WHERE cooperation_id = $1 AND known @> $2::bigint
          ORDER BY year",
    )
    .bind(cooperation_id)
    .bind(known_at.as_stored())
    .fetch_all(pool)
    .await?)
}

/// The budget of `cooperation_id` for `year` as its latest revision or correction known at
/// `known_at` states it, or `None` when none is known: what a page shows even where no key
/// splits it yet.
pub async fn budget_of_year(
    pool: &PgPool,
    cooperation_id: Uuid,
    year: i32,
    known_at: eventlog::Position,
) -> Result<Option<BudgetVersionView>, QueryError> {
    let row = sqlx::query(
        "SELECT revision, lines, basis, correction_reason, lower(known) AS recorded_at_position
           FROM read_allocation.budgets
          WHERE cooperation_id = $1 AND year = $2 AND known @> $3::bigint",
    )
    .bind(cooperation_id)
    .bind(year)
    .bind(known_at.as_stored())
    .fetch_optional(pool)
    .await?;
    row.map(|row| {
        Ok(BudgetVersionView {
            revision: number_from(MODEL, "revision", row.try_get::<i64, _>("revision")?)?,
            lines: from_json(MODEL, "lines", row.try_get("lines")?)?,
            basis: from_json(MODEL, "basis", row.try_get("basis")?)?,
            correction_reason: row.try_get("correction_reason")?,
            recorded_at_position: row.try_get("recorded_at_position")?,
        })
    })
    .transpose()
}

/// What the budget of `cooperation_id` for `year` charges each party, under the key of the
/// cooperation agreement version in force on 1 January of `year`, as known at
/// `read_at.known_at`. See the module documentation for how each part is chosen.
pub async fn cost_shares(
    pool: &PgPool,
    cooperation_id: Uuid,
    year: i32,
    read_at: ReadAt,
) -> Result<CostSharesView, CostSharesError> {
    let Resolved { as_of, known_at } = read_at.resolve(pool, MODEL).await?;
    let known = known_at.as_stored();
    let year_out_of_range =
        || CostSharesError::Allocation(AllocationError::YearOutOfRange { year });
    let key_chosen_on = NaiveDate::from_ymd_opt(year, 1, 1).ok_or_else(year_out_of_range)?;

    let budget_row = sqlx::query(
        "SELECT revision, lines, basis, correction_reason, lower(known) AS recorded_at_position
           FROM read_allocation.budgets
          WHERE cooperation_id = $1 AND year = $2 AND known @> $3::bigint",
    )
    .bind(cooperation_id)
    .bind(year)
    .bind(known)
    .fetch_optional(pool)
    .await?
    .ok_or(CostSharesError::NoBudget {
        cooperation_id,
        year,
    })?;
    let budget = BudgetVersionView {
        revision: number_from(MODEL, "revision", budget_row.try_get::<i64, _>("revision")?)?,
        lines: from_json(MODEL, "lines", budget_row.try_get("lines")?)?,
        basis: from_json(MODEL, "basis", budget_row.try_get("basis")?)?,
        correction_reason: budget_row.try_get("correction_reason")?,
        recorded_at_position: budget_row.try_get("recorded_at_position")?,
    };

    let (key_id, key, key_used) = key_in_force(pool, cooperation_id, key_chosen_on, known).await?;

    let mut populations = Vec::new();
    let mut figures = BTreeMap::new();
    let reference = match key.method {
        AllocationMethod::Population => Some(reference_date(year).ok_or_else(year_out_of_range)?),
        AllocationMethod::FixedShares { .. } => None,
    };
    if let Some(reference) = reference {
        let parties: Vec<&str> = key.parties.iter().map(PartyCode::as_str).collect();
        let rows = sqlx::query(
            "SELECT party, population, source, correction_reason,
                    lower(known) AS recorded_at_position
               FROM read_allocation.populations
              WHERE party = ANY($1) AND valid @> $2::date AND known @> $3::bigint
              ORDER BY party",
        )
        .bind(&parties)
        .bind(reference)
        .bind(known)
        .fetch_all(pool)
        .await?;
        for row in rows {
            let used = population_from_row(&row)?;
            figures.insert(used.party.clone(), used.population);
            populations.push(used);
        }
    }

    let allocation =
        allocate(year, &budget.lines, &key, &figures).map_err(CostSharesError::Allocation)?;
    debug_assert_eq!(allocation.reference_date, reference);
    Ok(CostSharesView {
        cooperation_id,
        year,
        as_of,
        known_at: known_at.get(),
        budget,
        key_chosen_on,
        key: KeyUsed {
            key_id,
            method: key.method,
            exceptions: key.exceptions,
            ..key_used
        },
        reference_date: allocation.reference_date,
        populations,
        totals: allocation.totals,
        parties: allocation.parties,
    })
}

/// The key of the cooperation agreement version in force on `on`, as known at `known`: of the
/// cooperation's agreements in force that day, the version that took effect last and has a key.
async fn key_in_force(
    pool: &PgPool,
    cooperation_id: Uuid,
    on: NaiveDate,
    known: i64,
) -> Result<(Uuid, AllocationKeyAdopted, KeyUsed), CostSharesError> {
    // Each agreement's version in force on the day: versions take effect in version order, so it
    // is the one that took effect last, and of two taking effect on one day the later version.
    let versions = sqlx::query(
        "SELECT document_id, version, effective_on FROM (
             SELECT DISTINCT ON (document_id) document_id, version, lower(valid) AS effective_on
               FROM read_allocation.agreement_versions
              WHERE cooperation_id = $1 AND kind = 'cooperation_agreement'
                AND valid @> $2::date AND known @> $3::bigint
              ORDER BY document_id, lower(valid) DESC, version DESC) in_force
          ORDER BY effective_on DESC, document_id",
    )
    .bind(cooperation_id)
    .bind(on)
    .bind(known)
    .fetch_all(pool)
    .await?;
    let Some(latest) = versions.first() else {
        return Err(CostSharesError::NoAgreementInForce { on });
    };
    for version in &versions {
        let document_id: Uuid = version.try_get("document_id")?;
        let number: i64 = version.try_get("version")?;
        let effective_on: NaiveDate = version.try_get("effective_on")?;
        let row = sqlx::query(
            "SELECT key_id, cooperation_id, parties, method, exceptions, basis, correction_reason,
                    lower(known) AS recorded_at_position
               FROM read_allocation.keys
              WHERE document_id = $1 AND document_version = $2 AND known @> $3::bigint
              ORDER BY adopted_at
              LIMIT 1",
        )
        .bind(document_id)
        .bind(number)
        .bind(known)
        .fetch_optional(pool)
        .await?;
        if let Some(row) = row {
            let document_version = number_from(MODEL, "document_version", number)?;
            let key = AllocationKeyAdopted {
                cooperation_id: row.try_get("cooperation_id")?,
                document_id,
                document_version,
                parties: from_json(MODEL, "parties", row.try_get("parties")?)?,
                method: from_json(MODEL, "method", row.try_get("method")?)?,
                exceptions: from_json(MODEL, "exceptions", row.try_get("exceptions")?)?,
                basis: from_json(MODEL, "basis", row.try_get("basis")?)?,
            };
            let used = KeyUsed {
                key_id: row.try_get("key_id")?,
                document_id,
                document_version,
                agreement_effective_on: effective_on,
                method: key.method.clone(),
                exceptions: key.exceptions.clone(),
                basis: key.basis.clone(),
                correction_reason: row.try_get("correction_reason")?,
                recorded_at_position: row.try_get("recorded_at_position")?,
            };
            return Ok((used.key_id, key, used));
        }
    }
    Err(CostSharesError::NoKeyForAgreementVersion {
        document_id: latest.try_get("document_id")?,
        version: number_from(MODEL, "version", latest.try_get::<i64, _>("version")?)?,
        on,
    })
}

fn population_from_row(row: &PgRow) -> Result<PopulationUsed, QueryError> {
    let party: String = row.try_get("party")?;
    Ok(PopulationUsed {
        party: PartyCode::parse(&party)
            .map_err(|error| QueryError::unreadable(MODEL, format!("party: {error}")))?,
        population: number_from(MODEL, "population", row.try_get::<i64, _>("population")?)?,
        source: row.try_get("source")?,
        correction_reason: row.try_get("correction_reason")?,
        recorded_at_position: row.try_get("recorded_at_position")?,
    })
}
