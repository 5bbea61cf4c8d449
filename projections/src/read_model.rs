//! The catalogue of read models: one definition per read model, holding everything the runner,
//! a rebuild and a check need to know of it (its name, version, schema, tables and `apply`).
//!
//! Adding a read model means declaring its variant in [`ReadModel`] and adding its definition to
//! [`DEFINITIONS`]; no other code lists the read models. `ReadModel::ALL` is read off the table,
//! and a compile-time check keeps the table in the order the variants are declared, so that a
//! read model's definition is found by its position.

use std::fmt;
use std::str::FromStr;

use eventlog::RecordedEvent;
use futures::future::BoxFuture;
use sqlx::PgConnection;

use crate::row_writes::{apply_planned_page, PlanEvent};
use crate::{
    allocation, citations, contracts, cooperations, decisions, documents, history, mandates,
    membership, obligations, timeline, transitions, ProjectionError, ReadModel,
};

/// How a read model applies one event: its module's `apply`, boxed so that the `apply` of every
/// read model has the one type a table entry can hold.
type ApplyEvent = for<'a> fn(
    &'a mut PgConnection,
    &'a RecordedEvent,
) -> BoxFuture<'a, Result<(), ProjectionError>>;

/// How a read model applies events.
#[derive(Clone, Copy)]
enum Apply {
    /// One event at a time, with statements that may read the read model's rows first.
    EventByEvent(ApplyEvent),
    /// Each event planned as row writes without reading anything, and a page's writes carried
    /// out together (see [`row_writes`]).
    Planned(PlanEvent),
}

/// Everything the catalogue knows of one read model.
pub(crate) struct ReadModelDefinition {
    /// The read model this definition is of; it must sit at the variant's position.
    read_model: ReadModel,
    /// The name users give on the command line, such as `membership`, and the suffix of the
    /// read model's schemas.
    name: &'static str,
    /// The version of the read model's tables and of the code that fills them. Raise it
    /// whenever either changes: a schema built by another version is rebuilt from the log
    /// before use.
    version: i32,
    /// The statements that create the read model's tables and indexes, run with the read
    /// model's schema first on the search path.
    schema_sql: &'static str,
    /// The tables a `--check` compares, besides the checkpoint.
    tables: &'static [&'static str],
    /// Applies events inside the caller's transaction, with the read model's schema first on
    /// the search path; events of streams the read model does not follow are skipped.
    apply: Apply,
}

/// Every read model, in the order the runner brings them up to date, which is also the order
/// their variants are declared in.
const DEFINITIONS: [ReadModelDefinition; 12] = [
    ReadModelDefinition {
        read_model: ReadModel::Membership,
        name: "membership",
        // 2: a body's dissolution rests on a list of bases.
        version: 2,
        schema_sql: membership::SCHEMA_SQL,
        tables: membership::TABLES,
        apply: Apply::Planned(membership::plan),
    },
    ReadModelDefinition {
        read_model: ReadModel::Mandates,
        name: "mandates",
        version: 1,
        schema_sql: mandates::SCHEMA_SQL,
        tables: mandates::TABLES,
        apply: Apply::EventByEvent(|connection, event| {
            Box::pin(mandates::apply(connection, event))
        }),
    },
    ReadModelDefinition {
        read_model: ReadModel::Obligations,
        name: "obligations",
        version: 1,
        schema_sql: obligations::SCHEMA_SQL,
        tables: obligations::TABLES,
        apply: Apply::EventByEvent(|connection, event| {
            Box::pin(obligations::apply(connection, event))
        }),
    },
    ReadModelDefinition {
        read_model: ReadModel::Decisions,
        name: "decisions",
        // 2: meetings, the agenda's record time, and each §'s recusals.
        version: 2,
        schema_sql: decisions::SCHEMA_SQL,
        tables: decisions::TABLES,
        apply: Apply::EventByEvent(|connection, event| {
            Box::pin(decisions::apply(connection, event))
        }),
    },
    ReadModelDefinition {
        read_model: ReadModel::Documents,
        name: "documents",
        version: 1,
        schema_sql: documents::SCHEMA_SQL,
        tables: documents::TABLES,
        apply: Apply::EventByEvent(|connection, event| {
            Box::pin(documents::apply(connection, event))
        }),
    },
    ReadModelDefinition {
        read_model: ReadModel::Timeline,
        name: "timeline",
        version: 3,
        schema_sql: timeline::SCHEMA_SQL,
        tables: timeline::TABLES,
        apply: Apply::Planned(timeline::plan),
    },
    ReadModelDefinition {
        read_model: ReadModel::Transitions,
        name: "transitions",
        version: 1,
        schema_sql: transitions::SCHEMA_SQL,
        tables: transitions::TABLES,
        apply: Apply::EventByEvent(|connection, event| {
            Box::pin(transitions::apply(connection, event))
        }),
    },
    ReadModelDefinition {
        read_model: ReadModel::Allocation,
        name: "allocation",
        version: 1,
        schema_sql: allocation::SCHEMA_SQL,
        tables: allocation::TABLES,
        apply: Apply::EventByEvent(|connection, event| {
            Box::pin(allocation::apply(connection, event))
        }),
    },
    ReadModelDefinition {
        read_model: ReadModel::Contracts,
        name: "contracts",
        version: 1,
        schema_sql: contracts::SCHEMA_SQL,
        tables: contracts::TABLES,
        apply: Apply::EventByEvent(|connection, event| {
            Box::pin(contracts::apply(connection, event))
        }),
    },
    ReadModelDefinition {
        read_model: ReadModel::History,
        name: "history",
        version: 2,
        schema_sql: history::SCHEMA_SQL,
        tables: history::TABLES,
        apply: Apply::Planned(history::plan),
    },
    ReadModelDefinition {
        read_model: ReadModel::Cooperations,
        name: "cooperations",
        version: 1,
        schema_sql: cooperations::SCHEMA_SQL,
        tables: cooperations::TABLES,
        apply: Apply::EventByEvent(|connection, event| {
            Box::pin(cooperations::apply(connection, event))
        }),
    },
    ReadModelDefinition {
        read_model: ReadModel::Citations,
        name: "citations",
        version: 1,
        schema_sql: citations::SCHEMA_SQL,
        tables: citations::TABLES,
        apply: Apply::EventByEvent(|connection, event| {
            Box::pin(citations::apply(connection, event))
        }),
    },
];

