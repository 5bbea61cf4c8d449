//! The projection runner, rebuilds and read-your-writes against a real store: batches that fail
//! whole, runners that race, drift found and repaired, notifications that wake the runner, and
//! queries that wait for a caller's own write.

use std::time::Duration;

use eventlog::Position;
use projections::membership::membership;
use projections::{
    checkpoint, rebuild, wait_for, Outcome, ProjectionError, ProjectionRunner, QueryError, ReadAt,
    ReadModel, TableDrift,
};
use register::Register;
use sqlx::PgPool;
use uuid::Uuid;

use crate::support::fixtures::{append_stored, date, establish_body, position, project};
use crate::support::harness::TestDatabase;

async fn establish_bodies(register: &Register, count: usize) -> Vec<Uuid> {
    let mut ids = Vec::with_capacity(count);
    for number in 1..=count {
        ids.push(establish_body(register, &format!("Nämnd {number}")).await.0);
    }
    ids
}

async fn body_names(pool: &PgPool) -> Vec<String> {
    sqlx::query_scalar("SELECT name FROM read_membership.bodies ORDER BY name")
        .fetch_all(pool)
        .await
        .unwrap()
}

async fn check(pool: &PgPool) -> Vec<TableDrift> {
    rebuild(pool, ReadModel::Membership, Outcome::Check, &mut |_| {})
        .await
        .unwrap()
        .drift
}

#[tokio::test]
async fn a_batch_that_fails_applies_nothing_and_keeps_its_checkpoint() {
    let db = TestDatabase::new().await;
    let register = crate::support::fixtures::register(&db.pool);
    establish_bodies(&register, 2).await;
    // An event whose payload does not have the shape its type promises, appended through the
    // log's own trigger like any other.
    sqlx::query(
        "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version,
                             payload, metadata)
         VALUES ('Body', $1, 1, 'BodyEstablished', '1', '{\"BodyEstablished\": {\"name\": 7}}', '{}')",
    )
    .bind(Uuid::new_v4().to_string())
    .execute(&db.pool)
    .await
    .unwrap();
    let runner = ProjectionRunner::new(db.pool.clone());
    runner.prepare().await.unwrap();

    let failed = runner.catch_up(ReadModel::Membership).await;

    assert!(
        matches!(
            &failed,
            Err(ProjectionError::UnreadableEvent { position: at, event_type, .. })
                if *at == position(3) && event_type == "BodyEstablished"
        ),
        "{failed:?}"
    );
    // The two good events were in the same batch, so they were rolled back with it: the next
    // attempt starts from the same checkpoint and applies them once.
    assert_eq!(
        checkpoint(&db.pool, ReadModel::Membership).await.unwrap(),
        Position::GENESIS
    );
    assert_eq!(body_names(&db.pool).await, Vec::<String>::new());

    // A read model that cannot go on does not hold back those the event does not concern.
    assert!(runner.catch_up_all().await.is_err());
    assert_eq!(
        checkpoint(&db.pool, ReadModel::Obligations).await.unwrap(),
        position(3)
    );
    assert_eq!(
        checkpoint(&db.pool, ReadModel::Membership).await.unwrap(),
        Position::GENESIS
    );
}

#[tokio::test]
async fn two_runners_at_once_apply_every_event_exactly_once() {
    let db = TestDatabase::new().await;
    let register = crate::support::fixtures::register(&db.pool);
    establish_bodies(&register, 40).await;
    let first = ProjectionRunner::new(db.pool.clone());
    first.prepare().await.unwrap();
    let second = ProjectionRunner::new(db.pool.clone());

    let (one, two) = tokio::join!(
        first.catch_up(ReadModel::Membership),
        second.catch_up(ReadModel::Membership)
    );

    assert_eq!(one.unwrap(), position(40));
    assert_eq!(two.unwrap(), position(40));
    assert_eq!(body_names(&db.pool).await.len(), 40);
    assert_eq!(check(&db.pool).await, Vec::new());
}

