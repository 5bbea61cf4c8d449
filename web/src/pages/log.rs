//! The auditor's view of the log: whether the chain is intact, the head to publish, and every
//! checkpoint with what the log says about it. It runs the same verification as
//! `samverkan verify` and `/api/v1/audit/verify`, so the three cannot disagree.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use eventlog::{verify_log, LogReader, PositionRange};
use register::access::Role;
use register::audit::checkpoints::checkpoint_of;
use register::audit::report::VerificationSummary;

use super::{render, Chrome};
use crate::session::SignedIn;
use crate::time_bar::TimeBar;
use crate::{WebError, WebState};

/// Where the page lives.
pub const PATH: &str = "/granskning/logg";

#[derive(Debug)]
struct CheckpointRow {
    recorded_at: u64,
    position: u64,
    hash: String,
    note: String,
    status: &'static str,
    found_hash: Option<String>,
}

#[derive(Template)]
#[template(path = "log.html")]
struct LogPage {
    chrome: Chrome,
    intact: bool,
    events_checked: u64,
    head_position: u64,
    head_hash: String,
    /// The first departure from the chain: its position, what kind it is in Swedish, and the
    /// verification's own words.
    finding: Option<(u64, &'static str, String)>,
    checkpoints: Vec<CheckpointRow>,
}

pub async fn log(State(state): State<WebState>, signed_in: SignedIn) -> Result<Response, WebError> {
    if signed_in.session.token.role != Role::Auditor {
        return Err(WebError::Forbidden(
            "Loggens granskning är till för revisorer. Logga in med en revisors nyckel.".to_owned(),
        ));
    }
    // The page is about the log as it is now; the time bar only travels on to other pages.
    let chrome = Chrome::new(
        &signed_in,
        PATH.to_owned(),
        TimeBar::read(&Default::default(), state.clock.today()),
    );
    let report = verify_log(
        &LogReader::new(state.pool.clone()),
        PositionRange::default(),
        Vec::new(),
        &checkpoint_of,
    )
    .await
    .map_err(|error| WebError::Verification(error.to_string()))?;
    let summary = VerificationSummary::from(&report);
    render(&LogPage {
        chrome,
        intact: summary.intact,
        events_checked: summary.events_checked,
        head_position: summary.head_position,
        head_hash: summary.head_hash,
        finding: summary.finding.map(|finding| {
            (
                finding.position,
                finding_kind(finding.kind),
                finding.message,
            )
        }),
        checkpoints: summary
            .checkpoints
            .into_iter()
            .map(|checkpoint| CheckpointRow {
                recorded_at: checkpoint.recorded_at,
                position: checkpoint.position,
                hash: checkpoint.hash,
                note: checkpoint.note,
                status: checkpoint_status(checkpoint.status),
                found_hash: checkpoint.found_hash,
            })
            .collect(),
    })
}

/// What kind of departure from the chain was found, in Swedish.
fn finding_kind(kind: &str) -> &'static str {
    match kind {
        "hash_mismatch" => "raden stämmer inte med sin hash: den har ändrats i efterhand",
        "missing_row" => "en rad saknas: den har tagits bort",
        "head_mismatch" => "loggens huvud stämmer inte med den sista raden",
        "row_beyond_head" => "det finns en rad efter loggens huvud",
        "misplaced" => "en rad står på fel plats",
        "unreadable_row" => "en rad går inte att läsa",
        "checkpoint_contradicted" => "en kontrollpunkt motsägs av loggen",
        "published_head_contradicted" => "ett publicerat huvud motsägs av loggen",
        _ => "loggen avviker från sin kedja",
    }
}

fn checkpoint_status(status: &str) -> &'static str {
    match status {
        "holds" => "Håller",
        "contradicted" => "Motsägs av loggen",
        "not_reached" => "Inte nådd",
        "outside_range" => "Utanför det granskade",
        _ => "Okänd",
    }
}
