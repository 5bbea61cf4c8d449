//! The § register over HTTP: its exact answer, its search, and the public decisions an anonymous
//! caller may read when the server opens them.
//!
//! The committee is the § register suite's Inköpsnämnden, with one meeting of two §§, of which
//! only § 2 is approved at once and posted on the notice board the next day.

use api::{AnonymousReads, HttpSettings};
use axum::http::StatusCode;
use domain::meeting::{
    AgendaItem, ApproveMinutes, ChooseAdjusters, DecisionContent, Meeting, MeetingCommand,
    MinutesScope, PublishMinutes, RollEntry,
};
use eventlog::Position;
use projections::decisions::{register_of_body, DecisionFilter};
use projections::{KnownAt, ReadAt};
use register::{CallMeetingRequest, OpenMeetingRequest, RecordDecisionRequest, Register};
use serde_json::{json, Value};
use uuid::Uuid;

use crate::support::api_client::{Api, Reply, Tokens};
use crate::support::fixtures::date;
use crate::support::inkopsnamnden::{
    category, with_inkopsnamnden, NAMNDEN, SORMLAND_CHAIR as CHAIR, SORMLAND_MEMBER,
    VASTMANLAND_MEMBER, VASTMANLAND_VICE_CHAIR as VICE_CHAIR,
};

const MEETING: Uuid = Uuid::from_u128(0x7600);
const MEALS: Uuid = Uuid::from_u128(0x7601);
const CALL_OFFS: Uuid = Uuid::from_u128(0x7602);

fn item(number: u16, title: &str, registry_number: &str) -> AgendaItem {
    AgendaItem {
        number,
        title: title.into(),
        registry_number: Some(registry_number.into()),
        public: true,
    }
}

fn content(text: &str) -> DecisionContent {
    DecisionContent {
        text: text.into(),
        proposals: Vec::new(),
        vote: None,
        recusals: Vec::new(),
        reservations: Vec::new(),
        statements: Vec::new(),
        mandate_category: category("upphandling/ramavtal"),
        delegated_decisions: Vec::new(),
    }
}

async fn meeting_command(register: &Register, command: MeetingCommand) -> Position {
    register
        .execute::<Meeting>(&MEETING.to_string(), command)
        .await
        .unwrap()
}

/// The meeting of 6 May 2025 with its two §§; returns the position of § 2's posting.
async fn may_meeting(register: &Register) -> Position {
    register
        .call_meeting(
            MEETING,
            CallMeetingRequest {
                body_id: NAMNDEN,
                date: date("2025-05-06"),
                place: "Regionhuset, Nyköping".into(),
                agenda: vec![
                    item(1, "Upphandling av skolmåltider", "INK 2025/103"),
                    item(2, "Avrop från ramavtal för kontorsmaterial", "INK 2025/77"),
                ],
            },
        )
        .await
        .unwrap();
    register
        .open_meeting(
            MEETING,
            OpenMeetingRequest {
                presiding: CHAIR,
                roll: [CHAIR, SORMLAND_MEMBER, VICE_CHAIR, VASTMANLAND_MEMBER]
                    .into_iter()
                    .map(|person_id| RollEntry {
                        person_id,
                        serving_for: None,
                    })
                    .collect(),
            },
        )
        .await
        .unwrap();
    for (decision_id, item, text) in [
        (
            MEALS,
            1,
            "Nämnden antar tilldelningsbeslutet för skolmåltider.",
        ),
        (CALL_OFFS, 2, "Nämnden godkänner avropen från ramavtalen."),
    ] {
        register
            .record_decision(
                MEETING,
                RecordDecisionRequest {
                    decision_id,
                    paragraph: None,
                    item,
                    content: content(text),
                },
            )
            .await
            .unwrap();
    }
    meeting_command(
        register,
        MeetingCommand::ChooseAdjusters(ChooseAdjusters {
            adjusters: vec![VICE_CHAIR],
        }),
    )
    .await;
    let immediately = MinutesScope::Paragraph { number: 2 };
    meeting_command(
        register,
        MeetingCommand::ApproveMinutes(ApproveMinutes {
            scope: immediately,
            approved_on: date("2025-05-06"),
            approved_by: vec![CHAIR, VICE_CHAIR],
        }),
    )
    .await;
    meeting_command(
        register,
        MeetingCommand::PublishMinutes(PublishMinutes {
            scope: immediately,
            posted_on: date("2025-05-07"),
        }),
    )
    .await
}

async fn with_meeting(settings: HttpSettings) -> (Api, Position) {
    let (db, register) = with_inkopsnamnden().await;
    let posted = may_meeting(&register).await;
    let api = Api::on(db, settings).await;
    api.catch_up().await;
    (api, posted)
}

fn public_decisions() -> HttpSettings {
    HttpSettings {
        anonymous_reads: AnonymousReads::PublicDecisions,
        ..HttpSettings::default()
    }
}

fn ok(reply: Reply) -> Value {
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    reply.body
}

