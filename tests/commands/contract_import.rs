//! A contract register imported from a spreadsheet through the register itself, as the web app
//! will import it: refused whole with every error by row and column, or registered whole in one
//! transaction; read in either encoding and with either separator; once, however often it is
//! imported, and never over a contract registered with other content.
//!
//! The cooperation is seed 004's, Region Sörmland (04) and Region Västmanland (19); the
//! contracts are illustrative.

use chrono::NaiveDate;
use domain::contract::ContractError;
use domain::{PartyCode, RuleViolation};
use eventlog::Position;
use projections::contracts::contracts_of_cooperation;
use projections::{KnownAt, ReadAt};
use register::contract_import::{
    ContractImportError, ContractImportRefused, ContractSheet, Separator, SheetCell, SheetColumn,
    SheetEncoding,
};
use register::{Register, RegisterError};
use serde_json::{json, Value};
use sqlx::PgPool;
use uuid::Uuid;

use crate::support::contract_sheets::{row, sheet, two_hundred_rows, windows_1252, HEADER};
use crate::support::fixtures::{code, date, project, register};
use crate::support::harness::TestDatabase;
use crate::support::inkopsnamnden::{with_inkopsnamnden, COOPERATION};

/// One row of the log as a test reads it back.
#[derive(Debug, sqlx::FromRow)]
struct StoredEvent {
    position: i64,
    aggregate_type: String,
    aggregate_id: String,
    sequence: i64,
    event_type: String,
    /// The id of the transaction that inserted the row: one value for rows committed together.
    transaction: String,
    payload: Value,
    metadata: Value,
}

/// Every event after position `after`, in order.
async fn events_after(pool: &PgPool, after: i64) -> Vec<StoredEvent> {
    sqlx::query_as(
        "SELECT position, aggregate_type, aggregate_id, sequence, event_type,
                xmin::text AS transaction, payload::jsonb AS payload, metadata::jsonb AS metadata
           FROM events WHERE position > $1 ORDER BY position",
    )
    .bind(after)
    .fetch_all(pool)
    .await
    .unwrap()
}

async fn log_length(pool: &PgPool) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM events")
        .fetch_one(pool)
        .await
        .unwrap()
}

fn read(text: &str) -> ContractSheet {
    ContractSheet::read(text.as_bytes()).unwrap()
}

fn refusal<T: std::fmt::Debug>(
    result: Result<T, RegisterError<ContractImportRefused>>,
) -> Vec<ContractImportError> {
    match result {
        Err(RegisterError::Rule(refused)) => refused.errors,
        other => panic!("expected the sheet to be refused, got {other:?}"),
    }
}

fn cell(row: u64, column: SheetColumn) -> SheetCell {
    SheetCell {
        row,
        column,
        header: column.swedish().to_owned(),
    }
}

fn both() -> Vec<PartyCode> {
    vec![code("04"), code("19")]
}

#[tokio::test]
async fn a_sheet_with_an_end_before_its_start_is_refused_by_row_and_column_and_writes_nothing() {
    let (db, register) = with_inkopsnamnden().await;
    let before = log_length(&db.pool).await;
    let text = sheet(&[
        row("Livsmedel", "INK 2024/1", "2024-02-01", "2026-01-31"),
        row("Kontorsmaterial", "INK 2024/2", "2024-02-01", "2026-01-31"),
        row("Städtjänster", "INK 2024/3", "2024-02-01", "2026-01-31"),
        row("Tolktjänster", "INK 2024/4", "2024-02-01", "2023-01-31"),
    ]);
    let sheet = read(&text);

    let errors = refusal(register.import_contracts(COOPERATION, &sheet).await);
    let expected = vec![ContractImportError::Contract {
        cell: cell(5, SheetColumn::EndsOn),
        error: ContractError::EndsBeforeStart {
            starts_on: date("2024-02-01"),
            ends_on: date("2023-01-31"),
        },
    }];
    assert_eq!(errors, expected);
    assert_eq!(
        errors[0].place().as_deref(),
        Some("rad 5, kolumn slutdatum")
    );
    assert_eq!(
        (errors[0].field(), errors[0].rule()),
        ("rows[5].slutdatum".to_owned(), "contract.term_forwards")
    );
    assert_eq!(
        errors[0].to_string(),
        "the contract ends on 2023-01-31, before it starts on 2024-02-01"
    );
    assert_eq!(
        refusal(register.check_contract_import(COOPERATION, &sheet).await),
        expected
    );
    assert_eq!(log_length(&db.pool).await, before);
}

