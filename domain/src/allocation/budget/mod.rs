//! A cooperation's budget for one year, as lines in tkr: adopted once, then revised (a revised
//! budget adopted later in the year) or corrected (rättelse). One stream per cooperation and
//! year, so a stream holds a handful of events.

mod aggregate;
mod command;
mod error;
mod event;

#[cfg(test)]
mod tests;

pub use aggregate::{Budget, MOST_TKR};
pub use command::{AdoptBudget, BudgetCommand, CorrectBudget, ReviseBudget};
pub use error::BudgetError;
pub use event::{
    BudgetAdopted, BudgetCorrected, BudgetEvent, BudgetLine, BudgetLineKind, BudgetRevised,
};
