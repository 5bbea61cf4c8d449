//! Every seat of a body's seat plan on a day, held or vacant: what a reader of the membership
//! should not have to work out by subtracting members from the plan.

use domain::body_term::Seat;
use serde::Serialize;
use uuid::Uuid;

use super::query::{Member, SeatPlanLine};

/// One seat of the plan, and the membership that holds it on the day, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PlannedSeat {
    /// The party the seat belongs to, by its official code.
    pub party: String,
    pub seat: Seat,
    /// The membership holding the seat; `null` when the seat is vacant.
    pub membership_id: Option<Uuid>,
}

/// Every seat of `plan`, party by party in the plan's order, members' seats before deputies',
/// each held by one of `members` or vacant. A holder beyond the plan is listed too, on a seat of
/// its own, rather than hidden.
pub fn planned_seats(plan: &[SeatPlanLine], members: &[Member]) -> Vec<PlannedSeat> {
    let mut parties: Vec<&str> = plan.iter().map(|line| line.party.as_str()).collect();
    for member in members {
        if !parties.contains(&member.party.as_str()) {
            parties.push(&member.party);
        }
    }
    let mut seats = Vec::new();
    for party in parties {
        let line = plan.iter().find(|line| line.party == party);
        for (seat, planned) in [
            (Seat::Member, line.map_or(0, |line| line.members)),
            (Seat::Deputy, line.map_or(0, |line| line.deputies)),
        ] {
            let holders: Vec<&Member> = members
                .iter()
                .filter(|member| member.party == party && member.seat == seat)
                .collect();
            let planned = usize::try_from(planned).unwrap_or(0);
            seats.extend(holders.iter().map(|member| PlannedSeat {
                party: party.to_owned(),
                seat,
                membership_id: Some(member.membership_id),
            }));
            seats.extend((holders.len()..planned).map(|_| PlannedSeat {
                party: party.to_owned(),
                seat,
                membership_id: None,
            }));
        }
    }
    seats
}
