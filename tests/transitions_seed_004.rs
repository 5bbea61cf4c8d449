//! Seed 004 carried out end to end through the register and the read models: Inköpsnämnden, the
//! joint committee of Region Sörmland (04, host) and Region Västmanland (19) since 2019-01-01, is
//! dissolved and replaced by contract-based cooperation from 2027-01-01 (RS 2025-05-06 §103).
//!
//! Members, the mandate, the obligations and every date after the commission are illustrative.

use domain::body::{Body, BodyCommand, BodyKind, EstablishBody};
use domain::body_term::{
    AdoptSeatPlan, Appoint, Appointment, BodyTerm, BodyTermCommand, EndReason, Person, Role,
    SeatAllocation,
};
use domain::contract::{Contract, ContractCommand, ContractHolder, ContractKind, RegisterContract};
use domain::cooperation::{Cooperation, CooperationCommand, CooperationForm, EstablishCooperation};
use domain::governing_document::Clause;
use domain::mandate::{Category, GrantMandate, Mandate, MandateCommand, MandateHolder};
use domain::obligation::{
    Creditor, Due, Obligation, ObligationCommand, ObligationKind, RecordObligation,
};
use domain::transition::{
    AgreementDraft, Blocker, ContractDisposition, DecideContractDisposition, MapObligation,
    ObligationMapping, PlanTransition, RecordPartyDecision, ReviseSuccessor, SetStepStatus,
    StepKey, StepStatus, SuccessorCooperation, SuccessorForm, SuccessorPlan, Transition,
    TransitionCommand, TransitionError,
};
use domain::{DateRange, LegalBasis, MandatePeriod};
use eventlog::Position;
use projections::obligations::ObligationStatus;
use projections::transitions::{arrangement, readiness, Arrangement};
use projections::{rebuild, KnownAt, Outcome, ReadAt, ReadModel};
use register::{Register, RegisterError};
use uuid::Uuid;

use crate::fixtures::{code, date, project, read_all};
use crate::harness::TestDatabase;

const INKOPSSAMVERKAN: Uuid = Uuid::from_u128(0x4000);
const INKOPSNAMNDEN: Uuid = Uuid::from_u128(0x4001);
const TRANSITION: Uuid = Uuid::from_u128(0x4002);
const SUCCESSOR: Uuid = Uuid::from_u128(0x4003);
const AGREEMENT: Uuid = Uuid::from_u128(0x4004);
const MANDATE: Uuid = Uuid::from_u128(0x4005);
const SORMLAND_COST_SHARE: Uuid = Uuid::from_u128(0x4101);
const VASTMANLAND_COST_SHARE: Uuid = Uuid::from_u128(0x4102);
const FEES: Uuid = Uuid::from_u128(0x4103);
const PREMISES: Uuid = Uuid::from_u128(0x4104);
const SORMLAND_SHARE_UNDER_AGREEMENT: Uuid = Uuid::from_u128(0x4201);
const VASTMANLAND_SHARE_UNDER_AGREEMENT: Uuid = Uuid::from_u128(0x4202);
const LAKEMEDEL: Uuid = Uuid::from_u128(0x4401);
const SJUKVARDSMATERIAL: Uuid = Uuid::from_u128(0x4402);
const ANNA: Uuid = Uuid::from_u128(0x4301);
const BO: Uuid = Uuid::from_u128(0x4302);

const SORMLAND: &str = "04";
const VASTMANLAND: &str = "19";

fn council(issuer: &str, decided_on: &str, reference: &str) -> LegalBasis {
    LegalBasis::ExternalDecision {
        issuer: issuer.into(),
        decided_on: date(decided_on),
        reference: Some(reference.into()),
        registry_number: None,
    }
}

