//! Seed 003 carried out end to end through the register and the read models: Södertörns
//! upphandlingsnämnd, the joint committee of Haninge (0136, host) and Nynäshamn (0192) since 2012,
//! is dissolved from 2024-07-01, and a cooperation agreement governs the second half-year.
//!
//! The register comes from `data/scenarios/003-sodertorn.json`, which plans the transition, makes
//! it ready and carries it out. The import stops before the carry-out, because the test previews
//! the transition before carrying it out itself; what the register knew before the contract
//! dispositions is read at that record time rather than by taking the steps again.
//!
//! Values that changed when the hand-written setup gave way to the file: the members are the
//! file's five seats (three from Haninge, two from Nynäshamn, named by their seats) instead of
//! three named people; staff is still in progress until 2024-06-20 in the file, so it blocks
//! alongside the contract mapping and ongoing procurements; the step statuses are read on
//! 2024-06-10, the day the file marks the governing documents done; the dissolution is decided on
//! 2024-02-14, Nynäshamn's council's day in the file; and the ids are the file's keys instead of
//! fixed UUIDs.

use chrono::NaiveDate;
use domain::body_term::EndReason;
use domain::contract::ContractHolder;
use domain::transition::{Blocker, StepKey};
use domain::LegalBasis;
use eventlog::Position;
use projections::obligations::ObligationStatus;
use projections::transitions::{arrangement, readiness, Arrangement};
use projections::{rebuild, KnownAt, Outcome, ReadAt, ReadModel};
use uuid::Uuid;

use crate::support::fixtures::{code, date, project, read_all};
use crate::support::seeds::ImportedSeed;

const SCENARIO: &str = "003-sodertorn";
const HANINGE: &str = "0136";
const NYNASHAMN: &str = "0192";

fn step(key: &str) -> StepKey {
    StepKey::parse(key).unwrap()
}

