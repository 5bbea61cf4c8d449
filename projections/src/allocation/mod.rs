//! Cost allocation: each party's share of a cooperation's budget for a year, as the register knew
//! it at any moment.
//!
//! It follows four kinds of stream: `GoverningDocument` (the versions of every document and the
//! day each took effect), `AllocationKey`, `Budget` and `PopulationFigure`, keeping its own copy of
//! each so that it needs nothing from another schema.
//!
//! [`cost_shares`] answers for a cooperation and a budget year:
//!
//! - the budget's lines as its latest revision or correction known at `known_at` states them;
//! - the key: of the cooperation agreements' versions in force on 1 January of the budget year,
//!   the one that took effect last that has a key (the first adopted, were there two); the key is
//!   chosen by the budget year, not by `as_of`, so a new agreement version with a new key changes
//!   the answer from the first budget year it is in force on 1 January;
//! - for a population key, every party's figure on 31 December of the year before, as known at
//!   `known_at`: a corrected figure changes the answer only from the correction's position;
//! - the computation of [`domain::allocation::allocate`]: totals and each party's part.
//!
//! `as_of` is answered for symmetry with every other read (it is the day of reading); the budget
//! year fixes every valid-time choice.

mod apply;
mod query;

pub(crate) use apply::apply;
pub use query::{
    budget_of_year, budget_years, cost_shares, populations_of_party, BudgetVersionView,
    CostSharesError, CostSharesView, KeyUsed, PartyPopulation, PopulationUsed,
};

pub(crate) const SCHEMA_SQL: &str = include_str!("schema.sql");

pub(crate) const TABLES: &[&str] = &["agreement_versions", "keys", "budgets", "populations"];
