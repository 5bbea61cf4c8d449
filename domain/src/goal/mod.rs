//! A strategic goal (inriktningsmål) of a committee plan, with its period and its follow-ups,
//! such as seed 000's seven goals for 2023–2025. One stream per goal, bounded by its period.

mod aggregate;
mod command;
mod error;
mod event;

#[cfg(test)]
mod tests;

pub use aggregate::Goal;
pub use command::{CorrectGoal, GoalCommand, RecordFollowUp, SetGoal};
pub use error::GoalError;
pub use event::{Assessment, FollowUpRecorded, GoalCorrected, GoalEvent, GoalSet};
