use chrono::NaiveDate;
use cqrs_es::test::TestFramework;
use cqrs_es::Aggregate;
use uuid::Uuid;

use super::*;
use crate::{DateRange, LegalBasis, LegalBasisError};

type MandateTest = TestFramework<Mandate>;

const NAMNDEN: Uuid = Uuid::from_u128(0x000);
const REGLEMENTE: Uuid = Uuid::from_u128(0x7e9);
const DELEGATION: Uuid = Uuid::from_u128(0xde1);

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn category(text: &str) -> Category {
    Category::parse(text).unwrap()
}

fn from(text: &str) -> DateRange {
    DateRange {
        from: date(text),
        to: None,
    }
}

/// § 2 of version 1 of the committee's rules of procedure.
fn reglemente() -> LegalBasis {
    LegalBasis::DocumentClause {
        document_id: REGLEMENTE,
        version: 1,
        clause: "§ 2".into(),
    }
}

/// Seed 000: Upphandlingscenter procures for every municipality, except building contracts and
/// direct awards.
fn grant_upphandlingscenter() -> MandateCommand {
    MandateCommand::Grant(GrantMandate {
        holder: MandateHolder::Body { body_id: NAMNDEN },
        category: category("upphandling"),
        scope: "Genomföra upphandlingar för samverkande kommuner.".into(),
        exclusions: vec![
            category("upphandling/byggentreprenader"),
            category("upphandling/direktupphandlingar"),
        ],
        valid: from("2023-01-01"),
        basis: reglemente(),
    })
}

fn granted() -> MandateEvent {
    MandateEvent::MandateGranted(MandateGranted {
        holder: MandateHolder::Body { body_id: NAMNDEN },
        category: category("upphandling"),
        scope: "Genomföra upphandlingar för samverkande kommuner.".into(),
        exclusions: vec![
            category("upphandling/byggentreprenader"),
            category("upphandling/direktupphandlingar"),
        ],
        valid: from("2023-01-01"),
        basis: reglemente(),
    })
}

fn delegate(category_text: &str, valid: DateRange) -> MandateCommand {
    MandateCommand::Delegate(DelegateMandate {
        delegation_id: DELEGATION,
        delegate: "Upphandlingschef".into(),
        category: category(category_text),
        valid,
        basis: reglemente(),
    })
}

#[test]
fn a_mandate_is_granted_with_its_exclusions_and_source() {
    MandateTest::with(())
        .given_no_previous_events()
        .when(grant_upphandlingscenter())
        .then_expect_events(vec![granted()]);
}

#[test]
fn upphandlingscenter_may_not_procure_building_contracts() {
    let mut mandate = Mandate::default();
    mandate.apply(granted());
    let on = date("2024-03-01");
    assert!(mandate.permits(&category("upphandling"), on));
    assert!(mandate.permits(&category("upphandling/ramavtal"), on));
    assert!(!mandate.permits(&category("upphandling/byggentreprenader"), on));
    assert!(!mandate.permits(&category("upphandling/byggentreprenader/vagar"), on));
    assert!(!mandate.permits(&category("upphandling/direktupphandlingar"), on));
    assert!(!mandate.permits(&category("upphandlingar"), on));
    assert!(!mandate.permits(&category("upphandling"), date("2022-12-31")));
}

#[test]
fn a_mandate_is_granted_once_with_a_scope() {
    MandateTest::with(())
        .given(vec![granted()])
        .when(grant_upphandlingscenter())
        .then_expect_error(MandateError::AlreadyGranted);
    let MandateCommand::Grant(mut command) = grant_upphandlingscenter() else {
        unreachable!()
    };
    command.scope = " ".into();
    MandateTest::with(())
        .given_no_previous_events()
        .when(MandateCommand::Grant(command))
        .then_expect_error(MandateError::ScopeMissing);
}

#[test]
fn an_exclusion_lies_within_the_category() {
    let MandateCommand::Grant(mut command) = grant_upphandlingscenter() else {
        unreachable!()
    };
    command.exclusions = vec![category("personal")];
    MandateTest::with(())
        .given_no_previous_events()
        .when(MandateCommand::Grant(command))
        .then_expect_error(MandateError::ExclusionOutsideCategory {
            index: 0,
            exclusion: category("personal"),
            category: category("upphandling"),
        });
}

#[test]
fn a_period_runs_forwards() {
    let MandateCommand::Grant(mut command) = grant_upphandlingscenter() else {
        unreachable!()
    };
    command.valid = DateRange {
        from: date("2023-01-01"),
        to: Some(date("2022-12-31")),
    };
    MandateTest::with(())
        .given_no_previous_events()
        .when(MandateCommand::Grant(command))
        .then_expect_error(MandateError::PeriodBackwards {
            field: "valid",
            from: date("2023-01-01"),
            to: date("2022-12-31"),
        });
}

#[test]
fn a_mandate_rests_on_a_citable_clause() {
    let MandateCommand::Grant(mut command) = grant_upphandlingscenter() else {
        unreachable!()
    };
    command.basis = LegalBasis::DocumentClause {
        document_id: REGLEMENTE,
        version: 0,
        clause: "§ 2".into(),
    };
    MandateTest::with(())
        .given_no_previous_events()
        .when(MandateCommand::Grant(command))
        .then_expect_error(MandateError::Basis(LegalBasisError::VersionZero));
}

