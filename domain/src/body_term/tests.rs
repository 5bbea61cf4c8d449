use chrono::NaiveDate;
use cqrs_es::test::TestFramework;
use uuid::Uuid;

use super::*;
use crate::{LegalBasis, LegalBasisError, MandatePeriod, PartyCode, RuleViolation};

type BodyTermTest = TestFramework<BodyTerm>;

const BODY: Uuid = Uuid::from_u128(0xB0D1);
const ANNA: Uuid = Uuid::from_u128(0xA);
const BERTIL: Uuid = Uuid::from_u128(0xB);
const CECILIA: Uuid = Uuid::from_u128(0xC);
const FIRST: Uuid = Uuid::from_u128(1);
const SECOND: Uuid = Uuid::from_u128(2);
const THIRD: Uuid = Uuid::from_u128(3);

fn code(code: &str) -> PartyCode {
    PartyCode::parse(code).unwrap()
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn period() -> MandatePeriod {
    MandatePeriod::beginning(2023).unwrap()
}

fn basis() -> LegalBasis {
    LegalBasis::ExternalDecision {
        issuer: "Regionfullmäktige Sörmland".into(),
        decided_on: date("2022-11-22"),
        reference: Some("§ 150".into()),
        registry_number: None,
    }
}

/// Inköpsnämnden (seed 004): Region Sörmland (04) and Region Västmanland (19).
fn regions() -> Vec<PartyCode> {
    vec![code("04"), code("19")]
}

fn seats(party: &str, members: u16, deputies: u16) -> SeatAllocation {
    SeatAllocation {
        party: code(party),
        members,
        deputies,
    }
}

fn adopt(seat_plan: Vec<SeatAllocation>) -> BodyTermCommand {
    BodyTermCommand::AdoptSeatPlan(AdoptSeatPlan {
        body_id: BODY,
        period: period(),
        seats: seat_plan,
        is_joint_committee: true,
        cooperation_parties: regions(),
        basis: basis(),
    })
}

fn plan_adopted() -> BodyTermEvent {
    BodyTermEvent::SeatPlanAdopted(SeatPlanAdopted {
        body_id: BODY,
        period: period(),
        seats: vec![seats("04", 2, 2), seats("19", 1, 1)],
        basis: basis(),
    })
}

fn appointment(person: Uuid, name: &str, role: Role, party: &str) -> Appointment {
    Appointment {
        person: Person {
            id: person,
            name: name.into(),
        },
        role,
        party: code(party),
        serves_from: date("2023-01-01"),
        serves_to: None,
    }
}

fn appoint(membership_id: Uuid, appointment: Appointment) -> BodyTermCommand {
    BodyTermCommand::Appoint(Appoint {
        membership_id,
        appointment,
        replaces: None,
        cooperation_parties: regions(),
        basis: basis(),
    })
}

fn appointed(membership_id: Uuid, appointment: Appointment, serves_to: &str) -> BodyTermEvent {
    BodyTermEvent::MemberAppointed(MemberAppointed {
        membership_id,
        appointment,
        serves_to: date(serves_to),
        replaces: None,
        basis: basis(),
    })
}

fn anna_chair() -> Appointment {
    appointment(ANNA, "Anna Andersson", Role::Chair, "04")
}

fn end(membership_id: Uuid, last_day: &str) -> BodyTermCommand {
    BodyTermCommand::EndMembership(EndMembership {
        membership_id,
        last_day: date(last_day),
        reason: EndReason::Resigned,
        basis: basis(),
    })
}

fn ended(membership_id: Uuid, last_day: &str) -> BodyTermEvent {
    BodyTermEvent::MembershipEnded(MembershipEnded {
        membership_id,
        last_day: date(last_day),
        reason: EndReason::Resigned,
        basis: basis(),
    })
}

#[test]
fn the_stream_of_a_period_is_named_after_the_body_and_its_first_year() {
    assert_eq!(BodyTerm::stream_id(BODY, period()), format!("{BODY}:2023"));
}

#[test]
fn a_seat_plan_is_adopted() {
    BodyTermTest::with(())
        .given_no_previous_events()
        .when(adopt(vec![seats("04", 2, 2), seats("19", 1, 1)]))
        .then_expect_events(vec![plan_adopted()]);
}

#[test]
fn a_period_has_one_seat_plan() {
    BodyTermTest::with(())
        .given(vec![plan_adopted()])
        .when(adopt(vec![seats("04", 2, 2), seats("19", 1, 1)]))
        .then_expect_error(BodyTermError::SeatPlanAlreadyAdopted);
}

#[test]
fn seats_go_only_to_parties_of_the_cooperation() {
    BodyTermTest::with(())
        .given_no_previous_events()
        .when(adopt(vec![seats("04", 2, 2), seats("0136", 1, 1)]))
        .then_expect_error(BodyTermError::PartyNotInCooperation {
            field: "seats[1].party".into(),
            party: code("0136"),
        });
}

#[test]
fn a_party_is_allotted_seats_once() {
    BodyTermTest::with(())
        .given_no_previous_events()
        .when(adopt(vec![seats("04", 2, 2), seats("04", 1, 1)]))
        .then_expect_error(BodyTermError::PartyAllocatedTwice {
            index: 1,
            party: code("04"),
        });
}

#[test]
fn deputies_need_member_seats() {
    BodyTermTest::with(())
        .given_no_previous_events()
        .when(adopt(vec![seats("04", 2, 2), seats("19", 0, 1)]))
        .then_expect_error(BodyTermError::DeputiesWithoutMemberSeats {
            index: 1,
            party: code("19"),
            deputies: 1,
        });
}

#[test]
fn every_party_of_a_joint_committee_has_a_member_and_a_deputy() {
    BodyTermTest::with(())
        .given_no_previous_events()
        .when(adopt(vec![seats("04", 2, 2), seats("19", 1, 0)]))
        .then_expect_error(BodyTermError::PartyWithoutSeats { party: code("19") });
}

#[test]
fn other_bodies_may_leave_a_party_without_seats() {
    let command = BodyTermCommand::AdoptSeatPlan(AdoptSeatPlan {
        is_joint_committee: false,
        ..match adopt(vec![seats("04", 1, 0)]) {
            BodyTermCommand::AdoptSeatPlan(command) => command,
            _ => unreachable!(),
        }
    });
    BodyTermTest::with(())
        .given_no_previous_events()
        .when(command)
        .then_expect_events(vec![BodyTermEvent::SeatPlanAdopted(SeatPlanAdopted {
            body_id: BODY,
            period: period(),
            seats: vec![seats("04", 1, 0)],
            basis: basis(),
        })]);
}

#[test]
fn a_member_is_appointed_to_the_end_of_the_period_unless_told_otherwise() {
    BodyTermTest::with(())
        .given(vec![plan_adopted()])
        .when(appoint(FIRST, anna_chair()))
        .then_expect_events(vec![appointed(FIRST, anna_chair(), "2026-12-31")]);
}

#[test]
fn nobody_is_appointed_before_the_seat_plan() {
    BodyTermTest::with(())
        .given_no_previous_events()
        .when(appoint(FIRST, anna_chair()))
        .then_expect_error(BodyTermError::NoSeatPlan);
}

#[test]
fn a_member_comes_from_a_party_of_the_cooperation() {
    BodyTermTest::with(())
        .given(vec![plan_adopted()])
        .when(appoint(
            FIRST,
            appointment(ANNA, "Anna Andersson", Role::Member, "0192"),
        ))
        .then_expect_error(BodyTermError::PartyNotInCooperation {
            field: "appointment.party".into(),
            party: code("0192"),
        });
}

#[test]
fn a_member_comes_from_a_party_with_seats() {
    let mut command = Appoint {
        membership_id: FIRST,
        appointment: appointment(ANNA, "Anna Andersson", Role::Member, "0480"),
        replaces: None,
        cooperation_parties: vec![code("04"), code("19"), code("0480")],
        basis: basis(),
    };
    command.appointment.party = code("0480");
    BodyTermTest::with(())
        .given(vec![plan_adopted()])
        .when(BodyTermCommand::Appoint(command))
        .then_expect_error(BodyTermError::PartyHasNoSeats {
            party: code("0480"),
        });
}

#[test]
fn service_lies_within_the_mandate_period() {
    let mut early = anna_chair();
    early.serves_from = date("2022-12-31");
    BodyTermTest::with(())
        .given(vec![plan_adopted()])
        .when(appoint(FIRST, early))
        .then_expect_error(BodyTermError::OutsideMandatePeriod {
            field: "appointment.serves_from",
            date: date("2022-12-31"),
            period: period(),
        });

    let mut late = anna_chair();
    late.serves_to = Some(date("2027-01-01"));
    BodyTermTest::with(())
        .given(vec![plan_adopted()])
        .when(appoint(FIRST, late))
        .then_expect_error(BodyTermError::OutsideMandatePeriod {
            field: "appointment.serves_to",
            date: date("2027-01-01"),
            period: period(),
        });
}

#[test]
fn service_ends_after_it_begins() {
    let mut backwards = anna_chair();
    backwards.serves_from = date("2024-05-01");
    backwards.serves_to = Some(date("2024-04-30"));
    BodyTermTest::with(())
        .given(vec![plan_adopted()])
        .when(appoint(FIRST, backwards))
        .then_expect_error(BodyTermError::EndsBeforeItBegins {
            serves_from: date("2024-05-01"),
            serves_to: date("2024-04-30"),
        });
}

#[test]
fn the_same_person_cannot_hold_the_same_seat_in_overlapping_periods() {
    let mut again = appointment(ANNA, "Anna Andersson", Role::Member, "04");
    again.serves_from = date("2026-01-01");
    BodyTermTest::with(())
        .given(vec![
            plan_adopted(),
            appointed(FIRST, anna_chair(), "2026-12-31"),
        ])
        .when(appoint(SECOND, again))
        .then_expect_error(BodyTermError::OverlappingAppointment {
            membership_id: FIRST,
            serves_from: date("2023-01-01"),
            serves_to: date("2026-12-31"),
        });
}

#[test]
fn a_member_is_not_appointed_a_deputy_as_well() {
    let mut as_deputy = appointment(ANNA, "Anna Andersson", Role::Deputy, "04");
    as_deputy.serves_from = date("2026-01-01");
    let refused = BodyTermError::HoldsAnotherSeat {
        membership_id: FIRST,
        party: code("04"),
        seat: Seat::Member,
        serves_from: date("2023-01-01"),
        serves_to: date("2026-12-31"),
    };
    assert_eq!(
        refused.to_string(),
        format!(
            "the person already holds a member seat of party 04 from 2023-01-01 to 2026-12-31 \
             (membership {FIRST}): one person holds one seat on a body at a time"
        )
    );
    assert_eq!(refused.field(), "appointment.person");
    assert_eq!(refused.rule(), "body_term.one_person_one_seat_at_a_time");
    BodyTermTest::with(())
        .given(vec![
            plan_adopted(),
            appointed(FIRST, anna_chair(), "2026-12-31"),
        ])
        .when(appoint(SECOND, as_deputy))
        .then_expect_error(refused);
}

#[test]
fn a_party_cannot_fill_more_seats_than_it_has() {
    BodyTermTest::with(())
        .given(vec![
            plan_adopted(),
            appointed(
                FIRST,
                appointment(BERTIL, "Bertil Berg", Role::Member, "19"),
                "2026-12-31",
            ),
        ])
        .when(appoint(
            SECOND,
            appointment(CECILIA, "Cecilia Ceder", Role::Member, "19"),
        ))
        .then_expect_error(BodyTermError::NoSeatFree {
            party: code("19"),
            seat: Seat::Member,
            seats: 1,
        });
}

#[test]
fn a_seat_freed_by_an_early_end_can_be_filled_from_the_next_day() {
    let mut successor = appointment(CECILIA, "Cecilia Ceder", Role::Member, "19");
    successor.serves_from = date("2024-07-01");
    let command = BodyTermCommand::Appoint(Appoint {
        membership_id: SECOND,
        appointment: successor.clone(),
        replaces: Some(FIRST),
        cooperation_parties: regions(),
        basis: basis(),
    });
    BodyTermTest::with(())
        .given(vec![
            plan_adopted(),
            appointed(
                FIRST,
                appointment(BERTIL, "Bertil Berg", Role::Member, "19"),
                "2026-12-31",
            ),
            ended(FIRST, "2024-06-30"),
        ])
        .when(command)
        .then_expect_events(vec![BodyTermEvent::MemberAppointed(MemberAppointed {
            membership_id: SECOND,
            appointment: successor,
            serves_to: date("2026-12-31"),
            replaces: Some(FIRST),
            basis: basis(),
        })]);
}

#[test]
fn a_replacement_begins_after_the_member_left() {
    let mut successor = appointment(CECILIA, "Cecilia Ceder", Role::Member, "19");
    successor.serves_from = date("2024-06-30");
    let command = BodyTermCommand::Appoint(Appoint {
        membership_id: SECOND,
        appointment: successor,
        replaces: Some(FIRST),
        cooperation_parties: regions(),
        basis: basis(),
    });
    BodyTermTest::with(())
        .given(vec![
            plan_adopted(),
            appointed(
                FIRST,
                appointment(BERTIL, "Bertil Berg", Role::Member, "19"),
                "2026-12-31",
            ),
            ended(FIRST, "2024-06-30"),
        ])
        .when(command)
        .then_expect_error(BodyTermError::ReplacedMemberStillServing {
            membership_id: FIRST,
            last_day: date("2024-06-30"),
        });
}

#[test]
fn a_replacement_fills_the_same_seat() {
    let command = BodyTermCommand::Appoint(Appoint {
        membership_id: SECOND,
        appointment: Appointment {
            serves_from: date("2024-07-01"),
            ..appointment(CECILIA, "Cecilia Ceder", Role::Deputy, "19")
        },
        replaces: Some(FIRST),
        cooperation_parties: regions(),
        basis: basis(),
    });
    BodyTermTest::with(())
        .given(vec![
            plan_adopted(),
            appointed(
                FIRST,
                appointment(BERTIL, "Bertil Berg", Role::Member, "19"),
                "2026-12-31",
            ),
            ended(FIRST, "2024-06-30"),
        ])
        .when(command)
        .then_expect_error(BodyTermError::ReplacesAnotherSeat {
            membership_id: FIRST,
        });
}

#[test]
fn a_replacement_names_a_membership_of_the_period() {
    let command = BodyTermCommand::Appoint(Appoint {
        membership_id: SECOND,
        appointment: anna_chair(),
        replaces: Some(THIRD),
        cooperation_parties: regions(),
        basis: basis(),
    });
    BodyTermTest::with(())
        .given(vec![plan_adopted()])
        .when(command)
        .then_expect_error(BodyTermError::UnknownMembership {
            field: "replaces",
            membership_id: THIRD,
        });
}

#[test]
fn there_is_one_chair_at_a_time() {
    BodyTermTest::with(())
        .given(vec![
            plan_adopted(),
            appointed(FIRST, anna_chair(), "2026-12-31"),
        ])
        .when(appoint(
            SECOND,
            appointment(BERTIL, "Bertil Berg", Role::Chair, "19"),
        ))
        .then_expect_error(BodyTermError::RoleTaken {
            role: "chair",
            membership_id: FIRST,
        });
}

#[test]
fn a_membership_is_recorded_once() {
    BodyTermTest::with(())
        .given(vec![
            plan_adopted(),
            appointed(FIRST, anna_chair(), "2026-12-31"),
        ])
        .when(appoint(
            FIRST,
            appointment(BERTIL, "Bertil Berg", Role::Member, "19"),
        ))
        .then_expect_error(BodyTermError::MembershipExists {
            membership_id: FIRST,
        });
}

#[test]
fn a_person_is_named() {
    BodyTermTest::with(())
        .given(vec![plan_adopted()])
        .when(appoint(FIRST, appointment(ANNA, "  ", Role::Member, "04")))
        .then_expect_error(BodyTermError::PersonNameMissing {
            field: "appointment.person.name",
        });
}

#[test]
fn an_appointment_rests_on_a_citable_basis() {
    let command = BodyTermCommand::Appoint(Appoint {
        membership_id: FIRST,
        appointment: anna_chair(),
        replaces: None,
        cooperation_parties: regions(),
        basis: LegalBasis::ExternalDecision {
            issuer: "".into(),
            decided_on: date("2022-11-22"),
            reference: None,
            registry_number: None,
        },
    });
    BodyTermTest::with(())
        .given(vec![plan_adopted()])
        .when(command)
        .then_expect_error(BodyTermError::Basis(LegalBasisError::IssuerMissing));
}

#[test]
fn a_member_resigns_early() {
    BodyTermTest::with(())
        .given(vec![
            plan_adopted(),
            appointed(FIRST, anna_chair(), "2026-12-31"),
        ])
        .when(end(FIRST, "2024-06-30"))
        .then_expect_events(vec![ended(FIRST, "2024-06-30")]);
}

#[test]
fn a_membership_ends_once() {
    BodyTermTest::with(())
        .given(vec![
            plan_adopted(),
            appointed(FIRST, anna_chair(), "2026-12-31"),
            ended(FIRST, "2024-06-30"),
        ])
        .when(end(FIRST, "2024-09-30"))
        .then_expect_error(BodyTermError::AlreadyEnded {
            membership_id: FIRST,
            last_day: date("2024-06-30"),
        });
}

#[test]
fn an_early_end_lies_within_the_service() {
    BodyTermTest::with(())
        .given(vec![
            plan_adopted(),
            appointed(FIRST, anna_chair(), "2026-12-31"),
        ])
        .when(end(FIRST, "2022-12-31"))
        .then_expect_error(BodyTermError::EndsBeforeMembershipBegan {
            last_day: date("2022-12-31"),
            serves_from: date("2023-01-01"),
        });
    BodyTermTest::with(())
        .given(vec![
            plan_adopted(),
            appointed(FIRST, anna_chair(), "2026-12-31"),
        ])
        .when(end(FIRST, "2027-03-31"))
        .then_expect_error(BodyTermError::EndsAfterAppointedEnd {
            last_day: date("2027-03-31"),
            serves_to: date("2026-12-31"),
        });
}

#[test]
fn only_recorded_memberships_end() {
    BodyTermTest::with(())
        .given(vec![plan_adopted()])
        .when(end(FIRST, "2024-06-30"))
        .then_expect_error(BodyTermError::UnknownMembership {
            field: "membership_id",
            membership_id: FIRST,
        });
}

#[test]
fn a_correction_cites_the_membership_and_says_why() {
    let corrected = appointment(ANNA, "Anna Andersson", Role::ViceChair, "04");
    let command = BodyTermCommand::CorrectAppointment(CorrectAppointment {
        membership_id: FIRST,
        corrected: corrected.clone(),
        reason: "Valdes till vice ordförande, inte ordförande (KF § 150).".into(),
        cooperation_parties: regions(),
        basis: basis(),
    });
    BodyTermTest::with(())
        .given(vec![
            plan_adopted(),
            appointed(FIRST, anna_chair(), "2026-12-31"),
        ])
        .when(command)
        .then_expect_events(vec![BodyTermEvent::AppointmentCorrected(
            AppointmentCorrected {
                membership_id: FIRST,
                corrected,
                serves_to: date("2026-12-31"),
                reason: "Valdes till vice ordförande, inte ordförande (KF § 150).".into(),
                basis: basis(),
            },
        )]);
}

#[test]
fn a_correction_needs_a_reason_and_a_recorded_membership() {
    let correction = |membership_id, reason: &str| {
        BodyTermCommand::CorrectAppointment(CorrectAppointment {
            membership_id,
            corrected: anna_chair(),
            reason: reason.into(),
            cooperation_parties: regions(),
            basis: basis(),
        })
    };
    BodyTermTest::with(())
        .given(vec![
            plan_adopted(),
            appointed(FIRST, anna_chair(), "2026-12-31"),
        ])
        .when(correction(FIRST, " "))
        .then_expect_error(BodyTermError::CorrectionReasonMissing);
    BodyTermTest::with(())
        .given(vec![
            plan_adopted(),
            appointed(FIRST, anna_chair(), "2026-12-31"),
        ])
        .when(correction(SECOND, "Fel datum."))
        .then_expect_error(BodyTermError::UnknownMembership {
            field: "membership_id",
            membership_id: SECOND,
        });
}

#[test]
fn a_correction_keeps_the_rules_but_not_against_the_membership_it_corrects() {
    // Anna moved from chair to member of the same party: not an overlap with herself.
    let corrected = appointment(ANNA, "Anna Andersson", Role::Member, "04");
    let command = BodyTermCommand::CorrectAppointment(CorrectAppointment {
        membership_id: FIRST,
        corrected: corrected.clone(),
        reason: "Ledamot, inte ordförande.".into(),
        cooperation_parties: regions(),
        basis: basis(),
    });
    BodyTermTest::with(())
        .given(vec![
            plan_adopted(),
            appointed(FIRST, anna_chair(), "2026-12-31"),
        ])
        .when(command)
        .then_expect_events(vec![BodyTermEvent::AppointmentCorrected(
            AppointmentCorrected {
                membership_id: FIRST,
                corrected,
                serves_to: date("2026-12-31"),
                reason: "Ledamot, inte ordförande.".into(),
                basis: basis(),
            },
        )]);
}

#[test]
fn version_one_member_appointed_keeps_loading() {
    let stored = r#"{"MemberAppointed":{"membership_id":"00000000-0000-0000-0000-000000000001","appointment":{"person":{"id":"00000000-0000-0000-0000-00000000000a","name":"Anna Andersson"},"role":"chair","party":"04","serves_from":"2023-01-01","serves_to":null},"serves_to":"2026-12-31","replaces":null,"basis":{"kind":"external_decision","issuer":"Regionfullmäktige Sörmland","decided_on":"2022-11-22","reference":"§ 150","registry_number":null}}}"#;
    let event: BodyTermEvent = serde_json::from_str(stored).unwrap();
    assert_eq!(event, appointed(FIRST, anna_chair(), "2026-12-31"));
    assert_eq!(serde_json::to_string(&event).unwrap(), stored);
}

fn correct_plan(seat_plan: Vec<SeatAllocation>, reason: &str) -> BodyTermCommand {
    BodyTermCommand::CorrectSeatPlan(CorrectSeatPlan {
        seats: seat_plan,
        is_joint_committee: true,
        cooperation_parties: regions(),
        reason: reason.into(),
        basis: basis(),
    })
}

#[test]
fn a_seat_plan_is_corrected_with_a_reason() {
    BodyTermTest::with(())
        .given(vec![plan_adopted()])
        .when(correct_plan(
            vec![seats("04", 3, 3), seats("19", 2, 2)],
            "Reglementet ger Region Sörmland tre ledamöter.",
        ))
        .then_expect_events(vec![BodyTermEvent::SeatPlanCorrected(SeatPlanCorrected {
            seats: vec![seats("04", 3, 3), seats("19", 2, 2)],
            reason: "Reglementet ger Region Sörmland tre ledamöter.".into(),
            basis: basis(),
        })]);
}

#[test]
fn a_corrected_seat_plan_keeps_the_rules_and_every_member_seated() {
    BodyTermTest::with(())
        .given(vec![plan_adopted()])
        .when(correct_plan(vec![seats("04", 2, 2), seats("19", 1, 1)], ""))
        .then_expect_error(BodyTermError::CorrectionReasonMissing);
    BodyTermTest::with(())
        .given(vec![plan_adopted()])
        .when(correct_plan(
            vec![seats("04", 2, 2), seats("19", 1, 0)],
            "Fel.",
        ))
        .then_expect_error(BodyTermError::PartyWithoutSeats { party: code("19") });
    let not_joint = BodyTermCommand::CorrectSeatPlan(CorrectSeatPlan {
        seats: vec![seats("04", 2, 2), seats("19", 1, 0)],
        is_joint_committee: false,
        cooperation_parties: regions(),
        reason: "Fel.".into(),
        basis: basis(),
    });
    BodyTermTest::with(())
        .given(vec![
            plan_adopted(),
            appointed(
                SECOND,
                appointment(CECILIA, "Cecilia Ceder", Role::Deputy, "19"),
                "2026-12-31",
            ),
        ])
        .when(not_joint)
        .then_expect_error(BodyTermError::SeatPlanStrandsMembership {
            membership_id: SECOND,
        });
    BodyTermTest::with(())
        .given_no_previous_events()
        .when(correct_plan(
            vec![seats("04", 2, 2), seats("19", 1, 1)],
            "Fel.",
        ))
        .then_expect_error(BodyTermError::NoSeatPlan);
}
