use serde::{Deserialize, Serialize};

/// The legal form of a cooperation (see the glossary in the domain brief).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CooperationForm {
    /// Gemensam nämnd: a committee in the host's organisation with members from every party.
    JointCommittee,
    /// Avtalssamverkan: one party performs tasks for another under an agreement.
    ContractBased,
    /// Kommunalförbund: a separate legal body.
    MunicipalFederation,
    /// A host party runs a central purchasing body (inköpscentral) for the others.
    HostRunCentralPurchasingBody,
    Other,
}
