use chrono::NaiveDate;
use cqrs_es::test::TestFramework;
use cqrs_es::Aggregate;
use uuid::Uuid;

use super::*;
use crate::LegalBasis;

type DocumentTest = TestFramework<GoverningDocument>;

const INKOPSNAMNDEN: Uuid = Uuid::from_u128(0x04_19);

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn basis() -> LegalBasis {
    LegalBasis::ExternalDecision {
        issuer: "Regionfullmäktige Sörmland".into(),
        decided_on: date("2018-06-12"),
        reference: Some("§ 77".into()),
        registry_number: None,
    }
}

fn clause(number: &str, text: &str) -> Clause {
    Clause {
        number: number.into(),
        text: text.into(),
    }
}

fn agreement_clauses() -> Vec<Clause> {
    vec![
        clause("1", "Region Sörmland är värdregion för inköpsnämnden."),
        clause(
            "7",
            "Kostnaderna fördelas lika mellan parterna med vissa undantag.",
        ),
    ]
}

fn adopt(effective_on: &str, clauses: Vec<Clause>) -> GoverningDocumentCommand {
    GoverningDocumentCommand::Adopt(AdoptDocument {
        cooperation_id: INKOPSNAMNDEN,
        cooperation_established_on: date("2019-01-01"),
        kind: DocumentKind::CooperationAgreement,
        title: "Samverkansavtal för gemensam inköpsnämnd".into(),
        effective_on: date(effective_on),
        clauses,
        basis: basis(),
    })
}

fn adopted() -> GoverningDocumentEvent {
    GoverningDocumentEvent::DocumentAdopted(DocumentAdopted {
        cooperation_id: INKOPSNAMNDEN,
        kind: DocumentKind::CooperationAgreement,
        title: "Samverkansavtal för gemensam inköpsnämnd".into(),
        effective_on: date("2019-01-01"),
        clauses: agreement_clauses(),
        basis: basis(),
    })
}

fn raise_share() -> Vec<ClauseChange> {
    vec![ClauseChange::Replace {
        number: "7".into(),
        text: "Region Sörmland bär 52 procent och Region Västmanland 48 procent.".into(),
    }]
}

fn amend(
    amends_version: u32,
    effective_on: &str,
    changes: Vec<ClauseChange>,
) -> GoverningDocumentCommand {
    GoverningDocumentCommand::Amend(AmendDocument {
        amends_version,
        effective_on: date(effective_on),
        changes,
        basis: basis(),
    })
}

fn amended() -> GoverningDocumentEvent {
    GoverningDocumentEvent::DocumentAmended(DocumentAmended {
        version: 2,
        amends_version: 1,
        effective_on: date("2023-01-01"),
        changes: raise_share(),
        basis: basis(),
    })
}

#[test]
fn a_document_is_adopted_as_version_one() {
    DocumentTest::with(())
        .given_no_previous_events()
        .when(adopt("2019-01-01", agreement_clauses()))
        .then_expect_events(vec![adopted()]);
}

#[test]
fn a_document_is_adopted_once_with_a_title() {
    DocumentTest::with(())
        .given(vec![adopted()])
        .when(adopt("2019-01-01", agreement_clauses()))
        .then_expect_error(GoverningDocumentError::AlreadyAdopted);
    let untitled = GoverningDocumentCommand::Adopt(AdoptDocument {
        title: "  ".into(),
        ..match adopt("2019-01-01", agreement_clauses()) {
            GoverningDocumentCommand::Adopt(command) => command,
            _ => unreachable!(),
        }
    });
    DocumentTest::with(())
        .given_no_previous_events()
        .when(untitled)
        .then_expect_error(GoverningDocumentError::TitleMissing);
}

