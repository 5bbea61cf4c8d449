use chrono::{DateTime, NaiveDate, Utc};
use domain::LegalBasis;
use eventlog::Position;
use serde::Serialize;
use sqlx::postgres::PgRow;
use sqlx::{PgPool, Row};

use super::entities::{normalize_entity, Relation};
use super::records::AmendmentKind;
use crate::columns::from_json;
use crate::read_at::{ReadAt, Resolved};
use crate::{QueryError, ReadModel};

const MODEL: ReadModel = ReadModel::History;

/// Which part of a history to read: `limit` entries after the first `offset`, in position order.
/// An answer at one `known_at` never changes, so an offset names the same entry on every read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HistoryWindow {
    pub offset: u64,
    pub limit: u64,
}

/// The history of one entity on one day, as the register knew it at one position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct History {
    /// The entity as the history names it: a UUID in lowercase with hyphens, a party code, or a
    /// compound stream id.
    pub entity: String,
    pub as_of: NaiveDate,
    /// The log position the answer is as known at; read later windows at this position.
    pub known_at: u64,
    /// The window's entries, oldest first.
    pub entries: Vec<HistoryEntry>,
    /// Whether entries follow the window.
    pub more: bool,
}

/// One event that shaped the entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct HistoryEntry {
    /// The event's position in the log (record time).
    pub position: u64,
    /// When the log recorded the event (record time).
    pub recorded_at: DateTime<Utc>,
    pub aggregate_type: String,
    pub stream_id: String,
    /// The event's number within its stream, from 1.
    pub sequence: u64,
    pub event_type: String,
    pub event_version: String,
    /// How the event shapes the entity.
    pub relation: Relation,
    /// The payload field that names the entity, such as `membership_id`, when `relation` is
    /// `payload`.
    pub field: Option<String>,
    /// The day the event takes effect (valid time), when it or its stream's first event names
    /// one.
    pub effective_on: Option<NaiveDate>,
    /// What the event rests on, when it cites a basis.
    pub basis: Option<LegalBasis>,
    /// What happened, in one line.
    pub summary: String,
    /// Who recorded the event, when its metadata says.
    pub recorded_by: Option<RecordedBy>,
    /// The record the event corrects or revokes, when it amends one.
    pub amends: Option<Amends>,
    /// The first later event known at `known_at` that corrects the record this entry states
    /// or corrects.
    pub corrected_by: Option<u64>,
    /// The first later event known at `known_at` that revokes the decision this entry records.
    pub revoked_by: Option<u64>,
}

/// Who recorded an event: the actor its metadata names, and the request it answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct RecordedBy {
    /// `token:<id>` for a caller of the API, `operator:<name>` for someone at the console.
    pub actor_id: String,
    pub name: Option<String>,
    pub role: Option<String>,
    /// The `x-request-id` of the HTTP request, when the event was recorded over HTTP.
    pub request_id: Option<String>,
}

/// What an amending event cites.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Amends {
    pub kind: AmendmentKind,
    /// The record amended within the event's stream, such as `appointment:<membership id>`,
    /// `decision:<decision id>`, `version:2` or `establishment`.
    pub record: String,
    /// Why, as a correction says; a revocation gives its basis instead.
    pub reason: Option<String>,
}