fn path(query: &str) -> String {
    format!("/api/v1/bodies/{NAMNDEN}/decisions?{query}")
}

fn ids(page: &Value) -> Vec<Uuid> {
    page["decisions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|decision| decision["decision_id"].as_str().unwrap().parse().unwrap())
        .collect()
}

#[tokio::test]
async fn the_register_answers_as_the_read_model_with_its_search() {
    let (api, posted) = with_meeting(HttpSettings::default()).await;
    let tokens = Tokens::new(&api).await;
    let auditor = Some(tokens.auditor.as_str());

    let whole = ok(api.get(&path("as_of=2025-05-07"), auditor).await);
    let before_meeting = ok(api.get(&path("as_of=2025-05-05"), auditor).await);
    let meals = ok(api
        .get(&path("as_of=2025-05-07&text=skolm%C3%A5ltiderna"), auditor)
        .await);
    let call_offs = ok(api
        .get(
            &path("as_of=2025-05-07&registry_number=INK%202025%2F77"),
            auditor,
        )
        .await);
    let before_posting = ok(api
        .get(
            &path(&format!("as_of=2025-05-07&known_at={}", posted.get() - 1)),
            auditor,
        )
        .await);

    let expected = register_of_body(
        &api.db.pool,
        NAMNDEN,
        ReadAt::on(date("2025-05-07")),
        DecisionFilter::default(),
    )
    .await
    .unwrap();
    assert_eq!(
        whole,
        json!({
            "as_of": "2025-05-07",
            "known_at": posted.get(),
            "body_id": NAMNDEN,
            "public_only": false,
            "decisions": expected.decisions,
            "next_cursor": null,
        })
    );
    assert_eq!(ids(&whole), vec![MEALS, CALL_OFFS]);
    assert_eq!(
        whole["decisions"][0]["paragraph"],
        json!({ "year": 2025, "number": 1 })
    );
    assert_eq!(whole["decisions"][0]["publication"], Value::Null);
    assert_eq!(
        whole["decisions"][1]["publication"],
        json!({
            "posted_on": "2025-05-07",
            "appeal_last_day": "2025-05-28",
            "days_late": null,
            "notice_removed_on": null,
        })
    );
    assert_eq!(
        before_meeting,
        json!({
            "as_of": "2025-05-05",
            "known_at": posted.get(),
            "body_id": NAMNDEN,
            "public_only": false,
            "decisions": [],
            "next_cursor": null,
        })
    );
    assert_eq!(ids(&meals), vec![MEALS]);
    assert_eq!(ids(&call_offs), vec![CALL_OFFS]);
    assert_eq!(ids(&before_posting), vec![MEALS, CALL_OFFS]);
    assert_eq!(before_posting["decisions"][1]["publication"], Value::Null);
}

#[tokio::test]
async fn an_anonymous_caller_reads_only_posted_decisions_when_they_are_opened() {
    let (api, posted) = with_meeting(public_decisions()).await;
    let tokens = Tokens::new(&api).await;

    let before_posting_day = ok(api.get(&path("as_of=2025-05-06"), None).await);
    let posting_day = ok(api.get(&path("as_of=2025-05-07"), None).await);
    let as_known_before = ok(api
        .get(
            &path(&format!("as_of=2025-05-07&known_at={}", posted.get() - 1)),
            None,
        )
        .await);
    let with_token = ok(api
        .get(&path("as_of=2025-05-07"), Some(&tokens.auditor))
        .await);
    let membership = api
        .get(&format!("/api/v1/bodies/{NAMNDEN}/membership"), None)
        .await;
    let mandates = api
        .get(&format!("/api/v1/bodies/{NAMNDEN}/mandates"), None)
        .await;

    assert_eq!(before_posting_day["decisions"], json!([]));
    assert_eq!(before_posting_day["public_only"], json!(true));
    let expected = register_of_body(
        &api.db.pool,
        NAMNDEN,
        ReadAt::on(date("2025-05-07")).known_at(KnownAt::Position(posted)),
        DecisionFilter::default(),
    )
    .await
    .unwrap();
    assert_eq!(
        posting_day,
        json!({
            "as_of": "2025-05-07",
            "known_at": posted.get(),
            "body_id": NAMNDEN,
            "public_only": true,
            "decisions": [expected.decisions[1]],
            "next_cursor": null,
        })
    );
    assert_eq!(as_known_before["decisions"], json!([]));
    assert_eq!(with_token["public_only"], json!(false));
    assert_eq!(ids(&with_token), vec![MEALS, CALL_OFFS]);
    assert_eq!(membership.status, StatusCode::UNAUTHORIZED);
    assert_eq!(mandates.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn an_anonymous_caller_reads_no_decisions_by_default() {
    let (api, _) = with_meeting(HttpSettings::default()).await;
    let reply = api.get(&path("as_of=2025-05-07"), None).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert_eq!(reply.body["type"], "urn:samverkan:problem:unauthenticated");
}
