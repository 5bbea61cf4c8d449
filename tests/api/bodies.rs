//! The body endpoints: administrators establish, dissolve and correct bodies; the secretary of a
//! body, and only that secretary, records its seat plans and members.

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

async fn events(api: &Api) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM events")
        .fetch_one(&api.db.pool)
        .await
        .unwrap()
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

/// A joint committee of Mora (host), Orsa and Älvdalen from 2020, so that its committee's seat
/// plan must seat every party.
async fn establish_joint_committee(api: &Api, administrator: &str) -> Uuid {
    let reply = api
        .post(
            "/api/v1/cooperations",
            Some(administrator),
            json!({
                "name": "Gemensam inköpsnämnd Mora, Orsa och Älvdalen",
                "form": "joint_committee",
                "host": "2062",
                "parties": ["2062", "2034", "2039"],
                "established_on": "2020-01-01",
                "predecessor": null,
                "basis": basis()
            }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    reply.id()
}

fn body_request(cooperation_id: Uuid, name: &str) -> Value {
    json!({
        "cooperation_id": cooperation_id,
        "kind": "committee",
        "name": name,
        "established_on": "2020-01-01",
        "basis": basis()
    })
}

async fn establish_body(api: &Api, administrator: &str, cooperation_id: Uuid, name: &str) -> Uuid {
    let reply = api
        .post(
            "/api/v1/bodies",
            Some(administrator),
            body_request(cooperation_id, name),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    reply.id()
}

fn seats(members: u16) -> Value {
    json!([
        { "party": "2062", "members": members, "deputies": 1 },
        { "party": "2034", "members": members, "deputies": 1 },
        { "party": "2039", "members": members, "deputies": 1 }
    ])
}

fn appointment(person: Uuid, name: &str) -> Value {
    json!({
        "person": { "id": person, "name": name },
        "role": "chair",
        "party": "2062",
        "serves_from": "2023-01-01",
        "serves_to": null
    })
}

/// A joint committee with its own secretary, the committee of another cooperation with its
/// secretary, and the seat plan of the first committee for 2023–2026.
struct Committee {
    tokens: Tokens,
    body_id: Uuid,
    secretary: String,
    other_secretary: String,
}

impl Committee {
    async fn new(api: &Api) -> Committee {
        let tokens = Tokens::new(api).await;
        let cooperation_id = establish_joint_committee(api, &tokens.administrator).await;
        let body_id = establish_body(
            api,
            &tokens.administrator,
            cooperation_id,
            "Gemensamma inköpsnämnden",
        )
        .await;
        let other_body = establish_body(
            api,
            &tokens.administrator,
            cooperation_id,
            "Gemensamma IT-nämnden",
        )
        .await;
        Committee {
            secretary: api.token(Role::Secretary, &[body_id]).await,
            other_secretary: api.token(Role::Secretary, &[other_body]).await,
            tokens,
            body_id,
        }
    }

    fn term(&self) -> String {
        format!("/api/v1/bodies/{}/terms/2023", self.body_id)
    }

    async fn adopt_seat_plan(&self, api: &Api) -> Reply {
        api.post(
            &format!("{}/seat-plan", self.term()),
            Some(&self.secretary),
            json!({ "seats": seats(1), "basis": basis() }),
        )
        .await
    }
}

#[tokio::test]
async fn an_administrator_establishes_a_body_with_the_cooperations_day_looked_up() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let cooperation_id = establish_joint_committee(&api, &tokens.administrator).await;
    let mut too_early = body_request(cooperation_id, "Gemensamma inköpsnämnden");
    too_early["established_on"] = json!("2019-12-31");

    let early = api
        .post("/api/v1/bodies", Some(&tokens.administrator), too_early)
        .await;
    let reply = api
        .post(
            "/api/v1/bodies",
            Some(&tokens.administrator),
            body_request(cooperation_id, "Gemensamma inköpsnämnden"),
        )
        .await;

    // The body may not begin before the cooperation, whose first day the caller never sent.
    assert_rule(&early, "established_on", "body.within_cooperation");
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    let body_id = reply.id();
    assert_eq!(
        reply.header("location"),
        Some(format!("/api/v1/bodies/{body_id}").as_str())
    );
    assert_eq!(
        reply.body,
        json!({ "id": body_id.to_string(), "position": 2, "version": 1 })
    );
    let (aggregate_type, metadata): (String, Value) =
        sqlx::query_as("SELECT aggregate_type, metadata FROM events WHERE position = 2")
            .fetch_one(&api.db.pool)
            .await
            .unwrap();
    assert_eq!(aggregate_type, "Body");
    assert_eq!(metadata["actor_role"], "administrator");
}

#[tokio::test]
async fn an_administrator_corrects_and_dissolves_a_body() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let cooperation_id = establish_joint_committee(&api, &tokens.administrator).await;
    let body_id =
        establish_body(&api, &tokens.administrator, cooperation_id, "Inköpsnämnden").await;
    let location = format!("/api/v1/bodies/{body_id}");

    let corrected = api
        .post(
            &format!("/api/v1/bodies/{body_id}/corrections"),
            Some(&tokens.administrator),
            json!({
                "establish": body_request(cooperation_id, "Gemensamma inköpsnämnden"),
                "reason": "The name was shortened in the extract from the minutes"
            }),
        )
        .await;
    let dissolved = api
        .post(
            &format!("/api/v1/bodies/{body_id}/dissolution"),
            Some(&tokens.administrator),
            json!({ "last_day": "2024-06-30", "basis": basis() }),
        )
        .await;

    assert_eq!(corrected.status, StatusCode::OK, "{:?}", corrected.body);
    assert_eq!(corrected.header("location"), Some(location.as_str()));
    assert_eq!(
        corrected.body,
        json!({ "id": body_id.to_string(), "position": 3, "version": 2 })
    );
    assert_eq!(dissolved.status, StatusCode::OK, "{:?}", dissolved.body);
    assert_eq!(dissolved.header("location"), Some(location.as_str()));
    assert_eq!(
        dissolved.body,
        json!({ "id": body_id.to_string(), "position": 4, "version": 3 })
    );
    let event_types: Vec<String> = sqlx::query_scalar(
        "SELECT event_type FROM events WHERE aggregate_type = 'Body' ORDER BY position",
    )
    .fetch_all(&api.db.pool)
    .await
    .unwrap();
    assert_eq!(
        event_types,
        [
            "BodyEstablished",
            "BodyEstablishmentCorrected",
            "BodyDissolved"
        ]
    );
}

#[tokio::test]
async fn a_body_of_an_unknown_cooperation_is_a_422_naming_the_field() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let cooperation_id = establish_joint_committee(&api, &tokens.administrator).await;
    let body_id =
        establish_body(&api, &tokens.administrator, cooperation_id, "Inköpsnämnden").await;
    let unknown = Uuid::new_v4();

    let established = api
        .post(
            "/api/v1/bodies",
            Some(&tokens.administrator),
            body_request(unknown, "Inköpsnämnden"),
        )
        .await;
    let corrected = api
        .post(
            &format!("/api/v1/bodies/{body_id}/corrections"),
            Some(&tokens.administrator),
            json!({ "establish": body_request(unknown, "Inköpsnämnden"), "reason": "Rättelse" }),
        )
        .await;

    assert_rule(&established, "cooperation_id", "cooperation.is_recorded");
    assert_eq!(
        established.body["detail"],
        format!("there is no cooperation {unknown} in the register")
    );
    assert_rule(
        &corrected,
        "establish.cooperation_id",
        "cooperation.is_recorded",
    );
    assert_eq!(events(&api).await, 2);
}

