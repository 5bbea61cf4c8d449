//! The governing document endpoints: adopting, amending and correcting a document, and who may.
//! `adopted_document` is shared with the suites that need a document in force.

use axum::http::StatusCode;
use register::access::Role;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::support::api_client::{Api, Tokens};
use crate::support::governance::{basis_json, committee, mora_cooperation};
use crate::support::log::{event_count, payload_at};
use crate::support::problems::{assert_broken_rule, assert_malformed, assert_problem};

fn adoption(cooperation_id: Uuid) -> Value {
    json!({
        "cooperation_id": cooperation_id,
        "kind": "cooperation_agreement",
        "title": "Samverkansavtal om upphandling",
        "effective_on": "2020-01-01",
        "clauses": [
            { "number": "§ 1", "text": "Parterna samverkar om upphandling." },
            { "number": "§ 2", "text": "Mora kommun är värdkommun." }
        ],
        "basis": basis_json()
    })
}

fn amendment(amends_version: u32) -> Value {
    json!({
        "amends_version": amends_version,
        "effective_on": "2021-01-01",
        "changes": [
            { "change": "replace", "number": "§ 2", "text": "Mora kommun är värdkommun och anställer personalen." },
            { "change": "insert", "number": "§ 3", "text": "Kostnaderna fördelas efter folkmängd." }
        ],
        "basis": basis_json()
    })
}

fn correction() -> Value {
    json!({
        "version": 2,
        "effective_on": "2021-02-01",
        "clauses": null,
        "reason": "The amendment took effect a month later than recorded.",
        "basis": basis_json()
    })
}

/// A document adopted through the API by an administrator; returns its id.
pub(crate) async fn adopted_document(api: &Api, administrator: &str, cooperation_id: Uuid) -> Uuid {
    let reply = api
        .post(
            "/api/v1/documents",
            Some(administrator),
            adoption(cooperation_id),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    reply.id()
}

#[tokio::test]
async fn an_administrator_adopts_amends_and_corrects_a_document() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let cooperation_id = mora_cooperation(&api).await;

    let adopted = api
        .post(
            "/api/v1/documents",
            Some(&tokens.administrator),
            adoption(cooperation_id),
        )
        .await;
    let document_id = adopted.id();
    let location = format!("/api/v1/documents/{document_id}");
    let amended = api
        .post(
            &format!("/api/v1/documents/{document_id}/amendments"),
            Some(&tokens.administrator),
            amendment(1),
        )
        .await;
    let corrected = api
        .post(
            &format!("/api/v1/documents/{document_id}/corrections"),
            Some(&tokens.administrator),
            correction(),
        )
        .await;

    assert_eq!(adopted.status, StatusCode::CREATED);
    assert_eq!(adopted.header("location"), Some(location.as_str()));
    assert_eq!(
        adopted.body,
        json!({ "id": document_id.to_string(), "position": 2, "version": 1 })
    );
    assert_eq!(amended.status, StatusCode::OK);
    assert_eq!(amended.header("location"), Some(location.as_str()));
    assert_eq!(
        amended.body,
        json!({ "id": document_id.to_string(), "position": 3, "version": 2 })
    );
    assert_eq!(corrected.status, StatusCode::OK);
    assert_eq!(corrected.header("location"), Some(location.as_str()));
    assert_eq!(
        corrected.body,
        json!({ "id": document_id.to_string(), "position": 4, "version": 3 })
    );
    assert_eq!(
        payload_at(&api, 2).await,
        json!({ "DocumentAdopted": {
            "cooperation_id": cooperation_id,
            "kind": "cooperation_agreement",
            "title": "Samverkansavtal om upphandling",
            "effective_on": "2020-01-01",
            "clauses": [
                { "number": "§ 1", "text": "Parterna samverkar om upphandling." },
                { "number": "§ 2", "text": "Mora kommun är värdkommun." }
            ],
            "basis": basis_json()
        }})
    );
    let metadata: Value = sqlx::query_scalar("SELECT metadata FROM events WHERE position = $1")
        .bind(i64::try_from(adopted.position()).unwrap())
        .fetch_one(&api.db.pool)
        .await
        .unwrap();
    assert_eq!(metadata["actor_role"], "administrator");
    assert_eq!(metadata["actor_name"], "administrator in a test");
    assert_eq!(
        metadata["request_id"].as_str(),
        adopted.header("x-request-id")
    );
}

#[tokio::test]
async fn documents_are_written_only_by_an_administrator() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let cooperation_id = mora_cooperation(&api).await;
    let body_id = committee(&api, cooperation_id, "Upphandlingsnämnden").await;
    let secretary = api.token(Role::Secretary, &[body_id]).await;
    let document_id = adopted_document(&api, &tokens.administrator, cooperation_id).await;
    let before = event_count(&api).await;

    let writes = [
        ("/api/v1/documents".to_owned(), adoption(cooperation_id)),
        (
            format!("/api/v1/documents/{document_id}/amendments"),
            amendment(1),
        ),
        (
            format!("/api/v1/documents/{document_id}/corrections"),
            correction(),
        ),
    ];
    for (path, body) in writes {
        let anonymous = api.post(&path, None, body.clone()).await;
        let auditor = api.post(&path, Some(&tokens.auditor), body.clone()).await;
        let by_secretary = api.post(&path, Some(&secretary), body).await;

        assert_problem(&anonymous, StatusCode::UNAUTHORIZED, "unauthenticated");
        assert_problem(&auditor, StatusCode::FORBIDDEN, "forbidden");
        assert_problem(&by_secretary, StatusCode::FORBIDDEN, "forbidden");
    }
    assert_eq!(event_count(&api).await, before);
}

