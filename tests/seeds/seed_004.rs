//! Seed 004 as a user checks it after `samverkan import data/scenarios/004-inkopsnamnden.json`:
//! Inköpsnämnden, the joint committee of Region Sörmland (04, host) and Region Västmanland (19)
//! since 2019-01-01, splits its costs half each with named exceptions, which comes to 52 % / 48 %;
//! RS 2025-05-06 §103 commissioned the study whose recommendation is planned as a transition to
//! contract-based cooperation from 2027-01-01, which cannot yet be carried out.
//!
//! The expected values come from the seed and from what the file records, worked out in the
//! comments, not read back from the register.

use axum::http::StatusCode;
use chrono::NaiveDate;
use serde_json::{json, Value};

use crate::support::log::event_count;
use crate::support::seeds::ImportedSeed;

const SCENARIO: &str = "004-inkopsnamnden";
const SORMLAND: &str = "04";
const VASTMANLAND: &str = "19";

/// "Kostnadsfördelningen ... sker utifrån att kostnaderna ska täckas till hälften av vardera
/// region med vissa undantag. Över de senaste åren har kostnadsfördelningen varit cirka 52
/// procent för Sörmland och 48 procent för Västmanland."
#[tokio::test]
async fn region_sormland_pays_52_percent_against_the_agreed_half_each_with_exceptions() {
    let seed = ImportedSeed::import(SCENARIO).await;
    let cooperation = seed.id("inkopssamverkan");
    let agreement = seed.id("samverkansavtalet");

    let answer = seed
        .read(&format!(
            "/cooperations/{cooperation}/budgets/2025/cost-shares?as_of=2025-06-30"
        ))
        .await;

    // The key of the agreement in force on 2025-01-01: half each, the host's system support
    // charged to the host alone, resting on the agreement's clause on costs.
    assert_eq!(
        (
            &answer["key_chosen_on"],
            &answer["key"]["key_id"],
            &answer["key"]["document_id"],
            &answer["key"]["document_version"],
            &answer["key"]["method"],
            &answer["key"]["exceptions"],
            &answer["key"]["basis"],
        ),
        (
            &json!("2025-01-01"),
            &json!(seed.id("fordelningsnyckel")),
            &json!(agreement),
            &json!(1),
            &json!({
                "kind": "fixed_shares",
                "shares": [
                    { "party": SORMLAND, "basis_points": 5_000 },
                    { "party": VASTMANLAND, "basis_points": 5_000 }
                ]
            }),
            &json!([{ "line": "Värdregionens systemstöd", "party": SORMLAND }]),
            &json!({
                "kind": "document_clause", "document_id": agreement, "version": 1,
                "clause": "Kostnader"
            }),
        )
    );
    // Costs of 21 000 + 3 000 + 1 000 = 25 000 tkr; the 1 000 tkr of system support is the
    // exception, so 24 000 tkr is shared.
    assert_eq!(
        answer["totals"],
        json!({
            "costs_tkr": 25_000,
            "revenues_tkr": 0,
            "party_contributions_tkr": null,
            "shared_kronor": 24_000_000,
            "exceptions_kronor": 1_000_000,
            "charged_to_parties_kronor": 25_000_000,
            "result_kronor": 0
        })
    );
    // Half of 24 000 tkr each; Sörmland also bears its 1 000 tkr: 13 000 / 25 000 = 52.00 % and
    // 12 000 / 25 000 = 48.00 %.
    assert_eq!(
        answer["parties"],
        json!([
            {
                "party": SORMLAND, "weight": 5_000, "shared_kronor": 12_000_000,
                "exceptions": [
                    { "line": "Värdregionens systemstöd", "kind": "cost", "amount_kronor": 1_000_000 }
                ],
                "total_kronor": 13_000_000, "total_tkr": 13_000, "effective_basis_points": 5_200
            },
            {
                "party": VASTMANLAND, "weight": 5_000, "shared_kronor": 12_000_000,
                "exceptions": [],
                "total_kronor": 12_000_000, "total_tkr": 12_000, "effective_basis_points": 4_800
            }
        ])
    );
}

