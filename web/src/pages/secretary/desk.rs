//! A meeting as the secretary's forms need it: the meeting as recorded, who holds a seat on the
//! body on its day, who is present at the next §, and the version a form guards.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use domain::body_term::Seat;
use domain::meeting::{Meeting, MeetingError};
use eventlog::Position;
use projections::decisions::{meeting, MeetingRecord};
use projections::membership::membership;
use projections::{KnownAt, ReadAt, ReadModel};
use register::{Actor, Register};
use uuid::Uuid;

use super::{names_by_id, require_secretary_of, SeatHolder};
use crate::forms::wait_until_shown;
use crate::names::Names;
use crate::session::SignedIn;
use crate::{words, WebError, WebState};

/// Everything a form of the meeting shows, read at one moment.
#[derive(Debug)]
pub struct Desk {
    pub meeting_id: Uuid,
    pub record: MeetingRecord,
    /// Everyone holding a seat on the body on the meeting's day, members first.
    pub seated: Vec<SeatHolder>,
    /// The body's member seats on the meeting's day, by its seat plan.
    pub member_seats: u16,
    /// The meeting stream's version, which a form sends back as its `If-Match`.
    pub version: u64,
    /// The log position of the meeting's last event when the form was shown, so that a form
    /// refused as stale can say what was recorded since.
    pub position: u64,
    /// The parties by name.
    pub names: Names,
}

impl Desk {
    /// Reads the meeting for a form, refusing anyone but a secretary of its body.
    pub async fn open(
        state: &WebState,
        signed_in: &SignedIn,
        meeting_id: Uuid,
    ) -> Result<Desk, WebError> {
        let today = state.clock.today();
        let register = Register::new(state.log.clone(), Actor::token(&signed_in.session.token));
        // The forms decide from the log, so the page beside them must have seen every write to
        // the meeting: a form refused as stale then shows what made it stale.
        let stream_id = meeting_id.to_string();
        let recorded = register
            .stream_version::<Meeting, MeetingError>(&stream_id)
            .await
            .map_err(|error| WebError::Store(eventlog::StoreFailure::of(&error)))?;
        if recorded == 0 {
            return Err(unknown_meeting(meeting_id));
        }
        let written = register
            .stream_written::<Meeting, MeetingError>(&stream_id)
            .await
            .map_err(|error| WebError::Store(eventlog::StoreFailure::of(&error)))?;
        wait_until_shown(state, ReadModel::Decisions, written.position).await;
        let Some(mut record) = read_meeting(state, meeting_id, today).await? else {
            return Err(unknown_meeting(meeting_id));
        };
        require_secretary_of(signed_in, record.body_id, &record.body_name)?;
        // A meeting called for a later day is read on that day, so that the forms see it as it
        // will be held; one held already is read today, with its approval and posting.
        if record.meeting_on > today {
            if let Some(on_the_day) = read_meeting(state, meeting_id, record.meeting_on).await? {
                record = on_the_day;
            }
        }
        let known_at = Position::new(record.known_at)
            .map_err(|error| WebError::Store(eventlog::StoreFailure::of(&error)))?;
        let names = Names::gather(&state.pool, known_at, []).await?;
        let (seated, member_seats) =
            seat_holders(state, record.body_id, record.meeting_on, &names).await?;
        let version = written.version;
        let position = written.position.get();
        Ok(Desk {
            meeting_id,
            record,
            seated,
            member_seats,
            version,
            position,
            names,
        })
    }

    /// People by id, to name them in a refusal from the register.
    pub fn people(&self) -> BTreeMap<Uuid, String> {
        names_by_id(&self.seated)
    }

    /// The label of a person the body seats, or the id when it holds no seat.
    pub fn label(&self, person_id: Uuid) -> String {
        self.seated
            .iter()
            .find(|holder| holder.person_id == person_id)
            .map_or_else(|| person_id.to_string(), |holder| holder.label.clone())
    }

    /// The §§ recorded after position `seen`, in words: what a secretary whose form was shown
    /// at `seen` did not see.
    pub fn recorded_since(&self, seen: u64) -> Vec<String> {
        self.record
            .decisions
            .iter()
            .filter(|decision| {
                u64::try_from(decision.recorded_at_position).is_ok_and(|at| at > seen)
            })
            .map(|decision| {
                format!(
                    "{} {}: {}",
                    decision.paragraph, decision.item_title, decision.text
                )
            })
            .collect()
    }

    /// Who is present from § `paragraph` on, and for whom each serving deputy serves, after the
    /// roll call and every change of attendance from a § up to it.
    pub fn present_at(&self, paragraph: u32) -> Vec<Presence> {
        let Some(attendance) = &self.record.attendance else {
            return Vec::new();
        };
        let mut present: BTreeMap<Uuid, Option<Uuid>> = attendance
            .roll
            .iter()
            .map(|call| {
                (
                    call.person.person_id,
                    call.serving_for.as_ref().map(|member| member.person_id),
                )
            })
            .collect();
        for change in attendance
            .changes
            .iter()
            .filter(|change| change.from_paragraph <= paragraph)
        {
            if change.present {
                present.insert(
                    change.person.person_id,
                    change.serving_for.as_ref().map(|member| member.person_id),
                );
            } else {
                present.remove(&change.person.person_id);
            }
        }
        self.seated
            .iter()
            .filter_map(|holder| {
                present.get(&holder.person_id).map(|serving_for| Presence {
                    holder: holder.clone(),
                    serving_for: *serving_for,
                })
            })
            .collect()
    }
}

/// One person present at a §.
#[derive(Debug, Clone)]
pub struct Presence {
    pub holder: SeatHolder,
    /// The member a deputy serves for.
    pub serving_for: Option<Uuid>,
}

impl Presence {
    /// Whether the person takes part in decisions: a member, or a deputy serving for one.
    pub fn takes_part(&self) -> bool {
        self.holder.seat == Seat::Member || self.serving_for.is_some()
    }
}

fn unknown_meeting(meeting_id: Uuid) -> WebError {
    WebError::NotFound(format!(
        "Registret känner inte till något sammanträde med id {meeting_id}."
    ))
}

async fn read_meeting(
    state: &WebState,
    meeting_id: Uuid,
    as_of: NaiveDate,
) -> Result<Option<MeetingRecord>, WebError> {
    Ok(meeting(&state.pool, meeting_id, ReadAt::on(as_of)).await?)
}

/// Who holds a seat on the body on `day`, as the register knows it now (members first, then
/// deputies, each by party and name), and how many member seats its seat plan gives.
pub async fn seat_holders(
    state: &WebState,
    body_id: Uuid,
    day: NaiveDate,
    names: &Names,
) -> Result<(Vec<SeatHolder>, u16), WebError> {
    let read_at = ReadAt::on(day).known_at(KnownAt::Latest);
    let seated = membership(&state.pool, body_id, read_at).await?;
    let member_seats = seated
        .seat_plan
        .iter()
        .map(|line| line.members)
        .sum::<i32>();
    let member_seats = u16::try_from(member_seats).unwrap_or(0);
    let holders = seated
        .members
        .into_iter()
        .map(|member| {
            let role = words::member_role(member.role);
            let party = names
                .name_of(&member.party)
                .map_or_else(|| member.party.clone(), str::to_owned);
            SeatHolder {
                label: format!("{} ({party}), {}", member.name, role.to_lowercase()),
                person_id: member.person_id,
                name: member.name,
                party: member.party,
                seat: member.seat,
                role,
            }
        })
        .collect();
    Ok((holders, member_seats))
}
