use chrono::NaiveDate;
use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::Category;
use crate::{DateRange, LegalBasis, PartyCode};

/// Who holds a mandate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum MandateHolder {
    Body { body_id: Uuid },
    Party { party: PartyCode },
}

/// What happened to a mandate. A stored format: see the crate documentation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum MandateEvent {
    MandateGranted(MandateGranted),
    MandateDelegated(MandateDelegated),
    MandateEnded(MandateEnded),
    MandateCorrected(MandateCorrected),
}

/// `holder` may act within `category`, less `exclusions`, for the days of `valid`. The basis is
/// its source: a clause of a governing document, or a decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MandateGranted {
    pub holder: MandateHolder,
    pub category: Category,
    pub scope: String,
    pub exclusions: Vec<Category>,
    pub valid: DateRange,
    pub basis: LegalBasis,
}

/// Part of the mandate is delegated to an official (delegationsbeslut are taken under it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MandateDelegated {
    pub delegation_id: Uuid,
    /// The official's title, such as "inköpschef".
    pub delegate: String,
    pub category: Category,
    pub valid: DateRange,
    pub basis: LegalBasis,
}

/// The mandate ends after `last_day`, earlier than granted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MandateEnded {
    pub last_day: NaiveDate,
    pub basis: LegalBasis,
}

/// The grant was recorded wrongly; `grant` is what it should have said, and `reason` why. The
/// original stays in the log; this event cites it by being in the same mandate's stream.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MandateCorrected {
    pub grant: MandateGranted,
    pub reason: String,
}

impl DomainEvent for MandateEvent {
    fn event_type(&self) -> String {
        match self {
            MandateEvent::MandateGranted(_) => "MandateGranted",
            MandateEvent::MandateDelegated(_) => "MandateDelegated",
            MandateEvent::MandateEnded(_) => "MandateEnded",
            MandateEvent::MandateCorrected(_) => "MandateCorrected",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1".to_owned()
    }
}
