//! Seed 004 carried out end to end through the register and the read models: Inköpsnämnden, the
//! joint committee of Region Sörmland (04, host) and Region Västmanland (19) since 2019-01-01, is
//! dissolved and replaced by contract-based cooperation from 2027-01-01 (RS 2025-05-06 §103).
//!
//! The register comes from `data/scenarios/004-inkopsnamnden.json`, which plans the transition and
//! records the study done on 2025-10-07; the test does the rest of the work of 2025 and 2026
//! through the register, then previews and carries the transition out. The file holds no
//! contracts, so the two framework agreements are registered on top of it, as a user would.
//!
//! Values that changed when the hand-written setup gave way to the file: the members are the
//! file's four seats (a chair and a deputy from each region, named by their seats) instead of two
//! named people; the obligations are the file's three (Sörmland's staff, Västmanland's cost share
//! and the fees) instead of two cost shares, the fees and premises, so Sörmland's staff ends with
//! the committee and only Västmanland's share is carried to the agreement; the study is done on
//! 2025-10-07, as the file records, instead of 2025-09-30; the successor has the file's name; and
//! the ids are the file's keys instead of fixed UUIDs.

use domain::body_term::EndReason;
use domain::contract::{Contract, ContractCommand, ContractHolder, ContractKind, RegisterContract};
use domain::governing_document::Clause;
use domain::obligation::{
    Creditor, Due, Obligation, ObligationCommand, ObligationKind, RecordObligation,
};
use domain::transition::{
    AgreementDraft, Blocker, ContractDisposition, DecideContractDisposition, MapObligation,
    ObligationMapping, RecordPartyDecision, ReviseSuccessor, SetStepStatus, StepKey, StepStatus,
    SuccessorCooperation, SuccessorForm, SuccessorPlan, Transition, TransitionCommand,
    TransitionError,
};
use domain::{DateRange, LegalBasis};
use eventlog::Position;
use projections::obligations::ObligationStatus;
use projections::transitions::{arrangement, readiness, Arrangement};
use projections::{rebuild, KnownAt, Outcome, ReadAt, ReadModel};
use register::{Register, RegisterError};
use uuid::Uuid;

use crate::support::fixtures::{code, date, project, read_all};
use crate::support::seeds::ImportedSeed;

const SCENARIO: &str = "004-inkopsnamnden";
const SORMLAND: &str = "04";
const VASTMANLAND: &str = "19";

/// What the test adds that the file does not hold: the agreement the successor gets, the share
/// owed under it, and the two framework agreements.
const AGREEMENT: Uuid = Uuid::from_u128(0x4004);
const VASTMANLAND_SHARE_UNDER_AGREEMENT: Uuid = Uuid::from_u128(0x4202);
const LAKEMEDEL: Uuid = Uuid::from_u128(0x4401);
const SJUKVARDSMATERIAL: Uuid = Uuid::from_u128(0x4402);

fn council(issuer: &str, decided_on: &str, reference: &str) -> LegalBasis {
    LegalBasis::ExternalDecision {
        issuer: issuer.into(),
        decided_on: date(decided_on),
        reference: Some(reference.into()),
        registry_number: None,
    }
}

fn dissolution_decision() -> LegalBasis {
    council(
        "Regionfullmäktige Sörmland (illustrative)",
        "2025-11-25",
        "§ 150",
    )
}

fn parties() -> Vec<domain::PartyCode> {
    vec![code(SORMLAND), code(VASTMANLAND)]
}

fn step(key: &str) -> StepKey {
    StepKey::parse(key).unwrap()
}

/// Seed 004 as imported, with the register over its database and its ids by key.
struct Seed {
    imported: ImportedSeed,
    register: Register,
}

