//! The rules of every aggregate's file, checked through the one entry point the timeline and
//! the history call.

use chrono::NaiveDate;
use domain::appeal_period::AppealPeriod;
use domain::body::{BodyEstablished, BodyEstablishmentCorrected, BodyEvent, BodyKind};
use domain::body_term::{
    Appointment, BodyTermEvent, EndReason, MemberAppointed, MembershipEnded, Person, Role,
    SeatAllocation, SeatPlanAdopted, SeatPlanCorrected,
};
use domain::contract::{ContractEvent, ContractHolder};
use domain::cooperation::{
    CooperationEstablished, CooperationEvent, CooperationForm, DissolutionDecided,
    EstablishmentCorrected, PartyJoined,
};
use domain::mandate::{Category, MandateEnded, MandateEvent, MandateGranted, MandateHolder};
use domain::meeting::{
    MeetingCalled, MeetingEvent, MeetingOpened, MinutesApproved, MinutesPublished, MinutesScope,
};
use domain::transition::{SuccessorForm, TransitionEvent};
use domain::{DateRange, LegalBasis, MandatePeriod, PartyCode};
use uuid::Uuid;

use super::*;

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn code(text: &str) -> PartyCode {
    PartyCode::parse(text).unwrap()
}

fn basis() -> LegalBasis {
    LegalBasis::ExternalDecision {
        issuer: "Kommunfullmäktige Mora".into(),
        decided_on: date("2019-11-25"),
        reference: Some("§ 123".into()),
        registry_number: None,
    }
}

const COOPERATION: Uuid = Uuid::from_u128(1);
const BODY: Uuid = Uuid::from_u128(2);

fn established(cooperation_id: Uuid, established_on: &str) -> BodyEstablished {
    BodyEstablished {
        cooperation_id,
        kind: BodyKind::SteeringGroup,
        name: "Styrgruppen".into(),
        established_on: date(established_on),
        basis: basis(),
    }
}

fn appointment(role: Role) -> Appointment {
    Appointment {
        person: Person {
            id: Uuid::from_u128(3),
            name: "Anna Svensson".into(),
        },
        role,
        party: code("0480"),
        serves_from: date("2023-02-01"),
        serves_to: None,
    }
}

fn grant(holder: MandateHolder) -> MandateGranted {
    MandateGranted {
        holder,
        category: Category::parse("upphandling").unwrap(),
        scope: "Upphandlingar".into(),
        exclusions: Vec::new(),
        valid: DateRange {
            from: date("2023-01-01"),
            to: None,
        },
        basis: basis(),
    }
}

#[test]
fn an_appointment_takes_effect_when_the_member_starts_serving() {
    let event = Event::BodyTerm(BodyTermEvent::MemberAppointed(MemberAppointed {
        membership_id: Uuid::from_u128(4),
        appointment: appointment(Role::Chair),
        serves_to: date("2026-12-31"),
        replaces: None,
        basis: basis(),
    }));
    assert_eq!(
        facts(&event),
        Facts {
            effective: Effective::On(date("2023-02-01")),
            basis: Some(&basis()),
            summary: "Member appointed: Anna Svensson (chair, 0480)".into(),
            link: Link::Keeps,
        }
    );
}

#[test]
fn the_days_named_by_events_are_their_effective_days() {
    let cases = [
        (
            Event::Cooperation(CooperationEvent::PartyJoined(PartyJoined {
                party: code("2039"),
                joins_on: date("2021-01-01"),
                basis: basis(),
            })),
            "2021-01-01",
        ),
        (
            Event::Cooperation(CooperationEvent::DissolutionDecided(DissolutionDecided {
                decided_on: date("2024-05-02"),
                effective_on: date("2024-07-01"),
                successor: None,
                bases: basis().into(),
            })),
            "2024-07-01",
        ),
        (
            Event::Body(BodyEvent::BodyEstablished(established(
                COOPERATION,
                "2020-01-01",
            ))),
            "2020-01-01",
        ),
        (
            Event::BodyTerm(BodyTermEvent::SeatPlanAdopted(SeatPlanAdopted {
                body_id: BODY,
                period: MandatePeriod::beginning(2027).unwrap(),
                seats: Vec::new(),
                basis: basis(),
            })),
            "2027-01-01",
        ),
        (
            Event::BodyTerm(BodyTermEvent::MembershipEnded(MembershipEnded {
                membership_id: Uuid::from_u128(4),
                last_day: date("2024-03-31"),
                reason: EndReason::Resigned,
                basis: basis(),
            })),
            "2024-03-31",
        ),
        (
            Event::Mandate(MandateEvent::MandateEnded(MandateEnded {
                last_day: date("2025-06-30"),
                basis: basis(),
            })),
            "2025-06-30",
        ),
        (
            Event::Meeting(MeetingEvent::MinutesApproved(MinutesApproved {
                scope: MinutesScope::Whole,
                approved_on: date("2025-03-14"),
                approved_by: Vec::new(),
            })),
            "2025-03-14",
        ),
    ];
    for (event, day) in cases {
        assert_eq!(
            facts(&event).effective,
            Effective::On(date(day)),
            "{event:?}"
        );
    }
}

