//! `GET /cooperations`: every cooperation the register holds, with its form, host, parties and
//! status on any day, as the register knew it at any moment.

use axum::http::StatusCode;
use projections::{Outcome, ReadModel};
use serde_json::{json, Value};

use crate::support::api_client::{Api, Tokens};

fn basis() -> Value {
    json!({
        "kind": "external_decision",
        "issuer": "Kommunfullmäktige Mora",
        "decided_on": "2019-11-25",
        "reference": "§ 123",
        "registry_number": null
    })
}

async fn post(api: &Api, tokens: &Tokens, path: &str, body: Value) -> Value {
    let reply = api.post(path, Some(&tokens.administrator), body).await;
    assert!(reply.status.is_success(), "{path}: {:?}", reply.body);
    reply.body
}

#[tokio::test]
async fn the_list_shows_each_cooperation_on_the_day_asked_as_known_at_the_moment_asked() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    for (code, name) in [
        ("2062", "Mora kommun"),
        ("2034", "Orsa kommun"),
        ("2039", "Älvdalens kommun"),
        ("2080", "Falu kommun"),
    ] {
        post(
            &api,
            &tokens,
            "/api/v1/parties",
            json!({"code": code, "name": name}),
        )
        .await;
    }
    let established = post(
        &api,
        &tokens,
        "/api/v1/cooperations",
        json!({
            "name": "Upphandlingssamverkan Mora, Orsa och Älvdalen",
            "form": "host_run_central_purchasing_body",
            "host": "2062",
            "parties": ["2062", "2034", "2039"],
            "established_on": "2020-01-01",
            "predecessor": null,
            "basis": basis()
        }),
    )
    .await;
    let id = established["id"].as_str().unwrap().to_owned();
    let before_joining = established["position"].as_u64().unwrap();
    post(
        &api,
        &tokens,
        &format!("/api/v1/cooperations/{id}/parties"),
        json!({"party": "2080", "joins_on": "2021-01-01", "basis": basis()}),
    )
    .await;
    post(
        &api,
        &tokens,
        &format!("/api/v1/cooperations/{id}/dissolution"),
        json!({"decided_on": "2024-03-01", "effective_on": "2024-07-01", "successor": null, "basis": basis()}),
    )
    .await;
    api.catch_up().await;

    let list = |query: String| {
        let api = &api;
        let tokens = &tokens;
        async move {
            let reply = api
                .get(
                    &format!("/api/v1/cooperations?{query}"),
                    Some(&tokens.auditor),
                )
                .await;
            assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
            reply.body
        }
    };
    let entry = |parties: Value, status: &str, dissolution: Value| {
        json!({
            "cooperation_id": id,
            "name": "Upphandlingssamverkan Mora, Orsa och Älvdalen",
            "form": "host_run_central_purchasing_body",
            "host": "2062",
            "parties": parties,
            "established_on": "2020-01-01",
            "status": status,
            "dissolution_effective_on": dissolution,
            "predecessor": null,
            "successor": null
        })
    };

    let in_2021 = list("as_of=2021-06-01".into()).await;
    assert_eq!(in_2021["known_at"], 7);
    assert_eq!(
        in_2021["cooperations"],
        json!([entry(
            json!(["2034", "2039", "2062", "2080"]),
            "active",
            Value::Null
        )])
    );
    let in_2020 = list("as_of=2020-06-01".into()).await;
    assert_eq!(
        in_2020["cooperations"],
        json!([entry(
            json!(["2034", "2039", "2062"]),
            "active",
            Value::Null
        )])
    );
    // Its dissolution was decided on 2024-03-01: the list says so from that day.
    let dissolving = list("as_of=2024-03-01".into()).await;
    assert_eq!(
        dissolving["cooperations"],
        json!([entry(
            json!(["2034", "2039", "2062", "2080"]),
            "dissolving",
            json!("2024-07-01")
        )])
    );
    let dissolved = list("as_of=2024-07-01".into()).await;
    assert_eq!(dissolved["cooperations"][0]["status"], "dissolved");
    let before = list("as_of=2019-12-31".into()).await;
    assert_eq!(
        before["cooperations"],
        json!([entry(json!([]), "not_yet_established", Value::Null)])
    );
    // As known before Falun joined and the dissolution was decided.
    let as_known = list(format!("as_of=2021-06-01&known_at={before_joining}")).await;
    assert_eq!(
        as_known["cooperations"],
        json!([entry(
            json!(["2034", "2039", "2062"]),
            "active",
            Value::Null
        )])
    );
    let nothing_yet = list("as_of=2021-06-01&known_at=4".into()).await;
    assert_eq!(nothing_yet["cooperations"], json!([]));

    let anonymous = api.get("/api/v1/cooperations", None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);

    let report = projections::rebuild(
        &api.db.pool,
        ReadModel::Cooperations,
        Outcome::Check,
        &mut |_| {},
    )
    .await
    .unwrap();
    assert_eq!(report.drift, Vec::new());
}
