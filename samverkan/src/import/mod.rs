//! `samverkan import`: scenario files (`scenario`), imported all or nothing (`run`).

mod demo;
mod run;
pub mod scenario;

pub use demo::{load_demo, DEMO_SCENARIOS};
pub use run::{import, rehearse, ImportOutcome};

/// The path templates of the API's command endpoints (every POST), which a scenario's steps
/// must name: taken from the OpenAPI document the router is built from, so they cannot drift.
pub fn command_paths() -> Vec<String> {
    let (_, document) = api::api();
    document
        .paths
        .paths
        .iter()
        .filter(|(_, item)| item.post.is_some())
        .map(|(path, _)| path.clone())
        .collect()
}

/// Reads and checks the scenario file at `path`.
pub fn read_scenario(path: &std::path::Path) -> Result<scenario::Scenario, ImportError> {
    let bytes = std::fs::read(path).map_err(|error| ImportError::Unreadable {
        path: path.display().to_string(),
        reason: error.to_string(),
    })?;
    Ok(scenario::parse(&bytes, &command_paths())?)
}

use eventlog::{AppendError, LogReadError, LookupError, Position};
use projections::wording::count;

use register::access::TokenError;
use register::database::BootstrapError;

/// Why an import wrote nothing.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Scenario(#[from] scenario::ScenarioError),
    #[error("cannot read {path}: {reason}")]
    Unreadable { path: String, reason: String },
    #[error("scenario {scenario} was imported at position {position} from another file (SHA-256 {sha256}); a changed scenario is not laid over the one imported, so record the changes as commands of their own")]
    ImportedFromAnotherFile {
        scenario: String,
        sha256: String,
        position: Position,
    },
    #[error("steps[{step}] (POST {post}) was refused with {status}: {detail}{}", errors_text(.errors))]
    StepRefused {
        step: usize,
        post: String,
        status: u16,
        detail: String,
        errors: Vec<String>,
    },
    #[error("the register moved on from position {rehearsed_at} to {now} while the import was rehearsed; run the import again")]
    RegisterMovedOn { rehearsed_at: Position, now: i64 },
    #[error("--demo loads the demo into an empty store, and this one holds a register of its own ({}); point DATABASE_URL at an empty database", count(u64::try_from(*.events).unwrap_or_default(), "event", "events"))]
    DemoNeedsAnEmptyStore { events: i64 },
    #[error("the import could not be recorded: {0}")]
    Record(String),
    #[error(transparent)]
    Bootstrap(#[from] BootstrapError),
    #[error("the import failed in the database: {0}")]
    Database(#[from] sqlx::Error),
    #[error(transparent)]
    Read(#[from] LogReadError),
    #[error(transparent)]
    Lookup(#[from] LookupError),
    #[error(transparent)]
    Append(#[from] AppendError),
    #[error("the import's own token failed: {0}")]
    Token(#[from] TokenError),
}

fn errors_text(errors: &[String]) -> String {
    if errors.is_empty() {
        String::new()
    } else {
        format!(" [{}]", errors.join(", "))
    }
}
