use chrono::NaiveDate;
use uuid::Uuid;

use super::Seat;
use crate::{LegalBasisError, MandatePeriod, PartyCode, RuleViolation};

/// Every rule a command on a body's mandate period can break.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BodyTermError {
    #[error("the period already has a seat plan")]
    SeatPlanAlreadyAdopted,
    #[error("the period has no seat plan yet: adopt one before appointing")]
    NoSeatPlan,
    #[error("party {party} is not a party of the cooperation")]
    PartyNotInCooperation { field: String, party: PartyCode },
    #[error("party {party} is given seats twice")]
    PartyAllocatedTwice { index: usize, party: PartyCode },
    #[error(
        "party {party} has {deputies} deputies but no member seat: deputies stand in for members"
    )]
    DeputiesWithoutMemberSeats {
        index: usize,
        party: PartyCode,
        deputies: u16,
    },
    #[error("party {party} holds no member seat and no deputy seat: in a joint committee every party has at least one of each")]
    PartyWithoutSeats { party: PartyCode },
    #[error("party {party} has no seats on the body")]
    PartyHasNoSeats { party: PartyCode },
    #[error("{field} {date} lies outside the mandate period {period}")]
    OutsideMandatePeriod {
        field: &'static str,
        date: NaiveDate,
        period: MandatePeriod,
    },
    #[error("service would end on {serves_to}, before it begins on {serves_from}")]
    EndsBeforeItBegins {
        serves_from: NaiveDate,
        serves_to: NaiveDate,
    },
    #[error("the person already holds this seat from {serves_from} to {serves_to} (membership {membership_id}): the periods overlap")]
    OverlappingAppointment {
        membership_id: Uuid,
        serves_from: NaiveDate,
        serves_to: NaiveDate,
    },
    #[error("the person already holds a {} seat of party {party} from {serves_from} to {serves_to} (membership {membership_id}): one person holds one seat on a body at a time", seat.word())]
    HoldsAnotherSeat {
        membership_id: Uuid,
        party: PartyCode,
        seat: Seat,
        serves_from: NaiveDate,
        serves_to: NaiveDate,
    },
    #[error("all {seats} {seat:?} seats of party {party} are taken on some of those days")]
    NoSeatFree {
        party: PartyCode,
        seat: Seat,
        seats: u16,
    },
    #[error("someone else is {role} on some of those days (membership {membership_id})")]
    RoleTaken {
        role: &'static str,
        membership_id: Uuid,
    },
    #[error("membership {membership_id} is already recorded")]
    MembershipExists { membership_id: Uuid },
    #[error("there is no membership {membership_id} in this period")]
    UnknownMembership {
        field: &'static str,
        membership_id: Uuid,
    },
    #[error(
        "membership {membership_id} is for another party or seat and cannot be filled by this one"
    )]
    ReplacesAnotherSeat { membership_id: Uuid },
    #[error("membership {membership_id} still runs to {last_day}: a replacement begins after the member left")]
    ReplacedMemberStillServing {
        membership_id: Uuid,
        last_day: NaiveDate,
    },
    #[error("membership {membership_id} has already ended, on {last_day}")]
    AlreadyEnded {
        membership_id: Uuid,
        last_day: NaiveDate,
    },
    #[error("the last day {last_day} is before the membership began on {serves_from}")]
    EndsBeforeMembershipBegan {
        last_day: NaiveDate,
        serves_from: NaiveDate,
    },
    #[error("the last day {last_day} is after the appointed end {serves_to}: an early end comes earlier")]
    EndsAfterAppointedEnd {
        last_day: NaiveDate,
        serves_to: NaiveDate,
    },
    #[error("the person's name is missing")]
    PersonNameMissing { field: &'static str },
    #[error("a correction must say why the original was wrong")]
    CorrectionReasonMissing,
    #[error("the corrected seat plan leaves membership {membership_id} without a seat")]
    SeatPlanStrandsMembership { membership_id: Uuid },
    #[error("the legal basis cannot be cited: {0}")]
    Basis(LegalBasisError),
}

