//! Importing a contract register from a spreadsheet through the web app, in Chromium: a
//! Windows-1252 file with å, ä and ö is uploaded, previewed and imported in one go; the same
//! file again would write nothing; a file with an end before its start is refused by row and
//! column with nothing written.

use register::access::Role;

use crate::support::browser::{named_token, Browser};
use crate::support::contract_sheets::{row, sheet, windows_1252};
use crate::support::log::event_count;
use crate::support::seeds::ImportedSeed;

const TODAY: &str = "2026-12-03";

/// Writes `bytes` to a file Chromium can upload, named `name`.
fn saved(directory: &tempfile::TempDir, name: &str, bytes: &[u8]) -> String {
    let path = directory.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path.display().to_string()
}

#[tokio::test]
async fn a_spreadsheet_is_previewed_imported_once_and_refused_by_row_and_column() {
    let seed = ImportedSeed::import("004-inkopsnamnden").await;
    seed.api.catch_up().await;
    let cooperation = seed.id("inkopssamverkan");
    let secret = named_token(&seed.api, Role::Administrator, &[], "Ada Administratör").await;
    let browser = Browser::open_following(&seed.api, TODAY).await;
    browser.goto("/logga-in").await;
    browser.sign_in_by_keyboard(&secret).await;
    browser.wait_for_path("/").await;
    let files = tempfile::tempdir().unwrap();

    // The cooperation's page offers the import to an administrator.
    browser.goto(&format!("/samverkan/{cooperation}")).await;
    browser.click_for_new_page("a[href$='/avtal/import']").await;
    assert!(browser.serious_accessibility_violations().await.is_empty());

    // A Windows-1252 file, previewed: nothing is written until the import.
    let good = windows_1252(&sheet(&[
        row(
            "Läkemedel och sjukvårdsmaterial",
            "INK 2023/9",
            "2023-04-01",
            "2028-12-31",
        ),
        row(
            "Städtjänster Överförmyndare Åtvidaberg",
            "INK 2023/10",
            "2023-04-01",
            "2027-03-31",
        ),
    ]));
    let before = event_count(&seed.api).await;
    browser
        .find("#fil")
        .await
        .send_keys(&saved(&files, "avtal.csv", &good))
        .await
        .unwrap();
    browser.click_for_new_page("#forhandsgranska").await;
    browser.screenshot("contract-import-preview").await;
    let titles: Vec<String> = browser
        .table_rows("#registreras")
        .await
        .into_iter()
        .map(|cells| cells[1].clone())
        .collect();
    assert_eq!(
        titles,
        [
            "Läkemedel och sjukvårdsmaterial",
            "Städtjänster Överförmyndare Åtvidaberg"
        ]
    );
    assert_eq!(event_count(&seed.api).await, before);
    assert!(browser.serious_accessibility_violations().await.is_empty());

    // Imported: both contracts in one transaction.
    browser.click_for_new_page("#importera").await;
    assert!(browser
        .text("#resultat")
        .await
        .starts_with("2 avtal registrerade"));
    assert_eq!(event_count(&seed.api).await, before + 2);

    // The same file again: both listed as registered already, and nothing to import.
    browser
        .goto(&format!("/samverkan/{cooperation}/avtal/import"))
        .await;
    browser
        .find("#fil")
        .await
        .send_keys(&saved(&files, "samma.csv", &good))
        .await
        .unwrap();
    browser.click_for_new_page("#forhandsgranska").await;
    assert_eq!(browser.table_rows("#finns-redan").await.len(), 2);
    assert!(!browser.has("#registreras").await);
    assert!(browser
        .find("#importera")
        .await
        .attr("disabled")
        .await
        .unwrap()
        .is_some());

    // A file whose second contract ends before it starts: refused, by row and column.
    let bad = sheet(&[
        row("Kontorsmaterial", "INK 2024/1", "2024-02-01", "2026-01-31"),
        row("Tolktjänster", "INK 2024/2", "2024-02-01", "2023-01-31"),
    ]);
    browser
        .find("#fil")
        .await
        .send_keys(&saved(&files, "fel.csv", bad.as_bytes()))
        .await
        .unwrap();
    browser.click_for_new_page("#forhandsgranska").await;
    browser.screenshot("contract-import-refused").await;
    let errors = browser.table_rows("#fel").await;
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0][0], "Rad 3, kolumn slutdatum");
    assert_eq!(event_count(&seed.api).await, before + 2);
    assert!(browser.serious_accessibility_violations().await.is_empty());
    browser.close().await;
}
