//! The secretary's work on a meeting (sammanträde), each step its own form: calling the meeting
//! with its agenda, the roll call, the decisions item by item, changes of attendance, the
//! adjusters, the approval (justering), the posting (anslag) and the notice taken down; and a
//! correction (rättelse) or revocation (upphävande) of a §; and the membership of a body: appointments, fyllnadsval and
//! early ends, each on a decision found by search.
//!
//! Every form records through the register's own meeting methods, the ones `/api/v1` calls, so
//! the rules, the events and the refusals are the API's. A form shows the register's refusal
//! beside the field it names, keeps what was typed, and writes nothing; see [`crate::forms`]
//! for how a form writes once and is refused when stale.

pub mod basis;
pub mod call;
pub mod correction;
pub mod decision;
pub mod desk;
pub mod membership;
pub mod minutes;
pub mod revocation;
pub mod roll;

use std::collections::BTreeMap;

use domain::body_term::Seat;
use register::access::Role;
use uuid::Uuid;

use crate::session::SignedIn;
use crate::WebError;

/// Whether the signed-in token records for `body_id`.
pub fn is_secretary_of(signed_in: &SignedIn, body_id: Uuid) -> bool {
    let token = &signed_in.session.token;
    token.role == Role::Secretary && token.is_scoped_to(body_id)
}

/// Refuses anyone but a secretary of the body, naming the body.
pub fn require_secretary_of(
    signed_in: &SignedIn,
    body_id: Uuid,
    body_name: &str,
) -> Result<(), WebError> {
    if is_secretary_of(signed_in, body_id) {
        return Ok(());
    }
    let token = &signed_in.session.token;
    Err(WebError::Forbidden(match token.role {
        Role::Secretary => format!(
            "Du är sekreterare för andra organ än {body_name}. Bara organets egna sekreterare \
             kan registrera dess sammanträden. Inget har sparats."
        ),
        Role::Auditor => "En revisor läser allt i registret men registrerar inget. Inget har \
                          sparats."
            .to_owned(),
        Role::Administrator => format!(
            "Bara en sekreterare för {body_name} registrerar dess sammanträden. Inget har \
             sparats."
        ),
    }))
}

/// Someone who holds a seat on the body on the meeting's day, as the forms offer them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeatHolder {
    pub person_id: Uuid,
    pub name: String,
    /// The party's code.
    pub party: String,
    pub seat: Seat,
    /// "ordförande", "ledamot", "ersättare", …
    pub role: &'static str,
    /// "Anna Ek (Region Sörmland), ordförande"
    pub label: String,
}

/// The names a page uses for people, so a refusal from the register names them too.
pub fn names_by_id(holders: &[SeatHolder]) -> BTreeMap<Uuid, String> {
    holders
        .iter()
        .map(|holder| (holder.person_id, holder.name.clone()))
        .collect()
}
