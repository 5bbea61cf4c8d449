//! `POST /cooperations/{id}/contracts/import`: a spreadsheet's contract register sent as the CSV
//! file itself, imported by an administrator all or nothing, refused with an error per cell
//! named `rows[N].<column>`, previewed with `dry_run`, and replayed under its `Idempotency-Key`.
//!
//! The cooperation is seed 004's, Region Sörmland (04) and Region Västmanland (19); the
//! contracts are illustrative.

use axum::http::StatusCode;
use register::access::Role;
use register::contract_import::ContractSheet;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::support::api_client::{Api, Tokens};
use crate::support::contract_sheets::{row, sheet, windows_1252};
use crate::support::fixtures::register;
use crate::support::inkopsnamnden::{inkopsnamnden, COOPERATION, NAMNDEN};
use crate::support::log::event_count;
use crate::support::problems::assert_problem;

const IMPORT: &str = "/api/v1/cooperations/00000000-0000-0000-0000-000000004000/contracts/import";

async fn setup() -> (Api, Tokens) {
    let api = Api::new().await;
    let tokens = Tokens::new(&api).await;
    inkopsnamnden(&register(&api.db.pool)).await;
    (api, tokens)
}

fn two_contracts() -> String {
    sheet(&[
        row("Livsmedel", "INK 2024/1", "2024-02-01", "2026-01-31"),
        row(
            "Städtjänster Överförmyndare Åtvidaberg",
            "",
            "2024-03-01",
            "2026-02-28",
        )
        .replace(";;Inköpsnämnden;", ";2027-02-28;Inköpsnämnden;"),
    ])
}

/// The rows the answers list for [`two_contracts`], with the ids the register derives.
fn listed(text: &str) -> Value {
    let sheet = ContractSheet::read(text.as_bytes()).unwrap();
    let ids: Vec<Uuid> = sheet
        .rows()
        .iter()
        .map(|row| row.contract_id(COOPERATION))
        .collect();
    json!([
        {
            "row": 2, "contract_id": ids[0], "title": "Livsmedel",
            "supplier": "Leverantören i Sörmland AB", "kind": "framework_agreement",
            "starts_on": "2024-02-01", "ends_on": "2026-01-31", "extension_options": [],
            "callers": ["04", "19"]
        },
        {
            "row": 3, "contract_id": ids[1], "title": "Städtjänster Överförmyndare Åtvidaberg",
            "supplier": "Leverantören i Sörmland AB", "kind": "framework_agreement",
            "starts_on": "2024-03-01", "ends_on": "2026-02-28",
            "extension_options": [{ "extends_to": "2027-02-28" }],
            "callers": ["04", "19"]
        }
    ])
}

#[tokio::test]
async fn only_an_administrator_imports_contracts() {
    let (api, tokens) = setup().await;
    let before = event_count(&api).await;
    let secretary = api.token(Role::Secretary, &[NAMNDEN]).await;
    let body = two_contracts().into_bytes();

    for secret in [tokens.auditor.as_str(), secretary.as_str()] {
        let reply = api
            .post_bytes(IMPORT, Some(secret), "text/csv", &[], body.clone())
            .await;
        assert_problem(&reply, StatusCode::FORBIDDEN, "forbidden");
    }
    let anonymous = api
        .post_bytes(IMPORT, None, "text/csv", &[], body.clone())
        .await;
    assert_problem(&anonymous, StatusCode::UNAUTHORIZED, "unauthenticated");
    assert_eq!(event_count(&api).await, before);
}

