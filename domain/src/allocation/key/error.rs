use uuid::Uuid;

use crate::governing_document::DocumentKind;
use crate::{LegalBasisError, PartyCode, RuleViolation};

/// Every rule an allocation key command can break.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AllocationKeyError {
    #[error("the allocation key is already adopted: correct it instead")]
    AlreadyAdopted,
    #[error("the allocation key is not adopted")]
    NotAdopted,
    #[error("document {document_id} governs cooperation {document_cooperation_id}, not this one")]
    DocumentOfAnotherCooperation {
        document_id: Uuid,
        document_cooperation_id: Uuid,
    },
    #[error("a key belongs to a cooperation agreement, and this document is a {kind:?}")]
    NotACooperationAgreement { kind: DocumentKind },
    #[error("version {version} does not exist: the agreement has versions 1 to {versions}")]
    UnknownDocumentVersion { version: u32, versions: u32 },
    #[error("version {version} of the agreement already has allocation key {key_id}: correct that key instead")]
    VersionAlreadyHasKey { version: u32, key_id: Uuid },
    #[error("party {party} is not a party of the cooperation")]
    NotAParty { field: String, party: PartyCode },
    #[error("party {party} is given a share twice")]
    ShareGivenTwice { index: usize, party: PartyCode },
    #[error(
        "party {party} of the cooperation has no share: give every party one, 0 if it pays nothing"
    )]
    PartyWithoutShare { party: PartyCode },
    #[error("the shares add up to {sum} basis points, not 10 000 (100 %)")]
    SharesNotWhole { sum: u64 },
    #[error("exception {index} names no budget line")]
    ExceptionLineMissing { index: usize },
    #[error("budget line {line:?} is named by two exceptions: a line is charged to one party")]
    ExceptionLineTwice { index: usize, line: String },
    #[error("a correction must say why the original was wrong")]
    CorrectionReasonMissing,
    #[error("the legal basis cannot be cited: {0}")]
    Basis(LegalBasisError),
}

impl RuleViolation for AllocationKeyError {
    fn field(&self) -> String {
        match self {
            AllocationKeyError::AlreadyAdopted | AllocationKeyError::NotAdopted => {
                "key_id".to_owned()
            }
            AllocationKeyError::DocumentOfAnotherCooperation { .. }
            | AllocationKeyError::NotACooperationAgreement { .. } => "document_id".to_owned(),
            AllocationKeyError::UnknownDocumentVersion { .. }
            | AllocationKeyError::VersionAlreadyHasKey { .. } => "document_version".to_owned(),
            AllocationKeyError::NotAParty { field, .. } => field.clone(),
            AllocationKeyError::ShareGivenTwice { index, .. } => {
                format!("method.shares[{index}].party")
            }
            AllocationKeyError::PartyWithoutShare { .. }
            | AllocationKeyError::SharesNotWhole { .. } => "method.shares".to_owned(),
            AllocationKeyError::ExceptionLineMissing { index }
            | AllocationKeyError::ExceptionLineTwice { index, .. } => {
                format!("exceptions[{index}].line")
            }
            AllocationKeyError::CorrectionReasonMissing => "reason".to_owned(),
            AllocationKeyError::Basis(error) => format!("basis.{}", error.field()),
        }
    }

    fn rule(&self) -> &'static str {
        match self {
            AllocationKeyError::AlreadyAdopted => "allocation_key.adopted_once",
            AllocationKeyError::NotAdopted => "allocation_key.is_adopted",
            AllocationKeyError::DocumentOfAnotherCooperation { .. } => {
                "allocation_key.agreement_of_the_cooperation"
            }
            AllocationKeyError::NotACooperationAgreement { .. } => {
                "allocation_key.belongs_to_a_cooperation_agreement"
            }
            AllocationKeyError::UnknownDocumentVersion { .. } => {
                "allocation_key.agreement_version_exists"
            }
            AllocationKeyError::VersionAlreadyHasKey { .. } => {
                "allocation_key.one_key_per_agreement_version"
            }
            AllocationKeyError::NotAParty { .. } => "allocation_key.parties_of_the_cooperation",
            AllocationKeyError::ShareGivenTwice { .. } => "allocation_key.one_share_per_party",
            AllocationKeyError::PartyWithoutShare { .. } => {
                "allocation_key.every_party_has_a_share"
            }
            AllocationKeyError::SharesNotWhole { .. } => "allocation_key.shares_add_up_to_whole",
            AllocationKeyError::ExceptionLineMissing { .. } => {
                "allocation_key.exception_names_a_line"
            }
            AllocationKeyError::ExceptionLineTwice { .. } => {
                "allocation_key.exception_line_named_once"
            }
            AllocationKeyError::CorrectionReasonMissing => "allocation_key.correction_gives_reason",
            AllocationKeyError::Basis(error) => error.rule(),
        }
    }
}
