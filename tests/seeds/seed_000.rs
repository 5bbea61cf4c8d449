//! Seed 000 (Upphandlingscenter and its committee, "Nämnden") as a user checks it through the
//! HTTP API after `samverkan import data/scenarios/000-upphandlingscenter.json`: a mandate for all
//! procurement except building contracts and direct awards, the seven goals for 2023–2025, the
//! governing documents, and a member and a deputy from each party.
//!
//! The expected values are the seed's own words and dates, written out here rather than read
//! back from the scenario file.

use std::collections::HashMap;

use axum::http::StatusCode;
use register::access::Role;
use samverkan::import::scenario::key_id;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::support::api_client::{Api, Tokens};
use crate::support::citations::uncited;
use crate::support::seeds::imported;

const SCENARIO: &str = "000-upphandlingscenter";
const FILE: &str = "000-upphandlingscenter.json";

/// The seven strategic goals of "Nämndplan 2023-2025", in the seed's order and words.
const GOALS: [&str; 7] = [
    "Upphandling används som ett strategiskt verktyg för att nå våra samverkande kommuners mål.",
    "Vi sparar pengar åt våra samverkande kommuner.",
    "Vi arbetar genomgående med hög kvalitet.",
    "Social hållbarhet är för oss självklart och där ligger vi i framkant.",
    "Miljömässig hållbarhet är för oss självklart och där är vi drivande inom resurshushållning.",
    "Vi är bäst på regional tillväxt.",
    "Vi arbetar ständigt för nya och bättre lösningar för våra samverkande kommuner.",
];

/// The council decisions the cooperation, its agreement and its seat plan rest on.
fn councils() -> Value {
    json!({
        "kind": "external_decision",
        "issuer": "Kommunfullmäktige i Falun, Borlänge och Säter (illustrative)",
        "decided_on": "2022-06-20",
        "reference": null,
        "registry_number": null
    })
}

fn clause(document_id: &str, clause: &str) -> Value {
    json!({ "kind": "document_clause", "document_id": document_id, "version": 1, "clause": clause })
}

/// The id the import printed for `key`.
fn id<'a>(created: &'a HashMap<String, String>, key: &str) -> &'a str {
    created
        .get(key)
        .unwrap_or_else(|| panic!("the import printed no @{key}"))
}

/// A GET as the auditor that must succeed; returns the body.
async fn read(api: &Api, tokens: &Tokens, path: &str) -> Value {
    let reply = api
        .get(&format!("/api/v1{path}"), Some(&tokens.auditor))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {}", reply.body);
    // The suite holds what was recorded to the file; how bases are cited is tested elsewhere.
    uncited(reply.body)
}

/// A POST as Nämnden's secretary that must succeed.
async fn write(api: &Api, secretary: &str, path: &str, body: Value) -> Value {
    let reply = api
        .post(&format!("/api/v1{path}"), Some(secretary), body)
        .await;
    assert!(reply.status.is_success(), "{path}: {}", reply.body);
    reply.body
}

/// An item of the test's meeting of Nämnden, and the id of the decision taken on it.
struct MeetingItem {
    number: u16,
    title: &'static str,
    registry_number: &'static str,
    category: &'static str,
    decision_id: Uuid,
}

impl MeetingItem {
    fn new(
        number: u16,
        title: &'static str,
        registry_number: &'static str,
        category: &'static str,
    ) -> Self {
        MeetingItem {
            number,
            title,
            registry_number,
            category,
            decision_id: Uuid::new_v4(),
        }
    }
}

/// Nämnden's secretary calls and opens a meeting on 2024-05-14, with the three members of
/// 2023–2026 present, and records a decision on each item under the next §. Returns the
/// meeting's id.
async fn meeting_of_namnden(api: &Api, namnden: &str, items: &[MeetingItem]) -> String {
    let secretary = api
        .token(Role::Secretary, &[namnden.parse::<Uuid>().unwrap()])
        .await;
    let agenda: Vec<_> = items
        .iter()
        .map(|item| {
            json!({
                "number": item.number, "title": item.title,
                "registry_number": item.registry_number, "public": true
            })
        })
        .collect();
    let called = write(
        api,
        &secretary,
        "/meetings",
        json!({
            "body_id": namnden, "date": "2024-05-14", "place": "Stadshuset, Falun",
            "agenda": agenda
        }),
    )
    .await;
    let meeting = called["id"].as_str().unwrap().to_owned();
    // The persons' ids are the scenario's keys, derived as the import derives them.
    let person = |key: &str| key_id(SCENARIO, key);
    write(
        api,
        &secretary,
        &format!("/meetings/{meeting}/opening"),
        json!({
            "presiding": person("ordforande-falun"),
            "roll": [
                { "person_id": person("ordforande-falun"), "serving_for": null },
                { "person_id": person("vice-ordforande-borlange"), "serving_for": null },
                { "person_id": person("ledamot-sater"), "serving_for": null }
            ]
        }),
    )
    .await;
    for item in items {
        write(
            api,
            &secretary,
            &format!("/meetings/{meeting}/decisions"),
            json!({
                "decision_id": item.decision_id,
                "item": item.number,
                "content": {
                    "text": "Nämnden beslutar att genomföra upphandlingen.",
                    "proposals": [], "vote": null, "recusals": [], "reservations": [],
                    "statements": [], "mandate_category": item.category,
                    "delegated_decisions": []
                }
            }),
        )
        .await;
    }
    meeting
}

