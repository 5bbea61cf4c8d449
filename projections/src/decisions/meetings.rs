//! A body's meetings and one meeting whole: its agenda, who attended, the §§ it decided and its
//! minutes (approval, posting, the last day to appeal), on a day and as the register knew it.
//!
//! Valid time: a meeting is held on its date, so before that day it is only called, with neither
//! attendance nor §§; the approval, the posting and the taking down of its minutes each count
//! from their own date. Record time: every version of the meeting is kept with the positions
//! that knew it, and an agenda item from the position that added it.

use chrono::NaiveDate;
use domain::body_term::SeatHolder;
use domain::meeting::{AttendanceChanged, Paragraph, RollEntry};
use eventlog::Position;
use serde::Serialize;
use sqlx::postgres::PgRow;
use sqlx::{PgPool, Row};
use uuid::Uuid;

use super::people::NamedPerson;
use super::query::{decisions_of_meeting, DecisionEntry, Publication};
use crate::columns::{from_json, number_from};
use crate::read_at::{ReadAt, Resolved};
use crate::{QueryError, ReadModel};

const MODEL: ReadModel = ReadModel::Decisions;

/// A body's meetings on a day, as the register knew them at one position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct MeetingList {
    pub as_of: NaiveDate,
    /// The log position the answer is as known at.
    pub known_at: u64,
    pub body_id: Uuid,
    /// Every meeting called by `known_at`, by date, the latest last.
    pub meetings: Vec<MeetingSummary>,
}

/// One meeting in a body's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct MeetingSummary {
    pub meeting_id: Uuid,
    pub meeting_on: NaiveDate,
    pub place: String,
    #[serde(flatten)]
    pub status: MeetingStatus,
    /// How many §§ the meeting decided, by `as_of`.
    pub paragraphs: u32,
}

/// Where a meeting stands on `as_of`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum MeetingStatus {
    /// Called (kallat), and not held by `as_of`.
    Called,
    /// Called off, for this reason, before it was held.
    Cancelled { reason: String },
    /// Held (the roll was called) and its minutes not yet approved.
    Held,
    /// Its minutes approved (justerat) and not yet posted.
    Approved,
    /// The approval of its minutes posted on the notice board (anslaget).
    Posted,
}

/// One meeting whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct MeetingRecord {
    pub as_of: NaiveDate,
    /// The log position the answer is as known at.
    pub known_at: u64,
    pub meeting_id: Uuid,
    pub body_id: Uuid,
    pub body_name: String,
    pub meeting_on: NaiveDate,
    pub place: String,
    #[serde(flatten)]
    pub status: MeetingStatus,
    /// The agenda (föredragningslista) by item number, with the § each item was decided under.
    pub agenda: Vec<AgendaEntry>,
    /// Who presided and who attended, once the meeting was held by `as_of`.
    pub attendance: Option<MeetingAttendance>,
    /// The members chosen to approve the minutes (justerare).
    pub adjusters: Vec<NamedPerson>,
    /// The approval and posting of the whole minutes, each from its own date. A § approved at
    /// the meeting itself (omedelbar justering) has its own, in the § below.
    pub minutes: Option<Minutes>,
    /// The §§ decided, by number.
    pub decisions: Vec<DecisionEntry>,
}

/// An item of the agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct AgendaEntry {
    pub number: u16,
    pub title: String,
    pub registry_number: Option<String>,
    /// Whether it is dealt with in public.
    pub public: bool,
    /// The § it was decided under, by `as_of`.
    pub paragraph: Option<Paragraph>,
}

/// Who attended a held meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct MeetingAttendance {
    pub presiding: NamedPerson,
    /// The body's member seats that day, which quorum is counted against.
    pub member_seats: u16,
    /// Who answered the roll, in the order called.
    pub roll: Vec<RollCall>,
    /// Arrivals and departures during the meeting, in the order recorded.
    pub changes: Vec<AttendanceChange>,
}

/// One person present at the roll call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct RollCall {
    pub person: NamedPerson,
    /// For a serving deputy (tjänstgörande ersättare): the absent member served for.
    pub serving_for: Option<NamedPerson>,
}

/// An arrival or departure from a § on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct AttendanceChange {
    pub person: NamedPerson,
    /// The number of the first § the change applies to.
    pub from_paragraph: u32,
    /// Present from then on, or gone.
    pub present: bool,
    /// For a deputy who starts serving: the member served for.
    pub serving_for: Option<NamedPerson>,
}

/// The approval (justering) of the whole minutes and its posting (anslag).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Minutes {
    pub approved_on: NaiveDate,
    pub approved_by: Vec<NamedPerson>,
    pub publication: Option<Publication>,
}

