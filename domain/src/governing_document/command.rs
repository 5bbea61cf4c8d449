use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::{Clause, ClauseChange, DocumentKind};
use crate::LegalBasis;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoverningDocumentCommand {
    Adopt(AdoptDocument),
    Amend(AmendDocument),
    CorrectVersion(CorrectVersion),
}

/// Records a document as adopted, in force from a date.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AdoptDocument {
    pub cooperation_id: Uuid,
    /// Fact: the day the cooperation was established. Its documents cannot govern before it.
    pub cooperation_established_on: NaiveDate,
    pub kind: DocumentKind,
    pub title: String,
    pub effective_on: NaiveDate,
    pub clauses: Vec<Clause>,
    pub basis: LegalBasis,
}

/// Records an amendment of a version, in force from a date.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
pub struct AmendDocument {
    pub amends_version: u32,
    pub effective_on: NaiveDate,
    pub changes: Vec<ClauseChange>,
    pub basis: LegalBasis,
}

/// Corrects a version recorded wrongly (rättelse): its effective date, and for the latest version
/// its clauses. Earlier versions' clauses are not corrected here, because later versions were
/// made from them; record an amendment instead.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
pub struct CorrectVersion {
    pub version: u32,
    pub effective_on: NaiveDate,
    pub clauses: Option<Vec<Clause>>,
    pub reason: String,
    pub basis: LegalBasis,
}

impl crate::CitesBasis for GoverningDocumentCommand {
    fn basis(&self) -> Option<(&'static str, &LegalBasis)> {
        match self {
            GoverningDocumentCommand::Adopt(command) => Some(("basis", &command.basis)),
            GoverningDocumentCommand::Amend(command) => Some(("basis", &command.basis)),
            GoverningDocumentCommand::CorrectVersion(command) => Some(("basis", &command.basis)),
        }
    }
}