impl Seed {
    /// Imports the file and registers the two framework agreements it does not hold, both
    /// running on the effective date, one ending three months after it.
    async fn import() -> Seed {
        let imported = ImportedSeed::import(SCENARIO).await;
        let register = crate::support::fixtures::register(&imported.api.db.pool);
        let seed = Seed { imported, register };
        for (id, title, ends_on) in [
            (LAKEMEDEL, "Läkemedel", "2028-12-31"),
            (SJUKVARDSMATERIAL, "Sjukvårdsmaterial", "2027-03-31"),
        ] {
            seed.register
                .execute::<Contract>(
                    &id.to_string(),
                    ContractCommand::Register(RegisterContract {
                        cooperation_id: seed.id("inkopssamverkan"),
                        cooperation_parties: parties(),
                        title: title.into(),
                        category: title.into(),
                        supplier: "Leverantör AB (illustrative)".into(),
                        kind: ContractKind::FrameworkAgreement,
                        registry_number: None,
                        callers: parties(),
                        starts_on: date("2023-04-01"),
                        ends_on: date(ends_on),
                        extension_options: Vec::new(),
                        basis: council("Inköpsnämnden (illustrative)", "2023-02-20", "§ 9"),
                    }),
                )
                .await
                .unwrap();
        }
        seed
    }

    fn id(&self, key: &str) -> Uuid {
        Uuid::parse_str(&self.imported.id(key)).unwrap()
    }

    fn pool(&self) -> &sqlx::PgPool {
        &self.imported.api.db.pool
    }

    fn transition(&self) -> Uuid {
        self.id("avtalssamverkan-fran-2027")
    }

    async fn execute(&self, command: TransitionCommand) -> Position {
        self.register
            .execute::<Transition>(&self.transition().to_string(), command)
            .await
            .unwrap()
    }

    /// The file's successor, now with the agreement it lacked when planned.
    fn successor_with_agreement(&self) -> SuccessorPlan {
        SuccessorPlan {
            form: SuccessorForm::ContractBased,
            cooperation: Some(SuccessorCooperation {
                cooperation_id: self.id("avtalssamverkan-2027"),
                name: "Avtalssamverkan om inköp Region Sörmland och Region Västmanland".into(),
                host: code(SORMLAND),
                parties: parties(),
                agreement: Some(AgreementDraft {
                    document_id: AGREEMENT,
                    title: "Samverkansavtal om inköpsverksamhet".into(),
                    clauses: vec![
                        Clause {
                            number: "§ 1".into(),
                            text: "Region Sörmland utför inköpsverksamhet åt Region Västmanland (KL 9 kap 37 §).".into(),
                        },
                        Clause {
                            number: "§ 5".into(),
                            text: "Kostnaderna fördelas lika, med undantag enligt bilaga.".into(),
                        },
                    ],
                }),
            }),
        }
    }
}

/// The blocking steps of the template for a joint committee replaced by contract-based
/// cooperation, in the order a plan lists them, with the day each is done in this scenario. The
/// file records the study done on 2025-10-07; the test records the rest.
const BLOCKING_STEPS_DONE_ON: [(&str, &str); 9] = [
    ("study-and-report", "2025-10-07"),
    ("council-decisions", "2025-11-26"),
    ("new-agreement", "2026-06-15"),
    ("influence", "2026-09-01"),
    ("allocation-key", "2026-06-15"),
    ("governing-documents", "2026-11-30"),
    ("contract-mapping", "2026-10-01"),
    ("ongoing-procurements", "2026-11-15"),
    ("staff", "2026-12-01"),
];

/// The file's obligations that must be mapped; the fees end with the body of themselves.
const TO_MAP: [&str; 2] = ["sormland-personal", "vastmanland-kostnadsandel"];