#[tokio::test]
async fn only_an_administrator_writes_bodies() {
    let api = Api::new().await;
    let committee = Committee::new(&api).await;
    let tokens = &committee.tokens;
    let body_id = committee.body_id;
    let cooperation_id: Uuid = sqlx::query_scalar::<_, String>(
        "SELECT aggregate_id FROM events WHERE aggregate_type = 'Cooperation'",
    )
    .fetch_one(&api.db.pool)
    .await
    .unwrap()
    .parse()
    .unwrap();
    let before = events(&api).await;
    let writes = [
        (
            "/api/v1/bodies".to_owned(),
            body_request(cooperation_id, "Styrgruppen"),
        ),
        (
            format!("/api/v1/bodies/{body_id}/dissolution"),
            json!({ "last_day": "2024-06-30", "basis": basis() }),
        ),
        (
            format!("/api/v1/bodies/{body_id}/corrections"),
            json!({ "establish": body_request(cooperation_id, "Nämnden"), "reason": "Rättelse" }),
        ),
    ];

    for (path, request) in writes {
        let anonymous = api.post(&path, None, request.clone()).await;
        let auditor = api
            .post(&path, Some(&tokens.auditor), request.clone())
            .await;
        // Even the secretary of this very body may not establish, dissolve or correct bodies.
        let secretary = api.post(&path, Some(&committee.secretary), request).await;

        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(auditor.status, StatusCode::FORBIDDEN, "{path}");
        assert_eq!(auditor.body["type"], "urn:samverkan:problem:forbidden");
        assert_eq!(secretary.status, StatusCode::FORBIDDEN, "{path}");
        assert_eq!(secretary.body["type"], "urn:samverkan:problem:forbidden");
    }
    assert_eq!(events(&api).await, before);
}

