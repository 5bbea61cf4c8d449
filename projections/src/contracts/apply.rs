use chrono::NaiveDate;
use cqrs_es::Aggregate;
use domain::contract::{
    Contract, ContractEvent, ContractHolder, ContractKind, ContractRegistered, ExtensionOption,
};
use domain::LegalBasis;
use eventlog::RecordedEvent;
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, Row};
use uuid::Uuid;

use super::query::ContractExtension;
use crate::columns::{json_of, text_of};
use crate::decode::decode;
use crate::stream::stream_id;
use crate::{ProjectionError, ReadModel};

const MODEL: ReadModel = ReadModel::Contracts;

pub(crate) async fn apply(
    connection: &mut PgConnection,
    event: &RecordedEvent,
) -> Result<(), ProjectionError> {
    if event.aggregate_type != Contract::TYPE {
        return Ok(());
    }
    let position = event.position.as_stored();
    let contract_id = stream_id(MODEL, event)?;
    let (contract, periods) = match decode::<ContractEvent>(event)? {
        ContractEvent::ContractRegistered(registered) => {
            let periods = vec![HolderPeriod::registered(&registered)];
            (Terms::registered(registered), periods)
        }
        ContractEvent::ContractExtended(extended) => {
            let (mut contract, periods) = current(connection, event, contract_id).await?;
            contract.extensions.push(ContractExtension {
                extends_to: extended.extends_to,
                decided_on: extended.decided_on,
                basis: extended.basis,
            });
            (contract, periods)
        }
        ContractEvent::ContractReassigned(reassigned) => {
            let (contract, mut periods) = current(connection, event, contract_id).await?;
            // A reassignment on the day of an earlier one replaces it, as in the aggregate.
            periods.retain(|period| period.held_from < reassigned.effective_on);
            periods.push(HolderPeriod {
                held_from: reassigned.effective_on,
                holder: reassigned.holder,
                callers: reassigned
                    .callers
                    .iter()
                    .map(|party| party.as_str().to_owned())
                    .collect(),
                basis: reassigned.basis,
            });
            (contract, periods)
        }
        ContractEvent::ContractCorrected(corrected) => {
            let (contract, mut periods) = current(connection, event, contract_id).await?;
            // The correction replaces the registration, and with it the first holder period;
            // the extensions and the reassignments recorded since stay.
            let first = HolderPeriod::registered(&corrected.registered);
            match periods.first_mut() {
                Some(period) => *period = first,
                None => periods.push(first),
            }
            let mut terms = Terms::registered(corrected.registered);
            terms.extensions = contract.extensions;
            terms.correction_reason = Some(corrected.reason);
            (terms, periods)
        }
    };
    supersede(connection, position, contract_id).await?;
    insert(connection, position, contract_id, &contract, &periods).await
}

/// What the `contracts` table holds of one contract, apart from the columns derived from it.
struct Terms {
    cooperation_id: Uuid,
    title: String,
    category: String,
    supplier: String,
    kind: ContractKind,
    registry_number: Option<String>,
    starts_on: NaiveDate,
    registered_ends_on: NaiveDate,
    extension_options: Vec<ExtensionOption>,
    extensions: Vec<ContractExtension>,
    basis: LegalBasis,
    correction_reason: Option<String>,
}

impl Terms {
    fn registered(registered: ContractRegistered) -> Terms {
        Terms {
            cooperation_id: registered.cooperation_id,
            title: registered.title,
            category: registered.category,
            supplier: registered.supplier,
            kind: registered.kind,
            registry_number: registered.registry_number,
            starts_on: registered.starts_on,
            registered_ends_on: registered.ends_on,
            extension_options: registered.extension_options,
            extensions: Vec::new(),
            basis: registered.basis,
            correction_reason: None,
        }
    }

    fn ends_on(&self) -> NaiveDate {
        self.extensions
            .last()
            .map(|extension| extension.extends_to)
            .unwrap_or(self.registered_ends_on)
    }

    fn latest_possible_end(&self) -> NaiveDate {
        self.extension_options
            .last()
            .map(|option| option.extends_to)
            .unwrap_or(self.registered_ends_on)
            .max(self.ends_on())
    }
}

/// One holder of a contract, from `held_from` until the next period or the contract's end.
struct HolderPeriod {
    held_from: NaiveDate,
    holder: ContractHolder,
    callers: Vec<String>,
    basis: LegalBasis,
}

impl HolderPeriod {
    /// The registering cooperation holds the contract from its first day.
    fn registered(registered: &ContractRegistered) -> HolderPeriod {
        HolderPeriod {
            held_from: registered.starts_on,
            holder: ContractHolder::Cooperation {
                cooperation_id: registered.cooperation_id,
            },
            callers: registered
                .callers
                .iter()
                .map(|party| party.as_str().to_owned())
                .collect(),
            basis: registered.basis.clone(),
        }
    }
}

