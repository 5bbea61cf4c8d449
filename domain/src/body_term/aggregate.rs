use std::collections::{BTreeMap, BTreeSet};

use chrono::{Days, NaiveDate};
use cqrs_es::event_sink::EventSink;
use cqrs_es::Aggregate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{
    AdoptSeatPlan, Appoint, Appointment, AppointmentCorrected, BodyTermCommand, BodyTermError,
    BodyTermEvent, CorrectAppointment, CorrectSeatPlan, EndMembership, MemberAppointed,
    MembershipEnded, Role, SeatAllocation, SeatHolder, SeatPlanAdopted, SeatPlanCorrected,
};
use crate::correction::correction_reason;
use crate::decide::{handle_by_deciding, Decide};
use crate::{DateRange, MandatePeriod, PartyCode};

/// The state one mandate period of a body needs to decide its next command.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct BodyTerm {
    plan: Option<SeatPlan>,
    memberships: BTreeMap<Uuid, Membership>,
}

#[derive(Debug, Serialize, Deserialize)]
struct SeatPlan {
    period: MandatePeriod,
    seats: BTreeMap<PartyCode, SeatAllocation>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Membership {
    appointment: Appointment,
    serves_to: NaiveDate,
    ended_on: Option<NaiveDate>,
}

impl Membership {
    fn last_day(&self) -> NaiveDate {
        self.ended_on.unwrap_or(self.serves_to)
    }

    fn days(&self) -> DateRange {
        DateRange {
            from: self.appointment.serves_from,
            to: Some(self.last_day()),
        }
    }
}

impl BodyTerm {
    /// The id of the stream that holds `period` of body `body_id`.
    pub fn stream_id(body_id: Uuid, period: MandatePeriod) -> String {
        format!("{body_id}:{}", period.first_year())
    }

    /// The member seats of the seat plan: what a meeting's quorum is counted against. None
    /// before a seat plan is adopted.
    pub fn member_seats(&self) -> Option<u16> {
        let plan = self.plan.as_ref()?;
        Some(
            plan.seats
                .values()
                .map(|allocation| allocation.members)
                .fold(0_u16, u16::saturating_add),
        )
    }

    /// The mandate period, once the seat plan is adopted.
    pub fn period(&self) -> Option<MandatePeriod> {
        self.plan.as_ref().map(|plan| plan.period)
    }

    /// The memberships that still run on `date` or begin after it, by membership id, with the
    /// day each begins: those a dissolution from `date` must end.
    pub fn memberships_running_from(&self, date: NaiveDate) -> Vec<(Uuid, NaiveDate)> {
        self.memberships
            .iter()
            .filter(|(_, membership)| membership.last_day() >= date)
            .map(|(membership_id, membership)| (*membership_id, membership.appointment.serves_from))
            .collect()
    }

    /// Everyone who holds a seat on `date`, in the order they were appointed.
    pub fn seated_on(&self, date: NaiveDate) -> Vec<SeatHolder> {
        self.memberships
            .values()
            .filter(|membership| membership.days().contains(date))
            .map(|membership| SeatHolder {
                person: membership.appointment.person.clone(),
                party: membership.appointment.party.clone(),
                seat: membership.appointment.role.seat(),
            })
            .collect()
    }
}

impl Aggregate for BodyTerm {
    const TYPE: &'static str = "BodyTerm";
    type Command = BodyTermCommand;
    type Event = BodyTermEvent;
    type Error = BodyTermError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        handle_by_deciding(self, command, sink).await
    }

    fn apply(&mut self, event: Self::Event) {
        match event {
            BodyTermEvent::SeatPlanAdopted(adopted) => {
                self.plan = Some(SeatPlan {
                    period: adopted.period,
                    seats: adopted
                        .seats
                        .into_iter()
                        .map(|allocation| (allocation.party.clone(), allocation))
                        .collect(),
                });
            }
            BodyTermEvent::SeatPlanCorrected(corrected) => {
                if let Some(plan) = &mut self.plan {
                    plan.seats = corrected
                        .seats
                        .into_iter()
                        .map(|allocation| (allocation.party.clone(), allocation))
                        .collect();
                }
            }
            BodyTermEvent::MemberAppointed(appointed) => {
                self.memberships.insert(
                    appointed.membership_id,
                    Membership {
                        appointment: appointed.appointment,
                        serves_to: appointed.serves_to,
                        ended_on: None,
                    },
                );
            }
            BodyTermEvent::MembershipEnded(ended) => {
                if let Some(membership) = self.memberships.get_mut(&ended.membership_id) {
                    membership.ended_on = Some(ended.last_day);
                }
            }
            BodyTermEvent::AppointmentCorrected(corrected) => {
                if let Some(membership) = self.memberships.get_mut(&corrected.membership_id) {
                    membership.appointment = corrected.corrected;
                    membership.serves_to = corrected.serves_to;
                }
            }
        }
    }
}

