//! Requests on cost allocation: allocation keys of agreement versions, and budgets. The
//! cooperation's parties and founding day, the agreement's cooperation, kind and versions, and
//! the keys a version already has come from the register.

use domain::allocation::{
    AdoptAllocationKey, AdoptBudget, AllocationKey, AllocationKeyCommand, AllocationKeyError,
    AllocationMethod, Budget, BudgetCommand, BudgetError, BudgetLine, CorrectAllocationKey,
    NamedException,
};
use domain::LegalBasis;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::{Gather, Register, RegisterError, StreamAddress};

type KeyResult<T> = Result<T, RegisterError<AllocationKeyError>>;

/// The allocation key of one version of a cooperation agreement.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AllocationKeyRequest {
    /// The cooperation whose costs the key splits.
    pub cooperation_id: Uuid,
    /// The cooperation agreement (a governing document of kind `cooperation_agreement`).
    pub document_id: Uuid,
    /// The version of the agreement the key belongs to.
    #[schema(example = 1)]
    pub document_version: u32,
    pub method: AllocationMethod,
    /// Budget lines charged wholly to one party instead of being shared.
    #[serde(default)]
    pub exceptions: Vec<NamedException>,
    pub basis: LegalBasis,
}

impl AllocationKeyRequest {
    /// The domain's command, once the register's facts are looked up; `prefix` is where the key
    /// sits in the request, and `key_id` the key itself, which is not one of the "other" keys of
    /// its version.
    async fn into_command(
        self,
        register: &Register,
        prefix: &str,
        key_id: Uuid,
    ) -> KeyResult<AdoptAllocationKey> {
        let cooperation = register
            .recorded_cooperation(&format!("{prefix}cooperation_id"), self.cooperation_id)
            .await?;
        let document = register
            .agreement_facts(self.document_id)
            .await?
            .ok_or_else(|| RegisterError::UnknownDocument {
                field: format!("{prefix}document_id"),
                document_id: self.document_id,
            })?;
        let other_keys_of_version = register
            .keys_of_agreement_version(self.document_id, self.document_version, Some(key_id))
            .await?;
        Ok(AdoptAllocationKey {
            cooperation_id: self.cooperation_id,
            cooperation_parties: cooperation.parties,
            document_id: self.document_id,
            document_version: self.document_version,
            document,
            other_keys_of_version,
            method: self.method,
            exceptions: self.exceptions,
            basis: self.basis,
        })
    }
}

/// A new key goes to the stream of the id its caller chose for it.
impl Gather for AllocationKeyRequest {
    type Aggregate = AllocationKey;
    type Address = Uuid;

    async fn gather(self, register: &Register, key_id: &Uuid) -> KeyResult<AllocationKeyCommand> {
        Ok(AllocationKeyCommand::Adopt(
            self.into_command(register, "", *key_id).await?,
        ))
    }
}

/// A key recorded wrongly, and what it should have said.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectAllocationKeyRequest {
    pub key: AllocationKeyRequest,
    /// Why the original was wrong.
    pub reason: String,
}

impl Gather for CorrectAllocationKeyRequest {
    type Aggregate = AllocationKey;
    type Address = Uuid;

    async fn gather(self, register: &Register, key_id: &Uuid) -> KeyResult<AllocationKeyCommand> {
        // The address is checked before the key, so that a wrong address is not reported as a
        // broken rule of the correction.
        register
            .require_addressed::<AllocationKey, _>("allocation key", &key_id.stream_id())
            .await?;
        let adopt = self.key.into_command(register, "key.", *key_id).await?;
        Ok(AllocationKeyCommand::Correct(CorrectAllocationKey {
            adopt,
            reason: self.reason,
        }))
    }
}

/// A cooperation's budget for a year, as lines in tkr.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetRequest {
    #[schema(example = 2021)]
    pub year: i32,
    pub lines: Vec<BudgetLine>,
    pub basis: LegalBasis,
}

/// A budget is addressed to its cooperation, and its year, in the request, completes the name of
/// its stream. The cooperation in the address must be recorded: its founding day is a fact of
/// the command.
impl Gather for BudgetRequest {
    type Aggregate = Budget;
    type Address = Uuid;

    fn stream_id(&self, cooperation_id: &Uuid) -> String {
        Budget::stream_id(*cooperation_id, self.year)
    }

    async fn gather(
        self,
        register: &Register,
        cooperation_id: &Uuid,
    ) -> Result<BudgetCommand, RegisterError<BudgetError>> {
        let cooperation = register
            .cooperation_facts(*cooperation_id)
            .await?
            .ok_or_else(|| RegisterError::UnknownResource {
                resource: "cooperation",
                id: cooperation_id.to_string(),
            })?;
        Ok(BudgetCommand::Adopt(AdoptBudget {
            cooperation_id: *cooperation_id,
            cooperation_established_on: cooperation.established_on,
            year: self.year,
            lines: self.lines,
            basis: self.basis,
        }))
    }
}
