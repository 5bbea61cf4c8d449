//! Only what was meant gets in: a body is exactly one JSON object in UTF-8, every field is one
//! the operation takes, and no text, in a body or a query, holds the NUL character. Each refusal
//! is a 400 (or 415) naming the field, and writes nothing.

use axum::http::StatusCode;
use register::access::Role;
use serde_json::json;

use crate::support::api_client::{Api, Reply, Tokens};
use crate::support::fixtures::{cooperation_request, establish_body, register};

/// POSTs `body` as it is, as JSON, with the administrator's token.
async fn post_raw(api: &Api, tokens: &Tokens, path: &str, body: &str) -> Reply {
    api.send(
        "POST",
        path,
        Some(&tokens.administrator),
        &[],
        Some(body.as_bytes().to_vec()),
    )
    .await
}

fn assert_malformed(reply: &Reply, field: &str, detail: &str) {
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{:?}", reply.body);
    assert_eq!(reply.body["type"], "urn:samverkan:problem:malformed-body");
    assert_eq!(reply.body["detail"], format!("{field}: {detail}"));
    assert_eq!(
        reply.body["errors"],
        json!([{ "field": field, "rule": "json.shape" }])
    );
}

#[tokio::test]
async fn text_after_the_object_is_refused_not_dropped() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;

    let reply = post_raw(
        &api,
        &tokens,
        "/api/v1/parties",
        r#"{"code":"2998","name":"Trailing AB"} }{ garbage"#,
    )
    .await;

    assert_malformed(
        &reply,
        "body",
        "trailing characters at line 1 column 38: the body is one JSON object and nothing after it",
    );
    assert_eq!(api.event_count().await, 0);
}

#[tokio::test]
async fn an_array_does_not_stand_for_an_objects_fields() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;

    let reply = post_raw(
        &api,
        &tokens,
        "/api/v1/parties",
        r#"["2997","Positional kommun"]"#,
    )
    .await;

    assert_malformed(
        &reply,
        "body",
        "the body must be one JSON object with named fields, not an array or a bare value",
    );
    assert_eq!(api.event_count().await, 0);
}

/// `/cooperations` used to drop a field it did not take; now every operation names it.
#[tokio::test]
async fn a_field_the_operation_does_not_take_is_refused_by_name() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let mut cooperation = cooperation_request("Gemensam inköpsnämnd Mora och Orsa");
    cooperation["hosted_by"] = json!("2062");

    let reply = api
        .post(
            "/api/v1/cooperations",
            Some(&tokens.administrator),
            cooperation,
        )
        .await;

    assert_malformed(
        &reply,
        "hosted_by",
        "not a field of this operation; the OpenAPI document lists those it takes",
    );
    assert_eq!(api.event_count().await, 0);
}

#[tokio::test]
async fn a_nul_character_in_a_body_is_refused_naming_its_field() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;

    let value = post_raw(
        &api,
        &tokens,
        "/api/v1/parties",
        r#"{"code":"2996","name":"A\u0000B"}"#,
    )
    .await;
    let key = post_raw(
        &api,
        &tokens,
        "/api/v1/parties",
        r#"{"code":"2996","name":"Mora kommun","x\u0000":1}"#,
    )
    .await;

    let nul = "text must not contain the NUL character (\\u0000)";
    assert_malformed(&value, "name", nul);
    assert_malformed(&key, "x\\u0000", nul);
    assert_eq!(api.event_count().await, 0);
}

#[tokio::test]
async fn a_nul_character_in_a_query_is_refused_naming_its_parameter() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;

    let reply = api
        .get(
            "/api/v1/audit/events?event_type=a%00b",
            Some(&tokens.auditor),
        )
        .await;

    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{:?}", reply.body);
    assert_eq!(
        reply.body["detail"],
        "event_type: text must not contain the NUL character (%00)"
    );
    assert_eq!(
        reply.body["errors"],
        json!([{ "field": "event_type", "rule": "parameter.format" }])
    );
}

