//! `samverkan import` as a user runs it: a scenario is written whole or not at all, checked
//! before anything is written, recorded once, and refused when a changed file follows it.

use std::path::Path;
use std::process::{Command, Output};

use serde_json::{json, Value};

use crate::support::fixtures::*;
use crate::support::harness::TestDatabase;

fn samverkan(db: &TestDatabase, arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_samverkan"))
        .args(arguments)
        .env("DATABASE_URL", db.url())
        .env("SAMVERKAN_LOG", "off")
        .env_remove("SAMVERKAN_OPERATOR")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Seed 002 in brief: Mora, Orsa and Älvdalen, Mora's council decision, and the cooperation
/// that rests on it, named by keys.
fn mora(host: &str) -> Value {
    json!({
        "format": "samverkan-scenario",
        "format_version": 1,
        "scenario": "test-mora",
        "title": "Upphandlingssamverkan Mora, Orsa och Älvdalen",
        "illustrative": ["the council's § and registry number"],
        "steps": [
            {"post": "/parties", "body": {"code": "2062", "name": "Mora kommun"}},
            {"post": "/parties", "body": {"code": "2034", "name": "Orsa kommun"}},
            {"post": "/parties", "body": {"code": "2039", "name": "Älvdalens kommun"}},
            {"note": "KF Mora 2019-11-25", "post": "/external-decisions", "body": {
                "decision_id": "@kf-mora",
                "details": {"issuer": "KF Mora", "issuer_party": "2062", "decided_on": "2019-11-25",
                            "paragraph": "§123", "registry_number": null,
                            "subject": "Ny upphandlingsorganisation"}},
             "illustrative": ["the §"]},
            {"post": "/cooperations", "key": "samverkan", "body": {
                "name": "Upphandlingssamverkan Mora, Orsa och Älvdalen",
                "form": "host_run_central_purchasing_body",
                "host": host,
                "parties": ["2062", "2034", "2039"],
                "established_on": "2020-01-01",
                "predecessor": null,
                "basis": {"kind": "decision", "decision_id": "@kf-mora"}}},
            {"post": "/cooperations/@samverkan/parties", "body": {
                "party": "2080", "joins_on": "2021-01-01",
                "basis": {"kind": "decision", "decision_id": "@kf-mora"}}}
        ]
    })
}

fn write(directory: &Path, name: &str, scenario: &Value) -> String {
    let path = directory.join(name);
    std::fs::write(&path, serde_json::to_vec_pretty(scenario).unwrap()).unwrap();
    path.to_str().unwrap().to_owned()
}

async fn event_count(db: &TestDatabase) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM events")
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_scenario_is_imported_whole_in_the_importer_s_name_and_once() {
    let db = TestDatabase::new().await;
    let directory = tempfile::tempdir().unwrap();
    let mut scenario = mora("2062");
    // Falun joins too, so it must be a party of the register first.
    scenario["steps"].as_array_mut().unwrap().insert(
        3,
        json!({"post": "/parties", "body": {"code": "2080", "name": "Falu kommun"}}),
    );
    let file = write(directory.path(), "mora.json", &scenario);

    let imported = samverkan(&db, &["import", &file, "--by", "Anna Svensson"]);
    assert_eq!(
        imported.status.code(),
        Some(0),
        "{}",
        text(&imported.stderr)
    );
    let events = read_all(&db.pool).await;
    let cooperation_id = &events[5].aggregate_id;
    assert_eq!(
        text(&imported.stdout),
        format!(
            "imported scenario test-mora (7 steps): 8 events at positions 1–8\n@samverkan = {cooperation_id}\n"
        )
    );
    let kinds: Vec<(&str, &str)> = events
        .iter()
        .map(|event| (event.aggregate_type.as_str(), event.event_type.as_str()))
        .collect();
    assert_eq!(
        kinds,
        vec![
            ("Party", "PartyRegistered"),
            ("Party", "PartyRegistered"),
            ("Party", "PartyRegistered"),
            ("Party", "PartyRegistered"),
            ("ExternalDecision", "ExternalDecisionRecorded"),
            ("Cooperation", "CooperationEstablished"),
            ("Cooperation", "PartyJoined"),
            ("ScenarioImport", "ScenarioImported"),
        ]
    );
    // The cooperation the key named is the one the party joined, and the decision its basis.
    assert_eq!(events[6].aggregate_id, events[5].aggregate_id);
    let decision_id = samverkan::import::scenario::key_id("test-mora", "kf-mora").to_string();
    assert_eq!(events[4].aggregate_id, decision_id);
    assert!(events[5].payload.contains(&decision_id));
    for event in &events {
        let metadata: Value = serde_json::from_str(&event.metadata).unwrap();
        assert_eq!(
            metadata,
            json!({
                "actor_id": "operator:Anna Svensson",
                "actor_name": "Anna Svensson",
                "actor_role": "operator"
            }),
            "position {}",
            event.position
        );
    }
    let marker: Value = serde_json::from_str(&events[7].payload).unwrap();
    assert_eq!(marker["ScenarioImported"]["steps"], 7);
    assert_eq!(marker["ScenarioImported"]["scenario"], "test-mora");
    assert_eq!(
        marker["ScenarioImported"]["created"],
        json!({ "samverkan": cooperation_id })
    );

    let again = samverkan(&db, &["import", &file]);
    assert_eq!(again.status.code(), Some(0), "{}", text(&again.stderr));
    assert_eq!(
        text(&again.stdout),
        "scenario test-mora was imported from this file before (position 8); nothing written\n"
    );
    assert_eq!(event_count(&db).await, 8);

    scenario["title"] = json!("Upphandlingssamverkan i norra Dalarna");
    let changed = write(directory.path(), "changed.json", &scenario);
    let refused = samverkan(&db, &["import", &changed]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        text(&refused.stderr).starts_with(
            "samverkan: nothing was imported: scenario test-mora was imported at position 8 from another file"
        ),
        "{}",
        text(&refused.stderr)
    );
    assert_eq!(event_count(&db).await, 8);
}

#[tokio::test]
async fn a_step_the_register_refuses_writes_nothing_and_names_the_step_and_rule() {
    let db = TestDatabase::new().await;
    let directory = tempfile::tempdir().unwrap();
    // The host is no party of the cooperation, and Falun was never registered.
    let file = write(directory.path(), "mora.json", &mora("2080"));
    let refused = samverkan(&db, &["import", &file]);
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(
        text(&refused.stderr),
        "samverkan: nothing was imported: steps[4] (POST /cooperations) was refused with 422: the host 2080 is not one of the parties: the host must be a party [host (cooperation.host_is_a_party)]\n"
    );
    assert_eq!(event_count(&db).await, 0);
}

#[tokio::test]
async fn a_file_with_a_mistake_is_refused_before_any_database_is_touched() {
    let directory = tempfile::tempdir().unwrap();
    let misspelt = directory.path().join("misspelt.json");
    std::fs::write(
        &misspelt,
        "{\"format\": \"samverkan-scenario\", \"format_version\": 1,\n \"scenario\": \"x\", \"title\": \"t\",\n \"steps\": [{\"post\": \"/parties\", \"bdy\": {}}]}",
    )
    .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_samverkan"))
        .args(["import", misspelt.to_str().unwrap()])
        .env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/nowhere")
        .env("SAMVERKAN_LOG", "off")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with(
            "samverkan: nothing was imported: line 3, column 37 (steps[0].bdy): unknown field `bdy`"
        ),
        "{stderr}"
    );

    let mut scenario = mora("2062");
    scenario["steps"][5]["post"] = json!("/cooperations/@samverkan/members");
    let unknown = write(directory.path(), "unknown.json", &scenario);
    let output = Command::new(env!("CARGO_BIN_EXE_samverkan"))
        .args(["import", &unknown])
        .env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/nowhere")
        .env("SAMVERKAN_LOG", "off")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        text(&output.stderr),
        "samverkan: nothing was imported: steps[5].post: \"/cooperations/@samverkan/members\" is not the path of a command endpoint; see the README's command tables\n"
    );
}
