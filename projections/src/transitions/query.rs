use chrono::NaiveDate;
use domain::transition::{SuccessorForm, Transition, TransitionView};
use serde::Serialize;
use sqlx::{PgPool, Row};
use uuid::Uuid;

use crate::columns::from_json;
use crate::read_at::{ReadAt, Resolved};
use crate::{QueryError, ReadModel};

const MODEL: ReadModel = ReadModel::Transitions;

/// A transition plan on one day, as the register knew it at one position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PlanAnswer {
    pub transition_id: Uuid,
    /// The log position the answer is as known at.
    pub known_at: u64,
    #[serde(flatten)]
    pub plan: TransitionView,
}

/// The plans of one cooperation, as the register knew them at one position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PlansOfCooperation {
    pub as_of: NaiveDate,
    pub known_at: u64,
    /// Sorted by effective date, then transition id.
    pub transitions: Vec<PlanSummary>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PlanSummary {
    pub transition_id: Uuid,
    pub effective_on: NaiveDate,
    pub successor_form: SuccessorForm,
    pub successor_cooperation_id: Option<Uuid>,
    pub carried_out_on: Option<NaiveDate>,
}

/// The plan `transition_id` on `read_at.as_of`, as known at `read_at.known_at`; `None` when the
/// register did not know it then.
pub async fn transition(
    pool: &PgPool,
    transition_id: Uuid,
    read_at: ReadAt,
) -> Result<Option<PlanAnswer>, QueryError> {
    let Resolved { as_of, known_at } = read_at.resolve(pool, MODEL).await?;
    let Some(state) = plan_state(pool, transition_id, known_at.as_stored()).await? else {
        return Ok(None);
    };
    Ok(state.view_on(as_of).map(|plan| PlanAnswer {
        transition_id,
        known_at: known_at.get(),
        plan,
    }))
}

/// Every plan for replacing `cooperation_id`, as known at `read_at.known_at`.
pub async fn transitions_of_cooperation(
    pool: &PgPool,
    cooperation_id: Uuid,
    read_at: ReadAt,
) -> Result<PlansOfCooperation, QueryError> {
    let Resolved { as_of, known_at } = read_at.resolve(pool, MODEL).await?;
    let rows = sqlx::query(
        "SELECT transition_id, state FROM read_transitions.plans
          WHERE cooperation_id = $1 AND known @> $2::bigint",
    )
    .bind(cooperation_id)
    .bind(known_at.as_stored())
    .fetch_all(pool)
    .await?;
    let mut transitions = Vec::with_capacity(rows.len());
    for row in rows {
        let transition_id: Uuid = row.try_get("transition_id")?;
        let state: Transition = from_json(MODEL, "state", row.try_get("state")?)?;
        let (Some(effective_on), Some(successor)) = (state.effective_on(), state.successor())
        else {
            return Err(QueryError::unreadable(MODEL, "a stored plan has no plan"));
        };
        transitions.push(PlanSummary {
            transition_id,
            effective_on,
            successor_form: successor.form,
            successor_cooperation_id: successor
                .cooperation
                .as_ref()
                .map(|cooperation| cooperation.cooperation_id),
            carried_out_on: state
                .view_on(as_of)
                .and_then(|view| view.carried_out.map(|done| done.carried_out_on)),
        });
    }
    transitions.sort_by_key(|plan| (plan.effective_on, plan.transition_id));
    Ok(PlansOfCooperation {
        as_of,
        known_at: known_at.get(),
        transitions,
    })
}

/// The plan's state as known at `known_at`, stored position.
pub(super) async fn plan_state(
    pool: &PgPool,
    transition_id: Uuid,
    known_at: i64,
) -> Result<Option<Transition>, QueryError> {
    let state: Option<serde_json::Value> = sqlx::query_scalar(
        "SELECT state FROM read_transitions.plans
          WHERE transition_id = $1 AND known @> $2::bigint",
    )
    .bind(transition_id)
    .bind(known_at)
    .fetch_optional(pool)
    .await?;
    state
        .map(|state| from_json(MODEL, "state", state))
        .transpose()
}
