use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScenarioImportCommand {
    Record(RecordScenarioImport),
}

/// Records that the scenario `scenario` was imported from a file with SHA-256 `sha256` (64
/// lowercase hexadecimal digits), whose steps were `steps` commands.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RecordScenarioImport {
    pub scenario: String,
    pub title: String,
    pub sha256: String,
    pub steps: u32,
    /// The id the register gave what each keyed step created, by key, so that the imported
    /// entities can be found by the names the file gives them.
    pub created: std::collections::BTreeMap<String, String>,
}

/// An import rests on no decision: what it records carries its own bases.
impl crate::CitesBasis for ScenarioImportCommand {
    fn basis(&self) -> Option<(&'static str, &crate::LegalBasis)> {
        None
    }
}
