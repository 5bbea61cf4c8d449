//! Calling a meeting (kallelse), its agenda, and cancelling it.

use cqrs_es::Aggregate;

use super::*;

fn call_with(change: impl FnOnce(&mut CallMeeting)) -> MeetingCommand {
    let mut command = call_on(MEETING_ON);
    change(&mut command);
    MeetingCommand::Call(command)
}

fn add(item: AgendaItem) -> MeetingCommand {
    MeetingCommand::AddAgendaItem(AddAgendaItem { item })
}

fn extra_item() -> AgendaItem {
    item(6, "Yttrande över avtalsutkast", Some("INK 2025/110"))
}

fn cancel(reason: &str) -> MeetingCommand {
    MeetingCommand::Cancel(CancelMeeting {
        reason: reason.into(),
    })
}

fn cancelled() -> MeetingEvent {
    MeetingEvent::MeetingCancelled(MeetingCancelled {
        reason: "För få ledamöter kan delta.".into(),
    })
}

#[test]
fn a_meeting_is_called_with_its_agenda() {
    MeetingTest::with(())
        .given_no_previous_events()
        .when(call())
        .then_expect_events(vec![called()]);
}

#[test]
fn the_name_place_and_item_texts_are_recorded_without_surrounding_blanks() {
    let command = call_with(|command| {
        command.body_name = " Inköpsnämnden ".into();
        command.place = "Regionhuset, Nyköping\n".into();
        command.agenda[0].title = "  Ramavtal livsmedel: tilldelning".into();
        command.agenda[0].registry_number = Some("INK 2025/41 ".into());
    });
    MeetingTest::with(())
        .given_no_previous_events()
        .when(command)
        .then_expect_events(vec![called()]);
}

#[test]
fn a_meeting_is_called_once() {
    MeetingTest::with(())
        .given(vec![called()])
        .when(call())
        .then_expect_error(MeetingError::AlreadyCalled);
}

#[test]
fn a_meeting_names_its_body_and_place() {
    MeetingTest::with(())
        .given_no_previous_events()
        .when(call_with(|command| command.body_name = "  ".into()))
        .then_expect_error(MeetingError::BodyNameMissing);
    MeetingTest::with(())
        .given_no_previous_events()
        .when(call_with(|command| command.place = String::new()))
        .then_expect_error(MeetingError::PlaceMissing);
}

#[test]
fn a_meeting_is_called_to_deal_with_at_least_one_item() {
    MeetingTest::with(())
        .given_no_previous_events()
        .when(call_with(|command| command.agenda.clear()))
        .then_expect_error(MeetingError::AgendaEmpty);
}

#[test]
fn item_numbers_start_at_one() {
    MeetingTest::with(())
        .given_no_previous_events()
        .when(call_with(|command| command.agenda[2].number = 0))
        .then_expect_error(MeetingError::ItemNumberZero {
            field: "agenda[2].number".into(),
        });
}

#[test]
fn an_item_number_is_used_once_on_the_agenda() {
    MeetingTest::with(())
        .given_no_previous_events()
        .when(call_with(|command| command.agenda[3].number = 2))
        .then_expect_error(MeetingError::ItemNumberTwice {
            field: "agenda[3].number".into(),
            number: 2,
        });
}

#[test]
fn every_item_has_a_title() {
    MeetingTest::with(())
        .given_no_previous_events()
        .when(call_with(|command| command.agenda[1].title = " ".into()))
        .then_expect_error(MeetingError::ItemTitleMissing {
            field: "agenda[1].title".into(),
        });
}

#[test]
fn a_registry_number_is_left_out_or_given_never_blank() {
    MeetingTest::with(())
        .given_no_previous_events()
        .when(call_with(|command| {
            command.agenda[4].registry_number = Some("   ".into());
        }))
        .then_expect_error(MeetingError::RegistryNumberBlank {
            field: "agenda[4].registry_number".into(),
        });
}

#[test]
fn an_item_is_added_to_the_agenda_of_a_called_meeting() {
    MeetingTest::with(())
        .given(vec![called()])
        .when(add(extra_item()))
        .then_expect_events(vec![MeetingEvent::AgendaItemAdded(AgendaItemAdded {
            item: extra_item(),
        })]);
}

#[test]
fn an_extra_item_is_added_at_the_meeting_itself() {
    MeetingTest::with(())
        .given(decided())
        .when(add(extra_item()))
        .then_expect_events(vec![MeetingEvent::AgendaItemAdded(AgendaItemAdded {
            item: extra_item(),
        })]);
}

