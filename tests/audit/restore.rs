//! `samverkan restore`: an export of the whole log replayed into an empty database, every
//! position, record time and hash kept, and anything short of that refused before a row is kept.

use std::path::Path;

use eventlog::export::{restore_export, RestoreError};
use eventlog::{verify_chain, ChainBreak, LogReader, PositionRange};
use register::database::APPLICATION_ROLE;

use crate::support::cli::{path_text, samverkan_at, text};
use crate::support::fixtures::*;
use crate::support::harness::TestDatabase;
use crate::support::seeds::imported;

/// Exports the whole log of `db` with the binary into `file`.
fn export(db: &TestDatabase, file: &Path) {
    let exported = samverkan_at(&db.url(), &["export", "--out", path_text(file)]);
    assert_eq!(
        exported.status.code(),
        Some(0),
        "{}",
        text(&exported.stderr)
    );
}

async fn is_empty(db: &TestDatabase) -> bool {
    let (events, head): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM events), (SELECT position FROM event_log_head)",
    )
    .fetch_one(&db.pool)
    .await
    .unwrap();
    (events, head) == (0, 0)
}

#[tokio::test]
async fn a_whole_export_restores_every_row_exactly_and_the_register_carries_on_from_its_head() {
    let (api, _, _) = imported("004-inkopsnamnden.json").await;
    let original = read_all(&api.db.pool).await;
    let directory = tempfile::tempdir().unwrap();
    let file = directory.path().join("register.jsonl");
    export(&api.db, &file);

    let target = TestDatabase::new().await;
    let restored = samverkan_at(&target.owner_url(), &["restore", path_text(&file)]);
    assert_eq!(
        restored.status.code(),
        Some(0),
        "{}",
        text(&restored.stderr)
    );
    let head = original.last().unwrap();
    assert_eq!(
        text(&restored.stdout),
        format!(
            "restored {} events into database {} (DATABASE_URL (host {}, port {}))\nhead position: {}\nhead hash: {}\n",
            original.len(),
            target.name,
            host_of(&target),
            port_of(&target),
            head.position,
            head.hash
        )
    );
    assert_eq!(read_all(&target.pool).await, original);

    // The read models rebuild from the restored log, and a second rebuild finds no drift.
    let replayed = samverkan_at(&target.url(), &["replay"]);
    assert_eq!(
        replayed.status.code(),
        Some(0),
        "{}",
        text(&replayed.stderr)
    );
    let checked = samverkan_at(&target.url(), &["replay", "--check"]);
    assert_eq!(checked.status.code(), Some(0), "{}", text(&checked.stdout));
    let verified = samverkan_at(&target.url(), &["verify"]);
    assert_eq!(
        verified.status.code(),
        Some(0),
        "{}",
        text(&verified.stdout)
    );
    assert!(text(&verified.stdout).starts_with("the event log is intact\n"));

    // The append triggers are back: the next event takes the next position and chains on.
    append_events(&target.pool, 1).await;
    let verified = verify_chain(
        &LogReader::new(target.pool.clone()),
        PositionRange::default(),
    )
    .await
    .unwrap();
    assert_eq!(verified.events_checked, original.len() as u64 + 1);
    assert_eq!(verified.head_position.get(), head.position.get() + 1);
}

fn host_of(db: &TestDatabase) -> String {
    let options = crate::support::harness::server_connect_options(&db.name);
    options.get_socket().map_or_else(
        || options.get_host().to_owned(),
        |socket| socket.display().to_string(),
    )
}

fn port_of(db: &TestDatabase) -> u16 {
    crate::support::harness::server_connect_options(&db.name).get_port()
}

