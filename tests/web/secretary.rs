//! The secretary's meeting in a real browser, from the notice to the posted minutes: a body's
//! seven members and seven deputies appointed through the membership form, a meeting called with
//! six items, opened by keyboard with four members and one serving deputy, five §§ (one with a
//! recusal and a deputy stepping in, one with an open vote, one outside the mandate), a sixth
//! refused for want of a quorum beside the form with nothing written, the approval and posting,
//! and the protokoll printed to PDF and read back with `pdftotext`.

use std::collections::BTreeMap;

use api::HttpSettings;
use domain::body::{Body, BodyCommand, BodyKind, EstablishBody};
use domain::body_term::{
    AdoptSeatPlan, Appoint, Appointment, BodyTerm, BodyTermCommand, Person, Role as SeatRole,
    SeatAllocation,
};
use domain::cooperation::{Cooperation, CooperationCommand, CooperationForm, EstablishCooperation};
use domain::mandate::{GrantMandate, Mandate, MandateCommand, MandateHolder};
use domain::{DateRange, LegalBasis, MandatePeriod};
use fantoccini::key::Key;
use register::access::Role;
use register::Register;
use uuid::Uuid;

use crate::support::api_client::Api;
use crate::support::browser::{named_token, row, Browser};
use crate::support::fixtures::{code, date, register};
use crate::support::harness::TestDatabase;
use crate::support::inkopsnamnden::category;

/// The day the server's clock reads in these journeys: the meeting was a week ago.
pub(crate) const TODAY: &str = "2026-12-03";
pub(crate) const MEETING_DAY: &str = "2026-11-26";

pub(crate) const COOPERATION: Uuid = Uuid::from_u128(0x7000);
pub(crate) const BODY: Uuid = Uuid::from_u128(0x7001);
const MANDATE: Uuid = Uuid::from_u128(0x7002);

/// Seven member seats (four for Region Sörmland, three for Region Västmanland), a deputy for
/// each: four take part to make a quorum.
pub(crate) const ANNA: Uuid = Uuid::from_u128(0x7101);
pub(crate) const BO: Uuid = Uuid::from_u128(0x7102);
pub(crate) const CARL: Uuid = Uuid::from_u128(0x7103);
pub(crate) const DORA: Uuid = Uuid::from_u128(0x7104);
pub(crate) const IDA: Uuid = Uuid::from_u128(0x7105);
pub(crate) const JOHAN: Uuid = Uuid::from_u128(0x7106);
pub(crate) const KARIN: Uuid = Uuid::from_u128(0x7107);
pub(crate) const EVA: Uuid = Uuid::from_u128(0x7201);
pub(crate) const FRIDA: Uuid = Uuid::from_u128(0x7202);
const GUSTAV: Uuid = Uuid::from_u128(0x7203);
const HANNA: Uuid = Uuid::from_u128(0x7204);
const LARS: Uuid = Uuid::from_u128(0x7205);
const MAJA: Uuid = Uuid::from_u128(0x7206);
const NILS: Uuid = Uuid::from_u128(0x7207);

fn basis() -> LegalBasis {
    LegalBasis::ExternalDecision {
        issuer: "Regionfullmäktige Sörmland".into(),
        decided_on: date("2022-11-22"),
        reference: Some("§ 140".into()),
        registry_number: None,
    }
}

/// The fourteen people of Upphandlingsnämnden's term 2023–2026, with their roles and parties.
const PEOPLE: [(Uuid, &str, SeatRole, &str); 14] = [
    (ANNA, "Anna Ek", SeatRole::Chair, "04"),
    (BO, "Bo Lind", SeatRole::Member, "04"),
    (CARL, "Carl Ström", SeatRole::Member, "04"),
    (DORA, "Dora Falk", SeatRole::Member, "04"),
    (IDA, "Ida Lund", SeatRole::ViceChair, "19"),
    (JOHAN, "Johan Vik", SeatRole::Member, "19"),
    (KARIN, "Karin Berg", SeatRole::Member, "19"),
    (EVA, "Eva Sjö", SeatRole::Deputy, "04"),
    (FRIDA, "Frida Ås", SeatRole::Deputy, "04"),
    (GUSTAV, "Gustav Holm", SeatRole::Deputy, "04"),
    (HANNA, "Hanna Dahl", SeatRole::Deputy, "04"),
    (LARS, "Lars Strand", SeatRole::Deputy, "19"),
    (MAJA, "Maja Nord", SeatRole::Deputy, "19"),
    (NILS, "Nils Öst", SeatRole::Deputy, "19"),
];

