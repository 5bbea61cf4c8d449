//! Meetings of a body and the § register: agenda, attendance, quorum, decisions with their
//! votes, recusals, reservations and statements, and the approval and publication of the
//! minutes with their appeal period.
//!
//! One stream per meeting keeps a body's decades of meetings out of today's command. A decision's
//! § must be the body's next in the year (domain rule 6): the command carries that number as a
//! fact, and the store refuses a second decision with the same body, year and §, so two
//! secretaries recording at once cannot both take it.

mod aggregate;
mod attendance;
mod command;
mod decision;
mod error;
mod event;
mod minutes;
mod types;

#[cfg(test)]
mod tests;

pub use crate::body_term::SeatHolder;
pub use aggregate::Meeting;
pub use command::{
    AddAgendaItem, ApproveMinutes, CallMeeting, CancelMeeting, ChooseAdjusters, CorrectDecision,
    MeetingCommand, OpenMeeting, PublishMinutes, RecordAttendance, RecordDecision,
    RecordNoticeRemoved, RevokeDecision,
};
pub use error::MeetingError;
pub use event::{
    AdjustersChosen, AgendaItemAdded, AttendanceChanged, DecisionCorrected, DecisionRecorded,
    DecisionRevoked, MeetingCalled, MeetingCancelled, MeetingEvent, MeetingOpened, MinutesApproved,
    MinutesPublished, NoticeRemoved,
};
pub use minutes::last_day_to_post;
pub use types::{
    AgendaItem, Attendance, Ballot, Choice, DecisionContent, DelegatedDecisionReport,
    MandateFinding, MeetingStatus, MinutesScope, NextParagraph, Paragraph, Proposal, Quorum,
    Recusal, Reservation, RollEntry, Statement, Vote, VoteCount, VoteMethod,
};
