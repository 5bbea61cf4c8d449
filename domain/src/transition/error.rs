use chrono::NaiveDate;
use uuid::Uuid;

use super::{Blocker, StepKey};
use crate::{LegalBasisError, PartyCode, RuleViolation};

/// Every rule a transition command can break.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    #[error("the transition is already planned")]
    AlreadyPlanned,
    #[error("there is no such transition plan")]
    NotPlanned,
    #[error("the transition was carried out on {carried_out_on}: it can no longer change")]
    AlreadyCarriedOut { carried_out_on: NaiveDate },
    #[error("the new arrangement cannot take effect on {effective_on}: the cooperation began on {established_on}")]
    EffectiveBeforeEstablishment {
        effective_on: NaiveDate,
        established_on: NaiveDate,
    },
    #[error("a successor of this form is a cooperation: name it, with its parties and host")]
    SuccessorCooperationMissing,
    #[error("no cooperation follows when each party goes on its own: leave the successor cooperation out")]
    SuccessorCooperationNotExpected,
    #[error("the successor must be a new cooperation, not the one it replaces")]
    SuccessorIsTheReplacedCooperation,
    #[error("the successor's name is missing")]
    SuccessorNameMissing,
    #[error("a successor cooperation needs at least two parties, but {count} {} given", if *count == 1 { "was" } else { "were" })]
    SuccessorTooFewParties { count: usize },
    #[error("party {party} is listed twice among the successor's parties")]
    SuccessorDuplicateParty { index: usize, party: PartyCode },
    #[error("the successor's host {host} is not one of its parties")]
    SuccessorHostNotAParty { host: PartyCode },
    #[error("the successor agreement's title is missing")]
    AgreementTitleMissing,
    #[error("step {key} has no title")]
    StepTitleMissing { key: StepKey },
    #[error("the plan already has a step {key}")]
    DuplicateStep { key: StepKey },
    #[error("the plan has no step {key}")]
    UnknownStep { key: StepKey },
    #[error("step {key} depends on {dependency}, which the plan does not have")]
    UnknownDependency {
        index: usize,
        key: StepKey,
        dependency: StepKey,
    },
    #[error("step {key} would depend on itself through {through}")]
    DependencyCycle { key: StepKey, through: StepKey },
    #[error("{party} is not a party to the cooperation or its successor")]
    NotAPartyOfTheTransition {
        field: &'static str,
        party: PartyCode,
    },
    #[error("step {key} cannot be done on {on}: {unsettled:?} are not done by then")]
    DependenciesNotSettled {
        key: StepKey,
        on: NaiveDate,
        unsettled: Vec<StepKey>,
    },
    #[error("contract {contract_id} belongs to another cooperation")]
    ContractOfAnotherCooperation { contract_id: Uuid },
    #[error("obligation {obligation_id} belongs to another cooperation")]
    ObligationOfAnotherCooperation { obligation_id: Uuid },
    #[error(
        "no cooperation follows, so nothing can continue jointly or be carried to a successor"
    )]
    NoSuccessorCooperation { field: &'static str },
    #[error("obligation id {successor_obligation_id} is already used")]
    SuccessorObligationIdTaken { successor_obligation_id: Uuid },
    #[error("the transition cannot be carried out: {}", describe(blockers))]
    NotReady { blockers: Vec<Blocker> },
    #[error("the cooperation's dissolution is recorded from {recorded}, not from {effective_on}")]
    DissolutionRecordedForAnotherDate {
        recorded: NaiveDate,
        effective_on: NaiveDate,
    },
    #[error("body {body_id} is recorded as lasting until {last_day}, after the cooperation ends")]
    BodyOutlivesTheCooperation { body_id: Uuid, last_day: NaiveDate },
    #[error("membership {membership_id} begins on {serves_from}, after the body's last day: it cannot end with the body")]
    MembershipBeginsAfterTheBodyEnds {
        membership_id: Uuid,
        serves_from: NaiveDate,
    },
    #[error("mandate {mandate_id} begins on {valid_from}, after the body's last day: it cannot end with the body")]
    MandateBeginsAfterTheBodyEnds {
        mandate_id: Uuid,
        valid_from: NaiveDate,
    },
    #[error("the legal basis cannot be cited: {0}")]
    Basis(LegalBasisError),
}

fn describe(blockers: &[Blocker]) -> String {
    blockers
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ")
}

