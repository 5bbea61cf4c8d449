//! Who attends a meeting at each §, and who takes part in an item.
//!
//! The roll call fixes who is present when the meeting opens. Arrivals, departures and deputies
//! starting to serve apply from a given § onwards, so the attendance at any § is the roll with
//! every change up to that § laid over it. A deputy counts while the member they serve for is
//! absent; when the member returns, the member counts again and the deputy steps back.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{
    Attendance, AttendanceChanged, MeetingError, MeetingOpened, OpenMeeting, RecordAttendance,
    Recusal, SeatHolder,
};
use crate::body_term::Seat;

/// The meeting as held: who holds a seat, who answered the roll, and what changed after.
#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Sitting {
    pub(super) presiding: Uuid,
    seated: BTreeMap<Uuid, SeatHolder>,
    member_seats: u16,
    roll: Presence,
    changes: Vec<AttendanceChanged>,
}

/// Everyone present at one §, with the member each present deputy serves for, if any.
type Presence = BTreeMap<Uuid, Option<Uuid>>;

impl Sitting {
    pub(super) fn opened(opened: MeetingOpened) -> Sitting {
        Sitting {
            presiding: opened.presiding,
            seated: seated_by_person(opened.seated),
            member_seats: opened.member_seats,
            roll: opened
                .roll
                .into_iter()
                .map(|entry| (entry.person_id, entry.serving_for))
                .collect(),
            changes: Vec::new(),
        }
    }

    pub(super) fn record(&mut self, changed: AttendanceChanged) {
        self.changes.push(changed);
    }

    pub(super) fn member_seats(&self) -> u16 {
        self.member_seats
    }

    /// More than half of the member seats (KL 6 kap 27 §).
    pub(super) fn quorum(&self) -> u16 {
        self.member_seats / 2 + 1
    }

    pub(super) fn holder(&self, person_id: Uuid) -> Option<&SeatHolder> {
        self.seated.get(&person_id)
    }

    /// Whether the person was present at any point of the meeting.
    pub(super) fn attended(&self, person_id: Uuid) -> bool {
        self.roll.contains_key(&person_id)
            || self.changes.iter().any(|change| {
                change.person_id == person_id
                    && matches!(change.attendance, Attendance::Present { .. })
            })
    }

    /// Who is present at § `number`.
    pub(super) fn presence_at(&self, number: u32) -> Presence {
        self.presence_with(number, None)
    }

    /// Who is present at § `number` if `extra` is recorded after every change so far.
    fn presence_with(&self, number: u32, extra: Option<&AttendanceChanged>) -> Presence {
        let mut changes: Vec<&AttendanceChanged> = self
            .changes
            .iter()
            .chain(extra)
            .filter(|change| change.from_paragraph <= number)
            .collect();
        // A stable sort keeps changes from the same § in the order they were recorded.
        changes.sort_by_key(|change| change.from_paragraph);
        let mut presence = self.roll.clone();
        for change in changes {
            apply_change(&mut presence, change.person_id, change.attendance);
        }
        presence
    }

    /// Everyone who takes part in the item decided under § `number`: the members present and
    /// not recused, the deputies serving for absent members, and the deputies stepping in for
    /// recused ones (domain rule 5).
    pub(super) fn taking_part(
        &self,
        number: u32,
        recusals: &[Recusal],
    ) -> Result<BTreeSet<Uuid>, MeetingError> {
        let presence = self.presence_at(number);
        let without_recusals = self.participants(&presence, &BTreeSet::new());
        let mut recused = BTreeSet::new();
        for (index, recusal) in recusals.iter().enumerate() {
            if !without_recusals.contains(&recusal.person_id) {
                return Err(MeetingError::RecusedNotTakingPart {
                    index,
                    person_id: recusal.person_id,
                    paragraph: number,
                });
            }
            if !recused.insert(recusal.person_id) {
                return Err(MeetingError::RecusedTwice {
                    index,
                    person_id: recusal.person_id,
                });
            }
        }
        let mut taking_part = self.participants(&presence, &recused);
        for (index, recusal) in recusals.iter().enumerate() {
            let Some(substitute) = recusal.substitute else {
                continue;
            };
            let holder = self
                .seated
                .get(&substitute)
                .filter(|holder| holder.seat == Seat::Deputy)
                .ok_or(MeetingError::SubstituteNotDeputy {
                    index,
                    person_id: substitute,
                })?;
            if !presence.contains_key(&substitute) {
                return Err(MeetingError::SubstituteNotPresent {
                    index,
                    person_id: substitute,
                    paragraph: number,
                });
            }
            let recused_party = self
                .seated
                .get(&recusal.person_id)
                .map(|recused| &recused.party);
            if recused_party != Some(&holder.party) {
                return Err(MeetingError::SubstituteOfOtherParty {
                    index,
                    person_id: substitute,
                });
            }
            if recused.contains(&substitute) || !taking_part.insert(substitute) {
                return Err(MeetingError::SubstituteAlreadyServing {
                    index,
                    person_id: substitute,
                    paragraph: number,
                });
            }
        }
        Ok(taking_part)
    }

    /// Members present, and deputies serving for absent members, less the recused.
    fn participants(&self, presence: &Presence, recused: &BTreeSet<Uuid>) -> BTreeSet<Uuid> {
        presence
            .iter()
            .filter(|(person_id, _)| !recused.contains(person_id))
            .filter(
                |(person_id, serving_for)| match self.seated.get(person_id) {
                    Some(holder) if holder.seat == Seat::Member => true,
                    Some(_) => serving_for.is_some_and(|member| !presence.contains_key(&member)),
                    None => false,
                },
            )
            .map(|(person_id, _)| *person_id)
            .collect()
    }

