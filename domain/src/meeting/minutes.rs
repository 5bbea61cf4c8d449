//! The minutes: adjusters, approval (justering), publication (anslag) and the appeal period.

use std::collections::BTreeSet;

use chrono::{Days, NaiveDate};
use uuid::Uuid;

use super::{
    AdjustersChosen, ApproveMinutes, ChooseAdjusters, Meeting, MeetingError, MeetingEvent,
    MinutesApproved, MinutesPublished, MinutesScope, NoticeRemoved, PublishMinutes,
    RecordNoticeRemoved,
};
use crate::appeal_period::AppealPeriod;

/// The law wants the approval posted within two days (KL 8 kap 12 §). A later posting is
/// recorded, because it happened, and flagged with the days it came late.
const DAYS_TO_POST_AFTER_APPROVAL: i64 = 2;

/// The last day on which the approval of minutes approved on `approved_on` may be posted on the
/// notice board without being late: two calendar days after the approval (KL 8 kap 12 §). A
/// posting after this day is recorded with the days it came late; an auditor asks for this day
/// to find minutes that were approved but never posted. `None` only when the day lies beyond
/// the dates chrono can represent.
pub fn last_day_to_post(approved_on: NaiveDate) -> Option<NaiveDate> {
    approved_on.checked_add_days(Days::new(DAYS_TO_POST_AFTER_APPROVAL.unsigned_abs()))
}

impl Meeting {
    pub(super) fn choose_adjusters(
        &self,
        command: ChooseAdjusters,
    ) -> Result<MeetingEvent, MeetingError> {
        let (_, sitting) = self.sitting_open_for_entries()?;
        if command.adjusters.is_empty() {
            return Err(MeetingError::AdjustersMissing);
        }
        let mut chosen = BTreeSet::new();
        for (index, person_id) in command.adjusters.iter().copied().enumerate() {
            if !chosen.insert(person_id) {
                return Err(MeetingError::AdjusterTwice { index, person_id });
            }
            if person_id == sitting.presiding {
                return Err(MeetingError::AdjusterPresides { index, person_id });
            }
            if sitting.holder(person_id).is_none() || !sitting.attended(person_id) {
                return Err(MeetingError::AdjusterNotAtMeeting { index, person_id });
            }
        }
        Ok(MeetingEvent::AdjustersChosen(AdjustersChosen {
            adjusters: command.adjusters,
        }))
    }

    pub(super) fn approve_minutes(
        &self,
        command: ApproveMinutes,
    ) -> Result<MeetingEvent, MeetingError> {
        let (called, sitting) = self.held()?;
        if self.adjusters.is_empty() {
            return Err(MeetingError::NoAdjusters);
        }
        if self.approvals.contains_key(&MinutesScope::Whole) {
            return Err(MeetingError::AlreadyApproved {
                scope: MinutesScope::Whole,
            });
        }
        if self.approvals.contains_key(&command.scope) {
            return Err(MeetingError::AlreadyApproved {
                scope: command.scope,
            });
        }
        match command.scope {
            MinutesScope::Whole => {
                if command.approved_on < called.date {
                    return Err(MeetingError::ApprovedBeforeMeeting {
                        approved_on: command.approved_on,
                        meeting_on: called.date,
                    });
                }
            }
            MinutesScope::Paragraph { number } => {
                if !self.decisions.contains_key(&number) {
                    return Err(MeetingError::UnknownParagraph {
                        field: "scope.number",
                        paragraph: number,
                    });
                }
                if command.approved_on != called.date {
                    return Err(MeetingError::ImmediateApprovalAfterMeeting {
                        approved_on: command.approved_on,
                        meeting_on: called.date,
                    });
                }
            }
        }
        self.check_signatures(&command.approved_by, sitting.presiding)?;
        Ok(MeetingEvent::MinutesApproved(MinutesApproved {
            scope: command.scope,
            approved_on: command.approved_on,
            approved_by: command.approved_by,
        }))
    }

    /// The presiding member and every adjuster sign, and nobody else (domain rule 7).
    fn check_signatures(&self, approved_by: &[Uuid], presiding: Uuid) -> Result<(), MeetingError> {
        let mut signed = BTreeSet::new();
        for (index, person_id) in approved_by.iter().copied().enumerate() {
            if !signed.insert(person_id) {
                return Err(MeetingError::SignedTwice { index, person_id });
            }
            if person_id != presiding && !self.adjusters.contains(&person_id) {
                return Err(MeetingError::NotEntitledToApprove { index, person_id });
            }
        }
        let missing = std::iter::once(presiding)
            .chain(self.adjusters.iter().copied())
            .find(|person_id| !signed.contains(person_id));
        match missing {
            Some(person_id) => Err(MeetingError::SignatureMissing { person_id }),
            None => Ok(()),
        }
    }

    pub(super) fn publish_minutes(
        &self,
        command: PublishMinutes,
    ) -> Result<MeetingEvent, MeetingError> {
        self.held()?;
        let approved_on = *self
            .approvals
            .get(&command.scope)
            .ok_or(MeetingError::NotApproved {
                scope: command.scope,
            })?;
        if let Some(published) = self.publications.get(&command.scope) {
            return Err(MeetingError::AlreadyPublished {
                scope: command.scope,
                posted_on: published.appeal.posted_on,
            });
        }
        if command.posted_on < approved_on {
            return Err(MeetingError::PublishedBeforeApproval {
                posted_on: command.posted_on,
                approved_on,
            });
        }
        let appeal =
            AppealPeriod::starting(command.posted_on).ok_or(MeetingError::DateOutOfRange {
                field: "posted_on",
                date: command.posted_on,
            })?;
        let days_after_approval = (command.posted_on - approved_on).num_days();
        let days_late = u32::try_from(days_after_approval - DAYS_TO_POST_AFTER_APPROVAL)
            .ok()
            .filter(|days| *days > 0);
        Ok(MeetingEvent::MinutesPublished(MinutesPublished {
            scope: command.scope,
            posted_on: command.posted_on,
            appeal,
            days_late,
        }))
    }

    pub(super) fn record_notice_removed(
        &self,
        command: RecordNoticeRemoved,
    ) -> Result<MeetingEvent, MeetingError> {
        self.held()?;
        let publication =
            self.publications
                .get(&command.scope)
                .ok_or(MeetingError::NotPublished {
                    scope: command.scope,
                })?;
        if let Some(removed_on) = publication.removed_on {
            return Err(MeetingError::NoticeAlreadyRemoved {
                scope: command.scope,
                removed_on,
            });
        }
        if command.removed_on < publication.appeal.posted_on {
            return Err(MeetingError::RemovedBeforePosted {
                removed_on: command.removed_on,
                posted_on: publication.appeal.posted_on,
            });
        }
        Ok(MeetingEvent::NoticeRemoved(NoticeRemoved {
            scope: command.scope,
            removed_on: command.removed_on,
            before_appeal_period_ended: command.removed_on <= publication.appeal.last_day,
        }))
    }
}