/// Every stored column of a meeting, with the approval and posting only from their dates on
/// (`$2` is `as_of`).
const MEETING_COLUMNS: &str = "SELECT meeting_id, body_id, body_name, meeting_on, place,
        cancellation_reason, presiding, roll, seated, member_seats, attendance_changes,
        adjusters, approved_by,
        CASE WHEN approved_on <= $2 THEN approved_on END AS approved_on,
        CASE WHEN posted_on <= $2 THEN posted_on END AS posted_on,
        appeal_last_day, days_late,
        CASE WHEN notice_removed_on <= $2 THEN notice_removed_on END AS notice_removed_on,
        (SELECT count(*) FROM read_decisions.decisions AS decision
          WHERE decision.meeting_id = meeting.meeting_id AND decision.meeting_on <= $2
            AND decision.known @> $3::bigint) AS paragraphs
   FROM read_decisions.meetings AS meeting";

/// The meetings of `body_id` called by `read_at.known_at`, standing as on `read_at.as_of`.
pub async fn meetings_of_body(
    pool: &PgPool,
    body_id: Uuid,
    read_at: ReadAt,
) -> Result<MeetingList, QueryError> {
    let Resolved { as_of, known_at } = read_at.resolve(pool, MODEL).await?;
    let meetings = sqlx::query(&format!(
        "{MEETING_COLUMNS}
          WHERE body_id = $1 AND known @> $3::bigint
          ORDER BY meeting_on, meeting_id"
    ))
    .bind(body_id)
    .bind(as_of)
    .bind(known_at.as_stored())
    .fetch_all(pool)
    .await?
    .iter()
    .map(|row| {
        let stored = StoredMeeting::from_row(row)?;
        Ok(MeetingSummary {
            meeting_id: row.try_get("meeting_id")?,
            meeting_on: stored.meeting_on,
            place: row.try_get("place")?,
            status: stored.status(as_of),
            paragraphs: number_from(MODEL, "paragraphs", row.try_get::<i64, _>("paragraphs")?)?,
        })
    })
    .collect::<Result<_, QueryError>>()?;
    Ok(MeetingList {
        as_of,
        known_at: known_at.get(),
        body_id,
        meetings,
    })
}

/// The meeting `meeting_id` whole, or `None` when the register had not heard of it by
/// `read_at.known_at`.
pub async fn meeting(
    pool: &PgPool,
    meeting_id: Uuid,
    read_at: ReadAt,
) -> Result<Option<MeetingRecord>, QueryError> {
    let Resolved { as_of, known_at } = read_at.resolve(pool, MODEL).await?;
    let Some(row) = sqlx::query(&format!(
        "{MEETING_COLUMNS}
          WHERE meeting_id = $1 AND known @> $3::bigint"
    ))
    .bind(meeting_id)
    .bind(as_of)
    .bind(known_at.as_stored())
    .fetch_optional(pool)
    .await?
    else {
        return Ok(None);
    };
    let stored = StoredMeeting::from_row(&row)?;
    let decisions = decisions_of_meeting(pool, meeting_id, as_of, known_at).await?;
    let agenda = agenda_of(pool, meeting_id, known_at, &decisions).await?;
    let status = stored.status(as_of);
    let named = |person_id: Uuid| NamedPerson::from_seat_holders(person_id, stored.seated.as_ref());
    let approved_by = stored.approved_by.iter().copied().map(named).collect();
    Ok(Some(MeetingRecord {
        as_of,
        known_at: known_at.get(),
        meeting_id,
        body_id: row.try_get("body_id")?,
        body_name: row.try_get("body_name")?,
        meeting_on: stored.meeting_on,
        place: row.try_get("place")?,
        attendance: stored.attendance(as_of),
        adjusters: stored.adjusters.iter().copied().map(named).collect(),
        minutes: stored.approved_on.map(|approved_on| Minutes {
            approved_on,
            approved_by,
            publication: stored.publication,
        }),
        status,
        agenda,
        decisions,
    }))
}

/// The agenda as known at `known_at`, with the § under which each item was decided.
async fn agenda_of(
    pool: &PgPool,
    meeting_id: Uuid,
    known_at: Position,
    decisions: &[DecisionEntry],
) -> Result<Vec<AgendaEntry>, QueryError> {
    sqlx::query(
        "SELECT number, title, registry_number, public FROM read_decisions.agenda_items
          WHERE meeting_id = $1 AND position <= $2 ORDER BY number",
    )
    .bind(meeting_id)
    .bind(known_at.as_stored())
    .fetch_all(pool)
    .await?
    .iter()
    .map(|row| {
        let number: u16 = number_from(MODEL, "number", row.try_get::<i32, _>("number")?)?;
        Ok(AgendaEntry {
            number,
            title: row.try_get("title")?,
            registry_number: row.try_get("registry_number")?,
            public: row.try_get("public")?,
            paragraph: decisions
                .iter()
                .find(|decision| decision.item == number)
                .map(|decision| decision.paragraph),
        })
    })
    .collect()
}

