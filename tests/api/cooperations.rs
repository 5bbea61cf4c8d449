//! The cooperation and external decision endpoints: administrators record them, and nobody else.

use axum::http::StatusCode;
use register::access::Role;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::support::api_client::{Api, Reply, Tokens};

fn basis() -> Value {
    json!({
        "kind": "external_decision",
        "issuer": "Kommunfullmäktige Mora",
        "decided_on": "2019-11-25",
        "reference": "§ 123",
        "registry_number": "KS 2019/456"
    })
}

/// Mora as host, with Orsa and Älvdalen (seed 002).
fn establishment() -> Value {
    json!({
        "name": "Upphandlingssamverkan Mora, Orsa och Älvdalen",
        "form": "host_run_central_purchasing_body",
        "host": "2062",
        "parties": ["2062", "2034", "2039"],
        "established_on": "2020-01-01",
        "predecessor": null,
        "basis": basis()
    })
}

fn decision_details() -> Value {
    json!({
        "issuer": "KF Mora",
        "issuer_party": "2062",
        "decided_on": "2019-11-25",
        "paragraph": "§123",
        "registry_number": "KS 2019/456",
        "subject": "Mora går med i upphandlingssamverkan"
    })
}

async fn events(api: &Api) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM events")
        .fetch_one(&api.db.pool)
        .await
        .unwrap()
}

async fn establish(api: &Api, administrator: &str) -> Uuid {
    let reply = api
        .post("/api/v1/cooperations", Some(administrator), establishment())
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    reply.id()
}

fn assert_rule(reply: &Reply, field: &str, rule: &str) {
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{:?}",
        reply.body
    );
    assert_eq!(reply.broken_rule(), (field.to_owned(), rule.to_owned()));
}

#[tokio::test]
async fn an_administrator_establishes_a_cooperation_and_gets_its_address_and_a_receipt() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;

    let reply = api
        .post(
            "/api/v1/cooperations",
            Some(&tokens.administrator),
            establishment(),
        )
        .await;

    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    let id = reply.id();
    assert_eq!(
        reply.header("location"),
        Some(format!("/api/v1/cooperations/{id}").as_str())
    );
    assert_eq!(
        reply.body,
        json!({ "id": id.to_string(), "position": 1, "version": 1 })
    );
    let (aggregate_type, aggregate_id, metadata): (String, String, Value) = sqlx::query_as(
        "SELECT aggregate_type, aggregate_id, metadata FROM events WHERE position = 1",
    )
    .fetch_one(&api.db.pool)
    .await
    .unwrap();
    assert_eq!(aggregate_type, "Cooperation");
    assert_eq!(aggregate_id, id.to_string());
    assert_eq!(metadata["actor_role"], "administrator");
    assert_eq!(metadata["actor_name"], "administrator in a test");
    assert_eq!(
        metadata["request_id"].as_str(),
        reply.header("x-request-id")
    );
}

#[tokio::test]
async fn an_administrator_admits_a_party_corrects_the_establishment_and_dissolves_the_cooperation()
{
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let id = establish(&api, &tokens.administrator).await;
    let location = format!("/api/v1/cooperations/{id}");
    let mut corrected = establishment();
    corrected["name"] = json!("Upphandlingssamverkan i Mora, Orsa och Älvdalen");

    let admitted = api
        .post(
            &format!("/api/v1/cooperations/{id}/parties"),
            Some(&tokens.administrator),
            json!({ "party": "2080", "joins_on": "2021-01-01", "basis": basis() }),
        )
        .await;
    let correction = api
        .post(
            &format!("/api/v1/cooperations/{id}/corrections"),
            Some(&tokens.administrator),
            json!({ "establish": corrected, "reason": "The name was misspelt" }),
        )
        .await;
    let dissolution = api
        .post(
            &format!("/api/v1/cooperations/{id}/dissolution"),
            Some(&tokens.administrator),
            json!({
                "decided_on": "2024-03-01",
                "effective_on": "2024-07-01",
                "successor": null,
                "basis": basis()
            }),
        )
        .await;

    for (reply, position) in [(&admitted, 2), (&correction, 3), (&dissolution, 4)] {
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        assert_eq!(reply.header("location"), Some(location.as_str()));
        assert_eq!(
            reply.body,
            json!({ "id": id.to_string(), "position": position, "version": position })
        );
    }
    let event_types: Vec<String> =
        sqlx::query_scalar("SELECT event_type FROM events ORDER BY position")
            .fetch_all(&api.db.pool)
            .await
            .unwrap();
    assert_eq!(
        event_types,
        [
            "CooperationEstablished",
            "PartyJoined",
            "EstablishmentCorrected",
            "DissolutionDecided"
        ]
    );
}

