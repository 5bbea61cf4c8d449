//! Comparing a read model between two record times (`projections::compare`) against a real store:
//! an appointment recorded in between is added, a correction is one version removed and one
//! added, a moment compared with itself shows nothing, and `as_of` keeps the rows valid that day.
//!
//! The committee is Inköpsnämnden of a joint committee of Region Sörmland (04) and Region
//! Västmanland (19), with one member and one deputy seat each.

use domain::body::{Body, BodyCommand, BodyKind, EstablishBody};
use domain::body_term::{
    AdoptSeatPlan, Appoint, Appointment, BodyTerm, BodyTermCommand, CorrectAppointment, Person,
    Role, SeatAllocation,
};
use domain::cooperation::{Cooperation, CooperationCommand, CooperationForm, EstablishCooperation};
use domain::{LegalBasis, MandatePeriod};
use eventlog::Position;
use projections::compare::{
    compare, compared_positions, Change, CompareError, ComparedPositions, Comparison, RowChange,
    TableComparison, TableRecordTime,
};
use projections::{KnownAt, QueryError, ReadModel};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::support::fixtures::{code, date, position, project, register};
use crate::support::harness::TestDatabase;

const COOPERATION: Uuid = Uuid::from_u128(0x7000);
const NAMNDEN: Uuid = Uuid::from_u128(0x7001);
const ANNA: Uuid = Uuid::from_u128(0x7101);
const BO: Uuid = Uuid::from_u128(0x7102);
const ANNA_MEMBERSHIP: Uuid = Uuid::from_u128(0x7201);
const BO_MEMBERSHIP: Uuid = Uuid::from_u128(0x7202);
const MISSPELT: &str = "The surname was misspelt in the extract from the minutes";

fn basis(reference: &str) -> LegalBasis {
    LegalBasis::ExternalDecision {
        issuer: "Regionfullmäktige Sörmland".into(),
        decided_on: date("2022-11-15"),
        reference: Some(reference.into()),
        registry_number: None,
    }
}

fn appointment(person: Uuid, name: &str, role: Role, party: &str) -> Appointment {
    Appointment {
        person: Person {
            id: person,
            name: name.into(),
        },
        role,
        party: code(party),
        serves_from: date("2023-01-01"),
        serves_to: None,
    }
}

fn term() -> String {
    BodyTerm::stream_id(NAMNDEN, MandatePeriod::beginning(2023).unwrap())
}

/// Records the cooperation (1), the committee (2), its seat plan for 2023–2026 (3), Anna's
/// appointment (4), Bo's (5) and the correction of Bo's surname (6), and builds the read models.
async fn committee() -> TestDatabase {
    let db = TestDatabase::new().await;
    let register = register(&db.pool);
    let parties = vec![code("04"), code("19")];
    register
        .execute::<Cooperation>(
            &COOPERATION.to_string(),
            CooperationCommand::Establish(EstablishCooperation {
                name: "Gemensam nämnd för upphandling".into(),
                form: CooperationForm::JointCommittee,
                host: code("04"),
                parties: parties.clone(),
                established_on: date("2019-01-01"),
                predecessor: None,
                bases: basis("§ 1").into(),
            }),
        )
        .await
        .unwrap();
    register
        .execute::<Body>(
            &NAMNDEN.to_string(),
            BodyCommand::Establish(EstablishBody {
                cooperation_id: COOPERATION,
                cooperation_established_on: date("2019-01-01"),
                kind: BodyKind::Committee,
                name: "Inköpsnämnden".into(),
                established_on: date("2019-01-01"),
                basis: basis("§ 2"),
            }),
        )
        .await
        .unwrap();
    let period = MandatePeriod::beginning(2023).unwrap();
    register
        .execute::<BodyTerm>(
            &term(),
            BodyTermCommand::AdoptSeatPlan(AdoptSeatPlan {
                body_id: NAMNDEN,
                period,
                seats: ["04", "19"]
                    .into_iter()
                    .map(|party| SeatAllocation {
                        party: code(party),
                        members: 1,
                        deputies: 1,
                    })
                    .collect(),
                is_joint_committee: true,
                cooperation_parties: parties.clone(),
                basis: basis("§ 3"),
            }),
        )
        .await
        .unwrap();
    for (membership_id, appointment, reference) in [
        (
            ANNA_MEMBERSHIP,
            appointment(ANNA, "Anna Ek", Role::Chair, "04"),
            "§ 4",
        ),
        (
            BO_MEMBERSHIP,
            appointment(BO, "Bo Lind", Role::Member, "19"),
            "§ 5",
        ),
    ] {
        register
            .execute::<BodyTerm>(
                &term(),
                BodyTermCommand::Appoint(Appoint {
                    membership_id,
                    appointment,
                    replaces: None,
                    cooperation_parties: parties.clone(),
                    basis: basis(reference),
                }),
            )
            .await
            .unwrap();
    }
    register
        .execute::<BodyTerm>(
            &term(),
            BodyTermCommand::CorrectAppointment(CorrectAppointment {
                membership_id: BO_MEMBERSHIP,
                corrected: appointment(BO, "Bo Lindqvist", Role::Member, "19"),
                reason: MISSPELT.into(),
                cooperation_parties: parties,
                basis: basis("§ 5"),
            }),
        )
        .await
        .unwrap();
    project(&db.pool).await;
    db
}

