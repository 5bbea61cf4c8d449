//! The transition endpoints: planning the replacement of a cooperation, revising the plan, its
//! steps, obligation mappings and party decisions, reading the plan, its readiness and the
//! arrangement it changes, previewing and carrying it out.
//!
//! Most tests plan seed 004: Inköpsnämnden, the joint committee of Region Sörmland (04), its
//! host, and Region Västmanland (19) since 2019-01-01, replaced by contract-based cooperation
//! (avtalssamverkan) from 2027-01-01, as RS 2025-05-06 §103 commissioned. A carry-out can only
//! succeed on or after the effective date by the server's clock, so the successful carry-out
//! uses seed 003, whose transition lies in the past: Södertörns upphandlingsnämnd of Haninge
//! (0136), its host, and Nynäshamn (0192), gone from 2024-07-01, after which a cooperation
//! agreement governs the second half-year. The seeds name no obligations, decisions of the
//! steering group or council dates: those below are illustrative.

use api::reading::Clock;
use axum::http::StatusCode;
use chrono::{Datelike, NaiveDate};
use domain::cooperation::CooperationForm;
use domain::transition::{template_steps, SuccessorForm};
use register::access::Role;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::support::api_client::{Api, Reply, Tokens};
use crate::support::citations::{cited_everywhere, uncited};
use crate::support::fixtures::date;
use crate::support::governance::committee;
use crate::support::log::{event_count, payload_at};
use crate::support::problems::{assert_broken_rule, assert_malformed, assert_problem};
use crate::support::scenario::ScenarioSetup;

const SORMLAND: &str = "04";
const VASTMANLAND: &str = "19";
const HANINGE: &str = "0136";
const NYNASHAMN: &str = "0192";

/// The blocking steps of the template from a joint committee to contract-based cooperation, in
/// the template's order.
const BLOCKING_STEPS: [&str; 9] = [
    "study-and-report",
    "council-decisions",
    "new-agreement",
    "influence",
    "allocation-key",
    "governing-documents",
    "contract-mapping",
    "ongoing-procurements",
    "staff",
];

/// The events seed 004's first steps record: its two regions, their councils' decisions of
/// June 2018 and the cooperation.
const SEED_004_EVENTS: u64 = 5;

/// The events seed 003's first steps record: its two municipalities, their population figures,
/// their councils' decisions and the cooperation.
const SEED_003_EVENTS: u64 = 7;

/// Inköpsnämnden's cooperation as seed 004 records it, from `data/scenarios`: the first
/// [`SEED_004_EVENTS`] events of a fresh database.
async fn inkopsnamnden(api: &Api) -> Uuid {
    ScenarioSetup::through(api, "004-inkopsnamnden", "inkopssamverkan")
        .await
        .id("inkopssamverkan")
}

/// Södertörn's cooperation as seed 003 records it, from `data/scenarios`: the first
/// [`SEED_003_EVENTS`] events of a fresh database.
async fn sodertorn(api: &Api) -> Uuid {
    ScenarioSetup::through(api, "003-sodertorn", "upphandling-sodertorn")
        .await
        .id("upphandling-sodertorn")
}

/// RS 2025-05-06 §103 commissioned the study (seed 004).
fn commission() -> Value {
    json!({
        "kind": "external_decision",
        "issuer": "Regionstyrelsen Västmanland",
        "decided_on": "2025-05-06",
        "reference": "§103",
        "registry_number": null
    })
}

/// A decision of the regions' steering group on a day, the basis of the plan's steps.
fn steering_group(on: &str) -> Value {
    json!({
        "kind": "external_decision",
        "issuer": "Styrgruppen för inköpssamverkan",
        "decided_on": on,
        "reference": null,
        "registry_number": null
    })
}

/// A council's decision to dissolve the joint committee.
fn council(issuer: &str, on: &str) -> Value {
    json!({
        "kind": "external_decision",
        "issuer": issuer,
        "decided_on": on,
        "reference": "§ 140",
        "registry_number": null
    })
}

/// What carrying out rests on: the new agreement's clause on when it takes effect.
fn entry_into_force(agreement_id: Uuid) -> Value {
    json!({
        "kind": "document_clause",
        "document_id": agreement_id,
        "version": 1,
        "clause": "§ 12 Ikraftträdande"
    })
}

fn agreement(document_id: Uuid) -> Value {
    json!({
        "document_id": document_id,
        "title": "Samverkansavtal om inköpsverksamhet",
        "clauses": [
            { "number": "§ 1", "text": "Värdparten utför inköpsverksamhet åt den andra parten." },
            { "number": "§ 5", "text": "Kostnaderna fördelas till hälften på vardera part, med vissa undantag." }
        ]
    })
}

/// The contract-based cooperation that follows, hosted by the first of `parties`.
fn successor(cooperation_id: Uuid, name: &str, parties: [&str; 2], agreement: Value) -> Value {
    json!({
        "form": "contract_based",
        "cooperation": {
            "cooperation_id": cooperation_id,
            "name": name,
            "host": parties[0],
            "parties": parties,
            "agreement": agreement
        }
    })
}

fn avtalssamverkan_0419(cooperation_id: Uuid, agreement: Value) -> Value {
    successor(
        cooperation_id,
        "Avtalssamverkan inköp Sörmland–Västmanland",
        [SORMLAND, VASTMANLAND],
        agreement,
    )
}

fn plan_request(
    transition_id: Uuid,
    cooperation_id: Uuid,
    successor: Value,
    effective_on: &str,
) -> Value {
    json!({
        "transition_id": transition_id,
        "cooperation_id": cooperation_id,
        "successor": successor,
        "effective_on": effective_on,
        "basis": commission()
    })
}

/// A cost share `debtor` owes the host for as long as the cooperation lasts.
fn cost_share(cooperation_id: Uuid, debtor: &str, host: &str) -> Value {
    json!({
        "cooperation_id": cooperation_id,
        "debtor": debtor,
        "creditor": { "kind": "party", "party": host },
        "kind": "cost_share",
        "description": "Andel av inköpsverksamhetens kostnader",
        "period": { "from": "2019-01-01", "to": null },
        "due": { "kind": "yearly", "month": 3, "day": 31 },
        "basis": commission()
    })
}

