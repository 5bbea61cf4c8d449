use cqrs_es::event_sink::EventSink;
use cqrs_es::Aggregate;

/// An aggregate's decision as a pure function of its state and a command: the one event to
/// record, or the rule the command breaks. Every aggregate here decides one event per command.
pub trait Decide: Aggregate {
    fn decide(&self, command: Self::Command) -> Result<Self::Event, Self::Error>;
}

/// What every aggregate's `handle` does: decide, then record the event, which also applies it.
pub(crate) async fn handle_by_deciding<A: Decide>(
    aggregate: &mut A,
    command: A::Command,
    sink: &EventSink<A>,
) -> Result<(), A::Error> {
    let event = aggregate.decide(command)?;
    sink.write(event, aggregate).await;
    Ok(())
}
