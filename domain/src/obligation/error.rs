use chrono::NaiveDate;

use super::Closure;
use crate::{LegalBasisError, PartyCode, RuleViolation};

/// Every rule an obligation command can break.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ObligationError {
    #[error("the obligation is already recorded")]
    AlreadyRecorded,
    #[error("the obligation is not recorded")]
    NotRecorded,
    #[error("the description is missing: say what is owed")]
    DescriptionMissing,
    #[error("party {party} is not a party of the cooperation")]
    NotAParty {
        field: &'static str,
        party: PartyCode,
    },
    #[error("party {party} cannot owe this to itself")]
    OwedToItself { party: PartyCode },
    #[error("the period ends on {to}, before it begins on {from}")]
    PeriodBackwards { from: NaiveDate, to: NaiveDate },
    #[error("the due date {date} lies outside the period")]
    DueOutsidePeriod { date: NaiveDate },
    #[error("{month}-{day} is not a day of the year")]
    YearlyDueInvalid { month: u32, day: u32 },
    #[error("the obligation is already closed: {closure:?} on {on}")]
    AlreadyClosed { closure: Closure, on: NaiveDate },
    #[error("the obligation cannot close on {on}, before its period begins on {from}")]
    ClosedBeforePeriod { on: NaiveDate, from: NaiveDate },
    #[error("the obligation is already owed by {party}: a transfer goes to another party")]
    TransferredToDebtor { party: PartyCode },
    #[error("a correction must say why the original was wrong")]
    CorrectionReasonMissing,
    #[error("the legal basis cannot be cited: {0}")]
    Basis(LegalBasisError),
}

impl RuleViolation for ObligationError {
    fn field(&self) -> String {
        match self {
            ObligationError::AlreadyRecorded | ObligationError::NotRecorded => {
                "obligation_id".to_owned()
            }
            ObligationError::DescriptionMissing => "description".to_owned(),
            ObligationError::NotAParty { field, .. } => (*field).to_owned(),
            ObligationError::OwedToItself { .. } => "creditor".to_owned(),
            ObligationError::PeriodBackwards { .. } => "period".to_owned(),
            ObligationError::DueOutsidePeriod { .. } | ObligationError::YearlyDueInvalid { .. } => {
                "due".to_owned()
            }
            ObligationError::AlreadyClosed { .. } => "obligation_id".to_owned(),
            ObligationError::ClosedBeforePeriod { .. } => "on".to_owned(),
            ObligationError::TransferredToDebtor { .. } => "closure.to".to_owned(),
            ObligationError::CorrectionReasonMissing => "reason".to_owned(),
            ObligationError::Basis(error) => format!("basis.{}", error.field()),
        }
    }

    fn rule(&self) -> &'static str {
        match self {
            ObligationError::AlreadyRecorded => "obligation.recorded_once",
            ObligationError::NotRecorded => "obligation.is_recorded",
            ObligationError::DescriptionMissing => "obligation.described",
            ObligationError::NotAParty { .. } => "obligation.owed_by_a_party",
            ObligationError::OwedToItself { .. } => "obligation.owed_to_another",
            ObligationError::PeriodBackwards { .. } => "obligation.period_forwards",
            ObligationError::DueOutsidePeriod { .. } => "obligation.due_within_period",
            ObligationError::YearlyDueInvalid { .. } => "obligation.due_is_a_day",
            ObligationError::AlreadyClosed { .. } => "obligation.closes_once",
            ObligationError::ClosedBeforePeriod { .. } => "obligation.closes_after_it_begins",
            ObligationError::TransferredToDebtor { .. } => "obligation.transfer_to_another_party",
            ObligationError::CorrectionReasonMissing => "obligation.correction_gives_reason",
            ObligationError::Basis(error) => error.rule(),
        }
    }
}
