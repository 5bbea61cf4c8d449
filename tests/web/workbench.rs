//! The administrator's transition workbench in a real browser. Seed 004 (Inköpsnämnden, to become
//! contract-based cooperation from 2027-01-01) is made ready blocker by blocker through the forms
//! the overview links to, then read on two days, with its contracts and cost shares as charts and
//! its preview beside today. Seed 003 (Södertörn, dissolved from 2024-07-01) is carried out from
//! the workbench, and its body then has no members.

use std::process::Command;

use domain::contract::{Contract, ContractCommand, ContractKind, RegisterContract};
use domain::LegalBasis;
use register::access::Role;
use uuid::Uuid;

use crate::support::browser::{named_token, Browser};
use crate::support::fixtures::{code, date, register};
use crate::support::seeds::ImportedSeed;
use web::charts::{ContractFate, EXPIRING_FRAME_WIDTH};

/// The server's day: after the councils decided, before the effective date.
const TODAY: &str = "2026-12-03";

const LAKEMEDEL: Uuid = Uuid::from_u128(0x4401);
const SJUKVARDSMATERIAL: Uuid = Uuid::from_u128(0x4402);

/// Seed 004 with the two framework agreements the file does not hold, both running on the
/// effective date, one ending three months after it.
async fn seed_004() -> ImportedSeed {
    let seed = ImportedSeed::import("004-inkopsnamnden").await;
    let register = register(&seed.api.db.pool);
    for (id, title, ends_on) in [
        (LAKEMEDEL, "Läkemedel", "2028-12-31"),
        (SJUKVARDSMATERIAL, "Sjukvårdsmaterial", "2027-03-31"),
    ] {
        register
            .execute::<Contract>(
                &id.to_string(),
                ContractCommand::Register(RegisterContract {
                    cooperation_id: seed.id("inkopssamverkan").parse().unwrap(),
                    cooperation_parties: vec![code("04"), code("19")],
                    title: title.into(),
                    category: title.into(),
                    supplier: "Leverantör AB".into(),
                    kind: ContractKind::FrameworkAgreement,
                    registry_number: None,
                    callers: vec![code("04"), code("19")],
                    starts_on: date("2023-04-01"),
                    ends_on: date(ends_on),
                    extension_options: Vec::new(),
                    basis: LegalBasis::ExternalDecision {
                        issuer: "Inköpsnämnden".into(),
                        decided_on: date("2023-02-20"),
                        reference: Some("§ 9".into()),
                        registry_number: None,
                    },
                }),
            )
            .await
            .unwrap();
    }
    seed.api.catch_up().await;
    seed
}

/// A browser signed in as an administrator, the read models following the log.
async fn administrator(seed: &ImportedSeed, today: &str) -> Browser {
    let secret = named_token(&seed.api, Role::Administrator, &[], "Ada Administratör").await;
    let browser = Browser::open_following(&seed.api, today).await;
    browser.goto("/logga-in").await;
    browser.sign_in_by_keyboard(&secret).await;
    browser.wait_for_path("/").await;
    browser
}

/// Picks the basis of the form on the page by searching for `query` and choosing the first hit.
async fn pick_basis(browser: &Browser, query: &str) {
    browser.fill("#sok", query).await;
    browser
        .click_for_new_page("button[name=atgard][value=sok]")
        .await;
    browser.click("#grund input[type=radio]").await;
}

/// Records a council's decision through the outside-decision form, returning to `back`.
async fn record_council_decision(
    browser: &Browser,
    back: &str,
    party: &str,
    day: &str,
    what: &str,
) {
    browser
        .goto(&format!("/externa-beslut/ny?tillbaka={back}"))
        .await;
    browser
        .fill("#beslutande", &format!("Regionfullmäktige {party}"))
        .await;
    browser.fill("#beslutsdag", day).await;
    browser.fill("#paragraf", "§ 150").await;
    browser.fill("#arende", what).await;
    browser.click_for_new_page("#spara").await;
    browser.wait_for_path(back).await;
}