#[tokio::test]
async fn an_unknown_document_is_a_404_and_an_unknown_cooperation_a_422() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let unknown = Uuid::new_v4();

    let amended = api
        .post(
            &format!("/api/v1/documents/{unknown}/amendments"),
            Some(&tokens.administrator),
            amendment(1),
        )
        .await;
    let corrected = api
        .post(
            &format!("/api/v1/documents/{unknown}/corrections"),
            Some(&tokens.administrator),
            correction(),
        )
        .await;
    let adopted = api
        .post(
            "/api/v1/documents",
            Some(&tokens.administrator),
            adoption(unknown),
        )
        .await;

    assert_problem(&amended, StatusCode::NOT_FOUND, "not-found");
    assert_eq!(
        amended.body["detail"],
        format!("there is no document {unknown}")
    );
    assert_problem(&corrected, StatusCode::NOT_FOUND, "not-found");
    assert_broken_rule(&adopted, "cooperation_id", "cooperation.is_recorded");
    assert_eq!(event_count(&api).await, 0);
}

#[tokio::test]
async fn a_document_keeps_its_rules_and_its_cooperation_s_founding_day_is_looked_up() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let cooperation_id = mora_cooperation(&api).await;
    let document_id = adopted_document(&api, &tokens.administrator, cooperation_id).await;
    let before = event_count(&api).await;

    let unknown_version = api
        .post(
            &format!("/api/v1/documents/{document_id}/amendments"),
            Some(&tokens.administrator),
            amendment(5),
        )
        .await;
    let mut early = adoption(cooperation_id);
    early["effective_on"] = json!("2019-12-31");
    let before_the_cooperation = api
        .post("/api/v1/documents", Some(&tokens.administrator), early)
        .await;
    let mut asserted = adoption(cooperation_id);
    asserted["cooperation_established_on"] = json!("2010-01-01");
    let asserting_the_fact = api
        .post("/api/v1/documents", Some(&tokens.administrator), asserted)
        .await;
    let mut unknown_kind = adoption(cooperation_id);
    unknown_kind["kind"] = json!("statute");
    let malformed = api
        .post(
            "/api/v1/documents",
            Some(&tokens.administrator),
            unknown_kind,
        )
        .await;

    assert_broken_rule(
        &unknown_version,
        "amends_version",
        "document.amends_existing_version",
    );
    assert_eq!(
        unknown_version.body["detail"],
        "version 5 does not exist: the document has versions 1 to 1"
    );
    assert_broken_rule(
        &before_the_cooperation,
        "effective_on",
        "document.within_cooperation",
    );
    assert_malformed(&asserting_the_fact, "cooperation_established_on");
    assert_malformed(&malformed, "kind");
    assert_eq!(event_count(&api).await, before);
}

/// Every `$ref` in `value`, such as `#/components/schemas/Clause`.
fn references(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(members) => {
            for (name, member) in members {
                match (name.as_str(), member) {
                    ("$ref", Value::String(reference)) => found.push(reference.clone()),
                    _ => references(member, found),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| references(item, found)),
        _ => {}
    }
}

#[tokio::test]
async fn the_governance_commands_are_described_in_the_openapi_document_with_their_schemas() {
    let api = Api::new().await;

    let reply = api.get("/api/v1/openapi.json", None).await;

    assert_eq!(reply.status, StatusCode::OK);
    let document = &reply.body;
    let operations = [
        ("/documents", "documents"),
        ("/documents/{id}/amendments", "documents"),
        ("/documents/{id}/corrections", "documents"),
        ("/mandates", "mandates"),
        ("/mandates/{mandate_id}/delegations", "mandates"),
        ("/mandates/{mandate_id}/end", "mandates"),
        ("/mandates/{mandate_id}/corrections", "mandates"),
        ("/goals", "goals"),
        ("/goals/{goal_id}/follow-ups", "goals"),
        ("/goals/{goal_id}/corrections", "goals"),
        ("/obligations", "obligations"),
        ("/obligations/{obligation_id}/closure", "obligations"),
        ("/obligations/{obligation_id}/corrections", "obligations"),
    ];
    for (path, tag) in operations {
        let operation = &document["paths"][path]["post"];
        assert_eq!(operation["tags"], json!([tag]), "{path}");
        assert!(
            operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].is_string(),
            "{path} names its request body"
        );
    }
    let mut found = Vec::new();
    references(document, &mut found);
    for reference in found {
        let pointer = reference.trim_start_matches('#');
        assert!(
            document.pointer(pointer).is_some(),
            "{reference} is referred to but not described"
        );
    }
}
