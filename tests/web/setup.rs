//! The administrator's set-up forms: parties with their population, cooperations of registered
//! parties on a decision found by search, the parties admitted to them later, and their bodies.
//! A journey in a real browser records them all and sees them on their pages, with axe-core run
//! inside each form; in process, each form's defences: a missing field is named in Swedish and
//! nothing is written, the register's refusal is shown beside the field it names, a form sent
//! twice writes once, a stale form shows the cooperation as it now is, and only an administrator
//! may use them.

use axum::http::StatusCode;
use axum::Router;
use domain::cooperation::{AdmitParty, Cooperation, CooperationCommand};
use domain::external_decision::{ExternalDecisionDetails, RecordExternalDecision};
use domain::party::{Party, PartyCommand, RegisterParty};
use domain::LegalBasis;
use fantoccini::key::Key;
use register::access::Role;
use uuid::Uuid;
use web::WebSettings;

use super::forms::{send, signed_in, Answer};
use super::secretary_forms::Served;
use crate::support::api_client::Api;
use crate::support::browser::{named_token, Browser, TODAY};
use crate::support::fixtures::{code, date, establish_body, register};
use crate::support::log::event_count;

/// A browser signed in as an administrator, the read models following the log.
async fn administrator(api: &Api) -> Browser {
    // What the test recorded before is in the read models before the first page is read.
    api.catch_up().await;
    let secret = named_token(api, Role::Administrator, &[], "Ada Administratör").await;
    let browser = Browser::open_following(api, TODAY).await;
    browser.goto("/logga-in").await;
    browser.sign_in_by_keyboard(&secret).await;
    browser.wait_for_path("/").await;
    browser
}

/// Asserts that axe-core finds no serious or critical violation on the page, and saves it.
async fn accessible(browser: &Browser, name: &str) {
    assert_eq!(
        browser.serious_accessibility_violations().await,
        vec![],
        "{name}"
    );
    browser.screenshot(name).await;
}

/// Registers a party through the form, by keyboard from the start page's link.
async fn party_by_keyboard(browser: &Browser, party: &str, name: &str) {
    browser.goto("/").await;
    browser.tab_to("Ny part", 30).await;
    browser.press_for_new_page(Key::Enter).await;
    browser.wait_for_path("/parter/ny").await;
    browser.tab_to("#kod", 30).await;
    browser.type_text(party).await;
    browser.press(Key::Tab).await;
    assert_eq!(browser.focused().await, "#namn");
    browser.type_text(name).await;
    browser.press_for_new_page(Key::Enter).await;
    browser.wait_for_path(&format!("/part/{party}")).await;
}

/// Picks the basis of the form on the page by searching for `query` and choosing the only hit.
async fn pick_basis(browser: &Browser, query: &str) {
    browser.fill("#sok", query).await;
    browser
        .click_for_new_page("button[name=atgard][value=sok]")
        .await;
    assert_eq!(browser.count("#grund input[type=radio]").await, 1);
    browser.click("#grund input[type=radio]").await;
}

#[tokio::test]
async fn an_administrator_sets_up_parties_a_cooperation_and_its_body_through_the_forms() {
    let api = Api::new().await;
    let browser = administrator(&api).await;

    // Mora, with its population, by keyboard from the start page.
    party_by_keyboard(&browser, "2062", "Mora kommun").await;
    assert_eq!(browser.text("h1").await, "Mora kommun");
    assert_eq!(browser.text(".facts").await, "Slag\nKommun\nKod\n2062");
    browser.tab_to("Registrera folkmängd", 30).await;
    browser.press_for_new_page(Key::Enter).await;
    browser.wait_for_path("/part/2062/folkmangd").await;
    // The figure a population key reads for this year's budget is offered.
    assert_eq!(browser.value("#referensdag").await, "2025-12-31");
    accessible(&browser, "setup-folkmangd").await;
    browser.tab_to("#folkmangd", 30).await;
    browser.type_text("20 326").await;
    browser.press(Key::Tab).await;
    assert_eq!(browser.focused().await, "#kalla");
    browser.type_text("SCB, folkmängd 31 december 2025").await;
    browser.press_for_new_page(Key::Enter).await;
    browser.wait_for_path("/part/2062").await;
    assert_eq!(
        browser.text("dl.populations").await,
        "2025-12-31\n20 326 invånare (SCB, folkmängd 31 december 2025)"
    );
    browser.screenshot("setup-part-med-folkmangd").await;

    // The party form itself, checked before Orsa and Älvdalen are registered through it.
    browser.goto("/parter/ny").await;
    accessible(&browser, "setup-ny-part").await;
    party_by_keyboard(&browser, "2034", "Orsa kommun").await;
    party_by_keyboard(&browser, "2039", "Älvdalens kommun").await;

    // The councils' decision, recorded as an outside decision, is what the cooperation rests on.
    browser
        .goto("/externa-beslut/ny?tillbaka=/samverkan/ny")
        .await;
    browser.fill("#beslutande", "KF Mora").await;
    browser.fill("#beslutsdag", "2019-11-25").await;
    browser.fill("#paragraf", "§ 142").await;
    browser
        .fill(
            "#arende",
            "Ny organisation för upphandling: inköpssamverkan med Orsa",
        )
        .await;
    browser.click_for_new_page("#spara").await;
    browser.wait_for_path("/samverkan/ny").await;

    // The cooperation of Mora and Orsa, Mora hosting, on that decision found by search. A save
    // without a host is refused beside the field, and what was typed stays.
    browser.fill("#namn", "Inköpssamverkan Mora och Orsa").await;
    browser
        .click("#form-host_run_central_purchasing_body")
        .await;
    browser.click("#parter-2062").await;
    browser.click("#parter-2034").await;
    browser.fill("#bildad", "2020-01-01").await;
    pick_basis(&browser, "inköpssamverkan").await;
    accessible(&browser, "setup-ny-samverkan").await;
    browser.click_for_new_page("#spara").await;
    assert_eq!(browser.text("#vard-fel").await, "Välj värdpart.");
    assert_eq!(
        browser.value("#namn").await,
        "Inköpssamverkan Mora och Orsa"
    );
    accessible(&browser, "setup-ny-samverkan-fel").await;
    browser.choose("#vard", "Mora kommun (2062)").await;
    browser.click_for_new_page("#spara").await;
    let cooperation_path = browser.location().await;
    assert!(
        cooperation_path.starts_with("/samverkan/") && !cooperation_path.ends_with("/ny"),
        "{cooperation_path}"
    );
    assert_eq!(browser.text("h1").await, "Inköpssamverkan Mora och Orsa");
    let facts = browser.text(".facts").await;
    assert!(
        facts.starts_with(
            "Form\nInköpscentral hos värdpart\nVärdpart\nMora kommun (2062)\nParter den \
             2026-12-03\nOrsa kommun (2034), Mora kommun (2062)\nBildad\n2020-01-01\n"
        ),
        "{facts}"
    );
    browser.screenshot("setup-samverkan").await;

    // Älvdalen joins, on the same decision.
    browser.click_for_new_page("a[href$='/parter/ny']").await;
    browser
        .wait_for_path(&format!("{cooperation_path}/parter/ny"))
        .await;
    browser.choose("#part", "Älvdalens kommun (2039)").await;
    browser.fill("#fran", "2021-01-01").await;
    pick_basis(&browser, "inköpssamverkan").await;
    accessible(&browser, "setup-ny-part-i-samverkan").await;
    browser.click_for_new_page("#spara").await;
    browser.wait_for_path(&cooperation_path).await;

    // Its coordination group.
    browser.click_for_new_page("a[href$='/organ/ny']").await;
    browser
        .wait_for_path(&format!("{cooperation_path}/organ/ny"))
        .await;
    browser.click("#slag-coordination_group").await;
    browser
        .fill("#namn", "Samordningsgruppen för upphandling")
        .await;
    browser.fill("#bildat", "2020-01-01").await;
    pick_basis(&browser, "inköpssamverkan").await;
    accessible(&browser, "setup-nytt-organ").await;
    browser.click_for_new_page("#spara").await;
    let body_path = browser.location().await;
    assert!(body_path.starts_with("/organ/"), "{body_path}");
    assert_eq!(
        browser.text("h1").await,
        "Samordningsgruppen för upphandling"
    );
    browser.screenshot("setup-organ").await;

    // The cooperation lists its parties on a day after Älvdalen joined, and its body.
    browser.goto(&cooperation_path).await;
    let facts = browser.text(".facts").await;
    assert!(
        facts.contains(
            "Parter den 2026-12-03\nOrsa kommun (2034), Älvdalens kommun (2039), Mora kommun \
             (2062)\n"
        ),
        "{facts}"
    );
    let bodies = browser.table_rows("table").await;
    assert_eq!(
        bodies,
        vec![vec![
            "Samordningsgruppen för upphandling".to_owned(),
            "Samordningsgrupp".to_owned(),
            "2020-01-01".to_owned(),
            String::new(),
            "Verksamt".to_owned(),
        ]]
    );
    browser.screenshot("setup-samverkan-med-organ").await;
    browser.close().await;
}

