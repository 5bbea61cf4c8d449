//! Seed 001 (Upphandlingskontoret, budget 2021) as a user checks it through the HTTP API, after
//! `samverkan import data/scenarios/001-upphandlingskontoret.json`.
//!
//! The expected figures are worked out in the comments from the seed's table and the scenario's
//! population figures, not read back from the file.

use std::collections::BTreeMap;
use std::process::Command;

use api::HttpSettings;
use axum::http::StatusCode;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::support::api_client::{Api, Tokens};
use crate::support::citations::uncited;
use crate::support::harness::TestDatabase;

const SCENARIO_FILE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../data/scenarios/001-upphandlingskontoret.json"
);

/// The keys of the entities the scenario's steps create, with the event that creates each, in
/// the order the file creates them.
const CREATED: [(&str, &str); 5] = [
    ("upphandlingskontoret", "CooperationEstablished"),
    ("samarbetsavtalet", "DocumentAdopted"),
    ("fordelningsnyckel", "AllocationKeyAdopted"),
    ("uppdrag-gemensamma-avtal", "MandateGranted"),
    ("uppdrag-mot-sarskild-debitering", "MandateGranted"),
];

/// The scenario as the register holds it: each key it names with the id the register gave the
/// entity, and the log position of the import.
struct Imported {
    ids: BTreeMap<&'static str, Uuid>,
    last_position: u64,
}

impl Imported {
    fn id(&self, key: &str) -> Uuid {
        *self
            .ids
            .get(key)
            .unwrap_or_else(|| panic!("the scenario creates no {key}"))
    }
}

fn scenario() -> Value {
    serde_json::from_str(&std::fs::read_to_string(SCENARIO_FILE).unwrap()).unwrap()
}

