//! The cost allocation endpoints: allocation keys of agreement versions, budgets per cooperation
//! and year, and each party's share, with the register's facts looked up rather than sent.
//!
//! The cooperation is seed 002's (Mora 2062 as host, with Orsa 2034 and Älvdalen 2039); the key
//! and the budget lines are illustrative.

use axum::http::StatusCode;
use register::access::Role;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::api::documents::adopted_document;
use crate::support::api_client::{Api, Tokens};
use crate::support::governance::{basis_json, committee, mora_cooperation};
use crate::support::log::{event_count, payload_at};
use crate::support::problems::{assert_broken_rule, assert_problem};

fn shares(mora: u32, orsa: u32, alvdalen: u32) -> Value {
    json!({
        "kind": "fixed_shares",
        "shares": [
            { "party": "2062", "basis_points": mora },
            { "party": "2034", "basis_points": orsa },
            { "party": "2039", "basis_points": alvdalen }
        ]
    })
}

fn key(cooperation_id: Uuid, document_id: Uuid, method: Value) -> Value {
    json!({
        "cooperation_id": cooperation_id,
        "document_id": document_id,
        "document_version": 1,
        "method": method,
        "exceptions": [{ "line": "Moras egna upphandlingar", "party": "2062" }],
        "basis": basis_json()
    })
}

fn lines(staff_tkr: i64) -> Value {
    json!([
        { "name": "Personalkostnader", "kind": "cost", "amount_tkr": staff_tkr },
        { "name": "Lokaler", "kind": "cost", "amount_tkr": 1500 },
        { "name": "Uppdragsintäkter", "kind": "revenue", "amount_tkr": 500 },
        { "name": "Moras egna upphandlingar", "kind": "cost", "amount_tkr": 600 }
    ])
}

fn budget(year: i32, staff_tkr: i64) -> Value {
    json!({ "year": year, "lines": lines(staff_tkr), "basis": basis_json() })
}

