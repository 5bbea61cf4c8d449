use chrono::NaiveDate;
use cqrs_es::test::TestFramework;
use uuid::Uuid;

use super::*;
use crate::{LegalBasis, LegalBasisError, RuleViolation};

type BudgetTest = TestFramework<Budget>;

const UPPHANDLINGSKONTORET: Uuid = Uuid::from_u128(0x001);

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn council() -> LegalBasis {
    LegalBasis::ExternalDecision {
        issuer: "Kommunfullmäktige Östersund (illustrative)".into(),
        decided_on: date("2020-11-26"),
        reference: None,
        registry_number: None,
    }
}

fn line(name: &str, kind: BudgetLineKind, amount_tkr: i64) -> BudgetLine {
    BudgetLine {
        name: name.into(),
        kind,
        amount_tkr,
    }
}

/// Seed 001's budget for 2021, line by line as printed (tkr).
fn seed_001_lines() -> Vec<BudgetLine> {
    use BudgetLineKind::*;
    vec![
        line(
            "Intäkter grundavtal deltagande kommuner",
            PartyContributions,
            5_616,
        ),
        line("Intäkter övriga avtalsparter", Revenue, 538),
        line("Intäkter Kvalitetssäkring Östersund", Revenue, 376),
        line("Intäkter uppdragsupphandlingar", Revenue, 972),
        line("Personalkostnader", Cost, 6_281),
        line("Övriga omkostnader", Cost, 1_222),
    ]
}

fn adopt(year: i32, lines: Vec<BudgetLine>) -> BudgetCommand {
    BudgetCommand::Adopt(AdoptBudget {
        cooperation_id: UPPHANDLINGSKONTORET,
        cooperation_established_on: date("2015-01-01"),
        year,
        lines,
        basis: council(),
    })
}

fn adopted() -> BudgetEvent {
    BudgetEvent::BudgetAdopted(BudgetAdopted {
        cooperation_id: UPPHANDLINGSKONTORET,
        year: 2021,
        lines: seed_001_lines(),
        basis: council(),
    })
}

fn revised_lines() -> Vec<BudgetLine> {
    let mut lines = seed_001_lines();
    lines[4].amount_tkr = 6_300;
    lines
}

#[test]
fn a_budget_is_adopted_for_a_cooperation_and_year_as_lines_in_tkr() {
    assert_eq!(
        Budget::stream_id(UPPHANDLINGSKONTORET, 2021),
        "00000000-0000-0000-0000-000000000001:2021"
    );
    let mut padded = seed_001_lines();
    padded[4].name = " Personalkostnader ".into();
    BudgetTest::with(())
        .given_no_previous_events()
        .when(adopt(2021, padded))
        .then_expect_events(vec![adopted()]);
}

#[test]
fn a_budget_is_adopted_once_for_a_plausible_year_of_the_cooperation() {
    BudgetTest::with(())
        .given(vec![adopted()])
        .when(adopt(2021, seed_001_lines()))
        .then_expect_error(BudgetError::AlreadyAdopted);
    for year in [1949, 2200] {
        BudgetTest::with(())
            .given_no_previous_events()
            .when(adopt(year, seed_001_lines()))
            .then_expect_error(BudgetError::YearImplausible {
                year,
                first: 1950,
                last: 2199,
            });
    }
    BudgetTest::with(())
        .given_no_previous_events()
        .when(adopt(2014, seed_001_lines()))
        .then_expect_error(BudgetError::YearBeforeCooperation {
            year: 2014,
            established_on: date("2015-01-01"),
        });
}

