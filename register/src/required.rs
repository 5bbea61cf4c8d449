//! The lookups a request's gathering step cannot do without: each returns what it found, or the
//! [`RegisterError`] that says which field or address named something the register does not
//! hold.

use cqrs_es::Aggregate;
use domain::governing_document::GoverningDocument;
use uuid::Uuid;

use super::facts::{load, lookup_error};
use super::governance_facts::{BodyFacts, CooperationFacts};
use super::{Register, RegisterError};

impl Register {
    /// The facts of the cooperation a request names in `field`.
    pub(crate) async fn recorded_cooperation<E: std::error::Error>(
        &self,
        field: &str,
        cooperation_id: Uuid,
    ) -> Result<CooperationFacts, RegisterError<E>> {
        self.cooperation_facts(cooperation_id)
            .await?
            .ok_or_else(|| RegisterError::UnknownCooperation {
                field: field.to_owned(),
                cooperation_id,
            })
    }

    /// The facts of the body a request names in `field`.
    pub(crate) async fn recorded_body<E: std::error::Error>(
        &self,
        field: &str,
        body_id: Uuid,
    ) -> Result<BodyFacts, RegisterError<E>> {
        self.body_facts(body_id)
            .await?
            .ok_or_else(|| RegisterError::UnrecordedBody {
                field: field.to_owned(),
                body_id,
            })
    }

    /// The facts of the body a command is addressed to, such as the body whose term it writes.
    pub(crate) async fn addressed_body<E: std::error::Error>(
        &self,
        body_id: Uuid,
    ) -> Result<BodyFacts, RegisterError<E>> {
        self.body_facts(body_id)
            .await?
            .ok_or_else(|| RegisterError::UnknownResource {
                resource: "body",
                id: body_id.to_string(),
            })
    }

    /// Refuses a command addressed to stream `stream_id` of `A` when the stream holds no event;
    /// `resource` is what the caller calls it.
    pub(crate) async fn require_addressed<A: Aggregate, E: std::error::Error>(
        &self,
        resource: &'static str,
        stream_id: &str,
    ) -> Result<(), RegisterError<E>> {
        if self.stream_recorded::<A, E>(stream_id).await? {
            Ok(())
        } else {
            Err(RegisterError::UnknownResource {
                resource,
                id: stream_id.to_owned(),
            })
        }
    }

    /// Refuses a goal whose `field` names a plan the register does not hold. Any governing
    /// document counts as a plan here: the goal's own rules say nothing of the plan's kind.
    pub(crate) async fn require_recorded_plan<E: std::error::Error>(
        &self,
        field: &str,
        document_id: Uuid,
    ) -> Result<(), RegisterError<E>> {
        let stream_id = document_id.to_string();
        if self
            .stream_recorded::<GoverningDocument, E>(&stream_id)
            .await?
        {
            Ok(())
        } else {
            Err(RegisterError::UnknownPlan {
                field: field.to_owned(),
                document_id,
            })
        }
    }

    /// Whether stream `stream_id` of `A` holds any event.
    async fn stream_recorded<A: Aggregate, E: std::error::Error>(
        &self,
        stream_id: &str,
    ) -> Result<bool, RegisterError<E>> {
        self.index
            .stream_exists(A::TYPE, stream_id)
            .await
            .map_err(lookup_error)
    }

    /// The current state of the resource a command is addressed to, when what it holds decides
    /// the command's facts or who may write; `resource` is what the caller calls it.
    pub(crate) async fn addressed_state<A: Aggregate, E: std::error::Error>(
        &self,
        resource: &'static str,
        stream_id: &str,
    ) -> Result<A, RegisterError<E>> {
        load::<A, E>(&self.log, stream_id)
            .await?
            .ok_or_else(|| RegisterError::UnknownResource {
                resource,
                id: stream_id.to_owned(),
            })
    }
}
