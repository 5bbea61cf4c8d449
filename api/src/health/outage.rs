//! The outage log: a database that cannot be reached is logged once when the first request
//! meets it, and once when it can be reached again, however many requests were answered 503 in
//! between.
//!
//! A log line per refused request would bury the one fact an operator needs (when the outage
//! began and ended) under thousands of identical lines. Each face marks a response it answered
//! because the database could not be reached with [`DatabaseUnreachable`]; the middleware
//! [`watch`] sees the mark, and the first one starts a probe that asks the database every half
//! second until it answers.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use sqlx::PgPool;

pub use eventlog::DatabaseUnreachable;

/// How often the probe asks whether the database is back.
const PROBE_INTERVAL: Duration = Duration::from_millis(500);

/// Whether an outage is under way, shared by every request of one server.
#[derive(Debug, Clone)]
pub struct OutageLog {
    pool: PgPool,
    under_way: Arc<AtomicBool>,
}

impl OutageLog {
    pub fn new(pool: PgPool) -> OutageLog {
        OutageLog {
            pool,
            under_way: Arc::new(AtomicBool::new(false)),
        }
    }

    /// Whether the last request that met the database found it unreachable and no probe has
    /// reached it since.
    pub fn under_way(&self) -> bool {
        self.under_way.load(Ordering::Acquire)
    }

    /// Notes that a request found the database unreachable: the first such request of an
    /// outage logs it and starts the probe that logs its end.
    pub fn unreachable(&self) {
        if self.under_way.swap(true, Ordering::AcqRel) {
            return;
        }
        tracing::warn!(
            "the database cannot be reached; requests are answered 503 with Retry-After until it \
             can be reached again"
        );
        let outage = self.clone();
        tokio::spawn(async move { outage.probe_until_back(Instant::now()).await });
    }

    async fn probe_until_back(self, began: Instant) {
        loop {
            tokio::time::sleep(PROBE_INTERVAL).await;
            if sqlx::query("SELECT 1").execute(&self.pool).await.is_ok() {
                self.under_way.store(false, Ordering::Release);
                tracing::warn!(
                    outage_seconds = began.elapsed().as_secs_f64(),
                    "the database can be reached again"
                );
                return;
            }
        }
    }
}

/// Notes every response marked [`DatabaseUnreachable`] in the outage log.
pub async fn watch(State(outages): State<OutageLog>, request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.extensions().get::<DatabaseUnreachable>().is_some() {
        outages.unreachable();
    }
    response
}