async fn recorded_obligation(api: &Api, administrator: &str, request: Value) -> Uuid {
    let reply = api
        .post("/api/v1/obligations", Some(administrator), request)
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    reply.id()
}

fn status_request(status: &str, on: &str) -> Value {
    json!({ "status": status, "on": on, "basis": steering_group(on) })
}

fn party_decision(party: &str, issuer: &str, on: &str) -> Value {
    json!({ "party": party, "decided_on": on, "basis": council(issuer, on) })
}

fn extra_step(due_on: &str) -> Value {
    json!({
        "step": {
            "key": "steering-group",
            "title": "Inrätta styrgrupp för inköpssamverkan",
            "responsible": VASTMANLAND,
            "due_on": due_on,
            "depends_on": ["new-agreement"],
            "blocking": true
        }
    })
}

/// Asserts a command's 200 or 201 with its Location and exact receipt.
fn assert_receipt(
    reply: &Reply,
    status: StatusCode,
    location: &str,
    id: &str,
    position: u64,
    version: u64,
) {
    assert_eq!(reply.status, status, "{:?}", reply.body);
    assert_eq!(reply.header("location"), Some(location));
    assert_eq!(
        reply.body,
        json!({ "id": id, "position": position, "version": version })
    );
}

/// Each template step as the plan shows it before any status change.
fn template_step_views() -> Vec<Value> {
    template_steps(
        CooperationForm::JointCommittee,
        SuccessorForm::ContractBased,
    )
    .into_iter()
    .map(|step| {
        let mut view = serde_json::to_value(step).unwrap();
        view["status"] = json!("not_started");
        view["status_since"] = Value::Null;
        view["status_basis"] = Value::Null;
        view["history"] = json!([]);
        view
    })
    .collect()
}

/// The first of January two years on by the register's clock: an effective date that is always
/// still to come when the test runs.
fn always_in_the_future() -> NaiveDate {
    NaiveDate::from_ymd_opt(Clock::local().today().year() + 2, 1, 1).unwrap()
}

