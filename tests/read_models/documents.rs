//! The documents read model against a real store: the version of a governing document in force
//! on any day, as known at any position, and the list of its amendments.
//!
//! The documents are illustrative: a rules of procedure (reglemente) and a delegation scheme of
//! seed 004's joint procurement committee.

use domain::governing_document::{
    AdoptDocument, AmendDocument, Clause, ClauseChange, CorrectVersion, DocumentKind,
    GoverningDocument, GoverningDocumentCommand,
};
use domain::LegalBasis;
use eventlog::Position;
use projections::documents::{
    amendments, document_in_force, documents_of_cooperation, AmendmentView, DocumentVersionView,
    VersionCorrection,
};
use projections::{KnownAt, Outcome, ReadAt, ReadModel};
use register::Register;
use sqlx::PgPool;
use uuid::Uuid;

use crate::support::fixtures::{date, project};
use crate::support::harness::TestDatabase;

const COOPERATION: Uuid = Uuid::from_u128(0x6000);
const RULES: Uuid = Uuid::from_u128(0x6001);
const DELEGATION: Uuid = Uuid::from_u128(0x6002);

const RULES_TITLE: &str = "Reglemente för den gemensamma nämnden för upphandling";

fn council(decided_on: &str, reference: &str) -> LegalBasis {
    LegalBasis::ExternalDecision {
        issuer: "Regionfullmäktige Sörmland".into(),
        decided_on: date(decided_on),
        reference: Some(reference.into()),
        registry_number: None,
    }
}

fn clause(number: &str, text: &str) -> Clause {
    Clause {
        number: number.into(),
        text: text.into(),
    }
}

fn adopted_clauses() -> Vec<Clause> {
    vec![
        clause("§ 1", "Nämnden ansvarar för regionernas upphandlingar."),
        clause("§ 2", "Nämnden har fyra ledamöter och två ersättare."),
        clause("§ 3", "Nämnden sammanträder minst fyra gånger per år."),
    ]
}

fn amendment_changes() -> Vec<ClauseChange> {
    vec![
        ClauseChange::Replace {
            number: "§ 2".into(),
            text: "Nämnden har sex ledamöter och tre ersättare.".into(),
        },
        ClauseChange::Remove {
            number: "§ 3".into(),
        },
        ClauseChange::Insert {
            number: "§ 4".into(),
            text: "Nämnden får besluta om avrop från ramavtal.".into(),
        },
    ]
}

/// The clauses of version 2: version 1 with the amendment's changes.
fn amended_clauses() -> Vec<Clause> {
    vec![
        clause("§ 1", "Nämnden ansvarar för regionernas upphandlingar."),
        clause("§ 2", "Nämnden har sex ledamöter och tre ersättare."),
        clause("§ 4", "Nämnden får besluta om avrop från ramavtal."),
    ]
}

async fn adopt(
    register: &Register,
    document_id: Uuid,
    kind: DocumentKind,
    title: &str,
    effective_on: &str,
    clauses: Vec<Clause>,
) -> i64 {
    execute(
        register,
        document_id,
        GoverningDocumentCommand::Adopt(AdoptDocument {
            cooperation_id: COOPERATION,
            cooperation_established_on: date("2019-01-01"),
            kind,
            title: title.into(),
            effective_on: date(effective_on),
            clauses,
            basis: council("2018-06-19", "§ 88"),
        }),
    )
    .await
}

async fn execute(register: &Register, document_id: Uuid, command: GoverningDocumentCommand) -> i64 {
    register
        .execute::<GoverningDocument>(&document_id.to_string(), command)
        .await
        .unwrap()
        .as_stored()
}

/// Adopts the rules of procedure in force from 2019 and amends them from 1 July 2025; returns
/// the positions of the two events.
async fn rules_amended(register: &Register) -> (i64, i64) {
    let adopted = adopt(
        register,
        RULES,
        DocumentKind::RulesOfProcedure,
        RULES_TITLE,
        "2019-01-01",
        adopted_clauses(),
    )
    .await;
    let amended = execute(
        register,
        RULES,
        GoverningDocumentCommand::Amend(AmendDocument {
            amends_version: 1,
            effective_on: date("2025-07-01"),
            changes: amendment_changes(),
            basis: council("2025-05-20", "§ 61"),
        }),
    )
    .await;
    (adopted, amended)
}

fn version_1(recorded_at_position: i64) -> DocumentVersionView {
    DocumentVersionView {
        document_id: RULES,
        cooperation_id: COOPERATION,
        kind: DocumentKind::RulesOfProcedure,
        title: RULES_TITLE.into(),
        version: 1,
        effective_on: date("2019-01-01"),
        clauses: adopted_clauses(),
        basis: council("2018-06-19", "§ 88"),
        correction: None,
        recorded_at_position,
    }
}

fn version_2(recorded_at_position: i64) -> DocumentVersionView {
    DocumentVersionView {
        version: 2,
        effective_on: date("2025-07-01"),
        clauses: amended_clauses(),
        basis: council("2025-05-20", "§ 61"),
        ..version_1(recorded_at_position)
    }
}

fn adoption_entry(recorded_at_position: i64) -> AmendmentView {
    AmendmentView {
        version: 1,
        amends_version: None,
        effective_on: date("2019-01-01"),
        changes: Vec::new(),
        basis: council("2018-06-19", "§ 88"),
        correction: None,
        recorded_at_position,
    }
}

fn amendment_entry(recorded_at_position: i64) -> AmendmentView {
    AmendmentView {
        version: 2,
        amends_version: Some(1),
        effective_on: date("2025-07-01"),
        changes: amendment_changes(),
        basis: council("2025-05-20", "§ 61"),
        correction: None,
        recorded_at_position,
    }
}

