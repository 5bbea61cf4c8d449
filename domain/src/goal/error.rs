use chrono::NaiveDate;

use crate::{LegalBasisError, RuleViolation};

/// Every rule a goal command can break.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GoalError {
    #[error("the goal is already set")]
    AlreadySet,
    #[error("the goal is not set")]
    NotSet,
    #[error("goals are numbered from 1")]
    NumberZero,
    #[error("the goal's text is missing")]
    TextMissing,
    #[error("the period ends on {to}, before it begins on {from}")]
    PeriodBackwards { from: NaiveDate, to: NaiveDate },
    #[error("a follow-up on {on} comes before the goal's period begins on {from}")]
    FollowUpBeforePeriod { on: NaiveDate, from: NaiveDate },
    #[error("the follow-up's comment is missing: say what was done and seen")]
    CommentMissing,
    #[error("a correction must say why the original was wrong")]
    CorrectionReasonMissing,
    #[error("the legal basis cannot be cited: {0}")]
    Basis(LegalBasisError),
}

impl RuleViolation for GoalError {
    fn field(&self) -> String {
        match self {
            GoalError::AlreadySet | GoalError::NotSet => "goal_id".to_owned(),
            GoalError::NumberZero => "number".to_owned(),
            GoalError::TextMissing => "text".to_owned(),
            GoalError::PeriodBackwards { .. } => "period".to_owned(),
            GoalError::FollowUpBeforePeriod { .. } => "on".to_owned(),
            GoalError::CommentMissing => "comment".to_owned(),
            GoalError::CorrectionReasonMissing => "reason".to_owned(),
            GoalError::Basis(error) => format!("basis.{}", error.field()),
        }
    }

    fn rule(&self) -> &'static str {
        match self {
            GoalError::AlreadySet => "goal.set_once",
            GoalError::NotSet => "goal.is_set",
            GoalError::NumberZero => "goal.numbered_from_one",
            GoalError::TextMissing => "goal.has_text",
            GoalError::PeriodBackwards { .. } => "goal.period_forwards",
            GoalError::FollowUpBeforePeriod { .. } => "goal.follow_up_within_period",
            GoalError::CommentMissing => "goal.follow_up_commented",
            GoalError::CorrectionReasonMissing => "goal.correction_gives_reason",
            GoalError::Basis(error) => error.rule(),
        }
    }
}
