//! Restores a register's log from an export of the whole log, into an empty database, keeping
//! every position, record time and hash exactly.
//!
//! The append triggers give each new row a position, a record time and a hash of their own; a
//! restored row must keep the ones the export holds. So the owner, in one transaction, switches
//! off the triggers that would give them (never those that refuse an edit or a deletion), inserts
//! the rows as the export has them, sets the head to the last row, and switches the triggers back
//! on. `ALTER TABLE` is transactional and locks the table, so no other session ever sees the log
//! without its triggers, and only the owner may do it: the application role cannot restore.
//!
//! Every row is walked along the chain as it is read, exactly as `verify --file` walks it, and
//! before commit the database recomputes every hash with its own rule. Anything that departs (a
//! broken chain, a file cut short, a closing line that disagrees, a database that would hash a
//! row differently) rolls the whole restore back: it writes everything or nothing.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};

use super::format::ExportLine;
use super::offline::{check_closing, read_header, Lines, NextLine, OfflineVerifyError};
use crate::{ChainBreak, ChainHash, ChainWalk, Position, RecordedEvent, GENESIS_HASH};

/// How many rows go into one INSERT.
const ROWS_PER_STATEMENT: usize = 1_000;

/// What a restore wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RestoreSummary {
    pub events: u64,
    pub head_position: Position,
    pub head_hash: ChainHash,
}

/// Why nothing was restored.
#[derive(Debug, thiserror::Error)]
pub enum RestoreError {
    #[error(transparent)]
    Export(#[from] OfflineVerifyError),
    #[error("{path} holds positions {from} to {to} of a log whose head was {head}; only an export of the whole log, from position 1 to its head, can be restored")]
    Partial {
        path: PathBuf,
        from: u64,
        to: u64,
        head: u64,
    },
    #[error("{path} departs from its chain ({finding}); nothing was restored. `samverkan verify --file` reports the same")]
    Broken { path: PathBuf, finding: ChainBreak },
    #[error("the database's log is not empty (its head is at position {head}); restore writes only into an empty register")]
    NotEmpty { head: u64 },
    #[error("restore must connect as the owner of the event log, and {role} is not: only the owner may write rows with the positions, times and hashes an export gives them")]
    NotOwner { role: String },
    #[error(
        "the database hashes position {position} differently from the export; nothing was restored"
    )]
    HashDisagrees { position: i64 },
    #[error("the restore failed in the database, and nothing was restored: {0}")]
    Database(#[from] sqlx::Error),
}

/// Restores the export at `path` into the empty log of `pool`'s database, which must be
/// connected as the owner of `events`.
pub async fn restore_export(pool: &PgPool, path: &Path) -> Result<RestoreSummary, RestoreError> {
    let mut lines = Lines::open(path)?;
    let header = read_header(&mut lines)?;
    let whole = header.from_position == 1
        && header
            .to_position
            .is_none_or(|to| to == header.head_position);
    if !whole {
        return Err(RestoreError::Partial {
            path: path.to_owned(),
            from: header.from_position,
            to: header.to_position.unwrap_or(header.head_position),
            head: header.head_position,
        });
    }
    let broken = |finding| RestoreError::Broken {
        path: path.to_owned(),
        finding,
    };
    let head_hash =
        ChainHash::from_hex(&header.head_hash).ok_or_else(|| OfflineVerifyError::NotAnExport {
            path: path.to_owned(),
            reason: "the header's head_hash is not 64 hexadecimal digits".to_owned(),
        })?;
    let head_position =
        Position::new(header.head_position).map_err(|_| OfflineVerifyError::NotAnExport {
            path: path.to_owned(),
            reason: "the header's head_position is not a position".to_owned(),
        })?;

    let mut transaction = pool.begin().await?;
    let (role, owns_the_log): (String, bool) = sqlx::query_as(
        "SELECT current_user::text, pg_has_role(current_user, relowner, 'USAGE')
           FROM pg_class WHERE oid = 'events'::regclass",
    )
    .fetch_one(&mut *transaction)
    .await?;
    if !owns_the_log {
        return Err(RestoreError::NotOwner { role });
    }
    let head: i64 = sqlx::query_scalar("SELECT position FROM event_log_head FOR UPDATE")
        .fetch_one(&mut *transaction)
        .await?;
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM events")
        .fetch_one(&mut *transaction)
        .await?;
    if head != 0 || stored != 0 {
        return Err(RestoreError::NotEmpty {
            head: u64::try_from(head).unwrap_or_default(),
        });
    }
    sqlx::raw_sql(SWITCH_OFF_NUMBERING)
        .execute(&mut *transaction)
        .await?;

    let mut walk = ChainWalk::after(Position::GENESIS, GENESIS_HASH);
    let mut batch = Vec::with_capacity(ROWS_PER_STATEMENT);
    let mut last_recorded_at = None;
    let closing = loop {
        let expected = walk.expected();
        let text = match lines.next_line()? {
            NextLine::Complete(text) => text,
            NextLine::Partial | NextLine::End => {
                return Err(broken(ChainBreak::Truncated { position: expected }))
            }
        };
        let event = match serde_json::from_str::<ExportLine>(&text) {
            Ok(ExportLine::Event(exported)) => exported.into_recorded(),
            Ok(ExportLine::End(closing)) => break closing,
            Ok(ExportLine::Header(_)) | Err(_) => None,
        };
        let event = event.ok_or_else(|| {
            broken(ChainBreak::UnreadableRow {
                position: expected,
                line: lines.number,
            })
        })?;
        if event.position == expected && expected > head_position {
            return Err(broken(ChainBreak::RowBeyondHead { position: expected }));
        }
        walk.step(&event).map_err(broken)?;
        last_recorded_at = Some(event.recorded_at);
        batch.push(event);
        if batch.len() == ROWS_PER_STATEMENT {
            insert_rows(&mut transaction, &batch).await?;
            batch.clear();
        }
    };
    insert_rows(&mut transaction, &batch).await?;

    // The closing line must agree with the rows, the rows must reach the head, and nothing may
    // follow: the offline verification's own judgement.
    if let Some(finding) = check_closing(
        &mut lines,
        &header,
        &closing,
        &walk,
        None,
        head_position,
        head_hash,
    )? {
        return Err(broken(finding));
    }
    let last = walk.last_position();

    if let Some(recorded_at) = last_recorded_at {
        set_head(&mut transaction, last, walk.last_hash(), recorded_at).await?;
    }
    sqlx::raw_sql(SWITCH_ON_NUMBERING)
        .execute(&mut *transaction)
        .await?;
    if let Some(position) = first_disagreeing_hash(&mut transaction).await? {
        return Err(RestoreError::HashDisagrees { position });
    }
    transaction.commit().await?;
    Ok(RestoreSummary {
        events: walk.events_checked(),
        head_position: last,
        head_hash: walk.last_hash(),
    })
}

