//! How the timeline follows the log: each event planned as the row writes that list it, which
//! [`crate::row_writes`] carries out a page at a time.
//!
//! An event is listed in the timeline of the cooperation its stream belongs to. Which that is
//! the statements find themselves, from the `streams` and `bodies` tables, so planning reads
//! nothing. Every write reads the `bodies` links, and an event that moves a body writes them, so
//! no event is listed by a link another event of the same page changes before or after it.

use eventlog::RecordedEvent;
use uuid::Uuid;

use crate::columns::json_of;
use crate::describe::{decode_event, facts, Effective, Link};
use crate::row_writes::{Cell, RowWrite, SqlType, Statement, Touch};
use crate::stream::stream_id;
use crate::{ProjectionError, ReadModel};

const MODEL: ReadModel = ReadModel::Timeline;

/// Every body's link to its cooperation, which a body's establishment or its correction changes
/// and through which the streams of its mandate periods, meetings and goals are listed.
const BODY_LINKS: &str = "body-links";

/// The link of one stream to a cooperation or a body.
fn stream_key(event: &RecordedEvent) -> String {
    format!("stream:{}/{}", event.aggregate_type, event.aggregate_id)
}

pub(crate) fn plan(event: &RecordedEvent) -> Result<Vec<RowWrite>, ProjectionError> {
    let Some(decoded) = decode_event(event)? else {
        return Ok(Vec::new());
    };
    let facts = facts(&decoded);
    let event_day = match facts.effective {
        Effective::On(day) => Some(day),
        Effective::OfStream => None,
    };
    let mut cells: Vec<Cell> = vec![
        event.position.as_stored().into(),
        event.recorded_at.into(),
        event.aggregate_type.as_str().into(),
        event.aggregate_id.as_str().into(),
        event.event_type.as_str().into(),
        event_day.into(),
        facts.basis.map(json_of).transpose()?.into(),
        facts.summary.into(),
    ];
    let stream = stream_key(event);
    let link = match facts.link {
        Link::Keeps => {
            return Ok(vec![RowWrite::new(
                &LIST_IN_ITS_COOPERATION,
                cells,
                vec![Touch::reads(stream), Touch::reads(BODY_LINKS.to_owned())],
            )?]);
        }
        Link::Nothing => StreamLink::nothing(),
        Link::IsCooperation => StreamLink::cooperation(stream_id(MODEL, event)?),
        Link::Cooperation(cooperation_id) => StreamLink::cooperation(cooperation_id),
        Link::Body(body_id) => StreamLink::body(body_id),
        Link::BodyOf(cooperation_id) => {
            StreamLink::body_of(stream_id(MODEL, event)?, cooperation_id)
        }
    };
    let body_links = if link.kind == "body_of" {
        Touch::writes(BODY_LINKS.to_owned())
    } else {
        Touch::reads(BODY_LINKS.to_owned())
    };
    cells.extend([
        link.kind.into(),
        link.cooperation_id.into(),
        link.body_id.into(),
        link.body_cooperation_id.into(),
    ]);
    Ok(vec![RowWrite::new(
        &RELINK_AND_LIST,
        cells,
        vec![Touch::writes(stream), body_links],
    )?])
}

/// Where an event says its stream belongs from now on, as the columns of [`RELINK_AND_LIST`].
struct StreamLink {
    /// `nothing`, `cooperation`, `body` or `body_of`.
    kind: &'static str,
    /// The stream's cooperation, when it belongs to one directly.
    cooperation_id: Option<Uuid>,
    /// The stream's body, when it belongs to a cooperation through one.
    body_id: Option<Uuid>,
    /// The cooperation of the body the stream is, for `body_of`.
    body_cooperation_id: Option<Uuid>,
}

impl StreamLink {
    fn nothing() -> Self {
        StreamLink {
            kind: "nothing",
            cooperation_id: None,
            body_id: None,
            body_cooperation_id: None,
        }
    }

    fn cooperation(cooperation_id: Uuid) -> Self {
        StreamLink {
            kind: "cooperation",
            cooperation_id: Some(cooperation_id),
            ..StreamLink::nothing()
        }
    }

    fn body(body_id: Uuid) -> Self {
        StreamLink {
            kind: "body",
            body_id: Some(body_id),
            ..StreamLink::nothing()
        }
    }

    fn body_of(body_id: Uuid, cooperation_id: Uuid) -> Self {
        StreamLink {
            kind: "body_of",
            body_id: Some(body_id),
            body_cooperation_id: Some(cooperation_id),
            ..StreamLink::nothing()
        }
    }
}

/// The columns every entry is written from. `event_day` is the day the event names, if any.
const ENTRY_INPUT: [(&str, SqlType); 8] = [
    ("position", SqlType::Int8),
    ("recorded_at", SqlType::Timestamptz),
    ("aggregate_type", SqlType::Text),
    ("stream_id", SqlType::Text),
    ("event_type", SqlType::Text),
    ("event_day", SqlType::Date),
    ("basis", SqlType::Jsonb),
    ("summary", SqlType::Text),
];