impl Decide for BodyTerm {
    fn decide(&self, command: Self::Command) -> Result<Self::Event, Self::Error> {
        match command {
            BodyTermCommand::AdoptSeatPlan(command) => self.adopt_seat_plan(command),
            BodyTermCommand::Appoint(command) => self.appoint(command),
            BodyTermCommand::EndMembership(command) => self.end_membership(command),
            BodyTermCommand::CorrectAppointment(command) => self.correct_appointment(command),
            BodyTermCommand::CorrectSeatPlan(command) => self.correct_seat_plan(command),
        }
    }
}

impl BodyTerm {
    fn adopt_seat_plan(&self, command: AdoptSeatPlan) -> Result<BodyTermEvent, BodyTermError> {
        if self.plan.is_some() {
            return Err(BodyTermError::SeatPlanAlreadyAdopted);
        }
        check_seats(
            &command.seats,
            command.is_joint_committee,
            &command.cooperation_parties,
        )?;
        command.basis.validate().map_err(BodyTermError::Basis)?;
        Ok(BodyTermEvent::SeatPlanAdopted(SeatPlanAdopted {
            body_id: command.body_id,
            period: command.period,
            seats: command.seats,
            basis: command.basis,
        }))
    }

    fn correct_seat_plan(&self, command: CorrectSeatPlan) -> Result<BodyTermEvent, BodyTermError> {
        let plan = self.plan.as_ref().ok_or(BodyTermError::NoSeatPlan)?;
        let reason = correction_reason(&command.reason, BodyTermError::CorrectionReasonMissing)?;
        check_seats(
            &command.seats,
            command.is_joint_committee,
            &command.cooperation_parties,
        )?;
        let whole_period = DateRange {
            from: plan.period.first_day(),
            to: Some(plan.period.last_day()),
        };
        for (membership_id, membership) in &self.memberships {
            let party = &membership.appointment.party;
            let seat = membership.appointment.role.seat();
            let seats = command
                .seats
                .iter()
                .find(|allocation| &allocation.party == party)
                .map_or(0, |allocation| allocation.seats(seat));
            let holders: Vec<DateRange> = self
                .memberships
                .values()
                .filter(|other| {
                    &other.appointment.party == party && other.appointment.role.seat() == seat
                })
                .map(Membership::days)
                .collect();
            if most_at_once(&holders, &whole_period) > usize::from(seats) {
                return Err(BodyTermError::SeatPlanStrandsMembership {
                    membership_id: *membership_id,
                });
            }
        }
        command.basis.validate().map_err(BodyTermError::Basis)?;
        Ok(BodyTermEvent::SeatPlanCorrected(SeatPlanCorrected {
            seats: command.seats,
            reason: reason.to_owned(),
            basis: command.basis,
        }))
    }

    fn appoint(&self, command: Appoint) -> Result<BodyTermEvent, BodyTermError> {
        let plan = self.plan.as_ref().ok_or(BodyTermError::NoSeatPlan)?;
        if self.memberships.contains_key(&command.membership_id) {
            return Err(BodyTermError::MembershipExists {
                membership_id: command.membership_id,
            });
        }
        // A replacement is checked first: when the member it replaces still serves, that is
        // the mistake to name, not the seat they still occupy.
        if let Some(replaced_id) = command.replaces {
            let replaced =
                self.memberships
                    .get(&replaced_id)
                    .ok_or(BodyTermError::UnknownMembership {
                        field: "replaces",
                        membership_id: replaced_id,
                    })?;
            let same_seat = replaced.appointment.party == command.appointment.party
                && replaced.appointment.role.seat() == command.appointment.role.seat();
            if !same_seat {
                return Err(BodyTermError::ReplacesAnotherSeat {
                    membership_id: replaced_id,
                });
            }
            if replaced.last_day() >= command.appointment.serves_from {
                return Err(BodyTermError::ReplacedMemberStillServing {
                    membership_id: replaced_id,
                    last_day: replaced.last_day(),
                });
            }
        }
        let serves_to = self.check_appointment(
            plan,
            &command.appointment,
            &command.cooperation_parties,
            None,
        )?;
        command.basis.validate().map_err(BodyTermError::Basis)?;
        Ok(BodyTermEvent::MemberAppointed(MemberAppointed {
            membership_id: command.membership_id,
            appointment: trimmed(command.appointment),
            serves_to,
            replaces: command.replaces,
            basis: command.basis,
        }))
    }