/// Each step is one event, and the import's own record comes last.
#[tokio::test]
async fn every_step_of_the_scenario_is_one_event_and_the_import_is_recorded_last() {
    let (api, tokens, _) = imported(FILE).await;
    let file: Value = serde_json::from_str(
        &std::fs::read_to_string(format!(
            "{}/../data/scenarios/{FILE}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap(),
    )
    .unwrap();
    let steps = i64::try_from(file["steps"].as_array().unwrap().len()).unwrap();

    let events = crate::support::log::event_count(&api).await;
    let last = read(
        &api,
        &tokens,
        &format!("/audit/events?from_position={events}"),
    )
    .await;

    assert_eq!(events, steps + 1);
    assert_eq!(
        (
            &last["events"][0]["stream"],
            &last["events"][0]["event_type"]
        ),
        (
            &json!({ "aggregate_type": "ScenarioImport", "aggregate_id": SCENARIO }),
            &json!("ScenarioImported")
        )
    );
}

/// The acceptance example, "Upphandlingscenter may not procure building contracts":
/// "Upphandlingscenter ansvarar för all upphandling i kommunerna, med undantag av följande
/// områden: Byggentreprenader, Direktupphandlingar."
#[tokio::test]
async fn upphandlingscenter_may_not_procure_building_contracts_or_make_direct_awards() {
    let (api, tokens, created) = imported(FILE).await;
    let namnden = id(&created, "namnden");
    let agreement = id(&created, "samarbetsavtalet");

    let mandates = read(
        &api,
        &tokens,
        &format!("/bodies/{namnden}/mandates?as_of=2024-06-30"),
    )
    .await;
    let held: Vec<_> = mandates["mandates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|mandate| {
            (
                &mandate["mandate_id"],
                &mandate["category"],
                &mandate["exclusions"],
                &mandate["valid"],
                &mandate["basis"],
            )
        })
        .collect();
    let from_2023 = json!({ "from": "2023-01-01", "to": null });
    let no_exclusions = json!([]);
    assert_eq!(
        held,
        [
            (
                &json!(id(&created, "uppdrag-avtalsuppfoljning")),
                &json!("avtalsuppfoljning"),
                &no_exclusions,
                &from_2023,
                &clause(agreement, "Huvuduppgifter"),
            ),
            (
                &json!(id(&created, "uppdrag-radgivning")),
                &json!("radgivning-och-stod"),
                &no_exclusions,
                &from_2023,
                &clause(agreement, "Huvuduppgifter"),
            ),
            (
                &json!(id(&created, "uppdrag-upphandling")),
                &json!("upphandling"),
                &json!([
                    "upphandling/byggentreprenader",
                    "upphandling/direktupphandlingar"
                ]),
                &from_2023,
                &clause(agreement, "Ansvarsområde"),
            ),
        ]
    );
    // Before the cooperation began Nämnden held no mandate.
    let before = read(
        &api,
        &tokens,
        &format!("/bodies/{namnden}/mandates?as_of=2022-12-31"),
    )
    .await;
    assert_eq!(before["mandates"], json!([]));

    // A meeting in May 2024, recorded by Nämnden's secretary after the import: a framework
    // agreement, a building contract and a direct award. The meeting is the test's own; the seed
    // records none.
    let items = [
        MeetingItem::new(
            1,
            "Ramavtal livsmedel",
            "UC 2024/11",
            "upphandling/ramavtal",
        ),
        MeetingItem::new(
            2,
            "Byggentreprenad, ny förskola",
            "UC 2024/12",
            "upphandling/byggentreprenader",
        ),
        MeetingItem::new(
            3,
            "Direktupphandling av konsulttjänst",
            "UC 2024/13",
            "upphandling/direktupphandlingar",
        ),
    ];
    let meeting = meeting_of_namnden(&api, namnden, &items).await;
    api.catch_up().await;

    // The framework agreement lies within the procurement mandate; the building contract and
    // the direct award are recorded, because they were decided, and flagged outside it.
    let register = read(
        &api,
        &tokens,
        &format!("/bodies/{namnden}/decisions?as_of=2024-06-30"),
    )
    .await;
    let findings: Vec<_> = register["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|decision| {
            (
                &decision["paragraph"],
                &decision["mandate_category"],
                &decision["mandate"],
            )
        })
        .collect();
    assert_eq!(
        findings,
        [
            (
                &json!({ "year": 2024, "number": 1 }),
                &json!("upphandling/ramavtal"),
                &json!({ "kind": "within", "mandate_id": id(&created, "uppdrag-upphandling") }),
            ),
            (
                &json!({ "year": 2024, "number": 2 }),
                &json!("upphandling/byggentreprenader"),
                &json!({ "kind": "outside" }),
            ),
            (
                &json!({ "year": 2024, "number": 3 }),
                &json!("upphandling/direktupphandlingar"),
                &json!({ "kind": "outside" }),
            ),
        ]
    );

    let report = read(
        &api,
        &tokens,
        &format!(
            "/audit/bodies/{namnden}/compliance?from=2024-05-01&to=2024-05-31&as_of=2024-06-30"
        ),
    )
    .await;
    let outside = |item: &MeetingItem| {
        json!({
            "decision": {
                "decision_id": item.decision_id,
                "meeting_id": meeting,
                "paragraph": { "year": 2024, "number": item.number },
                "meeting_on": "2024-05-14",
                "item": item.number,
                "item_title": item.title,
                "registry_number": item.registry_number,
                "revoked_on": null
            },
            "mandate_category": item.category
        })
    };
    assert_eq!(
        report["outside_mandate"],
        json!([outside(&items[1]), outside(&items[2])])
    );
}

