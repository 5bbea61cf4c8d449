//! The typed index of the log: every question the register, the API and the importer ask of
//! `events` directly, each one statement.
//!
//! A command must see every event committed before it, which a read model that lags by a batch
//! cannot promise, so the facts a command carries are looked up here. Lookups that read a
//! payload name the JSON path of the domain's serialisation of that event; the migration that
//! indexes it uses the same expression, and `tests/event_lookups.rs` holds all three together:
//! it records the event through the domain, finds it with the lookup, and checks that the
//! planner answers from the index.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::PgPool;
use uuid::Uuid;

use crate::Position;

/// Why a lookup gave no answer.
#[derive(Debug, thiserror::Error)]
pub enum LookupError {
    #[error("the event log could not be read: {0}")]
    Database(#[from] sqlx::Error),
    #[error("the event log holds a value out of range: {0}")]
    Position(#[from] crate::PositionOutOfRange),
}

/// An event written under an idempotency key: where it stands and what it says.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyedEvent {
    pub position: Position,
    /// The event's sequence in its stream: the stream's version once it was written.
    pub version: u64,
    pub payload: serde_json::Value,
}

/// The streams whose establishing or correcting event names an id in one of its fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StreamsNaming {
    /// Bodies established in (or corrected into) a cooperation.
    BodiesOfCooperation,
    /// Obligations recorded under (or corrected into) a cooperation.
    ObligationsOfCooperation,
    /// Contracts registered to, corrected into or reassigned to a cooperation.
    ContractsOfCooperation,
    /// Mandates granted to (or corrected onto) a body.
    MandatesOfBody,
    /// The mandate periods (`BODY:FIRST_YEAR` streams) of a body.
    TermsOfBody,
    /// Allocation keys adopted for (or corrected onto) a governing document.
    AllocationKeysOfDocument,
}

impl StreamsNaming {
    pub const ALL: [StreamsNaming; 6] = [
        StreamsNaming::BodiesOfCooperation,
        StreamsNaming::ObligationsOfCooperation,
        StreamsNaming::ContractsOfCooperation,
        StreamsNaming::MandatesOfBody,
        StreamsNaming::TermsOfBody,
        StreamsNaming::AllocationKeysOfDocument,
    ];

    /// The statement, with the id as `$1` in its text form, ordered by stream id.
    pub fn sql(self) -> &'static str {
        match self {
            StreamsNaming::BodiesOfCooperation => BODIES_OF_COOPERATION,
            StreamsNaming::ObligationsOfCooperation => OBLIGATIONS_OF_COOPERATION,
            StreamsNaming::ContractsOfCooperation => CONTRACTS_OF_COOPERATION,
            StreamsNaming::MandatesOfBody => MANDATES_OF_BODY,
            StreamsNaming::TermsOfBody => TERMS_OF_BODY,
            StreamsNaming::AllocationKeysOfDocument => ALLOCATION_KEYS_OF_DOCUMENT,
        }
    }

    /// The indexes of the migrations that answer the statement; empty where the log is small
    /// enough per aggregate type that none was made.
    pub fn indexes(self) -> &'static [&'static str] {
        match self {
            StreamsNaming::BodiesOfCooperation => &[
                "events_body_established_cooperation",
                "events_body_corrected_cooperation",
            ],
            StreamsNaming::ObligationsOfCooperation => &[
                "events_obligation_recorded_cooperation",
                "events_obligation_corrected_cooperation",
            ],
            StreamsNaming::ContractsOfCooperation => &[
                "events_contract_registered_cooperation",
                "events_contract_corrected_cooperation",
                "events_contract_reassigned_cooperation",
            ],
            StreamsNaming::MandatesOfBody => &[
                "events_mandate_granted_body",
                "events_mandate_corrected_body",
            ],
            StreamsNaming::TermsOfBody => &["events_body_term_body"],
            // Allocation keys are few: one per agreement version.
            StreamsNaming::AllocationKeysOfDocument => &[],
        }
    }
}

// Each statement filters on `event_type` as well as the payload path, so that it matches the
// partial indexes of migration 06 exactly.
const BODIES_OF_COOPERATION: &str = "SELECT DISTINCT aggregate_id FROM events
  WHERE aggregate_type = 'Body'
    AND ((event_type = 'BodyEstablished'
          AND payload -> 'BodyEstablished' ->> 'cooperation_id' = $1)
      OR (event_type = 'BodyEstablishmentCorrected'
          AND payload -> 'BodyEstablishmentCorrected' -> 'established' ->> 'cooperation_id' = $1))
  ORDER BY aggregate_id";

