use crate::{EventLog, EventRepository};
use cqrs_es::persist::PersistedEventStore;
use cqrs_es::{Aggregate, CqrsFramework};

/// The command side for one aggregate: load its events, let it decide, append what it decided.
pub type CommandBus<A> = CqrsFramework<A, PersistedEventStore<EventRepository, A>>;

/// Builds the command side for aggregate `A` over the event log.
///
/// It registers no cqrs-es queries on purpose: cqrs-es dispatches them after the commit, inside
/// the request, and loses their updates if the process dies in between. Read models follow the
/// log by position instead (see `projections/`). It uses no snapshots either: every aggregate's
/// stream is kept short by design, so loading it whole stays cheap.
pub fn command_bus<A: Aggregate>(log: &EventLog, services: A::Services) -> CommandBus<A> {
    let store = PersistedEventStore::new_event_store(EventRepository::new(log.clone()));
    CqrsFramework::new(store, Vec::new(), services)
}