/// "Nämnden har identifierat sju inriktningsmål för perioden 2023-2025": each a goal of the
/// committee plan, citing its own clause.
#[tokio::test]
async fn the_seven_goals_of_the_committee_plan_run_from_2023_to_2025() {
    let (api, tokens, created) = imported(FILE).await;
    let namnden = id(&created, "namnden");
    let plan = id(&created, "namndplan");
    let cooperation = id(&created, "upphandlingscenter");

    let set = read(&api, &tokens, "/audit/events?event_type=GoalSet").await;
    let goals: Vec<_> = set["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|event| {
            (
                event["stream"]["aggregate_id"].clone(),
                event["payload"].clone(),
            )
        })
        .collect();
    let expected: Vec<_> = (1..)
        .zip(GOALS)
        .map(|(number, text)| {
            (
                json!(id(&created, &format!("inriktningsmal-{number}"))),
                json!({ "GoalSet": {
                    "body_id": namnden,
                    "plan_document_id": plan,
                    "number": number,
                    "text": text,
                    "period": { "from": "2023-01-01", "to": "2025-12-31" },
                    "basis": clause(plan, &format!("Inriktningsmål {number}"))
                }}),
            )
        })
        .collect();
    assert_eq!(goals, expected);

    // In the cooperation's timeline the goals take effect on the first day of their period.
    let goals_in_timeline = |timeline: &Value| -> Vec<(Value, Value)> {
        timeline["entries"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|entry| entry["event_type"] == "GoalSet")
            .map(|entry| (entry["effective_on"].clone(), entry["summary"].clone()))
            .collect()
    };
    let during = read(
        &api,
        &tokens,
        &format!("/cooperations/{cooperation}/timeline?as_of=2024-06-30"),
    )
    .await;
    assert_eq!(
        goals_in_timeline(&during),
        (1..)
            .zip(GOALS)
            .map(|(number, text)| (
                json!("2023-01-01"),
                json!(format!("Goal set: goal {number}: {text}"))
            ))
            .collect::<Vec<_>>()
    );
    let before = read(
        &api,
        &tokens,
        &format!("/cooperations/{cooperation}/timeline?as_of=2022-12-31"),
    )
    .await;
    assert_eq!(goals_in_timeline(&before), []);
}

