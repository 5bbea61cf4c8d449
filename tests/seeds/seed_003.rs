//! Seed 003 as a user checks it after `samverkan import data/scenarios/003-sodertorn.json`:
//! Södertörns upphandlingsnämnd, the joint committee of Haninge (0136, host) and Nynäshamn (0192)
//! since 2012, sits with members from both until 2024-06-30; from 2024-07-01 it is gone and a
//! cooperation agreement governs the second half-year.
//!
//! The scenario carries the transition out, because its effective date lies in the past. The
//! expected values come from the seed and from what the file records, not from the register.

use serde_json::{json, Value};

use crate::support::seeds::ImportedSeed;

const SCENARIO: &str = "003-sodertorn";
const HANINGE: &str = "0136";
const NYNASHAMN: &str = "0192";

/// The steps of the scenario file as written.
fn steps() -> Vec<Value> {
    let path = format!(
        "{}/../data/scenarios/{SCENARIO}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let file: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    file["steps"].as_array().unwrap().clone()
}

/// Each member as (party, role, name, last day, why the service ended), sorted.
fn members(membership: &Value) -> Vec<(String, String, String, String, Option<String>)> {
    let mut members: Vec<_> = membership["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|member| {
            (
                member["party"].as_str().unwrap().to_owned(),
                member["role"].as_str().unwrap().to_owned(),
                member["name"].as_str().unwrap().to_owned(),
                member["serves_to"].as_str().unwrap().to_owned(),
                member["end_reason"].as_str().map(str::to_owned),
            )
        })
        .collect();
    members.sort();
    members
}

/// The committee's five seats for 2023–2026, as the file appoints them, each serving to
/// `serves_to` and ended for `end_reason`.
fn the_committee(
    serves_to: &str,
    end_reason: Option<&str>,
) -> Vec<(String, String, String, String, Option<String>)> {
    let mut expected: Vec<_> = [
        (HANINGE, "chair", "Ordförande från Haninge"),
        (HANINGE, "deputy", "Ersättare från Haninge"),
        (HANINGE, "member", "Ledamot från Haninge"),
        (NYNASHAMN, "deputy", "Ersättare från Nynäshamn"),
        (NYNASHAMN, "vice_chair", "Vice ordförande från Nynäshamn"),
    ]
    .into_iter()
    .map(|(party, role, name)| {
        (
            party.to_owned(),
            role.to_owned(),
            name.to_owned(),
            serves_to.to_owned(),
            end_reason.map(str::to_owned),
        )
    })
    .collect();
    expected.sort();
    expected
}

/// "As of 2024-06-30, Södertörns upphandlingsnämnd has members from Haninge and Nynäshamn. As of
/// 2024-07-01 it has none."
#[tokio::test]
async fn the_committee_has_members_from_both_until_2024_06_30_and_none_from_2024_07_01() {
    let seed = ImportedSeed::import(SCENARIO).await;
    let committee = seed.id("sodertorns-upphandlingsnamnd");

    // "Allt blir som vanligt till sista juni": the committee sits, every seat ending that day
    // because the committee ended, in the middle of the 2023–2026 term.
    let last_day = seed
        .read(&format!("/bodies/{committee}/membership?as_of=2024-06-30"))
        .await;
    assert_eq!(
        (
            &last_day["body"]["name"],
            &last_day["body"]["kind"],
            &last_day["body"]["established_on"],
            &last_day["body"]["last_day"],
        ),
        (
            &json!("Södertörns upphandlingsnämnd"),
            &json!("committee"),
            &json!("2012-01-01"),
            &json!("2024-06-30"),
        )
    );
    assert_eq!(
        members(&last_day),
        the_committee("2024-06-30", Some("body_ended"))
    );
    let mandates = seed
        .read(&format!("/bodies/{committee}/mandates?as_of=2024-06-30"))
        .await;
    assert_eq!(
        mandates["mandates"]
            .as_array()
            .unwrap()
            .iter()
            .map(|mandate| (&mandate["category"], &mandate["valid"]))
            .collect::<Vec<_>>(),
        [(
            &json!("upphandling"),
            &json!({ "from": "2012-01-01", "to": "2024-06-30" })
        )]
    );

    // "Från första juli kommer nämnden att vara avvecklad": no committee, no members, no
    // mandate.
    let first_day = seed
        .read(&format!("/bodies/{committee}/membership?as_of=2024-07-01"))
        .await;
    assert_eq!(
        first_day["body"]["standing"],
        json!({ "status": "ended", "last_day": "2024-06-30" })
    );
    assert_eq!(first_day["seat_plan"], json!([]));
    assert_eq!(first_day["seats"], json!([]));
    assert_eq!(first_day["members"], json!([]));
    let mandates = seed
        .read(&format!("/bodies/{committee}/mandates?as_of=2024-07-01"))
        .await;
    assert_eq!(mandates["mandates"], json!([]));

    // As the register knew it before the carry-out, the last step of the file, the members were
    // to serve the whole term: every step before it wrote one event.
    let carry_out = steps()
        .iter()
        .position(|step| step["post"].as_str().unwrap().ends_with("/carry-out"))
        .unwrap();
    let as_known_before = seed
        .read(&format!(
            "/bodies/{committee}/membership?as_of=2024-06-30&known_at={carry_out}"
        ))
        .await;
    assert_eq!(as_known_before["known_at"], json!(carry_out));
    assert_eq!(members(&as_known_before), the_committee("2026-12-31", None));
}