#[tokio::test]
async fn an_administrator_plans_and_revises_a_transition_and_anyone_reads_it() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let cooperation_id = inkopsnamnden(&api).await;
    let obligation_id = recorded_obligation(
        &api,
        &tokens.administrator,
        cost_share(cooperation_id, VASTMANLAND, SORMLAND),
    )
    .await;
    let transition_id = Uuid::new_v4();
    let successor_id = Uuid::new_v4();
    let agreement_id = Uuid::new_v4();
    let carried_obligation_id = Uuid::new_v4();
    let location = format!("/api/v1/transitions/{transition_id}");
    let id = transition_id.to_string();
    let admin = Some(tokens.administrator.as_str());

    let planned = api
        .post(
            "/api/v1/transitions",
            admin,
            plan_request(
                transition_id,
                cooperation_id,
                avtalssamverkan_0419(successor_id, Value::Null),
                "2027-01-01",
            ),
        )
        .await;
    let revised_successor = api
        .post(
            &format!("{location}/successor"),
            admin,
            json!({
                "successor": avtalssamverkan_0419(successor_id, agreement(agreement_id)),
                "basis": steering_group("2025-11-18")
            }),
        )
        .await;
    let step_added = api
        .post(
            &format!("{location}/steps"),
            admin,
            extra_step("2026-10-31"),
        )
        .await;
    let step_revised = api
        .post(
            &format!("{location}/steps/steering-group"),
            admin,
            extra_step("2026-12-15"),
        )
        .await;
    let status_set = api
        .post(
            &format!("{location}/steps/study-and-report/status"),
            admin,
            status_request("done", "2025-11-18"),
        )
        .await;
    let mapped = api
        .post(
            &format!("{location}/obligation-mappings"),
            admin,
            json!({
                "obligation_id": obligation_id,
                "mapping": {
                    "kind": "carried_to_successor",
                    "successor_obligation_id": carried_obligation_id
                },
                "decided_on": "2026-03-10",
                "basis": steering_group("2026-03-10")
            }),
        )
        .await;
    let decided = api
        .post(
            &format!("{location}/party-decisions"),
            admin,
            party_decision(SORMLAND, "Regionfullmäktige Sörmland", "2026-02-10"),
        )
        .await;

    let step_location = format!("{location}/steps/steering-group");
    assert_receipt(
        &planned,
        StatusCode::CREATED,
        &location,
        &id,
        SEED_004_EVENTS + 2,
        1,
    );
    assert_receipt(
        &revised_successor,
        StatusCode::OK,
        &location,
        &id,
        SEED_004_EVENTS + 3,
        2,
    );
    assert_receipt(
        &step_added,
        StatusCode::CREATED,
        &step_location,
        "steering-group",
        SEED_004_EVENTS + 4,
        3,
    );
    assert_receipt(
        &step_revised,
        StatusCode::OK,
        &step_location,
        "steering-group",
        SEED_004_EVENTS + 5,
        4,
    );
    assert_receipt(
        &status_set,
        StatusCode::OK,
        &format!("{location}/steps/study-and-report"),
        "study-and-report",
        SEED_004_EVENTS + 6,
        5,
    );
    assert_receipt(
        &mapped,
        StatusCode::OK,
        &location,
        &id,
        SEED_004_EVENTS + 7,
        6,
    );
    assert_receipt(
        &decided,
        StatusCode::OK,
        &location,
        &id,
        SEED_004_EVENTS + 8,
        7,
    );
    // The cooperation's form, parties and day of establishment are facts of the register: the
    // event carries the form and parties the register holds, and the obligation mapping the
    // request sent, without the obligation's cooperation.
    let mut expected_planned = plan_request(
        transition_id,
        cooperation_id,
        avtalssamverkan_0419(successor_id, Value::Null),
        "2027-01-01",
    );
    let planned_payload = payload_at(&api, SEED_004_EVENTS + 2).await;
    expected_planned
        .as_object_mut()
        .unwrap()
        .remove("transition_id");
    expected_planned["cooperation_form"] = json!("joint_committee");
    expected_planned["cooperation_parties"] = json!([SORMLAND, VASTMANLAND]);
    expected_planned["steps"] = planned_payload["TransitionPlanned"]["steps"].clone();
    assert_eq!(
        planned_payload,
        json!({ "TransitionPlanned": expected_planned })
    );
    assert_eq!(
        planned_payload["TransitionPlanned"]["steps"],
        serde_json::to_value(template_steps(
            CooperationForm::JointCommittee,
            SuccessorForm::ContractBased
        ))
        .unwrap()
    );
    assert_eq!(
        payload_at(&api, SEED_004_EVENTS + 7).await,
        json!({ "ObligationMapped": {
            "obligation_id": obligation_id,
            "mapping": {
                "kind": "carried_to_successor",
                "successor_obligation_id": carried_obligation_id
            },
            "decided_on": "2026-03-10",
            "basis": steering_group("2026-03-10")
        }})
    );

    // Anyone with a token reads the plan on a day, with each step's status that day.
    api.catch_up().await;
    let plan = api
        .get(
            &format!("{location}?as_of=2026-06-30"),
            Some(&tokens.auditor),
        )
        .await;
    let mut steps = template_step_views();
    steps[0]["status"] = json!("done");
    steps[0]["status_since"] = json!("2025-11-18");
    steps[0]["status_basis"] = steering_group("2025-11-18");
    steps[0]["history"] =
        json!([{ "status": "done", "on": "2025-11-18", "basis": steering_group("2025-11-18") }]);
    let mut added = extra_step("2026-12-15")["step"].clone();
    added["status"] = json!("not_started");
    added["status_since"] = Value::Null;
    added["status_basis"] = Value::Null;
    added["history"] = json!([]);
    steps.push(added);
    assert_eq!(plan.status, StatusCode::OK, "{:?}", plan.body);
    assert_eq!(
        plan.body,
        cited_everywhere(json!({
            "transition_id": transition_id,
            "as_of": "2026-06-30",
            "known_at": SEED_004_EVENTS + 8,
            "plan": {
                "as_of": "2026-06-30",
                "cooperation_id": cooperation_id,
                "cooperation_form": "joint_committee",
                "cooperation_parties": [SORMLAND, VASTMANLAND],
                "successor": avtalssamverkan_0419(successor_id, agreement(agreement_id)),
                "effective_on": "2027-01-01",
                "basis": commission(),
                "steps": steps,
                "contract_dispositions": [],
                "obligation_mappings": [{
                    "obligation_id": obligation_id,
                    "mapping": {
                        "kind": "carried_to_successor",
                        "successor_obligation_id": carried_obligation_id
                    },
                    "decided_on": "2026-03-10",
                    "basis": steering_group("2026-03-10")
                }],
                "party_decisions": [{
                    "party": SORMLAND,
                    "decided_on": "2026-02-10",
                    "basis": council("Regionfullmäktige Sörmland", "2026-02-10")
                }],
                "carried_out": null
            },
            "party_names": { SORMLAND: "Region Sörmland", VASTMANLAND: "Region Västmanland" }
        }))
    );

    // As known before the plan was recorded, the plan exists but the answer is empty.
    let before_the_plan = api
        .get(
            &format!(
                "{location}?as_of=2026-06-30&known_at={}",
                SEED_004_EVENTS + 1
            ),
            Some(&tokens.auditor),
        )
        .await;
    assert_eq!(
        before_the_plan.body,
        json!({
            "transition_id": transition_id,
            "as_of": "2026-06-30",
            "known_at": SEED_004_EVENTS + 1,
            "plan": null
        })
    );

    // Readiness names every blocker: the blocking steps not done, and Västmanland's decision.
    let readiness = api
        .get(
            &format!("{location}/readiness?as_of=2026-06-30"),
            Some(&tokens.auditor),
        )
        .await;
    assert_eq!(readiness.status, StatusCode::OK, "{:?}", readiness.body);
    let mut reasons: Vec<Value> = BLOCKING_STEPS[1..]
        .iter()
        .chain(["steering-group"].iter())
        .map(|step| json!({ "kind": "blocking_step_not_done", "step": step }))
        .collect();
    reasons.push(json!({ "kind": "party_not_decided", "party": VASTMANLAND }));
    assert_eq!(readiness.body["transition_id"], json!(transition_id));
    assert_eq!(readiness.body["known_at"], json!(SEED_004_EVENTS + 8));
    assert_eq!(readiness.body["readiness"]["ready"], json!(false));
    assert_eq!(
        readiness.body["readiness"]["reasons"],
        Value::Array(reasons)
    );
    assert_eq!(
        readiness.body["readiness"]["parties_not_decided"],
        json!([VASTMANLAND])
    );
    assert_eq!(
        readiness.body["readiness"]["obligations_without_mapping"],
        json!([])
    );

    // The cooperation's plans.
    let listed = api
        .get(
            &format!("/api/v1/cooperations/{cooperation_id}/transitions?as_of=2026-06-30"),
            Some(&tokens.auditor),
        )
        .await;
    assert_eq!(listed.status, StatusCode::OK, "{:?}", listed.body);
    assert_eq!(
        listed.body,
        json!({
            "cooperation_id": cooperation_id,
            "as_of": "2026-06-30",
            "known_at": SEED_004_EVENTS + 8,
            "transitions": [{
                "transition_id": transition_id,
                "effective_on": "2027-01-01",
                "successor_form": "contract_based",
                "successor_cooperation_id": successor_id,
                "carried_out_on": null
            }],
            "next_cursor": null
        })
    );

    // The arrangement today: no bodies, each region's obligations, nothing yet under the
    // successor.
    let arrangement = api
        .get(
            &format!("{location}/arrangement?as_of=2026-06-30"),
            Some(&tokens.auditor),
        )
        .await;
    assert_eq!(arrangement.status, StatusCode::OK, "{:?}", arrangement.body);
    assert_eq!(arrangement.body["as_of"], json!("2026-06-30"));
    assert_eq!(arrangement.body["known_at"], json!(SEED_004_EVENTS + 8));
    assert_eq!(arrangement.body["bodies"], json!([]));
    assert_eq!(
        arrangement.body["parties"]
            .as_array()
            .unwrap()
            .iter()
            .map(|party| (
                party["party"].clone(),
                party["obligations"]["obligations"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|owed| owed["obligation_id"].clone())
                    .collect::<Vec<_>>()
            ))
            .collect::<Vec<_>>(),
        vec![
            (json!(SORMLAND), vec![]),
            (json!(VASTMANLAND), vec![json!(obligation_id)])
        ]
    );
    assert_eq!(
        arrangement.body["successor_obligations"]["obligations"],
        json!([])
    );

    // The preview carries the cost share to the successor on the effective date, still lists
    // what blocks, and writes nothing; an auditor may ask for it.
    let before = event_count(&api).await;
    let preview = api
        .post(
            &format!("{location}/preview"),
            Some(&tokens.auditor),
            json!({ "basis": entry_into_force(agreement_id) }),
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{:?}", preview.body);
    assert_eq!(event_count(&api).await, before);
    assert_eq!(preview.body["transition_id"], json!(transition_id));
    assert_eq!(preview.body["effective_on"], json!("2027-01-01"));
    let mut blockers: Vec<Value> = BLOCKING_STEPS[1..]
        .iter()
        .chain(["steering-group"].iter())
        .map(|step| json!({ "kind": "blocking_step_not_done", "step": step }))
        .collect();
    blockers.push(json!({ "kind": "party_not_decided", "party": VASTMANLAND }));
    assert_eq!(preview.body["blockers"], Value::Array(blockers));
    assert_eq!(preview.body["arrangement"]["as_of"], json!("2027-01-01"));
    let carried = &preview.body["arrangement"]["successor_obligations"]["obligations"];
    assert_eq!(carried.as_array().unwrap().len(), 1, "{carried:?}");
    assert_eq!(carried[0]["obligation_id"], json!(carried_obligation_id));
    assert_eq!(carried[0]["cooperation_id"], json!(successor_id));
    assert_eq!(carried[0]["debtor"], json!(VASTMANLAND));
    assert_eq!(
        carried[0]["period"],
        json!({ "from": "2027-01-01", "to": null })
    );
}