/// The governing documents: the agreement and owner directive the goals answer to, the
/// procurement policy, and from Nämnden's meeting of 2023-01-26 the committee plan with the
/// vision and the policy's application guidelines.
#[tokio::test]
async fn the_committee_plan_policy_and_guidelines_are_in_force_beside_the_agreement() {
    let (api, tokens, created) = imported(FILE).await;
    let cooperation = id(&created, "upphandlingscenter");
    let plan = id(&created, "namndplan");
    let in_force = |page: &Value| -> Vec<(Value, Value, Value)> {
        page["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|document| {
                (
                    document["document_id"].clone(),
                    document["kind"].clone(),
                    document["version"].clone(),
                )
            })
            .collect()
    };
    let document = |key: &str, kind: &str| (json!(id(&created, key)), json!(kind), json!(1));

    let first_day = read(
        &api,
        &tokens,
        &format!("/cooperations/{cooperation}/documents?as_of=2023-01-01"),
    )
    .await;
    let later = read(
        &api,
        &tokens,
        &format!("/cooperations/{cooperation}/documents?as_of=2024-06-30"),
    )
    .await;

    // Listed by title: Nämndplan, Samarbetsavtal, Tillämpningsanvisningar, Upphandlingspolicy,
    // Ägardirektiv. On the cooperation's first day Nämnden had not yet adopted its plan and the
    // guidelines.
    assert_eq!(
        in_force(&first_day),
        [
            document("samarbetsavtalet", "cooperation_agreement"),
            document("upphandlingspolicyn", "procurement_policy"),
            document("agardirektivet", "owner_directive"),
        ]
    );
    assert_eq!(
        in_force(&later),
        [
            document("namndplan", "committee_plan"),
            document("samarbetsavtalet", "cooperation_agreement"),
            document("tillampningsanvisningarna", "application_guidelines"),
            document("upphandlingspolicyn", "procurement_policy"),
            document("agardirektivet", "owner_directive"),
        ]
    );

    let plan_text = read(
        &api,
        &tokens,
        &format!("/documents/{plan}?as_of=2024-06-30"),
    )
    .await;
    assert_eq!(
        (
            &plan_text["in_force"]["title"],
            &plan_text["in_force"]["effective_on"],
            &plan_text["in_force"]["clauses"][0],
            &plan_text["in_force"]["clauses"].as_array().unwrap().len(),
        ),
        (
            &json!("Nämndplan 2023-2025"),
            &json!("2023-01-26"),
            &json!({
                "number": "Vision",
                "text": "Värdeskapande samverkan för goda affärer och en hållbar framtid."
            }),
            // Vision, the plan's purpose, the goals' preamble and the seven goals.
            &10,
        )
    );
}

/// Nämnden is the joint committee of the three municipalities, hosted by Falun, with a member
/// and a deputy from each.
#[tokio::test]
async fn namnden_is_the_joint_committee_with_a_member_and_a_deputy_from_each_party() {
    let (api, tokens, created) = imported(FILE).await;
    let cooperation = id(&created, "upphandlingscenter");
    let namnden = id(&created, "namnden");

    let timeline = read(
        &api,
        &tokens,
        &format!("/cooperations/{cooperation}/timeline?as_of=2024-06-30"),
    )
    .await;
    assert_eq!(
        (
            &timeline["entries"][0]["effective_on"],
            &timeline["entries"][0]["summary"],
            &timeline["entries"][0]["basis"],
        ),
        (
            &json!("2023-01-01"),
            &json!("Cooperation established: Upphandlingscenter (joint committee, host 2080, parties 2080, 2081, 2082)"),
            &councils(),
        )
    );

    let membership = read(
        &api,
        &tokens,
        &format!("/bodies/{namnden}/membership?as_of=2024-06-30"),
    )
    .await;
    assert_eq!(
        (
            &membership["body"]["kind"],
            &membership["body"]["name"],
            &membership["body"]["established_on"],
        ),
        (&json!("committee"), &json!("Nämnden"), &json!("2023-01-01"))
    );
    let seats: Vec<_> = membership["seat_plan"]
        .as_array()
        .unwrap()
        .iter()
        .map(|line| (&line["party"], &line["members"], &line["deputies"]))
        .collect();
    assert_eq!(
        seats,
        [
            (&json!("2080"), &json!(1), &json!(1)),
            (&json!("2081"), &json!(1), &json!(1)),
            (&json!("2082"), &json!(1), &json!(1)),
        ]
    );
    let members: Vec<_> = membership["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|member| {
            (
                &member["seat"],
                &member["party"],
                &member["role"],
                &member["name"],
                &member["serves_to"],
            )
        })
        .collect();
    let term_end = json!("2026-12-31");
    assert_eq!(
        members,
        [
            (
                &json!("member"),
                &json!("2080"),
                &json!("chair"),
                &json!("Ordförande Falun"),
                &term_end
            ),
            (
                &json!("member"),
                &json!("2081"),
                &json!("vice_chair"),
                &json!("Vice ordförande Borlänge"),
                &term_end
            ),
            (
                &json!("member"),
                &json!("2082"),
                &json!("member"),
                &json!("Ledamot Säter"),
                &term_end
            ),
            (
                &json!("deputy"),
                &json!("2080"),
                &json!("deputy"),
                &json!("Ersättare Falun"),
                &term_end
            ),
            (
                &json!("deputy"),
                &json!("2081"),
                &json!("deputy"),
                &json!("Ersättare Borlänge"),
                &term_end
            ),
            (
                &json!("deputy"),
                &json!("2082"),
                &json!("deputy"),
                &json!("Ersättare Säter"),
                &term_end
            ),
        ]
    );
}