/// RS 2025-05-06 §103 commissioned the study (seed 004).
fn commission() -> LegalBasis {
    LegalBasis::ExternalDecision {
        issuer: "Regionstyrelsen Västmanland".into(),
        decided_on: date("2025-05-06"),
        reference: Some("§103".into()),
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

fn successor(agreement: bool) -> SuccessorPlan {
    SuccessorPlan {
        form: SuccessorForm::ContractBased,
        cooperation: Some(SuccessorCooperation {
            cooperation_id: SUCCESSOR,
            name: "Inköpssamverkan Sörmland–Västmanland".into(),
            host: code(SORMLAND),
            parties: parties(),
            agreement: agreement.then(|| AgreementDraft {
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

fn obligation(debtor: &str, kind: ObligationKind, description: &str) -> ObligationCommand {
    ObligationCommand::Record(RecordObligation {
        cooperation_id: INKOPSSAMVERKAN,
        cooperation_parties: parties(),
        debtor: code(debtor),
        creditor: Creditor::Cooperation {
            cooperation_id: INKOPSSAMVERKAN,
        },
        kind,
        description: description.into(),
        period: DateRange {
            from: date("2019-01-01"),
            to: None,
        },
        due: Due::Continuous,
        basis: council("Regionfullmäktige Sörmland", "2018-06-12", "§ 77"),
    })
}

/// The joint committee as it stands before the plan: its body, two members for 2023–2026, a
/// mandate, four obligations and two framework agreements.
async fn inkopsnamnden(register: &Register) {
    let founding = council("Regionfullmäktige Sörmland", "2018-06-12", "§ 77");
    register
        .execute::<Cooperation>(
            &INKOPSSAMVERKAN.to_string(),
            CooperationCommand::Establish(EstablishCooperation {
                name: "Inköpsnämnden Sörmland–Västmanland".into(),
                form: CooperationForm::JointCommittee,
                host: code(SORMLAND),
                parties: parties(),
                established_on: date("2019-01-01"),
                predecessor: None,
                basis: founding.clone(),
            }),
        )
        .await
        .unwrap();
    register
        .execute::<Body>(
            &INKOPSNAMNDEN.to_string(),
            BodyCommand::Establish(EstablishBody {
                cooperation_id: INKOPSSAMVERKAN,
                cooperation_established_on: date("2019-01-01"),
                kind: BodyKind::Committee,
                name: "Inköpsnämnden".into(),
                established_on: date("2019-01-01"),
                basis: founding.clone(),
            }),
        )
        .await
        .unwrap();
    let period = MandatePeriod::beginning(2023).unwrap();
    let term = BodyTerm::stream_id(INKOPSNAMNDEN, period);
    register
        .execute::<BodyTerm>(
            &term,
            BodyTermCommand::AdoptSeatPlan(AdoptSeatPlan {
                body_id: INKOPSNAMNDEN,
                period,
                seats: parties()
                    .into_iter()
                    .map(|party| SeatAllocation {
                        party,
                        members: 1,
                        deputies: 1,
                    })
                    .collect(),
                is_joint_committee: true,
                cooperation_parties: parties(),
                basis: founding.clone(),
            }),
        )
        .await
        .unwrap();
    for (membership_id, person, name, role, party) in [
        (ANNA, ANNA, "Anna Ek", Role::Chair, SORMLAND),
        (BO, BO, "Bo Lind", Role::Member, VASTMANLAND),
    ] {
        register
            .execute::<BodyTerm>(
                &term,
                BodyTermCommand::Appoint(Appoint {
                    membership_id,
                    appointment: Appointment {
                        person: Person {
                            id: person,
                            name: name.into(),
                        },
                        role,
                        party: code(party),
                        serves_from: date("2023-01-01"),
                        serves_to: None,
                    },
                    replaces: None,
                    cooperation_parties: parties(),
                    basis: council("Regionfullmäktige Sörmland", "2022-11-15", "§ 12"),
                }),
            )
            .await
            .unwrap();
    }
    register
        .execute::<Mandate>(
            &MANDATE.to_string(),
            MandateCommand::Grant(GrantMandate {
                holder: MandateHolder::Body {
                    body_id: INKOPSNAMNDEN,
                },
                category: Category::parse("upphandling").unwrap(),
                scope: "Upphandling av varor och tjänster för båda regionerna".into(),
                exclusions: Vec::new(),
                valid: DateRange {
                    from: date("2019-01-01"),
                    to: None,
                },
                basis: founding,
            }),
        )
        .await
        .unwrap();
    for (id, debtor, kind, description) in [
        (
            SORMLAND_COST_SHARE,
            SORMLAND,
            ObligationKind::CostShare,
            "Hälften av kostnaderna",
        ),
        (
            VASTMANLAND_COST_SHARE,
            VASTMANLAND,
            ObligationKind::CostShare,
            "Hälften av kostnaderna",
        ),
        (
            FEES,
            SORMLAND,
            ObligationKind::PayFees,
            "Arvoden till nämndens ledamöter",
        ),
        (
            PREMISES,
            SORMLAND,
            ObligationKind::ProvidePremises,
            "Lokaler för nämnden",
        ),
    ] {
        register
            .execute::<Obligation>(&id.to_string(), obligation(debtor, kind, description))
            .await
            .unwrap();
    }
    for (id, title, ends_on) in [
        (LAKEMEDEL, "Läkemedel", "2028-12-31"),
        (SJUKVARDSMATERIAL, "Sjukvårdsmaterial", "2027-03-31"),
    ] {
        register
            .execute::<Contract>(
                &id.to_string(),
                ContractCommand::Register(RegisterContract {
                    cooperation_id: INKOPSSAMVERKAN,
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
}

async fn plan(register: &Register) -> Position {
    register
        .execute::<Transition>(
            &TRANSITION.to_string(),
            TransitionCommand::Plan(PlanTransition {
                cooperation_id: INKOPSSAMVERKAN,
                cooperation_form: CooperationForm::JointCommittee,
                cooperation_parties: parties(),
                cooperation_established_on: date("2019-01-01"),
                successor: successor(false),
                effective_on: date("2027-01-01"),
                basis: commission(),
            }),
        )
        .await
        .unwrap()
}

async fn transition(register: &Register, command: TransitionCommand) -> Position {
    register
        .execute::<Transition>(&TRANSITION.to_string(), command)
        .await
        .unwrap()
}

fn step(key: &str) -> StepKey {
    StepKey::parse(key).unwrap()
}

/// The blocking steps of the template for a joint committee replaced by contract-based
/// cooperation, in the order a plan lists them, with the day each is done in this scenario.
const BLOCKING_STEPS_DONE_ON: [(&str, &str); 9] = [
    ("study-and-report", "2025-09-30"),
    ("council-decisions", "2025-11-26"),
    ("new-agreement", "2026-06-15"),
    ("influence", "2026-09-01"),
    ("allocation-key", "2026-06-15"),
    ("governing-documents", "2026-11-30"),
    ("contract-mapping", "2026-10-01"),
    ("ongoing-procurements", "2026-11-15"),
    ("staff", "2026-12-01"),
];

/// Everything the plan still needs on 2026-01-01 after the councils decided: the steps from
/// `new-agreement` on, the obligations, and the agreement.
#[tokio::test]
async fn seed_004_is_planned_made_ready_previewed_and_carried_out() {
    let db = TestDatabase::new().await;
    let register = crate::fixtures::register(&db.pool);
    inkopsnamnden(&register).await;
    let planned = plan(&register).await;
    project(&db.pool).await;

    // Planned, nothing done: every blocking step, the three obligations (fees end with the body),
    // both parties and the agreement stand in the way.
    let ready_at = |as_of: &str, known_at: Option<Position>| {
        let read_at = ReadAt::on(date(as_of));
        match known_at {
            Some(position) => read_at.known_at(KnownAt::Position(position)),
            None => read_at,
        }
    };
    let not_ready = readiness(&db.pool, TRANSITION, ready_at("2025-06-01", None))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(not_ready.known_at, planned.get());
    assert!(!not_ready.readiness.ready);
    let mut expected: Vec<Blocker> = BLOCKING_STEPS_DONE_ON
        .iter()
        .map(|(key, _)| Blocker::BlockingStepNotDone { step: step(key) })
        .collect();
    expected.extend(contracts_without_disposition());
    expected.extend(
        [SORMLAND_COST_SHARE, VASTMANLAND_COST_SHARE, PREMISES]
            .into_iter()
            .map(|obligation_id| Blocker::ObligationWithoutMapping { obligation_id }),
    );
    expected.push(Blocker::PartyNotDecided {
        party: code(SORMLAND),
    });
    expected.push(Blocker::PartyNotDecided {
        party: code(VASTMANLAND),
    });
    expected.push(Blocker::SuccessorAgreementMissing);
    assert_eq!(not_ready.readiness.reasons, expected);

    // The work of 2025 and 2026, each fact dated in valid time.
    for (key, done_on) in BLOCKING_STEPS_DONE_ON {
        transition(
            &register,
            TransitionCommand::SetStepStatus(SetStepStatus {
                step: step(key),
                status: StepStatus::Done,
                on: date(done_on),
                basis: dissolution_decision(),
            }),
        )
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
        transition(
            &register,
            TransitionCommand::RecordPartyDecision(RecordPartyDecision {
                party: code(party),
                decided_on: date(decided_on),
                basis: council(issuer, decided_on, "§ 150"),
            }),
        )
        .await;
    }
    let before_mappings = transition(
        &register,
        TransitionCommand::ReviseSuccessor(ReviseSuccessor {
            successor: successor(true),
            basis: council(
                "Regionfullmäktige Sörmland (illustrative)",
                "2026-06-15",
                "§ 80",
            ),
        }),
    )
    .await;
    for (obligation_id, mapping) in [
        (
            SORMLAND_COST_SHARE,
            ObligationMapping::CarriedToSuccessor {
                successor_obligation_id: SORMLAND_SHARE_UNDER_AGREEMENT,
            },
        ),
        (
            VASTMANLAND_COST_SHARE,
            ObligationMapping::CarriedToSuccessor {
                successor_obligation_id: VASTMANLAND_SHARE_UNDER_AGREEMENT,
            },
        ),
        (PREMISES, ObligationMapping::Ends),
    ] {
        transition(
            &register,
            TransitionCommand::MapObligation(MapObligation {
                obligation_id,
                obligation_cooperation_id: INKOPSSAMVERKAN,
                mapping,
                decided_on: date("2026-10-01"),
                basis: council(
                    "Regionstyrelsen Sörmland (illustrative)",
                    "2026-10-01",
                    "§ 200",
                ),
            }),
        )
        .await;
    }
    for (contract_id, disposition) in [
        (LAKEMEDEL, ContractDisposition::ContinuesJointly),
        (SJUKVARDSMATERIAL, ContractDisposition::EndsAtExpiry),
    ] {
        transition(
            &register,
            TransitionCommand::DecideContractDisposition(DecideContractDisposition {
                contract_id,
                contract_cooperation_id: INKOPSSAMVERKAN,
                disposition,
                decided_on: date("2026-10-01"),
                basis: council(
                    "Regionstyrelsen Sörmland (illustrative)",
                    "2026-10-01",
                    "§ 201",
                ),
            }),
        )
        .await;
    }
    project(&db.pool).await;

    // Ready as of mid-December; not on 2026-11-20, when staff and the governing documents were
    // still pending; and, as known before the mappings were recorded, the obligations block.
    let ready = readiness(&db.pool, TRANSITION, ready_at("2026-12-15", None))
        .await
        .unwrap()
        .unwrap();
    assert!(ready.readiness.ready);
    assert_eq!(ready.readiness.reasons, Vec::new());
    let november = readiness(&db.pool, TRANSITION, ready_at("2026-11-20", None))
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
        &db.pool,
        TRANSITION,
        ready_at("2026-12-15", Some(before_mappings)),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(
        as_known_before_mappings.readiness.reasons,
        contracts_without_disposition()
            .into_iter()
            .chain(
                [SORMLAND_COST_SHARE, VASTMANLAND_COST_SHARE, PREMISES]
                    .into_iter()
                    .map(|obligation_id| Blocker::ObligationWithoutMapping { obligation_id })
            )
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
    let events_before = read_all(&db.pool).await.len();
    let early = register
        .carry_out_transition(
            TRANSITION,
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
    assert_eq!(read_all(&db.pool).await.len(), events_before);

    // Both a carry-out and its preview cite a basis the register must hold when it is one of its
    // own decisions.
    let unrecorded = LegalBasis::Decision {
        decision_id: Uuid::from_u128(0x4999),
    };
    assert!(matches!(
        register.preview_transition(TRANSITION, unrecorded.clone()).await,
        Err(RegisterError::UnknownDecision { ref field, decision_id })
            if field == "basis.decision_id" && decision_id == Uuid::from_u128(0x4999)
    ));
    assert!(matches!(
        register
            .carry_out_transition(TRANSITION, date("2027-01-01"), unrecorded, None)
            .await,
        Err(RegisterError::UnknownDecision { ref field, .. }) if field == "basis.decision_id"
    ));
    assert_eq!(read_all(&db.pool).await.len(), events_before);

    // The preview writes nothing, and equals the register after carrying out.
    let preview = register
        .preview_transition(TRANSITION, carry_out_basis.clone())
        .await
        .unwrap();
    assert_eq!(preview.blockers, Vec::new());
    assert_eq!(read_all(&db.pool).await.len(), events_before);
    let scope = register.arrangement_scope(TRANSITION).await.unwrap();

    let written = register
        .carry_out_transition(
            TRANSITION,
            date("2027-01-01"),
            carry_out_basis.clone(),
            None,
        )
        .await
        .unwrap();
    project(&db.pool).await;
    let after = arrangement(
        &db.pool,
        &scope,
        ReadAt::on(date("2027-01-01")).min_position(written.position),
    )
    .await
    .unwrap();
    assert_eq!(after, preview.arrangement);

    // The day before: the committee sits with its members and mandate, the parties owe under it.
    let before = arrangement(&db.pool, &scope, ReadAt::on(date("2026-12-31")))
        .await
        .unwrap();
    assert_old_arrangement(&before);
    // From the effective date: no committee, no members, no mandate; the cost shares are owed
    // under the agreement, and the fees and premises have ended.
    assert_new_arrangement(&after);
    // As known just before carrying out, the committee and its mandate still ran into 2027.
    let as_known_before = arrangement(
        &db.pool,
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
        vec![(MANDATE, None)]
    );

    // A second carry-out is refused.
    let again = register
        .carry_out_transition(TRANSITION, date("2027-01-02"), carry_out_basis, None)
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
        let check = rebuild(&db.pool, model, Outcome::Check, &mut |_| {})
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

fn assert_old_arrangement(before: &Arrangement) {
    let old = ContractHolder::Cooperation {
        cooperation_id: INKOPSSAMVERKAN,
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
    assert_eq!(
        body.membership
            .members
            .iter()
            .map(|member| (member.name.as_str(), member.serves_to, member.end_reason))
            .collect::<Vec<_>>(),
        vec![
            ("Anna Ek", date("2026-12-31"), None::<EndReason>),
            ("Bo Lind", date("2026-12-31"), None),
        ]
    );
    assert_eq!(
        body.mandates
            .mandates
            .iter()
            .map(|mandate| (mandate.mandate_id, mandate.valid.to))
            .collect::<Vec<_>>(),
        vec![(MANDATE, Some(date("2026-12-31")))]
    );
    assert_eq!(
        owed(before, SORMLAND),
        vec![
            (SORMLAND_COST_SHARE, ObligationStatus::Open),
            (FEES, ObligationStatus::Open),
            (PREMISES, ObligationStatus::Open),
        ]
    );
    assert_eq!(
        owed(before, VASTMANLAND),
        vec![(VASTMANLAND_COST_SHARE, ObligationStatus::Open)]
    );
    assert_eq!(
        before
            .successor_obligations
            .as_ref()
            .map(|view| view.obligations.len()),
        Some(0)
    );
}

fn assert_new_arrangement(after: &Arrangement) {
    // Läkemedel continues under the agreement; Sjukvårdsmaterial runs out under the old
    // cooperation, which both regions still call off from until 2027-03-31.
    for party in [SORMLAND, VASTMANLAND] {
        assert_eq!(
            contracts(after, party),
            vec![
                (
                    "Läkemedel",
                    Some(ContractHolder::Cooperation {
                        cooperation_id: SUCCESSOR
                    })
                ),
                (
                    "Sjukvårdsmaterial",
                    Some(ContractHolder::Cooperation {
                        cooperation_id: INKOPSSAMVERKAN
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
        vec![
            (SORMLAND_COST_SHARE, ObligationStatus::Ended),
            (FEES, ObligationStatus::Ended),
            (PREMISES, ObligationStatus::Ended),
            (SORMLAND_SHARE_UNDER_AGREEMENT, ObligationStatus::Open),
        ]
    );
    assert_eq!(
        owed(after, VASTMANLAND),
        vec![
            (VASTMANLAND_COST_SHARE, ObligationStatus::Ended),
            (VASTMANLAND_SHARE_UNDER_AGREEMENT, ObligationStatus::Open),
        ]
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
        vec![
            (SORMLAND_SHARE_UNDER_AGREEMENT, SORMLAND, date("2027-01-01")),
            (
                VASTMANLAND_SHARE_UNDER_AGREEMENT,
                VASTMANLAND,
                date("2027-01-01")
            ),
        ]
    );
}

fn owed(arrangement: &Arrangement, party: &str) -> Vec<(Uuid, ObligationStatus)> {
    let listed = arrangement
        .parties
        .iter()
        .find(|listed| listed.party == party)
        .unwrap();
    let mut owed: Vec<(Uuid, ObligationStatus)> = listed
        .obligations
        .obligations
        .iter()
        .map(|obligation| (obligation.obligation_id, obligation.status))
        .collect();
    owed.sort_by_key(|(obligation_id, _)| *obligation_id);
    owed
}

/// An obligation that only begins after the effective date must be mapped all the same: carrying
/// out would otherwise leave it owed under a dissolved cooperation. Readiness finds it although
/// it is not yet listed on the effective date.
#[tokio::test]
async fn an_obligation_beginning_after_the_effective_date_must_be_mapped() {
    let db = TestDatabase::new().await;
    let register = crate::fixtures::register(&db.pool);
    inkopsnamnden(&register).await;
    plan(&register).await;
    let report_2027 = Uuid::from_u128(0x4105);
    let ObligationCommand::Record(mut report) = obligation(
        SORMLAND,
        ObligationKind::ReportOrPlan,
        "Verksamhetsberättelse 2027",
    ) else {
        unreachable!("obligation() records");
    };
    report.period = DateRange {
        from: date("2027-02-01"),
        to: Some(date("2027-12-31")),
    };
    register
        .execute::<Obligation>(&report_2027.to_string(), ObligationCommand::Record(report))
        .await
        .unwrap();
    project(&db.pool).await;

    let answer = readiness(&db.pool, TRANSITION, ReadAt::on(date("2026-12-01")))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        answer
            .readiness
            .obligations_without_mapping
            .iter()
            .map(|obligation| (obligation.obligation_id, obligation.period.from))
            .collect::<Vec<_>>(),
        vec![
            (SORMLAND_COST_SHARE, date("2019-01-01")),
            (VASTMANLAND_COST_SHARE, date("2019-01-01")),
            (PREMISES, date("2019-01-01")),
            (report_2027, date("2027-02-01")),
        ]
    );
}