const OBLIGATIONS_OF_COOPERATION: &str = "SELECT DISTINCT aggregate_id FROM events
  WHERE aggregate_type = 'Obligation'
    AND ((event_type = 'ObligationRecorded'
          AND payload -> 'ObligationRecorded' ->> 'cooperation_id' = $1)
      OR (event_type = 'ObligationCorrected'
          AND payload -> 'ObligationCorrected' -> 'recorded' ->> 'cooperation_id' = $1))
  ORDER BY aggregate_id";

const CONTRACTS_OF_COOPERATION: &str = "SELECT DISTINCT aggregate_id FROM events
  WHERE aggregate_type = 'Contract'
    AND ((event_type = 'ContractRegistered'
          AND payload -> 'ContractRegistered' ->> 'cooperation_id' = $1)
      OR (event_type = 'ContractCorrected'
          AND payload -> 'ContractCorrected' -> 'registered' ->> 'cooperation_id' = $1)
      OR (event_type = 'ContractReassigned'
          AND payload -> 'ContractReassigned' -> 'holder' ->> 'cooperation_id' = $1))
  ORDER BY aggregate_id";

const MANDATES_OF_BODY: &str = "SELECT DISTINCT aggregate_id FROM events
  WHERE aggregate_type = 'Mandate'
    AND ((event_type = 'MandateGranted'
          AND payload -> 'MandateGranted' -> 'holder' ->> 'body_id' = $1)
      OR (event_type = 'MandateCorrected'
          AND payload -> 'MandateCorrected' -> 'grant' -> 'holder' ->> 'body_id' = $1))
  ORDER BY aggregate_id";

const TERMS_OF_BODY: &str = "SELECT DISTINCT aggregate_id FROM events
  WHERE aggregate_type = 'BodyTerm' AND split_part(aggregate_id, ':', 1) = $1
  ORDER BY aggregate_id";

const ALLOCATION_KEYS_OF_DOCUMENT: &str = "SELECT DISTINCT aggregate_id FROM events
  WHERE aggregate_type = 'AllocationKey'
    AND (payload -> 'AllocationKeyAdopted' ->> 'document_id' = $1
      OR payload -> 'AllocationKeyCorrected' -> 'adopted' ->> 'document_id' = $1)
  ORDER BY aggregate_id";

/// The expressions are those of the unique index `events_decision_paragraph_per_body_and_year`
/// (migration 03), so the latest § is read from the end of the index.
pub const LATEST_PARAGRAPH: &str = "
SELECT (payload -> 'DecisionRecorded' -> 'paragraph' ->> 'number')::integer,
       (payload -> 'DecisionRecorded' ->> 'meeting_on')::date
  FROM events
 WHERE aggregate_type = 'Meeting' AND event_type = 'DecisionRecorded'
   AND payload -> 'DecisionRecorded' ->> 'body_id' = $1
   AND (payload -> 'DecisionRecorded' -> 'paragraph' ->> 'year')::integer = $2
 ORDER BY (payload -> 'DecisionRecorded' -> 'paragraph' ->> 'number')::integer DESC
 LIMIT 1";

/// Every § number a body took in a year, in order, by the same index.
const PARAGRAPH_NUMBERS: &str = "
SELECT (payload -> 'DecisionRecorded' -> 'paragraph' ->> 'number')::integer
  FROM events
 WHERE aggregate_type = 'Meeting' AND event_type = 'DecisionRecorded'
   AND payload -> 'DecisionRecorded' ->> 'body_id' = $1
   AND (payload -> 'DecisionRecorded' -> 'paragraph' ->> 'year')::integer = $2
 ORDER BY 1";

/// A decision of the register: a § (index `events_decision_id`), an external decision (the
/// primary key), or a delegated decision reported under a § as recorded or corrected (the GIN
/// indexes `events_delegated_decisions_recorded` and `…_corrected`).
///
/// The delegated decisions are counted rather than tested with EXISTS on purpose. Under EXISTS
/// the planner expects a match early in a sequential scan and reads the whole log when, as almost
/// always, there is none; a count makes it use the GIN indexes.
pub const DECISION_EXISTS: &str = "
SELECT EXISTS (
           SELECT 1 FROM events
            WHERE aggregate_type = 'Meeting' AND event_type = 'DecisionRecorded'
              AND payload -> 'DecisionRecorded' ->> 'decision_id' = $1)
       OR EXISTS (
           SELECT 1 FROM events
            WHERE aggregate_type = 'ExternalDecision' AND aggregate_id = $1
              AND event_type = 'ExternalDecisionRecorded')
       OR (SELECT count(*) FROM events
            WHERE aggregate_type = 'Meeting' AND event_type = 'DecisionRecorded'
              AND (payload::jsonb) -> 'DecisionRecorded' -> 'content' -> 'delegated_decisions'
                  @> jsonb_build_array(jsonb_build_object('decision_id', $1))) > 0
       OR (SELECT count(*) FROM events
            WHERE aggregate_type = 'Meeting' AND event_type = 'DecisionCorrected'
              AND (payload::jsonb) -> 'DecisionCorrected' -> 'content' -> 'delegated_decisions'
                  @> jsonb_build_array(jsonb_build_object('decision_id', $1))) > 0";

