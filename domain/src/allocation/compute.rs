//! Each party's share of a budget under an allocation key, in whole kronor.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{
    largest_remainder, AllocationKeyAdopted, AllocationMethod, BudgetLine, BudgetLineKind,
    WHOLE_IN_BASIS_POINTS,
};
use crate::{PartyCode, RuleViolation};

/// Kronor in a tkr.
pub(crate) const KRONOR_PER_TKR: i64 = 1_000;

/// The reference date of a population key for `budget_year`: 31 December of the year before.
/// `None` for a year the calendar cannot hold.
pub fn reference_date(budget_year: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(budget_year.checked_sub(1)?, 12, 31)
}

/// A budget split among the parties.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Allocation {
    pub totals: BudgetTotals,
    /// For a population key, the day whose population figures were used.
    pub reference_date: Option<NaiveDate>,
    /// In the order of the key's parties.
    pub parties: Vec<PartyShare>,
}

/// The budget's sums, as printed and as computed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BudgetTotals {
    /// Every cost line, exceptions included.
    pub costs_tkr: i64,
    /// Every revenue line, exceptions included, the parties' contributions not.
    pub revenues_tkr: i64,
    /// The parties' contributions line as the budget gives it, if it has one.
    pub party_contributions_tkr: Option<i64>,
    /// What the key splits: the contributions line when the budget has one, otherwise the costs
    /// less the revenues, exception lines left out.
    pub shared_kronor: i64,
    /// What the exception lines charge to single parties: costs less revenues.
    pub exceptions_kronor: i64,
    /// What the parties pay together: the shared amount and the exceptions.
    pub charged_to_parties_kronor: i64,
    /// Revenues and the parties' payments less costs: 0 for a budget that balances. It is
    /// computed, never taken from the budget, so a table that does not add up shows here.
    pub result_kronor: i64,
}

/// One party's part of a budget.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PartyShare {
    pub party: PartyCode,
    /// What the party weighs in the key: its population, or its fixed share in basis points.
    pub weight: u64,
    /// Its part of the shared amount.
    pub shared_kronor: i64,
    /// The exception lines charged or credited to it alone.
    pub exceptions: Vec<ExceptionCharge>,
    /// Its shared part and its exceptions together.
    pub total_kronor: i64,
    /// `total_kronor` in whole tkr, rounded so that the parties' tkr add up to what they are
    /// charged together. `None` when some party is credited more than it is charged.
    pub total_tkr: Option<i64>,
    /// Its part of what the parties are charged together, in basis points (5 200 is 52 %),
    /// rounded so that the parties' basis points add up to 10 000. `None` when the parties are
    /// charged nothing together, or some party is credited more than it is charged.
    pub effective_basis_points: Option<u32>,
}

/// A budget line charged to one party by a named exception of the key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ExceptionCharge {
    pub line: String,
    pub kind: BudgetLineKind,
    /// What the line adds to the party's charge: positive for a cost, negative for a revenue.
    pub amount_kronor: i64,
}

/// Why a budget cannot be split under a key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AllocationError {
    #[error("the budget year {year} has no reference date")]
    YearOutOfRange { year: i32 },
    #[error("no population of party {party} is recorded for {reference_date}, the reference date of a population key")]
    PopulationMissing {
        party: PartyCode,
        reference_date: NaiveDate,
    },
    #[error("the key's exception names budget line {line:?}, which is the parties' contributions: only a cost or a revenue is charged to one party")]
    ExceptionOnContributions { line: String },
    #[error("the key's exception charges budget line {line:?} to {party}, which is not among the key's parties")]
    ExceptionPartyNotInKey { line: String, party: PartyCode },
    #[error("the key gives its parties no weight: nothing can be split")]
    NoWeights,
    #[error("the budget's amounts are too large to compute in kronor")]
    AmountTooLarge,
}

impl RuleViolation for AllocationError {
    fn field(&self) -> String {
        match self {
            AllocationError::YearOutOfRange { .. } => "year",
            AllocationError::PopulationMissing { .. } => "populations",
            AllocationError::ExceptionOnContributions { .. }
            | AllocationError::ExceptionPartyNotInKey { .. } => "exceptions",
            AllocationError::NoWeights => "parties",
            AllocationError::AmountTooLarge => "lines",
        }
        .to_owned()
    }

    fn rule(&self) -> &'static str {
        match self {
            AllocationError::YearOutOfRange { .. } => "allocation.year_has_reference_date",
            AllocationError::PopulationMissing { .. } => "allocation.population_recorded",
            AllocationError::ExceptionOnContributions { .. } => {
                "allocation.exception_is_a_cost_or_revenue"
            }
            AllocationError::ExceptionPartyNotInKey { .. } => "allocation.exception_party_in_key",
            AllocationError::NoWeights => "allocation.parties_have_weight",
            AllocationError::AmountTooLarge => "allocation.amounts_in_range",
        }
    }
}

fn kronor(tkr: i128) -> Result<i64, AllocationError> {
    i64::try_from(tkr * i128::from(KRONOR_PER_TKR)).map_err(|_| AllocationError::AmountTooLarge)
}

