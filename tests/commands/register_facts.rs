//! The register gathers the facts of every command itself, whoever calls it: a request that
//! names a cooperation, body or document the register does not hold, or is addressed to a
//! resource it does not hold, is refused with the variant that says which, and nothing is
//! written. These call the register directly, as the web app will.

use domain::allocation::AllocationMethod;
use domain::body::BodyKind;
use domain::contract::{ContractHolder, ContractKind};
use domain::cooperation::{
    AdmitParty, Cooperation, CooperationCommand, CooperationForm, EstablishCooperation,
};
use domain::goal::{CorrectGoal, SetGoal};
use domain::governing_document::DocumentKind;
use domain::mandate::{Category, GrantMandate, MandateHolder};
use domain::obligation::{Creditor, Due, ObligationKind};
use domain::transition::{ObligationMapping, SuccessorForm, SuccessorPlan};
use domain::{DateRange, LegalBasis, MandatePeriod};
use eventlog::LogReader;
use register::requests::{
    AdoptDocumentRequest, AllocationKeyRequest, BudgetRequest, ContractRequest,
    CorrectBodyEstablishmentRequest, CorrectContractRequest, CorrectObligationRequest,
    EstablishBodyRequest, MapObligationRequest, MembershipAddress, MembershipEndRequest,
    ObligationRequest, PlanTransitionRequest, PopulationFigureRequest, ReassignContractRequest,
    SeatPlanRequest, TermAddress,
};
use register::{Register, RegisterError};
use sqlx::PgPool;
use uuid::Uuid;

use crate::support::fixtures::{code, date};
use crate::support::harness::TestDatabase;

fn basis() -> LegalBasis {
    LegalBasis::ExternalDecision {
        issuer: "Kommunfullmäktige i Mora".into(),
        decided_on: date("2019-11-25"),
        reference: Some("§ 112".into()),
        registry_number: None,
    }
}

/// The last position of the log: unchanged when nothing was written.
async fn head(pool: &PgPool) -> eventlog::Position {
    LogReader::new(pool.clone()).head().await.unwrap().position
}

/// A fresh, empty register.
async fn empty_register() -> (TestDatabase, Register) {
    let db = TestDatabase::new().await;
    let register = crate::support::fixtures::register(&db.pool);
    (db, register)
}

fn establish_body(cooperation_id: Uuid) -> EstablishBodyRequest {
    EstablishBodyRequest {
        cooperation_id,
        kind: BodyKind::Committee,
        name: "Gemensamma inköpsnämnden".into(),
        established_on: date("2020-01-01"),
        basis: basis(),
    }
}

fn period_2023() -> MandatePeriod {
    MandatePeriod::beginning(2023).unwrap()
}

#[tokio::test]
async fn a_body_of_an_unknown_cooperation_is_refused_naming_the_field_and_nothing_is_written() {
    let (db, register) = empty_register().await;
    let unknown = Uuid::new_v4();
    let before = head(&db.pool).await;

    let established = register
        .submit(Uuid::new_v4(), establish_body(unknown), None)
        .await;

    assert!(
        matches!(
            &established,
            Err(RegisterError::UnknownCooperation { field, cooperation_id })
                if field == "cooperation_id" && *cooperation_id == unknown
        ),
        "{established:?}"
    );
    assert_eq!(head(&db.pool).await, before);
}

#[tokio::test]
async fn a_command_addressed_to_an_unknown_body_is_refused_as_an_unknown_resource() {
    let (db, register) = empty_register().await;
    let unknown = Uuid::new_v4();
    let before = head(&db.pool).await;
    let term = TermAddress {
        body_id: unknown,
        period: period_2023(),
    };

    let corrected = register
        .submit(
            unknown,
            CorrectBodyEstablishmentRequest {
                establish: establish_body(Uuid::new_v4()),
                reason: "Rättelse".into(),
            },
            None,
        )
        .await;
    let seat_plan = register
        .submit(
            term,
            SeatPlanRequest {
                seats: Vec::new(),
                basis: basis(),
            },
            None,
        )
        .await;
    let ended = register
        .submit(
            MembershipAddress {
                term,
                membership_id: Uuid::new_v4(),
            },
            MembershipEndRequest {
                last_day: date("2024-06-30"),
                reason: domain::body_term::EndReason::Resigned,
                basis: basis(),
            },
            None,
        )
        .await;

    let is_unknown_body =
        |resource: &str, id: &str| resource == "body" && id == unknown.to_string();
    assert!(
        matches!(&corrected, Err(RegisterError::UnknownResource { resource, id }) if is_unknown_body(resource, id)),
        "{corrected:?}"
    );
    assert!(
        matches!(&seat_plan, Err(RegisterError::UnknownResource { resource, id }) if is_unknown_body(resource, id)),
        "{seat_plan:?}"
    );
    assert!(
        matches!(&ended, Err(RegisterError::UnknownResource { resource, id }) if is_unknown_body(resource, id)),
        "{ended:?}"
    );
    assert_eq!(head(&db.pool).await, before);
}

