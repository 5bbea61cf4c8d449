//! What the timeline and the history say of a meeting, its §§ and its minutes. Pure.

use domain::meeting::{MeetingEvent, MinutesScope};

use super::facts::{on, Effective, Facts, Link};
use crate::wording::count;

/// A meeting's events rest on the meeting itself, not on a legal basis of their own, except a
/// revocation, which cites what it rests on.
pub(super) fn facts(event: &MeetingEvent) -> Facts<'_> {
    let of_stream = |summary: String| Facts {
        effective: Effective::OfStream,
        basis: None,
        summary,
        link: Link::Keeps,
    };
    match event {
        MeetingEvent::MeetingCalled(called) => on(
            called.date,
            None,
            format!(
                "Meeting of {} called for {} at {}",
                called.body_name, called.date, called.place
            ),
            Link::Body(called.body_id),
        ),
        MeetingEvent::AgendaItemAdded(added) => of_stream(format!(
            "Agenda item {} added: {}",
            added.item.number, added.item.title
        )),
        MeetingEvent::MeetingCancelled(cancelled) => {
            of_stream(format!("Meeting cancelled: {}", cancelled.reason))
        }
        MeetingEvent::MeetingOpened(opened) => of_stream(format!(
            "Meeting opened: {} answered the roll",
            opened.roll.len()
        )),
        MeetingEvent::AttendanceChanged(_) => of_stream("Attendance changed".to_owned()),
        MeetingEvent::DecisionRecorded(recorded) => on(
            recorded.meeting_on,
            None,
            format!(
                "Decision recorded: {} {}: {}",
                recorded.paragraph, recorded.paragraph.year, recorded.content.text
            ),
            Link::Keeps,
        ),
        MeetingEvent::DecisionCorrected(corrected) => of_stream(format!(
            "Decision corrected: {} {}: {} ({})",
            corrected.paragraph, corrected.paragraph.year, corrected.content.text, corrected.reason
        )),
        MeetingEvent::DecisionRevoked(revoked) => on(
            revoked.revoked_on,
            Some(&revoked.basis),
            format!(
                "Decision revoked: {} {}",
                revoked.paragraph, revoked.paragraph.year
            ),
            Link::Keeps,
        ),
        MeetingEvent::AdjustersChosen(chosen) => {
            of_stream(format!("Adjusters chosen: {}", chosen.adjusters.len()))
        }
        MeetingEvent::MinutesApproved(approved) => on(
            approved.approved_on,
            None,
            format!("Minutes approved: {}", minutes_scope(approved.scope)),
            Link::Keeps,
        ),
        MeetingEvent::MinutesPublished(published) => on(
            published.posted_on,
            None,
            match published.days_late {
                Some(days) => format!(
                    "Minutes posted: {}, {} late; appeals until {}",
                    minutes_scope(published.scope),
                    count(u64::from(days), "day", "days"),
                    published.appeal.last_day
                ),
                None => format!(
                    "Minutes posted: {}; appeals until {}",
                    minutes_scope(published.scope),
                    published.appeal.last_day
                ),
            },
            Link::Keeps,
        ),
        MeetingEvent::NoticeRemoved(removed) => on(
            removed.removed_on,
            None,
            if removed.before_appeal_period_ended {
                format!(
                    "Notice removed: {}, before the appeal period ended",
                    minutes_scope(removed.scope)
                )
            } else {
                format!("Notice removed: {}", minutes_scope(removed.scope))
            },
            Link::Keeps,
        ),
    }
}

fn minutes_scope(scope: MinutesScope) -> String {
    match scope {
        MinutesScope::Whole => "the whole minutes".to_owned(),
        MinutesScope::Paragraph { number } => format!("§ {number}"),
    }
}
