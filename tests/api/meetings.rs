//! The meeting endpoints: a body's secretary records a whole meeting over HTTP, from the call to
//! the notice taken down, with the facts (the body's name, who holds a seat, the next §) looked
//! up by the register rather than sent.
//!
//! The committee is seed 004's Inköpsnämnden, set up from `data/scenarios` through its members:
//! one member seat and one deputy seat for each region, so the chair and the vice chair make a
//! quorum.

use axum::http::StatusCode;
use register::access::Role;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::support::api_client::{Api, Reply, Tokens};
use crate::support::fixtures::{establish_body, register};
use crate::support::scenario::ScenarioSetup;

/// Inköpsnämnden with its seat plan for 2023–2026 and its members, and a second body of
/// another cooperation whose secretary must not write Inköpsnämnden's meetings.
struct Committee {
    api: Api,
    seed: ScenarioSetup,
    namnden: Uuid,
    chair: Uuid,
    vice_chair: Uuid,
    secretary: String,
    other_secretary: String,
    tokens: Tokens,
}

async fn committee() -> Committee {
    let api = Api::new().await;
    let seed =
        ScenarioSetup::through(&api, "004-inkopsnamnden", "ersattare-vastmanland-2023").await;
    let namnden = seed.id("inkopsnamnden");
    let (other_body, _) = establish_body(&register(&api.db.pool), "Överförmyndarnämnden").await;
    Committee {
        namnden,
        chair: seed.id("ordforande-sormland"),
        vice_chair: seed.id("vice-ordforande-vastmanland"),
        secretary: api.token(Role::Secretary, &[namnden]).await,
        other_secretary: api.token(Role::Secretary, &[other_body]).await,
        tokens: Tokens::new(&api).await,
        api,
        seed,
    }
}

async fn events(api: &Api) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM events")
        .fetch_one(&api.db.pool)
        .await
        .unwrap()
}

fn call(committee: &Committee, on: &str) -> Value {
    json!({
        "body_id": committee.namnden,
        "date": on,
        "place": "Regionhuset, Nyköping",
        "agenda": [
            { "number": 1, "title": "Tilldelning, ramavtal kontorsmaterial",
              "registry_number": "INK 2025/103", "public": true },
            { "number": 2, "title": "Delegationsbeslut", "registry_number": null, "public": true }
        ]
    })
}

fn roll_call(committee: &Committee) -> Value {
    json!({
        "presiding": committee.chair,
        "roll": [
            { "person_id": committee.chair, "serving_for": null },
            { "person_id": committee.vice_chair, "serving_for": null }
        ]
    })
}

fn content(text: &str) -> Value {
    json!({
        "text": text,
        "proposals": [],
        "vote": null,
        "recusals": [],
        "reservations": [],
        "statements": [],
        "mandate_category": "upphandling/ramavtal",
        "delegated_decisions": []
    })
}

fn decision(decision_id: Uuid, item: u16) -> Value {
    json!({
        "decision_id": decision_id,
        "item": item,
        "content": content("Nämnden antar tilldelningsbeslutet.")
    })
}