/// The cooperation, its agreement and a 50/25/25 key, recorded as an administrator would.
async fn cooperation_with_key(api: &Api, administrator: &str) -> (Uuid, Uuid, Uuid) {
    let cooperation_id = mora_cooperation(api).await;
    let document_id = adopted_document(api, administrator, cooperation_id).await;
    let reply = api
        .post(
            "/api/v1/allocation-keys",
            Some(administrator),
            key(cooperation_id, document_id, shares(5_000, 2_500, 2_500)),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    (cooperation_id, document_id, reply.id())
}

#[tokio::test]
async fn an_administrator_adopts_a_key_and_a_budget_and_anyone_reads_each_party_s_share() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let (cooperation_id, document_id, key_id) =
        cooperation_with_key(&api, &tokens.administrator).await;
    let budgets = format!("/api/v1/cooperations/{cooperation_id}/budgets");
    let location = format!("{budgets}/2021");

    let adopted = api
        .post(&budgets, Some(&tokens.administrator), budget(2021, 8_000))
        .await;
    let revised = api
        .post(
            &format!("{location}/revisions"),
            Some(&tokens.administrator),
            json!({ "lines": lines(8_500), "basis": basis_json() }),
        )
        .await;
    let corrected = api
        .post(
            &format!("{location}/corrections"),
            Some(&tokens.administrator),
            json!({ "lines": lines(9_000), "reason": "Personalkostnaden var felskriven." }),
        )
        .await;
    let key_corrected = api
        .post(
            &format!("/api/v1/allocation-keys/{key_id}/corrections"),
            Some(&tokens.administrator),
            json!({
                "key": key(cooperation_id, document_id, shares(4_000, 3_000, 3_000)),
                "reason": "Avtalet anger 40/30/30."
            }),
        )
        .await;

    let budget_id = format!("{cooperation_id}:2021");
    for (reply, status, position, version) in [
        (&adopted, StatusCode::CREATED, 4, 1),
        (&revised, StatusCode::OK, 5, 2),
        (&corrected, StatusCode::OK, 6, 3),
    ] {
        assert_eq!(reply.status, status, "{:?}", reply.body);
        assert_eq!(reply.header("location"), Some(location.as_str()));
        assert_eq!(
            reply.body,
            json!({ "id": budget_id, "position": position, "version": version })
        );
    }
    assert_eq!(
        key_corrected.status,
        StatusCode::OK,
        "{:?}",
        key_corrected.body
    );
    assert_eq!(
        key_corrected.header("location"),
        Some(format!("/api/v1/allocation-keys/{key_id}").as_str())
    );
    assert_eq!(
        key_corrected.body,
        json!({ "id": key_id.to_string(), "position": 7, "version": 2 })
    );
    // The parties are a fact of the register (in code order), stored with the key because a
    // population key needs them; the agreement's facts are checked and not stored.
    let mut stored_key = key(cooperation_id, document_id, shares(5_000, 2_500, 2_500));
    stored_key["parties"] = json!(["2034", "2039", "2062"]);
    let stored_key = json!({
        "cooperation_id": stored_key["cooperation_id"],
        "document_id": stored_key["document_id"],
        "document_version": 1,
        "parties": stored_key["parties"],
        "method": stored_key["method"],
        "exceptions": stored_key["exceptions"],
        "basis": stored_key["basis"]
    });
    assert_eq!(
        payload_at(&api, 3).await,
        json!({ "AllocationKeyAdopted": stored_key })
    );
    assert_eq!(
        payload_at(&api, 6).await,
        json!({ "BudgetCorrected": {
            "revision": 2, "lines": lines(9_000), "reason": "Personalkostnaden var felskriven."
        } })
    );

    // 9 000 + 1 500 − 500 = 10 000 tkr shared 40/30/30; Mora alone bears its own 600 tkr. The
    // parties come in the key's order, which is the cooperation's: by code.
    api.catch_up().await;
    let reply = api
        .get(
            &format!("{location}/cost-shares?as_of=2021-06-30&min_position=7"),
            Some(&tokens.auditor),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let answer = &reply.body;
    assert_eq!(
        (
            &answer["year"],
            &answer["as_of"],
            &answer["known_at"],
            &answer["key_chosen_on"],
            &answer["budget"]["revision"],
            &answer["budget"]["correction_reason"],
            &answer["key"]["key_id"],
            &answer["key"]["correction_reason"],
        ),
        (
            &json!(2021),
            &json!("2021-06-30"),
            &json!(7),
            &json!("2021-01-01"),
            &json!(2),
            &json!("Personalkostnaden var felskriven."),
            &json!(key_id),
            &json!("Avtalet anger 40/30/30."),
        )
    );
    assert_eq!(
        answer["totals"],
        json!({
            "costs_tkr": 11_100,
            "revenues_tkr": 500,
            "party_contributions_tkr": null,
            "shared_kronor": 10_000_000,
            "exceptions_kronor": 600_000,
            "charged_to_parties_kronor": 10_600_000,
            "result_kronor": 0
        })
    );
    assert_eq!(
        answer["parties"],
        json!([
            {
                "party": "2034", "weight": 3000, "shared_kronor": 3_000_000, "exceptions": [],
                "total_kronor": 3_000_000, "total_tkr": 3000, "effective_basis_points": 2830
            },
            {
                "party": "2039", "weight": 3000, "shared_kronor": 3_000_000, "exceptions": [],
                "total_kronor": 3_000_000, "total_tkr": 3000, "effective_basis_points": 2830
            },
            {
                "party": "2062", "weight": 4000, "shared_kronor": 4_000_000,
                "exceptions": [{ "line": "Moras egna upphandlingar", "kind": "cost", "amount_kronor": 600_000 }],
                "total_kronor": 4_600_000, "total_tkr": 4600, "effective_basis_points": 4340
            }
        ])
    );
    // As known when the budget was adopted: its first lines under the first key.
    let first = api
        .get(
            &format!("{location}/cost-shares?known_at=4"),
            Some(&tokens.auditor),
        )
        .await;
    assert_eq!(
        (
            &first.body["budget"]["revision"],
            &first.body["totals"]["shared_kronor"],
            &first.body["parties"][2]["total_kronor"],
        ),
        (&json!(1), &json!(9_000_000), &json!(5_100_000))
    );
    let metadata: Value = sqlx::query_scalar("SELECT metadata FROM events WHERE position = 7")
        .fetch_one(&api.db.pool)
        .await
        .unwrap();
    assert_eq!(metadata["actor_role"], "administrator");
}

#[tokio::test]
async fn allocation_is_written_only_by_an_administrator_and_read_with_any_token() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let (cooperation_id, document_id, key_id) =
        cooperation_with_key(&api, &tokens.administrator).await;
    let budgets = format!("/api/v1/cooperations/{cooperation_id}/budgets");
    let adopted = api
        .post(&budgets, Some(&tokens.administrator), budget(2021, 8_000))
        .await;
    assert_eq!(adopted.status, StatusCode::CREATED);
    let body_id = committee(&api, cooperation_id, "Upphandlingsnämnden").await;
    let secretary = api.token(Role::Secretary, &[body_id]).await;
    let before = event_count(&api).await;

    let writes = [
        (
            "/api/v1/allocation-keys".to_owned(),
            key(cooperation_id, document_id, shares(4_000, 3_000, 3_000)),
        ),
        (
            format!("/api/v1/allocation-keys/{key_id}/corrections"),
            json!({ "key": key(cooperation_id, document_id, shares(4_000, 3_000, 3_000)), "reason": "Fel." }),
        ),
        (budgets.clone(), budget(2022, 8_000)),
        (
            format!("{budgets}/2021/revisions"),
            json!({ "lines": lines(8_500), "basis": basis_json() }),
        ),
        (
            format!("{budgets}/2021/corrections"),
            json!({ "lines": lines(8_500), "reason": "Fel." }),
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

    api.catch_up().await;
    let read = format!("{budgets}/2021/cost-shares?min_position={before}");
    assert_problem(
        &api.get(&read, None).await,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    );
    for token in [&tokens.auditor, &secretary, &tokens.administrator] {
        let reply = api.get(&read, Some(token)).await;
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        assert_eq!(reply.body["totals"]["shared_kronor"], json!(9_000_000));
    }
}

#[tokio::test]
async fn broken_rules_are_422s_naming_field_and_rule_and_write_nothing() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let (cooperation_id, document_id, key_id) =
        cooperation_with_key(&api, &tokens.administrator).await;
    let budgets = format!("/api/v1/cooperations/{cooperation_id}/budgets");
    let adopted = api
        .post(&budgets, Some(&tokens.administrator), budget(2021, 8_000))
        .await;
    assert_eq!(adopted.status, StatusCode::CREATED);
    let before = event_count(&api).await;
    let unknown = Uuid::new_v4();

    let mut negative = budget(2022, 8_000);
    negative["lines"][1]["amount_tkr"] = json!(-1);
    let mut misnamed = key(cooperation_id, document_id, shares(4_000, 3_000, 3_000));
    misnamed["exceptions"] = json!([
        { "line": "Lokaler", "party": "2062" },
        { "line": "Lokaler", "party": "2034" }
    ]);
    let cases = [
        (
            "/api/v1/allocation-keys".to_owned(),
            key(cooperation_id, document_id, shares(4_000, 3_000, 2_900)),
            "method.shares",
            "allocation_key.shares_add_up_to_whole",
        ),
        (
            "/api/v1/allocation-keys".to_owned(),
            key(cooperation_id, document_id, shares(4_000, 3_000, 3_000)),
            "document_version",
            "allocation_key.one_key_per_agreement_version",
        ),
        (
            "/api/v1/allocation-keys".to_owned(),
            key(cooperation_id, unknown, shares(4_000, 3_000, 3_000)),
            "document_id",
            "document.is_recorded",
        ),
        (
            "/api/v1/allocation-keys".to_owned(),
            key(unknown, document_id, shares(4_000, 3_000, 3_000)),
            "cooperation_id",
            "cooperation.is_recorded",
        ),
        (
            "/api/v1/allocation-keys".to_owned(),
            misnamed,
            "exceptions[1].line",
            "allocation_key.exception_line_named_once",
        ),
        (
            format!("/api/v1/allocation-keys/{key_id}/corrections"),
            json!({ "key": key(unknown, document_id, shares(4_000, 3_000, 3_000)), "reason": "Fel." }),
            "key.cooperation_id",
            "cooperation.is_recorded",
        ),
        (
            format!("/api/v1/allocation-keys/{key_id}/corrections"),
            json!({ "key": key(cooperation_id, document_id, shares(4_000, 3_000, 3_000)), "reason": " " }),
            "reason",
            "allocation_key.correction_gives_reason",
        ),
        (
            budgets.clone(),
            negative,
            "lines[1].amount_tkr",
            "budget.amount_not_negative",
        ),
        (
            budgets.clone(),
            budget(2019, 8_000),
            "year",
            "budget.within_cooperation",
        ),
        (
            budgets.clone(),
            budget(2021, 8_000),
            "year",
            "budget.adopted_once",
        ),
        (
            format!("{budgets}/2021/revisions"),
            json!({ "lines": [], "basis": basis_json() }),
            "lines",
            "budget.has_lines",
        ),
        (
            format!("{budgets}/2021/corrections"),
            json!({ "lines": lines(8_000), "reason": "Fel." }),
            "lines",
            "budget.correction_changes_something",
        ),
    ];
    for (path, body, field, rule) in cases {
        let reply = api.post(&path, Some(&tokens.administrator), body).await;
        assert_broken_rule(&reply, field, rule);
    }
    assert_eq!(event_count(&api).await, before);
}

#[tokio::test]
async fn unknown_keys_budgets_and_cooperations_are_404s_and_a_year_without_a_key_a_422() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let cooperation_id = mora_cooperation(&api).await;
    let document_id = adopted_document(&api, &tokens.administrator, cooperation_id).await;
    let budgets = format!("/api/v1/cooperations/{cooperation_id}/budgets");
    let adopted = api
        .post(&budgets, Some(&tokens.administrator), budget(2021, 8_000))
        .await;
    assert_eq!(adopted.status, StatusCode::CREATED);
    let unknown = Uuid::new_v4();
    let before = event_count(&api).await;

    let writes = [
        (
            format!("/api/v1/allocation-keys/{unknown}/corrections"),
            json!({ "key": key(cooperation_id, document_id, shares(4_000, 3_000, 3_000)), "reason": "Fel." }),
        ),
        (
            format!("/api/v1/cooperations/{unknown}/budgets"),
            budget(2021, 8_000),
        ),
        (
            format!("{budgets}/2022/revisions"),
            json!({ "lines": lines(8_500), "basis": basis_json() }),
        ),
        (
            format!("{budgets}/2022/corrections"),
            json!({ "lines": lines(8_500), "reason": "Fel." }),
        ),
    ];
    for (path, body) in writes {
        let reply = api.post(&path, Some(&tokens.administrator), body).await;
        assert_problem(&reply, StatusCode::NOT_FOUND, "not-found");
    }
    assert_eq!(event_count(&api).await, before);

    api.catch_up().await;
    let read = |cooperation: Uuid, year: i32| {
        format!(
            "/api/v1/cooperations/{cooperation}/budgets/{year}/cost-shares?min_position={before}"
        )
    };
    let unknown_cooperation = api.get(&read(unknown, 2021), Some(&tokens.auditor)).await;
    assert_problem(&unknown_cooperation, StatusCode::NOT_FOUND, "not-found");
    let no_budget = api
        .get(&read(cooperation_id, 2022), Some(&tokens.auditor))
        .await;
    assert_problem(&no_budget, StatusCode::NOT_FOUND, "not-found");
    // The agreement in force on 2021-01-01 has no key yet.
    let no_key = api
        .get(&read(cooperation_id, 2021), Some(&tokens.auditor))
        .await;
    assert_broken_rule(&no_key, "year", "allocation.key_for_agreement_version");
}
