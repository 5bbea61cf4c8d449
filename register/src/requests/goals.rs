//! Requests on goals. The JSON API takes the domain's own commands, which carry no fact: what the
//! register checks is that the body and the plan a goal names are recorded, and which body's plan
//! holds a goal, since that body's secretaries keep it.

use domain::goal::{CorrectGoal, Goal, GoalCommand, GoalError, SetGoal};
use uuid::Uuid;

use crate::{Gather, Register, RegisterError};

type GoalResult<T> = Result<T, RegisterError<GoalError>>;

/// Refuses a goal that names a body or plan the register does not hold; `prefix` is where the
/// goal sits in the request, so that the refusal names the field the caller sent.
async fn require_recorded_references(
    register: &Register,
    prefix: &str,
    goal: &SetGoal,
) -> GoalResult<()> {
    register
        .recorded_body::<GoalError>(&format!("{prefix}body_id"), goal.body_id)
        .await?;
    register
        .require_recorded_plan(&format!("{prefix}plan_document_id"), goal.plan_document_id)
        .await
}

/// A new goal goes to the stream of the id its caller chose for it.
impl Gather for SetGoal {
    type Aggregate = Goal;
    type Address = Uuid;

    async fn gather(self, register: &Register, _: &Uuid) -> GoalResult<GoalCommand> {
        require_recorded_references(register, "", &self).await?;
        Ok(GoalCommand::Set(self))
    }
}

impl Gather for CorrectGoal {
    type Aggregate = Goal;
    type Address = Uuid;

    async fn gather(self, register: &Register, goal_id: &Uuid) -> GoalResult<GoalCommand> {
        register.body_of_goal(*goal_id).await?;
        require_recorded_references(register, "goal.", &self.goal).await?;
        Ok(GoalCommand::Correct(self))
    }
}

impl Register {
    /// The body whose plan holds goal `goal_id` now: its secretaries are the ones who keep it.
    /// A goal the register does not hold is [`RegisterError::UnknownResource`].
    pub async fn body_of_goal(&self, goal_id: Uuid) -> GoalResult<Uuid> {
        let stream_id = goal_id.to_string();
        let goal = self
            .addressed_state::<Goal, GoalError>("goal", &stream_id)
            .await?;
        goal.body_id().ok_or(RegisterError::UnknownResource {
            resource: "goal",
            id: stream_id,
        })
    }
}
