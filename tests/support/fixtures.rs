//! Commands and helpers shared by the suites.

use chrono::NaiveDate;
use domain::cooperation::{
    AdmitParty, Cooperation, CooperationCommand, CooperationForm, EstablishCooperation,
};
use domain::{LegalBasis, PartyCode};
use eventlog::{command_bus, CommandBus, LogReader, Position, RecordedEvent};
use futures::TryStreamExt;
use sqlx::PgPool;
use std::num::NonZeroU32;
use uuid::Uuid;

pub fn code(code: &str) -> PartyCode {
    PartyCode::parse(code).unwrap()
}

pub fn date(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

pub fn basis() -> LegalBasis {
    LegalBasis::ExternalDecision {
        issuer: "Kommunfullmäktige Mora".into(),
        decided_on: date("2019-11-25"),
        reference: Some("§ 123".into()),
        registry_number: Some("KS 2019/456".into()),
    }
}

/// Mora as host, with Orsa and Älvdalen (seed 002).
/// The body of `POST /api/v1/cooperations` for a joint committee of Mora (host) and Orsa,
/// named `name`, resting on Mora's council's decision.
pub fn cooperation_request(name: &str) -> serde_json::Value {
    serde_json::json!({
        "name": name,
        "form": "joint_committee",
        "host": "2062",
        "parties": ["2062", "2034"],
        "established_on": "2020-01-01",
        "predecessor": null,
        "basis": {
            "kind": "external_decision",
            "issuer": "Kommunfullmäktige Mora",
            "decided_on": "2019-11-25",
            "reference": "§ 123",
            "registry_number": "KS 2019/456"
        }
    })
}

pub fn establish_mora_cooperation() -> CooperationCommand {
    CooperationCommand::Establish(EstablishCooperation {
        name: "Upphandlingssamverkan Mora, Orsa och Älvdalen".into(),
        form: CooperationForm::HostRunCentralPurchasingBody,
        host: code("2062"),
        parties: vec![code("2062"), code("2034"), code("2039")],
        established_on: date("2020-01-01"),
        predecessor: None,
        bases: basis().into(),
    })
}

pub fn admit(party: &str) -> CooperationCommand {
    CooperationCommand::AdmitParty(AdmitParty {
        party: code(party),
        joins_on: date("2021-01-01"),
        basis: basis(),
    })
}

pub fn bus(pool: &PgPool) -> CommandBus<Cooperation> {
    command_bus::<Cooperation>(&eventlog::EventLog::new(pool.clone()), ())
}

/// Establishes `count` cooperations, one event each, and returns their ids.
pub async fn append_events(pool: &PgPool, count: usize) -> Vec<String> {
    let bus = bus(pool);
    let mut ids = Vec::with_capacity(count);
    for _ in 0..count {
        let id = Uuid::new_v4().to_string();
        bus.execute(&id, establish_mora_cooperation())
            .await
            .unwrap();
        ids.push(id);
    }
    ids
}

/// The whole log, read through the log reader.
pub async fn read_all(pool: &PgPool) -> Vec<RecordedEvent> {
    let reader = LogReader::new(pool.clone());
    reader
        .stream(Position::GENESIS, None, NonZeroU32::new(100).unwrap())
        .try_collect()
        .await
        .unwrap()
}

pub fn position(value: u64) -> Position {
    Position::new(value).unwrap()
}

pub fn positions(events: &[RecordedEvent]) -> Vec<u64> {
    events.iter().map(|event| event.position.get()).collect()
}

/// Brings every read model of the database up to the head of the log, creating them first, as
/// the server's projection runner does.
pub async fn project(pool: &PgPool) {
    let runner = projections::ProjectionRunner::new(pool.clone());
    runner.prepare().await.unwrap();
    runner.catch_up_all().await.unwrap();
}

/// Establishes a body of its own cooperation and returns its id and the position written.
pub async fn establish_body(register: &register::Register, name: &str) -> (Uuid, Position) {
    let body_id = Uuid::new_v4();
    let written = register
        .execute::<domain::body::Body>(
            &body_id.to_string(),
            domain::body::BodyCommand::Establish(domain::body::EstablishBody {
                cooperation_id: Uuid::new_v4(),
                cooperation_established_on: date("2020-01-01"),
                kind: domain::body::BodyKind::Committee,
                name: name.into(),
                established_on: date("2020-01-01"),
                basis: basis(),
            }),
        )
        .await
        .unwrap();
    (body_id, written)
}

/// The register as the suites record with: in the name of an operator called "tests".
pub fn register(pool: &PgPool) -> register::Register {
    register::Register::new(
        eventlog::EventLog::new(pool.clone()),
        register::Actor::operator("tests"),
    )
}

/// Appends `event` to the stream `aggregate_type`/`aggregate_id` at `sequence` through the log's
/// own trigger, as a stored event like any other, without asking the domain whether it may: for
/// tests of how read models take a log the register would not write.
pub async fn append_stored<E: cqrs_es::DomainEvent>(
    pool: &PgPool,
    aggregate_type: &str,
    aggregate_id: &str,
    sequence: i64,
    event: &E,
) {
    sqlx::query(
        "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version,
                             payload, metadata)
         VALUES ($1, $2, $3, $4, $5, $6::json, '{}')",
    )
    .bind(aggregate_type)
    .bind(aggregate_id)
    .bind(sequence)
    .bind(event.event_type())
    .bind(event.event_version())
    .bind(serde_json::to_string(event).unwrap())
    .execute(pool)
    .await
    .unwrap();
}