#[tokio::test]
async fn seed_004_is_planned_made_ready_previewed_and_carried_out() {
    let seed = Seed::import().await;
    let (pool, register, transition) = (seed.pool(), &seed.register, seed.transition());
    project(pool).await;
    // The head after the import and the two contracts, which readiness reports as read.
    let head = Position::new(read_all(pool).await.len() as u64).unwrap();

    // Planned, nothing done on 2025-06-01 (the file's study is done only in October): every
    // blocking step, the two obligations, both parties and the agreement stand in the way.
    let ready_at = |as_of: &str, known_at: Option<Position>| {
        let read_at = ReadAt::on(date(as_of));
        match known_at {
            Some(position) => read_at.known_at(KnownAt::Position(position)),
            None => read_at,
        }
    };
    let not_ready = readiness(pool, transition, ready_at("2025-06-01", None))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(not_ready.known_at, head.get());
    assert!(!not_ready.readiness.ready);
    let mut expected: Vec<Blocker> = BLOCKING_STEPS_DONE_ON
        .iter()
        .map(|(key, _)| Blocker::BlockingStepNotDone { step: step(key) })
        .collect();
    expected.extend(contracts_without_disposition());
    expected.extend(obligations_without_mapping(&seed));
    expected.push(Blocker::PartyNotDecided {
        party: code(SORMLAND),
    });
    expected.push(Blocker::PartyNotDecided {
        party: code(VASTMANLAND),
    });
    expected.push(Blocker::SuccessorAgreementMissing);
    assert_eq!(not_ready.readiness.reasons, expected);

    // The work of 2025 and 2026, each fact dated in valid time; the study is in the file.
    for (key, done_on) in &BLOCKING_STEPS_DONE_ON[1..] {
        seed.execute(TransitionCommand::SetStepStatus(SetStepStatus {
            step: step(key),
            status: StepStatus::Done,
            on: date(done_on),
            basis: dissolution_decision(),
        }))
        .await;
    }
    for (party, issuer, decided_on) in [
        (
            SORMLAND,
            "Regionfullmäktige Sörmland (illustrative)",
            "2025-11-25",
        ),
        (
            VASTMANLAND,
            "Regionfullmäktige Västmanland (illustrative)",
            "2025-11-26",
        ),
    ] {
        seed.execute(TransitionCommand::RecordPartyDecision(
            RecordPartyDecision {
                party: code(party),
                decided_on: date(decided_on),
                basis: council(issuer, decided_on, "§ 150"),
            },
        ))
        .await;
    }
    let before_mappings = seed
        .execute(TransitionCommand::ReviseSuccessor(ReviseSuccessor {
            successor: seed.successor_with_agreement(),
            basis: council(
                "Regionfullmäktige Sörmland (illustrative)",
                "2026-06-15",
                "§ 80",
            ),
        }))
        .await;
    // Sörmland's staff end with the committee, as Haninge's do in seed 003; Västmanland's share
    // is owed under the agreement.
    for (key, mapping) in [
        ("sormland-personal", ObligationMapping::Ends),
        (
            "vastmanland-kostnadsandel",
            ObligationMapping::CarriedToSuccessor {
                successor_obligation_id: VASTMANLAND_SHARE_UNDER_AGREEMENT,
            },
        ),
    ] {
        seed.execute(TransitionCommand::MapObligation(MapObligation {
            obligation_id: seed.id(key),
            obligation_cooperation_id: seed.id("inkopssamverkan"),
            mapping,
            decided_on: date("2026-10-01"),
            basis: council(
                "Regionstyrelsen Sörmland (illustrative)",
                "2026-10-01",
                "§ 200",
            ),
        }))
        .await;
    }
    for (contract_id, disposition) in [
        (LAKEMEDEL, ContractDisposition::ContinuesJointly),
        (SJUKVARDSMATERIAL, ContractDisposition::EndsAtExpiry),
    ] {
        seed.execute(TransitionCommand::DecideContractDisposition(
            DecideContractDisposition {
                contract_id,
                contract_cooperation_id: seed.id("inkopssamverkan"),
                disposition,
                decided_on: date("2026-10-01"),
                basis: council(
                    "Regionstyrelsen Sörmland (illustrative)",
                    "2026-10-01",
                    "§ 201",
                ),
            },
        ))
        .await;
    }
    project(pool).await;

    // Ready as of mid-December; not on 2026-11-20, when staff and the governing documents were
    // still pending; and, as known before the mappings were recorded, the obligations block.
    let ready = readiness(pool, transition, ready_at("2026-12-15", None))
        .await
        .unwrap()
        .unwrap();
    assert!(ready.readiness.ready);
    assert_eq!(ready.readiness.reasons, Vec::new());
    let november = readiness(pool, transition, ready_at("2026-11-20", None))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        november.readiness.reasons,
        vec![
            Blocker::BlockingStepNotDone {
                step: step("governing-documents")
            },
            Blocker::BlockingStepNotDone {
                step: step("staff")
            },
        ]
    );
    let as_known_before_mappings = readiness(
        pool,
        transition,
        ready_at("2026-12-15", Some(before_mappings)),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(
        as_known_before_mappings.readiness.reasons,
        contracts_without_disposition()
            .into_iter()
            .chain(obligations_without_mapping(&seed))
            .collect::<Vec<_>>()
    );
    // Sjukvårdsmaterial ends three months after the effective date: pointed out, not blocking.
    assert_eq!(
        ready
            .readiness
            .contracts_expiring_near_effective_date
            .iter()
            .map(|contract| (contract.contract_id, contract.ends_on))
            .collect::<Vec<_>>(),
        vec![(SJUKVARDSMATERIAL, date("2027-03-31"))]
    );

    // Before the effective date the plan is refused with exactly that blocker, writing nothing.
    let carry_out_basis = council(
        "Regiondirektör Sörmland (illustrative)",
        "2027-01-01",
        "D 2027/1",
    );
    let events_before = read_all(pool).await.len();
    let early = register
        .carry_out_transition(
            transition,
            date("2026-12-20"),
            carry_out_basis.clone(),
            None,
        )
        .await;
    assert!(matches!(
        early,
        Err(RegisterError::Rule(TransitionError::NotReady { ref blockers }))
            if *blockers == vec![Blocker::NotYetEffective { effective_on: date("2027-01-01") }]
    ));
    assert_eq!(read_all(pool).await.len(), events_before);

    // Both a carry-out and its preview cite a basis the register must hold when it is one of its
    // own decisions.
    let unrecorded = LegalBasis::Decision {
        decision_id: Uuid::from_u128(0x4999),
    };
    assert!(matches!(
        register.preview_transition(transition, unrecorded.clone()).await,
        Err(RegisterError::UnknownDecision { ref field, decision_id })
            if field == "basis.decision_id" && decision_id == Uuid::from_u128(0x4999)
    ));
    assert!(matches!(
        register
            .carry_out_transition(transition, date("2027-01-01"), unrecorded, None)
            .await,
        Err(RegisterError::UnknownDecision { ref field, .. }) if field == "basis.decision_id"
    ));
    assert_eq!(read_all(pool).await.len(), events_before);

    // The preview writes nothing, and equals the register after carrying out.
    let preview = register
        .preview_transition(transition, carry_out_basis.clone())
        .await
        .unwrap();
    assert_eq!(preview.blockers, Vec::new());
    assert_eq!(read_all(pool).await.len(), events_before);
    let scope = register.arrangement_scope(transition).await.unwrap();

    let written = register
        .carry_out_transition(
            transition,
            date("2027-01-01"),
            carry_out_basis.clone(),
            None,
        )
        .await
        .unwrap();
    project(pool).await;
    let after = arrangement(
        pool,
        &scope,
        ReadAt::on(date("2027-01-01")).min_position(written.position),
    )
    .await
    .unwrap();
    assert_eq!(after, preview.arrangement);

    // The day before: the committee sits with its members and mandate, the parties owe under it.
    let before = arrangement(pool, &scope, ReadAt::on(date("2026-12-31")))
        .await
        .unwrap();
    assert_old_arrangement(&seed, &before);
    // From the effective date: no committee, no members, no mandate; the cost shares are owed
    // under the agreement, and the staff and fees have ended.
    assert_new_arrangement(&seed, &after);
    // As known just before carrying out, the committee and its mandate still ran into 2027.
    let as_known_before = arrangement(
        pool,
        &scope,
        ReadAt::on(date("2027-01-01")).known_at(KnownAt::Position(
            Position::new(events_before as u64).unwrap(),
        )),
    )
    .await
    .unwrap();
    assert_eq!(
        as_known_before.bodies[0]
            .membership
            .body
            .as_ref()
            .map(|body| body.last_day),
        Some(None)
    );
    assert_eq!(
        as_known_before.bodies[0]
            .mandates
            .mandates
            .iter()
            .map(|mandate| (mandate.mandate_id, mandate.valid.to))
            .collect::<Vec<_>>(),
        vec![(seed.id("inkopsuppdraget"), None)]
    );

    // A second carry-out is refused.
    let again = register
        .carry_out_transition(transition, date("2027-01-02"), carry_out_basis, None)
        .await;
    assert!(matches!(
        again,
        Err(RegisterError::Rule(TransitionError::AlreadyCarriedOut { carried_out_on }))
            if carried_out_on == date("2027-01-01")
    ));

    for model in [
        ReadModel::Transitions,
        ReadModel::Membership,
        ReadModel::Obligations,
        ReadModel::Contracts,
    ] {
        let check = rebuild(pool, model, Outcome::Check, &mut |_| {})
            .await
            .unwrap();
        assert_eq!(check.drift, Vec::new(), "{model} drifted");
    }
}

