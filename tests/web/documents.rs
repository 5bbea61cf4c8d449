//! A governing document reached from its cooperation by keyboard: the version in force on the
//! day with its clauses and the decision behind it, its amendments, and two versions side by side
//! with the changed clauses marked.

use fantoccini::key::Key;
use register::access::Role;
use serde_json::json;

use crate::support::browser::{row, signed_in};
use crate::support::seeds::ImportedSeed;

const TITLE: &str =
    "Samverkansavtal om gemensam inköpsnämnd för Region Sörmland och Region Västmanland";
const HOST: &str = "Region Sörmland är värdregion för inköpsnämnden och den gemensamma nämnden \
                    ingår i regionens organisation.";
const HALVES: &str =
    "Kostnaderna för inköpsverksamheten ska täckas till hälften av vardera region med vissa undantag.";
const BY_POPULATION: &str = "Kostnaderna fördelas efter folkmängd den 1 november året före.";
const NOTICE: &str = "Avtalet kan sägas upp med tolv månaders uppsägningstid.";

#[tokio::test]
async fn a_document_shows_its_version_in_force_its_amendments_and_two_versions_side_by_side() {
    let seed = ImportedSeed::import("004-inkopsnamnden").await;
    let document = seed.id("samverkansavtalet");
    let cooperation = seed.id("inkopssamverkan");
    let administrator = seed.api.token(Role::Administrator, &[]).await;
    let amended = seed
        .api
        .post(
            &format!("/api/v1/documents/{document}/amendments"),
            Some(&administrator),
            json!({
                "amends_version": 1,
                "effective_on": "2025-01-01",
                "changes": [
                    { "change": "replace", "number": "Kostnader", "text": BY_POPULATION },
                    { "change": "insert", "number": "Uppsägning", "text": NOTICE }
                ],
                "basis": { "kind": "decision", "decision_id": seed.id("rf-sormland-2018-06-12") }
            }),
        )
        .await;
    assert!(amended.status.is_success(), "{:?}", amended.body);
    seed.api.catch_up().await;
    let citation = seed
        .read_cited(&format!("/documents/{document}?as_of=2025-06-30"))
        .await["in_force"]["basis"]["citation"]
        .as_str()
        .unwrap()
        .to_owned();
    let browser = signed_in(&seed.api, Role::Auditor, "Rolf Revisor").await;

    browser
        .goto(&format!("/samverkan/{cooperation}?as_of=2025-06-30"))
        .await;
    browser.tab_to(TITLE, 40).await;
    browser.press(Key::Enter).await;
    browser
        .wait_for_path(&format!("/dokument/{document}?as_of=2025-06-30"))
        .await;

    assert_eq!(browser.text("h1").await, TITLE);
    assert_eq!(
        browser.text("dl.facts").await,
        format!(
            "Slag\nSamverkansavtal\nI kraft den 2025-06-30\nVersion 2, från 2025-01-01\n\
             Beslut\n{citation}"
        )
    );
    assert_eq!(
        browser.text("dl.clauses").await,
        format!("Värdregion\n{HOST}\nKostnader\n{BY_POPULATION}\nUppsägning\n{NOTICE}")
    );
    assert_eq!(
        browser.table_rows("table:nth-of-type(1)").await,
        vec![
            row(&["1", "2019-01-01", &citation, "Antaget", ""]),
            row(&[
                "2",
                "2025-01-01",
                &citation,
                "punkt Kostnader ändras; punkt Uppsägning införs",
                ""
            ]),
        ]
    );
    // By default the version in force is compared with the one before it.
    assert_eq!(
        browser.table_rows("table.comparison").await,
        vec![
            row(&["Värdregion", HOST, HOST, "Nej"]),
            row(&["Kostnader", HALVES, BY_POPULATION, "Ja"]),
            row(&["Uppsägning", "Fanns inte", NOTICE, "Ja"]),
        ]
    );
    assert_eq!(
        browser.serious_accessibility_violations().await,
        vec![],
        "the document page"
    );
    browser.screenshot("dokument").await;

    // Before the amendment took effect, version 1 is in force.
    browser
        .goto(&format!("/dokument/{document}?as_of=2024-06-30"))
        .await;
    assert!(browser
        .text("dl.facts")
        .await
        .contains("Version 1, från 2019-01-01"));
    assert_eq!(
        browser.text("dl.clauses").await,
        format!("Värdregion\n{HOST}\nKostnader\n{HALVES}")
    );
    browser.close().await;
}
