//! The mandates read model against a real store: a body's and a party's mandates on any day, with
//! their exclusions, sources and delegations, as the register knew them at any position.
//!
//! The committee's mandate follows seed 000 (procurement less building contracts and direct
//! awards); the dates, delegations and the party's mandate are illustrative.

use domain::mandate::{
    Category, CorrectMandate, DelegateMandate, EndMandate, GrantMandate, Mandate, MandateCommand,
    MandateHolder,
};
use domain::{DateRange, LegalBasis};
use eventlog::Position;
use projections::mandates::{
    mandates_of_body, mandates_of_party, Delegation, HeldMandate, MandatesView,
};
use projections::{rebuild, KnownAt, Outcome, ReadAt, ReadModel};
use uuid::Uuid;

use crate::support::fixtures::{basis, code, date, project};
use crate::support::harness::TestDatabase;

const NAMNDEN: Uuid = Uuid::from_u128(0x5001);
const PROCUREMENT: Uuid = Uuid::from_u128(0x5002);
const ECONOMY: Uuid = Uuid::from_u128(0x5003);
const MORA_PROCUREMENT: Uuid = Uuid::from_u128(0x5004);
const FRAMEWORKS: Uuid = Uuid::from_u128(0x5101);

fn category(text: &str) -> Category {
    Category::parse(text).unwrap()
}

fn days(from: &str, to: Option<&str>) -> DateRange {
    DateRange {
        from: date(from),
        to: to.map(date),
    }
}

fn reglemente() -> LegalBasis {
    LegalBasis::DocumentClause {
        document_id: Uuid::from_u128(0x5201),
        version: 1,
        clause: "§ 2".into(),
    }
}

fn delegationsordning() -> LegalBasis {
    LegalBasis::ExternalDecision {
        issuer: "Upphandlingsnämnden".into(),
        decided_on: date("2023-02-14"),
        reference: Some("§ 12".into()),
        registry_number: None,
    }
}

fn procurement_grant(valid: DateRange, scope: &str, basis: LegalBasis) -> GrantMandate {
    GrantMandate {
        holder: MandateHolder::Body { body_id: NAMNDEN },
        category: category("upphandling"),
        scope: scope.into(),
        exclusions: vec![
            category("upphandling/byggentreprenader"),
            category("upphandling/direktupphandlingar"),
        ],
        valid,
        basis,
    }
}

/// What a grant looks like in the read model, before delegations and corrections.
fn held(mandate_id: Uuid, grant: &GrantMandate, recorded_at: Position) -> HeldMandate {
    HeldMandate {
        mandate_id,
        holder: grant.holder.clone(),
        category: grant.category.clone(),
        scope: grant.scope.clone(),
        exclusions: grant.exclusions.clone(),
        valid: grant.valid,
        basis: grant.basis.clone(),
        end_basis: None,
        correction_reason: None,
        delegations: Vec::new(),
        recorded_at_position: recorded_at.as_stored(),
    }
}

fn view(as_of: &str, known_at: Position, mandates: Vec<HeldMandate>) -> MandatesView {
    MandatesView {
        as_of: date(as_of),
        known_at: known_at.get(),
        mandates,
    }
}