#[tokio::test]
async fn a_refused_sheet_answers_422_with_an_error_per_cell_and_writes_nothing() {
    let (api, tokens) = setup().await;
    let before = event_count(&api).await;
    let administrator = Some(tokens.administrator.as_str());

    let end_before_start = sheet(&[
        row("Livsmedel", "INK 2024/1", "2024-02-01", "2026-01-31"),
        row("Kontorsmaterial", "INK 2024/2", "2024-02-01", "2026-01-31"),
        row("Städtjänster", "INK 2024/3", "2024-02-01", "2026-01-31"),
        row("Tolktjänster", "INK 2024/4", "2024-02-01", "2023-01-31"),
    ]);
    let reply = api
        .post_bytes(
            IMPORT,
            administrator,
            "text/csv",
            &[],
            end_before_start.into_bytes(),
        )
        .await;
    assert_problem(&reply, StatusCode::UNPROCESSABLE_ENTITY, "rule-broken");
    assert_eq!(
        reply.body["errors"],
        json!([{ "field": "rows[5].slutdatum", "rule": "contract.term_forwards" }])
    );
    assert_eq!(
        reply.body["detail"],
        "the contract sheet has 1 error; nothing was imported\n\
rad 5, kolumn slutdatum: the contract ends on 2023-01-31, before it starts on 2024-02-01"
    );

    // Errors of reading the cells, in Windows-1252, are listed whole too.
    let unreadable = sheet(&[
        row("Livsmedel", "INK 2024/1", "2024-02-01", "30/1/2026"),
        row("Kontorsmaterial", "INK 2024/2", "2024-02-01", "2026-01-31")
            .replace(";ramavtal;", ";köpeavtal;")
            .replace(";04 19;", ";04 Mora;"),
    ]);
    let reply = api
        .post_bytes(
            IMPORT,
            administrator,
            "text/csv; charset=windows-1252",
            &[],
            windows_1252(&unreadable),
        )
        .await;
    assert_problem(&reply, StatusCode::UNPROCESSABLE_ENTITY, "rule-broken");
    assert_eq!(
        reply.body["errors"],
        json!([
            { "field": "rows[2].slutdatum", "rule": "contract_import.date_is_iso" },
            { "field": "rows[3].avtalstyp", "rule": "contract_import.kind_is_known" },
            {
                "field": "rows[3].avropsberättigade",
                "rule": "contract_import.caller_is_a_party_code"
            }
        ])
    );

    let headless = api
        .post_bytes(
            IMPORT,
            administrator,
            "text/csv",
            &[],
            b"titel;kategori\n".to_vec(),
        )
        .await;
    assert_eq!(
        headless.body["errors"],
        json!([
            { "field": "columns.leverantör", "rule": "contract_import.column_is_present" },
            { "field": "columns.avtalstyp", "rule": "contract_import.column_is_present" },
            { "field": "columns.avropsberättigade", "rule": "contract_import.column_is_present" },
            { "field": "columns.startdatum", "rule": "contract_import.column_is_present" },
            { "field": "columns.slutdatum", "rule": "contract_import.column_is_present" },
            { "field": "columns.beslutat_av", "rule": "contract_import.column_is_present" },
            { "field": "columns.beslutsdatum", "rule": "contract_import.column_is_present" }
        ])
    );
    let empty = api
        .post_bytes(IMPORT, administrator, "text/csv", &[], Vec::new())
        .await;
    assert_eq!(
        empty.body["errors"],
        json!([{ "field": "file", "rule": "contract_import.file_has_a_header" }])
    );
    assert_eq!(event_count(&api).await, before);
}

#[tokio::test]
async fn a_dry_run_answers_what_the_import_would_do_and_writes_nothing() {
    let (api, tokens) = setup().await;
    let before = event_count(&api).await;
    let text = two_contracts();

    let reply = api
        .post_bytes(
            &format!("{IMPORT}?dry_run=true"),
            Some(&tokens.administrator),
            "text/csv",
            &[],
            text.clone().into_bytes(),
        )
        .await;

    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(
        reply.body,
        json!({
            "cooperation_id": COOPERATION,
            "encoding": "utf-8",
            "separator": "semicolon",
            "to_register": listed(&text),
            "already_registered": []
        })
    );
    assert_eq!(event_count(&api).await, before);
}

/// An import whose answer was lost is answered, on its retry, with the rows its first attempt
/// registered, as that attempt would have listed them; the same sheet sent anew under no key
/// lists them as registered already.
#[tokio::test]
async fn an_import_whose_answer_was_lost_is_answered_with_the_rows_it_registered() {
    let (api, tokens) = setup().await;
    let administrator = Some(tokens.administrator.as_str());
    let text = two_contracts();
    let key = [("idempotency-key", "avtalsregister-2025-06-01")];
    let imported = api
        .post_bytes(
            IMPORT,
            administrator,
            "text/csv",
            &key,
            text.clone().into_bytes(),
        )
        .await;
    assert_eq!(imported.status, StatusCode::CREATED, "{:?}", imported.body);
    api.lose_answer("avtalsregister-2025-06-01").await;
    let before = event_count(&api).await;

    let retry = api
        .post_bytes(
            IMPORT,
            administrator,
            "text/csv",
            &key,
            text.clone().into_bytes(),
        )
        .await;

    assert_eq!(retry.status, StatusCode::CREATED, "{:?}", retry.body);
    assert_eq!(retry.body, imported.body);
    assert_eq!(retry.header("idempotent-replayed"), None);
    assert_eq!(event_count(&api).await, before);
}