fn contracts_without_disposition() -> Vec<Blocker> {
    [LAKEMEDEL, SJUKVARDSMATERIAL]
        .into_iter()
        .map(|contract_id| Blocker::ContractWithoutDisposition { contract_id })
        .collect()
}

/// The file's obligations that block until mapped, in the order readiness lists them: by id,
/// which the import draws afresh, so not in the order of the file.
fn obligations_without_mapping(seed: &Seed) -> Vec<Blocker> {
    let mut obligations = TO_MAP.map(|key| seed.id(key));
    obligations.sort();
    obligations
        .into_iter()
        .map(|obligation_id| Blocker::ObligationWithoutMapping { obligation_id })
        .collect()
}

/// The contracts `party` may call off, by title, with who holds each.
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

fn assert_old_arrangement(seed: &Seed, before: &Arrangement) {
    let old = ContractHolder::Cooperation {
        cooperation_id: seed.id("inkopssamverkan"),
    };
    assert_eq!(
        contracts(before, VASTMANLAND),
        vec![
            ("Läkemedel", Some(old.clone())),
            ("Sjukvårdsmaterial", Some(old)),
        ]
    );
    let body = &before.bodies[0];
    assert_eq!(
        body.membership.body.as_ref().map(|body| body.last_day),
        Some(Some(date("2026-12-31")))
    );
    // The mandate period 2023–2026 ends the day before the effective date, so the members'
    // terms end then of themselves and carrying out has no membership to end early.
    let mut members: Vec<_> = body
        .membership
        .members
        .iter()
        .map(|member| (member.name.as_str(), member.serves_to, member.end_reason))
        .collect();
    members.sort_by_key(|(name, _, _)| *name);
    assert_eq!(
        members,
        [
            "Ersättare från Region Sörmland",
            "Ersättare från Region Västmanland",
            "Ordförande från Region Sörmland",
            "Vice ordförande från Region Västmanland",
        ]
        .map(|name| (name, date("2026-12-31"), None::<EndReason>))
    );
    assert_eq!(
        body.mandates
            .mandates
            .iter()
            .map(|mandate| (mandate.mandate_id, mandate.valid.to))
            .collect::<Vec<_>>(),
        vec![(seed.id("inkopsuppdraget"), Some(date("2026-12-31")))]
    );
    assert_eq!(
        owed(before, SORMLAND),
        sorted(vec![
            (seed.id("sormland-personal"), ObligationStatus::Open),
            (seed.id("arvoden"), ObligationStatus::Open),
        ])
    );
    assert_eq!(
        owed(before, VASTMANLAND),
        vec![(seed.id("vastmanland-kostnadsandel"), ObligationStatus::Open)]
    );
    assert_eq!(
        before
            .successor_obligations
            .as_ref()
            .map(|view| view.obligations.len()),
        Some(0)
    );
}

