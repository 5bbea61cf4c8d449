use crate::{PartyCode, RuleViolation};

/// Every rule a party command can break.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PartyError {
    #[error("party {code} is already registered")]
    AlreadyRegistered { code: PartyCode },
    #[error("the name is missing: a party must have a name")]
    NameMissing,
}

impl RuleViolation for PartyError {
    fn field(&self) -> String {
        match self {
            PartyError::AlreadyRegistered { .. } => "code".to_owned(),
            PartyError::NameMissing => "name".to_owned(),
        }
    }

    fn rule(&self) -> &'static str {
        match self {
            PartyError::AlreadyRegistered { .. } => "party.registered_once",
            PartyError::NameMissing => "party.has_a_name",
        }
    }
}

/// Every rule a population command can break.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PopulationError {
    #[error("a population is already recorded for this party and date: correct it instead")]
    AlreadyRecorded,
    #[error("no population is recorded for this party and date")]
    NotRecorded,
    #[error("a population is at least 1")]
    PopulationZero,
    #[error("the source is missing: say where the figure comes from, such as SCB")]
    SourceMissing,
    #[error("a correction must say why the figure was wrong")]
    CorrectionReasonMissing,
    #[error("the correction gives the figure and source already recorded")]
    CorrectionChangesNothing,
}

impl RuleViolation for PopulationError {
    fn field(&self) -> String {
        match self {
            PopulationError::AlreadyRecorded | PopulationError::NotRecorded => {
                "reference_date".to_owned()
            }
            PopulationError::PopulationZero | PopulationError::CorrectionChangesNothing => {
                "population".to_owned()
            }
            PopulationError::SourceMissing => "source".to_owned(),
            PopulationError::CorrectionReasonMissing => "reason".to_owned(),
        }
    }

    fn rule(&self) -> &'static str {
        match self {
            PopulationError::AlreadyRecorded => "population.recorded_once",
            PopulationError::NotRecorded => "population.is_recorded",
            PopulationError::PopulationZero => "population.positive",
            PopulationError::SourceMissing => "population.has_a_source",
            PopulationError::CorrectionReasonMissing => "population.correction_gives_reason",
            PopulationError::CorrectionChangesNothing => "population.correction_changes_something",
        }
    }
}
