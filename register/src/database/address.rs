//! Where a PostgreSQL server on this machine may answer: what `locate` probes and what a
//! `DatabaseSource` reports, below both so that neither needs the other.

use std::fmt;
use std::path::PathBuf;

use sqlx::postgres::PgConnectOptions;

/// Where a PostgreSQL server on this machine may answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocalServerAddress {
    /// A directory holding the server's Unix socket, `.s.PGSQL.5432`.
    Socket(PathBuf),
    Tcp {
        host: String,
        port: u16,
    },
}

pub(super) const DEFAULT_PORT: u16 = 5432;

impl LocalServerAddress {
    /// Debian's and most distributions' socket directories first, then the loopback port.
    pub fn standard() -> Vec<LocalServerAddress> {
        vec![
            LocalServerAddress::Socket("/var/run/postgresql".into()),
            LocalServerAddress::Socket("/tmp".into()),
            LocalServerAddress::Tcp {
                host: "127.0.0.1".into(),
                port: DEFAULT_PORT,
            },
        ]
    }

    pub(super) fn connect_options(&self, user: &str) -> PgConnectOptions {
        let options = PgConnectOptions::new_without_pgpass()
            .username(user)
            .application_name("samverkan");
        match self {
            LocalServerAddress::Socket(directory) => options.socket(directory).port(DEFAULT_PORT),
            LocalServerAddress::Tcp { host, port } => options.host(host).port(*port),
        }
    }
}

impl fmt::Display for LocalServerAddress {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LocalServerAddress::Socket(directory) => write!(
                formatter,
                "{}",
                directory.join(format!(".s.PGSQL.{DEFAULT_PORT}")).display()
            ),
            LocalServerAddress::Tcp { host, port } => write!(formatter, "{host}:{port}"),
        }
    }
}