#[tokio::test]
async fn only_an_administrator_writes_cooperations() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let id = establish(&api, &tokens.administrator).await;
    // A secretary token needs a body, so one is established through the API.
    let body = api
        .post(
            "/api/v1/bodies",
            Some(&tokens.administrator),
            json!({
                "cooperation_id": id,
                "kind": "coordination_group",
                "name": "Samordningsgruppen",
                "established_on": "2020-01-01",
                "basis": basis()
            }),
        )
        .await;
    assert_eq!(body.status, StatusCode::CREATED, "{:?}", body.body);
    let secretary = api.token(Role::Secretary, &[body.id()]).await;
    let before = events(&api).await;
    let admission = json!({ "party": "2080", "joins_on": "2021-01-01", "basis": basis() });
    let writes = [
        ("/api/v1/cooperations".to_owned(), establishment()),
        (format!("/api/v1/cooperations/{id}/parties"), admission),
        (
            format!("/api/v1/cooperations/{id}/dissolution"),
            json!({ "decided_on": "2024-03-01", "effective_on": "2024-07-01", "successor": null, "basis": basis() }),
        ),
        (
            format!("/api/v1/cooperations/{id}/corrections"),
            json!({ "establish": establishment(), "reason": "Rättelse" }),
        ),
    ];

    for (path, request) in writes {
        let anonymous = api.post(&path, None, request.clone()).await;
        let auditor = api
            .post(&path, Some(&tokens.auditor), request.clone())
            .await;
        let by_secretary = api.post(&path, Some(&secretary), request).await;

        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(
            anonymous.body["type"],
            "urn:samverkan:problem:unauthenticated"
        );
        assert_eq!(auditor.status, StatusCode::FORBIDDEN, "{path}");
        assert_eq!(auditor.body["type"], "urn:samverkan:problem:forbidden");
        assert_eq!(by_secretary.status, StatusCode::FORBIDDEN, "{path}");
        assert_eq!(by_secretary.body["type"], "urn:samverkan:problem:forbidden");
    }
    assert_eq!(events(&api).await, before);
}

#[tokio::test]
async fn an_unknown_cooperation_in_the_path_is_a_404() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let unknown = Uuid::new_v4();

    let admitted = api
        .post(
            &format!("/api/v1/cooperations/{unknown}/parties"),
            Some(&tokens.administrator),
            json!({ "party": "2080", "joins_on": "2021-01-01", "basis": basis() }),
        )
        .await;
    let dissolved = api
        .post(
            &format!("/api/v1/cooperations/{unknown}/dissolution"),
            Some(&tokens.administrator),
            json!({ "decided_on": "2024-03-01", "effective_on": "2024-07-01", "successor": null, "basis": basis() }),
        )
        .await;
    let corrected = api
        .post(
            &format!("/api/v1/cooperations/{unknown}/corrections"),
            Some(&tokens.administrator),
            json!({ "establish": establishment(), "reason": "Rättelse" }),
        )
        .await;

    for reply in [&admitted, &dissolved, &corrected] {
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{:?}", reply.body);
        assert_eq!(reply.body["type"], "urn:samverkan:problem:not-found");
        assert_eq!(
            reply.body["detail"],
            format!("there is no cooperation {unknown}")
        );
    }
    assert_eq!(events(&api).await, 0);
}

