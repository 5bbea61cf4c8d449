//! Seed 003 carried out end to end through the register and the read models: Södertörns
//! upphandlingsnämnd, the joint committee of Haninge (0136, host) and Nynäshamn (0192) since 2012,
//! is dissolved from 2024-07-01, and a cooperation agreement governs the second half-year.
//!
//! The seed says the work is "to map which contracts expire when, and which become
//! municipality-specific"; the contracts, members and obligations here are illustrative.

use domain::body::{Body, BodyCommand, BodyKind, EstablishBody};
use domain::body_term::{
    AdoptSeatPlan, Appoint, Appointment, BodyTerm, BodyTermCommand, EndReason, Person, Role,
    SeatAllocation,
};
use domain::contract::{
    Contract, ContractCommand, ContractHolder, ContractKind, ExtensionOption, RegisterContract,
};
use domain::cooperation::{Cooperation, CooperationCommand, CooperationForm, EstablishCooperation};
use domain::governing_document::Clause;
use domain::mandate::{Category, GrantMandate, Mandate, MandateCommand, MandateHolder};
use domain::obligation::{
    Creditor, Due, Obligation, ObligationCommand, ObligationKind, RecordObligation,
};
use domain::transition::{
    AgreementDraft, Blocker, ContractDisposition, DecideContractDisposition, MapObligation,
    ObligationMapping, PlanTransition, RecordPartyDecision, SetStepStatus, StepKey, StepStatus,
    SuccessorCooperation, SuccessorForm, SuccessorPlan, Transition, TransitionCommand,
};
use domain::{DateRange, LegalBasis, MandatePeriod};
use eventlog::Position;
use projections::obligations::ObligationStatus;
use projections::transitions::{arrangement, readiness, Arrangement};
use projections::{rebuild, KnownAt, Outcome, ReadAt, ReadModel};
use register::Register;
use uuid::Uuid;

use crate::fixtures::{code, date, project, read_all};
use crate::harness::TestDatabase;

const SODERTORN: Uuid = Uuid::from_u128(0x3000);
const NAMNDEN: Uuid = Uuid::from_u128(0x3001);
const TRANSITION: Uuid = Uuid::from_u128(0x3002);
const SUCCESSOR: Uuid = Uuid::from_u128(0x3003);
const AGREEMENT: Uuid = Uuid::from_u128(0x3004);
const MANDATE: Uuid = Uuid::from_u128(0x3005);
const STAFF: Uuid = Uuid::from_u128(0x3101);
const NYNASHAMN_SHARE: Uuid = Uuid::from_u128(0x3102);
const FEES: Uuid = Uuid::from_u128(0x3103);
const NYNASHAMN_SHARE_UNDER_AGREEMENT: Uuid = Uuid::from_u128(0x3201);
const LIVSMEDEL: Uuid = Uuid::from_u128(0x3301);
const KONTORSMATERIAL: Uuid = Uuid::from_u128(0x3302);
const FORDONSLEASING: Uuid = Uuid::from_u128(0x3303);
const IT_KONSULTER: Uuid = Uuid::from_u128(0x3304);
const STADTJANSTER: Uuid = Uuid::from_u128(0x3305);
const EVA: Uuid = Uuid::from_u128(0x3401);
const FREDRIK: Uuid = Uuid::from_u128(0x3402);
const GUNILLA: Uuid = Uuid::from_u128(0x3403);

const HANINGE: &str = "0136";
const NYNASHAMN: &str = "0192";

fn decision(issuer: &str, decided_on: &str, reference: &str) -> LegalBasis {
    LegalBasis::ExternalDecision {
        issuer: issuer.into(),
        decided_on: date(decided_on),
        reference: Some(reference.into()),
        registry_number: None,
    }
}

fn founding() -> LegalBasis {
    decision(
        "Kommunfullmäktige Haninge (illustrative)",
        "2011-06-13",
        "§ 101",
    )
}

fn parties() -> Vec<domain::PartyCode> {
    vec![code(HANINGE), code(NYNASHAMN)]
}

fn step(key: &str) -> StepKey {
    StepKey::parse(key).unwrap()
}

