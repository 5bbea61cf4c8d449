//! The secretary's forms sent to the whole server in process, as a browser sends them: a form
//! submitted twice writes once, a form rendered before another secretary wrote is refused and
//! shows the newer state, a field that does not read is named in Swedish with nothing written,
//! a decision before the roll call names the step to take first, and anyone but the body's own
//! secretary gets a 403 page.

use axum::http::StatusCode;
use axum::Router;
use domain::meeting::{AgendaItem, DecisionContent, Meeting, MeetingError, RollEntry};
use register::access::Role;
use register::{CallMeetingRequest, OpenMeetingRequest, RecordDecisionRequest, Register};
use uuid::Uuid;
use web::WebSettings;

use super::forms::{send, server, signed_in, Answer};
use super::secretary::{
    with_upphandlingsnamnden, ANNA, BO, BODY, CARL, EVA, IDA, JOHAN, MEETING_DAY,
};
use crate::support::api_client::Api;
use crate::support::browser::named_token;
use crate::support::fixtures::{date, establish_body, register};
use crate::support::inkopsnamnden::category;

/// A meeting of Upphandlingsnämnden with three items, called, and opened when `opened`.
pub(crate) async fn meeting(api: &Api, opened: bool) -> Uuid {
    let register = register(&api.db.pool);
    let meeting_id = Uuid::new_v4();
    register
        .call_meeting(
            meeting_id,
            CallMeetingRequest {
                body_id: BODY,
                date: date(MEETING_DAY),
                place: "Regionhuset, Nyköping".into(),
                agenda: (1..=3)
                    .map(|number| AgendaItem {
                        number,
                        title: format!("Ärende {number}"),
                        registry_number: Some(format!("UPN 2026/{number}")),
                        public: true,
                    })
                    .collect(),
            },
        )
        .await
        .unwrap();
    if opened {
        register
            .open_meeting(
                meeting_id,
                OpenMeetingRequest {
                    presiding: ANNA,
                    roll: [ANNA, BO, IDA, JOHAN]
                        .into_iter()
                        .map(|person_id| RollEntry {
                            person_id,
                            serving_for: None,
                        })
                        .chain([RollEntry {
                            person_id: EVA,
                            serving_for: Some(CARL),
                        }])
                        .collect(),
                },
            )
            .await
            .unwrap();
    }
    meeting_id
}

/// The whole server with the read models following the log, as `samverkan serve` runs it.
pub(crate) struct Served {
    pub router: Router,
    runner: tokio::task::JoinHandle<()>,
}

impl Served {
    pub async fn new(api: &Api, settings: WebSettings) -> Served {
        let runner = projections::ProjectionRunner::new(api.db.pool.clone());
        runner.prepare().await.unwrap();
        runner.catch_up_all().await.unwrap();
        Served {
            router: server(api, settings),
            runner: tokio::spawn(async move { runner.follow(std::future::pending()).await }),
        }
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        self.runner.abort();
    }
}

/// A session of a new token of `role`, scoped to `bodies`.
pub(crate) async fn session(api: &Api, router: &Router, role: Role, bodies: &[Uuid]) -> String {
    let secret = named_token(api, role, bodies, "Sara Sekreterare").await;
    signed_in(router, &secret).await
}

pub(crate) async fn get(router: &Router, cookie: &str, path: &str) -> Answer {
    send(router, "GET", path, &[("cookie", cookie)], None).await
}

