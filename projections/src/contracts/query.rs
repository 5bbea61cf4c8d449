use chrono::NaiveDate;
use domain::contract::{ContractHolder, ContractKind, ExtensionOption};
use domain::{LegalBasis, PartyCode};
use serde::{Deserialize, Serialize};
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, PgPool, Row};
use uuid::Uuid;

use crate::columns::{from_json, from_text};
use crate::read_at::{ReadAt, Resolved};
use crate::{QueryError, ReadModel};

const MODEL: ReadModel = ReadModel::Contracts;

/// Contracts on one day, as the register knew them at one position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ContractsView {
    pub as_of: NaiveDate,
    /// The log position the answer is as known at.
    pub known_at: u64,
    /// Sorted by title, then contract id.
    pub contracts: Vec<ContractEntry>,
}

/// A contract as the register holds it, with its holder and callers on `as_of`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ContractEntry {
    pub contract_id: Uuid,
    /// The cooperation that registered the contract.
    pub cooperation_id: Uuid,
    pub title: String,
    pub category: String,
    pub supplier: String,
    pub kind: ContractKind,
    pub registry_number: Option<String>,
    pub starts_on: NaiveDate,
    /// The current last day, after the extensions exercised.
    pub ends_on: NaiveDate,
    /// The last day if every remaining option were exercised.
    pub latest_possible_end: NaiveDate,
    /// Every option, as registered.
    pub extension_options: Vec<ExtensionOption>,
    /// The options exercised, in order, each with its decision.
    pub extensions: Vec<ContractExtension>,
    /// The options not yet exercised, in the order they can be.
    pub options_remaining: Vec<ExtensionOption>,
    /// Who holds the contract on `as_of`; none outside its term.
    pub holder: Option<ContractHolder>,
    /// Who may call off on `as_of`; none outside its term.
    pub callers: Vec<PartyCode>,
    /// The day the holder on `as_of` took the contract over, or its first day.
    pub held_since: Option<NaiveDate>,
    /// What the holding on `as_of` rests on: the registration, or the reassignment.
    pub holder_basis: Option<LegalBasis>,
    /// What the registration rests on, such as the award decision.
    pub basis: LegalBasis,
    /// Why the registration was corrected, when it was.
    pub correction_reason: Option<String>,
    /// The position of the contract's latest event as known at `known_at`: every event on the
    /// contract (an extension, a reassignment, a correction) records a new version of it.
    pub recorded_at_position: i64,
}

/// An extension option exercised: the day the contract was extended to, when and on what basis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ContractExtension {
    pub extends_to: NaiveDate,
    pub decided_on: NaiveDate,
    pub basis: LegalBasis,
}

/// The contracts that have not yet expired on one day, by their last day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ExpiriesView {
    pub as_of: NaiveDate,
    /// The log position the answer is as known at.
    pub known_at: u64,
    /// Sorted by current last day, then title, then contract id.
    pub expiries: Vec<Expiry>,
}

/// When one contract expires, seen from `as_of`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Expiry {
    pub contract_id: Uuid,
    pub title: String,
    pub category: String,
    pub supplier: String,
    pub kind: ContractKind,
    /// Who holds the contract on `as_of`; none before its first day.
    pub holder: Option<ContractHolder>,
    /// The current last day, after the extensions exercised.
    pub ends_on: NaiveDate,
    /// The last day if every remaining option were exercised.
    pub latest_possible_end: NaiveDate,
    pub options_remaining: Vec<ExtensionOption>,
    /// Days from `as_of` to the current last day: 0 on the last day itself.
    pub days_until_end: i64,
}

/// Every contract the cooperation `cooperation_id` registered, or holds in some period of its
/// term, whatever the term (expired and future ones too), with holder and callers on `as_of`.
pub async fn contracts_of_cooperation(
    pool: &PgPool,
    cooperation_id: Uuid,
    read_at: ReadAt,
) -> Result<ContractsView, QueryError> {
    let at = read_at.resolve(pool, MODEL).await?;
    let mut connection = pool.acquire().await?;
    contracts_of_cooperation_at(&mut connection, cooperation_id, at).await
}

