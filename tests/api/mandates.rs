//! The mandate endpoints: a grant, its delegations, its end and its corrections.

use axum::http::StatusCode;
use register::access::Role;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::support::api_client::{Api, Tokens};
use crate::support::governance::{basis_json, committee, mora_cooperation};
use crate::support::log::{event_count, payload_at};
use crate::support::problems::{assert_broken_rule, assert_malformed, assert_problem};

/// Seed 000's mandate: procurement, less building contracts and direct awards.
fn grant(body_id: Uuid) -> Value {
    json!({
        "holder": { "kind": "body", "body_id": body_id },
        "category": "upphandling",
        "scope": "Samordnad upphandling för de samverkande kommunerna",
        "exclusions": ["upphandling/byggentreprenader", "upphandling/direktupphandlingar"],
        "valid": { "from": "2020-01-01", "to": null },
        "basis": basis_json()
    })
}

fn delegation(delegation_id: Uuid, category: &str) -> Value {
    json!({
        "delegation_id": delegation_id,
        "delegate": "inköpschef",
        "category": category,
        "valid": { "from": "2021-01-01", "to": "2022-12-31" },
        "basis": basis_json()
    })
}

fn end() -> Value {
    json!({ "last_day": "2024-12-31", "basis": basis_json() })
}

fn correction(body_id: Uuid) -> Value {
    json!({
        "grant": grant(body_id),
        "reason": "The scope was recorded without its words.",
    })
}

/// A mandate granted through the API to `body_id`; returns its id.
async fn granted_mandate(api: &Api, administrator: &str, body_id: Uuid) -> Uuid {
    let reply = api
        .post("/api/v1/mandates", Some(administrator), grant(body_id))
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    reply.id()
}

#[tokio::test]
async fn an_administrator_grants_delegates_corrects_and_ends_a_mandate() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let cooperation_id = mora_cooperation(&api).await;
    let body_id = committee(&api, cooperation_id, "Upphandlingsnämnden").await;
    let delegation_id = Uuid::new_v4();

    let granted = api
        .post(
            "/api/v1/mandates",
            Some(&tokens.administrator),
            grant(body_id),
        )
        .await;
    let mandate_id = granted.id();
    let location = format!("/api/v1/mandates/{mandate_id}");
    let delegated = api
        .post(
            &format!("/api/v1/mandates/{mandate_id}/delegations"),
            Some(&tokens.administrator),
            delegation(delegation_id, "upphandling/ramavtal"),
        )
        .await;
    let corrected = api
        .post(
            &format!("/api/v1/mandates/{mandate_id}/corrections"),
            Some(&tokens.administrator),
            correction(body_id),
        )
        .await;
    let ended = api
        .post(
            &format!("/api/v1/mandates/{mandate_id}/end"),
            Some(&tokens.administrator),
            end(),
        )
        .await;

    assert_eq!(granted.status, StatusCode::CREATED);
    assert_eq!(granted.header("location"), Some(location.as_str()));
    assert_eq!(
        granted.body,
        json!({ "id": mandate_id.to_string(), "position": 3, "version": 1 })
    );
    assert_eq!(delegated.status, StatusCode::CREATED);
    assert_eq!(
        delegated.header("location"),
        Some(format!("{location}/delegations/{delegation_id}").as_str())
    );
    assert_eq!(
        delegated.body,
        json!({ "id": delegation_id.to_string(), "position": 4, "version": 2 })
    );
    assert_eq!(corrected.status, StatusCode::OK);
    assert_eq!(corrected.header("location"), Some(location.as_str()));
    assert_eq!(
        corrected.body,
        json!({ "id": mandate_id.to_string(), "position": 5, "version": 3 })
    );
    assert_eq!(ended.status, StatusCode::OK);
    assert_eq!(ended.header("location"), Some(location.as_str()));
    assert_eq!(
        ended.body,
        json!({ "id": mandate_id.to_string(), "position": 6, "version": 4 })
    );
    assert_eq!(
        payload_at(&api, 4).await,
        json!({ "MandateDelegated": {
            "delegation_id": delegation_id,
            "delegate": "inköpschef",
            "category": "upphandling/ramavtal",
            "valid": { "from": "2021-01-01", "to": "2022-12-31" },
            "basis": basis_json()
        }})
    );
    let metadata: Value = sqlx::query_scalar("SELECT metadata FROM events WHERE position = 6")
        .fetch_one(&api.db.pool)
        .await
        .unwrap();
    assert_eq!(metadata["actor_role"], "administrator");
}