    /// The rules of the roll call.
    pub(super) fn check_opening(command: &OpenMeeting) -> Result<(), MeetingError> {
        if command.member_seats == 0 {
            return Err(MeetingError::NoMemberSeats);
        }
        let seated = seated_by_person(command.seated.clone());
        let mut presence = Presence::new();
        for (index, entry) in command.roll.iter().enumerate() {
            if !seated.contains_key(&entry.person_id) {
                return Err(MeetingError::NotSeated {
                    field: format!("roll[{index}].person_id"),
                    person_id: entry.person_id,
                });
            }
            if presence
                .insert(entry.person_id, entry.serving_for)
                .is_some()
            {
                return Err(MeetingError::PresentTwice {
                    field: format!("roll[{index}].person_id"),
                    person_id: entry.person_id,
                });
            }
        }
        if !presence.contains_key(&command.presiding) {
            return Err(MeetingError::PresidingNotPresent {
                person_id: command.presiding,
            });
        }
        let presiding_seat = seated.get(&command.presiding).map(|holder| holder.seat);
        if presiding_seat != Some(Seat::Member) {
            return Err(MeetingError::PresidingNotMember {
                person_id: command.presiding,
            });
        }
        for (index, entry) in command.roll.iter().enumerate() {
            check_serving(
                &seated,
                &presence,
                entry.person_id,
                entry.serving_for,
                format!("roll[{index}].serving_for"),
            )?;
        }
        Ok(())
    }

    /// The rules of an arrival, a departure or a deputy starting to serve.
    pub(super) fn check_change(&self, command: &RecordAttendance) -> Result<(), MeetingError> {
        if !self.seated.contains_key(&command.person_id) {
            return Err(MeetingError::NotSeated {
                field: "person_id".to_owned(),
                person_id: command.person_id,
            });
        }
        let mut presence = self.presence_at(command.from_paragraph);
        let before = presence.get(&command.person_id).copied();
        apply_change(&mut presence, command.person_id, command.attendance);
        if presence.get(&command.person_id).copied() == before {
            return Err(MeetingError::AttendanceUnchanged {
                person_id: command.person_id,
                from_paragraph: command.from_paragraph,
            });
        }
        if let Attendance::Present { serving_for } = command.attendance {
            check_serving(
                &self.seated,
                &presence,
                command.person_id,
                serving_for,
                "attendance.serving_for".to_owned(),
            )?;
        }
        self.check_one_deputy_in_later_paragraphs(command)
    }

    /// A change may come before changes already recorded for later §, so the deputy it sets
    /// serving must not meet another deputy serving for the same member at any of them.
    fn check_one_deputy_in_later_paragraphs(
        &self,
        command: &RecordAttendance,
    ) -> Result<(), MeetingError> {
        let Attendance::Present {
            serving_for: Some(member_id),
        } = command.attendance
        else {
            return Ok(());
        };
        let change = AttendanceChanged {
            person_id: command.person_id,
            from_paragraph: command.from_paragraph,
            attendance: command.attendance,
        };
        let later: BTreeSet<u32> = self
            .changes
            .iter()
            .map(|recorded| recorded.from_paragraph)
            .filter(|number| *number > command.from_paragraph)
            .collect();
        for number in later {
            let presence = self.presence_with(number, Some(&change));
            if presence.get(&command.person_id) != Some(&Some(member_id)) {
                continue;
            }
            let other_deputy = presence.iter().find(|(id, serves_for)| {
                **id != command.person_id && **serves_for == Some(member_id)
            });
            if let Some((deputy_id, _)) = other_deputy {
                return Err(MeetingError::MemberAlreadyReplaced {
                    field: "attendance.serving_for".to_owned(),
                    member_id,
                    deputy_id: *deputy_id,
                });
            }
        }
        Ok(())
    }
}

fn seated_by_person(seated: Vec<SeatHolder>) -> BTreeMap<Uuid, SeatHolder> {
    seated
        .into_iter()
        .map(|holder| (holder.person.id, holder))
        .collect()
}

fn apply_change(presence: &mut Presence, person_id: Uuid, attendance: Attendance) {
    match attendance {
        Attendance::Present { serving_for } => {
            presence.insert(person_id, serving_for);
        }
        Attendance::Absent => {
            presence.remove(&person_id);
        }
    }
}

/// A deputy serves for an absent member of their own party, and a member has one deputy in their
/// place at a time: in a joint committee each party's deputies stand in for that party's members.
fn check_serving(
    seated: &BTreeMap<Uuid, SeatHolder>,
    presence: &Presence,
    person_id: Uuid,
    serving_for: Option<Uuid>,
    field: String,
) -> Result<(), MeetingError> {
    let Some(member_id) = serving_for else {
        return Ok(());
    };
    let Some(deputy) = seated.get(&person_id) else {
        return Err(MeetingError::NotSeated { field, person_id });
    };
    if deputy.seat == Seat::Member {
        return Err(MeetingError::MemberServesFor { field, person_id });
    }
    let Some(member) = seated
        .get(&member_id)
        .filter(|holder| holder.seat == Seat::Member)
    else {
        return Err(MeetingError::ServesForNonMember { field, member_id });
    };
    if member.party != deputy.party {
        return Err(MeetingError::ServesForOtherParty { field, member_id });
    }
    if presence.contains_key(&member_id) {
        return Err(MeetingError::ServesForPresentMember { field, member_id });
    }
    let other_deputy = presence
        .iter()
        .find(|(id, serves_for)| **id != person_id && **serves_for == Some(member_id));
    if let Some((deputy_id, _)) = other_deputy {
        return Err(MeetingError::MemberAlreadyReplaced {
            field,
            member_id,
            deputy_id: *deputy_id,
        });
    }
    Ok(())
}