/// Calls a meeting of Inköpsnämnden over HTTP and returns its id.
async fn called(committee: &Committee, on: &str) -> Uuid {
    let reply = committee
        .api
        .post(
            "/api/v1/meetings",
            Some(&committee.secretary),
            call(committee, on),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    reply.id()
}

/// Calls and opens a meeting over HTTP and returns its id.
async fn held(committee: &Committee, on: &str) -> Uuid {
    let meeting_id = called(committee, on).await;
    let reply = committee
        .api
        .post(
            &format!("/api/v1/meetings/{meeting_id}/opening"),
            Some(&committee.secretary),
            roll_call(committee),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    meeting_id
}

/// Asserts an answer's status, `Location` and whole receipt.
fn assert_recorded(reply: &Reply, status: StatusCode, location: &str, receipt: Value) {
    assert_eq!(reply.status, status, "{:?}", reply.body);
    assert_eq!(reply.header("location"), Some(location));
    assert_eq!(reply.body, receipt);
}

#[tokio::test]
async fn a_secretary_records_a_whole_meeting_from_its_call_to_the_notice_taken_down() {
    let committee = committee().await;
    let api = &committee.api;
    let secretary = Some(committee.secretary.as_str());
    let before = u64::try_from(events(api).await).unwrap();

    let call_reply = api
        .post(
            "/api/v1/meetings",
            secretary,
            call(&committee, "2025-05-06"),
        )
        .await;
    let meeting_id = call_reply.id();
    let meeting = format!("/api/v1/meetings/{meeting_id}");
    assert_recorded(
        &call_reply,
        StatusCode::CREATED,
        &meeting,
        json!({ "id": meeting_id.to_string(), "position": before + 1, "version": 1 }),
    );
    let (metadata, payload): (Value, Value) =
        sqlx::query_as("SELECT metadata, payload FROM events WHERE position = $1")
            .bind(i64::try_from(call_reply.position()).unwrap())
            .fetch_one(&api.db.pool)
            .await
            .unwrap();
    assert_eq!(metadata["actor_role"], "secretary");
    assert_eq!(metadata["actor_name"], "secretary in a test");
    assert_eq!(
        metadata["request_id"].as_str(),
        call_reply.header("x-request-id")
    );
    // The body's name is a fact the register looked up; the request never named it.
    assert_eq!(payload["MeetingCalled"]["body_name"], "Inköpsnämnden");

    let agenda_item = api
        .post(
            &format!("{meeting}/agenda-items"),
            secretary,
            json!({ "number": 3, "title": "Övriga frågor", "registry_number": null, "public": false }),
        )
        .await;
    assert_recorded(
        &agenda_item,
        StatusCode::CREATED,
        &format!("{meeting}/agenda-items/3"),
        json!({ "id": "3", "position": before + 2, "version": 2 }),
    );

    let opening = api
        .post(
            &format!("{meeting}/opening"),
            secretary,
            roll_call(&committee),
        )
        .await;
    assert_recorded(
        &opening,
        StatusCode::OK,
        &meeting,
        json!({ "id": meeting_id.to_string(), "position": before + 3, "version": 3 }),
    );
    let seated: Value =
        sqlx::query_scalar("SELECT payload -> 'MeetingOpened' FROM events WHERE position = $1")
            .bind(i64::try_from(before + 3).unwrap())
            .fetch_one(&api.db.pool)
            .await
            .unwrap();
    assert_eq!(seated["member_seats"], 2);
    // Everyone who holds a seat on the day is seated, the seed's two deputies beside its two
    // members, whether or not they answer the roll.
    let mut seats: Vec<(&str, &str, Uuid)> = seated["seated"]
        .as_array()
        .unwrap()
        .iter()
        .map(|seat| {
            (
                seat["seat"].as_str().unwrap(),
                seat["party"].as_str().unwrap(),
                seat["person"]["id"].as_str().unwrap().parse().unwrap(),
            )
        })
        .collect();
    seats.sort();
    let mut expected = vec![
        ("deputy", "04", committee.seed.id("ersattare-sormland")),
        ("deputy", "19", committee.seed.id("ersattare-vastmanland")),
        ("member", "04", committee.chair),
        ("member", "19", committee.vice_chair),
    ];
    expected.sort();
    assert_eq!(seats, expected);

    let decision_id = Uuid::new_v4();
    let recorded = api
        .post(
            &format!("{meeting}/decisions"),
            secretary,
            decision(decision_id, 1),
        )
        .await;
    assert_recorded(
        &recorded,
        StatusCode::CREATED,
        &format!("{meeting}/decisions/1"),
        json!({ "id": decision_id.to_string(), "position": before + 4, "version": 4 }),
    );

    let attendance = api
        .post(
            &format!("{meeting}/attendance"),
            secretary,
            json!({
                "person_id": committee.vice_chair,
                "from_paragraph": 2,
                "attendance": { "kind": "absent" }
            }),
        )
        .await;
    assert_recorded(
        &attendance,
        StatusCode::OK,
        &meeting,
        json!({ "id": meeting_id.to_string(), "position": before + 5, "version": 5 }),
    );

    let correction = api
        .post(
            &format!("{meeting}/decisions/1/corrections"),
            secretary,
            json!({
                "content": content("Nämnden antar tilldelningsbeslutet för anbud 2."),
                "reason": "Fel anbud angavs i beslutet"
            }),
        )
        .await;
    assert_recorded(
        &correction,
        StatusCode::OK,
        &format!("{meeting}/decisions/1"),
        json!({ "id": decision_id.to_string(), "position": before + 6, "version": 6 }),
    );

    let adjusters = api
        .post(
            &format!("{meeting}/adjusters"),
            secretary,
            json!({ "adjusters": [committee.vice_chair] }),
        )
        .await;
    assert_recorded(
        &adjusters,
        StatusCode::OK,
        &meeting,
        json!({ "id": meeting_id.to_string(), "position": before + 7, "version": 7 }),
    );

    let approval = api
        .post(
            &format!("{meeting}/approval"),
            secretary,
            json!({
                "scope": { "kind": "whole" },
                "approved_on": "2025-05-13",
                "approved_by": [committee.chair, committee.vice_chair]
            }),
        )
        .await;
    assert_recorded(
        &approval,
        StatusCode::OK,
        &meeting,
        json!({ "id": meeting_id.to_string(), "position": before + 8, "version": 8 }),
    );

    let publication = api
        .post(
            &format!("{meeting}/publication"),
            secretary,
            json!({ "scope": { "kind": "whole" }, "posted_on": "2025-05-14" }),
        )
        .await;
    assert_recorded(
        &publication,
        StatusCode::OK,
        &meeting,
        json!({ "id": meeting_id.to_string(), "position": before + 9, "version": 9 }),
    );

    let removal = api
        .post(
            &format!("{meeting}/notice-removal"),
            secretary,
            json!({ "scope": { "kind": "whole" }, "removed_on": "2025-06-10" }),
        )
        .await;
    assert_recorded(
        &removal,
        StatusCode::OK,
        &meeting,
        json!({ "id": meeting_id.to_string(), "position": before + 10, "version": 10 }),
    );

    let revocation = api
        .post(
            &format!("{meeting}/decisions/1/revocation"),
            secretary,
            json!({
                "revoked_on": "2025-10-01",
                "basis": {
                    "kind": "external_decision",
                    "issuer": "Förvaltningsrätten i Linköping",
                    "decided_on": "2025-09-24",
                    "reference": "mål nr 1234-25",
                    "registry_number": null
                }
            }),
        )
        .await;
    assert_recorded(
        &revocation,
        StatusCode::OK,
        &format!("{meeting}/decisions/1"),
        json!({ "id": decision_id.to_string(), "position": before + 11, "version": 11 }),
    );

    let event_types: Vec<String> = sqlx::query_scalar(
        "SELECT event_type FROM events WHERE aggregate_type = 'Meeting' AND aggregate_id = $1
          ORDER BY sequence",
    )
    .bind(meeting_id.to_string())
    .fetch_all(&api.db.pool)
    .await
    .unwrap();
    assert_eq!(
        event_types,
        [
            "MeetingCalled",
            "AgendaItemAdded",
            "MeetingOpened",
            "DecisionRecorded",
            "AttendanceChanged",
            "DecisionCorrected",
            "AdjustersChosen",
            "MinutesApproved",
            "MinutesPublished",
            "NoticeRemoved",
            "DecisionRevoked",
        ]
    );
    // The § register reads what was written over HTTP like anything else in the log.
    api.catch_up().await;
    let in_register: (
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    ) = sqlx::query_as(
        "SELECT decision_text, correction_reason, posted_on::text, notice_removed_on::text,
                    revoked_on::text
               FROM read_decisions.decisions WHERE decision_id = $1 AND upper_inf(known)",
    )
    .bind(decision_id)
    .fetch_one(&api.db.pool)
    .await
    .unwrap();
    assert_eq!(
        in_register,
        (
            "Nämnden antar tilldelningsbeslutet för anbud 2.".to_owned(),
            Some("Fel anbud angavs i beslutet".to_owned()),
            Some("2025-05-14".to_owned()),
            Some("2025-06-10".to_owned()),
            Some("2025-10-01".to_owned()),
        )
    );
}

#[tokio::test]
async fn a_meeting_not_yet_held_is_cancelled_and_a_held_one_is_not() {
    let committee = committee().await;
    let api = &committee.api;
    let meeting_id = called(&committee, "2025-06-10").await;
    let held_id = held(&committee, "2025-05-06").await;
    let before = u64::try_from(events(api).await).unwrap();

    let cancelled = api
        .post(
            &format!("/api/v1/meetings/{meeting_id}/cancellation"),
            Some(&committee.secretary),
            json!({ "reason": "Inga ärenden att behandla" }),
        )
        .await;
    let refused = api
        .post(
            &format!("/api/v1/meetings/{held_id}/cancellation"),
            Some(&committee.secretary),
            json!({ "reason": "Inga ärenden att behandla" }),
        )
        .await;

    assert_recorded(
        &cancelled,
        StatusCode::OK,
        &format!("/api/v1/meetings/{meeting_id}"),
        json!({ "id": meeting_id.to_string(), "position": before + 1, "version": 2 }),
    );
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.broken_rule(),
        (
            "meeting_id".to_owned(),
            "meeting.only_unheld_meetings_cancelled".to_owned()
        )
    );
    assert_eq!(events(api).await, i64::try_from(before + 1).unwrap());
}

#[tokio::test]
async fn only_a_secretary_of_the_meetings_body_records_it() {
    let committee = committee().await;
    let api = &committee.api;
    let meeting_id = called(&committee, "2025-05-06").await;
    let before = events(api).await;
    let opening = format!("/api/v1/meetings/{meeting_id}/opening");

    for (who, secret, status) in [
        ("anonymous", None, StatusCode::UNAUTHORIZED),
        (
            "auditor",
            Some(committee.tokens.auditor.as_str()),
            StatusCode::FORBIDDEN,
        ),
        (
            "administrator",
            Some(committee.tokens.administrator.as_str()),
            StatusCode::FORBIDDEN,
        ),
        (
            "secretary of another body",
            Some(committee.other_secretary.as_str()),
            StatusCode::FORBIDDEN,
        ),
    ] {
        let call_reply = api
            .post("/api/v1/meetings", secret, call(&committee, "2025-06-10"))
            .await;
        let open_reply = api.post(&opening, secret, roll_call(&committee)).await;
        assert_eq!(
            call_reply.status, status,
            "{who} calls: {:?}",
            call_reply.body
        );
        assert_eq!(
            open_reply.status, status,
            "{who} opens: {:?}",
            open_reply.body
        );
        let problem = if status == StatusCode::UNAUTHORIZED {
            "urn:samverkan:problem:unauthenticated"
        } else {
            "urn:samverkan:problem:forbidden"
        };
        assert_eq!(call_reply.body["type"], problem, "{who}");
        assert_eq!(open_reply.body["type"], problem, "{who}");
    }
    assert_eq!(events(api).await, before);
}

#[tokio::test]
async fn an_unknown_meeting_or_paragraph_in_the_path_is_a_404() {
    let committee = committee().await;
    let api = &committee.api;
    let meeting_id = held(&committee, "2025-05-06").await;
    let unknown = Uuid::new_v4();
    let before = events(api).await;

    let no_meeting = api
        .post(
            &format!("/api/v1/meetings/{unknown}/adjusters"),
            Some(&committee.secretary),
            json!({ "adjusters": [committee.vice_chair] }),
        )
        .await;
    let no_paragraph = api
        .post(
            &format!("/api/v1/meetings/{meeting_id}/decisions/7/corrections"),
            Some(&committee.secretary),
            json!({ "content": content("Rättad text."), "reason": "Skrivfel" }),
        )
        .await;

    assert_eq!(no_meeting.status, StatusCode::NOT_FOUND);
    assert_eq!(no_meeting.body["type"], "urn:samverkan:problem:not-found");
    assert_eq!(
        no_meeting.body["detail"],
        format!("there is no meeting {unknown}")
    );
    assert_eq!(no_paragraph.status, StatusCode::NOT_FOUND);
    assert_eq!(
        no_paragraph.body["detail"],
        format!("there is no decision § 7 of meeting {meeting_id}")
    );
    assert_eq!(events(api).await, before);
}

#[tokio::test]
async fn a_decision_before_the_meeting_is_opened_breaks_a_named_rule() {
    let committee = committee().await;
    let api = &committee.api;
    let meeting_id = called(&committee, "2025-05-06").await;
    let before = events(api).await;

    let decided = api
        .post(
            &format!("/api/v1/meetings/{meeting_id}/decisions"),
            Some(&committee.secretary),
            decision(Uuid::new_v4(), 1),
        )
        .await;
    let before_the_body = api
        .post(
            "/api/v1/meetings",
            Some(&committee.secretary),
            call(&committee, "2018-12-31"),
        )
        .await;

    assert_eq!(decided.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(decided.body["type"], "urn:samverkan:problem:rule-broken");
    assert_eq!(
        decided.broken_rule(),
        (
            "meeting_id".to_owned(),
            "meeting.opened_before_decisions".to_owned()
        )
    );
    assert_eq!(before_the_body.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        before_the_body.broken_rule(),
        ("date".to_owned(), "meeting.body_exists_on_date".to_owned())
    );
    assert_eq!(events(api).await, before);
}

#[tokio::test]
async fn a_decision_id_already_taken_is_a_conflict() {
    let committee = committee().await;
    let api = &committee.api;
    let meeting_id = held(&committee, "2025-05-06").await;
    let decisions = format!("/api/v1/meetings/{meeting_id}/decisions");
    let decision_id = Uuid::new_v4();
    let first = api
        .post(
            &decisions,
            Some(&committee.secretary),
            decision(decision_id, 1),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED);
    let before = events(api).await;

    let again = api
        .post(
            &decisions,
            Some(&committee.secretary),
            decision(decision_id, 2),
        )
        .await;

    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.body["type"], "urn:samverkan:problem:conflict");
    assert_eq!(events(api).await, before);
}

/// The § a decision took is chosen by the register, and later decisions move the next § on; a
/// retry whose first attempt recorded the decision but never answered is answered with the §
/// that attempt took, read from the log, and records nothing.
#[tokio::test]
async fn a_decision_whose_answer_was_lost_is_answered_with_the_paragraph_it_took() {
    let committee = committee().await;
    let api = &committee.api;
    let secretary = Some(committee.secretary.as_str());
    let meeting_id = held(&committee, "2025-05-06").await;
    let decisions = format!("/api/v1/meetings/{meeting_id}/decisions");
    let key = [("idempotency-key", "ink-2025-05-06-beslut-1")];
    let decided = decision(Uuid::new_v4(), 1);
    let first = api
        .post_with(&decisions, secretary, &key, decided.clone())
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    api.lose_answer("ink-2025-05-06-beslut-1").await;
    let next = api
        .post(&decisions, secretary, decision(Uuid::new_v4(), 2))
        .await;
    assert_eq!(next.status, StatusCode::CREATED, "{:?}", next.body);
    let before = events(api).await;

    let retry = api.post_with(&decisions, secretary, &key, decided).await;

    assert_eq!(retry.status, StatusCode::CREATED, "{:?}", retry.body);
    assert_eq!(retry.body, first.body);
    assert_eq!(retry.header("location"), first.header("location"));
    assert_ne!(next.header("location"), first.header("location"));
    assert_eq!(events(api).await, before);
}

/// A meeting's id is chosen by the server; the retry of a call whose answer was lost names the
/// meeting the first attempt called rather than calling another.
#[tokio::test]
async fn a_meeting_call_whose_answer_was_lost_is_answered_with_the_meeting_it_called() {
    let committee = committee().await;
    let api = &committee.api;
    let secretary = Some(committee.secretary.as_str());
    let key = [("idempotency-key", "kallelse-2025-05-06")];
    let first = api
        .post_with(
            "/api/v1/meetings",
            secretary,
            &key,
            call(&committee, "2025-05-06"),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{:?}", first.body);
    api.lose_answer("kallelse-2025-05-06").await;
    let before = events(api).await;

    let retry = api
        .post_with(
            "/api/v1/meetings",
            secretary,
            &key,
            call(&committee, "2025-05-06"),
        )
        .await;

    assert_eq!(retry.status, StatusCode::CREATED, "{:?}", retry.body);
    assert_eq!(retry.body, first.body);
    assert_eq!(retry.header("location"), first.header("location"));
    assert_eq!(events(api).await, before);
}

#[tokio::test]
async fn a_fact_carrying_command_from_a_stale_version_is_a_conflict_naming_the_current_one() {
    let committee = committee().await;
    let api = &committee.api;
    let meeting_id = called(&committee, "2025-05-06").await;
    let before = events(api).await;

    let stale = api
        .post_with(
            &format!("/api/v1/meetings/{meeting_id}/opening"),
            Some(&committee.secretary),
            &[("if-match", "\"0\"")],
            roll_call(&committee),
        )
        .await;

    assert_eq!(stale.status, StatusCode::CONFLICT);
    assert_eq!(stale.body["current_version"], 1);
    assert_eq!(events(api).await, before);
    let current = api
        .post_with(
            &format!("/api/v1/meetings/{meeting_id}/opening"),
            Some(&committee.secretary),
            &[("if-match", "1")],
            roll_call(&committee),
        )
        .await;
    assert_eq!(current.status, StatusCode::OK);
    assert_eq!(current.body["version"], 2);
}

#[tokio::test]
async fn a_malformed_body_is_a_400_naming_the_field() {
    let committee = committee().await;
    let api = &committee.api;
    let meeting_id = called(&committee, "2025-05-06").await;
    let before = events(api).await;

    let not_a_person = api
        .post(
            &format!("/api/v1/meetings/{meeting_id}/opening"),
            Some(&committee.secretary),
            json!({
                "presiding": committee.chair,
                "roll": [{ "person_id": "Anna Ek", "serving_for": null }]
            }),
        )
        .await;
    // The body's name is a fact of the register; a client that sends it is told so.
    let with_a_fact = api
        .post(
            "/api/v1/meetings",
            Some(&committee.secretary),
            json!({
                "body_id": committee.namnden,
                "body_name": "Inköpsnämnden",
                "date": "2025-06-10",
                "place": "Regionhuset, Nyköping",
                "agenda": []
            }),
        )
        .await;
    let no_scope = api
        .post(
            &format!("/api/v1/meetings/{meeting_id}/approval"),
            Some(&committee.secretary),
            json!({ "approved_on": "2025-05-13", "approved_by": [committee.chair] }),
        )
        .await;

    assert_eq!(not_a_person.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        not_a_person.broken_rule(),
        ("roll[0].person_id".to_owned(), "json.shape".to_owned())
    );
    assert_eq!(with_a_fact.status, StatusCode::BAD_REQUEST);
    assert_eq!(with_a_fact.broken_rule().1, "json.shape");
    assert!(
        with_a_fact.body["detail"]
            .as_str()
            .unwrap()
            .contains("body_name"),
        "{:?}",
        with_a_fact.body
    );
    assert_eq!(no_scope.status, StatusCode::BAD_REQUEST);
    assert_eq!(no_scope.broken_rule().1, "json.shape");
    assert_eq!(events(api).await, before);
}

#[tokio::test]
async fn the_openapi_document_describes_every_meeting_command_and_read() {
    let committee = committee().await;
    let document = committee
        .api
        .get("/api/v1/openapi.json", Some(&committee.tokens.auditor))
        .await;

    assert_eq!(document.status, StatusCode::OK);
    // The document's paths come back in alphabetical order.
    let paths: Vec<&str> = document.body["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .filter(|path| path.starts_with("/meetings"))
        .collect();
    assert_eq!(
        paths,
        [
            "/meetings",
            "/meetings/{meeting_id}",
            "/meetings/{meeting_id}/adjusters",
            "/meetings/{meeting_id}/agenda-items",
            "/meetings/{meeting_id}/agenda-items/{number}",
            "/meetings/{meeting_id}/approval",
            "/meetings/{meeting_id}/attendance",
            "/meetings/{meeting_id}/cancellation",
            "/meetings/{meeting_id}/decisions",
            "/meetings/{meeting_id}/decisions/{paragraph}",
            "/meetings/{meeting_id}/decisions/{paragraph}/corrections",
            "/meetings/{meeting_id}/decisions/{paragraph}/revocation",
            "/meetings/{meeting_id}/notice-removal",
            "/meetings/{meeting_id}/opening",
            "/meetings/{meeting_id}/publication",
        ]
    );
    let schemas = &document.body["components"]["schemas"];
    for schema in [
        "CallMeetingRequest",
        "OpenMeetingRequest",
        "RecordDecisionRequest",
        "DecisionContent",
        "Vote",
        "MinutesScope",
        "Attendance",
        "LegalBasis",
    ] {
        assert!(schemas.get(schema).is_some(), "{schema} is not described");
    }
}

/// A held meeting with its agenda, its first §, adjusters and minutes approved and posted, over
/// HTTP; returns its id and the position of the posting.
async fn meeting_with_posted_minutes(committee: &Committee) -> (Uuid, u64) {
    let api = &committee.api;
    let secretary = Some(committee.secretary.as_str());
    let meeting_id = held(committee, "2025-05-06").await;
    let meeting = format!("/api/v1/meetings/{meeting_id}");
    let steps = [
        ("decisions", decision(Uuid::new_v4(), 1)),
        (
            "attendance",
            json!({
                "person_id": committee.vice_chair,
                "from_paragraph": 2,
                "attendance": { "kind": "absent" }
            }),
        ),
        ("adjusters", json!({ "adjusters": [committee.vice_chair] })),
        (
            "approval",
            json!({
                "scope": { "kind": "whole" },
                "approved_on": "2025-05-13",
                "approved_by": [committee.chair, committee.vice_chair]
            }),
        ),
        (
            "publication",
            json!({ "scope": { "kind": "whole" }, "posted_on": "2025-05-14" }),
        ),
    ];
    let mut position = 0;
    for (path, body) in steps {
        let reply = api
            .post(&format!("{meeting}/{path}"), secretary, body)
            .await;
        assert!(reply.status.is_success(), "{path}: {:?}", reply.body);
        position = reply.position();
    }
    api.catch_up().await;
    (meeting_id, position)
}

fn person(id: Uuid, name: &str, party: &str) -> Value {
    json!({ "person_id": id, "name": name, "party": party, "seat": "member" })
}

/// Every address a meeting command answers with reads back: the meeting whole, its § and its
/// agenda item, and the body's list of meetings; each as on a day and as known at a position.
#[tokio::test]
async fn a_meeting_reads_back_whole_on_any_day_as_known_at_any_position() {
    let committee = committee().await;
    let api = &committee.api;
    let reader = Some(committee.tokens.auditor.as_str());
    let (meeting_id, posted_at) = meeting_with_posted_minutes(&committee).await;
    let meeting = format!("/api/v1/meetings/{meeting_id}");
    let chair = person(committee.chair, "Ordförande från Region Sörmland", "04");
    let vice_chair = person(
        committee.vice_chair,
        "Vice ordförande från Region Västmanland",
        "19",
    );

    let after_posting = api
        .get(&format!("{meeting}?as_of=2025-06-30"), reader)
        .await;

    assert_eq!(
        after_posting.status,
        StatusCode::OK,
        "{:?}",
        after_posting.body
    );
    let mut whole = after_posting.body.clone();
    let decisions = whole["decisions"].take();
    assert_eq!(
        whole,
        json!({
            "as_of": "2025-06-30",
            "known_at": posted_at,
            "meeting_id": meeting_id,
            "body_id": committee.namnden,
            "body_name": "Inköpsnämnden",
            "meeting_on": "2025-05-06",
            "place": "Regionhuset, Nyköping",
            "status": "posted",
            "agenda": [
                { "number": 1, "title": "Tilldelning, ramavtal kontorsmaterial",
                  "registry_number": "INK 2025/103", "public": true,
                  "paragraph": { "year": 2025, "number": 1 } },
                { "number": 2, "title": "Delegationsbeslut", "registry_number": null,
                  "public": true, "paragraph": null }
            ],
            "attendance": {
                "presiding": chair,
                "member_seats": 2,
                "roll": [
                    { "person": chair, "serving_for": null },
                    { "person": vice_chair, "serving_for": null }
                ],
                "changes": [
                    { "person": vice_chair, "from_paragraph": 2, "present": false,
                      "serving_for": null }
                ]
            },
            "adjusters": [vice_chair],
            "minutes": {
                "approved_on": "2025-05-13",
                "approved_by": [chair, vice_chair],
                "publication": {
                    "posted_on": "2025-05-14",
                    "appeal_last_day": "2025-06-04",
                    "days_late": null,
                    "notice_removed_on": null
                }
            },
            "decisions": null,
            // The people's parties, by name.
            "party_names": { "04": "Region Sörmland", "19": "Region Västmanland" }
        })
    );
    assert_eq!(decisions.as_array().unwrap().len(), 1);
    assert_eq!(
        decisions[0]["paragraph"],
        json!({ "year": 2025, "number": 1 })
    );
    // Who took part, by name, sorted by name.
    assert_eq!(decisions[0]["people"], json!([chair, vice_chair]));
    assert_eq!(decisions[0]["recusals"], json!([]));

    // The day before the approval the minutes are not yet approved; before the meeting's day it
    // is only called, with neither attendance nor §§.
    let before_approval = api
        .get(&format!("{meeting}?as_of=2025-05-12"), reader)
        .await;
    assert_eq!(
        (
            &before_approval.body["status"],
            &before_approval.body["minutes"],
            before_approval.body["decisions"].as_array().map(Vec::len),
        ),
        (&json!("held"), &Value::Null, Some(1))
    );
    let before_the_day = api
        .get(&format!("{meeting}?as_of=2025-05-05"), reader)
        .await;
    assert_eq!(
        (
            &before_the_day.body["status"],
            &before_the_day.body["attendance"],
            &before_the_day.body["decisions"],
        ),
        (&json!("called"), &Value::Null, &json!([]))
    );

    // As known before the posting: approved, not posted, whatever the day.
    let known_before_posting = api
        .get(
            &format!("{meeting}?as_of=2025-06-30&known_at={}", posted_at - 1),
            reader,
        )
        .await;
    assert_eq!(known_before_posting.body["status"], "approved");
    assert_eq!(
        known_before_posting.body["minutes"]["publication"],
        Value::Null
    );

    // The § and the agenda item at the addresses their commands answered with.
    let paragraph = api
        .get(&format!("{meeting}/decisions/1?as_of=2025-06-30"), reader)
        .await;
    assert_eq!(paragraph.status, StatusCode::OK, "{:?}", paragraph.body);
    assert_eq!(paragraph.body["decision"], decisions[0]);
    assert_eq!(paragraph.body["meeting_id"], json!(meeting_id));
    let item = api.get(&format!("{meeting}/agenda-items/2"), reader).await;
    assert_eq!(
        item.body["item"],
        json!({ "number": 2, "title": "Delegationsbeslut", "registry_number": null,
                "public": true, "paragraph": null })
    );

    // The body's list.
    let list = api
        .get(
            &format!(
                "/api/v1/bodies/{}/meetings?as_of=2025-06-30",
                committee.namnden
            ),
            reader,
        )
        .await;
    assert_eq!(
        list.body["meetings"],
        json!([{ "meeting_id": meeting_id, "meeting_on": "2025-05-06",
                 "place": "Regionhuset, Nyköping", "status": "posted", "paragraphs": 1 }])
    );
}

#[tokio::test]
async fn a_meeting_or_a_paragraph_the_register_does_not_know_is_a_404() {
    let committee = committee().await;
    let api = &committee.api;
    let reader = Some(committee.tokens.auditor.as_str());
    let (meeting_id, _) = meeting_with_posted_minutes(&committee).await;
    let meeting = format!("/api/v1/meetings/{meeting_id}");

    for path in [
        format!("/api/v1/meetings/{}", Uuid::new_v4()),
        format!("{meeting}/decisions/2"),
        format!("{meeting}/agenda-items/9"),
        // Known to the register only from a later position.
        format!("{meeting}?known_at=1"),
    ] {
        let reply = api.get(&path, reader).await;
        assert_eq!(
            reply.status,
            StatusCode::NOT_FOUND,
            "{path}: {:?}",
            reply.body
        );
        assert_eq!(reply.body["type"], "urn:samverkan:problem:not-found");
    }
    let anonymous = api.get(&meeting, None).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}
