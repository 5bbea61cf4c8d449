//! Requests on bodies and their terms: establishing a body and correcting its establishment, and
//! a term's seat plan and members. The day the cooperation was established, its parties and
//! whether the body is a joint committee come from the register.

use chrono::NaiveDate;
use domain::body::{
    Body, BodyCommand, BodyError, BodyKind, CorrectBodyEstablishment, EstablishBody,
};
use domain::body_term::{
    AdoptSeatPlan, Appoint, Appointment, BodyTerm, BodyTermCommand, BodyTermError,
    CorrectAppointment, CorrectSeatPlan, EndMembership, EndReason, SeatAllocation,
};
use domain::{LegalBasis, MandatePeriod};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::governance_facts::BodyFacts;
use crate::{Gather, Register, RegisterError, StreamAddress};

/// A body to establish. The day its cooperation was established is looked up in the register.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EstablishBodyRequest {
    /// The cooperation the body belongs to; it must be recorded.
    pub cooperation_id: Uuid,
    pub kind: BodyKind,
    #[schema(example = "Gemensamma inköpsnämnden")]
    pub name: String,
    #[schema(example = "2020-01-01")]
    pub established_on: NaiveDate,
    pub basis: LegalBasis,
}

impl EstablishBodyRequest {
    /// The domain's command, with the day its cooperation was established as the register holds
    /// it. `prefix` is where the request sits in what the caller sent, so that an unknown
    /// cooperation is reported against the caller's own field.
    async fn establish(
        self,
        register: &Register,
        prefix: &str,
    ) -> Result<EstablishBody, RegisterError<BodyError>> {
        let cooperation = register
            .recorded_cooperation(&format!("{prefix}cooperation_id"), self.cooperation_id)
            .await?;
        Ok(EstablishBody {
            cooperation_id: self.cooperation_id,
            cooperation_established_on: cooperation.established_on,
            kind: self.kind,
            name: self.name,
            established_on: self.established_on,
            basis: self.basis,
        })
    }
}

/// A new body goes to the stream of the id its caller chose for it.
impl Gather for EstablishBodyRequest {
    type Aggregate = Body;
    type Address = Uuid;

    async fn gather(
        self,
        register: &Register,
        _: &Uuid,
    ) -> Result<BodyCommand, RegisterError<BodyError>> {
        Ok(BodyCommand::Establish(self.establish(register, "").await?))
    }
}

/// The establishment as it should have been recorded, and why it was wrong.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectBodyEstablishmentRequest {
    pub establish: EstablishBodyRequest,
    pub reason: String,
}

impl Gather for CorrectBodyEstablishmentRequest {
    type Aggregate = Body;
    type Address = Uuid;

    async fn gather(
        self,
        register: &Register,
        body_id: &Uuid,
    ) -> Result<BodyCommand, RegisterError<BodyError>> {
        // The address is checked before the body, so that a wrong address is not reported as a
        // broken rule of the correction.
        register
            .require_addressed::<Body, _>("body", &body_id.stream_id())
            .await?;
        let establish = self.establish.establish(register, "establish.").await?;
        Ok(BodyCommand::CorrectEstablishment(
            CorrectBodyEstablishment {
                establish,
                reason: self.reason,
            },
        ))
    }
}

/// A body's term: the seat plan and members of one mandate period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermAddress {
    pub body_id: Uuid,
    pub period: MandatePeriod,
}

impl StreamAddress for TermAddress {
    fn stream_id(&self) -> String {
        BodyTerm::stream_id(self.body_id, self.period)
    }
}

impl TermAddress {
    /// What the register knows of the term's body: a body it does not hold is a wrong address.
    async fn body(&self, register: &Register) -> Result<BodyFacts, RegisterError<BodyTermError>> {
        register.addressed_body(self.body_id).await
    }

    /// Refuses a command on a term that has no seat plan yet: the address is wrong.
    async fn require_recorded(
        &self,
        register: &Register,
    ) -> Result<(), RegisterError<BodyTermError>> {
        register
            .require_addressed::<BodyTerm, _>("body term", &self.stream_id())
            .await
    }
}

/// One membership of a body's term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MembershipAddress {
    pub term: TermAddress,
    pub membership_id: Uuid,
}

/// A membership is recorded in its term's stream.
impl StreamAddress for MembershipAddress {
    fn stream_id(&self) -> String {
        self.term.stream_id()
    }
}