#[tokio::test]
async fn transitions_are_written_only_by_an_administrator_and_read_with_a_token() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let cooperation_id = inkopsnamnden(&api).await;
    let body_id = committee(&api, cooperation_id, "Inköpsnämnden").await;
    let secretary = api.token(Role::Secretary, &[body_id]).await;
    let obligation_id = recorded_obligation(
        &api,
        &tokens.administrator,
        cost_share(cooperation_id, VASTMANLAND, SORMLAND),
    )
    .await;
    let transition_id = Uuid::new_v4();
    let planned = api
        .post(
            "/api/v1/transitions",
            Some(&tokens.administrator),
            plan_request(
                transition_id,
                cooperation_id,
                avtalssamverkan_0419(Uuid::new_v4(), Value::Null),
                "2027-01-01",
            ),
        )
        .await;
    assert_eq!(planned.status, StatusCode::CREATED, "{:?}", planned.body);
    api.catch_up().await;
    let location = format!("/api/v1/transitions/{transition_id}");
    let before = event_count(&api).await;

    let writes = [
        (
            "/api/v1/transitions".to_owned(),
            plan_request(
                Uuid::new_v4(),
                cooperation_id,
                avtalssamverkan_0419(Uuid::new_v4(), Value::Null),
                "2027-01-01",
            ),
        ),
        (
            format!("{location}/successor"),
            json!({
                "successor": avtalssamverkan_0419(Uuid::new_v4(), Value::Null),
                "basis": commission()
            }),
        ),
        (
            format!("{location}/reschedule"),
            json!({ "effective_on": "2027-07-01", "basis": commission() }),
        ),
        (format!("{location}/steps"), extra_step("2026-10-31")),
        (
            format!("{location}/steps/staff"),
            json!({ "step": {
                "key": "staff", "title": "Personal", "responsible": null, "due_on": null,
                "depends_on": [], "blocking": true
            }}),
        ),
        (
            format!("{location}/steps/study-and-report/status"),
            status_request("done", "2025-11-18"),
        ),
        (
            format!("{location}/obligation-mappings"),
            json!({
                "obligation_id": obligation_id,
                "mapping": { "kind": "ends" },
                "decided_on": "2026-03-10",
                "basis": commission()
            }),
        ),
        (
            format!("{location}/party-decisions"),
            party_decision(SORMLAND, "Regionfullmäktige Sörmland", "2026-02-10"),
        ),
        (
            format!("{location}/carry-out"),
            json!({ "basis": commission() }),
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

    let reads = [
        location.clone(),
        format!("{location}/readiness"),
        format!("{location}/arrangement"),
        format!("/api/v1/cooperations/{cooperation_id}/transitions"),
    ];
    for path in reads {
        let anonymous = api.get(&path, None).await;
        let by_secretary = api.get(&path, Some(&secretary)).await;

        assert_problem(&anonymous, StatusCode::UNAUTHORIZED, "unauthenticated");
        assert_eq!(
            by_secretary.status,
            StatusCode::OK,
            "{path}: {:?}",
            by_secretary.body
        );
    }
    let anonymous_preview = api
        .post(
            &format!("{location}/preview"),
            None,
            json!({ "basis": commission() }),
        )
        .await;
    let secretary_preview = api
        .post(
            &format!("{location}/preview"),
            Some(&secretary),
            json!({ "basis": commission() }),
        )
        .await;
    assert_problem(
        &anonymous_preview,
        StatusCode::UNAUTHORIZED,
        "unauthenticated",
    );
    assert_eq!(
        secretary_preview.status,
        StatusCode::OK,
        "{:?}",
        secretary_preview.body
    );
    assert_eq!(event_count(&api).await, before);
}

#[tokio::test]
async fn a_broken_rule_names_its_field_and_rule_and_writes_nothing() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let cooperation_id = inkopsnamnden(&api).await;
    let other_cooperation_id = sodertorn(&api).await;
    let foreign_obligation_id = recorded_obligation(
        &api,
        &tokens.administrator,
        cost_share(other_cooperation_id, NYNASHAMN, HANINGE),
    )
    .await;
    let transition_id = Uuid::new_v4();
    let location = format!("/api/v1/transitions/{transition_id}");
    let admin = Some(tokens.administrator.as_str());
    let successor_id = Uuid::new_v4();
    let planned = api
        .post(
            "/api/v1/transitions",
            admin,
            plan_request(
                transition_id,
                cooperation_id,
                avtalssamverkan_0419(successor_id, Value::Null),
                "2027-01-01",
            ),
        )
        .await;
    assert_eq!(planned.status, StatusCode::CREATED, "{:?}", planned.body);
    let before = event_count(&api).await;

    let planned_again = api
        .post(
            "/api/v1/transitions",
            admin,
            plan_request(
                transition_id,
                cooperation_id,
                avtalssamverkan_0419(successor_id, Value::Null),
                "2027-01-01",
            ),
        )
        .await;
    let unknown_cooperation = api
        .post(
            "/api/v1/transitions",
            admin,
            plan_request(
                Uuid::new_v4(),
                Uuid::new_v4(),
                avtalssamverkan_0419(successor_id, Value::Null),
                "2027-01-01",
            ),
        )
        .await;
    let before_establishment = api
        .post(
            "/api/v1/transitions",
            admin,
            plan_request(
                Uuid::new_v4(),
                cooperation_id,
                avtalssamverkan_0419(successor_id, Value::Null),
                "2018-07-01",
            ),
        )
        .await;
    let mut foreign_host = avtalssamverkan_0419(successor_id, Value::Null);
    foreign_host["cooperation"]["host"] = json!(HANINGE);
    let host_not_a_party = api
        .post(
            "/api/v1/transitions",
            admin,
            plan_request(Uuid::new_v4(), cooperation_id, foreign_host, "2027-01-01"),
        )
        .await;
    let mut asserted = plan_request(
        Uuid::new_v4(),
        cooperation_id,
        avtalssamverkan_0419(successor_id, Value::Null),
        "2027-01-01",
    );
    asserted["cooperation_parties"] = json!([SORMLAND, VASTMANLAND, HANINGE]);
    let asserting_the_parties = api.post("/api/v1/transitions", admin, asserted).await;
    let done_too_early = api
        .post(
            &format!("{location}/steps/council-decisions/status"),
            admin,
            status_request("done", "2026-02-10"),
        )
        .await;
    let renamed_step = api
        .post(
            &format!("{location}/steps/staff"),
            admin,
            extra_step("2026-10-31"),
        )
        .await;
    let foreign_party = api
        .post(
            &format!("{location}/party-decisions"),
            admin,
            party_decision(HANINGE, "Kommunfullmäktige Haninge", "2026-02-10"),
        )
        .await;
    let unknown_obligation = api
        .post(
            &format!("{location}/obligation-mappings"),
            admin,
            json!({
                "obligation_id": Uuid::new_v4(),
                "mapping": { "kind": "ends" },
                "decided_on": "2026-03-10",
                "basis": commission()
            }),
        )
        .await;
    let foreign_obligation = api
        .post(
            &format!("{location}/obligation-mappings"),
            admin,
            json!({
                "obligation_id": foreign_obligation_id,
                "mapping": { "kind": "ends" },
                "decided_on": "2026-03-10",
                "basis": commission()
            }),
        )
        .await;
    let mut blank_issuer = commission();
    blank_issuer["issuer"] = json!(" ");
    let unfounded_reschedule = api
        .post(
            &format!("{location}/reschedule"),
            admin,
            json!({ "effective_on": "2027-07-01", "basis": blank_issuer }),
        )
        .await;
    // The cooperation's first day is looked up: a new effective date must follow it.
    let reschedule_before_establishment = api
        .post(
            &format!("{location}/reschedule"),
            admin,
            json!({ "effective_on": "2019-01-01", "basis": commission() }),
        )
        .await;

    assert_broken_rule(&planned_again, "transition_id", "transition.planned_once");
    assert_broken_rule(
        &unknown_cooperation,
        "cooperation_id",
        "cooperation.is_recorded",
    );
    assert_broken_rule(
        &before_establishment,
        "effective_on",
        "transition.effective_after_establishment",
    );
    assert_broken_rule(
        &host_not_a_party,
        "successor.cooperation.host",
        "transition.successor_host_is_a_party",
    );
    assert_malformed(&asserting_the_parties, "cooperation_parties");
    assert_broken_rule(
        &done_too_early,
        "status",
        "transition.dependencies_done_first",
    );
    assert_broken_rule(
        &renamed_step,
        "step.key",
        "transition.step_key_is_the_address",
    );
    assert_broken_rule(
        &foreign_party,
        "party",
        "transition.party_of_the_transition",
    );
    assert_broken_rule(
        &unknown_obligation,
        "obligation_id",
        "obligation.is_recorded",
    );
    assert_broken_rule(
        &foreign_obligation,
        "obligation_id",
        "transition.obligation_of_the_cooperation",
    );
    assert_broken_rule(
        &unfounded_reschedule,
        "basis.issuer",
        "legal_basis.issuer_is_named",
    );
    assert_broken_rule(
        &reschedule_before_establishment,
        "effective_on",
        "transition.effective_after_establishment",
    );
    assert_eq!(event_count(&api).await, before);
}

