//! A body's membership on a day in one statement: its standing, its seat plan and its members, as
//! the API's membership read answers it.

use chrono::NaiveDate;
use sqlx::{PgPool, Row};
use uuid::Uuid;

use super::bodies::{listing_from_row, BodyListing, BODY_COLUMNS};
use super::query::{member_from_row, seat_plan_line_from_row, Member, SeatPlanLine};
use crate::read_at::Resolved;
use crate::QueryError;

/// A body's standing on `as_of`, its seat plan and its members, all as known at `known_at`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MembershipOnDay {
    pub as_of: NaiveDate,
    pub known_at: u64,
    /// The body with its standing on `as_of`, whenever the register knew of it at `known_at`.
    pub body: Option<BodyListing>,
    /// The seats each party holds on the body in the mandate period of `as_of`, by party.
    pub seat_plan: Vec<SeatPlanLine>,
    /// Sorted by seat (members first), party, name and membership id.
    pub members: Vec<Member>,
}

/// The three parts share one row shape, so that one round trip answers them and each row is read
/// by the same function that reads it from its own query; `part` says which it is, and the
/// columns a part does not have are null. The body's columns come first, in `BODY_COLUMNS`'s
/// order (`basis` is the fifth). A body has one version known at a position, so part 0 is one
/// row at most.
fn membership_on_day_sql() -> String {
    format!(
        "SELECT 0 AS part, {BODY_COLUMNS},
                NULL::text AS party, NULL::integer AS members, NULL::integer AS deputies,
                NULL::uuid AS membership_id, NULL::uuid AS person_id, NULL::text AS person_name,
                NULL::text AS role, NULL::text AS seat, NULL::uuid AS replaces,
                NULL::text AS end_reason, NULL::text AS correction_reason,
                NULL::date AS serves_from, NULL::date AS serves_to,
                NULL::bigint AS recorded_at_position
           FROM read_membership.bodies
          WHERE body_id = $1 AND known @> $3::bigint
         UNION ALL
         SELECT 1, NULL, NULL, NULL, NULL, basis, NULL, NULL, NULL, party, members, deputies,
                NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
           FROM read_membership.seat_plans
          WHERE body_id = $1 AND valid @> $2::date AND known @> $3::bigint
         UNION ALL
         SELECT 2, NULL, NULL, NULL, NULL, basis, NULL, NULL, NULL, party, NULL, NULL,
                membership_id, person_id, person_name, role, seat, replaces, end_reason,
                correction_reason, serves_from, coalesce(ended_on, serves_to), lower(known)
           FROM read_membership.members
          WHERE body_id = $1 AND valid @> $2::date AND known @> $3::bigint
          ORDER BY part, seat DESC, party, person_name, membership_id"
    )
}

/// The body's standing, seat plan and members at `at`, in one statement.
pub async fn membership_on_day_at(
    pool: &PgPool,
    body_id: Uuid,
    at: Resolved,
) -> Result<MembershipOnDay, QueryError> {
    let Resolved { as_of, known_at } = at;
    let rows = sqlx::query(&membership_on_day_sql())
        .bind(body_id)
        .bind(as_of)
        .bind(known_at.as_stored())
        .fetch_all(pool)
        .await?;
    let mut answer = MembershipOnDay {
        as_of,
        known_at: known_at.get(),
        body: None,
        seat_plan: Vec::new(),
        members: Vec::new(),
    };
    for row in &rows {
        match row.try_get::<i32, _>("part")? {
            0 => answer.body = Some(listing_from_row(row, as_of)?),
            1 => answer.seat_plan.push(seat_plan_line_from_row(row)?),
            _ => answer.members.push(member_from_row(row)?),
        }
    }
    Ok(answer)
}