    fn end_membership(&self, command: EndMembership) -> Result<BodyTermEvent, BodyTermError> {
        let membership = self.memberships.get(&command.membership_id).ok_or(
            BodyTermError::UnknownMembership {
                field: "membership_id",
                membership_id: command.membership_id,
            },
        )?;
        if let Some(last_day) = membership.ended_on {
            return Err(BodyTermError::AlreadyEnded {
                membership_id: command.membership_id,
                last_day,
            });
        }
        if command.last_day < membership.appointment.serves_from {
            return Err(BodyTermError::EndsBeforeMembershipBegan {
                last_day: command.last_day,
                serves_from: membership.appointment.serves_from,
            });
        }
        if command.last_day > membership.serves_to {
            return Err(BodyTermError::EndsAfterAppointedEnd {
                last_day: command.last_day,
                serves_to: membership.serves_to,
            });
        }
        command.basis.validate().map_err(BodyTermError::Basis)?;
        Ok(BodyTermEvent::MembershipEnded(MembershipEnded {
            membership_id: command.membership_id,
            last_day: command.last_day,
            reason: command.reason,
            basis: command.basis,
        }))
    }

    fn correct_appointment(
        &self,
        command: CorrectAppointment,
    ) -> Result<BodyTermEvent, BodyTermError> {
        let plan = self.plan.as_ref().ok_or(BodyTermError::NoSeatPlan)?;
        if !self.memberships.contains_key(&command.membership_id) {
            return Err(BodyTermError::UnknownMembership {
                field: "membership_id",
                membership_id: command.membership_id,
            });
        }
        let reason = correction_reason(&command.reason, BodyTermError::CorrectionReasonMissing)?;
        let serves_to = self.check_appointment(
            plan,
            &command.corrected,
            &command.cooperation_parties,
            Some(command.membership_id),
        )?;
        command.basis.validate().map_err(BodyTermError::Basis)?;
        Ok(BodyTermEvent::AppointmentCorrected(AppointmentCorrected {
            membership_id: command.membership_id,
            corrected: trimmed(command.corrected),
            serves_to,
            reason: reason.to_owned(),
            basis: command.basis,
        }))
    }

    /// The rules every appointment keeps, whether new or corrected; `excluding` is the
    /// membership a correction replaces. Returns the last day of service.
    fn check_appointment(
        &self,
        plan: &SeatPlan,
        appointment: &Appointment,
        cooperation_parties: &[PartyCode],
        excluding: Option<Uuid>,
    ) -> Result<NaiveDate, BodyTermError> {
        if appointment.person.name.trim().is_empty() {
            return Err(BodyTermError::PersonNameMissing {
                field: "appointment.person.name",
            });
        }
        if !cooperation_parties.contains(&appointment.party) {
            return Err(BodyTermError::PartyNotInCooperation {
                field: "appointment.party".to_owned(),
                party: appointment.party.clone(),
            });
        }
        let allocation =
            plan.seats
                .get(&appointment.party)
                .ok_or_else(|| BodyTermError::PartyHasNoSeats {
                    party: appointment.party.clone(),
                })?;
        if !plan.period.contains(appointment.serves_from) {
            return Err(BodyTermError::OutsideMandatePeriod {
                field: "appointment.serves_from",
                date: appointment.serves_from,
                period: plan.period,
            });
        }
        let serves_to = appointment.serves_to.unwrap_or(plan.period.last_day());
        if !plan.period.contains(serves_to) {
            return Err(BodyTermError::OutsideMandatePeriod {
                field: "appointment.serves_to",
                date: serves_to,
                period: plan.period,
            });
        }
        if serves_to < appointment.serves_from {
            return Err(BodyTermError::EndsBeforeItBegins {
                serves_from: appointment.serves_from,
                serves_to,
            });
        }
        let days = DateRange {
            from: appointment.serves_from,
            to: Some(serves_to),
        };
        let seat = appointment.role.seat();
        let concurrent: Vec<(&Uuid, &Membership)> = self
            .memberships
            .iter()
            .filter(|(id, membership)| Some(**id) != excluding && membership.days().overlaps(&days))
            .collect();
        for (id, membership) in &concurrent {
            let same_seat = membership.appointment.party == appointment.party
                && membership.appointment.role.seat() == seat;
            if membership.appointment.person.id != appointment.person.id {
                continue;
            }
            // One person holds one seat on a body at a time: a member is not also a deputy, nor
            // a member for two parties. The same seat twice is a different mistake, an overlap.
            if same_seat {
                return Err(BodyTermError::OverlappingAppointment {
                    membership_id: **id,
                    serves_from: membership.appointment.serves_from,
                    serves_to: membership.last_day(),
                });
            }
            return Err(BodyTermError::HoldsAnotherSeat {
                membership_id: **id,
                party: membership.appointment.party.clone(),
                seat: membership.appointment.role.seat(),
                serves_from: membership.appointment.serves_from,
                serves_to: membership.last_day(),
            });
        }
        let same_seat_ranges: Vec<DateRange> = concurrent
            .iter()
            .filter(|(_, membership)| {
                membership.appointment.party == appointment.party
                    && membership.appointment.role.seat() == seat
            })
            .map(|(_, membership)| membership.days())
            .collect();
        let seats = allocation.seats(seat);
        if most_at_once(&same_seat_ranges, &days) >= usize::from(seats) {
            return Err(BodyTermError::NoSeatFree {
                party: appointment.party.clone(),
                seat,
                seats,
            });
        }
        if let Some(role) = unique_role_name(appointment.role) {
            let holder = concurrent
                .iter()
                .find(|(_, membership)| membership.appointment.role == appointment.role);
            if let Some((membership_id, _)) = holder {
                return Err(BodyTermError::RoleTaken {
                    role,
                    membership_id: **membership_id,
                });
            }
        }
        Ok(serves_to)
    }
}

