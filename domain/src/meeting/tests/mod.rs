//! The meeting aggregate, rule by rule.
//!
//! The body is Inköpsnämnden (seed 004), the joint committee of Region Sörmland (04), its host,
//! and Region Västmanland (19). Seed 004 names neither its members nor its meetings: the people,
//! the seat plan of three members and two deputies per region, the place, the agenda, the registry
//! numbers and the § numbers below are illustrative.
//!
//! The fixture meeting on Tuesday 2025-05-06 opens with four of the six members taking part, just
//! a quorum: Anna (chair), Bertil and David are present, and Ingrid serves for the absent Fredrik.
//! Gunilla and Johan are present deputies who do not serve; Cecilia, Eva and Hans are absent.

use chrono::NaiveDate;
use cqrs_es::test::TestFramework;
use uuid::Uuid;

use super::*;
use crate::appeal_period::AppealPeriod;
use crate::body_term::{Person, Seat};
use crate::mandate::Category;
use crate::PartyCode;

mod attendance;
mod calling;
mod corrections;
mod decisions;
mod messages;
mod minutes;
mod votes;

type MeetingTest = TestFramework<Meeting>;

const BODY: Uuid = Uuid::from_u128(0xB0D1);

// Region Sörmland (04): three members and two deputies.
const ANNA: Uuid = Uuid::from_u128(0x0A);
const BERTIL: Uuid = Uuid::from_u128(0x0B);
const CECILIA: Uuid = Uuid::from_u128(0x0C);
const GUNILLA: Uuid = Uuid::from_u128(0x10);
const HANS: Uuid = Uuid::from_u128(0x11);

// Region Västmanland (19): three members and two deputies.
const DAVID: Uuid = Uuid::from_u128(0x0D);
const EVA: Uuid = Uuid::from_u128(0x0E);
const FREDRIK: Uuid = Uuid::from_u128(0x0F);
const INGRID: Uuid = Uuid::from_u128(0x12);
const JOHAN: Uuid = Uuid::from_u128(0x13);

/// Someone who holds no seat on the body, for example an official presenting an item.
const KARIN: Uuid = Uuid::from_u128(0x14);

/// Who takes part in an item at the opened meeting, sorted by id as the quorum lists them.
const TAKING_PART: [Uuid; 4] = [ANNA, BERTIL, DAVID, INGRID];

const DECISION_101: Uuid = Uuid::from_u128(0xD101);
const DECISION_102: Uuid = Uuid::from_u128(0xD102);
const DECISION_103: Uuid = Uuid::from_u128(0xD103);
const DECISION_104: Uuid = Uuid::from_u128(0xD104);
/// A delegated decision reported to the body under § 102.
const DELEGATED: Uuid = Uuid::from_u128(0xDE1E);
const PROCUREMENT_MANDATE: Uuid = Uuid::from_u128(0x3A4D);

const MEETING_ON: &str = "2025-05-06";

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn code(code: &str) -> PartyCode {
    PartyCode::parse(code).unwrap()
}

fn category(text: &str) -> Category {
    Category::parse(text).unwrap()
}

fn holder(id: Uuid, name: &str, party: &str, seat: Seat) -> SeatHolder {
    SeatHolder {
        person: Person {
            id,
            name: name.into(),
        },
        party: code(party),
        seat,
    }
}

/// Everyone holding a seat on Inköpsnämnden on the meeting date.
fn seated() -> Vec<SeatHolder> {
    vec![
        holder(ANNA, "Anna Andersson", "04", Seat::Member),
        holder(BERTIL, "Bertil Berg", "04", Seat::Member),
        holder(CECILIA, "Cecilia Ceder", "04", Seat::Member),
        holder(DAVID, "David Dahl", "19", Seat::Member),
        holder(EVA, "Eva Ek", "19", Seat::Member),
        holder(FREDRIK, "Fredrik Fors", "19", Seat::Member),
        holder(GUNILLA, "Gunilla Gran", "04", Seat::Deputy),
        holder(HANS, "Hans Hed", "04", Seat::Deputy),
        holder(INGRID, "Ingrid Idh", "19", Seat::Deputy),
        holder(JOHAN, "Johan Jarl", "19", Seat::Deputy),
    ]
}

fn item(number: u16, title: &str, registry_number: Option<&str>) -> AgendaItem {
    AgendaItem {
        number,
        title: title.into(),
        registry_number: registry_number.map(Into::into),
        public: true,
    }
}

fn agenda() -> Vec<AgendaItem> {
    vec![
        item(1, "Ramavtal livsmedel: tilldelning", Some("INK 2025/41")),
        item(2, "Anmälan av delegationsbeslut", None),
        item(
            3,
            "Utredning om avtalssamverkan från 2027-01-01",
            Some("INK 2025/103"),
        ),
        item(
            4,
            "Direktupphandling av konsulttjänster",
            Some("INK 2025/57"),
        ),
        AgendaItem {
            public: false,
            ..item(5, "Personalärende", None)
        },
    ]
}