#[tokio::test]
async fn a_carry_out_before_the_effective_date_lists_every_blocker() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let cooperation_id = inkopsnamnden(&api).await;
    let obligation_id = recorded_obligation(
        &api,
        &tokens.administrator,
        cost_share(cooperation_id, VASTMANLAND, SORMLAND),
    )
    .await;
    let transition_id = Uuid::new_v4();
    let location = format!("/api/v1/transitions/{transition_id}");
    let admin = Some(tokens.administrator.as_str());
    let planned = api
        .post(
            "/api/v1/transitions",
            admin,
            plan_request(
                transition_id,
                cooperation_id,
                avtalssamverkan_0419(Uuid::new_v4(), Value::Null),
                "2027-01-01",
            ),
        )
        .await;
    assert_eq!(planned.status, StatusCode::CREATED, "{:?}", planned.body);
    // The regions postpone the transition (illustrative) to a day that is always still to come,
    // since whether the day has come is a matter of the server's clock.
    let effective_on = always_in_the_future();
    let rescheduled = api
        .post(
            &format!("{location}/reschedule"),
            admin,
            json!({ "effective_on": effective_on, "basis": steering_group("2026-09-01") }),
        )
        .await;
    assert_receipt(
        &rescheduled,
        StatusCode::OK,
        &location,
        &transition_id.to_string(),
        SEED_004_EVENTS + 3,
        2,
    );
    let before = event_count(&api).await;

    let carried_out = api
        .post(
            &format!("{location}/carry-out"),
            admin,
            json!({ "basis": commission() }),
        )
        .await;

    assert_problem(
        &carried_out,
        StatusCode::UNPROCESSABLE_ENTITY,
        "rule-broken",
    );
    let mut errors: Vec<Value> = BLOCKING_STEPS
        .iter()
        .map(|step| json!({ "field": format!("steps.{step}"), "rule": "transition.blocking_steps_done" }))
        .collect();
    errors.extend([
        json!({ "field": format!("obligations.{obligation_id}"), "rule": "transition.every_obligation_mapped" }),
        json!({ "field": "parties.04", "rule": "transition.every_party_decided" }),
        json!({ "field": "parties.19", "rule": "transition.every_party_decided" }),
        json!({ "field": "successor.cooperation.agreement", "rule": "transition.successor_has_an_agreement" }),
        json!({ "field": "effective_on", "rule": "transition.on_or_after_effective_date" }),
    ]);
    assert_eq!(carried_out.body["errors"], Value::Array(errors));
    assert!(
        carried_out.body["detail"]
            .as_str()
            .unwrap()
            .ends_with(&format!(
                "the new arrangement takes effect on {effective_on}"
            )),
        "{:?}",
        carried_out.body["detail"]
    );
    assert_eq!(event_count(&api).await, before);
}

