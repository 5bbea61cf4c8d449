use cqrs_es::event_sink::EventSink;
use cqrs_es::Aggregate;
use serde::{Deserialize, Serialize};

use super::{ScenarioImportCommand, ScenarioImportError, ScenarioImportEvent, ScenarioImported};
use crate::decide::{handle_by_deciding, Decide};

/// The state a scenario's import needs: whether, and from which file, it was imported.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct ScenarioImport {
    imported: Option<ScenarioImported>,
}

impl ScenarioImport {
    /// The import as recorded; `None` until the scenario is imported.
    pub fn imported(&self) -> Option<&ScenarioImported> {
        self.imported.as_ref()
    }
}

/// Whether `name` can name a scenario: lowercase letters, digits and hyphens, starting with a
/// letter or digit, as its keys are written.
pub fn is_scenario_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    matches!(bytes.next(), Some(b'a'..=b'z' | b'0'..=b'9'))
        && bytes.all(|byte| matches!(byte, b'a'..=b'z' | b'0'..=b'9' | b'-'))
}

impl Aggregate for ScenarioImport {
    const TYPE: &'static str = "ScenarioImport";
    type Command = ScenarioImportCommand;
    type Event = ScenarioImportEvent;
    type Error = ScenarioImportError;
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
            ScenarioImportEvent::ScenarioImported(imported) => self.imported = Some(imported),
        }
    }
}

impl Decide for ScenarioImport {
    fn decide(&self, command: Self::Command) -> Result<Self::Event, Self::Error> {
        let ScenarioImportCommand::Record(command) = command;
        if let Some(imported) = &self.imported {
            return Err(ScenarioImportError::AlreadyImported {
                sha256: imported.sha256.clone(),
            });
        }
        if !is_scenario_name(&command.scenario) {
            return Err(ScenarioImportError::MalformedName);
        }
        let sha256 = &command.sha256;
        if sha256.len() != 64
            || !sha256
                .bytes()
                .all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f'))
        {
            return Err(ScenarioImportError::MalformedSha256);
        }
        Ok(ScenarioImportEvent::ScenarioImported(ScenarioImported {
            scenario: command.scenario,
            title: command.title.trim().to_owned(),
            sha256: command.sha256,
            steps: command.steps,
            created: command.created,
        }))
    }
}