#[tokio::test]
async fn a_body_in_another_charset_than_utf_8_is_a_415() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let party = json!({ "code": "2062", "name": "Mora kommun" }).to_string();

    let latin1 = api
        .send(
            "POST",
            "/api/v1/parties",
            Some(&tokens.administrator),
            &[("content-type", "application/json; charset=iso-8859-1")],
            Some(party.clone().into_bytes()),
        )
        .await;
    let utf8 = api
        .send(
            "POST",
            "/api/v1/parties",
            Some(&tokens.administrator),
            &[("content-type", "application/json; charset=UTF-8")],
            Some(party.into_bytes()),
        )
        .await;

    assert_eq!(latin1.status, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(latin1.body["type"], "urn:samverkan:problem:not-json");
    assert_eq!(utf8.status, StatusCode::CREATED, "{:?}", utf8.body);
    assert_eq!(api.event_count().await, 1);
}

/// Every operation of the OpenAPI document: its method, its path with each `{parameter}` filled
/// with a UUID, and the role its security requirement names, if any.
async fn operations(api: &Api, tokens: &Tokens) -> Vec<(String, String, Option<Role>)> {
    let document = api.get("/api/v1/openapi.json", Some(&tokens.auditor)).await;
    let mut operations = Vec::new();
    for (path, item) in document.body["paths"].as_object().unwrap() {
        let filled: String = path
            .split('/')
            .map(|segment| {
                if segment.starts_with('{') {
                    "6f1c2b9e-8d0a-4c51-9a3e-2b7d4e5f6a70"
                } else {
                    segment
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        for (method, operation) in item.as_object().unwrap() {
            let role = operation["security"][0]["bearer"][0]
                .as_str()
                .map(|role| role.parse().unwrap());
            operations.push((method.to_uppercase(), format!("/api/v1{filled}"), role));
        }
    }
    operations
}

/// Who may call is settled first, whatever is wrong with the request's body or query: without
/// a token every operation but the § register is a 401, and with a token of another role than
/// the operation needs it is a 403. Every command needs a role (a transition's preview, posted
/// but writing nothing, is open to any token), and so does every audit read.
#[tokio::test]
async fn the_token_and_its_role_are_checked_before_the_body_or_the_query_is_read() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let (body_id, _) = establish_body(&register(&api.db.pool), "Överförmyndarnämnden").await;
    let secretary = api.token(Role::Secretary, &[body_id]).await;
    let before = api.event_count().await;
    let secret_of = |role: Role| match role {
        Role::Administrator => tokens.administrator.as_str(),
        Role::Auditor => tokens.auditor.as_str(),
        Role::Secretary => secretary.as_str(),
    };
    let operations = operations(&api, &tokens).await;
    assert!(operations.len() > 90, "{}", operations.len());

    let mut answers = Vec::new();
    let mut expected = Vec::new();
    for (method, path, needed) in &operations {
        let (query, body) = match method.as_str() {
            "POST" => (String::new(), Some(br#"{"broken"#.to_vec())),
            _ => ("?as_of=yesterday&no_such_parameter=1".to_owned(), None),
        };
        let target = format!("{path}{query}");
        let anonymous = api.send(method, &target, None, &[], body.clone()).await;
        answers.push((method.clone(), path.clone(), None, anonymous.status));
        expected.push((method.clone(), path.clone(), None, StatusCode::UNAUTHORIZED));
        let Some(needed) = needed else {
            assert!(
                method != "POST" || path.ends_with("/preview"),
                "{method} {path} names no role"
            );
            continue;
        };
        for role in Role::ALL.into_iter().filter(|role| role != needed) {
            let reply = api
                .send(method, &target, Some(secret_of(role)), &[], body.clone())
                .await;
            answers.push((method.clone(), path.clone(), Some(role), reply.status));
            expected.push((
                method.clone(),
                path.clone(),
                Some(role),
                StatusCode::FORBIDDEN,
            ));
        }
    }

    assert_eq!(answers, expected);
    assert_eq!(api.event_count().await, before);
}

/// A date in year 0, or in year −1, reads as a date and would stay in the log as one; every date
/// of a body must lie between 1800-01-01 and 2200-12-31.
#[tokio::test]
async fn an_implausible_date_is_a_422_naming_the_field() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let cooperation = |established_on: &str, decided_on: &str| {
        let mut cooperation = cooperation_request("Gemensam inköpsnämnd Mora och Orsa");
        cooperation["established_on"] = json!(established_on);
        cooperation["basis"]["decided_on"] = json!(decided_on);
        cooperation
    };

    let year_zero = api
        .post(
            "/api/v1/cooperations",
            Some(&tokens.administrator),
            cooperation("0000-01-01", "2019-11-25"),
        )
        .await;
    let before_christ = api
        .post(
            "/api/v1/cooperations",
            Some(&tokens.administrator),
            cooperation("2020-01-01", "-0001-11-25"),
        )
        .await;

    for (reply, field) in [
        (&year_zero, "established_on"),
        (&before_christ, "basis.decided_on"),
    ] {
        assert_eq!(
            reply.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{:?}",
            reply.body
        );
        assert_eq!(
            reply.body["detail"],
            format!("{field}: a date of the register lies between 1800-01-01 and 2200-12-31")
        );
        assert_eq!(
            reply.body["errors"],
            json!([{ "field": field, "rule": "date.plausible" }])
        );
    }
    assert_eq!(api.event_count().await, 0);
}

/// Parameters agree with their schema: `min_position` is 1 or more, and an empty `cursor` or
/// `If-Match`, which the server refuses, is one the document does not allow either.
#[tokio::test]
async fn a_parameter_outside_its_schema_is_refused_and_the_schema_says_so() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;

    let zero = api
        .get("/api/v1/cooperations?min_position=0", Some(&tokens.auditor))
        .await;
    let document = api.get("/api/v1/openapi.json", Some(&tokens.auditor)).await;

    assert_eq!(zero.status, StatusCode::BAD_REQUEST, "{:?}", zero.body);
    assert_eq!(
        zero.body["detail"],
        "min_position: a position to wait for is 1 or more: pass the position of a receipt"
    );
    let parameters = |path: &str, method: &str| {
        document.body["paths"][path][method]["parameters"]
            .as_array()
            .unwrap()
            .clone()
    };
    let named = |parameters: &[serde_json::Value], name: &str| {
        parameters
            .iter()
            .find(|parameter| parameter["name"] == name)
            .unwrap()["schema"]
            .clone()
    };
    let reads = parameters("/cooperations", "get");
    assert_eq!(named(&reads, "min_position")["minimum"], 1);
    assert_eq!(named(&reads, "cursor")["minLength"], 1);
    let command = parameters("/cooperations/{id}/parties", "post");
    assert_eq!(named(&command, "If-Match")["minLength"], 1);
}

/// A field inside a shape told apart by its `kind`, here a legal basis, which serde reads
/// through a buffer of its own, is refused by name as well: the body's OpenAPI schema says
/// which fields each kind of basis takes.
#[tokio::test]
async fn a_field_a_basis_does_not_take_is_refused_by_name() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let mut cooperation = cooperation_request("Gemensam inköpsnämnd Mora och Orsa");
    let basis = cooperation["basis"].as_object_mut().unwrap();
    basis.insert("decided".to_owned(), json!("2024-05-02"));

    let reply = api
        .post(
            "/api/v1/cooperations",
            Some(&tokens.administrator),
            cooperation,
        )
        .await;

    assert_malformed(
        &reply,
        "basis.decided",
        "not a field of this operation; the OpenAPI document lists those it takes",
    );
    assert_eq!(api.event_count().await, 0);
}