#[tokio::test]
async fn a_command_without_facts_addressed_to_an_unknown_cooperation_is_an_unknown_resource() {
    let (db, register) = empty_register().await;
    let unknown = Uuid::new_v4().to_string();
    let before = head(&db.pool).await;

    let admitted = register
        .execute_addressed::<Cooperation>(
            "cooperation",
            &unknown,
            CooperationCommand::AdmitParty(AdmitParty {
                party: code("2062"),
                joins_on: date("2021-01-01"),
                basis: basis(),
            }),
            None,
        )
        .await;

    assert!(
        matches!(&admitted, Err(RegisterError::UnknownResource { resource: "cooperation", id }) if *id == unknown),
        "{admitted:?}"
    );
    assert_eq!(head(&db.pool).await, before);
}

#[tokio::test]
async fn a_document_of_an_unknown_cooperation_is_refused_naming_the_field() {
    let (db, register) = empty_register().await;
    let unknown = Uuid::new_v4();
    let before = head(&db.pool).await;

    let adopted = register
        .submit(
            Uuid::new_v4(),
            AdoptDocumentRequest {
                cooperation_id: unknown,
                kind: DocumentKind::CooperationAgreement,
                title: "Samverkansavtal".into(),
                effective_on: date("2020-01-01"),
                clauses: Vec::new(),
                basis: basis(),
            },
            None,
        )
        .await;

    assert!(
        matches!(
            &adopted,
            Err(RegisterError::UnknownCooperation { field, cooperation_id })
                if field == "cooperation_id" && *cooperation_id == unknown
        ),
        "{adopted:?}"
    );
    assert_eq!(head(&db.pool).await, before);
}

/// A fresh register holding one cooperation of Mora, Orsa and Älvdalen, and its id.
async fn register_with_a_cooperation() -> (TestDatabase, Register, Uuid) {
    let (db, register) = empty_register().await;
    let cooperation_id = Uuid::new_v4();
    register
        .execute::<Cooperation>(
            &cooperation_id.to_string(),
            CooperationCommand::Establish(EstablishCooperation {
                name: "Upphandlingssamverkan Mora, Orsa och Älvdalen".into(),
                form: CooperationForm::ContractBased,
                host: code("2062"),
                parties: vec![code("2062"), code("2034"), code("2039")],
                established_on: date("2020-01-01"),
                predecessor: None,
                bases: basis().into(),
            }),
        )
        .await
        .unwrap();
    (db, register, cooperation_id)
}

fn obligation(cooperation_id: Uuid, creditor: Creditor) -> ObligationRequest {
    ObligationRequest {
        cooperation_id,
        debtor: code("2034"),
        creditor,
        kind: ObligationKind::CostShare,
        description: "Andel av grundavtalet 2021 efter folkmängd".into(),
        period: DateRange {
            from: date("2021-01-01"),
            to: Some(date("2021-12-31")),
        },
        due: Due::On {
            date: date("2021-03-31"),
        },
        basis: basis(),
    }
}

#[tokio::test]
async fn an_obligation_to_an_unknown_body_or_cooperation_is_refused_naming_the_field() {
    let (db, register, cooperation_id) = register_with_a_cooperation().await;
    let unknown = Uuid::new_v4();
    let before = head(&db.pool).await;

    let to_a_body = register
        .submit(
            Uuid::new_v4(),
            obligation(cooperation_id, Creditor::Body { body_id: unknown }),
            None,
        )
        .await;
    let corrected = register
        .submit(
            Uuid::new_v4(),
            CorrectObligationRequest {
                record: obligation(
                    cooperation_id,
                    Creditor::Party {
                        party: code("2062"),
                    },
                ),
                reason: "Rättelse".into(),
            },
            None,
        )
        .await;
    let under_an_unknown_cooperation = register
        .submit(
            Uuid::new_v4(),
            obligation(
                unknown,
                Creditor::Cooperation {
                    cooperation_id: unknown,
                },
            ),
            None,
        )
        .await;

    assert!(
        matches!(
            &to_a_body,
            Err(RegisterError::UnrecordedBody { field, body_id })
                if field == "creditor.body_id" && *body_id == unknown
        ),
        "{to_a_body:?}"
    );
    assert!(
        matches!(
            &corrected,
            Err(RegisterError::UnknownResource {
                resource: "obligation",
                ..
            })
        ),
        "{corrected:?}"
    );
    assert!(
        matches!(
            &under_an_unknown_cooperation,
            Err(RegisterError::UnknownCooperation { field, cooperation_id })
                if field == "cooperation_id" && *cooperation_id == unknown
        ),
        "{under_an_unknown_cooperation:?}"
    );
    assert_eq!(head(&db.pool).await, before);
}

