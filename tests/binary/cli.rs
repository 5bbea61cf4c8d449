//! The real `samverkan` binary, run as a user or an auditor would run it.

use std::process::Output;

use crate::support::cli::{samverkan, samverkan_at, text};
use crate::support::fixtures::*;
use crate::support::harness::TestDatabase;

#[tokio::test]
async fn verify_exits_zero_and_prints_the_count_and_the_head() {
    let db = TestDatabase::new().await;
    append_events(&db.pool, 3).await;
    let head_hash = read_all(&db.pool).await[2].hash;

    let output = samverkan(&db, &["verify"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(
        text(&output.stdout),
        format!(
            "the event log is intact\nevents checked: 3\nlast position checked: 3\nhash at that position: {head_hash}\nhead position: 3\nhead hash: {head_hash}\n"
        )
    );
}

#[tokio::test]
async fn verify_exits_one_and_names_an_altered_row() {
    let db = TestDatabase::new().await;
    append_events(&db.pool, 3).await;
    db.tamper("UPDATE events SET payload = '{\"forged\":true}' WHERE position = 2")
        .await;

    let output = samverkan(&db, &["verify"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("samverkan: the event log was altered: position 2: the stored hash"),
        "{stderr}"
    );
    // The report says how far the chain held before the altered row.
    assert!(text(&output.stdout)
        .starts_with("the event log was altered\nevents checked: 1\nlast position checked: 1\n"));
}

#[tokio::test]
async fn verify_exits_one_and_names_a_deleted_row() {
    let db = TestDatabase::new().await;
    append_events(&db.pool, 3).await;
    db.tamper("DELETE FROM events WHERE position = 2").await;

    let output = samverkan(&db, &["verify"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(&output.stderr),
        "samverkan: the event log was altered: position 2: the row is missing; it was removed from the log\n"
    );
}

#[tokio::test]
async fn verify_checks_a_range() {
    let db = TestDatabase::new().await;
    append_events(&db.pool, 5).await;
    let output = samverkan(&db, &["verify", "--from", "2", "--to", "4"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("events checked: 3\nlast position checked: 4\n"));
}

#[tokio::test]
async fn a_bad_position_is_refused_with_the_rule() {
    let db = TestDatabase::new().await;
    let output = samverkan(&db, &["verify", "--from", "0"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr)
            .contains("invalid value '0' for '--from <FROM>': positions start at 1"),
        "{}",
        text(&output.stderr)
    );
}

#[tokio::test]
async fn an_unreachable_database_exits_two_without_showing_the_password() {
    let output = samverkan_at(
        "postgres://someone:secret-password@127.0.0.1:1/nowhere",
        &["verify"],
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with("samverkan: could not connect to database nowhere through DATABASE_URL (host 127.0.0.1, port 1)"),
        "{stderr}"
    );
    assert!(!stderr.contains("secret-password"));
}

#[tokio::test]
async fn migrate_reports_the_database_it_migrated() {
    let db = TestDatabase::new().await;
    let output = samverkan(&db, &["migrate"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(text(&output.stdout)
        .starts_with(&format!("database {} is migrated (DATABASE_URL", db.name)));
}

#[tokio::test]
async fn verify_of_an_empty_register_checks_nothing_and_succeeds() {
    let db = TestDatabase::new().await;
    let output = samverkan(&db, &["verify"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("events checked: 0\n"));
}

#[tokio::test]
async fn verify_never_creates_or_migrates_a_database() {
    let db = TestDatabase::new().await;
    let missing = format!("{}_missing", db.name);
    let output = samverkan_at(&db.url().replace(&db.name, &missing), &["verify"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).starts_with(&format!("samverkan: there is no database {missing} on ")),
        "{}",
        text(&output.stderr)
    );
    let mut connection = crate::support::harness::server()
        .await
        .maintenance_connection()
        .await
        .unwrap();
    let created = register::database::database_exists(&mut connection, &missing)
        .await
        .unwrap();
    assert!(!created);
}

/// Runs the binary, as the application role, against a database created empty (never migrated)
/// and dropped afterwards; returns its name, what the binary did, and how many tables it held.
async fn in_a_bare_database(arguments: &[&str]) -> (String, Output, i64) {
    let db = TestDatabase::new().await;
    let bare = format!("{}_bare", db.name);
    let server = crate::support::harness::server().await;
    let mut connection = server.maintenance_connection().await.unwrap();
    register::database::create_database(&mut connection, &bare, None)
        .await
        .unwrap();

    let output = samverkan_at(&db.url().replace(&db.name, &bare), arguments);
    let bare_pool = server.pool(&bare).await.unwrap();
    let tables: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')",
    )
    .fetch_one(&bare_pool)
    .await
    .unwrap();
    bare_pool.close().await;
    sqlx::raw_sql(&format!(
        "DROP DATABASE {}",
        register::database::quote_identifier(&bare)
    ))
    .execute(&mut connection)
    .await
    .unwrap();
    (bare, output, tables)
}

#[tokio::test]
async fn verify_refuses_a_database_that_holds_no_event_log_and_leaves_it_as_it_is() {
    let (bare, output, tables) = in_a_bare_database(&["verify"]).await;

    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains(&format!("database {bare} on DATABASE_URL (host "))
            && text(&output.stderr)
                .contains("holds no event log: it was never migrated by samverkan"),
        "{}",
        text(&output.stderr)
    );
    assert_eq!(tables, 0, "verify must not migrate");
}

/// The application role may not migrate; given a database that lacks migrations, a serving
/// command says to migrate as the owner, and leaves the database as it is.
#[tokio::test]
async fn the_application_role_given_an_unmigrated_database_is_told_to_migrate_as_the_owner() {
    let (bare, output, tables) = in_a_bare_database(&["token", "list"]).await;

    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        text(&output.stderr),
        format!(
            "samverkan: database {bare} lacks {} of samverkan's migrations, and the role {} may not apply them: run `samverkan migrate` with the owner's DATABASE_URL first\n",
            register::database::MIGRATOR.iter().count(),
            register::database::APPLICATION_ROLE
        )
    );
    assert_eq!(tables, 0);
}