/// "Rekommendationen är att ... förbereda för en upplösning av den gemensamma inköpsnämnden och
/// från den 2027-01-01 i stället samverka genom avtalssamverkan": the plan rests on RS 2025-05-06
/// §103, the study is done and the next steps the report names are under way.
#[tokio::test]
async fn the_plan_from_rs_2025_05_06_103_replaces_the_committee_from_2027_01_01() {
    let seed = ImportedSeed::import(SCENARIO).await;
    let cooperation = seed.id("inkopssamverkan");
    let transition = seed.id("avtalssamverkan-fran-2027");

    let answer = seed
        .read(&format!("/transitions/{transition}?as_of=2026-06-30"))
        .await;
    let plan = &answer["plan"];
    // The basis reads as the seed cites it, not as an id.
    let cited = seed
        .read_cited(&format!("/transitions/{transition}?as_of=2026-06-30"))
        .await;
    assert_eq!(
        cited["plan"]["basis"]["citation"],
        "RS Västmanland 2025-05-06 §103"
    );
    assert_eq!(
        (
            &plan["cooperation_id"],
            &plan["cooperation_form"],
            &plan["cooperation_parties"],
            &plan["effective_on"],
            &plan["basis"],
            &plan["successor"],
            &plan["party_decisions"],
            &plan["carried_out"],
        ),
        (
            &json!(cooperation),
            &json!("joint_committee"),
            &json!([SORMLAND, VASTMANLAND]),
            &json!("2027-01-01"),
            &json!({ "kind": "decision", "decision_id": seed.id("rs-vastmanland-2025-05-06") }),
            &json!({
                "form": "contract_based",
                "cooperation": {
                    "cooperation_id": seed.id("avtalssamverkan-2027"),
                    "name": "Avtalssamverkan om inköp Region Sörmland och Region Västmanland",
                    "host": SORMLAND,
                    "parties": [SORMLAND, VASTMANLAND],
                    "agreement": null
                }
            }),
            &json!([]),
            &Value::Null,
        )
    );
    // The template's steps, with the study done when the report was approved and the draft
    // agreement, the regions' influence and the economic analysis begun the same day.
    let report_approved = "2025-10-07";
    let steps: Vec<(&str, &str, Option<&str>)> = plan["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|step| {
            (
                step["key"].as_str().unwrap(),
                step["status"].as_str().unwrap(),
                step["status_since"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        steps,
        [
            ("study-and-report", "done", Some(report_approved)),
            ("council-decisions", "not_started", None),
            ("new-agreement", "in_progress", Some(report_approved)),
            ("influence", "in_progress", Some(report_approved)),
            ("allocation-key", "in_progress", Some(report_approved)),
            ("governing-documents", "not_started", None),
            ("contract-mapping", "not_started", None),
            ("ongoing-procurements", "not_started", None),
            ("staff", "not_started", None),
            ("archives", "not_started", None),
            ("website-and-documents", "not_started", None),
            ("final-accounts", "not_started", None),
        ]
    );

    // The committee sits until then with a member and a deputy from each region.
    let committee = seed.id("inkopsnamnden");
    let membership = seed
        .read(&format!("/bodies/{committee}/membership?as_of=2026-12-31"))
        .await;
    let mut members: Vec<(&str, &str, &str)> = membership["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|member| {
            (
                member["party"].as_str().unwrap(),
                member["role"].as_str().unwrap(),
                member["serves_to"].as_str().unwrap(),
            )
        })
        .collect();
    members.sort();
    assert_eq!(
        members,
        [
            (SORMLAND, "chair", "2026-12-31"),
            (SORMLAND, "deputy", "2026-12-31"),
            (VASTMANLAND, "deputy", "2026-12-31"),
            (VASTMANLAND, "vice_chair", "2026-12-31"),
        ]
    );
}

/// What still stands in the way on the last day before 2027-01-01, and that the register refuses
/// to carry the plan out with exactly those blockers, writing nothing.
#[tokio::test]
async fn the_plan_cannot_be_carried_out_and_readiness_names_every_blocker() {
    let seed = ImportedSeed::import(SCENARIO).await;
    let transition = seed.id("avtalssamverkan-fran-2027");

    let answer = seed
        .read(&format!(
            "/transitions/{transition}/readiness?as_of=2026-12-31"
        ))
        .await;
    let readiness = &answer["readiness"];
    assert_eq!(readiness["ready"], json!(false));
    // Every blocking step but the study; the host's staff and Västmanland's cost share, which
    // need a decision, in the order of their ids (the fees end with the committee of
    // themselves); both regions' councils; and the agreement that is still to be drafted.
    let open_steps = [
        "council-decisions",
        "new-agreement",
        "influence",
        "allocation-key",
        "governing-documents",
        "contract-mapping",
        "ongoing-procurements",
        "staff",
    ];
    let mut unmapped = [
        seed.id("sormland-personal"),
        seed.id("vastmanland-kostnadsandel"),
    ];
    unmapped.sort();
    let mut reasons: Vec<Value> = open_steps
        .iter()
        .map(|step| json!({ "kind": "blocking_step_not_done", "step": step }))
        .collect();
    reasons.extend(
        unmapped
            .iter()
            .map(|id| json!({ "kind": "obligation_without_mapping", "obligation_id": id })),
    );
    reasons.extend([
        json!({ "kind": "party_not_decided", "party": SORMLAND }),
        json!({ "kind": "party_not_decided", "party": VASTMANLAND }),
        json!({ "kind": "successor_agreement_missing" }),
    ]);
    assert_eq!(readiness["reasons"], Value::Array(reasons));
    assert_eq!(
        readiness["parties_not_decided"],
        json!([SORMLAND, VASTMANLAND])
    );
    assert_eq!(readiness["carried_out_on"], Value::Null);

    // Carrying out names each blocker as a field and rule, and, while the register's clock is
    // before 2027-01-01, the effective date too.
    let mut broken: Vec<Value> = open_steps
        .iter()
        .map(|step| json!({ "field": format!("steps.{step}"), "rule": "transition.blocking_steps_done" }))
        .collect();
    broken.extend(unmapped.iter().map(|id| {
        json!({ "field": format!("obligations.{id}"), "rule": "transition.every_obligation_mapped" })
    }));
    broken.extend([
        json!({ "field": "parties.04", "rule": "transition.every_party_decided" }),
        json!({ "field": "parties.19", "rule": "transition.every_party_decided" }),
        json!({ "field": "successor.cooperation.agreement", "rule": "transition.successor_has_an_agreement" }),
    ]);
    let effective_on = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
    if api::reading::Clock::local().today() < effective_on {
        broken.push(
            json!({ "field": "effective_on", "rule": "transition.on_or_after_effective_date" }),
        );
    }
    let events_before = event_count(&seed.api).await;
    let refused = seed
        .api
        .post(
            &format!("/api/v1/transitions/{transition}/carry-out"),
            Some(&seed.tokens.administrator),
            json!({ "basis": { "kind": "decision", "decision_id": seed.id("rs-vastmanland-rapport") } }),
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        refused.body["type"],
        json!("urn:samverkan:problem:rule-broken")
    );
    assert_eq!(refused.body["errors"], Value::Array(broken));
    assert_eq!(event_count(&seed.api).await, events_before);
}