#[tokio::test]
async fn a_check_reports_drift_and_a_replay_repairs_it() {
    let db = TestDatabase::new().await;
    let register = crate::support::fixtures::register(&db.pool);
    establish_bodies(&register, 3).await;
    project(&db.pool).await;
    sqlx::query("UPDATE read_membership.bodies SET name = 'Forged' WHERE name = 'Nämnd 2'")
        .execute(&db.pool)
        .await
        .unwrap();

    let drift = check(&db.pool).await;
    assert_eq!(
        drift
            .iter()
            .map(|table| (table.table, table.only_live, table.only_rebuilt))
            .collect::<Vec<_>>(),
        vec![("bodies", 1, 1)]
    );
    let examples = &drift[0].examples;
    assert_eq!(examples.len(), 2);
    assert!(
        examples[0].starts_with("live: ") && examples[0].contains("\"name\": \"Forged\""),
        "{examples:?}"
    );
    assert!(
        examples[1].starts_with("rebuilt: ") && examples[1].contains("\"name\": \"Nämnd 2\""),
        "{examples:?}"
    );
    // A check swaps nothing.
    assert_eq!(
        body_names(&db.pool).await,
        vec!["Forged", "Nämnd 1", "Nämnd 3"]
    );

    let swapped = rebuild(&db.pool, ReadModel::Membership, Outcome::Swap, &mut |_| {})
        .await
        .unwrap();
    assert_eq!(swapped.position, position(3));
    assert_eq!(swapped.events, 3);
    assert_eq!(swapped.drift, Vec::new());
    assert_eq!(
        body_names(&db.pool).await,
        vec!["Nämnd 1", "Nämnd 2", "Nämnd 3"]
    );
    assert_eq!(check(&db.pool).await, Vec::new());
}

#[tokio::test]
async fn the_runner_goes_on_from_a_swapped_in_rebuild() {
    let db = TestDatabase::new().await;
    let register = crate::support::fixtures::register(&db.pool);
    establish_bodies(&register, 2).await;
    project(&db.pool).await;
    rebuild(&db.pool, ReadModel::Membership, Outcome::Swap, &mut |_| {})
        .await
        .unwrap();

    establish_body(&register, "Nämnd 3").await;
    let reached = ProjectionRunner::new(db.pool.clone())
        .catch_up(ReadModel::Membership)
        .await
        .unwrap();

    assert_eq!(reached, position(3));
    assert_eq!(
        body_names(&db.pool).await,
        vec!["Nämnd 1", "Nämnd 2", "Nämnd 3"]
    );
}

#[tokio::test]
async fn a_read_model_built_by_another_version_is_rebuilt_before_use() {
    let db = TestDatabase::new().await;
    let register = crate::support::fixtures::register(&db.pool);
    establish_bodies(&register, 2).await;
    project(&db.pool).await;
    // As if an older release had built the tables, with a row this release would not write.
    sqlx::raw_sql(
        "UPDATE read_membership.checkpoint SET version = 0;
         UPDATE read_membership.bodies SET name = 'Old shape' WHERE name = 'Nämnd 1';",
    )
    .execute(&db.pool)
    .await
    .unwrap();

    ProjectionRunner::new(db.pool.clone())
        .prepare()
        .await
        .unwrap();

    let version: i32 = sqlx::query_scalar("SELECT version FROM read_membership.checkpoint")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(version, ReadModel::Membership.version());
    assert_eq!(body_names(&db.pool).await, vec!["Nämnd 1", "Nämnd 2"]);
    assert_eq!(
        checkpoint(&db.pool, ReadModel::Membership).await.unwrap(),
        position(2)
    );
}

