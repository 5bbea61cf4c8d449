use cqrs_es::test::TestFramework;

use super::*;

type ScenarioTest = TestFramework<ScenarioImport>;

const SHA: &str = "5d41402abc4b2a76b9719d911017c5925d41402abc4b2a76b9719d911017c592";

fn record(scenario: &str, sha256: &str) -> ScenarioImportCommand {
    ScenarioImportCommand::Record(RecordScenarioImport {
        scenario: scenario.into(),
        title: " Upphandlingskontoret ".into(),
        sha256: sha256.into(),
        steps: 12,
        created: created(),
    })
}

fn created() -> std::collections::BTreeMap<String, String> {
    std::collections::BTreeMap::from([(
        "upphandlingskontoret".to_owned(),
        "7d0c8e51-5b1f-4c3e-9a52-0f1e2d3c4b5a".to_owned(),
    )])
}

fn imported() -> ScenarioImportEvent {
    ScenarioImportEvent::ScenarioImported(ScenarioImported {
        scenario: "001-upphandlingskontoret".into(),
        title: "Upphandlingskontoret".into(),
        sha256: SHA.into(),
        steps: 12,
        created: created(),
    })
}

#[test]
fn an_import_is_recorded_with_its_file_hash() {
    ScenarioTest::with(())
        .given_no_previous_events()
        .when(record("001-upphandlingskontoret", SHA))
        .then_expect_events(vec![imported()]);
}

#[test]
fn a_scenario_is_imported_once() {
    ScenarioTest::with(())
        .given(vec![imported()])
        .when(record("001-upphandlingskontoret", SHA))
        .then_expect_error(ScenarioImportError::AlreadyImported { sha256: SHA.into() });
}

#[test]
fn the_name_is_a_slug_and_the_hash_is_lowercase_hex() {
    ScenarioTest::with(())
        .given_no_previous_events()
        .when(record("Upphandlingskontoret", SHA))
        .then_expect_error(ScenarioImportError::MalformedName);
    ScenarioTest::with(())
        .given_no_previous_events()
        .when(record("001", &SHA.to_uppercase()))
        .then_expect_error(ScenarioImportError::MalformedSha256);
    assert!(is_scenario_name("004-inkopsnamnden"));
    assert!(!is_scenario_name("-004"));
    assert!(!is_scenario_name(""));
}

#[test]
fn version_one_scenario_imported_keeps_loading() {
    let stored = r#"{"ScenarioImported":{"scenario":"001-upphandlingskontoret","title":"Upphandlingskontoret","sha256":"5d41402abc4b2a76b9719d911017c5925d41402abc4b2a76b9719d911017c592","steps":12,"created":{"upphandlingskontoret":"7d0c8e51-5b1f-4c3e-9a52-0f1e2d3c4b5a"}}}"#;
    let event: ScenarioImportEvent = serde_json::from_str(stored).unwrap();
    assert_eq!(event, imported());
    assert_eq!(serde_json::to_string(&event).unwrap(), stored);
}