fn call_on(meeting_on: &str) -> CallMeeting {
    CallMeeting {
        body_id: BODY,
        body_name: "Inköpsnämnden".into(),
        date: date(meeting_on),
        place: "Regionhuset, Nyköping".into(),
        agenda: agenda(),
    }
}

fn call() -> MeetingCommand {
    MeetingCommand::Call(call_on(MEETING_ON))
}

fn called_on(meeting_on: &str) -> MeetingEvent {
    MeetingEvent::MeetingCalled(MeetingCalled {
        body_id: BODY,
        body_name: "Inköpsnämnden".into(),
        date: date(meeting_on),
        place: "Regionhuset, Nyköping".into(),
        agenda: agenda(),
    })
}

fn called() -> MeetingEvent {
    called_on(MEETING_ON)
}

fn present(person_id: Uuid) -> RollEntry {
    RollEntry {
        person_id,
        serving_for: None,
    }
}

fn serving(person_id: Uuid, member_id: Uuid) -> RollEntry {
    RollEntry {
        person_id,
        serving_for: Some(member_id),
    }
}

/// The roll call: three members, Ingrid serving for Fredrik, and two deputies who do not serve.
fn roll() -> Vec<RollEntry> {
    vec![
        present(ANNA),
        present(BERTIL),
        present(DAVID),
        present(GUNILLA),
        serving(INGRID, FREDRIK),
        present(JOHAN),
    ]
}

fn open_with(roll: Vec<RollEntry>, member_seats: u16) -> MeetingCommand {
    MeetingCommand::Open(OpenMeeting {
        presiding: ANNA,
        roll,
        seated: seated(),
        member_seats,
    })
}

fn open() -> MeetingCommand {
    open_with(roll(), 6)
}

fn opened_with(roll: Vec<RollEntry>, member_seats: u16) -> MeetingEvent {
    MeetingEvent::MeetingOpened(MeetingOpened {
        presiding: ANNA,
        roll,
        seated: seated(),
        member_seats,
    })
}

fn opened() -> MeetingEvent {
    opened_with(roll(), 6)
}

/// The meeting called and opened on `meeting_on`.
fn held_on(meeting_on: &str) -> Vec<MeetingEvent> {
    vec![called_on(meeting_on), opened()]
}

fn held() -> Vec<MeetingEvent> {
    held_on(MEETING_ON)
}

fn attend(person_id: Uuid, from_paragraph: u32, attendance: Attendance) -> MeetingCommand {
    MeetingCommand::RecordAttendance(RecordAttendance {
        person_id,
        from_paragraph,
        attendance,
    })
}

fn attendance_changed(
    person_id: Uuid,
    from_paragraph: u32,
    attendance: Attendance,
) -> MeetingEvent {
    MeetingEvent::AttendanceChanged(AttendanceChanged {
        person_id,
        from_paragraph,
        attendance,
    })
}

/// `person_id` leaves the meeting before § `from_paragraph`.
fn leaves(person_id: Uuid, from_paragraph: u32) -> MeetingEvent {
    attendance_changed(person_id, from_paragraph, Attendance::Absent)
}

/// `person_id` arrives, or starts serving for `serving_for`, before § `from_paragraph`.
fn arrives(person_id: Uuid, from_paragraph: u32, serving_for: Option<Uuid>) -> MeetingEvent {
    attendance_changed(
        person_id,
        from_paragraph,
        Attendance::Present { serving_for },
    )
}

/// A decision in the category of the body's procurement mandate, with nothing else said.
fn content(text: &str) -> DecisionContent {
    DecisionContent {
        text: text.into(),
        proposals: Vec::new(),
        vote: None,
        recusals: Vec::new(),
        reservations: Vec::new(),
        statements: Vec::new(),
        mandate_category: category("upphandling/ramavtal"),
        delegated_decisions: Vec::new(),
    }
}

fn within_mandate() -> MandateFinding {
    MandateFinding::Within {
        mandate_id: PROCUREMENT_MANDATE,
    }
}

/// The fact that § `number` is the body's next, after the meeting of 8 April 2025.
fn next(number: u32) -> NextParagraph {
    NextParagraph {
        number,
        latest_meeting_on: Some(date("2025-04-08")),
    }
}

/// The command to record `content` under § `paragraph`, which the register says is next.
fn recording(
    decision_id: Uuid,
    paragraph: u32,
    item: u16,
    content: DecisionContent,
) -> RecordDecision {
    RecordDecision {
        decision_id,
        paragraph,
        item,
        content,
        next_paragraph: next(paragraph),
        mandate: within_mandate(),
    }
}

fn record(
    decision_id: Uuid,
    paragraph: u32,
    item: u16,
    content: DecisionContent,
) -> MeetingCommand {
    MeetingCommand::RecordDecision(recording(decision_id, paragraph, item, content))
}