#[tokio::test]
async fn a_broken_rule_of_a_cooperation_is_a_422_naming_the_field_and_the_rule() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let mut foreign_host = establishment();
    foreign_host["host"] = json!("2080");

    let host = api
        .post(
            "/api/v1/cooperations",
            Some(&tokens.administrator),
            foreign_host,
        )
        .await;
    assert_rule(&host, "host", "cooperation.host_is_a_party");
    assert_eq!(
        host.body["detail"],
        "the host 2080 is not one of the parties: the host must be a party"
    );
    assert_eq!(events(&api).await, 0);

    let id = establish(&api, &tokens.administrator).await;
    let early = api
        .post(
            &format!("/api/v1/cooperations/{id}/parties"),
            Some(&tokens.administrator),
            json!({ "party": "2080", "joins_on": "2019-12-31", "basis": basis() }),
        )
        .await;
    let unknown_decision = Uuid::new_v4();
    let unrecorded_basis = api
        .post(
            &format!("/api/v1/cooperations/{id}/parties"),
            Some(&tokens.administrator),
            json!({
                "party": "2080",
                "joins_on": "2021-01-01",
                "basis": { "kind": "decision", "decision_id": unknown_decision }
            }),
        )
        .await;

    assert_rule(&early, "joins_on", "cooperation.joins_after_establishment");
    assert_rule(
        &unrecorded_basis,
        "basis.decision_id",
        "basis.cites_a_recorded_decision",
    );
    assert_eq!(events(&api).await, 1);
}

#[tokio::test]
async fn a_malformed_cooperation_is_a_400_naming_the_field() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let mut unknown_form = establishment();
    unknown_form["form"] = json!("joint");
    let mut bad_code = establishment();
    bad_code["parties"] = json!(["2062", "20340"]);

    let form = api
        .post(
            "/api/v1/cooperations",
            Some(&tokens.administrator),
            unknown_form,
        )
        .await;
    let party = api
        .post(
            "/api/v1/cooperations",
            Some(&tokens.administrator),
            bad_code,
        )
        .await;
    let path = api
        .post(
            "/api/v1/cooperations/not-a-uuid/parties",
            Some(&tokens.administrator),
            json!({ "party": "2080", "joins_on": "2021-01-01", "basis": basis() }),
        )
        .await;

    assert_eq!(form.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        form.broken_rule(),
        ("form".to_owned(), "json.shape".to_owned())
    );
    assert_eq!(party.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        party.broken_rule(),
        ("parties[1]".to_owned(), "json.shape".to_owned())
    );
    assert_eq!(path.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        path.broken_rule(),
        ("path".to_owned(), "parameter.format".to_owned())
    );
    assert_eq!(events(&api).await, 0);
}

#[tokio::test]
async fn a_day_not_in_the_calendar_is_named_as_no_date_in_a_body_and_in_a_query() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let mut february = establishment();
    february["established_on"] = json!("2023-02-30");

    let body = api
        .post(
            "/api/v1/cooperations",
            Some(&tokens.administrator),
            february,
        )
        .await;
    let query = api
        .get(
            "/api/v1/cooperations?as_of=2023-02-30",
            Some(&tokens.auditor),
        )
        .await;

    assert_eq!(
        body.broken_rule(),
        ("established_on".to_owned(), "json.shape".to_owned())
    );
    assert_eq!(
        body.body["detail"],
        "established_on: \"2023-02-30\" is not a date: give a day of the calendar as YYYY-MM-DD"
    );
    assert_eq!(query.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        query.body["detail"],
        "as_of: \"2023-02-30\" is not a date: give a day of the calendar as YYYY-MM-DD"
    );
    assert_eq!(events(&api).await, 0);
}

