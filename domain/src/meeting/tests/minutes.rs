//! The minutes: adjusters (justerare), approval (justering), immediate approval, publication
//! (anslag) and the appeal period (domain rule 7).

use cqrs_es::Aggregate;

use super::*;

const PARAGRAPH_103: MinutesScope = MinutesScope::Paragraph { number: 103 };

fn appeal(posted_on: &str, three_weeks_after: &str, last_day: &str) -> AppealPeriod {
    AppealPeriod {
        posted_on: date(posted_on),
        three_weeks_after: date(three_weeks_after),
        last_day: date(last_day),
    }
}

/// The minutes of a meeting on `meeting_on`, approved on `approved_on` by Anna and David.
fn approved_meeting(meeting_on: &str, approved_on: &str) -> Vec<MeetingEvent> {
    let mut events = held_on(meeting_on);
    events.push(adjusters_chosen(vec![DAVID]));
    events.push(approved(MinutesScope::Whole, approved_on));
    events
}

/// Publishing the minutes approved on `approved_on` on `posted_on` starts `expected`.
fn assert_published(
    meeting_on: &str,
    approved_on: &str,
    posted_on: &str,
    expected: AppealPeriod,
    days_late: Option<u32>,
) {
    assert_eq!(AppealPeriod::starting(date(posted_on)), Some(expected));
    MeetingTest::with(())
        .given(approved_meeting(meeting_on, approved_on))
        .when(publish(MinutesScope::Whole, posted_on))
        .then_expect_events(vec![MeetingEvent::MinutesPublished(MinutesPublished {
            scope: MinutesScope::Whole,
            posted_on: date(posted_on),
            appeal: expected,
            days_late,
        })]);
}

fn with_minutes_published() -> Vec<MeetingEvent> {
    let mut events = with_minutes_approved();
    events.push(published(MinutesScope::Whole, "2025-05-12", None));
    events
}

fn notice_removed(removed_on: &str, before_appeal_period_ended: bool) -> MeetingEvent {
    MeetingEvent::NoticeRemoved(NoticeRemoved {
        scope: MinutesScope::Whole,
        removed_on: date(removed_on),
        before_appeal_period_ended,
    })
}

// Adjusters.

#[test]
fn adjusters_are_chosen_among_those_at_the_meeting() {
    MeetingTest::with(())
        .given(decided())
        .when(choose(vec![DAVID, GUNILLA]))
        .then_expect_events(vec![adjusters_chosen(vec![DAVID, GUNILLA])]);
}

#[test]
fn a_later_choice_of_adjusters_replaces_the_earlier_one() {
    MeetingTest::with(())
        .given(with_adjuster())
        .when(choose(vec![BERTIL]))
        .then_expect_events(vec![adjusters_chosen(vec![BERTIL])]);
}

#[test]
fn someone_who_arrived_or_left_mid_meeting_attended_it() {
    MeetingTest::with(())
        .given(vec![called(), opened(), arrives(CECILIA, 102, None)])
        .when(choose(vec![CECILIA]))
        .then_expect_events(vec![adjusters_chosen(vec![CECILIA])]);
    MeetingTest::with(())
        .given(vec![called(), opened(), leaves(DAVID, 102)])
        .when(choose(vec![DAVID]))
        .then_expect_events(vec![adjusters_chosen(vec![DAVID])]);
}

#[test]
fn at_least_one_adjuster_is_chosen() {
    MeetingTest::with(())
        .given(decided())
        .when(choose(Vec::new()))
        .then_expect_error(MeetingError::AdjustersMissing);
}

#[test]
fn an_adjuster_is_chosen_once() {
    MeetingTest::with(())
        .given(decided())
        .when(choose(vec![DAVID, DAVID]))
        .then_expect_error(MeetingError::AdjusterTwice {
            index: 1,
            person_id: DAVID,
        });
}

#[test]
fn the_presiding_member_is_not_an_adjuster() {
    MeetingTest::with(())
        .given(decided())
        .when(choose(vec![DAVID, ANNA]))
        .then_expect_error(MeetingError::AdjusterPresides {
            index: 1,
            person_id: ANNA,
        });
}

#[test]
fn an_adjuster_attended_the_meeting() {
    MeetingTest::with(())
        .given(decided())
        .when(choose(vec![DAVID, CECILIA]))
        .then_expect_error(MeetingError::AdjusterNotAtMeeting {
            index: 1,
            person_id: CECILIA,
        });
    MeetingTest::with(())
        .given(decided())
        .when(choose(vec![KARIN]))
        .then_expect_error(MeetingError::AdjusterNotAtMeeting {
            index: 0,
            person_id: KARIN,
        });
}

