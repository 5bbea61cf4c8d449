//! What the timeline and the history say of a goal and its follow-ups. Pure.

use domain::goal::{Assessment, GoalEvent, GoalSet};

use super::facts::{on, Facts, Link};

pub(super) fn facts(event: &GoalEvent) -> Facts<'_> {
    match event {
        GoalEvent::GoalSet(set) => on(
            set.period.from,
            Some(&set.basis),
            format!("Goal set: {}", describe_goal(set)),
            Link::Body(set.body_id),
        ),
        GoalEvent::FollowUpRecorded(follow_up) => on(
            follow_up.on,
            Some(&follow_up.basis),
            format!(
                "Goal followed up: {} ({})",
                assessment(follow_up.assessment),
                follow_up.comment
            ),
            Link::Keeps,
        ),
        GoalEvent::GoalCorrected(corrected) => on(
            corrected.goal.period.from,
            Some(&corrected.goal.basis),
            format!(
                "Goal corrected: {} ({})",
                describe_goal(&corrected.goal),
                corrected.reason
            ),
            Link::Body(corrected.goal.body_id),
        ),
    }
}

fn describe_goal(set: &GoalSet) -> String {
    format!("goal {}: {}", set.number, set.text)
}

fn assessment(assessment: Assessment) -> &'static str {
    match assessment {
        Assessment::Reached => "reached",
        Assessment::PartlyReached => "partly reached",
        Assessment::NotReached => "not reached",
    }
}
