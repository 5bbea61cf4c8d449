//! The obligation endpoints: what a party owes under a cooperation, checked against the parties
//! the register holds for it, and its closure and corrections.

use axum::http::StatusCode;
use register::access::Role;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::support::api_client::{Api, Tokens};
use crate::support::governance::{basis_json, committee, mora_cooperation};
use crate::support::log::{event_count, payload_at};
use crate::support::problems::{assert_broken_rule, assert_malformed, assert_problem};

const MORA: &str = "2062";
const ORSA: &str = "2034";
const ALVDALEN: &str = "2039";
/// Falun, which is no party of the cooperation.
const FALUN: &str = "2080";

/// Orsa's cost share for 2021, owed to Mora as host.
fn obligation(cooperation_id: Uuid, debtor: &str) -> Value {
    json!({
        "cooperation_id": cooperation_id,
        "debtor": debtor,
        "creditor": { "kind": "party", "party": MORA },
        "kind": "cost_share",
        "description": "Andel av grundavtalet 2021 efter folkmängd",
        "period": { "from": "2021-01-01", "to": "2021-12-31" },
        "due": { "kind": "on", "date": "2021-03-31" },
        "basis": basis_json()
    })
}

fn closure_to(party: &str) -> Value {
    json!({
        "closure": { "status": "transferred", "to": party },
        "on": "2021-06-30",
        "basis": basis_json()
    })
}

fn correction(cooperation_id: Uuid) -> Value {
    let mut record = obligation(cooperation_id, ORSA);
    record["due"] = json!({ "kind": "on", "date": "2021-04-30" });
    json!({ "record": record, "reason": "The cost share fell due a month later." })
}

/// An obligation recorded through the API; returns its id.
async fn recorded_obligation(api: &Api, administrator: &str, cooperation_id: Uuid) -> Uuid {
    let reply = api
        .post(
            "/api/v1/obligations",
            Some(administrator),
            obligation(cooperation_id, ORSA),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    reply.id()
}

#[tokio::test]
async fn an_administrator_records_corrects_and_closes_an_obligation() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let cooperation_id = mora_cooperation(&api).await;

    let recorded = api
        .post(
            "/api/v1/obligations",
            Some(&tokens.administrator),
            obligation(cooperation_id, ORSA),
        )
        .await;
    let obligation_id = recorded.id();
    let location = format!("/api/v1/obligations/{obligation_id}");
    let corrected = api
        .post(
            &format!("/api/v1/obligations/{obligation_id}/corrections"),
            Some(&tokens.administrator),
            correction(cooperation_id),
        )
        .await;
    let closed = api
        .post(
            &format!("/api/v1/obligations/{obligation_id}/closure"),
            Some(&tokens.administrator),
            closure_to(ALVDALEN),
        )
        .await;

    assert_eq!(recorded.status, StatusCode::CREATED);
    assert_eq!(recorded.header("location"), Some(location.as_str()));
    assert_eq!(
        recorded.body,
        json!({ "id": obligation_id.to_string(), "position": 2, "version": 1 })
    );
    assert_eq!(corrected.status, StatusCode::OK);
    assert_eq!(corrected.header("location"), Some(location.as_str()));
    assert_eq!(
        corrected.body,
        json!({ "id": obligation_id.to_string(), "position": 3, "version": 2 })
    );
    assert_eq!(closed.status, StatusCode::OK);
    assert_eq!(closed.header("location"), Some(location.as_str()));
    assert_eq!(
        closed.body,
        json!({ "id": obligation_id.to_string(), "position": 4, "version": 3 })
    );
    // The parties the debtor was checked against are a fact of the register, so the event does
    // not carry them.
    assert_eq!(
        payload_at(&api, 2).await,
        json!({ "ObligationRecorded": obligation(cooperation_id, ORSA) })
    );
    assert_eq!(
        payload_at(&api, 4).await,
        json!({ "ObligationClosed": closure_to(ALVDALEN) })
    );
    let metadata: Value = sqlx::query_scalar("SELECT metadata FROM events WHERE position = 4")
        .fetch_one(&api.db.pool)
        .await
        .unwrap();
    assert_eq!(metadata["actor_role"], "administrator");
}