#[test]
fn adjusters_are_chosen_at_an_opened_meeting_before_approval() {
    MeetingTest::with(())
        .given(vec![called()])
        .when(choose(vec![DAVID]))
        .then_expect_error(MeetingError::NotOpened);
    MeetingTest::with(())
        .given(with_minutes_approved())
        .when(choose(vec![BERTIL]))
        .then_expect_error(MeetingError::MinutesApproved);
}

// Approval of the whole minutes.

#[test]
fn the_minutes_are_approved_by_the_presiding_member_and_the_adjusters() {
    MeetingTest::with(())
        .given(with_adjuster())
        .when(approve(
            MinutesScope::Whole,
            "2025-05-12",
            vec![ANNA, DAVID],
        ))
        .then_expect_events(vec![approved(MinutesScope::Whole, "2025-05-12")]);
    // The approval may come on the day of the meeting.
    MeetingTest::with(())
        .given(with_adjuster())
        .when(approve(MinutesScope::Whole, MEETING_ON, vec![ANNA, DAVID]))
        .then_expect_events(vec![approved(MinutesScope::Whole, MEETING_ON)]);
}

#[test]
fn no_approval_before_adjusters_are_chosen() {
    MeetingTest::with(())
        .given(decided())
        .when(approve(MinutesScope::Whole, "2025-05-12", vec![ANNA]))
        .then_expect_error(MeetingError::NoAdjusters);
}

#[test]
fn no_approval_before_the_meeting() {
    MeetingTest::with(())
        .given(with_adjuster())
        .when(approve(
            MinutesScope::Whole,
            "2025-05-05",
            vec![ANNA, DAVID],
        ))
        .then_expect_error(MeetingError::ApprovedBeforeMeeting {
            approved_on: date("2025-05-05"),
            meeting_on: date(MEETING_ON),
        });
    MeetingTest::with(())
        .given(vec![called()])
        .when(approve(
            MinutesScope::Whole,
            "2025-05-12",
            vec![ANNA, DAVID],
        ))
        .then_expect_error(MeetingError::NotOpened);
}

#[test]
fn the_presiding_member_and_every_adjuster_sign() {
    MeetingTest::with(())
        .given(with_adjuster())
        .when(approve(MinutesScope::Whole, "2025-05-12", vec![ANNA]))
        .then_expect_error(MeetingError::SignatureMissing { person_id: DAVID });
    MeetingTest::with(())
        .given(with_adjuster())
        .when(approve(MinutesScope::Whole, "2025-05-12", vec![DAVID]))
        .then_expect_error(MeetingError::SignatureMissing { person_id: ANNA });
}

#[test]
fn only_the_presiding_member_and_the_adjusters_sign() {
    MeetingTest::with(())
        .given(with_adjuster())
        .when(approve(
            MinutesScope::Whole,
            "2025-05-12",
            vec![ANNA, DAVID, BERTIL],
        ))
        .then_expect_error(MeetingError::NotEntitledToApprove {
            index: 2,
            person_id: BERTIL,
        });
}

#[test]
fn each_signs_once() {
    MeetingTest::with(())
        .given(with_adjuster())
        .when(approve(
            MinutesScope::Whole,
            "2025-05-12",
            vec![ANNA, DAVID, ANNA],
        ))
        .then_expect_error(MeetingError::SignedTwice {
            index: 2,
            person_id: ANNA,
        });
}

#[test]
fn the_minutes_are_approved_once() {
    MeetingTest::with(())
        .given(with_minutes_approved())
        .when(approve(
            MinutesScope::Whole,
            "2025-05-13",
            vec![ANNA, DAVID],
        ))
        .then_expect_error(MeetingError::AlreadyApproved {
            scope: MinutesScope::Whole,
        });
}

// Immediate approval (omedelbar justering).

#[test]
fn a_single_paragraph_is_approved_immediately_at_the_meeting() {
    MeetingTest::with(())
        .given(with_adjuster())
        .when(approve(PARAGRAPH_103, MEETING_ON, vec![ANNA, DAVID]))
        .then_expect_events(vec![approved(PARAGRAPH_103, MEETING_ON)]);
}

#[test]
fn immediate_approval_happens_on_the_day_of_the_meeting() {
    MeetingTest::with(())
        .given(with_adjuster())
        .when(approve(PARAGRAPH_103, "2025-05-07", vec![ANNA, DAVID]))
        .then_expect_error(MeetingError::ImmediateApprovalAfterMeeting {
            approved_on: date("2025-05-07"),
            meeting_on: date(MEETING_ON),
        });
}

