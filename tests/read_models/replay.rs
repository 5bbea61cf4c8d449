//! `samverkan replay` as an operator runs it: rebuild and swap, check for drift, name the read
//! model.

use std::num::NonZeroU32;
use std::process::{Command, Output};

use projections::{rebuild, Outcome, ProjectionRunner, ReadModel};

use crate::support::fixtures::{establish_body, project};
use crate::support::harness::TestDatabase;
use crate::support::seeds::scenario_path;

fn samverkan(db: &TestDatabase, arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_samverkan"))
        .args(arguments)
        .env("DATABASE_URL", db.url())
        .env("SAMVERKAN_LOG", "off")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

async fn with_three_bodies() -> TestDatabase {
    let db = TestDatabase::new().await;
    let register = crate::support::fixtures::register(&db.pool);
    for name in ["Nämnd 1", "Nämnd 2", "Nämnd 3"] {
        establish_body(&register, name).await;
    }
    db
}

/// The report lines of one read model.
fn report_of<'a>(stdout: &'a str, model: &str) -> Vec<&'a str> {
    stdout
        .lines()
        .filter(|line| line.starts_with(&format!("{model}: ")))
        .collect()
}

/// The closing line of a replay, with the varying duration and rate cut out.
fn pass_of(stdout: &str) -> Option<&str> {
    let line = stdout
        .lines()
        .find(|line| line.contains(" in one pass over "))?;
    Some(line.rsplit_once(" in ")?.0)
}

#[tokio::test]
async fn replay_rebuilds_every_read_model_and_reports_each() {
    let db = with_three_bodies().await;

    let output = samverkan(&db, &["replay"]);

    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    for model in ReadModel::ALL {
        assert_eq!(
            report_of(&stdout, model.name()),
            vec![format!(
                "{model}: rebuilt from 3 events up to position 3 and swapped in"
            )],
            "{stdout}"
        );
    }
    assert_eq!(
        pass_of(&stdout),
        Some("12 read models in one pass over 3 events"),
        "{stdout}"
    );
    assert!(stdout.ends_with(" events/s)\n"), "{stdout}");
    let names: Vec<String> =
        sqlx::query_scalar("SELECT name FROM read_membership.bodies ORDER BY name")
            .fetch_all(&db.pool)
            .await
            .unwrap();
    assert_eq!(names, vec!["Nämnd 1", "Nämnd 2", "Nämnd 3"]);
}

#[tokio::test]
async fn replay_check_exits_zero_when_the_live_tables_agree() {
    let db = with_three_bodies().await;
    project(&db.pool).await;

    let output = samverkan(&db, &["replay", "--projection", "membership", "--check"]);

    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert_eq!(
        report_of(&stdout, "membership"),
        vec![
            "membership: rebuilt from 3 events up to position 3 and compared",
            "membership: no drift: the live tables equal a rebuild of the log",
        ]
    );
}

#[tokio::test]
async fn replay_check_exits_one_and_names_the_table_that_drifted() {
    let db = with_three_bodies().await;
    project(&db.pool).await;
    sqlx::query("DELETE FROM read_membership.bodies WHERE name = 'Nämnd 3'")
        .execute(&db.pool)
        .await
        .unwrap();

    let output = samverkan(&db, &["replay", "--projection", "membership", "--check"]);

    assert_eq!(output.status.code(), Some(1));
    let stdout = text(&output.stdout);
    assert_eq!(
        report_of(&stdout, "membership"),
        vec![
            "membership: rebuilt from 3 events up to position 3 and compared",
            "membership: DRIFT in bodies: 0 row(s) only in the live table, 1 only in the rebuild",
        ]
    );
    assert!(
        stdout.contains("  rebuilt: {") && stdout.contains("\"name\": \"Nämnd 3\""),
        "{stdout}"
    );
    assert_eq!(
        text(&output.stderr),
        "samverkan: 1 read model drifted from a rebuild of the log\n"
    );
    // The check left the live tables as they were, for the operator to inspect.
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM read_membership.bodies")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(count, 2);
}

#[tokio::test]
async fn replay_of_an_unknown_read_model_names_the_known_ones() {
    let db = TestDatabase::new().await;

    let output = samverkan(&db, &["replay", "--projection", "members"]);

    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains(&format!(
            "no read model is called \"members\"; the read models are {}",
            ReadModel::known_names()
        )),
        "{stderr}"
    );
}

#[tokio::test]
async fn replay_check_without_live_tables_says_how_to_build_them() {
    let db = with_three_bodies().await;

    let output = samverkan(&db, &["replay", "--projection", "membership", "--check"]);

    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        text(&output.stderr),
        "samverkan: the replay failed: the membership read model has no live tables to check in this database; build them with `samverkan replay` or by running `samverkan serve`\n"
    );
    assert_eq!(text(&output.stdout), "");
}

/// Every read model built from a seed's log one event per transaction, so that no two events'
/// writes are ever grouped, equals its replay in pages of 500, whose writes are grouped, row for
/// row; and so does one built in pages of three, which cut the log at other places, so that a
/// page begins with a stream's later events and holds another stream's first.
#[tokio::test]
async fn grouped_pages_build_the_rows_that_one_event_at_a_time_builds_for_every_seed() {
    for scenario in [
        "000-upphandlingscenter.json",
        "001-upphandlingskontoret.json",
        "002-mora-orsa-alvdalen.json",
        "003-sodertorn.json",
        "004-inkopsnamnden.json",
    ] {
        let db = TestDatabase::new().await;
        let imported = samverkan(&db, &["import", &scenario_path(scenario)]);
        assert_eq!(
            imported.status.code(),
            Some(0),
            "{}",
            text(&imported.stderr)
        );
        for page_size in [1, 3] {
            // Whatever was built before is dropped, so that the live tables are built here.
            for model in ReadModel::ALL {
                sqlx::raw_sql(&format!(
                    "DROP SCHEMA IF EXISTS read_{} CASCADE",
                    model.name()
                ))
                .execute(&db.pool)
                .await
                .unwrap();
            }
            let runner = ProjectionRunner::new(db.pool.clone())
                .with_page_size(NonZeroU32::new(page_size).unwrap());
            runner.prepare().await.unwrap();
            runner.catch_up_all().await.unwrap();

            for model in ReadModel::ALL {
                let report = rebuild(&db.pool, model, Outcome::Check, &mut |_| {})
                    .await
                    .unwrap();
                assert_eq!(
                    report.drift,
                    Vec::new(),
                    "{scenario}, pages of {page_size}: {model}"
                );
                assert!(report.events > 0, "{scenario}: {model}");
            }
        }
    }
}
