//! The contracts read model against a real store: a cooperation's contracts, their expiries and
//! who may call off, on any day, as the register knew it at any position.
//!
//! The cooperation is seed 003's Södertörns upphandlingsnämnd (Haninge 0136 as host, with
//! Nynäshamn 0192, since 2012), dissolved from 2024-07-01 and followed by a cooperation by
//! agreement. The contracts, suppliers, dates and decisions are illustrative.

use domain::contract::{
    Contract, ContractCommand, ContractHolder, ContractKind, CorrectContract, ExtendContract,
    ExtensionOption, ReassignContract, RegisterContract,
};
use domain::{LegalBasis, PartyCode};
use eventlog::Position;
use projections::contracts::{
    contracts_of_cooperation, contracts_of_party, contracts_of_party_at, expiries, ContractEntry,
    ContractExtension, ContractsView, ExpiriesView, Expiry,
};
use projections::{rebuild, KnownAt, Outcome, ReadAt, ReadModel, Resolved};
use register::Register;
use uuid::Uuid;

use crate::support::fixtures::{code, date, project};
use crate::support::harness::TestDatabase;

const SODERTORN: Uuid = Uuid::from_u128(0x7000);
const SUCCESSOR: Uuid = Uuid::from_u128(0x7001);
const LIVSMEDEL: Uuid = Uuid::from_u128(0x7101);
const KONTORSMATERIAL: Uuid = Uuid::from_u128(0x7102);
const FORDONSLEASING: Uuid = Uuid::from_u128(0x7103);
const STADTJANSTER: Uuid = Uuid::from_u128(0x7104);

const HANINGE: &str = "0136";
const NYNASHAMN: &str = "0192";

fn both() -> Vec<PartyCode> {
    vec![code(HANINGE), code(NYNASHAMN)]
}

fn award() -> LegalBasis {
    LegalBasis::ExternalDecision {
        issuer: "Södertörns upphandlingsnämnd".into(),
        decided_on: date("2020-06-16"),
        reference: Some("§ 31".into()),
        registry_number: Some("SUN 2020/8".into()),
    }
}

fn extension_decision() -> LegalBasis {
    LegalBasis::ExternalDecision {
        issuer: "Södertörns upphandlingsnämnd".into(),
        decided_on: date("2024-05-14"),
        reference: Some("§ 19".into()),
        registry_number: None,
    }
}

fn dissolution() -> LegalBasis {
    LegalBasis::ExternalDecision {
        issuer: "Kommunfullmäktige Haninge".into(),
        decided_on: date("2024-03-18"),
        reference: Some("§ 22".into()),
        registry_number: Some("KS 2023/512".into()),
    }
}

fn option(extends_to: &str) -> ExtensionOption {
    ExtensionOption {
        extends_to: date(extends_to),
    }
}

fn successor() -> ContractHolder {
    ContractHolder::Cooperation {
        cooperation_id: SUCCESSOR,
    }
}

fn haninge_alone() -> ContractHolder {
    ContractHolder::Party {
        party: code(HANINGE),
    }
}

#[allow(clippy::too_many_arguments)]
fn contract(
    cooperation_id: Uuid,
    title: &str,
    supplier: &str,
    kind: ContractKind,
    starts_on: &str,
    ends_on: &str,
    extension_options: Vec<ExtensionOption>,
) -> RegisterContract {
    RegisterContract {
        cooperation_id,
        cooperation_parties: both(),
        title: title.into(),
        category: title.into(),
        supplier: supplier.into(),
        kind,
        registry_number: None,
        callers: both(),
        starts_on: date(starts_on),
        ends_on: date(ends_on),
        extension_options,
        basis: award(),
    }
}

fn livsmedel() -> RegisterContract {
    contract(
        SODERTORN,
        "Livsmedel",
        "Menigo Foodservice AB",
        ContractKind::FrameworkAgreement,
        "2020-10-01",
        "2024-09-30",
        vec![option("2025-09-30")],
    )
}

