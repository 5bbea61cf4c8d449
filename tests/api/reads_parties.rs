//! The party reads: every party by name, and one party with the cooperations it belongs to on a
//! day; the address a registration returns now answers a GET.

use axum::http::StatusCode;
use serde_json::json;

use crate::support::api_client::{Api, Tokens};
use crate::support::problems::assert_problem;
use crate::support::seeds::ImportedSeed;

#[tokio::test]
async fn every_party_is_listed_by_code_with_its_name_as_known_at_a_position() {
    let seed = ImportedSeed::import("003-sodertorn").await;
    seed.api.catch_up().await;
    let auditor = Some(seed.tokens.auditor.as_str());

    let latest = seed
        .api
        .get("/api/v1/parties?as_of=2024-06-30", auditor)
        .await;
    let first = seed
        .api
        .get("/api/v1/parties?as_of=2024-06-30&known_at=1", auditor)
        .await;

    assert_eq!(latest.status, StatusCode::OK, "{:?}", latest.body);
    assert_eq!(
        latest.body["parties"],
        json!([
            { "code": "0136", "name": "Haninge kommun" },
            { "code": "0192", "name": "Nynäshamns kommun" }
        ])
    );
    assert_eq!(
        first.body,
        json!({
            "as_of": "2024-06-30",
            "known_at": 1,
            "parties": [{ "code": "0136", "name": "Haninge kommun" }],
            "next_cursor": null
        })
    );
}

#[tokio::test]
async fn a_party_is_answered_with_its_name_and_the_cooperations_it_belongs_to_that_day() {
    let seed = ImportedSeed::import("003-sodertorn").await;
    seed.api.catch_up().await;
    let auditor = Some(seed.tokens.auditor.as_str());
    let sodertorn = seed.id("upphandling-sodertorn");
    let successor = seed.id("samverkansavtal-andra-halvaret-2024");

    let before = seed
        .api
        .get("/api/v1/parties/0192?as_of=2024-06-30", auditor)
        .await;
    let after = seed
        .api
        .get("/api/v1/parties/0192?as_of=2024-07-01", auditor)
        .await;

    assert_eq!(before.status, StatusCode::OK, "{:?}", before.body);
    assert_eq!(before.body["code"], "0192");
    assert_eq!(before.body["name"], "Nynäshamns kommun");
    assert_eq!(
        before.body["cooperations"],
        json!([{ "cooperation_id": sodertorn, "name": "Upphandling Södertörn", "host": false }])
    );
    assert_eq!(
        after.body["cooperations"],
        json!([{
            "cooperation_id": successor,
            "name": "Upphandlingssamverkan Haninge–Nynäshamn, andra halvåret 2024",
            "host": false
        }])
    );
}

#[tokio::test]
async fn the_address_a_registration_returns_answers_and_an_unknown_code_is_a_404() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let registered = api
        .post(
            "/api/v1/parties",
            Some(&tokens.administrator),
            json!({ "code": "2062", "name": "Mora kommun" }),
        )
        .await;
    api.catch_up().await;
    let location = registered.header("location").unwrap().to_owned();

    let party = api.get(&location, Some(&tokens.auditor)).await;
    let unknown = api.get("/api/v1/parties/2021", Some(&tokens.auditor)).await;
    let anonymous = api.get(&location, None).await;

    assert_eq!(party.status, StatusCode::OK);
    assert_eq!(party.body["name"], "Mora kommun");
    assert_eq!(party.body["known_at"], 1);
    assert_eq!(party.body["cooperations"], json!([]));
    assert_problem(&unknown, StatusCode::NOT_FOUND, "not-found");
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}