/// Posts `fields` with the hidden fields of the form `page` carries, as a browser does; a field
/// the test gives itself replaces the page's.
pub(crate) async fn post(
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

/// The value of the first hidden field called `name` in a page.
pub(crate) fn hidden(page: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = page.find(&marker)? + marker.len();
    let end = page[start..].find('"')?;
    Some(page[start..start + end].to_owned())
}

/// The error shown beside the field `field`, as the page renders it.
pub(crate) fn error_beside(page: &str, field: &str) -> Option<String> {
    let marker = format!("id=\"{field}-fel\">");
    let start = page.find(&marker)? + marker.len();
    let end = page[start..].find("</span>")?;
    Some(page[start..start + end].to_owned())
}

async fn version(api: &Api, meeting_id: Uuid) -> u64 {
    register(&api.db.pool)
        .stream_version::<Meeting, MeetingError>(&meeting_id.to_string())
        .await
        .unwrap()
}

/// A decision within the mandate, with nothing but its text.
pub(crate) fn decision_content(text: &str) -> DecisionContent {
    DecisionContent {
        text: text.into(),
        proposals: Vec::new(),
        vote: None,
        recusals: Vec::new(),
        reservations: Vec::new(),
        statements: Vec::new(),
        mandate_category: category("upphandling"),
        delegated_decisions: Vec::new(),
    }
}

fn decision(text: &str) -> [(&'static str, String); 4] {
    [
        ("beslut", text.to_owned()),
        ("kategori", "upphandling".to_owned()),
        ("omrostning", "ingen".to_owned()),
        ("atgard", "spara".to_owned()),
    ]
}

#[tokio::test]
async fn a_decision_form_submitted_twice_is_recorded_once() {
    let api = with_upphandlingsnamnden().await;
    let meeting_id = meeting(&api, true).await;
    let served = Served::new(&api, WebSettings::default()).await;
    let cookie = session(&api, &served.router, Role::Secretary, &[BODY]).await;
    let path = format!("/sammantrade/{meeting_id}/beslut");
    let page = get(&served.router, &cookie, &path).await;
    assert_eq!(page.status, StatusCode::OK);
    let before = version(&api, meeting_id).await;
    let mut fields = vec![("arende", "1".to_owned())];
    fields.extend(decision("Nämnden antar anbudet."));
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(name, value)| (*name, value.as_str()))
        .collect();

    let first = post(&served.router, &cookie, &path, &page.body, &fields).await;
    let second = post(&served.router, &cookie, &path, &page.body, &fields).await;

    assert_eq!(first.status, StatusCode::SEE_OTHER, "{}", first.body);
    assert_eq!(
        first.location.as_deref(),
        Some(format!("/sammantrade/{meeting_id}/paragraf/1").as_str())
    );
    // The second finds the first in the log and goes to the meeting, having written nothing.
    assert_eq!(second.status, StatusCode::SEE_OTHER, "{}", second.body);
    assert_eq!(
        second.location.as_deref(),
        Some(format!("/sammantrade/{meeting_id}").as_str())
    );
    assert_eq!(version(&api, meeting_id).await, before + 1);
    let recorded = register(&api.db.pool).meeting(meeting_id).await.unwrap();
    assert!(recorded.decision_id(1).is_some());
    assert_eq!(recorded.decision_id(2), None);
}

#[tokio::test]
async fn a_stale_decision_form_is_refused_and_shows_the_newer_state() {
    let api = with_upphandlingsnamnden().await;
    let meeting_id = meeting(&api, true).await;
    let served = Served::new(&api, WebSettings::default()).await;
    let cookie = session(&api, &served.router, Role::Secretary, &[BODY]).await;
    let path = format!("/sammantrade/{meeting_id}/beslut");
    let page = get(&served.router, &cookie, &path).await;
    assert!(page
        .body
        .contains("<option value=\"1\">1. Ärende 1</option>"));

    // Another secretary records item 1 after the form was shown.
    let other = Register::new(
        eventlog::EventLog::new(api.db.pool.clone()),
        register::Actor::operator("Other secretary"),
    );
    other
        .record_decision(
            meeting_id,
            RecordDecisionRequest {
                decision_id: Uuid::new_v4(),
                paragraph: None,
                item: 1,
                content: decision_content("Nämnden antar anbudet."),
            },
        )
        .await
        .unwrap();
    let after_other = version(&api, meeting_id).await;

    let mut fields = vec![("arende", "2".to_owned())];
    fields.extend(decision("Nämnden godkänner avropet."));
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(name, value)| (*name, value.as_str()))
        .collect();
    let answer = post(&served.router, &cookie, &path, &page.body, &fields).await;

    assert_eq!(answer.status, StatusCode::CONFLICT);
    assert!(
        answer
            .body
            .contains("Någon annan har registrerat på sammanträdet"),
        "{}",
        answer.body
    );
    // What was recorded since the form was shown is listed.
    assert!(
        answer.body.contains(
            "<h2>Registrerat sedan formuläret visades</h2>\n  <ul><li>§ 1 Ärende 1: Nämnden antar \
             anbudet.</li></ul>"
        ),
        "{}",
        answer.body
    );
    // The newer state: item 1 is decided, so the form no longer offers it, and the next § is 2.
    assert!(
        !answer.body.contains("1. Ärende 1</option>"),
        "{}",
        answer.body
    );
    assert!(
        answer.body.contains("Beslutet blir <strong>§ 2</strong>"),
        "{}",
        answer.body
    );
    // What was typed is kept, and nothing was written.
    assert!(
        answer
            .body
            .contains(">Nämnden godkänner avropet.</textarea>"),
        "{}",
        answer.body
    );
    assert!(answer
        .body
        .contains("<option value=\"2\" selected>2. Ärende 2</option>"));
    assert_eq!(version(&api, meeting_id).await, after_other);
}