/// Upphandlingsnämnden with its fourteen people appointed (see [`upphandlingsnamnden_seats`]).
pub(crate) async fn upphandlingsnamnden(register: &Register) {
    upphandlingsnamnden_seats(register).await;
    let parties = vec![code("04"), code("19")];
    let term = BodyTerm::stream_id(BODY, MandatePeriod::beginning(2023).unwrap());
    for (person_id, name, role, party) in PEOPLE {
        register
            .execute::<BodyTerm>(
                &term,
                BodyTermCommand::Appoint(Appoint {
                    membership_id: Uuid::new_v4(),
                    appointment: Appointment {
                        person: Person {
                            id: person_id,
                            name: name.into(),
                        },
                        role,
                        party: code(party),
                        serves_from: date("2023-01-01"),
                        serves_to: None,
                    },
                    replaces: None,
                    cooperation_parties: parties.clone(),
                    basis: basis(),
                }),
            )
            .await
            .unwrap();
    }
}

/// The cooperation, Upphandlingsnämnden with its seat plan for 2023–2026 but no one appointed,
/// and its mandate for procurement less building contracts.
pub(crate) async fn upphandlingsnamnden_seats(register: &Register) {
    let parties = vec![code("04"), code("19")];
    register
        .execute::<Cooperation>(
            &COOPERATION.to_string(),
            CooperationCommand::Establish(EstablishCooperation {
                name: "Gemensam upphandlingsnämnd, Region Sörmland och Region Västmanland".into(),
                form: CooperationForm::JointCommittee,
                host: code("04"),
                parties: parties.clone(),
                established_on: date("2019-01-01"),
                predecessor: None,
                bases: basis().into(),
            }),
        )
        .await
        .unwrap();
    register
        .execute::<Body>(
            &BODY.to_string(),
            BodyCommand::Establish(EstablishBody {
                cooperation_id: COOPERATION,
                cooperation_established_on: date("2019-01-01"),
                kind: BodyKind::Committee,
                name: "Upphandlingsnämnden".into(),
                established_on: date("2019-01-01"),
                basis: basis(),
            }),
        )
        .await
        .unwrap();
    let term = BodyTerm::stream_id(BODY, MandatePeriod::beginning(2023).unwrap());
    register
        .execute::<BodyTerm>(
            &term,
            BodyTermCommand::AdoptSeatPlan(AdoptSeatPlan {
                body_id: BODY,
                period: MandatePeriod::beginning(2023).unwrap(),
                seats: vec![
                    SeatAllocation {
                        party: code("04"),
                        members: 4,
                        deputies: 4,
                    },
                    SeatAllocation {
                        party: code("19"),
                        members: 3,
                        deputies: 3,
                    },
                ],
                is_joint_committee: true,
                cooperation_parties: parties.clone(),
                basis: basis(),
            }),
        )
        .await
        .unwrap();
    register
        .execute::<Mandate>(
            &MANDATE.to_string(),
            MandateCommand::Grant(GrantMandate {
                holder: MandateHolder::Body { body_id: BODY },
                category: category("upphandling"),
                scope: "Upphandlingar för båda regionerna".into(),
                exclusions: vec![category("upphandling/byggentreprenader")],
                valid: DateRange {
                    from: date("2019-01-01"),
                    to: None,
                },
                basis: basis(),
            }),
        )
        .await
        .unwrap();
}

/// A fresh database with Upphandlingsnämnden, served to the API and the web app.
pub(crate) async fn with_upphandlingsnamnden() -> Api {
    let db = TestDatabase::new().await;
    upphandlingsnamnden(&register(&db.pool)).await;
    Api::on(db, HttpSettings::default()).await
}

