//! One batch of the log applied to one side of a read model: what the runner, a rebuild and a
//! preview all do, in a module of its own so that the runner (which starts a rebuild when a read
//! model was built by another version) and the rebuild (which applies batches) need not import
//! each other.

use std::num::NonZeroU32;

use eventlog::{LogReader, Position, RecordedEvent};
use sqlx::PgConnection;

use crate::schema::{self, Side};
use crate::{ProjectionError, ReadModel};

/// How many events one transaction applies, unless a runner is told otherwise. Large enough to
/// amortise a commit and to group a page's writes, small enough that a batch holds the writer
/// lock only briefly.
pub const DEFAULT_PAGE_SIZE: NonZeroU32 = match NonZeroU32::new(500) {
    Some(size) => size,
    None => NonZeroU32::MIN,
};

/// What one batch did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BatchOutcome {
    /// `events` events were applied, up to `last`; there may be more.
    Applied { last: Position, events: u64 },
    /// Nothing was left to apply: the checkpoint is at this position.
    UpToDate(Position),
}

/// Applies the next batch of at most `page_size` events to one side of `model`, up to `until`
/// (the head when `None`), and moves that side's checkpoint, all inside the caller's
/// transaction. The caller holds the writer lock when the side is live.
pub(crate) async fn apply_batch(
    connection: &mut PgConnection,
    reader: &LogReader,
    model: ReadModel,
    side: Side,
    until: Option<Position>,
    page_size: NonZeroU32,
) -> Result<BatchOutcome, ProjectionError> {
    schema::use_schema(connection, model, side).await?;
    let checkpoint = schema::read_checkpoint(connection).await?;
    let page = reader
        .read_page(checkpoint.position.next(), until, page_size)
        .await?;
    let Some(last) = page.events.last().map(|event| event.position) else {
        return Ok(BatchOutcome::UpToDate(checkpoint.position));
    };
    model.apply_page(connection, &page.events).await?;
    schema::write_checkpoint(connection, last).await?;
    Ok(BatchOutcome::Applied {
        last,
        events: page.events.len() as u64,
    })
}

/// Applies a page already read to one side of `model`, and moves that side's checkpoint to the
/// page's last event, inside the caller's transaction: for a rebuild that reads each page once
/// for every read model. The caller knows the side's checkpoint is just before the page.
pub(crate) async fn apply_page_read(
    connection: &mut PgConnection,
    model: ReadModel,
    side: Side,
    events: &[RecordedEvent],
) -> Result<(), ProjectionError> {
    let Some(last) = events.last().map(|event| event.position) else {
        return Ok(());
    };
    schema::use_schema(connection, model, side).await?;
    model.apply_page(connection, events).await?;
    schema::write_checkpoint(connection, last).await?;
    Ok(())
}