impl RuleViolation for BodyTermError {
    fn field(&self) -> String {
        match self {
            BodyTermError::SeatPlanAlreadyAdopted | BodyTermError::NoSeatPlan => {
                "period".to_owned()
            }
            BodyTermError::PartyNotInCooperation { field, .. } => field.clone(),
            BodyTermError::PartyAllocatedTwice { index, .. }
            | BodyTermError::DeputiesWithoutMemberSeats { index, .. } => {
                format!("seats[{index}]")
            }
            BodyTermError::PartyWithoutSeats { .. } => "seats".to_owned(),
            BodyTermError::PartyHasNoSeats { .. } | BodyTermError::NoSeatFree { .. } => {
                "appointment.party".to_owned()
            }
            BodyTermError::OutsideMandatePeriod { field, .. }
            | BodyTermError::UnknownMembership { field, .. }
            | BodyTermError::PersonNameMissing { field } => (*field).to_owned(),
            BodyTermError::EndsBeforeItBegins { .. } => "appointment.serves_to".to_owned(),
            BodyTermError::OverlappingAppointment { .. }
            | BodyTermError::HoldsAnotherSeat { .. } => "appointment.person".to_owned(),
            BodyTermError::RoleTaken { .. } => "appointment.role".to_owned(),
            BodyTermError::MembershipExists { .. } | BodyTermError::AlreadyEnded { .. } => {
                "membership_id".to_owned()
            }
            BodyTermError::ReplacesAnotherSeat { .. }
            | BodyTermError::ReplacedMemberStillServing { .. } => "replaces".to_owned(),
            BodyTermError::EndsBeforeMembershipBegan { .. }
            | BodyTermError::EndsAfterAppointedEnd { .. } => "last_day".to_owned(),
            BodyTermError::CorrectionReasonMissing => "reason".to_owned(),
            BodyTermError::SeatPlanStrandsMembership { .. } => "seats".to_owned(),
            BodyTermError::Basis(error) => format!("basis.{}", error.field()),
        }
    }

    fn rule(&self) -> &'static str {
        match self {
            BodyTermError::SeatPlanAlreadyAdopted => "body_term.one_seat_plan",
            BodyTermError::NoSeatPlan => "body_term.seat_plan_before_appointments",
            BodyTermError::PartyNotInCooperation { .. } => {
                "body_term.members_from_cooperation_parties"
            }
            BodyTermError::PartyAllocatedTwice { .. } => "body_term.one_allocation_per_party",
            BodyTermError::DeputiesWithoutMemberSeats { .. } => {
                "body_term.deputies_need_member_seats"
            }
            BodyTermError::PartyWithoutSeats { .. } => {
                "body_term.every_party_seated_in_joint_committee"
            }
            BodyTermError::PartyHasNoSeats { .. } => "body_term.party_has_seats",
            BodyTermError::OutsideMandatePeriod { .. } => "body_term.within_mandate_period",
            BodyTermError::EndsBeforeItBegins { .. } => "body_term.ends_after_it_begins",
            BodyTermError::OverlappingAppointment { .. }
            | BodyTermError::HoldsAnotherSeat { .. } => "body_term.one_person_one_seat_at_a_time",
            BodyTermError::NoSeatFree { .. } => "body_term.seats_not_exceeded",
            BodyTermError::RoleTaken { .. } => "body_term.one_chair_and_vice_chair",
            BodyTermError::MembershipExists { .. } => "body_term.membership_recorded_once",
            BodyTermError::UnknownMembership { .. } => "body_term.membership_exists",
            BodyTermError::ReplacesAnotherSeat { .. } => "body_term.replacement_fills_same_seat",
            BodyTermError::ReplacedMemberStillServing { .. } => {
                "body_term.replacement_after_departure"
            }
            BodyTermError::AlreadyEnded { .. } => "body_term.membership_ends_once",
            BodyTermError::EndsBeforeMembershipBegan { .. } => "body_term.ends_after_it_begins",
            BodyTermError::EndsAfterAppointedEnd { .. } => "body_term.early_end_is_early",
            BodyTermError::PersonNameMissing { .. } => "body_term.person_named",
            BodyTermError::CorrectionReasonMissing => "body_term.correction_gives_reason",
            BodyTermError::SeatPlanStrandsMembership { .. } => {
                "body_term.corrected_plan_seats_every_member"
            }
            BodyTermError::Basis(error) => error.rule(),
        }
    }
}