#[tokio::test]
async fn seed_003_maps_every_contract_and_ends_the_committee_mid_term() {
    let seed = ImportedSeed::import_before(SCENARIO, "/carry-out").await;
    let id = |key: &str| Uuid::parse_str(&seed.id(key)).unwrap();
    let pool = &seed.api.db.pool;
    let register = crate::support::fixtures::register(pool);
    let transition = id("avveckling-2024");
    project(pool).await;

    // As known before the first contract disposition, the contracts still running on 2024-07-01
    // block; the three ending within six months of it are pointed out, the one that ended on
    // 2024-05-31 among them although it needs no disposition. Every imported step wrote one
    // event, so the steps before the first disposition end at the position of their count.
    let first_disposition = steps()
        .iter()
        .position(|step| {
            step["post"]
                .as_str()
                .unwrap()
                .ends_with("/contract-dispositions")
        })
        .unwrap();
    let before = readiness(
        pool,
        transition,
        ReadAt::on(date("2024-06-10")).known_at(KnownAt::Position(
            Position::new(first_disposition as u64).unwrap(),
        )),
    )
    .await
    .unwrap()
    .unwrap();
    let mut running = [
        "livsmedel",
        "kontorsmaterial",
        "it-konsulter",
        "stadtjanster",
    ]
    .map(id);
    running.sort();
    let mut expected = vec![
        Blocker::BlockingStepNotDone {
            step: step("contract-mapping"),
        },
        Blocker::BlockingStepNotDone {
            step: step("ongoing-procurements"),
        },
        Blocker::BlockingStepNotDone {
            step: step("staff"),
        },
    ];
    expected.extend(
        running
            .iter()
            .map(|contract_id| Blocker::ContractWithoutDisposition {
                contract_id: *contract_id,
            }),
    );
    assert_eq!(before.readiness.reasons, expected);
    let mut expiring: Vec<(Uuid, &str)> = before
        .readiness
        .contracts_expiring_near_effective_date
        .iter()
        .map(|contract| (contract.contract_id, contract.title.as_str()))
        .collect();
    expiring.sort();
    let mut expected_expiring = vec![
        (id("livsmedel"), "Livsmedel"),
        (id("fordonsleasing"), "Fordonsleasing"),
        (id("it-konsulter"), "IT-konsulter"),
    ];
    expected_expiring.sort();
    assert_eq!(expiring, expected_expiring);

    // With the file's dispositions and the last steps done, nothing blocks on the last day.
    let ready = readiness(pool, transition, ReadAt::on(date("2024-06-30")))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ready.readiness.reasons, Vec::new());
    assert!(ready.readiness.ready);

    let carry_out_basis = LegalBasis::ExternalDecision {
        issuer: "Kommunstyrelsen Haninge (illustrative)".into(),
        decided_on: date("2024-06-17"),
        reference: Some("§ 90".into()),
        registry_number: None,
    };
    let preview = register
        .preview_transition(transition, carry_out_basis.clone())
        .await
        .unwrap();
    assert_eq!(preview.blockers, Vec::new());
    let scope = register.arrangement_scope(transition).await.unwrap();
    let head_before = Position::new(read_all(pool).await.len() as u64).unwrap();
    let written = register
        .carry_out_transition(transition, date("2024-07-01"), carry_out_basis, None)
        .await
        .unwrap();
    project(pool).await;
    let after = arrangement(
        pool,
        &scope,
        ReadAt::on(date("2024-07-01")).min_position(written.position),
    )
    .await
    .unwrap();
    assert_eq!(after, preview.arrangement);

    // On the last day of the committee, as known after carrying out: every member's service ends
    // that day because the body ended, in the middle of the 2023–2026 term.
    let last_day = arrangement(pool, &scope, ReadAt::on(date("2024-06-30")))
        .await
        .unwrap();
    assert_eq!(
        members(&last_day),
        the_committee(date("2024-06-30"), Some(EndReason::BodyEnded))
    );
    // As known before carrying out, they were to serve the whole term.
    let as_known_before = arrangement(
        pool,
        &scope,
        ReadAt::on(date("2024-06-30")).known_at(KnownAt::Position(head_before)),
    )
    .await
    .unwrap();
    assert_eq!(
        members(&as_known_before),
        the_committee(date("2026-12-31"), None)
    );

    // From 2024-07-01: no committee, and each municipality's contracts as disposed of.
    assert_eq!(after.bodies[0].membership.body, None);
    assert_eq!(after.bodies[0].mandates.mandates, Vec::new());
    let sodertorn = ContractHolder::Cooperation {
        cooperation_id: id("upphandling-sodertorn"),
    };
    let successor_id = id("samverkansavtal-andra-halvaret-2024");
    let successor = ContractHolder::Cooperation {
        cooperation_id: successor_id,
    };
    assert_eq!(
        contracts(&after, HANINGE),
        vec![
            ("IT-konsulter", Some(sodertorn.clone())),
            ("Livsmedel", Some(successor.clone())),
            ("Städtjänster", Some(sodertorn.clone())),
        ]
    );
    assert_eq!(
        contracts(&after, NYNASHAMN),
        vec![
            ("IT-konsulter", Some(sodertorn.clone())),
            (
                "Kontorsmaterial",
                Some(ContractHolder::Party {
                    party: code(NYNASHAMN)
                })
            ),
            ("Livsmedel", Some(successor)),
            ("Städtjänster", Some(sodertorn.clone())),
        ]
    );
    // The day before, every running contract was the committee's, for both.
    assert_eq!(
        contracts(&last_day, NYNASHAMN),
        vec![
            ("IT-konsulter", Some(sodertorn.clone())),
            ("Kontorsmaterial", Some(sodertorn.clone())),
            ("Livsmedel", Some(sodertorn.clone())),
            ("Städtjänster", Some(sodertorn)),
        ]
    );
    assert_eq!(
        owed(&after, NYNASHAMN),
        sorted(vec![
            (id("nynashamn-kostnadsandel"), ObligationStatus::Ended),
            (
                id("nynashamn-kostnadsandel-andra-halvaret-2024"),
                ObligationStatus::Open
            ),
        ])
    );
    assert_eq!(
        owed(&after, HANINGE),
        sorted(vec![
            (id("haninge-personal"), ObligationStatus::Ended),
            (id("haninge-arvoden"), ObligationStatus::Ended),
        ])
    );

    // The old cooperation's timeline tells the story from 2024-07-01 on: the plan, the contracts
    // moving, the committee's end and the carrying out, each on its effective day.
    let timeline = projections::timeline::timeline(
        pool,
        id("upphandling-sodertorn"),
        ReadAt::on(date("2024-12-31")),
        projections::timeline::TimelinePage::first(200),
    )
    .await
    .unwrap();
    let from_effective_date: Vec<(&str, &str)> = timeline
        .entries
        .iter()
        .filter(|entry| entry.effective_on == Some(date("2024-07-01")))
        .map(|entry| (entry.event_type.as_str(), entry.summary.as_str()))
        .collect();
    // The dissolution is decided when the last council decides: Nynäshamn on 2024-02-14 in the
    // file, where the hand-written setup had both decide on 2024-02-12.
    let dissolution = format!(
        "Dissolution decided on 2024-02-14, effective 2024-07-01; succeeded by {successor_id}"
    );
    let moves = format!("Contract moves to cooperation {successor_id}");
    // The carry-out writes the two contract reassignments in the order of the contracts' ids,
    // which the import draws afresh, so they are compared sorted and everything else in the
    // order written.
    let reassigned = |(event_type, _): &(&str, &str)| *event_type == "ContractReassigned";
    let mut reassignments: Vec<&str> = from_effective_date
        .iter()
        .filter(|entry| reassigned(entry))
        .map(|(_, summary)| *summary)
        .collect();
    reassignments.sort();
    assert_eq!(
        reassignments,
        vec!["Contract moves to 0192 alone", moves.as_str()]
    );
    assert_eq!(
        from_effective_date
            .iter()
            .filter(|entry| !reassigned(entry))
            .copied()
            .collect::<Vec<_>>(),
        vec![
            (
                "TransitionPlanned",
                "Transition planned: contract-based cooperation from 2024-07-01"
            ),
            ("DissolutionDecided", dissolution.as_str()),
            ("ObligationClosed", "Obligation closed: ended"),
            ("ObligationClosed", "Obligation closed: ended"),
            ("ObligationClosed", "Obligation closed: ended"),
            (
                "TransitionCarriedOut",
                "Transition carried out on 2024-07-01"
            ),
        ]
    );
    assert_eq!(
        from_effective_date.iter().position(reassigned),
        Some(5),
        "the contracts move after the obligations close and before the carrying out"
    );
    // The dissolution rests on both councils' decisions of February 2024, each cited.
    let dissolution_bases: serde_json::Value = sqlx::query_scalar(
        "SELECT payload::jsonb -> 'DissolutionDecided' -> 'bases' FROM events
          WHERE event_type = 'DissolutionDecided' AND aggregate_id = $1",
    )
    .bind(id("upphandling-sodertorn").to_string())
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(
        dissolution_bases,
        serde_json::json!([
            { "kind": "decision", "decision_id": id("kf-haninge-2024-02-12") },
            { "kind": "decision", "decision_id": id("kf-nynashamn-2024-02-14") }
        ])
    );

    for model in [
        ReadModel::Timeline,
        ReadModel::Transitions,
        ReadModel::Membership,
        ReadModel::Mandates,
        ReadModel::Obligations,
        ReadModel::Contracts,
    ] {
        let check = rebuild(pool, model, Outcome::Check, &mut |_| {})
            .await
            .unwrap();
        assert_eq!(check.drift, Vec::new(), "{model} drifted");
    }
}