#[test]
fn immediate_approval_is_of_a_recorded_paragraph() {
    MeetingTest::with(())
        .given(with_adjuster())
        .when(approve(
            MinutesScope::Paragraph { number: 104 },
            MEETING_ON,
            vec![ANNA, DAVID],
        ))
        .then_expect_error(MeetingError::UnknownParagraph {
            field: "scope.number",
            paragraph: 104,
        });
}

#[test]
fn a_paragraph_is_approved_once_and_not_after_the_whole_minutes() {
    let mut approved_immediately = with_adjuster();
    approved_immediately.push(approved(PARAGRAPH_103, MEETING_ON));
    MeetingTest::with(())
        .given(approved_immediately.clone())
        .when(approve(PARAGRAPH_103, MEETING_ON, vec![ANNA, DAVID]))
        .then_expect_error(MeetingError::AlreadyApproved {
            scope: PARAGRAPH_103,
        });
    MeetingTest::with(())
        .given(with_minutes_approved())
        .when(approve(PARAGRAPH_103, MEETING_ON, vec![ANNA, DAVID]))
        .then_expect_error(MeetingError::AlreadyApproved {
            scope: MinutesScope::Whole,
        });
    // The rest of the minutes are approved later as usual.
    MeetingTest::with(())
        .given(approved_immediately)
        .when(approve(
            MinutesScope::Whole,
            "2025-05-12",
            vec![ANNA, DAVID],
        ))
        .then_expect_events(vec![approved(MinutesScope::Whole, "2025-05-12")]);
}

// Publication (anslag) and the appeal period.

#[test]
fn minutes_are_published_after_approval() {
    MeetingTest::with(())
        .given(with_adjuster())
        .when(publish(MinutesScope::Whole, "2025-05-12"))
        .then_expect_error(MeetingError::NotApproved {
            scope: MinutesScope::Whole,
        });
    // Approving the whole minutes does not publish § 103 on its own.
    MeetingTest::with(())
        .given(with_minutes_approved())
        .when(publish(PARAGRAPH_103, "2025-05-12"))
        .then_expect_error(MeetingError::NotApproved {
            scope: PARAGRAPH_103,
        });
}

#[test]
fn minutes_are_not_posted_before_the_day_they_were_approved() {
    MeetingTest::with(())
        .given(with_minutes_approved())
        .when(publish(MinutesScope::Whole, "2025-05-09"))
        .then_expect_error(MeetingError::PublishedBeforeApproval {
            posted_on: date("2025-05-09"),
            approved_on: date("2025-05-12"),
        });
}

#[test]
fn minutes_are_published_once() {
    MeetingTest::with(())
        .given(with_minutes_published())
        .when(publish(MinutesScope::Whole, "2025-05-13"))
        .then_expect_error(MeetingError::AlreadyPublished {
            scope: MinutesScope::Whole,
            posted_on: date("2025-05-12"),
        });
}

#[test]
fn the_appeal_period_starts_with_the_posting() {
    MeetingTest::with(())
        .given(with_minutes_approved())
        .when(publish(MinutesScope::Whole, "2025-05-12"))
        .then_expect_events(vec![MeetingEvent::MinutesPublished(MinutesPublished {
            scope: MinutesScope::Whole,
            posted_on: date("2025-05-12"),
            appeal: AppealPeriod::starting(date("2025-05-12")).unwrap(),
            days_late: None,
        })]);
}

#[test]
fn an_appeal_deadline_crosses_a_month_end() {
    // Monday 12 May to Monday 2 June 2025.
    assert_published(
        MEETING_ON,
        "2025-05-12",
        "2025-05-12",
        appeal("2025-05-12", "2025-06-02", "2025-06-02"),
        None,
    );
}

#[test]
fn an_appeal_deadline_crosses_a_year_end() {
    // Monday 15 December 2025 to Monday 5 January 2026, the day before trettondedag jul.
    assert_published(
        "2025-12-09",
        "2025-12-15",
        "2025-12-15",
        appeal("2025-12-15", "2026-01-05", "2026-01-05"),
        None,
    );
}

#[test]
fn an_appeal_deadline_on_julafton_is_extended_past_christmas() {
    // Three weeks from Wednesday 3 December 2025 end on julafton; juldagen, annandag jul and the
    // weekend follow, so the last day is Monday 29 December.
    assert_published(
        "2025-12-02",
        "2025-12-03",
        "2025-12-03",
        appeal("2025-12-03", "2025-12-24", "2025-12-29"),
        None,
    );
}

