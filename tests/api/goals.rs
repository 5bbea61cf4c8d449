//! The goal endpoints: goals of a body's plan, their follow-ups and corrections, written by the
//! secretaries of the body whose plan holds the goal, and by no one else.

use axum::http::StatusCode;
use register::access::Role;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::api::documents::adopted_document;
use crate::support::api_client::{Api, Tokens};
use crate::support::governance::{basis_json, committee, mora_cooperation};
use crate::support::log::{event_count, payload_at};
use crate::support::problems::{assert_broken_rule, assert_malformed, assert_problem};

/// Two committees of one cooperation, a plan, and the tokens that write for them.
struct Setup {
    api: Api,
    tokens: Tokens,
    namnden: Uuid,
    styrelsen: Uuid,
    plan: Uuid,
    secretary_of_namnden: String,
    secretary_of_styrelsen: String,
    secretary_of_both: String,
}

/// Positions 1 to 4: the cooperation, the two bodies and the plan.
async fn setup() -> Setup {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let cooperation_id = mora_cooperation(&api).await;
    let namnden = committee(&api, cooperation_id, "Upphandlingsnämnden").await;
    let styrelsen = committee(&api, cooperation_id, "Styrelsen").await;
    let plan = adopted_document(&api, &tokens.administrator, cooperation_id).await;
    Setup {
        secretary_of_namnden: api.token(Role::Secretary, &[namnden]).await,
        secretary_of_styrelsen: api.token(Role::Secretary, &[styrelsen]).await,
        secretary_of_both: api.token(Role::Secretary, &[namnden, styrelsen]).await,
        api,
        tokens,
        namnden,
        styrelsen,
        plan,
    }
}

/// Seed 000, goal 2 of 7.
fn goal(body_id: Uuid, plan: Uuid) -> Value {
    json!({
        "body_id": body_id,
        "plan_document_id": plan,
        "number": 2,
        "text": "Vi sparar pengar åt våra samverkande kommuner.",
        "period": { "from": "2023-01-01", "to": "2025-12-31" },
        "basis": basis_json()
    })
}

fn follow_up(on: &str) -> Value {
    json!({
        "on": on,
        "assessment": "partly_reached",
        "comment": "Samordnade avtal gav lägre priser på livsmedel.",
        "basis": basis_json()
    })
}

fn correction(body_id: Uuid, plan: Uuid) -> Value {
    json!({
        "goal": goal(body_id, plan),
        "reason": "The goal is of the board's plan, not the committee's."
    })
}