#[test]
fn a_correction_takes_the_day_and_basis_of_the_record_as_corrected() {
    let corrected_basis = LegalBasis::Decision {
        decision_id: Uuid::from_u128(9),
    };
    let mut corrected = CooperationEstablished {
        name: "Samverkan".into(),
        form: CooperationForm::ContractBased,
        host: code("2062"),
        parties: vec![code("2062"), code("2034")],
        established_on: date("2020-02-01"),
        predecessor: None,
        bases: basis().into(),
    };
    corrected.bases = corrected_basis.clone().into();
    let event = Event::Cooperation(CooperationEvent::EstablishmentCorrected(
        EstablishmentCorrected {
            established: corrected,
            reason: "Fel datum".into(),
        },
    ));
    let facts = facts(&event);
    assert_eq!(facts.effective, Effective::On(date("2020-02-01")));
    assert_eq!(facts.basis, Some(&corrected_basis));
    assert_eq!(
        facts.summary,
        "Establishment corrected: Samverkan (contract-based, host 2062, parties 2062, 2034) (Fel datum)"
    );
    assert_eq!(facts.link, Link::IsCooperation);
}

#[test]
fn a_body_belongs_to_the_cooperation_its_latest_establishment_names() {
    let other = Uuid::from_u128(5);
    let event = Event::Body(BodyEvent::BodyEstablishmentCorrected(
        BodyEstablishmentCorrected {
            established: established(other, "2020-03-01"),
            reason: "Fel samverkan".into(),
        },
    ));
    let facts = facts(&event);
    assert_eq!(facts.link, Link::BodyOf(other));
    assert_eq!(facts.effective, Effective::On(date("2020-03-01")));
}

#[test]
fn events_that_name_no_day_take_their_streams() {
    let seat_plan = Event::BodyTerm(BodyTermEvent::SeatPlanCorrected(SeatPlanCorrected {
        seats: vec![SeatAllocation {
            party: code("2062"),
            members: 3,
            deputies: 1,
        }],
        reason: "Fel antal".into(),
        basis: basis(),
    }));
    let opened = Event::Meeting(MeetingEvent::MeetingOpened(MeetingOpened {
        presiding: Uuid::from_u128(3),
        roll: Vec::new(),
        seated: Vec::new(),
        member_seats: 4,
    }));
    assert_eq!(facts(&seat_plan).effective, Effective::OfStream);
    assert_eq!(
        facts(&seat_plan).summary,
        "Seat plan corrected: 2062 3 members, 1 deputy (Fel antal)"
    );
    assert_eq!(facts(&opened).effective, Effective::OfStream);
    assert_eq!(facts(&opened).basis, None);
}

#[test]
fn streams_follow_the_body_or_cooperation_their_first_event_names() {
    let called = Event::Meeting(MeetingEvent::MeetingCalled(MeetingCalled {
        body_id: BODY,
        body_name: "Styrgruppen".into(),
        date: date("2025-03-12"),
        place: "Mora".into(),
        agenda: Vec::new(),
    }));
    assert_eq!(facts(&called).link, Link::Body(BODY));
    assert_eq!(facts(&called).effective, Effective::On(date("2025-03-12")));
    let held_by_body = Event::Mandate(MandateEvent::MandateGranted(grant(MandateHolder::Body {
        body_id: BODY,
    })));
    assert_eq!(facts(&held_by_body).link, Link::Body(BODY));
    assert_eq!(
        facts(&held_by_body).summary,
        "Mandate granted: upphandling (Upphandlingar)"
    );
}

