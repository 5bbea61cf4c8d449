//! A body's § register on its page: every § decided by the day, latest first, with where each
//! stands (approved, posted with the last day to appeal), and found by Swedish words from the
//! search box, by keyboard.

use fantoccini::key::Key;
use register::access::Role;

use super::notice_board::{board, TODAY};
use crate::support::browser::{row, signed_in_on};
use crate::support::inkopsnamnden::NAMNDEN;

#[tokio::test]
async fn the_body_page_lists_its_paragraphs_and_finds_them_by_swedish_words() {
    let board = board().await;
    let browser = signed_in_on(&board.api, TODAY, Role::Auditor, "Rolf Revisor").await;
    let posted = "Anslaget 2025-12-03, sista dag att överklaga 2025-12-29";
    let decided = "Nämnden beslutar enligt förslaget.";

    browser.goto(&format!("/organ/{NAMNDEN}")).await;

    assert_eq!(
        browser.table_rows("table.paragraphs").await,
        vec![
            row(&[
                "§ 5 / 2025",
                "2025-12-08",
                "Ärende 1",
                "INK 2025/1",
                decided,
                "Justerat 2025-12-09"
            ]),
            row(&[
                "§ 4 / 2025",
                "2025-11-27",
                "Förhandling med leverantör",
                "INK 2025/3",
                decided,
                posted
            ]),
            row(&[
                "§ 3 / 2025",
                "2025-11-27",
                "Avrop från ramavtal för kontorsmaterial",
                "INK 2025/2",
                decided,
                posted
            ]),
            row(&[
                "§ 2 / 2025",
                "2025-11-27",
                "Upphandling av skolmåltider",
                "INK 2025/1",
                decided,
                posted
            ]),
            row(&[
                "§ 1 / 2025",
                "2025-10-23",
                "Ärende 1",
                "INK 2025/1",
                decided,
                "Anslaget 2025-10-28, sista dag att överklaga 2025-11-18"
            ]),
        ]
    );
    browser.screenshot("organ-beslut").await;

    // "skolmåltiderna" finds "skolmåltider" by its Swedish stem.
    browser.tab_to("#q", 40).await;
    browser.type_text("skolmåltiderna").await;
    browser.press(Key::Enter).await;
    browser
        .wait_for_path(&format!(
            "/organ/{NAMNDEN}?as_of=&known_at=&q=skolm%C3%A5ltiderna"
        ))
        .await;
    assert_eq!(
        browser.table_rows("table.paragraphs").await,
        vec![row(&[
            "§ 2 / 2025",
            "2025-11-27",
            "Upphandling av skolmåltider",
            "INK 2025/1",
            decided,
            posted
        ])]
    );
    assert_eq!(
        browser
            .find("#q")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("skolmåltiderna")
    );
    assert_eq!(
        browser.serious_accessibility_violations().await,
        vec![],
        "the body page with its § register"
    );
    browser.close().await;
}