/// The committee as it stood in spring 2024: three members for 2023–2026, a mandate, the
/// host's staff, Nynäshamn's cost share, the fees, and five contracts.
async fn sodertorn(register: &Register) {
    register
        .execute::<Cooperation>(
            &SODERTORN.to_string(),
            CooperationCommand::Establish(EstablishCooperation {
                name: "Upphandling Södertörn".into(),
                form: CooperationForm::JointCommittee,
                host: code(HANINGE),
                parties: parties(),
                established_on: date("2012-01-01"),
                predecessor: None,
                basis: founding(),
            }),
        )
        .await
        .unwrap();
    register
        .execute::<Body>(
            &NAMNDEN.to_string(),
            BodyCommand::Establish(EstablishBody {
                cooperation_id: SODERTORN,
                cooperation_established_on: date("2012-01-01"),
                kind: BodyKind::Committee,
                name: "Södertörns upphandlingsnämnd".into(),
                established_on: date("2012-01-01"),
                basis: founding(),
            }),
        )
        .await
        .unwrap();
    let period = MandatePeriod::beginning(2023).unwrap();
    let term = BodyTerm::stream_id(NAMNDEN, period);
    register
        .execute::<BodyTerm>(
            &term,
            BodyTermCommand::AdoptSeatPlan(AdoptSeatPlan {
                body_id: NAMNDEN,
                period,
                seats: vec![
                    SeatAllocation {
                        party: code(HANINGE),
                        members: 3,
                        deputies: 3,
                    },
                    SeatAllocation {
                        party: code(NYNASHAMN),
                        members: 2,
                        deputies: 2,
                    },
                ],
                is_joint_committee: true,
                cooperation_parties: parties(),
                basis: founding(),
            }),
        )
        .await
        .unwrap();
    for (id, name, role, party) in [
        (EVA, "Eva Holm", Role::Chair, HANINGE),
        (FREDRIK, "Fredrik Ås", Role::Member, HANINGE),
        (GUNILLA, "Gunilla Berg", Role::ViceChair, NYNASHAMN),
    ] {
        register
            .execute::<BodyTerm>(
                &term,
                BodyTermCommand::Appoint(Appoint {
                    membership_id: id,
                    appointment: Appointment {
                        person: Person {
                            id,
                            name: name.into(),
                        },
                        role,
                        party: code(party),
                        serves_from: date("2023-01-01"),
                        serves_to: None,
                    },
                    replaces: None,
                    cooperation_parties: parties(),
                    basis: decision(
                        "Kommunfullmäktige Haninge (illustrative)",
                        "2022-12-12",
                        "§ 200",
                    ),
                }),
            )
            .await
            .unwrap();
    }
    register
        .execute::<Mandate>(
            &MANDATE.to_string(),
            MandateCommand::Grant(GrantMandate {
                holder: MandateHolder::Body { body_id: NAMNDEN },
                category: Category::parse("upphandling").unwrap(),
                scope: "Gemensamma upphandlingar för Haninge och Nynäshamn".into(),
                exclusions: Vec::new(),
                valid: DateRange {
                    from: date("2012-01-01"),
                    to: None,
                },
                basis: founding(),
            }),
        )
        .await
        .unwrap();
    for (id, debtor, kind, description) in [
        (
            STAFF,
            HANINGE,
            ObligationKind::ProvideStaff,
            "Personal till Upphandling Södertörn",
        ),
        (
            NYNASHAMN_SHARE,
            NYNASHAMN,
            ObligationKind::CostShare,
            "Nynäshamns andel av kostnaderna",
        ),
        (
            FEES,
            HANINGE,
            ObligationKind::PayFees,
            "Arvoden till nämndens ledamöter",
        ),
    ] {
        register
            .execute::<Obligation>(
                &id.to_string(),
                ObligationCommand::Record(RecordObligation {
                    cooperation_id: SODERTORN,
                    cooperation_parties: parties(),
                    debtor: code(debtor),
                    creditor: Creditor::Cooperation {
                        cooperation_id: SODERTORN,
                    },
                    kind,
                    description: description.into(),
                    period: DateRange {
                        from: date("2012-01-01"),
                        to: None,
                    },
                    due: Due::Continuous,
                    basis: founding(),
                }),
            )
            .await
            .unwrap();
    }
    for (id, title, ends_on, options) in [
        (LIVSMEDEL, "Livsmedel", "2024-09-30", vec!["2025-09-30"]),
        (KONTORSMATERIAL, "Kontorsmaterial", "2025-03-31", vec![]),
        (FORDONSLEASING, "Fordonsleasing", "2024-05-31", vec![]),
        (IT_KONSULTER, "IT-konsulter", "2024-12-31", vec![]),
        (
            STADTJANSTER,
            "Städtjänster",
            "2026-06-30",
            vec!["2027-06-30"],
        ),
    ] {
        register
            .execute::<Contract>(
                &id.to_string(),
                ContractCommand::Register(RegisterContract {
                    cooperation_id: SODERTORN,
                    cooperation_parties: parties(),
                    title: title.into(),
                    category: title.into(),
                    supplier: "Leverantör AB (illustrative)".into(),
                    kind: ContractKind::FrameworkAgreement,
                    registry_number: None,
                    callers: parties(),
                    starts_on: date("2022-01-01"),
                    ends_on: date(ends_on),
                    extension_options: options
                        .into_iter()
                        .map(|day| ExtensionOption {
                            extends_to: date(day),
                        })
                        .collect(),
                    basis: founding(),
                }),
            )
            .await
            .unwrap();
    }
}

