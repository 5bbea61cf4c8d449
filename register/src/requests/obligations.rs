//! Requests on obligations. The cooperation's parties, which the debtor, a creditor party and a
//! transferee must be among, come from the register, as does whether a creditor cooperation or
//! body is recorded at all.

use chrono::NaiveDate;
use domain::obligation::{
    CloseObligation, Closure, CorrectObligation, Creditor, Due, Obligation, ObligationCommand,
    ObligationError, ObligationKind, RecordObligation,
};
use domain::{DateRange, LegalBasis, PartyCode};
use eventlog::StoreFailure;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{Gather, Register, RegisterError, StreamAddress};

type ObligationResult<T> = Result<T, RegisterError<ObligationError>>;

/// What a party owes under a cooperation. The cooperation's parties, which the debtor and a
/// creditor party must be among, are looked up in the register.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ObligationRequest {
    /// The cooperation the obligation is owed under.
    pub cooperation_id: Uuid,
    /// The party that owes.
    pub debtor: PartyCode,
    pub creditor: Creditor,
    pub kind: ObligationKind,
    /// What is owed, in words.
    #[schema(example = "Andel av grundavtalet 2021 efter folkmängd")]
    pub description: String,
    pub period: DateRange,
    pub due: Due,
    pub basis: LegalBasis,
}

impl ObligationRequest {
    /// The domain's command, once the register's facts are checked and looked up; `prefix` is
    /// where the obligation sits in the request, so that a broken rule names the field sent.
    async fn into_command(
        self,
        register: &Register,
        prefix: &str,
    ) -> ObligationResult<RecordObligation> {
        let cooperation = register
            .recorded_cooperation(&format!("{prefix}cooperation_id"), self.cooperation_id)
            .await?;
        match &self.creditor {
            Creditor::Cooperation { cooperation_id } => {
                register
                    .recorded_cooperation::<ObligationError>(
                        &format!("{prefix}creditor.cooperation_id"),
                        *cooperation_id,
                    )
                    .await?;
            }
            Creditor::Body { body_id } => {
                register
                    .recorded_body::<ObligationError>(
                        &format!("{prefix}creditor.body_id"),
                        *body_id,
                    )
                    .await?;
            }
            Creditor::Party { .. } => {}
        }
        Ok(RecordObligation {
            cooperation_id: self.cooperation_id,
            cooperation_parties: cooperation.parties,
            debtor: self.debtor,
            creditor: self.creditor,
            kind: self.kind,
            description: self.description,
            period: self.period,
            due: self.due,
            basis: self.basis,
        })
    }
}

/// A new obligation goes to the stream of the id its caller chose for it.
impl Gather for ObligationRequest {
    type Aggregate = Obligation;
    type Address = Uuid;

    async fn gather(self, register: &Register, _: &Uuid) -> ObligationResult<ObligationCommand> {
        Ok(ObligationCommand::Record(
            self.into_command(register, "").await?,
        ))
    }
}

/// How an open obligation closed. A transfer must go to a party of the obligation's cooperation,
/// which is looked up in the register.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseObligationRequest {
    pub closure: Closure,
    /// The day it closed.
    #[schema(example = "2021-03-31")]
    pub on: NaiveDate,
    pub basis: LegalBasis,
}

/// The cooperation's parties are those of the cooperation the obligation is owed under, as the
/// obligation itself records it.
impl Gather for CloseObligationRequest {
    type Aggregate = Obligation;
    type Address = Uuid;

    async fn gather(
        self,
        register: &Register,
        obligation_id: &Uuid,
    ) -> ObligationResult<ObligationCommand> {
        let stream_id = obligation_id.stream_id();
        let obligation = register
            .addressed_state::<Obligation, _>("obligation", &stream_id)
            .await?;
        let cooperation_id =
            obligation
                .cooperation_id()
                .ok_or_else(|| RegisterError::UnknownResource {
                    resource: "obligation",
                    id: stream_id.clone(),
                })?;
        // The cooperation was in the register when the obligation was recorded and nothing
        // removes it, so its absence now is the register's fault, not the caller's.
        let cooperation = register
            .cooperation_facts(cooperation_id)
            .await?
            .ok_or_else(|| {
                RegisterError::Store(StoreFailure::new(format!(
                    "obligation {obligation_id} is owed under cooperation {cooperation_id}, \
                     which the register does not hold"
                )))
            })?;
        Ok(ObligationCommand::Close(CloseObligation {
            closure: self.closure,
            on: self.on,
            cooperation_parties: cooperation.parties,
            basis: self.basis,
        }))
    }
}

/// An obligation recorded wrongly, and what it should have said.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectObligationRequest {
    pub record: ObligationRequest,
    /// Why the original was wrong.
    pub reason: String,
}

impl Gather for CorrectObligationRequest {
    type Aggregate = Obligation;
    type Address = Uuid;

    async fn gather(
        self,
        register: &Register,
        obligation_id: &Uuid,
    ) -> ObligationResult<ObligationCommand> {
        // The address is checked before the record, so that a wrong address is not reported as
        // a broken rule of the correction.
        register
            .require_addressed::<Obligation, _>("obligation", &obligation_id.stream_id())
            .await?;
        let record = self.record.into_command(register, "record.").await?;
        Ok(ObligationCommand::Correct(CorrectObligation {
            record,
            reason: self.reason,
        }))
    }
}
