//! The obligations read model against a real store: what a party owes on any day, with its
//! source and its status, as the register knew it at any position.
//!
//! The cooperation is seed 002's (Mora as host, with Orsa and Älvdalen); the obligations, their
//! dates and closures are illustrative, chosen so that every status appears.

use domain::obligation::{
    CloseObligation, Closure, CorrectObligation, Creditor, Due, Obligation, ObligationCommand,
    ObligationKind, RecordObligation,
};
use domain::{DateRange, LegalBasis};
use eventlog::Position;
use projections::obligations::{
    obligations_of_cooperation, obligations_of_party, ObligationClosure, ObligationStatus,
    ObligationsView, OwedObligation,
};
use projections::{rebuild, KnownAt, Outcome, ReadAt, ReadModel};
use register::Register;
use uuid::Uuid;

use crate::support::fixtures::{basis, code, date, project};
use crate::support::harness::TestDatabase;

const COOPERATION: Uuid = Uuid::from_u128(0x6000);
const COST_SHARE: Uuid = Uuid::from_u128(0x6001);
const FEES: Uuid = Uuid::from_u128(0x6002);
const YEARLY_REPORT: Uuid = Uuid::from_u128(0x6003);
const PREMISES: Uuid = Uuid::from_u128(0x6004);
const REPRESENTATIVE: Uuid = Uuid::from_u128(0x6005);
const ARCHIVES: Uuid = Uuid::from_u128(0x6006);
const ALVDALEN_COST_SHARE: Uuid = Uuid::from_u128(0x6007);

const MORA: &str = "2062";
const ORSA: &str = "2034";
const ALVDALEN: &str = "2039";

fn parties() -> Vec<domain::PartyCode> {
    vec![code(MORA), code(ORSA), code(ALVDALEN)]
}

fn days(from: &str, to: Option<&str>) -> DateRange {
    DateRange {
        from: date(from),
        to: to.map(date),
    }
}

fn due_on(day: &str) -> Due {
    Due::On { date: date(day) }
}

fn closing_basis() -> LegalBasis {
    LegalBasis::ExternalDecision {
        issuer: "Kommunstyrelsen Orsa".into(),
        decided_on: date("2024-01-10"),
        reference: Some("§ 4".into()),
        registry_number: None,
    }
}

/// An obligation Orsa owes Mora, for a period and due as given.
fn orsa_owes(
    kind: ObligationKind,
    description: &str,
    period: DateRange,
    due: Due,
) -> RecordObligation {
    RecordObligation {
        cooperation_id: COOPERATION,
        cooperation_parties: parties(),
        debtor: code(ORSA),
        creditor: Creditor::Party { party: code(MORA) },
        kind,
        description: description.into(),
        period,
        due,
        basis: basis(),
    }
}

async fn record(register: &Register, id: Uuid, record: RecordObligation) -> Position {
    register
        .execute::<Obligation>(&id.to_string(), ObligationCommand::Record(record))
        .await
        .unwrap()
}

async fn close(register: &Register, id: Uuid, closure: Closure, on: &str) -> Position {
    register
        .execute::<Obligation>(
            &id.to_string(),
            ObligationCommand::Close(CloseObligation {
                closure,
                on: date(on),
                cooperation_parties: parties(),
                basis: closing_basis(),
            }),
        )
        .await
        .unwrap()
}

/// What a recorded obligation looks like in the read model, before its status and closure.
fn owed(id: Uuid, record: &RecordObligation, recorded_at: Position) -> OwedObligation {
    OwedObligation {
        obligation_id: id,
        cooperation_id: record.cooperation_id,
        debtor: record.debtor.as_str().to_owned(),
        creditor: record.creditor.clone(),
        kind: record.kind,
        description: record.description.clone(),
        period: record.period,
        due: record.due,
        basis: record.basis.clone(),
        status: ObligationStatus::Open,
        closure: None,
        correction_reason: None,
        recorded_at_position: recorded_at.as_stored(),
    }
}

fn closed(
    obligation: &OwedObligation,
    closure: Closure,
    on: &str,
    recorded_at: Position,
) -> OwedObligation {
    OwedObligation {
        closure: Some(ObligationClosure {
            closure,
            on: date(on),
            basis: closing_basis(),
        }),
        recorded_at_position: recorded_at.as_stored(),
        ..obligation.clone()
    }
}

fn with(obligation: &OwedObligation, status: ObligationStatus) -> OwedObligation {
    OwedObligation {
        status,
        ..obligation.clone()
    }
}

fn view(as_of: &str, known_at: Position, obligations: Vec<OwedObligation>) -> ObligationsView {
    ObligationsView {
        as_of: date(as_of),
        known_at: known_at.get(),
        obligations,
    }
}

