use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{LegalBasis, PartyCode};

/// 100 % in basis points: fixed shares add up to exactly this.
pub const WHOLE_IN_BASIS_POINTS: u32 = 10_000;

/// How a key splits what the parties share.
///
/// Variants are only ever added, so that every stored event keeps loading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AllocationMethod {
    /// In proportion to each party's population on 31 December of the year before the budget
    /// year (seed 001: "folkmängden ... vid årsskiftet innan budgeten fastställs").
    Population,
    /// Fixed shares in basis points (1/100 of a percent), such as 50/50 (seed 004).
    FixedShares { shares: Vec<FixedShare> },
}

/// One party's fixed share, in basis points: 5 000 is 50 %.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FixedShare {
    pub party: PartyCode,
    #[schema(example = 5000)]
    pub basis_points: u32,
}

/// A budget line charged wholly to one party instead of being shared: a cost the party bears
/// alone, or a revenue credited to it alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct NamedException {
    /// The name of the budget line, exactly as the budget names it.
    #[schema(example = "Arvoden till förtroendevalda")]
    pub line: String,
    pub party: PartyCode,
}

/// What happened to an allocation key. A stored format: see the crate documentation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AllocationKeyEvent {
    AllocationKeyAdopted(AllocationKeyAdopted),
    AllocationKeyCorrected(AllocationKeyCorrected),
}

/// The key for version `document_version` of the cooperation agreement `document_id`: it splits
/// among `parties` by `method`, except the lines `exceptions` names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllocationKeyAdopted {
    pub cooperation_id: Uuid,
    pub document_id: Uuid,
    pub document_version: u32,
    /// The parties the key splits among: the cooperation's parties when the key was adopted,
    /// kept on the event so that a population key knows whose figures to read.
    pub parties: Vec<PartyCode>,
    pub method: AllocationMethod,
    pub exceptions: Vec<NamedException>,
    pub basis: LegalBasis,
}

/// The key was recorded wrongly; `adopted` is what it should have said, and `reason` why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AllocationKeyCorrected {
    pub adopted: AllocationKeyAdopted,
    pub reason: String,
}

impl DomainEvent for AllocationKeyEvent {
    fn event_type(&self) -> String {
        match self {
            AllocationKeyEvent::AllocationKeyAdopted(_) => "AllocationKeyAdopted",
            AllocationKeyEvent::AllocationKeyCorrected(_) => "AllocationKeyCorrected",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1".to_owned()
    }
}
