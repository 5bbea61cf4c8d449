use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::{EndReason, Person, Role, SeatAllocation};
use crate::{LegalBasis, MandatePeriod, PartyCode};

/// What a secretary can record about a body in one mandate period.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyTermCommand {
    AdoptSeatPlan(AdoptSeatPlan),
    Appoint(Appoint),
    EndMembership(EndMembership),
    CorrectAppointment(CorrectAppointment),
    CorrectSeatPlan(CorrectSeatPlan),
}

/// Records how many members and deputies each party has on the body for the period.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AdoptSeatPlan {
    pub body_id: Uuid,
    pub period: MandatePeriod,
    pub seats: Vec<SeatAllocation>,
    /// Fact: whether the body is a joint committee (gemensam nämnd) itself. Then every party must
    /// hold at least one member seat and one deputy seat (domain rule 4).
    pub is_joint_committee: bool,
    /// Fact: the cooperation's parties at the start of the period.
    pub cooperation_parties: Vec<PartyCode>,
    pub basis: LegalBasis,
}

/// Who is appointed, as what, for which party, and for which days. Shared by an appointment and
/// its correction.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, Deserialize, utoipa::ToSchema)]
pub struct Appointment {
    pub person: Person,
    pub role: Role,
    pub party: PartyCode,
    pub serves_from: NaiveDate,
    /// The last day of service; the end of the mandate period when not given.
    pub serves_to: Option<NaiveDate>,
}

/// Appoints a person to a seat, possibly in place of a member who left (fyllnadsval).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Appoint {
    pub membership_id: Uuid,
    pub appointment: Appointment,
    /// The membership this one fills, after it ended early.
    pub replaces: Option<Uuid>,
    /// Fact: the cooperation's parties on `serves_from`.
    pub cooperation_parties: Vec<PartyCode>,
    pub basis: LegalBasis,
}

/// Ends a membership on `last_day`, for a reason.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct EndMembership {
    pub membership_id: Uuid,
    pub last_day: NaiveDate,
    pub reason: EndReason,
    pub basis: LegalBasis,
}

/// Corrects a recorded appointment (rättelse). The original stays in the log; the correction
/// cites it by its membership id and says why.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CorrectAppointment {
    pub membership_id: Uuid,
    pub corrected: Appointment,
    pub reason: String,
    /// Fact: the cooperation's parties on the corrected `serves_from`.
    pub cooperation_parties: Vec<PartyCode>,
    pub basis: LegalBasis,
}

/// Corrects the recorded seat plan (rättelse). Every membership already recorded must still have
/// its seat under the corrected plan.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CorrectSeatPlan {
    pub seats: Vec<SeatAllocation>,
    /// Fact: as for [`AdoptSeatPlan::is_joint_committee`].
    pub is_joint_committee: bool,
    /// Fact: the cooperation's parties at the start of the period.
    pub cooperation_parties: Vec<PartyCode>,
    pub reason: String,
    pub basis: LegalBasis,
}

impl crate::CitesBasis for BodyTermCommand {
    fn basis(&self) -> Option<(&'static str, &LegalBasis)> {
        match self {
            BodyTermCommand::AdoptSeatPlan(command) => Some(("basis", &command.basis)),
            BodyTermCommand::Appoint(command) => Some(("basis", &command.basis)),
            BodyTermCommand::EndMembership(command) => Some(("basis", &command.basis)),
            BodyTermCommand::CorrectAppointment(command) => Some(("basis", &command.basis)),
            BodyTermCommand::CorrectSeatPlan(command) => Some(("basis", &command.basis)),
        }
    }
}
