//! The one fact-gathering step per command: a request names where it goes and what it asks, and
//! turns itself into the domain command, with the facts the register holds, just before the
//! register executes it.

use std::future::Future;

use cqrs_es::Aggregate;
use domain::CitesBasis;
use uuid::Uuid;

use super::{Register, RegisterError, Written};

/// The domain command a request becomes.
pub type CommandOf<R> = <<R as Gather>::Aggregate as Aggregate>::Command;

/// The rule error of the aggregate a request is for.
pub type RuleErrorOf<R> = <<R as Gather>::Aggregate as Aggregate>::Error;

/// A request the register can record: it carries what the caller decides, never a fact the
/// register holds, and gathers those facts itself.
pub trait Gather: Sized + Send {
    /// The aggregate whose stream the command goes to.
    type Aggregate: Aggregate<Services = ()> + 'static;
    /// What the caller addresses the command to: a new or existing id, or a body's term.
    type Address: StreamAddress;

    /// The stream of [`Gather::Aggregate`] the command goes to: the one its address names,
    /// unless the request itself completes the name, as a budget's year does.
    fn stream_id(&self, address: &Self::Address) -> String {
        address.stream_id()
    }

    /// The domain command, with the facts looked up in `register`. A fact the register does not
    /// hold, or an address it does not know, is a [`RegisterError`] naming it; nothing is
    /// written then.
    fn gather(
        self,
        register: &Register,
        address: &Self::Address,
    ) -> impl Future<Output = Result<CommandOf<Self>, RegisterError<RuleErrorOf<Self>>>> + Send;
}

/// What names one stream of an aggregate, as the caller addresses it.
pub trait StreamAddress: Send + Sync {
    fn stream_id(&self) -> String;
}

/// Most resources are addressed by their id, which names their stream.
impl StreamAddress for Uuid {
    fn stream_id(&self) -> String {
        self.to_string()
    }
}

impl Register {
    /// Gathers the facts `request` needs and executes the command it becomes on the stream
    /// `address` names, only if that stream is still at `expected_version` when one is given.
    pub async fn submit<R: Gather>(
        &self,
        address: R::Address,
        request: R,
        expected_version: Option<u64>,
    ) -> Result<Written, RegisterError<RuleErrorOf<R>>>
    where
        CommandOf<R>: CitesBasis,
    {
        let stream_id = request.stream_id(&address);
        // A retry is answered before its facts are gathered again: they may refuse what the
        // first attempt did, as a second establishment of the same body would be refused.
        if let Some(written) = self
            .first_attempt_written(R::Aggregate::TYPE, &stream_id)
            .await?
        {
            return Ok(written);
        }
        let command = request.gather(self, &address).await?;
        self.execute_at_version::<R::Aggregate>(&stream_id, command, expected_version)
            .await
    }

    /// Executes `command`, which needs no fact, on stream `stream_id` of `A`, which must already
    /// exist; `resource` is what the caller calls it. An unknown stream is
    /// [`RegisterError::UnknownResource`], because it is the address that is wrong rather than
    /// the command, and it is reported before the command's own rules.
    pub async fn execute_addressed<A>(
        &self,
        resource: &'static str,
        stream_id: &str,
        command: A::Command,
        expected_version: Option<u64>,
    ) -> Result<Written, RegisterError<A::Error>>
    where
        A: Aggregate<Services = ()> + 'static,
        A::Command: CitesBasis,
    {
        self.require_addressed::<A, A::Error>(resource, stream_id)
            .await?;
        self.execute_at_version::<A>(stream_id, command, expected_version)
            .await
    }
}
