//! The auditor's commands as an auditor runs them: `export`, `verify --file`, `checkpoint` and
//! `verify --published`, with their output and exit statuses.

use std::path::Path;
use std::process::{Command, Output};

use crate::support::fixtures::*;
use crate::support::harness::TestDatabase;

fn samverkan(db: &TestDatabase, arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_samverkan"))
        .args(arguments)
        .env("DATABASE_URL", db.url())
        .env("SAMVERKAN_LOG", "off")
        .env_remove("SAMVERKAN_OPERATOR")
        .output()
        .unwrap()
}

/// Runs the binary with no database at all: the URL points at a port nothing listens on.
fn samverkan_offline(arguments: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_samverkan"))
        .args(arguments)
        .env("DATABASE_URL", "postgres://nobody@127.0.0.1:1/nowhere")
        .env("SAMVERKAN_LOG", "off")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn path_text(path: &Path) -> &str {
    path.to_str().unwrap()
}

#[tokio::test]
async fn an_export_verifies_offline_with_the_report_of_the_online_verify() {
    let db = TestDatabase::new().await;
    append_events(&db.pool, 4).await;
    let checkpoint = samverkan(
        &db,
        &[
            "checkpoint",
            "--note",
            "printed in the minutes of 2026-12-15 § 12",
            "--by",
            "Revisor Rut",
        ],
    );
    assert_eq!(
        checkpoint.status.code(),
        Some(0),
        "{}",
        text(&checkpoint.stderr)
    );
    append_events(&db.pool, 1).await;
    let events = read_all(&db.pool).await;
    let said = text(&checkpoint.stdout);
    let checkpoint_id = said
        .strip_prefix("checkpoint ")
        .and_then(|rest| rest.split(' ').next())
        .unwrap();
    assert_eq!(
        said,
        format!(
            "checkpoint {checkpoint_id} recorded at position 5\nhead position: 4\nhead hash: {}\npublished: printed in the minutes of 2026-12-15 § 12\n",
            events[3].hash
        )
    );
    let metadata: serde_json::Value = serde_json::from_str(&events[4].metadata).unwrap();
    assert_eq!(metadata["actor_name"], "Revisor Rut");
    assert_eq!(metadata["actor_role"], "operator");

    let directory = tempfile::tempdir().unwrap();
    let file = directory.path().join("register.jsonl");
    let exported = samverkan(&db, &["export", "--out", path_text(&file)]);
    assert_eq!(
        exported.status.code(),
        Some(0),
        "{}",
        text(&exported.stderr)
    );
    assert_eq!(
        text(&exported.stdout),
        format!(
            "exported 6 events to {}\nlast position: 6\nhash at that position: {head}\nhead position: 6\nhead hash: {head}\n",
            file.display(),
            head = events[5].hash
        )
    );

    let online = samverkan(&db, &["verify"]);
    let offline = samverkan_offline(&["verify", "--file", path_text(&file)]);
    assert_eq!(online.status.code(), Some(0), "{}", text(&online.stderr));
    assert_eq!(offline.status.code(), Some(0), "{}", text(&offline.stderr));
    let expected = format!(
        "the event log is intact\nevents checked: 6\nlast position checked: 6\nhash at that position: {head}\nhead position: 6\nhead hash: {head}\ncheckpoint at position 5 (printed in the minutes of 2026-12-15 § 12): position 4 hash {checkpointed}: holds\n",
        head = events[5].hash,
        checkpointed = events[3].hash
    );
    assert_eq!(text(&online.stdout), expected);
    assert_eq!(text(&offline.stdout), expected);
}

#[tokio::test]
async fn an_export_never_overwrites_a_file() {
    let db = TestDatabase::new().await;
    append_events(&db.pool, 2).await;
    let directory = tempfile::tempdir().unwrap();
    let file = directory.path().join("kept.jsonl");
    std::fs::write(&file, "evidence\n").unwrap();
    let output = samverkan(&db, &["export", "--out", path_text(&file)]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).starts_with(&format!("samverkan: cannot create {}:", file.display())),
        "{}",
        text(&output.stderr)
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "evidence\n");
}

