use std::collections::BTreeMap;

use chrono::NaiveDate;
use proptest::prelude::*;
use uuid::Uuid;

use super::*;
use crate::{LegalBasis, PartyCode, RuleViolation};

fn code(code: &str) -> PartyCode {
    PartyCode::parse(code).unwrap()
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

fn line(name: &str, kind: BudgetLineKind, amount_tkr: i64) -> BudgetLine {
    BudgetLine {
        name: name.into(),
        kind,
        amount_tkr,
    }
}

fn key(
    parties: &[&str],
    method: AllocationMethod,
    exceptions: Vec<NamedException>,
) -> AllocationKeyAdopted {
    AllocationKeyAdopted {
        cooperation_id: Uuid::from_u128(0x1),
        document_id: Uuid::from_u128(0xa9e),
        document_version: 1,
        parties: parties.iter().map(|party| code(party)).collect(),
        method,
        exceptions,
        basis: LegalBasis::Decision {
            decision_id: Uuid::from_u128(0xd),
        },
    }
}

fn half_each() -> AllocationMethod {
    AllocationMethod::FixedShares {
        shares: vec![
            FixedShare {
                party: code("04"),
                basis_points: 5_000,
            },
            FixedShare {
                party: code("19"),
                basis_points: 5_000,
            },
        ],
    }
}

/// Seed 001's budget for 2021 as printed (tkr). Its revenues add up to 7 502, though the seed
/// prints 7 503 and a result of 0.
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

/// Illustrative populations on 31 December 2020: Östersund 64 000, Krokom 15 200.
fn populations_2020() -> BTreeMap<PartyCode, u32> {
    BTreeMap::from([(code("2380"), 64_000), (code("2309"), 15_200)])
}

#[test]
fn the_reference_date_is_the_last_day_of_the_year_before_the_budget_year() {
    assert_eq!(reference_date(2021), Some(date("2020-12-31")));
    assert_eq!(reference_date(i32::MIN), None);
}

#[test]
fn seed_001_splits_the_base_agreement_by_population_and_shows_the_table_is_one_tkr_short() {
    let allocation = allocate(
        2021,
        &seed_001_lines(),
        &key(&["2380", "2309"], AllocationMethod::Population, Vec::new()),
        &populations_2020(),
    )
    .unwrap();
    // 5 616 000 × 64 000 / 79 200 = 4 538 181.82 and × 15 200 / 79 200 = 1 077 818.18: the
    // krona left over goes to the larger remainder.
    assert_eq!(
        allocation,
        Allocation {
            totals: BudgetTotals {
                costs_tkr: 7_503,
                revenues_tkr: 1_886,
                party_contributions_tkr: Some(5_616),
                shared_kronor: 5_616_000,
                exceptions_kronor: 0,
                charged_to_parties_kronor: 5_616_000,
                result_kronor: -1_000,
            },
            reference_date: Some(date("2020-12-31")),
            parties: vec![
                PartyShare {
                    party: code("2380"),
                    weight: 64_000,
                    shared_kronor: 4_538_182,
                    exceptions: Vec::new(),
                    total_kronor: 4_538_182,
                    total_tkr: Some(4_538),
                    effective_basis_points: Some(8_081),
                },
                PartyShare {
                    party: code("2309"),
                    weight: 15_200,
                    shared_kronor: 1_077_818,
                    exceptions: Vec::new(),
                    total_kronor: 1_077_818,
                    total_tkr: Some(1_078),
                    effective_basis_points: Some(1_919),
                },
            ],
        }
    );
}

/// Seed 004: the costs are split half each "with some exceptions", in practice 52/48. An
/// illustrative budget: 24 000 tkr shared and 1 000 tkr charged to Region Sörmland alone.
fn seed_004_lines() -> Vec<BudgetLine> {
    use BudgetLineKind::*;
    vec![
        line("Personalkostnader", Cost, 21_000),
        line("Lokaler och administration", Cost, 3_000),
        line("Värdregionens systemstöd", Cost, 1_000),
    ]
}

fn seed_004_exceptions() -> Vec<NamedException> {
    vec![NamedException {
        line: "Värdregionens systemstöd".into(),
        party: code("04"),
    }]
}

#[test]
fn seed_004_splits_half_each_and_the_exception_makes_it_52_48() {
    let allocation = allocate(
        2025,
        &seed_004_lines(),
        &key(&["04", "19"], half_each(), seed_004_exceptions()),
        &BTreeMap::new(),
    )
    .unwrap();
    assert_eq!(
        allocation,
        Allocation {
            totals: BudgetTotals {
                costs_tkr: 25_000,
                revenues_tkr: 0,
                party_contributions_tkr: None,
                shared_kronor: 24_000_000,
                exceptions_kronor: 1_000_000,
                charged_to_parties_kronor: 25_000_000,
                result_kronor: 0,
            },
            reference_date: None,
            parties: vec![
                PartyShare {
                    party: code("04"),
                    weight: 5_000,
                    shared_kronor: 12_000_000,
                    exceptions: vec![ExceptionCharge {
                        line: "Värdregionens systemstöd".into(),
                        kind: BudgetLineKind::Cost,
                        amount_kronor: 1_000_000,
                    }],
                    total_kronor: 13_000_000,
                    total_tkr: Some(13_000),
                    effective_basis_points: Some(5_200),
                },
                PartyShare {
                    party: code("19"),
                    weight: 5_000,
                    shared_kronor: 12_000_000,
                    exceptions: Vec::new(),
                    total_kronor: 12_000_000,
                    total_tkr: Some(12_000),
                    effective_basis_points: Some(4_800),
                },
            ],
        }
    );
}

#[test]
fn a_revenue_charged_to_one_party_is_credited_to_it_and_revenues_reduce_what_is_shared() {
    use BudgetLineKind::*;
    let lines = vec![
        line("Personalkostnader", Cost, 10_000),
        line("Uppdragsintäkter", Revenue, 2_000),
        line("Statsbidrag till Västmanland", Revenue, 1_000),
    ];
    let exceptions = vec![NamedException {
        line: "Statsbidrag till Västmanland".into(),
        party: code("19"),
    }];
    let allocation = allocate(
        2025,
        &lines,
        &key(&["04", "19"], half_each(), exceptions),
        &BTreeMap::new(),
    )
    .unwrap();
    assert_eq!(
        allocation.totals,
        BudgetTotals {
            costs_tkr: 10_000,
            revenues_tkr: 3_000,
            party_contributions_tkr: None,
            shared_kronor: 8_000_000,
            exceptions_kronor: -1_000_000,
            charged_to_parties_kronor: 7_000_000,
            result_kronor: 0,
        }
    );
    let totals: Vec<_> = allocation
        .parties
        .iter()
        .map(|share| {
            (
                share.total_kronor,
                share.total_tkr,
                share.effective_basis_points,
            )
        })
        .collect();
    assert_eq!(
        totals,
        vec![
            (4_000_000, Some(4_000), Some(5_714)),
            (3_000_000, Some(3_000), Some(4_286)),
        ]
    );
}

#[test]
fn a_party_credited_more_than_it_is_charged_has_no_rounded_share() {
    use BudgetLineKind::*;
    let lines = vec![
        line("Personalkostnader", Cost, 1_000),
        line("Statsbidrag till Västmanland", Revenue, 2_000),
    ];
    let exceptions = vec![NamedException {
        line: "Statsbidrag till Västmanland".into(),
        party: code("19"),
    }];
    let allocation = allocate(
        2025,
        &lines,
        &key(&["04", "19"], half_each(), exceptions),
        &BTreeMap::new(),
    )
    .unwrap();
    let totals: Vec<_> = allocation
        .parties
        .iter()
        .map(|share| {
            (
                share.total_kronor,
                share.total_tkr,
                share.effective_basis_points,
            )
        })
        .collect();
    assert_eq!(
        totals,
        vec![(500_000, None, None), (-1_500_000, None, None)]
    );
    assert_eq!(allocation.totals.charged_to_parties_kronor, -1_000_000);
}

#[test]
fn a_population_key_needs_every_party_s_figure_on_the_reference_date() {
    let mut populations = populations_2020();
    populations.remove(&code("2309"));
    let error = allocate(
        2021,
        &seed_001_lines(),
        &key(&["2380", "2309"], AllocationMethod::Population, Vec::new()),
        &populations,
    )
    .unwrap_err();
    assert_eq!(
        error,
        AllocationError::PopulationMissing {
            party: code("2309"),
            reference_date: date("2020-12-31"),
        }
    );
    assert_eq!(
        (error.field().as_str(), error.rule()),
        ("populations", "allocation.population_recorded")
    );
}

#[test]
fn the_parties_contributions_are_not_charged_to_one_party() {
    let exceptions = vec![NamedException {
        line: "Intäkter grundavtal deltagande kommuner".into(),
        party: code("2380"),
    }];
    assert_eq!(
        allocate(
            2021,
            &seed_001_lines(),
            &key(&["2380", "2309"], AllocationMethod::Population, exceptions),
            &populations_2020(),
        ),
        Err(AllocationError::ExceptionOnContributions {
            line: "Intäkter grundavtal deltagande kommuner".into(),
        })
    );
}

#[test]
fn an_exception_s_party_is_one_of_the_key_s_and_the_key_gives_weight() {
    let exceptions = vec![NamedException {
        line: "Värdregionens systemstöd".into(),
        party: code("0136"),
    }];
    assert_eq!(
        allocate(
            2025,
            &seed_004_lines(),
            &key(&["04", "19"], half_each(), exceptions),
            &BTreeMap::new(),
        ),
        Err(AllocationError::ExceptionPartyNotInKey {
            line: "Värdregionens systemstöd".into(),
            party: code("0136"),
        })
    );
    assert_eq!(
        allocate(
            2025,
            &seed_004_lines(),
            &key(&[], AllocationMethod::Population, Vec::new()),
            &BTreeMap::new(),
        ),
        Err(AllocationError::NoWeights)
    );
}

#[test]
fn every_error_names_its_field_and_rule() {
    let cases = [
        (
            AllocationError::YearOutOfRange { year: i32::MIN },
            "year",
            "allocation.year_has_reference_date",
        ),
        (
            AllocationError::ExceptionOnContributions { line: "x".into() },
            "exceptions",
            "allocation.exception_is_a_cost_or_revenue",
        ),
        (
            AllocationError::ExceptionPartyNotInKey {
                line: "x".into(),
                party: code("04"),
            },
            "exceptions",
            "allocation.exception_party_in_key",
        ),
        (
            AllocationError::NoWeights,
            "parties",
            "allocation.parties_have_weight",
        ),
        (
            AllocationError::AmountTooLarge,
            "lines",
            "allocation.amounts_in_range",
        ),
    ];
    for (error, field, rule) in cases {
        assert_eq!((error.field().as_str(), error.rule()), (field, rule));
    }
}

#[test]
fn amounts_beyond_what_kronor_can_hold_are_refused() {
    let lines = vec![line("Personalkostnader", BudgetLineKind::Cost, i64::MAX)];
    assert_eq!(
        allocate(
            2025,
            &lines,
            &key(&["04", "19"], half_each(), Vec::new()),
            &BTreeMap::new(),
        ),
        Err(AllocationError::AmountTooLarge)
    );
}

#[test]
fn largest_remainder_gives_leftover_units_to_the_largest_remainders_then_the_earlier_part() {
    assert_eq!(largest_remainder(100, &[1, 1, 1]), Some(vec![34, 33, 33]));
    assert_eq!(
        largest_remainder(-100, &[1, 1, 1]),
        Some(vec![-34, -33, -33])
    );
    assert_eq!(largest_remainder(10, &[2, 5, 3]), Some(vec![2, 5, 3]));
    assert_eq!(largest_remainder(7, &[0, 0]), None);
    assert_eq!(largest_remainder(7, &[]), None);
}

proptest! {
    #[test]
    fn largest_remainder_parts_always_add_up_to_the_whole(
        whole in -1_000_000_000_000_000i64..1_000_000_000_000_000,
        weights in proptest::collection::vec(0u64..100_000_000, 1..12),
    ) {
        prop_assume!(weights.iter().any(|weight| *weight > 0));
        let parts = largest_remainder(whole, &weights).unwrap();
        prop_assert_eq!(parts.iter().sum::<i64>(), whole);
        let total: i128 = weights.iter().map(|weight| i128::from(*weight)).sum();
        for (part, weight) in parts.iter().zip(&weights) {
            // Each part lies within one unit of its exact share.
            let exact = i128::from(whole) * i128::from(*weight);
            let scaled = i128::from(*part) * total;
            prop_assert!((scaled - exact).abs() < total);
        }
    }

    #[test]
    fn every_party_s_parts_add_up_to_what_the_parties_are_charged(
        amounts in proptest::collection::vec((0u8..3, 0i64..10_000_000), 1..10),
        shares in 0u32..=10_000,
        excepted in proptest::collection::vec(any::<bool>(), 10),
        populations in (1u32..2_000_000, 1u32..2_000_000, 1u32..2_000_000),
        by_population in any::<bool>(),
    ) {
        let mut contributions_given = false;
        let lines: Vec<BudgetLine> = amounts
            .iter()
            .enumerate()
            .map(|(index, (kind, amount))| {
                let kind = match kind {
                    0 => BudgetLineKind::Cost,
                    1 => BudgetLineKind::Revenue,
                    _ if contributions_given => BudgetLineKind::Cost,
                    _ => {
                        contributions_given = true;
                        BudgetLineKind::PartyContributions
                    }
                };
                line(&format!("Rad {index}"), kind, *amount)
            })
            .collect();
        let parties = ["2380", "2309", "2062"];
        let exceptions = lines
            .iter()
            .enumerate()
            .filter(|(index, line)| {
                excepted[*index] && line.kind != BudgetLineKind::PartyContributions
            })
            .map(|(index, line)| NamedException {
                line: line.name.clone(),
                party: code(parties[index % 3]),
            })
            .collect();
        let method = if by_population {
            AllocationMethod::Population
        } else {
            AllocationMethod::FixedShares {
                shares: vec![
                    FixedShare { party: code("2380"), basis_points: shares },
                    FixedShare { party: code("2309"), basis_points: 10_000 - shares },
                    FixedShare { party: code("2062"), basis_points: 0 },
                ],
            }
        };
        let figures = BTreeMap::from([
            (code("2380"), populations.0),
            (code("2309"), populations.1),
            (code("2062"), populations.2),
        ]);
        let allocation =
            allocate(2024, &lines, &key(&parties, method, exceptions), &figures).unwrap();
        let totals = &allocation.totals;
        let sum = |part: fn(&PartyShare) -> i64| allocation.parties.iter().map(part).sum::<i64>();
        prop_assert_eq!(sum(|share| share.shared_kronor), totals.shared_kronor);
        prop_assert_eq!(sum(|share| share.total_kronor), totals.charged_to_parties_kronor);
        prop_assert_eq!(
            totals.shared_kronor + totals.exceptions_kronor,
            totals.charged_to_parties_kronor
        );
        if allocation.parties.iter().all(|share| share.total_tkr.is_some()) {
            prop_assert_eq!(
                sum(|share| share.total_tkr.unwrap_or_default()),
                totals.charged_to_parties_kronor / 1_000
            );
        }
        let basis_points: Option<Vec<u32>> = allocation
            .parties
            .iter()
            .map(|share| share.effective_basis_points)
            .collect();
        if let Some(basis_points) = basis_points {
            prop_assert_eq!(basis_points.iter().sum::<u32>(), 10_000);
        }
    }
}

/// The budget rule `budget.amounts_computable` lets lines add up to `MOST_TKR`; a budget at that
/// bound is split, by fixed shares and by the largest populations a party can record.
#[test]
fn a_budget_as_large_as_the_register_takes_is_split() {
    use crate::allocation::MOST_TKR;
    let lines = [
        line("Personal", BudgetLineKind::Cost, MOST_TKR - 1),
        line("Lokaler", BudgetLineKind::Cost, 1),
    ];
    let fixed = allocate(
        2025,
        &lines,
        &key(&["04", "19"], half_each(), Vec::new()),
        &BTreeMap::new(),
    )
    .unwrap();
    assert_eq!(fixed.totals.charged_to_parties_kronor, MOST_TKR * 1_000);
    let populations = BTreeMap::from([(code("04"), u32::MAX), (code("19"), u32::MAX - 1)]);
    let by_population = allocate(
        2025,
        &lines,
        &key(&["04", "19"], AllocationMethod::Population, Vec::new()),
        &populations,
    )
    .unwrap();
    let shares: i64 = by_population
        .parties
        .iter()
        .map(|party| party.total_kronor)
        .sum();
    assert_eq!(shares, MOST_TKR * 1_000);
}
