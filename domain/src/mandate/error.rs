use chrono::NaiveDate;
use uuid::Uuid;

use super::Category;
use crate::{LegalBasisError, RuleViolation};

/// Every rule a mandate command can break.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MandateError {
    #[error("the mandate is already granted")]
    AlreadyGranted,
    #[error("the mandate is not granted")]
    NotGranted,
    #[error("the scope is missing: say in words what the mandate entrusts")]
    ScopeMissing,
    #[error("exclusion {exclusion} lies outside the mandate's category {category}, so it excludes nothing")]
    ExclusionOutsideCategory {
        index: usize,
        exclusion: Category,
        category: Category,
    },
    #[error("the period ends on {to}, before it begins on {from}")]
    PeriodBackwards {
        field: &'static str,
        from: NaiveDate,
        to: NaiveDate,
    },
    #[error("the delegate is missing: name the official's title")]
    DelegateMissing,
    #[error("delegation {delegation_id} is already recorded")]
    DelegationExists { delegation_id: Uuid },
    #[error("category {category} is not within the mandate, or is excluded from it")]
    DelegatesBeyondMandate { category: Category },
    #[error("the delegation runs outside the mandate's own period")]
    DelegationOutsideMandatePeriod,
    #[error("the mandate already ended, after {last_day}")]
    AlreadyEnded { last_day: NaiveDate },
    #[error("the mandate cannot end on {last_day}, outside its period")]
    EndOutsidePeriod { last_day: NaiveDate },
    #[error("a correction must say why the original was wrong")]
    CorrectionReasonMissing,
    #[error("the legal basis cannot be cited: {0}")]
    Basis(LegalBasisError),
}

impl RuleViolation for MandateError {
    fn field(&self) -> String {
        match self {
            MandateError::AlreadyGranted | MandateError::NotGranted => "mandate_id".to_owned(),
            MandateError::ScopeMissing => "scope".to_owned(),
            MandateError::ExclusionOutsideCategory { index, .. } => format!("exclusions[{index}]"),
            MandateError::PeriodBackwards { field, .. } => (*field).to_owned(),
            MandateError::DelegateMissing => "delegate".to_owned(),
            MandateError::DelegationExists { .. } => "delegation_id".to_owned(),
            MandateError::DelegatesBeyondMandate { .. } => "category".to_owned(),
            MandateError::DelegationOutsideMandatePeriod => "valid".to_owned(),
            MandateError::AlreadyEnded { .. } | MandateError::EndOutsidePeriod { .. } => {
                "last_day".to_owned()
            }
            MandateError::CorrectionReasonMissing => "reason".to_owned(),
            MandateError::Basis(error) => format!("basis.{}", error.field()),
        }
    }

    fn rule(&self) -> &'static str {
        match self {
            MandateError::AlreadyGranted => "mandate.granted_once",
            MandateError::NotGranted => "mandate.is_granted",
            MandateError::ScopeMissing => "mandate.has_a_scope",
            MandateError::ExclusionOutsideCategory { .. } => "mandate.exclusions_within_category",
            MandateError::PeriodBackwards { .. } => "mandate.period_forwards",
            MandateError::DelegateMissing => "mandate.delegate_named",
            MandateError::DelegationExists { .. } => "mandate.delegation_recorded_once",
            MandateError::DelegatesBeyondMandate { .. } => "mandate.delegation_within_mandate",
            MandateError::DelegationOutsideMandatePeriod => "mandate.delegation_within_period",
            MandateError::AlreadyEnded { .. } => "mandate.ends_once",
            MandateError::EndOutsidePeriod { .. } => "mandate.ends_within_period",
            MandateError::CorrectionReasonMissing => "mandate.correction_gives_reason",
            MandateError::Basis(error) => error.rule(),
        }
    }
}
