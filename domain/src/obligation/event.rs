use chrono::NaiveDate;
use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{DateRange, LegalBasis, PartyCode};

/// The kinds of obligation in rule 9 of the domain brief.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ObligationKind {
    CostShare,
    AppointRepresentative,
    /// Provide staff as host.
    ProvideStaff,
    /// Provide premises as host.
    ProvidePremises,
    /// Report or plan, such as a yearly report to the councils.
    ReportOrPlan,
    PayFees,
    DeliverArchives,
    GiveNotice,
}

/// To whom the obligation is owed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Creditor {
    Party { party: PartyCode },
    Cooperation { cooperation_id: Uuid },
    Body { body_id: Uuid },
}

/// When the obligation falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Due {
    /// Once, on a date.
    On { date: NaiveDate },
    /// Every year on a month and day, within the period.
    Yearly { month: u32, day: u32 },
    /// Throughout the period, such as providing premises.
    Continuous,
}

/// How an obligation was closed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Closure {
    Fulfilled,
    Waived,
    /// Carried to another party, for example in a transition.
    Transferred {
        to: PartyCode,
    },
    Ended,
}

/// What happened to an obligation. A stored format: see the crate documentation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ObligationEvent {
    ObligationRecorded(ObligationRecorded),
    ObligationClosed(ObligationClosed),
    ObligationCorrected(ObligationCorrected),
}

/// `debtor` owes `creditor` this, for the days of `period` (valid time); its basis is its source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObligationRecorded {
    pub cooperation_id: Uuid,
    pub debtor: PartyCode,
    pub creditor: Creditor,
    pub kind: ObligationKind,
    pub description: String,
    pub period: DateRange,
    pub due: Due,
    pub basis: LegalBasis,
}

/// The obligation closed on `on` (valid time), as `closure` says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObligationClosed {
    pub closure: Closure,
    pub on: NaiveDate,
    pub basis: LegalBasis,
}

/// The obligation was recorded wrongly; `recorded` is what it should have said, and `reason` why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObligationCorrected {
    pub recorded: ObligationRecorded,
    pub reason: String,
}

impl DomainEvent for ObligationEvent {
    fn event_type(&self) -> String {
        match self {
            ObligationEvent::ObligationRecorded(_) => "ObligationRecorded",
            ObligationEvent::ObligationClosed(_) => "ObligationClosed",
            ObligationEvent::ObligationCorrected(_) => "ObligationCorrected",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1".to_owned()
    }
}
