use chrono::NaiveDate;
use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::LegalBasis;

/// The kinds of governing document a cooperation has (see the glossary).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// Samverkansavtal.
    CooperationAgreement,
    /// Reglemente.
    RulesOfProcedure,
    /// Ägardirektiv.
    OwnerDirective,
    /// Delegationsordning.
    DelegationScheme,
    /// Nämndplan.
    CommitteePlan,
    /// Upphandlingspolicy.
    ProcurementPolicy,
    /// Tillämpningsanvisningar.
    ApplicationGuidelines,
}

/// A numbered clause, such as "§ 3" or "4.2", and its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Clause {
    pub number: String,
    pub text: String,
}

/// One change an amendment makes to the version it amends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum ClauseChange {
    Replace { number: String, text: String },
    Insert { number: String, text: String },
    Remove { number: String },
}

/// What happened to a governing document. A stored format: see the crate documentation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum GoverningDocumentEvent {
    DocumentAdopted(DocumentAdopted),
    DocumentAmended(DocumentAmended),
    VersionCorrected(VersionCorrected),
}

/// Version 1 of the document is in force from `effective_on` (valid time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentAdopted {
    pub cooperation_id: Uuid,
    pub kind: DocumentKind,
    pub title: String,
    pub effective_on: NaiveDate,
    pub clauses: Vec<Clause>,
    pub basis: LegalBasis,
}

/// Version `version`, made from `amends_version` by `changes`, is in force from `effective_on`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentAmended {
    pub version: u32,
    pub amends_version: u32,
    pub effective_on: NaiveDate,
    pub changes: Vec<ClauseChange>,
    pub basis: LegalBasis,
}

/// Version `version` was recorded wrongly: it took effect on `effective_on`, and, when given,
/// its clauses read `clauses`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionCorrected {
    pub version: u32,
    pub effective_on: NaiveDate,
    pub clauses: Option<Vec<Clause>>,
    pub reason: String,
    pub basis: LegalBasis,
}

impl DomainEvent for GoverningDocumentEvent {
    fn event_type(&self) -> String {
        match self {
            GoverningDocumentEvent::DocumentAdopted(_) => "DocumentAdopted",
            GoverningDocumentEvent::DocumentAmended(_) => "DocumentAmended",
            GoverningDocumentEvent::VersionCorrected(_) => "VersionCorrected",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1".to_owned()
    }
}
