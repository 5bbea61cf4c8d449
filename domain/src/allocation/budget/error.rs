use chrono::NaiveDate;

use crate::{LegalBasisError, RuleViolation};

/// Every rule a budget command can break.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BudgetError {
    #[error("the budget for this year is already adopted: revise or correct it instead")]
    AlreadyAdopted,
    #[error("no budget is adopted for this year")]
    NotAdopted,
    #[error("{year} is not a plausible budget year: give one from {first} to {last}")]
    YearImplausible { year: i32, first: i32, last: i32 },
    #[error("the cooperation was established on {established_on}, after the budget year {year}")]
    YearBeforeCooperation {
        year: i32,
        established_on: NaiveDate,
    },
    #[error("a budget has at least one line")]
    NoLines,
    #[error("line {index} has no name")]
    LineNameMissing { index: usize },
    #[error("line name {name:?} is used twice: every line has its own name")]
    LineNameTwice { index: usize, name: String },
    #[error("line {index} is {amount_tkr} tkr: amounts are not negative; a revenue is a line of kind revenue")]
    AmountNegative { index: usize, amount_tkr: i64 },
    #[error("the lines up to line {index} add up to more than {most_tkr} tkr, more than the cost shares can compute in kronor")]
    AmountsTooLarge { index: usize, most_tkr: i64 },
    #[error("line {index} is a second party contributions line: a budget has at most one")]
    ContributionsTwice { index: usize },
    #[error("a correction must say why the original was wrong")]
    CorrectionReasonMissing,
    #[error("the correction gives the lines already recorded")]
    CorrectionChangesNothing,
    #[error("the legal basis cannot be cited: {0}")]
    Basis(LegalBasisError),
}

impl RuleViolation for BudgetError {
    fn field(&self) -> String {
        match self {
            BudgetError::AlreadyAdopted
            | BudgetError::NotAdopted
            | BudgetError::YearImplausible { .. }
            | BudgetError::YearBeforeCooperation { .. } => "year".to_owned(),
            BudgetError::NoLines | BudgetError::CorrectionChangesNothing => "lines".to_owned(),
            BudgetError::LineNameMissing { index } | BudgetError::LineNameTwice { index, .. } => {
                format!("lines[{index}].name")
            }
            BudgetError::AmountNegative { index, .. }
            | BudgetError::AmountsTooLarge { index, .. } => format!("lines[{index}].amount_tkr"),
            BudgetError::ContributionsTwice { index } => format!("lines[{index}].kind"),
            BudgetError::CorrectionReasonMissing => "reason".to_owned(),
            BudgetError::Basis(error) => format!("basis.{}", error.field()),
        }
    }

    fn rule(&self) -> &'static str {
        match self {
            BudgetError::AlreadyAdopted => "budget.adopted_once",
            BudgetError::NotAdopted => "budget.is_adopted",
            BudgetError::YearImplausible { .. } => "budget.year_plausible",
            BudgetError::YearBeforeCooperation { .. } => "budget.within_cooperation",
            BudgetError::NoLines => "budget.has_lines",
            BudgetError::LineNameMissing { .. } => "budget.line_named",
            BudgetError::LineNameTwice { .. } => "budget.line_names_unique",
            BudgetError::AmountNegative { .. } => "budget.amount_not_negative",
            BudgetError::AmountsTooLarge { .. } => "budget.amounts_computable",
            BudgetError::ContributionsTwice { .. } => "budget.one_contributions_line",
            BudgetError::CorrectionReasonMissing => "budget.correction_gives_reason",
            BudgetError::CorrectionChangesNothing => "budget.correction_changes_something",
            BudgetError::Basis(error) => error.rule(),
        }
    }
}