fn kontorsmaterial() -> RegisterContract {
    RegisterContract {
        registry_number: Some("SUN 2021/3".into()),
        ..contract(
            SODERTORN,
            "Kontorsmaterial",
            "Lyreco Sverige AB",
            ContractKind::Contract,
            "2021-04-01",
            "2025-03-31",
            Vec::new(),
        )
    }
}

fn fordonsleasing() -> RegisterContract {
    contract(
        SODERTORN,
        "Fordonsleasing",
        "Autoplan AB",
        ContractKind::FrameworkAgreement,
        "2016-01-01",
        "2019-12-31",
        Vec::new(),
    )
}

fn stadtjanster() -> RegisterContract {
    contract(
        SUCCESSOR,
        "Städtjänster",
        "Samhall AB",
        ContractKind::Contract,
        "2025-01-01",
        "2027-12-31",
        vec![option("2028-12-31")],
    )
}

async fn execute(register: &Register, id: Uuid, command: ContractCommand) -> Position {
    register
        .execute::<Contract>(&id.to_string(), command)
        .await
        .unwrap()
}

async fn reassign(
    register: &Register,
    id: Uuid,
    holder: ContractHolder,
    callers: Vec<PartyCode>,
) -> Position {
    execute(
        register,
        id,
        ContractCommand::Reassign(ReassignContract {
            effective_on: date("2024-07-01"),
            holder,
            holder_parties: callers.clone(),
            callers,
            basis: dissolution(),
        }),
    )
    .await
}

/// A registered contract as the read model shows it on a day in its term, before any change.
fn entry(id: Uuid, registered: &RegisterContract, recorded_at: Position) -> ContractEntry {
    ContractEntry {
        contract_id: id,
        cooperation_id: registered.cooperation_id,
        title: registered.title.clone(),
        category: registered.category.clone(),
        supplier: registered.supplier.clone(),
        kind: registered.kind,
        registry_number: registered.registry_number.clone(),
        starts_on: registered.starts_on,
        ends_on: registered.ends_on,
        latest_possible_end: registered
            .extension_options
            .last()
            .map_or(registered.ends_on, |option| option.extends_to),
        extension_options: registered.extension_options.clone(),
        extensions: Vec::new(),
        options_remaining: registered.extension_options.clone(),
        holder: Some(ContractHolder::Cooperation {
            cooperation_id: registered.cooperation_id,
        }),
        callers: registered.callers.clone(),
        held_since: Some(registered.starts_on),
        holder_basis: Some(registered.basis.clone()),
        basis: registered.basis.clone(),
        correction_reason: None,
        recorded_at_position: recorded_at.as_stored(),
    }
}

/// The entry on a day outside its term: no holder, no callers.
fn outside_term(entry: &ContractEntry) -> ContractEntry {
    ContractEntry {
        holder: None,
        callers: Vec::new(),
        held_since: None,
        holder_basis: None,
        ..entry.clone()
    }
}

/// The entry on a day after its reassignment from 2024-07-01.
fn reassigned(
    entry: &ContractEntry,
    holder: ContractHolder,
    callers: Vec<PartyCode>,
    recorded_at: Position,
) -> ContractEntry {
    ContractEntry {
        holder: Some(holder),
        callers,
        held_since: Some(date("2024-07-01")),
        holder_basis: Some(dissolution()),
        recorded_at_position: recorded_at.as_stored(),
        ..entry.clone()
    }
}

fn view(as_of: &str, known_at: Position, contracts: Vec<ContractEntry>) -> ContractsView {
    ContractsView {
        as_of: date(as_of),
        known_at: known_at.get(),
        contracts,
    }
}

fn expiry(entry: &ContractEntry, days_until_end: i64) -> Expiry {
    Expiry {
        contract_id: entry.contract_id,
        title: entry.title.clone(),
        category: entry.category.clone(),
        supplier: entry.supplier.clone(),
        kind: entry.kind,
        holder: entry.holder.clone(),
        ends_on: entry.ends_on,
        latest_possible_end: entry.latest_possible_end,
        options_remaining: entry.options_remaining.clone(),
        days_until_end,
    }
}

