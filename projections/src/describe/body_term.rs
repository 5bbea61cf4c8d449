//! What the timeline and the history say of a mandate period's seat plan and members. Pure.

use domain::body_term::{Appointment, BodyTermEvent, EndReason, Role, SeatAllocation};

use super::facts::{on, Effective, Facts, Link};
use crate::wording::count;

pub(super) fn facts(event: &BodyTermEvent) -> Facts<'_> {
    match event {
        BodyTermEvent::SeatPlanAdopted(adopted) => on(
            adopted.period.first_day(),
            Some(&adopted.basis),
            format!(
                "Seat plan adopted for {}: {}",
                adopted.period,
                describe_seats(&adopted.seats)
            ),
            Link::Body(adopted.body_id),
        ),
        BodyTermEvent::MemberAppointed(appointed) => on(
            appointed.appointment.serves_from,
            Some(&appointed.basis),
            format!(
                "Member appointed: {}",
                describe_appointment(&appointed.appointment)
            ),
            Link::Keeps,
        ),
        BodyTermEvent::MembershipEnded(ended) => on(
            ended.last_day,
            Some(&ended.basis),
            format!(
                "Membership ended ({}): last day {}",
                end_reason(ended.reason),
                ended.last_day
            ),
            Link::Keeps,
        ),
        BodyTermEvent::AppointmentCorrected(corrected) => on(
            corrected.corrected.serves_from,
            Some(&corrected.basis),
            format!(
                "Appointment corrected: {} ({})",
                describe_appointment(&corrected.corrected),
                corrected.reason
            ),
            Link::Keeps,
        ),
        BodyTermEvent::SeatPlanCorrected(corrected) => Facts {
            effective: Effective::OfStream,
            basis: Some(&corrected.basis),
            summary: format!(
                "Seat plan corrected: {} ({})",
                describe_seats(&corrected.seats),
                corrected.reason
            ),
            link: Link::Keeps,
        },
    }
}

fn describe_appointment(appointment: &Appointment) -> String {
    format!(
        "{} ({}, {})",
        appointment.person.name,
        role(appointment.role),
        appointment.party
    )
}

fn describe_seats(seats: &[SeatAllocation]) -> String {
    seats
        .iter()
        .map(|seat| {
            format!(
                "{} {}, {}",
                seat.party,
                count(u64::from(seat.members), "member", "members"),
                count(u64::from(seat.deputies), "deputy", "deputies")
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn role(role: Role) -> &'static str {
    match role {
        Role::Chair => "chair",
        Role::ViceChair => "vice chair",
        Role::Member => "member",
        Role::Deputy => "deputy",
        Role::ProcurementOfficer => "procurement officer",
        Role::Representative => "representative",
    }
}

fn end_reason(reason: EndReason) -> &'static str {
    match reason {
        EndReason::Resigned => "resigned",
        EndReason::Dismissed => "dismissed",
        EndReason::NoLongerEligible => "no longer eligible",
        EndReason::Deceased => "deceased",
        EndReason::BodyEnded => "the body ended",
        EndReason::Other => "other reason",
    }
}