/// Bo's membership row as the comparison writes it: every column but `known`.
fn bo(name: &str, correction_reason: Option<&str>) -> Value {
    let basis = serde_json::to_value(basis("§ 5")).unwrap();
    json!({
        "membership_id": BO_MEMBERSHIP,
        "term_id": term(),
        "body_id": NAMNDEN,
        "person_id": BO,
        "person_name": name,
        "party": "19",
        "role": "member",
        "seat": "member",
        "replaces": null,
        "basis": basis,
        "serves_from": "2023-01-01",
        "serves_to": "2026-12-31",
        "ended_on": null,
        "end_reason": null,
        "end_basis": null,
        "correction_reason": correction_reason,
        "correction_basis": correction_reason.map(|_| basis.clone()),
        "valid": "[2023-01-01,2027-01-01)",
    })
}

/// The membership tables with their counts of (added, removed).
fn membership_tables(counts: [(u64, u64); 4]) -> Vec<TableComparison> {
    let versioned = TableRecordTime::Versioned {
        as_of_applies: true,
    };
    let not_compared = TableRecordTime::NotCompared {
        reason: "the table keeps no record time (no `known` range and no `position`), so the rows \
                 it held at an earlier position cannot be told apart from those it holds now"
            .into(),
    };
    ["bodies", "terms", "seat_plans", "members"]
        .into_iter()
        .zip([
            versioned.clone(),
            not_compared,
            versioned.clone(),
            versioned,
        ])
        .zip(counts)
        .map(|((table, record_time), (added, removed))| TableComparison {
            table: table.into(),
            record_time,
            added,
            removed,
        })
        .collect()
}