#[test]
fn a_mandate_held_by_a_party_belongs_to_no_cooperation() {
    let granted = Event::Mandate(MandateEvent::MandateGranted(grant(MandateHolder::Party {
        party: code("2062"),
    })));
    assert_eq!(facts(&granted).link, Link::Nothing);
    let corrected_to_party = Event::Mandate(MandateEvent::MandateCorrected(
        domain::mandate::MandateCorrected {
            grant: grant(MandateHolder::Party {
                party: code("2062"),
            }),
            reason: "Fel innehavare".into(),
        },
    ));
    assert_eq!(facts(&corrected_to_party).link, Link::Nothing);
}

#[test]
fn a_contract_reassigned_to_a_cooperation_joins_its_timeline_and_one_moved_to_a_party_leaves() {
    use domain::contract::ContractReassigned;
    let to_successor = Event::Contract(ContractEvent::ContractReassigned(ContractReassigned {
        effective_on: date("2024-07-01"),
        holder: ContractHolder::Cooperation {
            cooperation_id: COOPERATION,
        },
        callers: vec![code("0136"), code("0192")],
        basis: basis(),
    }));
    assert_eq!(
        facts(&to_successor),
        Facts {
            effective: Effective::On(date("2024-07-01")),
            basis: Some(&basis()),
            summary: format!("Contract moves to cooperation {COOPERATION}"),
            link: Link::Cooperation(COOPERATION),
        }
    );
    let to_party = Event::Contract(ContractEvent::ContractReassigned(ContractReassigned {
        effective_on: date("2024-07-01"),
        holder: ContractHolder::Party {
            party: code("0192"),
        },
        callers: vec![code("0192")],
        basis: basis(),
    }));
    assert_eq!(
        facts(&to_party),
        Facts {
            effective: Effective::On(date("2024-07-01")),
            basis: Some(&basis()),
            summary: "Contract moves to 0192 alone".into(),
            link: Link::Nothing,
        }
    );
}

#[test]
fn a_transition_belongs_to_the_cooperation_it_replaces_and_its_text_edits_to_the_plan_s_day() {
    use domain::transition::{
        StepAdded, StepDefinition, StepKey, SuccessorPlan, TransitionPlanned,
    };
    let planned = Event::Transition(TransitionEvent::TransitionPlanned(TransitionPlanned {
        cooperation_id: COOPERATION,
        cooperation_form: CooperationForm::JointCommittee,
        cooperation_parties: vec![code("0136"), code("0192")],
        successor: SuccessorPlan {
            form: SuccessorForm::EachPartyOnItsOwn,
            cooperation: None,
        },
        effective_on: date("2024-07-01"),
        steps: Vec::new(),
        basis: basis(),
    }));
    assert_eq!(
        facts(&planned),
        Facts {
            effective: Effective::On(date("2024-07-01")),
            basis: Some(&basis()),
            summary: "Transition planned: each party on its own from 2024-07-01".into(),
            link: Link::Cooperation(COOPERATION),
        }
    );
    let added = Event::Transition(TransitionEvent::StepAdded(StepAdded {
        step: StepDefinition {
            key: StepKey::parse("archives").unwrap(),
            title: "Arkiv".into(),
            responsible: None,
            due_on: None,
            depends_on: Vec::new(),
            blocking: false,
        },
    }));
    assert_eq!(
        facts(&added),
        Facts {
            effective: Effective::OfStream,
            basis: None,
            summary: "Transition step added: Arkiv".into(),
            link: Link::Keeps,
        }
    );
}

#[test]
fn a_late_posting_counts_its_days_in_the_right_number() {
    let posted = |days_late| {
        Event::Meeting(MeetingEvent::MinutesPublished(MinutesPublished {
            scope: MinutesScope::Whole,
            posted_on: date("2025-05-12"),
            appeal: AppealPeriod {
                posted_on: date("2025-05-12"),
                three_weeks_after: date("2025-06-02"),
                last_day: date("2025-06-02"),
            },
            days_late,
        }))
    };
    assert_eq!(
        facts(&posted(Some(1))).summary,
        "Minutes posted: the whole minutes, 1 day late; appeals until 2025-06-02"
    );
    assert_eq!(
        facts(&posted(Some(3))).summary,
        "Minutes posted: the whole minutes, 3 days late; appeals until 2025-06-02"
    );
    assert_eq!(
        facts(&posted(None)).summary,
        "Minutes posted: the whole minutes; appeals until 2025-06-02"
    );
}