#[tokio::test]
async fn mandates_are_written_only_by_an_administrator() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let cooperation_id = mora_cooperation(&api).await;
    let body_id = committee(&api, cooperation_id, "Upphandlingsnämnden").await;
    let secretary = api.token(Role::Secretary, &[body_id]).await;
    let mandate_id = granted_mandate(&api, &tokens.administrator, body_id).await;
    let before = event_count(&api).await;

    let writes = [
        ("/api/v1/mandates".to_owned(), grant(body_id)),
        (
            format!("/api/v1/mandates/{mandate_id}/delegations"),
            delegation(Uuid::new_v4(), "upphandling/ramavtal"),
        ),
        (format!("/api/v1/mandates/{mandate_id}/end"), end()),
        (
            format!("/api/v1/mandates/{mandate_id}/corrections"),
            correction(body_id),
        ),
    ];
    for (path, body) in writes {
        let anonymous = api.post(&path, None, body.clone()).await;
        let auditor = api.post(&path, Some(&tokens.auditor), body.clone()).await;
        // Even the secretary of the body that holds the mandate may not change it.
        let by_secretary = api.post(&path, Some(&secretary), body).await;

        assert_problem(&anonymous, StatusCode::UNAUTHORIZED, "unauthenticated");
        assert_problem(&auditor, StatusCode::FORBIDDEN, "forbidden");
        assert_problem(&by_secretary, StatusCode::FORBIDDEN, "forbidden");
    }
    assert_eq!(event_count(&api).await, before);
}

#[tokio::test]
async fn an_unknown_mandate_is_a_404_and_an_unknown_holder_a_422() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let cooperation_id = mora_cooperation(&api).await;
    let body_id = committee(&api, cooperation_id, "Upphandlingsnämnden").await;
    let mandate_id = granted_mandate(&api, &tokens.administrator, body_id).await;
    let unknown = Uuid::new_v4();
    let before = event_count(&api).await;

    let replies = [
        api.post(
            &format!("/api/v1/mandates/{unknown}/delegations"),
            Some(&tokens.administrator),
            delegation(Uuid::new_v4(), "upphandling/ramavtal"),
        )
        .await,
        api.post(
            &format!("/api/v1/mandates/{unknown}/end"),
            Some(&tokens.administrator),
            end(),
        )
        .await,
        api.post(
            &format!("/api/v1/mandates/{unknown}/corrections"),
            Some(&tokens.administrator),
            correction(body_id),
        )
        .await,
    ];
    let unknown_holder = api
        .post(
            "/api/v1/mandates",
            Some(&tokens.administrator),
            grant(unknown),
        )
        .await;
    let corrected_to_unknown_holder = api
        .post(
            &format!("/api/v1/mandates/{mandate_id}/corrections"),
            Some(&tokens.administrator),
            correction(unknown),
        )
        .await;

    for reply in &replies {
        assert_problem(reply, StatusCode::NOT_FOUND, "not-found");
        assert_eq!(
            reply.body["detail"],
            format!("there is no mandate {unknown}")
        );
    }
    assert_broken_rule(&unknown_holder, "holder.body_id", "body.is_recorded");
    assert_broken_rule(
        &corrected_to_unknown_holder,
        "grant.holder.body_id",
        "body.is_recorded",
    );
    assert_eq!(event_count(&api).await, before);
}

#[tokio::test]
async fn a_delegation_stays_within_the_mandate_and_a_category_is_lower_case_words() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let cooperation_id = mora_cooperation(&api).await;
    let body_id = committee(&api, cooperation_id, "Upphandlingsnämnden").await;
    let mandate_id = granted_mandate(&api, &tokens.administrator, body_id).await;
    let before = event_count(&api).await;

    let excluded = api
        .post(
            &format!("/api/v1/mandates/{mandate_id}/delegations"),
            Some(&tokens.administrator),
            delegation(Uuid::new_v4(), "upphandling/byggentreprenader"),
        )
        .await;
    let malformed = api
        .post(
            &format!("/api/v1/mandates/{mandate_id}/delegations"),
            Some(&tokens.administrator),
            delegation(Uuid::new_v4(), "Upphandling"),
        )
        .await;

    assert_broken_rule(&excluded, "category", "mandate.delegation_within_mandate");
    assert_eq!(
        excluded.body["detail"],
        "category upphandling/byggentreprenader is not within the mandate, or is excluded from it"
    );
    assert_malformed(&malformed, "category");
    assert_eq!(event_count(&api).await, before);
}