#[test]
fn budget_lines_are_named_once_not_negative_and_at_least_one() {
    use BudgetLineKind::*;
    let cases = [
        (Vec::new(), BudgetError::NoLines),
        (
            vec![line("Personal", Cost, 1), line(" ", Cost, 1)],
            BudgetError::LineNameMissing { index: 1 },
        ),
        (
            vec![line("Personal", Cost, 1), line("Personal ", Revenue, 1)],
            BudgetError::LineNameTwice {
                index: 1,
                name: "Personal".into(),
            },
        ),
        (
            vec![line("Personal", Cost, -5)],
            BudgetError::AmountNegative {
                index: 0,
                amount_tkr: -5,
            },
        ),
        (
            vec![line("Personal", Cost, 9_223_372_036_854_776)],
            BudgetError::AmountsTooLarge {
                index: 0,
                most_tkr: MOST_TKR,
            },
        ),
        (
            vec![line("Personal", Cost, MOST_TKR), line("Lokaler", Cost, 1)],
            BudgetError::AmountsTooLarge {
                index: 1,
                most_tkr: MOST_TKR,
            },
        ),
        (
            vec![
                line("Grundavtal", PartyContributions, 1),
                line("Tilläggsavtal", PartyContributions, 1),
            ],
            BudgetError::ContributionsTwice { index: 1 },
        ),
    ];
    for (lines, error) in cases {
        BudgetTest::with(())
            .given_no_previous_events()
            .when(adopt(2021, lines))
            .then_expect_error(error);
    }
    let BudgetCommand::Adopt(mut command) = adopt(2021, seed_001_lines()) else {
        unreachable!()
    };
    command.basis = LegalBasis::ExternalDecision {
        issuer: "".into(),
        decided_on: date("2020-11-26"),
        reference: None,
        registry_number: None,
    };
    BudgetTest::with(())
        .given_no_previous_events()
        .when(BudgetCommand::Adopt(command))
        .then_expect_error(BudgetError::Basis(LegalBasisError::IssuerMissing));
}

#[test]
fn a_revised_budget_is_the_next_revision_with_all_its_lines() {
    let revision_2 = BudgetEvent::BudgetRevised(BudgetRevised {
        revision: 2,
        lines: revised_lines(),
        basis: council(),
    });
    BudgetTest::with(())
        .given(vec![adopted()])
        .when(BudgetCommand::Revise(ReviseBudget {
            lines: revised_lines(),
            basis: council(),
        }))
        .then_expect_events(vec![revision_2.clone()]);
    BudgetTest::with(())
        .given(vec![adopted(), revision_2])
        .when(BudgetCommand::Revise(ReviseBudget {
            lines: seed_001_lines(),
            basis: council(),
        }))
        .then_expect_events(vec![BudgetEvent::BudgetRevised(BudgetRevised {
            revision: 3,
            lines: seed_001_lines(),
            basis: council(),
        })]);
    BudgetTest::with(())
        .given_no_previous_events()
        .when(BudgetCommand::Revise(ReviseBudget {
            lines: revised_lines(),
            basis: council(),
        }))
        .then_expect_error(BudgetError::NotAdopted);
    BudgetTest::with(())
        .given(vec![adopted()])
        .when(BudgetCommand::Revise(ReviseBudget {
            lines: Vec::new(),
            basis: council(),
        }))
        .then_expect_error(BudgetError::NoLines);
}

fn correct(lines: Vec<BudgetLine>, reason: &str) -> BudgetCommand {
    BudgetCommand::Correct(CorrectBudget {
        lines,
        reason: reason.into(),
    })
}

#[test]
fn a_budget_is_corrected_with_a_reason_and_a_change() {
    BudgetTest::with(())
        .given(vec![adopted()])
        .when(correct(revised_lines(), " Fel belopp för personal. "))
        .then_expect_events(vec![BudgetEvent::BudgetCorrected(BudgetCorrected {
            revision: 1,
            lines: revised_lines(),
            reason: "Fel belopp för personal.".into(),
        })]);
    BudgetTest::with(())
        .given(vec![adopted()])
        .when(correct(revised_lines(), " "))
        .then_expect_error(BudgetError::CorrectionReasonMissing);
    BudgetTest::with(())
        .given(vec![adopted()])
        .when(correct(seed_001_lines(), "Fel."))
        .then_expect_error(BudgetError::CorrectionChangesNothing);
    BudgetTest::with(())
        .given_no_previous_events()
        .when(correct(revised_lines(), "Fel."))
        .then_expect_error(BudgetError::NotAdopted);
}