#[test]
fn part_of_a_mandate_is_delegated_to_an_official() {
    MandateTest::with(())
        .given(vec![granted()])
        .when(delegate("upphandling/ramavtal", from("2023-02-01")))
        .then_expect_events(vec![MandateEvent::MandateDelegated(MandateDelegated {
            delegation_id: DELEGATION,
            delegate: "Upphandlingschef".into(),
            category: category("upphandling/ramavtal"),
            valid: from("2023-02-01"),
            basis: reglemente(),
        })]);
}

#[test]
fn a_delegation_stays_within_the_mandate() {
    MandateTest::with(())
        .given(vec![granted()])
        .when(delegate(
            "upphandling/byggentreprenader",
            from("2023-02-01"),
        ))
        .then_expect_error(MandateError::DelegatesBeyondMandate {
            category: category("upphandling/byggentreprenader"),
        });
    MandateTest::with(())
        .given(vec![granted()])
        .when(delegate("upphandling", from("2022-02-01")))
        .then_expect_error(MandateError::DelegationOutsideMandatePeriod);
    MandateTest::with(())
        .given_no_previous_events()
        .when(delegate("upphandling", from("2023-02-01")))
        .then_expect_error(MandateError::NotGranted);
}

#[test]
fn a_delegation_names_the_official_and_is_recorded_once() {
    let MandateCommand::Delegate(mut command) = delegate("upphandling", from("2023-02-01")) else {
        unreachable!()
    };
    command.delegate = "".into();
    MandateTest::with(())
        .given(vec![granted()])
        .when(MandateCommand::Delegate(command))
        .then_expect_error(MandateError::DelegateMissing);
    MandateTest::with(())
        .given(vec![
            granted(),
            MandateEvent::MandateDelegated(MandateDelegated {
                delegation_id: DELEGATION,
                delegate: "Upphandlingschef".into(),
                category: category("upphandling"),
                valid: from("2023-02-01"),
                basis: reglemente(),
            }),
        ])
        .when(delegate("upphandling", from("2023-02-01")))
        .then_expect_error(MandateError::DelegationExists {
            delegation_id: DELEGATION,
        });
}

/// Seed 003: the committee's mandate ends with the committee, after 30 June 2024.
#[test]
fn a_mandate_ends_once_within_its_period() {
    let end = |last_day: &str| {
        MandateCommand::End(EndMandate {
            last_day: date(last_day),
            basis: reglemente(),
        })
    };
    MandateTest::with(())
        .given(vec![granted()])
        .when(end("2024-06-30"))
        .then_expect_events(vec![MandateEvent::MandateEnded(MandateEnded {
            last_day: date("2024-06-30"),
            basis: reglemente(),
        })]);
    MandateTest::with(())
        .given(vec![granted()])
        .when(end("2022-06-30"))
        .then_expect_error(MandateError::EndOutsidePeriod {
            last_day: date("2022-06-30"),
        });
    MandateTest::with(())
        .given(vec![
            granted(),
            MandateEvent::MandateEnded(MandateEnded {
                last_day: date("2024-06-30"),
                basis: reglemente(),
            }),
        ])
        .when(end("2024-12-31"))
        .then_expect_error(MandateError::AlreadyEnded {
            last_day: date("2024-06-30"),
        });
}

#[test]
fn categories_are_lower_case_paths() {
    assert!(Category::parse("upphandling/byggentreprenader").is_ok());
    for text in [
        "",
        "Upphandling",
        "upphandling/",
        "/upphandling",
        "upp handling",
    ] {
        assert_eq!(
            Category::parse(text),
            Err(CategoryError { text: text.into() }),
            "{text:?}"
        );
    }
}

fn correct(reason: &str, exclusions: Vec<Category>) -> MandateCommand {
    let MandateCommand::Grant(mut grant) = grant_upphandlingscenter() else {
        unreachable!()
    };
    grant.exclusions = exclusions;
    MandateCommand::Correct(CorrectMandate {
        grant,
        reason: reason.into(),
    })
}

#[test]
fn a_grant_is_corrected_with_a_reason_and_the_correction_governs() {
    let only_building = vec![category("upphandling/byggentreprenader")];
    let MandateGranted {
        holder,
        category: granted_category,
        scope,
        valid,
        basis,
        ..
    } = match granted() {
        MandateEvent::MandateGranted(granted) => granted,
        _ => unreachable!(),
    };
    let corrected = MandateEvent::MandateCorrected(MandateCorrected {
        grant: MandateGranted {
            holder,
            category: granted_category,
            scope,
            exclusions: only_building.clone(),
            valid,
            basis,
        },
        reason: "Direktupphandlingar undantogs inte i reglementet.".into(),
    });
    MandateTest::with(())
        .given(vec![granted()])
        .when(correct(
            "Direktupphandlingar undantogs inte i reglementet.",
            only_building,
        ))
        .then_expect_events(vec![corrected.clone()]);

    let mut mandate = Mandate::default();
    mandate.apply(granted());
    mandate.apply(corrected);
    assert!(mandate.permits(
        &category("upphandling/direktupphandlingar"),
        date("2024-01-01")
    ));
}

#[test]
fn a_correction_says_why_keeps_the_rules_and_needs_a_grant() {
    MandateTest::with(())
        .given(vec![granted()])
        .when(correct(" ", Vec::new()))
        .then_expect_error(MandateError::CorrectionReasonMissing);
    MandateTest::with(())
        .given(vec![granted()])
        .when(correct("Fel.", vec![category("personal")]))
        .then_expect_error(MandateError::ExclusionOutsideCategory {
            index: 0,
            exclusion: category("personal"),
            category: category("upphandling"),
        });
    MandateTest::with(())
        .given_no_previous_events()
        .when(correct("Fel.", Vec::new()))
        .then_expect_error(MandateError::NotGranted);
}
