use chrono::NaiveDate;

use crate::{LegalBasisError, RuleViolation};

/// Every rule a governing document command can break.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GoverningDocumentError {
    #[error("the document is already adopted: change it by amendment")]
    AlreadyAdopted,
    #[error("the document is not adopted yet")]
    NotAdopted,
    #[error("the title is missing")]
    TitleMissing,
    #[error("the document cannot take effect on {effective_on}, before its cooperation began on {cooperation_established_on}")]
    EffectiveBeforeCooperation {
        effective_on: NaiveDate,
        cooperation_established_on: NaiveDate,
    },
    #[error("clause number {number:?} is blank or given twice")]
    ClauseNumberInvalid { field: String, number: String },
    #[error("the text of clause {number:?} is blank: a clause says something")]
    ClauseTextBlank { field: String, number: String },
    #[error("version {version} does not exist: the document has versions 1 to {latest}")]
    UnknownVersion { version: u32, latest: u32 },
    #[error("version {version} has been amended already: amend the latest version, {latest}")]
    AmendsSupersededVersion { version: u32, latest: u32 },
    #[error("the amendment cannot take effect on {effective_on}, before version {version} took effect on {version_effective_on}")]
    EffectiveBeforeAmendedVersion {
        effective_on: NaiveDate,
        version: u32,
        version_effective_on: NaiveDate,
    },
    #[error("an amendment changes at least one clause")]
    NoChanges,
    #[error("clause {number:?} is not in version {version}")]
    UnknownClause {
        index: usize,
        number: String,
        version: u32,
    },
    #[error("clause {number:?} is already in the document")]
    ClauseExists { index: usize, number: String },
    #[error("a correction must say why the original was wrong")]
    CorrectionReasonMissing,
    #[error(
        "version {version} cannot take effect on {effective_on}: versions take effect in order"
    )]
    VersionOutOfOrder {
        version: u32,
        effective_on: NaiveDate,
    },
    #[error("the clauses of version {version} cannot be corrected: later versions were made from them, up to {latest}")]
    ClausesOfSupersededVersion { version: u32, latest: u32 },
    #[error("the legal basis cannot be cited: {0}")]
    Basis(LegalBasisError),
}

impl RuleViolation for GoverningDocumentError {
    fn field(&self) -> String {
        match self {
            GoverningDocumentError::AlreadyAdopted | GoverningDocumentError::NotAdopted => {
                "document_id".to_owned()
            }
            GoverningDocumentError::TitleMissing => "title".to_owned(),
            GoverningDocumentError::EffectiveBeforeCooperation { .. }
            | GoverningDocumentError::EffectiveBeforeAmendedVersion { .. } => {
                "effective_on".to_owned()
            }
            GoverningDocumentError::ClauseNumberInvalid { field, .. }
            | GoverningDocumentError::ClauseTextBlank { field, .. } => field.clone(),
            GoverningDocumentError::UnknownVersion { .. }
            | GoverningDocumentError::AmendsSupersededVersion { .. } => "amends_version".to_owned(),
            GoverningDocumentError::NoChanges => "changes".to_owned(),
            GoverningDocumentError::UnknownClause { index, .. }
            | GoverningDocumentError::ClauseExists { index, .. } => {
                format!("changes[{index}].number")
            }
            GoverningDocumentError::CorrectionReasonMissing => "reason".to_owned(),
            GoverningDocumentError::VersionOutOfOrder { .. } => "effective_on".to_owned(),
            GoverningDocumentError::ClausesOfSupersededVersion { .. } => "clauses".to_owned(),
            GoverningDocumentError::Basis(error) => format!("basis.{}", error.field()),
        }
    }

    fn rule(&self) -> &'static str {
        match self {
            GoverningDocumentError::AlreadyAdopted => "document.adopted_once",
            GoverningDocumentError::NotAdopted => "document.is_adopted",
            GoverningDocumentError::TitleMissing => "document.has_a_title",
            GoverningDocumentError::EffectiveBeforeCooperation { .. } => {
                "document.within_cooperation"
            }
            GoverningDocumentError::ClauseNumberInvalid { .. } => "document.clause_numbers_unique",
            GoverningDocumentError::ClauseTextBlank { .. } => "document.clause_has_text",
            GoverningDocumentError::UnknownVersion { .. } => "document.amends_existing_version",
            GoverningDocumentError::AmendsSupersededVersion { .. } => {
                "document.amends_latest_version"
            }
            GoverningDocumentError::EffectiveBeforeAmendedVersion { .. } => {
                "document.amendment_after_version"
            }
            GoverningDocumentError::NoChanges => "document.amendment_changes_something",
            GoverningDocumentError::UnknownClause { .. } => "document.changes_existing_clause",
            GoverningDocumentError::ClauseExists { .. } => "document.inserts_new_clause",
            GoverningDocumentError::CorrectionReasonMissing => "document.correction_gives_reason",
            GoverningDocumentError::VersionOutOfOrder { .. } => "document.versions_in_order",
            GoverningDocumentError::ClausesOfSupersededVersion { .. } => {
                "document.corrects_clauses_of_latest_version"
            }
            GoverningDocumentError::Basis(error) => error.rule(),
        }
    }
}
