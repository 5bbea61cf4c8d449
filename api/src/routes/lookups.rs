//! Lookups the command endpoints share: the facts of a cooperation or body a request names, and
//! the state of the resource in the path when it decides who may change it.

use cqrs_es::persist::PersistedEventStore;
use cqrs_es::{Aggregate, EventStore};
use domain::RuleViolation;
use eventlog::EventRepository;
use sqlx::PgPool;
use uuid::Uuid;

use crate::command::from_register_error;
use crate::ApiError;
use register::{CooperationFacts, Register};

/// The facts of the cooperation a request names in `field`, or a broken rule on that field when
/// the register holds no such cooperation: the request is wrong, not its address.
pub async fn recorded_cooperation<E: RuleViolation>(
    register: &Register,
    field: &str,
    cooperation_id: Uuid,
) -> Result<CooperationFacts, ApiError> {
    register
        .cooperation_facts::<E>(cooperation_id)
        .await
        .map_err(from_register_error)?
        .ok_or_else(|| {
            ApiError::rule(
                field,
                "cooperation.is_recorded",
                format!("there is no cooperation {cooperation_id} in the register"),
            )
        })
}

/// The current state of stream `stream_id` of `A`, for a handler that must know something of
/// the resource before it can tell who may change it; 404 when the stream holds no event.
pub async fn current_state<A: Aggregate>(
    pool: &PgPool,
    resource: &'static str,
    stream_id: &str,
) -> Result<A, ApiError> {
    let store = PersistedEventStore::<EventRepository, A>::new_event_store(EventRepository::new(
        pool.clone(),
    ));
    let context = store
        .load_aggregate(stream_id)
        .await
        .map_err(|error| ApiError::internal(&error))?;
    if context.current_sequence == 0 {
        return Err(ApiError::NotFound {
            resource,
            id: stream_id.to_owned(),
        });
    }
    Ok(context.aggregate)
}
