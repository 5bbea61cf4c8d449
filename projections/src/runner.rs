//! Keeps the live read models up to date with the log.
//!
//! Each batch is one transaction: it takes the read model's writer lock, reads the checkpoint,
//! applies the events after it and moves the checkpoint to the last of them. A crash anywhere
//! rolls back the rows and the checkpoint together, so the next run applies the same events
//! again from the same place: no event is lost and none is applied twice.

use std::future::Future;
use std::num::NonZeroU32;
use std::time::Duration;

use eventlog::{LogReader, Position};
use sqlx::postgres::PgListener;
use sqlx::PgPool;

use crate::batch::{apply_batch, BatchOutcome, DEFAULT_PAGE_SIZE};
use crate::rebuild::{self, Outcome};
use crate::schema::{self, Side};
use crate::{ProjectionError, ReadModel};

/// The channel the append trigger notifies (migrations/…04_read_model_support.sql).
pub const EVENTS_APPENDED_CHANNEL: &str = "samverkan_events_appended";

/// How often the runner reads the log when no notification arrives: the fallback for
/// notifications lost while it was reconnecting.
pub const DEFAULT_POLL_INTERVAL: Duration = Duration::from_secs(2);

/// Brings read models up to date with the log of one database.
#[derive(Debug, Clone)]
pub struct ProjectionRunner {
    pool: PgPool,
    reader: LogReader,
    poll_interval: Duration,
    page_size: NonZeroU32,
}

impl ProjectionRunner {
    pub fn new(pool: PgPool) -> Self {
        ProjectionRunner {
            reader: LogReader::new(pool.clone()),
            pool,
            poll_interval: DEFAULT_POLL_INTERVAL,
            page_size: DEFAULT_PAGE_SIZE,
        }
    }

    pub fn with_poll_interval(mut self, poll_interval: Duration) -> Self {
        self.poll_interval = poll_interval;
        self
    }

    /// How many events one transaction applies at most ([`DEFAULT_PAGE_SIZE`] unless set). A
    /// page of one applies the log one event at a time, which is how the tests show that a
    /// page's grouped writes give the same rows.
    pub fn with_page_size(mut self, page_size: NonZeroU32) -> Self {
        self.page_size = page_size;
        self
    }

    /// Makes every read model ready to follow the log: creates the ones this database lacks, and
    /// rebuilds from the log the ones another version built.
    pub async fn prepare(&self) -> Result<(), ProjectionError> {
        for model in ReadModel::ALL {
            self.prepare_one(model).await?;
        }
        Ok(())
    }

    async fn prepare_one(&self, model: ReadModel) -> Result<(), ProjectionError> {
        let mut transaction = self.pool.begin().await?;
        schema::lock_writer(&mut transaction, model).await?;
        if !schema::schema_exists(&mut transaction, &model.schema(Side::Live)).await? {
            // An empty read model at the genesis is what a rebuild of an empty log gives, and the
            // runner brings it up to the head like any other.
            schema::create_empty(&mut transaction, model, Side::Live).await?;
            transaction.commit().await?;
            tracing::info!(read_model = %model, "created the read model");
            return Ok(());
        }
        schema::use_schema(&mut transaction, model, Side::Live).await?;
        let checkpoint = schema::read_checkpoint(&mut transaction).await?;
        transaction.commit().await?;
        if checkpoint.version != model.version() {
            tracing::info!(
                read_model = %model,
                built_by = checkpoint.version,
                version = model.version(),
                "the read model was built by another version; rebuilding it from the log"
            );
            rebuild::rebuild(&self.pool, model, Outcome::Swap, &mut |_| {}).await?;
        }
        Ok(())
    }

    /// Applies every event after the read model's checkpoint, up to the head as it is when the
    /// last batch is read, and returns the position reached.
    pub async fn catch_up(&self, model: ReadModel) -> Result<Position, ProjectionError> {
        loop {
            let mut transaction = self.pool.begin().await?;
            schema::lock_writer(&mut transaction, model).await?;
            let reached = apply_batch(
                &mut transaction,
                &self.reader,
                model,
                Side::Live,
                None,
                self.page_size,
            )
            .await?;
            transaction.commit().await?;
            if let BatchOutcome::UpToDate(position) = reached {
                return Ok(position);
            }
        }
    }

    /// Brings every read model up to date, one after another. A read model that fails does not
    /// hold the others back: each is tried, each failure is logged with its read model, and the
    /// first failure is returned.
    pub async fn catch_up_all(&self) -> Result<(), ProjectionError> {
        let failures = self.catch_up_each().await;
        log_failures(&failures);
        failures
            .into_iter()
            .next()
            .map_or(Ok(()), |(_, error)| Err(error))
    }

    /// Brings every read model up to date, one after another, and returns each that failed
    /// with its failure.
    async fn catch_up_each(&self) -> Vec<(ReadModel, ProjectionError)> {
        let mut failures = Vec::new();
        for model in ReadModel::ALL {
            if let Err(error) = self.catch_up(model).await {
                failures.push((model, error));
            }
        }
        failures
    }

    /// Follows the log until `shutdown` completes: catches up whenever the append trigger
    /// notifies, and at least every poll interval. A failed round is logged and tried again at
    /// the next wake-up, so a database restart or a bad deployment never stops the server; the
    /// read models simply fall behind until the cause is fixed.
    ///
    /// While the database cannot be reached, the runner says so once and then only when it is
    /// back, rather than logging every read model's failure at every wake-up.
    pub async fn follow(&self, shutdown: impl Future<Output = ()>) {
        tokio::pin!(shutdown);
        let mut listener = None;
        let mut database_away = false;
        loop {
            if listener.is_none() && !database_away {
                listener = self.listen().await;
            }
            let failures = self.catch_up_each().await;
            let away = !failures.is_empty()
                && failures
                    .iter()
                    .all(|(_, error)| eventlog::unreachable_in_chain(error));
            if away && !database_away {
                tracing::warn!("the read models cannot reach the database; they catch up with the log once it is back");
            } else if !away && database_away {
                tracing::warn!("the read models reach the database again");
            }
            database_away = away;
            // The next wake-up tries again.
            if !away {
                log_failures(&failures);
            }
            let notified = async {
                match listener.as_mut() {
                    Some(listener) => listener.recv().await.map(|_| ()),
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                () = &mut shutdown => return,
                received = notified => {
                    if let Err(error) = received {
                        tracing::warn!(%error, "lost the notification channel; polling until it is back");
                        listener = None;
                    }
                }
                () = tokio::time::sleep(self.poll_interval) => {}
            }
        }
    }

    async fn listen(&self) -> Option<PgListener> {
        let listening = async {
            let mut listener = PgListener::connect_with(&self.pool).await?;
            listener.listen(EVENTS_APPENDED_CHANNEL).await?;
            Ok::<_, sqlx::Error>(listener)
        };
        match listening.await {
            Ok(listener) => Some(listener),
            Err(error) => {
                tracing::warn!(%error, "cannot listen for appended events; polling instead");
                None
            }
        }
    }
}

/// Logs each read model's failure to catch up.
fn log_failures(failures: &[(ReadModel, ProjectionError)]) {
    for (model, error) in failures {
        tracing::error!(read_model = %model, %error, "the read model could not catch up with the log");
    }
}