fn contract(cooperation_id: Uuid) -> ContractRequest {
    ContractRequest {
        cooperation_id,
        title: "Livsmedel".into(),
        category: "Livsmedel och dagligvaror".into(),
        supplier: "Menigo Foodservice AB".into(),
        kind: ContractKind::FrameworkAgreement,
        registry_number: None,
        callers: vec![code("2062")],
        starts_on: date("2022-10-01"),
        ends_on: date("2024-09-30"),
        extension_options: Vec::new(),
        basis: basis(),
    }
}

#[tokio::test]
async fn a_contract_of_an_unknown_cooperation_or_to_an_unknown_holder_is_refused_naming_the_field()
{
    let (db, register, cooperation_id) = register_with_a_cooperation().await;
    let contract_id = Uuid::new_v4();
    register
        .submit(contract_id, contract(cooperation_id), None)
        .await
        .unwrap();
    let unknown = Uuid::new_v4();
    let before = head(&db.pool).await;

    let registered = register
        .submit(Uuid::new_v4(), contract(unknown), None)
        .await;
    let reassigned = register
        .submit(
            contract_id,
            ReassignContractRequest {
                effective_on: date("2024-07-01"),
                holder: ContractHolder::Cooperation {
                    cooperation_id: unknown,
                },
                callers: vec![code("2062")],
                basis: basis(),
            },
            None,
        )
        .await;
    let corrected_elsewhere = register
        .submit(
            unknown,
            CorrectContractRequest {
                register: contract(cooperation_id),
                reason: "Rättelse".into(),
            },
            None,
        )
        .await;

    assert!(
        matches!(
            &registered,
            Err(RegisterError::UnknownCooperation { field, cooperation_id })
                if field == "cooperation_id" && *cooperation_id == unknown
        ),
        "{registered:?}"
    );
    assert!(
        matches!(
            &reassigned,
            Err(RegisterError::UnknownCooperation { field, cooperation_id })
                if field == "holder.cooperation_id" && *cooperation_id == unknown
        ),
        "{reassigned:?}"
    );
    assert!(
        matches!(&corrected_elsewhere, Err(RegisterError::UnknownResource { resource: "contract", id }) if *id == unknown.to_string()),
        "{corrected_elsewhere:?}"
    );
    assert_eq!(head(&db.pool).await, before);
}

#[tokio::test]
async fn a_mandate_held_by_an_unknown_body_is_refused_naming_the_field() {
    let (db, register) = empty_register().await;
    let unknown = Uuid::new_v4();
    let before = head(&db.pool).await;

    let granted = register
        .submit(
            Uuid::new_v4(),
            GrantMandate {
                holder: MandateHolder::Body { body_id: unknown },
                category: Category::parse("upphandling").unwrap(),
                scope: "Upphandling för parternas räkning".into(),
                exclusions: Vec::new(),
                valid: DateRange {
                    from: date("2020-01-01"),
                    to: None,
                },
                basis: basis(),
            },
            None,
        )
        .await;

    assert!(
        matches!(
            &granted,
            Err(RegisterError::UnrecordedBody { field, body_id })
                if field == "holder.body_id" && *body_id == unknown
        ),
        "{granted:?}"
    );
    assert_eq!(head(&db.pool).await, before);
}