#[tokio::test]
async fn a_field_that_does_not_read_is_named_in_swedish_and_nothing_is_written() {
    let api = with_upphandlingsnamnden().await;
    let served = Served::new(&api, WebSettings::default()).await;
    let cookie = session(&api, &served.router, Role::Secretary, &[BODY]).await;
    let path = format!("/organ/{BODY}/kalla");
    let page = get(&served.router, &cookie, &path).await;
    assert_eq!(page.status, StatusCode::OK);
    let meeting_id: Uuid = hidden(&page.body, "id").unwrap().parse().unwrap();

    let answer = post(
        &served.router,
        &cookie,
        &path,
        &page.body,
        &[
            ("datum", "26/11/2026"),
            ("plats", " "),
            ("rad", "0"),
            ("nr-0", "ett"),
            ("arende-0", "Upphandling av skolmåltider"),
            ("atgard", "kalla"),
        ],
    )
    .await;

    assert_eq!(answer.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        error_beside(&answer.body, "datum").as_deref(),
        Some("”26/11/2026” är inget datum: skriv sammanträdets dag som ÅÅÅÅ-MM-DD.")
    );
    assert_eq!(
        error_beside(&answer.body, "plats").as_deref(),
        Some("Fyll i var nämnden sammanträder.")
    );
    assert_eq!(
        error_beside(&answer.body, "nr-0").as_deref(),
        Some("”ett” är inget heltal från 1: skriv ärendets nummer med siffror.")
    );
    // What was typed is kept.
    assert!(answer
        .body
        .contains("value=\"Upphandling av skolmåltider\""));
    assert_eq!(version(&api, meeting_id).await, 0);
}

#[tokio::test]
async fn a_decision_before_the_roll_call_names_the_step_to_take_first() {
    let api = with_upphandlingsnamnden().await;
    let meeting_id = meeting(&api, false).await;
    let served = Served::new(&api, WebSettings::default()).await;
    let cookie = session(&api, &served.router, Role::Secretary, &[BODY]).await;
    let path = format!("/sammantrade/{meeting_id}/beslut");

    let page = get(&served.router, &cookie, &path).await;
    assert!(page.body.contains(
        "Sammanträdet är inte öppnat, så inga beslut kan registreras än. Gör \
         <a href=\"/sammantrade/"
    ));

    // A form sent all the same is refused by the register, which names the step.
    let before = version(&api, meeting_id).await;
    let mut fields = vec![
        ("arende", "1".to_owned()),
        ("beslut_id", Uuid::new_v4().to_string()),
        ("formular", Uuid::new_v4().to_string()),
    ];
    fields.extend(decision("Nämnden antar anbudet."));
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(name, value)| (*name, value.as_str()))
        .collect();
    let answer = post(&served.router, &cookie, &path, &page.body, &fields).await;
    assert_eq!(
        answer.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        answer.body
    );
    assert_eq!(
        error_beside(&answer.body, "sammantrade").as_deref(),
        Some(
            "Sammanträdet är inte öppnat. Gör uppropet först, sedan kan besluten registreras. \
             <span class=\"register-message\">Registrets besked: <span lang=\"en\">the meeting \
             has not been opened with a roll call"
        )
    );
    assert_eq!(version(&api, meeting_id).await, before);
}

