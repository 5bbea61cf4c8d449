//! The report of a verification, the same whether it checked the database or an export: as text
//! for the command line, and as JSON for `/audit/verify`.

use std::fmt::Write;

use eventlog::{ChainBreak, ChainReport, CheckedHead, HeadSource, HeadStatus};
use serde::Serialize;

/// The report as the command line prints it: the chain, then each published head.
pub fn describe(report: &ChainReport) -> String {
    let mut text = String::new();
    let verdict = if report.is_intact() {
        "the event log is intact"
    } else {
        "the event log was altered"
    };
    // Writing to a String cannot fail.
    let _ = writeln!(text, "{verdict}");
    let _ = writeln!(text, "events checked: {}", report.events_checked);
    let _ = writeln!(text, "last position checked: {}", report.last_position);
    let _ = writeln!(text, "hash at that position: {}", report.last_hash);
    let _ = writeln!(text, "head position: {}", report.head_position);
    let _ = writeln!(text, "head hash: {}", report.head_hash);
    for checked in &report.heads {
        let _ = writeln!(text, "{}", describe_head(checked));
    }
    text
}

fn describe_head(checked: &CheckedHead) -> String {
    let head = &checked.head;
    let what = match &head.source {
        HeadSource::Checkpoint { recorded_at, note } => {
            format!("checkpoint at position {recorded_at} ({note})")
        }
        HeadSource::Given => "published head".to_owned(),
    };
    let status = match checked.status {
        HeadStatus::Holds => "holds".to_owned(),
        HeadStatus::Contradicted { found } => format!("contradicted: the chain has {found} there"),
        HeadStatus::NotReached => "contradicted: the log no longer reaches it".to_owned(),
        HeadStatus::OutsideRange => "not checked: outside the range verified".to_owned(),
    };
    format!(
        "{what}: position {} hash {}: {status}",
        head.position, head.hash
    )
}

/// The report as `/audit/verify` answers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct VerificationSummary {
    /// Whether the chain, every checkpoint and every given head hold.
    pub intact: bool,
    pub first_position: u64,
    pub events_checked: u64,
    /// The last position that continued the chain, and its hash.
    pub last_position: u64,
    pub last_hash: String,
    /// The head of the log when the verification began.
    pub head_position: u64,
    pub head_hash: String,
    /// Every checkpoint met, in log order, and what the log says about it.
    pub checkpoints: Vec<CheckpointSummary>,
    /// The first evidence of alteration, if there is any.
    pub finding: Option<FindingSummary>,
}

/// One checkpoint and what the log says about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct CheckpointSummary {
    /// The position of the checkpoint's own event.
    pub recorded_at: u64,
    /// The head it recorded.
    pub position: u64,
    pub hash: String,
    /// Where the head was published.
    pub note: String,
    /// `holds`, `contradicted`, `not_reached` or `outside_range`.
    pub status: &'static str,
    /// The hash the chain has at `position` when it differs.
    pub found_hash: Option<String>,
}

/// The first position at which the log departs from its chain, how, and in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FindingSummary {
    pub position: u64,
    /// A stable name: `hash_mismatch`, `missing_row`, `head_mismatch`, `row_beyond_head`,
    /// `misplaced`, `checkpoint_contradicted`, `published_head_contradicted`, …
    pub kind: &'static str,
    pub message: String,
}

impl From<&ChainBreak> for FindingSummary {
    fn from(chain_break: &ChainBreak) -> Self {
        FindingSummary {
            position: chain_break.position().get(),
            kind: chain_break.kind(),
            message: chain_break.to_string(),
        }
    }
}

impl From<&ChainReport> for VerificationSummary {
    fn from(report: &ChainReport) -> Self {
        let checkpoints = report
            .heads
            .iter()
            .filter_map(|checked| match &checked.head.source {
                HeadSource::Checkpoint { recorded_at, note } => Some(CheckpointSummary {
                    recorded_at: recorded_at.get(),
                    position: checked.head.position.get(),
                    hash: checked.head.hash.to_string(),
                    note: note.clone(),
                    status: status_name(checked.status),
                    found_hash: match checked.status {
                        HeadStatus::Contradicted { found } => Some(found.to_string()),
                        _ => None,
                    },
                }),
                HeadSource::Given => None,
            })
            .collect();
        VerificationSummary {
            intact: report.is_intact(),
            first_position: report.first_position.get(),
            events_checked: report.events_checked,
            last_position: report.last_position.get(),
            last_hash: report.last_hash.to_string(),
            head_position: report.head_position.get(),
            head_hash: report.head_hash.to_string(),
            checkpoints,
            finding: report.finding.as_ref().map(FindingSummary::from),
        }
    }
}

fn status_name(status: HeadStatus) -> &'static str {
    match status {
        HeadStatus::Holds => "holds",
        HeadStatus::Contradicted { .. } => "contradicted",
        HeadStatus::NotReached => "not_reached",
        HeadStatus::OutsideRange => "outside_range",
    }
}
