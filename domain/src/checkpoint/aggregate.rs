use cqrs_es::event_sink::EventSink;
use cqrs_es::Aggregate;
use serde::{Deserialize, Serialize};

use super::{CheckpointCommand, CheckpointError, CheckpointEvent, CheckpointRecorded};
use crate::decide::{handle_by_deciding, Decide};

/// The state a checkpoint needs to decide its next command: whether it is recorded.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Checkpoint {
    recorded: Option<CheckpointRecorded>,
}

impl Checkpoint {
    /// The checkpoint as recorded; `None` until it is.
    pub fn recorded(&self) -> Option<&CheckpointRecorded> {
        self.recorded.as_ref()
    }
}

impl Aggregate for Checkpoint {
    const TYPE: &'static str = "Checkpoint";
    type Command = CheckpointCommand;
    type Event = CheckpointEvent;
    type Error = CheckpointError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        handle_by_deciding(self, command, sink).await
    }

    fn apply(&mut self, event: Self::Event) {
        match event {
            CheckpointEvent::CheckpointRecorded(recorded) => self.recorded = Some(recorded),
        }
    }
}

impl Decide for Checkpoint {
    fn decide(&self, command: Self::Command) -> Result<Self::Event, Self::Error> {
        let CheckpointCommand::Record(command) = command;
        if self.recorded.is_some() {
            return Err(CheckpointError::AlreadyRecorded);
        }
        if command.head.position == 0 {
            return Err(CheckpointError::EmptyLog);
        }
        // Lower case only, so that the same head is always written the same way and a published
        // copy can be compared character by character.
        let hash = &command.head.hash;
        if hash.len() != 64
            || !hash
                .bytes()
                .all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f'))
        {
            return Err(CheckpointError::MalformedHash);
        }
        let note = command.note.trim();
        if note.is_empty() {
            return Err(CheckpointError::NoteMissing);
        }
        Ok(CheckpointEvent::CheckpointRecorded(CheckpointRecorded {
            checkpoint_id: command.checkpoint_id,
            position: command.head.position,
            hash: hash.clone(),
            note: note.to_owned(),
        }))
    }
}
