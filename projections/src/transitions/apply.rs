use cqrs_es::Aggregate;
use domain::transition::{Transition, TransitionEvent};
use eventlog::RecordedEvent;
use sqlx::PgConnection;

use crate::columns::json_of;
use crate::decode::decode;
use crate::stream::{self, stream_id};
use crate::{ProjectionError, ReadModel};

const MODEL: ReadModel = ReadModel::Transitions;

/// Applies a plan's event to the plan as last known: the domain's own `apply`, so the stored
/// state is exactly the aggregate's.
pub(crate) async fn apply(
    connection: &mut PgConnection,
    event: &RecordedEvent,
) -> Result<(), ProjectionError> {
    if event.aggregate_type != Transition::TYPE {
        return Ok(());
    }
    let position = event.position.as_stored();
    let transition_id = stream_id(MODEL, event)?;
    let transition_event = decode::<TransitionEvent>(event)?;
    let is_first = matches!(transition_event, TransitionEvent::TransitionPlanned(_));

    let stored: Option<serde_json::Value> =
        sqlx::query_scalar("SELECT state FROM plans WHERE transition_id = $1 AND upper_inf(known)")
            .bind(transition_id)
            .fetch_optional(&mut *connection)
            .await?;
    let mut transition = match stored {
        Some(state) => serde_json::from_value::<Transition>(state).map_err(|source| {
            ProjectionError::UnreadableEvent {
                position: event.position,
                event_type: event.event_type.clone(),
                source,
            }
        })?,
        None if is_first => Transition::default(),
        None => return stream::expect_row(MODEL, 0, event, "the transition plan"),
    };
    transition.apply(transition_event);
    let Some(cooperation_id) = transition.cooperation_id() else {
        return stream::expect_row(MODEL, 0, event, "the plan's cooperation");
    };

    if !is_first {
        sqlx::query(
            "UPDATE plans SET known = int8range(lower(known), $1)
              WHERE transition_id = $2 AND upper_inf(known)",
        )
        .bind(position)
        .bind(transition_id)
        .execute(&mut *connection)
        .await?;
    }
    sqlx::query(
        "INSERT INTO plans (transition_id, cooperation_id, state, known)
         VALUES ($1, $2, $3, int8range($4, NULL))",
    )
    .bind(transition_id)
    .bind(cooperation_id)
    .bind(json_of(&transition)?)
    .bind(position)
    .execute(&mut *connection)
    .await?;
    Ok(())
}
