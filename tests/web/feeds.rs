//! The feeds a body's meetings reach people through: the iCalendar feed of its meetings, read back
//! with an independent parser, and the notice board's Atom feed, which lists minutes the moment
//! the secretary's posting form records them.

use std::io::BufReader;
use std::str::FromStr;

use atom_syndication::Feed;
use axum::http::StatusCode;
use domain::meeting::{
    ApproveMinutes, CancelMeeting, ChooseAdjusters, Meeting, MeetingCommand, MinutesScope,
};
use register::access::Role;
use register::RecordDecisionRequest;
use web::WebSettings;

use super::forms::{send, signed_in};
use super::secretary::{with_upphandlingsnamnden, ANNA, BODY, IDA, MEETING_DAY};
use super::secretary_forms::{decision_content, hidden, meeting, Served};
use crate::support::browser::named_token;
use crate::support::fixtures::{date, register};

fn public() -> WebSettings {
    WebSettings {
        public_notice_board: true,
        ..WebSettings::default()
    }
}

/// `name`'s value in an iCalendar component's properties, with its parameters.
fn property(properties: &[ical::property::Property], name: &str) -> (String, Vec<String>) {
    let property = properties
        .iter()
        .find(|property| property.name == name)
        .unwrap_or_else(|| panic!("no {name} in {properties:?}"));
    let parameters = property
        .params
        .iter()
        .flatten()
        .map(|(key, values)| format!("{key}={}", values.join(",")))
        .collect();
    (
        unescape(property.value.as_deref().unwrap_or_default()),
        parameters,
    )
}

/// A TEXT value as RFC 5545 §3.3.11 escapes it, unescaped; the parser leaves it as written.
fn unescape(text: &str) -> String {
    let mut unescaped = String::new();
    let mut characters = text.chars();
    while let Some(character) = characters.next() {
        if character != '\\' {
            unescaped.push(character);
            continue;
        }
        match characters.next() {
            Some('n' | 'N') => unescaped.push('\n'),
            Some(escaped) => unescaped.push(escaped),
            None => unescaped.push('\\'),
        }
    }
    unescaped
}

#[tokio::test]
async fn a_bodys_meetings_read_back_from_its_icalendar_feed() {
    let api = with_upphandlingsnamnden().await;
    let held = meeting(&api, true).await;
    let cancelled = meeting(&api, false).await;
    register(&api.db.pool)
        .execute::<Meeting>(
            &cancelled.to_string(),
            MeetingCommand::Cancel(CancelMeeting {
                reason: "Inga ärenden att behandla".into(),
            }),
        )
        .await
        .unwrap();
    let served = Served::new(&api, public()).await;

    let answer = send(
        &served.router,
        "GET",
        &format!("/organ/{BODY}/sammantraden.ics"),
        &[],
        None,
    )
    .await;

    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(
        answer.content_type.as_deref(),
        Some("text/calendar; charset=utf-8")
    );
    let calendars: Vec<_> = ical::IcalParser::new(BufReader::new(answer.body.as_bytes()))
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(calendars.len(), 1);
    let mut events: Vec<_> = calendars[0]
        .events
        .iter()
        .map(|event| {
            (
                property(&event.properties, "UID").0,
                property(&event.properties, "SUMMARY").0,
                property(&event.properties, "DTSTART"),
                property(&event.properties, "LOCATION").0,
                property(&event.properties, "STATUS").0,
            )
        })
        .collect();
    events.sort();
    let mut expected = vec![
        (
            format!("{held}@samverkansregistret"),
            "Upphandlingsnämnden, sammanträde".to_owned(),
            ("20261126".to_owned(), vec!["VALUE=DATE".to_owned()]),
            "Regionhuset, Nyköping".to_owned(),
            "CONFIRMED".to_owned(),
        ),
        (
            format!("{cancelled}@samverkansregistret"),
            "Upphandlingsnämnden, sammanträde".to_owned(),
            ("20261126".to_owned(), vec!["VALUE=DATE".to_owned()]),
            "Regionhuset, Nyköping".to_owned(),
            "CANCELLED".to_owned(),
        ),
    ];
    expected.sort();
    assert_eq!(events, expected);
}