fn known_at(position: i64) -> KnownAt {
    KnownAt::Position(Position::from_stored(position).unwrap())
}

async fn in_force(pool: &PgPool, read_at: ReadAt) -> Option<DocumentVersionView> {
    document_in_force(pool, RULES, read_at).await.unwrap()
}

/// Replays the log into a fresh read model and compares it with the live one.
async fn assert_no_drift(pool: &PgPool) {
    let report = projections::rebuild(pool, ReadModel::Documents, Outcome::Check, &mut |_| {})
        .await
        .unwrap();
    assert_eq!(report.drift, Vec::new());
}

#[tokio::test]
async fn the_version_in_force_changes_on_the_amendments_effective_date() {
    let db = TestDatabase::new().await;
    let register = crate::support::fixtures::register(&db.pool);
    let (adopted, amended) = rules_amended(&register).await;
    let delegation_clauses = vec![clause("1.1", "Upphandlingschefen beslutar om avrop.")];
    let delegation = adopt(
        &register,
        DELEGATION,
        DocumentKind::DelegationScheme,
        "Delegationsordning för nämnden för upphandling",
        "2025-01-01",
        delegation_clauses.clone(),
    )
    .await;
    project(&db.pool).await;

    let before_adoption = in_force(&db.pool, ReadAt::on(date("2018-12-31"))).await;
    let day_before = in_force(&db.pool, ReadAt::on(date("2025-06-30"))).await;
    let effective_day = in_force(&db.pool, ReadAt::on(date("2025-07-01"))).await;
    let list = amendments(&db.pool, RULES, ReadAt::on(date("2020-01-01")))
        .await
        .unwrap();
    let of_cooperation_2024 =
        documents_of_cooperation(&db.pool, COOPERATION, ReadAt::on(date("2024-12-31")))
            .await
            .unwrap();
    let of_cooperation_2025 =
        documents_of_cooperation(&db.pool, COOPERATION, ReadAt::on(date("2025-07-01")))
            .await
            .unwrap();

    assert_eq!(before_adoption, None);
    assert_eq!(day_before, Some(version_1(adopted)));
    assert_eq!(effective_day, Some(version_2(amended)));
    assert_eq!(
        list,
        vec![adoption_entry(adopted), amendment_entry(amended)],
        "an amendment decided for a later date is listed before it takes effect"
    );
    assert_eq!(of_cooperation_2024, vec![version_1(adopted)]);
    let delegation_in_force = DocumentVersionView {
        document_id: DELEGATION,
        cooperation_id: COOPERATION,
        kind: DocumentKind::DelegationScheme,
        title: "Delegationsordning för nämnden för upphandling".into(),
        version: 1,
        effective_on: date("2025-01-01"),
        clauses: delegation_clauses,
        basis: council("2018-06-19", "§ 88"),
        correction: None,
        recorded_at_position: delegation,
    };
    assert_eq!(
        of_cooperation_2025,
        vec![delegation_in_force, version_2(amended)]
    );
    assert_no_drift(&db.pool).await;
}

#[tokio::test]
async fn a_version_correction_is_seen_only_from_its_position() {
    let db = TestDatabase::new().await;
    let register = crate::support::fixtures::register(&db.pool);
    let (adopted, amended) = rules_amended(&register).await;
    let corrected_clauses = vec![
        clause("§ 1", "Nämnden ansvarar för regionernas upphandlingar."),
        clause("§ 2", "Nämnden har sex ledamöter och sex ersättare."),
        clause("§ 4", "Nämnden får besluta om avrop från ramavtal."),
    ];
    let correction_basis = council("2025-06-17", "§ 70");
    let corrected = execute(
        &register,
        RULES,
        GoverningDocumentCommand::CorrectVersion(CorrectVersion {
            version: 2,
            effective_on: date("2025-08-01"),
            clauses: Some(corrected_clauses.clone()),
            reason: "Fullmäktige beslutade om ikraftträdande den 1 augusti och sex ersättare."
                .into(),
            basis: correction_basis.clone(),
        }),
    )
    .await;
    project(&db.pool).await;

    let july = |position| ReadAt::on(date("2025-07-15")).known_at(known_at(position));
    let as_amended = in_force(&db.pool, july(amended)).await;
    let as_corrected = in_force(&db.pool, july(corrected)).await;
    let august = in_force(&db.pool, ReadAt::on(date("2025-08-01"))).await;
    let list_as_amended = amendments(&db.pool, RULES, july(amended)).await.unwrap();
    let list_as_corrected = amendments(&db.pool, RULES, july(corrected)).await.unwrap();

    assert_eq!(as_amended, Some(version_2(amended)));
    assert_eq!(
        as_corrected,
        Some(version_1(adopted)),
        "once corrected, version 2 takes effect in August"
    );
    let correction = VersionCorrection {
        reason: "Fullmäktige beslutade om ikraftträdande den 1 augusti och sex ersättare.".into(),
        basis: correction_basis,
    };
    assert_eq!(
        august,
        Some(DocumentVersionView {
            effective_on: date("2025-08-01"),
            clauses: corrected_clauses,
            correction: Some(correction.clone()),
            ..version_2(corrected)
        })
    );
    assert_eq!(
        list_as_amended,
        vec![adoption_entry(adopted), amendment_entry(amended)]
    );
    assert_eq!(
        list_as_corrected,
        vec![
            adoption_entry(adopted),
            AmendmentView {
                effective_on: date("2025-08-01"),
                correction: Some(correction),
                ..amendment_entry(corrected)
            },
        ]
    );
    assert_no_drift(&db.pool).await;
}
