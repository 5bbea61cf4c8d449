//! What every command endpoint shares: the caller's register, `If-Match`, the receipt, and how
//! the register's refusals become problems.

use axum::extract::FromRequestParts;
use axum::http::header::{IF_MATCH, LOCATION};
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use cqrs_es::Aggregate;
use domain::{CitesBasis, RuleViolation};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::auth::Caller;
use super::problem::ApiError;
use super::reading::Clock;
use super::request_id::REQUEST_ID_HEADER;
use super::AppState;
use register::access::Token;
use register::{
    Actor, CommandOf, Gather, Register, RegisterError, RequestTrace, RuleErrorOf, Written,
};

pub const IDEMPOTENCY_KEY_HEADER: HeaderName = HeaderName::from_static("idempotency-key");

/// The namespace of the ids a request under an `Idempotency-Key` gives what it creates (a
/// version 5 UUID of the token and the key). Changing it would give a retry another id than its
/// first attempt, so it never changes.
const IDEMPOTENT_RESOURCE_IDS: Uuid = Uuid::from_u128(0x5a3c_1f0e_7b2d_4c86_9e41_d07a_6b38_f215);

/// Marks a request that took over an `Idempotency-Key` whose first attempt was never answered
/// (see [`crate::idempotency`]).
#[derive(Debug, Clone, Copy)]
pub struct UnansweredAttempt;

/// What a command wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[schema(example = json!({
    "id": "6f1c2b9e-8d0a-4c51-9a3e-2b7d4e5f6a70",
    "position": 1042,
    "version": 3
}))]
pub struct Receipt {
    /// The id of the resource the command created or changed (a party's code for a party).
    pub id: String,
    /// The log position written. Pass it as `min_position` to read this write.
    pub position: u64,
    /// How many events the resource's stream holds now. Send it as `If-Match` with the next
    /// command on the resource to have that command refused if someone else wrote in between.
    pub version: u64,
}

/// A command's answer: 201 with the receipt for a new resource, 200 for a change, and the
/// resource's address in `Location` either way.
#[derive(Debug)]
pub struct Recorded {
    status: StatusCode,
    location: String,
    receipt: Receipt,
}

impl Recorded {
    pub fn created(location: String, id: impl ToString, written: Written) -> Recorded {
        Recorded::with_status(StatusCode::CREATED, location, id, written)
    }

    pub fn changed(location: String, id: impl ToString, written: Written) -> Recorded {
        Recorded::with_status(StatusCode::OK, location, id, written)
    }

    fn with_status(
        status: StatusCode,
        location: String,
        id: impl ToString,
        written: Written,
    ) -> Recorded {
        Recorded {
            status,
            location,
            receipt: Receipt {
                id: id.to_string(),
                position: written.position.get(),
                version: written.version,
            },
        }
    }
}

impl IntoResponse for Recorded {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(self.receipt)).into_response();
        match HeaderValue::from_str(&self.location) {
            Ok(location) => {
                response.headers_mut().insert(LOCATION, location);
            }
            Err(error) => tracing::error!(%error, location = self.location, "unwritable Location"),
        }
        response
    }
}

/// The parts of a command request that are not its body: who calls, in answer to which request,
/// and from which version of the resource.
#[derive(Debug, Clone)]
pub struct Writing {
    pub caller: Caller,
    trace: RequestTrace,
    expected_version: Option<u64>,
    log: eventlog::EventLog,
    /// The state's clock, for the commands whose rules turn on today (a plan's steps are viewed,
    /// and a transition is carried out, on the server's day).
    clock: Clock,
    /// Whether this request retries one under the same `Idempotency-Key` whose first attempt
    /// was never answered: the register then answers with what that attempt wrote, if anything.
    retries_unanswered_attempt: bool,
}

impl FromRequestParts<AppState> for Writing {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Writing, ApiError> {
        let caller = Caller::from_request_parts(parts, state).await?;
        let header = |name: &HeaderName| {
            parts
                .headers
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
        };
        let expected_version = header(&IF_MATCH)
            .map(|value| parse_if_match(&value))
            .transpose()?;
        Ok(Writing {
            caller,
            trace: RequestTrace {
                request_id: header(&REQUEST_ID_HEADER),
                idempotency_key: header(&IDEMPOTENCY_KEY_HEADER),
            },
            expected_version,
            log: state.log.clone(),
            clock: state.clock,
            retries_unanswered_attempt: parts.extensions.get::<UnansweredAttempt>().is_some(),
        })
    }
}

