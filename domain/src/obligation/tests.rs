use chrono::NaiveDate;
use cqrs_es::test::TestFramework;
use uuid::Uuid;

use super::*;
use crate::{DateRange, LegalBasis, PartyCode};

type ObligationTest = TestFramework<Obligation>;

const UPPHANDLINGSKONTORET: Uuid = Uuid::from_u128(0x001);
const AGREEMENT: Uuid = Uuid::from_u128(0xa9e);

fn code(code: &str) -> PartyCode {
    PartyCode::parse(code).unwrap()
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn agreement() -> LegalBasis {
    LegalBasis::DocumentClause {
        document_id: AGREEMENT,
        version: 1,
        clause: "§ 8 Kostnadsfördelning".into(),
    }
}

/// Seed 001 splits the base agreement by population but names no parties; Östersund (2380) and
/// Krokom (2309) are illustrative.
fn parties() -> Vec<PartyCode> {
    vec![code("2380"), code("2309")]
}

fn year_2021() -> DateRange {
    DateRange {
        from: date("2021-01-01"),
        to: Some(date("2021-12-31")),
    }
}

fn record(debtor: &str, creditor: Creditor, due: Due) -> ObligationCommand {
    ObligationCommand::Record(RecordObligation {
        cooperation_id: UPPHANDLINGSKONTORET,
        cooperation_parties: parties(),
        debtor: code(debtor),
        creditor,
        kind: ObligationKind::CostShare,
        description: "Andel av grundavtalet 2021 efter folkmängd".into(),
        period: year_2021(),
        due,
        basis: agreement(),
    })
}

fn to_ostersund() -> Creditor {
    Creditor::Party {
        party: code("2380"),
    }
}

fn recorded() -> ObligationEvent {
    ObligationEvent::ObligationRecorded(ObligationRecorded {
        cooperation_id: UPPHANDLINGSKONTORET,
        debtor: code("2309"),
        creditor: to_ostersund(),
        kind: ObligationKind::CostShare,
        description: "Andel av grundavtalet 2021 efter folkmängd".into(),
        period: year_2021(),
        due: Due::On {
            date: date("2021-03-31"),
        },
        basis: agreement(),
    })
}

fn close(closure: Closure, on: &str) -> ObligationCommand {
    ObligationCommand::Close(CloseObligation {
        closure,
        on: date(on),
        cooperation_parties: parties(),
        basis: agreement(),
    })
}

#[test]
fn an_obligation_is_recorded_with_its_source_period_and_due_date() {
    ObligationTest::with(())
        .given_no_previous_events()
        .when(record(
            "2309",
            to_ostersund(),
            Due::On {
                date: date("2021-03-31"),
            },
        ))
        .then_expect_events(vec![recorded()]);
}

#[test]
fn an_obligation_is_owed_by_a_party_of_the_cooperation_to_another() {
    ObligationTest::with(())
        .given_no_previous_events()
        .when(record("0136", to_ostersund(), Due::Continuous))
        .then_expect_error(ObligationError::NotAParty {
            field: "debtor",
            party: code("0136"),
        });
    ObligationTest::with(())
        .given_no_previous_events()
        .when(record("2380", to_ostersund(), Due::Continuous))
        .then_expect_error(ObligationError::OwedToItself {
            party: code("2380"),
        });
}

#[test]
fn a_due_date_lies_within_the_period_and_exists() {
    ObligationTest::with(())
        .given_no_previous_events()
        .when(record(
            "2309",
            to_ostersund(),
            Due::On {
                date: date("2022-03-31"),
            },
        ))
        .then_expect_error(ObligationError::DueOutsidePeriod {
            date: date("2022-03-31"),
        });
    ObligationTest::with(())
        .given_no_previous_events()
        .when(record(
            "2309",
            to_ostersund(),
            Due::Yearly { month: 2, day: 30 },
        ))
        .then_expect_error(ObligationError::YearlyDueInvalid { month: 2, day: 30 });
}

#[test]
fn an_obligation_is_recorded_once_and_described() {
    ObligationTest::with(())
        .given(vec![recorded()])
        .when(record("2309", to_ostersund(), Due::Continuous))
        .then_expect_error(ObligationError::AlreadyRecorded);
    let ObligationCommand::Record(mut command) = record("2309", to_ostersund(), Due::Continuous)
    else {
        unreachable!()
    };
    command.description = "".into();
    ObligationTest::with(())
        .given_no_previous_events()
        .when(ObligationCommand::Record(command))
        .then_expect_error(ObligationError::DescriptionMissing);
}

#[test]
fn an_obligation_is_fulfilled_with_a_basis() {
    ObligationTest::with(())
        .given(vec![recorded()])
        .when(close(Closure::Fulfilled, "2021-03-30"))
        .then_expect_events(vec![ObligationEvent::ObligationClosed(ObligationClosed {
            closure: Closure::Fulfilled,
            on: date("2021-03-30"),
            basis: agreement(),
        })]);
}

#[test]
fn an_obligation_closes_once_and_not_before_it_begins() {
    ObligationTest::with(())
        .given(vec![
            recorded(),
            ObligationEvent::ObligationClosed(ObligationClosed {
                closure: Closure::Waived,
                on: date("2021-02-01"),
                basis: agreement(),
            }),
        ])
        .when(close(Closure::Fulfilled, "2021-03-30"))
        .then_expect_error(ObligationError::AlreadyClosed {
            closure: Closure::Waived,
            on: date("2021-02-01"),
        });
    ObligationTest::with(())
        .given(vec![recorded()])
        .when(close(Closure::Ended, "2020-12-31"))
        .then_expect_error(ObligationError::ClosedBeforePeriod {
            on: date("2020-12-31"),
            from: date("2021-01-01"),
        });
    ObligationTest::with(())
        .given_no_previous_events()
        .when(close(Closure::Ended, "2021-12-31"))
        .then_expect_error(ObligationError::NotRecorded);
}

#[test]
fn an_obligation_is_transferred_to_another_party_of_the_cooperation() {
    ObligationTest::with(())
        .given(vec![recorded()])
        .when(close(
            Closure::Transferred { to: code("2309") },
            "2021-06-30",
        ))
        .then_expect_error(ObligationError::TransferredToDebtor {
            party: code("2309"),
        });
    ObligationTest::with(())
        .given(vec![recorded()])
        .when(close(
            Closure::Transferred { to: code("0192") },
            "2021-06-30",
        ))
        .then_expect_error(ObligationError::NotAParty {
            field: "closure.to",
            party: code("0192"),
        });
    ObligationTest::with(())
        .given(vec![recorded()])
        .when(close(
            Closure::Transferred { to: code("2380") },
            "2021-06-30",
        ))
        .then_expect_events(vec![ObligationEvent::ObligationClosed(ObligationClosed {
            closure: Closure::Transferred { to: code("2380") },
            on: date("2021-06-30"),
            basis: agreement(),
        })]);
}

fn correction(reason: &str, debtor: &str) -> ObligationCommand {
    let ObligationCommand::Record(mut record) = record(
        debtor,
        to_ostersund(),
        Due::On {
            date: date("2021-03-31"),
        },
    ) else {
        unreachable!()
    };
    record.description = "Andel av grundavtalet 2021 efter folkmängd 2020-12-31".into();
    ObligationCommand::Correct(CorrectObligation {
        record,
        reason: reason.into(),
    })
}

#[test]
fn an_obligation_is_corrected_with_a_reason() {
    let ObligationEvent::ObligationRecorded(mut corrected) = recorded() else {
        unreachable!()
    };
    corrected.description = "Andel av grundavtalet 2021 efter folkmängd 2020-12-31".into();
    ObligationTest::with(())
        .given(vec![recorded()])
        .when(correction("Referensdatum saknades.", "2309"))
        .then_expect_events(vec![ObligationEvent::ObligationCorrected(
            ObligationCorrected {
                recorded: corrected,
                reason: "Referensdatum saknades.".into(),
            },
        )]);
}

#[test]
fn a_correction_says_why_keeps_the_rules_and_needs_an_obligation() {
    ObligationTest::with(())
        .given(vec![recorded()])
        .when(correction("", "2309"))
        .then_expect_error(ObligationError::CorrectionReasonMissing);
    ObligationTest::with(())
        .given(vec![recorded()])
        .when(correction("Fel part.", "0136"))
        .then_expect_error(ObligationError::NotAParty {
            field: "debtor",
            party: code("0136"),
        });
    ObligationTest::with(())
        .given_no_previous_events()
        .when(correction("Fel.", "2309"))
        .then_expect_error(ObligationError::NotRecorded);
}

#[test]
fn an_obligation_is_owed_under_the_cooperation_it_was_last_recorded_or_corrected_for() {
    let other_cooperation = Uuid::from_u128(0xc00b);
    let mut obligation = Obligation::default();
    assert_eq!(obligation.cooperation_id(), None);

    cqrs_es::Aggregate::apply(&mut obligation, recorded());
    assert_eq!(obligation.cooperation_id(), Some(UPPHANDLINGSKONTORET));

    let ObligationEvent::ObligationRecorded(mut corrected) = recorded() else {
        unreachable!("recorded makes an ObligationRecorded");
    };
    corrected.cooperation_id = other_cooperation;
    cqrs_es::Aggregate::apply(
        &mut obligation,
        ObligationEvent::ObligationCorrected(ObligationCorrected {
            recorded: corrected,
            reason: "It is owed under the other cooperation.".into(),
        }),
    );
    assert_eq!(obligation.cooperation_id(), Some(other_cooperation));
}