#[tokio::test]
async fn a_bodys_mandates_follow_their_days_delegations_and_corrections() {
    let db = TestDatabase::new().await;
    let register = crate::support::fixtures::register(&db.pool);

    let granted = procurement_grant(
        days("2023-01-01", Some("2026-12-31")),
        "Upphandlingar för de samverkande kommunerna",
        basis(),
    );
    let granted_at = register
        .execute::<Mandate>(
            &PROCUREMENT.to_string(),
            MandateCommand::Grant(granted.clone()),
        )
        .await
        .unwrap();
    let delegation = DelegateMandate {
        delegation_id: FRAMEWORKS,
        delegate: "inköpschef".into(),
        category: category("upphandling/ramavtal"),
        valid: days("2023-03-01", Some("2024-12-31")),
        basis: delegationsordning(),
    };
    let delegated_at = register
        .execute::<Mandate>(
            &PROCUREMENT.to_string(),
            MandateCommand::Delegate(delegation.clone()),
        )
        .await
        .unwrap();
    let corrected = procurement_grant(
        days("2023-01-01", Some("2025-12-31")),
        "Upphandlingar för de samverkande kommunerna enligt avtalet",
        reglemente(),
    );
    let corrected_at = register
        .execute::<Mandate>(
            &PROCUREMENT.to_string(),
            MandateCommand::Correct(CorrectMandate {
                grant: corrected.clone(),
                reason: "Avtalet gäller till utgången av 2025".into(),
            }),
        )
        .await
        .unwrap();
    let economy = GrantMandate {
        holder: MandateHolder::Body { body_id: NAMNDEN },
        category: category("ekonomi"),
        scope: "Nämndens egen budget".into(),
        exclusions: Vec::new(),
        valid: days("2024-01-01", None),
        basis: reglemente(),
    };
    let economy_at = register
        .execute::<Mandate>(&ECONOMY.to_string(), MandateCommand::Grant(economy.clone()))
        .await
        .unwrap();
    project(&db.pool).await;

    let frameworks = Delegation {
        delegation_id: FRAMEWORKS,
        delegate: "inköpschef".into(),
        category: category("upphandling/ramavtal"),
        valid: delegation.valid,
        basis: delegationsordning(),
    };
    let original = held(PROCUREMENT, &granted, granted_at);
    let original_delegated = HeldMandate {
        delegations: vec![frameworks.clone()],
        ..original.clone()
    };
    let current = HeldMandate {
        correction_reason: Some("Avtalet gäller till utgången av 2025".into()),
        ..held(PROCUREMENT, &corrected, corrected_at)
    };
    let current_delegated = HeldMandate {
        delegations: vec![frameworks.clone()],
        ..current.clone()
    };
    let economy_held = held(ECONOMY, &economy, economy_at);
    let latest = economy_at;
    let of_body = |as_of: &str, known_at: KnownAt| {
        let pool = db.pool.clone();
        let read_at = ReadAt::on(date(as_of)).known_at(known_at);
        async move { mandates_of_body(&pool, NAMNDEN, read_at).await.unwrap() }
    };

    // Before the mandate begins, the body holds none.
    assert_eq!(
        of_body("2022-12-31", KnownAt::Latest).await,
        view("2022-12-31", latest, Vec::new())
    );
    // Inside it, the corrected grant with its exclusions, source and delegation.
    assert_eq!(
        of_body("2023-06-01", KnownAt::Latest).await,
        view("2023-06-01", latest, vec![current_delegated.clone()])
    );
    // Two mandates sort by category; the delegation is listed while it is valid.
    assert_eq!(
        of_body("2024-06-01", KnownAt::Latest).await,
        view(
            "2024-06-01",
            latest,
            vec![economy_held.clone(), current_delegated]
        )
    );
    assert_eq!(
        of_body("2025-06-01", KnownAt::Latest).await,
        view("2025-06-01", latest, vec![economy_held.clone(), current])
    );
    // After the corrected last day, only the open-ended mandate remains.
    assert_eq!(
        of_body("2026-06-01", KnownAt::Latest).await,
        view("2026-06-01", latest, vec![economy_held])
    );

    // As known before the correction, the original grant still runs through 2026.
    assert_eq!(
        of_body("2026-06-01", KnownAt::Position(delegated_at)).await,
        view("2026-06-01", delegated_at, vec![original.clone()])
    );
    assert_eq!(
        of_body("2023-06-01", KnownAt::Position(granted_at)).await,
        view("2023-06-01", granted_at, vec![original])
    );
    assert_eq!(
        of_body("2023-06-01", KnownAt::Position(delegated_at)).await,
        view("2023-06-01", delegated_at, vec![original_delegated])
    );

    let report = rebuild(&db.pool, ReadModel::Mandates, Outcome::Check, &mut |_| {})
        .await
        .unwrap();
    assert_eq!(report.drift, Vec::new());
}

#[tokio::test]
async fn a_partys_mandate_ends_early_and_stays_known_as_granted_before() {
    let db = TestDatabase::new().await;
    let register = crate::support::fixtures::register(&db.pool);

    let granted = GrantMandate {
        holder: MandateHolder::Party {
            party: code("2062"),
        },
        category: category("upphandling"),
        scope: "Mora som central inköpsfunktion för Orsa och Älvdalen".into(),
        exclusions: vec![category("upphandling/direktupphandlingar")],
        valid: days("2020-01-01", None),
        basis: basis(),
    };
    let granted_at = register
        .execute::<Mandate>(
            &MORA_PROCUREMENT.to_string(),
            MandateCommand::Grant(granted.clone()),
        )
        .await
        .unwrap();
    let ended_at = register
        .execute::<Mandate>(
            &MORA_PROCUREMENT.to_string(),
            MandateCommand::End(EndMandate {
                last_day: date("2024-06-30"),
                basis: reglemente(),
            }),
        )
        .await
        .unwrap();
    // A body's mandate is not the party's.
    let body_grant = procurement_grant(days("2020-01-01", None), "Nämndens upphandlingar", basis());
    let latest = register
        .execute::<Mandate>(&PROCUREMENT.to_string(), MandateCommand::Grant(body_grant))
        .await
        .unwrap();
    project(&db.pool).await;

    let original = held(MORA_PROCUREMENT, &granted, granted_at);
    let ended = HeldMandate {
        valid: days("2020-01-01", Some("2024-06-30")),
        end_basis: Some(reglemente()),
        recorded_at_position: ended_at.as_stored(),
        ..original.clone()
    };
    let of_party = |party: &'static str, as_of: &str, known_at: KnownAt| {
        let pool = db.pool.clone();
        let read_at = ReadAt::on(date(as_of)).known_at(known_at);
        async move { mandates_of_party(&pool, party, read_at).await.unwrap() }
    };

    assert_eq!(
        of_party("2062", "2019-12-31", KnownAt::Latest).await,
        view("2019-12-31", latest, Vec::new())
    );
    assert_eq!(
        of_party("2062", "2024-06-30", KnownAt::Latest).await,
        view("2024-06-30", latest, vec![ended])
    );
    assert_eq!(
        of_party("2062", "2024-07-01", KnownAt::Latest).await,
        view("2024-07-01", latest, Vec::new())
    );
    assert_eq!(
        of_party("2062", "2024-07-01", KnownAt::Position(granted_at)).await,
        view("2024-07-01", granted_at, vec![original])
    );
    assert_eq!(
        of_party("2034", "2024-06-30", KnownAt::Latest).await,
        view("2024-06-30", latest, Vec::new())
    );

    let report = rebuild(&db.pool, ReadModel::Mandates, Outcome::Check, &mut |_| {})
        .await
        .unwrap();
    assert_eq!(report.drift, Vec::new());
}