/// `If-Match` holds a stream version, bare or as an entity tag: `3` or `"3"`.
fn parse_if_match(value: &str) -> Result<u64, ApiError> {
    value
        .trim()
        .trim_matches('"')
        .parse()
        .map_err(|_| ApiError::MalformedParameter {
            parameter: "If-Match".to_owned(),
            reason: format!("{value:?} is not a version: send the `version` of a receipt"),
        })
}

impl Writing {
    /// The version the caller sent as `If-Match`, for commands written through the register's
    /// own methods rather than [`Writing::execute`].
    pub fn expected_version(&self) -> Option<u64> {
        self.expected_version
    }

    /// Today by the state's clock, so that a test that fixes the day fixes it for commands too.
    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.today()
    }

    /// The register, recording in the name of `token`.
    /// The token of a secretary scoped to `body_id`. A refusal names the body by its name as
    /// the register holds it, which is looked up only then.
    pub async fn secretary_of(&self, body_id: Uuid) -> Result<&Token, ApiError> {
        let unnamed = format!("body {body_id}");
        if let Ok(token) = self.caller.secretary_of(body_id, &unnamed) {
            return Ok(token);
        }
        let reader = self.caller.reader()?;
        // The refusal stands whether or not the name can be read; it only reads less well.
        let named = match self.register(reader).body_name(body_id).await {
            Ok(Some(name)) => Some(format!("{name} ({body_id})")),
            Ok(None) | Err(_) => None,
        };
        self.caller
            .secretary_of(body_id, named.as_deref().unwrap_or(&unnamed))
    }

    pub fn register(&self, token: &Token) -> Register {
        let register =
            Register::new(self.log.clone(), Actor::token(token)).traced(self.trace.clone());
        if self.retries_unanswered_attempt {
            register.answering_unanswered_attempt()
        } else {
            register
        }
    }

    /// The id of the resource this request creates. Under an `Idempotency-Key` it follows from
    /// the token and the key, so that the retry of an attempt that was never answered names the
    /// resource the first attempt created, and answers with it rather than creating another.
    pub fn new_id(&self) -> Uuid {
        match (&self.caller, &self.trace.idempotency_key) {
            (Caller::Token(token), Some(key)) => {
                let name = format!("{}\n{key}", token.id);
                Uuid::new_v5(&IDEMPOTENT_RESOURCE_IDS, name.as_bytes())
            }
            _ => Uuid::new_v4(),
        }
    }

    /// Executes a command that creates or extends stream `stream_id` of `A`.
    pub async fn execute<A>(
        &self,
        token: &Token,
        stream_id: &str,
        command: A::Command,
    ) -> Result<Written, ApiError>
    where
        A: Aggregate<Services = ()> + 'static,
        A::Command: CitesBasis,
        A::Error: RuleViolation,
    {
        let register = self.register(token);
        let written = register
            .execute_at_version::<A>(stream_id, command, self.expected_version)
            .await;
        self.answer::<A>(&register, stream_id, written).await
    }

    /// Sends `request` to the register, addressed to `address`: the register gathers the facts
    /// the request needs and executes the command it becomes. The handler only shapes the answer.
    pub async fn submit<R>(
        &self,
        token: &Token,
        address: R::Address,
        request: R,
    ) -> Result<Written, ApiError>
    where
        R: Gather,
        CommandOf<R>: CitesBasis,
        RuleErrorOf<R>: RuleViolation,
    {
        let register = self.register(token);
        let stream_id = request.stream_id(&address);
        let written = register
            .submit(address, request, self.expected_version)
            .await;
        self.answer::<R::Aggregate>(&register, &stream_id, written)
            .await
    }

    /// What a command on stream `stream_id` of `A` answers: a lost race is a conflict that tells
    /// the caller the version to decide again from.
    async fn answer<A>(
        &self,
        register: &Register,
        stream_id: &str,
        written: Result<Written, RegisterError<A::Error>>,
    ) -> Result<Written, ApiError>
    where
        A: Aggregate,
        A::Error: RuleViolation,
    {
        match written {
            Ok(written) => Ok(written),
            Err(RegisterError::Conflict) => {
                let current = register
                    .stream_version::<A, A::Error>(stream_id)
                    .await
                    .map_err(from_register_error)?;
                Err(ApiError::Conflict {
                    detail: "another command on this record was recorded at the same time; \
                             decide again from the current version"
                        .to_owned(),
                    current_version: Some(current),
                })
            }
            Err(error) => Err(from_register_error(error)),
        }
    }

    /// Executes a command on a resource that must already exist: an unknown id is a 404, not a
    /// broken rule, because it is the address that is wrong rather than the command.
    pub async fn execute_existing<A>(
        &self,
        token: &Token,
        resource: &'static str,
        stream_id: &str,
        command: A::Command,
    ) -> Result<Written, ApiError>
    where
        A: Aggregate<Services = ()> + 'static,
        A::Command: CitesBasis,
        A::Error: RuleViolation,
    {
        let register = self.register(token);
        let written = register
            .execute_addressed::<A>(resource, stream_id, command, self.expected_version)
            .await;
        self.answer::<A>(&register, stream_id, written).await
    }
}