#[test]
fn a_document_cannot_govern_before_its_cooperation_began() {
    DocumentTest::with(())
        .given_no_previous_events()
        .when(adopt("2018-12-31", agreement_clauses()))
        .then_expect_error(GoverningDocumentError::EffectiveBeforeCooperation {
            effective_on: date("2018-12-31"),
            cooperation_established_on: date("2019-01-01"),
        });
}

#[test]
fn clause_numbers_are_given_and_unique() {
    DocumentTest::with(())
        .given_no_previous_events()
        .when(adopt(
            "2019-01-01",
            vec![clause("1", "a"), clause("1", "b")],
        ))
        .then_expect_error(GoverningDocumentError::ClauseNumberInvalid {
            field: "clauses[1].number".into(),
            number: "1".into(),
        });
}

#[test]
fn an_amendment_makes_the_next_version() {
    DocumentTest::with(())
        .given(vec![adopted()])
        .when(amend(1, "2023-01-01", raise_share()))
        .then_expect_events(vec![amended()]);
}

#[test]
fn an_amendment_to_a_version_that_does_not_exist_is_refused() {
    DocumentTest::with(())
        .given(vec![adopted()])
        .when(amend(2, "2023-01-01", raise_share()))
        .then_expect_error(GoverningDocumentError::UnknownVersion {
            version: 2,
            latest: 1,
        });
    DocumentTest::with(())
        .given_no_previous_events()
        .when(amend(1, "2023-01-01", raise_share()))
        .then_expect_error(GoverningDocumentError::NotAdopted);
}

#[test]
fn an_amendment_amends_the_latest_version() {
    DocumentTest::with(())
        .given(vec![adopted(), amended()])
        .when(amend(1, "2024-01-01", raise_share()))
        .then_expect_error(GoverningDocumentError::AmendsSupersededVersion {
            version: 1,
            latest: 2,
        });
}

#[test]
fn an_amendment_takes_effect_after_the_version_it_amends() {
    DocumentTest::with(())
        .given(vec![adopted()])
        .when(amend(1, "2018-06-30", raise_share()))
        .then_expect_error(GoverningDocumentError::EffectiveBeforeAmendedVersion {
            effective_on: date("2018-06-30"),
            version: 1,
            version_effective_on: date("2019-01-01"),
        });
}

#[test]
fn an_amendment_changes_clauses_that_exist_and_inserts_ones_that_do_not() {
    DocumentTest::with(())
        .given(vec![adopted()])
        .when(amend(1, "2023-01-01", Vec::new()))
        .then_expect_error(GoverningDocumentError::NoChanges);
    DocumentTest::with(())
        .given(vec![adopted()])
        .when(amend(
            1,
            "2023-01-01",
            vec![ClauseChange::Remove { number: "9".into() }],
        ))
        .then_expect_error(GoverningDocumentError::UnknownClause {
            index: 0,
            number: "9".into(),
            version: 1,
        });
    DocumentTest::with(())
        .given(vec![adopted()])
        .when(amend(
            1,
            "2023-01-01",
            vec![ClauseChange::Insert {
                number: "1".into(),
                text: "x".into(),
            }],
        ))
        .then_expect_error(GoverningDocumentError::ClauseExists {
            index: 0,
            number: "1".into(),
        });
}

#[test]
fn the_version_in_force_follows_the_effective_dates() {
    let mut document = GoverningDocument::default();
    document.apply(adopted());
    document.apply(amended());
    assert_eq!(document.version_in_force(date("2018-12-31")), None);
    assert_eq!(document.version_in_force(date("2022-12-31")), Some(1));
    assert_eq!(document.version_in_force(date("2023-01-01")), Some(2));
    assert_eq!(
        document.clauses(2).map(|clauses| clauses[1].text.as_str()),
        Some("Region Sörmland bär 52 procent och Region Västmanland 48 procent.")
    );
    assert_eq!(document.clauses(1), Some(agreement_clauses().as_slice()));
    assert_eq!(document.clauses(3), None);
}