/// The rules a seat plan keeps, whether first adopted or corrected.
fn check_seats(
    seats: &[SeatAllocation],
    is_joint_committee: bool,
    cooperation_parties: &[PartyCode],
) -> Result<(), BodyTermError> {
    let mut allocated = BTreeSet::new();
    for (index, allocation) in seats.iter().enumerate() {
        if !cooperation_parties.contains(&allocation.party) {
            return Err(BodyTermError::PartyNotInCooperation {
                field: format!("seats[{index}].party"),
                party: allocation.party.clone(),
            });
        }
        if !allocated.insert(&allocation.party) {
            return Err(BodyTermError::PartyAllocatedTwice {
                index,
                party: allocation.party.clone(),
            });
        }
        if allocation.members == 0 && allocation.deputies > 0 {
            return Err(BodyTermError::DeputiesWithoutMemberSeats {
                index,
                party: allocation.party.clone(),
                deputies: allocation.deputies,
            });
        }
    }
    if is_joint_committee {
        let unseated = cooperation_parties.iter().find(|party| {
            !seats.iter().any(|allocation| {
                allocation.party == **party && allocation.members > 0 && allocation.deputies > 0
            })
        });
        if let Some(party) = unseated {
            return Err(BodyTermError::PartyWithoutSeats {
                party: party.clone(),
            });
        }
    }
    Ok(())
}

/// A body has one chair and one vice chair at a time.
fn unique_role_name(role: Role) -> Option<&'static str> {
    match role {
        Role::Chair => Some("chair"),
        Role::ViceChair => Some("vice chair"),
        Role::Member | Role::Deputy | Role::ProcurementOfficer | Role::Representative => None,
    }
}

/// The largest number of `ranges` that hold on any one day of `within`.
fn most_at_once(ranges: &[DateRange], within: &DateRange) -> usize {
    // Each range starts counting on its first day and stops the day after its last.
    let mut changes: Vec<(NaiveDate, i32)> = Vec::with_capacity(ranges.len() * 2);
    for range in ranges {
        changes.push((range.from.max(within.from), 1));
        if let Some(day_after) = range
            .to
            .and_then(|last| last.checked_add_days(Days::new(1)))
        {
            changes.push((day_after, -1));
        }
    }
    // On the same day, departures count before arrivals, so a seat freed today can be taken today.
    changes.sort_by_key(|&(day, change)| (day, change));
    let mut current = 0_i32;
    let mut most = 0_i32;
    for (_, change) in changes {
        current += change;
        most = most.max(current);
    }
    usize::try_from(most).unwrap_or(0)
}

fn trimmed(mut appointment: Appointment) -> Appointment {
    appointment.person.name = appointment.person.name.trim().to_owned();
    appointment
}
