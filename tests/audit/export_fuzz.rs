//! The export reader against files it was never meant to read: arbitrary bytes, and a real
//! export with bytes changed, cut or doubled. It must never panic. Bytes that are no export
//! must be refused (`verify --file` exits 2) or judged altered (exit 1); never passed as intact.

use std::path::Path;
use std::process::Command;

use eventlog::export::{export_log, verify_export};
use eventlog::{LogReader, PositionRange};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use register::audit::checkpoints::checkpoint_of;

use crate::support::fixtures::append_events;
use crate::support::harness::TestDatabase;

/// How the export reader judged a file: refused (`Err`), altered (a finding), or intact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Judged {
    Refused,
    Altered,
    Intact,
}

fn judge(path: &Path) -> Judged {
    match verify_export(path, Vec::new(), &checkpoint_of) {
        Err(_) => Judged::Refused,
        Ok(report) if report.finding.is_some() => Judged::Altered,
        Ok(_) => Judged::Intact,
    }
}

/// An export of a log of five events, as bytes.
async fn an_export() -> Vec<u8> {
    let db = TestDatabase::new().await;
    append_events(&db.pool, 5).await;
    let mut bytes = Vec::new();
    export_log(
        &LogReader::new(db.pool.clone()),
        PositionRange::default(),
        &mut bytes,
        &mut (),
    )
    .await
    .unwrap();
    bytes
}

/// A change to a file: a byte replaced, a run removed, or a run repeated.
#[derive(Debug, Clone)]
enum Damage {
    Replace { at: usize, byte: u8 },
    Cut { at: usize, length: usize },
    Repeat { at: usize, length: usize },
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Damage::Replace { at, byte }),
        (any::<usize>(), 1..64_usize).prop_map(|(at, length)| Damage::Cut { at, length }),
        (any::<usize>(), 1..200_usize).prop_map(|(at, length)| Damage::Repeat { at, length }),
    ]
}

fn damaged(export: &[u8], damage: &Damage) -> Vec<u8> {
    let mut bytes = export.to_vec();
    match *damage {
        Damage::Replace { at, byte } => {
            let at = at % bytes.len();
            bytes[at] = byte;
        }
        Damage::Cut { at, length } => {
            let at = at % bytes.len();
            let end = (at + length).min(bytes.len());
            bytes.drain(at..end);
        }
        Damage::Repeat { at, length } => {
            let at = at % bytes.len();
            let end = (at + length).min(bytes.len());
            let run = bytes[at..end].to_vec();
            bytes.splice(end..end, run);
        }
    }
    bytes
}

#[tokio::test]
async fn arbitrary_bytes_are_refused_or_found_altered_and_never_panic_the_reader() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("arbitrary.jsonl");
    let mut runner = TestRunner::new(Config {
        cases: 300,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&proptest::collection::vec(any::<u8>(), 0..4096), |bytes| {
            std::fs::write(&path, &bytes).unwrap();
            prop_assert_ne!(judge(&path), Judged::Intact);
            Ok(())
        })
        .unwrap();
}

/// A real export, damaged: the reader never panics, and whatever it passes as intact holds the
/// same events as the export it was made from. Only blank space between a line's fields may
/// change: a field repeated under a cut-off name (`"evenence":1`), which this test found the
/// reader passing, is now refused as no field of the format.
#[tokio::test]
async fn a_damaged_export_never_panics_the_reader() {
    let export = an_export().await;
    let directory = tempfile::tempdir().unwrap();
    let original = directory.path().join("original.jsonl");
    std::fs::write(&original, &export).unwrap();
    assert_eq!(judge(&original), Judged::Intact);
    let path = directory.path().join("damaged.jsonl");
    let mut runner = TestRunner::new(Config {
        cases: 300,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&damage(), |damage| {
            let bytes = damaged(&export, &damage);
            std::fs::write(&path, &bytes).unwrap();
            if judge(&path) == Judged::Intact {
                // Only a change to what no field holds (blank space between fields) may pass,
                // and then the events must be the same.
                let events = |bytes: &[u8]| -> Vec<serde_json::Value> {
                    String::from_utf8_lossy(bytes)
                        .lines()
                        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
                        .filter(|line| line["kind"] == "event")
                        .collect()
                };
                prop_assert_eq!(events(&bytes), events(&export), "{:?}", damage);
            }
            Ok(())
        })
        .unwrap();
}

/// `verify --file` on bytes that are no export exits 2, and on an export altered after it was
/// written exits 1, with a message rather than a panic.
#[tokio::test]
async fn verify_file_exits_2_for_no_export_and_1_for_an_altered_one() {
    let export = an_export().await;
    let directory = tempfile::tempdir().unwrap();
    let garbage = directory.path().join("garbage.jsonl");
    std::fs::write(&garbage, b"{\"broken\n\x00\xff").unwrap();
    let altered = directory.path().join("altered.jsonl");
    let text = String::from_utf8(export).unwrap();
    std::fs::write(&altered, text.replacen("Mora", "Mura", 1)).unwrap();

    let run = |path: &Path| {
        let output = Command::new(env!("CARGO_BIN_EXE_samverkan"))
            .args(["verify", "--file"])
            .arg(path)
            .env("SAMVERKAN_LOG", "off")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(!stderr.contains("panicked"), "{stderr}");
        output.status.code()
    };

    assert_eq!(run(&garbage), Some(2));
    assert_eq!(run(&altered), Some(1));
}