#[tokio::test]
async fn a_partys_obligations_show_every_status_and_a_correction() {
    use ObligationStatus::*;

    let db = TestDatabase::new().await;
    let register = crate::support::fixtures::register(&db.pool);
    let year_2024 = || days("2024-01-01", Some("2024-12-31"));

    let cost_share = orsa_owes(
        ObligationKind::CostShare,
        "Kostnadsandel 2024 efter invånarantal",
        year_2024(),
        due_on("2024-03-31"),
    );
    let cost_share_at = record(&register, COST_SHARE, cost_share.clone()).await;
    let fulfilled_at = close(&register, COST_SHARE, Closure::Fulfilled, "2024-03-20").await;

    let fees = RecordObligation {
        creditor: Creditor::Cooperation {
            cooperation_id: COOPERATION,
        },
        ..orsa_owes(
            ObligationKind::PayFees,
            "Arvoden till förtroendevalda 2024",
            year_2024(),
            due_on("2024-06-30"),
        )
    };
    let fees_at = record(&register, FEES, fees.clone()).await;

    let report = orsa_owes(
        ObligationKind::ReportOrPlan,
        "Årlig rapport till kommunfullmäktige",
        days("2024-01-01", None),
        Due::Yearly { month: 4, day: 30 },
    );
    let report_at = record(&register, YEARLY_REPORT, report.clone()).await;

    let premises = orsa_owes(
        ObligationKind::ProvidePremises,
        "Lokaler för inköpsfunktionen",
        year_2024(),
        Due::Continuous,
    );
    let premises_at = record(&register, PREMISES, premises.clone()).await;
    let alvdalen = Closure::Transferred { to: code(ALVDALEN) };
    let transferred_at = close(&register, PREMISES, alvdalen.clone(), "2024-09-01").await;

    let representative = orsa_owes(
        ObligationKind::AppointRepresentative,
        "Utse ledamot i styrgruppen",
        year_2024(),
        due_on("2024-02-01"),
    );
    let representative_at = record(&register, REPRESENTATIVE, representative.clone()).await;
    let waived_at = close(&register, REPRESENTATIVE, Closure::Waived, "2024-01-15").await;

    let archives = orsa_owes(
        ObligationKind::DeliverArchives,
        "Leverera arkiv till värdkommunen",
        days("2024-01-01", None),
        Due::Continuous,
    );
    let archives_at = record(&register, ARCHIVES, archives.clone()).await;
    let ended_at = close(&register, ARCHIVES, Closure::Ended, "2024-10-01").await;

    let fees_corrected = RecordObligation {
        due: due_on("2024-08-31"),
        ..fees.clone()
    };
    let corrected_at = register
        .execute::<Obligation>(
            &FEES.to_string(),
            ObligationCommand::Correct(CorrectObligation {
                record: fees_corrected.clone(),
                reason: "Arvodena betalas efter halvårsskiftet".into(),
            }),
        )
        .await
        .unwrap();

    // Älvdalen's obligation belongs to the cooperation's list, not to Orsa's.
    let alvdalen_share = RecordObligation {
        debtor: code(ALVDALEN),
        ..orsa_owes(
            ObligationKind::CostShare,
            "Kostnadsandel 2025 efter invånarantal",
            days("2025-01-01", Some("2025-12-31")),
            due_on("2025-03-31"),
        )
    };
    let latest = record(&register, ALVDALEN_COST_SHARE, alvdalen_share.clone()).await;
    project(&db.pool).await;

    let cost_share = closed(
        &owed(COST_SHARE, &cost_share, cost_share_at),
        Closure::Fulfilled,
        "2024-03-20",
        fulfilled_at,
    );
    let fees_before = owed(FEES, &fees, fees_at);
    let fees = OwedObligation {
        due: fees_corrected.due,
        correction_reason: Some("Arvodena betalas efter halvårsskiftet".into()),
        recorded_at_position: corrected_at.as_stored(),
        ..fees_before.clone()
    };
    let report = owed(YEARLY_REPORT, &report, report_at);
    let premises = closed(
        &owed(PREMISES, &premises, premises_at),
        alvdalen,
        "2024-09-01",
        transferred_at,
    );
    let representative = closed(
        &owed(REPRESENTATIVE, &representative, representative_at),
        Closure::Waived,
        "2024-01-15",
        waived_at,
    );
    let archives = closed(
        &owed(ARCHIVES, &archives, archives_at),
        Closure::Ended,
        "2024-10-01",
        ended_at,
    );
    let alvdalen_share = owed(ALVDALEN_COST_SHARE, &alvdalen_share, latest);

    let of_orsa = |as_of: &str, known_at: KnownAt| {
        let pool = db.pool.clone();
        let read_at = ReadAt::on(date(as_of)).known_at(known_at);
        async move { obligations_of_party(&pool, ORSA, read_at).await.unwrap() }
    };

    // Before any period begins, Orsa owes nothing.
    assert_eq!(
        of_orsa("2023-12-31", KnownAt::Latest).await,
        view("2023-12-31", latest, Vec::new())
    );
    // Sorted by first day, then kind. A closure dated later is shown, the status is not yet it.
    assert_eq!(
        of_orsa("2024-02-15", KnownAt::Latest).await,
        view(
            "2024-02-15",
            latest,
            vec![
                with(&representative, Waived),
                with(&cost_share, NotYetDue),
                with(&archives, Open),
                with(&fees, NotYetDue),
                with(&premises, Open),
                with(&report, Open),
            ]
        )
    );
    // The corrected due date: not yet due; as known before the correction, already overdue.
    assert_eq!(
        of_orsa("2024-07-15", KnownAt::Latest).await,
        view(
            "2024-07-15",
            latest,
            vec![
                with(&representative, Waived),
                with(&cost_share, Fulfilled),
                with(&archives, Open),
                with(&fees, NotYetDue),
                with(&premises, Open),
                with(&report, Open),
            ]
        )
    );
    assert_eq!(
        of_orsa("2024-07-15", KnownAt::Position(ended_at)).await,
        view(
            "2024-07-15",
            ended_at,
            vec![
                with(&representative, Waived),
                with(&cost_share, Fulfilled),
                with(&archives, Open),
                with(&fees_before, Overdue),
                with(&premises, Open),
                with(&report, Open),
            ]
        )
    );
    // An open-ended obligation is listed through the day it is closed, and no longer.
    assert_eq!(
        of_orsa("2024-10-01", KnownAt::Latest).await,
        view(
            "2024-10-01",
            latest,
            vec![
                with(&representative, Waived),
                with(&cost_share, Fulfilled),
                with(&archives, Ended),
                with(&fees, Overdue),
                with(&premises, Transferred),
                with(&report, Open),
            ]
        )
    );
    assert_eq!(
        of_orsa("2024-10-02", KnownAt::Latest).await,
        view(
            "2024-10-02",
            latest,
            vec![
                with(&representative, Waived),
                with(&cost_share, Fulfilled),
                with(&fees, Overdue),
                with(&premises, Transferred),
                with(&report, Open),
            ]
        )
    );
    // After the period, closed obligations drop out; the overdue one stays until it is closed.
    assert_eq!(
        of_orsa("2025-02-01", KnownAt::Latest).await,
        view(
            "2025-02-01",
            latest,
            vec![with(&fees, Overdue), with(&report, Open)]
        )
    );
    // The cooperation's list holds every party's obligations.
    let of_cooperation =
        obligations_of_cooperation(&db.pool, COOPERATION, ReadAt::on(date("2025-02-01")))
            .await
            .unwrap();
    assert_eq!(
        of_cooperation,
        view(
            "2025-02-01",
            latest,
            vec![
                with(&fees, Overdue),
                with(&report, Open),
                with(&alvdalen_share, NotYetDue),
            ]
        )
    );

    let check = rebuild(
        &db.pool,
        ReadModel::Obligations,
        Outcome::Check,
        &mut |_| {},
    )
    .await
    .unwrap();
    assert_eq!(check.drift, Vec::new());
}

