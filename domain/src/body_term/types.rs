use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::PartyCode;

/// A person as the register knows them: a stable id, and the name they are recorded under.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Person {
    pub id: Uuid,
    pub name: String,
}

/// What a person is appointed as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Ordförande.
    Chair,
    /// Vice ordförande.
    ViceChair,
    /// Ledamot.
    Member,
    /// Ersättare.
    Deputy,
    /// A party's procurement officer, as in seed 002's coordination group.
    ProcurementOfficer,
    /// A party's representative in a steering or coordination group.
    Representative,
}

/// The two kinds of seat a seat plan allots.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Seat {
    Member,
    Deputy,
}

impl Seat {
    /// The seat as a message names it: "member" or "deputy".
    pub fn word(self) -> &'static str {
        match self {
            Seat::Member => "member",
            Seat::Deputy => "deputy",
        }
    }
}

impl Role {
    /// Deputies fill deputy seats; every other role fills a member seat.
    pub fn seat(self) -> Seat {
        match self {
            Role::Deputy => Seat::Deputy,
            Role::Chair
            | Role::ViceChair
            | Role::Member
            | Role::ProcurementOfficer
            | Role::Representative => Seat::Member,
        }
    }
}

/// The seats one party holds on the body for the period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SeatAllocation {
    pub party: PartyCode,
    pub members: u16,
    pub deputies: u16,
}

impl SeatAllocation {
    pub fn seats(&self, seat: Seat) -> u16 {
        match seat {
            Seat::Member => self.members,
            Seat::Deputy => self.deputies,
        }
    }
}

/// Why a membership ended before, or at, the end of its period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    /// The member resigned (entledigande på egen begäran).
    Resigned,
    /// The council dismissed the member.
    Dismissed,
    /// The member is no longer eligible, for example after moving out of the municipality.
    NoLongerEligible,
    Deceased,
    /// The body itself ended, for example at a dissolution.
    BodyEnded,
    Other,
}

/// Someone who holds a seat on the body on a given day: what a meeting counts its quorum against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeatHolder {
    pub person: Person,
    pub party: PartyCode,
    pub seat: Seat,
}