#[tokio::test]
async fn an_unknown_body_in_the_path_is_a_404() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let cooperation_id = establish_joint_committee(&api, &tokens.administrator).await;
    let unknown = Uuid::new_v4();

    let dissolved = api
        .post(
            &format!("/api/v1/bodies/{unknown}/dissolution"),
            Some(&tokens.administrator),
            json!({ "last_day": "2024-06-30", "basis": basis() }),
        )
        .await;
    let corrected = api
        .post(
            &format!("/api/v1/bodies/{unknown}/corrections"),
            Some(&tokens.administrator),
            json!({ "establish": body_request(cooperation_id, "Nämnden"), "reason": "Rättelse" }),
        )
        .await;
    // A secretary token of a body the register does not hold can only be made in the table.
    sqlx::query("INSERT INTO api_tokens (id, name, role, bodies, secret_sha256) VALUES ($1, 'secretary', 'secretary', $2, sha256('svk_secretary'))")
        .bind(Uuid::new_v4())
        .bind(vec![unknown])
        .execute(&api.db.pool)
        .await
        .unwrap();
    let seat_plan = api
        .post(
            &format!("/api/v1/bodies/{unknown}/terms/2023/seat-plan"),
            Some("svk_secretary"),
            json!({ "seats": seats(1), "basis": basis() }),
        )
        .await;

    for reply in [&dissolved, &corrected, &seat_plan] {
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{:?}", reply.body);
        assert_eq!(reply.body["type"], "urn:samverkan:problem:not-found");
        assert_eq!(reply.body["detail"], format!("there is no body {unknown}"));
    }
    assert_eq!(events(&api).await, 1);
}

