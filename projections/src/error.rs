use eventlog::{LogReadError, Position};

use crate::ReadModel;

/// Why a projection could not follow the log, rebuild or check itself.
#[derive(Debug, thiserror::Error)]
pub enum ProjectionError {
    #[error(transparent)]
    Log(#[from] LogReadError),
    #[error("could not update the read models: {0}")]
    Database(#[from] sqlx::Error),
    /// The stored event does not have the shape its type promises. The projection stops here
    /// rather than skip it, because a read model that skipped an event would answer wrongly.
    #[error("the {event_type} event at position {position} cannot be read: {source}")]
    UnreadableEvent {
        position: Position,
        event_type: String,
        source: serde_json::Error,
    },
    /// An event refers to a row the read model should already hold, such as the appointment a
    /// membership end cites. The log is ordered, so this means the read model is out of step.
    #[error("the {event_type} event at position {position} refers to {missing}, which the {read_model} read model does not hold")]
    MissingRow {
        read_model: ReadModel,
        position: Position,
        event_type: String,
        missing: String,
    },
    /// A stream the read model expects to be named by a UUID is named otherwise.
    #[error("the {read_model} read model expects the stream at position {position} to be named by a UUID, not {stream:?}")]
    StreamNotNamedByUuid {
        read_model: ReadModel,
        position: Position,
        stream: String,
    },
    /// A domain value could not be turned into a column, which would be a bug in this crate.
    #[error("could not store a value in a read model: {0}")]
    Encoding(#[from] serde_json::Error),
    /// A read model planned a write whose cells do not match its statement's input columns,
    /// which would be a bug in this crate.
    #[error("a write through {statement} does not fit its input columns ({cells} cells given)")]
    WriteDoesNotFitStatement {
        statement: &'static str,
        cells: usize,
    },
    /// A check needs live tables to compare a rebuild with.
    #[error("the {0} read model has no live tables to check in this database; build them with `samverkan replay` or by running `samverkan serve`")]
    NothingToCheck(ReadModel),
    /// A rebuild was asked for no read model at all.
    #[error("no read model was named to rebuild")]
    NothingToRebuild,
    #[error("another replay of the {0} read model is running; wait for it to finish")]
    RebuildInProgress(ReadModel),
    #[error("no read model is called {name:?}; the read models are {known}")]
    UnknownReadModel { name: String, known: String },
}

/// Why a read-model query could not be answered.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error("could not query the read models: {0}")]
    Database(#[from] sqlx::Error),
    /// The read model had not reached the position asked for within the wait allowed.
    #[error("the {read_model} read model has reached position {reached}, not yet position {wanted}; try again shortly")]
    NotCaughtUp {
        read_model: ReadModel,
        wanted: Position,
        reached: Position,
    },
    /// The position asked for lies beyond the head of the log.
    #[error("position {wanted} has not been recorded: the log ends at position {head}")]
    NotRecorded { wanted: Position, head: Position },
    /// The read model has never been built in this database (see `samverkan replay`).
    #[error("the {0} read model has not been built in this database yet")]
    NotBuilt(ReadModel),
    /// A page was asked to start after a position that is no entry of the list paged.
    #[error("position {position} is no entry of this {read_model} list; start a page after a position a previous page returned")]
    UnknownPage {
        read_model: ReadModel,
        position: Position,
    },
    #[error("the {read_model} read model holds a row it cannot read: {detail}")]
    UnreadableRow {
        read_model: ReadModel,
        detail: String,
    },
}

impl QueryError {
    pub(crate) fn unreadable(read_model: ReadModel, detail: impl std::fmt::Display) -> Self {
        QueryError::UnreadableRow {
            read_model,
            detail: detail.to_string(),
        }
    }
}