/// An event that leaves its stream where it was, listed in the timeline of the cooperation the
/// stream belongs to, if any. An event that names no day takes its stream's first day.
static LIST_IN_ITS_COOPERATION: Statement = Statement {
    name: "timeline: list an event",
    input: &ENTRY_INPUT,
    sql: "INSERT INTO entries (cooperation_id, position, recorded_at, aggregate_type, stream_id,
                               event_type, effective_on, basis, summary)
          SELECT coalesce(streams.cooperation_id, bodies.cooperation_id), input.position,
                 input.recorded_at, input.aggregate_type, input.stream_id, input.event_type,
                 coalesce(input.event_day, streams.first_day), input.basis, input.summary
            FROM input
            JOIN streams ON streams.aggregate_type = input.aggregate_type
                        AND streams.stream_id = input.stream_id
            LEFT JOIN bodies ON bodies.body_id = streams.body_id
           WHERE coalesce(streams.cooperation_id, bodies.cooperation_id) IS NOT NULL",
    requires: None,
};

/// The input of [`RELINK_AND_LIST`]: an entry's columns, then the stream's new link.
const RELINK_INPUT: [(&str, SqlType); 12] = [
    ENTRY_INPUT[0],
    ENTRY_INPUT[1],
    ENTRY_INPUT[2],
    ENTRY_INPUT[3],
    ENTRY_INPUT[4],
    ENTRY_INPUT[5],
    ENTRY_INPUT[6],
    ENTRY_INPUT[7],
    ("link", SqlType::Text),
    ("link_cooperation_id", SqlType::Uuid),
    ("link_body_id", SqlType::Uuid),
    ("body_cooperation_id", SqlType::Uuid),
];

/// An event that says where its stream belongs from now on. The stream's link is rewritten (a
/// body's link too, when the stream is the body), and the event is listed in the timeline of the
/// cooperation the stream belonged to before it and of the one it belongs to after it: once when
/// they are the same, in both when a correction moves the stream. The first day of a stream is
/// kept from its first event: later events cannot change a meeting's date or a mandate period.
///
/// The entries are written from the links as they stood before the statement (`before`) and
/// from what the event says they become (`after`), because a statement's own changes are not
/// visible to it.
static RELINK_AND_LIST: Statement = Statement {
    name: "timeline: relink a stream and list the event",
    input: &RELINK_INPUT,
    sql: ", before AS (
              SELECT input.*,
                     coalesce(streams.cooperation_id, bodies.cooperation_id) AS before_cooperation_id,
                     streams.first_day AS kept_first_day,
                     streams.stream_id IS NOT NULL AS was_linked
                FROM input
                LEFT JOIN streams ON streams.aggregate_type = input.aggregate_type
                                 AND streams.stream_id = input.stream_id
                LEFT JOIN bodies ON bodies.body_id = streams.body_id),
          after AS (
              SELECT before.*,
                     CASE link
                         WHEN 'cooperation' THEN link_cooperation_id
                         WHEN 'body_of' THEN body_cooperation_id
                         WHEN 'body' THEN (SELECT cooperation_id FROM bodies
                                            WHERE bodies.body_id = before.link_body_id)
                     END AS after_cooperation_id,
                     CASE WHEN was_linked THEN kept_first_day ELSE event_day END AS after_first_day
                FROM before),
          body_linked AS (
              INSERT INTO bodies (body_id, cooperation_id)
              SELECT link_body_id, body_cooperation_id FROM input WHERE link = 'body_of'
              ON CONFLICT (body_id) DO UPDATE SET cooperation_id = excluded.cooperation_id),
          unlinked AS (
              DELETE FROM streams USING input
               WHERE input.link = 'nothing'
                 AND streams.aggregate_type = input.aggregate_type
                 AND streams.stream_id = input.stream_id),
          relinked AS (
              INSERT INTO streams (aggregate_type, stream_id, cooperation_id, body_id, first_day)
              SELECT aggregate_type, stream_id, link_cooperation_id, link_body_id, event_day
                FROM input WHERE link <> 'nothing'
              ON CONFLICT (aggregate_type, stream_id)
              DO UPDATE SET cooperation_id = excluded.cooperation_id, body_id = excluded.body_id)
          INSERT INTO entries (cooperation_id, position, recorded_at, aggregate_type, stream_id,
                               event_type, effective_on, basis, summary)
          SELECT listed.cooperation_id, after.position, after.recorded_at, after.aggregate_type,
                 after.stream_id, after.event_type,
                 coalesce(after.event_day,
                          CASE WHEN after.after_cooperation_id IS NOT NULL THEN after.after_first_day
                               ELSE after.kept_first_day END),
                 after.basis, after.summary
            FROM after
            CROSS JOIN LATERAL (
                SELECT DISTINCT cooperation_id
                  FROM (VALUES (after.after_cooperation_id), (after.before_cooperation_id))
                       AS linked (cooperation_id)
                 WHERE cooperation_id IS NOT NULL) AS listed",
    requires: None,
};