#[tokio::test]
async fn obligations_are_written_only_by_an_administrator() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let cooperation_id = mora_cooperation(&api).await;
    let body_id = committee(&api, cooperation_id, "Upphandlingsnämnden").await;
    let secretary = api.token(Role::Secretary, &[body_id]).await;
    let obligation_id = recorded_obligation(&api, &tokens.administrator, cooperation_id).await;
    let before = event_count(&api).await;

    let writes = [
        (
            "/api/v1/obligations".to_owned(),
            obligation(cooperation_id, ORSA),
        ),
        (
            format!("/api/v1/obligations/{obligation_id}/closure"),
            closure_to(ALVDALEN),
        ),
        (
            format!("/api/v1/obligations/{obligation_id}/corrections"),
            correction(cooperation_id),
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
async fn an_unknown_obligation_is_a_404_and_an_unknown_cooperation_a_422() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let cooperation_id = mora_cooperation(&api).await;
    let obligation_id = recorded_obligation(&api, &tokens.administrator, cooperation_id).await;
    let unknown = Uuid::new_v4();
    let before = event_count(&api).await;

    let closed = api
        .post(
            &format!("/api/v1/obligations/{unknown}/closure"),
            Some(&tokens.administrator),
            closure_to(ALVDALEN),
        )
        .await;
    let corrected = api
        .post(
            &format!("/api/v1/obligations/{unknown}/corrections"),
            Some(&tokens.administrator),
            correction(cooperation_id),
        )
        .await;
    let recorded = api
        .post(
            "/api/v1/obligations",
            Some(&tokens.administrator),
            obligation(unknown, ORSA),
        )
        .await;
    let corrected_to_unknown = api
        .post(
            &format!("/api/v1/obligations/{obligation_id}/corrections"),
            Some(&tokens.administrator),
            correction(unknown),
        )
        .await;
    let mut owed_to_an_unknown_body = obligation(cooperation_id, ORSA);
    owed_to_an_unknown_body["creditor"] = json!({ "kind": "body", "body_id": unknown });
    let unknown_creditor = api
        .post(
            "/api/v1/obligations",
            Some(&tokens.administrator),
            owed_to_an_unknown_body,
        )
        .await;

    assert_problem(&closed, StatusCode::NOT_FOUND, "not-found");
    assert_eq!(
        closed.body["detail"],
        format!("there is no obligation {unknown}")
    );
    assert_problem(&corrected, StatusCode::NOT_FOUND, "not-found");
    assert_broken_rule(&recorded, "cooperation_id", "cooperation.is_recorded");
    assert_broken_rule(
        &corrected_to_unknown,
        "record.cooperation_id",
        "cooperation.is_recorded",
    );
    assert_broken_rule(&unknown_creditor, "creditor.body_id", "body.is_recorded");
    assert_eq!(event_count(&api).await, before);
}

#[tokio::test]
async fn only_a_party_of_the_cooperation_owes_or_takes_over_an_obligation() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let cooperation_id = mora_cooperation(&api).await;
    let obligation_id = recorded_obligation(&api, &tokens.administrator, cooperation_id).await;
    let before = event_count(&api).await;

    let owed_by_falun = api
        .post(
            "/api/v1/obligations",
            Some(&tokens.administrator),
            obligation(cooperation_id, FALUN),
        )
        .await;
    let transferred_to_falun = api
        .post(
            &format!("/api/v1/obligations/{obligation_id}/closure"),
            Some(&tokens.administrator),
            closure_to(FALUN),
        )
        .await;
    let mut asserted = obligation(cooperation_id, FALUN);
    asserted["cooperation_parties"] = json!([MORA, ORSA, FALUN]);
    let asserting_the_parties = api
        .post("/api/v1/obligations", Some(&tokens.administrator), asserted)
        .await;
    let mut weekly = obligation(cooperation_id, ORSA);
    weekly["due"] = json!({ "kind": "weekly", "day": "monday" });
    let malformed = api
        .post("/api/v1/obligations", Some(&tokens.administrator), weekly)
        .await;

    assert_broken_rule(&owed_by_falun, "debtor", "obligation.owed_by_a_party");
    assert_eq!(
        owed_by_falun.body["detail"],
        "party 2080 is not a party of the cooperation"
    );
    assert_broken_rule(
        &transferred_to_falun,
        "closure.to",
        "obligation.owed_by_a_party",
    );
    assert_malformed(&asserting_the_parties, "cooperation_parties");
    assert_malformed(&malformed, "due.kind");
    assert_eq!(event_count(&api).await, before);
}