/// Splits the budget `lines` of `year` among the parties of `key`. `populations` holds the
/// parties' figures on [`reference_date`]`(year)`; it is read only for a population key.
///
/// What the key splits is the parties' contributions line when the budget has one (seed 001:
/// the base agreement's revenue is split by population), and otherwise the costs less the
/// revenues (seed 004: the costs are split 50/50). A line named by an exception is left out of
/// that and charged wholly to its party: a cost is added to what it pays, a revenue deducted.
pub fn allocate(
    year: i32,
    lines: &[BudgetLine],
    key: &AllocationKeyAdopted,
    populations: &BTreeMap<PartyCode, u32>,
) -> Result<Allocation, AllocationError> {
    let (weights, reference_date) = weights(year, key, populations)?;

    let mut costs: i128 = 0;
    let mut revenues: i128 = 0;
    let mut contributions: Option<i128> = None;
    let mut shared_net: i128 = 0;
    let mut exceptions: Vec<Vec<ExceptionCharge>> = vec![Vec::new(); key.parties.len()];
    for line in lines {
        let amount = i128::from(line.amount_tkr);
        match line.kind {
            BudgetLineKind::Cost => costs += amount,
            BudgetLineKind::Revenue => revenues += amount,
            BudgetLineKind::PartyContributions => {
                *contributions.get_or_insert(0) += amount;
            }
        }
        let exception = key
            .exceptions
            .iter()
            .find(|exception| exception.line == line.name);
        let signed = match line.kind {
            BudgetLineKind::Cost => amount,
            BudgetLineKind::Revenue => -amount,
            BudgetLineKind::PartyContributions => {
                if let Some(exception) = exception {
                    return Err(AllocationError::ExceptionOnContributions {
                        line: exception.line.clone(),
                    });
                }
                continue;
            }
        };
        match exception {
            None => shared_net += signed,
            Some(exception) => {
                let index = key
                    .parties
                    .iter()
                    .position(|party| *party == exception.party)
                    .ok_or_else(|| AllocationError::ExceptionPartyNotInKey {
                        line: exception.line.clone(),
                        party: exception.party.clone(),
                    })?;
                exceptions[index].push(ExceptionCharge {
                    line: line.name.clone(),
                    kind: line.kind,
                    amount_kronor: kronor(signed)?,
                });
            }
        }
    }

    let shared_kronor = kronor(contributions.unwrap_or(shared_net))?;
    let shared_parts =
        largest_remainder(shared_kronor, &weights).ok_or(AllocationError::NoWeights)?;
    let mut totals = Vec::with_capacity(key.parties.len());
    for (shared, charges) in shared_parts.iter().zip(&exceptions) {
        let charged: i128 = charges
            .iter()
            .map(|charge| i128::from(charge.amount_kronor))
            .sum();
        totals.push(
            i64::try_from(i128::from(*shared) + charged)
                .map_err(|_| AllocationError::AmountTooLarge)?,
        );
    }
    let charged_to_parties: i128 = totals.iter().map(|total| i128::from(*total)).sum();
    let charged_to_parties_kronor =
        i64::try_from(charged_to_parties).map_err(|_| AllocationError::AmountTooLarge)?;
    let exceptions_kronor = i64::try_from(charged_to_parties - i128::from(shared_kronor))
        .map_err(|_| AllocationError::AmountTooLarge)?;

    // Rounded figures only mean something when every party pays its part; a party credited more
    // than it is charged has no share of the whole to round.
    let roundable: Option<Vec<u64>> = totals
        .iter()
        .map(|total| u64::try_from(*total).ok())
        .collect();
    let in_tkr = roundable
        .as_ref()
        .and_then(|weights| largest_remainder(charged_to_parties_kronor / KRONOR_PER_TKR, weights));
    let in_basis_points = roundable
        .as_ref()
        .and_then(|weights| largest_remainder(i64::from(WHOLE_IN_BASIS_POINTS), weights));

    let parties = key
        .parties
        .iter()
        .enumerate()
        .map(|(index, party)| PartyShare {
            party: party.clone(),
            weight: weights[index],
            shared_kronor: shared_parts[index],
            exceptions: exceptions[index].clone(),
            total_kronor: totals[index],
            total_tkr: in_tkr.as_ref().map(|parts| parts[index]),
            effective_basis_points: in_basis_points
                .as_ref()
                .and_then(|parts| u32::try_from(parts[index]).ok()),
        })
        .collect();
    let result = (revenues - costs) * i128::from(KRONOR_PER_TKR) + charged_to_parties;
    Ok(Allocation {
        totals: BudgetTotals {
            costs_tkr: i64::try_from(costs).map_err(|_| AllocationError::AmountTooLarge)?,
            revenues_tkr: i64::try_from(revenues).map_err(|_| AllocationError::AmountTooLarge)?,
            party_contributions_tkr: contributions
                .map(i64::try_from)
                .transpose()
                .map_err(|_| AllocationError::AmountTooLarge)?,
            shared_kronor,
            exceptions_kronor,
            charged_to_parties_kronor,
            result_kronor: i64::try_from(result).map_err(|_| AllocationError::AmountTooLarge)?,
        },
        reference_date,
        parties,
    })
}

/// Each party's weight under the key, in the order of its parties, and for a population key the
/// reference date its figures are from.
fn weights(
    year: i32,
    key: &AllocationKeyAdopted,
    populations: &BTreeMap<PartyCode, u32>,
) -> Result<(Vec<u64>, Option<NaiveDate>), AllocationError> {
    match &key.method {
        AllocationMethod::Population => {
            let reference_date =
                reference_date(year).ok_or(AllocationError::YearOutOfRange { year })?;
            let weights = key
                .parties
                .iter()
                .map(|party| {
                    populations
                        .get(party)
                        .map(|population| u64::from(*population))
                        .ok_or_else(|| AllocationError::PopulationMissing {
                            party: party.clone(),
                            reference_date,
                        })
                })
                .collect::<Result<_, _>>()?;
            Ok((weights, Some(reference_date)))
        }
        AllocationMethod::FixedShares { shares } => {
            let weights = key
                .parties
                .iter()
                .map(|party| {
                    shares
                        .iter()
                        .find(|share| share.party == *party)
                        .map_or(0, |share| u64::from(share.basis_points))
                })
                .collect();
            Ok((weights, None))
        }
    }
}