#[tokio::test]
async fn an_import_answers_201_with_its_receipt_and_a_retry_under_its_key_replays_it() {
    let (api, tokens) = setup().await;
    let before = event_count(&api).await;
    let administrator = Some(tokens.administrator.as_str());
    let text = two_contracts();
    let key = [("idempotency-key", "avtalsregister-2025-06-01")];

    let imported = api
        .post_bytes(
            IMPORT,
            administrator,
            "text/csv",
            &key,
            text.clone().into_bytes(),
        )
        .await;

    assert_eq!(imported.status, StatusCode::CREATED, "{:?}", imported.body);
    assert_eq!(
        imported.header("location"),
        Some("/api/v1/cooperations/00000000-0000-0000-0000-000000004000/contracts")
    );
    let last = u64::try_from(before).unwrap() + 2;
    assert_eq!(
        imported.body,
        json!({
            "cooperation_id": COOPERATION,
            "encoding": "utf-8",
            "separator": "semicolon",
            "registered": listed(&text),
            "already_registered": [],
            "position": last
        })
    );
    let metadata: Vec<Value> = sqlx::query_scalar(
        "SELECT metadata::jsonb FROM events WHERE position > $1 ORDER BY position",
    )
    .bind(before)
    .fetch_all(&api.db.pool)
    .await
    .unwrap();
    assert_eq!(metadata.len(), 2);
    for metadata in &metadata {
        assert_eq!(metadata["idempotency_key"], "avtalsregister-2025-06-01");
        assert_eq!(metadata["actor_role"], "administrator");
        assert!(metadata["request_id"].is_string(), "{metadata}");
    }

    let replayed = api
        .post_bytes(
            IMPORT,
            administrator,
            "text/csv",
            &key,
            text.clone().into_bytes(),
        )
        .await;
    assert_eq!(replayed.status, StatusCode::CREATED);
    assert_eq!(replayed.header("idempotent-replayed"), Some("true"));
    assert_eq!(replayed.body, imported.body);

    let again = api
        .post_bytes(
            IMPORT,
            administrator,
            "text/csv",
            &[],
            text.clone().into_bytes(),
        )
        .await;
    assert_eq!(again.status, StatusCode::CREATED, "{:?}", again.body);
    assert_eq!(again.body["registered"], json!([]));
    assert_eq!(again.body["already_registered"], listed(&text));
    assert_eq!(again.body["position"], Value::Null);
    assert_eq!(event_count(&api).await, before + 2);

    // The read model lists them at the receipt's position, once the runner has followed.
    api.catch_up().await;
    let contracts = api
        .get(
            &format!(
                "/api/v1/cooperations/{COOPERATION}/contracts?as_of=2025-01-01&min_position={last}"
            ),
            Some(&tokens.auditor),
        )
        .await;
    assert_eq!(contracts.status, StatusCode::OK, "{:?}", contracts.body);
    let titles: Vec<&str> = contracts.body["contracts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|contract| contract["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        ["Livsmedel", "Städtjänster Överförmyndare Åtvidaberg"]
    );
}

#[tokio::test]
async fn an_unknown_cooperation_and_an_if_match_are_refused_and_the_operation_is_documented() {
    let (api, tokens) = setup().await;
    let administrator = Some(tokens.administrator.as_str());
    let unknown = Uuid::from_u128(0x4999);

    let reply = api
        .post_bytes(
            &format!("/api/v1/cooperations/{unknown}/contracts/import"),
            administrator,
            "text/csv",
            &[],
            two_contracts().into_bytes(),
        )
        .await;
    assert_problem(&reply, StatusCode::NOT_FOUND, "not-found");

    let with_version = api
        .post_bytes(
            IMPORT,
            administrator,
            "text/csv",
            &[("if-match", "1")],
            two_contracts().into_bytes(),
        )
        .await;
    assert_problem(
        &with_version,
        StatusCode::BAD_REQUEST,
        "malformed-parameter",
    );

    let document = api.get("/api/v1/openapi.json", None).await.body;
    let operation = &document["paths"]["/cooperations/{id}/contracts/import"]["post"];
    assert!(
        operation["requestBody"]["content"]["text/csv"].is_object(),
        "{operation}"
    );
    let parameters: Vec<&str> = operation["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|parameter| parameter["name"].as_str().unwrap())
        .collect();
    assert!(parameters.contains(&"dry_run"), "{parameters:?}");
    assert!(parameters.contains(&"Idempotency-Key"), "{parameters:?}");
}
