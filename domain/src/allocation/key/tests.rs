use chrono::NaiveDate;
use cqrs_es::test::TestFramework;
use uuid::Uuid;

use super::*;
use crate::governing_document::DocumentKind;
use crate::{LegalBasis, LegalBasisError, PartyCode, RuleViolation};

type KeyTest = TestFramework<AllocationKey>;

const INKOPSNAMNDEN: Uuid = Uuid::from_u128(0x04_19);
const AGREEMENT: Uuid = Uuid::from_u128(0xa9e);
const OTHER_KEY: Uuid = Uuid::from_u128(0x4e7);

fn code(code: &str) -> PartyCode {
    PartyCode::parse(code).unwrap()
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn basis() -> LegalBasis {
    LegalBasis::DocumentClause {
        document_id: AGREEMENT,
        version: 1,
        clause: "Kostnader".into(),
    }
}

fn half_each() -> AllocationMethod {
    AllocationMethod::FixedShares {
        shares: vec![share("04", 5_000), share("19", 5_000)],
    }
}

fn share(party: &str, basis_points: u32) -> FixedShare {
    FixedShare {
        party: code(party),
        basis_points,
    }
}

fn exception(line: &str, party: &str) -> NamedException {
    NamedException {
        line: line.into(),
        party: code(party),
    }
}

/// Seed 004: Region Sörmland (04) hosts, with Region Västmanland (19); the costs are split half
/// each "with some exceptions". The exception line is illustrative.
fn adoption(method: AllocationMethod, exceptions: Vec<NamedException>) -> AdoptAllocationKey {
    AdoptAllocationKey {
        cooperation_id: INKOPSNAMNDEN,
        cooperation_parties: vec![code("04"), code("19")],
        document_id: AGREEMENT,
        document_version: 1,
        document: AgreementFacts {
            cooperation_id: INKOPSNAMNDEN,
            kind: DocumentKind::CooperationAgreement,
            versions: 2,
        },
        other_keys_of_version: Vec::new(),
        method,
        exceptions,
        basis: basis(),
    }
}

fn adopt(method: AllocationMethod, exceptions: Vec<NamedException>) -> AllocationKeyCommand {
    AllocationKeyCommand::Adopt(adoption(method, exceptions))
}

fn adopted() -> AllocationKeyEvent {
    AllocationKeyEvent::AllocationKeyAdopted(AllocationKeyAdopted {
        cooperation_id: INKOPSNAMNDEN,
        document_id: AGREEMENT,
        document_version: 1,
        parties: vec![code("04"), code("19")],
        method: half_each(),
        exceptions: vec![exception("Värdregionens systemstöd", "04")],
        basis: basis(),
    })
}

#[test]
fn a_key_is_adopted_for_a_version_of_the_cooperation_agreement() {
    KeyTest::with(())
        .given_no_previous_events()
        .when(adopt(
            half_each(),
            vec![exception(" Värdregionens systemstöd ", "04")],
        ))
        .then_expect_events(vec![adopted()]);
}

#[test]
fn a_population_key_needs_no_shares() {
    KeyTest::with(())
        .given_no_previous_events()
        .when(adopt(AllocationMethod::Population, Vec::new()))
        .then_expect_events(vec![AllocationKeyEvent::AllocationKeyAdopted(
            AllocationKeyAdopted {
                cooperation_id: INKOPSNAMNDEN,
                document_id: AGREEMENT,
                document_version: 1,
                parties: vec![code("04"), code("19")],
                method: AllocationMethod::Population,
                exceptions: Vec::new(),
                basis: basis(),
            },
        )]);
}

#[test]
fn a_key_is_adopted_once() {
    KeyTest::with(())
        .given(vec![adopted()])
        .when(adopt(half_each(), Vec::new()))
        .then_expect_error(AllocationKeyError::AlreadyAdopted);
}

#[test]
fn a_key_belongs_to_an_existing_version_of_the_cooperation_s_agreement() {
    let mut elsewhere = adoption(half_each(), Vec::new());
    elsewhere.document.cooperation_id = Uuid::from_u128(0x003);
    KeyTest::with(())
        .given_no_previous_events()
        .when(AllocationKeyCommand::Adopt(elsewhere))
        .then_expect_error(AllocationKeyError::DocumentOfAnotherCooperation {
            document_id: AGREEMENT,
            document_cooperation_id: Uuid::from_u128(0x003),
        });

    let mut rules = adoption(half_each(), Vec::new());
    rules.document.kind = DocumentKind::RulesOfProcedure;
    KeyTest::with(())
        .given_no_previous_events()
        .when(AllocationKeyCommand::Adopt(rules))
        .then_expect_error(AllocationKeyError::NotACooperationAgreement {
            kind: DocumentKind::RulesOfProcedure,
        });

    for version in [0, 3] {
        let mut unknown = adoption(half_each(), Vec::new());
        unknown.document_version = version;
        KeyTest::with(())
            .given_no_previous_events()
            .when(AllocationKeyCommand::Adopt(unknown))
            .then_expect_error(AllocationKeyError::UnknownDocumentVersion {
                version,
                versions: 2,
            });
    }
}

#[test]
fn an_agreement_version_has_one_key() {
    let mut second = adoption(half_each(), Vec::new());
    second.other_keys_of_version = vec![OTHER_KEY];
    KeyTest::with(())
        .given_no_previous_events()
        .when(AllocationKeyCommand::Adopt(second))
        .then_expect_error(AllocationKeyError::VersionAlreadyHasKey {
            version: 1,
            key_id: OTHER_KEY,
        });
}

#[test]
fn fixed_shares_give_every_party_one_share_adding_up_to_the_whole() {
    let cases = [
        (
            vec![share("04", 5_000), share("0136", 5_000)],
            AllocationKeyError::NotAParty {
                field: "method.shares[1].party".into(),
                party: code("0136"),
            },
        ),
        (
            vec![share("04", 5_000), share("04", 5_000)],
            AllocationKeyError::ShareGivenTwice {
                index: 1,
                party: code("04"),
            },
        ),
        (
            vec![share("04", 10_000)],
            AllocationKeyError::PartyWithoutShare { party: code("19") },
        ),
        (
            vec![share("04", 5_200), share("19", 4_700)],
            AllocationKeyError::SharesNotWhole { sum: 9_900 },
        ),
        (
            vec![share("04", u32::MAX), share("19", 10_001)],
            AllocationKeyError::SharesNotWhole {
                sum: u64::from(u32::MAX) + 10_001,
            },
        ),
    ];
    for (shares, error) in cases {
        KeyTest::with(())
            .given_no_previous_events()
            .when(adopt(AllocationMethod::FixedShares { shares }, Vec::new()))
            .then_expect_error(error);
    }
}

#[test]
fn an_exception_names_a_line_once_and_charges_it_to_a_party() {
    let cases = [
        (
            vec![exception("  ", "04")],
            AllocationKeyError::ExceptionLineMissing { index: 0 },
        ),
        (
            vec![exception("Arvoden", "2062")],
            AllocationKeyError::NotAParty {
                field: "exceptions[0].party".into(),
                party: code("2062"),
            },
        ),
        (
            vec![exception("Arvoden", "04"), exception(" Arvoden", "19")],
            AllocationKeyError::ExceptionLineTwice {
                index: 1,
                line: "Arvoden".into(),
            },
        ),
    ];
    for (exceptions, error) in cases {
        KeyTest::with(())
            .given_no_previous_events()
            .when(adopt(half_each(), exceptions))
            .then_expect_error(error);
    }
}

#[test]
fn a_key_cites_a_basis_that_can_be_cited() {
    let mut command = adoption(half_each(), Vec::new());
    command.basis = LegalBasis::DocumentClause {
        document_id: AGREEMENT,
        version: 1,
        clause: " ".into(),
    };
    KeyTest::with(())
        .given_no_previous_events()
        .when(AllocationKeyCommand::Adopt(command))
        .then_expect_error(AllocationKeyError::Basis(LegalBasisError::ClauseMissing));
}

fn correction(reason: &str, adopt: AdoptAllocationKey) -> AllocationKeyCommand {
    AllocationKeyCommand::Correct(CorrectAllocationKey {
        adopt,
        reason: reason.into(),
    })
}

#[test]
fn a_key_is_corrected_with_a_reason_and_keeps_its_rules() {
    let corrected = AllocationKeyAdopted {
        method: AllocationMethod::FixedShares {
            shares: vec![share("04", 5_200), share("19", 4_800)],
        },
        exceptions: Vec::new(),
        ..match adopted() {
            AllocationKeyEvent::AllocationKeyAdopted(adopted) => adopted,
            AllocationKeyEvent::AllocationKeyCorrected(_) => unreachable!(),
        }
    };
    KeyTest::with(())
        .given(vec![adopted()])
        .when(correction(
            " Avtalet anger 52/48 utan undantag. ",
            adoption(corrected.method.clone(), Vec::new()),
        ))
        .then_expect_events(vec![AllocationKeyEvent::AllocationKeyCorrected(
            AllocationKeyCorrected {
                adopted: corrected,
                reason: "Avtalet anger 52/48 utan undantag.".into(),
            },
        )]);
    KeyTest::with(())
        .given(vec![adopted()])
        .when(correction("", adoption(half_each(), Vec::new())))
        .then_expect_error(AllocationKeyError::CorrectionReasonMissing);
    KeyTest::with(())
        .given(vec![adopted()])
        .when(correction(
            "Fel.",
            adoption(
                AllocationMethod::FixedShares {
                    shares: vec![share("04", 5_000)],
                },
                Vec::new(),
            ),
        ))
        .then_expect_error(AllocationKeyError::PartyWithoutShare { party: code("19") });
    KeyTest::with(())
        .given_no_previous_events()
        .when(correction("Fel.", adoption(half_each(), Vec::new())))
        .then_expect_error(AllocationKeyError::NotAdopted);
}

#[test]
fn a_key_tells_its_cooperation_and_agreement_version() {
    let mut key = AllocationKey::default();
    assert_eq!(
        (key.cooperation_id(), key.agreement_version()),
        (None, None)
    );
    cqrs_es::Aggregate::apply(&mut key, adopted());
    assert_eq!(
        (key.cooperation_id(), key.agreement_version()),
        (Some(INKOPSNAMNDEN), Some((AGREEMENT, 1)))
    );
}

#[test]
fn every_error_names_its_field_and_rule() {
    let cases = [
        (
            AllocationKeyError::AlreadyAdopted,
            "key_id",
            "allocation_key.adopted_once",
        ),
        (
            AllocationKeyError::NotAdopted,
            "key_id",
            "allocation_key.is_adopted",
        ),
        (
            AllocationKeyError::DocumentOfAnotherCooperation {
                document_id: AGREEMENT,
                document_cooperation_id: INKOPSNAMNDEN,
            },
            "document_id",
            "allocation_key.agreement_of_the_cooperation",
        ),
        (
            AllocationKeyError::NotACooperationAgreement {
                kind: DocumentKind::CommitteePlan,
            },
            "document_id",
            "allocation_key.belongs_to_a_cooperation_agreement",
        ),
        (
            AllocationKeyError::UnknownDocumentVersion {
                version: 3,
                versions: 2,
            },
            "document_version",
            "allocation_key.agreement_version_exists",
        ),
        (
            AllocationKeyError::VersionAlreadyHasKey {
                version: 1,
                key_id: OTHER_KEY,
            },
            "document_version",
            "allocation_key.one_key_per_agreement_version",
        ),
        (
            AllocationKeyError::NotAParty {
                field: "exceptions[2].party".into(),
                party: code("2062"),
            },
            "exceptions[2].party",
            "allocation_key.parties_of_the_cooperation",
        ),
        (
            AllocationKeyError::ShareGivenTwice {
                index: 1,
                party: code("04"),
            },
            "method.shares[1].party",
            "allocation_key.one_share_per_party",
        ),
        (
            AllocationKeyError::PartyWithoutShare { party: code("19") },
            "method.shares",
            "allocation_key.every_party_has_a_share",
        ),
        (
            AllocationKeyError::SharesNotWhole { sum: 9_900 },
            "method.shares",
            "allocation_key.shares_add_up_to_whole",
        ),
        (
            AllocationKeyError::ExceptionLineMissing { index: 0 },
            "exceptions[0].line",
            "allocation_key.exception_names_a_line",
        ),
        (
            AllocationKeyError::ExceptionLineTwice {
                index: 1,
                line: "Arvoden".into(),
            },
            "exceptions[1].line",
            "allocation_key.exception_line_named_once",
        ),
        (
            AllocationKeyError::CorrectionReasonMissing,
            "reason",
            "allocation_key.correction_gives_reason",
        ),
        (
            AllocationKeyError::Basis(LegalBasisError::ClauseMissing),
            "basis.clause",
            "legal_basis.clause_is_named",
        ),
    ];
    for (error, field, rule) in cases {
        assert_eq!((error.field().as_str(), error.rule()), (field, rule));
    }
}

/// Version 1 of the stored format, written out by hand: if this stops loading, old logs stop
/// loading, so change the code, not this text.
#[test]
fn version_one_allocation_key_adopted_keeps_loading() {
    let stored = r#"{"AllocationKeyAdopted":{"cooperation_id":"00000000-0000-0000-0000-000000000419","document_id":"00000000-0000-0000-0000-000000000a9e","document_version":1,"parties":["04","19"],"method":{"kind":"fixed_shares","shares":[{"party":"04","basis_points":5000},{"party":"19","basis_points":5000}]},"exceptions":[{"line":"Värdregionens systemstöd","party":"04"}],"basis":{"kind":"document_clause","document_id":"00000000-0000-0000-0000-000000000a9e","version":1,"clause":"Kostnader"}}}"#;
    let event: AllocationKeyEvent = serde_json::from_str(stored).unwrap();
    assert_eq!(event, adopted());
    assert_eq!(serde_json::to_string(&event).unwrap(), stored);
}

#[test]
fn version_one_allocation_key_corrected_keeps_loading() {
    let stored = r#"{"AllocationKeyCorrected":{"adopted":{"cooperation_id":"00000000-0000-0000-0000-000000000419","document_id":"00000000-0000-0000-0000-000000000a9e","document_version":2,"parties":["04","19"],"method":{"kind":"population"},"exceptions":[],"basis":{"kind":"external_decision","issuer":"Regionfullmäktige Sörmland","decided_on":"2018-06-12","reference":"§ 77","registry_number":null}},"reason":"Nyckeln hör till version 2."}}"#;
    let event: AllocationKeyEvent = serde_json::from_str(stored).unwrap();
    assert_eq!(
        event,
        AllocationKeyEvent::AllocationKeyCorrected(AllocationKeyCorrected {
            adopted: AllocationKeyAdopted {
                cooperation_id: INKOPSNAMNDEN,
                document_id: AGREEMENT,
                document_version: 2,
                parties: vec![code("04"), code("19")],
                method: AllocationMethod::Population,
                exceptions: Vec::new(),
                basis: LegalBasis::ExternalDecision {
                    issuer: "Regionfullmäktige Sörmland".into(),
                    decided_on: date("2018-06-12"),
                    reference: Some("§ 77".into()),
                    registry_number: None,
                },
            },
            reason: "Nyckeln hör till version 2.".into(),
        })
    );
    assert_eq!(serde_json::to_string(&event).unwrap(), stored);
}
