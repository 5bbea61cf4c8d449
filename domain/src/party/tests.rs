use chrono::NaiveDate;
use cqrs_es::test::TestFramework;

use super::*;
use crate::PartyCode;

fn code(code: &str) -> PartyCode {
    PartyCode::parse(code).unwrap()
}

fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

#[test]
fn a_party_is_registered_as_municipality_or_region_by_its_code() {
    TestFramework::<Party>::with(())
        .given_no_previous_events()
        .when(PartyCommand::Register(RegisterParty {
            code: code("2062"),
            name: " Mora kommun ".into(),
        }))
        .then_expect_events(vec![PartyEvent::PartyRegistered(PartyRegistered {
            code: code("2062"),
            kind: PartyKind::Municipality,
            name: "Mora kommun".into(),
        })]);
    assert_eq!(PartyKind::of(&code("04")), PartyKind::Region);
}

#[test]
fn a_party_is_registered_once_with_a_name() {
    let registered = PartyEvent::PartyRegistered(PartyRegistered {
        code: code("2062"),
        kind: PartyKind::Municipality,
        name: "Mora kommun".into(),
    });
    TestFramework::<Party>::with(())
        .given(vec![registered])
        .when(PartyCommand::Register(RegisterParty {
            code: code("2062"),
            name: "Mora".into(),
        }))
        .then_expect_error(PartyError::AlreadyRegistered { code: code("2062") });
    TestFramework::<Party>::with(())
        .given_no_previous_events()
        .when(PartyCommand::Register(RegisterParty {
            code: code("2062"),
            name: "".into(),
        }))
        .then_expect_error(PartyError::NameMissing);
}

/// Illustrative figure: the seeds give no populations.
fn recorded() -> PopulationEvent {
    PopulationEvent::PopulationRecorded(PopulationRecorded {
        party: code("2062"),
        reference_date: date("2020-12-31"),
        population: 20_300,
        source: "SCB, folkmängd 31 december 2020".into(),
    })
}

fn correct(population: u32, source: &str, reason: &str) -> PopulationCommand {
    PopulationCommand::Correct(CorrectPopulation {
        population,
        source: source.into(),
        reason: reason.into(),
    })
}

#[test]
fn a_population_is_recorded_per_reference_date_with_its_source() {
    assert_eq!(
        PopulationFigure::stream_id(&code("2062"), date("2020-12-31")),
        "2062:2020-12-31"
    );
    TestFramework::<PopulationFigure>::with(())
        .given_no_previous_events()
        .when(PopulationCommand::Record(RecordPopulation {
            party: code("2062"),
            reference_date: date("2020-12-31"),
            population: 20_300,
            source: "SCB, folkmängd 31 december 2020".into(),
        }))
        .then_expect_events(vec![recorded()]);
}

#[test]
fn a_population_is_positive_sourced_and_recorded_once() {
    let record = |population, source: &str| {
        PopulationCommand::Record(RecordPopulation {
            party: code("2062"),
            reference_date: date("2020-12-31"),
            population,
            source: source.into(),
        })
    };
    TestFramework::<PopulationFigure>::with(())
        .given_no_previous_events()
        .when(record(0, "SCB"))
        .then_expect_error(PopulationError::PopulationZero);
    TestFramework::<PopulationFigure>::with(())
        .given_no_previous_events()
        .when(record(20_300, " "))
        .then_expect_error(PopulationError::SourceMissing);
    TestFramework::<PopulationFigure>::with(())
        .given(vec![recorded()])
        .when(record(20_300, "SCB"))
        .then_expect_error(PopulationError::AlreadyRecorded);
}

#[test]
fn a_population_is_corrected_with_a_reason() {
    TestFramework::<PopulationFigure>::with(())
        .given(vec![recorded()])
        .when(correct(
            20_322,
            "SCB, folkmängd 31 december 2020",
            "Avskrift.",
        ))
        .then_expect_events(vec![PopulationEvent::PopulationCorrected(
            PopulationCorrected {
                population: 20_322,
                source: "SCB, folkmängd 31 december 2020".into(),
                reason: "Avskrift.".into(),
            },
        )]);
    TestFramework::<PopulationFigure>::with(())
        .given(vec![recorded()])
        .when(correct(20_322, "SCB", ""))
        .then_expect_error(PopulationError::CorrectionReasonMissing);
    TestFramework::<PopulationFigure>::with(())
        .given(vec![recorded()])
        .when(correct(20_300, "SCB, folkmängd 31 december 2020", "x"))
        .then_expect_error(PopulationError::CorrectionChangesNothing);
    TestFramework::<PopulationFigure>::with(())
        .given_no_previous_events()
        .when(correct(20_300, "SCB", "x"))
        .then_expect_error(PopulationError::NotRecorded);
}
