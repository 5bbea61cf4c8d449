use std::collections::BTreeMap;

use chrono::NaiveDate;
use cqrs_es::event_sink::EventSink;
use cqrs_es::Aggregate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::attendance::Sitting;
use super::{
    AddAgendaItem, AgendaItem, AgendaItemAdded, AttendanceChanged, CallMeeting, CancelMeeting,
    DecisionContent, MandateFinding, MeetingCalled, MeetingCancelled, MeetingCommand, MeetingError,
    MeetingEvent, MeetingOpened, MeetingStatus, MinutesScope, OpenMeeting, RecordAttendance,
};
use crate::appeal_period::AppealPeriod;
use crate::decide::{handle_by_deciding, Decide};

/// One meeting of a body (sammanträde): its agenda, its roll, its decisions under their § and
/// the approval and publication of its minutes.
///
/// Each meeting is its own stream, so a body with decades of meetings loads one meeting's events
/// for a command. The § numbers that run across a body's meetings are checked against the fact
/// [`super::NextParagraph`], which the caller reads from the register, and the store keeps them
/// unique per body and year even when two secretaries record at once.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Meeting {
    pub(super) called: Option<Called>,
    pub(super) cancelled: bool,
    pub(super) sitting: Option<Sitting>,
    pub(super) decisions: BTreeMap<u32, RecordedDecision>,
    pub(super) adjusters: Vec<Uuid>,
    pub(super) approvals: BTreeMap<MinutesScope, NaiveDate>,
    pub(super) publications: BTreeMap<MinutesScope, Publication>,
}

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Called {
    pub(super) body_id: Uuid,
    pub(super) body_name: String,
    pub(super) date: NaiveDate,
    pub(super) agenda: BTreeMap<u16, AgendaItem>,
}

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct RecordedDecision {
    pub(super) decision_id: Uuid,
    pub(super) item: u16,
    pub(super) content: DecisionContent,
    pub(super) mandate: MandateFinding,
    pub(super) revoked_on: Option<NaiveDate>,
}

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Publication {
    pub(super) appeal: AppealPeriod,
    pub(super) removed_on: Option<NaiveDate>,
}

impl Meeting {
    pub fn status(&self) -> Option<MeetingStatus> {
        self.called.as_ref()?;
        Some(if self.cancelled {
            MeetingStatus::Cancelled
        } else if self.sitting.is_some() {
            MeetingStatus::Held
        } else {
            MeetingStatus::Called
        })
    }

    pub fn body_id(&self) -> Option<Uuid> {
        self.called.as_ref().map(|called| called.body_id)
    }

    pub fn date(&self) -> Option<NaiveDate> {
        self.called.as_ref().map(|called| called.date)
    }

    /// How the minutes cite the § `number`, for example "Inköpsnämnden 2025-05-06 § 103".
    pub fn citation(&self, number: u32) -> Option<String> {
        let called = self.called.as_ref()?;
        self.decisions
            .contains_key(&number)
            .then(|| format!("{} {} § {number}", called.body_name, called.date))
    }

    /// The id of the decision under § `number`.
    pub fn decision_id(&self, number: u32) -> Option<Uuid> {
        self.decisions
            .get(&number)
            .map(|decision| decision.decision_id)
    }

    /// What § `number` says now, after any correction: a correction form starts from it.
    pub fn decision_content(&self, number: u32) -> Option<&DecisionContent> {
        self.decisions
            .get(&number)
            .map(|decision| &decision.content)
    }

    /// The appeal period of § `number`: from its own posting when it was approved immediately,
    /// otherwise from the posting of the whole minutes. None until it is published.
    pub fn appeal_period(&self, number: u32) -> Option<AppealPeriod> {
        if !self.decisions.contains_key(&number) {
            return None;
        }
        // A § approved immediately is left out of the whole minutes, so only its own posting
        // starts its appeal period.
        let immediately = MinutesScope::Paragraph { number };
        let scope = if self.approvals.contains_key(&immediately) {
            immediately
        } else {
            MinutesScope::Whole
        };
        self.publications
            .get(&scope)
            .map(|publication| publication.appeal)
    }

    pub(super) fn called(&self) -> Result<&Called, MeetingError> {
        let called = self.called.as_ref().ok_or(MeetingError::NotCalled)?;
        if self.cancelled {
            return Err(MeetingError::Cancelled);
        }
        Ok(called)
    }

