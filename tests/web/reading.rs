//! Reading the register on any date in the browser: from the start page to Södertörn's
//! committee on its last day and the day after, by keyboard; a vacant seat; a time bar set
//! before and after a correction; a time bar that does not read; and an unknown id.

use fantoccini::key::Key;
use register::access::Role;
use serde_json::json;
use uuid::Uuid;

use crate::support::browser::{named_token, row, Browser};
use crate::support::seeds::ImportedSeed;

const BODY: &str = "sodertorns-upphandlingsnamnd";

/// Seed 003 in the browser, signed in as an auditor.
async fn signed_in(seed: &ImportedSeed) -> Browser {
    seed.api.catch_up().await;
    let auditor = named_token(&seed.api, Role::Auditor, &[], "Rolf Revisor").await;
    let browser = Browser::open(&seed.api).await;
    browser.goto("/logga-in").await;
    browser.sign_in_by_keyboard(&auditor).await;
    browser.wait_for_path("/").await;
    browser
}

const HANINGE: &str = "Haninge kommun (0136)";
const NYNASHAMN: &str = "Nynäshamns kommun (0192)";
/// Haninge's and Nynäshamn's councils' appointments for 2023–2026, as the register cites them.
const HANINGE_APPOINTED: &str = "KF Haninge (illustrative) 2022-12-12 § 200";
const NYNASHAMN_APPOINTED: &str = "KF Nynäshamn (illustrative) 2022-12-14 § 190";
/// Carrying out seed 003's transition ends the committee on the successor agreement's clause
/// on its term, which the register cites by the document's title, version and clause.
/// The committee ends on both councils' decisions of February 2024, each cited.
const DISSOLVED_BY: &str =
    "KF Haninge (illustrative) 2024-02-12 § 14; KF Nynäshamn (illustrative) 2024-02-14 § 12";

/// The committee's five seats on 2024-06-30 as seed 003 fills them, each held until `last_day`,
/// or with Nynäshamn's deputy seat vacant.
fn seats_on_the_last_day(nynashamn_deputy: &str, last_day: &str) -> Vec<Vec<String>> {
    let served = format!("2023-01-01 – {last_day}");
    let served = served.as_str();
    vec![
        row(&[
            HANINGE,
            "Ledamot",
            "Ledamot från Haninge",
            "Ledamot",
            served,
            HANINGE_APPOINTED,
        ]),
        row(&[
            HANINGE,
            "Ledamot",
            "Ordförande från Haninge",
            "Ordförande",
            served,
            HANINGE_APPOINTED,
        ]),
        row(&[
            HANINGE,
            "Ersättare",
            "Ersättare från Haninge",
            "Ersättare",
            served,
            HANINGE_APPOINTED,
        ]),
        row(&[
            NYNASHAMN,
            "Ledamot",
            "Vice ordförande från Nynäshamn",
            "Vice ordförande",
            served,
            NYNASHAMN_APPOINTED,
        ]),
        if nynashamn_deputy == "Vakant" {
            row(&[NYNASHAMN, "Ersättare", "Vakant", "", "", ""])
        } else {
            row(&[
                NYNASHAMN,
                "Ersättare",
                nynashamn_deputy,
                "Ersättare",
                served,
                NYNASHAMN_APPOINTED,
            ])
        },
    ]
}