#[test]
fn a_posting_within_two_days_of_approval_is_on_time() {
    assert_published(
        MEETING_ON,
        "2025-05-12",
        "2025-05-14",
        appeal("2025-05-14", "2025-06-04", "2025-06-04"),
        None,
    );
}

#[test]
fn a_posting_three_days_after_approval_is_recorded_one_day_late() {
    assert_published(
        MEETING_ON,
        "2025-05-12",
        "2025-05-15",
        appeal("2025-05-15", "2025-06-05", "2025-06-05"),
        Some(1),
    );
}

/// The last day to post is the day a posting stops being on time, so an auditor who finds no
/// posting after it finds exactly the minutes a posting would have been flagged late for.
#[test]
fn the_last_day_to_post_is_the_last_day_a_posting_is_on_time() {
    assert_eq!(
        last_day_to_post(date("2025-05-12")),
        Some(date("2025-05-14"))
    );
    assert_eq!(
        last_day_to_post(date("2025-11-28")),
        Some(date("2025-11-30"))
    );
    assert_eq!(last_day_to_post(NaiveDate::MAX), None);
}

#[test]
fn a_late_posting_is_recorded_with_the_days_it_came_late() {
    // Approved on Friday 28 November, posted on Wednesday 3 December: three days late.
    assert_published(
        "2025-11-25",
        "2025-11-28",
        "2025-12-03",
        appeal("2025-12-03", "2025-12-24", "2025-12-29"),
        Some(3),
    );
}

#[test]
fn an_immediately_approved_paragraph_is_published_on_its_own() {
    let mut events = with_adjuster();
    events.push(approved(PARAGRAPH_103, MEETING_ON));
    MeetingTest::with(())
        .given(events)
        .when(publish(PARAGRAPH_103, "2025-05-07"))
        .then_expect_events(vec![MeetingEvent::MinutesPublished(MinutesPublished {
            scope: PARAGRAPH_103,
            posted_on: date("2025-05-07"),
            appeal: appeal("2025-05-07", "2025-05-28", "2025-05-28"),
            days_late: None,
        })]);
}

#[test]
fn a_posting_too_far_in_the_future_has_no_appeal_period() {
    let mut events = with_adjuster();
    events.push(MeetingEvent::MinutesApproved(MinutesApproved {
        scope: MinutesScope::Whole,
        approved_on: NaiveDate::MAX,
        approved_by: vec![ANNA, DAVID],
    }));
    MeetingTest::with(())
        .given(events)
        .when(MeetingCommand::PublishMinutes(PublishMinutes {
            scope: MinutesScope::Whole,
            posted_on: NaiveDate::MAX,
        }))
        .then_expect_error(MeetingError::DateOutOfRange {
            field: "posted_on",
            date: NaiveDate::MAX,
        });
}

// Taking the notice down.

#[test]
fn a_notice_taken_down_on_the_last_day_is_taken_down_before_the_period_ended() {
    MeetingTest::with(())
        .given(with_minutes_published())
        .when(remove_notice(MinutesScope::Whole, "2025-06-02"))
        .then_expect_events(vec![notice_removed("2025-06-02", true)]);
}

#[test]
fn a_notice_taken_down_the_day_after_the_last_day_is_on_time() {
    MeetingTest::with(())
        .given(with_minutes_published())
        .when(remove_notice(MinutesScope::Whole, "2025-06-03"))
        .then_expect_events(vec![notice_removed("2025-06-03", false)]);
}

#[test]
fn a_notice_taken_down_three_weeks_after_posting_on_julafton_is_early() {
    let mut events = approved_meeting("2025-12-02", "2025-12-03");
    events.push(published(MinutesScope::Whole, "2025-12-03", None));
    MeetingTest::with(())
        .given(events)
        .when(remove_notice(MinutesScope::Whole, "2025-12-24"))
        .then_expect_events(vec![MeetingEvent::NoticeRemoved(NoticeRemoved {
            scope: MinutesScope::Whole,
            removed_on: date("2025-12-24"),
            before_appeal_period_ended: true,
        })]);
}

#[test]
fn a_notice_is_taken_down_after_it_was_posted() {
    MeetingTest::with(())
        .given(with_minutes_approved())
        .when(remove_notice(MinutesScope::Whole, "2025-06-03"))
        .then_expect_error(MeetingError::NotPublished {
            scope: MinutesScope::Whole,
        });
    MeetingTest::with(())
        .given(with_minutes_published())
        .when(remove_notice(MinutesScope::Whole, "2025-05-11"))
        .then_expect_error(MeetingError::RemovedBeforePosted {
            removed_on: date("2025-05-11"),
            posted_on: date("2025-05-12"),
        });
}

