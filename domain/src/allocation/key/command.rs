use serde::Deserialize;
use uuid::Uuid;

use super::{AllocationMethod, NamedException};
use crate::governing_document::DocumentKind;
use crate::{LegalBasis, PartyCode};

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AllocationKeyCommand {
    Adopt(AdoptAllocationKey),
    Correct(CorrectAllocationKey),
}

/// What the register holds of the document a key names.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AgreementFacts {
    /// The cooperation the document governs.
    pub cooperation_id: Uuid,
    pub kind: DocumentKind,
    /// How many versions the document has: the adoption and one per amendment.
    pub versions: u32,
}

/// Adopts the allocation key of one version of a cooperation agreement.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AdoptAllocationKey {
    pub cooperation_id: Uuid,
    /// Fact: the cooperation's parties, every one it has had.
    pub cooperation_parties: Vec<PartyCode>,
    pub document_id: Uuid,
    pub document_version: u32,
    /// Fact: the document `document_id` as the register holds it.
    pub document: AgreementFacts,
    /// Fact: the keys already adopted for this version of the agreement, other than this one.
    pub other_keys_of_version: Vec<Uuid>,
    pub method: AllocationMethod,
    pub exceptions: Vec<NamedException>,
    pub basis: LegalBasis,
}

/// Corrects a key recorded wrongly (rättelse): `adopt` is what it should have said.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CorrectAllocationKey {
    pub adopt: AdoptAllocationKey,
    pub reason: String,
}

impl crate::CitesBasis for AllocationKeyCommand {
    fn basis(&self) -> Option<(&'static str, &LegalBasis)> {
        match self {
            AllocationKeyCommand::Adopt(command) => Some(("basis", &command.basis)),
            AllocationKeyCommand::Correct(command) => Some(("key.basis", &command.adopt.basis)),
        }
    }
}