/// Whether the effective date has come is judged on today by the clock the server's state
/// carries, not by a clock the handler reads itself: the same request over the same register is
/// refused for the date on the eve of 2027-01-01 and not on the day itself.
#[tokio::test]
async fn a_carry_out_is_judged_on_today_by_the_states_clock() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let cooperation_id = inkopsnamnden(&api).await;
    let transition_id = Uuid::new_v4();
    let location = format!("/api/v1/transitions/{transition_id}");
    let planned = api
        .post(
            "/api/v1/transitions",
            Some(&tokens.administrator),
            plan_request(
                transition_id,
                cooperation_id,
                avtalssamverkan_0419(Uuid::new_v4(), Value::Null),
                "2027-01-01",
            ),
        )
        .await;
    assert_eq!(planned.status, StatusCode::CREATED, "{:?}", planned.body);
    let carry_out = json!({ "basis": commission() });
    let carry_out_path = format!("{location}/carry-out");
    let admin = Some(tokens.administrator.as_str());

    let api = api.on_the_day(date("2026-12-31"));
    let on_the_eve = api.post(&carry_out_path, admin, carry_out.clone()).await;
    let api = api.on_the_day(date("2027-01-01"));
    let on_the_day = api.post(&carry_out_path, admin, carry_out).await;

    let rules = |reply: &Reply| -> Vec<String> {
        reply.body["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|error| error["rule"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_problem(&on_the_eve, StatusCode::UNPROCESSABLE_ENTITY, "rule-broken");
    assert_problem(&on_the_day, StatusCode::UNPROCESSABLE_ENTITY, "rule-broken");
    let mut without_the_date = rules(&on_the_eve);
    assert_eq!(
        without_the_date.pop().as_deref(),
        Some("transition.on_or_after_effective_date")
    );
    assert_eq!(rules(&on_the_day), without_the_date);
}

#[tokio::test]
async fn a_ready_transition_is_carried_out_as_its_preview_showed() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let cooperation_id = sodertorn(&api).await;
    let obligation_id = recorded_obligation(
        &api,
        &tokens.administrator,
        cost_share(cooperation_id, NYNASHAMN, HANINGE),
    )
    .await;
    let transition_id = Uuid::new_v4();
    let successor_id = Uuid::new_v4();
    let agreement_id = Uuid::new_v4();
    let carried_obligation_id = Uuid::new_v4();
    let location = format!("/api/v1/transitions/{transition_id}");
    let id = transition_id.to_string();
    let admin = Some(tokens.administrator.as_str());
    let successor = successor(
        successor_id,
        "Avtalssamverkan upphandling Haninge–Nynäshamn",
        [HANINGE, NYNASHAMN],
        agreement(agreement_id),
    );

    let planned = api
        .post(
            "/api/v1/transitions",
            admin,
            plan_request(transition_id, cooperation_id, successor, "2024-07-01"),
        )
        .await;
    // The plan is the second event after the seed's, after the obligation; each write to it
    // follows at the position one past the seed's events and its new version.
    let on_the_plan = |version: u64| SEED_003_EVENTS + 1 + version;
    assert_receipt(
        &planned,
        StatusCode::CREATED,
        &location,
        &id,
        on_the_plan(1),
        1,
    );
    let mapped = api
        .post(
            &format!("{location}/obligation-mappings"),
            admin,
            json!({
                "obligation_id": obligation_id,
                "mapping": {
                    "kind": "carried_to_successor",
                    "successor_obligation_id": carried_obligation_id
                },
                "decided_on": "2024-05-30",
                "basis": steering_group("2024-05-30")
            }),
        )
        .await;
    assert_receipt(&mapped, StatusCode::OK, &location, &id, on_the_plan(2), 2);
    for (party, issuer, on, version) in [
        (HANINGE, "Kommunfullmäktige Haninge", "2024-03-18", 3),
        (NYNASHAMN, "Kommunfullmäktige Nynäshamn", "2024-03-20", 4),
    ] {
        let decided = api
            .post(
                &format!("{location}/party-decisions"),
                admin,
                party_decision(party, issuer, on),
            )
            .await;
        assert_receipt(
            &decided,
            StatusCode::OK,
            &location,
            &id,
            on_the_plan(version),
            version,
        );
    }
    let done_on = [
        "2024-02-15",
        "2024-03-27",
        "2024-05-30",
        "2024-06-10",
        "2024-05-30",
        "2024-06-10",
        "2024-06-10",
        "2024-06-20",
        "2024-06-20",
    ];
    for (index, (step, on)) in BLOCKING_STEPS.iter().zip(done_on).enumerate() {
        let version = 5 + index as u64;
        let done = api
            .post(
                &format!("{location}/steps/{step}/status"),
                admin,
                status_request("done", on),
            )
            .await;
        assert_receipt(
            &done,
            StatusCode::OK,
            &format!("{location}/steps/{step}"),
            step,
            on_the_plan(version),
            version,
        );
    }
    api.catch_up().await;
    let readiness = api
        .get(
            &format!("{location}/readiness?as_of=2024-06-30"),
            Some(&tokens.auditor),
        )
        .await;
    assert_eq!(readiness.body["readiness"]["ready"], json!(true));
    assert_eq!(readiness.body["readiness"]["reasons"], json!([]));

    let before = event_count(&api).await;
    let preview = api
        .post(
            &format!("{location}/preview"),
            Some(&tokens.auditor),
            json!({ "basis": entry_into_force(agreement_id) }),
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{:?}", preview.body);
    assert_eq!(event_count(&api).await, before);
    assert_eq!(preview.body["blockers"], json!([]));

    // A carry-out decided from an older version of the plan is refused.
    let stale = api
        .post_with(
            &format!("{location}/carry-out"),
            admin,
            &[("if-match", "1")],
            json!({ "basis": entry_into_force(agreement_id) }),
        )
        .await;
    assert_problem(&stale, StatusCode::CONFLICT, "conflict");
    assert_eq!(stale.body["current_version"], json!(13));
    assert_eq!(event_count(&api).await, before);

    let carried_out = api
        .post_with(
            &format!("{location}/carry-out"),
            admin,
            &[("if-match", "13")],
            json!({ "basis": entry_into_force(agreement_id) }),
        )
        .await;
    // The successor, its agreement, the dissolution, the old cost share closed and the new one
    // recorded, and last the plan's own event.
    let consequences_from = on_the_plan(13) + 1;
    let carried_out_at = consequences_from + 5;
    assert_receipt(
        &carried_out,
        StatusCode::OK,
        &location,
        &id,
        carried_out_at,
        14,
    );
    let event_types: Vec<String> =
        sqlx::query_scalar("SELECT event_type FROM events WHERE position > $1 ORDER BY position")
            .bind(i64::try_from(consequences_from - 1).unwrap())
            .fetch_all(&api.db.pool)
            .await
            .unwrap();
    assert_eq!(
        event_types,
        [
            "CooperationEstablished",
            "DocumentAdopted",
            "DissolutionDecided",
            "ObligationClosed",
            "ObligationRecorded",
            "TransitionCarriedOut"
        ]
    );
    let carried_out_event = payload_at(&api, carried_out_at).await["TransitionCarriedOut"].clone();
    assert_eq!(
        carried_out_event,
        json!({
            "carried_out_on": carried_out_event["carried_out_on"],
            "effective_on": "2024-07-01",
            "successor_cooperation_id": successor_id,
            "basis": entry_into_force(agreement_id)
        })
    );

    // The arrangement on the effective date is the one the preview showed.
    api.catch_up().await;
    let arrangement = api
        .get(
            &format!("{location}/arrangement?as_of=2024-07-01"),
            Some(&tokens.auditor),
        )
        .await;
    assert_eq!(arrangement.status, StatusCode::OK, "{:?}", arrangement.body);
    // The preview answers a POST, which is not cited; the read of the arrangement is, down to
    // the clause of the agreement that closes an obligation.
    assert_eq!(
        uncited(arrangement.body.clone()),
        preview.body["arrangement"]
    );
    assert!(arrangement.body.to_string().contains(
        r#""citation":"Samverkansavtal om inköpsverksamhet (version 1), punkt § 12 Ikraftträdande""#
    ));
    let plan = api
        .get(
            &format!("{location}?as_of=2024-07-01"),
            Some(&tokens.auditor),
        )
        .await;
    assert_eq!(
        uncited(plan.body["plan"]["carried_out"].clone()),
        carried_out_event
    );
    let listed = api
        .get(
            &format!("/api/v1/cooperations/{cooperation_id}/transitions?as_of=2024-07-01"),
            Some(&tokens.auditor),
        )
        .await;
    assert_eq!(
        listed.body["transitions"],
        json!([{
            "transition_id": transition_id,
            "effective_on": "2024-07-01",
            "successor_form": "contract_based",
            "successor_cooperation_id": successor_id,
            "carried_out_on": carried_out_event["carried_out_on"]
        }])
    );

    // Once carried out, the plan changes no more, and has no preview.
    let after = event_count(&api).await;
    let again = api
        .post(
            &format!("{location}/carry-out"),
            admin,
            json!({ "basis": entry_into_force(agreement_id) }),
        )
        .await;
    let previewed_again = api
        .post(
            &format!("{location}/preview"),
            Some(&tokens.auditor),
            json!({ "basis": entry_into_force(agreement_id) }),
        )
        .await;
    assert_broken_rule(&again, "transition_id", "transition.carried_out_once");
    assert_broken_rule(
        &previewed_again,
        "transition_id",
        "transition.carried_out_once",
    );
    assert_eq!(event_count(&api).await, after);
}

#[tokio::test]
async fn an_unknown_transition_or_step_is_a_404() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let cooperation_id = inkopsnamnden(&api).await;
    let transition_id = Uuid::new_v4();
    let admin = Some(tokens.administrator.as_str());
    let planned = api
        .post(
            "/api/v1/transitions",
            admin,
            plan_request(
                transition_id,
                cooperation_id,
                avtalssamverkan_0419(Uuid::new_v4(), Value::Null),
                "2027-01-01",
            ),
        )
        .await;
    assert_eq!(planned.status, StatusCode::CREATED, "{:?}", planned.body);
    api.catch_up().await;
    let unknown = Uuid::new_v4();
    let nowhere = format!("/api/v1/transitions/{unknown}");
    let before = event_count(&api).await;

    let writes = [
        (
            format!("{nowhere}/successor"),
            json!({ "successor": avtalssamverkan_0419(Uuid::new_v4(), Value::Null), "basis": commission() }),
        ),
        (
            format!("{nowhere}/reschedule"),
            json!({ "effective_on": "2027-07-01", "basis": commission() }),
        ),
        (format!("{nowhere}/steps"), extra_step("2026-10-31")),
        (
            format!("{nowhere}/steps/steering-group"),
            extra_step("2026-10-31"),
        ),
        (
            format!("{nowhere}/steps/staff/status"),
            status_request("in_progress", "2026-02-01"),
        ),
        (
            format!("{nowhere}/obligation-mappings"),
            json!({
                "obligation_id": Uuid::new_v4(),
                "mapping": { "kind": "ends" },
                "decided_on": "2026-03-10",
                "basis": commission()
            }),
        ),
        (
            format!("{nowhere}/party-decisions"),
            party_decision(SORMLAND, "Regionfullmäktige Sörmland", "2026-02-10"),
        ),
        (
            format!("{nowhere}/carry-out"),
            json!({ "basis": commission() }),
        ),
        (
            format!("{nowhere}/preview"),
            json!({ "basis": commission() }),
        ),
        // A step the plan does not have is a wrong address too.
        (
            format!("/api/v1/transitions/{transition_id}/steps/steering-group"),
            extra_step("2026-10-31"),
        ),
        (
            format!("/api/v1/transitions/{transition_id}/steps/steering-group/status"),
            status_request("in_progress", "2026-02-01"),
        ),
    ];
    for (path, body) in writes {
        let reply = api.post(&path, admin, body).await;
        assert_problem(&reply, StatusCode::NOT_FOUND, "not-found");
    }
    for path in [
        nowhere.clone(),
        format!("{nowhere}/readiness"),
        format!("{nowhere}/arrangement"),
        format!("/api/v1/cooperations/{unknown}/transitions"),
    ] {
        let reply = api.get(&path, Some(&tokens.auditor)).await;
        assert_problem(&reply, StatusCode::NOT_FOUND, "not-found");
    }
    let plan = api.get(&nowhere, Some(&tokens.auditor)).await;
    assert_eq!(
        plan.body["detail"],
        format!("there is no transition {unknown}")
    );
    assert_eq!(event_count(&api).await, before);
}