#[tokio::test]
async fn an_altered_export_is_refused_with_the_verification_s_finding_before_any_database_is_touched(
) {
    let source = TestDatabase::new().await;
    append_events(&source.pool, 4).await;
    let directory = tempfile::tempdir().unwrap();
    let file = directory.path().join("register.jsonl");
    export(&source, &file);
    let altered = std::fs::read_to_string(&file)
        .unwrap()
        .replacen("Mora", "Malung", 1);
    std::fs::write(&file, altered).unwrap();

    let target = TestDatabase::new().await;
    let refused = samverkan_at(&target.owner_url(), &["restore", path_text(&file)]);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused.stderr));
    let head = read_all(&source.pool).await.pop().unwrap().hash;
    assert_eq!(
        text(&refused.stdout),
        format!(
            "the event log was altered\nevents checked: 0\nlast position checked: 0\nhash at that position: {}\nhead position: 4\nhead hash: {head}\nnothing was restored\n",
            "0".repeat(64)
        )
    );
    let finding = text(&refused.stderr);
    assert!(
        finding.starts_with("samverkan: the event log was altered: position 1: the stored hash "),
        "{finding}"
    );
    assert!(is_empty(&target).await);
}

#[tokio::test]
async fn a_partial_export_a_register_that_is_not_empty_and_the_application_role_are_refused() {
    let source = TestDatabase::new().await;
    append_events(&source.pool, 3).await;
    let directory = tempfile::tempdir().unwrap();
    let whole = directory.path().join("whole.jsonl");
    export(&source, &whole);
    let partial = directory.path().join("partial.jsonl");
    let exported = samverkan_at(
        &source.url(),
        &["export", "--from", "2", "--out", path_text(&partial)],
    );
    assert_eq!(
        exported.status.code(),
        Some(0),
        "{}",
        text(&exported.stderr)
    );

    let target = TestDatabase::new().await;
    let refused = samverkan_at(&target.owner_url(), &["restore", path_text(&partial)]);
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(
        text(&refused.stderr),
        format!(
            "samverkan: {} holds positions 2 to 3 of a log whose head was 3; only an export of the whole log, from position 1 to its head, can be restored\n",
            partial.display()
        )
    );

    let refused = samverkan_at(&target.url(), &["restore", path_text(&whole)]);
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(
        text(&refused.stderr),
        format!("samverkan: restore must connect as the owner of the event log, and {APPLICATION_ROLE} is not: only the owner may write rows with the positions, times and hashes an export gives them\n")
    );
    assert!(is_empty(&target).await);

    let before = read_all(&source.pool).await;
    let refused = samverkan_at(&source.owner_url(), &["restore", path_text(&whole)]);
    assert_eq!(refused.status.code(), Some(2));
    assert_eq!(
        text(&refused.stderr),
        "samverkan: the database's log is not empty (its head is at position 3); restore writes only into an empty register\n"
    );
    assert_eq!(read_all(&source.pool).await, before);
}

/// A file that changes after it was verified, here past the first thousand rows, which are
/// already written when the break is read: the restore's own walk refuses it and the
/// transaction takes every row back, leaving the triggers as they were.
#[tokio::test]
async fn a_break_found_while_writing_takes_back_every_row_already_written() {
    let source = TestDatabase::new().await;
    append_events(&source.pool, 1_050).await;
    let directory = tempfile::tempdir().unwrap();
    let file = directory.path().join("register.jsonl");
    export(&source, &file);
    let lines: Vec<String> = std::fs::read_to_string(&file)
        .unwrap()
        .lines()
        .enumerate()
        // Line 1 is the header, so line 1 041 holds position 1 040.
        .map(|(index, line)| {
            if index == 1_040 {
                line.replacen("Mora", "Malung", 1)
            } else {
                line.to_owned()
            }
        })
        .collect();
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();

    let target = TestDatabase::new().await;
    let error = restore_export(&target.owner_pool, &file).await.unwrap_err();
    assert!(
        matches!(
            &error,
            RestoreError::Broken { finding: ChainBreak::HashMismatch { position, .. }, .. }
                if position.get() == 1_040
        ),
        "{error:?}"
    );
    assert!(is_empty(&target).await);
    append_events(&target.pool, 1).await;
    assert_eq!(positions(&read_all(&target.pool).await), [1]);
}