#[test]
fn a_notice_is_taken_down_once() {
    let mut events = with_minutes_published();
    events.push(notice_removed("2025-06-03", false));
    MeetingTest::with(())
        .given(events)
        .when(remove_notice(MinutesScope::Whole, "2025-06-04"))
        .then_expect_error(MeetingError::NoticeAlreadyRemoved {
            scope: MinutesScope::Whole,
            removed_on: date("2025-06-03"),
        });
}

// What the meeting tells its readers.

fn meeting_from(events: Vec<MeetingEvent>) -> Meeting {
    let mut meeting = Meeting::default();
    for event in events {
        meeting.apply(event);
    }
    meeting
}

#[test]
fn a_paragraph_is_cited_by_body_date_and_number() {
    let meeting = meeting_from(decided());
    assert_eq!(
        meeting.citation(103),
        Some("Inköpsnämnden 2025-05-06 § 103".to_owned())
    );
    assert_eq!(meeting.citation(104), None);
    assert_eq!(meeting.decision_id(103), Some(DECISION_103));
    assert_eq!(meeting.decision_id(104), None);
    assert_eq!(Meeting::default().citation(103), None);
}

#[test]
fn each_paragraph_has_the_appeal_period_of_its_own_publication() {
    let mut events = with_adjuster();
    events.push(approved(PARAGRAPH_103, MEETING_ON));
    events.push(published(PARAGRAPH_103, "2025-05-07", None));
    events.push(approved(MinutesScope::Whole, "2025-05-12"));
    let before_whole = meeting_from(events.clone());
    assert_eq!(
        before_whole.appeal_period(103),
        Some(appeal("2025-05-07", "2025-05-28", "2025-05-28"))
    );
    assert_eq!(before_whole.appeal_period(101), None);

    events.push(published(MinutesScope::Whole, "2025-05-12", None));
    let meeting = meeting_from(events);
    assert_eq!(
        meeting.appeal_period(101),
        Some(appeal("2025-05-12", "2025-06-02", "2025-06-02"))
    );
    assert_eq!(
        meeting.appeal_period(102),
        Some(appeal("2025-05-12", "2025-06-02", "2025-06-02"))
    );
    assert_eq!(
        meeting.appeal_period(103),
        Some(appeal("2025-05-07", "2025-05-28", "2025-05-28"))
    );
    assert_eq!(meeting.appeal_period(104), None);
}

#[test]
fn an_immediately_approved_paragraph_has_no_appeal_period_until_its_own_posting() {
    // § 103 was approved at the meeting, but only the rest of the minutes are posted: the
    // posting of the whole minutes does not cover § 103.
    let mut events = with_adjuster();
    events.push(approved(PARAGRAPH_103, MEETING_ON));
    events.push(approved(MinutesScope::Whole, "2025-05-12"));
    events.push(published(MinutesScope::Whole, "2025-05-12", None));
    let meeting = meeting_from(events);
    assert_eq!(meeting.appeal_period(103), None);
    assert_eq!(
        meeting.appeal_period(101),
        Some(appeal("2025-05-12", "2025-06-02", "2025-06-02"))
    );
}

#[test]
fn nothing_is_published_before_it_is_posted() {
    let meeting = meeting_from(with_minutes_approved());
    assert_eq!(meeting.appeal_period(101), None);
}

// The stored format.

#[test]
fn version_one_minutes_published_keeps_loading() {
    let late = r#"{"MinutesPublished":{"scope":{"kind":"whole"},"posted_on":"2025-12-03","appeal":{"posted_on":"2025-12-03","three_weeks_after":"2025-12-24","last_day":"2025-12-29"},"days_late":3}}"#;
    let event: MeetingEvent = serde_json::from_str(late).unwrap();
    assert_eq!(
        event,
        MeetingEvent::MinutesPublished(MinutesPublished {
            scope: MinutesScope::Whole,
            posted_on: date("2025-12-03"),
            appeal: appeal("2025-12-03", "2025-12-24", "2025-12-29"),
            days_late: Some(3),
        })
    );
    assert_eq!(serde_json::to_string(&event).unwrap(), late);

    let immediate = r#"{"MinutesPublished":{"scope":{"kind":"paragraph","number":103},"posted_on":"2025-05-07","appeal":{"posted_on":"2025-05-07","three_weeks_after":"2025-05-28","last_day":"2025-05-28"},"days_late":null}}"#;
    let event: MeetingEvent = serde_json::from_str(immediate).unwrap();
    assert_eq!(event, published(PARAGRAPH_103, "2025-05-07", None));
    assert_eq!(serde_json::to_string(&event).unwrap(), immediate);
}
