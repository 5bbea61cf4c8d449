//! The contract endpoints: a cooperation's procurement contracts registered, extended,
//! reassigned and corrected by an administrator, with the parties of the cooperation and of a
//! new holder looked up in the register; and the reads of a cooperation's contracts, its
//! timeline of expiries and a party's call-off rights.
//!
//! The cooperation is seed 003's Upphandling Södertörn (Haninge 0136 as host, with Nynäshamn
//! 0192, since 2012), set up from `data/scenarios`, and the cooperation by agreement that follows
//! it from 2024-07-01; the contracts are illustrative.

use axum::http::StatusCode;
use domain::cooperation::{Cooperation, CooperationCommand, EstablishCooperation};
use domain::CooperationForm;
use register::access::Role;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::support::api_client::{Api, Tokens};
use crate::support::citations::cited_everywhere;
use crate::support::fixtures::{basis, code, date, register};
use crate::support::governance::{basis_json, committee};
use crate::support::log::{event_count, payload_at};
use crate::support::problems::{assert_broken_rule, assert_malformed, assert_problem};
use crate::support::scenario::ScenarioSetup;

const HANINGE: &str = "0136";
const NYNASHAMN: &str = "0192";
/// Tyresö, which is no party of either cooperation.
const TYRESO: &str = "0138";

/// The events the set-up records: seed 003's first seven (its two municipalities, their
/// population figures, their councils' decisions of June 2011 and Upphandling Södertörn) and
/// the successor by agreement, so the suite's own writes start at position `SET_UP + 1`.
const SET_UP: u64 = 8;

/// A test's router with seed 003's Upphandling Södertörn from `data/scenarios` and its
/// successor by agreement.
struct Setup {
    api: Api,
    tokens: Tokens,
    sodertorn: Uuid,
    successor: Uuid,
}

/// The seed's two municipalities by their registered names.
fn sodertorn_names() -> Value {
    json!({ HANINGE: "Haninge kommun", NYNASHAMN: "Nynäshamns kommun" })
}

async fn setup() -> Setup {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    let sodertorn = ScenarioSetup::through(&api, "003-sodertorn", "upphandling-sodertorn")
        .await
        .id("upphandling-sodertorn");
    // The seed's successor comes into being only when its transition is carried out, which is
    // not this suite's subject, so the cooperation a contract moves to is established by hand.
    let successor = Uuid::new_v4();
    register(&api.db.pool)
        .execute::<Cooperation>(
            &successor.to_string(),
            CooperationCommand::Establish(EstablishCooperation {
                name: "Samverkansavtal om upphandling Haninge–Nynäshamn".into(),
                form: CooperationForm::ContractBased,
                host: code(HANINGE),
                parties: vec![code(HANINGE), code(NYNASHAMN)],
                established_on: date("2024-07-01"),
                predecessor: None,
                bases: basis().into(),
            }),
        )
        .await
        .unwrap();
    Setup {
        api,
        tokens,
        sodertorn,
        successor,
    }
}

/// "Livsmedel", a framework agreement to 2024-09-30 with an option to 2025-09-30.
fn livsmedel(cooperation_id: Uuid) -> Value {
    json!({
        "cooperation_id": cooperation_id,
        "title": "Livsmedel",
        "category": "Livsmedel och dagligvaror",
        "supplier": "Menigo Foodservice AB",
        "kind": "framework_agreement",
        "registry_number": "SUN 2022/12",
        "callers": [HANINGE, NYNASHAMN],
        "starts_on": "2022-10-01",
        "ends_on": "2024-09-30",
        "extension_options": [{ "extends_to": "2025-09-30" }],
        "basis": basis_json()
    })
}

/// "Kontorsmaterial", a contract to 2025-03-31 without options.
fn kontorsmaterial(cooperation_id: Uuid) -> Value {
    json!({
        "cooperation_id": cooperation_id,
        "title": "Kontorsmaterial",
        "category": "Kontorsmaterial",
        "supplier": "Lyreco Sverige AB",
        "kind": "contract",
        "registry_number": null,
        "callers": [HANINGE, NYNASHAMN],
        "starts_on": "2021-04-01",
        "ends_on": "2025-03-31",
        "extension_options": [],
        "basis": basis_json()
    })
}

fn extension() -> Value {
    json!({ "extends_to": "2025-09-30", "decided_on": "2024-05-14", "basis": basis_json() })
}

