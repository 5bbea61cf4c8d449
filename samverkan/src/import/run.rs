//! Imports a scenario all or nothing: the steps are rehearsed through the HTTP API in a scratch
//! database holding a copy of the register's log, and only when every step succeeded are the
//! events they wrote appended to the register, in one transaction, with the record of the import.
//!
//! Rehearsing through the API means that every step is decided exactly as a request would be:
//! the same validation, the same facts looked up, the same rules. The scratch database starts
//! from the register's own events, so the facts a step looks up are the register's.

use std::collections::{BTreeMap, BTreeSet};

use axum::body::{to_bytes, Body};
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE};
use axum::http::{Method, Request, StatusCode};
use axum::Router;
use domain::scenario::{
    RecordScenarioImport, ScenarioImport, ScenarioImportCommand, ScenarioImportEvent,
};
use eventlog::{LogReader, Position};
use futures::TryStreamExt;
use serde_json::{Map, Value};
use sqlx::{PgPool, Row};
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

/// The rows a rehearsal wrote, as they are to be appended to the register.
struct RehearsedRow {
    aggregate_type: String,
    aggregate_id: String,
    sequence: i64,
    event_type: String,
    event_version: String,
    payload: String,
    metadata: String,
}

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
            Register::new(scratch.clone(), actor.clone())
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
    let row = sqlx::query(
        "SELECT position, payload::text AS payload FROM events
          WHERE aggregate_type = $1 AND aggregate_id = $2 AND sequence = 1",
    )
    .bind(<ScenarioImport as cqrs_es::Aggregate>::TYPE)
    .bind(&scenario.name)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let position = Position::from_stored(row.try_get("position")?)
        .map_err(|error| ImportError::Record(error.to_string()))?;
    let payload: String = row.try_get("payload")?;
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

/// Copies the register's events up to `head` into the scratch database, where the append
/// trigger gives them the same positions.
async fn copy_log(pool: &PgPool, scratch: &PgPool, head: Position) -> Result<(), ImportError> {
    const COLUMNS: &str =
        "aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata";
    let mut source = pool.acquire().await?;
    let mut target = scratch.acquire().await?;
    let mut rows = source
        .copy_out_raw(&format!(
            "COPY (SELECT {COLUMNS} FROM events WHERE position <= {} ORDER BY position) TO STDOUT",
            head.as_stored()
        ))
        .await?;
    let mut copy = target
        .copy_in_raw(&format!("COPY events ({COLUMNS}) FROM STDIN"))
        .await?;
    while let Some(chunk) = rows.try_next().await? {
        copy.send(chunk).await?;
    }
    copy.finish().await?;
    Ok(())
}

/// Runs every step through the API against the scratch database, as an administrator and, for
/// what only a body's secretary records, as the secretary of every body the log holds.
async fn rehearse(
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
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT aggregate_id FROM events WHERE aggregate_type = 'Body'",
    )
    .fetch_all(scratch)
    .await?;
    Ok(ids.iter().filter_map(|id| id.parse().ok()).collect())
}

/// The rows the rehearsal appended after `head`, each recorded in the name of `actor`: the
/// scratch database's tokens exist nowhere else, so the events name who imported them.
async fn rows_after(
    scratch: &PgPool,
    head: Position,
    actor: &Actor,
) -> Result<Vec<RehearsedRow>, ImportError> {
    let rows = sqlx::query(
        "SELECT aggregate_type, aggregate_id, sequence, event_type, event_version,
                payload::text AS payload, metadata::text AS metadata
           FROM events WHERE position > $1 ORDER BY position",
    )
    .bind(head.as_stored())
    .fetch_all(scratch)
    .await?;
    let actor_metadata = actor.metadata_fields();
    rows.iter()
        .map(|row| {
            let metadata: String = row.try_get("metadata")?;
            let mut fields: Map<String, Value> = serde_json::from_str(&metadata)
                .map_err(|error| ImportError::Record(error.to_string()))?;
            // The rehearsal's request ids and keys answered no request of the register's.
            fields.remove("request_id");
            fields.remove("idempotency_key");
            for (name, value) in &actor_metadata {
                fields.insert(name.clone(), Value::String(value.clone()));
            }
            Ok(RehearsedRow {
                aggregate_type: row.try_get("aggregate_type")?,
                aggregate_id: row.try_get("aggregate_id")?,
                sequence: row.try_get("sequence")?,
                event_type: row.try_get("event_type")?,
                event_version: row.try_get("event_version")?,
                payload: row.try_get("payload")?,
                metadata: Value::Object(fields).to_string(),
            })
        })
        .collect()
}

/// Appends the rehearsed rows in one transaction, provided nothing was appended to the register
/// since the rehearsal copied it: otherwise the facts the steps looked up may have changed.
async fn append(
    pool: &PgPool,
    head: Position,
    rows: &[RehearsedRow],
    created: BTreeMap<String, String>,
) -> Result<ImportOutcome, ImportError> {
    let mut transaction = pool.begin().await?;
    let current: i64 = sqlx::query_scalar("SELECT position FROM event_log_head FOR UPDATE")
        .fetch_one(&mut *transaction)
        .await?;
    if current != head.as_stored() {
        return Err(ImportError::RegisterMovedOn {
            rehearsed_at: head,
            now: current,
        });
    }
    let mut positions = Vec::with_capacity(rows.len());
    for row in rows {
        let position: i64 = sqlx::query_scalar(
            "INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version,
                                 payload, metadata)
             VALUES ($1, $2, $3, $4, $5, $6::json, $7::json)
             RETURNING position",
        )
        .bind(&row.aggregate_type)
        .bind(&row.aggregate_id)
        .bind(row.sequence)
        .bind(&row.event_type)
        .bind(&row.event_version)
        .bind(&row.payload)
        .bind(&row.metadata)
        .fetch_one(&mut *transaction)
        .await?;
        positions.push(position);
    }
    transaction.commit().await?;
    let position = |stored: Option<&i64>| {
        stored
            .copied()
            .and_then(|stored| Position::from_stored(stored).ok())
            .unwrap_or(head)
    };
    Ok(ImportOutcome::Imported {
        events: rows.len() as u64,
        first_position: position(positions.first()),
        last_position: position(positions.last()),
        created,
    })
}