/// A session of a new token of `role`.
async fn session(api: &Api, router: &Router, role: Role) -> String {
    session_of(api, router, role, &[]).await
}

/// A session of a new token of `role`, scoped to `bodies`, as a secretary's token is.
async fn session_of(api: &Api, router: &Router, role: Role, bodies: &[Uuid]) -> String {
    let secret = named_token(api, role, bodies, "Ada Administratör").await;
    signed_in(router, &secret).await
}

async fn get(router: &Router, cookie: &str, path: &str) -> Answer {
    send(router, "GET", path, &[("cookie", cookie)], None).await
}

/// Posts `fields` with the hidden fields of the form `page` carries, as a browser does; a field
/// the test gives itself replaces the page's.
async fn post(
    router: &Router,
    cookie: &str,
    path: &str,
    page: &str,
    fields: &[(&str, &str)],
) -> Answer {
    let hidden_field =
        regex::Regex::new(r#"<input type="hidden" name="([^"]+)" value="([^"]*)">"#).unwrap();
    let mut form: Vec<(String, String)> = Vec::new();
    for capture in hidden_field.captures_iter(page) {
        let (name, value) = (&capture[1], &capture[2]);
        let given = fields.iter().any(|(field, _)| *field == name);
        let seen = form.iter().any(|(field, _)| field == name);
        if !given && !seen {
            form.push((name.to_owned(), value.to_owned()));
        }
    }
    form.extend(
        fields
            .iter()
            .map(|(name, value)| ((*name).to_owned(), (*value).to_owned())),
    );
    let body = serde_urlencoded::to_string(&form).unwrap();
    send(
        router,
        "POST",
        path,
        &[("cookie", cookie), ("sec-fetch-site", "same-origin")],
        Some(&body),
    )
    .await
}

/// The error beside the field `field`: its Swedish sentence, and the register's own message when
/// the register refused.
fn error_beside(page: &str, field: &str) -> Option<(String, Option<String>)> {
    let marker = format!("id=\"{field}-fel\">");
    let start = page.find(&marker)? + marker.len();
    let rest = &page[start..];
    let register_marker = " <span class=\"register-message\">Registrets besked: <span lang=\"en\">";
    match rest.find(register_marker) {
        Some(at) if at < rest.find("</span>")? => {
            let register = &rest[at + register_marker.len()..];
            Some((
                rest[..at].to_owned(),
                Some(register[..register.find("</span>")?].to_owned()),
            ))
        }
        _ => Some((rest[..rest.find("</span>")?].to_owned(), None)),
    }
}

/// Every field that has an error beside it.
fn fields_with_errors(page: &str) -> Vec<String> {
    regex::Regex::new(r#"id="([a-z0-9-]+)-fel">"#)
        .unwrap()
        .captures_iter(page)
        .map(|capture| capture[1].to_owned())
        .collect()
}

async fn register_party(api: &Api, party: &str, name: &str) {
    register(&api.db.pool)
        .execute::<Party>(
            party,
            PartyCommand::Register(RegisterParty {
                code: code(party),
                name: name.into(),
            }),
        )
        .await
        .unwrap();
}

/// Mora and Orsa registered, and KF Mora's decision to cooperate, which the forms find by search.
async fn mora_and_orsa(api: &Api) -> Uuid {
    register_party(api, "2062", "Mora kommun").await;
    register_party(api, "2034", "Orsa kommun").await;
    let decision_id = Uuid::from_u128(0x2019);
    register(&api.db.pool)
        .record_external_decision(RecordExternalDecision {
            decision_id,
            details: ExternalDecisionDetails {
                issuer: "KF Mora".into(),
                issuer_party: Some(code("2062")),
                decided_on: date("2019-11-25"),
                paragraph: Some("§ 142".into()),
                registry_number: None,
                subject: "Inköpssamverkan med Orsa".into(),
            },
        })
        .await
        .unwrap();
    decision_id
}

#[tokio::test]
async fn a_party_form_without_a_name_names_the_field_in_swedish_and_writes_nothing() {
    let api = Api::new().await;
    let served = Served::new(&api, WebSettings::default()).await;
    let cookie = session(&api, &served.router, Role::Administrator).await;
    let page = get(&served.router, &cookie, "/parter/ny").await;
    assert_eq!(page.status, StatusCode::OK);
    let before = event_count(&api).await;

    let answer = post(
        &served.router,
        &cookie,
        "/parter/ny",
        &page.body,
        &[("kod", "2062"), ("namn", "  ")],
    )
    .await;

    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
    assert_eq!(fields_with_errors(&answer.body), vec!["namn"]);
    assert_eq!(
        error_beside(&answer.body, "namn"),
        Some((
            "Fyll i partens namn, till exempel ”Mora kommun”.".to_owned(),
            None
        ))
    );
    // What was typed is kept.
    assert!(answer
        .body
        .contains(r#"name="kod" type="text" value="2062""#));
    assert_eq!(event_count(&api).await, before);

    // A code that is no kommunkod or länskod is named too, before the register is asked.
    let answer = post(
        &served.router,
        &cookie,
        "/parter/ny",
        &page.body,
        &[("kod", "206"), ("namn", "Mora kommun")],
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
    assert_eq!(
        error_beside(&answer.body, "kod"),
        Some((
            "”206” är ingen officiell kod: en kommun har en kommunkod med fyra siffror, till \
             exempel 2062 för Mora, en region en länskod med två, till exempel 04 för Region \
             Sörmland."
                .to_owned(),
            None
        ))
    );
    assert_eq!(event_count(&api).await, before);
}

#[tokio::test]
async fn a_party_code_already_registered_is_refused_beside_the_code_and_nothing_is_written() {
    let api = Api::new().await;
    register_party(&api, "2062", "Mora kommun").await;
    let served = Served::new(&api, WebSettings::default()).await;
    let cookie = session(&api, &served.router, Role::Administrator).await;
    let page = get(&served.router, &cookie, "/parter/ny").await;
    let before = event_count(&api).await;

    let answer = post(
        &served.router,
        &cookie,
        "/parter/ny",
        &page.body,
        &[("kod", "2062"), ("namn", "Mora")],
    )
    .await;

    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.body
    );
    assert_eq!(fields_with_errors(&answer.body), vec!["kod"]);
    assert_eq!(
        error_beside(&answer.body, "kod"),
        Some((
            "Det finns redan en part med koden 2062 i registret: en part registreras en gång."
                .to_owned(),
            Some("party 2062 is already registered".to_owned())
        ))
    );
    assert_eq!(event_count(&api).await, before);
}

#[tokio::test]
async fn a_population_of_zero_is_refused_by_the_register_beside_the_figure() {
    let api = Api::new().await;
    register_party(&api, "2062", "Mora kommun").await;
    let served = Served::new(&api, WebSettings::default()).await;
    let cookie = session(&api, &served.router, Role::Administrator).await;
    let path = "/part/2062/folkmangd";
    let page = get(&served.router, &cookie, path).await;
    assert_eq!(page.status, StatusCode::OK);
    let before = event_count(&api).await;

    let answer = post(
        &served.router,
        &cookie,
        path,
        &page.body,
        &[
            ("referensdag", "2025-12-31"),
            ("folkmangd", "0"),
            ("kalla", "SCB"),
        ],
    )
    .await;

    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.body
    );
    assert_eq!(
        error_beside(&answer.body, "folkmangd"),
        Some((
            "Folkmängden är minst 1.".to_owned(),
            Some("a population is at least 1".to_owned())
        ))
    );
    assert_eq!(event_count(&api).await, before);

    // A figure that does not read is named before the register is asked.
    let answer = post(
        &served.router,
        &cookie,
        path,
        &page.body,
        &[
            ("referensdag", "31/12/2025"),
            ("folkmangd", "tjugotusen"),
            ("kalla", ""),
        ],
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
    assert_eq!(
        fields_with_errors(&answer.body),
        vec!["referensdag", "folkmangd", "kalla"]
    );
    assert_eq!(
        error_beside(&answer.body, "folkmangd"),
        Some((
            "”tjugotusen” är inget heltal: skriv folkmängden med siffror, till exempel 20 326."
                .to_owned(),
            None
        ))
    );
    assert_eq!(event_count(&api).await, before);
}

#[tokio::test]
async fn a_party_form_sent_twice_registers_the_party_once() {
    let api = Api::new().await;
    let served = Served::new(&api, WebSettings::default()).await;
    let cookie = session(&api, &served.router, Role::Administrator).await;
    let page = get(&served.router, &cookie, "/parter/ny").await;
    let before = event_count(&api).await;
    let fields = [("kod", "2062"), ("namn", "Mora kommun")];

    let first = post(&served.router, &cookie, "/parter/ny", &page.body, &fields).await;
    let second = post(&served.router, &cookie, "/parter/ny", &page.body, &fields).await;

    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    assert_eq!(first.location.as_deref(), Some("/part/2062"));
    // The second finds the first in the log: it goes to the same page and writes nothing.
    assert_eq!(second.status, StatusCode::SEE_OTHER, "{}", second.body);
    assert_eq!(second.location.as_deref(), Some("/part/2062"));
    assert_eq!(event_count(&api).await, before + 1);
    let party = get(&served.router, &cookie, "/part/2062").await;
    assert!(
        party.body.contains("<h1>Mora kommun</h1>"),
        "{}",
        party.body
    );
}

#[tokio::test]
async fn a_cooperation_of_one_party_is_refused_beside_the_parties_and_two_are_established_once() {
    let api = Api::new().await;
    let decision_id = mora_and_orsa(&api).await;
    let served = Served::new(&api, WebSettings::default()).await;
    let cookie = session(&api, &served.router, Role::Administrator).await;
    let page = get(&served.router, &cookie, "/samverkan/ny").await;
    assert_eq!(page.status, StatusCode::OK);
    let before = event_count(&api).await;
    let decision = decision_id.to_string();
    let mut fields = vec![
        ("namn", "Inköpssamverkan"),
        ("form", "joint_committee"),
        ("parter", "2062"),
        ("vard", "2062"),
        ("bildad", "2020-01-01"),
        ("grund", decision.as_str()),
        ("atgard", "spara"),
    ];

    let refused = post(
        &served.router,
        &cookie,
        "/samverkan/ny",
        &page.body,
        &fields,
    )
    .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert_eq!(fields_with_errors(&refused.body), vec!["parter"]);
    assert_eq!(
        error_beside(&refused.body, "parter"),
        Some((
            "En samverkan har minst två parter, men bara en är vald: kryssa i alla parter."
                .to_owned(),
            Some("a cooperation needs at least two parties, but 1 was given".to_owned())
        ))
    );
    assert_eq!(event_count(&api).await, before);

    fields.push(("parter", "2034"));
    let first = post(
        &served.router,
        &cookie,
        "/samverkan/ny",
        &page.body,
        &fields,
    )
    .await;
    let second = post(
        &served.router,
        &cookie,
        "/samverkan/ny",
        &page.body,
        &fields,
    )
    .await;
    let cooperation_id = super::secretary_forms::hidden(&page.body, "id").unwrap();
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    assert_eq!(first.location, Some(format!("/samverkan/{cooperation_id}")));
    assert_eq!(second.status, StatusCode::SEE_OTHER, "{}", second.body);
    assert_eq!(second.location, first.location);
    assert_eq!(event_count(&api).await, before + 1);
}

/// Mora and Orsa's cooperation, Mora hosting, established on KF Mora's decision; and that
/// decision's id.
async fn cooperation_of_mora_and_orsa(api: &Api) -> (Uuid, Uuid) {
    let decision_id = mora_and_orsa(api).await;
    let cooperation_id = Uuid::new_v4();
    register(&api.db.pool)
        .execute::<Cooperation>(
            &cooperation_id.to_string(),
            CooperationCommand::Establish(domain::cooperation::EstablishCooperation {
                name: "Inköpssamverkan".into(),
                form: domain::cooperation::CooperationForm::HostRunCentralPurchasingBody,
                host: code("2062"),
                parties: vec![code("2062"), code("2034")],
                established_on: date("2020-01-01"),
                predecessor: None,
                bases: domain::Bases::new(vec![LegalBasis::Decision { decision_id }]).unwrap(),
            }),
        )
        .await
        .unwrap();
    (cooperation_id, decision_id)
}

#[tokio::test]
async fn an_admission_shown_before_another_was_recorded_is_refused_as_stale() {
    let api = Api::new().await;
    let (cooperation_id, decision_id) = cooperation_of_mora_and_orsa(&api).await;
    register_party(&api, "2039", "Älvdalens kommun").await;
    register_party(&api, "2021", "Vansbro kommun").await;
    let basis = LegalBasis::Decision { decision_id };
    let register = register(&api.db.pool);
    let served = Served::new(&api, WebSettings::default()).await;
    let cookie = session(&api, &served.router, Role::Administrator).await;
    let path = format!("/samverkan/{cooperation_id}/parter/ny");
    let page = get(&served.router, &cookie, &path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);

    // Another administrator admits Vansbro after the form was shown.
    register
        .execute::<Cooperation>(
            &cooperation_id.to_string(),
            CooperationCommand::AdmitParty(AdmitParty {
                party: code("2021"),
                joins_on: date("2021-01-01"),
                basis,
            }),
        )
        .await
        .unwrap();
    let before = event_count(&api).await;
    let decision = decision_id.to_string();
    let answer = post(
        &served.router,
        &cookie,
        &path,
        &page.body,
        &[
            ("part", "2039"),
            ("fran", "2021-01-01"),
            ("grund", &decision),
            ("atgard", "spara"),
        ],
    )
    .await;

    assert_eq!(answer.status, StatusCode::CONFLICT, "{}", answer.body);
    assert!(
        answer
            .body
            .contains("<h2>Någon annan har ändrat samverkan</h2>"),
        "{}",
        answer.body
    );
    // The cooperation as it now is, Vansbro among its parties and no longer offered.
    assert!(
        answer.body.contains(
            "<dt>Parter i dag</dt><dd>Mora kommun (2062), Orsa kommun (2034), Vansbro kommun \
             (2021)</dd>"
        ),
        "{}",
        answer.body
    );
    assert!(
        !answer.body.contains("<option value=\"2021\""),
        "{}",
        answer.body
    );
    assert!(answer
        .body
        .contains("<option value=\"2039\" selected>Älvdalens kommun (2039)</option>"));
    assert_eq!(event_count(&api).await, before);
}

#[tokio::test]
async fn only_an_administrator_may_use_the_set_up_forms() {
    let api = Api::new().await;
    register_party(&api, "2062", "Mora kommun").await;
    let (body_id, _) = establish_body(&register(&api.db.pool), "Inköpsnämnden").await;
    let served = Served::new(&api, WebSettings::default()).await;
    let administrator = session(&api, &served.router, Role::Administrator).await;
    let page = get(&served.router, &administrator, "/parter/ny").await;
    let before = event_count(&api).await;

    for (role, bodies) in [
        (Role::Secretary, vec![body_id]),
        (Role::Auditor, Vec::new()),
    ] {
        let cookie = session_of(&api, &served.router, role, &bodies).await;
        for path in ["/parter/ny", "/samverkan/ny", "/part/2062/folkmangd"] {
            let answer = get(&served.router, &cookie, path).await;
            assert_eq!(answer.status, StatusCode::FORBIDDEN, "{role:?} {path}");
        }
        // The page's own form, sent with this session's CSRF token, is refused all the same.
        let start = get(&served.router, &cookie, "/").await;
        let csrf = super::secretary_forms::hidden(&start.body, "csrf").unwrap();
        let answer = post(
            &served.router,
            &cookie,
            "/parter/ny",
            &page.body,
            &[("csrf", &csrf), ("kod", "2034"), ("namn", "Orsa kommun")],
        )
        .await;
        assert_eq!(answer.status, StatusCode::FORBIDDEN, "{role:?}");
        // The start page offers the forms to an administrator only.
        assert!(!start.body.contains("href=\"/parter/ny\""), "{role:?}");
    }
    assert_eq!(event_count(&api).await, before);
    let start = get(&served.router, &administrator, "/").await;
    assert!(start.body.contains("<a href=\"/parter/ny\">Ny part</a>"));
}

#[tokio::test]
async fn an_administrator_records_an_obligation_and_closes_it_by_transfer() {
    let api = Api::new().await;
    let (cooperation_id, _) = cooperation_of_mora_and_orsa(&api).await;
    let browser = administrator(&api).await;
    let cooperation_path = format!("/samverkan/{cooperation_id}");

    browser.goto(&cooperation_path).await;
    browser.tab_to("Nytt åtagande", 40).await;
    browser.press_for_new_page(Key::Enter).await;
    browser
        .wait_for_path(&format!("{cooperation_path}/ataganden/ny"))
        .await;
    browser.choose("#galdenar", "Orsa kommun (2034)").await;
    browser
        .choose("#borgenar", "Part: Mora kommun (2062)")
        .await;
    browser.click("#slag-cost_share").await;
    browser
        .fill("#beskrivning", "Orsas andel av inköpsfunktionens kostnader")
        .await;
    browser.fill("#fran", "2020-01-01").await;
    browser.click("#forfaller-arligen").await;
    browser.fill("#arsdag", "03-31").await;
    pick_basis(&browser, "inköpssamverkan").await;
    accessible(&browser, "setup-nytt-atagande").await;
    browser.click_for_new_page("#spara").await;
    browser.wait_for_path(&cooperation_path).await;
    assert_eq!(
        browser.table_rows("table.obligations").await,
        vec![vec![
            "Orsa kommun (2034)".to_owned(),
            "Orsas andel av inköpsfunktionens kostnader".to_owned(),
            "Löpande".to_owned(),
            // The link's text names the obligation for a screen reader.
            "Avsluta\nOrsas andel av inköpsfunktionens kostnader".to_owned(),
        ]]
    );

    // Carried over to Mora: refused at first, dated before the obligation began, then on the
    // day meant.
    browser
        .click_for_new_page("table.obligations a[href$='/avslut']")
        .await;
    accessible(&browser, "setup-avsluta-atagande").await;
    browser.click("#avslut-transferred").await;
    browser.choose("#till", "Mora kommun (2062)").await;
    browser.fill("#datum", "2019-06-30").await;
    pick_basis(&browser, "inköpssamverkan").await;
    browser.click_for_new_page("#spara").await;
    assert_eq!(
        browser.text("#datum-fel").await,
        "Åtagandet kan inte avslutas 2019-06-30, innan dess period börjar \
         2020-01-01.\nRegistrets besked: the obligation cannot close on 2019-06-30, before its period \
         begins on 2020-01-01"
    );
    accessible(&browser, "setup-avsluta-atagande-fel").await;
    browser.fill("#datum", "2026-06-30").await;
    browser.click_for_new_page("#spara").await;
    browser.wait_for_path(&cooperation_path).await;
    // Closed, it is listed no more today, but it is on the day it was carried over.
    assert!(!browser.has("table.obligations").await);
    browser
        .goto(&format!("{cooperation_path}?as_of=2026-06-30"))
        .await;
    assert_eq!(
        browser.table_rows("table.obligations").await,
        vec![vec![
            "Orsa kommun (2034)".to_owned(),
            "Orsas andel av inköpsfunktionens kostnader".to_owned(),
            "Överfört".to_owned(),
            String::new(),
        ]]
    );
    browser.screenshot("setup-samverkan-med-atagande").await;
    browser.close().await;
}

/// The fields of an obligation of Orsa's towards the cooperation, due on `due`.
fn obligation_fields<'a>(decision: &'a str, due: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("galdenar", "2034"),
        ("borgenar", "samverkan"),
        ("slag", "cost_share"),
        ("beskrivning", "Orsas andel"),
        ("fran", "2020-01-01"),
        ("till", "2020-12-31"),
        ("forfaller", "dag"),
        ("forfallodag", due),
        ("grund", decision),
        ("atgard", "spara"),
    ]
}

#[tokio::test]
async fn an_obligation_form_names_missing_fields_and_shows_the_registers_refusal_beside_the_due_day(
) {
    let api = Api::new().await;
    let (cooperation_id, decision_id) = cooperation_of_mora_and_orsa(&api).await;
    let served = Served::new(&api, WebSettings::default()).await;
    let cookie = session(&api, &served.router, Role::Administrator).await;
    let path = format!("/samverkan/{cooperation_id}/ataganden/ny");
    let page = get(&served.router, &cookie, &path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let before = event_count(&api).await;

    let missing = post(
        &served.router,
        &cookie,
        &path,
        &page.body,
        &[("atgard", "spara")],
    )
    .await;
    assert_eq!(missing.status, StatusCode::BAD_REQUEST, "{}", missing.body);
    assert_eq!(
        fields_with_errors(&missing.body),
        vec![
            "galdenar",
            "borgenar",
            "slag",
            "beskrivning",
            "fran",
            "forfaller",
            "grund"
        ]
    );
    assert_eq!(
        error_beside(&missing.body, "beskrivning"),
        Some(("Fyll i vad parten åtar sig.".to_owned(), None))
    );
    assert_eq!(event_count(&api).await, before);

    let decision = decision_id.to_string();
    let refused = post(
        &served.router,
        &cookie,
        &path,
        &page.body,
        &obligation_fields(&decision, "2021-03-31"),
    )
    .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert_eq!(fields_with_errors(&refused.body), vec!["forfaller"]);
    assert_eq!(
        error_beside(&refused.body, "forfaller"),
        Some((
            "Förfallodagen 2021-03-31 ligger utanför åtagandets period.".to_owned(),
            Some("the due date 2021-03-31 lies outside the period".to_owned())
        ))
    );
    assert_eq!(event_count(&api).await, before);

    let fields = obligation_fields(&decision, "2020-03-31");
    let first = post(&served.router, &cookie, &path, &page.body, &fields).await;
    let second = post(&served.router, &cookie, &path, &page.body, &fields).await;
    let next = format!("/samverkan/{cooperation_id}#ataganden");
    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    assert_eq!(first.location.as_deref(), Some(next.as_str()));
    assert_eq!(second.location.as_deref(), Some(next.as_str()));
    assert_eq!(event_count(&api).await, before + 1);
}

#[tokio::test]
async fn a_closure_shown_before_the_obligation_was_closed_is_refused_as_stale() {
    let api = Api::new().await;
    let (cooperation_id, decision_id) = cooperation_of_mora_and_orsa(&api).await;
    let obligation_id = Uuid::new_v4();
    let register = register(&api.db.pool);
    let basis = LegalBasis::Decision { decision_id };
    register
        .submit(
            obligation_id,
            register::requests::ObligationRequest {
                cooperation_id,
                debtor: code("2034"),
                creditor: domain::obligation::Creditor::Cooperation { cooperation_id },
                kind: domain::obligation::ObligationKind::CostShare,
                description: "Orsas andel".into(),
                period: domain::DateRange {
                    from: date("2020-01-01"),
                    to: None,
                },
                due: domain::obligation::Due::Continuous,
                basis: basis.clone(),
            },
            None,
        )
        .await
        .unwrap();
    let served = Served::new(&api, WebSettings::default()).await;
    let cookie = session(&api, &served.router, Role::Administrator).await;
    let path = format!("/samverkan/{cooperation_id}/ataganden/{obligation_id}/avslut");
    let page = get(&served.router, &cookie, &path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("<dt>Läge i dag</dt><dd>Löpande</dd>"));

    // Another administrator records it fulfilled after the form was shown.
    register
        .submit(
            obligation_id,
            register::requests::CloseObligationRequest {
                closure: domain::obligation::Closure::Fulfilled,
                on: date("2025-12-31"),
                basis,
            },
            None,
        )
        .await
        .unwrap();
    let before = event_count(&api).await;
    let decision = decision_id.to_string();
    let answer = post(
        &served.router,
        &cookie,
        &path,
        &page.body,
        &[
            ("avslut", "ended"),
            ("datum", "2026-06-30"),
            ("grund", &decision),
            ("atgard", "spara"),
        ],
    )
    .await;

    assert_eq!(answer.status, StatusCode::CONFLICT, "{}", answer.body);
    assert!(answer
        .body
        .contains("<h2>Någon annan har ändrat åtagandet</h2>"));
    assert!(
        answer
            .body
            .contains("<dt>Läge i dag</dt><dd>Fullgjort</dd>"),
        "{}",
        answer.body
    );
    assert!(answer.body.contains(r#"value="ended" checked"#));
    assert_eq!(event_count(&api).await, before);
}

/// Mora and Orsa's cooperation with its coordination group; the group's id and KF Mora's
/// decision's.
async fn coordination_group(api: &Api) -> (Uuid, Uuid) {
    let (cooperation_id, decision_id) = cooperation_of_mora_and_orsa(api).await;
    let body_id = Uuid::new_v4();
    register(&api.db.pool)
        .submit(
            body_id,
            register::requests::EstablishBodyRequest {
                cooperation_id,
                kind: domain::body::BodyKind::CoordinationGroup,
                name: "Samordningsgruppen".into(),
                established_on: date("2020-01-01"),
                basis: LegalBasis::Decision { decision_id },
            },
            None,
        )
        .await
        .unwrap();
    (body_id, decision_id)
}

#[tokio::test]
async fn an_administrator_grants_a_mandate_with_exclusions_and_delegates_part_of_it() {
    let api = Api::new().await;
    let (body_id, _) = coordination_group(&api).await;
    let browser = administrator(&api).await;
    let mandates = format!("/organ/{body_id}/mandat");

    browser.goto(&format!("/organ/{body_id}")).await;
    browser
        .click_for_new_page(&format!("a[href='{mandates}']"))
        .await;
    assert_eq!(
        browser.text("main p:not(.crumbs):not(.desk-link)").await,
        "Samordningsgruppen har inga mandat den 2026-12-03."
    );
    browser.tab_to("Nytt mandat", 40).await;
    browser.press_for_new_page(Key::Enter).await;
    browser.wait_for_path(&format!("{mandates}/ny")).await;
    browser.fill("#kategori", "upphandling").await;
    browser
        .fill(
            "#undantag",
            "upphandling/byggentreprenader\nupphandling/direktupphandling",
        )
        .await;
    browser
        .fill("#omfattning", "Samordna upphandlingar åt Mora och Orsa")
        .await;
    browser.fill("#fran", "2020-01-01").await;
    pick_basis(&browser, "inköpssamverkan").await;
    accessible(&browser, "setup-nytt-mandat").await;
    browser.click_for_new_page("#spara").await;
    browser.wait_for_path(&mandates).await;
    assert_eq!(browser.text(".mandates h2").await, "upphandling");
    assert_eq!(
        browser.text(".mandates .facts").await,
        "Omfattning\nSamordna upphandlingar åt Mora och Orsa\nUndantag\n\
         upphandling/byggentreprenader, upphandling/direktupphandling\nGäller\nfrån 2020-01-01\n\
         Grund\nKF Mora 2019-11-25 § 142\nDelegerat\nInget"
    );
    accessible(&browser, "setup-mandat").await;

    // A direct award is excluded, so it cannot be delegated; framework agreements can.
    browser
        .click_for_new_page(".mandates a[href$='/delegering']")
        .await;
    accessible(&browser, "setup-delegera").await;
    browser.fill("#delegat", "Inköpschef").await;
    browser
        .fill("#kategori", "upphandling/direktupphandling")
        .await;
    browser.fill("#fran", "2020-02-01").await;
    pick_basis(&browser, "inköpssamverkan").await;
    browser.click_for_new_page("#spara").await;
    assert_eq!(
        browser.text("#kategori-fel").await,
        "upphandling/direktupphandling ligger utanför mandatet eller är undantaget från det: \
         bara det mandatet omfattar kan delegeras.\nRegistrets besked: category \
         upphandling/direktupphandling is not within the mandate, or is excluded from it"
    );
    accessible(&browser, "setup-delegera-fel").await;
    browser.fill("#kategori", "upphandling/ramavtal").await;
    browser.click_for_new_page("#spara").await;
    browser.wait_for_path(&mandates).await;
    assert_eq!(
        browser.text(".delegations").await,
        "Inköpschef: upphandling/ramavtal, från 2020-02-01 (KF Mora 2019-11-25 § 142)"
    );
    browser.screenshot("setup-mandat-med-delegation").await;
    browser.close().await;
}

#[tokio::test]
async fn a_mandate_form_names_what_does_not_read_and_refuses_anyone_but_an_administrator() {
    let api = Api::new().await;
    let (body_id, decision_id) = coordination_group(&api).await;
    let served = Served::new(&api, WebSettings::default()).await;
    let cookie = session(&api, &served.router, Role::Administrator).await;
    let path = format!("/organ/{body_id}/mandat/ny");
    let page = get(&served.router, &cookie, &path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let before = event_count(&api).await;
    let decision = decision_id.to_string();

    let answer = post(
        &served.router,
        &cookie,
        &path,
        &page.body,
        &[
            ("kategori", "Upphandling"),
            ("undantag", "upphandling/bygg entreprenader"),
            ("omfattning", ""),
            ("fran", "2020-01-01"),
            ("grund", &decision),
            ("atgard", "spara"),
        ],
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
    assert_eq!(
        fields_with_errors(&answer.body),
        vec!["kategori", "undantag", "omfattning"]
    );
    assert_eq!(
        error_beside(&answer.body, "kategori"),
        Some((
            "”Upphandling” är ingen kategori: skriv små bokstäver, och ord från det allmänna till \
             det särskilda åtskilda med /, till exempel ”upphandling/ramavtal”."
                .to_owned(),
            None
        ))
    );
    assert_eq!(event_count(&api).await, before);

    // An exclusion outside the category is the register's refusal, beside the exclusions.
    let answer = post(
        &served.router,
        &cookie,
        &path,
        &page.body,
        &[
            ("kategori", "upphandling"),
            ("undantag", "ekonomi"),
            ("omfattning", "Upphandlingar"),
            ("fran", "2020-01-01"),
            ("grund", &decision),
            ("atgard", "spara"),
        ],
    )
    .await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.body
    );
    assert_eq!(
        error_beside(&answer.body, "undantag"),
        Some((
            "Undantaget ekonomi ligger inte under mandatets kategori upphandling, så det \
             undantar ingenting."
                .to_owned(),
            Some(
                "exclusion ekonomi lies outside the mandate&#39;s category upphandling, so it \
                 excludes nothing"
                    .to_owned()
            )
        ))
    );
    assert_eq!(event_count(&api).await, before);

    let secretary = session_of(&api, &served.router, Role::Secretary, &[body_id]).await;
    assert_eq!(
        get(&served.router, &secretary, &path).await.status,
        StatusCode::FORBIDDEN
    );
    // The mandates page itself is for every reader; only an administrator is offered the forms.
    let listed = get(
        &served.router,
        &secretary,
        &format!("/organ/{body_id}/mandat"),
    )
    .await;
    assert_eq!(listed.status, StatusCode::OK);
    assert!(!listed.body.contains("/mandat/ny"));
}

#[tokio::test]
async fn an_administrator_adopts_a_budget_row_by_row_with_more_rows_when_needed() {
    let api = Api::new().await;
    let (cooperation_id, _) = cooperation_of_mora_and_orsa(&api).await;
    let browser = administrator(&api).await;
    let cooperation_path = format!("/samverkan/{cooperation_id}");

    browser.goto(&cooperation_path).await;
    browser
        .click_for_new_page(&format!("a[href='{cooperation_path}/budget/ny']"))
        .await;
    assert_eq!(browser.value("#ar").await, "2027");
    assert_eq!(browser.count("input[id$='-namn']").await, 3);
    for (row, name, kind, amount) in [
        (1, "Personalkostnader", "Kostnad", "6 281"),
        (2, "Uppdragsintäkter", "Intäkt från andra", "500"),
        (
            3,
            "Grundavtal deltagande kommuner",
            "Parternas bidrag (fördelas med nyckeln)",
            "5 781",
        ),
    ] {
        browser.fill(&format!("#rad-{row}-namn"), name).await;
        browser.choose(&format!("#rad-{row}-slag"), kind).await;
        browser.fill(&format!("#rad-{row}-belopp"), amount).await;
    }
    browser.click_for_new_page("#fler").await;
    assert_eq!(browser.count("input[id$='-namn']").await, 6);
    // What was typed stays when rows are added.
    assert_eq!(browser.value("#rad-3-belopp").await, "5 781");
    browser.fill("#rad-4-namn", "Personalkostnader").await;
    browser.fill("#rad-4-belopp", "120").await;
    pick_basis(&browser, "inköpssamverkan").await;
    accessible(&browser, "setup-ny-budget").await;
    browser.click_for_new_page("#spara").await;
    // A second line of the same name is the register's refusal, beside that row.
    assert_eq!(
        browser.text("#rad-4-namn-fel").await,
        "Benämningen ”Personalkostnader” finns redan: varje rad har en egen benämning.\n\
         Registrets besked: line name \"Personalkostnader\" is used twice: every line has its \
         own name"
    );
    accessible(&browser, "setup-ny-budget-fel").await;
    browser.fill("#rad-4-namn", "Arvoden").await;
    browser.click_for_new_page("#spara").await;
    browser
        .wait_for_path(&format!("{cooperation_path}/budget/2027"))
        .await;
    assert_eq!(
        browser.table_rows("table.budget-lines").await,
        vec![
            vec!["Personalkostnader", "Kostnad", "6 281"],
            vec!["Uppdragsintäkter", "Intäkt från andra", "500"],
            vec![
                "Grundavtal deltagande kommuner",
                "Parternas bidrag (fördelas med nyckeln)",
                "5 781"
            ],
            vec!["Arvoden", "Kostnad", "120"],
        ]
    );
    assert_eq!(
        browser.text("main h2 + p").await,
        "Budgeten fördelas inte än: inget samverkansavtal med fördelningsnyckel gäller \
         2027-01-01, den dag som väljer nyckeln för budgetåret."
    );
    accessible(&browser, "setup-budget").await;
    browser.goto(&cooperation_path).await;
    assert_eq!(browser.text("ul.budgets").await, "Budget 2027");
    browser.close().await;
}

#[tokio::test]
async fn a_budget_form_names_rows_that_do_not_read_and_writes_nothing() {
    let api = Api::new().await;
    let (cooperation_id, decision_id) = cooperation_of_mora_and_orsa(&api).await;
    let served = Served::new(&api, WebSettings::default()).await;
    let cookie = session(&api, &served.router, Role::Administrator).await;
    let path = format!("/samverkan/{cooperation_id}/budget/ny");
    let page = get(&served.router, &cookie, &path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let before = event_count(&api).await;
    let decision = decision_id.to_string();

    let empty = post(
        &served.router,
        &cookie,
        &path,
        &page.body,
        &[("ar", ""), ("grund", &decision), ("atgard", "spara")],
    )
    .await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST, "{}", empty.body);
    assert_eq!(fields_with_errors(&empty.body), vec!["ar", "rader"]);
    assert_eq!(
        error_beside(&empty.body, "rader"),
        Some((
            "Fyll i minst en rad: benämning, slag och belopp i tkr.".to_owned(),
            None
        ))
    );

    let unreadable = post(
        &served.router,
        &cookie,
        &path,
        &page.body,
        &[
            ("ar", "2027"),
            ("rad-2-namn", "Personalkostnader"),
            ("rad-2-slag", "cost"),
            ("rad-2-belopp", "sex miljoner"),
            ("grund", &decision),
            ("atgard", "spara"),
        ],
    )
    .await;
    assert_eq!(
        unreadable.status,
        StatusCode::BAD_REQUEST,
        "{}",
        unreadable.body
    );
    assert_eq!(
        error_beside(&unreadable.body, "rad-2-belopp"),
        Some((
            "”sex miljoner” är inget belopp: skriv hela tkr med siffror, till exempel 6 281."
                .to_owned(),
            None
        ))
    );
    assert_eq!(event_count(&api).await, before);
}

#[tokio::test]
async fn an_administrator_adopts_a_governing_document_clause_by_clause() {
    let api = Api::new().await;
    let (cooperation_id, _) = cooperation_of_mora_and_orsa(&api).await;
    let browser = administrator(&api).await;
    let cooperation_path = format!("/samverkan/{cooperation_id}");

    browser.goto(&cooperation_path).await;
    browser
        .click_for_new_page(&format!("a[href='{cooperation_path}/dokument/ny']"))
        .await;
    browser.choose("#slag", "Samverkansavtal").await;
    browser
        .fill("#rubrik", "Samverkansavtal om inköpsverksamhet")
        .await;
    browser.fill("#fran", "2020-01-01").await;
    for (row, number, text) in [
        (1, "1", "Mora är värdkommun och inköpscentral."),
        (2, "2", "Orsa utser en inköpssamordnare."),
        (3, "1", "Kostnaderna delas efter folkmängd."),
    ] {
        browser
            .fill(&format!("#klausul-{row}-nummer"), number)
            .await;
        browser.fill(&format!("#klausul-{row}-text"), text).await;
    }
    browser.click_for_new_page("#fler").await;
    assert_eq!(browser.count("textarea[id$='-text']").await, 6);
    pick_basis(&browser, "inköpssamverkan").await;
    accessible(&browser, "setup-nytt-styrdokument").await;
    browser.click_for_new_page("#spara").await;
    // Two clauses numbered 1 is the register's refusal, beside the second.
    assert_eq!(
        browser.text("#klausul-3-nummer-fel").await,
        "Klausulnummer ”1” är tomt eller används två gånger: varje klausul har ett eget \
         nummer.\nRegistrets besked: clause number \"1\" is blank or given twice"
    );
    accessible(&browser, "setup-nytt-styrdokument-fel").await;
    browser.fill("#klausul-3-nummer", "3").await;
    browser.click_for_new_page("#spara").await;
    let document_path = browser.location().await;
    assert!(document_path.starts_with("/dokument/"), "{document_path}");
    assert_eq!(
        browser.text("h1").await,
        "Samverkansavtal om inköpsverksamhet"
    );
    assert_eq!(
        browser.text("dl.clauses").await,
        "1\nMora är värdkommun och inköpscentral.\n2\nOrsa utser en inköpssamordnare.\n3\n\
         Kostnaderna delas efter folkmängd."
    );
    browser.screenshot("setup-styrdokument").await;
    browser.close().await;
}

#[tokio::test]
async fn a_document_form_names_a_clause_without_text_and_writes_nothing() {
    let api = Api::new().await;
    let (cooperation_id, decision_id) = cooperation_of_mora_and_orsa(&api).await;
    let served = Served::new(&api, WebSettings::default()).await;
    let cookie = session(&api, &served.router, Role::Administrator).await;
    let path = format!("/samverkan/{cooperation_id}/dokument/ny");
    let page = get(&served.router, &cookie, &path).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let before = event_count(&api).await;
    let decision = decision_id.to_string();

    let answer = post(
        &served.router,
        &cookie,
        &path,
        &page.body,
        &[
            ("slag", "rules_of_procedure"),
            ("rubrik", "Reglemente"),
            ("fran", "2019-12-31"),
            ("klausul-2-nummer", "1 §"),
            ("grund", &decision),
            ("atgard", "spara"),
        ],
    )
    .await;
    assert_eq!(answer.status, StatusCode::BAD_REQUEST, "{}", answer.body);
    assert_eq!(fields_with_errors(&answer.body), vec!["klausul-2-text"]);
    assert_eq!(
        error_beside(&answer.body, "klausul-2-text"),
        Some(("Fyll i klausulens text.".to_owned(), None))
    );
    assert_eq!(event_count(&api).await, before);

    // A document cannot govern before its cooperation began: the register's rule.
    let answer = post(
        &served.router,
        &cookie,
        &path,
        &page.body,
        &[
            ("slag", "rules_of_procedure"),
            ("rubrik", "Reglemente"),
            ("fran", "2019-12-31"),
            ("klausul-2-nummer", "1 §"),
            ("klausul-2-text", "Nämnden ansvarar för upphandling."),
            ("grund", &decision),
            ("atgard", "spara"),
        ],
    )
    .await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.body
    );
    assert_eq!(
        error_beside(&answer.body, "fran"),
        Some((
            "Dokumentet kan inte börja gälla 2019-12-31, innan samverkan bildades 2020-01-01."
                .to_owned(),
            Some(
                "the document cannot take effect on 2019-12-31, before its cooperation began on \
                 2020-01-01"
                    .to_owned()
            )
        ))
    );
    assert_eq!(event_count(&api).await, before);
}

#[tokio::test]
async fn an_amendment_is_recorded_change_by_change_and_shown_old_beside_new() {
    let api = Api::new().await;
    let (cooperation_id, decision_id) = cooperation_of_mora_and_orsa(&api).await;
    let document_id = Uuid::new_v4();
    let clause = |number: &str, text: &str| domain::governing_document::Clause {
        number: number.into(),
        text: text.into(),
    };
    register(&api.db.pool)
        .submit(
            document_id,
            register::requests::AdoptDocumentRequest {
                cooperation_id,
                kind: domain::governing_document::DocumentKind::CooperationAgreement,
                title: "Samverkansavtal".into(),
                effective_on: date("2020-01-01"),
                clauses: vec![
                    clause("1", "Mora är värdkommun."),
                    clause("2", "Kostnaderna delas lika."),
                ],
                basis: LegalBasis::Decision { decision_id },
            },
            None,
        )
        .await
        .unwrap();
    let browser = administrator(&api).await;
    let document_path = format!("/dokument/{document_id}");

    browser.goto(&document_path).await;
    browser.tab_to("Ändra dokumentet", 40).await;
    browser.press_for_new_page(Key::Enter).await;
    browser
        .wait_for_path(&format!("{document_path}/andring"))
        .await;
    browser.fill("#fran", "2027-01-01").await;
    browser
        .choose("#andring-1-slag", "Ny lydelse av klausulen")
        .await;
    browser.fill("#andring-1-nummer", "2").await;
    browser
        .fill("#andring-1-text", "Kostnaderna delas efter folkmängd.")
        .await;
    browser.choose("#andring-2-slag", "Klausulen utgår").await;
    browser.fill("#andring-2-nummer", "9").await;
    pick_basis(&browser, "inköpssamverkan").await;
    accessible(&browser, "setup-andring").await;
    browser.click_for_new_page("#spara").await;
    // Clause 9 is not in the document: the register's refusal, beside that row.
    assert_eq!(
        browser.text("#andring-2-nummer-fel").await,
        "Version 1 har ingen klausul ”9”: bara en klausul som finns kan få ny lydelse eller \
         utgå.\nRegistrets besked: clause \"9\" is not in version 1"
    );
    accessible(&browser, "setup-andring-fel").await;
    browser.choose("#andring-2-slag", "Ny klausul").await;
    browser.fill("#andring-2-nummer", "3").await;
    browser
        .fill(
            "#andring-2-text",
            "Avtalet kan sägas upp med ett års varsel.",
        )
        .await;
    browser.click_for_new_page("#spara").await;
    browser
        .wait_for_path(&format!("{document_path}?fran=1&till=2"))
        .await;
    assert_eq!(
        browser.table_rows("table.comparison").await,
        vec![
            vec!["1", "Mora är värdkommun.", "Mora är värdkommun.", "Nej"],
            vec![
                "2",
                "Kostnaderna delas lika.",
                "Kostnaderna delas efter folkmängd.",
                "Ja"
            ],
            vec![
                "3",
                "Fanns inte",
                "Avtalet kan sägas upp med ett års varsel.",
                "Ja"
            ],
        ]
    );
    browser.screenshot("setup-andring-jamforelse").await;
    browser.close().await;
}
