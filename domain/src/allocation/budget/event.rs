use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::LegalBasis;

/// What a budget line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BudgetLineKind {
    /// A cost of the cooperation, such as staff (personalkostnader).
    Cost,
    /// A revenue from others than the parties' shared contribution, such as commissioned work.
    Revenue,
    /// The parties' contribution that the allocation key splits, such as seed 001's "Intäkter
    /// grundavtal deltagande kommuner". A budget has at most one. Without one, the key splits
    /// the costs less the revenues.
    PartyContributions,
}

/// One line of a budget, in thousands of kronor (tkr).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct BudgetLine {
    #[schema(example = "Personalkostnader")]
    pub name: String,
    pub kind: BudgetLineKind,
    #[schema(example = 6281)]
    pub amount_tkr: i64,
}

/// What happened to a budget. A stored format: see the crate documentation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum BudgetEvent {
    BudgetAdopted(BudgetAdopted),
    BudgetRevised(BudgetRevised),
    BudgetCorrected(BudgetCorrected),
}

/// The budget of `cooperation_id` for `year` was adopted with `lines`: revision 1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetAdopted {
    pub cooperation_id: Uuid,
    pub year: i32,
    pub lines: Vec<BudgetLine>,
    pub basis: LegalBasis,
}

/// A revised budget was adopted: revision `revision` replaces the lines from now on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetRevised {
    pub revision: u32,
    pub lines: Vec<BudgetLine>,
    pub basis: LegalBasis,
}

/// Revision `revision` was recorded wrongly; `lines` is what it said, and `reason` why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetCorrected {
    pub revision: u32,
    pub lines: Vec<BudgetLine>,
    pub reason: String,
}

impl DomainEvent for BudgetEvent {
    fn event_type(&self) -> String {
        match self {
            BudgetEvent::BudgetAdopted(_) => "BudgetAdopted",
            BudgetEvent::BudgetRevised(_) => "BudgetRevised",
            BudgetEvent::BudgetCorrected(_) => "BudgetCorrected",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1".to_owned()
    }
}