#[test]
fn every_error_names_its_field_and_rule() {
    let cases = [
        (BudgetError::AlreadyAdopted, "year", "budget.adopted_once"),
        (BudgetError::NotAdopted, "year", "budget.is_adopted"),
        (
            BudgetError::YearImplausible {
                year: 20,
                first: 1950,
                last: 2199,
            },
            "year",
            "budget.year_plausible",
        ),
        (
            BudgetError::YearBeforeCooperation {
                year: 2014,
                established_on: date("2015-01-01"),
            },
            "year",
            "budget.within_cooperation",
        ),
        (BudgetError::NoLines, "lines", "budget.has_lines"),
        (
            BudgetError::LineNameMissing { index: 2 },
            "lines[2].name",
            "budget.line_named",
        ),
        (
            BudgetError::LineNameTwice {
                index: 3,
                name: "Personal".into(),
            },
            "lines[3].name",
            "budget.line_names_unique",
        ),
        (
            BudgetError::AmountNegative {
                index: 0,
                amount_tkr: -1,
            },
            "lines[0].amount_tkr",
            "budget.amount_not_negative",
        ),
        (
            BudgetError::ContributionsTwice { index: 1 },
            "lines[1].kind",
            "budget.one_contributions_line",
        ),
        (
            BudgetError::CorrectionReasonMissing,
            "reason",
            "budget.correction_gives_reason",
        ),
        (
            BudgetError::CorrectionChangesNothing,
            "lines",
            "budget.correction_changes_something",
        ),
        (
            BudgetError::Basis(LegalBasisError::IssuerMissing),
            "basis.issuer",
            "legal_basis.issuer_is_named",
        ),
    ];
    for (error, field, rule) in cases {
        assert_eq!((error.field().as_str(), error.rule()), (field, rule));
    }
}

/// Version 1 of the stored format, written out by hand: if this stops loading, old logs stop
/// loading, so change the code, not this text.
#[test]
fn version_one_budget_adopted_keeps_loading() {
    let stored = r#"{"BudgetAdopted":{"cooperation_id":"00000000-0000-0000-0000-000000000001","year":2021,"lines":[{"name":"Intäkter grundavtal deltagande kommuner","kind":"party_contributions","amount_tkr":5616},{"name":"Intäkter övriga avtalsparter","kind":"revenue","amount_tkr":538},{"name":"Intäkter Kvalitetssäkring Östersund","kind":"revenue","amount_tkr":376},{"name":"Intäkter uppdragsupphandlingar","kind":"revenue","amount_tkr":972},{"name":"Personalkostnader","kind":"cost","amount_tkr":6281},{"name":"Övriga omkostnader","kind":"cost","amount_tkr":1222}],"basis":{"kind":"external_decision","issuer":"Kommunfullmäktige Östersund (illustrative)","decided_on":"2020-11-26","reference":null,"registry_number":null}}}"#;
    let event: BudgetEvent = serde_json::from_str(stored).unwrap();
    assert_eq!(event, adopted());
    assert_eq!(serde_json::to_string(&event).unwrap(), stored);
}

#[test]
fn version_one_budget_revised_keeps_loading() {
    let stored = r#"{"BudgetRevised":{"revision":2,"lines":[{"name":"Personalkostnader","kind":"cost","amount_tkr":6300}],"basis":{"kind":"decision","decision_id":"00000000-0000-0000-0000-000000000d01"}}}"#;
    let event: BudgetEvent = serde_json::from_str(stored).unwrap();
    assert_eq!(
        event,
        BudgetEvent::BudgetRevised(BudgetRevised {
            revision: 2,
            lines: vec![line("Personalkostnader", BudgetLineKind::Cost, 6_300)],
            basis: LegalBasis::Decision {
                decision_id: Uuid::from_u128(0xd01)
            },
        })
    );
    assert_eq!(serde_json::to_string(&event).unwrap(), stored);
}

#[test]
fn version_one_budget_corrected_keeps_loading() {
    let stored = r#"{"BudgetCorrected":{"revision":1,"lines":[{"name":"Övriga omkostnader","kind":"cost","amount_tkr":1222}],"reason":"Raden saknades."}}"#;
    let event: BudgetEvent = serde_json::from_str(stored).unwrap();
    assert_eq!(
        event,
        BudgetEvent::BudgetCorrected(BudgetCorrected {
            revision: 1,
            lines: vec![line("Övriga omkostnader", BudgetLineKind::Cost, 1_222)],
            reason: "Raden saknades.".into(),
        })
    );
    assert_eq!(serde_json::to_string(&event).unwrap(), stored);
}