#[tokio::test]
async fn a_goal_of_an_unknown_body_or_plan_is_refused_naming_the_field() {
    let (db, register) = empty_register().await;
    let unknown = Uuid::new_v4();
    let before = head(&db.pool).await;
    let goal = |body_id, plan_document_id| SetGoal {
        body_id,
        plan_document_id,
        number: 1,
        text: "Minst 30 procent ekologiska livsmedel".into(),
        period: DateRange {
            from: date("2024-01-01"),
            to: Some(date("2024-12-31")),
        },
        basis: basis(),
    };

    let set = register
        .submit(Uuid::new_v4(), goal(unknown, unknown), None)
        .await;
    let corrected = register
        .submit(
            unknown,
            CorrectGoal {
                goal: goal(unknown, unknown),
                reason: "Rättelse".into(),
            },
            None,
        )
        .await;
    let followed_up = register.body_of_goal(unknown).await;

    assert!(
        matches!(
            &set,
            Err(RegisterError::UnrecordedBody { field, body_id })
                if field == "body_id" && *body_id == unknown
        ),
        "{set:?}"
    );
    assert!(
        matches!(
            &corrected,
            Err(RegisterError::UnknownResource {
                resource: "goal",
                ..
            })
        ),
        "{corrected:?}"
    );
    assert!(
        matches!(
            &followed_up,
            Err(RegisterError::UnknownResource {
                resource: "goal",
                ..
            })
        ),
        "{followed_up:?}"
    );
    assert_eq!(head(&db.pool).await, before);
}

#[tokio::test]
async fn a_key_of_an_unknown_agreement_or_a_budget_of_an_unknown_cooperation_is_refused() {
    let (db, register, cooperation_id) = register_with_a_cooperation().await;
    let unknown = Uuid::new_v4();
    let before = head(&db.pool).await;

    let key = register
        .submit(
            Uuid::new_v4(),
            AllocationKeyRequest {
                cooperation_id,
                document_id: unknown,
                document_version: 1,
                method: AllocationMethod::Population,
                exceptions: Vec::new(),
                basis: basis(),
            },
            None,
        )
        .await;
    let budget = register
        .submit(
            unknown,
            BudgetRequest {
                year: 2021,
                lines: Vec::new(),
                basis: basis(),
            },
            None,
        )
        .await;

    assert!(
        matches!(
            &key,
            Err(RegisterError::UnknownDocument { field, document_id })
                if field == "document_id" && *document_id == unknown
        ),
        "{key:?}"
    );
    assert!(
        matches!(&budget, Err(RegisterError::UnknownResource { resource: "cooperation", id }) if *id == unknown.to_string()),
        "{budget:?}"
    );
    assert_eq!(head(&db.pool).await, before);
}

#[tokio::test]
async fn a_plan_of_an_unknown_cooperation_or_a_mapping_on_an_unknown_plan_is_refused() {
    let (db, register) = empty_register().await;
    let unknown = Uuid::new_v4();
    let before = head(&db.pool).await;

    let planned = register
        .submit(
            Uuid::new_v4(),
            PlanTransitionRequest {
                transition_id: None,
                cooperation_id: unknown,
                successor: SuccessorPlan {
                    form: SuccessorForm::EachPartyOnItsOwn,
                    cooperation: None,
                },
                effective_on: date("2027-01-01"),
                basis: basis(),
            },
            None,
        )
        .await;
    let mapped = register
        .submit(
            unknown,
            MapObligationRequest {
                obligation_id: Uuid::new_v4(),
                mapping: ObligationMapping::CarriedToSuccessor {
                    successor_obligation_id: Uuid::new_v4(),
                },
                decided_on: date("2026-06-15"),
                basis: basis(),
            },
            None,
        )
        .await;

    assert!(
        matches!(
            &planned,
            Err(RegisterError::UnknownCooperation { field, cooperation_id })
                if field == "cooperation_id" && *cooperation_id == unknown
        ),
        "{planned:?}"
    );
    assert!(
        matches!(&mapped, Err(RegisterError::UnknownResource { resource: "transition", id }) if *id == unknown.to_string()),
        "{mapped:?}"
    );
    assert_eq!(head(&db.pool).await, before);
}

#[tokio::test]
async fn a_population_figure_of_an_unknown_party_is_an_unknown_resource() {
    let (db, register) = empty_register().await;
    let before = head(&db.pool).await;

    let recorded = register
        .submit(
            code("2062"),
            PopulationFigureRequest {
                reference_date: date("2020-12-31"),
                population: 20_326,
                source: "SCB, folkmängd 31 december 2020".into(),
            },
            None,
        )
        .await;

    assert!(
        matches!(&recorded, Err(RegisterError::UnknownResource { resource: "party", id }) if id == "2062"),
        "{recorded:?}"
    );
    assert_eq!(head(&db.pool).await, before);
}