/// The contract's current rows: its terms and its holder periods in order of their days.
async fn current(
    connection: &mut PgConnection,
    event: &RecordedEvent,
    contract_id: Uuid,
) -> Result<(Terms, Vec<HolderPeriod>), ProjectionError> {
    let row = sqlx::query(
        "SELECT cooperation_id, title, category, supplier, kind, registry_number, starts_on,
                registered_ends_on, extension_options, extensions, basis, correction_reason
           FROM contracts
          WHERE contract_id = $1 AND upper_inf(known)",
    )
    .bind(contract_id)
    .fetch_optional(&mut *connection)
    .await?;
    let Some(row) = row else {
        return Err(ProjectionError::MissingRow {
            read_model: MODEL,
            position: event.position,
            event_type: event.event_type.clone(),
            missing: "the contract".to_owned(),
        });
    };
    let terms = terms_from_row(&row)?;
    let periods = sqlx::query(
        "SELECT held_from, holder, callers, basis
           FROM contract_holders
          WHERE contract_id = $1 AND upper_inf(known)
          ORDER BY held_from",
    )
    .bind(contract_id)
    .fetch_all(&mut *connection)
    .await?
    .iter()
    .map(period_from_row)
    .collect::<Result<_, _>>()?;
    Ok((terms, periods))
}

fn terms_from_row(row: &PgRow) -> Result<Terms, ProjectionError> {
    Ok(Terms {
        cooperation_id: row.try_get("cooperation_id")?,
        title: row.try_get("title")?,
        category: row.try_get("category")?,
        supplier: row.try_get("supplier")?,
        kind: serde_json::from_value(serde_json::Value::String(row.try_get("kind")?))?,
        registry_number: row.try_get("registry_number")?,
        starts_on: row.try_get("starts_on")?,
        registered_ends_on: row.try_get("registered_ends_on")?,
        extension_options: serde_json::from_value(row.try_get("extension_options")?)?,
        extensions: serde_json::from_value(row.try_get("extensions")?)?,
        basis: serde_json::from_value(row.try_get("basis")?)?,
        correction_reason: row.try_get("correction_reason")?,
    })
}

fn period_from_row(row: &PgRow) -> Result<HolderPeriod, ProjectionError> {
    Ok(HolderPeriod {
        held_from: row.try_get("held_from")?,
        holder: serde_json::from_value(row.try_get("holder")?)?,
        callers: row.try_get("callers")?,
        basis: serde_json::from_value(row.try_get("basis")?)?,
    })
}

/// Closes the `known` of every current row of the contract at `position`.
async fn supersede(
    connection: &mut PgConnection,
    position: i64,
    contract_id: Uuid,
) -> Result<(), ProjectionError> {
    for table in ["contracts", "contract_holders", "contract_callers"] {
        sqlx::query(&format!(
            "UPDATE {table} SET known = int8range(lower(known), $1)
              WHERE contract_id = $2 AND upper_inf(known)"
        ))
        .bind(position)
        .bind(contract_id)
        .execute(&mut *connection)
        .await?;
    }
    Ok(())
}

/// Inserts the contract's rows as known from `position`.
async fn insert(
    connection: &mut PgConnection,
    position: i64,
    contract_id: Uuid,
    contract: &Terms,
    periods: &[HolderPeriod],
) -> Result<(), ProjectionError> {
    let ends_on = contract.ends_on();
    sqlx::query(
        "INSERT INTO contracts (contract_id, cooperation_id, title, category, supplier, kind,
                                registry_number, starts_on, registered_ends_on, ends_on,
                                latest_possible_end, extension_options, extensions, basis,
                                correction_reason, valid, known)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,
                 daterange($8, $10, '[]'), int8range($16, NULL))",
    )
    .bind(contract_id)
    .bind(contract.cooperation_id)
    .bind(&contract.title)
    .bind(&contract.category)
    .bind(&contract.supplier)
    .bind(text_of(&contract.kind)?)
    .bind(&contract.registry_number)
    .bind(contract.starts_on)
    .bind(contract.registered_ends_on)
    .bind(ends_on)
    .bind(contract.latest_possible_end())
    .bind(json_of(&contract.extension_options)?)
    .bind(json_of(&contract.extensions)?)
    .bind(json_of(&contract.basis)?)
    .bind(&contract.correction_reason)
    .bind(position)
    .execute(&mut *connection)
    .await?;
    for (index, period) in periods.iter().enumerate() {
        // A period lasts until the next one begins, the last through the contract's last day.
        let last_day = periods
            .get(index + 1)
            .and_then(|next| next.held_from.pred_opt())
            .unwrap_or(ends_on);
        let holder_cooperation_id = match &period.holder {
            ContractHolder::Cooperation { cooperation_id } => Some(*cooperation_id),
            ContractHolder::Party { .. } => None,
        };
        sqlx::query(
            "INSERT INTO contract_holders (contract_id, held_from, holder, holder_cooperation_id,
                                           callers, basis, valid, known)
             VALUES ($1, $2, $3, $4, $5, $6, daterange($2, $7, '[]'), int8range($8, NULL))",
        )
        .bind(contract_id)
        .bind(period.held_from)
        .bind(json_of(&period.holder)?)
        .bind(holder_cooperation_id)
        .bind(&period.callers)
        .bind(json_of(&period.basis)?)
        .bind(last_day)
        .bind(position)
        .execute(&mut *connection)
        .await?;
        sqlx::query(
            "INSERT INTO contract_callers (contract_id, party, valid, known)
             SELECT $1, party, daterange($2, $3, '[]'), int8range($4, NULL)
               FROM unnest($5::text[]) AS party",
        )
        .bind(contract_id)
        .bind(period.held_from)
        .bind(last_day)
        .bind(position)
        .bind(&period.callers)
        .execute(&mut *connection)
        .await?;
    }
    Ok(())
}