fn reassignment(holder: Value, callers: &[&str]) -> Value {
    json!({
        "effective_on": "2024-07-01",
        "holder": holder,
        "callers": callers,
        "basis": basis_json()
    })
}

fn to_cooperation(cooperation_id: Uuid) -> Value {
    json!({ "kind": "cooperation", "cooperation_id": cooperation_id })
}

fn correction(cooperation_id: Uuid) -> Value {
    let mut register = livsmedel(cooperation_id);
    register["supplier"] = json!("Martin & Servera AB");
    json!({ "register": register, "reason": "Leverantören skrevs fel." })
}

/// A contract registered through the API; returns its id.
async fn registered(setup: &Setup, contract: Value) -> Uuid {
    let reply = setup
        .api
        .post(
            "/api/v1/contracts",
            Some(&setup.tokens.administrator),
            contract,
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    reply.id()
}

#[tokio::test]
async fn an_administrator_registers_extends_reassigns_and_corrects_a_contract() {
    let setup = setup().await;
    let (api, administrator) = (&setup.api, Some(setup.tokens.administrator.as_str()));

    let registered = api
        .post(
            "/api/v1/contracts",
            administrator,
            livsmedel(setup.sodertorn),
        )
        .await;
    let contract_id = registered.id();
    let location = format!("/api/v1/contracts/{contract_id}");
    let extended = api
        .post(
            &format!("{location}/extensions"),
            administrator,
            extension(),
        )
        .await;
    let moved = reassignment(to_cooperation(setup.successor), &[HANINGE, NYNASHAMN]);
    let reassigned = api
        .post(
            &format!("{location}/reassignments"),
            administrator,
            moved.clone(),
        )
        .await;
    let corrected = api
        .post(
            &format!("{location}/corrections"),
            administrator,
            correction(setup.sodertorn),
        )
        .await;

    for (reply, status, position, version) in [
        (&registered, StatusCode::CREATED, SET_UP + 1, 1),
        (&extended, StatusCode::OK, SET_UP + 2, 2),
        (&reassigned, StatusCode::OK, SET_UP + 3, 3),
        (&corrected, StatusCode::OK, SET_UP + 4, 4),
    ] {
        assert_eq!(reply.status, status, "{:?}", reply.body);
        assert_eq!(reply.header("location"), Some(location.as_str()));
        assert_eq!(
            reply.body,
            json!({ "id": contract_id.to_string(), "position": position, "version": version })
        );
    }
    // The parties the callers were checked against are facts of the register, so the events do
    // not carry them.
    assert_eq!(
        payload_at(api, SET_UP + 1).await,
        json!({ "ContractRegistered": livsmedel(setup.sodertorn) })
    );
    assert_eq!(
        payload_at(api, SET_UP + 2).await,
        json!({ "ContractExtended": extension() })
    );
    assert_eq!(
        payload_at(api, SET_UP + 3).await,
        json!({ "ContractReassigned": moved })
    );
    let mut should_have_said = livsmedel(setup.sodertorn);
    should_have_said["supplier"] = json!("Martin & Servera AB");
    assert_eq!(
        payload_at(api, SET_UP + 4).await,
        json!({ "ContractCorrected": {
            "registered": should_have_said,
            "reason": "Leverantören skrevs fel."
        } })
    );
    let metadata: Value = sqlx::query_scalar("SELECT metadata FROM events WHERE position = $1")
        .bind(i64::try_from(SET_UP + 4).unwrap())
        .fetch_one(&api.db.pool)
        .await
        .unwrap();
    assert_eq!(metadata["actor_role"], "administrator");
}

#[tokio::test]
async fn a_contract_moves_to_one_party_which_alone_calls_off() {
    let setup = setup().await;
    let contract_id = registered(&setup, kontorsmaterial(setup.sodertorn)).await;
    let path = format!("/api/v1/contracts/{contract_id}/reassignments");
    let to_haninge = json!({ "kind": "party", "party": HANINGE });

    let with_nynashamn = setup
        .api
        .post(
            &path,
            Some(&setup.tokens.administrator),
            reassignment(to_haninge.clone(), &[HANINGE, NYNASHAMN]),
        )
        .await;
    let alone = setup
        .api
        .post(
            &path,
            Some(&setup.tokens.administrator),
            reassignment(to_haninge.clone(), &[HANINGE]),
        )
        .await;

    assert_broken_rule(
        &with_nynashamn,
        "callers",
        "contract.party_holder_calls_off_alone",
    );
    assert_eq!(alone.status, StatusCode::OK, "{:?}", alone.body);
    assert_eq!(
        payload_at(&setup.api, SET_UP + 2).await,
        json!({ "ContractReassigned": reassignment(to_haninge, &[HANINGE]) })
    );
    assert_eq!(
        event_count(&setup.api).await,
        i64::try_from(SET_UP + 2).unwrap()
    );
}

#[tokio::test]
async fn contracts_are_written_only_by_an_administrator() {
    let setup = setup().await;
    let api = &setup.api;
    let body_id = committee(api, setup.sodertorn, "Södertörns upphandlingsnämnd").await;
    let secretary = api.token(Role::Secretary, &[body_id]).await;
    let contract_id = registered(&setup, livsmedel(setup.sodertorn)).await;
    let before = event_count(api).await;

    let writes = [
        ("/api/v1/contracts".to_owned(), livsmedel(setup.sodertorn)),
        (
            format!("/api/v1/contracts/{contract_id}/extensions"),
            extension(),
        ),
        (
            format!("/api/v1/contracts/{contract_id}/reassignments"),
            reassignment(to_cooperation(setup.successor), &[HANINGE]),
        ),
        (
            format!("/api/v1/contracts/{contract_id}/corrections"),
            correction(setup.sodertorn),
        ),
    ];
    for (path, body) in writes {
        let anonymous = api.post(&path, None, body.clone()).await;
        let auditor = api
            .post(&path, Some(&setup.tokens.auditor), body.clone())
            .await;
        let by_secretary = api.post(&path, Some(&secretary), body).await;

        assert_problem(&anonymous, StatusCode::UNAUTHORIZED, "unauthenticated");
        assert_problem(&auditor, StatusCode::FORBIDDEN, "forbidden");
        assert_problem(&by_secretary, StatusCode::FORBIDDEN, "forbidden");
    }
    assert_eq!(event_count(api).await, before);
}

#[tokio::test]
async fn an_unknown_contract_is_a_404_and_an_unknown_cooperation_a_422() {
    let setup = setup().await;
    let (api, administrator) = (&setup.api, Some(setup.tokens.administrator.as_str()));
    let contract_id = registered(&setup, livsmedel(setup.sodertorn)).await;
    let unknown = Uuid::new_v4();
    let before = event_count(api).await;

    let extended = api
        .post(
            &format!("/api/v1/contracts/{unknown}/extensions"),
            administrator,
            extension(),
        )
        .await;
    let reassigned = api
        .post(
            &format!("/api/v1/contracts/{unknown}/reassignments"),
            administrator,
            reassignment(to_cooperation(setup.successor), &[HANINGE]),
        )
        .await;
    let corrected = api
        .post(
            &format!("/api/v1/contracts/{unknown}/corrections"),
            administrator,
            correction(setup.sodertorn),
        )
        .await;
    let registered_under_unknown = api
        .post("/api/v1/contracts", administrator, livsmedel(unknown))
        .await;
    let corrected_to_unknown = api
        .post(
            &format!("/api/v1/contracts/{contract_id}/corrections"),
            administrator,
            correction(unknown),
        )
        .await;
    let reassigned_to_unknown = api
        .post(
            &format!("/api/v1/contracts/{contract_id}/reassignments"),
            administrator,
            reassignment(to_cooperation(unknown), &[HANINGE]),
        )
        .await;

    for reply in [&extended, &reassigned, &corrected] {
        assert_problem(reply, StatusCode::NOT_FOUND, "not-found");
        assert_eq!(
            reply.body["detail"],
            format!("there is no contract {unknown}")
        );
    }
    assert_broken_rule(
        &registered_under_unknown,
        "cooperation_id",
        "cooperation.is_recorded",
    );
    assert_broken_rule(
        &corrected_to_unknown,
        "register.cooperation_id",
        "cooperation.is_recorded",
    );
    assert_broken_rule(
        &reassigned_to_unknown,
        "holder.cooperation_id",
        "cooperation.is_recorded",
    );
    assert_eq!(event_count(api).await, before);
}

#[tokio::test]
async fn a_broken_rule_names_its_field_and_writes_nothing() {
    let setup = setup().await;
    let (api, administrator) = (&setup.api, Some(setup.tokens.administrator.as_str()));
    let contract_id = registered(&setup, livsmedel(setup.sodertorn)).await;
    let before = event_count(api).await;

    let mut called_off_by_tyreso = livsmedel(setup.sodertorn);
    called_off_by_tyreso["callers"] = json!([HANINGE, TYRESO]);
    let tyreso = api
        .post("/api/v1/contracts", administrator, called_off_by_tyreso)
        .await;
    let mut asserting_the_parties = livsmedel(setup.sodertorn);
    asserting_the_parties["cooperation_parties"] = json!([HANINGE, TYRESO]);
    let asserted = api
        .post("/api/v1/contracts", administrator, asserting_the_parties)
        .await;
    let mut options_backwards = livsmedel(setup.sodertorn);
    options_backwards["extension_options"] =
        json!([{ "extends_to": "2025-09-30" }, { "extends_to": "2025-03-31" }]);
    let backwards = api
        .post("/api/v1/contracts", administrator, options_backwards)
        .await;
    let skipping = api
        .post(
            &format!("/api/v1/contracts/{contract_id}/extensions"),
            administrator,
            json!({ "extends_to": "2026-09-30", "decided_on": "2024-05-14", "basis": basis_json() }),
        )
        .await;
    let too_late = api
        .post(
            &format!("/api/v1/contracts/{contract_id}/extensions"),
            administrator,
            json!({ "extends_to": "2025-09-30", "decided_on": "2024-10-01", "basis": basis_json() }),
        )
        .await;
    let mut after_the_end = reassignment(to_cooperation(setup.successor), &[HANINGE]);
    after_the_end["effective_on"] = json!("2024-10-01");
    let after_end = api
        .post(
            &format!("/api/v1/contracts/{contract_id}/reassignments"),
            administrator,
            after_the_end,
        )
        .await;
    let sent_parties = api
        .post(
            &format!("/api/v1/contracts/{contract_id}/reassignments"),
            administrator,
            json!({
                "effective_on": "2024-07-01",
                "holder": to_cooperation(setup.successor),
                "callers": [TYRESO],
                "holder_parties": [TYRESO],
                "basis": basis_json()
            }),
        )
        .await;
    let outsider = api
        .post(
            &format!("/api/v1/contracts/{contract_id}/reassignments"),
            administrator,
            reassignment(to_cooperation(setup.successor), &[HANINGE, TYRESO]),
        )
        .await;

    assert_broken_rule(&tyreso, "callers[1]", "contract.caller_is_a_party");
    assert_eq!(
        tyreso.body["detail"],
        "party 0138 is not a party of the cooperation, so it cannot call off"
    );
    assert_malformed(&asserted, "cooperation_parties");
    assert_broken_rule(
        &backwards,
        "extension_options[1].extends_to",
        "contract.options_extend_in_order",
    );
    assert_broken_rule(
        &skipping,
        "extends_to",
        "contract.extends_by_the_next_option",
    );
    assert_broken_rule(&too_late, "decided_on", "contract.extends_before_expiry");
    assert_broken_rule(
        &after_end,
        "effective_on",
        "contract.reassigned_within_term",
    );
    assert_malformed(&sent_parties, "holder_parties");
    assert_broken_rule(&outsider, "callers[1]", "contract.caller_is_of_the_holder");
    assert_eq!(event_count(api).await, before);
}

/// A contract entry as the reads answer it, from its registration and what happened since.
fn entry(
    contract_id: Uuid,
    registration: &Value,
    changes: Value,
    recorded_at_position: u64,
) -> Value {
    let mut entry = json!({
        "contract_id": contract_id,
        "cooperation_id": registration["cooperation_id"],
        "title": registration["title"],
        "category": registration["category"],
        "supplier": registration["supplier"],
        "kind": registration["kind"],
        "registry_number": registration["registry_number"],
        "starts_on": registration["starts_on"],
        "ends_on": registration["ends_on"],
        "latest_possible_end": registration["ends_on"],
        "extension_options": registration["extension_options"],
        "extensions": [],
        "options_remaining": registration["extension_options"],
        "holder": { "kind": "cooperation", "cooperation_id": registration["cooperation_id"] },
        "callers": registration["callers"],
        "held_since": registration["starts_on"],
        "holder_basis": registration["basis"],
        "basis": registration["basis"],
        "correction_reason": null,
        "recorded_at_position": recorded_at_position
    });
    for (key, value) in changes.as_object().unwrap() {
        entry[key] = value.clone();
    }
    // As a read answers it: every basis with its citation.
    cited_everywhere(entry)
}

#[tokio::test]
async fn the_reads_answer_a_cooperation_s_contracts_its_expiries_and_a_party_s_call_offs() {
    let setup = setup().await;
    let (api, administrator) = (&setup.api, Some(setup.tokens.administrator.as_str()));
    let livsmedel_id = registered(&setup, livsmedel(setup.sodertorn)).await;
    api.post(
        &format!("/api/v1/contracts/{livsmedel_id}/extensions"),
        administrator,
        extension(),
    )
    .await;
    let reassigned = api
        .post(
            &format!("/api/v1/contracts/{livsmedel_id}/reassignments"),
            administrator,
            reassignment(to_cooperation(setup.successor), &[HANINGE, NYNASHAMN]),
        )
        .await;
    assert_eq!(reassigned.position(), SET_UP + 3);
    let kontorsmaterial_id = registered(&setup, kontorsmaterial(setup.sodertorn)).await;
    api.catch_up().await;

    let livsmedel_on_2024_08_01 = entry(
        livsmedel_id,
        &livsmedel(setup.sodertorn),
        json!({
            "ends_on": "2025-09-30",
            "latest_possible_end": "2025-09-30",
            "extensions": [extension()],
            "options_remaining": [],
            "holder": to_cooperation(setup.successor),
            "held_since": "2024-07-01"
        }),
        SET_UP + 3,
    );
    let kontorsmaterial_on_2024_08_01 = entry(
        kontorsmaterial_id,
        &kontorsmaterial(setup.sodertorn),
        json!({}),
        SET_UP + 4,
    );
    let auditor = Some(setup.tokens.auditor.as_str());

    let of_sodertorn = api
        .get(
            &format!(
                "/api/v1/cooperations/{}/contracts?as_of=2024-08-01",
                setup.sodertorn
            ),
            auditor,
        )
        .await;
    assert_eq!(
        of_sodertorn.status,
        StatusCode::OK,
        "{:?}",
        of_sodertorn.body
    );
    assert_eq!(
        of_sodertorn.body,
        json!({
            "as_of": "2024-08-01",
            "known_at": SET_UP + 4,
            "contracts": [kontorsmaterial_on_2024_08_01, livsmedel_on_2024_08_01],
            "next_cursor": null,
            // The callers, by name.
            "party_names": sodertorn_names()
        })
    );

    // As known before the reassignment, Södertörn still held Livsmedel in August.
    let before_reassignment = api
        .get(
            &format!(
                "/api/v1/cooperations/{}/contracts?as_of=2024-08-01&known_at={}",
                setup.sodertorn,
                SET_UP + 2
            ),
            auditor,
        )
        .await;
    assert_eq!(
        before_reassignment.body,
        json!({
            "as_of": "2024-08-01",
            "known_at": SET_UP + 2,
            "contracts": [entry(
                livsmedel_id,
                &livsmedel(setup.sodertorn),
                json!({
                    "ends_on": "2025-09-30",
                    "latest_possible_end": "2025-09-30",
                    "extensions": [extension()],
                    "options_remaining": []
                }),
                SET_UP + 2,
            )],
            "next_cursor": null,
            "party_names": sodertorn_names()
        })
    );

    let expiries = api
        .get(
            &format!(
                "/api/v1/cooperations/{}/contract-expiries?as_of=2024-08-01",
                setup.sodertorn
            ),
            auditor,
        )
        .await;
    assert_eq!(
        expiries.body,
        json!({
            "as_of": "2024-08-01",
            "known_at": SET_UP + 4,
            "expiries": [
                {
                    "contract_id": kontorsmaterial_id,
                    "title": "Kontorsmaterial",
                    "category": "Kontorsmaterial",
                    "supplier": "Lyreco Sverige AB",
                    "kind": "contract",
                    "holder": { "kind": "cooperation", "cooperation_id": setup.sodertorn },
                    "ends_on": "2025-03-31",
                    "latest_possible_end": "2025-03-31",
                    "options_remaining": [],
                    "days_until_end": 242
                },
                {
                    "contract_id": livsmedel_id,
                    "title": "Livsmedel",
                    "category": "Livsmedel och dagligvaror",
                    "supplier": "Menigo Foodservice AB",
                    "kind": "framework_agreement",
                    "holder": to_cooperation(setup.successor),
                    "ends_on": "2025-09-30",
                    "latest_possible_end": "2025-09-30",
                    "options_remaining": [],
                    "days_until_end": 425
                }
            ],
            "next_cursor": null
        })
    );

    // Nynäshamn calls off under both; a page of one gives a cursor to the next.
    let first_page = api
        .get(
            &format!("/api/v1/parties/{NYNASHAMN}/contracts?as_of=2024-08-01&limit=1"),
            auditor,
        )
        .await;
    // The cursor names the day, the position read at and the entries already given.
    let cursor = format!("2024-08-01~{}~1", SET_UP + 4);
    assert_eq!(
        first_page.body,
        json!({
            "as_of": "2024-08-01",
            "known_at": SET_UP + 4,
            "contracts": [kontorsmaterial_on_2024_08_01],
            "next_cursor": cursor,
            "party_names": sodertorn_names()
        })
    );
    let second_page = api
        .get(
            &format!("/api/v1/parties/{NYNASHAMN}/contracts?limit=1&cursor={cursor}"),
            auditor,
        )
        .await;
    assert_eq!(
        second_page.body,
        json!({
            "as_of": "2024-08-01",
            "known_at": SET_UP + 4,
            "contracts": [livsmedel_on_2024_08_01],
            "next_cursor": null,
            "party_names": sodertorn_names()
        })
    );
    // The contract's own address answers it alone, as known before its reassignment too.
    let at_its_address = api
        .get(
            &format!("/api/v1/contracts/{livsmedel_id}?as_of=2024-08-01"),
            auditor,
        )
        .await;
    assert_eq!(
        at_its_address.body,
        json!({
            "as_of": "2024-08-01",
            "known_at": SET_UP + 4,
            "contract": livsmedel_on_2024_08_01,
            "party_names": sodertorn_names()
        })
    );
    let not_yet_registered = api
        .get(
            &format!("/api/v1/contracts/{livsmedel_id}?known_at=1"),
            auditor,
        )
        .await;
    assert_eq!(not_yet_registered.body["contract"], Value::Null);
    // The successor lists the contract it holds.
    let of_successor = api
        .get(
            &format!(
                "/api/v1/cooperations/{}/contracts?as_of=2024-08-01",
                setup.successor
            ),
            auditor,
        )
        .await;
    assert_eq!(
        of_successor.body["contracts"],
        json!([livsmedel_on_2024_08_01])
    );
}

#[tokio::test]
async fn the_reads_need_a_token_and_a_recorded_cooperation_or_party() {
    let setup = setup().await;
    let api = &setup.api;
    api.catch_up().await;
    let unknown = Uuid::new_v4();
    let auditor = Some(setup.tokens.auditor.as_str());

    let anonymous = api
        .get(
            &format!("/api/v1/cooperations/{}/contracts", setup.sodertorn),
            None,
        )
        .await;
    let unknown_cooperation = api
        .get(
            &format!("/api/v1/cooperations/{unknown}/contracts"),
            auditor,
        )
        .await;
    let unknown_expiries = api
        .get(
            &format!("/api/v1/cooperations/{unknown}/contract-expiries"),
            auditor,
        )
        .await;
    let unknown_party = api
        .get(&format!("/api/v1/parties/{TYRESO}/contracts"), auditor)
        .await;
    // A cooperation without contracts answers with none.
    let nothing_yet = api
        .get(
            &format!(
                "/api/v1/cooperations/{}/contract-expiries?as_of=2024-08-01",
                setup.sodertorn
            ),
            auditor,
        )
        .await;

    assert_problem(&anonymous, StatusCode::UNAUTHORIZED, "unauthenticated");
    assert_problem(&unknown_cooperation, StatusCode::NOT_FOUND, "not-found");
    assert_problem(&unknown_expiries, StatusCode::NOT_FOUND, "not-found");
    assert_problem(&unknown_party, StatusCode::NOT_FOUND, "not-found");
    assert_eq!(
        nothing_yet.body,
        json!({ "as_of": "2024-08-01", "known_at": SET_UP, "expiries": [], "next_cursor": null })
    );
}
