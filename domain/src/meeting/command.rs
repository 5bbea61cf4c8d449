use chrono::NaiveDate;
use serde::Deserialize;
use uuid::Uuid;

use super::{
    AgendaItem, Attendance, DecisionContent, MandateFinding, MinutesScope, NextParagraph,
    RollEntry, SeatHolder,
};
use crate::LegalBasis;

/// What a secretary records about one meeting, in the order it happens.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingCommand {
    Call(CallMeeting),
    AddAgendaItem(AddAgendaItem),
    Cancel(CancelMeeting),
    Open(OpenMeeting),
    RecordAttendance(RecordAttendance),
    RecordDecision(RecordDecision),
    CorrectDecision(CorrectDecision),
    RevokeDecision(RevokeDecision),
    ChooseAdjusters(ChooseAdjusters),
    ApproveMinutes(ApproveMinutes),
    PublishMinutes(PublishMinutes),
    RecordNoticeRemoved(RecordNoticeRemoved),
}

/// Calls a meeting (kallelse) of a body with its agenda.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CallMeeting {
    pub body_id: Uuid,
    /// Fact: the body's name, as its minutes cite it, for example "Inköpsnämnden".
    pub body_name: String,
    pub date: NaiveDate,
    pub place: String,
    pub agenda: Vec<AgendaItem>,
}

/// Adds an item to the agenda of a called or held meeting (extra ärende).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AddAgendaItem {
    pub item: AgendaItem,
}

/// Cancels a meeting that has not been held.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CancelMeeting {
    pub reason: String,
}

/// Opens the meeting with the roll call: who is present, and which deputies serve for whom.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct OpenMeeting {
    /// The member who presides (normally the chair); they hold the casting vote.
    pub presiding: Uuid,
    pub roll: Vec<RollEntry>,
    /// Fact: everyone holding a seat on the body on the meeting date.
    pub seated: Vec<SeatHolder>,
    /// Fact: the body's member seats on the meeting date, from its seat plan. Quorum is more
    /// than half of them.
    pub member_seats: u16,
}

/// Records an arrival or a departure, or a deputy starting to serve, from a § onwards.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RecordAttendance {
    pub person_id: Uuid,
    /// The first § the change applies to.
    pub from_paragraph: u32,
    pub attendance: Attendance,
}

/// Records a decision of the body under its §.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RecordDecision {
    pub decision_id: Uuid,
    pub paragraph: u32,
    /// The number of the agenda item decided.
    pub item: u16,
    pub content: DecisionContent,
    /// Fact: the next § of the body in the meeting's year.
    pub next_paragraph: NextParagraph,
    /// Fact: whether one of the body's mandates covers `content.mandate_category` on the date.
    pub mandate: MandateFinding,
}

/// Corrects a recorded § (rättelse): `content` is what it should have said, `reason` why.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CorrectDecision {
    pub paragraph: u32,
    pub content: DecisionContent,
    pub reason: String,
    /// Fact: as for [`RecordDecision::mandate`], for the corrected category.
    pub mandate: MandateFinding,
}

/// Records that a decision was revoked, by the body itself or by a court on appeal.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RevokeDecision {
    pub paragraph: u32,
    /// The day the revocation takes effect.
    pub revoked_on: NaiveDate,
    /// The revoking decision, for example a later § or a court's judgment.
    pub basis: LegalBasis,
}

/// Chooses who approves the minutes with the presiding member (justerare).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ChooseAdjusters {
    pub adjusters: Vec<Uuid>,
}

/// Records the approval (justering) of the minutes or of one § approved immediately.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ApproveMinutes {
    pub scope: MinutesScope,
    pub approved_on: NaiveDate,
    /// Everyone who signed: the presiding member and every adjuster.
    pub approved_by: Vec<Uuid>,
}

/// Records the publication (anslag) of approved minutes on the official notice board.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PublishMinutes {
    pub scope: MinutesScope,
    pub posted_on: NaiveDate,
}

/// Records the day the notice was taken down from the notice board.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RecordNoticeRemoved {
    pub scope: MinutesScope,
    pub removed_on: NaiveDate,
}

impl crate::CitesBasis for MeetingCommand {
    fn basis(&self) -> Option<(&'static str, &LegalBasis)> {
        match self {
            MeetingCommand::RevokeDecision(command) => Some(("basis", &command.basis)),
            MeetingCommand::Call(_)
            | MeetingCommand::AddAgendaItem(_)
            | MeetingCommand::Cancel(_)
            | MeetingCommand::Open(_)
            | MeetingCommand::RecordAttendance(_)
            | MeetingCommand::RecordDecision(_)
            | MeetingCommand::CorrectDecision(_)
            | MeetingCommand::ChooseAdjusters(_)
            | MeetingCommand::ApproveMinutes(_)
            | MeetingCommand::PublishMinutes(_)
            | MeetingCommand::RecordNoticeRemoved(_) => None,
        }
    }
}
