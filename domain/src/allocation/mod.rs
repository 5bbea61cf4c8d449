//! Cost allocation (fördelningsnyckel): the key an agreement version sets, the budget a
//! cooperation adopts for a year, and each party's share of it.
//!
//! - [`AllocationKey`] (stream: the key's UUID) belongs to one version of a cooperation
//!   agreement. It splits by population on 31 December of the year before the budget year, or by
//!   fixed shares in basis points, and names exceptions: budget lines charged wholly to one party.
//! - [`Budget`] (stream: [`Budget::stream_id`], `COOPERATION_UUID:YEAR`) holds a year's budget as
//!   lines in tkr, its revisions (a revised budget adopted later) and its corrections (rättelse).
//! - [`allocate`] is the computation itself, pure and exact: whole kronor, with largest-remainder
//!   rounding so that the parties' parts always add up to the whole.
//!
//! Which key applies to a budget year is a question across streams (the agreement version in
//! force on 1 January of the year, and the key adopted for it), so the `allocation` read model
//! answers it; this module only computes once the key is chosen.

mod budget;
mod compute;
mod key;
mod rounding;

#[cfg(test)]
mod compute_tests;

pub use budget::{
    AdoptBudget, Budget, BudgetAdopted, BudgetCommand, BudgetCorrected, BudgetError, BudgetEvent,
    BudgetLine, BudgetLineKind, BudgetRevised, CorrectBudget, ReviseBudget, MOST_TKR,
};
pub use compute::{
    allocate, reference_date, Allocation, AllocationError, BudgetTotals, ExceptionCharge,
    PartyShare,
};
pub use key::{
    AdoptAllocationKey, AgreementFacts, AllocationKey, AllocationKeyAdopted, AllocationKeyCommand,
    AllocationKeyCorrected, AllocationKeyError, AllocationKeyEvent, AllocationMethod,
    CorrectAllocationKey, FixedShare, NamedException, WHOLE_IN_BASIS_POINTS,
};
pub use rounding::largest_remainder;
