//! The public notice board (anslagstavla) and its Atom feed: open without signing in when posted
//! decisions are public, listing only the minutes whose notice is up, with a closed item's title
//! left out; unknown otherwise.

use std::str::FromStr;

use api::{AppState, HttpSettings};
use atom_syndication::Feed;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use domain::meeting::{
    AgendaItem, ApproveMinutes, ChooseAdjusters, MeetingCommand, MinutesScope, PublishMinutes,
    RecordNoticeRemoved,
};
use projections::decisions::{notice_board, Notice, NoticeParagraph};
use projections::ReadAt;
use register::clock::Clock;
use register::{RecordDecisionRequest, Register};
use tower::ServiceExt;
use uuid::Uuid;
use web::{WebSettings, WebState};

use crate::support::api_client::Api;
use crate::support::browser::Browser;
use crate::support::fixtures::{date, project};
use crate::support::inkopsnamnden::{
    content, held_meeting, held_meeting_with, meeting_command, with_inkopsnamnden, NAMNDEN,
    SORMLAND_CHAIR as CHAIR, VASTMANLAND_VICE_CHAIR as VICE_CHAIR,
};

pub(crate) const TODAY: &str = "2025-12-10";

fn item(number: u16, title: &str, public: bool) -> AgendaItem {
    AgendaItem {
        number,
        title: title.into(),
        registry_number: Some(format!("INK 2025/{number}")),
        public,
    }
}

/// Records a § on every item of the meeting, chooses the vice chair to adjust, and approves the
/// whole minutes on `approved_on`; posts them on `posted_on`, when given.
async fn minutes(
    register: &Register,
    meeting_id: Uuid,
    items: u16,
    approved_on: &str,
    posted_on: Option<&str>,
) -> Vec<Uuid> {
    let mut decisions = Vec::new();
    for item in 1..=items {
        let decision_id = Uuid::new_v4();
        register
            .record_decision(
                meeting_id,
                RecordDecisionRequest {
                    decision_id,
                    paragraph: None,
                    item,
                    content: content("Nämnden beslutar enligt förslaget.", "upphandling"),
                },
            )
            .await
            .unwrap();
        decisions.push(decision_id);
    }
    meeting_command(
        register,
        meeting_id,
        MeetingCommand::ChooseAdjusters(ChooseAdjusters {
            adjusters: vec![VICE_CHAIR],
        }),
    )
    .await;
    meeting_command(
        register,
        meeting_id,
        MeetingCommand::ApproveMinutes(ApproveMinutes {
            scope: MinutesScope::Whole,
            approved_on: date(approved_on),
            approved_by: vec![CHAIR, VICE_CHAIR],
        }),
    )
    .await;
    if let Some(posted_on) = posted_on {
        meeting_command(
            register,
            meeting_id,
            MeetingCommand::PublishMinutes(PublishMinutes {
                scope: MinutesScope::Whole,
                posted_on: date(posted_on),
            }),
        )
        .await;
    }
    decisions
}

/// Inköpsnämnden with three meetings: November's posted and up, with a closed item; October's
/// posted and taken down again; December's approved but not yet posted.
pub(crate) struct Board {
    pub(crate) api: Api,
    pub(crate) november: Uuid,
    november_decisions: Vec<Uuid>,
}

pub(crate) async fn board() -> Board {
    let (db, register) = with_inkopsnamnden().await;
    let october = held_meeting(&register, "2025-10-23", 1).await;
    minutes(&register, october, 1, "2025-10-27", Some("2025-10-28")).await;
    meeting_command(
        &register,
        october,
        MeetingCommand::RecordNoticeRemoved(RecordNoticeRemoved {
            scope: MinutesScope::Whole,
            removed_on: date("2025-11-19"),
        }),
    )
    .await;
    let november = held_meeting_with(
        &register,
        "2025-11-27",
        vec![
            item(1, "Upphandling av skolmåltider", true),
            item(2, "Avrop från ramavtal för kontorsmaterial", true),
            item(3, "Förhandling med leverantör", false),
        ],
    )
    .await;
    let november_decisions =
        minutes(&register, november, 3, "2025-12-01", Some("2025-12-03")).await;
    let december = held_meeting(&register, "2025-12-08", 1).await;
    minutes(&register, december, 1, "2025-12-09", None).await;
    project(&db.pool).await;
    let api = Api::on(db, HttpSettings::default()).await;
    Board {
        api,
        november,
        november_decisions,
    }
}

fn public_board() -> WebSettings {
    WebSettings {
        public_notice_board: true,
        ..WebSettings::default()
    }
}