#[tokio::test]
async fn the_calendar_is_read_in_a_session_unless_the_notice_board_is_public() {
    let api = with_upphandlingsnamnden().await;
    let served = Served::new(&api, WebSettings::default()).await;
    let path = format!("/organ/{BODY}/sammantraden.ics");

    let anonymous = send(&served.router, "GET", &path, &[], None).await;
    assert_eq!(anonymous.status, StatusCode::SEE_OTHER);
    assert_eq!(
        anonymous.location.as_deref(),
        Some(format!("/logga-in?till=%2Forgan%2F{BODY}%2Fsammantraden.ics").as_str())
    );

    let secret = named_token(&api, Role::Auditor, &[], "Rolf Revisor").await;
    let cookie = signed_in(&served.router, &secret).await;
    let answer = send(&served.router, "GET", &path, &[("cookie", &cookie)], None).await;
    assert_eq!(answer.status, StatusCode::OK);
}

#[tokio::test]
async fn minutes_posted_through_the_form_are_on_the_atom_feed_at_once() {
    let api = with_upphandlingsnamnden().await;
    let meeting_id = meeting(&api, true).await;
    let register = register(&api.db.pool);
    register
        .record_decision(
            meeting_id,
            RecordDecisionRequest {
                decision_id: uuid::Uuid::new_v4(),
                paragraph: None,
                item: 1,
                content: decision_content("Nämnden antar anbudet."),
            },
        )
        .await
        .unwrap();
    for command in [
        MeetingCommand::ChooseAdjusters(ChooseAdjusters {
            adjusters: vec![IDA],
        }),
        MeetingCommand::ApproveMinutes(ApproveMinutes {
            scope: MinutesScope::Whole,
            approved_on: date("2026-11-30"),
            approved_by: vec![ANNA, IDA],
        }),
    ] {
        register
            .execute::<Meeting>(&meeting_id.to_string(), command)
            .await
            .unwrap();
    }
    let served = Served::new(&api, public()).await;
    let feed = |body: &str| Feed::from_str(body).unwrap();
    let before = send(&served.router, "GET", "/anslagstavla.atom", &[], None).await;
    assert_eq!(feed(&before.body).entries().len(), 0);

    let secret = named_token(&api, Role::Secretary, &[BODY], "Sara Sekreterare").await;
    let cookie = signed_in(&served.router, &secret).await;
    let path = format!("/sammantrade/{meeting_id}/justering");
    let page = send(&served.router, "GET", &path, &[("cookie", &cookie)], None).await;
    let form = serde_urlencoded::to_string([
        ("csrf", hidden(&page.body, "csrf").unwrap()),
        ("formular", hidden(&page.body, "formular").unwrap()),
        ("version", hidden(&page.body, "version").unwrap()),
        ("steg", "anslag".to_owned()),
        ("anslagen_den", "2026-12-01".to_owned()),
    ])
    .unwrap();
    let posted = send(
        &served.router,
        "POST",
        &path,
        &[("cookie", &cookie), ("sec-fetch-site", "same-origin")],
        Some(&form),
    )
    .await;
    assert_eq!(posted.status, StatusCode::SEE_OTHER, "{}", posted.body);

    // The form answers once the read models show the posting, so the feed has it already.
    let after = send(&served.router, "GET", "/anslagstavla.atom", &[], None).await;
    let after = feed(&after.body);
    let entries: Vec<(String, String)> = after
        .entries()
        .iter()
        .map(|entry| {
            (
                entry.title().to_string(),
                entry
                    .summary()
                    .map(|summary| summary.to_string())
                    .unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        entries,
        vec![(
            format!("Upphandlingsnämnden, protokoll från sammanträdet {MEETING_DAY}"),
            "Anslaget 2026-12-01. Sista dag att överklaga: 2026-12-22. § 1 Ärende 1.".to_owned()
        )]
    );
}