/// "Då har vi ett samverkansavtal som reglerar hur vi ska jobba med våra upphandlingar under
/// andra halvåret": the successor holds the agreement from 2024-07-01, and Nynäshamn's share is
/// owed under it while everything owed under the committee has ended.
#[tokio::test]
async fn from_2024_07_01_the_cooperation_agreement_governs() {
    let seed = ImportedSeed::import(SCENARIO).await;
    let old = seed.id("upphandling-sodertorn");
    let successor = seed.id("samverkansavtal-andra-halvaret-2024");
    let agreement = seed.id("samverkansavtalet-2024");
    let transition = seed.id("avveckling-2024");
    let entry_into_force = json!({
        "kind": "document_clause", "document_id": agreement, "version": 1,
        "clause": "§ 2 Giltighet"
    });

    let before = seed
        .read(&format!(
            "/cooperations/{successor}/documents?as_of=2024-06-30"
        ))
        .await;
    assert_eq!(before["documents"], json!([]));
    let governing = seed
        .read(&format!(
            "/cooperations/{successor}/documents?as_of=2024-07-01"
        ))
        .await;
    assert_eq!(
        governing["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|document| (
                &document["document_id"],
                &document["kind"],
                &document["title"],
                &document["version"],
                &document["effective_on"],
            ))
            .collect::<Vec<_>>(),
        [(
            &json!(agreement),
            &json!("cooperation_agreement"),
            &json!("Samverkansavtal om upphandling mellan Haninge kommun och Nynäshamns kommun 2024-07-01–2024-12-31"),
            &json!(1),
            &json!("2024-07-01"),
        )]
    );

    // The plan was carried out today by the register's clock, for 2024-07-01.
    let plans = seed
        .read(&format!("/cooperations/{old}/transitions?as_of=2024-07-01"))
        .await;
    assert_eq!(
        plans["transitions"],
        json!([{
            "transition_id": transition,
            "effective_on": "2024-07-01",
            "successor_form": "contract_based",
            "successor_cooperation_id": successor,
            "carried_out_on": api::reading::Clock::local().today()
        }])
    );

    // Nynäshamn's share is carried to the agreement; Haninge's staff and the fees end with the
    // committee.
    let under_agreement = seed
        .read(&format!(
            "/cooperations/{successor}/obligations?as_of=2024-07-01"
        ))
        .await;
    assert_eq!(
        under_agreement["obligations"]
            .as_array()
            .unwrap()
            .iter()
            .map(|owed| (
                &owed["obligation_id"],
                &owed["debtor"],
                &owed["kind"],
                &owed["period"],
                &owed["status"],
            ))
            .collect::<Vec<_>>(),
        [(
            &json!(seed.id("nynashamn-kostnadsandel-andra-halvaret-2024")),
            &json!(NYNASHAMN),
            &json!("cost_share"),
            &json!({ "from": "2024-07-01", "to": null }),
            &json!("open"),
        )]
    );
    let under_committee = seed
        .read(&format!("/cooperations/{old}/obligations?as_of=2024-07-01"))
        .await;
    let mut ended: Vec<_> = under_committee["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|owed| {
            (
                owed["obligation_id"].as_str().unwrap().to_owned(),
                owed["status"].clone(),
                owed["closure"].clone(),
            )
        })
        .collect();
    ended.sort_by(|left, right| left.0.cmp(&right.0));
    let mut expected: Vec<_> = [
        "haninge-personal",
        "nynashamn-kostnadsandel",
        "haninge-arvoden",
    ]
    .into_iter()
    .map(|key| {
        (
            seed.id(key),
            json!("ended"),
            json!({
                "closure": { "status": "ended" },
                "on": "2024-07-01",
                "basis": entry_into_force
            }),
        )
    })
    .collect();
    expected.sort_by(|left, right| left.0.cmp(&right.0));
    assert_eq!(ended, expected);
}