/// A meeting row read back into the domain's types.
struct StoredMeeting {
    meeting_on: NaiveDate,
    cancellation_reason: Option<String>,
    presiding: Option<Uuid>,
    roll: Option<Vec<RollEntry>>,
    seated: Option<Vec<SeatHolder>>,
    member_seats: Option<u16>,
    attendance_changes: Vec<AttendanceChanged>,
    adjusters: Vec<Uuid>,
    approved_by: Vec<Uuid>,
    approved_on: Option<NaiveDate>,
    publication: Option<Publication>,
}

impl StoredMeeting {
    fn from_row(row: &PgRow) -> Result<StoredMeeting, QueryError> {
        let optional_json = |column: &str| -> Result<Option<serde_json::Value>, QueryError> {
            Ok(row.try_get::<Option<serde_json::Value>, _>(column)?)
        };
        let publication = match row.try_get::<Option<NaiveDate>, _>("posted_on")? {
            Some(posted_on) => Some(Publication {
                posted_on,
                appeal_last_day: row.try_get("appeal_last_day")?,
                days_late: row
                    .try_get::<Option<i64>, _>("days_late")?
                    .map(|days| number_from(MODEL, "days_late", days))
                    .transpose()?,
                notice_removed_on: row.try_get("notice_removed_on")?,
            }),
            None => None,
        };
        Ok(StoredMeeting {
            meeting_on: row.try_get("meeting_on")?,
            cancellation_reason: row.try_get("cancellation_reason")?,
            presiding: row.try_get("presiding")?,
            roll: optional_json("roll")?
                .map(|roll| from_json(MODEL, "roll", roll))
                .transpose()?,
            seated: optional_json("seated")?
                .map(|seated| from_json(MODEL, "seated", seated))
                .transpose()?,
            member_seats: row
                .try_get::<Option<i32>, _>("member_seats")?
                .map(|seats| number_from(MODEL, "member_seats", seats))
                .transpose()?,
            attendance_changes: from_json(
                MODEL,
                "attendance_changes",
                row.try_get("attendance_changes")?,
            )?,
            adjusters: from_json(MODEL, "adjusters", row.try_get("adjusters")?)?,
            approved_by: from_json(MODEL, "approved_by", row.try_get("approved_by")?)?,
            approved_on: row.try_get("approved_on")?,
            publication,
        })
    }

    fn held_by(&self, as_of: NaiveDate) -> bool {
        self.presiding.is_some() && self.meeting_on <= as_of
    }

    fn status(&self, as_of: NaiveDate) -> MeetingStatus {
        if let Some(reason) = &self.cancellation_reason {
            return MeetingStatus::Cancelled {
                reason: reason.clone(),
            };
        }
        match (self.held_by(as_of), self.approved_on, &self.publication) {
            (false, _, _) => MeetingStatus::Called,
            (true, None, _) => MeetingStatus::Held,
            (true, Some(_), None) => MeetingStatus::Approved,
            (true, Some(_), Some(_)) => MeetingStatus::Posted,
        }
    }

    fn attendance(&self, as_of: NaiveDate) -> Option<MeetingAttendance> {
        let (Some(presiding), Some(roll), Some(member_seats)) =
            (self.presiding, &self.roll, self.member_seats)
        else {
            return None;
        };
        if !self.held_by(as_of) {
            return None;
        }
        let named =
            |person_id: Uuid| NamedPerson::from_seat_holders(person_id, self.seated.as_ref());
        Some(MeetingAttendance {
            presiding: named(presiding),
            member_seats,
            roll: roll
                .iter()
                .map(|entry| RollCall {
                    person: named(entry.person_id),
                    serving_for: entry.serving_for.map(named),
                })
                .collect(),
            changes: self
                .attendance_changes
                .iter()
                .map(|change| {
                    let (present, serving_for) = match change.attendance {
                        domain::meeting::Attendance::Present { serving_for } => (true, serving_for),
                        domain::meeting::Attendance::Absent => (false, None),
                    };
                    AttendanceChange {
                        person: named(change.person_id),
                        from_paragraph: change.from_paragraph,
                        present,
                        serving_for: serving_for.map(named),
                    }
                })
                .collect(),
        })
    }
}
