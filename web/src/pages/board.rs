//! The public notice board (anslagstavla): the minutes whose notice is up today, per body and
//! meeting, with the day posted and the last day to appeal, readable without signing in; and the
//! same notices as an Atom feed, so that a municipality's web site can show them.
//!
//! It is open only when the server is started with `--anonymous-reads public-decisions`, which
//! makes posted decisions public through the API as well; otherwise both addresses are unknown.

use askama::Template;
use atom_syndication::{Entry, Feed, FixedDateTime, Link, Text};
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::{IntoResponse, Response};
use chrono::{NaiveDate, TimeZone, Utc};
use projections::decisions::{notice_board, Notice, NoticeBoard};
use projections::ReadAt;

use super::render;
use crate::{WebError, WebState};

pub const PATH: &str = "/anslagstavla";
pub const FEED_PATH: &str = "/anslagstavla.atom";

/// One notice as the board shows it.
#[derive(Debug)]
struct NoticeView {
    anchor: String,
    body: String,
    meeting_on: NaiveDate,
    posted_on: NaiveDate,
    appeal_last_day: Option<NaiveDate>,
    /// "§ 1 Upphandling av skolmåltider", or a § dealt with behind closed doors without its title.
    paragraphs: Vec<String>,
}

#[derive(Template)]
#[template(path = "board.html")]
struct BoardPage {
    today: NaiveDate,
    notices: Vec<NoticeView>,
}

pub async fn board(State(state): State<WebState>) -> Result<Response, WebError> {
    let board = read(&state).await?;
    render(&BoardPage {
        today: board.as_of,
        notices: board.notices.iter().map(view).collect(),
    })
}

pub async fn feed(State(state): State<WebState>) -> Result<Response, WebError> {
    let board = read(&state).await?;
    let mut feed = Feed::default();
    feed.set_id("tag:samverkan,2026:anslagstavla");
    feed.set_title(Text::plain("Anslagstavla"));
    feed.set_subtitle(Some(Text::plain(
        "Justerade protokoll som är anslagna, med sista dag att överklaga.",
    )));
    feed.set_lang(Some("sv".to_owned()));
    feed.set_links(vec![link(PATH, "alternate"), link(FEED_PATH, "self")]);
    // A feed is as new as its newest notice; an empty board is as of today.
    let newest = board
        .notices
        .iter()
        .map(|notice| notice.posted_on)
        .max()
        .unwrap_or(board.as_of);
    feed.set_updated(midnight(newest));
    feed.set_entries(board.notices.iter().map(entry).collect::<Vec<_>>());
    Ok((
        [(CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        feed.to_string(),
    )
        .into_response())
}

async fn read(state: &WebState) -> Result<NoticeBoard, WebError> {
    if !state.settings.public_notice_board {
        return Err(WebError::NotFound(
            "Registret har ingen öppen anslagstavla. Den visas när tjänsten startas med \
             --anonymous-reads public-decisions."
                .to_owned(),
        ));
    }
    Ok(notice_board(&state.pool, ReadAt::on(state.clock.today())).await?)
}

fn view(notice: &Notice) -> NoticeView {
    NoticeView {
        anchor: anchor(notice),
        body: body_name(notice),
        meeting_on: notice.meeting_on,
        posted_on: notice.posted_on,
        appeal_last_day: notice.appeal_last_day,
        paragraphs: notice
            .paragraphs
            .iter()
            .map(|paragraph| match &paragraph.title {
                Some(title) => format!("§ {} {title}", paragraph.number),
                None => format!("§ {} (behandlades inom stängda dörrar)", paragraph.number),
            })
            .collect(),
    }
}

fn entry(notice: &Notice) -> Entry {
    let view = view(notice);
    let mut entry = Entry::default();
    entry.set_id(format!("tag:samverkan,2026:anslag/{}", view.anchor));
    entry.set_title(Text::plain(format!(
        "{}, protokoll från sammanträdet {}",
        view.body, view.meeting_on
    )));
    entry.set_updated(midnight(notice.posted_on));
    entry.set_published(Some(midnight(notice.posted_on)));
    entry.set_links(vec![link(&format!("{PATH}#{}", view.anchor), "alternate")]);
    let appeal = match view.appeal_last_day {
        Some(day) => format!(" Sista dag att överklaga: {day}."),
        None => String::new(),
    };
    entry.set_summary(Some(Text::plain(format!(
        "Anslaget {}.{appeal} {}.",
        view.posted_on,
        view.paragraphs.join("; ")
    ))));
    entry
}

/// The anchor of a notice on the board, stable across readings: its meeting and the day posted.
fn anchor(notice: &Notice) -> String {
    format!("{}-{}", notice.meeting_id, notice.posted_on)
}

fn body_name(notice: &Notice) -> String {
    notice
        .body_name
        .clone()
        .unwrap_or_else(|| format!("Organ {}", notice.body_id))
}

fn link(href: &str, rel: &str) -> Link {
    let mut link = Link::default();
    link.set_href(href);
    link.set_rel(rel);
    link
}

/// The start of a day, which is all the register knows of when a notice went up.
fn midnight(day: NaiveDate) -> FixedDateTime {
    Utc.from_utc_datetime(&day.and_time(chrono::NaiveTime::MIN))
        .fixed_offset()
}
