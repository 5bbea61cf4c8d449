use chrono::NaiveDate;
use cqrs_es::test::TestFramework;
use cqrs_es::DomainEvent;

use super::*;
use crate::{Bases, BasesError, LegalBasis, LegalBasisError, PartyCode, RuleViolation};

type CooperationTest = TestFramework<Cooperation>;

fn code(code: &str) -> PartyCode {
    PartyCode::parse(code).unwrap()
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn council_decision() -> LegalBasis {
    LegalBasis::ExternalDecision {
        issuer: "Regionfullmäktige Sörmland".into(),
        decided_on: date("2018-06-12"),
        reference: Some("§ 77".into()),
        registry_number: None,
    }
}

fn establish_inkopsnamnden() -> EstablishCooperation {
    EstablishCooperation {
        name: "Inköpsnämnden".into(),
        form: CooperationForm::JointCommittee,
        host: code("04"),
        parties: vec![code("04"), code("19")],
        established_on: date("2019-01-01"),
        predecessor: None,
        bases: council_decision().into(),
    }
}

fn inkopsnamnden_established() -> CooperationEvent {
    CooperationEvent::CooperationEstablished(CooperationEstablished {
        name: "Inköpsnämnden".into(),
        form: CooperationForm::JointCommittee,
        host: code("04"),
        parties: vec![code("04"), code("19")],
        established_on: date("2019-01-01"),
        predecessor: None,
        bases: council_decision().into(),
    })
}

fn admit(party: &str, joins_on: &str) -> CooperationCommand {
    CooperationCommand::AdmitParty(AdmitParty {
        party: code(party),
        joins_on: date(joins_on),
        basis: council_decision(),
    })
}

#[test]
fn a_cooperation_is_established_with_its_parties_and_host() {
    CooperationTest::with(())
        .given_no_previous_events()
        .when(CooperationCommand::Establish(establish_inkopsnamnden()))
        .then_expect_events(vec![inkopsnamnden_established()]);
}

#[test]
fn the_name_is_stored_without_surrounding_blanks() {
    let mut command = establish_inkopsnamnden();
    command.name = "  Inköpsnämnden\n".into();
    CooperationTest::with(())
        .given_no_previous_events()
        .when(CooperationCommand::Establish(command))
        .then_expect_events(vec![inkopsnamnden_established()]);
}

#[test]
fn a_cooperation_is_established_only_once() {
    CooperationTest::with(())
        .given(vec![inkopsnamnden_established()])
        .when(CooperationCommand::Establish(establish_inkopsnamnden()))
        .then_expect_error(CooperationError::AlreadyEstablished);
}

#[test]
fn a_cooperation_needs_a_name() {
    let mut command = establish_inkopsnamnden();
    command.name = "   ".into();
    CooperationTest::with(())
        .given_no_previous_events()
        .when(CooperationCommand::Establish(command))
        .then_expect_error(CooperationError::NameMissing);
}

#[test]
fn a_cooperation_needs_two_parties() {
    let mut command = establish_inkopsnamnden();
    command.parties = vec![code("04")];
    CooperationTest::with(())
        .given_no_previous_events()
        .when(CooperationCommand::Establish(command))
        .then_expect_error(CooperationError::TooFewParties { count: 1 });
    assert_eq!(
        CooperationError::TooFewParties { count: 1 }.to_string(),
        "a cooperation needs at least two parties, but 1 was given"
    );
    assert_eq!(
        CooperationError::TooFewParties { count: 0 }.to_string(),
        "a cooperation needs at least two parties, but 0 were given"
    );
}

#[test]
fn a_party_is_listed_once() {
    let mut command = establish_inkopsnamnden();
    command.parties = vec![code("04"), code("19"), code("04")];
    CooperationTest::with(())
        .given_no_previous_events()
        .when(CooperationCommand::Establish(command))
        .then_expect_error(CooperationError::DuplicateParty {
            index: 2,
            party: code("04"),
        });
}

#[test]
fn the_host_must_be_a_party() {
    let mut command = establish_inkopsnamnden();
    command.host = code("2062");
    CooperationTest::with(())
        .given_no_previous_events()
        .when(CooperationCommand::Establish(command))
        .then_expect_error(CooperationError::HostNotAParty { host: code("2062") });
}

#[test]
fn the_basis_must_name_its_issuer() {
    let mut command = establish_inkopsnamnden();
    command.bases = Bases::new(vec![
        council_decision(),
        LegalBasis::ExternalDecision {
            issuer: " ".into(),
            decided_on: date("2018-06-12"),
            reference: None,
            registry_number: None,
        },
    ])
    .unwrap();
    CooperationTest::with(())
        .given_no_previous_events()
        .when(CooperationCommand::Establish(command))
        .then_expect_error(CooperationError::Bases(BasesError::Invalid {
            index: 1,
            error: LegalBasisError::IssuerMissing,
        }));
}

#[test]
fn a_joint_committee_rests_on_every_council_s_decision_each_cited_once() {
    let mut command = establish_inkopsnamnden();
    let vastmanland = LegalBasis::ExternalDecision {
        issuer: "Regionfullmäktige Västmanland".into(),
        decided_on: date("2018-06-19"),
        reference: Some("§ 41".into()),
        registry_number: None,
    };
    command.bases = Bases::new(vec![council_decision(), vastmanland.clone()]).unwrap();
    let mut established = inkopsnamnden_established();
    if let CooperationEvent::CooperationEstablished(event) = &mut established {
        event.bases = command.bases.clone();
    }
    CooperationTest::with(())
        .given_no_previous_events()
        .when(CooperationCommand::Establish(command.clone()))
        .then_expect_events(vec![established]);

    command.bases = Bases::new(vec![council_decision(), vastmanland, council_decision()]).unwrap();
    CooperationTest::with(())
        .given_no_previous_events()
        .when(CooperationCommand::Establish(command))
        .then_expect_error(CooperationError::Bases(BasesError::CitedTwice { index: 2 }));
}

#[test]
fn a_party_joins_an_established_cooperation() {
    CooperationTest::with(())
        .given(vec![inkopsnamnden_established()])
        .when(admit("0480", "2020-01-01"))
        .then_expect_events(vec![CooperationEvent::PartyJoined(PartyJoined {
            party: code("0480"),
            joins_on: date("2020-01-01"),
            basis: council_decision(),
        })]);
}

#[test]
fn a_party_cannot_join_a_cooperation_that_does_not_exist() {
    CooperationTest::with(())
        .given_no_previous_events()
        .when(admit("0480", "2020-01-01"))
        .then_expect_error(CooperationError::NotEstablished);
}

#[test]
fn a_party_joins_only_once() {
    CooperationTest::with(())
        .given(vec![inkopsnamnden_established()])
        .when(admit("19", "2020-01-01"))
        .then_expect_error(CooperationError::AlreadyAParty { party: code("19") });
}

#[test]
fn a_party_that_joined_later_cannot_join_again() {
    CooperationTest::with(())
        .given(vec![inkopsnamnden_established()])
        .and(vec![CooperationEvent::PartyJoined(PartyJoined {
            party: code("0480"),
            joins_on: date("2020-01-01"),
            basis: council_decision(),
        })])
        .when(admit("0480", "2021-01-01"))
        .then_expect_error(CooperationError::AlreadyAParty {
            party: code("0480"),
        });
}

#[test]
fn a_party_cannot_join_before_the_cooperation_began() {
    CooperationTest::with(())
        .given(vec![inkopsnamnden_established()])
        .when(admit("0480", "2018-12-31"))
        .then_expect_error(CooperationError::JoinsBeforeEstablishment {
            joins_on: date("2018-12-31"),
            established_on: date("2019-01-01"),
        });
}

#[test]
fn every_error_names_its_field_and_rule() {
    let cases = [
        (
            CooperationError::DuplicateParty {
                index: 2,
                party: code("04"),
            },
            "parties[2]",
            "cooperation.parties_are_distinct",
        ),
        (
            CooperationError::Basis(LegalBasisError::IssuerMissing),
            "basis.issuer",
            "legal_basis.issuer_is_named",
        ),
        (
            CooperationError::HostNotAParty { host: code("2062") },
            "host",
            "cooperation.host_is_a_party",
        ),
    ];
    for (error, field, rule) in cases {
        assert_eq!((error.field().as_str(), error.rule()), (field, rule));
    }
}

/// Version 1 of the stored format, written out by hand: if this stops loading, old logs stop
/// loading, so change the code, not this text.
#[test]
fn version_one_cooperation_established_keeps_loading() {
    let stored = r#"{"CooperationEstablished":{"name":"Inköpsnämnden","form":"joint_committee","host":"04","parties":["04","19"],"established_on":"2019-01-01","basis":{"kind":"external_decision","issuer":"Regionfullmäktige Sörmland","decided_on":"2018-06-12","reference":"§ 77","registry_number":null}}}"#;
    let event: CooperationEvent = serde_json::from_str(stored).unwrap();
    assert_eq!(event, inkopsnamnden_established());
    // Version 2 writes the one basis as a list of one under `bases`.
    assert_eq!(
        serde_json::to_string(&event).unwrap(),
        stored
            .replace(r#""basis":{"#, r#""bases":[{"#)
            .replace("}}}", "}]}}")
    );
    assert_eq!(event.event_version(), "2");
}

#[test]
fn version_one_party_joined_keeps_loading() {
    let stored = r#"{"PartyJoined":{"party":"0480","joins_on":"2020-01-01","basis":{"kind":"external_decision","issuer":"Regionfullmäktige Sörmland","decided_on":"2018-06-12","reference":"§ 77","registry_number":null}}}"#;
    let event: CooperationEvent = serde_json::from_str(stored).unwrap();
    assert_eq!(
        event,
        CooperationEvent::PartyJoined(PartyJoined {
            party: code("0480"),
            joins_on: date("2020-01-01"),
            basis: council_decision(),
        })
    );
    assert_eq!(serde_json::to_string(&event).unwrap(), stored);
}

/// Seed 004 recommends dissolving from 2027-01-01; the council decision itself is illustrative.
fn council_dissolution() -> LegalBasis {
    LegalBasis::ExternalDecision {
        issuer: "Regionfullmäktige Sörmland".into(),
        decided_on: date("2025-11-25"),
        reference: None,
        registry_number: None,
    }
}

fn dissolve(decided_on: &str, effective_on: &str) -> CooperationCommand {
    CooperationCommand::DecideDissolution(DecideDissolution {
        decided_on: date(decided_on),
        effective_on: date(effective_on),
        successor: Some(uuid::Uuid::from_u128(2027)),
        bases: council_dissolution().into(),
    })
}

fn dissolution_decided() -> CooperationEvent {
    CooperationEvent::DissolutionDecided(DissolutionDecided {
        decided_on: date("2025-11-25"),
        effective_on: date("2027-01-01"),
        successor: Some(uuid::Uuid::from_u128(2027)),
        bases: council_dissolution().into(),
    })
}

#[test]
fn a_dissolution_is_decided_with_its_date_and_successor() {
    CooperationTest::with(())
        .given(vec![inkopsnamnden_established()])
        .when(dissolve("2025-11-25", "2027-01-01"))
        .then_expect_events(vec![dissolution_decided()]);
}

#[test]
fn a_cooperation_is_dissolved_once_and_after_it_began() {
    CooperationTest::with(())
        .given(vec![inkopsnamnden_established(), dissolution_decided()])
        .when(dissolve("2025-12-01", "2027-07-01"))
        .then_expect_error(CooperationError::DissolutionAlreadyDecided {
            effective_on: date("2027-01-01"),
        });
    CooperationTest::with(())
        .given(vec![inkopsnamnden_established()])
        .when(dissolve("2018-06-12", "2019-01-01"))
        .then_expect_error(CooperationError::DissolvedBeforeEstablishment {
            effective_on: date("2019-01-01"),
            established_on: date("2019-01-01"),
        });
    CooperationTest::with(())
        .given_no_previous_events()
        .when(dissolve("2025-11-25", "2027-01-01"))
        .then_expect_error(CooperationError::NotEstablished);
}

#[test]
fn the_status_follows_the_dates() {
    use cqrs_es::Aggregate;
    let mut cooperation = Cooperation::default();
    cooperation.apply(inkopsnamnden_established());
    cooperation.apply(dissolution_decided());
    let status = |day: &str| cooperation.status_on(date(day));
    assert_eq!(status("2018-12-31"), CooperationStatus::NotYetEstablished);
    assert_eq!(status("2025-11-24"), CooperationStatus::Active);
    assert_eq!(status("2025-11-25"), CooperationStatus::Dissolving);
    assert_eq!(status("2026-12-31"), CooperationStatus::Dissolving);
    assert_eq!(status("2027-01-01"), CooperationStatus::Dissolved);
}

#[test]
fn a_successor_names_its_predecessor() {
    let mut command = establish_inkopsnamnden();
    command.name = "Avtalssamverkan inköp Sörmland–Västmanland".into();
    command.form = CooperationForm::ContractBased;
    command.established_on = date("2027-01-01");
    command.predecessor = Some(uuid::Uuid::from_u128(2019));
    CooperationTest::with(())
        .given_no_previous_events()
        .when(CooperationCommand::Establish(command))
        .then_expect_events(vec![CooperationEvent::CooperationEstablished(
            CooperationEstablished {
                name: "Avtalssamverkan inköp Sörmland–Västmanland".into(),
                form: CooperationForm::ContractBased,
                host: code("04"),
                parties: vec![code("04"), code("19")],
                established_on: date("2027-01-01"),
                predecessor: Some(uuid::Uuid::from_u128(2019)),
                bases: council_decision().into(),
            },
        )]);
}

fn correct(reason: &str, edit: impl FnOnce(&mut EstablishCooperation)) -> CooperationCommand {
    let mut establish = establish_inkopsnamnden();
    edit(&mut establish);
    CooperationCommand::CorrectEstablishment(CorrectEstablishment {
        establish,
        reason: reason.into(),
    })
}

fn joined_2020() -> CooperationEvent {
    CooperationEvent::PartyJoined(PartyJoined {
        party: code("0480"),
        joins_on: date("2020-01-01"),
        basis: council_decision(),
    })
}

#[test]
fn an_establishment_is_corrected_with_a_reason() {
    let CooperationEvent::CooperationEstablished(mut established) = inkopsnamnden_established()
    else {
        unreachable!()
    };
    established.name = "Gemensam inköpsnämnd".into();
    CooperationTest::with(())
        .given(vec![inkopsnamnden_established()])
        .when(correct("Fel namn i registret.", |command| {
            command.name = "Gemensam inköpsnämnd".into()
        }))
        .then_expect_events(vec![CooperationEvent::EstablishmentCorrected(
            EstablishmentCorrected {
                established,
                reason: "Fel namn i registret.".into(),
            },
        )]);
}

#[test]
fn a_corrected_establishment_still_fits_what_came_after() {
    CooperationTest::with(())
        .given(vec![inkopsnamnden_established()])
        .when(correct("", |_| {}))
        .then_expect_error(CooperationError::CorrectionReasonMissing);
    CooperationTest::with(())
        .given(vec![inkopsnamnden_established(), joined_2020()])
        .when(correct("Fel.", |command| {
            command.parties.push(code("0480"))
        }))
        .then_expect_error(CooperationError::FounderJoinedLater {
            party: code("0480"),
        });
    CooperationTest::with(())
        .given(vec![inkopsnamnden_established(), joined_2020()])
        .when(correct("Fel.", |command| {
            command.established_on = date("2020-06-01")
        }))
        .then_expect_error(CooperationError::JoinsBeforeEstablishment {
            joins_on: date("2020-01-01"),
            established_on: date("2020-06-01"),
        });
    CooperationTest::with(())
        .given(vec![inkopsnamnden_established(), dissolution_decided()])
        .when(correct("Fel.", |command| {
            command.established_on = date("2027-01-01")
        }))
        .then_expect_error(CooperationError::DissolvedBeforeEstablishment {
            effective_on: date("2027-01-01"),
            established_on: date("2027-01-01"),
        });
    CooperationTest::with(())
        .given(vec![inkopsnamnden_established()])
        .when(correct("Fel.", |command| command.host = code("2062")))
        .then_expect_error(CooperationError::HostNotAParty { host: code("2062") });
    CooperationTest::with(())
        .given_no_previous_events()
        .when(correct("Fel.", |_| {}))
        .then_expect_error(CooperationError::NotEstablished);
}