#[tokio::test]
async fn a_partial_export_chains_to_the_hash_before_it() {
    let db = TestDatabase::new().await;
    append_events(&db.pool, 6).await;
    let events = read_all(&db.pool).await;
    let directory = tempfile::tempdir().unwrap();
    let file = directory.path().join("part.jsonl");
    let exported = samverkan(
        &db,
        &[
            "export",
            "--from",
            "3",
            "--to",
            "5",
            "--out",
            path_text(&file),
        ],
    );
    assert_eq!(
        exported.status.code(),
        Some(0),
        "{}",
        text(&exported.stderr)
    );
    let first_line = std::fs::read_to_string(&file)
        .unwrap()
        .lines()
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(
        first_line,
        format!(
            r#"{{"kind":"header","format":"samverkan-export","format_version":1,"from_position":3,"to_position":5,"previous_hash":"{}","head_position":6,"head_hash":"{}"}}"#,
            events[1].hash, events[5].hash
        )
    );
    let verified = samverkan_offline(&["verify", "--file", path_text(&file)]);
    assert_eq!(
        verified.status.code(),
        Some(0),
        "{}",
        text(&verified.stderr)
    );
    assert_eq!(
        text(&verified.stdout),
        format!(
            "the event log is intact\nevents checked: 3\nlast position checked: 5\nhash at that position: {}\nhead position: 6\nhead hash: {}\n",
            events[4].hash, events[5].hash
        )
    );

    let beyond = samverkan(
        &db,
        &[
            "export",
            "--to",
            "7",
            "--out",
            path_text(&directory.path().join("x")),
        ],
    );
    assert_eq!(beyond.status.code(), Some(2));
    assert_eq!(
        text(&beyond.stderr),
        "samverkan: the range ends at position 7, beyond the head of the log at 6\n"
    );
}

#[tokio::test]
async fn a_published_head_the_log_contradicts_exits_one() {
    let db = TestDatabase::new().await;
    append_events(&db.pool, 3).await;
    let events = read_all(&db.pool).await;
    let wrong = "ab".repeat(32);
    let output = samverkan(&db, &["verify", "--published", &format!("2:{wrong}")]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        text(&output.stderr),
        format!(
            "samverkan: the event log was altered: position 2: the published head has hash {wrong}, but the chain has {} there; the log no longer extends the published head\n",
            events[1].hash
        )
    );
    assert!(text(&output.stdout).starts_with("the event log was altered\n"));
    assert!(text(&output.stdout).ends_with(&format!(
        "published head: position 2 hash {wrong}: contradicted: the chain has {} there\n",
        events[1].hash
    )));

    let holds = samverkan(
        &db,
        &["verify", "--published", &format!("2:{}", events[1].hash)],
    );
    assert_eq!(holds.status.code(), Some(0), "{}", text(&holds.stderr));
    let beyond = samverkan(&db, &["verify", "--published", &format!("9:{wrong}")]);
    assert_eq!(beyond.status.code(), Some(1));
    assert!(text(&beyond.stderr).contains("position 9: the published head has hash"));
    assert!(text(&beyond.stderr).contains("but the log no longer reaches that position"));
}

#[tokio::test]
async fn what_is_not_an_export_exits_two_and_names_the_reason() {
    let directory = tempfile::tempdir().unwrap();
    let missing = directory.path().join("missing.jsonl");
    let output = samverkan_offline(&["verify", "--file", path_text(&missing)]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).starts_with(&format!("samverkan: cannot read {}:", missing.display()))
    );

    let other = directory.path().join("other.jsonl");
    std::fs::write(&other, "{\"hello\":1}\n").unwrap();
    let output = samverkan_offline(&["verify", "--file", path_text(&other)]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).starts_with(&format!(
            "samverkan: {} is not a Samverkan export: its first line:",
            other.display()
        )),
        "{}",
        text(&output.stderr)
    );

    let both = samverkan_offline(&["verify", "--file", path_text(&other), "--from", "2"]);
    assert_eq!(both.status.code(), Some(2));
    assert!(
        text(&both.stderr).contains("cannot be used with"),
        "{}",
        text(&both.stderr)
    );
}

#[tokio::test]
async fn a_checkpoint_needs_a_note_and_a_head() {
    let db = TestDatabase::new().await;
    let empty = samverkan(&db, &["checkpoint", "--note", "minutes"]);
    assert_eq!(empty.status.code(), Some(2));
    assert!(
        text(&empty.stderr).contains("the log holds no event yet, so it has no head to record"),
        "{}",
        text(&empty.stderr)
    );
    append_events(&db.pool, 1).await;
    let blank = samverkan(&db, &["checkpoint", "--note", "  "]);
    assert_eq!(blank.status.code(), Some(2));
    assert!(
        text(&blank.stderr).contains("the note is missing"),
        "{}",
        text(&blank.stderr)
    );
    assert_eq!(read_all(&db.pool).await.len(), 1);
}
