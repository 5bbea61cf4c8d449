//! The facts about other aggregates that readiness and carrying out need. The register looks
//! them up (from the log for carrying out, from the read models for readiness as of a date); the
//! plan itself only ever sees its own stream.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::obligation::{Creditor, Due, ObligationKind};
use crate::{DateRange, MandatePeriod, PartyCode};

/// A contract held by the cooperation being replaced, running on or after the effective date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ContractFact {
    pub contract_id: Uuid,
    pub title: String,
    /// The last day of the contract after the extensions used so far.
    pub ends_on: NaiveDate,
    /// The parties that may call off from it.
    pub callers: Vec<PartyCode>,
}

/// An obligation of the cooperation being replaced that is still open on the effective date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ObligationFact {
    pub obligation_id: Uuid,
    pub debtor: PartyCode,
    pub creditor: Creditor,
    pub kind: ObligationKind,
    pub description: String,
    pub period: DateRange,
    pub due: Due,
}

impl ObligationFact {
    /// Fees of the dissolved body end with it (rule 10 of the domain brief), so they need no
    /// mapping of their own.
    pub fn ends_with_the_body(&self) -> bool {
        self.kind == ObligationKind::PayFees
    }
}

/// A body of the cooperation being replaced, with its dissolution if one is recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BodyFact {
    pub body_id: Uuid,
    pub established_on: NaiveDate,
    pub last_day: Option<NaiveDate>,
}

/// A membership of such a body that runs on or after the effective date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembershipFact {
    pub body_id: Uuid,
    pub period: MandatePeriod,
    pub membership_id: Uuid,
    pub serves_from: NaiveDate,
}

/// A mandate held by such a body that runs on or after the effective date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MandateFact {
    pub mandate_id: Uuid,
    pub body_id: Uuid,
    /// The mandate's first day.
    pub valid_from: NaiveDate,
}

/// Everything carrying out needs to know about the cooperation being replaced.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CarryOutFacts {
    /// The effective date of a dissolution already recorded on the cooperation, if any.
    pub recorded_dissolution: Option<NaiveDate>,
    pub bodies: Vec<BodyFact>,
    pub memberships: Vec<MembershipFact>,
    pub mandates: Vec<MandateFact>,
    pub obligations: Vec<ObligationFact>,
    pub contracts: Vec<ContractFact>,
}
