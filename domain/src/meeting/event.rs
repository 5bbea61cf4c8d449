use chrono::NaiveDate;
use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{
    AgendaItem, Attendance, DecisionContent, MandateFinding, MinutesScope, Paragraph, Quorum,
    RollEntry, SeatHolder,
};
use crate::appeal_period::AppealPeriod;
use crate::LegalBasis;

/// What happened at, and after, one meeting. A stored format: see the crate documentation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum MeetingEvent {
    MeetingCalled(MeetingCalled),
    AgendaItemAdded(AgendaItemAdded),
    MeetingCancelled(MeetingCancelled),
    MeetingOpened(MeetingOpened),
    AttendanceChanged(AttendanceChanged),
    DecisionRecorded(DecisionRecorded),
    DecisionCorrected(DecisionCorrected),
    DecisionRevoked(DecisionRevoked),
    AdjustersChosen(AdjustersChosen),
    MinutesApproved(MinutesApproved),
    MinutesPublished(MinutesPublished),
    NoticeRemoved(NoticeRemoved),
}

/// A meeting of `body_id` is called for `date` at `place`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingCalled {
    pub body_id: Uuid,
    pub body_name: String,
    pub date: NaiveDate,
    pub place: String,
    pub agenda: Vec<AgendaItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgendaItemAdded {
    pub item: AgendaItem,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingCancelled {
    pub reason: String,
}

/// The meeting was held: who presided, who answered the roll, and the governance facts its
/// quorum is counted against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeetingOpened {
    pub presiding: Uuid,
    pub roll: Vec<RollEntry>,
    pub seated: Vec<SeatHolder>,
    pub member_seats: u16,
}

/// From § `from_paragraph` of the meeting, `person_id` attends as stated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttendanceChanged {
    pub person_id: Uuid,
    pub from_paragraph: u32,
    pub attendance: Attendance,
}

/// The body decided an item under a §. The event carries what projections and auditors need
/// without replaying the meeting: the body, the date, who took part and the mandate finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionRecorded {
    pub decision_id: Uuid,
    pub body_id: Uuid,
    pub meeting_on: NaiveDate,
    pub paragraph: Paragraph,
    pub item: u16,
    pub content: DecisionContent,
    pub quorum: Quorum,
    /// The label of the proposal the vote adopted, when there was a vote.
    pub adopted_proposal: Option<String>,
    pub mandate: MandateFinding,
}

/// The § was recorded wrongly; `content` is what it should have said, and `reason` why. The
/// original stays in the log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionCorrected {
    pub decision_id: Uuid,
    pub paragraph: Paragraph,
    pub content: DecisionContent,
    pub quorum: Quorum,
    pub adopted_proposal: Option<String>,
    pub mandate: MandateFinding,
    pub reason: String,
}

/// The decision under `paragraph` no longer applies from `revoked_on`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionRevoked {
    pub decision_id: Uuid,
    pub paragraph: Paragraph,
    pub revoked_on: NaiveDate,
    pub basis: LegalBasis,
}

/// The adjusters (justerare) chosen; a later choice replaces an earlier one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdjustersChosen {
    pub adjusters: Vec<Uuid>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinutesApproved {
    pub scope: MinutesScope,
    pub approved_on: NaiveDate,
    pub approved_by: Vec<Uuid>,
}

/// The approved minutes were posted (anslag), which starts the appeal period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MinutesPublished {
    pub scope: MinutesScope,
    pub posted_on: NaiveDate,
    pub appeal: AppealPeriod,
    /// Days past the two days after approval that the law allows (KL 8 kap 12 §), when the
    /// posting came late. A late posting is recorded, because it happened, and flagged.
    pub days_late: Option<u32>,
}

/// The notice was taken down. Taking it down before the appeal period ends is recorded and
/// flagged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeRemoved {
    pub scope: MinutesScope,
    pub removed_on: NaiveDate,
    pub before_appeal_period_ended: bool,
}

impl DomainEvent for MeetingEvent {
    fn event_type(&self) -> String {
        match self {
            MeetingEvent::MeetingCalled(_) => "MeetingCalled",
            MeetingEvent::AgendaItemAdded(_) => "AgendaItemAdded",
            MeetingEvent::MeetingCancelled(_) => "MeetingCancelled",
            MeetingEvent::MeetingOpened(_) => "MeetingOpened",
            MeetingEvent::AttendanceChanged(_) => "AttendanceChanged",
            MeetingEvent::DecisionRecorded(_) => "DecisionRecorded",
            MeetingEvent::DecisionCorrected(_) => "DecisionCorrected",
            MeetingEvent::DecisionRevoked(_) => "DecisionRevoked",
            MeetingEvent::AdjustersChosen(_) => "AdjustersChosen",
            MeetingEvent::MinutesApproved(_) => "MinutesApproved",
            MeetingEvent::MinutesPublished(_) => "MinutesPublished",
            MeetingEvent::NoticeRemoved(_) => "NoticeRemoved",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1".to_owned()
    }
}