/// "Nu handlar det om att kartlägga vilka avtal som löper ut – när, var, hur": every contract
/// still running on 2024-07-01 had a disposition in time, and each municipality calls off from
/// the holder it was given.
#[tokio::test]
async fn each_municipality_calls_off_its_contracts_as_the_mapping_decided() {
    let seed = ImportedSeed::import(SCENARIO).await;
    let old = json!({ "kind": "cooperation", "cooperation_id": seed.id("upphandling-sodertorn") });
    let successor = json!({
        "kind": "cooperation", "cooperation_id": seed.id("samverkansavtal-andra-halvaret-2024")
    });
    let transition = seed.id("avveckling-2024");

    // Ready the day before: nothing blocks, and the contracts ending within six months of the
    // effective date are pointed out, Fordonsleasing (ended 2024-05-31) among them.
    let readiness = seed
        .read(&format!(
            "/transitions/{transition}/readiness?as_of=2024-06-30"
        ))
        .await;
    assert_eq!(readiness["readiness"]["ready"], json!(true));
    assert_eq!(readiness["readiness"]["reasons"], json!([]));
    let mut expiring: Vec<(&str, &str)> = readiness["readiness"]
        ["contracts_expiring_near_effective_date"]
        .as_array()
        .unwrap()
        .iter()
        .map(|contract| {
            (
                contract["title"].as_str().unwrap(),
                contract["ends_on"].as_str().unwrap(),
            )
        })
        .collect();
    // Listed in the order of the contracts' ids, which the register gave them.
    expiring.sort();
    assert_eq!(
        expiring,
        [
            ("Fordonsleasing", "2024-05-31"),
            ("IT-konsulter", "2024-12-31")
        ]
    );

    let held = |answer: &Value| -> Vec<(String, Value)> {
        answer["contracts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|contract| {
                (
                    contract["title"].as_str().unwrap().to_owned(),
                    contract["holder"].clone(),
                )
            })
            .collect()
    };
    let titled = |rows: Vec<(&str, &Value)>| -> Vec<(String, Value)> {
        rows.into_iter()
            .map(|(title, holder)| (title.to_owned(), holder.clone()))
            .collect()
    };
    // On the committee's last day every running contract is the committee's, for both.
    for party in [HANINGE, NYNASHAMN] {
        let answer = seed
            .read(&format!("/parties/{party}/contracts?as_of=2024-06-30"))
            .await;
        assert_eq!(
            held(&answer),
            titled(vec![
                ("IT-konsulter", &old),
                ("Kontorsmaterial", &old),
                ("Livsmedel", &old),
                ("Städtjänster", &old),
            ]),
            "{party}"
        );
    }
    // From 2024-07-01: Livsmedel continues jointly under the agreement, Kontorsmaterial is
    // Nynäshamn's alone, and IT-konsulter and Städtjänster run out under the old cooperation.
    let haninge = seed
        .read(&format!("/parties/{HANINGE}/contracts?as_of=2024-07-01"))
        .await;
    assert_eq!(
        held(&haninge),
        titled(vec![
            ("IT-konsulter", &old),
            ("Livsmedel", &successor),
            ("Städtjänster", &old),
        ])
    );
    let nynashamn = seed
        .read(&format!("/parties/{NYNASHAMN}/contracts?as_of=2024-07-01"))
        .await;
    assert_eq!(
        held(&nynashamn),
        titled(vec![
            ("IT-konsulter", &old),
            (
                "Kontorsmaterial",
                &json!({ "kind": "party", "party": NYNASHAMN })
            ),
            ("Livsmedel", &successor),
            ("Städtjänster", &old),
        ])
    );
}
