//! The citations read model: parties by name as known at each position, an outside decision
//! cited as recorded and as corrected, a decision of the register cited by body, meeting date and
//! §, and a basis the register does not hold.

use domain::LegalBasis;
use eventlog::Position;
use projections::citations::{parties, Citations, PartyName};
use projections::{KnownAt, ReadAt};
use uuid::Uuid;

use crate::support::fixtures::{date, project};
use crate::support::inkopsnamnden::{basis, decision, held_meeting, with_inkopsnamnden};
use crate::support::seeds::ImportedSeed;

fn position(value: u64) -> Position {
    Position::new(value).unwrap()
}

fn cited(decision_id: Uuid) -> LegalBasis {
    LegalBasis::Decision { decision_id }
}

#[tokio::test]
async fn parties_are_named_from_their_registration_on() {
    let seed = ImportedSeed::import("003-sodertorn").await;
    seed.api.catch_up().await;
    let pool = &seed.api.db.pool;
    let haninge = PartyName {
        code: "0136".into(),
        name: "Haninge kommun".into(),
    };
    let nynashamn = PartyName {
        code: "0192".into(),
        name: "Nynäshamns kommun".into(),
    };

    let first = parties(
        pool,
        ReadAt::on(date("2024-06-30")).known_at(KnownAt::Position(position(1))),
    )
    .await
    .unwrap();
    let latest = parties(pool, ReadAt::on(date("2024-06-30"))).await.unwrap();

    assert_eq!(first.parties, vec![haninge.clone()]);
    assert_eq!(latest.parties, vec![haninge, nynashamn]);
}

#[tokio::test]
async fn an_outside_decision_is_cited_as_the_register_knew_it_before_and_after_its_correction() {
    let seed = ImportedSeed::import("003-sodertorn").await;
    let pool = &seed.api.db.pool;
    let decision_id: Uuid = seed.id("kf-haninge-2024-02-12").parse().unwrap();
    let corrected = seed.correct_haninges_dissolution_decision().await;
    let correction = corrected.position();

    let before = Citations::gather(pool, [&cited(decision_id)], position(correction - 1))
        .await
        .unwrap();
    let after = Citations::gather(pool, [&cited(decision_id)], position(correction))
        .await
        .unwrap();

    assert_eq!(
        before.cite(&cited(decision_id)),
        "KF Haninge (illustrative) 2024-02-12 § 14"
    );
    assert_eq!(
        after.cite(&cited(decision_id)),
        "KF Haninge 2024-02-12 § 14, dnr KS 2023/512"
    );
}

#[tokio::test]
async fn a_decision_of_the_register_is_cited_by_body_meeting_date_and_paragraph() {
    let (db, register) = with_inkopsnamnden().await;
    let meeting_id = held_meeting(&register, "2025-05-06", 2).await;
    let first = decision(1, None);
    let second = decision(2, None);
    register
        .record_decision(meeting_id, first.clone())
        .await
        .unwrap();
    register
        .record_decision(meeting_id, second.clone())
        .await
        .unwrap();
    project(&db.pool).await;
    let head: i64 = sqlx::query_scalar("SELECT position FROM event_log_head")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    let unknown = Uuid::from_u128(0x5a);
    let bases = [
        cited(first.decision_id),
        cited(second.decision_id),
        basis(),
        cited(unknown),
    ];

    let citations = Citations::gather(&db.pool, &bases, position(u64::try_from(head).unwrap()))
        .await
        .unwrap();

    assert_eq!(
        bases
            .iter()
            .map(|basis| citations.cite(basis))
            .collect::<Vec<_>>(),
        vec![
            "Inköpsnämnden 2025-05-06 § 1".to_owned(),
            "Inköpsnämnden 2025-05-06 § 2".to_owned(),
            "Regionfullmäktige Sörmland 2018-06-19 § 88".to_owned(),
            format!("okänt beslut ({unknown})"),
        ]
    );
}
