use chrono::NaiveDate;

use crate::{BasesError, LegalBasisError, RuleViolation};

/// Every rule a body command can break.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BodyError {
    #[error("the body is already established")]
    AlreadyEstablished,
    #[error("the body is not established")]
    NotEstablished,
    #[error("the name is missing: a body must have a name")]
    NameMissing,
    #[error("the body cannot begin on {established_on}, before its cooperation began on {cooperation_established_on}")]
    EstablishedBeforeCooperation {
        established_on: NaiveDate,
        cooperation_established_on: NaiveDate,
    },
    #[error("the body was already dissolved, after {last_day}")]
    AlreadyDissolved { last_day: NaiveDate },
    #[error("the last day {last_day} is before the body began on {established_on}")]
    DissolvedBeforeEstablished {
        last_day: NaiveDate,
        established_on: NaiveDate,
    },
    #[error("a correction must say why the original was wrong")]
    CorrectionReasonMissing,
    #[error("the legal basis cannot be cited: {0}")]
    Basis(LegalBasisError),
    #[error("the legal bases cannot be cited: {0}")]
    Bases(BasesError),
}

impl RuleViolation for BodyError {
    fn field(&self) -> String {
        match self {
            BodyError::AlreadyEstablished | BodyError::NotEstablished => "body_id".to_owned(),
            BodyError::NameMissing => "name".to_owned(),
            BodyError::EstablishedBeforeCooperation { .. } => "established_on".to_owned(),
            BodyError::AlreadyDissolved { .. } | BodyError::DissolvedBeforeEstablished { .. } => {
                "last_day".to_owned()
            }
            BodyError::CorrectionReasonMissing => "reason".to_owned(),
            BodyError::Basis(error) => format!("basis.{}", error.field()),
            BodyError::Bases(error) => format!("bases{}", error.field()),
        }
    }

    fn rule(&self) -> &'static str {
        match self {
            BodyError::AlreadyEstablished => "body.established_once",
            BodyError::NotEstablished => "body.is_established",
            BodyError::NameMissing => "body.has_a_name",
            BodyError::EstablishedBeforeCooperation { .. } => "body.within_cooperation",
            BodyError::AlreadyDissolved { .. } => "body.dissolved_once",
            BodyError::DissolvedBeforeEstablished { .. } => "body.dissolved_after_established",
            BodyError::CorrectionReasonMissing => "body.correction_gives_reason",
            BodyError::Basis(error) => error.rule(),
            BodyError::Bases(error) => error.rule(),
        }
    }
}
