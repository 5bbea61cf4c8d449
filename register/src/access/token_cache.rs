//! The tokens a server has verified, kept in memory so that a read costs one round trip to the
//! database instead of two.
//!
//! A kept token must stop working the moment it is revoked, wherever the revocation is made. So
//! the cache trusts itself only while it listens to `samverkan_api_tokens_changed`, which a
//! trigger of migration 09 notifies on every change to a token: each notification empties it.
//! While the listening connection is down a notification could be missed, so nothing is kept
//! until it is back. A token is also kept for [`DEFAULT_TIME_TO_LIVE`] at most, the fallback
//! should a notification be lost some other way.
//!
//! One race is closed by a generation number: a lookup that read a token before a revocation
//! committed must not keep it after the notification emptied the cache. Every notification moves
//! the generation on, and a lookup keeps what it read only if the generation it started in is
//! still current.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError, Weak};
use std::time::{Duration, Instant};

use sqlx::postgres::PgListener;
use sqlx::PgPool;
use tokio::sync::oneshot;

/// The channel migration 09's trigger notifies on every change to a token.
const CHANNEL: &str = "samverkan_api_tokens_changed";

/// How long a verified token is kept at most.
pub const DEFAULT_TIME_TO_LIVE: Duration = Duration::from_secs(10);

/// Past this many tokens the cache is emptied rather than grown: a register has a few dozen.
const MOST_TOKENS_KEPT: usize = 10_000;

/// How long the listener waits before it connects again after losing its connection.
const RECONNECT_AFTER: Duration = Duration::from_secs(1);

/// The cache of verified tokens; `T` is the token as the store returns it.
pub(super) struct TokenCache<T> {
    pool: PgPool,
    time_to_live: Duration,
    kept: Mutex<Kept<T>>,
    /// Started on the first lookup, so that a store can be made outside a tokio runtime. Dropping
    /// the sender (with the cache) stops the listener.
    listener: OnceLock<oneshot::Sender<()>>,
}

struct Kept<T> {
    /// Whether the listener is connected and listening, so that no revocation can pass unseen.
    listening: bool,
    generation: u64,
    /// Verified tokens by the SHA-256 of their secret, with the moment each was verified.
    tokens: HashMap<Vec<u8>, (T, Instant)>,
}

impl<T> Default for Kept<T> {
    fn default() -> Self {
        Kept {
            listening: false,
            generation: 0,
            tokens: HashMap::new(),
        }
    }
}

/// Where a lookup started: what it may keep if nothing changed meanwhile.
pub(super) struct Lookup {
    generation: u64,
}

impl<T: Clone + Send + 'static> TokenCache<T> {
    pub(super) fn new(pool: PgPool, time_to_live: Duration) -> Arc<TokenCache<T>> {
        Arc::new(TokenCache {
            pool,
            time_to_live,
            kept: Mutex::new(Kept::default()),
            listener: OnceLock::new(),
        })
    }

    fn kept(&self) -> MutexGuard<'_, Kept<T>> {
        // The map holds no invariant a panic could break half-way: at worst a token is missing.
        self.kept.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The token verified for this secret's hash, if one is kept and still fresh; otherwise where
    /// the lookup in the database starts.
    pub(super) fn find(self: &Arc<Self>, secret_hash: &[u8]) -> Result<T, Lookup> {
        self.listener.get_or_init(|| {
            let (stop, stopped) = oneshot::channel();
            tokio::spawn(listen(Arc::downgrade(self), self.pool.clone(), stopped));
            stop
        });
        let kept = self.kept();
        match kept.tokens.get(secret_hash) {
            Some((token, verified_at))
                if kept.listening && verified_at.elapsed() < self.time_to_live =>
            {
                Ok(token.clone())
            }
            _ => Err(Lookup {
                generation: kept.generation,
            }),
        }
    }

    /// Keeps `token`, read from the database by `lookup`, unless a change to any token was
    /// announced since the lookup started.
    pub(super) fn keep(&self, lookup: Lookup, secret_hash: Vec<u8>, token: T) {
        let mut kept = self.kept();
        if !kept.listening || kept.generation != lookup.generation {
            return;
        }
        if kept.tokens.len() >= MOST_TOKENS_KEPT {
            kept.tokens.clear();
        }
        kept.tokens.insert(secret_hash, (token, Instant::now()));
    }

    /// Forgets every kept token: a token changed, or a change may have gone unseen.
    pub(super) fn forget_all(&self) {
        let mut kept = self.kept();
        kept.generation += 1;
        kept.tokens.clear();
    }

    fn set_listening(&self, listening: bool) {
        self.forget_all();
        self.kept().listening = listening;
    }
}

/// Listens for changes to tokens until the cache is dropped, connecting again whenever the
/// connection is lost.
async fn listen<T: Clone + Send + 'static>(
    cache: Weak<TokenCache<T>>,
    pool: PgPool,
    mut stopped: oneshot::Receiver<()>,
) {
    loop {
        tokio::select! {
            _ = &mut stopped => return,
            () = listen_once(&cache, &pool) => {}
        }
        if let Some(cache) = cache.upgrade() {
            cache.set_listening(false);
        }
        tokio::select! {
            _ = &mut stopped => return,
            () = tokio::time::sleep(RECONNECT_AFTER) => {}
        }
    }
}

/// One listening connection, until it fails.
async fn listen_once<T: Clone + Send + 'static>(cache: &Weak<TokenCache<T>>, pool: &PgPool) {
    let mut listener = match PgListener::connect_with(pool).await {
        Ok(listener) => listener,
        Err(error) => {
            tracing::warn!(%error, "tokens are verified in the database on every request until the token listener connects");
            return;
        }
    };
    if let Err(error) = listener.listen(CHANNEL).await {
        tracing::warn!(%error, "tokens are verified in the database on every request until the token listener listens");
        return;
    }
    match cache.upgrade() {
        Some(cache) => cache.set_listening(true),
        None => return,
    }
    // `try_recv` answers `None` when the connection was lost; notifications sent meanwhile are
    // gone, so the cache stops trusting itself until the listener is back.
    while let Ok(Some(_changed)) = listener.try_recv().await {
        match cache.upgrade() {
            Some(cache) => cache.forget_all(),
            None => return,
        }
    }
    tracing::warn!("the token listener lost its connection; tokens are verified in the database on every request until it is back");
}