    /// The meeting as held, while its minutes are still open to new entries.
    pub(super) fn sitting_open_for_entries(&self) -> Result<(&Called, &Sitting), MeetingError> {
        let (called, sitting) = self.held()?;
        if self.approvals.contains_key(&MinutesScope::Whole) {
            return Err(MeetingError::MinutesApproved);
        }
        Ok((called, sitting))
    }

    pub(super) fn held(&self) -> Result<(&Called, &Sitting), MeetingError> {
        let called = self.called()?;
        let sitting = self.sitting.as_ref().ok_or(MeetingError::NotOpened)?;
        Ok((called, sitting))
    }

    /// The latest § recorded in the meeting.
    pub(super) fn latest_paragraph(&self) -> Option<u32> {
        self.decisions.keys().next_back().copied()
    }
}

impl Aggregate for Meeting {
    const TYPE: &'static str = "Meeting";
    type Command = MeetingCommand;
    type Event = MeetingEvent;
    type Error = MeetingError;
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
            MeetingEvent::MeetingCalled(called) => {
                self.called = Some(Called {
                    body_id: called.body_id,
                    body_name: called.body_name,
                    date: called.date,
                    agenda: called
                        .agenda
                        .into_iter()
                        .map(|item| (item.number, item))
                        .collect(),
                });
            }
            MeetingEvent::AgendaItemAdded(added) => {
                if let Some(called) = &mut self.called {
                    called.agenda.insert(added.item.number, added.item);
                }
            }
            MeetingEvent::MeetingCancelled(_) => self.cancelled = true,
            MeetingEvent::MeetingOpened(opened) => self.sitting = Some(Sitting::opened(opened)),
            MeetingEvent::AttendanceChanged(changed) => {
                if let Some(sitting) = &mut self.sitting {
                    sitting.record(changed);
                }
            }
            MeetingEvent::DecisionRecorded(recorded) => {
                self.decisions.insert(
                    recorded.paragraph.number,
                    RecordedDecision {
                        decision_id: recorded.decision_id,
                        item: recorded.item,
                        content: recorded.content,
                        mandate: recorded.mandate,
                        revoked_on: None,
                    },
                );
            }
            MeetingEvent::DecisionCorrected(corrected) => {
                if let Some(decision) = self.decisions.get_mut(&corrected.paragraph.number) {
                    decision.content = corrected.content;
                    decision.mandate = corrected.mandate;
                }
            }
            MeetingEvent::DecisionRevoked(revoked) => {
                if let Some(decision) = self.decisions.get_mut(&revoked.paragraph.number) {
                    decision.revoked_on = Some(revoked.revoked_on);
                }
            }
            MeetingEvent::AdjustersChosen(chosen) => self.adjusters = chosen.adjusters,
            MeetingEvent::MinutesApproved(approved) => {
                self.approvals.insert(approved.scope, approved.approved_on);
            }
            MeetingEvent::MinutesPublished(published) => {
                self.publications.insert(
                    published.scope,
                    Publication {
                        appeal: published.appeal,
                        removed_on: None,
                    },
                );
            }
            MeetingEvent::NoticeRemoved(removed) => {
                if let Some(publication) = self.publications.get_mut(&removed.scope) {
                    publication.removed_on = Some(removed.removed_on);
                }
            }
        }
    }
}

impl Decide for Meeting {
    fn decide(&self, command: Self::Command) -> Result<Self::Event, Self::Error> {
        match command {
            MeetingCommand::Call(command) => self.call(command),
            MeetingCommand::AddAgendaItem(command) => self.add_agenda_item(command),
            MeetingCommand::Cancel(command) => self.cancel(command),
            MeetingCommand::Open(command) => self.open(command),
            MeetingCommand::RecordAttendance(command) => self.record_attendance(command),
            MeetingCommand::RecordDecision(command) => self.record_decision(command),
            MeetingCommand::CorrectDecision(command) => self.correct_decision(command),
            MeetingCommand::RevokeDecision(command) => self.revoke_decision(command),
            MeetingCommand::ChooseAdjusters(command) => self.choose_adjusters(command),
            MeetingCommand::ApproveMinutes(command) => self.approve_minutes(command),
            MeetingCommand::PublishMinutes(command) => self.publish_minutes(command),
            MeetingCommand::RecordNoticeRemoved(command) => self.record_notice_removed(command),
        }
    }
}

