//! axe-core, run inside each main page of the web app, finds no serious or critical violation.

use register::access::Role;
use uuid::Uuid;

use crate::support::browser::{named_token, Browser};
use crate::support::seeds::ImportedSeed;

#[tokio::test]
async fn the_main_pages_have_no_serious_accessibility_violation() {
    let seed = ImportedSeed::import("003-sodertorn").await;
    seed.api.catch_up().await;
    let body = seed.id("sodertorns-upphandlingsnamnd");
    let cooperation = seed.id("upphandling-sodertorn");
    let auditor = named_token(&seed.api, Role::Auditor, &[], "Rolf Revisor").await;
    let browser = Browser::open(&seed.api).await;

    browser.goto("/logga-in").await;
    assert_eq!(
        browser.serious_accessibility_violations().await,
        vec![],
        "the sign-in page"
    );
    browser.screenshot("logga-in").await;
    browser.sign_in_by_keyboard(&auditor).await;
    browser.wait_for_path("/").await;

    for page in [
        "/".to_owned(),
        "/?as_of=2024-06-30".to_owned(),
        format!("/samverkan/{cooperation}?as_of=2024-06-30"),
        format!("/organ/{body}?as_of=2024-06-30"),
        format!("/organ/{body}?as_of=2024-07-01"),
        format!("/organ/{body}?as_of=2011-12-31"),
        format!("/organ/{body}?as_of=2023-02-30"),
        "/part/0136?as_of=2024-06-30".to_owned(),
        format!("/organ/{}", Uuid::from_u128(0x5a)),
    ] {
        browser.goto(&page).await;
        assert_eq!(
            browser.serious_accessibility_violations().await,
            vec![],
            "{page}"
        );
    }
    browser.close().await;
}
