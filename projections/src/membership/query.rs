use chrono::NaiveDate;
use domain::body::BodyKind;
use domain::body_term::{EndReason, Role, Seat};
use domain::LegalBasis;
use serde::Serialize;
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, PgPool, Row};
use uuid::Uuid;

use crate::columns::{from_json, from_text};
use crate::read_at::{ReadAt, Resolved};
use crate::{QueryError, ReadModel};

const MODEL: ReadModel = ReadModel::Membership;

/// A body's membership on one day, as the register knew it at one position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Membership {
    pub as_of: NaiveDate,
    /// The log position the answer is as known at.
    pub known_at: u64,
    /// The body, when it exists on `as_of` as far as the register knew.
    pub body: Option<BodyView>,
    pub seat_plan: Vec<SeatPlanLine>,
    /// Sorted by seat (members first), party, name and membership id.
    pub members: Vec<Member>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct BodyView {
    pub body_id: Uuid,
    pub cooperation_id: Uuid,
    pub kind: BodyKind,
    pub name: String,
    pub established_on: NaiveDate,
    /// The last day, when the body's dissolution is recorded.
    pub last_day: Option<NaiveDate>,
    pub basis: LegalBasis,
}

/// The seats one party holds on the body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct SeatPlanLine {
    pub party: String,
    pub members: i32,
    pub deputies: i32,
    pub basis: LegalBasis,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Member {
    pub membership_id: Uuid,
    pub person_id: Uuid,
    pub name: String,
    /// The party the member represents, by its official code.
    pub party: String,
    pub role: Role,
    pub seat: Seat,
    pub serves_from: NaiveDate,
    /// The last day served: the day the membership ended early, or the last day appointed.
    pub serves_to: NaiveDate,
    /// The membership this one filled after it ended early.
    pub replaces: Option<Uuid>,
    /// The decision that appointed the member.
    pub basis: LegalBasis,
    /// Why the membership ends before its term, when it does.
    pub end_reason: Option<EndReason>,
    /// Why the appointment was corrected, when it was.
    pub correction_reason: Option<String>,
    /// The position of the event that recorded this version of the membership.
    pub recorded_at_position: i64,
}

/// The membership of `body_id` on `read_at.as_of`, as known at `read_at.known_at`.
pub async fn membership(
    pool: &PgPool,
    body_id: Uuid,
    read_at: ReadAt,
) -> Result<Membership, QueryError> {
    let resolved = read_at.resolve(pool, MODEL).await?;
    let mut connection = pool.acquire().await?;
    membership_at(&mut connection, body_id, resolved).await
}

/// As [`membership`], with both clocks already fixed, on the caller's connection: the transition
/// preview reads a read model inside a transaction that is never committed.
pub async fn membership_at(
    connection: &mut PgConnection,
    body_id: Uuid,
    at: Resolved,
) -> Result<Membership, QueryError> {
    let Resolved { as_of, known_at } = at;
    let known_at_stored = known_at.as_stored();

    let body = sqlx::query(
        "SELECT body_id, cooperation_id, kind, name, basis, lower(valid) AS established_on,
                upper(valid) - 1 AS last_day
           FROM read_membership.bodies
          WHERE body_id = $1 AND valid @> $2::date AND known @> $3::bigint",
    )
    .bind(body_id)
    .bind(as_of)
    .bind(known_at_stored)
    .fetch_optional(&mut *connection)
    .await?
    .map(|row| body_from_row(&row))
    .transpose()?;

    let seat_plan = sqlx::query(
        "SELECT party, members, deputies, basis
           FROM read_membership.seat_plans
          WHERE body_id = $1 AND valid @> $2::date AND known @> $3::bigint
          ORDER BY party",
    )
    .bind(body_id)
    .bind(as_of)
    .bind(known_at_stored)
    .fetch_all(&mut *connection)
    .await?
    .iter()
    .map(seat_plan_line_from_row)
    .collect::<Result<_, _>>()?;

    let members = sqlx::query(
        "SELECT membership_id, person_id, person_name, party, role, seat, replaces, basis,
                end_reason, correction_reason, serves_from,
                coalesce(ended_on, serves_to) AS serves_to, lower(known) AS recorded_at_position
           FROM read_membership.members
          WHERE body_id = $1 AND valid @> $2::date AND known @> $3::bigint
          ORDER BY seat DESC, party, person_name, membership_id",
    )
    .bind(body_id)
    .bind(as_of)
    .bind(known_at_stored)
    .fetch_all(&mut *connection)
    .await?
    .iter()
    .map(member_from_row)
    .collect::<Result<_, _>>()?;

    Ok(Membership {
        as_of,
        known_at: known_at.get(),
        body,
        seat_plan,
        members,
    })
}