// A definition is found at its variant's position, so the table must follow the declaration
// order exactly and hold one entry per variant; checking both here turns a misplaced or missing
// definition into a build error rather than a read model that silently runs another's code, or
// one that panics where it is first used.
const _: () = {
    assert!(
        DEFINITIONS.len() == <ReadModel as strum::EnumCount>::COUNT,
        "every read model needs exactly one definition"
    );
    let mut index = 0;
    while index < DEFINITIONS.len() {
        assert!(
            DEFINITIONS[index].read_model as usize == index,
            "the read-model definitions must follow the order the variants are declared in"
        );
        index += 1;
    }
};

/// The read models of the table, in its order.
const fn every_read_model() -> [ReadModel; DEFINITIONS.len()] {
    let mut all = [ReadModel::Membership; DEFINITIONS.len()];
    let mut index = 0;
    while index < DEFINITIONS.len() {
        all[index] = DEFINITIONS[index].read_model;
        index += 1;
    }
    all
}

impl ReadModel {
    /// Every read model, in the order the runner brings them up to date.
    pub const ALL: [ReadModel; DEFINITIONS.len()] = every_read_model();

    /// The read model's entry in the catalogue.
    fn definition(self) -> &'static ReadModelDefinition {
        &DEFINITIONS[self as usize]
    }

    /// The name users give on the command line, such as `membership`.
    pub fn name(self) -> &'static str {
        self.definition().name
    }

    /// The version of the read model's tables and of the code that fills them. Raise it whenever
    /// either changes: a schema built by another version is rebuilt from the log before use.
    pub fn version(self) -> i32 {
        self.definition().version
    }

    /// The statements that create the read model's tables and indexes, run with the read
    /// model's schema first on the search path.
    pub(crate) fn schema_sql(self) -> &'static str {
        self.definition().schema_sql
    }

    /// The tables a `--check` compares, besides the checkpoint.
    pub(crate) fn tables(self) -> &'static [&'static str] {
        self.definition().tables
    }

    /// Applies a page of events, in the log's order, inside the caller's transaction, with the
    /// read model's schema first on the search path. Events of streams the read model does not
    /// follow are skipped.
    pub(crate) async fn apply_page(
        self,
        connection: &mut PgConnection,
        events: &[RecordedEvent],
    ) -> Result<(), ProjectionError> {
        match self.definition().apply {
            Apply::EventByEvent(apply) => {
                for event in events {
                    apply(connection, event).await?;
                }
                Ok(())
            }
            Apply::Planned(plan) => apply_planned_page(connection, self, plan, events).await,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_read_model_is_found_by_its_own_name() {
        for model in ReadModel::ALL {
            assert_eq!(model.name().parse::<ReadModel>().ok(), Some(model));
        }
    }
}