#[tokio::test]
async fn from_the_start_page_to_sodertorns_committee_on_its_last_day_and_the_day_after() {
    let seed = ImportedSeed::import("003-sodertorn").await;
    let body = seed.id(BODY);
    let browser = signed_in(&seed).await;

    // The time bar, by keyboard: the day, then Enter.
    browser.tab_to("#as_of", 10).await;
    browser.type_text("2024-06-30").await;
    browser.press(Key::Enter).await;
    // The form sends both fields; an empty one takes its default.
    browser.wait_for_path("/?as_of=2024-06-30&known_at=").await;
    // Sorted by name; the successor by agreement is registered, but not yet established.
    assert_eq!(
        browser.table_rows("table").await,
        vec![
            row(&[
                "Upphandling Södertörn",
                "Gemensam nämnd",
                HANINGE,
                "Haninge kommun (0136), Nynäshamns kommun (0192)",
                "2012-01-01",
                "Upplösning beslutad, upplöses från 2024-07-01"
            ]),
            row(&[
                "Upphandlingssamverkan Haninge–Nynäshamn, andra halvåret 2024",
                "Avtalssamverkan",
                HANINGE,
                "",
                "2024-07-01",
                "Inte bildad än"
            ]),
        ]
    );
    browser.screenshot("start").await;

    browser.tab_to("Upphandling Södertörn", 20).await;
    browser.press(Key::Enter).await;
    browser
        .wait_for_path(&format!(
            "/samverkan/{}?as_of=2024-06-30",
            seed.id("upphandling-sodertorn")
        ))
        .await;
    assert_eq!(browser.text("h1").await, "Upphandling Södertörn");
    assert_eq!(
        browser.text(".facts").await,
        "Form\nGemensam nämnd\nVärdpart\nHaninge kommun (0136)\nParter den 2024-06-30\nHaninge \
         kommun (0136), Nynäshamns kommun (0192)\nBildad\n\
         2012-01-01\nStatus den 2024-06-30\nUpplösning beslutad\nUpplöses från\n2024-07-01\n\
         Ersätts av\nUpphandlingssamverkan Haninge–Nynäshamn, andra halvåret 2024"
    );
    assert_eq!(
        browser.table_rows("table:nth-of-type(1)").await,
        vec![row(&[
            "Södertörns upphandlingsnämnd",
            "Nämnd",
            "2012-01-01",
            "2024-06-30",
            "Verksamt"
        ])]
    );
    // Every contract the cooperation registered, by title, held by it on its last day with
    // both municipalities calling off; the leasing contract ended a month before.
    let both = format!("{HANINGE}, {NYNASHAMN}");
    let contract = |title: &str, supplier: &str, ends_on: &str, held_by: &str| {
        row(&[title, "Ramavtal", supplier, ends_on, held_by, &both])
    };
    assert_eq!(
        browser.table_rows("table.contracts").await,
        vec![
            row(&[
                "Fordonsleasing",
                "Ramavtal",
                "Leasingbolaget AB (illustrative)",
                "2024-05-31",
                "Har löpt ut",
                ""
            ]),
            contract(
                "IT-konsulter",
                "Konsultbolaget AB (illustrative)",
                "2024-12-31",
                "Samverkan"
            ),
            contract(
                "Kontorsmaterial",
                "Kontorsleverantören AB (illustrative)",
                "2025-03-31",
                "Samverkan"
            ),
            contract(
                "Livsmedel",
                "Livsmedelsleverantören AB (illustrative)",
                "2024-09-30",
                "Samverkan"
            ),
            contract(
                "Städtjänster",
                "Städbolaget AB (illustrative)",
                "2026-06-30",
                "Samverkan"
            ),
        ]
    );
    // The parties' obligations, each still running on the last day: by kind (cost share, fees,
    // staff), as the read model orders them.
    assert_eq!(
        browser.table_rows("table.obligations").await,
        vec![
            row(&[
                NYNASHAMN,
                "Nynäshamns andel av Upphandling Södertörns kostnader",
                "Löpande"
            ]),
            row(&[
                HANINGE,
                "Arvoden till nämndens ledamöter och ersättare",
                "Löpande"
            ]),
            row(&[
                HANINGE,
                "Personal till Upphandling Södertörn inom Haninges kommunorganisation (tidigare 24 tjänster)",
                "Löpande"
            ]),
        ]
    );
    browser.screenshot("samverkan").await;

    browser.tab_to("Södertörns upphandlingsnämnd", 30).await;
    browser.press(Key::Enter).await;
    browser
        .wait_for_path(&format!("/organ/{body}?as_of=2024-06-30"))
        .await;
    assert_eq!(browser.text("h1").await, "Södertörns upphandlingsnämnd");
    assert_eq!(
        browser.text(".crumbs").await,
        "Samverkan › Upphandling Södertörn › Södertörns upphandlingsnämnd"
    );
    assert_eq!(
        browser.text(".facts").await,
        format!(
            "Slag\nNämnd\nBildat\n2012-01-01, enligt KF Haninge (illustrative) 2011-06-13 § 101\n\
         Sista dag\n2024-06-30, enligt {DISSOLVED_BY}"
        )
    );
    assert_eq!(
        browser.table_rows("table").await,
        seats_on_the_last_day("Ersättare från Nynäshamn", "2024-06-30")
    );
    browser.screenshot("organ-sista-dagen").await;

    // The day after, typed over the day in the field.
    browser.tab_to("#as_of", 10).await;
    browser.type_text("\u{E009}a\u{E000}2024-07-01").await;
    browser.press(Key::Enter).await;
    browser
        .wait_for_path(&format!("/organ/{body}?as_of=2024-07-01&known_at="))
        .await;
    assert_eq!(
        browser.text(".standing").await,
        format!(
            "Organet har upphört den 2024-07-01: dess sista dag var 2024-06-30, enligt \
             {DISSOLVED_BY}. Det har inga ledamöter eller ersättare efter det."
        )
    );
    assert!(!browser.has("table").await);
    browser.screenshot("organ-dagen-efter").await;
    browser.close().await;
}