#[tokio::test]
async fn every_rule_of_the_domain_is_reported_on_its_own_row_and_column() {
    let (db, register) = with_inkopsnamnden().await;
    let before = log_length(&db.pool).await;
    let good = row("Livsmedel", "INK 2024/1", "2024-02-01", "2026-01-31");
    let not_a_party = row("Kontorsmaterial", "INK 2024/2", "2024-02-01", "2026-01-31")
        .replace(";04 19;", ";04 0180;");
    let options_out_of_order = row("Städtjänster", "INK 2024/3", "2024-02-01", "2026-01-31")
        .replace(";2026-01-31;;", ";2026-01-31;2027-01-31 2026-06-30;");
    let untitled = row(" ", "INK 2024/4", "2024-02-01", "2026-01-31");
    let no_issuer = row("Tolktjänster", "INK 2024/5", "2024-02-01", "2026-01-31")
        .replace(";Inköpsnämnden;", ";;");
    // A header in English names its column in English.
    let text = sheet(&[good, not_a_party, options_out_of_order, untitled, no_issuer])
        .replacen("titel;", "Title;", 1);

    assert_eq!(
        refusal(register.import_contracts(COOPERATION, &read(&text)).await),
        vec![
            ContractImportError::Contract {
                cell: cell(3, SheetColumn::Callers),
                error: ContractError::CallerNotAParty {
                    index: 1,
                    party: code("0180"),
                },
            },
            ContractImportError::Contract {
                cell: cell(4, SheetColumn::ExtensionOptions),
                error: ContractError::OptionNotLater {
                    index: 1,
                    extends_to: date("2026-06-30"),
                    after: date("2027-01-31"),
                },
            },
            ContractImportError::Contract {
                cell: SheetCell {
                    row: 5,
                    column: SheetColumn::Title,
                    header: "Title".to_owned(),
                },
                error: ContractError::TitleMissing,
            },
            ContractImportError::Contract {
                cell: cell(6, SheetColumn::DecidedBy),
                error: ContractError::Basis(domain::LegalBasisError::IssuerMissing),
            },
        ]
    );
    assert_eq!(log_length(&db.pool).await, before);
}

#[tokio::test]
async fn two_hundred_contracts_are_registered_in_one_transaction_and_listed_by_the_read_model() {
    let (db, register) = with_inkopsnamnden().await;
    let before = log_length(&db.pool).await;
    let sheet = read(&sheet(&two_hundred_rows()));

    let receipt = register
        .import_contracts(COOPERATION, &sheet)
        .await
        .unwrap();

    let events = events_after(&db.pool, before).await;
    assert_eq!(events.len(), 200);
    let positions: Vec<i64> = events.iter().map(|event| event.position).collect();
    assert_eq!(
        positions,
        ((before + 1)..=(before + 200)).collect::<Vec<_>>()
    );
    assert_eq!(
        receipt.position,
        Some(Position::new(u64::try_from(before + 200).unwrap()).unwrap())
    );
    // The log's trigger stamps `recorded_at` with the clock, not the transaction's start, so
    // one transaction shows in the id of the transaction that inserted every row.
    let transaction = &events[0].transaction;
    assert!(events.iter().all(|event| &event.transaction == transaction));
    let ids: Vec<Uuid> = sheet
        .rows()
        .iter()
        .map(|row| row.contract_id(COOPERATION))
        .collect();
    for (event, contract_id) in events.iter().zip(&ids) {
        assert_eq!(
            (
                event.aggregate_type.as_str(),
                event.aggregate_id.as_str(),
                event.sequence,
                event.event_type.as_str()
            ),
            (
                "Contract",
                contract_id.to_string().as_str(),
                1,
                "ContractRegistered"
            )
        );
        assert_eq!(
            event.metadata,
            json!({
                "actor_id": "operator:tests",
                "actor_name": "tests",
                "actor_role": "operator"
            })
        );
    }
    assert_eq!(
        events[199].payload,
        json!({ "ContractRegistered": {
            "cooperation_id": COOPERATION,
            "title": "Ramavtal 200",
            "category": "Förbrukningsmaterial",
            "supplier": "Leverantören i Sörmland AB",
            "kind": "framework_agreement",
            "registry_number": "INK 2024/200",
            "callers": ["04", "19"],
            "starts_on": "2036-08-01",
            "ends_on": "2038-08-01",
            "extension_options": [],
            "basis": { "kind": "external_decision", "issuer": "Inköpsnämnden",
                       "decided_on": "2023-11-14", "reference": "§ 9", "registry_number": null }
        }})
    );
    let registered: Vec<(u64, Uuid, String)> = receipt
        .registered
        .iter()
        .map(|row| (row.row, row.contract_id, row.title.clone()))
        .collect();
    let expected: Vec<(u64, Uuid, String)> = (0..200)
        .map(|index| {
            (
                index as u64 + 2,
                ids[index],
                format!("Ramavtal {:03}", index + 1),
            )
        })
        .collect();
    assert_eq!(registered, expected);
    assert_eq!(receipt.already_registered, vec![]);

    project(&db.pool).await;
    let view = contracts_of_cooperation(
        &db.pool,
        COOPERATION,
        ReadAt::on(date("2030-01-01")).known_at(KnownAt::Latest),
    )
    .await
    .unwrap();
    let listed: Vec<(Uuid, String, String, NaiveDate, NaiveDate, Vec<PartyCode>)> = view
        .contracts
        .iter()
        .map(|contract| {
            (
                contract.contract_id,
                contract.title.clone(),
                contract.registry_number.clone().unwrap(),
                contract.starts_on,
                contract.ends_on,
                contract.callers.clone(),
            )
        })
        .collect();
    let rows = sheet.rows();
    let expected: Vec<(Uuid, String, String, NaiveDate, NaiveDate, Vec<PartyCode>)> = rows
        .iter()
        .zip(&ids)
        .map(|(row, contract_id)| {
            // Callers are listed for the contracts running on the day read, 2030-01-01.
            let running = row.starts_on <= date("2030-01-01") && date("2030-01-01") <= row.ends_on;
            (
                *contract_id,
                row.title.clone(),
                row.registry_number.clone().unwrap(),
                row.starts_on,
                row.ends_on,
                if running { both() } else { vec![] },
            )
        })
        .collect();
    assert_eq!(listed, expected);
}