#[tokio::test]
async fn only_the_bodys_own_secretary_reaches_its_forms() {
    let api = with_upphandlingsnamnden().await;
    let meeting_id = meeting(&api, true).await;
    let served = Served::new(&api, WebSettings::default()).await;
    let before = version(&api, meeting_id).await;

    let (other_body, _) = establish_body(&register(&api.db.pool), "Kulturnämnden").await;
    let elsewhere = session(&api, &served.router, Role::Secretary, &[other_body]).await;
    let answer = get(
        &served.router,
        &elsewhere,
        &format!("/sammantrade/{meeting_id}/upprop"),
    )
    .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert!(answer.body.contains(
        "Du är sekreterare för andra organ än Upphandlingsnämnden. Bara organets egna \
         sekreterare kan registrera dess sammanträden. Inget har sparats."
    ));

    // An auditor's form is refused before anything is read from it.
    let auditor = session(&api, &served.router, Role::Auditor, &[]).await;
    let page = get(&served.router, &auditor, "/").await;
    let answer = post(
        &served.router,
        &auditor,
        &format!("/sammantrade/{meeting_id}/beslut"),
        &page.body,
        &[
            ("formular", &Uuid::new_v4().to_string()),
            ("arende", "1"),
            ("beslut", "Nej"),
            ("atgard", "spara"),
        ],
    )
    .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert!(answer
        .body
        .contains("En revisor läser allt i registret men registrerar inget. Inget har sparats."));
    assert_eq!(version(&api, meeting_id).await, before);
}