#[tokio::test]
async fn a_seat_whose_holder_left_early_is_shown_vacant() {
    // Before the dissolution is planned, so that the members still serve to the term's end.
    let seed = ImportedSeed::import_before("003-sodertorn", "/transitions").await;
    let body = seed.id(BODY);
    let secretary = seed
        .api
        .token(Role::Secretary, &[body.parse::<Uuid>().unwrap()])
        .await;
    let ended = seed
        .api
        .post(
            &format!(
                "/api/v1/bodies/{body}/terms/2023/members/{}/end",
                seed.id("ersattare-nynashamn-2023")
            ),
            Some(&secretary),
            json!({
                "last_day": "2024-03-31",
                "reason": "resigned",
                "basis": { "kind": "decision", "decision_id": seed.id("kf-nynashamn-2022-12-14") }
            }),
        )
        .await;
    assert_eq!(ended.status, 200, "{:?}", ended.body);
    let browser = signed_in(&seed).await;

    browser
        .goto(&format!("/organ/{body}?as_of=2024-06-30"))
        .await;

    assert_eq!(
        browser.table_rows("table").await,
        seats_on_the_last_day("Vakant", "2026-12-31")
    );
    assert_eq!(
        browser.text("main h2 + p").await,
        "5 platser, varav 1 vakant."
    );
    browser.screenshot("organ-vakant-plats").await;
    browser.close().await;
}

#[tokio::test]
async fn a_time_bar_before_a_correction_shows_the_earlier_fact_and_after_it_the_corrected() {
    let seed = ImportedSeed::import("003-sodertorn").await;
    let body = seed.id(BODY);
    let secretary = seed
        .api
        .token(Role::Secretary, &[body.parse::<Uuid>().unwrap()])
        .await;
    let corrected = seed
        .api
        .post(
            &format!(
                "/api/v1/bodies/{body}/terms/2023/members/{}/corrections",
                seed.id("ledamot-haninge-2023")
            ),
            Some(&secretary),
            json!({
                "corrected": {
                    "person": { "id": seed.id("ledamot-haninge"), "name": "Lena Lindqvist" },
                    "role": "member",
                    "party": "0136",
                    "serves_from": "2023-01-01",
                    "serves_to": null
                },
                "reason": "Namnet skrevs fel i protokollet.",
                "basis": { "kind": "decision", "decision_id": seed.id("kf-haninge-2022-12-12") }
            }),
        )
        .await;
    assert_eq!(corrected.status, 200, "{:?}", corrected.body);
    let correction = corrected.position();
    let browser = signed_in(&seed).await;
    let names = |rows: Vec<Vec<String>>| -> Vec<String> {
        rows.into_iter()
            .filter(|cells| cells[0] == HANINGE && cells[1] == "Ledamot")
            .map(|cells| cells[2].clone())
            .collect()
    };

    browser
        .goto(&format!(
            "/organ/{body}?as_of=2024-06-30&known_at={}",
            correction - 1
        ))
        .await;
    assert_eq!(
        names(browser.table_rows("table").await),
        ["Ledamot från Haninge", "Ordförande från Haninge"]
    );
    assert_eq!(
        browser.text(".pinned").await,
        format!(
            "Läst vid position {}. Permanent länk till just detta läge",
            correction - 1
        )
    );

    browser
        .goto(&format!(
            "/organ/{body}?as_of=2024-06-30&known_at={correction}"
        ))
        .await;
    assert_eq!(
        names(browser.table_rows("table").await),
        ["Lena Lindqvist", "Ordförande från Haninge"]
    );
    browser.close().await;
}