/// The steps of the scenario file as written.
fn steps() -> Vec<serde_json::Value> {
    let path = format!(
        "{}/../data/scenarios/{SCENARIO}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let file: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    file["steps"].as_array().unwrap().clone()
}

/// The committee's five seats for 2023–2026 as the file appoints them, sorted by name, each
/// serving to `serves_to` and ended for `end_reason`.
fn the_committee(
    serves_to: NaiveDate,
    end_reason: Option<EndReason>,
) -> Vec<(String, NaiveDate, Option<EndReason>)> {
    [
        "Ersättare från Haninge",
        "Ersättare från Nynäshamn",
        "Ledamot från Haninge",
        "Ordförande från Haninge",
        "Vice ordförande från Nynäshamn",
    ]
    .into_iter()
    .map(|name| (name.to_owned(), serves_to, end_reason))
    .collect()
}

fn members(arrangement: &Arrangement) -> Vec<(String, NaiveDate, Option<EndReason>)> {
    let mut members: Vec<_> = arrangement.bodies[0]
        .membership
        .members
        .iter()
        .map(|member| (member.name.clone(), member.serves_to, member.end_reason))
        .collect();
    members.sort_by(|left, right| left.0.cmp(&right.0));
    members
}

fn contracts<'a>(
    arrangement: &'a Arrangement,
    party: &str,
) -> Vec<(&'a str, Option<ContractHolder>)> {
    arrangement
        .parties
        .iter()
        .find(|listed| listed.party == party)
        .unwrap()
        .contracts
        .contracts
        .iter()
        .map(|contract| (contract.title.as_str(), contract.holder.clone()))
        .collect()
}

fn owed(arrangement: &Arrangement, party: &str) -> Vec<(Uuid, ObligationStatus)> {
    sorted(
        arrangement
            .parties
            .iter()
            .find(|listed| listed.party == party)
            .unwrap()
            .obligations
            .obligations
            .iter()
            .map(|obligation| (obligation.obligation_id, obligation.status))
            .collect(),
    )
}

/// Obligations by id, since the file's ids do not sort in the order the file records them.
fn sorted(mut owed: Vec<(Uuid, ObligationStatus)>) -> Vec<(Uuid, ObligationStatus)> {
    owed.sort_by_key(|(obligation_id, _)| *obligation_id);
    owed
}
