use chrono::NaiveDate;
use eventlog::RecordedEvent;
use sqlx::{PgConnection, Row};
use uuid::Uuid;

use crate::columns::json_of;
use crate::describe::{decode_event, facts, Effective, Link};
use crate::stream::stream_id;
use crate::{ProjectionError, ReadModel};

const MODEL: ReadModel = ReadModel::Timeline;

pub(crate) async fn apply(
    connection: &mut PgConnection,
    event: &RecordedEvent,
) -> Result<(), ProjectionError> {
    let Some(decoded) = decode_event(event)? else {
        return Ok(());
    };
    let facts = facts(&decoded);
    let before = owner(connection, event).await?;
    let after = match facts.link {
        Link::Keeps => before,
        link => {
            let first_day = match facts.effective {
                Effective::On(day) => Some(day),
                Effective::OfStream => None,
            };
            relink(connection, event, link, first_day).await?;
            owner(connection, event).await?
        }
    };
    let Some(Owner {
        cooperation_id,
        first_day,
    }) = after.or(before)
    else {
        // The stream belongs to no cooperation: a party, a population figure, an outside
        // decision, a mandate held by a party, or a stream of a body the log has not established.
        return Ok(());
    };
    let effective_on = match facts.effective {
        Effective::On(day) => Some(day),
        Effective::OfStream => first_day,
    };
    let basis = facts.basis.map(json_of).transpose()?;
    let mut cooperations = vec![cooperation_id];
    // A correction that moves the stream to another cooperation is listed in both timelines: in
    // the one it leaves, so that its earlier entries are seen to be corrected, and in the one it
    // joins, from where the stream's later events are listed.
    if let (Some(before), Some(after)) = (before, after) {
        if before.cooperation_id != after.cooperation_id {
            cooperations = vec![before.cooperation_id, after.cooperation_id];
        }
    }
    for cooperation_id in cooperations {
        sqlx::query(
            "INSERT INTO entries (cooperation_id, position, recorded_at, aggregate_type, stream_id,
                                  event_type, effective_on, basis, summary)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(cooperation_id)
        .bind(event.position.as_stored())
        .bind(event.recorded_at)
        .bind(&event.aggregate_type)
        .bind(&event.aggregate_id)
        .bind(&event.event_type)
        .bind(effective_on)
        .bind(&basis)
        .bind(&facts.summary)
        .execute(&mut *connection)
        .await?;
    }
    Ok(())
}

/// The cooperation a stream belongs to, and the day of its first event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Owner {
    cooperation_id: Uuid,
    first_day: Option<NaiveDate>,
}

/// Where the event's stream belongs now; `None` when it belongs to no cooperation, or to a body
/// the log has not established.
async fn owner(
    connection: &mut PgConnection,
    event: &RecordedEvent,
) -> Result<Option<Owner>, ProjectionError> {
    let row = sqlx::query(
        "SELECT coalesce(streams.cooperation_id, bodies.cooperation_id) AS cooperation_id,
                streams.first_day
           FROM streams LEFT JOIN bodies ON bodies.body_id = streams.body_id
          WHERE streams.aggregate_type = $1 AND streams.stream_id = $2",
    )
    .bind(&event.aggregate_type)
    .bind(&event.aggregate_id)
    .fetch_optional(connection)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let cooperation_id: Option<Uuid> = row.try_get("cooperation_id")?;
    let first_day = row.try_get("first_day")?;
    Ok(cooperation_id.map(|cooperation_id| Owner {
        cooperation_id,
        first_day,
    }))
}

/// Records where the event says its stream belongs. The first day is kept from the stream's
/// first event: later events cannot change a meeting's date or a mandate period.
async fn relink(
    connection: &mut PgConnection,
    event: &RecordedEvent,
    link: Link,
    first_day: Option<NaiveDate>,
) -> Result<(), ProjectionError> {
    let (cooperation_id, body_id) = match link {
        Link::Keeps => return Ok(()),
        Link::Nothing => {
            sqlx::query("DELETE FROM streams WHERE aggregate_type = $1 AND stream_id = $2")
                .bind(&event.aggregate_type)
                .bind(&event.aggregate_id)
                .execute(&mut *connection)
                .await?;
            return Ok(());
        }
        Link::IsCooperation => (Some(stream_id(MODEL, event)?), None),
        Link::Cooperation(cooperation_id) => (Some(cooperation_id), None),
        Link::Body(body_id) => (None, Some(body_id)),
        Link::BodyOf(cooperation_id) => {
            let body_id = stream_id(MODEL, event)?;
            sqlx::query(
                "INSERT INTO bodies (body_id, cooperation_id) VALUES ($1, $2)
                 ON CONFLICT (body_id) DO UPDATE SET cooperation_id = excluded.cooperation_id",
            )
            .bind(body_id)
            .bind(cooperation_id)
            .execute(&mut *connection)
            .await?;
            (None, Some(body_id))
        }
    };
    sqlx::query(
        "INSERT INTO streams (aggregate_type, stream_id, cooperation_id, body_id, first_day)
         VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (aggregate_type, stream_id)
         DO UPDATE SET cooperation_id = excluded.cooperation_id, body_id = excluded.body_id",
    )
    .bind(&event.aggregate_type)
    .bind(&event.aggregate_id)
    .bind(cooperation_id)
    .bind(body_id)
    .bind(first_day)
    .execute(connection)
    .await?;
    Ok(())
}
