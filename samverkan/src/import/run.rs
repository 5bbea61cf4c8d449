//! Imports a scenario all or nothing: the steps are rehearsed through the HTTP API in a scratch
//! database holding a copy of the register's log, and only when every step succeeded are the
//! events they wrote appended to the register, in one transaction, with the record of the import.
//!
//! Rehearsing through the API means that every step is decided exactly as a request would be:
//! the same validation, the same facts looked up, the same rules. The scratch database starts
//! from the register's own events, so the facts a step looks up are the register's.

use std::collections::{BTreeMap, BTreeSet};
use std::num::NonZeroU32;

use axum::body::{to_bytes, Body};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::{Method, Request, StatusCode};
use axum::Router;
use domain::scenario::{
    RecordScenarioImport, ScenarioImport, ScenarioImportCommand, ScenarioImportEvent,
};
use eventlog::{
    append_events, copy_log, lock_head, EventJson, FirstEvent, LogIndex, LogReader, NewEvent,
    Position, RecordedEvent,
};
use futures::TryStreamExt;
use serde_json::{Map, Value};
use sqlx::PgPool;
use tower::ServiceExt;
use uuid::Uuid;

use super::scenario::{Bindings, Scenario};
use super::ImportError;
use api::{app, AppState, HttpSettings};
use register::access::{Role, TokenStore};
use register::database::{in_scratch_database, BootstrapOptions};
use register::{Actor, Register};

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportOutcome {
    /// Every step was written, with the record of the import last.
    Imported {
        events: u64,
        first_position: Position,
        last_position: Position,
        /// The id the register gave what each keyed step created, by key.
        created: BTreeMap<String, String>,
    },
    /// The scenario was imported from this very file before: nothing was written.
    AlreadyImported { position: Position },
}

/// How many rehearsed rows are read back at a time.
const REHEARSAL_PAGE: NonZeroU32 = NonZeroU32::MIN.saturating_add(999);

/// Imports `scenario` into the register at `pool` in the name of `actor`.
pub async fn import(
    bootstrap: &BootstrapOptions,
    pool: &PgPool,
    scenario: &Scenario,
    actor: Actor,
) -> Result<ImportOutcome, ImportError> {
    if let Some(position) = earlier_import(pool, scenario).await? {
        return Ok(ImportOutcome::AlreadyImported { position });
    }
    let head = LogReader::new(pool.clone()).head().await?.position;
    let ((rows, created), _) = in_scratch_database(bootstrap, "samverkan_import", 4, |scratch| {
        let actor = actor.clone();
        async move {
            copy_log(pool, &scratch, head).await?;
            let created = rehearse(&scratch, scenario).await?;
            Register::new(eventlog::EventLog::new(scratch.clone()), actor.clone())
                .execute::<ScenarioImport>(
                    &scenario.name,
                    ScenarioImportCommand::Record(RecordScenarioImport {
                        scenario: scenario.name.clone(),
                        title: scenario.title.clone(),
                        sha256: scenario.sha256.clone(),
                        steps: u32::try_from(scenario.steps.len()).unwrap_or(u32::MAX),
                        created: created.clone(),
                    }),
                )
                .await
                .map_err(|error| ImportError::Record(error.to_string()))?;
            Ok::<_, ImportError>((rows_after(&scratch, head, &actor).await?, created))
        }
    })
    .await?;
    append(pool, head, &rows, created).await
}

/// The position of an earlier import of the same scenario from the same file; an earlier import
/// from another file is refused, because a changed scenario would be laid over the old one.
async fn earlier_import(
    pool: &PgPool,
    scenario: &Scenario,
) -> Result<Option<Position>, ImportError> {
    let earlier = LogIndex::new(pool.clone())
        .first_event(<ScenarioImport as cqrs_es::Aggregate>::TYPE, &scenario.name)
        .await?;
    let Some(FirstEvent { position, payload }) = earlier else {
        return Ok(None);
    };
    let ScenarioImportEvent::ScenarioImported(earlier) =
        serde_json::from_str(&payload).map_err(|error| ImportError::Record(error.to_string()))?;
    if earlier.sha256 == scenario.sha256 {
        Ok(Some(position))
    } else {
        Err(ImportError::ImportedFromAnotherFile {
            scenario: scenario.name.clone(),
            sha256: earlier.sha256,
            position,
        })
    }
}

