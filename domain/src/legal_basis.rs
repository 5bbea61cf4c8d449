use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What a state change rests on (rule 1 of the domain brief).
///
/// Variants are only ever added, so that every stored event keeps loading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LegalBasis {
    /// A decision of a body outside the register, such as a party's council: "KF Mora 2019-11-25"
    /// or "RS 2025-05-06 §103".
    ExternalDecision {
        /// The body that decided, for example "Kommunfullmäktige Mora" or "Regionstyrelsen Sörmland".
        issuer: String,
        decided_on: NaiveDate,
        /// The paragraph or other reference within the minutes, for example "§103".
        reference: Option<String>,
        /// The registry number (diarienummer) of the case, for example "RS 2025/103".
        registry_number: Option<String>,
    },
    /// A clause of a version of a governing document in this register, such as § 3 of version 2
    /// of a rules of procedure.
    DocumentClause {
        document_id: uuid::Uuid,
        version: u32,
        clause: String,
    },
    /// A decision recorded in this register, cited by its stable id: a § of a body's minutes, a
    /// delegated decision reported to a body, or an external decision recorded with its issuer.
    /// Unlike [`LegalBasis::ExternalDecision`], the register checks that it exists.
    Decision { decision_id: uuid::Uuid },
}

/// A command that rests on a legal basis. The register reads the basis before it executes the
/// command, so that a command citing a decision of this register is refused when no such
/// decision is recorded; the aggregate itself cannot know, because it sees only its own stream.
pub trait CitesBasis {
    /// The basis the command cites, if it cites one, with the field that holds it.
    fn basis(&self) -> Option<(&'static str, &LegalBasis)>;
}

/// A legal basis that cannot be cited.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LegalBasisError {
    #[error("the issuer of the decision is missing: a basis must name the body that decided")]
    IssuerMissing,
    #[error("the reference is blank: leave it out or give the paragraph, for example \"§103\"")]
    ReferenceBlank,
    #[error("the registry number is blank: leave it out or give it, for example \"RS 2025/103\"")]
    RegistryNumberBlank,
    #[error("document versions start at 1")]
    VersionZero,
    #[error("the clause is missing: name the clause the change rests on, for example \"§ 3\"")]
    ClauseMissing,
    #[error("the decision id is the nil uuid: cite a decision recorded in the register")]
    DecisionIdNil,
}

impl LegalBasisError {
    /// The field within the basis that is wrong.
    pub fn field(&self) -> &'static str {
        match self {
            LegalBasisError::IssuerMissing => "issuer",
            LegalBasisError::ReferenceBlank => "reference",
            LegalBasisError::RegistryNumberBlank => "registry_number",
            LegalBasisError::VersionZero => "version",
            LegalBasisError::ClauseMissing => "clause",
            LegalBasisError::DecisionIdNil => "decision_id",
        }
    }

    pub fn rule(&self) -> &'static str {
        match self {
            LegalBasisError::IssuerMissing => "legal_basis.issuer_is_named",
            LegalBasisError::ReferenceBlank => "legal_basis.reference_is_not_blank",
            LegalBasisError::RegistryNumberBlank => "legal_basis.registry_number_is_not_blank",
            LegalBasisError::VersionZero => "legal_basis.document_version_exists",
            LegalBasisError::ClauseMissing => "legal_basis.clause_is_named",
            LegalBasisError::DecisionIdNil => "legal_basis.decision_is_identified",
        }
    }
}

impl LegalBasis {
    /// The decision in this register that the basis cites, if it cites one. The register checks
    /// that such a decision exists before it records anything that rests on it.
    pub fn cited_decision(&self) -> Option<uuid::Uuid> {
        match self {
            LegalBasis::Decision { decision_id } => Some(*decision_id),
            LegalBasis::ExternalDecision { .. } | LegalBasis::DocumentClause { .. } => None,
        }
    }

    /// Checks that the basis can be cited: every text it gives says something.
    pub fn validate(&self) -> Result<(), LegalBasisError> {
        match self {
            LegalBasis::ExternalDecision {
                issuer,
                reference,
                registry_number,
                ..
            } => {
                if issuer.trim().is_empty() {
                    return Err(LegalBasisError::IssuerMissing);
                }
                if reference
                    .as_deref()
                    .is_some_and(|text| text.trim().is_empty())
                {
                    return Err(LegalBasisError::ReferenceBlank);
                }
                if registry_number
                    .as_deref()
                    .is_some_and(|text| text.trim().is_empty())
                {
                    return Err(LegalBasisError::RegistryNumberBlank);
                }
                Ok(())
            }
            LegalBasis::DocumentClause {
                version, clause, ..
            } => {
                if *version == 0 {
                    return Err(LegalBasisError::VersionZero);
                }
                if clause.trim().is_empty() {
                    return Err(LegalBasisError::ClauseMissing);
                }
                Ok(())
            }
            LegalBasis::Decision { decision_id } => {
                if decision_id.is_nil() {
                    return Err(LegalBasisError::DecisionIdNil);
                }
                Ok(())
            }
        }
    }
}