#[tokio::test]
async fn the_secretary_adopts_a_seat_plan_appoints_corrects_and_ends_a_membership() {
    let api = Api::new().await;
    let committee = Committee::new(&api).await;
    let body_id = committee.body_id;
    let term = committee.term();
    let stream_id = format!("{body_id}:2023");
    let membership_id = Uuid::new_v4();
    let person = Uuid::new_v4();
    let member = format!("{term}/members/{membership_id}");
    let mut corrected = appointment(person, "Anna Andersson");
    corrected["serves_from"] = json!("2023-01-15");

    let plan = committee.adopt_seat_plan(&api).await;
    let appointed = api
        .post(
            &format!("{term}/members"),
            Some(&committee.secretary),
            json!({
                "membership_id": membership_id,
                "appointment": appointment(person, "Anna Andersson"),
                "replaces": null,
                "basis": basis()
            }),
        )
        .await;
    let appointment_corrected = api
        .post(
            &format!("{member}/corrections"),
            Some(&committee.secretary),
            json!({
                "corrected": corrected,
                "reason": "She took her seat on 15 January",
                "basis": basis()
            }),
        )
        .await;
    let ended = api
        .post(
            &format!("{member}/end"),
            Some(&committee.secretary),
            json!({ "last_day": "2024-06-30", "reason": "resigned", "basis": basis() }),
        )
        .await;
    let plan_corrected = api
        .post(
            &format!("{term}/seat-plan/corrections"),
            Some(&committee.secretary),
            json!({
                "seats": seats(2),
                "reason": "Every party has two members",
                "basis": basis()
            }),
        )
        .await;

    // Events 1–3 are the cooperation and its two bodies.
    assert_eq!(plan.status, StatusCode::CREATED, "{:?}", plan.body);
    assert_eq!(plan.header("location"), Some(term.as_str()));
    assert_eq!(
        plan.body,
        json!({ "id": stream_id, "position": 4, "version": 1 })
    );
    assert_eq!(
        appointed.status,
        StatusCode::CREATED,
        "{:?}",
        appointed.body
    );
    assert_eq!(appointed.header("location"), Some(member.as_str()));
    assert_eq!(
        appointed.body,
        json!({ "id": membership_id.to_string(), "position": 5, "version": 2 })
    );
    for (reply, position, location) in [
        (&appointment_corrected, 6, &member),
        (&ended, 7, &member),
        (&plan_corrected, 8, &term),
    ] {
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        assert_eq!(reply.header("location"), Some(location.as_str()));
        assert_eq!(reply.position(), position);
        assert_eq!(reply.body["version"], position - 3);
    }
    assert_eq!(appointment_corrected.body["id"], membership_id.to_string());
    assert_eq!(plan_corrected.body["id"], stream_id);
    let (aggregate_id, metadata): (String, Value) =
        sqlx::query_as("SELECT aggregate_id, metadata FROM events WHERE position = 5")
            .fetch_one(&api.db.pool)
            .await
            .unwrap();
    assert_eq!(aggregate_id, stream_id);
    assert_eq!(metadata["actor_role"], "secretary");
    let event_types: Vec<String> = sqlx::query_scalar(
        "SELECT event_type FROM events WHERE aggregate_type = 'BodyTerm' ORDER BY position",
    )
    .fetch_all(&api.db.pool)
    .await
    .unwrap();
    assert_eq!(
        event_types,
        [
            "SeatPlanAdopted",
            "MemberAppointed",
            "AppointmentCorrected",
            "MembershipEnded",
            "SeatPlanCorrected"
        ]
    );
}

#[tokio::test]
async fn seat_plans_and_members_are_written_only_by_the_secretary_of_the_body() {
    let api = Api::new().await;
    let committee = Committee::new(&api).await;
    let term = committee.term();
    let membership_id = Uuid::new_v4();
    assert_eq!(
        committee.adopt_seat_plan(&api).await.status,
        StatusCode::CREATED
    );
    let appointed = api
        .post(
            &format!("{term}/members"),
            Some(&committee.secretary),
            json!({
                "membership_id": membership_id,
                "appointment": appointment(Uuid::new_v4(), "Anna Andersson"),
                "replaces": null,
                "basis": basis()
            }),
        )
        .await;
    assert_eq!(
        appointed.status,
        StatusCode::CREATED,
        "{:?}",
        appointed.body
    );
    let before = events(&api).await;
    let member = format!("{term}/members/{membership_id}");
    let writes = [
        (
            format!("{term}/seat-plan"),
            json!({ "seats": seats(1), "basis": basis() }),
        ),
        (
            format!("{term}/seat-plan/corrections"),
            json!({ "seats": seats(2), "reason": "Rättelse", "basis": basis() }),
        ),
        (
            format!("{term}/members"),
            json!({
                "membership_id": Uuid::new_v4(),
                "appointment": appointment(Uuid::new_v4(), "Bo Berg"),
                "replaces": null,
                "basis": basis()
            }),
        ),
        (
            format!("{member}/end"),
            json!({ "last_day": "2024-06-30", "reason": "resigned", "basis": basis() }),
        ),
        (
            format!("{member}/corrections"),
            json!({
                "corrected": appointment(Uuid::new_v4(), "Anna Andersson"),
                "reason": "Rättelse",
                "basis": basis()
            }),
        ),
    ];

    for (path, request) in writes {
        let anonymous = api.post(&path, None, request.clone()).await;
        let auditor = api
            .post(&path, Some(&committee.tokens.auditor), request.clone())
            .await;
        // Appointing is the secretary's job, not the administrator's.
        let administrator = api
            .post(
                &path,
                Some(&committee.tokens.administrator),
                request.clone(),
            )
            .await;
        let other_secretary = api
            .post(&path, Some(&committee.other_secretary), request)
            .await;

        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(auditor.status, StatusCode::FORBIDDEN, "{path}");
        assert_eq!(administrator.status, StatusCode::FORBIDDEN, "{path}");
        // The role is refused before the request is read, so the body is not yet known.
        assert_eq!(
            administrator.body["detail"],
            "an administrator may not do this: only a secretary of the body records its \
             meetings, members and goals"
        );
        assert_eq!(other_secretary.status, StatusCode::FORBIDDEN, "{path}");
        assert_eq!(
            other_secretary.body["detail"],
            format!(
                "this secretary token is not scoped to Gemensamma inköpsnämnden ({}); \
                 secretaries write only for the bodies they are scoped to",
                committee.body_id
            )
        );
    }
    assert_eq!(events(&api).await, before);
}