#[tokio::test]
async fn an_administrator_records_an_external_decision_cites_it_and_corrects_it() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let decision_id = Uuid::new_v4();
    let location = format!("/api/v1/external-decisions/{decision_id}");

    let recorded = api
        .post(
            "/api/v1/external-decisions",
            Some(&tokens.administrator),
            json!({ "decision_id": decision_id, "details": decision_details() }),
        )
        .await;
    let mut cited = establishment();
    cited["basis"] = json!({ "kind": "decision", "decision_id": decision_id });
    let cooperation = api
        .post("/api/v1/cooperations", Some(&tokens.administrator), cited)
        .await;
    let mut corrected_details = decision_details();
    corrected_details["paragraph"] = json!("§124");
    let corrected = api
        .post(
            &format!("/api/v1/external-decisions/{decision_id}/corrections"),
            Some(&tokens.administrator),
            json!({ "corrected": corrected_details, "reason": "The paragraph was §124" }),
        )
        .await;

    assert_eq!(recorded.status, StatusCode::CREATED, "{:?}", recorded.body);
    assert_eq!(recorded.header("location"), Some(location.as_str()));
    assert_eq!(
        recorded.body,
        json!({ "id": decision_id.to_string(), "position": 1, "version": 1 })
    );
    assert_eq!(
        cooperation.status,
        StatusCode::CREATED,
        "{:?}",
        cooperation.body
    );
    assert_eq!(cooperation.position(), 2);
    assert_eq!(corrected.status, StatusCode::OK, "{:?}", corrected.body);
    assert_eq!(corrected.header("location"), Some(location.as_str()));
    assert_eq!(
        corrected.body,
        json!({ "id": decision_id.to_string(), "position": 3, "version": 2 })
    );
    let metadata: Value = sqlx::query_scalar("SELECT metadata FROM events WHERE position = 3")
        .fetch_one(&api.db.pool)
        .await
        .unwrap();
    assert_eq!(metadata["actor_role"], "administrator");
}

#[tokio::test]
async fn a_decision_id_already_taken_is_a_409_and_writes_nothing() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let decision_id = Uuid::new_v4();
    let request = json!({ "decision_id": decision_id, "details": decision_details() });

    let first = api
        .post(
            "/api/v1/external-decisions",
            Some(&tokens.administrator),
            request.clone(),
        )
        .await;
    let second = api
        .post(
            "/api/v1/external-decisions",
            Some(&tokens.administrator),
            request,
        )
        .await;

    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(second.status, StatusCode::CONFLICT, "{:?}", second.body);
    assert_eq!(second.body["type"], "urn:samverkan:problem:conflict");
    assert_eq!(
        second.body["detail"],
        format!("decision id {decision_id} is already used in the register")
    );
    assert_eq!(events(&api).await, 1);
}

#[tokio::test]
async fn external_decisions_are_refused_to_others_unknown_ids_and_broken_rules() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let decision_id = Uuid::new_v4();
    let request = json!({ "decision_id": decision_id, "details": decision_details() });
    let correction = json!({ "corrected": decision_details(), "reason": "Rättelse" });
    let mut unnamed = decision_details();
    unnamed["issuer"] = json!(" ");

    let anonymous = api
        .post("/api/v1/external-decisions", None, request.clone())
        .await;
    let auditor = api
        .post(
            "/api/v1/external-decisions",
            Some(&tokens.auditor),
            request.clone(),
        )
        .await;
    let auditor_correction = api
        .post(
            &format!("/api/v1/external-decisions/{decision_id}/corrections"),
            Some(&tokens.auditor),
            correction.clone(),
        )
        .await;
    let unknown = api
        .post(
            &format!("/api/v1/external-decisions/{decision_id}/corrections"),
            Some(&tokens.administrator),
            correction,
        )
        .await;
    let no_issuer = api
        .post(
            "/api/v1/external-decisions",
            Some(&tokens.administrator),
            json!({ "decision_id": decision_id, "details": unnamed }),
        )
        .await;
    let malformed = api
        .post(
            "/api/v1/external-decisions",
            Some(&tokens.administrator),
            json!({ "decision_id": "not-a-uuid", "details": decision_details() }),
        )
        .await;

    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    assert_eq!(auditor.status, StatusCode::FORBIDDEN);
    assert_eq!(auditor_correction.status, StatusCode::FORBIDDEN);
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert_eq!(
        unknown.body["detail"],
        format!("there is no external decision {decision_id}")
    );
    assert_rule(&no_issuer, "issuer", "external_decision.issuer_is_named");
    assert_eq!(malformed.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        malformed.broken_rule(),
        ("decision_id".to_owned(), "json.shape".to_owned())
    );
    assert_eq!(events(&api).await, 0);
}