#[tokio::test]
async fn a_time_bar_that_does_not_read_is_told_beside_its_field() {
    let seed = ImportedSeed::import("003-sodertorn").await;
    let body = seed.id(BODY);
    let browser = signed_in(&seed).await;

    browser
        .goto(&format!("/organ/{body}?as_of=2023-02-30"))
        .await;
    assert_eq!(browser.text("h1").await, "Tidpunkten kunde inte läsas");
    assert_eq!(
        browser.text("#as_of_error").await,
        "2023-02-30 är inget datum i kalendern."
    );
    let field = browser.find("#as_of").await;
    assert_eq!(
        field.attr("aria-invalid").await.unwrap().as_deref(),
        Some("true")
    );
    assert_eq!(
        field.prop("value").await.unwrap().as_deref(),
        Some("2023-02-30")
    );
    assert!(!browser.has("#known_at_error").await);
    browser.screenshot("tidsrad-fel").await;

    browser
        .goto(&format!("/organ/{body}?as_of=2024-06-30&known_at=999999"))
        .await;
    let head: i64 = sqlx::query_scalar("SELECT max(position) FROM events")
        .fetch_one(&seed.api.db.pool)
        .await
        .unwrap();
    assert_eq!(
        browser.text("#known_at_error").await,
        format!("Position 999999 finns inte än: registret slutar vid position {head}.")
    );
    browser.close().await;
}

#[tokio::test]
async fn an_unknown_id_is_a_swedish_page_not_found() {
    let seed = ImportedSeed::import("003-sodertorn").await;
    let browser = signed_in(&seed).await;
    let unknown = Uuid::from_u128(0x5a);

    for path in [
        format!("/organ/{unknown}"),
        "/organ/inte-ett-id".to_owned(),
        format!("/samverkan/{unknown}"),
        format!("/sammantrade/{unknown}"),
        format!("/dokument/{unknown}"),
        format!("/sammantrade/{unknown}/paragraf/1"),
        "/sammantrade/inte-ett-id/paragraf/ett".to_owned(),
        "/ingen/sida/alls".to_owned(),
    ] {
        browser.goto(&path).await;
        assert_eq!(browser.text("h1").await, "Sidan finns inte", "{path}");
        assert_eq!(
            browser
                .find("html")
                .await
                .attr("lang")
                .await
                .unwrap()
                .as_deref(),
            Some("sv")
        );
    }
    browser.goto(&format!("/organ/{unknown}")).await;
    assert_eq!(
        browser.text("main p").await,
        format!(
            "Registret känner inte till något organ med id {unknown}, så som det var känt vid \
             den tidpunkt du valt."
        )
    );
    browser.screenshot("sidan-finns-inte").await;
    browser.close().await;
}

#[tokio::test]
async fn a_party_is_reached_from_a_cooperation_and_lists_the_cooperations_it_belongs_to() {
    let seed = ImportedSeed::import("003-sodertorn").await;
    let browser = signed_in(&seed).await;
    let cooperation = seed.id("upphandling-sodertorn");

    browser
        .goto(&format!("/samverkan/{cooperation}?as_of=2024-06-30"))
        .await;
    browser.tab_to(NYNASHAMN, 20).await;
    browser.press(Key::Enter).await;
    browser.wait_for_path("/part/0192?as_of=2024-06-30").await;
    assert_eq!(browser.text("h1").await, "Nynäshamns kommun");
    assert_eq!(browser.text(".facts").await, "Slag\nKommun\nKod\n0192");
    assert_eq!(
        browser.table_rows("table").await,
        vec![row(&[
            "Upphandling Södertörn",
            "Gemensam nämnd",
            "Part",
            "Upplösning beslutad"
        ])]
    );
    browser.screenshot("part").await;

    browser.goto("/part/0192?as_of=2024-07-01").await;
    assert_eq!(
        browser.table_rows("table").await,
        vec![row(&[
            "Upphandlingssamverkan Haninge–Nynäshamn, andra halvåret 2024",
            "Avtalssamverkan",
            "Part",
            "Verksam"
        ])]
    );
    browser.goto("/part/0136?as_of=2024-07-01").await;
    assert_eq!(browser.table_rows("table").await[0][2], "Värdpart");

    for unknown in ["/part/2021", "/part/12345"] {
        browser.goto(unknown).await;
        assert_eq!(browser.text("h1").await, "Sidan finns inte", "{unknown}");
    }
    browser.close().await;
}
