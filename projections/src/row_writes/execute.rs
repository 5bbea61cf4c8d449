//! Carrying out a page's writes: one statement per group when all goes well, and one write at a
//! time when something fails, so that the error names the event that failed exactly as applying
//! the events one by one would.

use sqlx::{Connection, PgConnection};

use super::cells::bind_column;
use super::layers::groups;
use super::{plan_page, PlanEvent, PlannedWrite, Statement};
use crate::{ProjectionError, ReadModel};

/// Plans `events` and carries out their writes, inside the caller's transaction.
///
/// The grouped statements run under a savepoint. If one fails, or changes fewer rows than its
/// writes require, the page is rolled back to the savepoint and carried out again one write at
/// a time, which stops at the first failing write with its own error.
pub(crate) async fn apply_planned_page(
    connection: &mut PgConnection,
    model: ReadModel,
    plan: PlanEvent,
    events: &[eventlog::RecordedEvent],
) -> Result<(), ProjectionError> {
    let writes = plan_page(plan, events)?;
    let groups = groups(&writes);
    // When no two writes share a statement, grouping saves nothing, and the log's own order is
    // the one that names a failure best.
    if groups.iter().all(|group| group.len() == 1) {
        return execute_one_by_one(connection, model, &writes).await;
    }
    let mut savepoint = connection.begin().await?;
    let mut failed = None;
    for group in &groups {
        let statement = writes[group[0]].write.statement;
        match execute(&mut savepoint, statement, &writes, group).await {
            Ok(changed) if statement.requires.is_none() || changed == group.len() as u64 => {}
            Ok(changed) => {
                failed = Some(format!(
                    "{} changed {changed} rows for {} writes",
                    statement.name,
                    group.len()
                ));
                break;
            }
            Err(error) => {
                failed = Some(format!("{}: {error}", statement.name));
                break;
            }
        }
    }
    match failed {
        None => {
            savepoint.commit().await?;
            Ok(())
        }
        Some(failure) => {
            savepoint.rollback().await?;
            tracing::debug!(read_model = %model, %failure, "a grouped write failed; applying the page one write at a time");
            execute_one_by_one(connection, model, &writes).await
        }
    }
}

/// Carries out writes one at a time in the log's order, each its own statement; used when
/// grouping saves nothing and to find which write of a failed group failed.
async fn execute_one_by_one(
    connection: &mut PgConnection,
    model: ReadModel,
    writes: &[PlannedWrite<'_>],
) -> Result<(), ProjectionError> {
    for (index, planned) in writes.iter().enumerate() {
        let statement = planned.write.statement;
        let changed = execute(connection, statement, writes, &[index]).await?;
        if let (Some(missing), 0) = (statement.requires, changed) {
            return Err(ProjectionError::MissingRow {
                read_model: model,
                position: planned.event.position,
                event_type: planned.event.event_type.clone(),
                missing: missing.to_owned(),
            });
        }
    }
    Ok(())
}

/// Runs `statement` once over the writes at `indexes`, each column bound as an array, and
/// returns how many rows it changed.
async fn execute(
    connection: &mut PgConnection,
    statement: &'static Statement,
    writes: &[PlannedWrite<'_>],
    indexes: &[usize],
) -> Result<u64, sqlx::Error> {
    let sql = grouped_sql(statement);
    let rows: Vec<&[_]> = indexes
        .iter()
        .map(|&index| writes[index].write.cells.as_slice())
        .collect();
    let mut query = sqlx::query(&sql);
    for (column, &(_, sql_type)) in statement.input.iter().enumerate() {
        query = bind_column(query, sql_type, &rows, column);
    }
    Ok(query.execute(connection).await?.rows_affected())
}

/// The statement with `input` defined as its columns' arrays unnested side by side.
fn grouped_sql(statement: &Statement) -> String {
    let names = statement
        .input
        .iter()
        .map(|(name, _)| *name)
        .collect::<Vec<_>>()
        .join(", ");
    let arrays = statement
        .input
        .iter()
        .enumerate()
        .map(|(index, (_, sql_type))| format!("${}::{}", index + 1, sql_type.array_name()))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "WITH input ({names}) AS (SELECT * FROM unnest({arrays})) {}",
        statement.sql
    )
}
