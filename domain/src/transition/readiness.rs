//! Whether a plan is ready to be carried out, as of a day: a pure function of the plan and the
//! facts the caller looked up, so that the readiness a user reads and the refusal of an early
//! carry-out are the same computation.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{ContractFact, ObligationFact, StepKey, StepStatus};
use crate::PartyCode;

/// How close to the effective date a contract's end must be for readiness to point it out.
pub const EXPIRY_WATCH_MONTHS: u32 = 6;

/// One reason a transition cannot be carried out.
#[derive(
    Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema, thiserror::Error,
)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Blocker {
    #[error("the blocking step {step} is not done")]
    BlockingStepNotDone { step: StepKey },
    #[error("contract {contract_id} has no disposition")]
    ContractWithoutDisposition { contract_id: Uuid },
    #[error("obligation {obligation_id} has no mapping")]
    ObligationWithoutMapping { obligation_id: Uuid },
    #[error("party {party} has not decided")]
    PartyNotDecided { party: PartyCode },
    #[error("the successor cooperation has no agreement")]
    SuccessorAgreementMissing,
    #[error("the new arrangement takes effect on {effective_on}")]
    NotYetEffective { effective_on: NaiveDate },
}

impl Blocker {
    /// Where the blocker is, as a path a client can show beside the thing to fix.
    pub fn field(&self) -> String {
        match self {
            Blocker::BlockingStepNotDone { step } => format!("steps.{step}"),
            Blocker::ContractWithoutDisposition { contract_id } => {
                format!("contracts.{contract_id}")
            }
            Blocker::ObligationWithoutMapping { obligation_id } => {
                format!("obligations.{obligation_id}")
            }
            Blocker::PartyNotDecided { party } => format!("parties.{party}"),
            Blocker::SuccessorAgreementMissing => "successor.cooperation.agreement".to_owned(),
            Blocker::NotYetEffective { .. } => "effective_on".to_owned(),
        }
    }

    pub fn rule(&self) -> &'static str {
        match self {
            Blocker::BlockingStepNotDone { .. } => "transition.blocking_steps_done",
            Blocker::ContractWithoutDisposition { .. } => "transition.every_contract_disposed",
            Blocker::ObligationWithoutMapping { .. } => "transition.every_obligation_mapped",
            Blocker::PartyNotDecided { .. } => "transition.every_party_decided",
            Blocker::SuccessorAgreementMissing => "transition.successor_has_an_agreement",
            Blocker::NotYetEffective { .. } => "transition.on_or_after_effective_date",
        }
    }
}

/// A blocking step that is not done on the day readiness is asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PendingStep {
    pub key: StepKey,
    pub title: String,
    pub status: StepStatus,
    pub responsible: Option<PartyCode>,
    pub due_on: Option<NaiveDate>,
    /// Whether its due date has passed on the day asked.
    pub overdue: bool,
}

/// Where a transition stands on `as_of`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Readiness {
    pub as_of: NaiveDate,
    pub effective_on: NaiveDate,
    /// Ready to be carried out on the effective date: nothing in `reasons`.
    pub ready: bool,
    pub reasons: Vec<Blocker>,
    pub blocking_steps_not_done: Vec<PendingStep>,
    pub contracts_without_disposition: Vec<ContractFact>,
    /// Contracts ending within six months before or after the effective date, disposed of or
    /// not: they need a decision soon whatever the plan says.
    pub contracts_expiring_near_effective_date: Vec<ContractFact>,
    /// Obligations still open on the effective date with no mapping. Fees are not listed: they
    /// end with the body.
    pub obligations_without_mapping: Vec<ObligationFact>,
    pub parties_not_decided: Vec<PartyCode>,
    pub carried_out_on: Option<NaiveDate>,
}

/// Whether `ends_on` is within the watch window around `effective_on`.
pub(super) fn expires_near(ends_on: NaiveDate, effective_on: NaiveDate) -> bool {
    let months = Months::new(EXPIRY_WATCH_MONTHS);
    let from = effective_on
        .checked_sub_months(months)
        .unwrap_or(NaiveDate::MIN);
    let to = effective_on
        .checked_add_months(months)
        .unwrap_or(NaiveDate::MAX);
    from <= ends_on && ends_on <= to
}

/// Whether the contract still runs on the effective date, so that it needs a disposition.
pub(super) fn needs_disposition(contract: &ContractFact, effective_on: NaiveDate) -> bool {
    contract.ends_on >= effective_on
}
