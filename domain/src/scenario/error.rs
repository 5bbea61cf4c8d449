use crate::RuleViolation;

/// Every rule recording an import can break.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScenarioImportError {
    #[error("the scenario was already imported from a file with SHA-256 {sha256}")]
    AlreadyImported { sha256: String },
    #[error("a scenario's name is lowercase letters, digits and hyphens, starting with a letter or digit")]
    MalformedName,
    #[error("the SHA-256 must be 64 hexadecimal digits in lower case")]
    MalformedSha256,
}

impl RuleViolation for ScenarioImportError {
    fn field(&self) -> String {
        match self {
            ScenarioImportError::AlreadyImported { .. } | ScenarioImportError::MalformedName => {
                "scenario"
            }
            ScenarioImportError::MalformedSha256 => "sha256",
        }
        .to_owned()
    }

    fn rule(&self) -> &'static str {
        match self {
            ScenarioImportError::AlreadyImported { .. } => "scenario.imported_once",
            ScenarioImportError::MalformedName => "scenario.name_is_a_slug",
            ScenarioImportError::MalformedSha256 => "scenario.sha256_is_64_lowercase_hex_digits",
        }
    }
}
