//! Requests on governing documents. The day the cooperation was established comes from the
//! register.

use chrono::NaiveDate;
use domain::governing_document::{
    AdoptDocument, Clause, DocumentKind, GoverningDocument, GoverningDocumentCommand,
    GoverningDocumentError,
};
use domain::LegalBasis;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{Gather, Register, RegisterError};

/// A governing document as adopted: version 1. The day its cooperation was established is
/// looked up in the register, not sent.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdoptDocumentRequest {
    /// The cooperation the document governs.
    pub cooperation_id: Uuid,
    pub kind: DocumentKind,
    #[schema(example = "Samverkansavtal för Upphandlingssamverkan Mora, Orsa och Älvdalen")]
    pub title: String,
    /// The day version 1 takes effect; not before the cooperation was established.
    #[schema(example = "2020-01-01")]
    pub effective_on: NaiveDate,
    pub clauses: Vec<Clause>,
    pub basis: LegalBasis,
}

/// A new document goes to the stream of the id its caller chose for it.
impl Gather for AdoptDocumentRequest {
    type Aggregate = GoverningDocument;
    type Address = Uuid;

    async fn gather(
        self,
        register: &Register,
        _: &Uuid,
    ) -> Result<GoverningDocumentCommand, RegisterError<GoverningDocumentError>> {
        let cooperation = register
            .recorded_cooperation("cooperation_id", self.cooperation_id)
            .await?;
        Ok(GoverningDocumentCommand::Adopt(AdoptDocument {
            cooperation_id: self.cooperation_id,
            cooperation_established_on: cooperation.established_on,
            kind: self.kind,
            title: self.title,
            effective_on: self.effective_on,
            clauses: self.clauses,
            basis: self.basis,
        }))
    }
}