/// What the register holds after the scenario, and the positions written on the way.
struct Recorded {
    db: TestDatabase,
    livsmedel_at: Position,
    kontorsmaterial_at: Position,
    fordonsleasing_at: Position,
    extended_at: Position,
    livsmedel_reassigned_at: Position,
    kontorsmaterial_reassigned_at: Position,
    corrected_at: Position,
    latest: Position,
}

/// Registers four contracts, extends Livsmedel, moves it to the successor and Kontorsmaterial
/// to Haninge alone from 2024-07-01, and corrects Kontorsmaterial's supplier.
async fn recorded() -> Recorded {
    let db = TestDatabase::new().await;
    let register = crate::support::fixtures::register(&db.pool);
    let livsmedel_at = execute(&register, LIVSMEDEL, ContractCommand::Register(livsmedel())).await;
    let kontorsmaterial_at = execute(
        &register,
        KONTORSMATERIAL,
        ContractCommand::Register(kontorsmaterial()),
    )
    .await;
    let fordonsleasing_at = execute(
        &register,
        FORDONSLEASING,
        ContractCommand::Register(fordonsleasing()),
    )
    .await;
    let extended_at = execute(
        &register,
        LIVSMEDEL,
        ContractCommand::Extend(ExtendContract {
            extends_to: date("2025-09-30"),
            decided_on: date("2024-05-14"),
            basis: extension_decision(),
        }),
    )
    .await;
    let livsmedel_reassigned_at = reassign(&register, LIVSMEDEL, successor(), both()).await;
    let kontorsmaterial_reassigned_at = reassign(
        &register,
        KONTORSMATERIAL,
        haninge_alone(),
        vec![code(HANINGE)],
    )
    .await;
    let corrected_at = execute(
        &register,
        KONTORSMATERIAL,
        ContractCommand::Correct(CorrectContract {
            register: RegisterContract {
                supplier: "Staples Sweden AB".into(),
                ..kontorsmaterial()
            },
            reason: "Leverantören skrevs fel vid registreringen.".into(),
        }),
    )
    .await;
    let latest = execute(
        &register,
        STADTJANSTER,
        ContractCommand::Register(stadtjanster()),
    )
    .await;
    project(&db.pool).await;
    Recorded {
        db,
        livsmedel_at,
        kontorsmaterial_at,
        fordonsleasing_at,
        extended_at,
        livsmedel_reassigned_at,
        kontorsmaterial_reassigned_at,
        corrected_at,
        latest,
    }
}

/// Livsmedel as registered, and as extended to 2025-09-30, as known after its last event (the
/// reassignment, which is shown only on days from 2024-07-01).
fn livsmedel_entries(recorded: &Recorded) -> (ContractEntry, ContractEntry) {
    let registered = entry(LIVSMEDEL, &livsmedel(), recorded.livsmedel_at);
    let extended = ContractEntry {
        ends_on: date("2025-09-30"),
        extensions: vec![ContractExtension {
            extends_to: date("2025-09-30"),
            decided_on: date("2024-05-14"),
            basis: extension_decision(),
        }],
        options_remaining: Vec::new(),
        recorded_at_position: recorded.livsmedel_reassigned_at.as_stored(),
        ..registered.clone()
    };
    (registered, extended)
}

/// Kontorsmaterial as registered, and as corrected (before its reassignment is applied).
fn kontorsmaterial_entries(recorded: &Recorded) -> (ContractEntry, ContractEntry) {
    let registered = entry(
        KONTORSMATERIAL,
        &kontorsmaterial(),
        recorded.kontorsmaterial_at,
    );
    let corrected = ContractEntry {
        supplier: "Staples Sweden AB".into(),
        correction_reason: Some("Leverantören skrevs fel vid registreringen.".into()),
        recorded_at_position: recorded.corrected_at.as_stored(),
        ..registered.clone()
    };
    (registered, corrected)
}

