//! A meeting and one of its §§ as the minutes show them, reached from the body's page by
//! keyboard: the agenda with the § each item was decided under, who presided and attended by
//! name, the adjusters, the approval and posting; and the § with who took part, by name.

use fantoccini::key::Key;
use register::access::Role;

use super::notice_board::{board, TODAY};
use crate::support::browser::{row, signed_in_on};
use crate::support::inkopsnamnden::NAMNDEN;

#[tokio::test]
async fn from_the_body_to_a_meeting_and_its_paragraph_by_keyboard() {
    let board = board().await;
    let browser = signed_in_on(&board.api, TODAY, Role::Auditor, "Rolf Revisor").await;
    browser.goto(&format!("/organ/{NAMNDEN}")).await;
    // The parties of the suite's committee have no registered names, so people read with the
    // party's code.
    let chair = "Anna Ek (04)";
    let vice_chair = "Cecilia Berg (19)";

    // The body lists its meetings, latest first, each with where it stands on the day.
    assert_eq!(
        browser.table_rows("#sammantraden + table").await,
        vec![
            row(&[
                "2025-12-08",
                "Regionhuset, Nyköping",
                "Protokollet justerat, ej anslaget",
                "1"
            ]),
            row(&[
                "2025-11-27",
                "Regionhuset, Nyköping",
                "Protokollet justerat och anslaget",
                "3"
            ]),
            row(&[
                "2025-10-23",
                "Regionhuset, Nyköping",
                "Protokollet justerat och anslaget",
                "1"
            ]),
        ]
    );
    browser.tab_to("2025-11-27", 60).await;
    browser.press(Key::Enter).await;
    browser
        .wait_for_path(&format!("/sammantrade/{}", board.november))
        .await;

    assert_eq!(
        browser.text("h1").await,
        "Inköpsnämnden, sammanträde 2025-11-27"
    );
    assert_eq!(
        browser.text("dl.facts").await,
        format!(
            "Plats\nRegionhuset, Nyköping\nLäge den {TODAY}\nProtokollet justerat och anslaget\n\
             Ordförande\n{chair}\nJusterare\n{vice_chair}\n\
             Justerat\n2025-12-01 av {chair}, {vice_chair}\nAnslaget\n2025-12-03\n\
             Sista dag att överklaga\n2025-12-29"
        )
    );
    assert_eq!(
        browser.table_rows("table:nth-of-type(1)").await,
        vec![
            row(&[
                "1",
                "Upphandling av skolmåltider",
                "INK 2025/1",
                "Öppet",
                "§ 2"
            ]),
            row(&[
                "2",
                "Avrop från ramavtal för kontorsmaterial",
                "INK 2025/2",
                "Öppet",
                "§ 3"
            ]),
            row(&[
                "3",
                "Förhandling med leverantör",
                "INK 2025/3",
                "Inom stängda dörrar",
                "§ 4"
            ]),
        ]
    );
    assert_eq!(
        browser.table_rows("table:nth-of-type(2)").await,
        vec![
            row(&[chair, ""]),
            row(&["Bo Lind (04)", ""]),
            row(&[vice_chair, ""]),
            row(&["David Holm (19)", ""]),
        ]
    );
    assert_eq!(
        browser.serious_accessibility_violations().await,
        vec![],
        "the meeting page"
    );
    browser.screenshot("sammantrade").await;

    browser.tab_to("§ 3", 60).await;
    browser.press(Key::Enter).await;
    browser
        .wait_for_path(&format!("/sammantrade/{}/paragraf/3", board.november))
        .await;

    assert_eq!(
        browser.text("h1").await,
        "§ 3 / 2025 Avrop från ramavtal för kontorsmaterial"
    );
    assert_eq!(
        browser.text("p.decision").await,
        "Nämnden beslutar enligt förslaget."
    );
    assert_eq!(
        browser.text("main ul:last-of-type").await,
        "Anna Ek (04)\nBo Lind (04)\nCecilia Berg (19)\nDavid Holm (19)"
    );
    assert!(browser.text("main").await.contains("Ingen anmälde jäv."));
    assert_eq!(
        browser.text("dl.facts").await,
        "Sammanträde\n2025-11-27\nDiarienummer\nINK 2025/2\nBehandlades\nÖppet\n\
         Mandat\nInom mandat: upphandling\n\
         Beslutsför\nJa, 4 tjänstgörande av 4 ledamotsplatser; minst 3 krävs\n\
         Justering\nJusterat 2025-12-01\n\
         Anslag\nAnslaget 2025-12-03, sista dag att överklaga 2025-12-29"
    );
    assert_eq!(
        browser.serious_accessibility_violations().await,
        vec![],
        "the paragraph page"
    );
    browser.screenshot("paragraf").await;
    browser.close().await;
}
