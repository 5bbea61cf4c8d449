//! `samverkan import-contracts` as an administrator at the console runs it: the sample sheet of
//! `data/contracts/` checked with `--dry-run`, imported once in the operator's name, and a
//! second time writing nothing; a refused sheet exits 2 naming every error by row and column.

use std::path::Path;
use std::process::{Command, Output};

use register::contract_import::ContractSheet;
use serde_json::{json, Value};
use uuid::Uuid;

use crate::support::contract_sheets::{example_path, row, sheet};
use crate::support::fixtures::register;
use crate::support::harness::TestDatabase;
use crate::support::inkopsnamnden::{inkopsnamnden, COOPERATION};

fn samverkan(db: &TestDatabase, arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_samverkan"))
        .args(arguments)
        .env("DATABASE_URL", db.url())
        .env("SAMVERKAN_LOG", "off")
        .env_remove("SAMVERKAN_OPERATOR")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

async fn event_count(db: &TestDatabase) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM events")
        .fetch_one(&db.pool)
        .await
        .unwrap()
}

async fn with_inkopsnamnden() -> TestDatabase {
    let db = TestDatabase::new().await;
    inkopsnamnden(&register(&db.pool)).await;
    db
}

/// `rad N: TITLE = ID` and `note` for every row of the sheet at `path`.
fn row_lines(path: &Path, note: &str) -> String {
    let sheet = ContractSheet::read(&std::fs::read(path).unwrap()).unwrap();
    sheet
        .rows()
        .iter()
        .map(|row| {
            format!(
                "rad {}: {} = {}{note}\n",
                row.row,
                row.title,
                row.contract_id(COOPERATION)
            )
        })
        .collect()
}

#[tokio::test]
async fn the_sample_sheet_is_checked_imported_once_and_a_second_run_writes_nothing() {
    let db = with_inkopsnamnden().await;
    let before = event_count(&db).await;
    let path = example_path();
    let file = path.to_str().unwrap();
    let cooperation = COOPERATION.to_string();
    let read_line = format!("read {file} as UTF-8, cells separated by semicolon (;)\n");

    let checked = samverkan(
        &db,
        &[
            "import-contracts",
            file,
            "--cooperation",
            &cooperation,
            "--dry-run",
        ],
    );
    assert_eq!(checked.status.code(), Some(0), "{}", text(&checked.stderr));
    assert_eq!(
        text(&checked.stdout),
        format!(
            "{read_line}{}dry run, nothing written: 7 contracts would be registered; \
             0 contracts were registered already\n",
            row_lines(&path, " (would be registered)")
        )
    );
    assert_eq!(event_count(&db).await, before);

    let imported = samverkan(
        &db,
        &[
            "import-contracts",
            file,
            "--cooperation",
            &cooperation,
            "--by",
            "Anna Svensson",
        ],
    );
    assert_eq!(
        imported.status.code(),
        Some(0),
        "{}",
        text(&imported.stderr)
    );
    assert_eq!(
        text(&imported.stdout),
        format!(
            "{read_line}{}registered 7 contracts in one transaction, up to position {}; \
             0 contracts were registered already\n",
            row_lines(&path, ""),
            before + 7
        )
    );
    let stored: Vec<(String, Value, Value)> = sqlx::query_as(
        "SELECT event_type, payload::jsonb, metadata::jsonb FROM events
          WHERE position > $1 ORDER BY position",
    )
    .bind(before)
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(stored.len(), 7);
    for (event_type, _, metadata) in &stored {
        assert_eq!(event_type, "ContractRegistered");
        assert_eq!(
            metadata,
            &json!({
                "actor_id": "operator:Anna Svensson",
                "actor_name": "Anna Svensson",
                "actor_role": "operator"
            })
        );
    }
    assert_eq!(
        stored[2].1,
        json!({ "ContractRegistered": {
            "cooperation_id": COOPERATION,
            "title": "Städtjänster Regionhuset Nyköping",
            "category": "Lokalvård",
            "supplier": "Samhall AB",
            "kind": "contract",
            "registry_number": "INK 2023/41",
            "callers": ["04"],
            "starts_on": "2024-02-01",
            "ends_on": "2026-01-31",
            "extension_options": [{ "extends_to": "2027-01-31" }],
            "basis": { "kind": "external_decision", "issuer": "Inköpsnämnden",
                       "decided_on": "2023-11-14", "reference": "§ 9", "registry_number": null }
        }})
    );

    let again = samverkan(
        &db,
        &["import-contracts", file, "--cooperation", &cooperation],
    );
    assert_eq!(again.status.code(), Some(0), "{}", text(&again.stderr));
    assert_eq!(
        text(&again.stdout),
        format!(
            "{read_line}{}nothing written: 7 contracts were registered already\n",
            row_lines(&path, " (registered already)")
        )
    );
    assert_eq!(event_count(&db).await, before + 7);
}

#[tokio::test]
async fn a_refused_sheet_exits_2_naming_every_error_by_row_and_column() {
    let db = with_inkopsnamnden().await;
    let before = event_count(&db).await;
    let directory = tempfile::tempdir().unwrap();
    let cooperation = COOPERATION.to_string();

    // Errors the register finds: the rows read, and the domain refuses two of them.
    let refused = directory.path().join("refused.csv");
    std::fs::write(
        &refused,
        sheet(&[
            row("Livsmedel", "INK 2024/1", "2024-02-01", "2026-01-31"),
            row("Kontorsmaterial", "INK 2024/2", "2024-02-01", "2023-01-31"),
            row("Städtjänster", "INK 2024/3", "2024-02-01", "2026-01-31")
                .replace(";04 19;", ";04 0180;"),
        ]),
    )
    .unwrap();
    let output = samverkan(
        &db,
        &[
            "import-contracts",
            refused.to_str().unwrap(),
            "--cooperation",
            &cooperation,
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        text(&output.stderr),
        "samverkan: the contract sheet has 2 errors; nothing was imported\n\
rad 3, kolumn slutdatum: the contract ends on 2023-01-31, before it starts on 2024-02-01\n\
rad 4, kolumn avropsberättigade: party 0180 is not a party of the cooperation, so it cannot \
call off\n"
    );

    // Errors of the file itself, found before any database is opened.
    let unreadable = directory.path().join("unreadable.csv");
    std::fs::write(
        &unreadable,
        sheet(&[row("Livsmedel", "INK 2024/1", "2024-02-01", "2026-1-31")])
            .replace("förlängningsoptioner", "optioner"),
    )
    .unwrap();
    let output = samverkan(
        &db,
        &[
            "import-contracts",
            unreadable.to_str().unwrap(),
            "--cooperation",
            &cooperation,
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(text(&output.stdout), "");
    assert_eq!(
        text(&output.stderr),
        "samverkan: the contract sheet has 1 error; nothing was imported\n\
rad 1, kolumn optioner: there is no column \"optioner\": the columns are titel, kategori, \
leverantör, avtalstyp, diarienummer, avropsberättigade, startdatum, slutdatum, \
förlängningsoptioner, beslutat_av, beslutsdatum and paragraf\n"
    );

    let unknown = Uuid::from_u128(0x4999).to_string();
    let output = samverkan(
        &db,
        &[
            "import-contracts",
            example_path().to_str().unwrap(),
            "--cooperation",
            &unknown,
        ],
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        text(&output.stderr),
        format!("samverkan: nothing was imported: there is no cooperation {unknown}\n")
    );
    assert_eq!(event_count(&db).await, before);
}
