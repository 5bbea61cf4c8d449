//! The harness every end-to-end test uses: a fresh database per test, copied from one migrated
//! template, on the server the product's own bootstrap finds.
//!
//! - The template is named after the migrations' checksums, so a changed migration gets a new
//!   template and an unchanged one is reused across runs and test binaries.
//! - A test's database is dropped when the test passes and kept, with its name printed, when it
//!   fails, so that a failure can be inspected with psql.
//! - `SAMVERKAN_TEST_POSTGRES=private-cluster` skips DATABASE_URL and the local server, so that the
//!   suite runs as it would on a machine with only PostgreSQL's binaries installed.

use std::path::PathBuf;

use register::database::{
    create_database, database_exists, ensure_application_role, migrate, quote_identifier,
    BootstrapOptions, PostgresServer, RoleName, APPLICATION_ROLE, MIGRATOR,
};
use sha2::{Digest, Sha256};
use sqlx::postgres::PgPoolOptions;
use sqlx::{Connection, PgPool};
use tokio::sync::OnceCell;
use uuid::Uuid;

/// Where test clusters live: under the system's temporary directory, which the `postgres` user
/// can reach even when the checkout lies in a home directory it cannot enter, and named after
/// the checkout so that two checkouts do not share a cluster.
pub fn test_clusters_dir() -> PathBuf {
    let checkout = Sha256::digest(env!("CARGO_MANIFEST_DIR").as_bytes());
    std::env::temp_dir().join(format!("samverkan-test-{}", hex::encode(&checkout[..6])))
}

/// The bootstrap options the harness uses, from the environment, as described above.
pub fn bootstrap_options() -> BootstrapOptions {
    let data_dir = test_clusters_dir().join("suite");
    match std::env::var("SAMVERKAN_TEST_POSTGRES").as_deref() {
        Ok("private-cluster") => BootstrapOptions {
            local_servers: Vec::new(),
            ..BootstrapOptions::new(None, data_dir)
        },
        _ => BootstrapOptions::new(std::env::var("DATABASE_URL").ok(), data_dir),
    }
}

static SERVER: OnceCell<PostgresServer> = OnceCell::const_new();
static TEMPLATE: OnceCell<String> = OnceCell::const_new();

/// The server every test of this process uses.
pub async fn server() -> &'static PostgresServer {
    SERVER
        .get_or_init(|| async {
            register::database::locate_server(&bootstrap_options())
                .await
                .unwrap_or_else(|error| panic!("the test harness found no PostgreSQL: {error}"))
        })
        .await
}

/// A database of a test's own, migrated, and dropped again when the test passes.
///
/// The register under test connects as the application role, as the product does, so that a
/// privilege it lacks fails a test; `owner_pool` is the owner's (a superuser's), for what a test
/// does behind the register's back: tampering, locking, renaming.
#[derive(Debug)]
pub struct TestDatabase {
    /// As the application role.
    pub pool: PgPool,
    /// As the owner of the log, a superuser.
    pub owner_pool: PgPool,
    pub name: String,
}

impl TestDatabase {
    pub async fn new() -> TestDatabase {
        let server = server().await;
        let template = template().await;
        let name = format!("samverkan_test_{}", Uuid::new_v4().simple());
        let mut connection = server.maintenance_connection().await.unwrap();
        create_database(&mut connection, &name, Some(template))
            .await
            .unwrap();
        connection.close().await.unwrap();
        let owner_pool = server
            .pool_with(&name, PgPoolOptions::new().max_connections(4))
            .await
            .unwrap();
        // The template's grants are copied with it, but the right to create schemas is a grant
        // on the database itself.
        let mut owner = owner_pool.acquire().await.unwrap();
        ensure_application_role(&mut owner, &RoleName::application())
            .await
            .unwrap();
        drop(owner);
        let pool = server
            .pool_as(
                APPLICATION_ROLE,
                &name,
                PgPoolOptions::new().max_connections(12),
                std::time::Duration::from_secs(10),
            )
            .await
            .unwrap();
        TestDatabase {
            pool,
            owner_pool,
            name,
        }
    }