#[tokio::test]
async fn the_board_holds_only_the_minutes_whose_notice_is_up() {
    let board = board().await;

    let up = notice_board(&board.api.db.pool, ReadAt::on(date(TODAY)))
        .await
        .unwrap();

    // October's meeting took § 1 of the year.
    let paragraph = |index: usize, title: Option<&str>| NoticeParagraph {
        decision_id: board.november_decisions[index],
        year: 2025,
        number: u32::try_from(index).unwrap() + 2,
        title: title.map(str::to_owned),
    };
    assert_eq!(
        up.notices,
        vec![Notice {
            body_id: NAMNDEN,
            body_name: Some("Inköpsnämnden".into()),
            meeting_id: board.november,
            meeting_on: date("2025-11-27"),
            posted_on: date("2025-12-03"),
            // Three weeks from 3 December is Christmas Eve, which Lag (1930:173) counts as a
            // holiday, as it does the days after it up to the weekend: the last day is Monday.
            appeal_last_day: Some(date("2025-12-29")),
            paragraphs: vec![
                paragraph(0, Some("Upphandling av skolmåltider")),
                paragraph(1, Some("Avrop från ramavtal för kontorsmaterial")),
                paragraph(2, None),
            ],
        }]
    );
}

#[tokio::test]
async fn anyone_reads_the_board_in_the_browser_without_signing_in() {
    let board = board().await;
    let browser = Browser::open_with(&board.api, public_board(), TODAY).await;

    browser.goto("/anslagstavla").await;

    assert_eq!(browser.location().await, "/anslagstavla");
    assert_eq!(
        browser.text(".notice h2").await,
        "Inköpsnämnden, sammanträde 2025-11-27"
    );
    assert_eq!(
        browser.text(".notice dl").await,
        "Anslaget\n2025-12-03\nSista dag att överklaga\n2025-12-29"
    );
    assert_eq!(
        browser.text(".notice ul").await,
        "§ 2 Upphandling av skolmåltider\n§ 3 Avrop från ramavtal för kontorsmaterial\n\
         § 4 (behandlades inom stängda dörrar)"
    );
    assert_eq!(
        browser.serious_accessibility_violations().await,
        vec![],
        "the notice board"
    );
    browser.screenshot("anslagstavla").await;
    browser.close().await;
}

#[tokio::test]
async fn the_feed_parses_as_atom_with_an_entry_per_notice_and_is_unknown_when_closed() {
    let board = board().await;
    let router = |settings: WebSettings| {
        let today = Clock::fixed(date(TODAY));
        samverkan::server::router(
            AppState::new(board.api.db.pool.clone(), HttpSettings::default()),
            WebState::new(board.api.db.pool.clone(), settings).with_clock(today),
        )
    };
    let get = |router: axum::Router, path: &'static str| async move {
        let response = router
            .oneshot(Request::get(path).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let content_type = response
            .headers()
            .get("content-type")
            .map(|value| value.to_str().unwrap().to_owned());
        let body = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        (
            status,
            content_type,
            String::from_utf8(body.to_vec()).unwrap(),
        )
    };

    let (status, content_type, body) = get(router(public_board()), "/anslagstavla.atom").await;
    let (closed, _, closed_body) = get(router(WebSettings::default()), "/anslagstavla.atom").await;
    let (closed_page, _, _) = get(router(WebSettings::default()), "/anslagstavla").await;

    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        content_type.as_deref(),
        Some("application/atom+xml; charset=utf-8")
    );
    let feed = Feed::from_str(&body).unwrap();
    assert_eq!(feed.title().as_str(), "Anslagstavla");
    assert_eq!(feed.updated().to_rfc3339(), "2025-12-03T00:00:00+00:00");
    let anchor = format!("{}-2025-12-03", board.november);
    assert_eq!(
        feed.entries()
            .iter()
            .map(|entry| (
                entry.id().to_owned(),
                entry.title().as_str().to_owned(),
                entry.links()[0].href().to_owned(),
                entry.summary().map(|summary| summary.as_str().to_owned()),
            ))
            .collect::<Vec<_>>(),
        vec![(
            format!("tag:samverkan,2026:anslag/{anchor}"),
            "Inköpsnämnden, protokoll från sammanträdet 2025-11-27".to_owned(),
            format!("/anslagstavla#{anchor}"),
            Some(
                "Anslaget 2025-12-03. Sista dag att överklaga: 2025-12-29. § 2 Upphandling av \
                 skolmåltider; § 3 Avrop från ramavtal för kontorsmaterial; § 4 (behandlades \
                 inom stängda dörrar)."
                    .to_owned()
            ),
        )]
    );
    assert_eq!(closed, StatusCode::NOT_FOUND);
    assert!(closed_body.contains("<h1>Sidan finns inte</h1>"));
    assert_eq!(closed_page, StatusCode::NOT_FOUND);
}