/// Runs every step through the API against the scratch database, as an administrator and, for
/// what only a body's secretary records, as the secretary of every body the log holds, and
/// returns the ids the register gave what keyed steps created. The importer rehearses in a
/// scratch database; the end-to-end suite runs a scenario's first steps against a test's own
/// database, so that its set-ups come from `data/scenarios` rather than being written again.
pub async fn rehearse(
    scratch: &PgPool,
    scenario: &Scenario,
) -> Result<BTreeMap<String, String>, ImportError> {
    let router = app(AppState::new(scratch.clone(), HttpSettings::default()));
    let tokens = TokenStore::new(scratch.clone());
    let administrator = tokens
        .create(Role::Administrator, &[], Some("samverkan import"))
        .await?
        .secret;
    let mut secretary: Option<(BTreeSet<Uuid>, String)> = None;
    let mut bindings = Bindings::new(&scenario.name);
    for (index, step) in scenario.steps.iter().enumerate() {
        let (path, body) = bindings.resolve(step);
        let mut reply = send(&router, &path, &body, &administrator).await?;
        if reply.0 == StatusCode::FORBIDDEN {
            let bodies = bodies(scratch).await?;
            if secretary.as_ref().is_none_or(|(scope, _)| *scope != bodies) {
                let scope: Vec<Uuid> = bodies.iter().copied().collect();
                let created = tokens
                    .create(Role::Secretary, &scope, Some("samverkan import"))
                    .await?;
                secretary = Some((bodies, created.secret));
            }
            if let Some((_, secret)) = &secretary {
                reply = send(&router, &path, &body, secret).await?;
            }
        }
        let (status, answer) = reply;
        if status.is_success() {
            if let Some(key) = &step.key {
                bindings.bind(key, text(&answer, "id"));
            }
            continue;
        }
        return Err(ImportError::StepRefused {
            step: index,
            post: step.written_path.clone(),
            status: status.as_u16(),
            detail: text(&answer, "detail"),
            errors: answer["errors"]
                .as_array()
                .map(|errors| {
                    errors
                        .iter()
                        .map(|error| format!("{} ({})", text(error, "field"), text(error, "rule")))
                        .collect()
                })
                .unwrap_or_default(),
        });
    }
    Ok(bindings.created())
}

fn text(value: &Value, field: &str) -> String {
    value[field].as_str().unwrap_or_default().to_owned()
}

/// One step sent to the API with `secret`: the status and the answer, as JSON when it is.
async fn send(
    router: &Router,
    path: &str,
    body: &Value,
    secret: &str,
) -> Result<(StatusCode, Value), ImportError> {
    let request = Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(AUTHORIZATION, format!("Bearer {secret}"))
        .header(CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .map_err(|error| ImportError::Record(error.to_string()))?;
    let response = router
        .clone()
        .oneshot(request)
        .await
        .map_err(|error| ImportError::Record(error.to_string()))?;
    let status = response.status();
    let bytes = to_bytes(response.into_body(), usize::MAX)
        .await
        .map_err(|error| ImportError::Record(error.to_string()))?;
    Ok((
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    ))
}

/// Every body the scratch log has established, for the secretary's scope.
async fn bodies(scratch: &PgPool) -> Result<BTreeSet<Uuid>, ImportError> {
    let ids = LogIndex::new(scratch.clone())
        .streams_of_type(<domain::body::Body as cqrs_es::Aggregate>::TYPE)
        .await?;
    Ok(ids.iter().filter_map(|id| id.parse().ok()).collect())
}

/// The rows the rehearsal appended after `head`, each recorded in the name of `actor`: the
/// scratch database's tokens exist nowhere else, so the events name who imported them.
async fn rows_after(
    scratch: &PgPool,
    head: Position,
    actor: &Actor,
) -> Result<Vec<NewEvent>, ImportError> {
    let actor_metadata = actor.metadata_fields();
    let reader = LogReader::new(scratch.clone());
    let recorded: Vec<RecordedEvent> = reader
        .stream(head.next(), None, REHEARSAL_PAGE)
        .try_collect()
        .await?;
    recorded
        .into_iter()
        .map(|event| {
            let mut fields: Map<String, Value> = serde_json::from_str(&event.metadata)
                .map_err(|error| ImportError::Record(error.to_string()))?;
            // The rehearsal's request ids and keys answered no request of the register's.
            fields.remove("request_id");
            fields.remove("idempotency_key");
            for (name, value) in &actor_metadata {
                fields.insert(name.clone(), Value::String(value.clone()));
            }
            Ok(NewEvent {
                aggregate_type: event.aggregate_type,
                aggregate_id: event.aggregate_id,
                sequence: event.sequence,
                event_type: event.event_type,
                event_version: event.event_version,
                json: EventJson::Verbatim {
                    payload: event.payload,
                    metadata: Value::Object(fields).to_string(),
                },
            })
        })
        .collect()
}

/// Appends the rehearsed rows in one transaction, provided nothing was appended to the register
/// since the rehearsal copied it: otherwise the facts the steps looked up may have changed.
async fn append(
    pool: &PgPool,
    head: Position,
    rows: &[NewEvent],
    created: BTreeMap<String, String>,
) -> Result<ImportOutcome, ImportError> {
    let mut transaction = pool.begin().await?;
    let current = lock_head(&mut transaction).await?;
    if current != head {
        return Err(ImportError::RegisterMovedOn {
            rehearsed_at: head,
            now: current.as_stored(),
        });
    }
    let positions = append_events(&mut transaction, rows).await?;
    transaction.commit().await?;
    Ok(ImportOutcome::Imported {
        events: rows.len() as u64,
        first_position: positions.first().copied().unwrap_or(head),
        last_position: positions.last().copied().unwrap_or(head),
        created,
    })
}
