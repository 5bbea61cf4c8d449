//! The auditor's log page in the browser: the log intact with its head to publish and a
//! checkpoint that holds; the same page after a row was altered behind the register's back,
//! naming the position; and the page closed to other roles.

use fantoccini::key::Key;
use register::access::Role;
use register::audit::checkpoints::record_checkpoint;
use register::Actor;

use crate::support::browser::{signed_in, Browser};
use crate::support::fixtures::read_all;
use crate::support::seeds::ImportedSeed;

async fn signed_in_as(seed: &ImportedSeed, role: Role, name: &str) -> Browser {
    signed_in(&seed.api, role, name).await
}

#[tokio::test]
async fn an_auditor_finds_the_log_intact_with_the_head_to_publish_and_its_checkpoint() {
    let seed = ImportedSeed::import("003-sodertorn").await;
    let checkpoint = record_checkpoint(
        &seed.api.db.pool,
        Actor::operator("revisor"),
        "KF Haninge 2026-12-15 § 12",
    )
    .await
    .unwrap();
    let events = read_all(&seed.api.db.pool).await;
    let head = events.last().unwrap();
    let checkpointed = &events[events.len() - 2];
    let browser = signed_in_as(&seed, Role::Auditor, "Rolf Revisor").await;

    browser.tab_to("Loggen", 5).await;
    browser.press(Key::Enter).await;
    browser.wait_for_path("/granskning/logg").await;

    assert_eq!(
        browser.text(".verdict").await,
        format!(
            "Loggen är obruten: alla {} händelser fortsätter kedjan, och varje kontrollpunkt \
             håller.",
            events.len()
        )
    );
    assert_eq!(
        browser.text("main h2 + p + dl").await,
        format!("Position\n{}\nHash\n{}", head.position.get(), head.hash)
    );
    assert_eq!(
        browser.table_rows("table").await,
        vec![vec![
            checkpoint.recorded_at.get().to_string(),
            checkpointed.position.get().to_string(),
            checkpointed.hash.to_string(),
            "KF Haninge 2026-12-15 § 12".to_owned(),
            "Håller".to_owned(),
        ]]
    );
    assert!(!browser.has(".finding").await);
    browser.screenshot("loggen").await;
    assert_eq!(
        browser.serious_accessibility_violations().await,
        vec![],
        "the log page"
    );
    browser.close().await;
}

#[tokio::test]
async fn a_row_altered_behind_the_registers_back_is_named_by_its_position() {
    let seed = ImportedSeed::import("003-sodertorn").await;
    seed.api
        .db
        .tamper(
            "UPDATE events SET payload = replace(payload::text, 'Nynäshamns kommun', \
             'Nynäshamns stad')::json WHERE position = 2",
        )
        .await;
    let browser = signed_in_as(&seed, Role::Auditor, "Rolf Revisor").await;

    browser.goto("/granskning/logg").await;

    assert_eq!(
        browser.text(".verdict").await,
        "Loggen har ändrats i efterhand."
    );
    let finding = browser.text(".finding dd").await;
    assert_eq!(
        finding,
        "Position 2: raden stämmer inte med sin hash: den har ändrats i efterhand."
    );
    assert_eq!(
        browser.text("main h2 + p").await,
        "Publicera inget huvud förrän avvikelsen är utredd: ett huvud publicerat nu skulle gå \
         i god för en ändrad logg."
    );
    browser.screenshot("loggen-andrad").await;
    browser.close().await;
}

#[tokio::test]
async fn the_log_page_is_for_auditors_and_other_roles_are_not_offered_it() {
    let seed = ImportedSeed::import("003-sodertorn").await;
    let browser = signed_in_as(&seed, Role::Administrator, "Ada Administratör").await;

    assert!(!browser.has("a[href='/granskning/logg']").await);
    browser.goto("/granskning/logg").await;

    assert_eq!(browser.text("h1").await, "Sidan är inte för din roll");
    assert_eq!(
        browser.text("main p").await,
        "Loggens granskning är till för revisorer. Logga in med en revisors nyckel."
    );
    browser.close().await;
}

/// An auditor follows a body to its history by keyboard, and reads a correction of an outside
/// decision linked both ways: the corrected record to its correction, the correction with its
/// reason. Another role is neither offered the history nor shown it.
#[tokio::test]
async fn an_auditor_reads_an_entity_s_history_with_corrections_linked_both_ways() {
    let seed = ImportedSeed::import("003-sodertorn").await;
    let correction = seed.correct_haninges_dissolution_decision().await;
    let corrected_at = correction.position();
    let decision = seed.id("kf-haninge-2024-02-12");
    let body = seed.id("sodertorns-upphandlingsnamnd");
    let browser = signed_in_as(&seed, Role::Auditor, "Rolf Revisor").await;

    browser.goto(&format!("/organ/{body}")).await;
    browser.tab_to("Organets historik", 20).await;
    browser.press(Key::Enter).await;
    browser
        .wait_for_path(&format!("/granskning/historik/{body}"))
        .await;
    assert_eq!(browser.text("h1").await, format!("Historik för {body}"));
    let body_events = browser.table_rows("table.history").await;
    assert_eq!(
        body_events[0][3],
        "Body established: Södertörns upphandlingsnämnd (committee) (BodyEstablished)"
    );

    browser
        .goto(&format!("/granskning/historik/{decision}"))
        .await;
    let rows = browser.table_rows("table.history").await;
    // The decision as recorded, the dissolutions of the cooperation and of its committee that
    // rest on it, and its correction.
    let events: Vec<&str> = rows.iter().map(|row| row[3].as_str()).collect();
    assert_eq!(rows.len(), 4, "{rows:?}");
    assert!(events[1].ends_with("(DissolutionDecided)"), "{events:?}");
    assert!(events[2].ends_with("(BodyDissolved)"), "{events:?}");
    // The record links to its correction, and the correction says what it corrects and why.
    assert_eq!(rows[0][6], format!("Rättad vid position {corrected_at}"));
    assert_eq!(rows[3][0], corrected_at.to_string());
    assert_eq!(
        rows[3][6],
        format!("Rättar position {}: Diarienumret saknades.", rows[0][0])
    );
    assert_eq!(
        browser
            .find(&format!("a[href='#position-{corrected_at}']"))
            .await
            .text()
            .await
            .unwrap(),
        format!("Rättad vid position {corrected_at}")
    );
    assert_eq!(
        browser.serious_accessibility_violations().await,
        vec![],
        "the history page"
    );
    browser.screenshot("historik").await;
    browser.close().await;

    let administrator = signed_in_as(&seed, Role::Administrator, "Ada Administratör").await;
    administrator
        .goto(&format!("/granskning/historik/{decision}"))
        .await;
    assert_eq!(administrator.text("h1").await, "Sidan är inte för din roll");
    administrator.goto(&format!("/organ/{body}")).await;
    assert!(!administrator.has("a[href^='/granskning/historik/']").await);
    administrator.close().await;
}
