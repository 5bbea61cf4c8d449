//! Every way of altering the record the issue names, each detected at the position where the log
//! departs from its chain, both online (the database) and offline (an export of it, and an
//! export altered as a file), by `samverkan`'s verifiers and by the independent Python verifier
//! in `tests/verify_export.py`, which follows the README's rule.

use std::path::{Path, PathBuf};
use std::process::Command;

use eventlog::export::{export_log, verify_export};
use eventlog::{
    verify_log, ChainBreak, ChainHash, ChainReport, CheckedHead, HeadSource, HeadStatus, LogReader,
    PositionRange, PublishedHead, RecordedEvent,
};
use register::audit::checkpoints::{checkpoint_of, record_checkpoint};
use register::Actor;

use crate::support::fixtures::*;
use crate::support::harness::TestDatabase;

/// Ten events: six cooperations, a checkpoint of the head at 6 (position 7), three more.
async fn log_with_checkpoint() -> TestDatabase {
    let db = TestDatabase::new().await;
    append_events(&db.pool, 6).await;
    let checkpoint = record_checkpoint(
        &db.pool,
        Actor::operator("revisor"),
        "printed in the minutes of 2026-12-15 § 12",
    )
    .await
    .unwrap();
    assert_eq!(checkpoint.position, position(6));
    assert_eq!(checkpoint.recorded_at, position(7));
    append_events(&db.pool, 3).await;
    db
}

async fn online(db: &TestDatabase, given: Vec<PublishedHead>) -> ChainReport {
    verify_log(
        &LogReader::new(db.pool.clone()),
        PositionRange::default(),
        given,
        &checkpoint_of,
    )
    .await
    .unwrap()
}

async fn export(db: &TestDatabase, directory: &Path, name: &str) -> PathBuf {
    let path = directory.join(name);
    let mut file = std::fs::File::create(&path).unwrap();
    export_log(
        &LogReader::new(db.pool.clone()),
        PositionRange::default(),
        &mut file,
        &mut (),
    )
    .await
    .unwrap();
    path
}

fn offline(path: &Path, given: Vec<PublishedHead>) -> ChainReport {
    verify_export(path, given, &checkpoint_of).unwrap()
}

/// The Python verifier's exit status and what it printed.
fn python(path: &Path) -> (i32, String) {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/verify_export.py");
    let output = Command::new("python3")
        .arg(script)
        .arg(path)
        .output()
        .expect("python3 runs the independent verifier");
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
    )
}

/// Asserts that the database, an export of it and the Python verifier all find `expected`.
async fn found_everywhere(db: &TestDatabase, expected: ChainBreak) {
    let online = online(db, Vec::new()).await;
    assert_eq!(online.finding, Some(expected));
    let directory = tempfile::tempdir().unwrap();
    let path = export(db, directory.path(), "tampered.jsonl").await;
    assert_eq!(
        offline(&path, Vec::new()),
        online,
        "offline reports what online reports"
    );
    let (status, said) = python(&path);
    assert_eq!(status, 1);
    assert!(
        said.starts_with(&format!("altered at position {}:", expected.position())),
        "{said}"
    );
}

/// The exported file's lines, header first.
fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(str::to_owned)
        .collect()
}

fn write_lines(path: &Path, lines: &[String]) {
    std::fs::write(path, lines.join("\n") + "\n").unwrap();
}

fn sql_text(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// Rewrites every hash from `from` on, and the head, so that the chain is internally consistent
/// again: what an attacker with the database's keys and this code would do.
async fn rechain(db: &TestDatabase, mut events: Vec<RecordedEvent>) {
    let mut previous = eventlog::GENESIS_HASH;
    let mut statements = Vec::new();
    for event in &mut events {
        event.hash = ChainHash::chain(&previous, event);
        previous = event.hash;
        statements.push(format!(
            "UPDATE events SET payload = {}::json, hash = decode('{}', 'hex') WHERE position = {};",
            sql_text(&event.payload),
            event.hash,
            event.position
        ));
    }
    statements.push(format!(
        "UPDATE event_log_head SET hash = decode('{previous}', 'hex');"
    ));
    db.tamper(&statements.join("\n")).await;
}

/// Moves rows 4 and later one place up and puts a copy of row 3, under another stream id, at 4
/// with `hash`; the head moves to the new last row, as a forger who knew of it would move it.
async fn insert_copy_of_row_3_at_4(db: &TestDatabase, hash: ChainHash) {
    db.tamper(&format!(
        "UPDATE events SET position = position + 1000000 WHERE position >= 4;
         UPDATE events SET position = position - 999999 WHERE position > 1000000;
         INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version,
                             payload, metadata, position, recorded_at, hash)
         SELECT aggregate_type, 'forged', sequence, event_type, event_version, payload, metadata,
                4, recorded_at, decode('{hash}', 'hex')
           FROM events WHERE position = 3;
         UPDATE event_log_head SET position = 11;"
    ))
    .await;
}