/// Answers 404 unless the register has recorded at least one event of the `A` stream `id`. For
/// the read endpoints only: a command's address is checked by the register.
///
/// A resource counts as known when its stream exists in the log at all, not only at `known_at`
/// or on `as_of`: a body read on a day before it was established, or as known before it was
/// recorded, exists all the same, and its answer is simply empty for that moment.
pub async fn require_recorded<A: Aggregate>(
    pool: &sqlx::PgPool,
    resource: &'static str,
    id: &str,
) -> Result<(), ApiError> {
    let recorded = eventlog::LogIndex::new(pool.clone())
        .stream_exists(A::TYPE, id)
        .await
        .map_err(|error| ApiError::failed(&error))?;
    if recorded {
        Ok(())
    } else {
        Err(ApiError::NotFound {
            resource,
            id: id.to_owned(),
        })
    }
}

/// How the register's refusals read over HTTP.
pub fn from_register_error<E: RuleViolation>(error: RegisterError<E>) -> ApiError {
    match error {
        RegisterError::Rule(rule) => ApiError::rule(rule.field(), rule.rule(), rule.to_string()),
        RegisterError::UnknownDecision { ref field, .. } => ApiError::rule(
            field.clone(),
            "basis.cites_a_recorded_decision",
            error.to_string(),
        ),
        RegisterError::DecisionIdTaken { .. } => ApiError::Conflict {
            detail: error.to_string(),
            current_version: None,
        },
        RegisterError::UnknownMeeting { meeting_id } => ApiError::NotFound {
            resource: "meeting",
            id: meeting_id.to_string(),
        },
        RegisterError::UnknownBody { .. } => {
            ApiError::rule("body_id", "body.is_recorded", error.to_string())
        }
        RegisterError::UnknownCooperation { ref field, .. } => {
            ApiError::rule(field.clone(), "cooperation.is_recorded", error.to_string())
        }
        RegisterError::UnrecordedBody { ref field, .. } => {
            ApiError::rule(field.clone(), "body.is_recorded", error.to_string())
        }
        RegisterError::UnknownDocument { ref field, .. }
        | RegisterError::UnknownPlan { ref field, .. } => {
            ApiError::rule(field.clone(), "document.is_recorded", error.to_string())
        }
        RegisterError::UnknownObligation { ref field, .. } => {
            ApiError::rule(field.clone(), "obligation.is_recorded", error.to_string())
        }
        RegisterError::UnknownContract { ref field, .. } => {
            ApiError::rule(field.clone(), "contract.is_recorded", error.to_string())
        }
        RegisterError::UnknownResource { resource, id } => ApiError::NotFound { resource, id },
        RegisterError::BodyNotInExistence { .. } => {
            ApiError::rule("date", "meeting.body_exists_on_date", error.to_string())
        }
        RegisterError::NoSeatPlan { .. } => {
            ApiError::rule("roll", "meeting.body_has_a_seat_plan", error.to_string())
        }
        RegisterError::ConsequenceRefused {
            aggregate_type,
            ref stream_id,
            ref field,
            rule,
            ..
        } => ApiError::rule(
            format!("consequences.{aggregate_type}.{stream_id}.{field}"),
            rule,
            error.to_string(),
        ),
        RegisterError::Conflict => ApiError::Conflict {
            detail: error.to_string(),
            current_version: None,
        },
        RegisterError::StaleVersion { current, .. } => ApiError::Conflict {
            detail: error.to_string(),
            current_version: Some(current),
        },
        RegisterError::Store(failure) => ApiError::failed(&failure),
    }
}