async fn transition(register: &Register, command: TransitionCommand) -> Position {
    register
        .execute::<Transition>(&TRANSITION.to_string(), command)
        .await
        .unwrap()
}

fn successor() -> SuccessorPlan {
    SuccessorPlan {
        form: SuccessorForm::ContractBased,
        cooperation: Some(SuccessorCooperation {
            cooperation_id: SUCCESSOR,
            name: "Upphandlingssamverkan Haninge–Nynäshamn, andra halvåret 2024".into(),
            host: code(HANINGE),
            parties: parties(),
            agreement: Some(AgreementDraft {
                document_id: AGREEMENT,
                title: "Samverkansavtal om upphandling 2024-07-01–2024-12-31".into(),
                clauses: vec![Clause {
                    number: "§ 1".into(),
                    text: "Haninge kommun genomför upphandlingar åt Nynäshamns kommun under andra halvåret 2024.".into(),
                }],
            }),
        }),
    }
}

#[tokio::test]
async fn seed_003_maps_every_contract_and_ends_the_committee_mid_term() {
    let db = TestDatabase::new().await;
    let register = crate::fixtures::register(&db.pool);
    sodertorn(&register).await;
    let dissolution = decision(
        "Kommunfullmäktige Haninge (illustrative)",
        "2024-02-12",
        "§ 14",
    );
    transition(
        &register,
        TransitionCommand::Plan(PlanTransition {
            cooperation_id: SODERTORN,
            cooperation_form: CooperationForm::JointCommittee,
            cooperation_parties: parties(),
            cooperation_established_on: date("2012-01-01"),
            successor: successor(),
            effective_on: date("2024-07-01"),
            basis: dissolution.clone(),
        }),
    )
    .await;
    for (key, status) in [
        ("study-and-report", StepStatus::Done),
        ("council-decisions", StepStatus::Done),
        ("new-agreement", StepStatus::Done),
        ("influence", StepStatus::Done),
        ("allocation-key", StepStatus::NotApplicable),
        ("governing-documents", StepStatus::Done),
        ("ongoing-procurements", StepStatus::InProgress),
        ("staff", StepStatus::Done),
    ] {
        transition(
            &register,
            TransitionCommand::SetStepStatus(SetStepStatus {
                step: step(key),
                status,
                on: date("2024-05-31"),
                basis: dissolution.clone(),
            }),
        )
        .await;
    }
    for (party, issuer) in [
        (HANINGE, "Kommunfullmäktige Haninge (illustrative)"),
        (NYNASHAMN, "Kommunfullmäktige Nynäshamn (illustrative)"),
    ] {
        transition(
            &register,
            TransitionCommand::RecordPartyDecision(RecordPartyDecision {
                party: code(party),
                decided_on: date("2024-02-12"),
                basis: decision(issuer, "2024-02-12", "§ 14"),
            }),
        )
        .await;
    }
    for (obligation_id, mapping) in [
        (STAFF, ObligationMapping::Ends),
        (
            NYNASHAMN_SHARE,
            ObligationMapping::CarriedToSuccessor {
                successor_obligation_id: NYNASHAMN_SHARE_UNDER_AGREEMENT,
            },
        ),
    ] {
        transition(
            &register,
            TransitionCommand::MapObligation(MapObligation {
                obligation_id,
                obligation_cooperation_id: SODERTORN,
                mapping,
                decided_on: date("2024-05-15"),
                basis: dissolution.clone(),
            }),
        )
        .await;
    }
    project(&db.pool).await;

    // Without dispositions and the contract mapping, the contracts still running on 2024-07-01
    // block; the three ending within six months of it are pointed out, the one that ended on
    // 2024-05-31 among them although it needs no disposition.
    let before = readiness(&db.pool, TRANSITION, ReadAt::on(date("2024-06-01")))
        .await
        .unwrap()
        .unwrap();
    let mut running = [LIVSMEDEL, KONTORSMATERIAL, IT_KONSULTER, STADTJANSTER];
    running.sort();
    let mut expected = vec![
        Blocker::BlockingStepNotDone {
            step: step("contract-mapping"),
        },
        Blocker::BlockingStepNotDone {
            step: step("ongoing-procurements"),
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
    assert_eq!(
        expiring,
        vec![
            (LIVSMEDEL, "Livsmedel"),
            (FORDONSLEASING, "Fordonsleasing"),
            (IT_KONSULTER, "IT-konsulter"),
        ]
    );

    // Livsmedel continues jointly, Kontorsmaterial becomes Nynäshamn's own, IT-konsulter is
    // procured again by Haninge after it expires, and Städtjänster simply runs out.
    for (contract_id, disposition) in [
        (LIVSMEDEL, ContractDisposition::ContinuesJointly),
        (
            KONTORSMATERIAL,
            ContractDisposition::MovesToParty {
                party: code(NYNASHAMN),
            },
        ),
        (
            IT_KONSULTER,
            ContractDisposition::ProcuredAgainBy {
                party: code(HANINGE),
            },
        ),
        (STADTJANSTER, ContractDisposition::EndsAtExpiry),
    ] {
        transition(
            &register,
            TransitionCommand::DecideContractDisposition(DecideContractDisposition {
                contract_id,
                contract_cooperation_id: SODERTORN,
                disposition,
                decided_on: date("2024-06-10"),
                basis: dissolution.clone(),
            }),
        )
        .await;
    }
    // Ongoing procurements can be settled only once the contracts are mapped.
    for (key, on) in [
        ("contract-mapping", "2024-06-10"),
        ("ongoing-procurements", "2024-06-12"),
    ] {
        transition(
            &register,
            TransitionCommand::SetStepStatus(SetStepStatus {
                step: step(key),
                status: StepStatus::Done,
                on: date(on),
                basis: dissolution.clone(),
            }),
        )
        .await;
    }
    project(&db.pool).await;
    let ready = readiness(&db.pool, TRANSITION, ReadAt::on(date("2024-06-30")))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ready.readiness.reasons, Vec::new());
    assert!(ready.readiness.ready);

    let carry_out_basis = decision(
        "Kommunstyrelsen Haninge (illustrative)",
        "2024-06-17",
        "§ 90",
    );
    let preview = register
        .preview_transition(TRANSITION, carry_out_basis.clone())
        .await
        .unwrap();
    assert_eq!(preview.blockers, Vec::new());
    let scope = register.arrangement_scope(TRANSITION).await.unwrap();
    let head_before = Position::new(read_all(&db.pool).await.len() as u64).unwrap();
    let written = register
        .carry_out_transition(TRANSITION, date("2024-07-01"), carry_out_basis, None)
        .await
        .unwrap();
    project(&db.pool).await;
    let after = arrangement(
        &db.pool,
        &scope,
        ReadAt::on(date("2024-07-01")).min_position(written.position),
    )
    .await
    .unwrap();
    assert_eq!(after, preview.arrangement);

    // On the last day of the committee, as known after carrying out: every member's service ends
    // that day because the body ended, in the middle of the 2023–2026 term.
    let last_day = arrangement(&db.pool, &scope, ReadAt::on(date("2024-06-30")))
        .await
        .unwrap();
    assert_eq!(
        members(&last_day),
        vec![
            ("Eva Holm", date("2024-06-30"), Some(EndReason::BodyEnded)),
            ("Fredrik Ås", date("2024-06-30"), Some(EndReason::BodyEnded)),
            (
                "Gunilla Berg",
                date("2024-06-30"),
                Some(EndReason::BodyEnded)
            ),
        ]
    );
    // As known before carrying out, they were to serve the whole term.
    let as_known_before = arrangement(
        &db.pool,
        &scope,
        ReadAt::on(date("2024-06-30")).known_at(KnownAt::Position(head_before)),
    )
    .await
    .unwrap();
    assert_eq!(
        members(&as_known_before),
        vec![
            ("Eva Holm", date("2026-12-31"), None),
            ("Fredrik Ås", date("2026-12-31"), None),
            ("Gunilla Berg", date("2026-12-31"), None),
        ]
    );

    // From 2024-07-01: no committee, and each municipality's contracts as disposed of.
    assert_eq!(after.bodies[0].membership.body, None);
    assert_eq!(after.bodies[0].mandates.mandates, Vec::new());
    let sodertorn = ContractHolder::Cooperation {
        cooperation_id: SODERTORN,
    };
    let successor = ContractHolder::Cooperation {
        cooperation_id: SUCCESSOR,
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
        vec![
            (NYNASHAMN_SHARE, ObligationStatus::Ended),
            (NYNASHAMN_SHARE_UNDER_AGREEMENT, ObligationStatus::Open),
        ]
    );
    assert_eq!(
        owed(&after, HANINGE),
        vec![
            (STAFF, ObligationStatus::Ended),
            (FEES, ObligationStatus::Ended),
        ]
    );

    // The old cooperation's timeline tells the story from 2024-07-01 on: the plan, the contracts
    // moving, the committee's end and the carrying out, each on its effective day.
    let timeline = projections::timeline::timeline(
        &db.pool,
        SODERTORN,
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
    assert_eq!(
        from_effective_date,
        vec![
            (
                "TransitionPlanned",
                "Transition planned: contract-based cooperation from 2024-07-01"
            ),
            (
                "DissolutionDecided",
                "Dissolution decided on 2024-02-12, effective 2024-07-01; succeeded by 00000000-0000-0000-0000-000000003003"
            ),
            ("ObligationClosed", "Obligation closed: ended"),
            ("ObligationClosed", "Obligation closed: ended"),
            ("ObligationClosed", "Obligation closed: ended"),
            (
                "ContractReassigned",
                "Contract moves to cooperation 00000000-0000-0000-0000-000000003003"
            ),
            ("ContractReassigned", "Contract moves to 0192 alone"),
            ("TransitionCarriedOut", "Transition carried out on 2024-07-01"),
        ]
    );

    for model in [
        ReadModel::Timeline,
        ReadModel::Transitions,
        ReadModel::Membership,
        ReadModel::Mandates,
        ReadModel::Obligations,
        ReadModel::Contracts,
    ] {
        let check = rebuild(&db.pool, model, Outcome::Check, &mut |_| {})
            .await
            .unwrap();
        assert_eq!(check.drift, Vec::new(), "{model} drifted");
    }
}

fn members(arrangement: &Arrangement) -> Vec<(&str, chrono::NaiveDate, Option<EndReason>)> {
    arrangement.bodies[0]
        .membership
        .members
        .iter()
        .map(|member| (member.name.as_str(), member.serves_to, member.end_reason))
        .collect()
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
    let mut owed: Vec<(Uuid, ObligationStatus)> = arrangement
        .parties
        .iter()
        .find(|listed| listed.party == party)
        .unwrap()
        .obligations
        .obligations
        .iter()
        .map(|obligation| (obligation.obligation_id, obligation.status))
        .collect();
    owed.sort_by_key(|(obligation_id, _)| *obligation_id);
    owed
}