#[tokio::test]
async fn an_intact_log_and_its_export_give_the_same_report_and_the_checkpoint_holds() {
    let db = log_with_checkpoint().await;
    let events = read_all(&db.pool).await;
    let report = online(&db, Vec::new()).await;
    assert_eq!(
        report,
        ChainReport {
            first_position: position(1),
            events_checked: 10,
            last_position: position(10),
            last_hash: events[9].hash,
            head_position: position(10),
            head_hash: events[9].hash,
            heads: vec![CheckedHead {
                head: PublishedHead {
                    position: position(6),
                    hash: events[5].hash,
                    source: HeadSource::Checkpoint {
                        recorded_at: position(7),
                        note: "printed in the minutes of 2026-12-15 § 12".into(),
                    },
                },
                status: HeadStatus::Holds,
            }],
            finding: None,
        }
    );
    let directory = tempfile::tempdir().unwrap();
    let path = export(&db, directory.path(), "intact.jsonl").await;
    assert_eq!(offline(&path, Vec::new()), report);
    assert_eq!(
        python(&path),
        (
            0,
            format!(
                "intact: 10 events, last position 10 hash {}\n",
                events[9].hash
            )
        )
    );
}

#[tokio::test]
async fn an_edited_payload_is_found_at_its_position() {
    let db = log_with_checkpoint().await;
    let events = read_all(&db.pool).await;
    db.tamper(r#"UPDATE events SET payload = replace(payload::text, 'Mora', 'Malung')::json WHERE position = 4"#)
        .await;
    let edited = &read_all(&db.pool).await[3];
    found_everywhere(
        &db,
        ChainBreak::HashMismatch {
            position: position(4),
            stored: events[3].hash,
            recomputed: ChainHash::chain(&events[2].hash, edited),
        },
    )
    .await;
}

#[tokio::test]
async fn an_edited_payload_in_an_export_is_found_at_its_position() {
    let db = log_with_checkpoint().await;
    let directory = tempfile::tempdir().unwrap();
    let path = export(&db, directory.path(), "edited.jsonl").await;
    let mut lines = lines(&path);
    lines[4] = lines[4].replacen("Mora", "Malung", 1);
    write_lines(&path, &lines);
    let report = offline(&path, Vec::new());
    assert!(
        matches!(report.finding, Some(ChainBreak::HashMismatch { position: at, .. }) if at == position(4)),
        "{report:?}"
    );
    assert_eq!(report.events_checked, 3);
    assert_eq!(python(&path).0, 1);
    assert!(python(&path).1.starts_with("altered at position 4:"));
}

#[tokio::test]
async fn a_deleted_row_is_found_at_its_position() {
    let db = log_with_checkpoint().await;
    db.tamper("DELETE FROM events WHERE position = 4").await;
    found_everywhere(
        &db,
        ChainBreak::MissingRow {
            position: position(4),
        },
    )
    .await;
}

#[tokio::test]
async fn a_line_deleted_from_an_export_is_found_at_its_position() {
    let db = log_with_checkpoint().await;
    let directory = tempfile::tempdir().unwrap();
    let path = export(&db, directory.path(), "deleted.jsonl").await;
    let mut lines = lines(&path);
    lines.remove(4);
    write_lines(&path, &lines);
    assert_eq!(
        offline(&path, Vec::new()).finding,
        Some(ChainBreak::MissingRow {
            position: position(4)
        })
    );
    assert!(python(&path).1.starts_with("altered at position 4:"));
}

#[tokio::test]
async fn a_row_inserted_in_the_middle_is_found_where_it_stands() {
    let db = log_with_checkpoint().await;
    let events = read_all(&db.pool).await;
    // Make room at 4 and put a forged row there. It carries the displaced row's hash, as a
    // forger who cannot compute the chain would leave it.
    insert_copy_of_row_3_at_4(&db, events[3].hash).await;
    let forged = read_all(&db.pool).await[3].clone();
    found_everywhere(
        &db,
        ChainBreak::HashMismatch {
            position: position(4),
            stored: events[3].hash,
            recomputed: ChainHash::chain(&events[2].hash, &forged),
        },
    )
    .await;
}

#[tokio::test]
async fn a_correctly_chained_insertion_is_found_at_the_first_row_it_displaced() {
    let db = log_with_checkpoint().await;
    let events = read_all(&db.pool).await;
    let mut forged = events[2].clone();
    forged.position = position(4);
    forged.aggregate_id = "forged".into();
    let forged_hash = ChainHash::chain(&events[2].hash, &forged);
    insert_copy_of_row_3_at_4(&db, forged_hash).await;
    // The forged row chains; the first original row after it now stands at 5, which its hash
    // does not cover.
    let displaced = read_all(&db.pool).await[4].clone();
    found_everywhere(
        &db,
        ChainBreak::HashMismatch {
            position: position(5),
            stored: events[3].hash,
            recomputed: ChainHash::chain(&forged_hash, &displaced),
        },
    )
    .await;
}

#[tokio::test]
async fn reordered_rows_are_found_where_the_order_departs() {
    let db = log_with_checkpoint().await;
    let events = read_all(&db.pool).await;
    db.tamper(
        "UPDATE events SET position = 1000004 WHERE position = 4;
         UPDATE events SET position = 4 WHERE position = 5;
         UPDATE events SET position = 5 WHERE position = 1000004;",
    )
    .await;
    let moved = read_all(&db.pool).await[3].clone();
    found_everywhere(
        &db,
        ChainBreak::HashMismatch {
            position: position(4),
            stored: events[4].hash,
            recomputed: ChainHash::chain(&events[2].hash, &moved),
        },
    )
    .await;
}

#[tokio::test]
async fn lines_reordered_in_an_export_are_found_where_the_order_departs() {
    let db = log_with_checkpoint().await;
    let directory = tempfile::tempdir().unwrap();
    let path = export(&db, directory.path(), "reordered.jsonl").await;
    let mut lines = lines(&path);
    lines.swap(4, 5);
    write_lines(&path, &lines);
    assert_eq!(
        offline(&path, Vec::new()).finding,
        Some(ChainBreak::Misplaced {
            position: position(4),
            found: position(5),
        })
    );
    assert!(python(&path).1.starts_with("altered at position 4:"));
}

#[tokio::test]
async fn a_truncated_export_is_found_where_it_was_cut() {
    let db = log_with_checkpoint().await;
    let directory = tempfile::tempdir().unwrap();
    let path = export(&db, directory.path(), "truncated.jsonl").await;
    let whole = lines(&path);

    // Cut after the line of position 6, as a copy that stopped early.
    write_lines(&path, &whole[..7]);
    let report = offline(&path, Vec::new());
    assert_eq!(
        report.finding,
        Some(ChainBreak::Truncated {
            position: position(7)
        })
    );
    assert_eq!(report.events_checked, 6);
    assert_eq!(
        python(&path),
        (
            1,
            "altered at position 7: the export was cut short\n".to_owned()
        )
    );

    // Cut inside the line of position 7.
    let mut cut = whole[..7].join("\n") + "\n";
    cut.push_str(&whole[7][..40]);
    std::fs::write(&path, cut).unwrap();
    assert_eq!(
        offline(&path, Vec::new()).finding,
        Some(ChainBreak::Truncated {
            position: position(7)
        })
    );
    assert_eq!(
        python(&path),
        (
            1,
            "altered at position 7: the export was cut short\n".to_owned()
        )
    );

    // Rows removed from the end while the closing line was kept.
    let mut shortened = whole[..7].to_vec();
    shortened.push(whole[whole.len() - 1].clone());
    write_lines(&path, &shortened);
    assert_eq!(
        offline(&path, Vec::new()).finding,
        Some(ChainBreak::MissingRow {
            position: position(7)
        })
    );
    assert!(python(&path).1.starts_with("altered at position 7:"));
}

#[tokio::test]
async fn a_deleted_tail_is_found_where_the_log_falls_short_of_its_head() {
    let db = log_with_checkpoint().await;
    db.tamper("DELETE FROM events WHERE position >= 8").await;
    found_everywhere(
        &db,
        ChainBreak::MissingRow {
            position: position(8),
        },
    )
    .await;
}

#[tokio::test]
async fn a_rewritten_log_contradicts_its_checkpoint() {
    let db = log_with_checkpoint().await;
    let original = read_all(&db.pool).await;
    let mut events = original.clone();
    events[2].payload = events[2].payload.replacen("Mora", "Malung", 1);
    rechain(&db, events).await;
    let rewritten = read_all(&db.pool).await;
    assert_ne!(rewritten[5].hash, original[5].hash);
    found_everywhere(
        &db,
        ChainBreak::CheckpointContradicted {
            position: position(6),
            checkpoint: position(7),
            recorded: original[5].hash,
            found: Some(rewritten[5].hash),
        },
    )
    .await;
}

#[tokio::test]
async fn a_log_rewritten_with_its_checkpoint_contradicts_the_head_published_outside() {
    let db = log_with_checkpoint().await;
    let original = read_all(&db.pool).await;
    let published = PublishedHead {
        position: position(6),
        hash: original[5].hash,
        source: HeadSource::Given,
    };
    // The forger edits position 3, rewrites the checkpoint to claim the new hash at 6, and
    // rechains everything: the log is consistent with itself and with its own checkpoint.
    let mut events = original.clone();
    events[2].payload = events[2].payload.replacen("Mora", "Malung", 1);
    let mut previous = eventlog::GENESIS_HASH;
    for event in &mut events[..6] {
        previous = ChainHash::chain(&previous, event);
    }
    events[6].payload = events[6]
        .payload
        .replace(&original[5].hash.to_string(), &previous.to_string());
    rechain(&db, events).await;
    let rewritten = read_all(&db.pool).await;

    assert_eq!(online(&db, Vec::new()).await.finding, None);
    let expected = ChainBreak::PublishedHeadContradicted {
        position: position(6),
        published: original[5].hash,
        found: Some(rewritten[5].hash),
    };
    let online = online(&db, vec![published.clone()]).await;
    assert_eq!(online.finding, Some(expected));
    let directory = tempfile::tempdir().unwrap();
    let path = export(&db, directory.path(), "rewritten.jsonl").await;
    assert_eq!(offline(&path, vec![published]), online);
}

#[tokio::test]
async fn a_checkpoint_contradicted_in_an_export_is_found_at_the_position_it_names() {
    let db = log_with_checkpoint().await;
    let events = read_all(&db.pool).await;
    let directory = tempfile::tempdir().unwrap();
    let path = export(&db, directory.path(), "checkpoint.jsonl").await;
    // Rewrite the file's rows from position 3 on consistently, keeping the checkpoint's claim.
    let mut rows = events.clone();
    rows[2].payload = rows[2].payload.replacen("Mora", "Malung", 1);
    let mut previous = eventlog::GENESIS_HASH;
    for row in &mut rows {
        row.hash = ChainHash::chain(&previous, row);
        previous = row.hash;
    }
    let mut lines = lines(&path);
    for (index, row) in rows.iter().enumerate() {
        let line = eventlog::export::ExportLine::Event(eventlog::export::ExportedEvent::from(row));
        lines[index + 1] = serde_json::to_string(&line).unwrap();
    }
    let last = lines.len() - 1;
    lines[0] = lines[0].replace(&events[9].hash.to_string(), &previous.to_string());
    lines[last] = lines[last].replace(&events[9].hash.to_string(), &previous.to_string());
    write_lines(&path, &lines);

    assert_eq!(
        offline(&path, Vec::new()).finding,
        Some(ChainBreak::CheckpointContradicted {
            position: position(6),
            checkpoint: position(7),
            recorded: events[5].hash,
            found: Some(rows[5].hash),
        })
    );
    assert_eq!(
        python(&path),
        (
            1,
            "altered at position 6: the checkpoint at 7 is contradicted\n".to_owned()
        )
    );
}

#[tokio::test]
async fn a_row_added_beyond_the_head_is_found_at_its_position() {
    let db = log_with_checkpoint().await;
    db.tamper(
        "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version,
                             payload, metadata, position, recorded_at, hash)
         SELECT aggregate_type, 'forged', sequence, event_type, event_version, payload, metadata,
                11, recorded_at, hash
           FROM events WHERE position = 10",
    )
    .await;
    found_everywhere(
        &db,
        ChainBreak::RowBeyondHead {
            position: position(11),
        },
    )
    .await;
}
