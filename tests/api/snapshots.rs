//! Snapshots of the long answers of the read endpoints, over registers built by importing the
//! seed scenarios, so that a change to how the read handlers are written (their extractors, their
//! page types) can be shown to change no answer: every answer here is compared whole, byte for
//! byte as JSON, with the committed `.snap` file under `tests/snapshots/`.
//!
//! What varies between two runs is redacted, and nothing else:
//! - the ids the register gives what a scenario's keyed steps create (a cooperation, a body, a
//!   meeting) are written as the key they were created under, `[@namnden]`, wherever they occur,
//!   also inside a longer string such as a compound stream id;
//! - the ids of the tokens a test makes, in the actor of the events it records;
//! - record times (`recorded_at`) and the chain hashes computed over them.
//!
//! Log positions are not redacted, with one exception: an import writes its events in the file's
//! order, so the same file gives the same positions, and a page's cursor, which holds one, stays
//! comparable. The exception is seed 003's carry-out, which writes the events of the old
//! cooperation's contracts and obligations in the order of their ids, and those ids are new in
//! every run; so the positions at which seed 003's contracts and obligations were last recorded
//! are redacted, and its timeline, ordered by position, is not snapshotted (seeds 000 and 004
//! cover the timeline). For the same reason a few lists that the register orders by such an id
//! (a plan's dispositions and mappings, a readiness's lists) are sorted here before comparing,
//! by their redacted text; each such list is named where it is snapshotted.
//!
//! To accept a deliberate change of an answer, run the suite once with `INSTA_UPDATE=always`
//! and read the changed `.snap` files before committing them. A plain run (and CI, where
//! `CI=true`) fails on any difference.

use std::collections::BTreeMap;
use std::fmt;

use api::reading::Clock;
use api::{app, AppState, HttpSettings};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::Router;
use register::access::Role;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use serde_json::{json, Value};
use tower::ServiceExt;
use uuid::Uuid;

use crate::support::seeds::ImportedSeed;

/// A seed's register as imported, and the names its run-dependent ids are redacted to.
struct SnapshotSeed {
    seed: ImportedSeed,
    /// The router the snapshots are read through. It is the test's own, over the seed's
    /// database, because the suite's client parses every answer into a `serde_json::Value`,
    /// which sorts an object's members and so would hide a change in their order.
    router: Router,
    /// The seed's short name, which begins every snapshot's name.
    prefix: &'static str,
    /// Each id that differs between runs, and the name that stands for it in a snapshot.
    names: BTreeMap<String, String>,
    /// Whether the positions at which contracts and obligations were last recorded differ
    /// between runs, as they do after seed 003's carry-out.
    record_positions_vary: bool,
}

impl SnapshotSeed {
    /// Imports `data/scenarios/<scenario>.json`; its snapshots are named `<prefix>__…`.
    async fn import(scenario: &'static str, prefix: &'static str) -> SnapshotSeed {
        let seed = ImportedSeed::import(scenario).await;
        let router = app(AppState::new(
            seed.api.db.pool.clone(),
            HttpSettings::default(),
        ));
        // Only the ids the import printed are the register's own; every other key stands for a
        // UUID derived from the scenario's name and the key, the same in every run.
        let names = seed
            .created
            .iter()
            .map(|(key, id)| (id.clone(), format!("[@{key}]")))
            .collect();
        SnapshotSeed {
            seed,
            router,
            prefix,
            names,
            record_positions_vary: false,
        }
    }

    fn id(&self, key: &str) -> String {
        self.seed.id(key)
    }

    /// Names an id the test itself was given by the register, such as a meeting's.
    fn name(&mut self, id: &str, name: &str) {
        self.names.insert(id.to_owned(), format!("[@{name}]"));
    }

    /// `value` with every run-dependent id replaced by its name, inside strings and keys alike.
    fn redacted(&self, value: Json) -> Json {
        match value {
            Json::String(text) => Json::String(self.redacted_text(&text)),
            Json::Array(values) => Json::Array(
                values
                    .into_iter()
                    .map(|value| self.redacted(value))
                    .collect(),
            ),
            Json::Object(members) => Json::Object(
                members
                    .into_iter()
                    .map(|(key, value)| (self.redacted_text(&key), self.redacted(value)))
                    .collect(),
            ),
            other => other,
        }
    }