async fn of_cooperation(
    recorded: &Recorded,
    cooperation_id: Uuid,
    as_of: &str,
    known_at: KnownAt,
) -> ContractsView {
    let read_at = ReadAt::on(date(as_of)).known_at(known_at);
    contracts_of_cooperation(&recorded.db.pool, cooperation_id, read_at)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_cooperation_lists_every_contract_whatever_its_term_with_its_holder_on_the_day() {
    let recorded = recorded().await;
    let (livsmedel, livsmedel_extended) = livsmedel_entries(&recorded);
    let (kontorsmaterial_registered, kontorsmaterial) = kontorsmaterial_entries(&recorded);
    let fordonsleasing = entry(
        FORDONSLEASING,
        &fordonsleasing(),
        recorded.fordonsleasing_at,
    );
    let latest = recorded.latest;

    // Before any contract began: all are listed, none has a holder yet.
    assert_eq!(
        of_cooperation(&recorded, SODERTORN, "2015-06-01", KnownAt::Latest).await,
        view(
            "2015-06-01",
            latest,
            vec![
                outside_term(&fordonsleasing),
                outside_term(&kontorsmaterial),
                outside_term(&livsmedel_extended),
            ]
        )
    );
    // Inside the terms, before the dissolution: Södertörn holds both running contracts; the
    // expired one is listed without a holder.
    assert_eq!(
        of_cooperation(&recorded, SODERTORN, "2024-03-01", KnownAt::Latest).await,
        view(
            "2024-03-01",
            latest,
            vec![
                outside_term(&fordonsleasing),
                kontorsmaterial.clone(),
                livsmedel_extended.clone(),
            ]
        )
    );
    // After the dissolution: the successor holds Livsmedel, Haninge alone Kontorsmaterial.
    assert_eq!(
        of_cooperation(&recorded, SODERTORN, "2024-08-01", KnownAt::Latest).await,
        view(
            "2024-08-01",
            latest,
            vec![
                outside_term(&fordonsleasing),
                reassigned(
                    &kontorsmaterial,
                    haninge_alone(),
                    vec![code(HANINGE)],
                    recorded.corrected_at,
                ),
                reassigned(
                    &livsmedel_extended,
                    successor(),
                    both(),
                    recorded.livsmedel_reassigned_at,
                ),
            ]
        )
    );
    // After every term has ended.
    assert_eq!(
        of_cooperation(&recorded, SODERTORN, "2025-10-01", KnownAt::Latest).await,
        view(
            "2025-10-01",
            latest,
            vec![
                outside_term(&fordonsleasing),
                outside_term(&kontorsmaterial),
                outside_term(&livsmedel_extended),
            ]
        )
    );
    // As known before the extension, Livsmedel ended on 2024-09-30 with its option left.
    assert_eq!(
        of_cooperation(
            &recorded,
            SODERTORN,
            "2024-09-30",
            KnownAt::Position(recorded.fordonsleasing_at)
        )
        .await,
        view(
            "2024-09-30",
            recorded.fordonsleasing_at,
            vec![
                outside_term(&fordonsleasing),
                kontorsmaterial_registered.clone(),
                livsmedel.clone(),
            ]
        )
    );
    assert_eq!(
        of_cooperation(
            &recorded,
            SODERTORN,
            "2024-10-01",
            KnownAt::Position(recorded.fordonsleasing_at)
        )
        .await
        .contracts[2],
        outside_term(&livsmedel)
    );
    // The successor lists the contract it holds and the one it registered, whatever the day.
    let stadtjanster = entry(STADTJANSTER, &stadtjanster(), latest);
    assert_eq!(
        of_cooperation(&recorded, SUCCESSOR, "2024-08-01", KnownAt::Latest).await,
        view(
            "2024-08-01",
            latest,
            vec![
                reassigned(
                    &livsmedel_extended,
                    successor(),
                    both(),
                    recorded.livsmedel_reassigned_at,
                ),
                outside_term(&stadtjanster),
            ]
        )
    );
    // Before the reassignment was recorded, the successor held nothing.
    assert_eq!(
        of_cooperation(
            &recorded,
            SUCCESSOR,
            "2024-08-01",
            KnownAt::Position(recorded.extended_at)
        )
        .await,
        view("2024-08-01", recorded.extended_at, Vec::new())
    );

    let check = rebuild(
        &recorded.db.pool,
        ReadModel::Contracts,
        Outcome::Check,
        &mut |_| {},
    )
    .await
    .unwrap();
    assert_eq!(check.drift, Vec::new());
}

#[tokio::test]
async fn a_correction_and_a_reassignment_show_from_the_position_that_recorded_them() {
    let recorded = recorded().await;
    let (kontorsmaterial, corrected) = kontorsmaterial_entries(&recorded);
    let (_, livsmedel) = livsmedel_entries(&recorded);

    let of_haninge = |as_of: &str, known_at: KnownAt| {
        let pool = recorded.db.pool.clone();
        let read_at = ReadAt::on(date(as_of)).known_at(known_at);
        async move {
            contracts_of_party(&pool, &code(HANINGE), read_at)
                .await
                .unwrap()
        }
    };
    // Before the reassignment was recorded, Södertörn held Kontorsmaterial after 2024-07-01.
    assert_eq!(
        of_haninge(
            "2024-08-01",
            KnownAt::Position(recorded.livsmedel_reassigned_at)
        )
        .await,
        view(
            "2024-08-01",
            recorded.livsmedel_reassigned_at,
            vec![
                kontorsmaterial.clone(),
                reassigned(
                    &livsmedel,
                    successor(),
                    both(),
                    recorded.livsmedel_reassigned_at
                ),
            ]
        )
    );
    // After it, Haninge holds it alone, first with the supplier as registered ...
    assert_eq!(
        of_haninge(
            "2024-08-01",
            KnownAt::Position(recorded.kontorsmaterial_reassigned_at)
        )
        .await
        .contracts[0],
        reassigned(
            &kontorsmaterial,
            haninge_alone(),
            vec![code(HANINGE)],
            recorded.kontorsmaterial_reassigned_at,
        )
    );
    // ... and, once corrected, with the supplier it should have had and the reason.
    assert_eq!(
        of_haninge("2024-08-01", KnownAt::Latest).await,
        view(
            "2024-08-01",
            recorded.latest,
            vec![
                reassigned(
                    &corrected,
                    haninge_alone(),
                    vec![code(HANINGE)],
                    recorded.corrected_at,
                ),
                reassigned(
                    &livsmedel,
                    successor(),
                    both(),
                    recorded.livsmedel_reassigned_at
                ),
            ]
        )
    );

    // Nynäshamn no longer calls off under Kontorsmaterial from 2024-07-01, nor under Livsmedel
    // after its last day.
    let of_nynashamn = |as_of: &str| {
        let pool = recorded.db.pool.clone();
        let read_at = ReadAt::on(date(as_of));
        async move {
            contracts_of_party(&pool, &code(NYNASHAMN), read_at)
                .await
                .unwrap()
        }
    };
    assert_eq!(
        of_nynashamn("2024-06-30").await,
        view(
            "2024-06-30",
            recorded.latest,
            vec![corrected.clone(), livsmedel.clone()]
        )
    );
    assert_eq!(
        of_nynashamn("2024-07-01").await,
        view(
            "2024-07-01",
            recorded.latest,
            vec![reassigned(
                &livsmedel,
                successor(),
                both(),
                recorded.livsmedel_reassigned_at
            )]
        )
    );
    // From 2025-10-01 Nynäshamn calls off only under the successor's own contract.
    assert_eq!(
        of_nynashamn("2025-10-01").await,
        view(
            "2025-10-01",
            recorded.latest,
            vec![entry(STADTJANSTER, &stadtjanster(), recorded.latest)]
        )
    );

    // The same question on a connection of the caller's own, with the clocks already fixed.
    let mut connection = recorded.db.pool.acquire().await.unwrap();
    let at = Resolved {
        as_of: date("2024-07-01"),
        known_at: recorded.latest,
    };
    assert_eq!(
        contracts_of_party_at(&mut connection, &code(NYNASHAMN), at)
            .await
            .unwrap(),
        of_nynashamn("2024-07-01").await
    );

    let check = rebuild(
        &recorded.db.pool,
        ReadModel::Contracts,
        Outcome::Check,
        &mut |_| {},
    )
    .await
    .unwrap();
    assert_eq!(check.drift, Vec::new());
}

#[tokio::test]
async fn the_expiries_run_from_the_day_by_last_day_with_the_options_left() {
    let recorded = recorded().await;
    let (livsmedel, livsmedel_extended) = livsmedel_entries(&recorded);
    let (kontorsmaterial_registered, kontorsmaterial) = kontorsmaterial_entries(&recorded);
    let fordonsleasing = entry(
        FORDONSLEASING,
        &fordonsleasing(),
        recorded.fordonsleasing_at,
    );
    let expiries_of = |cooperation_id: Uuid, as_of: &str, known_at: KnownAt| {
        let pool = recorded.db.pool.clone();
        let read_at = ReadAt::on(date(as_of)).known_at(known_at);
        async move { expiries(&pool, cooperation_id, read_at).await.unwrap() }
    };

    // In 2019 every contract lies ahead: the one running first, then those not yet begun.
    assert_eq!(
        expiries_of(SODERTORN, "2019-06-01", KnownAt::Latest).await,
        ExpiriesView {
            as_of: date("2019-06-01"),
            known_at: recorded.latest.get(),
            expiries: vec![
                expiry(&fordonsleasing, 213),
                expiry(&outside_term(&kontorsmaterial), 2130),
                expiry(&outside_term(&livsmedel_extended), 2313),
            ],
        }
    );
    // After the dissolution: the expired contract is gone, the others run to their last day.
    assert_eq!(
        expiries_of(SODERTORN, "2024-08-01", KnownAt::Latest).await,
        ExpiriesView {
            as_of: date("2024-08-01"),
            known_at: recorded.latest.get(),
            expiries: vec![
                expiry(
                    &reassigned(
                        &kontorsmaterial,
                        haninge_alone(),
                        vec![code(HANINGE)],
                        recorded.corrected_at
                    ),
                    242
                ),
                expiry(
                    &reassigned(
                        &livsmedel_extended,
                        successor(),
                        both(),
                        recorded.livsmedel_reassigned_at
                    ),
                    425
                ),
            ],
        }
    );
    // As known before the extension, Livsmedel expired first, with its option still open.
    assert_eq!(
        expiries_of(
            SODERTORN,
            "2024-08-01",
            KnownAt::Position(recorded.fordonsleasing_at)
        )
        .await,
        ExpiriesView {
            as_of: date("2024-08-01"),
            known_at: recorded.fordonsleasing_at.get(),
            expiries: vec![
                expiry(&livsmedel, 60),
                expiry(&kontorsmaterial_registered.clone(), 242),
            ],
        }
    );
    // On its last day a contract still counts, with no days left.
    assert_eq!(
        expiries_of(SODERTORN, "2025-09-30", KnownAt::Latest)
            .await
            .expiries,
        vec![expiry(
            &reassigned(
                &livsmedel_extended,
                successor(),
                both(),
                recorded.livsmedel_reassigned_at
            ),
            0
        )]
    );
    // The successor's timeline holds what it holds and what it registered.
    let stadtjanster = entry(STADTJANSTER, &stadtjanster(), recorded.latest);
    assert_eq!(
        expiries_of(SUCCESSOR, "2024-08-01", KnownAt::Latest)
            .await
            .expiries,
        vec![
            expiry(
                &reassigned(
                    &livsmedel_extended,
                    successor(),
                    both(),
                    recorded.livsmedel_reassigned_at
                ),
                425
            ),
            expiry(&outside_term(&stadtjanster), 1247),
        ]
    );
}