#[test]
fn an_added_item_keeps_the_rules_of_the_agenda() {
    MeetingTest::with(())
        .given(vec![called()])
        .when(add(item(3, "Ett annat ärende", None)))
        .then_expect_error(MeetingError::ItemNumberTwice {
            field: "item.number".into(),
            number: 3,
        });
    MeetingTest::with(())
        .given(vec![called()])
        .when(add(item(0, "Ett annat ärende", None)))
        .then_expect_error(MeetingError::ItemNumberZero {
            field: "item.number".into(),
        });
    MeetingTest::with(())
        .given(vec![called()])
        .when(add(item(6, "", None)))
        .then_expect_error(MeetingError::ItemTitleMissing {
            field: "item.title".into(),
        });
    MeetingTest::with(())
        .given(vec![called()])
        .when(add(item(6, "Ett annat ärende", Some(""))))
        .then_expect_error(MeetingError::RegistryNumberBlank {
            field: "item.registry_number".into(),
        });
}

#[test]
fn no_item_is_added_once_the_minutes_are_approved() {
    MeetingTest::with(())
        .given(with_minutes_approved())
        .when(add(extra_item()))
        .then_expect_error(MeetingError::MinutesApproved);
}

#[test]
fn nothing_happens_to_a_meeting_before_it_is_called() {
    MeetingTest::with(())
        .given_no_previous_events()
        .when(add(extra_item()))
        .then_expect_error(MeetingError::NotCalled);
    MeetingTest::with(())
        .given_no_previous_events()
        .when(cancel("Inställt."))
        .then_expect_error(MeetingError::NotCalled);
    MeetingTest::with(())
        .given_no_previous_events()
        .when(open())
        .then_expect_error(MeetingError::NotCalled);
    MeetingTest::with(())
        .given_no_previous_events()
        .when(record(DECISION_101, 101, 1, content_101()))
        .then_expect_error(MeetingError::NotCalled);
    MeetingTest::with(())
        .given_no_previous_events()
        .when(publish(MinutesScope::Whole, "2025-05-12"))
        .then_expect_error(MeetingError::NotCalled);
}

#[test]
fn a_called_meeting_is_cancelled_with_a_reason() {
    MeetingTest::with(())
        .given(vec![called()])
        .when(cancel("  För få ledamöter kan delta. "))
        .then_expect_events(vec![cancelled()]);
}

#[test]
fn a_cancellation_says_why() {
    MeetingTest::with(())
        .given(vec![called()])
        .when(cancel(" "))
        .then_expect_error(MeetingError::CancellationReasonMissing);
}

#[test]
fn a_meeting_that_has_opened_cannot_be_cancelled() {
    MeetingTest::with(())
        .given(held())
        .when(cancel("För få ledamöter kan delta."))
        .then_expect_error(MeetingError::HeldMeetingCancelled);
}

#[test]
fn a_cancelled_meeting_takes_no_further_command() {
    let given = || vec![called(), cancelled()];
    MeetingTest::with(())
        .given(given())
        .when(cancel("Igen."))
        .then_expect_error(MeetingError::Cancelled);
    MeetingTest::with(())
        .given(given())
        .when(call())
        .then_expect_error(MeetingError::AlreadyCalled);
    MeetingTest::with(())
        .given(given())
        .when(add(extra_item()))
        .then_expect_error(MeetingError::Cancelled);
    MeetingTest::with(())
        .given(given())
        .when(open())
        .then_expect_error(MeetingError::Cancelled);
    MeetingTest::with(())
        .given(given())
        .when(record(DECISION_101, 101, 1, content_101()))
        .then_expect_error(MeetingError::Cancelled);
    MeetingTest::with(())
        .given(given())
        .when(choose(vec![DAVID]))
        .then_expect_error(MeetingError::Cancelled);
}

#[test]
fn the_meeting_reports_its_status_body_and_date() {
    let mut meeting = Meeting::default();
    assert_eq!(meeting.status(), None);
    assert_eq!(meeting.body_id(), None);
    assert_eq!(meeting.date(), None);
    meeting.apply(called());
    assert_eq!(meeting.status(), Some(MeetingStatus::Called));
    assert_eq!(meeting.body_id(), Some(BODY));
    assert_eq!(meeting.date(), Some(date(MEETING_ON)));
    meeting.apply(opened());
    assert_eq!(meeting.status(), Some(MeetingStatus::Held));

    let mut cancelled_meeting = Meeting::default();
    cancelled_meeting.apply(called());
    cancelled_meeting.apply(cancelled());
    assert_eq!(cancelled_meeting.status(), Some(MeetingStatus::Cancelled));
}
