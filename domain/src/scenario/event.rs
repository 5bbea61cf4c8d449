use cqrs_es::DomainEvent;
use serde::{Deserialize, Serialize};

/// What happened to a scenario. A stored format: see the crate documentation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScenarioImportEvent {
    ScenarioImported(ScenarioImported),
}

/// The scenario was imported from the file with this SHA-256, in `steps` commands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScenarioImported {
    pub scenario: String,
    pub title: String,
    pub sha256: String,
    pub steps: u32,
    /// The id the register gave what each keyed step created, by key, so that the imported
    /// entities can be found by the names the file gives them.
    pub created: std::collections::BTreeMap<String, String>,
}

impl DomainEvent for ScenarioImportEvent {
    fn event_type(&self) -> String {
        match self {
            ScenarioImportEvent::ScenarioImported(_) => "ScenarioImported",
        }
        .to_owned()
    }

    fn event_version(&self) -> String {
        "1".to_owned()
    }
}