#[tokio::test]
async fn the_same_sheet_again_writes_nothing_and_lists_every_row_as_registered_already() {
    let (db, register) = with_inkopsnamnden().await;
    let sheet = read(&sheet(&two_hundred_rows()));
    let first = register
        .import_contracts(COOPERATION, &sheet)
        .await
        .unwrap();
    let length = log_length(&db.pool).await;

    let again = register
        .import_contracts(COOPERATION, &sheet)
        .await
        .unwrap();

    assert_eq!(log_length(&db.pool).await, length);
    assert_eq!(again.position, None);
    assert_eq!(again.registered, vec![]);
    assert_eq!(again.already_registered, first.registered);
    assert_eq!(again.already_registered.len(), 200);
    let preview = register
        .check_contract_import(COOPERATION, &sheet)
        .await
        .unwrap();
    assert_eq!(preview.to_register, vec![]);
    assert_eq!(preview.already_registered, first.registered);
}

#[tokio::test]
async fn two_imports_of_one_sheet_at_once_register_each_contract_once() {
    let (db, register) = with_inkopsnamnden().await;
    let before = log_length(&db.pool).await;
    let sheet = read(&sheet(&two_hundred_rows()));
    let other = Register::new(
        eventlog::EventLog::new(db.pool.clone()),
        register::Actor::operator("other"),
    );

    let (first, second) = tokio::join!(
        register.import_contracts(COOPERATION, &sheet),
        other.import_contracts(COOPERATION, &sheet)
    );
    let (first, second) = (first.unwrap(), second.unwrap());

    assert_eq!(log_length(&db.pool).await, before + 200);
    // One of them wrote everything; the other, decided again after losing the race, nothing.
    let mut written = [first.registered.len(), second.registered.len()];
    written.sort_unstable();
    assert_eq!(written, [0, 200]);
    let transactions: std::collections::BTreeSet<String> = events_after(&db.pool, before)
        .await
        .into_iter()
        .map(|event| event.transaction)
        .collect();
    assert_eq!(transactions.len(), 1);
}

#[tokio::test]
async fn a_windows_1252_sheet_is_stored_in_the_register_s_own_text() {
    let (db, register) = with_inkopsnamnden().await;
    let before = log_length(&db.pool).await;
    let text = sheet(&[row(
        "Städtjänster Överförmyndare Åtvidaberg",
        "INK 2023/41",
        "2024-02-01",
        "2026-01-31",
    )]);
    let bytes = windows_1252(&text);
    assert!(std::str::from_utf8(&bytes).is_err());

    let sheet = ContractSheet::read(&bytes).unwrap();
    assert_eq!(sheet.encoding(), SheetEncoding::Windows1252);
    let receipt = register
        .import_contracts(COOPERATION, &sheet)
        .await
        .unwrap();

    assert_eq!(receipt.encoding, SheetEncoding::Windows1252);
    let events = events_after(&db.pool, before).await;
    assert_eq!(events.len(), 1);
    let registered = &events[0].payload["ContractRegistered"];
    assert_eq!(
        registered["title"],
        json!("Städtjänster Överförmyndare Åtvidaberg")
    );
    assert_eq!(registered["supplier"], json!("Leverantören i Sörmland AB"));
    assert_eq!(registered["basis"]["issuer"], json!("Inköpsnämnden"));
    assert_eq!(registered["basis"]["reference"], json!("§ 9"));
}

