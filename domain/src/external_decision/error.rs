use crate::RuleViolation;

/// Every rule a command on an outside body's decision can break.
///
/// The fields of the decision's details are named as within the details (`issuer`, not
/// `details.issuer` or `corrected.issuer`), as the other aggregates name the fields of what a
/// correction restates, so that a record and its correction report the same field alike.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExternalDecisionError {
    #[error("the decision is already recorded: correct it instead")]
    AlreadyRecorded,
    #[error("the decision is not recorded")]
    NotRecorded,
    #[error("the issuer is missing: name the body that decided, for example \"KF Mora\"")]
    IssuerMissing,
    #[error("the subject is missing: say in short what was decided")]
    SubjectMissing,
    #[error("the paragraph is blank: leave it out or give it, for example \"§103\"")]
    ParagraphBlank,
    #[error("the registry number is blank: leave it out or give it, for example \"RS 2025/103\"")]
    RegistryNumberBlank,
    #[error("a correction must say why the original was wrong")]
    CorrectionReasonMissing,
    #[error("the correction gives the decision as already recorded")]
    CorrectionChangesNothing,
}

impl RuleViolation for ExternalDecisionError {
    fn field(&self) -> String {
        match self {
            ExternalDecisionError::AlreadyRecorded | ExternalDecisionError::NotRecorded => {
                "decision_id".to_owned()
            }
            ExternalDecisionError::IssuerMissing => "issuer".to_owned(),
            ExternalDecisionError::SubjectMissing => "subject".to_owned(),
            ExternalDecisionError::ParagraphBlank => "paragraph".to_owned(),
            ExternalDecisionError::RegistryNumberBlank => "registry_number".to_owned(),
            ExternalDecisionError::CorrectionReasonMissing => "reason".to_owned(),
            ExternalDecisionError::CorrectionChangesNothing => "corrected".to_owned(),
        }
    }

    fn rule(&self) -> &'static str {
        match self {
            ExternalDecisionError::AlreadyRecorded => "external_decision.recorded_once",
            ExternalDecisionError::NotRecorded => "external_decision.is_recorded",
            ExternalDecisionError::IssuerMissing => "external_decision.issuer_is_named",
            ExternalDecisionError::SubjectMissing => "external_decision.has_a_subject",
            ExternalDecisionError::ParagraphBlank => "external_decision.paragraph_is_not_blank",
            ExternalDecisionError::RegistryNumberBlank => {
                "external_decision.registry_number_is_not_blank"
            }
            ExternalDecisionError::CorrectionReasonMissing => {
                "external_decision.correction_gives_reason"
            }
            ExternalDecisionError::CorrectionChangesNothing => {
                "external_decision.correction_changes_something"
            }
        }
    }
}
