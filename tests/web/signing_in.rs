//! Signing in with a token and out again, as each role, by keyboard only; a token the register
//! does not know; and a session that ends when its token is revoked, after which signing in
//! again returns to the page asked for.

use fantoccini::key::Key;
use register::access::{Role, TokenStore};
use uuid::Uuid;

use crate::support::browser::{named_token, Browser};
use crate::support::seeds::ImportedSeed;

const BODY: &str = "sodertorns-upphandlingsnamnd";

#[tokio::test]
async fn each_role_signs_in_and_out_by_keyboard() {
    let seed = ImportedSeed::import("003-sodertorn").await;
    let body: Uuid = seed.id(BODY).parse().unwrap();
    let people = [
        (Role::Secretary, "Sara Sekreterare", "nämndsekreterare"),
        (Role::Auditor, "Rolf Revisor", "revisor"),
        (Role::Administrator, "Ada Administratör", "administratör"),
    ];
    let browser = Browser::open(&seed.api).await;

    for (role, name, role_in_swedish) in people {
        let bodies = if role == Role::Secretary {
            vec![body]
        } else {
            vec![]
        };
        let secret = named_token(&seed.api, role, &bodies, name).await;

        browser.goto("/").await;
        browser.wait_for_path("/logga-in").await;
        browser.sign_in_by_keyboard(&secret).await;
        browser.wait_for_path("/").await;
        assert_eq!(
            browser.text(".who").await,
            format!("Inloggad som {name} ({role_in_swedish})")
        );
        assert_eq!(browser.text("h1").await, "Samverkan");

        browser.tab_to("Logga ut", 10).await;
        browser.press(Key::Enter).await;
        browser.wait_for_path("/logga-in").await;
        // The session is over: the start page asks for a sign-in again.
        browser.goto("/").await;
        browser.wait_for_path("/logga-in").await;
    }
    browser.close().await;
}

#[tokio::test]
async fn a_token_the_register_does_not_know_is_refused_beside_its_field() {
    let seed = ImportedSeed::import("003-sodertorn").await;
    let browser = Browser::open(&seed.api).await;

    browser.goto("/logga-in").await;
    browser.sign_in_by_keyboard("svk_0000").await;

    assert_eq!(browser.location().await, "/logga-in");
    assert_eq!(
        browser.text("#token_error").await,
        "Nyckeln är okänd eller återkallad. Kontrollera att du har klistrat in hela nyckeln, \
         eller be administratören om en ny."
    );
    assert_eq!(
        browser
            .find("#token")
            .await
            .attr("aria-invalid")
            .await
            .unwrap()
            .as_deref(),
        Some("true")
    );
    browser.close().await;
}

#[tokio::test]
async fn a_revoked_token_ends_its_session_and_signing_in_again_returns_to_the_page() {
    let seed = ImportedSeed::import("003-sodertorn").await;
    let body = seed.id(BODY);
    let tokens = TokenStore::new(seed.api.db.pool.clone());
    let auditor = tokens
        .create(Role::Auditor, &[], Some("Rolf Revisor"))
        .await
        .unwrap();
    let administrator = named_token(&seed.api, Role::Administrator, &[], "Ada Administratör").await;
    let page = format!("/organ/{body}?as_of=2024-06-30");
    let browser = Browser::open(&seed.api).await;

    browser.goto(&page).await;
    browser
        .wait_for_path(&format!(
            "/logga-in?till=%2Forgan%2F{body}%3Fas_of%3D2024-06-30"
        ))
        .await;
    browser.sign_in_by_keyboard(&auditor.secret).await;
    browser.wait_for_path(&page).await;
    assert_eq!(browser.text("h1").await, "Södertörns upphandlingsnämnd");

    tokens.revoke(auditor.token.id).await.unwrap();
    browser.goto(&page).await;
    browser
        .wait_for_path(&format!(
            "/logga-in?till=%2Forgan%2F{body}%3Fas_of%3D2024-06-30"
        ))
        .await;
    assert_eq!(
        browser.text("main p").await,
        "Logga in för att se sidan du bad om. Du kommer dit direkt efteråt."
    );
    browser.sign_in_by_keyboard(&administrator).await;
    browser.wait_for_path(&page).await;
    assert_eq!(
        browser.text(".who").await,
        "Inloggad som Ada Administratör (administratör)"
    );
    browser.close().await;
}