#[tokio::test]
async fn a_comma_separated_sheet_with_a_byte_order_mark_imports_as_the_semicolon_one() {
    let (db, register) = with_inkopsnamnden().await;
    let rows = [
        row(
            "Livsmedel, torrvaror",
            "INK 2024/1",
            "2024-02-01",
            "2026-01-31",
        ),
        row("Kontorsmaterial", "INK 2024/2", "2024-03-01", "2026-02-28"),
    ];
    let semicolons = sheet(&rows);
    // The same sheet as Excel's "CSV UTF-8" in English writes it: a byte order mark, commas,
    // and quotes around the cells that hold a comma.
    let commas = format!(
        "\u{feff}{}\r\n\"Livsmedel, torrvaror\",Förbrukningsmaterial,Leverantören i Sörmland AB,\
ramavtal,INK 2024/1,04 19,2024-02-01,2026-01-31,,Inköpsnämnden,2023-11-14,§ 9\r\n\
Kontorsmaterial,Förbrukningsmaterial,Leverantören i Sörmland AB,ramavtal,INK 2024/2,\
\"04, 19\",2024-03-01,2026-02-28,,Inköpsnämnden,2023-11-14,§ 9\r\n",
        HEADER.replace(';', ",")
    );
    let (semicolons, commas) = (read(&semicolons), read(&commas));
    assert_eq!(
        (commas.encoding(), commas.separator()),
        (SheetEncoding::Utf8WithBom, Separator::Comma)
    );
    assert_eq!(
        (semicolons.encoding(), semicolons.separator()),
        (SheetEncoding::Utf8, Separator::Semicolon)
    );
    assert_eq!(commas.rows(), semicolons.rows());

    let imported = register
        .import_contracts(COOPERATION, &commas)
        .await
        .unwrap();
    let length = log_length(&db.pool).await;
    let again = register
        .import_contracts(COOPERATION, &semicolons)
        .await
        .unwrap();

    assert_eq!(imported.registered.len(), 2);
    assert_eq!(again.already_registered, imported.registered);
    assert_eq!(log_length(&db.pool).await, length);
}

#[tokio::test]
async fn a_contract_given_twice_or_registered_with_other_content_refuses_the_sheet() {
    let (db, register) = with_inkopsnamnden().await;
    let livsmedel = row("Livsmedel", "INK 2024/1", "2024-02-01", "2026-01-31");
    let registered = register
        .import_contracts(COOPERATION, &read(&sheet(&[livsmedel])))
        .await
        .unwrap();
    let length = log_length(&db.pool).await;

    let text = sheet(&[
        // The registered contract with its end moved: other content under the same number.
        row("Livsmedel", "ink  2024/1", "2024-02-01", "2026-06-30"),
        row("Kontorsmaterial", "INK 2024/2", "2024-02-01", "2026-01-31"),
        row(
            "Kontorsmaterial och papper",
            "INK 2024/2",
            "2024-02-01",
            "2026-01-31",
        ),
        row("Tolktjänster", "", "2024-02-01", "2026-01-31"),
        row("Tolktjänster", "", "2024-02-01", "2027-01-31"),
    ]);

    assert_eq!(
        refusal(register.import_contracts(COOPERATION, &read(&text)).await),
        vec![
            ContractImportError::RegisteredOtherwise {
                cell: cell(2, SheetColumn::RegistryNumber),
                contract_id: registered.registered[0].contract_id,
                identity: "diarienummer \"ink  2024/1\"".to_owned(),
            },
            ContractImportError::SameContractTwice {
                cell: cell(4, SheetColumn::RegistryNumber),
                first_row: 3,
                identity: "diarienummer \"INK 2024/2\"".to_owned(),
            },
            ContractImportError::SameContractTwice {
                cell: cell(6, SheetColumn::Title),
                first_row: 5,
                identity: "titel \"Tolktjänster\", leverantör \"Leverantören i Sörmland AB\" \
                           and startdatum 2024-02-01"
                    .to_owned(),
            },
        ]
    );
    assert_eq!(log_length(&db.pool).await, length);
}

#[tokio::test]
async fn a_sheet_for_a_cooperation_the_register_does_not_hold_is_refused_by_its_address() {
    let db = TestDatabase::new().await;
    let unknown = Uuid::from_u128(0x4999);
    let result = register(&db.pool)
        .import_contracts(
            unknown,
            &read(&sheet(&[row("Livsmedel", "", "2024-02-01", "2026-01-31")])),
        )
        .await;
    assert!(
        matches!(
            &result,
            Err(RegisterError::UnknownResource { resource: "cooperation", id })
                if *id == unknown.to_string()
        ),
        "{result:?}"
    );
    assert_eq!(log_length(&db.pool).await, 0);
}