#[tokio::test]
async fn the_joint_committee_and_the_parties_are_looked_up_for_the_seat_plan_and_members() {
    let api = Api::new().await;
    let committee = Committee::new(&api).await;
    let term = committee.term();
    let mut orsa_unseated = seats(1);
    orsa_unseated[1]["deputies"] = json!(0);
    let mut foreign_party = appointment(Uuid::new_v4(), "Bo Berg");
    foreign_party["party"] = json!("2080");

    let unseated = api
        .post(
            &format!("{term}/seat-plan"),
            Some(&committee.secretary),
            json!({ "seats": orsa_unseated, "basis": basis() }),
        )
        .await;
    let asserted_fact = api
        .post(
            &format!("{term}/seat-plan"),
            Some(&committee.secretary),
            json!({ "seats": orsa_unseated, "is_joint_committee": false, "basis": basis() }),
        )
        .await;
    let before_plan = api
        .post(
            &format!("{term}/members"),
            Some(&committee.secretary),
            json!({
                "membership_id": Uuid::new_v4(),
                "appointment": appointment(Uuid::new_v4(), "Anna Andersson"),
                "replaces": null,
                "basis": basis()
            }),
        )
        .await;
    assert_eq!(events(&api).await, 3);
    assert_eq!(
        committee.adopt_seat_plan(&api).await.status,
        StatusCode::CREATED
    );
    let not_a_party = api
        .post(
            &format!("{term}/members"),
            Some(&committee.secretary),
            json!({
                "membership_id": Uuid::new_v4(),
                "appointment": foreign_party,
                "replaces": null,
                "basis": basis()
            }),
        )
        .await;

    // The cooperation is a joint committee, so every party needs a member and a deputy seat.
    assert_rule(
        &unseated,
        "seats",
        "body_term.every_party_seated_in_joint_committee",
    );
    // A fact the register holds cannot be sent at all.
    assert_eq!(asserted_fact.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        asserted_fact.broken_rule(),
        ("is_joint_committee".to_owned(), "json.shape".to_owned())
    );
    assert_rule(
        &before_plan,
        "period",
        "body_term.seat_plan_before_appointments",
    );
    assert_rule(
        &not_a_party,
        "appointment.party",
        "body_term.members_from_cooperation_parties",
    );
    assert_eq!(events(&api).await, 4);
}

#[tokio::test]
async fn an_unknown_term_or_membership_in_the_path_is_a_404() {
    let api = Api::new().await;
    let committee = Committee::new(&api).await;
    let unknown = Uuid::new_v4();
    let body_id = committee.body_id;
    let next_term = format!("/api/v1/bodies/{body_id}/terms/2027");
    let end = json!({ "last_day": "2024-06-30", "reason": "resigned", "basis": basis() });

    let plan_correction = api
        .post(
            &format!("{next_term}/seat-plan/corrections"),
            Some(&committee.secretary),
            json!({ "seats": seats(1), "reason": "Rättelse", "basis": basis() }),
        )
        .await;
    let end_in_no_term = api
        .post(
            &format!("{next_term}/members/{unknown}/end"),
            Some(&committee.secretary),
            end.clone(),
        )
        .await;
    assert_eq!(
        committee.adopt_seat_plan(&api).await.status,
        StatusCode::CREATED
    );
    let end_unknown = api
        .post(
            &format!("{}/members/{unknown}/end", committee.term()),
            Some(&committee.secretary),
            end,
        )
        .await;
    let correct_unknown = api
        .post(
            &format!("{}/members/{unknown}/corrections", committee.term()),
            Some(&committee.secretary),
            json!({
                "corrected": appointment(Uuid::new_v4(), "Anna Andersson"),
                "reason": "Rättelse",
                "basis": basis()
            }),
        )
        .await;

    for reply in [&plan_correction, &end_in_no_term] {
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{:?}", reply.body);
        assert_eq!(
            reply.body["detail"],
            format!("there is no body term {body_id}:2027")
        );
    }
    for reply in [&end_unknown, &correct_unknown] {
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{:?}", reply.body);
        assert_eq!(reply.body["type"], "urn:samverkan:problem:not-found");
        assert_eq!(
            reply.body["detail"],
            format!("there is no membership {unknown}")
        );
    }
    assert_eq!(events(&api).await, 4);
}