/// [`contracts_of_cooperation`] on `connection`, at clocks already resolved.
pub async fn contracts_of_cooperation_at(
    connection: &mut PgConnection,
    cooperation_id: Uuid,
    at: Resolved,
) -> Result<ContractsView, QueryError> {
    let contracts = sqlx::query(&format!(
        "{ENTRY_SELECT}
          WHERE c.known @> $3::bigint AND {OF_COOPERATION}
          ORDER BY c.title, c.contract_id"
    ))
    .bind(cooperation_id)
    .bind(at.as_of)
    .bind(at.known_at.as_stored())
    .fetch_all(&mut *connection)
    .await?
    .iter()
    .map(entry_from_row)
    .collect::<Result<_, _>>()?;
    Ok(ContractsView {
        as_of: at.as_of,
        known_at: at.known_at.get(),
        contracts,
    })
}

/// The contract `contract_id` with its holder and callers on `read_at.as_of`, as known at
/// `read_at.known_at`: a view of one contract, or of none when it was not registered by then.
pub async fn contract(
    pool: &PgPool,
    contract_id: Uuid,
    read_at: ReadAt,
) -> Result<ContractsView, QueryError> {
    let at = read_at.resolve(pool, MODEL).await?;
    let contracts = sqlx::query(&format!(
        "{ENTRY_SELECT}
          WHERE c.known @> $3::bigint AND c.contract_id = $1"
    ))
    .bind(contract_id)
    .bind(at.as_of)
    .bind(at.known_at.as_stored())
    .fetch_all(pool)
    .await?
    .iter()
    .map(entry_from_row)
    .collect::<Result<_, _>>()?;
    Ok(ContractsView {
        as_of: at.as_of,
        known_at: at.known_at.get(),
        contracts,
    })
}

/// The timeline of expiries: the contracts of [`contracts_of_cooperation`] whose current last day
/// is on or after `as_of`, by that day, then title.
pub async fn expiries(
    pool: &PgPool,
    cooperation_id: Uuid,
    read_at: ReadAt,
) -> Result<ExpiriesView, QueryError> {
    let at = read_at.resolve(pool, MODEL).await?;
    let mut connection = pool.acquire().await?;
    expiries_at(&mut connection, cooperation_id, at).await
}

/// [`expiries`] on `connection`, at clocks already resolved.
pub async fn expiries_at(
    connection: &mut PgConnection,
    cooperation_id: Uuid,
    at: Resolved,
) -> Result<ExpiriesView, QueryError> {
    let expiries = sqlx::query(&format!(
        "{ENTRY_SELECT}
          WHERE c.known @> $3::bigint AND c.ends_on >= $2::date AND {OF_COOPERATION}
          ORDER BY c.ends_on, c.title, c.contract_id"
    ))
    .bind(cooperation_id)
    .bind(at.as_of)
    .bind(at.known_at.as_stored())
    .fetch_all(&mut *connection)
    .await?
    .iter()
    .map(|row| {
        let entry = entry_from_row(row)?;
        Ok(Expiry {
            days_until_end: (entry.ends_on - at.as_of).num_days(),
            contract_id: entry.contract_id,
            title: entry.title,
            category: entry.category,
            supplier: entry.supplier,
            kind: entry.kind,
            holder: entry.holder,
            ends_on: entry.ends_on,
            latest_possible_end: entry.latest_possible_end,
            options_remaining: entry.options_remaining,
        })
    })
    .collect::<Result<_, QueryError>>()?;
    Ok(ExpiriesView {
        as_of: at.as_of,
        known_at: at.known_at.get(),
        expiries,
    })
}

/// The contracts `party` may call off under on `as_of`, with their holder then.
pub async fn contracts_of_party(
    pool: &PgPool,
    party: &PartyCode,
    read_at: ReadAt,
) -> Result<ContractsView, QueryError> {
    let at = read_at.resolve(pool, MODEL).await?;
    let mut connection = pool.acquire().await?;
    contracts_of_party_at(&mut connection, party, at).await
}

