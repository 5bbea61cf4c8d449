//! The people of a meeting by name. The register records a person by id wherever they act (in a
//! quorum, a vote, a reservation); their name, party and seat come from the body's seat holders
//! that the meeting was opened with, as the register knew them.

use std::collections::HashMap;

use domain::body_term::{Seat, SeatHolder};
use domain::PartyCode;
use eventlog::Position;
use serde::Serialize;
use sqlx::{PgPool, Row};
use uuid::Uuid;

use crate::columns::from_json;
use crate::{QueryError, ReadModel};

const MODEL: ReadModel = ReadModel::Decisions;

/// A person the minutes name. `name`, `party` and `seat` are left out for someone who held no
/// seat on the body when the meeting was opened, which the register's rules do not let happen
/// for anyone taking part; the id is always given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct NamedPerson {
    pub person_id: Uuid,
    pub name: Option<String>,
    pub party: Option<PartyCode>,
    pub seat: Option<Seat>,
}

impl NamedPerson {
    /// The person `person_id` as `seated` names them.
    pub(crate) fn from_seat_holders(person_id: Uuid, seated: Option<&Vec<SeatHolder>>) -> Self {
        let holder = seated
            .into_iter()
            .flatten()
            .find(|holder| holder.person.id == person_id);
        NamedPerson {
            person_id,
            name: holder.map(|holder| holder.person.name.clone()),
            party: holder.map(|holder| holder.party.clone()),
            seat: holder.map(|holder| holder.seat),
        }
    }
}

/// The seat holders each of `meeting_ids` was opened with, as known at `known_at`; a meeting not
/// opened by then has none.
pub(crate) async fn seat_holders_of_meetings(
    pool: &PgPool,
    meeting_ids: &[Uuid],
    known_at: Position,
) -> Result<HashMap<Uuid, Vec<SeatHolder>>, QueryError> {
    if meeting_ids.is_empty() {
        return Ok(HashMap::new());
    }
    sqlx::query(
        "SELECT meeting_id, seated FROM read_decisions.meetings
          WHERE meeting_id = ANY($1) AND known @> $2::bigint AND seated IS NOT NULL",
    )
    .bind(meeting_ids)
    .bind(known_at.as_stored())
    .fetch_all(pool)
    .await?
    .iter()
    .map(|row| {
        Ok((
            row.try_get("meeting_id")?,
            from_json(MODEL, "seated", row.try_get("seated")?)?,
        ))
    })
    .collect()
}