/// The last § a body took in a year, and the day of the meeting that took it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LatestParagraph {
    pub number: i32,
    pub meeting_on: NaiveDate,
}

/// Where a stream stands: the position of its last event and how many events it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StreamHead {
    pub position: Position,
    pub version: u64,
}

/// How many events the log holds, and how many of them are in the named streams of one type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogCensus {
    pub events: i64,
    pub in_named_streams: i64,
}

/// The first event of a stream: its position and its payload as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FirstEvent {
    pub position: Position,
    pub payload: String,
}

/// Asks the log the register's questions. Cheap to clone: it holds a pool.
#[derive(Debug, Clone)]
pub struct LogIndex {
    pool: PgPool,
}

impl LogIndex {
    pub fn new(pool: PgPool) -> LogIndex {
        LogIndex { pool }
    }

    /// The streams `lookup` finds for `id`, in stream id order.
    pub async fn streams_naming(
        &self,
        lookup: StreamsNaming,
        id: Uuid,
    ) -> Result<Vec<String>, LookupError> {
        Ok(sqlx::query_scalar(lookup.sql())
            .bind(id.to_string())
            .fetch_all(&self.pool)
            .await?)
    }

    /// Every stream of `aggregate_type` in the log.
    pub async fn streams_of_type(&self, aggregate_type: &str) -> Result<Vec<String>, LookupError> {
        Ok(sqlx::query_scalar(
            "SELECT DISTINCT aggregate_id FROM events WHERE aggregate_type = $1 ORDER BY 1",
        )
        .bind(aggregate_type)
        .fetch_all(&self.pool)
        .await?)
    }

