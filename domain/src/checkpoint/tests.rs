use cqrs_es::test::TestFramework;
use uuid::Uuid;

use super::*;
use crate::RuleViolation;

type CheckpointTest = TestFramework<Checkpoint>;

const CHECKPOINT: Uuid = Uuid::from_u128(0x2026_1215_0012);
const HASH: &str = "9f2c1a7e5b3d4c6f8a0e1b2d3c4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f";

fn record(position: u64, hash: &str, note: &str) -> CheckpointCommand {
    CheckpointCommand::Record(RecordCheckpoint {
        checkpoint_id: CHECKPOINT,
        head: LogHeadFact {
            position,
            hash: hash.into(),
        },
        note: note.into(),
    })
}

fn recorded() -> CheckpointEvent {
    CheckpointEvent::CheckpointRecorded(CheckpointRecorded {
        checkpoint_id: CHECKPOINT,
        position: 1234,
        hash: HASH.into(),
        note: "printed in the minutes of 2026-12-15 § 12".into(),
    })
}

#[test]
fn the_head_is_recorded_with_the_note_trimmed() {
    CheckpointTest::with(())
        .given_no_previous_events()
        .when(record(
            1234,
            HASH,
            "  printed in the minutes of 2026-12-15 § 12 ",
        ))
        .then_expect_events(vec![recorded()]);
}

#[test]
fn a_checkpoint_is_recorded_once() {
    CheckpointTest::with(())
        .given(vec![recorded()])
        .when(record(1300, HASH, "again"))
        .then_expect_error(CheckpointError::AlreadyRecorded);
}

#[test]
fn an_empty_log_has_no_head_to_record() {
    CheckpointTest::with(())
        .given_no_previous_events()
        .when(record(0, HASH, "minutes"))
        .then_expect_error(CheckpointError::EmptyLog);
}

#[test]
fn the_hash_is_64_lowercase_hexadecimal_digits() {
    for hash in [
        &HASH[..63],
        &format!("{HASH}0"),
        &HASH.to_uppercase(),
        &HASH.replace('9', "g"),
    ] {
        CheckpointTest::with(())
            .given_no_previous_events()
            .when(record(1234, hash, "minutes"))
            .then_expect_error(CheckpointError::MalformedHash);
    }
}

#[test]
fn the_note_says_where_the_head_was_published() {
    CheckpointTest::with(())
        .given_no_previous_events()
        .when(record(1234, HASH, "  "))
        .then_expect_error(CheckpointError::NoteMissing);
}

#[test]
fn every_error_names_its_field_and_rule() {
    let named: Vec<(String, &str)> = [
        CheckpointError::AlreadyRecorded,
        CheckpointError::EmptyLog,
        CheckpointError::MalformedHash,
        CheckpointError::NoteMissing,
    ]
    .iter()
    .map(|error| (error.field(), error.rule()))
    .collect();
    assert_eq!(
        named,
        vec![
            ("checkpoint_id".to_owned(), "checkpoint.recorded_once"),
            ("head.position".to_owned(), "checkpoint.log_has_a_head"),
            (
                "head.hash".to_owned(),
                "checkpoint.hash_is_64_lowercase_hex_digits"
            ),
            ("note".to_owned(), "checkpoint.note_says_where_published"),
        ]
    );
}

#[test]
fn version_one_checkpoint_recorded_keeps_loading() {
    let stored = r#"{"CheckpointRecorded":{"checkpoint_id":"00000000-0000-0000-0000-202612150012","position":1234,"hash":"9f2c1a7e5b3d4c6f8a0e1b2d3c4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f","note":"printed in the minutes of 2026-12-15 § 12"}}"#;
    let event: CheckpointEvent = serde_json::from_str(stored).unwrap();
    assert_eq!(event, recorded());
    assert_eq!(serde_json::to_string(&event).unwrap(), stored);
}