#[tokio::test]
async fn a_correction_says_why_and_keeps_the_rest_of_the_decision() {
    let api = with_upphandlingsnamnden().await;
    let meeting_id = meeting(&api, true).await;
    let mut content = decision_content("Nämnden antar anbudet från Städ AB.");
    content.statements = vec![domain::meeting::Statement {
        person_id: JOHAN,
        text: "Miljökraven bör skärpas.".into(),
    }];
    register(&api.db.pool)
        .record_decision(
            meeting_id,
            RecordDecisionRequest {
                decision_id: Uuid::new_v4(),
                paragraph: None,
                item: 1,
                content: content.clone(),
            },
        )
        .await
        .unwrap();
    let served = Served::new(&api, WebSettings::default()).await;
    let cookie = session(&api, &served.router, Role::Secretary, &[BODY]).await;
    let path = format!("/sammantrade/{meeting_id}/paragraf/1/rattelse");
    let page = get(&served.router, &cookie, &path).await;
    assert!(page
        .body
        .contains(">Nämnden antar anbudet från Städ AB.</textarea>"));

    // Without a reason nothing is written, and the reason's field says so.
    let before = version(&api, meeting_id).await;
    let corrected = "Nämnden antar anbudet från Städservice AB.";
    let refused = post(
        &served.router,
        &cookie,
        &path,
        &page.body,
        &[
            ("beslut", corrected),
            ("kategori", "upphandling"),
            ("skal", ""),
        ],
    )
    .await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(
        error_beside(&refused.body, "skal").as_deref(),
        Some("Fyll i varför beslutet rättas.")
    );
    assert_eq!(version(&api, meeting_id).await, before);

    let answer = post(
        &served.router,
        &cookie,
        &path,
        &page.body,
        &[
            ("beslut", corrected),
            ("kategori", "upphandling"),
            ("skal", "Fel leverantörsnamn i beslutet"),
        ],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    assert_eq!(
        answer.location.as_deref(),
        Some(format!("/sammantrade/{meeting_id}/paragraf/1").as_str())
    );
    let recorded = register(&api.db.pool).meeting(meeting_id).await.unwrap();
    assert_eq!(
        recorded.decision_content(1),
        Some(&DecisionContent {
            text: corrected.into(),
            ..content
        })
    );
    let shown = get(
        &served.router,
        &cookie,
        &format!("/sammantrade/{meeting_id}/paragraf/1"),
    )
    .await;
    assert!(shown
        .body
        .contains(&format!("<p class=\"decision\">{corrected}</p>")));
    assert!(shown
        .body
        .contains("<p class=\"standing\">Rättat: Fel leverantörsnamn i beslutet.</p>"));
}

/// Region Sörmland's council electing a new member, as an administrator records it.
pub(crate) async fn election(api: &Api) -> Uuid {
    let decision_id = Uuid::new_v4();
    register(&api.db.pool)
        .record_external_decision(domain::external_decision::RecordExternalDecision {
            decision_id,
            details: domain::external_decision::ExternalDecisionDetails {
                issuer: "RF Sörmland".into(),
                issuer_party: Some(crate::support::fixtures::code("04")),
                decided_on: date("2026-09-15"),
                paragraph: Some("§ 88".into()),
                registry_number: Some("RS 2026/412".into()),
                subject: "Fyllnadsval av ledamot i upphandlingsnämnden".into(),
            },
        })
        .await
        .unwrap();
    decision_id
}

#[tokio::test]
async fn a_member_leaves_early_and_a_fyllnadsval_fills_the_seat_on_a_decision_found_by_search() {
    let api = with_upphandlingsnamnden().await;
    let decision_id = election(&api).await;
    let served = Served::new(&api, WebSettings::default()).await;
    let cookie = session(&api, &served.router, Role::Secretary, &[BODY]).await;
    let members = get(&served.router, &cookie, &format!("/organ/{BODY}/ledamoter")).await;
    assert_eq!(members.status, StatusCode::OK, "{}", members.body);
    let marker = "/avsluta?period=2023\">Avsluta uppdraget för Dora Falk";
    let end = members.body.find(marker).unwrap();
    let start = members.body[..end].rfind("/ledamoter/").unwrap() + "/ledamoter/".len();
    let dora: Uuid = members.body[start..end].parse().unwrap();

    // Dora Falk resigns; the basis is found by searching, not typed as an id.
    let end_path = format!("/organ/{BODY}/ledamoter/{dora}/avsluta");
    let form = get(&served.router, &cookie, &format!("{end_path}?period=2023")).await;
    let searched = post(
        &served.router,
        &cookie,
        &end_path,
        &form.body,
        &[
            ("period", "2023"),
            ("sok", "fyllnadsval upphandlingsnämnden"),
            ("atgard", "sok"),
        ],
    )
    .await;
    assert_eq!(searched.status, StatusCode::OK);
    assert!(searched.body.contains(&format!(
        "<label for=\"grund-{decision_id}\">RF Sörmland 2026-09-15 § 88, dnr RS 2026/412: Fyllnadsval av ledamot i \
         upphandlingsnämnden</label>"
    )), "{}", searched.body);
    let decision = decision_id.to_string();
    let ended = post(
        &served.router,
        &cookie,
        &end_path,
        &searched.body,
        &[
            ("period", "2023"),
            ("sista_dag", "2026-08-31"),
            ("skal", "entledigad"),
            ("grund", &decision),
            ("atgard", "spara"),
        ],
    )
    .await;
    assert_eq!(ended.status, StatusCode::SEE_OTHER, "{}", ended.body);

    // Her seat is filled by a fyllnadsval on the same decision.
    let members = get(
        &served.router,
        &cookie,
        &format!("/organ/{BODY}/ledamoter?period=2023"),
    )
    .await;
    assert!(members
        .body
        .contains(&format!("ersatter={dora}\">Fyllnadsval för Dora Falk</a>")));
    let appoint_path = format!("/organ/{BODY}/ledamoter/ny");
    let form = get(
        &served.router,
        &cookie,
        &format!("{appoint_path}?period=2023&ersatter={dora}"),
    )
    .await;
    assert!(form
        .body
        .contains("<h1>Fyllnadsval efter Dora Falk (04)</h1>"));
    let dora_text = dora.to_string();
    let fields: Vec<(&str, &str)> = vec![
        ("period", "2023"),
        ("ersatter", &dora_text),
        ("namn", "Olle Ek"),
        ("roll", "ledamot"),
        ("parti", "04"),
        ("fran", "2026-09-16"),
        ("sok", "fyllnadsval"),
        ("grund", &decision),
        ("atgard", "spara"),
    ];
    // A day before she left is refused beside the field, in Swedish, with nothing written.
    let mut early = fields.clone();
    early[5] = ("fran", "2026-08-15");
    let term = domain::body_term::BodyTerm::stream_id(
        BODY,
        domain::MandatePeriod::beginning(2023).unwrap(),
    );
    let before = register(&api.db.pool)
        .stream_version::<domain::body_term::BodyTerm, domain::body_term::BodyTermError>(&term)
        .await
        .unwrap();
    let refused = post(&served.router, &cookie, &appoint_path, &form.body, &early).await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert_eq!(
        error_beside(&refused.body, "ersatter").as_deref(),
        Some(
            format!(
                "Uppdraget löper till 2026-08-31: ett fyllnadsval gäller från dagen efter att \
                 ledamoten lämnat. <span class=\"register-message\">Registrets besked: <span \
                 lang=\"en\">membership {dora} still runs to 2026-08-31: a replacement begins \
                 after the member left"
            )
            .as_str()
        )
    );
    assert!(refused.body.contains("value=\"Olle Ek\""));
    assert_eq!(
        register(&api.db.pool)
            .stream_version::<domain::body_term::BodyTerm, domain::body_term::BodyTermError>(&term)
            .await
            .unwrap(),
        before
    );
    let appointed = post(&served.router, &cookie, &appoint_path, &form.body, &fields).await;
    assert_eq!(
        appointed.status,
        StatusCode::SEE_OTHER,
        "{}",
        appointed.body
    );
    let after = register(&api.db.pool)
        .stream_version::<domain::body_term::BodyTerm, domain::body_term::BodyTermError>(&term)
        .await
        .unwrap();
    assert_eq!(after, before + 1);

    let members = get(
        &served.router,
        &cookie,
        &format!("/organ/{BODY}/ledamoter?period=2023"),
    )
    .await;
    assert!(members.body.contains("<th scope=\"row\">Olle Ek</th>\n      <td>04</td>\n      <td>Ledamot</td>\n      <td class=\"dates\">2026-09-16 – 2026-12-31</td>"), "{}", members.body);
}

#[tokio::test]
async fn a_corrected_appointment_is_shown_beside_the_version_it_corrects() {
    let api = with_upphandlingsnamnden().await;
    let decision_id = election(&api).await;
    let served = Served::new(&api, WebSettings::default()).await;
    let cookie = session(&api, &served.router, Role::Secretary, &[BODY]).await;
    let seated = projections::membership::membership(
        &api.db.pool,
        BODY,
        projections::ReadAt::on(date("2025-01-01")),
    )
    .await
    .unwrap();
    let karin = seated
        .members
        .iter()
        .find(|member| member.name == "Karin Berg")
        .unwrap();
    let path = format!("/organ/{BODY}/ledamoter/{}/ratta", karin.membership_id);
    let form = get(&served.router, &cookie, &format!("{path}?period=2023")).await;
    assert!(form.body.contains(
        "id=\"namn\" name=\"namn\" type=\"text\" autocomplete=\"off\" value=\"Karin Berg\""
    ));

    let decision = decision_id.to_string();
    let answer = post(
        &served.router,
        &cookie,
        &path,
        &form.body,
        &[
            ("namn", "Karin Bergström"),
            ("roll", "ledamot"),
            ("parti", "19"),
            ("fran", "2023-01-01"),
            ("till", "2026-12-31"),
            ("skal", "Efternamnet stavades fel i protokollet"),
            ("grund", &decision),
            ("atgard", "spara"),
        ],
    )
    .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER, "{}", answer.body);
    let term = domain::body_term::BodyTerm::stream_id(
        BODY,
        domain::MandatePeriod::beginning(2023).unwrap(),
    );
    let corrected_at = register(&api.db.pool)
        .stream_written::<domain::body_term::BodyTerm, domain::body_term::BodyTermError>(&term)
        .await
        .unwrap()
        .position
        .get();

    let members = get(
        &served.router,
        &cookie,
        &format!("/organ/{BODY}/ledamoter?period=2023"),
    )
    .await;
    let section = &members.body[members.body.find("<h2 id=\"rattade\">").unwrap()..];
    let rows: Vec<String> = regex::Regex::new(r#"(?s)<tr><th scope="row">(.*?)</tr>"#)
        .unwrap()
        .captures_iter(section)
        .map(|capture| {
            regex::Regex::new("<[^>]+>")
                .unwrap()
                .replace_all(&capture[1], "|")
                .split('|')
                .filter(|cell| !cell.is_empty())
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            format!(
                "{} | Karin Berg | 19 | Ledamot | 2023-01-01 – 2026-12-31 | {corrected_at}",
                karin.recorded_at_position
            ),
            format!(
                "{corrected_at} | Karin Bergström | 19 | Ledamot | 2023-01-01 – 2026-12-31 | \
                 Efternamnet stavades fel i protokollet | Gäller"
            ),
        ]
    );
}

#[tokio::test]
async fn a_revocation_cites_the_decision_found_by_search_and_never_the_paragraph_itself() {
    let api = with_upphandlingsnamnden().await;
    let meeting_id = meeting(&api, true).await;
    let register = register(&api.db.pool);
    let mut ids = Vec::new();
    for (item, text) in [
        (1, "Nämnden antar anbudet från Städ AB."),
        (
            2,
            "Nämnden upphäver tilldelningen till Städ AB efter förvaltningsrättens dom.",
        ),
    ] {
        let decision_id = Uuid::new_v4();
        register
            .record_decision(
                meeting_id,
                RecordDecisionRequest {
                    decision_id,
                    paragraph: None,
                    item,
                    content: decision_content(text),
                },
            )
            .await
            .unwrap();
        ids.push(decision_id.to_string());
    }
    let served = Served::new(&api, WebSettings::default()).await;
    let cookie = session(&api, &served.router, Role::Secretary, &[BODY]).await;
    let path = format!("/sammantrade/{meeting_id}/paragraf/1/upphavande");
    let form = get(&served.router, &cookie, &path).await;
    assert_eq!(form.status, StatusCode::OK);

    // Searching finds the § that revokes, by a word in its text.
    let searched = post(
        &served.router,
        &cookie,
        &path,
        &form.body,
        &[("sok", "upphäva tilldelningen"), ("atgard", "sok")],
    )
    .await;
    assert!(
        searched.body.contains(&format!(
        "<label for=\"grund-{}\">{MEETING_DAY} § 2 Ärende 2: Nämnden upphäver tilldelningen till \
         Städ AB efter förvaltningsrättens dom.</label>",
        ids[1]
    )),
        "{}",
        searched.body
    );

    // A § cannot revoke itself: refused beside the basis, nothing written.
    let before = version(&api, meeting_id).await;
    let itself = post(
        &served.router,
        &cookie,
        &path,
        &searched.body,
        &[
            ("upphavd_fran", "2026-12-01"),
            ("grund", &ids[0]),
            ("atgard", "spara"),
        ],
    )
    .await;
    assert_eq!(
        itself.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        itself.body
    );
    assert_eq!(
        error_beside(&itself.body, "grund").as_deref(),
        Some(
            "Ett beslut kan inte upphäva sig självt: välj det beslut som upphäver paragrafen. \
             <span class=\"register-message\">Registrets besked: <span lang=\"en\">a decision \
             cannot be revoked by itself"
        )
    );
    assert_eq!(version(&api, meeting_id).await, before);

    let revoked = post(
        &served.router,
        &cookie,
        &path,
        &searched.body,
        &[
            ("upphavd_fran", "2026-12-01"),
            ("grund", &ids[1]),
            ("atgard", "spara"),
        ],
    )
    .await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER, "{}", revoked.body);
    let shown = get(
        &served.router,
        &cookie,
        &format!("/sammantrade/{meeting_id}/paragraf/1?as_of=2026-12-02"),
    )
    .await;
    assert!(
        shown.body.contains(&format!(
            "<p class=\"standing\">Upphävt från 2026-12-01, enligt Upphandlingsnämnden \
             {MEETING_DAY} § 2.</p>"
        )),
        "{}",
        shown.body
    );
}
