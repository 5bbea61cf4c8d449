use chrono::NaiveDate;
use cqrs_es::test::TestFramework;
use uuid::Uuid;

use super::*;
use crate::LegalBasis;

type BodyTest = TestFramework<Body>;

const SODERTORN: Uuid = Uuid::from_u128(0x0136_0192);

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn basis() -> LegalBasis {
    LegalBasis::ExternalDecision {
        issuer: "Kommunfullmäktige Haninge".into(),
        decided_on: date("2011-11-07"),
        reference: None,
        registry_number: None,
    }
}

/// Södertörns upphandlingsnämnd (seed 003), from 2012.
fn establish(established_on: &str) -> BodyCommand {
    BodyCommand::Establish(EstablishBody {
        cooperation_id: SODERTORN,
        cooperation_established_on: date("2012-01-01"),
        kind: BodyKind::Committee,
        name: "Södertörns upphandlingsnämnd".into(),
        established_on: date(established_on),
        basis: basis(),
    })
}

fn established() -> BodyEvent {
    BodyEvent::BodyEstablished(BodyEstablished {
        cooperation_id: SODERTORN,
        kind: BodyKind::Committee,
        name: "Södertörns upphandlingsnämnd".into(),
        established_on: date("2012-01-01"),
        basis: basis(),
    })
}

fn dissolve(last_day: &str) -> BodyCommand {
    BodyCommand::Dissolve(DissolveBody {
        last_day: date(last_day),
        bases: basis().into(),
    })
}

#[test]
fn a_body_is_established_within_its_cooperation() {
    BodyTest::with(())
        .given_no_previous_events()
        .when(establish("2012-01-01"))
        .then_expect_events(vec![established()]);
}

#[test]
fn a_body_cannot_begin_before_its_cooperation() {
    BodyTest::with(())
        .given_no_previous_events()
        .when(establish("2011-12-31"))
        .then_expect_error(BodyError::EstablishedBeforeCooperation {
            established_on: date("2011-12-31"),
            cooperation_established_on: date("2012-01-01"),
        });
}

#[test]
fn a_body_is_established_once_and_named() {
    BodyTest::with(())
        .given(vec![established()])
        .when(establish("2012-01-01"))
        .then_expect_error(BodyError::AlreadyEstablished);
    let nameless = BodyCommand::Establish(EstablishBody {
        cooperation_id: SODERTORN,
        cooperation_established_on: date("2012-01-01"),
        kind: BodyKind::Committee,
        name: " ".into(),
        established_on: date("2012-01-01"),
        basis: basis(),
    });
    BodyTest::with(())
        .given_no_previous_events()
        .when(nameless)
        .then_expect_error(BodyError::NameMissing);
}

/// Seed 003: the committee is gone from 1 July 2024, so its last day is 30 June.
#[test]
fn a_body_is_dissolved_after_its_last_day() {
    BodyTest::with(())
        .given(vec![established()])
        .when(dissolve("2024-06-30"))
        .then_expect_events(vec![BodyEvent::BodyDissolved(BodyDissolved {
            last_day: date("2024-06-30"),
            bases: basis().into(),
        })]);
}

#[test]
fn a_body_is_dissolved_once_after_it_began() {
    BodyTest::with(())
        .given_no_previous_events()
        .when(dissolve("2024-06-30"))
        .then_expect_error(BodyError::NotEstablished);
    BodyTest::with(())
        .given(vec![established()])
        .when(dissolve("2011-06-30"))
        .then_expect_error(BodyError::DissolvedBeforeEstablished {
            last_day: date("2011-06-30"),
            established_on: date("2012-01-01"),
        });
    BodyTest::with(())
        .given(vec![
            established(),
            BodyEvent::BodyDissolved(BodyDissolved {
                last_day: date("2024-06-30"),
                bases: basis().into(),
            }),
        ])
        .when(dissolve("2024-12-31"))
        .then_expect_error(BodyError::AlreadyDissolved {
            last_day: date("2024-06-30"),
        });
}

fn correct(established_on: &str, reason: &str) -> BodyCommand {
    let BodyCommand::Establish(establish) = establish(established_on) else {
        unreachable!()
    };
    BodyCommand::CorrectEstablishment(CorrectBodyEstablishment {
        establish,
        reason: reason.into(),
    })
}

#[test]
fn an_establishment_is_corrected_with_a_reason() {
    let BodyEvent::BodyEstablished(mut established) = established() else {
        unreachable!()
    };
    established.established_on = date("2012-02-01");
    BodyTest::with(())
        .given(vec![self::established()])
        .when(correct(
            "2012-02-01",
            "Nämnden inrättades först 1 februari.",
        ))
        .then_expect_events(vec![BodyEvent::BodyEstablishmentCorrected(
            BodyEstablishmentCorrected {
                established,
                reason: "Nämnden inrättades först 1 februari.".into(),
            },
        )]);
}

#[test]
fn a_body_correction_says_why_and_keeps_the_rules() {
    BodyTest::with(())
        .given(vec![established()])
        .when(correct("2012-02-01", ""))
        .then_expect_error(BodyError::CorrectionReasonMissing);
    BodyTest::with(())
        .given(vec![established()])
        .when(correct("2011-12-01", "Fel."))
        .then_expect_error(BodyError::EstablishedBeforeCooperation {
            established_on: date("2011-12-01"),
            cooperation_established_on: date("2012-01-01"),
        });
    BodyTest::with(())
        .given(vec![
            established(),
            BodyEvent::BodyDissolved(BodyDissolved {
                last_day: date("2024-06-30"),
                bases: basis().into(),
            }),
        ])
        .when(correct("2024-07-01", "Fel."))
        .then_expect_error(BodyError::DissolvedBeforeEstablished {
            last_day: date("2024-06-30"),
            established_on: date("2024-07-01"),
        });
    BodyTest::with(())
        .given_no_previous_events()
        .when(correct("2012-01-01", "Fel."))
        .then_expect_error(BodyError::NotEstablished);
}