/// A framework agreement of `cooperation_id`, registered over HTTP; returns its id.
async fn registered_contract(
    api: &Api,
    administrator: &str,
    cooperation_id: Uuid,
    parties: [&str; 2],
) -> Uuid {
    let reply = api
        .post(
            "/api/v1/contracts",
            Some(administrator),
            json!({
                "cooperation_id": cooperation_id,
                "title": "Läkemedel",
                "category": "Läkemedel",
                "supplier": "Leverantör AB (illustrative)",
                "kind": "framework_agreement",
                "registry_number": null,
                "callers": parties,
                "starts_on": "2023-04-01",
                "ends_on": "2028-12-31",
                "extension_options": [],
                "basis": commission()
            }),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    reply.id()
}

#[tokio::test]
async fn a_contract_of_the_cooperation_gets_a_disposition_and_others_are_refused() {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let admin = Some(tokens.administrator.as_str());
    let cooperation_id = inkopsnamnden(&api).await;
    let elsewhere = sodertorn(&api).await;
    let transition_id = Uuid::new_v4();
    let location = format!("/api/v1/transitions/{transition_id}");
    let planned = api
        .post(
            "/api/v1/transitions",
            admin,
            plan_request(
                transition_id,
                cooperation_id,
                avtalssamverkan_0419(Uuid::new_v4(), Value::Null),
                "2027-01-01",
            ),
        )
        .await;
    assert_eq!(planned.status, StatusCode::CREATED, "{:?}", planned.body);
    let contract_id = registered_contract(
        &api,
        &tokens.administrator,
        cooperation_id,
        [SORMLAND, VASTMANLAND],
    )
    .await;
    let foreign_contract_id =
        registered_contract(&api, &tokens.administrator, elsewhere, [HANINGE, NYNASHAMN]).await;
    let disposition = |contract_id: Uuid| {
        json!({
            "contract_id": contract_id,
            "disposition": { "kind": "moves_to_party", "party": VASTMANLAND },
            "decided_on": "2026-10-01",
            "basis": steering_group("2026-10-01")
        })
    };

    let before = event_count(&api).await;
    let unknown = api
        .post(
            &format!("{location}/contract-dispositions"),
            admin,
            disposition(Uuid::new_v4()),
        )
        .await;
    assert_broken_rule(&unknown, "contract_id", "contract.is_recorded");
    let foreign = api
        .post(
            &format!("{location}/contract-dispositions"),
            admin,
            disposition(foreign_contract_id),
        )
        .await;
    assert_broken_rule(
        &foreign,
        "contract_id",
        "transition.contract_of_the_cooperation",
    );
    let by_auditor = api
        .post(
            &format!("{location}/contract-dispositions"),
            Some(&tokens.auditor),
            disposition(contract_id),
        )
        .await;
    assert_eq!(by_auditor.status, StatusCode::FORBIDDEN);
    assert_eq!(event_count(&api).await, before);

    let decided = api
        .post(
            &format!("{location}/contract-dispositions"),
            admin,
            disposition(contract_id),
        )
        .await;
    assert_eq!(decided.status, StatusCode::OK, "{:?}", decided.body);
    assert_eq!(decided.header("location"), Some(location.as_str()));
    assert_eq!(event_count(&api).await, before + 1);

    api.catch_up().await;
    let plan = api
        .get(
            &format!(
                "{location}?as_of=2026-12-01&min_position={}",
                decided.position()
            ),
            admin,
        )
        .await;
    assert_eq!(plan.status, StatusCode::OK, "{:?}", plan.body);
    assert_eq!(
        plan.body["plan"]["contract_dispositions"],
        cited_everywhere(json!([{
            "contract_id": contract_id,
            "disposition": { "kind": "moves_to_party", "party": VASTMANLAND },
            "decided_on": "2026-10-01",
            "basis": steering_group("2026-10-01")
        }]))
    );
    // Before the day it was decided, the contract has no disposition yet.
    let earlier = api
        .get(&format!("{location}/readiness?as_of=2026-09-30"), admin)
        .await;
    assert!(earlier.body["readiness"]["reasons"]
        .as_array()
        .unwrap()
        .contains(&json!({ "kind": "contract_without_disposition", "contract_id": contract_id })));
    let later = api
        .get(&format!("{location}/readiness?as_of=2026-10-01"), admin)
        .await;
    assert!(!later.body["readiness"]["reasons"]
        .as_array()
        .unwrap()
        .contains(&json!({ "kind": "contract_without_disposition", "contract_id": contract_id })));
}