impl RuleViolation for TransitionError {
    fn field(&self) -> String {
        match self {
            TransitionError::AlreadyPlanned
            | TransitionError::NotPlanned
            | TransitionError::AlreadyCarriedOut { .. }
            | TransitionError::NotReady { .. } => "transition_id".to_owned(),
            TransitionError::EffectiveBeforeEstablishment { .. } => "effective_on".to_owned(),
            TransitionError::SuccessorCooperationMissing
            | TransitionError::SuccessorCooperationNotExpected => {
                "successor.cooperation".to_owned()
            }
            TransitionError::SuccessorIsTheReplacedCooperation => {
                "successor.cooperation.cooperation_id".to_owned()
            }
            TransitionError::SuccessorNameMissing => "successor.cooperation.name".to_owned(),
            TransitionError::SuccessorTooFewParties { .. } => {
                "successor.cooperation.parties".to_owned()
            }
            TransitionError::SuccessorDuplicateParty { index, .. } => {
                format!("successor.cooperation.parties[{index}]")
            }
            TransitionError::SuccessorHostNotAParty { .. } => {
                "successor.cooperation.host".to_owned()
            }
            TransitionError::AgreementTitleMissing => {
                "successor.cooperation.agreement.title".to_owned()
            }
            TransitionError::StepTitleMissing { .. } => "step.title".to_owned(),
            TransitionError::DuplicateStep { .. } => "step.key".to_owned(),
            TransitionError::UnknownStep { .. } => "step".to_owned(),
            TransitionError::UnknownDependency { index, .. } => {
                format!("step.depends_on[{index}]")
            }
            TransitionError::DependencyCycle { .. } => "step.depends_on".to_owned(),
            TransitionError::NotAPartyOfTheTransition { field, .. } => (*field).to_owned(),
            TransitionError::DependenciesNotSettled { .. } => "status".to_owned(),
            TransitionError::ContractOfAnotherCooperation { .. } => "contract_id".to_owned(),
            TransitionError::ObligationOfAnotherCooperation { .. } => "obligation_id".to_owned(),
            TransitionError::NoSuccessorCooperation { field } => (*field).to_owned(),
            TransitionError::SuccessorObligationIdTaken { .. } => {
                "mapping.successor_obligation_id".to_owned()
            }
            TransitionError::DissolutionRecordedForAnotherDate { .. } => "effective_on".to_owned(),
            TransitionError::BodyOutlivesTheCooperation { .. } => "effective_on".to_owned(),
            TransitionError::MembershipBeginsAfterTheBodyEnds { .. }
            | TransitionError::MandateBeginsAfterTheBodyEnds { .. } => "effective_on".to_owned(),
            TransitionError::Basis(error) => format!("basis.{}", error.field()),
        }
    }

    fn rule(&self) -> &'static str {
        match self {
            TransitionError::AlreadyPlanned => "transition.planned_once",
            TransitionError::NotPlanned => "transition.is_planned",
            TransitionError::AlreadyCarriedOut { .. } => "transition.carried_out_once",
            TransitionError::EffectiveBeforeEstablishment { .. } => {
                "transition.effective_after_establishment"
            }
            TransitionError::SuccessorCooperationMissing => {
                "transition.successor_cooperation_named"
            }
            TransitionError::SuccessorCooperationNotExpected => {
                "transition.no_cooperation_when_each_party_goes_alone"
            }
            TransitionError::SuccessorIsTheReplacedCooperation => "transition.successor_is_new",
            TransitionError::SuccessorNameMissing => "transition.successor_has_a_name",
            TransitionError::SuccessorTooFewParties { .. } => {
                "transition.successor_has_two_parties"
            }
            TransitionError::SuccessorDuplicateParty { .. } => {
                "transition.successor_parties_are_distinct"
            }
            TransitionError::SuccessorHostNotAParty { .. } => {
                "transition.successor_host_is_a_party"
            }
            TransitionError::AgreementTitleMissing => "transition.agreement_has_a_title",
            TransitionError::StepTitleMissing { .. } => "transition.step_has_a_title",
            TransitionError::DuplicateStep { .. } => "transition.step_keys_are_distinct",
            TransitionError::UnknownStep { .. } => "transition.step_exists",
            TransitionError::UnknownDependency { .. } => "transition.dependency_exists",
            TransitionError::DependencyCycle { .. } => "transition.dependencies_have_no_cycle",
            TransitionError::NotAPartyOfTheTransition { .. } => {
                "transition.party_of_the_transition"
            }
            TransitionError::DependenciesNotSettled { .. } => "transition.dependencies_done_first",
            TransitionError::ContractOfAnotherCooperation { .. } => {
                "transition.contract_of_the_cooperation"
            }
            TransitionError::ObligationOfAnotherCooperation { .. } => {
                "transition.obligation_of_the_cooperation"
            }
            TransitionError::NoSuccessorCooperation { .. } => {
                "transition.successor_cooperation_exists"
            }
            TransitionError::SuccessorObligationIdTaken { .. } => {
                "transition.successor_obligation_id_is_new"
            }
            TransitionError::NotReady { .. } => "transition.ready_to_carry_out",
            TransitionError::DissolutionRecordedForAnotherDate { .. } => {
                "transition.dissolution_on_the_effective_date"
            }
            TransitionError::BodyOutlivesTheCooperation { .. } => {
                "transition.bodies_end_with_the_cooperation"
            }
            TransitionError::MembershipBeginsAfterTheBodyEnds { .. } => {
                "transition.memberships_begin_before_the_body_ends"
            }
            TransitionError::MandateBeginsAfterTheBodyEnds { .. } => {
                "transition.mandates_begin_before_the_body_ends"
            }
            TransitionError::Basis(error) => error.rule(),
        }
    }
}
