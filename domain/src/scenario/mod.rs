//! A scenario imported into the register: which file, by its SHA-256, recorded once per scenario
//! so that importing the same file again writes nothing and a changed file is not laid over the
//! one imported before.
//!
//! One stream per scenario; the stream id is the scenario's name. The importer writes this event
//! last, in the same transaction as everything the file recorded.

mod aggregate;
mod command;
mod error;
mod event;

#[cfg(test)]
mod tests;

pub use aggregate::{is_scenario_name, ScenarioImport};
pub use command::{RecordScenarioImport, ScenarioImportCommand};
pub use error::ScenarioImportError;
pub use event::{ScenarioImportEvent, ScenarioImported};