#[tokio::test]
async fn a_malformed_term_or_appointment_is_a_400_naming_it() {
    let api = Api::new().await;
    let committee = Committee::new(&api).await;
    let mut unknown_role = appointment(Uuid::new_v4(), "Anna Andersson");
    unknown_role["role"] = json!("chairman");

    let no_period = api
        .post(
            &format!("/api/v1/bodies/{}/terms/2024/seat-plan", committee.body_id),
            Some(&committee.secretary),
            json!({ "seats": seats(1), "basis": basis() }),
        )
        .await;
    let role = api
        .post(
            &format!("{}/members", committee.term()),
            Some(&committee.secretary),
            json!({
                "membership_id": Uuid::new_v4(),
                "appointment": unknown_role,
                "replaces": null,
                "basis": basis()
            }),
        )
        .await;
    let kind = api
        .post(
            "/api/v1/bodies",
            Some(&committee.tokens.administrator),
            json!({
                "cooperation_id": Uuid::new_v4(),
                "kind": "council",
                "name": "Fullmäktige",
                "established_on": "2020-01-01",
                "basis": basis()
            }),
        )
        .await;

    assert_eq!(no_period.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        no_period.broken_rule(),
        ("path".to_owned(), "parameter.format".to_owned())
    );
    assert_eq!(role.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        role.broken_rule(),
        ("appointment.role".to_owned(), "json.shape".to_owned())
    );
    assert_eq!(kind.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        kind.broken_rule(),
        ("kind".to_owned(), "json.shape".to_owned())
    );
    assert_eq!(events(&api).await, 3);
}

#[tokio::test]
async fn the_openapi_document_describes_the_body_cooperation_and_decision_endpoints() {
    let api = Api::new().await;

    let reply = api.get("/api/v1/openapi.json", None).await;

    assert_eq!(reply.status, StatusCode::OK);
    let paths = &reply.body["paths"];
    for path in [
        "/cooperations",
        "/cooperations/{id}/parties",
        "/cooperations/{id}/dissolution",
        "/cooperations/{id}/corrections",
        "/bodies",
        "/bodies/{id}/dissolution",
        "/bodies/{id}/corrections",
        "/bodies/{id}/terms/{period}/seat-plan",
        "/bodies/{id}/terms/{period}/seat-plan/corrections",
        "/bodies/{id}/terms/{period}/members",
        "/bodies/{id}/terms/{period}/members/{membership_id}/end",
        "/bodies/{id}/terms/{period}/members/{membership_id}/corrections",
        "/external-decisions",
        "/external-decisions/{id}/corrections",
    ] {
        assert!(paths[path]["post"].is_object(), "{path} is not described");
    }
    let schemas = &reply.body["components"]["schemas"];
    for schema in [
        "EstablishCooperation",
        "EstablishBodyRequest",
        "SeatPlanRequest",
        "SeatAllocation",
        "AppointmentRequest",
        "Appointment",
        "Person",
        "EndReason",
        "RecordExternalDecision",
        "ExternalDecisionDetails",
    ] {
        assert!(schemas[schema].is_object(), "{schema} has no schema");
    }
    // A fact the register looks up is not part of what a caller sends.
    assert!(schemas["SeatPlanRequest"]["properties"]["is_joint_committee"].is_null());
    assert!(schemas["EstablishBodyRequest"]["properties"]["cooperation_established_on"].is_null());
}
