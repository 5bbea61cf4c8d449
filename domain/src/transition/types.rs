use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::governing_document::Clause;
use crate::{CooperationForm, LegalBasis, PartyCode};

/// What replaces the cooperation: another form of cooperation, or each party on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SuccessorForm {
    /// Avtalssamverkan (KL 9 kap 37–38 §§), as in seeds 003 and 004.
    ContractBased,
    /// Kommunalförbund.
    MunicipalFederation,
    /// A new gemensam nämnd.
    JointCommittee,
    /// A host party runs a central purchasing body (inköpscentral) for the others.
    HostRunCentralPurchasingBody,
    /// No cooperation follows: each party runs its own organisation.
    EachPartyOnItsOwn,
    Other,
}

impl SuccessorForm {
    /// The form of the successor cooperation, or `None` when no cooperation follows.
    pub fn cooperation_form(self) -> Option<CooperationForm> {
        match self {
            SuccessorForm::ContractBased => Some(CooperationForm::ContractBased),
            SuccessorForm::MunicipalFederation => Some(CooperationForm::MunicipalFederation),
            SuccessorForm::JointCommittee => Some(CooperationForm::JointCommittee),
            SuccessorForm::HostRunCentralPurchasingBody => {
                Some(CooperationForm::HostRunCentralPurchasingBody)
            }
            SuccessorForm::Other => Some(CooperationForm::Other),
            SuccessorForm::EachPartyOnItsOwn => None,
        }
    }
}

/// The successor as planned. When a cooperation follows, the plan names it in full, so that
/// carrying out can establish it with its agreement, and dispositions can point at it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SuccessorPlan {
    pub form: SuccessorForm,
    /// The cooperation that follows, when one does.
    pub cooperation: Option<SuccessorCooperation>,
}

/// The cooperation established on the effective date, as the plan describes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SuccessorCooperation {
    /// The id the successor will have, chosen when it is planned.
    pub cooperation_id: Uuid,
    pub name: String,
    pub host: PartyCode,
    pub parties: Vec<PartyCode>,
    /// The cooperation agreement (samverkansavtal) it is established with, if drafted yet.
    /// Carrying out needs it.
    pub agreement: Option<AgreementDraft>,
}

/// The text of the successor's agreement, adopted as a governing document when the transition
/// is carried out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AgreementDraft {
    pub document_id: Uuid,
    pub title: String,
    pub clauses: Vec<Clause>,
}

/// A step's key: short, stable and readable in an address, such as `council-decisions`.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(try_from = "String", into = "String")]
#[schema(value_type = String, example = "council-decisions")]
pub struct StepKey(pub(super) String);

/// Why a text is not a step key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a step key is 1 to 64 lowercase letters a–z, digits and hyphens, such as \"council-decisions\"")]
pub struct StepKeyError;

impl StepKey {
    pub fn parse(text: &str) -> Result<StepKey, StepKeyError> {
        let well_formed = (1..=64).contains(&text.len())
            && text
                .bytes()
                .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-');
        if well_formed {
            Ok(StepKey(text.to_owned()))
        } else {
            Err(StepKeyError)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for StepKey {
    type Error = StepKeyError;

    fn try_from(text: String) -> Result<StepKey, StepKeyError> {
        StepKey::parse(&text)
    }
}

impl From<StepKey> for String {
    fn from(key: StepKey) -> String {
        key.0
    }
}

impl std::fmt::Display for StepKey {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(&self.0)
    }
}

/// One step of a plan as defined: everything about it except its status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StepDefinition {
    pub key: StepKey,
    pub title: String,
    /// The party responsible for the step, if one is named.
    pub responsible: Option<PartyCode>,
    pub due_on: Option<NaiveDate>,
    /// Steps that must be done (or found not applicable) before this one can be done.
    pub depends_on: Vec<StepKey>,
    /// Whether the transition cannot be carried out before this step is done.
    pub blocking: bool,
}

/// Where a step stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    NotStarted,
    InProgress,
    Done,
    /// The step does not apply to this transition; it counts as settled.
    NotApplicable,
}

impl StepStatus {
    /// Whether the step no longer holds anything up.
    pub fn is_settled(self) -> bool {
        matches!(self, StepStatus::Done | StepStatus::NotApplicable)
    }
}

/// What becomes of a procurement contract or framework agreement in the transition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ContractDisposition {
    /// The contract continues jointly under the successor cooperation.
    ContinuesJointly,
    /// The contract moves to one party, which alone calls off from it.
    MovesToParty { party: PartyCode },
    /// The contract runs on unchanged until it expires, and is not replaced jointly.
    EndsAtExpiry,
    /// The contract runs until it expires; then one party procures it again on its own.
    ProcuredAgainBy { party: PartyCode },
}

/// What becomes of an obligation of the old cooperation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ObligationMapping {
    /// The successor cooperation carries it on: the old obligation ends on the effective date and
    /// `successor_obligation_id` is recorded under the successor from that day.
    CarriedToSuccessor { successor_obligation_id: Uuid },
    /// One party takes it over: the old obligation is closed as transferred, and
    /// `successor_obligation_id` is recorded with that party as debtor.
    MovesToParty {
        party: PartyCode,
        successor_obligation_id: Uuid,
    },
    /// The obligation ends on the effective date.
    Ends,
}

/// A decision about the transition, dated in valid time and resting on a basis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Decided<T> {
    pub decision: T,
    pub decided_on: NaiveDate,
    pub basis: LegalBasis,
}

/// A change of a step's status, dated in valid time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct StatusChange {
    pub status: StepStatus,
    pub on: NaiveDate,
    pub basis: LegalBasis,
}