/// [`contracts_of_party`] on `connection`, at clocks already resolved.
pub async fn contracts_of_party_at(
    connection: &mut PgConnection,
    party: &PartyCode,
    at: Resolved,
) -> Result<ContractsView, QueryError> {
    let contracts = sqlx::query(&format!(
        "{ENTRY_SELECT}
           JOIN read_contracts.contract_callers k
             ON k.contract_id = c.contract_id AND k.valid @> $2::date AND k.known @> $3::bigint
          WHERE c.known @> $3::bigint AND k.party = $1
          ORDER BY c.title, c.contract_id"
    ))
    .bind(party.as_str())
    .bind(at.as_of)
    .bind(at.known_at.as_stored())
    .fetch_all(&mut *connection)
    .await?
    .iter()
    .map(entry_from_row)
    .collect::<Result<_, _>>()?;
    Ok(ContractsView {
        as_of: at.as_of,
        known_at: at.known_at.get(),
        contracts,
    })
}

/// A contract's version known at $3 with its holder on $2, for the queries to filter and order.
const ENTRY_SELECT: &str = "
    SELECT c.contract_id, c.cooperation_id, c.title, c.category, c.supplier, c.kind,
           c.registry_number, c.starts_on, c.ends_on, c.latest_possible_end,
           c.extension_options, c.extensions, c.basis, c.correction_reason,
           lower(c.known) AS recorded_at_position,
           h.holder, h.callers, h.held_from, h.basis AS holder_basis
      FROM read_contracts.contracts c
      LEFT JOIN read_contracts.contract_holders h
        ON h.contract_id = c.contract_id AND h.valid @> $2::date AND h.known @> $3::bigint";

/// The contracts the cooperation $1 registered, or held in some period, as known at $3.
const OF_COOPERATION: &str = "
    (c.cooperation_id = $1
     OR c.contract_id IN (SELECT held.contract_id
                            FROM read_contracts.contract_holders held
                           WHERE held.holder_cooperation_id = $1 AND held.known @> $3::bigint))";

fn entry_from_row(row: &PgRow) -> Result<ContractEntry, QueryError> {
    let extension_options: Vec<ExtensionOption> = from_json(
        MODEL,
        "extension_options",
        row.try_get("extension_options")?,
    )?;
    let extensions: Vec<ContractExtension> =
        from_json(MODEL, "extensions", row.try_get("extensions")?)?;
    let options_remaining = extension_options
        .iter()
        .skip(extensions.len())
        .copied()
        .collect();
    let holder: Option<serde_json::Value> = row.try_get("holder")?;
    let holder_basis: Option<serde_json::Value> = row.try_get("holder_basis")?;
    let callers: Option<Vec<String>> = row.try_get("callers")?;
    let callers = callers
        .unwrap_or_default()
        .iter()
        .map(|code| {
            PartyCode::parse(code)
                .map_err(|error| QueryError::unreadable(MODEL, format!("callers: {error}")))
        })
        .collect::<Result<_, _>>()?;
    Ok(ContractEntry {
        contract_id: row.try_get("contract_id")?,
        cooperation_id: row.try_get("cooperation_id")?,
        title: row.try_get("title")?,
        category: row.try_get("category")?,
        supplier: row.try_get("supplier")?,
        kind: from_text(MODEL, "kind", row.try_get("kind")?)?,
        registry_number: row.try_get("registry_number")?,
        starts_on: row.try_get("starts_on")?,
        ends_on: row.try_get("ends_on")?,
        latest_possible_end: row.try_get("latest_possible_end")?,
        extension_options,
        extensions,
        options_remaining,
        holder: holder
            .map(|holder| from_json(MODEL, "holder", holder))
            .transpose()?,
        callers,
        held_since: row.try_get("held_from")?,
        holder_basis: holder_basis
            .map(|basis| from_json(MODEL, "holder_basis", basis))
            .transpose()?,
        basis: from_json(MODEL, "basis", row.try_get("basis")?)?,
        correction_reason: row.try_get("correction_reason")?,
        recorded_at_position: row.try_get("recorded_at_position")?,
    })
}