/// A joint committee rests on every council's decision: the establishment takes a list of
/// bases, each checked and stored, and still takes one basis as `basis`, as version 1 did.
#[tokio::test]
async fn an_establishment_rests_on_several_decisions_each_checked_and_stored() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let administrator = Some(tokens.administrator.as_str());
    let recorded = Uuid::new_v4();
    let reply = api
        .post(
            "/api/v1/external-decisions",
            administrator,
            json!({ "decision_id": recorded, "details": decision_details() }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    let before = events(&api).await;
    let both = json!([{ "kind": "decision", "decision_id": recorded }, basis()]);

    let mut unrecorded = establishment();
    unrecorded.as_object_mut().unwrap().remove("basis");
    unrecorded["bases"] = json!([basis(), { "kind": "decision", "decision_id": Uuid::new_v4() }]);
    let refused = api
        .post("/api/v1/cooperations", administrator, unrecorded)
        .await;
    let mut twice = establishment();
    twice.as_object_mut().unwrap().remove("basis");
    twice["bases"] = json!([basis(), basis()]);
    let cited_twice = api.post("/api/v1/cooperations", administrator, twice).await;
    let mut none = establishment();
    none.as_object_mut().unwrap().remove("basis");
    none["bases"] = json!([]);
    let empty = api.post("/api/v1/cooperations", administrator, none).await;

    assert_rule(
        &refused,
        "bases[1].decision_id",
        "basis.cites_a_recorded_decision",
    );
    assert_rule(&cited_twice, "bases[1]", "legal_basis.cited_once");
    assert_eq!(empty.status, StatusCode::BAD_REQUEST, "{:?}", empty.body);
    assert_eq!(
        empty.broken_rule(),
        ("bases".to_owned(), "json.shape".to_owned())
    );
    assert_eq!(events(&api).await, before);

    let mut several = establishment();
    several.as_object_mut().unwrap().remove("basis");
    several["bases"] = both.clone();
    let established = api
        .post("/api/v1/cooperations", administrator, several)
        .await;
    assert_eq!(
        established.status,
        StatusCode::CREATED,
        "{:?}",
        established.body
    );
    let (version, payload): (String, Value) =
        sqlx::query_as("SELECT event_version, payload::jsonb FROM events WHERE position = $1")
            .bind(i64::try_from(established.position()).unwrap())
            .fetch_one(&api.db.pool)
            .await
            .unwrap();
    assert_eq!(version, "2");
    assert_eq!(payload["CooperationEstablished"]["bases"], both);
    // One basis given the first version's way is stored as a list of one.
    let one = api
        .post("/api/v1/cooperations", administrator, establishment())
        .await;
    let stored: Value = sqlx::query_scalar(
        "SELECT payload::jsonb -> 'CooperationEstablished' -> 'bases' FROM events WHERE position = $1",
    )
    .bind(i64::try_from(one.position()).unwrap())
    .fetch_one(&api.db.pool)
    .await
    .unwrap();
    assert_eq!(stored, json!([basis()]));
}