async fn changes(
    db: &TestDatabase,
    model: ReadModel,
    from: u64,
    to: u64,
    as_of: Option<&str>,
) -> Comparison {
    let positions = compared_positions(
        &db.pool,
        model,
        KnownAt::Position(position(from)),
        KnownAt::Position(position(to)),
    )
    .await
    .unwrap();
    compare(&db.pool, model, positions, as_of.map(date), 0, 100)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_appointment_recorded_between_two_positions_is_added() {
    let db = committee().await;

    let comparison = changes(&db, ReadModel::Membership, 4, 5, None).await;

    assert_eq!(
        comparison,
        Comparison {
            read_model: ReadModel::Membership,
            from: position(4),
            to: position(5),
            as_of: None,
            tables: membership_tables([(0, 0), (0, 0), (0, 0), (1, 0)]),
            changes: vec![RowChange {
                table: "members".into(),
                change: Change::Added,
                position: 5,
                row: bo("Bo Lind", None),
            }],
            next_offset: None,
        }
    );
}

#[tokio::test]
async fn a_correction_is_one_version_removed_and_one_added_at_its_position() {
    let db = committee().await;

    let comparison = changes(&db, ReadModel::Membership, 5, 6, None).await;

    assert_eq!(
        comparison.tables,
        membership_tables([(0, 0), (0, 0), (0, 0), (1, 1)])
    );
    assert_eq!(
        comparison.changes,
        vec![
            RowChange {
                table: "members".into(),
                change: Change::Removed,
                position: 6,
                row: bo("Bo Lind", None),
            },
            RowChange {
                table: "members".into(),
                change: Change::Added,
                position: 6,
                row: bo("Bo Lindqvist", Some(MISSPELT)),
            },
        ]
    );
    // Across both, the first version was recorded and superseded in between, so it is in
    // neither: only the appointment as corrected is added.
    let across = changes(&db, ReadModel::Membership, 4, 6, None).await;
    assert_eq!(
        across.changes,
        vec![RowChange {
            table: "members".into(),
            change: Change::Added,
            position: 6,
            row: bo("Bo Lindqvist", Some(MISSPELT)),
        }]
    );
}

#[tokio::test]
async fn a_moment_compared_with_itself_shows_no_change() {
    let db = committee().await;

    for at in [0, 3, 6] {
        let comparison = changes(&db, ReadModel::Membership, at, at, None).await;
        assert_eq!(comparison.tables, membership_tables([(0, 0); 4]), "{at}");
        assert_eq!(comparison.changes, vec![], "{at}");
        assert_eq!(comparison.next_offset, None, "{at}");
    }
}

#[tokio::test]
async fn as_of_keeps_the_rows_valid_that_day() {
    let db = committee().await;

    // Before the mandate period only the committee itself holds; the seat plan and the members
    // are valid from 2023.
    let before_the_term = changes(&db, ReadModel::Membership, 0, 6, Some("2022-06-30")).await;
    let in_the_term = changes(&db, ReadModel::Membership, 0, 6, Some("2024-06-30")).await;

    assert_eq!(
        before_the_term.tables,
        membership_tables([(1, 0), (0, 0), (0, 0), (0, 0)])
    );
    assert_eq!(
        in_the_term.tables,
        membership_tables([(1, 0), (0, 0), (2, 0), (2, 0)])
    );
    let added: Vec<(&str, u64)> = in_the_term
        .changes
        .iter()
        .map(|change| (change.table.as_str(), change.position))
        .collect();
    assert_eq!(
        added,
        vec![
            ("bodies", 2),
            ("seat_plans", 3),
            ("seat_plans", 3),
            ("members", 4),
            ("members", 6)
        ]
    );
}

#[tokio::test]
async fn pages_cut_one_answer_in_order_without_skipping_or_repeating() {
    let db = committee().await;
    let whole = changes(&db, ReadModel::Membership, 0, 6, None).await;
    assert_eq!(whole.changes.len(), 5);

    let positions = ComparedPositions {
        from: position(0),
        to: position(6),
    };
    let mut paged = Vec::new();
    let mut offset = Some(0);
    while let Some(from) = offset {
        let page = compare(&db.pool, ReadModel::Membership, positions, None, from, 2)
            .await
            .unwrap();
        assert!(page.changes.len() <= 2);
        paged.extend(page.changes);
        offset = page.next_offset;
    }

    assert_eq!(paged, whole.changes);
}

#[tokio::test]
async fn an_append_only_table_has_rows_added_at_their_position_and_none_removed() {
    let db = committee().await;

    let comparison = changes(&db, ReadModel::Timeline, 2, 4, None).await;

    // The expected rows are the timeline's own, read with SQL of the test's: its summaries are
    // the timeline's wording, not the comparison's.
    let expected: Vec<Value> = sqlx::query_scalar(
        "SELECT to_jsonb(e) FROM read_timeline.entries e
          WHERE position > 2 AND position <= 4 ORDER BY position",
    )
    .fetch_all(&db.pool)
    .await
    .unwrap();
    assert_eq!(expected.len(), 2);
    assert_eq!(
        comparison.changes,
        expected
            .into_iter()
            .map(|row| RowChange {
                table: "entries".into(),
                change: Change::Added,
                position: row["position"].as_u64().unwrap(),
                row,
            })
            .collect::<Vec<_>>()
    );
    assert_eq!(
        comparison.tables[0],
        TableComparison {
            table: "entries".into(),
            record_time: TableRecordTime::AppendOnly,
            added: 2,
            removed: 0,
        }
    );
}

#[tokio::test]
async fn moments_resolve_to_positions_and_must_come_in_order() {
    let db = committee().await;
    let fifth_recorded: chrono::DateTime<chrono::Utc> =
        sqlx::query_scalar("SELECT recorded_at FROM events WHERE position = 5")
            .fetch_one(&db.pool)
            .await
            .unwrap();
    let last_at_fifth: i64 =
        sqlx::query_scalar("SELECT max(position) FROM events WHERE recorded_at <= $1")
            .bind(fifth_recorded)
            .fetch_one(&db.pool)
            .await
            .unwrap();

    let by_moment = compared_positions(
        &db.pool,
        ReadModel::Membership,
        KnownAt::Position(position(4)),
        KnownAt::Recorded(fifth_recorded),
    )
    .await
    .unwrap();
    let inverted = compared_positions(
        &db.pool,
        ReadModel::Membership,
        KnownAt::Position(position(5)),
        KnownAt::Position(position(4)),
    )
    .await;
    let beyond_the_head = compared_positions(
        &db.pool,
        ReadModel::Membership,
        KnownAt::Position(position(4)),
        KnownAt::Position(position(7)),
    )
    .await;

    assert_eq!(
        by_moment,
        ComparedPositions {
            from: position(4),
            to: Position::from_stored(last_at_fifth).unwrap(),
        }
    );
    assert!(
        matches!(inverted, Err(CompareError::FromAfterTo { from, to }) if from == position(5) && to == position(4)),
        "{inverted:?}"
    );
    assert!(
        matches!(
            beyond_the_head,
            Err(CompareError::Query(QueryError::NotRecorded { wanted, head }))
                if wanted == position(7) && head == position(6)
        ),
        "{beyond_the_head:?}"
    );
}

#[tokio::test]
async fn a_table_without_valid_time_ignores_as_of_and_one_without_record_time_is_named() {
    let db = committee().await;

    let decisions = changes(&db, ReadModel::Decisions, 0, 6, Some("2024-06-30")).await;
    let membership = changes(&db, ReadModel::Membership, 0, 6, Some("2024-06-30")).await;

    assert_eq!(
        decisions.tables,
        vec![
            TableComparison {
                table: "meetings".into(),
                record_time: TableRecordTime::Versioned {
                    as_of_applies: false
                },
                added: 0,
                removed: 0,
            },
            TableComparison {
                table: "agenda_items".into(),
                record_time: TableRecordTime::AppendOnly,
                added: 0,
                removed: 0,
            },
            TableComparison {
                table: "decisions".into(),
                record_time: TableRecordTime::Versioned {
                    as_of_applies: false
                },
                added: 0,
                removed: 0,
            },
        ]
    );
    // The membership model keeps each body's terms as plain facts of its streams.
    let terms = membership
        .tables
        .iter()
        .find(|table| table.table == "terms")
        .unwrap();
    assert_eq!(
        terms.record_time,
        TableRecordTime::NotCompared {
            reason: "the table keeps no record time (no `known` range and no `position`), so \
                     the rows it held at an earlier position cannot be told apart from those \
                     it holds now"
                .into(),
        }
    );
}