impl Meeting {
    fn call(&self, command: CallMeeting) -> Result<MeetingEvent, MeetingError> {
        if self.called.is_some() {
            return Err(MeetingError::AlreadyCalled);
        }
        let body_name = required(&command.body_name, MeetingError::BodyNameMissing)?;
        let place = required(&command.place, MeetingError::PlaceMissing)?;
        if command.agenda.is_empty() {
            return Err(MeetingError::AgendaEmpty);
        }
        let mut agenda = Vec::with_capacity(command.agenda.len());
        for (index, item) in command.agenda.into_iter().enumerate() {
            let field = format!("agenda[{index}]");
            if agenda
                .iter()
                .any(|listed: &AgendaItem| listed.number == item.number)
            {
                return Err(MeetingError::ItemNumberTwice {
                    field: format!("{field}.number"),
                    number: item.number,
                });
            }
            agenda.push(checked_item(item, &field)?);
        }
        Ok(MeetingEvent::MeetingCalled(MeetingCalled {
            body_id: command.body_id,
            body_name,
            date: command.date,
            place,
            agenda,
        }))
    }

    fn add_agenda_item(&self, command: AddAgendaItem) -> Result<MeetingEvent, MeetingError> {
        let called = self.called()?;
        if self.approvals.contains_key(&MinutesScope::Whole) {
            return Err(MeetingError::MinutesApproved);
        }
        if called.agenda.contains_key(&command.item.number) {
            return Err(MeetingError::ItemNumberTwice {
                field: "item.number".to_owned(),
                number: command.item.number,
            });
        }
        Ok(MeetingEvent::AgendaItemAdded(AgendaItemAdded {
            item: checked_item(command.item, "item")?,
        }))
    }

    fn cancel(&self, command: CancelMeeting) -> Result<MeetingEvent, MeetingError> {
        self.called()?;
        if self.sitting.is_some() {
            return Err(MeetingError::HeldMeetingCancelled);
        }
        let reason = required(&command.reason, MeetingError::CancellationReasonMissing)?;
        Ok(MeetingEvent::MeetingCancelled(MeetingCancelled { reason }))
    }

    fn open(&self, command: OpenMeeting) -> Result<MeetingEvent, MeetingError> {
        self.called()?;
        if self.sitting.is_some() {
            return Err(MeetingError::AlreadyOpened);
        }
        Sitting::check_opening(&command)?;
        Ok(MeetingEvent::MeetingOpened(MeetingOpened {
            presiding: command.presiding,
            roll: command.roll,
            seated: command.seated,
            member_seats: command.member_seats,
        }))
    }

    fn record_attendance(&self, command: RecordAttendance) -> Result<MeetingEvent, MeetingError> {
        let (_, sitting) = self.sitting_open_for_entries()?;
        if let Some(latest) = self.latest_paragraph() {
            if command.from_paragraph <= latest {
                return Err(MeetingError::AttendanceForRecordedParagraph {
                    from_paragraph: command.from_paragraph,
                    latest,
                });
            }
        }
        sitting.check_change(&command)?;
        Ok(MeetingEvent::AttendanceChanged(AttendanceChanged {
            person_id: command.person_id,
            from_paragraph: command.from_paragraph,
            attendance: command.attendance,
        }))
    }
}

/// The text without surrounding blanks, or `missing` when nothing is left.
pub(super) fn required(text: &str, missing: MeetingError) -> Result<String, MeetingError> {
    let text = text.trim();
    if text.is_empty() {
        Err(missing)
    } else {
        Ok(text.to_owned())
    }
}

/// An optional text without surrounding blanks; `blank` when it is given but says nothing.
pub(super) fn optional(
    text: Option<String>,
    blank: MeetingError,
) -> Result<Option<String>, MeetingError> {
    text.map(|text| required(&text, blank)).transpose()
}

fn checked_item(item: AgendaItem, field: &str) -> Result<AgendaItem, MeetingError> {
    if item.number == 0 {
        return Err(MeetingError::ItemNumberZero {
            field: format!("{field}.number"),
        });
    }
    Ok(AgendaItem {
        number: item.number,
        title: required(
            &item.title,
            MeetingError::ItemTitleMissing {
                field: format!("{field}.title"),
            },
        )?,
        registry_number: optional(
            item.registry_number,
            MeetingError::RegistryNumberBlank {
                field: format!("{field}.registry_number"),
            },
        )?,
        public: item.public,
    })
}
