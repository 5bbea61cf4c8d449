//! Requests on transition plans. The replaced cooperation's form, parties and day of
//! establishment, and the cooperation an obligation is owed under or a contract was registered
//! by, come from the register.

use chrono::NaiveDate;
use domain::contract::Contract;
use domain::obligation::Obligation;
use domain::transition::{
    ContractDisposition, DecideContractDisposition, MapObligation, ObligationMapping,
    PlanTransition, Reschedule, SuccessorPlan, Transition, TransitionCommand, TransitionError,
};
use domain::LegalBasis;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::facts::load;
use crate::{Gather, Register, RegisterError, StreamAddress};

type TransitionResult<T> = Result<T, RegisterError<TransitionError>>;

/// A plan to replace a cooperation. Its form, parties and day of establishment are looked up in
/// the register.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanTransitionRequest {
    /// The id the plan is to have, so that a client can address it before the answer arrives;
    /// a new id when left out.
    pub transition_id: Option<Uuid>,
    /// The cooperation being replaced.
    pub cooperation_id: Uuid,
    pub successor: SuccessorPlan,
    /// The first day of the new arrangement.
    #[schema(example = "2027-01-01")]
    pub effective_on: NaiveDate,
    /// What commissioned the plan, such as RS 2025-05-06 §103.
    pub basis: LegalBasis,
}

/// A plan goes to the stream of the id its address names. The face that takes the request
/// chooses that id: `transition_id` when the caller sent one, a new one otherwise.
impl Gather for PlanTransitionRequest {
    type Aggregate = Transition;
    type Address = Uuid;

    async fn gather(self, register: &Register, _: &Uuid) -> TransitionResult<TransitionCommand> {
        let cooperation = register
            .recorded_cooperation("cooperation_id", self.cooperation_id)
            .await?;
        Ok(TransitionCommand::Plan(PlanTransition {
            cooperation_id: self.cooperation_id,
            cooperation_form: cooperation.form,
            cooperation_parties: cooperation.parties,
            cooperation_established_on: cooperation.established_on,
            successor: self.successor,
            effective_on: self.effective_on,
            basis: self.basis,
        }))
    }
}

/// A new effective date. The day the cooperation was established, which it must follow, is
/// looked up in the register.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RescheduleRequest {
    #[schema(example = "2027-07-01")]
    pub effective_on: NaiveDate,
    pub basis: LegalBasis,
}

/// The cooperation is the one the plan replaces, as the plan records it.
impl Gather for RescheduleRequest {
    type Aggregate = Transition;
    type Address = Uuid;

    async fn gather(
        self,
        register: &Register,
        transition_id: &Uuid,
    ) -> TransitionResult<TransitionCommand> {
        let cooperation_id = register.cooperation_of_plan(*transition_id).await?;
        let cooperation = register
            .recorded_cooperation("cooperation_id", cooperation_id)
            .await?;
        Ok(TransitionCommand::Reschedule(Reschedule {
            effective_on: self.effective_on,
            cooperation_established_on: cooperation.established_on,
            basis: self.basis,
        }))
    }
}

/// What becomes of an obligation of the cooperation being replaced. The cooperation it is owed
/// under is looked up in the register.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MapObligationRequest {
    pub obligation_id: Uuid,
    pub mapping: ObligationMapping,
    /// The day the mapping was decided; a later decision replaces it from its own day.
    #[schema(example = "2026-06-15")]
    pub decided_on: NaiveDate,
    pub basis: LegalBasis,
}

impl Gather for MapObligationRequest {
    type Aggregate = Transition;
    type Address = Uuid;

    async fn gather(
        self,
        register: &Register,
        transition_id: &Uuid,
    ) -> TransitionResult<TransitionCommand> {
        register
            .require_addressed::<Transition, _>("transition", &transition_id.stream_id())
            .await?;
        // The obligation is named in the body, not the path, so its absence is a broken rule
        // on that field rather than a wrong address.
        let obligation =
            load::<Obligation, TransitionError>(&register.log, &self.obligation_id.stream_id())
                .await?;
        let obligation_cooperation_id = obligation
            .and_then(|obligation| obligation.cooperation_id())
            .ok_or(RegisterError::UnknownObligation {
                field: "obligation_id".to_owned(),
                obligation_id: self.obligation_id,
            })?;
        Ok(TransitionCommand::MapObligation(MapObligation {
            obligation_id: self.obligation_id,
            obligation_cooperation_id,
            mapping: self.mapping,
            decided_on: self.decided_on,
            basis: self.basis,
        }))
    }
}

/// What becomes of a contract of the cooperation being replaced. The cooperation that registered
/// it is looked up in the register.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecideContractDispositionRequest {
    pub contract_id: Uuid,
    pub disposition: ContractDisposition,
    /// The day the disposition was decided; a later decision replaces it from its own day.
    #[schema(example = "2026-10-01")]
    pub decided_on: NaiveDate,
    pub basis: LegalBasis,
}

impl Gather for DecideContractDispositionRequest {
    type Aggregate = Transition;
    type Address = Uuid;

    async fn gather(
        self,
        register: &Register,
        transition_id: &Uuid,
    ) -> TransitionResult<TransitionCommand> {
        register
            .require_addressed::<Transition, _>("transition", &transition_id.stream_id())
            .await?;
        // The contract is named in the body, not the path, so its absence is a broken rule on
        // that field rather than a wrong address.
        let contract =
            load::<Contract, TransitionError>(&register.log, &self.contract_id.stream_id()).await?;
        let contract_cooperation_id = contract
            .and_then(|contract| contract.cooperation_id())
            .ok_or(RegisterError::UnknownContract {
                field: "contract_id".to_owned(),
                contract_id: self.contract_id,
            })?;
        Ok(TransitionCommand::DecideContractDisposition(
            DecideContractDisposition {
                contract_id: self.contract_id,
                contract_cooperation_id,
                disposition: self.disposition,
                decided_on: self.decided_on,
                basis: self.basis,
            },
        ))
    }
}

impl Register {
    /// Transition plan `transition_id` as recorded; a plan the register does not hold is
    /// [`RegisterError::UnknownResource`].
    pub async fn transition_plan(&self, transition_id: Uuid) -> TransitionResult<Transition> {
        self.addressed_state::<Transition, _>("transition", &transition_id.stream_id())
            .await
    }

    /// The cooperation plan `transition_id` replaces.
    async fn cooperation_of_plan(&self, transition_id: Uuid) -> TransitionResult<Uuid> {
        self.transition_plan(transition_id)
            .await?
            .cooperation_id()
            .ok_or(RegisterError::UnknownResource {
                resource: "transition",
                id: transition_id.to_string(),
            })
    }
}