/// The triggers that number, time and hash new rows and move the head, and the head's guard,
/// which would refuse the head being set. Those that refuse an edit or deletion stay on.
const SWITCH_OFF_NUMBERING: &str = "
ALTER TABLE events DISABLE TRIGGER events_start_statement,
                   DISABLE TRIGGER events_append_to_chain,
                   DISABLE TRIGGER events_move_head;
ALTER TABLE event_log_head DISABLE TRIGGER event_log_head_reject_change;";

const SWITCH_ON_NUMBERING: &str = "
ALTER TABLE events ENABLE TRIGGER events_start_statement,
                   ENABLE TRIGGER events_append_to_chain,
                   ENABLE TRIGGER events_move_head;
ALTER TABLE event_log_head ENABLE TRIGGER event_log_head_reject_change;";

/// Inserts rows exactly as the export has them; `payload` and `metadata` are `json`, which keeps
/// the text byte for byte.
async fn insert_rows(
    connection: &mut PgConnection,
    rows: &[RecordedEvent],
) -> Result<(), sqlx::Error> {
    if rows.is_empty() {
        return Ok(());
    }
    let column = |field: fn(&RecordedEvent) -> String| rows.iter().map(field).collect::<Vec<_>>();
    let positions: Vec<i64> = rows.iter().map(|row| row.position.as_stored()).collect();
    let recorded_at: Vec<DateTime<Utc>> = rows.iter().map(|row| row.recorded_at).collect();
    let sequences: Vec<i64> = rows.iter().map(|row| row.sequence).collect();
    let hashes: Vec<Vec<u8>> = rows
        .iter()
        .map(|row| row.hash.as_bytes().to_vec())
        .collect();
    sqlx::query(
        "INSERT INTO events (position, recorded_at, aggregate_type, aggregate_id, sequence,
                             event_type, event_version, payload, metadata, hash)
         SELECT position, recorded_at, aggregate_type, aggregate_id, sequence,
                event_type, event_version, payload::json, metadata::json, hash
           FROM UNNEST($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::bigint[],
                       $6::text[], $7::text[], $8::text[], $9::text[], $10::bytea[])
             AS row (position, recorded_at, aggregate_type, aggregate_id, sequence,
                     event_type, event_version, payload, metadata, hash)
          ORDER BY position",
    )
    .bind(positions)
    .bind(recorded_at)
    .bind(column(|row| row.aggregate_type.clone()))
    .bind(column(|row| row.aggregate_id.clone()))
    .bind(sequences)
    .bind(column(|row| row.event_type.clone()))
    .bind(column(|row| row.event_version.clone()))
    .bind(column(|row| row.payload.clone()))
    .bind(column(|row| row.metadata.clone()))
    .bind(hashes)
    .execute(connection)
    .await?;
    Ok(())
}

async fn set_head(
    connection: &mut PgConnection,
    position: Position,
    hash: ChainHash,
    recorded_at: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE event_log_head SET position = $1, hash = $2, recorded_at = $3")
        .bind(position.as_stored())
        .bind(hash.as_bytes().to_vec())
        .bind(recorded_at)
        .execute(connection)
        .await?;
    Ok(())
}

/// The first position whose stored hash the database's own rule (`event_row_bytes`, the twin of
/// `chain.rs`) does not give, reading the rows as stored: a check that the restored text is the
/// text the export hashed.
async fn first_disagreeing_hash(connection: &mut PgConnection) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT position FROM (
             SELECT position, hash,
                    sha256(coalesce(lag(hash) OVER (ORDER BY position), decode(repeat('00', 32), 'hex'))
                           || event_row_bytes(position, recorded_at, aggregate_type, aggregate_id,
                                              sequence, event_type, event_version,
                                              payload::text, metadata::text)) AS recomputed
               FROM events) AS rows
          WHERE hash <> recomputed
          ORDER BY position
          LIMIT 1",
    )
    .fetch_optional(connection)
    .await
}