#[tokio::test]
async fn a_notification_wakes_the_runner_long_before_it_would_poll() {
    let db = TestDatabase::new().await;
    let register = crate::support::fixtures::register(&db.pool);
    let runner =
        ProjectionRunner::new(db.pool.clone()).with_poll_interval(Duration::from_secs(600));
    runner.prepare().await.unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let following = tokio::spawn(async move {
        runner
            .follow(async {
                let _ = stopped.await;
            })
            .await;
    });

    let (body_id, written) = establish_body(&register, "Nämnd 1").await;

    // Read-your-writes: the query waits for the position the command returned.
    let answer = membership(
        &db.pool,
        body_id,
        ReadAt::on(date("2020-01-01"))
            .min_position(written)
            .wait(Duration::from_secs(30)),
    )
    .await
    .unwrap();
    assert_eq!(answer.known_at, written.get());
    assert_eq!(
        answer.body.map(|body| body.name),
        Some("Nämnd 1".to_owned())
    );

    stop.send(()).unwrap();
    following.await.unwrap();
}

#[tokio::test]
async fn a_query_for_a_position_not_yet_applied_says_how_far_the_read_model_is() {
    let db = TestDatabase::new().await;
    let register = crate::support::fixtures::register(&db.pool);
    let (body_id, first) = establish_body(&register, "Nämnd 1").await;
    project(&db.pool).await;
    let (_, second) = establish_body(&register, "Nämnd 2").await;

    let behind = membership(
        &db.pool,
        body_id,
        ReadAt::on(date("2020-01-01"))
            .min_position(second)
            .wait(Duration::from_millis(50)),
    )
    .await;
    assert!(
        matches!(
            behind,
            Err(QueryError::NotCaughtUp { read_model: ReadModel::Membership, wanted, reached })
                if wanted == second && reached == first
        ),
        "{behind:?}"
    );

    let beyond = wait_for(
        &db.pool,
        ReadModel::Membership,
        position(99),
        Duration::from_secs(5),
    )
    .await;
    assert!(
        matches!(
            beyond,
            Err(QueryError::NotRecorded { wanted, head }) if wanted == position(99) && head == second
        ),
        "{beyond:?}"
    );
}

#[tokio::test]
async fn a_query_before_the_read_model_was_ever_built_says_so() {
    let db = TestDatabase::new().await;

    let answer = membership(&db.pool, Uuid::new_v4(), ReadAt::on(date("2020-01-01"))).await;

    assert!(
        matches!(answer, Err(QueryError::NotBuilt(ReadModel::Membership))),
        "{answer:?}"
    );
}

/// Appends a body's dissolution, whether or not the body exists.
async fn append_dissolution(pool: &PgPool, body_id: Uuid, sequence: i64) {
    use domain::body::{BodyDissolved, BodyEvent};
    let event = BodyEvent::BodyDissolved(BodyDissolved {
        last_day: date("2026-12-31"),
        bases: domain::Bases::new(vec![crate::support::fixtures::basis()]).unwrap(),
    });
    append_stored(pool, "Body", &body_id.to_string(), sequence, &event).await;
}

#[tokio::test]
async fn a_page_whose_grouped_write_misses_a_row_names_the_event_that_missed_it() {
    let db = TestDatabase::new().await;
    let register = crate::support::fixtures::register(&db.pool);
    let bodies = establish_bodies(&register, 2).await;
    // Three dissolutions in one page, carried out as one statement: the middle one names a body
    // the log never established, so the statement changes two rows for three writes.
    append_dissolution(&db.pool, bodies[0], 2).await;
    append_dissolution(&db.pool, Uuid::from_u128(0xdead), 1).await;
    append_dissolution(&db.pool, bodies[1], 2).await;
    let runner = ProjectionRunner::new(db.pool.clone());
    runner.prepare().await.unwrap();

    let failed = runner.catch_up(ReadModel::Membership).await;

    assert!(
        matches!(
            &failed,
            Err(ProjectionError::MissingRow { read_model: ReadModel::Membership, position: at, event_type, missing })
                if *at == position(4) && event_type == "BodyDissolved" && missing == "the body"
        ),
        "{failed:?}"
    );
    // The page is rolled back whole, the establishments with it.
    assert_eq!(
        checkpoint(&db.pool, ReadModel::Membership).await.unwrap(),
        Position::GENESIS
    );
    assert_eq!(body_names(&db.pool).await, Vec::<String>::new());
}
