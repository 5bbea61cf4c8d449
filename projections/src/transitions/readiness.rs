//! Readiness as of a day and as known at a moment: the plan from this read model, and the
//! contracts and obligations of the cooperation it replaces from theirs, all at one position.

use chrono::{Months, NaiveDate};
use domain::transition::{ContractFact, ObligationFact, Readiness, EXPIRY_WATCH_MONTHS};
use domain::PartyCode;
use serde::Serialize;
use sqlx::PgPool;
use uuid::Uuid;

use super::query::plan_state;
use crate::contracts::contracts_of_cooperation;
use crate::obligations::obligations_open_from;
use crate::read_at::{KnownAt, ReadAt, Resolved};
use crate::{QueryError, ReadModel};
use domain::contract::ContractHolder;

const MODEL: ReadModel = ReadModel::Transitions;

/// Readiness of one plan, as known at one position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ReadinessAnswer {
    pub transition_id: Uuid,
    pub known_at: u64,
    #[serde(flatten)]
    pub readiness: Readiness,
}

/// Whether plan `transition_id` is ready on `read_at.as_of`, as known at `read_at.known_at`;
/// `None` when the register did not know the plan then.
pub async fn readiness(
    pool: &PgPool,
    transition_id: Uuid,
    read_at: ReadAt,
) -> Result<Option<ReadinessAnswer>, QueryError> {
    let wait = read_at.wait;
    let Resolved { as_of, known_at } = read_at.resolve(pool, MODEL).await?;
    let Some(state) = plan_state(pool, transition_id, known_at.as_stored()).await? else {
        return Ok(None);
    };
    let (Some(cooperation_id), Some(effective_on)) = (state.cooperation_id(), state.effective_on())
    else {
        return Err(QueryError::unreadable(MODEL, "a stored plan has no plan"));
    };
    // The other read models are read at the plan's position, waiting for them to reach it, so
    // the facts and the plan are as the register knew them at one moment.
    let facts_at = ReadAt::on(effective_on)
        .known_at(KnownAt::Position(known_at))
        .wait(wait);
    let obligations = open_obligations(pool, cooperation_id, effective_on, facts_at).await?;
    let contracts = held_contracts(pool, cooperation_id, facts_at).await?;
    Ok(state
        .readiness(as_of, &contracts, &obligations)
        .map(|readiness| ReadinessAnswer {
            transition_id,
            known_at: known_at.get(),
            readiness,
        }))
}

/// The cooperation's obligations still open on the effective date or beginning after it, as
/// carrying out reads them from the log.
async fn open_obligations(
    pool: &PgPool,
    cooperation_id: Uuid,
    effective_on: NaiveDate,
    read_at: ReadAt,
) -> Result<Vec<ObligationFact>, QueryError> {
    let resolved = read_at.resolve(pool, ReadModel::Obligations).await?;
    let open = obligations_open_from(pool, cooperation_id, effective_on, resolved.known_at).await?;
    open.obligations
        .into_iter()
        .map(|obligation| {
            Ok(ObligationFact {
                obligation_id: obligation.obligation_id,
                debtor: PartyCode::parse(&obligation.debtor)
                    .map_err(|error| QueryError::unreadable(ReadModel::Obligations, error))?,
                creditor: obligation.creditor,
                kind: obligation.kind,
                description: obligation.description,
                period: obligation.period,
                due: obligation.due,
            })
        })
        .collect()
}

/// The contracts the cooperation holds on the effective date, or held on their last day when
/// they end before it, as carrying out reads them.
async fn held_contracts(
    pool: &PgPool,
    cooperation_id: Uuid,
    read_at: ReadAt,
) -> Result<Vec<ContractFact>, QueryError> {
    let held_by_cooperation = |holder: &Option<ContractHolder>| matches!(holder, Some(ContractHolder::Cooperation { cooperation_id: holder }) if *holder == cooperation_id);
    let on_effective_date = contracts_of_cooperation(pool, cooperation_id, read_at).await?;
    // Contracts that ended before the watch window matter neither as blockers nor as a warning,
    // so the register's whole history of contracts is not asked for again one by one.
    let watched_from = read_at
        .as_of
        .checked_sub_months(Months::new(EXPIRY_WATCH_MONTHS))
        .unwrap_or(NaiveDate::MIN);
    let mut contracts = Vec::new();
    for entry in on_effective_date.contracts {
        if entry.ends_on < watched_from {
            continue;
        }
        let entry = if entry.ends_on < read_at.as_of {
            // Ended before the effective date: ask for its holder on its last day.
            let last_day = ReadAt {
                as_of: entry.ends_on,
                ..read_at
            };
            let listed = contracts_of_cooperation(pool, cooperation_id, last_day).await?;
            match listed
                .contracts
                .into_iter()
                .find(|listed| listed.contract_id == entry.contract_id)
            {
                Some(listed) => listed,
                None => continue,
            }
        } else {
            entry
        };
        if held_by_cooperation(&entry.holder) {
            contracts.push(ContractFact {
                contract_id: entry.contract_id,
                title: entry.title,
                ends_on: entry.ends_on,
                callers: entry.callers,
            });
        }
    }
    contracts.sort_by_key(|contract| contract.contract_id);
    Ok(contracts)
}
