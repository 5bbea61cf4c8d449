//! Accepting connections within limits, so that no client can hold the server's connections or
//! file descriptors: a header-read timeout, an idle keep-alive timeout, a request-body timeout,
//! and a cap on open connections.
//!
//! `axum::serve` accepts every connection and keeps it as long as the client likes. Here each
//! connection takes one of [`ConnectionLimits::max_connections`] permits before it is accepted,
//! so a flood waits in the kernel's backlog instead of using up descriptors; a connection that
//! sends no complete head within the header-read timeout, or sits idle between requests past
//! the idle timeout, is closed; and a body that stalls between two of its pieces past the body
//! timeout fails its request. When accepting fails anyway (the process is out of descriptors),
//! the loop pauses and tries again; the connections already accepted go on being served, since
//! each is served in its own task.

use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Semaphore};
use tower::ServiceExt;

/// What each connection may take of the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionLimits {
    /// How long a client may take to send a request's head, from the moment the server waits
    /// for it.
    pub header_read_timeout: Duration,
    /// How long a connection may sit between requests before it is closed.
    pub idle_timeout: Duration,
    /// How long a request's body may stall between two of its pieces.
    pub body_read_timeout: Duration,
    /// How many connections may be open at once; more wait to be accepted.
    pub max_connections: usize,
}

impl Default for ConnectionLimits {
    fn default() -> ConnectionLimits {
        ConnectionLimits {
            header_read_timeout: Duration::from_secs(10),
            idle_timeout: Duration::from_secs(30),
            body_read_timeout: Duration::from_secs(10),
            max_connections: 1024,
        }
    }
}

/// How long accepting pauses after it failed, for example for want of file descriptors: long
/// enough for connections to close, short enough that new clients hardly notice.
const ACCEPT_PAUSE: Duration = Duration::from_millis(100);

/// How often a connection checks whether it has been idle too long.
const IDLE_CHECK_INTERVAL: Duration = Duration::from_millis(250);

/// The descriptors kept free of connections: the database pool, the log files and the
/// process's own.
const DESCRIPTORS_KEPT_FREE: u64 = 128;

/// Serves `app` on `listener` within `limits` until `shutdown` completes; then stops accepting,
/// lets every open connection finish the request it is serving, and returns when all are closed.
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()>,
) {
    let max_connections = limits.max_connections.clamp(1, Semaphore::MAX_PERMITS);
    let permits = Arc::new(Semaphore::new(max_connections));
    let (stop, stopping) = watch::channel(false);
    let app = app.layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
        limits.body_read_timeout,
    ));
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            permit = permits.clone().acquire_owned() => permit,
            () = &mut shutdown => break,
        };
        // The semaphore is never closed, so a permit always comes.
        let Ok(permit) = permit else { break };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            () = &mut shutdown => break,
        };
        let stream = match accepted {
            Ok((stream, _peer)) => stream,
            Err(error) => {
                tracing::warn!(%error, "a connection could not be accepted; pausing before the next");
                tokio::time::sleep(ACCEPT_PAUSE).await;
                continue;
            }
        };
        let app = app.clone();
        let stopping = stopping.clone();
        tokio::spawn(async move {
            serve_connection(stream, app, limits, stopping).await;
            drop(permit);
        });
    }
    let _ = stop.send(true);
    // Every connection holds a permit until it is closed, so having them all back means every
    // connection has finished.
    let all = u32::try_from(max_connections).unwrap_or(u32::MAX);
    let _ = permits.acquire_many(all).await;
}

/// Serves one connection until the client closes it, a timeout closes it, or the server stops.
async fn serve_connection(
    stream: TcpStream,
    app: Router,
    limits: ConnectionLimits,
    mut stopping: watch::Receiver<bool>,
) {
    // Responses are small and interactive; waiting to fill a segment only adds latency.
    let _ = stream.set_nodelay(true);
    let activity = Arc::new(Activity::new());
    let service = {
        let activity = activity.clone();
        tower::service_fn(move |request: axum::http::Request<Incoming>| {
            let serving = activity.begin();
            let app = app.clone();
            async move {
                let response = app.oneshot(request).await;
                drop(serving);
                response
            }
        })
    };
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout);
    let connection = builder
        .serve_connection_with_upgrades(TokioIo::new(stream), TowerToHyperService::new(service));
    tokio::pin!(connection);
    let mut idle_checks = tokio::time::interval(IDLE_CHECK_INTERVAL);
    let mut closing = false;
    loop {
        tokio::select! {
            served = connection.as_mut() => {
                if let Err(error) = served {
                    tracing::debug!(%error, "a connection ended with an error");
                }
                return;
            }
            _ = idle_checks.tick(), if !closing => {
                if activity.idle_for() >= limits.idle_timeout {
                    closing = true;
                    connection.as_mut().graceful_shutdown();
                }
            }
            _ = stopping.wait_for(|stop| *stop), if !closing => {
                closing = true;
                connection.as_mut().graceful_shutdown();
            }
        }
    }
}

/// When a connection last served a request, and how many it is serving now.
#[derive(Debug)]
struct Activity {
    serving: AtomicUsize,
    last_done: Mutex<Instant>,
}

impl Activity {
    fn new() -> Activity {
        Activity {
            serving: AtomicUsize::new(0),
            last_done: Mutex::new(Instant::now()),
        }
    }

    /// Marks a request begun; it counts as served when the returned guard is dropped.
    fn begin(self: &Arc<Activity>) -> Serving {
        self.serving.fetch_add(1, Ordering::AcqRel);
        Serving(self.clone())
    }

    /// How long the connection has had nothing to serve: zero while it serves a request.
    fn idle_for(&self) -> Duration {
        if self.serving.load(Ordering::Acquire) > 0 {
            return Duration::ZERO;
        }
        match self.last_done.lock() {
            Ok(last_done) => last_done.elapsed(),
            // A poisoned clock only means a panic elsewhere; the connection counts as busy
            // rather than being closed under a client.
            Err(_) => Duration::ZERO,
        }
    }
}

/// A request being served on a connection.
struct Serving(Arc<Activity>);

impl Drop for Serving {
    fn drop(&mut self) {
        if let Ok(mut last_done) = self.0.last_done.lock() {
            *last_done = Instant::now();
        }
        self.0.serving.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Raises the process's limit of open files to the most it may have, and returns how many
/// connections fit under it with [`DESCRIPTORS_KEPT_FREE`] kept for everything else: the cap
/// on connections is lowered to that, so that the server refuses to accept before the system
/// refuses it a descriptor.
pub fn connections_that_fit(wanted: usize) -> usize {
    let Some(limit) = raise_open_file_limit() else {
        return wanted;
    };
    let fit = limit.saturating_sub(DESCRIPTORS_KEPT_FREE).max(1);
    let fit = usize::try_from(fit).unwrap_or(usize::MAX);
    if fit < wanted {
        tracing::warn!(
            wanted,
            fit,
            open_file_limit = limit,
            "the open-file limit allows fewer connections than asked for; serving at most {fit}"
        );
    }
    wanted.min(fit)
}

#[cfg(unix)]
fn raise_open_file_limit() -> Option<u64> {
    use nix::sys::resource::{getrlimit, setrlimit, Resource};
    let (soft, hard) = getrlimit(Resource::RLIMIT_NOFILE).ok()?;
    if soft < hard && setrlimit(Resource::RLIMIT_NOFILE, hard, hard).is_ok() {
        return Some(hard);
    }
    Some(soft)
}

#[cfg(not(unix))]
fn raise_open_file_limit() -> Option<u64> {
    None
}