fn assert_new_arrangement(seed: &Seed, after: &Arrangement) {
    // Läkemedel continues under the agreement; Sjukvårdsmaterial runs out under the old
    // cooperation, which both regions still call off from until 2027-03-31.
    for party in [SORMLAND, VASTMANLAND] {
        assert_eq!(
            contracts(after, party),
            vec![
                (
                    "Läkemedel",
                    Some(ContractHolder::Cooperation {
                        cooperation_id: seed.id("avtalssamverkan-2027")
                    })
                ),
                (
                    "Sjukvårdsmaterial",
                    Some(ContractHolder::Cooperation {
                        cooperation_id: seed.id("inkopssamverkan")
                    })
                ),
            ]
        );
    }
    let body = &after.bodies[0];
    assert_eq!(body.membership.body, None);
    assert_eq!(body.membership.members, Vec::new());
    assert_eq!(body.mandates.mandates, Vec::new());
    assert_eq!(
        owed(after, SORMLAND),
        sorted(vec![
            (seed.id("sormland-personal"), ObligationStatus::Ended),
            (seed.id("arvoden"), ObligationStatus::Ended),
        ])
    );
    assert_eq!(
        owed(after, VASTMANLAND),
        sorted(vec![
            (
                seed.id("vastmanland-kostnadsandel"),
                ObligationStatus::Ended
            ),
            (VASTMANLAND_SHARE_UNDER_AGREEMENT, ObligationStatus::Open),
        ])
    );
    let under_agreement = after.successor_obligations.as_ref().unwrap();
    assert_eq!(
        under_agreement
            .obligations
            .iter()
            .map(|obligation| (
                obligation.obligation_id,
                obligation.debtor.as_str(),
                obligation.period.from
            ))
            .collect::<Vec<_>>(),
        vec![(
            VASTMANLAND_SHARE_UNDER_AGREEMENT,
            VASTMANLAND,
            date("2027-01-01")
        )]
    );
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

/// An obligation that only begins after the effective date must be mapped all the same: carrying
/// out would otherwise leave it owed under a dissolved cooperation. Readiness finds it although
/// it is not yet listed on the effective date. The file holds no such obligation, so it is
/// recorded on top of the imported seed.
#[tokio::test]
async fn an_obligation_beginning_after_the_effective_date_must_be_mapped() {
    let seed = Seed::import().await;
    let report_2027 = Uuid::from_u128(0x4105);
    seed.register
        .execute::<Obligation>(
            &report_2027.to_string(),
            ObligationCommand::Record(RecordObligation {
                cooperation_id: seed.id("inkopssamverkan"),
                cooperation_parties: parties(),
                debtor: code(SORMLAND),
                creditor: Creditor::Cooperation {
                    cooperation_id: seed.id("inkopssamverkan"),
                },
                kind: ObligationKind::ReportOrPlan,
                description: "Verksamhetsberättelse 2027".into(),
                period: DateRange {
                    from: date("2027-02-01"),
                    to: Some(date("2027-12-31")),
                },
                due: Due::Continuous,
                basis: council("Regionfullmäktige Sörmland", "2018-06-12", "§ 77"),
            }),
        )
        .await
        .unwrap();
    project(seed.pool()).await;

    let answer = readiness(
        seed.pool(),
        seed.transition(),
        ReadAt::on(date("2026-12-01")),
    )
    .await
    .unwrap()
    .unwrap();
    // Readiness lists them by id, which the import draws afresh.
    let mut expected = vec![
        (seed.id("sormland-personal"), date("2019-01-01")),
        (seed.id("vastmanland-kostnadsandel"), date("2019-01-01")),
        (report_2027, date("2027-02-01")),
    ];
    expected.sort();
    assert_eq!(
        answer
            .readiness
            .obligations_without_mapping
            .iter()
            .map(|obligation| (obligation.obligation_id, obligation.period.from))
            .collect::<Vec<_>>(),
        expected
    );
}