/// Resolves the blocker whose form the browser shows, dated `day`, on a basis found by `query`.
async fn resolve(browser: &Browser, day: &str, query: &str) {
    let path = browser.location().await;
    if path.contains("/steg/") {
        browser.click("#status-done").await;
        browser.fill("#fran", day).await;
    } else if path.contains("/avtal/") {
        browser.click("#beslut-continues_jointly").await;
        browser.fill("#beslutad", day).await;
    } else if path.contains("/ataganden/") {
        browser.click("#beslut-ends").await;
        browser.fill("#beslutad", day).await;
    } else if path.contains("/parter/") {
        browser.fill("#beslutad", day).await;
    } else if path.contains("/samverkansavtal") {
        browser
            .fill("#rubrik", "Samverkansavtal om inköpsverksamhet")
            .await;
        browser.fill("#klausul-nummer-1", "Ikraftträdande").await;
        browser
            .fill("#klausul-text-1", "Avtalet gäller från 2027-01-01.")
            .await;
    } else {
        panic!("a blocker links to {path}, which is no form of the plan");
    }
    pick_basis(browser, query).await;
    browser.click_for_new_page("#spara").await;
    assert!(
        !browser.has("#felsammanfattning").await,
        "the form at {path} was refused: {}",
        browser.text("#felsammanfattning").await
    );
}

#[tokio::test]
async fn seed_004_is_made_ready_through_the_workbench_and_shown_as_charts_and_a_preview() {
    let seed = seed_004().await;
    let transition = seed.id("avtalssamverkan-fran-2027");
    let workbench = format!("/omstallning/{transition}");
    let browser = administrator(&seed, TODAY).await;

    // The plan before anything is done: nine blocking steps (the study among them, done in
    // 2025), two contracts and two obligations without a decision, the fees ending with the
    // committee, and two parties that have not decided.
    browser.goto(&workbench).await;
    browser.screenshot("workbench-overview-before").await;
    let steps = browser.table_rows("table.steps").await;
    assert_eq!(steps.iter().filter(|row| row[5] == "Ja").count(), 9);
    assert_eq!(browser.count("#hinder-avtal + ul li").await, 2);
    assert_eq!(browser.count("#hinder-ataganden + ul li").await, 2);
    assert_eq!(browser.count("#hinder-parter + ul li").await, 2);
    let obligations = browser.table_rows("table.obligations").await;
    assert_eq!(obligations.len(), 3);
    assert!(obligations.iter().any(|row| row[2] == "Upphör med nämnden"));
    assert_eq!(browser.table_rows("table.parties").await.len(), 2);
    assert!(browser
        .text("#beredskap")
        .await
        .starts_with(&format!("Inte redo den {TODAY}")));
    assert!(browser.serious_accessibility_violations().await.is_empty());

    // The councils' decisions, recorded so that the forms can cite them.
    record_council_decision(
        &browser,
        &workbench,
        "Sörmland",
        "2026-11-24",
        "Upplösning av inköpsnämnden och avtalssamverkan från 2027-01-01",
    )
    .await;
    record_council_decision(
        &browser,
        &workbench,
        "Västmanland",
        "2026-11-25",
        "Upplösning av inköpsnämnden och avtalssamverkan från 2027-01-01",
    )
    .await;

    // Every blocker, resolved through the form it links to, until none is left.
    for round in 0..20 {
        browser.goto(&workbench).await;
        if !browser.has(".blockers li a").await {
            break;
        }
        assert!(round < 19, "blockers remain after every form was used");
        browser.click_for_new_page(".blockers li a").await;
        if round == 0 {
            assert!(browser.serious_accessibility_violations().await.is_empty());
            browser.screenshot("workbench-step-form").await;
        }
        let query = if browser.location().await.contains("/parter/19") {
            "Västmanland upplösning"
        } else {
            "Sörmland upplösning"
        };
        resolve(&browser, "2026-12-01", query).await;
    }

    // Ready on 2026-12-15, after the decisions; not on 2026-11-20, before them.
    browser.goto(&format!("{workbench}?as_of=2026-12-15")).await;
    assert_eq!(browser.text("#beredskap").await, "Redo den 2026-12-15");
    browser.goto(&format!("{workbench}?as_of=2026-11-20")).await;
    assert!(browser
        .text("#beredskap")
        .await
        .starts_with("Inte redo den 2026-11-20"));
    browser.screenshot("workbench-overview-2026-11-20").await;

    // The contracts as a timeline: one run per contract, coloured as continuing jointly, and
    // only Sjukvårdsmaterial, ending three months after the effective date, framed.
    browser.goto(&format!("{workbench}/avtal")).await;
    browser.screenshot("workbench-contracts").await;
    let runs = format!(
        "#avtalstidslinje rect[fill=\"{}\"]",
        ContractFate::ContinuesJointly.colour_code()
    );
    assert_eq!(browser.count(&runs).await, 2);
    let framed = format!("#avtalstidslinje polyline[stroke-width=\"{EXPIRING_FRAME_WIDTH}\"]");
    assert_eq!(browser.count(&framed).await, 1);
    assert!(browser.has("#avtalstidslinje > title").await);
    assert!(browser.has("#avtalstidslinje > desc").await);
    let contracts = browser.table_rows("#avtalstabell").await;
    let expiring: Vec<&str> = contracts
        .iter()
        .filter(|row| row[6] == "Ja")
        .map(|row| row[0].as_str())
        .collect();
    assert_eq!(expiring, ["Sjukvårdsmaterial"]);
    assert!(browser.serious_accessibility_violations().await.is_empty());

    // The cost shares: 50/50 agreed, 52/48 actual, in the chart's description and the table.
    browser.goto(&format!("{workbench}/kostnader")).await;
    browser.screenshot("workbench-cost-shares").await;
    let shares = browser.table_rows("#kostnadstabell").await;
    let figures: Vec<(&str, &str, &str)> = shares
        .iter()
        .map(|row| (row[1].as_str(), row[2].as_str(), row[3].as_str()))
        .collect();
    assert_eq!(
        figures,
        [
            ("Region Sörmland (04)", "50.00 %", "52.00 %"),
            ("Region Västmanland (19)", "50.00 %", "48.00 %"),
        ]
    );
    assert!(browser.has("#kostnadsandelar > title").await);
    assert!(browser.serious_accessibility_violations().await.is_empty());

    // The preview beside today: the committee's four members end on 2026-12-31.
    browser.goto(&format!("{workbench}/forhandsvisning")).await;
    browser.screenshot("workbench-preview").await;
    let ending = browser.table_rows("#upphor + table").await;
    let members: Vec<&str> = ending
        .iter()
        .filter(|row| row[0] == "Ledamot")
        .map(|row| row[3].as_str())
        .collect();
    assert_eq!(members, ["Upphör 2026-12-31"; 4]);
    assert!(browser.serious_accessibility_violations().await.is_empty());

    // The beslutsunderlag, printed: the readiness, the cost shares and the preview on A4.
    browser.goto(&format!("{workbench}/beslutsunderlag")).await;
    let printed = browser.print_to_pdf("workbench-beslutsunderlag").await;
    for expected in [
        "Beslutsunderlag",
        "Redo den",
        "52.00 %",
        "48.00 %",
        "Det som upphör",
    ] {
        assert!(
            printed.contains(expected),
            "the beslutsunderlag lacks {expected}"
        );
    }

    // Carrying out is offered, and refused before the effective date.
    browser.goto(&format!("{workbench}/genomforande")).await;
    assert!(browser.serious_accessibility_violations().await.is_empty());
    pick_basis(&browser, "Sörmland upplösning").await;
    browser.click_for_new_page("#genomfor").await;
    assert!(browser
        .text("#felsammanfattning")
        .await
        .contains("Omställningen kan inte genomföras: 1 hinder återstår."));
    assert!(browser
        .text("#genomfor-fel")
        .await
        .contains("the new arrangement takes effect on 2027-01-01"));
    browser.screenshot("workbench-carry-out-refused").await;
    browser.close().await;
}

