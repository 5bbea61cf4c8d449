//! Which writes of a page may be carried out together.
//!
//! Each write goes into the first layer after every earlier write it conflicts with: one that
//! writes a key it reads or writes, or reads a key it writes. Writes in one layer touch nothing
//! in common that either changes, so the order among them does not matter, and layers are
//! carried out in order. This is the order applying the events one by one gives, up to swapping
//! writes that could not see each other.

use std::collections::HashMap;

use super::{Access, PlannedWrite};

/// The layer of every write, in the order given.
pub(super) fn layer_of_each(writes: &[PlannedWrite<'_>]) -> Vec<usize> {
    // The next layer free of each key's last reader and last writer.
    let mut after_reads: HashMap<&str, usize> = HashMap::new();
    let mut after_writes: HashMap<&str, usize> = HashMap::new();
    let mut layers = Vec::with_capacity(writes.len());
    for planned in writes {
        let layer = planned
            .write
            .touches
            .iter()
            .map(|touch| {
                let key = touch.key.as_str();
                let after_write = after_writes.get(key).copied().unwrap_or(0);
                match touch.access {
                    Access::Reads => after_write,
                    Access::Writes => after_write.max(after_reads.get(key).copied().unwrap_or(0)),
                }
            })
            .max()
            .unwrap_or(0);
        for touch in &planned.write.touches {
            let seen = match touch.access {
                Access::Reads => &mut after_reads,
                Access::Writes => &mut after_writes,
            };
            let next = seen.entry(touch.key.as_str()).or_insert(0);
            *next = (*next).max(layer + 1);
        }
        layers.push(layer);
    }
    layers
}

/// The writes grouped for carrying out: layer by layer, and within a layer one group per
/// statement, in the order each statement first appears. Returns indexes into `writes`.
pub(super) fn groups(writes: &[PlannedWrite<'_>]) -> Vec<Vec<usize>> {
    let layers = layer_of_each(writes);
    let deepest = layers.iter().copied().max().map_or(0, |layer| layer + 1);
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for layer in 0..deepest {
        let first_group = groups.len();
        for (index, planned) in writes.iter().enumerate() {
            if layers[index] != layer {
                continue;
            }
            let existing = groups[first_group..].iter_mut().find(|group| {
                std::ptr::eq(writes[group[0]].write.statement, planned.write.statement)
            });
            match existing {
                Some(group) => group.push(index),
                None => groups.push(vec![index]),
            }
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use chrono::DateTime;
    use eventlog::{Position, RecordedEvent, GENESIS_HASH};

    use super::*;
    use crate::row_writes::{RowWrite, Statement, Touch};

    static INSERT: Statement = Statement {
        name: "insert",
        input: &[],
        sql: "",
        requires: None,
    };
    static SUPERSEDE: Statement = Statement {
        name: "supersede",
        input: &[],
        sql: "",
        requires: None,
    };

    fn event() -> RecordedEvent {
        RecordedEvent {
            position: Position::GENESIS.next(),
            recorded_at: DateTime::UNIX_EPOCH,
            aggregate_type: "BodyTerm".into(),
            aggregate_id: "term".into(),
            sequence: 1,
            event_type: "MemberAppointed".into(),
            event_version: "1".into(),
            payload: "{}".into(),
            metadata: "{}".into(),
            hash: GENESIS_HASH,
        }
    }

    fn write<'e>(
        event: &'e RecordedEvent,
        statement: &'static Statement,
        touches: Vec<Touch>,
    ) -> PlannedWrite<'e> {
        PlannedWrite {
            event,
            write: RowWrite {
                statement,
                cells: Vec::new(),
                touches,
            },
        }
    }

    #[test]
    fn writes_to_distinct_keys_share_a_layer_and_a_statement_shares_a_group() {
        let event = event();
        let writes = [
            write(&event, &INSERT, vec![Touch::writes("a".into())]),
            write(&event, &INSERT, vec![Touch::writes("b".into())]),
            write(&event, &SUPERSEDE, vec![Touch::writes("c".into())]),
        ];
        assert_eq!(layer_of_each(&writes), vec![0, 0, 0]);
        assert_eq!(groups(&writes), vec![vec![0, 1], vec![2]]);
    }

    #[test]
    fn a_second_write_to_a_key_waits_for_the_first() {
        let event = event();
        let writes = [
            write(&event, &INSERT, vec![Touch::writes("a".into())]),
            write(&event, &SUPERSEDE, vec![Touch::writes("a".into())]),
            write(&event, &SUPERSEDE, vec![Touch::writes("a".into())]),
            write(&event, &INSERT, vec![Touch::writes("b".into())]),
        ];
        assert_eq!(layer_of_each(&writes), vec![0, 1, 2, 0]);
        assert_eq!(groups(&writes), vec![vec![0, 3], vec![1], vec![2]]);
    }

    #[test]
    fn readers_of_a_key_share_a_layer_after_its_writer_and_before_the_next() {
        let event = event();
        let writes = [
            write(&event, &INSERT, vec![Touch::writes("term".into())]),
            write(
                &event,
                &SUPERSEDE,
                vec![Touch::reads("term".into()), Touch::writes("m1".into())],
            ),
            write(
                &event,
                &SUPERSEDE,
                vec![Touch::reads("term".into()), Touch::writes("m2".into())],
            ),
            write(&event, &INSERT, vec![Touch::writes("term".into())]),
        ];
        assert_eq!(layer_of_each(&writes), vec![0, 1, 1, 2]);
    }

    #[test]
    fn writes_that_touch_nothing_all_go_first() {
        let event = event();
        let writes = [
            write(&event, &INSERT, Vec::new()),
            write(&event, &SUPERSEDE, vec![Touch::writes("a".into())]),
            write(&event, &INSERT, Vec::new()),
        ];
        assert_eq!(layer_of_each(&writes), vec![0, 0, 0]);
    }
}
