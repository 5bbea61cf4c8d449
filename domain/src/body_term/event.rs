use chrono::NaiveDate;
use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Appointment, EndReason, SeatAllocation};
use crate::{LegalBasis, MandatePeriod};

/// What happened in one mandate period of a body. A stored format: see the crate documentation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum BodyTermEvent {
    SeatPlanAdopted(SeatPlanAdopted),
    MemberAppointed(MemberAppointed),
    MembershipEnded(MembershipEnded),
    AppointmentCorrected(AppointmentCorrected),
    SeatPlanCorrected(SeatPlanCorrected),
}

/// The seats of each party for the whole period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatPlanAdopted {
    pub body_id: Uuid,
    pub period: MandatePeriod,
    pub seats: Vec<SeatAllocation>,
    pub basis: LegalBasis,
}

/// A person holds a seat from `serves_from` to `serves_to` (valid time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberAppointed {
    pub membership_id: Uuid,
    pub appointment: Appointment,
    /// The end of service: the one appointed, or the end of the mandate period.
    pub serves_to: NaiveDate,
    pub replaces: Option<Uuid>,
    pub basis: LegalBasis,
}

/// A membership ends after `last_day`, earlier than appointed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MembershipEnded {
    pub membership_id: Uuid,
    pub last_day: NaiveDate,
    pub reason: EndReason,
    pub basis: LegalBasis,
}

/// The appointment `membership_id` was recorded wrongly; this is what it should have said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppointmentCorrected {
    pub membership_id: Uuid,
    pub corrected: Appointment,
    pub serves_to: NaiveDate,
    pub reason: String,
    pub basis: LegalBasis,
}

/// The seat plan was recorded wrongly; `seats` is what it should have said, and `reason` why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatPlanCorrected {
    pub seats: Vec<SeatAllocation>,
    pub reason: String,
    pub basis: LegalBasis,
}

impl DomainEvent for BodyTermEvent {
    fn event_type(&self) -> String {
        match self {
            BodyTermEvent::SeatPlanAdopted(_) => "SeatPlanAdopted",
            BodyTermEvent::MemberAppointed(_) => "MemberAppointed",
            BodyTermEvent::MembershipEnded(_) => "MembershipEnded",
            BodyTermEvent::AppointmentCorrected(_) => "AppointmentCorrected",
            BodyTermEvent::SeatPlanCorrected(_) => "SeatPlanCorrected",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1".to_owned()
    }
}
