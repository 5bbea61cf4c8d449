//! The administrator's pages: the transition workbench of a plan (readiness at a glance, its
//! steps, its contracts and cost shares as charts, the preview beside today, carrying it out and
//! the printable beslutsunderlag), the forms that resolve each blocker, recording an outside
//! decision, and importing a cooperation's contracts from a spreadsheet.
//!
//! Every form records through the register's own methods, the ones `/api/v1` calls, with the
//! guard of [`crate::forms`]: it writes once, and a form shown before the plan changed is
//! refused as stale instead of applied over what it did not show.

pub mod agreement;
pub mod carry_out;
pub mod contract_import;
pub mod contracts;
pub mod cost_shares;
pub mod decision_basis;
pub mod disposition;
pub mod mapping;
pub mod outside_decision;
pub mod party_decision;
pub mod plan;
pub mod preview;
pub mod setup;
pub mod step;
pub mod workbench;

use register::access::Role;
use uuid::Uuid;

use crate::session::SignedIn;
use crate::WebError;

/// Refuses anyone but an administrator: only they plan and carry out transitions and set up
/// what the register holds.
pub fn require_administrator(signed_in: &SignedIn) -> Result<(), WebError> {
    match signed_in.session.token.role {
        Role::Administrator => Ok(()),
        Role::Auditor => Err(WebError::Forbidden(
            "En revisor läser allt i registret men registrerar inget. Inget har sparats."
                .to_owned(),
        )),
        Role::Secretary => Err(WebError::Forbidden(
            "Bara en administratör planerar omställningar och lägger upp det registret bygger \
             på. Inget har sparats."
                .to_owned(),
        )),
    }
}

/// Whether the signed-in token may use the administrator's forms, so that a page offers them.
pub fn is_administrator(signed_in: &SignedIn) -> bool {
    signed_in.session.token.role == Role::Administrator
}

/// The workbench of plan `transition_id`.
pub fn workbench_path(transition_id: Uuid) -> String {
    format!("/omstallning/{transition_id}")
}
