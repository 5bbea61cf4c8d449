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

/// The decisions a fact rests on, one or several: a joint committee is founded, and dissolved,
/// by matching decisions of every party's council, and each is cited.
///
/// Stored and answered as a list. Events and requests of the first version gave a single basis
/// under `basis`; a field of this type names `basis` as an alias and reads a single basis as a
/// list of one, so that those events keep loading and those requests keep working.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(transparent)]
pub struct Bases(Vec<LegalBasis>);

impl Bases {
    /// The bases, at least one, each once.
    pub fn new(bases: Vec<LegalBasis>) -> Option<Bases> {
        (!bases.is_empty()).then_some(Bases(bases))
    }

    pub fn iter(&self) -> std::slice::Iter<'_, LegalBasis> {
        self.0.iter()
    }

    /// The first basis given, which a one-line summary names.
    pub fn first(&self) -> &LegalBasis {
        // A `Bases` is never empty: `new` and deserialization refuse an empty list.
        &self.0[0]
    }

    /// Checks every basis and that none is cited twice; an error names the basis by its index.
    pub fn validate(&self) -> Result<(), BasesError> {
        for (index, basis) in self.0.iter().enumerate() {
            basis
                .validate()
                .map_err(|error| BasesError::Invalid { index, error })?;
            if self.0[..index].contains(basis) {
                return Err(BasesError::CitedTwice { index });
            }
        }
        Ok(())
    }
}

impl From<LegalBasis> for Bases {
    fn from(basis: LegalBasis) -> Bases {
        Bases(vec![basis])
    }
}

impl<'a> IntoIterator for &'a Bases {
    type Item = &'a LegalBasis;
    type IntoIter = std::slice::Iter<'a, LegalBasis>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl<'de> Deserialize<'de> for Bases {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Bases, D::Error> {
        deserializer.deserialize_any(BasesVisitor)
    }
}

/// Reads a list of bases, or a single basis as version 1 wrote it.
struct BasesVisitor;

impl<'de> serde::de::Visitor<'de> for BasesVisitor {
    type Value = Bases;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("a list of at least one legal basis, or a single legal basis")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Bases, A::Error> {
        let bases =
            Vec::<LegalBasis>::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))?;
        Bases::new(bases).ok_or_else(|| {
            serde::de::Error::custom("the list is empty: a fact rests on at least one basis")
        })
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Bases, A::Error> {
        LegalBasis::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(Bases::from)
    }
}

/// Why a list of bases cannot be cited.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BasesError {
    #[error("basis {index}: {error}")]
    Invalid {
        index: usize,
        error: LegalBasisError,
    },
    #[error("basis {index} is cited before it in the list: cite each decision once")]
    CitedTwice { index: usize },
}

impl BasesError {
    /// The field within the list that is wrong, such as `[1].issuer`.
    pub fn field(&self) -> String {
        match self {
            BasesError::Invalid { index, error } => format!("[{index}].{}", error.field()),
            BasesError::CitedTwice { index } => format!("[{index}]"),
        }
    }

    pub fn rule(&self) -> &'static str {
        match self {
            BasesError::Invalid { error, .. } => error.rule(),
            BasesError::CitedTwice { .. } => "legal_basis.cited_once",
        }
    }
}

/// A command that rests on a legal basis. The register reads the basis before it executes the
/// command, so that a command citing a decision of this register is refused when no such
/// decision is recorded; the aggregate itself cannot know, because it sees only its own stream.
pub trait CitesBasis {
    /// The basis the command cites, if it cites one, with the field that holds it.
    fn basis(&self) -> Option<(&'static str, &LegalBasis)>;

    /// Every basis the command cites, with the field that holds each. A command that rests on
    /// several decisions ([`Bases`]) lists them all, so that the register checks each.
    fn bases(&self) -> Vec<(String, &LegalBasis)> {
        self.basis()
            .map(|(field, basis)| vec![(field.to_owned(), basis)])
            .unwrap_or_default()
    }
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