    fn redacted_text(&self, text: &str) -> String {
        let text = self
            .names
            .iter()
            .fold(text.to_owned(), |text, (id, name)| text.replace(id, name));
        redact_token_ids(&text)
    }

    /// The status and the body, as written, of a GET of `/api/v1{path}` as `secret`.
    async fn get(&self, path: &str, secret: Option<&str>) -> (StatusCode, Json) {
        let mut request = Request::builder().uri(format!("/api/v1{path}"));
        if let Some(secret) = secret {
            request = request.header("authorization", format!("Bearer {secret}"));
        }
        let response = self
            .router
            .clone()
            .oneshot(request.body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .unwrap();
        let body = serde_json::from_slice(&bytes).unwrap_or_else(|error| {
            panic!(
                "{path}: the answer is not JSON ({error}): {}",
                String::from_utf8_lossy(&bytes)
            )
        });
        (status, body)
    }

    /// A GET as `secret`, with its status and body as one snapshot named `name`.
    async fn snapshot_as(&self, name: &str, path: &str, secret: Option<&str>) {
        let (status, body) = self.get(path, secret).await;
        let answer = Json::Object(vec![
            ("status".to_owned(), Json::Number(status.as_u16().into())),
            ("body".to_owned(), self.redacted(body)),
        ]);
        self.assert_snapshot(name, path, answer);
    }

    /// A GET as the auditor that must succeed, its body as one snapshot named `name`. Returns
    /// the body as answered, ids unredacted.
    async fn snapshot(&self, name: &str, path: &str) -> Json {
        self.snapshot_sorting(name, path, &[]).await
    }

    /// As [`snapshot`](Self::snapshot), with the lists at the paths `ordered_by_new_ids` (member
    /// names from the top, such as `["plan", "obligation_mappings"]`) sorted first: the register
    /// orders them by ids that are new in every run.
    async fn snapshot_sorting(
        &self,
        name: &str,
        path: &str,
        ordered_by_new_ids: &[&[&str]],
    ) -> Json {
        let (status, body) = self.get(path, Some(&self.seed.tokens.auditor)).await;
        assert_eq!(status, StatusCode::OK, "{path}: {body:?}");
        let mut answer = self.redacted(body.clone());
        for members in ordered_by_new_ids {
            match answer.at_mut(members) {
                Some(Json::Array(list)) => list.sort_by_cached_key(Json::text),
                _ => panic!("{path}: no list at {members:?}"),
            }
        }
        self.assert_snapshot(name, path, answer);
        body
    }

    /// Compares `answer`, whose ids are already redacted, with the snapshot `name`.
    fn assert_snapshot(&self, name: &str, path: &str, answer: Json) {
        let mut settings = insta::Settings::clone_current();
        settings.set_snapshot_path("snapshots");
        settings.set_prepend_module_to_snapshot(false);
        // The members of an object stay in the order the server wrote them.
        settings.set_sort_maps(false);
        settings.set_description(format!("GET /api/v1{}", self.redacted_text(path)));
        settings.set_omit_expression(true);
        // Record times come from the database's clock, and the chain hashes are computed over
        // them; a problem's request id is new for every request.
        settings.add_redaction(".**.recorded_at", "[recorded_at]");
        settings.add_redaction(".**.hash", "[hash]");
        settings.add_redaction(".**.request_id", "[request_id]");
        if self.record_positions_vary {
            settings.add_redaction(".**.recorded_at_position", "[position]");
        }
        let name = format!("{}__{name}", self.prefix);
        settings.bind(|| insta::assert_json_snapshot!(name, answer));
    }
}

/// A JSON value that keeps the members of each object in the order they were written, so that a
/// snapshot shows, and compares, the order of an answer's fields as well as their values.
#[derive(Debug, Clone, PartialEq)]
enum Json {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// The value of the member `name`, if this is an object that has one.
    fn get(&self, name: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value),
            _ => None,
        }
    }

    fn at_mut(&mut self, names: &[&str]) -> Option<&mut Json> {
        names.iter().try_fold(self, |value, name| match value {
            Json::Object(members) => members
                .iter_mut()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value),
            _ => None,
        })
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(text) => Some(text),
            _ => None,
        }
    }

    /// The value as compact JSON text, the key lists ordered by are sorted on.
    fn text(&self) -> String {
        serde_json::to_string(self).unwrap()
    }
}

impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Json::Null => serializer.serialize_unit(),
            Json::Bool(value) => serializer.serialize_bool(*value),
            Json::Number(number) => number.serialize(serializer),
            Json::String(text) => serializer.serialize_str(text),
            Json::Array(values) => {
                let mut sequence = serializer.serialize_seq(Some(values.len()))?;
                for value in values {
                    sequence.serialize_element(value)?;
                }
                sequence.end()
            }
            Json::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in members {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Json, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }

    fn visit_bool<E>(self, value: bool) -> Result<Json, E> {
        Ok(Json::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Json, E> {
        Ok(Json::Number(value.into()))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Json, E> {
        Ok(Json::Number(value.into()))
    }

    fn visit_f64<E: serde::de::Error>(self, value: f64) -> Result<Json, E> {
        serde_json::Number::from_f64(value)
            .map(Json::Number)
            .ok_or_else(|| E::custom("a number JSON cannot hold"))
    }

    fn visit_str<E>(self, value: &str) -> Result<Json, E> {
        Ok(Json::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Json, E> {
        Ok(Json::String(value))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut sequence: A) -> Result<Json, A::Error> {
        let mut values = Vec::new();
        while let Some(value) = sequence.next_element()? {
            values.push(value);
        }
        Ok(Json::Array(values))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
        let mut members = Vec::new();
        while let Some(member) = map.next_entry()? {
            members.push(member);
        }
        Ok(Json::Object(members))
    }
}

/// `text` with the id of every token (`token:UUID`, as an event's actor names it) redacted: a
/// test's tokens are made anew in every run.
fn redact_token_ids(text: &str) -> String {
    const PREFIX: &str = "token:";
    const UUID_LENGTH: usize = 36;
    let mut redacted = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(PREFIX) {
        let (before, from_prefix) = rest.split_at(start + PREFIX.len());
        redacted.push_str(before);
        match from_prefix.get(..UUID_LENGTH) {
            Some(id) if Uuid::parse_str(id).is_ok() => {
                redacted.push_str("[token id]");
                rest = &from_prefix[UUID_LENGTH..];
            }
            _ => rest = from_prefix,
        }
    }
    redacted.push_str(rest);
    redacted
}

/// One item of the meeting the seed 000 test holds, and the id of its decision.
struct Item {
    number: u16,
    title: &'static str,
    registry_number: &'static str,
    category: &'static str,
    decision_id: Uuid,
}

/// Nämnden of seed 000 meets on 2024-05-14 with three items, one of them outside its mandate
/// (building contracts), so that its § register and its compliance report have entries; the
/// minutes are approved on 2024-05-21 and posted on 2024-05-22. The decisions' ids are fixed, so
/// that they read the same in every run. Returns the meeting's id.
async fn hold_a_meeting(seed: &SnapshotSeed, namnden: &str) -> String {
    let api = &seed.seed.api;
    let secretary = api
        .token(Role::Secretary, &[namnden.parse::<Uuid>().unwrap()])
        .await;
    let items = [
        Item {
            number: 1,
            title: "Upphandling av skolmåltider",
            registry_number: "UC 2024/11",
            category: "upphandling/varor",
            decision_id: Uuid::from_u128(0x000_0001),
        },
        Item {
            number: 2,
            title: "Upphandling av ombyggnad av stadshuset",
            registry_number: "UC 2024/12",
            category: "upphandling/byggentreprenader",
            decision_id: Uuid::from_u128(0x000_0002),
        },
        Item {
            number: 3,
            title: "Uppföljning av ramavtal för kontorsmaterial",
            registry_number: "UC 2024/13",
            category: "avtalsuppfoljning",
            decision_id: Uuid::from_u128(0x000_0003),
        },
    ];
    let write = |path: String, body: Value| {
        let secretary = secretary.clone();
        async move {
            let reply = api
                .post(&format!("/api/v1{path}"), Some(&secretary), body)
                .await;
            assert!(reply.status.is_success(), "{path}: {}", reply.body);
            reply.body
        }
    };
    let agenda: Vec<Value> = items
        .iter()
        .map(|item| {
            json!({
                "number": item.number, "title": item.title,
                "registry_number": item.registry_number, "public": true
            })
        })
        .collect();
    let called = write(
        "/meetings".to_owned(),
        json!({
            "body_id": namnden, "date": "2024-05-14", "place": "Stadshuset, Falun",
            "agenda": agenda
        }),
    )
    .await;
    let meeting = called["id"].as_str().unwrap().to_owned();
    let chair = seed.id("ordforande-falun");
    let adjuster = seed.id("vice-ordforande-borlange");
    write(
        format!("/meetings/{meeting}/opening"),
        json!({
            "presiding": chair,
            "roll": [
                { "person_id": chair, "serving_for": null },
                { "person_id": adjuster, "serving_for": null },
                { "person_id": seed.id("ledamot-sater"), "serving_for": null }
            ]
        }),
    )
    .await;
    for item in &items {
        write(
            format!("/meetings/{meeting}/decisions"),
            json!({
                "decision_id": item.decision_id,
                "item": item.number,
                "content": {
                    "text": format!("Nämnden beslutar i ärende {}.", item.registry_number),
                    "proposals": [], "vote": null, "recusals": [], "reservations": [],
                    "statements": [], "mandate_category": item.category,
                    "delegated_decisions": []
                }
            }),
        )
        .await;
    }
    write(
        format!("/meetings/{meeting}/adjusters"),
        json!({ "adjusters": [adjuster] }),
    )
    .await;
    write(
        format!("/meetings/{meeting}/approval"),
        json!({
            "scope": { "kind": "whole" },
            "approved_on": "2024-05-21",
            "approved_by": [chair, adjuster]
        }),
    )
    .await;
    write(
        format!("/meetings/{meeting}/publication"),
        json!({ "scope": { "kind": "whole" }, "posted_on": "2024-05-22" }),
    )
    .await;
    meeting
}

/// Seed 000 (Upphandlingscenter and Nämnden) with one meeting of Nämnden: the cooperations, the
/// body's membership, mandates and § register, the governing documents, the timeline in pages,
/// an entity's history and the compliance report.
#[tokio::test]
async fn the_answers_about_seed_000_are_unchanged() {
    let mut seed = SnapshotSeed::import("000-upphandlingscenter", "seed_000").await;
    let cooperation = seed.id("upphandlingscenter");
    let namnden = seed.id("namnden");
    let plan = seed.id("namndplan");
    let meeting = hold_a_meeting(&seed, &namnden).await;
    seed.name(&meeting, "meeting");
    seed.seed.api.catch_up().await;

    seed.snapshot("cooperations", "/cooperations?as_of=2024-06-30")
        .await;
    seed.snapshot(
        "body_membership",
        &format!("/bodies/{namnden}/membership?as_of=2024-06-30"),
    )
    .await;
    seed.snapshot(
        "body_membership_before_the_body",
        &format!("/bodies/{namnden}/membership?as_of=2020-01-01"),
    )
    .await;
    seed.snapshot(
        "body_mandates",
        &format!("/bodies/{namnden}/mandates?as_of=2024-06-30"),
    )
    .await;
    seed.snapshot("party_mandates", "/parties/2080/mandates?as_of=2024-06-30")
        .await;
    seed.snapshot(
        "body_decisions",
        &format!("/bodies/{namnden}/decisions?as_of=2024-06-30"),
    )
    .await;
    seed.snapshot(
        "body_decisions_searched",
        &format!("/bodies/{namnden}/decisions?as_of=2024-06-30&registry_number=UC%202024/12"),
    )
    .await;
    seed.snapshot(
        "body_decisions_limit_2",
        &format!("/bodies/{namnden}/decisions?as_of=2024-06-30&limit=2"),
    )
    .await;
    seed.snapshot(
        "cooperation_documents",
        &format!("/cooperations/{cooperation}/documents?as_of=2024-06-30"),
    )
    .await;
    seed.snapshot(
        "document_in_force",
        &format!("/documents/{plan}?as_of=2024-06-30"),
    )
    .await;
    seed.snapshot(
        "document_amendments",
        &format!("/documents/{plan}/amendments?as_of=2024-06-30"),
    )
    .await;
    // The timeline in pages of ten, each read with the cursor of the one before, so that the
    // snapshots hold the cursors as well as the entries.
    let mut cursor: Option<String> = None;
    for page in 1.. {
        let mut path = format!("/cooperations/{cooperation}/timeline?as_of=2024-06-30&limit=10");
        if let Some(cursor) = &cursor {
            path.push_str(&format!("&cursor={cursor}"));
        }
        let answer = seed
            .snapshot(&format!("cooperation_timeline_page_{page}"), &path)
            .await;
        cursor = answer
            .get("next_cursor")
            .and_then(Json::as_str)
            .map(str::to_owned);
        if cursor.is_none() {
            break;
        }
    }
    seed.snapshot(
        "cooperation_timeline_known_at_20",
        &format!("/cooperations/{cooperation}/timeline?as_of=2024-06-30&known_at=20"),
    )
    .await;
    seed.snapshot(
        "history_of_the_body",
        &format!("/audit/history/{namnden}?as_of=2024-06-30"),
    )
    .await;
    seed.snapshot(
        "history_of_the_meeting_limit_5",
        &format!("/audit/history/{meeting}?as_of=2024-06-30&limit=5"),
    )
    .await;
    seed.snapshot("history_of_a_party", "/audit/history/2081?as_of=2024-06-30")
        .await;
    seed.snapshot(
        "compliance",
        &format!(
            "/audit/bodies/{namnden}/compliance?from=2024-01-01&to=2024-12-31&as_of=2024-06-30"
        ),
    )
    .await;
    seed.snapshot(
        "compliance_before_the_posting",
        &format!(
            "/audit/bodies/{namnden}/compliance?from=2024-01-01&to=2024-12-31&as_of=2024-05-21"
        ),
    )
    .await;
    seed.snapshot("audit_events_limit_3", "/audit/events?limit=3")
        .await;
    seed.snapshot(
        "read_model_changes",
        "/audit/read-models/membership/changes?from_known_at=10&to_known_at=20&limit=5",
    )
    .await;
}

/// The read side of the OpenAPI document: every GET operation, and every schema its answers and
/// parameters refer to, directly or through other schemas, as the server writes them. A change to
/// the types the read handlers answer with (such as one page type for every page) must leave
/// this document as it is, or show here how it changed.
#[tokio::test]
async fn the_openapi_document_of_the_reads_is_unchanged() {
    let seed = SnapshotSeed::import("004-inkopsnamnden", "openapi").await;
    let (status, document) = seed.get("/openapi.json", None).await;
    assert_eq!(status, StatusCode::OK);
    let mut reads = Vec::new();
    let mut wanted = Vec::new();
    if let Some(Json::Object(paths)) = document.get("paths") {
        for (path, item) in paths {
            if let Some(operation) = item.get("get") {
                references_in(operation, &mut wanted);
                reads.push((path.clone(), operation.clone()));
            }
        }
    }
    let schemas = match document.get("components").and_then(|c| c.get("schemas")) {
        Some(Json::Object(schemas)) => schemas.clone(),
        _ => panic!("the document has no schemas"),
    };
    // Follows the references until every schema a read refers to is listed, in the document's
    // own order.
    let mut listed = std::collections::BTreeSet::new();
    while let Some(name) = wanted.pop() {
        if listed.insert(name.clone()) {
            let (_, schema) = schemas
                .iter()
                .find(|(key, _)| *key == name)
                .unwrap_or_else(|| panic!("no schema {name}"));
            references_in(schema, &mut wanted);
        }
    }
    let read_schemas = schemas
        .into_iter()
        .filter(|(name, _)| listed.contains(name))
        .collect();
    let answer = Json::Object(vec![
        ("paths".to_owned(), Json::Object(reads)),
        ("schemas".to_owned(), Json::Object(read_schemas)),
    ]);
    seed.assert_snapshot("read_side", "/openapi.json", answer);
}

/// The names of the schemas `value` refers to with `$ref`.
fn references_in(value: &Json, found: &mut Vec<String>) {
    const PREFIX: &str = "#/components/schemas/";
    match value {
        Json::Object(members) => {
            for (key, value) in members {
                match (key.as_str(), value) {
                    ("$ref", Json::String(reference)) => {
                        if let Some(name) = reference.strip_prefix(PREFIX) {
                            found.push(name.to_owned());
                        }
                    }
                    _ => references_in(value, found),
                }
            }
        }
        Json::Array(values) => values.iter().for_each(|value| references_in(value, found)),
        _ => {}
    }
}

/// A read that names no day is about today by the clock the server's state carries, the same
/// answer as one that names that day; a test can fix the day, so no handler reads a clock itself.
#[tokio::test]
async fn a_read_without_as_of_is_about_today_by_the_states_clock() {
    let mut seed = SnapshotSeed::import("000-upphandlingscenter", "seed_000").await;
    let namnden = seed.id("namnden");
    let cooperation = seed.id("upphandlingscenter");
    let day = chrono::NaiveDate::from_ymd_opt(2024, 6, 30).unwrap();
    seed.router = app(
        AppState::new(seed.seed.api.db.pool.clone(), HttpSettings::default())
            .with_clock(Clock::fixed(day)),
    );
    let auditor = seed.seed.tokens.auditor.clone();
    for path in [
        format!("/bodies/{namnden}/membership"),
        format!("/bodies/{namnden}/mandates"),
        format!("/cooperations/{cooperation}/documents"),
        format!("/cooperations/{cooperation}/timeline?limit=3"),
        format!("/audit/history/{namnden}"),
    ] {
        let separator = if path.contains('?') { '&' } else { '?' };
        let named = seed
            .get(&format!("{path}{separator}as_of={day}"), Some(&auditor))
            .await;
        let unnamed = seed.get(&path, Some(&auditor)).await;
        assert_eq!(unnamed.0, StatusCode::OK, "{path}: {:?}", unnamed.1);
        assert_eq!(unnamed, named, "{path}");
    }
}

/// The refusals of the read endpoints, in the order the handlers check: who is calling, then the
/// parameters, then whether the id is known. A change that checked the parameters before the
/// caller would change these answers.
#[tokio::test]
async fn the_refusals_of_reads_about_seed_000_are_unchanged() {
    let seed = SnapshotSeed::import("000-upphandlingscenter", "seed_000").await;
    let namnden = seed.id("namnden");
    let unknown = Uuid::from_u128(0xdead_beef);
    let reader = seed.seed.api.token(Role::Administrator, &[]).await;
    let cases: [(&str, String, Option<&str>); 12] = [
        (
            "refused_anonymous_with_a_bad_limit",
            format!("/bodies/{namnden}/membership?limit=0"),
            None,
        ),
        (
            "refused_a_limit_too_large",
            format!("/bodies/{namnden}/membership?limit=1001"),
            Some(&reader),
        ),
        (
            "refused_a_malformed_cursor",
            format!("/bodies/{namnden}/mandates?cursor=yesterday"),
            Some(&reader),
        ),
        (
            "refused_a_cursor_of_another_day",
            format!("/bodies/{namnden}/mandates?as_of=2024-06-30&cursor=2024-06-29~5~1"),
            Some(&reader),
        ),
        (
            "refused_a_malformed_known_at",
            "/cooperations?known_at=yesterday".to_owned(),
            Some(&reader),
        ),
        (
            "refused_an_unrecorded_known_at",
            "/cooperations?as_of=2024-06-30&known_at=100000".to_owned(),
            Some(&reader),
        ),
        (
            "refused_an_unrecorded_min_position",
            "/cooperations?as_of=2024-06-30&min_position=100000".to_owned(),
            Some(&reader),
        ),
        (
            "refused_a_malformed_as_of",
            "/cooperations?as_of=2024-13-01".to_owned(),
            Some(&reader),
        ),
        (
            "refused_an_unknown_body_with_a_bad_limit",
            format!("/bodies/{unknown}/membership?limit=0"),
            Some(&reader),
        ),
        (
            "refused_an_unknown_body",
            format!("/bodies/{unknown}/decisions?as_of=2024-06-30"),
            Some(&reader),
        ),
        (
            "refused_history_to_a_reader",
            format!("/audit/history/{namnden}?limit=0"),
            Some(&reader),
        ),
        (
            "refused_history_of_a_malformed_entity",
            "/audit/history/not%20an%20id?limit=0".to_owned(),
            Some(&seed.seed.tokens.auditor),
        ),
    ];
    for (name, path, secret) in cases {
        seed.snapshot_as(name, &path, secret).await;
    }
}

/// Seed 003 (Södertörn), whose plan was carried out so that from 2024-07-01 the committee is
/// gone: contracts, expiries, obligations, the transition plans, the plan, its readiness and the
/// arrangement, before and after the effective date.
#[tokio::test]
async fn the_answers_about_seed_003_are_unchanged() {
    let mut seed = SnapshotSeed::import("003-sodertorn", "seed_003").await;
    seed.record_positions_vary = true;
    let old = seed.id("upphandling-sodertorn");
    let successor = seed.id("samverkansavtal-andra-halvaret-2024");
    let committee = seed.id("sodertorns-upphandlingsnamnd");
    let transition = seed.id("avveckling-2024");

    seed.snapshot("cooperations", "/cooperations?as_of=2024-07-01")
        .await;
    seed.snapshot(
        "cooperations_limit_1",
        "/cooperations?as_of=2024-07-01&limit=1",
    )
    .await;
    seed.snapshot(
        "body_membership",
        &format!("/bodies/{committee}/membership?as_of=2024-06-30"),
    )
    .await;
    seed.snapshot(
        "body_membership_after_the_transition",
        &format!("/bodies/{committee}/membership?as_of=2024-07-01"),
    )
    .await;
    seed.snapshot(
        "body_mandates",
        &format!("/bodies/{committee}/mandates?as_of=2024-06-30"),
    )
    .await;
    seed.snapshot(
        "cooperation_contracts",
        &format!("/cooperations/{old}/contracts?as_of=2024-06-30"),
    )
    .await;
    seed.snapshot(
        "successor_contracts",
        &format!("/cooperations/{successor}/contracts?as_of=2024-07-01"),
    )
    .await;
    seed.snapshot(
        "cooperation_contract_expiries",
        &format!("/cooperations/{old}/contract-expiries?as_of=2024-06-30"),
    )
    .await;
    seed.snapshot(
        "cooperation_contract_expiries_limit_2",
        &format!("/cooperations/{old}/contract-expiries?as_of=2024-06-30&limit=2"),
    )
    .await;
    for (party, day) in [("0136", "2024-06-30"), ("0192", "2024-07-01")] {
        seed.snapshot(
            &format!("party_{party}_contracts_{day}"),
            &format!("/parties/{party}/contracts?as_of={day}"),
        )
        .await;
        seed.snapshot(
            &format!("party_{party}_obligations_{day}"),
            &format!("/parties/{party}/obligations?as_of={day}"),
        )
        .await;
    }
    seed.snapshot(
        "cooperation_obligations",
        &format!("/cooperations/{old}/obligations?as_of=2024-06-30"),
    )
    .await;
    seed.snapshot(
        "successor_obligations",
        &format!("/cooperations/{successor}/obligations?as_of=2024-07-01"),
    )
    .await;
    seed.snapshot(
        "cooperation_transitions",
        &format!("/cooperations/{old}/transitions?as_of=2024-07-01"),
    )
    .await;
    let plan_lists: [&[&str]; 2] = [
        &["plan", "contract_dispositions"],
        &["plan", "obligation_mappings"],
    ];
    seed.snapshot_sorting(
        "transition_plan",
        &format!("/transitions/{transition}?as_of=2024-06-30"),
        &plan_lists,
    )
    .await;
    seed.snapshot(
        "transition_plan_known_at_30",
        &format!("/transitions/{transition}?as_of=2024-06-30&known_at=30"),
    )
    .await;
    seed.snapshot_sorting(
        "transition_readiness",
        &format!("/transitions/{transition}/readiness?as_of=2024-06-30"),
        &[&["readiness", "contracts_expiring_near_effective_date"]],
    )
    .await;
    seed.snapshot(
        "transition_arrangement_before",
        &format!("/transitions/{transition}/arrangement?as_of=2024-06-30"),
    )
    .await;
    seed.snapshot(
        "transition_arrangement_after",
        &format!("/transitions/{transition}/arrangement?as_of=2024-07-01"),
    )
    .await;
    seed.snapshot(
        "history_of_the_transition",
        &format!("/audit/history/{transition}?as_of=2024-07-01&limit=20"),
    )
    .await;
}

/// Seed 004 (Inköpsnämnden), whose plan to contract-based cooperation from 2027-01-01 cannot yet
/// be carried out: the plan, what blocks it, the budget's cost shares and the documents.
#[tokio::test]
async fn the_answers_about_seed_004_are_unchanged() {
    let seed = SnapshotSeed::import("004-inkopsnamnden", "seed_004").await;
    let cooperation = seed.id("inkopssamverkan");
    let committee = seed.id("inkopsnamnden");
    let transition = seed.id("avtalssamverkan-fran-2027");
    let agreement = seed.id("samverkansavtalet");

    seed.snapshot(
        "transition_plan",
        &format!("/transitions/{transition}?as_of=2026-06-30"),
    )
    .await;
    let readiness_lists: [&[&str]; 2] = [
        &["readiness", "obligations_without_mapping"],
        &["readiness", "reasons"],
    ];
    seed.snapshot_sorting(
        "transition_readiness",
        &format!("/transitions/{transition}/readiness?as_of=2026-06-30"),
        &readiness_lists,
    )
    .await;
    seed.snapshot_sorting(
        "transition_readiness_on_the_effective_date",
        &format!("/transitions/{transition}/readiness?as_of=2027-01-01"),
        &readiness_lists,
    )
    .await;
    seed.snapshot(
        "transition_arrangement",
        &format!("/transitions/{transition}/arrangement?as_of=2026-06-30"),
    )
    .await;
    seed.snapshot(
        "cooperation_transitions",
        &format!("/cooperations/{cooperation}/transitions?as_of=2026-06-30"),
    )
    .await;
    seed.snapshot(
        "cost_shares_2025",
        &format!("/cooperations/{cooperation}/budgets/2025/cost-shares?as_of=2025-06-30"),
    )
    .await;
    seed.snapshot(
        "body_membership",
        &format!("/bodies/{committee}/membership?as_of=2026-12-31"),
    )
    .await;
    seed.snapshot(
        "cooperation_obligations",
        &format!("/cooperations/{cooperation}/obligations?as_of=2025-06-30"),
    )
    .await;
    seed.snapshot(
        "cooperation_documents",
        &format!("/cooperations/{cooperation}/documents?as_of=2025-06-30"),
    )
    .await;
    seed.snapshot(
        "document_amendments",
        &format!("/documents/{agreement}/amendments?as_of=2025-06-30"),
    )
    .await;
    seed.snapshot(
        "cooperation_timeline",
        &format!("/cooperations/{cooperation}/timeline?as_of=2026-06-30"),
    )
    .await;
}