/// Runs `samverkan import` on the scenario file, as an operator at the console would.
fn import(db: &TestDatabase) {
    let output = Command::new(env!("CARGO_BIN_EXE_samverkan"))
        .args(["import", SCENARIO_FILE, "--by", "Operatör (test)"])
        .env("DATABASE_URL", db.url())
        .env("SAMVERKAN_LOG", "off")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The ids the register gave what the scenario created, found as an auditor finds them: in the
/// log, by the event that created each, oldest first.
async fn created_ids(api: &Api, auditor: &str) -> BTreeMap<&'static str, Uuid> {
    let mut ids = BTreeMap::new();
    let mut taken: BTreeMap<&str, usize> = BTreeMap::new();
    for (key, event_type) in CREATED {
        let reply = api
            .get(
                &format!("/api/v1/audit/events?event_type={event_type}"),
                Some(auditor),
            )
            .await;
        assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
        let nth = taken.entry(event_type).or_default();
        let id = reply.body["events"][*nth]["stream"]["aggregate_id"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        *nth += 1;
        ids.insert(key, id);
    }
    ids
}

/// The scenario imported into a fresh register, with the read models caught up to its last step.
async fn imported_seed_001() -> (Api, Tokens, Imported) {
    let db = TestDatabase::new().await;
    import(&db);
    let api = Api::on(db, HttpSettings::default()).await;
    let tokens = Tokens::new(&api).await;
    let imported = Imported {
        ids: created_ids(&api, &tokens.auditor).await,
        last_position: u64::try_from(crate::support::log::event_count(&api).await).unwrap(),
    };
    api.catch_up().await;
    (api, tokens, imported)
}

/// A GET as the auditor, on `as_of`, once the read models have applied the whole scenario.
async fn read(api: &Api, tokens: &Tokens, imported: &Imported, path: &str, as_of: &str) -> Value {
    let reply = api
        .get(
            &format!(
                "/api/v1{path}?as_of={as_of}&min_position={}",
                imported.last_position
            ),
            Some(&tokens.auditor),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{path}: {:?}", reply.body);
    // The suite holds what was recorded to the file; how bases are cited is tested elsewhere.
    uncited(reply.body)
}

fn line(name: &str, kind: &str, amount_tkr: i64) -> Value {
    json!({ "name": name, "kind": kind, "amount_tkr": amount_tkr })
}

/// A party's share when no line is charged to it alone: all it pays is its part of what is shared.
fn share(party: &str, weight: u64, kronor: i64, tkr: i64, basis_points: u32) -> Value {
    json!({
        "party": party, "weight": weight, "shared_kronor": kronor, "exceptions": [],
        "total_kronor": kronor, "total_tkr": tkr, "effective_basis_points": basis_points
    })
}

/// Each step is one event, and the import's own record comes last.
#[tokio::test]
async fn every_step_of_the_scenario_is_recorded_as_one_event_then_the_import() {
    let (api, tokens, imported) = imported_seed_001().await;
    let steps = scenario()["steps"].as_array().unwrap().len();

    assert_eq!(imported.last_position, u64::try_from(steps + 1).unwrap());
    let last = api
        .get(
            &format!(
                "/api/v1/audit/events?from_position={}",
                imported.last_position
            ),
            Some(&tokens.auditor),
        )
        .await;
    assert_eq!(
        (
            &last.body["events"][0]["stream"],
            &last.body["events"][0]["event_type"],
        ),
        (
            &json!({ "aggregate_type": "ScenarioImport", "aggregate_id": "001-upphandlingskontoret" }),
            &json!("ScenarioImported"),
        )
    );
}

/// "Upphandlingskontorets intäkter består till ca 80 % av uppdrag kopplade till gemensamma avtal.
/// Enligt samarbetsavtalet sker fördelning på de samverkande kommunerna i förhållande till
/// folkmängden i respektive kommun vid årsskiftet innan budgeten fastställs."
#[tokio::test]
async fn the_base_revenue_for_2021_is_split_by_population_at_the_end_of_2020() {
    let (api, tokens, imported) = imported_seed_001().await;
    let cooperation = imported.id("upphandlingskontoret");
    let agreement = imported.id("samarbetsavtalet");

    let answer = read(
        &api,
        &tokens,
        &imported,
        &format!("/cooperations/{cooperation}/budgets/2021/cost-shares"),
        "2021-06-30",
    )
    .await;

    // The key of the agreement version in force on 1 January 2021 is the population key.
    assert_eq!(
        (
            &answer["key_chosen_on"],
            &answer["key"]["key_id"],
            &answer["key"]["document_id"],
            &answer["key"]["document_version"],
            &answer["key"]["method"],
            &answer["key"]["basis"],
            &answer["reference_date"],
        ),
        (
            &json!("2021-01-01"),
            &json!(imported.id("fordelningsnyckel")),
            &json!(agreement),
            &json!(1),
            &json!({ "kind": "population" }),
            &json!({
                "kind": "document_clause", "document_id": agreement, "version": 1,
                "clause": "Kostnadsfördelning"
            }),
            &json!("2020-12-31"),
        )
    );
    assert_eq!(
        answer["populations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|used| (&used["party"], &used["population"]))
            .collect::<Vec<_>>(),
        [
            (&json!("2309"), &json!(15_200)),
            (&json!("2380"), &json!(64_000))
        ]
    );
    // Only the base agreement's 5 616 tkr is split. The seed's revenues come to
    // 5 616 + 538 + 376 + 972 = 7 502 tkr against 6 281 + 1 222 = 7 503 of costs, though it
    // prints 7 503 and a result of 0: the computed result shows the missing tkr.
    assert_eq!(
        answer["totals"],
        json!({
            "costs_tkr": 7_503,
            "revenues_tkr": 1_886,
            "party_contributions_tkr": 5_616,
            "shared_kronor": 5_616_000,
            "exceptions_kronor": 0,
            "charged_to_parties_kronor": 5_616_000,
            "result_kronor": -1_000
        })
    );
    // 5 616 000 × 64 000 / 79 200 = 4 538 181.82 and × 15 200 / 79 200 = 1 077 818.18 kronor.
    assert_eq!(
        answer["parties"],
        json!([
            share("2309", 15_200, 1_077_818, 1_078, 1_919),
            share("2380", 64_000, 4_538_182, 4_538, 8_081)
        ])
    );
}

#[tokio::test]
async fn the_budgets_for_2019_and_2020_read_as_printed_and_split_by_their_own_year_ends() {
    let (api, tokens, imported) = imported_seed_001().await;
    let cooperation = imported.id("upphandlingskontoret");
    let printed =
        |base: i64, others: i64, quality: i64, commissions: i64, staff: i64, rest: i64| {
            json!([
                line(
                    "Intäkter grundavtal deltagande kommuner",
                    "party_contributions",
                    base
                ),
                line("Intäkter övriga avtalsparter", "revenue", others),
                line("Intäkter Kvalitetssäkring Östersund", "revenue", quality),
                line("Intäkter uppdragsupphandlingar", "revenue", commissions),
                line("Personalkostnader", "cost", staff),
                line("Övriga omkostnader", "cost", rest)
            ])
        };
    // 2019's costs come to 6 181 + 1 028 = 7 209 tkr, though the seed prints 7 201 and a result
    // of 0; its revenues, 5 362 + 514 + 359 + 966 = 7 201, do add up. 2020 adds up: 7 327 both.
    // 2019: 5 362 000 × 63 200 / 78 200 = 4 333 483.38 and × 15 000 / 78 200 = 1 028 516.62;
    // 2020: 5 496 000 × 63 800 / 78 900 = 4 444 167.30 and × 15 100 / 78 900 = 1 051 832.70.
    let cases = [
        (
            2019,
            printed(5_362, 514, 359, 966, 6_181, 1_028),
            "2018-12-31",
            json!({
                "costs_tkr": 7_209, "revenues_tkr": 1_839, "party_contributions_tkr": 5_362,
                "shared_kronor": 5_362_000, "exceptions_kronor": 0,
                "charged_to_parties_kronor": 5_362_000, "result_kronor": -8_000
            }),
            json!([
                share("2309", 15_000, 1_028_517, 1_029, 1_918),
                share("2380", 63_200, 4_333_483, 4_333, 8_082)
            ]),
        ),
        (
            2020,
            printed(5_496, 505, 336, 990, 6_129, 1_198),
            "2019-12-31",
            json!({
                "costs_tkr": 7_327, "revenues_tkr": 1_831, "party_contributions_tkr": 5_496,
                "shared_kronor": 5_496_000, "exceptions_kronor": 0,
                "charged_to_parties_kronor": 5_496_000, "result_kronor": 0
            }),
            json!([
                share("2309", 15_100, 1_051_833, 1_052, 1_914),
                share("2380", 63_800, 4_444_167, 4_444, 8_086)
            ]),
        ),
    ];
    for (year, lines, reference_date, totals, parties) in cases {
        let answer = read(
            &api,
            &tokens,
            &imported,
            &format!("/cooperations/{cooperation}/budgets/{year}/cost-shares"),
            &format!("{year}-06-30"),
        )
        .await;

        assert_eq!(
            (
                &answer["budget"]["revision"],
                &answer["budget"]["lines"],
                &answer["key_chosen_on"],
                &answer["reference_date"],
                &answer["totals"],
                &answer["parties"],
            ),
            (
                &json!(1),
                &lines,
                &json!(format!("{year}-01-01")),
                &json!(reference_date),
                &totals,
                &parties,
            ),
            "{year}"
        );
    }
}

#[tokio::test]
async fn the_cooperation_has_its_parties_and_host_and_its_agreement_in_force() {
    let (api, tokens, imported) = imported_seed_001().await;
    let cooperation = imported.id("upphandlingskontoret");
    let agreement = imported.id("samarbetsavtalet");
    let council = json!({
        "kind": "external_decision", "issuer": "Kommunfullmäktige Östersund (illustrative)",
        "decided_on": "2014-11-27", "reference": null, "registry_number": null
    });

    let timeline = read(
        &api,
        &tokens,
        &imported,
        &format!("/cooperations/{cooperation}/timeline"),
        "2021-06-30",
    )
    .await;
    let entries: Vec<_> = timeline["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| (&entry["effective_on"], &entry["summary"], &entry["basis"]))
        .collect();
    assert_eq!(
        entries,
        [
            (
                &json!("2015-01-01"),
                &json!("Cooperation established: Upphandlingskontoret (contract-based, host 2380, parties 2380, 2309)"),
                &council,
            ),
            (
                &json!("2015-01-01"),
                &json!("Document adopted: Samarbetsavtal om Upphandlingskontoret (cooperation agreement, version 1)"),
                &council,
            ),
        ]
    );

    // The agreement in force during the budget years is version 1, whose cost clause is the
    // seed's sentence that the key rests on.
    let documents = read(
        &api,
        &tokens,
        &imported,
        &format!("/cooperations/{cooperation}/documents"),
        "2021-01-01",
    )
    .await;
    let in_force = &documents["documents"];
    assert_eq!(
        in_force
            .as_array()
            .unwrap()
            .iter()
            .map(|document| (
                &document["document_id"],
                &document["kind"],
                &document["version"]
            ))
            .collect::<Vec<_>>(),
        [(
            &json!(agreement),
            &json!("cooperation_agreement"),
            &json!(1)
        )]
    );
    let agreement_text = read(
        &api,
        &tokens,
        &imported,
        &format!("/documents/{agreement}"),
        "2021-01-01",
    )
    .await;
    assert_eq!(
        (
            &agreement_text["in_force"]["title"],
            &agreement_text["in_force"]["effective_on"],
            &agreement_text["in_force"]["clauses"][2],
        ),
        (
            &json!("Samarbetsavtal om Upphandlingskontoret"),
            &json!("2015-01-01"),
            &json!({
                "number": "Kostnadsfördelning",
                "text": "Intäkterna från grundavtalet fördelas på de samverkande kommunerna i förhållande till folkmängden i respektive kommun vid årsskiftet innan budgeten fastställs."
            }),
        )
    );
}

/// The office's mission, performed by the host under the agreement: joint agreements, and work on
/// commission billed separately.
#[tokio::test]
async fn the_mission_is_the_host_s_mandates_under_the_agreement() {
    let (api, tokens, imported) = imported_seed_001().await;
    let agreement = imported.id("samarbetsavtalet");

    let answer = read(
        &api,
        &tokens,
        &imported,
        "/parties/2380/mandates",
        "2021-06-30",
    )
    .await;

    let mandates: Vec<_> = answer["mandates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|mandate| {
            (
                &mandate["mandate_id"],
                &mandate["category"],
                &mandate["basis"]["clause"],
            )
        })
        .collect();
    assert_eq!(
        mandates,
        [
            (
                &json!(imported.id("uppdrag-gemensamma-avtal")),
                &json!("upphandling/gemensamma-avtal"),
                &json!("Uppdrag"),
            ),
            (
                &json!(imported.id("uppdrag-mot-sarskild-debitering")),
                &json!("upphandling/uppdragsupphandlingar"),
                &json!("Uppdrag mot särskild debitering"),
            ),
        ]
    );
    assert_eq!(
        answer["mandates"][0]["basis"]["document_id"],
        json!(agreement)
    );
    let krokom = read(
        &api,
        &tokens,
        &imported,
        "/parties/2309/mandates",
        "2021-06-30",
    )
    .await;
    assert_eq!(krokom["mandates"], json!([]));
}