/// A browser signed in by keyboard as the body's secretary, with the read models following.
pub(crate) async fn secretary(api: &Api) -> Browser {
    let secret = named_token(api, Role::Secretary, &[BODY], "Sara Sekreterare").await;
    let browser = Browser::open_following(api, TODAY).await;
    browser.goto("/logga-in").await;
    browser.sign_in_by_keyboard(&secret).await;
    browser.wait_for_path("/").await;
    browser
}

/// Waits until the browser has followed a form to a meeting's page, and returns the meeting.
async fn meeting_reached(browser: &Browser) -> Uuid {
    for _ in 0..200 {
        let location = browser.location().await;
        if let Some(id) = location.strip_prefix("/sammantrade/") {
            if let Ok(meeting_id) = id.parse() {
                browser.wait_for_path(&location).await;
                return meeting_id;
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("the browser never reached a meeting's page");
}

/// The number of events the meeting's stream holds, read from the register.
async fn meeting_version(api: &Api, meeting_id: Uuid) -> u64 {
    register(&api.db.pool)
        .stream_version::<domain::meeting::Meeting, domain::meeting::MeetingError>(
            &meeting_id.to_string(),
        )
        .await
        .unwrap()
}

const ITEMS: [(&str, &str, &str); 6] = [
    ("1", "Upphandling av skolmåltider", "UPN 2026/11"),
    ("2", "Ombyggnad av regionhuset", "UPN 2026/12"),
    ("3", "Avrop av konsulttjänster", "UPN 2026/13"),
    ("4", "Upphandling av ambulanstransporter", "UPN 2026/14"),
    ("5", "Förhandling med leverantör", "UPN 2026/15"),
    ("6", "Upphandling av städtjänster", "UPN 2026/16"),
];

/// Region Sörmland's council electing the committee's members and deputies for the term, as an
/// administrator records it for the secretary to cite, once the read model the search reads holds
/// it: a busy machine can leave the browser's runner behind the first search.
async fn council_election(api: &Api) -> Uuid {
    let decision_id = Uuid::new_v4();
    let position = register(&api.db.pool)
        .record_external_decision(domain::external_decision::RecordExternalDecision {
            decision_id,
            details: domain::external_decision::ExternalDecisionDetails {
                issuer: "RF Sörmland".into(),
                issuer_party: Some(code("04")),
                decided_on: date("2022-11-22"),
                paragraph: Some("§ 140".into()),
                registry_number: None,
                subject: "Val av ledamöter och ersättare i upphandlingsnämnden 2023–2026".into(),
            },
        })
        .await
        .unwrap();
    projections::wait_for(
        &api.db.pool,
        projections::ReadModel::Citations,
        position,
        std::time::Duration::from_secs(30),
    )
    .await
    .unwrap();
    decision_id
}

/// Appoints the fourteen people through the secretary's form, each on the council's election
/// found by search, and returns each one's id as the register gave it.
async fn appoint_everyone(api: &Api, browser: &Browser) -> BTreeMap<&'static str, Uuid> {
    let election = council_election(api).await;
    for (_, name, role, party) in PEOPLE {
        browser
            .goto(&format!("/organ/{BODY}/ledamoter/ny?period=2023"))
            .await;
        browser.fill("#namn", name).await;
        let role = match role {
            SeatRole::Chair => "Ordförande",
            SeatRole::ViceChair => "Vice ordförande",
            SeatRole::Member => "Ledamot",
            _ => "Ersättare",
        };
        browser.choose("#roll", role).await;
        browser.choose("#parti", party).await;
        browser.fill("#fran", "2023-01-01").await;
        browser.fill("#sok", "val av ledamöter").await;
        browser.click_for_new_page("button[value='sok']").await;
        browser.click(&format!("#grund-{election}")).await;
        browser.click("#registrera-val").await;
        browser
            .wait_for_path(&format!("/organ/{BODY}/ledamoter?period=2023"))
            .await;
    }
    let seated = projections::membership::membership(
        &api.db.pool,
        BODY,
        projections::ReadAt::on(date(MEETING_DAY)),
    )
    .await
    .unwrap();
    PEOPLE
        .iter()
        .map(|(_, name, _, _)| {
            let member = seated
                .members
                .iter()
                .find(|member| member.name == *name)
                .unwrap_or_else(|| panic!("{name} was not appointed"));
            (*name, member.person_id)
        })
        .collect()
}

#[tokio::test]
async fn a_whole_meeting_from_the_notice_to_the_posted_minutes() {
    let db = TestDatabase::new().await;
    upphandlingsnamnden_seats(&register(&db.pool)).await;
    let api = Api::on(db, HttpSettings::default()).await;
    let browser = secretary(&api).await;

    // Seven members and their deputies, appointed through the membership form.
    let people = appoint_everyone(&api, &browser).await;
    let [anna, bo, carl, ida, johan, eva, frida] = [
        "Anna Ek",
        "Bo Lind",
        "Carl Ström",
        "Ida Lund",
        "Johan Vik",
        "Eva Sjö",
        "Frida Ås",
    ]
    .map(|name| people[name]);
    assert_eq!(
        browser.table_rows("table:nth-of-type(2)").await.len(),
        14,
        "every appointment is listed"
    );

    // The notice: six items, typed with the first two in the wrong order and renumbered, one
    // behind closed doors.
    browser.goto(&format!("/organ/{BODY}")).await;
    browser.click("a[href$='/kalla']").await;
    browser.wait_for_path(&format!("/organ/{BODY}/kalla")).await;
    browser.fill("#datum", MEETING_DAY).await;
    browser.fill("#plats", "Regionhuset, Nyköping").await;
    let typed_order = [ITEMS[1], ITEMS[0], ITEMS[2], ITEMS[3], ITEMS[4], ITEMS[5]];
    for (row, (number, title, registry)) in typed_order.iter().enumerate() {
        browser.fill(&format!("#nr-{row}"), number).await;
        browser.fill(&format!("#arende-{row}"), title).await;
        browser
            .fill(&format!("#diarienummer-{row}"), registry)
            .await;
    }
    browser.choose("#offentligt-4", "Inom stängda dörrar").await;
    assert_eq!(
        browser.serious_accessibility_violations().await,
        vec![],
        "the call form"
    );
    browser.screenshot("sekreterare-kallelse-formular").await;
    browser.click("button[value='kalla']").await;
    let meeting_id = meeting_reached(&browser).await;
    let agenda: Vec<Vec<String>> = ITEMS
        .iter()
        .map(|(number, title, registry)| {
            let public = if *number == "5" {
                "Inom stängda dörrar"
            } else {
                "Öppet"
            };
            row(&[number, title, registry, public, ""])
        })
        .collect();
    assert_eq!(browser.table_rows("table:nth-of-type(1)").await, agenda);

    // The roll call, by keyboard only: four of seven members, Eva Sjö serving for the absent
    // Carl Ström, and Frida Ås present without serving. The quorum is counted as boxes are ticked.
    browser.tab_to("Upprop: öppna sammanträdet", 40).await;
    browser.press(Key::Enter).await;
    browser
        .wait_for_path(&format!("/sammantrade/{meeting_id}/upprop"))
        .await;
    assert_eq!(browser.text("#tjanstgorande").await, "0 (inte beslutför)");
    for person in [anna, bo, ida, johan, eva] {
        browser.tab_to(&format!("#narvarande-{person}"), 40).await;
        browser.press(Key::Space).await;
    }
    browser.tab_to(&format!("#tjanstgor_for-{eva}"), 10).await;
    // The list offers only Region Sörmland's members: Anna, Bo, Carl, Dora.
    for _ in 0..3 {
        browser.press(Key::Down).await;
    }
    assert_eq!(
        browser.value(&format!("#tjanstgor_for-{eva}")).await,
        carl.to_string()
    );
    browser.tab_to(&format!("#narvarande-{frida}"), 10).await;
    browser.press(Key::Space).await;
    assert_eq!(browser.text("#tjanstgorande").await, "5 (beslutför)");
    assert_eq!(
        browser.serious_accessibility_violations().await,
        vec![],
        "the roll call"
    );
    browser.screenshot("sekreterare-upprop").await;
    browser.tab_to("Öppna sammanträdet", 20).await;
    browser.press(Key::Enter).await;
    browser
        .wait_for_path(&format!("/sammantrade/{meeting_id}"))
        .await;
    assert_eq!(
        browser.table_rows("table:nth-of-type(2)").await,
        vec![
            row(&["Anna Ek (04)", ""]),
            row(&["Bo Lind (04)", ""]),
            row(&["Ida Lund (19)", ""]),
            row(&["Johan Vik (19)", ""]),
            row(&["Eva Sjö (04)", "Carl Ström (04)"]),
            row(&["Frida Ås (04)", ""]),
        ]
    );

    // § 1, by keyboard only.
    browser
        .goto(&format!("/sammantrade/{meeting_id}/beslut"))
        .await;
    assert_eq!(
        browser.text("#paragraf").await,
        "Beslutet blir § 1 om det sparas nu."
    );
    browser.tab_to("#arende", 40).await;
    browser.press(Key::Down).await;
    browser.tab_to("#beslut", 5).await;
    browser
        .type_text("Nämnden antar tilldelningsbeslutet enligt förvaltningens förslag.")
        .await;
    assert_eq!(
        browser.serious_accessibility_violations().await,
        vec![],
        "the decision form"
    );
    browser.screenshot("sekreterare-beslut").await;
    browser.tab_to("Spara beslutet", 80).await;
    browser.press(Key::Enter).await;
    browser
        .wait_for_path(&format!("/sammantrade/{meeting_id}/paragraf/1"))
        .await;
    assert_eq!(
        browser.text("h1").await,
        "§ 1 / 2026 Upphandling av skolmåltider"
    );

    // § 2, a building contract: the preview says it is outside the mandate before it is saved.
    browser
        .goto(&format!("/sammantrade/{meeting_id}/beslut"))
        .await;
    browser
        .choose("#arende", "2. Ombyggnad av regionhuset")
        .await;
    browser
        .fill("#beslut", "Nämnden godkänner förfrågningsunderlaget.")
        .await;
    browser
        .fill("#kategori", "upphandling/byggentreprenader")
        .await;
    browser
        .click_for_new_page("button[value='forhandsgranska']")
        .await;
    assert_eq!(
        browser.text("#mandatprovning").await,
        "Utanför mandat: upphandling/byggentreprenader. Beslutet registreras ändå, och markeras \
         som fattat utanför nämndens mandat."
    );
    assert_eq!(
        browser.text("#paragraf").await,
        "Beslutet blir § 2 om det sparas nu."
    );
    browser.click("button[value='spara']").await;
    browser
        .wait_for_path(&format!("/sammantrade/{meeting_id}/paragraf/2"))
        .await;
    assert_eq!(
        browser.text("dl.facts dd:nth-of-type(4)").await,
        "Utanför mandat: upphandling/byggentreprenader"
    );

    // § 3: Bo Lind is recused and Frida Ås steps in for him.
    browser
        .goto(&format!("/sammantrade/{meeting_id}/beslut"))
        .await;
    browser
        .choose("#arende", "3. Avrop av konsulttjänster")
        .await;
    browser.fill("#beslut", "Nämnden godkänner avropet.").await;
    browser.choose("#jav-0", "Bo Lind (04), ledamot").await;
    browser
        .choose("#jav-ersattare-0", "Frida Ås (04), ersättare")
        .await;
    browser.click("button[value='spara']").await;
    browser
        .wait_for_path(&format!("/sammantrade/{meeting_id}/paragraf/3"))
        .await;
    assert_eq!(
        browser.text("h2 + ul").await,
        "Bo Lind (04) anmälde jäv; Frida Ås (04) tjänstgjorde i stället"
    );

    // § 4: an open vote of four to one, with Johan Vik's reservation and a statement.
    browser
        .goto(&format!("/sammantrade/{meeting_id}/beslut"))
        .await;
    browser
        .choose("#arende", "4. Upphandling av ambulanstransporter")
        .await;
    browser
        .fill("#beslut", "Nämnden beslutar enligt förslag A.")
        .await;
    browser.fill("#forslag-etikett-0", "A").await;
    browser
        .fill("#forslag-text-0", "Bifall till förvaltningens förslag")
        .await;
    browser
        .choose("#forslag-av-0", "Ida Lund (19), vice ordförande")
        .await;
    browser.fill("#forslag-etikett-1", "B").await;
    browser.fill("#forslag-text-1", "Avslag").await;
    browser
        .choose("#forslag-av-1", "Johan Vik (19), ledamot")
        .await;
    browser.click("#omrostning-oppen").await;
    browser.fill("#ja-forslag", "A").await;
    browser.fill("#nej-forslag", "B").await;
    for (person, choice) in [
        (anna, "Ja"),
        (bo, "Ja"),
        (ida, "Ja"),
        (johan, "Nej"),
        (eva, "Ja"),
    ] {
        browser.choose(&format!("#rost-{person}"), choice).await;
    }
    browser
        .choose("#reservation-0", "Johan Vik (19), ledamot")
        .await;
    browser
        .fill(
            "#reservation-motivering-0",
            "Upphandlingen borde delas i två delar.",
        )
        .await;
    browser
        .choose("#anteckning-0", "Frida Ås (04), ersättare")
        .await;
    browser
        .fill(
            "#anteckning-text-0",
            "Frågan om miljökrav bör tas upp igen.",
        )
        .await;
    browser.click("button[value='spara']").await;
    browser
        .wait_for_path(&format!("/sammantrade/{meeting_id}/paragraf/4"))
        .await;
    assert_eq!(
        browser.text("p.vote").await,
        "Ja för A, nej för B: 4 ja, 1 nej, 0 avstod (öppen omröstning)."
    );

    // § 5, the item behind closed doors.
    browser
        .goto(&format!("/sammantrade/{meeting_id}/beslut"))
        .await;
    browser
        .choose("#arende", "5. Förhandling med leverantör")
        .await;
    browser
        .fill("#beslut", "Nämnden godkänner förhandlingsresultatet.")
        .await;
    browser.click("button[value='spara']").await;
    browser
        .wait_for_path(&format!("/sammantrade/{meeting_id}/paragraf/5"))
        .await;

    // Bo Lind and Ida Lund leave from § 6, which leaves three taking part of seven seats.
    browser
        .goto(&format!("/sammantrade/{meeting_id}/narvaro"))
        .await;
    assert_eq!(
        browser.serious_accessibility_violations().await,
        vec![],
        "the attendance form"
    );
    for label in ["Bo Lind (04), ledamot", "Ida Lund (19), vice ordförande"] {
        browser
            .goto(&format!("/sammantrade/{meeting_id}/narvaro"))
            .await;
        browser.choose("#person", label).await;
        browser.click("#andring-lamnar").await;
        assert_eq!(browser.value("#fran").await, "6");
        browser.click("button.primary").await;
        browser
            .wait_for_path(&format!("/sammantrade/{meeting_id}"))
            .await;
    }

    // § 6 is refused beside the form, nothing is written, and what was typed is kept.
    let version = meeting_version(&api, meeting_id).await;
    browser
        .goto(&format!("/sammantrade/{meeting_id}/beslut"))
        .await;
    browser
        .choose("#arende", "6. Upphandling av städtjänster")
        .await;
    browser
        .fill("#beslut", "Nämnden antar anbudet från Städ AB.")
        .await;
    browser.click_for_new_page("button[value='spara']").await;
    assert_eq!(
        browser.text("#deltar-fel").await,
        "Nämnden är inte beslutför vid § 6: 3 deltar, och minst 4 av 7 ledamöter måste delta. \
         Registrera att någon anländer eller att en ersättare tjänstgör först.\n\
         Registrets besked: § 6 lacks a quorum: 3 take part, and more than half of the 7 \
         members, 4, must"
    );
    assert_eq!(
        browser.text("#felsammanfattning h2").await,
        "Inget har sparats"
    );
    assert_eq!(
        browser.value("#beslut").await,
        "Nämnden antar anbudet från Städ AB."
    );
    assert_eq!(browser.value("#arende").await, "6");
    assert_eq!(meeting_version(&api, meeting_id).await, version);
    assert_eq!(
        browser.serious_accessibility_violations().await,
        vec![],
        "a refused decision"
    );
    browser.screenshot("sekreterare-beslut-avslaget").await;

    // The adjuster, the approval and the posting.
    browser
        .goto(&format!("/sammantrade/{meeting_id}/justering"))
        .await;
    browser.click(&format!("#justerare-{ida}")).await;
    browser.click("#utse-justerare").await;
    browser
        .wait_for_path(&format!("/sammantrade/{meeting_id}"))
        .await;
    browser
        .goto(&format!("/sammantrade/{meeting_id}/justering"))
        .await;
    browser.fill("#justerad_den", "2026-11-30").await;
    browser.click("#registrera-justering").await;
    browser
        .wait_for_path(&format!("/sammantrade/{meeting_id}"))
        .await;
    browser
        .goto(&format!("/sammantrade/{meeting_id}/justering"))
        .await;
    assert_eq!(
        browser.serious_accessibility_violations().await,
        vec![],
        "the minutes' steps"
    );
    browser.screenshot("sekreterare-justering").await;
    browser.fill("#anslagen_den", "2026-12-01").await;
    browser.press(Key::Enter).await;
    browser
        .wait_for_path(&format!("/sammantrade/{meeting_id}"))
        .await;
    assert_eq!(
        browser.text("dl.facts").await,
        format!(
            "Plats\nRegionhuset, Nyköping\nLäge den {TODAY}\nProtokollet justerat och anslaget\n\
             Ordförande\nAnna Ek (04)\nJusterare\nIda Lund (19)\n\
             Justerat\n2026-11-30 av Anna Ek (04), Ida Lund (19)\nAnslaget\n2026-12-01\n\
             Sista dag att överklaga\n2026-12-22"
        )
    );

    // The protokoll, printed to PDF on A4 and read back.
    browser
        .goto(&format!("/sammantrade/{meeting_id}/protokoll"))
        .await;
    assert_eq!(
        browser.serious_accessibility_violations().await,
        vec![],
        "the protokoll"
    );
    browser.screenshot("protokoll").await;
    let text = browser.print_to_pdf("protokoll").await;
    for expected in [
        "PROTOKOLL",
        "Upphandlingsnämnden",
        "Sammanträdesdag",
        "2026-11-26",
        "Beslutande",
        "Anna Ek (04), ordförande",
        "Eva Sjö (04), tjänstgörande ersättare för Carl Ström",
        "Bo Lind (04) lämnar från § 6",
        "Övriga närvarande",
        "Frida Ås (04), ersättare",
        "§ 1 Upphandling av skolmåltider",
        "§ 2 Ombyggnad av regionhuset",
        "§ 3 Avrop av konsulttjänster",
        "§ 4 Upphandling av ambulanstransporter",
        "§ 5 Förhandling med leverantör",
        "Utanför mandat: upphandling/byggentreprenader",
        "Bo Lind (04) anmälde jäv; Frida Ås (04) tjänstgjorde i stället",
        "Johan Vik (19): Upphandlingen borde delas i två delar.",
        "Underskrifter",
        "Anslagsbevis",
        "Datum för anslags uppsättande",
        "2026-12-01",
        "Sista dag att överklaga",
        "2026-12-22",
    ] {
        assert!(
            text.contains(expected),
            "the printed protokoll lacks {expected:?}; it reads:\n{text}"
        );
    }
    // The forms that correct and revoke a § pass axe-core too.
    for form in ["rattelse", "upphavande"] {
        browser
            .goto(&format!("/sammantrade/{meeting_id}/paragraf/1/{form}"))
            .await;
        assert_eq!(
            browser.serious_accessibility_violations().await,
            vec![],
            "{form}"
        );
    }

    // The public version leaves out what was decided behind closed doors.
    browser
        .goto(&format!(
            "/sammantrade/{meeting_id}/protokoll?version=offentlig"
        ))
        .await;
    assert_eq!(
        browser.text("#p5 + p + p").await,
        "Ärendet behandlades inom stängda dörrar. Beslutet redovisas i den fullständiga versionen \
         av protokollet."
    );
    assert!(!browser
        .text("main")
        .await
        .contains("förhandlingsresultatet"));

    // The kallelse and an extract of § 4 for those concerned.
    browser
        .goto(&format!("/sammantrade/{meeting_id}/kallelse"))
        .await;
    assert_eq!(
        browser.serious_accessibility_violations().await,
        vec![],
        "the kallelse"
    );
    assert_eq!(
        browser.table_rows("table").await,
        ITEMS
            .iter()
            .map(|(number, title, registry)| {
                let public = if *number == "5" {
                    "Inom stängda dörrar"
                } else {
                    "Öppet"
                };
                row(&[number, title, registry, public])
            })
            .collect::<Vec<_>>()
    );
    browser
        .goto(&format!("/sammantrade/{meeting_id}/paragraf/4/utdrag"))
        .await;
    assert_eq!(
        browser.serious_accessibility_violations().await,
        vec![],
        "the extract"
    );
    assert_eq!(
        browser.text("#bestyrkande + p").await,
        "Justerat 2026-11-30 av Anna Ek (04), Ida Lund (19)."
    );
    browser.screenshot("protokollsutdrag").await;

    assert!(
        !text.contains("Upphandling av städtjänster"),
        "item 6 was never decided:\n{text}"
    );
    browser.close().await;
}

#[tokio::test]
async fn an_appointment_rests_on_a_decision_found_by_search_by_keyboard() {
    let api = with_upphandlingsnamnden().await;
    let decision_id = super::secretary_forms::election(&api).await;
    let browser = secretary(&api).await;
    browser.goto(&format!("/organ/{BODY}")).await;
    browser
        .tab_to("Ledamöter och ersättare: val och avslut", 80)
        .await;
    browser.press(Key::Enter).await;
    browser
        .wait_for_path(&format!("/organ/{BODY}/ledamoter"))
        .await;
    assert_eq!(
        browser.table_rows("table:nth-of-type(1)").await,
        vec![row(&["04", "4", "4"]), row(&["19", "3", "3"])]
    );
    let memberships = browser.table_rows("table:nth-of-type(2)").await;
    assert_eq!(memberships.len(), 14);
    assert_eq!(
        memberships[0],
        row(&[
            "Anna Ek",
            "04",
            "Ordförande",
            "2023-01-01 – 2026-12-31",
            "",
            "Avsluta uppdraget för Anna Ek Rätta förordnandet för Anna Ek"
        ])
    );
    assert_eq!(
        browser.serious_accessibility_violations().await,
        vec![],
        "the members' page"
    );
    browser.screenshot("sekreterare-ledamoter").await;

    browser.tab_to("Välj ledamot eller ersättare", 40).await;
    browser.press(Key::Enter).await;
    browser
        .wait_for_path(&format!("/organ/{BODY}/ledamoter/ny?period=2023"))
        .await;
    browser.tab_to("#namn", 20).await;
    browser.type_text("Olle Ek").await;
    browser.tab_to("#sok", 20).await;
    browser.type_text("fyllnadsval").await;
    // Enter in the search field searches: the form's first button is the search's.
    browser.press_for_new_page(Key::Enter).await;
    assert_eq!(
        browser.text(&format!("label[for='grund-{decision_id}']")).await,
        "RF Sörmland 2026-09-15 § 88, dnr RS 2026/412: Fyllnadsval av ledamot i upphandlingsnämnden"
    );
    // What was typed before the search is kept.
    assert_eq!(browser.value("#namn").await, "Olle Ek");
    assert_eq!(
        browser.serious_accessibility_violations().await,
        vec![],
        "the appointment form"
    );
    browser.screenshot("sekreterare-val").await;

    // The forms that end and correct a membership pass axe-core too.
    browser.goto(&format!("/organ/{BODY}/ledamoter")).await;
    let link = browser.find("a[href$='/avsluta?period=2023']").await;
    let end = link.attr("href").await.unwrap().unwrap();
    for path in [end.clone(), end.replace("/avsluta", "/ratta")] {
        browser.goto(&path).await;
        assert_eq!(
            browser.serious_accessibility_violations().await,
            vec![],
            "{path}"
        );
    }
    browser.close().await;
}