#[tokio::test]
async fn an_overdue_obligation_closed_late_is_listed_until_its_closure() {
    let db = TestDatabase::new().await;
    let register = crate::support::fixtures::register(&db.pool);
    let share = orsa_owes(
        ObligationKind::CostShare,
        "Kostnadsandel 2024 efter invånarantal",
        days("2024-01-01", Some("2024-12-31")),
        due_on("2024-03-31"),
    );
    let recorded_at = record(&register, COST_SHARE, share.clone()).await;
    let fulfilled_at = close(&register, COST_SHARE, Closure::Fulfilled, "2025-02-10").await;
    project(&db.pool).await;

    let share = closed(
        &owed(COST_SHARE, &share, recorded_at),
        Closure::Fulfilled,
        "2025-02-10",
        fulfilled_at,
    );
    let of_orsa = |as_of: &str, known_at: KnownAt| {
        let pool = db.pool.clone();
        let read_at = ReadAt::on(date(as_of)).known_at(known_at);
        async move { obligations_of_party(&pool, ORSA, read_at).await.unwrap() }
    };
    assert_eq!(
        of_orsa("2025-02-09", KnownAt::Latest).await,
        view(
            "2025-02-09",
            fulfilled_at,
            vec![with(&share, ObligationStatus::Overdue)]
        )
    );
    assert_eq!(
        of_orsa("2025-02-10", KnownAt::Latest).await,
        view(
            "2025-02-10",
            fulfilled_at,
            vec![with(&share, ObligationStatus::Fulfilled)]
        )
    );
    assert_eq!(
        of_orsa("2025-02-11", KnownAt::Latest).await,
        view("2025-02-11", fulfilled_at, Vec::new())
    );
    // Before the closure was recorded, the register saw it overdue still.
    assert_eq!(
        of_orsa("2025-02-11", KnownAt::Position(recorded_at)).await,
        view(
            "2025-02-11",
            recorded_at,
            vec![OwedObligation {
                status: ObligationStatus::Overdue,
                closure: None,
                recorded_at_position: recorded_at.as_stored(),
                ..share.clone()
            }]
        )
    );

    let check = rebuild(
        &db.pool,
        ReadModel::Obligations,
        Outcome::Check,
        &mut |_| {},
    )
    .await
    .unwrap();
    assert_eq!(check.drift, Vec::new());
}