/// A goal of `namnden`'s plan, set by its secretary; returns its id.
async fn goal_of_namnden(setup: &Setup) -> Uuid {
    let reply = setup
        .api
        .post(
            "/api/v1/goals",
            Some(&setup.secretary_of_namnden),
            goal(setup.namnden, setup.plan),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    reply.id()
}

#[tokio::test]
async fn a_secretary_sets_follows_up_and_corrects_a_goal_of_the_body_s_plan() {
    let setup = setup().await;
    let api = &setup.api;

    let set = api
        .post(
            "/api/v1/goals",
            Some(&setup.secretary_of_namnden),
            goal(setup.namnden, setup.plan),
        )
        .await;
    let goal_id = set.id();
    let location = format!("/api/v1/goals/{goal_id}");
    let followed_up = api
        .post(
            &format!("/api/v1/goals/{goal_id}/follow-ups"),
            Some(&setup.secretary_of_namnden),
            follow_up("2023-12-31"),
        )
        .await;
    // Moving the goal to the board's plan takes a secretary of both bodies.
    let corrected = api
        .post(
            &format!("/api/v1/goals/{goal_id}/corrections"),
            Some(&setup.secretary_of_both),
            correction(setup.styrelsen, setup.plan),
        )
        .await;
    // From then on the goal is the board's to keep.
    let followed_up_by_the_board = api
        .post(
            &format!("/api/v1/goals/{goal_id}/follow-ups"),
            Some(&setup.secretary_of_styrelsen),
            follow_up("2024-12-31"),
        )
        .await;
    let before = event_count(api).await;
    let followed_up_by_the_committee = api
        .post(
            &format!("/api/v1/goals/{goal_id}/follow-ups"),
            Some(&setup.secretary_of_namnden),
            follow_up("2024-12-31"),
        )
        .await;

    assert_eq!(set.status, StatusCode::CREATED);
    assert_eq!(set.header("location"), Some(location.as_str()));
    assert_eq!(
        set.body,
        json!({ "id": goal_id.to_string(), "position": 5, "version": 1 })
    );
    assert_eq!(followed_up.status, StatusCode::OK);
    assert_eq!(followed_up.header("location"), Some(location.as_str()));
    assert_eq!(
        followed_up.body,
        json!({ "id": goal_id.to_string(), "position": 6, "version": 2 })
    );
    assert_eq!(corrected.status, StatusCode::OK);
    assert_eq!(corrected.header("location"), Some(location.as_str()));
    assert_eq!(
        corrected.body,
        json!({ "id": goal_id.to_string(), "position": 7, "version": 3 })
    );
    assert_eq!(
        followed_up_by_the_board.body,
        json!({ "id": goal_id.to_string(), "position": 8, "version": 4 })
    );
    assert_problem(
        &followed_up_by_the_committee,
        StatusCode::FORBIDDEN,
        "forbidden",
    );
    assert_eq!(event_count(api).await, before);
    assert_eq!(
        payload_at(api, 6).await,
        json!({ "FollowUpRecorded": {
            "on": "2023-12-31",
            "assessment": "partly_reached",
            "comment": "Samordnade avtal gav lägre priser på livsmedel.",
            "basis": basis_json()
        }})
    );
    let metadata: Value = sqlx::query_scalar("SELECT metadata FROM events WHERE position = 5")
        .fetch_one(&api.db.pool)
        .await
        .unwrap();
    assert_eq!(metadata["actor_role"], "secretary");
    assert_eq!(metadata["actor_name"], "secretary in a test");
}

#[tokio::test]
async fn goals_are_written_only_by_a_secretary_of_the_goal_s_body() {
    let setup = setup().await;
    let api = &setup.api;
    let goal_id = goal_of_namnden(&setup).await;
    let before = event_count(api).await;

    let writes = [
        ("/api/v1/goals".to_owned(), goal(setup.namnden, setup.plan)),
        (
            format!("/api/v1/goals/{goal_id}/follow-ups"),
            follow_up("2023-12-31"),
        ),
        (
            format!("/api/v1/goals/{goal_id}/corrections"),
            correction(setup.namnden, setup.plan),
        ),
    ];
    for (path, body) in writes {
        let anonymous = api.post(&path, None, body.clone()).await;
        let auditor = api
            .post(&path, Some(&setup.tokens.auditor), body.clone())
            .await;
        let administrator = api
            .post(&path, Some(&setup.tokens.administrator), body.clone())
            .await;
        let other_body = api
            .post(&path, Some(&setup.secretary_of_styrelsen), body)
            .await;

        assert_problem(&anonymous, StatusCode::UNAUTHORIZED, "unauthenticated");
        assert_problem(&auditor, StatusCode::FORBIDDEN, "forbidden");
        assert_problem(&administrator, StatusCode::FORBIDDEN, "forbidden");
        assert_problem(&other_body, StatusCode::FORBIDDEN, "forbidden");
    }
    // A correction that moves the goal needs the scope of the body it moves to as well.
    let moved_out_of_scope = api
        .post(
            &format!("/api/v1/goals/{goal_id}/corrections"),
            Some(&setup.secretary_of_namnden),
            correction(setup.styrelsen, setup.plan),
        )
        .await;
    assert_problem(&moved_out_of_scope, StatusCode::FORBIDDEN, "forbidden");
    assert_eq!(
        moved_out_of_scope.body["detail"],
        format!(
            // The body is named by its name, with its id.
            "this secretary token is not scoped to Styrelsen ({}); secretaries write only for \
             the bodies they are scoped to",
            setup.styrelsen
        )
    );
    assert_eq!(event_count(api).await, before);
}

#[tokio::test]
async fn an_unknown_goal_is_a_404_and_an_unknown_plan_a_422() {
    let setup = setup().await;
    let api = &setup.api;
    let unknown = Uuid::new_v4();
    let before = event_count(api).await;

    let followed_up = api
        .post(
            &format!("/api/v1/goals/{unknown}/follow-ups"),
            Some(&setup.secretary_of_namnden),
            follow_up("2023-12-31"),
        )
        .await;
    let corrected = api
        .post(
            &format!("/api/v1/goals/{unknown}/corrections"),
            Some(&setup.secretary_of_namnden),
            correction(setup.namnden, setup.plan),
        )
        .await;
    let unknown_plan = api
        .post(
            "/api/v1/goals",
            Some(&setup.secretary_of_namnden),
            goal(setup.namnden, unknown),
        )
        .await;

    assert_problem(&followed_up, StatusCode::NOT_FOUND, "not-found");
    assert_eq!(
        followed_up.body["detail"],
        format!("there is no goal {unknown}")
    );
    assert_problem(&corrected, StatusCode::NOT_FOUND, "not-found");
    assert_broken_rule(&unknown_plan, "plan_document_id", "document.is_recorded");
    assert_eq!(event_count(api).await, before);
}

#[tokio::test]
async fn a_follow_up_comes_within_the_goal_s_period_and_names_a_known_assessment() {
    let setup = setup().await;
    let api = &setup.api;
    let goal_id = goal_of_namnden(&setup).await;
    let before = event_count(api).await;

    let too_early = api
        .post(
            &format!("/api/v1/goals/{goal_id}/follow-ups"),
            Some(&setup.secretary_of_namnden),
            follow_up("2022-12-31"),
        )
        .await;
    let mut unknown_assessment = follow_up("2023-12-31");
    unknown_assessment["assessment"] = json!("done");
    let malformed = api
        .post(
            &format!("/api/v1/goals/{goal_id}/follow-ups"),
            Some(&setup.secretary_of_namnden),
            unknown_assessment,
        )
        .await;
    assert_broken_rule(&too_early, "on", "goal.follow_up_within_period");
    assert_eq!(
        too_early.body["detail"],
        "a follow-up on 2022-12-31 comes before the goal's period begins on 2023-01-01"
    );
    assert_malformed(&malformed, "assessment");
    assert_eq!(event_count(api).await, before);
}
