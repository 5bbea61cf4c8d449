//! The catalogue of read models: their names, schemas and the code that applies an event.

use std::fmt;
use std::str::FromStr;

use eventlog::RecordedEvent;
use serde::de::DeserializeOwned;
use sqlx::PgConnection;

use crate::{
    allocation, contracts, cooperations, decisions, documents, history, mandates, membership,
    obligations, timeline, transitions, ProjectionError,
};

/// One read model. Each owns a PostgreSQL schema named `read_<name>`, holding its tables and its
/// checkpoint, so that a rebuild can be made beside it and swapped in with two renames.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReadModel {
    Membership,
    Mandates,
    Obligations,
    Decisions,
    Documents,
    Timeline,
    Transitions,
    Allocation,
    Contracts,
    History,
    Cooperations,
}

impl ReadModel {
    /// Every read model, in the order the runner brings them up to date.
    pub const ALL: [ReadModel; 11] = [
        ReadModel::Membership,
        ReadModel::Mandates,
        ReadModel::Obligations,
        ReadModel::Decisions,
        ReadModel::Documents,
        ReadModel::Timeline,
        ReadModel::Transitions,
        ReadModel::Allocation,
        ReadModel::Contracts,
        ReadModel::History,
        ReadModel::Cooperations,
    ];

    /// The name users give on the command line, such as `membership`.
    pub fn name(self) -> &'static str {
        match self {
            ReadModel::Membership => "membership",
            ReadModel::Mandates => "mandates",
            ReadModel::Obligations => "obligations",
            ReadModel::Decisions => "decisions",
            ReadModel::Documents => "documents",
            ReadModel::Timeline => "timeline",
            ReadModel::Transitions => "transitions",
            ReadModel::Allocation => "allocation",
            ReadModel::Contracts => "contracts",
            ReadModel::History => "history",
            ReadModel::Cooperations => "cooperations",
        }
    }

    /// The version of the read model's tables and of the code that fills them. Raise it whenever
    /// either changes: a schema built by another version is rebuilt from the log before use.
    pub fn version(self) -> i32 {
        match self {
            ReadModel::Membership => 1,
            ReadModel::Mandates => 1,
            ReadModel::Obligations => 1,
            ReadModel::Decisions => 1,
            ReadModel::Documents => 1,
            ReadModel::Timeline => 2,
            ReadModel::Transitions => 1,
            ReadModel::Allocation => 1,
            ReadModel::Contracts => 1,
            ReadModel::History => 1,
            ReadModel::Cooperations => 1,
        }
    }

    /// The statements that create the read model's tables and indexes, run with the read
    /// model's schema first on the search path.
    pub(crate) fn schema_sql(self) -> &'static str {
        match self {
            ReadModel::Membership => membership::SCHEMA_SQL,
            ReadModel::Mandates => mandates::SCHEMA_SQL,
            ReadModel::Obligations => obligations::SCHEMA_SQL,
            ReadModel::Decisions => decisions::SCHEMA_SQL,
            ReadModel::Documents => documents::SCHEMA_SQL,
            ReadModel::Timeline => timeline::SCHEMA_SQL,
            ReadModel::Transitions => transitions::SCHEMA_SQL,
            ReadModel::Allocation => allocation::SCHEMA_SQL,
            ReadModel::Contracts => contracts::SCHEMA_SQL,
            ReadModel::History => history::SCHEMA_SQL,
            ReadModel::Cooperations => cooperations::SCHEMA_SQL,
        }
    }

    /// The tables a `--check` compares, besides the checkpoint.
    pub(crate) fn tables(self) -> &'static [&'static str] {
        match self {
            ReadModel::Membership => membership::TABLES,
            ReadModel::Mandates => mandates::TABLES,
            ReadModel::Obligations => obligations::TABLES,
            ReadModel::Decisions => decisions::TABLES,
            ReadModel::Documents => documents::TABLES,
            ReadModel::Timeline => timeline::TABLES,
            ReadModel::Transitions => transitions::TABLES,
            ReadModel::Allocation => allocation::TABLES,
            ReadModel::Contracts => contracts::TABLES,
            ReadModel::History => history::TABLES,
            ReadModel::Cooperations => cooperations::TABLES,
        }
    }

    /// Applies one event inside the caller's transaction, with the read model's schema first on
    /// the search path. Events of streams the read model does not follow are skipped.
    pub(crate) async fn apply(
        self,
        connection: &mut PgConnection,
        event: &RecordedEvent,
    ) -> Result<(), ProjectionError> {
        match self {
            ReadModel::Membership => membership::apply(connection, event).await,
            ReadModel::Mandates => mandates::apply(connection, event).await,
            ReadModel::Obligations => obligations::apply(connection, event).await,
            ReadModel::Decisions => decisions::apply(connection, event).await,
            ReadModel::Documents => documents::apply(connection, event).await,
            ReadModel::Timeline => timeline::apply(connection, event).await,
            ReadModel::Transitions => transitions::apply(connection, event).await,
            ReadModel::Allocation => allocation::apply(connection, event).await,
            ReadModel::Contracts => contracts::apply(connection, event).await,
            ReadModel::History => history::apply(connection, event).await,
            ReadModel::Cooperations => cooperations::apply(connection, event).await,
        }
    }

    /// The names of every read model, for messages.
    pub fn known_names() -> String {
        ReadModel::ALL
            .iter()
            .map(|model| model.name())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl fmt::Display for ReadModel {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.name())
    }
}

impl FromStr for ReadModel {
    type Err = ProjectionError;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        ReadModel::ALL
            .into_iter()
            .find(|model| model.name() == name)
            .ok_or_else(|| ProjectionError::UnknownReadModel {
                name: name.to_owned(),
                known: ReadModel::known_names(),
            })
    }
}

/// Reads a stored event's payload as the domain event enum of its aggregate.
pub(crate) fn decode<E: DeserializeOwned>(event: &RecordedEvent) -> Result<E, ProjectionError> {
    serde_json::from_str(&event.payload).map_err(|source| ProjectionError::UnreadableEvent {
        position: event.position,
        event_type: event.event_type.clone(),
        source,
    })
}