#[tokio::test]
async fn seed_003_is_carried_out_from_the_workbench() {
    let seed = ImportedSeed::import_before("003-sodertorn", "/carry-out").await;
    seed.api.catch_up().await;
    let transition = seed.id("avveckling-2024");
    let body = seed.id("sodertorns-upphandlingsnamnd");
    let browser = administrator(&seed, TODAY).await;

    browser
        .goto(&format!("/omstallning/{transition}/genomforande"))
        .await;
    assert!(
        !browser.has("#hinder").await,
        "seed 003 is ready to carry out"
    );
    pick_basis(&browser, "Haninge").await;
    browser.click_for_new_page("#genomfor").await;
    assert!(browser.text("#resultat").await.contains("genomförd"));
    browser.screenshot("workbench-carried-out").await;

    // On the effective date the committee has no members, as the body's page shows.
    browser
        .goto(&format!("/organ/{body}?as_of=2024-07-01"))
        .await;
    assert!(browser
        .text("p.standing")
        .await
        .contains("Det har inga ledamöter eller ersättare efter det."));
    browser.close().await;

    let output = Command::new(env!("CARGO_BIN_EXE_samverkan"))
        .args(["replay", "--check"])
        .env("DATABASE_URL", seed.api.db.url())
        .env("SAMVERKAN_LOG", "off")
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
