//! The errors read as English sentences whatever their numbers: "§ 3 is", "the minutes are",
//! "1 takes part".

use crate::meeting::{MeetingError, MinutesScope};

#[test]
fn a_single_paragraph_is_and_the_minutes_are() {
    let paragraph = MinutesScope::Paragraph { number: 3 };
    assert_eq!(
        MeetingError::AlreadyApproved { scope: paragraph }.to_string(),
        "§ 3 is already approved"
    );
    assert_eq!(
        MeetingError::NotApproved {
            scope: MinutesScope::Whole
        }
        .to_string(),
        "the minutes are not approved: minutes are published after approval"
    );
    assert_eq!(
        MeetingError::NotPublished { scope: paragraph }.to_string(),
        "§ 3 is not published: a notice is taken down after it was posted"
    );
}

#[test]
fn one_member_takes_part_and_two_take_part() {
    let lacking = |taking_part| MeetingError::NoQuorum {
        paragraph: 4,
        taking_part,
        member_seats: 6,
        required: 4,
    };
    assert_eq!(
        lacking(1).to_string(),
        "§ 4 lacks a quorum: 1 takes part, and more than half of the 6 members, 4, must"
    );
    assert_eq!(
        lacking(2).to_string(),
        "§ 4 lacks a quorum: 2 take part, and more than half of the 6 members, 4, must"
    );
}