    /// A connection string for the real binary, pointing at this database as the application
    /// role, as an operator's DATABASE_URL would.
    pub fn url(&self) -> String {
        self.url_as(APPLICATION_ROLE)
    }

    /// A connection string as the owner of the log, for `migrate` and `restore`.
    pub fn owner_url(&self) -> String {
        let options = server_connect_options(&self.name);
        self.url_as(options.get_username())
    }

    fn url_as(&self, user: &str) -> String {
        let options = server_connect_options(&self.name);
        let port = options.get_port();
        // A socket directory goes in the host part, percent-encoded, as sqlx and libpq read it.
        let host = match options.get_socket() {
            Some(directory) => directory.display().to_string().replace('/', "%2F"),
            None => options.get_host().to_owned(),
        };
        format!("postgres://{user}@{host}:{port}/{}", self.name)
    }

    /// Runs SQL as a superuser who has switched off the event log's protective triggers: the
    /// tampering an auditor must be able to detect.
    pub async fn tamper(&self, statement: &str) {
        let mut transaction = self.owner_pool.begin().await.unwrap();
        sqlx::raw_sql("SET LOCAL session_replication_role = replica")
            .execute(&mut *transaction)
            .await
            .unwrap();
        sqlx::raw_sql(statement)
            .execute(&mut *transaction)
            .await
            .unwrap();
        transaction.commit().await.unwrap();
    }
}

pub fn server_connect_options(database: &str) -> sqlx::postgres::PgConnectOptions {
    SERVER
        .get()
        .expect("the server is located before any database is made")
        .connect_options(database)
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!(
                "kept the failed test's database {} for inspection",
                self.name
            );
            return;
        }
        let name = self.name.clone();
        // Drop runs inside the test's runtime, which cannot be blocked on; a thread with a
        // runtime of its own drops the database.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime for dropping the test database");
            runtime.block_on(async {
                let server = SERVER.get().expect("the server was located");
                let mut connection = server.maintenance_connection().await.ok()?;
                let statement = format!(
                    "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                    quote_identifier(&name)
                );
                sqlx::raw_sql(&statement)
                    .execute(&mut connection)
                    .await
                    .ok()?;
                connection.close().await.ok()
            })
        })
        .join();
        if !matches!(dropped, Ok(Some(()))) {
            eprintln!("could not drop the test database {}", self.name);
        }
    }
}

/// The migrated template, created once per migration set by whichever test process gets there
/// first; the others wait on an advisory lock and then reuse it.
async fn template() -> &'static str {
    TEMPLATE
        .get_or_init(|| async {
            let server = server().await;
            let mut fingerprint = Sha256::new();
            for migration in MIGRATOR.iter() {
                fingerprint.update(migration.version.to_be_bytes());
                fingerprint.update(&migration.checksum);
            }
            let fingerprint = hex::encode(fingerprint.finalize());
            let template = format!("samverkan_template_{}", &fingerprint[..16]);

            let mut connection = server.maintenance_connection().await.unwrap();
            sqlx::query("SELECT pg_advisory_lock(hashtext('samverkan test template'))")
                .execute(&mut connection)
                .await
                .unwrap();
            if !database_exists(&mut connection, &template).await.unwrap() {
                // Built under another name and renamed when complete, so that a run that dies
                // half-way never leaves a half-migrated template behind.
                let building = format!("{template}_{}", &Uuid::new_v4().simple().to_string()[..8]);
                create_database(&mut connection, &building, None)
                    .await
                    .unwrap();
                let pool = server.pool(&building).await.unwrap();
                migrate(&pool).await.unwrap();
                let mut owner = pool.acquire().await.unwrap();
                ensure_application_role(&mut owner, &RoleName::application())
                    .await
                    .unwrap();
                drop(owner);
                pool.close().await;
                let rename = format!(
                    "ALTER DATABASE {} RENAME TO {}",
                    quote_identifier(&building),
                    quote_identifier(&template)
                );
                sqlx::raw_sql(&rename)
                    .execute(&mut connection)
                    .await
                    .unwrap();
            }
            sqlx::query("SELECT pg_advisory_unlock(hashtext('samverkan test template'))")
                .execute(&mut connection)
                .await
                .unwrap();
            connection.close().await.unwrap();
            template
        })
        .await
}
