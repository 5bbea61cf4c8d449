//! A cooperation's bodies and one body with its standing on a day, as the web app reads them:
//! seed 003's committee before it is established, on its last day and the day after, and as the
//! register knew it before the dissolution was carried out.

use chrono::NaiveDate;
use domain::LegalBasis;
use eventlog::Position;
use projections::membership::{bodies_of_cooperation, body_on_day, BodyStanding};
use projections::{KnownAt, ReadAt};
use uuid::Uuid;

use crate::support::seeds::ImportedSeed;

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

#[tokio::test]
async fn a_body_stands_not_yet_established_active_or_ended_on_a_day() {
    let seed = ImportedSeed::import("003-sodertorn").await;
    seed.api.catch_up().await;
    let pool = &seed.api.db.pool;
    let body: Uuid = seed.id("sodertorns-upphandlingsnamnd").parse().unwrap();
    let cooperation: Uuid = seed.id("upphandling-sodertorn").parse().unwrap();

    for (as_of, standing) in [
        ("2011-12-31", BodyStanding::NotYetEstablished),
        ("2012-01-01", BodyStanding::Active),
        ("2024-06-30", BodyStanding::Active),
        (
            "2024-07-01",
            BodyStanding::Ended {
                last_day: day("2024-06-30"),
            },
        ),
    ] {
        let listed = bodies_of_cooperation(pool, cooperation, ReadAt::on(day(as_of)))
            .await
            .unwrap();
        let one = body_on_day(pool, body, ReadAt::on(day(as_of)))
            .await
            .unwrap()
            .body
            .unwrap();
        assert_eq!(
            listed
                .bodies
                .iter()
                .map(|listed| (listed.body_id, listed.standing))
                .collect::<Vec<_>>(),
            vec![(body, standing)],
            "{as_of}"
        );
        assert_eq!(listed.bodies[0], one, "{as_of}");
        assert_eq!(one.name, "Södertörns upphandlingsnämnd");
        assert_eq!(one.established_on, day("2012-01-01"));
        assert_eq!(one.last_day, Some(day("2024-06-30")));
        // Both councils decided the dissolution in February 2024.
        assert_eq!(
            one.dissolution_bases,
            vec![
                LegalBasis::Decision {
                    decision_id: seed.id("kf-haninge-2024-02-12").parse().unwrap()
                },
                LegalBasis::Decision {
                    decision_id: seed.id("kf-nynashamn-2024-02-14").parse().unwrap()
                },
            ]
        );
    }
}

#[tokio::test]
async fn before_the_dissolution_was_recorded_the_body_was_known_to_go_on() {
    let seed = ImportedSeed::import("003-sodertorn").await;
    seed.api.catch_up().await;
    let pool = &seed.api.db.pool;
    let body: Uuid = seed.id("sodertorns-upphandlingsnamnd").parse().unwrap();
    // The body is established at position 8, the ninth step's event, long before the
    // dissolution is carried out at the end of the file.
    let known_at = KnownAt::Position(Position::new(8).unwrap());

    let then = body_on_day(pool, body, ReadAt::on(day("2024-07-01")).known_at(known_at))
        .await
        .unwrap();

    assert_eq!(then.known_at, 8);
    let then = then.body.unwrap();
    assert_eq!(then.standing, BodyStanding::Active);
    assert_eq!(then.last_day, None);
    assert_eq!(then.dissolution_bases, vec![]);
    let unknown = body_on_day(pool, Uuid::from_u128(0x5a), ReadAt::on(day("2024-07-01")))
        .await
        .unwrap();
    assert_eq!(unknown.body, None);
}
