//! A read model's changes as data: each event becomes a list of row writes, and a page of events'
//! writes is carried out with one set-based statement per kind of write instead of one statement
//! per event.
//!
//! A [`Statement`] is written once, over a relation called `input` with one row per write, so the
//! same SQL serves one event (the runner following the log) and five hundred (a replay): the
//! executor binds each input column as an array and unnests them. Which writes may share a
//! statement is decided by what each one says it touches ([`Touch`]): a write reads or writes
//! named keys, and it is carried out after every earlier write it conflicts with
//! ([`layers`]). The result is the one applying the events one by one would give; the property
//! tests and `replay --check` compare the two.

mod cells;
mod execute;
mod layers;

pub(crate) use cells::{Cell, SqlType};
pub(crate) use execute::apply_planned_page;

use eventlog::RecordedEvent;

use crate::ProjectionError;

/// One kind of write a read model makes, such as "insert a member".
#[derive(Debug)]
pub(crate) struct Statement {
    /// Names the statement in logs.
    pub name: &'static str,
    /// The columns of `input`, in the order a write's cells are given.
    pub input: &'static [(&'static str, SqlType)],
    /// The statement over `input`. It continues the `WITH` clause that defines `input`, so it
    /// begins either with the statement itself or with `, name AS (…)` for a further CTE.
    pub sql: &'static str,
    /// What the event refers to when every input row must change at least one row, such as
    /// "the membership"; `None` when a write may find nothing to change.
    pub requires: Option<&'static str>,
}

/// Whether a write only reads a key or also changes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Access {
    Reads,
    Writes,
}

/// A key a write reads or writes, such as the rows of one membership. Two writes conflict when
/// they touch the same key and at least one of them writes it; conflicting writes keep the
/// order of the log.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Touch {
    pub access: Access,
    pub key: String,
}

impl Touch {
    pub(crate) fn reads(key: String) -> Self {
        Touch {
            access: Access::Reads,
            key,
        }
    }

    pub(crate) fn writes(key: String) -> Self {
        Touch {
            access: Access::Writes,
            key,
        }
    }
}

/// One row of one statement's `input`, and what it touches. It is made only by
/// [`RowWrite::new`], which holds its cells to the statement's columns.
#[derive(Debug)]
pub(crate) struct RowWrite {
    statement: &'static Statement,
    cells: Vec<Cell>,
    touches: Vec<Touch>,
}

impl RowWrite {
    /// A write of `cells` through `statement`, which must take exactly those cells' types in
    /// that order: a column bound as an array must hold one type.
    pub(crate) fn new(
        statement: &'static Statement,
        cells: Vec<Cell>,
        touches: Vec<Touch>,
    ) -> Result<Self, ProjectionError> {
        let fits = cells.len() == statement.input.len()
            && cells
                .iter()
                .zip(statement.input)
                .all(|(cell, (_, sql_type))| cell.sql_type() == *sql_type);
        if !fits {
            return Err(ProjectionError::WriteDoesNotFitStatement {
                statement: statement.name,
                cells: cells.len(),
            });
        }
        Ok(RowWrite {
            statement,
            cells,
            touches,
        })
    }
}

/// A write with the event it came from, for the error that names the event.
#[derive(Debug)]
pub(crate) struct PlannedWrite<'e> {
    event: &'e RecordedEvent,
    write: RowWrite,
}

/// How a read model turns one event into writes, without reading anything: what it needs of
/// the rows it changes, the statements find themselves.
pub(crate) type PlanEvent = fn(&RecordedEvent) -> Result<Vec<RowWrite>, ProjectionError>;

/// Plans every event of a page, keeping each write's event.
pub(crate) fn plan_page<'e>(
    plan: PlanEvent,
    events: &'e [RecordedEvent],
) -> Result<Vec<PlannedWrite<'e>>, ProjectionError> {
    let mut planned = Vec::new();
    for event in events {
        for write in plan(event)? {
            planned.push(PlannedWrite { event, write });
        }
    }
    Ok(planned)
}
