//! Every body's § register: each decision under its § with the agenda item it decided, its text,
//! proposals, vote and quorum, the mandate finding, and the approval (justering), posting (anslag)
//! and appeal period of the minutes that hold it, as the register knew it at any moment.
//!
//! It follows the `Meeting` streams. A § belongs to the register from its meeting's date; its
//! approval, posting, the removal of its notice and its revocation each count from their own
//! date, and a correction (rättelse) replaces what the § says from the position it was recorded
//! at. The title and the text are searchable with Swedish stemming.
//!
//! It also keeps each meeting (agenda, roll, attendance, adjusters, the whole minutes' approval
//! and posting), from which a § names the people who took part.

mod apply;
mod board;
mod compliance;
mod meetings;
mod people;
mod query;

pub(crate) use apply::apply;
pub use board::{notice_board, Notice, NoticeBoard, NoticeParagraph};
pub use compliance::{
    compliance_report, quorum_inconsistencies, CompliancePeriod, ComplianceReport,
    DecisionReference, NotPublished, NotYetApproved, OutsideMandate, PeriodEndsBeforeStart,
    PublishedLate, QuorumInconsistency, WithinAppealPeriod, WithoutQuorum,
};
pub use meetings::{
    meeting, meetings_of_body, AgendaEntry, AttendanceChange, MeetingAttendance, MeetingList,
    MeetingRecord, MeetingStatus, MeetingSummary, Minutes, RollCall,
};
pub use people::NamedPerson;
pub use query::{
    register_of_body, Approval, DecisionEntry, DecisionFilter, DecisionRegister, DecisionStatus,
    Publication,
};

pub(crate) const SCHEMA_SQL: &str = include_str!("schema.sql");

pub(crate) const TABLES: &[&str] = &["meetings", "agenda_items", "decisions"];
