//! Telling a database that cannot be reached from one that answered with an error.
//!
//! Every face of the register answers the two differently: a database that is away (the pool
//! found no connection in time, the server refuses connections or is shutting down, the socket
//! broke) is a passing condition the client should wait out, answered 503 with `Retry-After`;
//! anything else is a fault of the service, answered 500 and logged in full. The errors of the
//! crates above keep their `sqlx::Error` as their source, or say what they found in a
//! [`StoreFailure`], so the question is asked once, here, of the whole chain of causes.

use std::error::Error;

/// The seconds a client is asked to wait before retrying a request answered 503 because the
/// database could not be reached. A database away for a restart or a failover is usually back
/// within seconds, and a short wait spreads the retries of many clients without keeping them
/// waiting long after it is back.
pub const RETRY_AFTER_SECONDS: u32 = 2;

/// Marks an HTTP response that was answered 503 because the database could not be reached, so
/// that the server logs the outage once rather than once per request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DatabaseUnreachable;

/// Whether the database could not be reached at all, as opposed to refusing a statement.
pub fn is_unreachable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(database) => database
            .code()
            .is_some_and(|code| is_unreachable_sqlstate(&code)),
        _ => false,
    }
}

/// The SQLSTATEs of a server that will not serve the connection: class 08 (connection
/// exception), the server shutting down or starting (57P01–57P03), too many connections
/// (53300), and 55000, which is what a database closed with `ALLOW_CONNECTIONS false` answers a
/// new connection.
fn is_unreachable_sqlstate(code: &str) -> bool {
    code.starts_with("08") || matches!(code, "57P01" | "57P02" | "57P03" | "53300" | "55000")
}

/// Whether `error`, or any error that caused it, says the database could not be reached.
pub fn unreachable_in_chain(error: &(dyn Error + 'static)) -> bool {
    let mut cause = Some(error);
    while let Some(error) = cause {
        // A batch commit's one failure is shared by every command in it, behind an `Arc`.
        let database = error.downcast_ref::<sqlx::Error>().or_else(|| {
            error
                .downcast_ref::<std::sync::Arc<sqlx::Error>>()
                .map(|shared| shared.as_ref())
        });
        if database.is_some_and(is_unreachable) {
            return true;
        }
        if let Some(failure) = error.downcast_ref::<StoreFailure>() {
            if failure.unreachable {
                return true;
            }
        }
        cause = error.source();
    }
    false
}

/// A failure of the store, described for the log, that remembers whether the database could
/// not be reached: for errors that travel as text past the point where their cause is known.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct StoreFailure {
    message: String,
    unreachable: bool,
}

impl StoreFailure {
    /// A failure the store itself found, such as a stream that does not read as its type.
    pub fn new(message: impl Into<String>) -> StoreFailure {
        StoreFailure {
            message: message.into(),
            unreachable: false,
        }
    }

    /// The failure `error` describes, unreachable if anything in its chain says so.
    pub fn of(error: &(dyn Error + 'static)) -> StoreFailure {
        StoreFailure {
            message: error.to_string(),
            unreachable: unreachable_in_chain(error),
        }
    }

    /// Whether the database could not be reached.
    pub fn is_unreachable(&self) -> bool {
        self.unreachable
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pool_without_a_connection_in_time_is_unreachable() {
        assert!(is_unreachable(&sqlx::Error::PoolTimedOut));
        assert!(is_unreachable(&sqlx::Error::Io(std::io::Error::from(
            std::io::ErrorKind::ConnectionRefused
        ))));
    }

    #[test]
    fn a_row_that_is_not_there_is_not_unreachable() {
        assert!(!is_unreachable(&sqlx::Error::RowNotFound));
        assert!(!unreachable_in_chain(&StoreFailure::new("a stream jumps")));
    }

    #[test]
    fn the_sqlstates_of_a_server_that_will_not_serve_are_unreachable() {
        for code in ["08006", "08001", "57P01", "57P03", "53300", "55000"] {
            assert!(is_unreachable_sqlstate(code), "{code}");
        }
        for code in ["23505", "40001", "42P01", "55P03"] {
            assert!(!is_unreachable_sqlstate(code), "{code}");
        }
    }

    #[test]
    fn a_failure_remembers_an_unreachable_cause_in_its_chain() {
        #[derive(Debug, thiserror::Error)]
        #[error("the token table could not be read: {0}")]
        struct Wrapping(#[from] sqlx::Error);

        let failure = StoreFailure::of(&Wrapping(sqlx::Error::PoolTimedOut));
        assert!(failure.is_unreachable());
        assert!(unreachable_in_chain(&failure));
        assert_eq!(
            failure.to_string(),
            "the token table could not be read: pool timed out while waiting for an open connection"
        );
    }
}