/// A seat plan: how many members and deputies each party has on the body for the period. Whether
/// the body is a joint committee and who the cooperation's parties are is looked up.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SeatPlanRequest {
    pub seats: Vec<SeatAllocation>,
    pub basis: LegalBasis,
}

/// Adopting the seat plan opens the term, so the term need not exist yet; its body must.
impl Gather for SeatPlanRequest {
    type Aggregate = BodyTerm;
    type Address = TermAddress;

    async fn gather(
        self,
        register: &Register,
        term: &TermAddress,
    ) -> Result<BodyTermCommand, RegisterError<BodyTermError>> {
        let body = term.body(register).await?;
        Ok(BodyTermCommand::AdoptSeatPlan(AdoptSeatPlan {
            body_id: term.body_id,
            period: term.period,
            seats: self.seats,
            is_joint_committee: body.is_joint_committee(),
            cooperation_parties: body.cooperation.parties,
            basis: self.basis,
        }))
    }
}

/// A seat plan as it should have been recorded, and why it was wrong.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SeatPlanCorrectionRequest {
    pub seats: Vec<SeatAllocation>,
    pub reason: String,
    pub basis: LegalBasis,
}

impl Gather for SeatPlanCorrectionRequest {
    type Aggregate = BodyTerm;
    type Address = TermAddress;

    async fn gather(
        self,
        register: &Register,
        term: &TermAddress,
    ) -> Result<BodyTermCommand, RegisterError<BodyTermError>> {
        let body = term.body(register).await?;
        term.require_recorded(register).await?;
        Ok(BodyTermCommand::CorrectSeatPlan(CorrectSeatPlan {
            seats: self.seats,
            is_joint_committee: body.is_joint_committee(),
            cooperation_parties: body.cooperation.parties,
            reason: self.reason,
            basis: self.basis,
        }))
    }
}

/// An appointment to a seat on the body. The membership id is the caller's, so that a retry
/// cannot appoint the same person twice; the cooperation's parties are looked up.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AppointmentRequest {
    pub membership_id: Uuid,
    pub appointment: Appointment,
    /// The membership this one fills after it ended early (fyllnadsval).
    pub replaces: Option<Uuid>,
    pub basis: LegalBasis,
}

/// A term without a seat plan is left to the domain's rule, which says what to do first.
impl Gather for AppointmentRequest {
    type Aggregate = BodyTerm;
    type Address = TermAddress;

    async fn gather(
        self,
        register: &Register,
        term: &TermAddress,
    ) -> Result<BodyTermCommand, RegisterError<BodyTermError>> {
        let body = term.body(register).await?;
        Ok(BodyTermCommand::Appoint(Appoint {
            membership_id: self.membership_id,
            appointment: self.appointment,
            replaces: self.replaces,
            cooperation_parties: body.cooperation.parties,
            basis: self.basis,
        }))
    }
}

/// The end of a membership: its last day and why.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MembershipEndRequest {
    #[schema(example = "2024-06-30")]
    pub last_day: NaiveDate,
    pub reason: EndReason,
    pub basis: LegalBasis,
}

/// Ending a membership needs no fact, but its address is checked as every term command's is.
impl Gather for MembershipEndRequest {
    type Aggregate = BodyTerm;
    type Address = MembershipAddress;

    async fn gather(
        self,
        register: &Register,
        membership: &MembershipAddress,
    ) -> Result<BodyTermCommand, RegisterError<BodyTermError>> {
        membership.term.body(register).await?;
        membership.term.require_recorded(register).await?;
        Ok(BodyTermCommand::EndMembership(EndMembership {
            membership_id: membership.membership_id,
            last_day: self.last_day,
            reason: self.reason,
            basis: self.basis,
        }))
    }
}

/// An appointment as it should have been recorded, and why it was wrong.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AppointmentCorrectionRequest {
    pub corrected: Appointment,
    pub reason: String,
    pub basis: LegalBasis,
}

impl Gather for AppointmentCorrectionRequest {
    type Aggregate = BodyTerm;
    type Address = MembershipAddress;

    async fn gather(
        self,
        register: &Register,
        membership: &MembershipAddress,
    ) -> Result<BodyTermCommand, RegisterError<BodyTermError>> {
        let body = membership.term.body(register).await?;
        membership.term.require_recorded(register).await?;
        Ok(BodyTermCommand::CorrectAppointment(CorrectAppointment {
            membership_id: membership.membership_id,
            corrected: self.corrected,
            reason: self.reason,
            cooperation_parties: body.cooperation.parties,
            basis: self.basis,
        }))
    }
}
