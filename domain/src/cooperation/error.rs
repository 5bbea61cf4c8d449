use chrono::NaiveDate;

use crate::{BasesError, LegalBasisError, PartyCode, RuleViolation};

/// Every rule a cooperation command can break.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CooperationError {
    #[error("the cooperation is already established")]
    AlreadyEstablished,
    #[error("the cooperation is not established yet")]
    NotEstablished,
    #[error("the name is missing: a cooperation must have a name")]
    NameMissing,
    #[error("a cooperation needs at least two parties, but {count} {} given", if *count == 1 { "was" } else { "were" })]
    TooFewParties { count: usize },
    #[error("party {party} is listed twice")]
    DuplicateParty { index: usize, party: PartyCode },
    #[error("the host {host} is not one of the parties: the host must be a party")]
    HostNotAParty { host: PartyCode },
    #[error("party {party} is already a party to the cooperation")]
    AlreadyAParty { party: PartyCode },
    #[error("a party cannot join on {joins_on}, before the cooperation was established on {established_on}")]
    JoinsBeforeEstablishment {
        joins_on: NaiveDate,
        established_on: NaiveDate,
    },
    #[error(
        "the cooperation cannot be dissolved from {effective_on}: it began on {established_on}"
    )]
    DissolvedBeforeEstablishment {
        effective_on: NaiveDate,
        established_on: NaiveDate,
    },
    #[error(
        "a dissolution from {effective_on} is already decided: a different one is a correction"
    )]
    DissolutionAlreadyDecided { effective_on: NaiveDate },
    #[error("a correction must say why the original was wrong")]
    CorrectionReasonMissing,
    #[error("party {party} joined later, so it cannot be a founding party")]
    FounderJoinedLater { party: PartyCode },
    #[error("the legal basis cannot be cited: {0}")]
    Basis(LegalBasisError),
    #[error("the legal bases cannot be cited: {0}")]
    Bases(BasesError),
}

impl RuleViolation for CooperationError {
    fn field(&self) -> String {
        match self {
            CooperationError::AlreadyEstablished | CooperationError::NotEstablished => {
                "cooperation_id".to_owned()
            }
            CooperationError::NameMissing => "name".to_owned(),
            CooperationError::TooFewParties { .. } => "parties".to_owned(),
            CooperationError::DuplicateParty { index, .. } => format!("parties[{index}]"),
            CooperationError::HostNotAParty { .. } => "host".to_owned(),
            CooperationError::AlreadyAParty { .. } => "party".to_owned(),
            CooperationError::JoinsBeforeEstablishment { .. } => "joins_on".to_owned(),
            CooperationError::DissolvedBeforeEstablishment { .. } => "effective_on".to_owned(),
            CooperationError::DissolutionAlreadyDecided { .. } => "cooperation_id".to_owned(),
            CooperationError::CorrectionReasonMissing => "reason".to_owned(),
            CooperationError::FounderJoinedLater { .. } => "establish.parties".to_owned(),
            CooperationError::Basis(error) => format!("basis.{}", error.field()),
            CooperationError::Bases(error) => format!("bases{}", error.field()),
        }
    }

    fn rule(&self) -> &'static str {
        match self {
            CooperationError::AlreadyEstablished => "cooperation.established_once",
            CooperationError::NotEstablished => "cooperation.is_established",
            CooperationError::NameMissing => "cooperation.has_a_name",
            CooperationError::TooFewParties { .. } => "cooperation.has_two_parties",
            CooperationError::DuplicateParty { .. } => "cooperation.parties_are_distinct",
            CooperationError::HostNotAParty { .. } => "cooperation.host_is_a_party",
            CooperationError::AlreadyAParty { .. } => "cooperation.party_joins_once",
            CooperationError::JoinsBeforeEstablishment { .. } => {
                "cooperation.joins_after_establishment"
            }
            CooperationError::DissolvedBeforeEstablishment { .. } => {
                "cooperation.dissolved_after_establishment"
            }
            CooperationError::DissolutionAlreadyDecided { .. } => "cooperation.dissolved_once",
            CooperationError::CorrectionReasonMissing => "cooperation.correction_gives_reason",
            CooperationError::FounderJoinedLater { .. } => {
                "cooperation.founders_did_not_join_later"
            }
            CooperationError::Basis(error) => error.rule(),
            CooperationError::Bases(error) => error.rule(),
        }
    }
}