    /// Whether the log holds any event of the stream.
    pub async fn stream_exists(
        &self,
        aggregate_type: &str,
        stream_id: &str,
    ) -> Result<bool, LookupError> {
        Ok(sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM events WHERE aggregate_type = $1 AND aggregate_id = $2)",
        )
        .bind(aggregate_type)
        .bind(stream_id)
        .fetch_one(&self.pool)
        .await?)
    }

    /// The position of the stream's last event and its number of events; `None` for a stream
    /// never written.
    pub async fn stream_head(
        &self,
        aggregate_type: &str,
        stream_id: &str,
    ) -> Result<Option<StreamHead>, LookupError> {
        let (position, sequence): (Option<i64>, Option<i64>) = sqlx::query_as(
            "SELECT max(position), max(sequence) FROM events
              WHERE aggregate_type = $1 AND aggregate_id = $2",
        )
        .bind(aggregate_type)
        .bind(stream_id)
        .fetch_one(&self.pool)
        .await?;
        let (Some(position), Some(sequence)) = (position, sequence) else {
            return Ok(None);
        };
        Ok(Some(StreamHead {
            position: Position::from_stored(position)?,
            version: u64::try_from(sequence).unwrap_or_default(),
        }))
    }

    /// How many events a stream holds; 0 for a stream never written.
    pub async fn stream_version(
        &self,
        aggregate_type: &str,
        stream_id: &str,
    ) -> Result<u64, LookupError> {
        let sequence: Option<i64> = sqlx::query_scalar(
            "SELECT max(sequence) FROM events WHERE aggregate_type = $1 AND aggregate_id = $2",
        )
        .bind(aggregate_type)
        .bind(stream_id)
        .fetch_one(&self.pool)
        .await?;
        Ok(sequence
            .and_then(|sequence| u64::try_from(sequence).ok())
            .unwrap_or(0))
    }

    /// The first event of a stream, as stored.
    pub async fn first_event(
        &self,
        aggregate_type: &str,
        stream_id: &str,
    ) -> Result<Option<FirstEvent>, LookupError> {
        let row: Option<(i64, String)> = sqlx::query_as(
            "SELECT position, payload::text FROM events
              WHERE aggregate_type = $1 AND aggregate_id = $2 AND sequence = 1",
        )
        .bind(aggregate_type)
        .bind(stream_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|(position, payload)| {
            Ok(FirstEvent {
                position: Position::from_stored(position)?,
                payload,
            })
        })
        .transpose()
    }

    /// The body a meeting was called for, read from the meeting's first event without loading
    /// the meeting: its agenda can run to thousands of items, and a request that only asks
    /// whose meeting it is should not carry them. `None` when no meeting has this id.
    pub async fn meeting_body(&self, meeting_id: Uuid) -> Result<Option<Uuid>, LookupError> {
        let body: Option<Option<Uuid>> = sqlx::query_scalar(
            "SELECT (payload -> 'MeetingCalled' ->> 'body_id')::uuid FROM events
              WHERE aggregate_type = 'Meeting' AND aggregate_id = $1 AND sequence = 1",
        )
        .bind(meeting_id.to_string())
        .fetch_optional(&self.pool)
        .await?;
        Ok(body.flatten())
    }

    /// How many events the log holds, and how many of them are in streams `stream_ids` of
    /// `aggregate_type`.
    pub async fn census(
        &self,
        aggregate_type: &str,
        stream_ids: &[String],
    ) -> Result<LogCensus, LookupError> {
        let (events, in_named_streams): (i64, i64) = sqlx::query_as(
            "SELECT count(*),
                    count(*) FILTER (WHERE aggregate_type = $1 AND aggregate_id = ANY($2))
               FROM events",
        )
        .bind(aggregate_type)
        .bind(stream_ids)
        .fetch_one(&self.pool)
        .await?;
        Ok(LogCensus {
            events,
            in_named_streams,
        })
    }

    /// The body's last § in `year`, if it took any.
    pub async fn latest_paragraph(
        &self,
        body_id: Uuid,
        year: i32,
    ) -> Result<Option<LatestParagraph>, LookupError> {
        let latest: Option<(i32, NaiveDate)> = sqlx::query_as(LATEST_PARAGRAPH)
            .bind(body_id.to_string())
            .bind(year)
            .fetch_optional(&self.pool)
            .await?;
        Ok(latest.map(|(number, meeting_on)| LatestParagraph { number, meeting_on }))
    }

    /// Every § number the body took in `year`, in order.
    pub async fn paragraph_numbers(
        &self,
        body_id: Uuid,
        year: i32,
    ) -> Result<Vec<i32>, LookupError> {
        Ok(sqlx::query_scalar(PARAGRAPH_NUMBERS)
            .bind(body_id.to_string())
            .bind(year)
            .fetch_all(&self.pool)
            .await?)
    }

    /// Whether the register holds a decision with this id: a § of a body's minutes, a delegated
    /// decision reported under one, or an external decision.
    pub async fn decision_exists(&self, decision_id: Uuid) -> Result<bool, LookupError> {
        Ok(sqlx::query_scalar(DECISION_EXISTS)
            .bind(decision_id.to_string())
            .fetch_one(&self.pool)
            .await?)
    }

    /// Whether an actor's request under `idempotency_key` wrote any event (index
    /// `events_idempotency_key`, migration 05).
    pub async fn written_under_idempotency_key(
        &self,
        actor_id: &str,
        idempotency_key: &str,
    ) -> Result<bool, LookupError> {
        Ok(sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM events
                             WHERE (metadata ->> 'idempotency_key') IS NOT NULL
                               AND metadata ->> 'actor_id' = $1
                               AND metadata ->> 'idempotency_key' = $2)",
        )
        .bind(actor_id)
        .bind(idempotency_key)
        .fetch_one(&self.pool)
        .await?)
    }

    /// The events one actor wrote on one stream under one idempotency key, in log order: what
    /// the first attempt of a request wrote there, for the retry that answers it (index
    /// `events_idempotency_key`, migration 05).
    pub async fn written_under_idempotency_key_on_stream(
        &self,
        actor_id: &str,
        idempotency_key: &str,
        aggregate_type: &str,
        stream_id: &str,
    ) -> Result<Vec<KeyedEvent>, LookupError> {
        let rows: Vec<(i64, i64, serde_json::Value)> = sqlx::query_as(
            "SELECT position, sequence, payload FROM events
              WHERE (metadata ->> 'idempotency_key') IS NOT NULL
                AND metadata ->> 'actor_id' = $1
                AND metadata ->> 'idempotency_key' = $2
                AND aggregate_type = $3 AND aggregate_id = $4
              ORDER BY position",
        )
        .bind(actor_id)
        .bind(idempotency_key)
        .bind(aggregate_type)
        .bind(stream_id)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(position, sequence, payload)| {
                Ok(KeyedEvent {
                    position: Position::from_stored(position)?,
                    version: u64::try_from(sequence).unwrap_or_default(),
                    payload,
                })
            })
            .collect()
    }

    /// The last position recorded at or before `moment` (index `events_recorded_at`,
    /// migration 04); `None` when nothing was.
    pub async fn position_recorded_by(
        &self,
        moment: DateTime<Utc>,
    ) -> Result<Option<Position>, LookupError> {
        let stored: Option<i64> = sqlx::query_scalar(
            "SELECT position FROM events WHERE recorded_at <= $1
              ORDER BY recorded_at DESC, position DESC LIMIT 1",
        )
        .bind(moment)
        .fetch_optional(&self.pool)
        .await?;
        Ok(stored.map(Position::from_stored).transpose()?)
    }
}
