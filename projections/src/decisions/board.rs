//! The notice board (anslagstavla): the minutes whose notice of approval is up on a day, per body
//! and meeting, with the day posted and the last day to appeal (Lag (1930:173) and KL 13 kap. 5 §:
//! three weeks from the day the notice was posted).

use chrono::NaiveDate;
use serde::Serialize;
use sqlx::{PgPool, Row};
use uuid::Uuid;

use crate::columns::number_from;
use crate::read_at::{ReadAt, Resolved};
use crate::{QueryError, ReadModel};

const MODEL: ReadModel = ReadModel::Decisions;

/// The notices up on one day, as the register knew them at one position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoticeBoard {
    pub as_of: NaiveDate,
    pub known_at: u64,
    /// The latest posted first, then by body and meeting.
    pub notices: Vec<Notice>,
}

/// One notice: a meeting's minutes (or the §§ of it approved at the meeting itself) posted on
/// one day, with one appeal period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    pub body_id: Uuid,
    /// The body's name, when the membership read model knew the body at the same position.
    pub body_name: Option<String>,
    pub meeting_id: Uuid,
    pub meeting_on: NaiveDate,
    pub posted_on: NaiveDate,
    pub appeal_last_day: Option<NaiveDate>,
    pub paragraphs: Vec<NoticeParagraph>,
}

/// A § of a posted notice. The title of an item dealt with behind closed doors is not given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoticeParagraph {
    pub decision_id: Uuid,
    pub year: i32,
    pub number: u32,
    pub title: Option<String>,
}

/// The notices up on `read_at.as_of`: posted on or before it and not taken down by then.
pub async fn notice_board(pool: &PgPool, read_at: ReadAt) -> Result<NoticeBoard, QueryError> {
    let Resolved { as_of, known_at } = read_at.resolve(pool, MODEL).await?;
    let rows = sqlx::query(
        "SELECT d.body_id, d.meeting_id, d.meeting_on, d.posted_on, d.appeal_last_day,
                d.decision_id, d.year, d.number, d.item_title, i.public,
                (SELECT b.name FROM read_membership.bodies b
                  WHERE b.body_id = d.body_id AND b.known @> $2::bigint
                  ORDER BY lower(b.valid) DESC LIMIT 1) AS body_name
           FROM read_decisions.decisions d
           JOIN read_decisions.agenda_items i ON i.meeting_id = d.meeting_id AND i.number = d.item
          WHERE d.known @> $2::bigint AND d.posted_on <= $1::date
            AND (d.notice_removed_on IS NULL OR d.notice_removed_on > $1::date)
          ORDER BY d.posted_on DESC, body_name, d.body_id, d.meeting_on, d.meeting_id,
                   d.appeal_last_day, d.year, d.number",
    )
    .bind(as_of)
    .bind(known_at.as_stored())
    .fetch_all(pool)
    .await?;
    let mut notices: Vec<Notice> = Vec::new();
    for row in rows {
        let body_id: Uuid = row.try_get("body_id")?;
        let meeting_id: Uuid = row.try_get("meeting_id")?;
        let posted_on: NaiveDate = row.try_get("posted_on")?;
        let appeal_last_day: Option<NaiveDate> = row.try_get("appeal_last_day")?;
        let public: bool = row.try_get("public")?;
        let paragraph = NoticeParagraph {
            decision_id: row.try_get("decision_id")?,
            year: row.try_get("year")?,
            number: number_from(MODEL, "number", row.try_get::<i64, _>("number")?)?,
            title: public.then(|| row.try_get("item_title")).transpose()?,
        };
        match notices.last_mut() {
            Some(notice)
                if notice.meeting_id == meeting_id
                    && notice.posted_on == posted_on
                    && notice.appeal_last_day == appeal_last_day =>
            {
                notice.paragraphs.push(paragraph);
            }
            _ => notices.push(Notice {
                body_id,
                body_name: row.try_get("body_name")?,
                meeting_id,
                meeting_on: row.try_get("meeting_on")?,
                posted_on,
                appeal_last_day,
                paragraphs: vec![paragraph],
            }),
        }
    }
    Ok(NoticeBoard {
        as_of,
        known_at: known_at.get(),
        notices,
    })
}
