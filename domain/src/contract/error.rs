use chrono::NaiveDate;

use crate::{LegalBasisError, PartyCode, RuleViolation};

/// Every rule a contract command can break.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContractError {
    #[error("the contract is already registered")]
    AlreadyRegistered,
    #[error("the contract is not registered")]
    NotRegistered,
    #[error("the title is missing: name the contract, for example \"Livsmedel\"")]
    TitleMissing,
    #[error("the category is missing: say what was procured")]
    CategoryMissing,
    #[error("the supplier is missing: name the supplier the contract is with")]
    SupplierMissing,
    #[error("the registry number is blank: leave it out or give it")]
    RegistryNumberBlank,
    #[error("no party may call off: name at least one caller")]
    NoCallers,
    #[error("party {party} is named twice among the callers")]
    DuplicateCaller { index: usize, party: PartyCode },
    #[error("party {party} is not a party of the cooperation, so it cannot call off")]
    CallerNotAParty { index: usize, party: PartyCode },
    #[error("the contract ends on {ends_on}, before it starts on {starts_on}")]
    EndsBeforeStart {
        starts_on: NaiveDate,
        ends_on: NaiveDate,
    },
    #[error("the option to {extends_to} does not extend the contract beyond {after}")]
    OptionNotLater {
        index: usize,
        extends_to: NaiveDate,
        after: NaiveDate,
    },
    #[error("the contract has no extension option left")]
    NoOptionLeft,
    #[error("the next extension option extends the contract to {next}, not to {extends_to}")]
    NotTheNextOption {
        extends_to: NaiveDate,
        next: NaiveDate,
    },
    #[error(
        "the contract expired on {ends_on}: an option exercised on {decided_on} comes too late"
    )]
    ExtendedAfterExpiry {
        decided_on: NaiveDate,
        ends_on: NaiveDate,
    },
    #[error("a reassignment takes effect after the contract starts on {starts_on}, not on {effective_on}")]
    ReassignedBeforeStart {
        effective_on: NaiveDate,
        starts_on: NaiveDate,
    },
    #[error("the contract ends on {ends_on}: it cannot be reassigned from {effective_on}")]
    ReassignedAfterEnd {
        effective_on: NaiveDate,
        ends_on: NaiveDate,
    },
    #[error("the contract was reassigned from {last}: a reassignment from {effective_on} would come before it")]
    ReassignedBeforeLastReassignment {
        effective_on: NaiveDate,
        last: NaiveDate,
    },
    #[error("party {party} is not a party of the new holder, so it cannot call off")]
    CallerNotOfHolder { index: usize, party: PartyCode },
    #[error("a contract held by party {holder} is called off by that party alone")]
    PartyHolderCallsOffAlone { holder: PartyCode },
    #[error(
        "the extension to {extended_to} was exercised: the corrected options must begin with it"
    )]
    CorrectionDropsExercisedOption { extended_to: NaiveDate },
    #[error(
        "the contract was reassigned from {effective_on}, which the corrected term does not hold"
    )]
    CorrectionLeavesReassignmentOutside {
        field: &'static str,
        effective_on: NaiveDate,
    },
    #[error("a correction must say why the original was wrong")]
    CorrectionReasonMissing,
    #[error("the legal basis cannot be cited: {0}")]
    Basis(LegalBasisError),
}

impl RuleViolation for ContractError {
    fn field(&self) -> String {
        match self {
            ContractError::AlreadyRegistered | ContractError::NotRegistered => {
                "contract_id".to_owned()
            }
            ContractError::TitleMissing => "title".to_owned(),
            ContractError::CategoryMissing => "category".to_owned(),
            ContractError::SupplierMissing => "supplier".to_owned(),
            ContractError::RegistryNumberBlank => "registry_number".to_owned(),
            ContractError::NoCallers | ContractError::PartyHolderCallsOffAlone { .. } => {
                "callers".to_owned()
            }
            ContractError::DuplicateCaller { index, .. }
            | ContractError::CallerNotAParty { index, .. }
            | ContractError::CallerNotOfHolder { index, .. } => format!("callers[{index}]"),
            ContractError::EndsBeforeStart { .. } => "ends_on".to_owned(),
            ContractError::OptionNotLater { index, .. } => {
                format!("extension_options[{index}].extends_to")
            }
            ContractError::NoOptionLeft | ContractError::NotTheNextOption { .. } => {
                "extends_to".to_owned()
            }
            ContractError::ExtendedAfterExpiry { .. } => "decided_on".to_owned(),
            ContractError::ReassignedBeforeStart { .. }
            | ContractError::ReassignedAfterEnd { .. }
            | ContractError::ReassignedBeforeLastReassignment { .. } => "effective_on".to_owned(),
            ContractError::CorrectionDropsExercisedOption { .. } => "extension_options".to_owned(),
            ContractError::CorrectionLeavesReassignmentOutside { field, .. } => (*field).to_owned(),
            ContractError::CorrectionReasonMissing => "reason".to_owned(),
            ContractError::Basis(error) => format!("basis.{}", error.field()),
        }
    }

    fn rule(&self) -> &'static str {
        match self {
            ContractError::AlreadyRegistered => "contract.registered_once",
            ContractError::NotRegistered => "contract.is_registered",
            ContractError::TitleMissing => "contract.titled",
            ContractError::CategoryMissing => "contract.categorised",
            ContractError::SupplierMissing => "contract.supplier_named",
            ContractError::RegistryNumberBlank => "contract.registry_number_is_not_blank",
            ContractError::NoCallers => "contract.has_a_caller",
            ContractError::DuplicateCaller { .. } => "contract.callers_are_distinct",
            ContractError::CallerNotAParty { .. } => "contract.caller_is_a_party",
            ContractError::EndsBeforeStart { .. } => "contract.term_forwards",
            ContractError::OptionNotLater { .. } => "contract.options_extend_in_order",
            ContractError::NoOptionLeft => "contract.extends_by_an_option",
            ContractError::NotTheNextOption { .. } => "contract.extends_by_the_next_option",
            ContractError::ExtendedAfterExpiry { .. } => "contract.extends_before_expiry",
            ContractError::ReassignedBeforeStart { .. } => "contract.reassigned_after_start",
            ContractError::ReassignedAfterEnd { .. } => "contract.reassigned_within_term",
            ContractError::ReassignedBeforeLastReassignment { .. } => {
                "contract.reassignments_in_order"
            }
            ContractError::CallerNotOfHolder { .. } => "contract.caller_is_of_the_holder",
            ContractError::PartyHolderCallsOffAlone { .. } => {
                "contract.party_holder_calls_off_alone"
            }
            ContractError::CorrectionDropsExercisedOption { .. } => {
                "contract.correction_keeps_exercised_options"
            }
            ContractError::CorrectionLeavesReassignmentOutside { .. } => {
                "contract.correction_keeps_reassignments_in_term"
            }
            ContractError::CorrectionReasonMissing => "contract.correction_gives_reason",
            ContractError::Basis(error) => error.rule(),
        }
    }
}