/// Every membership of `body_id` that serves on some day from `from` to `to` (a mandate period),
/// as known at `read_at.known_at`: the secretary's list of a period, with those who left early
/// beside those who replaced them. Sorted as [`Membership::members`] is.
pub async fn memberships_between(
    pool: &PgPool,
    body_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
    read_at: ReadAt,
) -> Result<Vec<Member>, QueryError> {
    let Resolved { known_at, .. } = read_at.resolve(pool, MODEL).await?;
    let rows = sqlx::query(
        "SELECT DISTINCT ON (seat, party, person_name, membership_id)
                membership_id, person_id, person_name, party, role, seat, replaces, basis,
                end_reason, correction_reason, serves_from,
                coalesce(ended_on, serves_to) AS serves_to, lower(known) AS recorded_at_position
           FROM read_membership.members
          WHERE body_id = $1 AND valid && daterange($2::date, $3::date, '[]')
            AND known @> $4::bigint
          ORDER BY seat DESC, party, person_name, membership_id, lower(valid) DESC",
    )
    .bind(body_id)
    .bind(from)
    .bind(to)
    .bind(known_at.as_stored())
    .fetch_all(pool)
    .await?;
    rows.iter().map(member_from_row).collect()
}

/// One version of a membership as the register recorded it: the membership, the position that
/// recorded this version, and the position of the event that replaced it, if one did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct MembershipVersion {
    pub member: Member,
    pub replaced_at_position: Option<i64>,
}

/// Every version of a membership, oldest first, as recorded up to `read_at.known_at`: an
/// appointment, each correction of it, and its early end, each with its record time, so that a
/// corrected appointment can be shown beside what it corrected.
pub async fn membership_versions(
    pool: &PgPool,
    body_id: Uuid,
    membership_id: Uuid,
    read_at: ReadAt,
) -> Result<Vec<MembershipVersion>, QueryError> {
    let Resolved { known_at, .. } = read_at.resolve(pool, MODEL).await?;
    let rows = sqlx::query(
        "SELECT membership_id, person_id, person_name, party, role, seat, replaces, basis,
                end_reason, correction_reason, serves_from,
                coalesce(ended_on, serves_to) AS serves_to, lower(known) AS recorded_at_position,
                CASE WHEN upper(known) <= $3::bigint THEN upper(known) END AS replaced_at_position
           FROM read_membership.members
          WHERE body_id = $1 AND membership_id = $2 AND lower(known) <= $3::bigint
          ORDER BY lower(known), lower(valid)",
    )
    .bind(body_id)
    .bind(membership_id)
    .bind(known_at.as_stored())
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(MembershipVersion {
                member: member_from_row(row)?,
                replaced_at_position: row.try_get("replaced_at_position")?,
            })
        })
        .collect()
}

fn body_from_row(row: &PgRow) -> Result<BodyView, QueryError> {
    Ok(BodyView {
        body_id: row.try_get("body_id")?,
        cooperation_id: row.try_get("cooperation_id")?,
        kind: from_text(MODEL, "kind", row.try_get("kind")?)?,
        name: row.try_get("name")?,
        established_on: row.try_get("established_on")?,
        last_day: row.try_get("last_day")?,
        basis: from_json(MODEL, "basis", row.try_get("basis")?)?,
    })
}

pub(super) fn seat_plan_line_from_row(row: &PgRow) -> Result<SeatPlanLine, QueryError> {
    Ok(SeatPlanLine {
        party: row.try_get("party")?,
        members: row.try_get("members")?,
        deputies: row.try_get("deputies")?,
        basis: from_json(MODEL, "basis", row.try_get("basis")?)?,
    })
}

pub(super) fn member_from_row(row: &PgRow) -> Result<Member, QueryError> {
    let end_reason: Option<&str> = row.try_get("end_reason")?;
    Ok(Member {
        membership_id: row.try_get("membership_id")?,
        person_id: row.try_get("person_id")?,
        name: row.try_get("person_name")?,
        party: row.try_get("party")?,
        role: from_text(MODEL, "role", row.try_get("role")?)?,
        seat: from_text(MODEL, "seat", row.try_get("seat")?)?,
        serves_from: row.try_get("serves_from")?,
        serves_to: row.try_get("serves_to")?,
        replaces: row.try_get("replaces")?,
        basis: from_json(MODEL, "basis", row.try_get("basis")?)?,
        end_reason: end_reason
            .map(|reason| from_text(MODEL, "end_reason", reason))
            .transpose()?,
        correction_reason: row.try_get("correction_reason")?,
        recorded_at_position: row.try_get("recorded_at_position")?,
    })
}
