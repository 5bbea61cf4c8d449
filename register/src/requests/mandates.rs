//! Requests on mandates. The JSON API takes the domain's own commands, which carry no fact: what
//! the register checks is that a body holding a mandate is recorded. A party holder is a party
//! of some cooperation, which need not be registered on its own.

use domain::mandate::{
    CorrectMandate, GrantMandate, Mandate, MandateCommand, MandateError, MandateHolder,
};
use uuid::Uuid;

use crate::{Gather, Register, RegisterError, StreamAddress};

type MandateResult<T> = Result<T, RegisterError<MandateError>>;

/// Refuses a mandate held by a body the register does not hold; `field` is where the request
/// names the holder's body.
async fn require_recorded_holder(
    register: &Register,
    field: &str,
    holder: &MandateHolder,
) -> MandateResult<()> {
    match holder {
        MandateHolder::Body { body_id } => {
            register.recorded_body(field, *body_id).await?;
            Ok(())
        }
        MandateHolder::Party { .. } => Ok(()),
    }
}

/// A new mandate goes to the stream of the id its caller chose for it.
impl Gather for GrantMandate {
    type Aggregate = Mandate;
    type Address = Uuid;

    async fn gather(self, register: &Register, _: &Uuid) -> MandateResult<MandateCommand> {
        require_recorded_holder(register, "holder.body_id", &self.holder).await?;
        Ok(MandateCommand::Grant(self))
    }
}

impl Gather for CorrectMandate {
    type Aggregate = Mandate;
    type Address = Uuid;

    async fn gather(self, register: &Register, mandate_id: &Uuid) -> MandateResult<MandateCommand> {
        // The address is checked before the grant, so that a wrong address is not reported as a
        // broken rule of the correction.
        register
            .require_addressed::<Mandate, _>("mandate", &mandate_id.stream_id())
            .await?;
        require_recorded_holder(register, "grant.holder.body_id", &self.grant.holder).await?;
        Ok(MandateCommand::Correct(self))
    }
}
