use chrono::NaiveDate;
use cqrs_es::event_sink::EventSink;
use cqrs_es::Aggregate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{
    CorrectGoal, FollowUpRecorded, GoalCommand, GoalCorrected, GoalError, GoalEvent, GoalSet,
    RecordFollowUp, SetGoal,
};
use crate::correction::correction_reason;
use crate::decide::{handle_by_deciding, Decide};

/// The state a goal needs to decide its next command.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Goal {
    period_from: Option<NaiveDate>,
    /// The body whose plan holds the goal, as last set or corrected: its secretaries keep it.
    #[serde(default)]
    body_id: Option<Uuid>,
}

impl Goal {
    /// The body the goal belongs to now, or `None` before it is set.
    pub fn body_id(&self) -> Option<Uuid> {
        self.body_id
    }
}

impl Aggregate for Goal {
    const TYPE: &'static str = "Goal";
    type Command = GoalCommand;
    type Event = GoalEvent;
    type Error = GoalError;
    type Services = ();

    async fn handle(
        &mut self,
        command: Self::Command,
        _services: &Self::Services,
        sink: &EventSink<Self>,
    ) -> Result<(), Self::Error> {
        handle_by_deciding(self, command, sink).await
    }

    fn apply(&mut self, event: Self::Event) {
        match event {
            GoalEvent::GoalSet(set) => {
                self.period_from = Some(set.period.from);
                self.body_id = Some(set.body_id);
            }
            GoalEvent::GoalCorrected(corrected) => {
                self.period_from = Some(corrected.goal.period.from);
                self.body_id = Some(corrected.goal.body_id);
            }
            GoalEvent::FollowUpRecorded(_) => {}
        }
    }
}

impl Decide for Goal {
    fn decide(&self, command: Self::Command) -> Result<Self::Event, Self::Error> {
        match command {
            GoalCommand::Set(command) => self.set(command),
            GoalCommand::FollowUp(command) => self.follow_up(command),
            GoalCommand::Correct(command) => self.correct(command),
        }
    }
}

impl Goal {
    fn set(&self, command: SetGoal) -> Result<GoalEvent, GoalError> {
        if self.period_from.is_some() {
            return Err(GoalError::AlreadySet);
        }
        Ok(GoalEvent::GoalSet(checked_goal(command)?))
    }

    fn correct(&self, command: CorrectGoal) -> Result<GoalEvent, GoalError> {
        if self.period_from.is_none() {
            return Err(GoalError::NotSet);
        }
        let reason = correction_reason(&command.reason, GoalError::CorrectionReasonMissing)?;
        Ok(GoalEvent::GoalCorrected(GoalCorrected {
            goal: checked_goal(command.goal)?,
            reason: reason.to_owned(),
        }))
    }

    fn follow_up(&self, command: RecordFollowUp) -> Result<GoalEvent, GoalError> {
        let from = self.period_from.ok_or(GoalError::NotSet)?;
        if command.on < from {
            return Err(GoalError::FollowUpBeforePeriod {
                on: command.on,
                from,
            });
        }
        let comment = command.comment.trim();
        if comment.is_empty() {
            return Err(GoalError::CommentMissing);
        }
        command.basis.validate().map_err(GoalError::Basis)?;
        Ok(GoalEvent::FollowUpRecorded(FollowUpRecorded {
            on: command.on,
            assessment: command.assessment,
            comment: comment.to_owned(),
            basis: command.basis,
        }))
    }
}

/// The rules a goal keeps, whether first set or corrected.
fn checked_goal(command: SetGoal) -> Result<GoalSet, GoalError> {
    if command.number == 0 {
        return Err(GoalError::NumberZero);
    }
    let text = command.text.trim();
    if text.is_empty() {
        return Err(GoalError::TextMissing);
    }
    if let Some(to) = command.period.to.filter(|to| *to < command.period.from) {
        return Err(GoalError::PeriodBackwards {
            from: command.period.from,
            to,
        });
    }
    command.basis.validate().map_err(GoalError::Basis)?;
    Ok(GoalSet {
        body_id: command.body_id,
        plan_document_id: command.plan_document_id,
        number: command.number,
        text: text.to_owned(),
        period: command.period,
        basis: command.basis,
    })
}
