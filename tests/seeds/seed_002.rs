//! Seed 002 as a user checks it after `samverkan import data/scenarios/002-mora-orsa-alvdalen.json`:
//! Mora is host and central purchasing body, and Orsa and Älvdalen each have a procurement
//! officer in the coordination group.

use axum::http::StatusCode;
use samverkan::import::scenario::key_id;
use serde_json::{json, Value};

use crate::support::seeds::imported;

const SCENARIO: &str = "002-mora-orsa-alvdalen";

fn members(reply: &Value) -> Vec<(String, String, String)> {
    reply["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|member| {
            (
                member["party"].as_str().unwrap().to_owned(),
                member["role"].as_str().unwrap().to_owned(),
                member["name"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn mora_hosts_and_orsa_and_alvdalen_each_have_a_procurement_officer_in_the_group() {
    let (api, tokens, created) = imported("002-mora-orsa-alvdalen.json").await;
    let cooperation = &created["samverkan"];
    let group = &created["samordningsgruppen"];

    // Mora is host municipality and central purchasing body, with Orsa and Älvdalen.
    let listed = api
        .get(
            "/api/v1/cooperations?as_of=2020-06-01",
            Some(&tokens.auditor),
        )
        .await;
    assert_eq!(
        listed.body["cooperations"],
        json!([{
            "cooperation_id": cooperation,
            "name": "Upphandlingssamverkan Mora, Orsa och Älvdalen",
            "form": "host_run_central_purchasing_body",
            "host": "2062",
            "parties": ["2034", "2039", "2062"],
            "established_on": "2020-01-01",
            "status": "active",
            "dissolution_effective_on": null,
            "predecessor": null,
            "successor": null
        }])
    );

    // It rests on KF Mora 2019-11-25.
    let timeline = api
        .get(
            &format!("/api/v1/cooperations/{cooperation}/timeline"),
            Some(&tokens.auditor),
        )
        .await;
    assert_eq!(timeline.status, StatusCode::OK, "{:?}", timeline.body);
    let established = timeline.body["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|entry| entry["event_type"] == "CooperationEstablished")
        .unwrap();
    assert_eq!(established["effective_on"], "2020-01-01");
    assert_eq!(
        established["basis"],
        json!({
            "kind": "decision",
            "decision_id": key_id(SCENARIO, "kf-mora-2019-11-25"),
            "citation": "KF Mora 2019-11-25"
        })
    );
    let summary = established["summary"].as_str().unwrap();
    assert!(summary.contains("host 2062"), "{summary}");
    assert!(summary.contains("central purchasing body"), "{summary}");

    // Mora owes the resources and competence; Orsa and Älvdalen a procurement officer each.
    let obligations = api
        .get(
            &format!("/api/v1/cooperations/{cooperation}/obligations?as_of=2020-06-01"),
            Some(&tokens.auditor),
        )
        .await;
    let mut owed: Vec<(String, String)> = obligations.body["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|obligation| {
            (
                obligation["debtor"].as_str().unwrap().to_owned(),
                obligation["kind"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    owed.sort();
    assert_eq!(
        owed,
        vec![
            ("2034".to_owned(), "appoint_representative".to_owned()),
            ("2039".to_owned(), "appoint_representative".to_owned()),
            ("2062".to_owned(), "provide_staff".to_owned()),
        ]
    );

    // Orsa and Älvdalen each have a procurement officer in the coordination group, in 2020 and
    // in today's mandate period.
    for as_of in ["2020-06-01", "2024-06-01"] {
        let membership = api
            .get(
                &format!("/api/v1/bodies/{group}/membership?as_of={as_of}"),
                Some(&tokens.auditor),
            )
            .await;
        assert_eq!(membership.status, StatusCode::OK, "{:?}", membership.body);
        assert_eq!(membership.body["body"]["kind"], "coordination_group");
        assert_eq!(
            members(&membership.body),
            vec![
                (
                    "2034".to_owned(),
                    "procurement_officer".to_owned(),
                    "Upphandlingsansvarig Orsa".to_owned()
                ),
                (
                    "2039".to_owned(),
                    "procurement_officer".to_owned(),
                    "Upphandlingsansvarig Älvdalen".to_owned()
                ),
                (
                    "2062".to_owned(),
                    "procurement_officer".to_owned(),
                    "Upphandlingschef Mora".to_owned()
                ),
            ],
            "as of {as_of}"
        );
    }
    // Before KF Mora's decision took effect there was no group.
    let before = api
        .get(
            &format!("/api/v1/bodies/{group}/membership?as_of=2019-12-31"),
            Some(&tokens.auditor),
        )
        .await;
    assert_eq!(
        before.body["body"]["standing"],
        json!({ "status": "not_yet_established" })
    );
    assert_eq!(before.body["seats"], json!([]));
    assert_eq!(before.body["members"], json!([]));
}