/// Six member seats, so four must take part.
fn quorum(taking_part: &[Uuid]) -> Quorum {
    Quorum {
        member_seats: 6,
        taking_part: taking_part.to_vec(),
        required: 4,
    }
}

/// The event recording `content` under § `paragraph` of 2025 without a vote, within mandate.
fn decision_recorded(
    decision_id: Uuid,
    paragraph: u32,
    item: u16,
    content: DecisionContent,
    taking_part: &[Uuid],
) -> DecisionRecorded {
    DecisionRecorded {
        decision_id,
        body_id: BODY,
        meeting_on: date(MEETING_ON),
        paragraph: Paragraph {
            year: 2025,
            number: paragraph,
        },
        item,
        content,
        quorum: quorum(taking_part),
        adopted_proposal: None,
        mandate: within_mandate(),
    }
}

fn recorded(
    decision_id: Uuid,
    paragraph: u32,
    item: u16,
    content: DecisionContent,
    taking_part: &[Uuid],
) -> MeetingEvent {
    MeetingEvent::DecisionRecorded(decision_recorded(
        decision_id,
        paragraph,
        item,
        content,
        taking_part,
    ))
}

fn content_101() -> DecisionContent {
    content("Nämnden tilldelar ramavtal för livsmedel enligt förvaltningens förslag.")
}

fn delegated_report() -> DelegatedDecisionReport {
    DelegatedDecisionReport {
        decision_id: DELEGATED,
        decided_on: date("2025-04-14"),
        decided_by: "inköpschef".into(),
        subject: "Avrop från ramavtal kontorsmaterial".into(),
        registry_number: Some("INK 2025/88".into()),
        mandate_category: category("upphandling/avrop"),
    }
}

fn content_102() -> DecisionContent {
    DecisionContent {
        mandate_category: category("delegation/anmälan"),
        delegated_decisions: vec![delegated_report()],
        ..content("Nämnden lägger redovisningen av delegationsbeslut till handlingarna.")
    }
}

fn content_103() -> DecisionContent {
    DecisionContent {
        mandate_category: category("samverkan/utredning"),
        ..content(
            "Nämnden ställer sig bakom rekommendationen att samverka genom avtal från 2027-01-01.",
        )
    }
}

fn recorded_101() -> MeetingEvent {
    recorded(DECISION_101, 101, 1, content_101(), &TAKING_PART)
}

fn recorded_102() -> MeetingEvent {
    recorded(DECISION_102, 102, 2, content_102(), &TAKING_PART)
}

fn recorded_103() -> MeetingEvent {
    recorded(DECISION_103, 103, 3, content_103(), &TAKING_PART)
}

/// The held meeting with its three § 101–103 recorded.
fn decided() -> Vec<MeetingEvent> {
    let mut events = held();
    events.extend([recorded_101(), recorded_102(), recorded_103()]);
    events
}

fn choose(adjusters: Vec<Uuid>) -> MeetingCommand {
    MeetingCommand::ChooseAdjusters(ChooseAdjusters { adjusters })
}

fn adjusters_chosen(adjusters: Vec<Uuid>) -> MeetingEvent {
    MeetingEvent::AdjustersChosen(AdjustersChosen { adjusters })
}

/// The decided meeting with David chosen to approve the minutes with Anna.
fn with_adjuster() -> Vec<MeetingEvent> {
    let mut events = decided();
    events.push(adjusters_chosen(vec![DAVID]));
    events
}

fn approve(scope: MinutesScope, approved_on: &str, approved_by: Vec<Uuid>) -> MeetingCommand {
    MeetingCommand::ApproveMinutes(ApproveMinutes {
        scope,
        approved_on: date(approved_on),
        approved_by,
    })
}

fn approved(scope: MinutesScope, approved_on: &str) -> MeetingEvent {
    MeetingEvent::MinutesApproved(MinutesApproved {
        scope,
        approved_on: date(approved_on),
        approved_by: vec![ANNA, DAVID],
    })
}

/// The minutes approved by Anna and David on Monday 12 May 2025.
fn with_minutes_approved() -> Vec<MeetingEvent> {
    let mut events = with_adjuster();
    events.push(approved(MinutesScope::Whole, "2025-05-12"));
    events
}

fn publish(scope: MinutesScope, posted_on: &str) -> MeetingCommand {
    MeetingCommand::PublishMinutes(PublishMinutes {
        scope,
        posted_on: date(posted_on),
    })
}

fn published(scope: MinutesScope, posted_on: &str, days_late: Option<u32>) -> MeetingEvent {
    MeetingEvent::MinutesPublished(MinutesPublished {
        scope,
        posted_on: date(posted_on),
        appeal: AppealPeriod::starting(date(posted_on)).unwrap(),
        days_late,
    })
}

fn remove_notice(scope: MinutesScope, removed_on: &str) -> MeetingCommand {
    MeetingCommand::RecordNoticeRemoved(RecordNoticeRemoved {
        scope,
        removed_on: date(removed_on),
    })
}