fn correct_version(
    version: u32,
    effective_on: &str,
    clauses: Option<Vec<Clause>>,
    reason: &str,
) -> GoverningDocumentCommand {
    GoverningDocumentCommand::CorrectVersion(CorrectVersion {
        version,
        effective_on: date(effective_on),
        clauses,
        reason: reason.into(),
        basis: basis(),
    })
}

#[test]
fn a_version_is_corrected_with_a_reason_and_the_correction_governs() {
    let corrected = GoverningDocumentEvent::VersionCorrected(VersionCorrected {
        version: 2,
        effective_on: date("2023-07-01"),
        clauses: None,
        reason: "Ändringen gällde från 1 juli enligt beslutet.".into(),
        basis: basis(),
    });
    DocumentTest::with(())
        .given(vec![adopted(), amended()])
        .when(correct_version(
            2,
            "2023-07-01",
            None,
            "Ändringen gällde från 1 juli enligt beslutet.",
        ))
        .then_expect_events(vec![corrected.clone()]);

    let mut document = GoverningDocument::default();
    document.apply(adopted());
    document.apply(amended());
    document.apply(corrected);
    assert_eq!(document.version_in_force(date("2023-06-30")), Some(1));
    assert_eq!(document.version_in_force(date("2023-07-01")), Some(2));
}

#[test]
fn a_version_correction_keeps_the_order_and_the_derived_versions() {
    DocumentTest::with(())
        .given(vec![adopted(), amended()])
        .when(correct_version(1, "2023-02-01", None, "Fel."))
        .then_expect_error(GoverningDocumentError::VersionOutOfOrder {
            version: 1,
            effective_on: date("2023-02-01"),
        });
    DocumentTest::with(())
        .given(vec![adopted(), amended()])
        .when(correct_version(
            1,
            "2019-01-01",
            Some(agreement_clauses()),
            "Fel.",
        ))
        .then_expect_error(GoverningDocumentError::ClausesOfSupersededVersion {
            version: 1,
            latest: 2,
        });
    DocumentTest::with(())
        .given(vec![adopted()])
        .when(correct_version(
            1,
            "2019-01-01",
            Some(vec![clause("1", "a"), clause("1", "b")]),
            "Fel.",
        ))
        .then_expect_error(GoverningDocumentError::ClauseNumberInvalid {
            field: "clauses[1].number".into(),
            number: "1".into(),
        });
    DocumentTest::with(())
        .given(vec![adopted()])
        .when(correct_version(3, "2019-01-01", None, "Fel."))
        .then_expect_error(GoverningDocumentError::UnknownVersion {
            version: 3,
            latest: 1,
        });
    DocumentTest::with(())
        .given(vec![adopted()])
        .when(correct_version(1, "2019-01-01", None, " "))
        .then_expect_error(GoverningDocumentError::CorrectionReasonMissing);
}

#[test]
fn every_clause_says_something() {
    DocumentTest::with(())
        .given_no_previous_events()
        .when(adopt(
            "2019-01-01",
            vec![
                clause("1", "Region Sörmland är värdregion."),
                clause("2", " \n\t"),
            ],
        ))
        .then_expect_error(GoverningDocumentError::ClauseTextBlank {
            field: "clauses[1].text".into(),
            number: "2".into(),
        });
    for change in [
        ClauseChange::Replace {
            number: "7".into(),
            text: String::new(),
        },
        ClauseChange::Insert {
            number: "8".into(),
            text: "   ".into(),
        },
    ] {
        let number = match &change {
            ClauseChange::Replace { number, .. } | ClauseChange::Insert { number, .. } => {
                number.clone()
            }
            ClauseChange::Remove { .. } => unreachable!(),
        };
        DocumentTest::with(())
            .given(vec![adopted()])
            .when(amend(1, "2023-01-01", vec![change]))
            .then_expect_error(GoverningDocumentError::ClauseTextBlank {
                field: "changes[0].text".into(),
                number,
            });
    }
}