/// The history of `entity`: the entries of the events recorded at or before
/// `read_at.known_at` that shape it and take effect on or before `read_at.as_of` (entries that
/// name no day are always listed), in position order, `window` at a time.
///
/// `None` when no event the read model has applied shapes the entity. An entity shaped only
/// after `known_at` has a history, empty at that moment, as every read answers for a resource
/// read before it existed.
pub async fn history(
    pool: &PgPool,
    entity: &str,
    read_at: ReadAt,
    window: HistoryWindow,
) -> Result<Option<History>, QueryError> {
    let Resolved { as_of, known_at } = read_at.resolve(pool, MODEL).await?;
    let entity = normalize_entity(entity);

    let known: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM read_history.entity_events WHERE entity = $1)",
    )
    .bind(&entity)
    .fetch_one(pool)
    .await?;
    if !known {
        return Ok(None);
    }

    // One row beyond the window tells whether more follow. The amendments are looked up among
    // the stream's own rows known at `known_at`, so that a correction recorded later is not seen.
    let rows = sqlx::query(
        "SELECT entry.position, entry.recorded_at, entry.aggregate_type, entry.stream_id,
                entry.sequence, entry.event_type, entry.event_version, entry.relation,
                entry.field, entry.effective_on, entry.basis, entry.summary, entry.actor_id,
                entry.actor_name, entry.actor_role, entry.request_id, entry.record,
                entry.amendment, entry.reason,
                (SELECT min(later.position) FROM read_history.entity_events later
                  WHERE later.relation = 'stream' AND later.amendment = 'correction'
                    AND later.aggregate_type = entry.aggregate_type
                    AND later.stream_id = entry.stream_id AND later.record = entry.record
                    AND later.position > entry.position AND later.position <= $2)
                    AS corrected_by,
                (SELECT min(later.position) FROM read_history.entity_events later
                  WHERE later.relation = 'stream' AND later.amendment = 'revocation'
                    AND later.aggregate_type = entry.aggregate_type
                    AND later.stream_id = entry.stream_id AND later.record = entry.record
                    AND later.position > entry.position AND later.position <= $2)
                    AS revoked_by
           FROM read_history.entity_events entry
          WHERE entry.entity = $1
            AND entry.position <= $2
            AND (entry.effective_on IS NULL OR entry.effective_on <= $3)
          ORDER BY entry.position
         OFFSET $4
          LIMIT $5",
    )
    .bind(&entity)
    .bind(known_at.as_stored())
    .bind(as_of)
    .bind(i64::try_from(window.offset).unwrap_or(i64::MAX))
    .bind(i64::try_from(window.limit.saturating_add(1)).unwrap_or(i64::MAX))
    .fetch_all(pool)
    .await?;

    let mut entries = rows
        .iter()
        .map(entry_from_row)
        .collect::<Result<Vec<_>, _>>()?;
    let limit = usize::try_from(window.limit).unwrap_or(usize::MAX);
    let more = entries.len() > limit;
    entries.truncate(limit);
    Ok(Some(History {
        entity,
        as_of,
        known_at: known_at.get(),
        entries,
        more,
    }))
}

fn entry_from_row(row: &PgRow) -> Result<HistoryEntry, QueryError> {
    let position: i64 = row.try_get("position")?;
    let sequence: i64 = row.try_get("sequence")?;
    let relation: String = row.try_get("relation")?;
    let basis: Option<serde_json::Value> = row.try_get("basis")?;
    let actor_id: Option<String> = row.try_get("actor_id")?;
    let record: Option<String> = row.try_get("record")?;
    let amendment: Option<String> = row.try_get("amendment")?;
    let corrected_by: Option<i64> = row.try_get("corrected_by")?;
    let revoked_by: Option<i64> = row.try_get("revoked_by")?;

    let amends = match (amendment, record) {
        (None, _) => None,
        (Some(kind), Some(record)) => Some(Amends {
            kind: AmendmentKind::parse(&kind).ok_or_else(|| {
                QueryError::unreadable(MODEL, format!("amendment {kind:?} is no amendment kind"))
            })?,
            record,
            reason: row.try_get("reason")?,
        }),
        (Some(kind), None) => {
            return Err(QueryError::unreadable(
                MODEL,
                format!("a {kind} at position {position} names no record"),
            ))
        }
    };
    Ok(HistoryEntry {
        position: stored_position(position)?,
        recorded_at: row.try_get("recorded_at")?,
        aggregate_type: row.try_get("aggregate_type")?,
        stream_id: row.try_get("stream_id")?,
        sequence: u64::try_from(sequence).map_err(|_| {
            QueryError::unreadable(MODEL, format!("sequence {sequence} is negative"))
        })?,
        event_type: row.try_get("event_type")?,
        event_version: row.try_get("event_version")?,
        relation: Relation::parse(&relation).ok_or_else(|| {
            QueryError::unreadable(MODEL, format!("relation {relation:?} is no relation"))
        })?,
        field: row.try_get("field")?,
        effective_on: row.try_get("effective_on")?,
        basis: basis
            .map(|basis| from_json(MODEL, "basis", basis))
            .transpose()?,
        summary: row.try_get("summary")?,
        recorded_by: match actor_id {
            Some(actor_id) => Some(RecordedBy {
                actor_id,
                name: row.try_get("actor_name")?,
                role: row.try_get("actor_role")?,
                request_id: row.try_get("request_id")?,
            }),
            None => None,
        },
        amends,
        corrected_by: corrected_by.map(stored_position).transpose()?,
        revoked_by: revoked_by.map(stored_position).transpose()?,
    })
}

fn stored_position(stored: i64) -> Result<u64, QueryError> {
    Ok(Position::from_stored(stored)
        .map_err(|error| QueryError::unreadable(MODEL, error))?
        .get())
}
