//! The `samverkan` command line. The flags that configure where and how it runs can also be set
//! from the environment, and `--help` names the variable beside each of them; those that say what
//! to do this once (`serve --demo`, `token`'s, `export`'s, `replay`'s, `checkpoint --note`,
//! `verify --file` and `--published`) are flags only. The README's "Commands" lists which is
//! which.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use eventlog::export::{restore_export, OfflineVerifyError, RestoreError};
use eventlog::{
    verify_log, ChainReport, LogReader, Position, PositionRange, PublishedHead, VerifyError,
};
use projections::{Outcome, ProjectionError, ReadModel};

use uuid::Uuid;

use crate::connections::ConnectionLimits;
use crate::contract_import::{
    describe_preview, describe_reading, describe_receipt, read_sheet, ContractImportFailure,
};
use crate::import::scenario::parse as parse_scenario;
use crate::import::{
    command_paths, import, load_demo, read_scenario, ImportError, ImportOutcome, DEMO_SCENARIOS,
};
use crate::replay;
use crate::server::{self, ServeError};
use api::{AnonymousReads, HttpSettings};
use bench::append::AppendBenchOptions;
use bench::decisions::DecisionBenchOptions;
use bench::http::HttpBenchOptions;
use bench::membership::MembershipBenchOptions;
use bench::pages::PagesBenchOptions;
use bench::replay::ReplayBenchOptions;
use bench::transition::TransitionBenchOptions;
use bench::verify::VerifyBenchOptions;
use bench::{self, BenchError};
use projections::wording::count;
use register::access::{Role, TokenError, TokenStore, UnknownRole};
use register::audit::checkpoints::{checkpoint_of, record_checkpoint, CheckpointFailure};
use register::audit::export::{export_to_file, ExportFailure};
use register::audit::published::parse_published_head;
use register::audit::report::describe;
use register::database::{self, BootstrapError, BootstrapOptions, InvalidRoleName, RoleName};
use register::{Actor, Register};
use web::WebSettings;

/// Samverkan: the governance record of public-sector cooperation.
#[derive(Debug, Parser)]
#[command(name = "samverkan", version)]
pub struct Cli {
    /// The PostgreSQL server and database to use, as postgres://USER@HOST:PORT/DATABASE. When it is
    /// unset, the local server is used as the current OS user, or else a private cluster.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    pub database_url: Option<String>,

    /// Where the private PostgreSQL cluster lives, when neither DATABASE_URL nor a local server
    /// is available.
    #[arg(
        long,
        env = "SAMVERKAN_DATA_DIR",
        global = true,
        default_value = ".samverkan"
    )]
    pub data_dir: PathBuf,

    /// Which log lines to write to standard error, as a tracing filter such as `info` or
    /// `api=debug,sqlx=warn`. sqlx's warning about a pooled connection it found broken, which
    /// every dropped scratch database causes, is left out unless the filter names sqlx.
    #[arg(long, env = "SAMVERKAN_LOG", global = true, default_value = "info")]
    pub log: String,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Migrate the database, then serve the register over HTTP until interrupted.
    Serve(ServeArgs),
    /// Apply the database migrations as the owner, create the application role where samverkan
    /// set the server up, then exit. With --print-grants, print what the application role needs
    /// instead, as SQL for the owner to run on a server someone else set up.
    Migrate(MigrateArgs),
    /// Recompute the hash chain of the event log, or of an export with --file, and compare it
    /// with every stored hash, every checkpoint and every --published head.
    ///
    /// Exits 0 when the chain is intact, 1 when the log was altered (naming the first position
    /// that departs from the chain), and 2 when the check could not run.
    Verify(VerifyArgs),
    /// Write the event log, or positions --from to --to, to a new JSON Lines file that
    /// `verify --file` checks without a database.
    Export(ExportArgs),
    /// Replay an export of the whole log into an empty database, keeping every position, record
    /// time and hash, as the database's owner.
    ///
    /// The export is verified first, exactly as `verify --file` does, and a broken one is refused
    /// (exit 1) before any database is touched. Rows are then walked along the chain again as
    /// they are written, in one transaction: the register gets every row or none. The read
    /// models are built by `serve` or `replay` afterwards.
    Restore(RestoreArgs),
    /// Record the head of the log (its last position and hash) as a checkpoint event, with a
    /// note on where the same head was published outside the register.
    Checkpoint(CheckpointArgs),
    /// Import a scenario file: every step or nothing; the same file a second time writes
    /// nothing.
    Import(ImportArgs),
    /// Import a cooperation's contract register from a spreadsheet saved as CSV: every contract
    /// or none; the same file a second time writes nothing.
    ///
    /// Prints how the file was read, a line per row (`rad 2: TITLE = CONTRACT_ID`) and what was
    /// written. A refused file prints every error as `rad N, kolumn X: message` to standard
    /// error and exits 2, having written nothing.
    ImportContracts(ImportContractsArgs),
    /// Rebuild read models from position 0 into fresh tables, then swap them in.
    ///
    /// With --check, rebuild beside the live tables and report any difference (drift) instead of
    /// swapping: exits 0 when they agree, 1 when a read model has drifted, and 2 when the replay
    /// could not run.
    Replay(ReplayArgs),
    /// Create, list and revoke the bearer tokens of the HTTP API and the web app.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Measure the register in a scratch database, which is dropped afterwards.
    #[command(subcommand)]
    Bench(BenchCommand),
}

#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The export to restore, as `samverkan export` wrote it.
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct MigrateArgs {
    /// Print the SQL that creates the application role's grants, without connecting anywhere.
    #[arg(long)]
    pub print_grants: bool,

    /// The application role the grants are for.
    #[arg(long, default_value = database::APPLICATION_ROLE, requires = "print_grants", value_parser = parse_role_name)]
    pub role: RoleName,
}

fn parse_role_name(given: &str) -> Result<RoleName, InvalidRoleName> {
    RoleName::new(given)
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Load the seed scenarios into an empty store first (or keep them, when it holds them
    /// already), to try the register on real cases.
    #[arg(long)]
    pub demo: bool,
    /// The address to listen on.
    #[arg(long, env = "SAMVERKAN_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,
    /// Which reads are open without a token: none, or the decision register's public decisions
    /// (those whose minutes are posted on the notice board).
    #[arg(
        long,
        env = "SAMVERKAN_ANONYMOUS_READS",
        value_enum,
        default_value = "none"
    )]
    pub anonymous_reads: AnonymousReads,
    /// The largest request body accepted, in bytes.
    #[arg(long, env = "SAMVERKAN_MAX_BODY_BYTES", default_value_t = 1024 * 1024)]
    pub max_body_bytes: usize,
    /// How many seconds a request may take before it is answered with 503.
    #[arg(long, env = "SAMVERKAN_REQUEST_TIMEOUT_SECONDS", default_value_t = 30)]
    pub request_timeout_seconds: u64,
    /// How many events a read model may lag behind the log while /readyz still says ready.
    #[arg(long, env = "SAMVERKAN_READY_MAX_LAG", default_value_t = api::DEFAULT_READY_MAX_LAG)]
    pub ready_max_lag: u64,
    /// How many seconds a read model may stand still while the log holds events it has not
    /// applied, before /readyz says the server is not ready.
    #[arg(long, env = "SAMVERKAN_READY_MAX_STALL_SECONDS", default_value_t = api::DEFAULT_READY_MAX_STALL.as_secs())]
    pub ready_max_stall_seconds: u64,
    /// How many hours a sign-in to the web app lasts.
    #[arg(long, env = "SAMVERKAN_SESSION_HOURS", default_value_t = 8, value_parser = clap::value_parser!(u64).range(1..=24 * 30))]
    pub session_hours: u64,
    /// Send the web app's session cookie over HTTPS only; set it when the register is served
    /// over TLS, for example behind a proxy that terminates it.
    #[arg(long, env = "SAMVERKAN_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// How many milliseconds a request waits for a database connection before it is answered
    /// 503 with Retry-After: short, so that an outage is reported at once instead of hanging.
    #[arg(long, env = "SAMVERKAN_DB_ACQUIRE_TIMEOUT_MS", default_value_t = 2000, value_parser = clap::value_parser!(u64).range(1..))]
    pub db_acquire_timeout_ms: u64,
    /// How many seconds a client may take to send a request's head before its connection is
    /// closed.
    #[arg(long, env = "SAMVERKAN_HEADER_READ_TIMEOUT_SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub header_read_timeout_seconds: u64,
    /// How many seconds a keep-alive connection may sit idle between requests before it is
    /// closed.
    #[arg(long, env = "SAMVERKAN_IDLE_TIMEOUT_SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    pub idle_timeout_seconds: u64,
    /// How many seconds a request's body may stall between two of its pieces before the request
    /// fails; the whole request stays within --request-timeout-seconds.
    #[arg(long, env = "SAMVERKAN_BODY_READ_TIMEOUT_SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub body_read_timeout_seconds: u64,
    /// How many hours the answer to a request under an Idempotency-Key is kept; a retry within
    /// that time gets the same answer, and afterwards the key is free for a new request.
    #[arg(long, env = "SAMVERKAN_IDEMPOTENCY_RETENTION_HOURS", default_value_t = 24, value_parser = clap::value_parser!(u64).range(1..=24 * 365))]
    pub idempotency_retention_hours: u64,
    /// How many connections may be open at once; more wait to be accepted. Lowered to what the
    /// process's open-file limit allows.
    #[arg(long, env = "SAMVERKAN_MAX_CONNECTIONS", default_value_t = 1024, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub max_connections: u64,
}

impl ServeArgs {
    fn settings(&self) -> HttpSettings {
        HttpSettings {
            anonymous_reads: self.anonymous_reads,
            max_body_bytes: self.max_body_bytes,
            request_timeout: Duration::from_secs(self.request_timeout_seconds),
            ready_max_lag: self.ready_max_lag,
            ready_max_stall: Duration::from_secs(self.ready_max_stall_seconds),
            idempotency_retention: Duration::from_secs(self.idempotency_retention_hours * 60 * 60),
        }
    }

    fn connection_limits(&self) -> ConnectionLimits {
        ConnectionLimits {
            header_read_timeout: Duration::from_secs(self.header_read_timeout_seconds),
            idle_timeout: Duration::from_secs(self.idle_timeout_seconds),
            body_read_timeout: Duration::from_secs(self.body_read_timeout_seconds),
            max_connections: usize::try_from(self.max_connections).unwrap_or(usize::MAX),
        }
    }

    fn web_settings(&self) -> WebSettings {
        WebSettings {
            session_lifetime: Duration::from_secs(self.session_hours * 60 * 60),
            secure_cookies: self.secure_cookies,
            public_notice_board: self.anonymous_reads == AnonymousReads::PublicDecisions,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Create a token and print its secret, which is shown this once.
    Create(TokenCreateArgs),
    /// List every token, revoked ones included; secrets are never shown.
    List,
    /// Revoke a token from now on. Revoked tokens stay listed, because the log names them.
    Revoke(TokenRevokeArgs),
}

#[derive(Debug, Args)]
pub struct TokenCreateArgs {
    /// What the token may do: secretary, auditor or administrator.
    #[arg(long, value_parser = parse_role)]
    pub role: Role,
    /// A body the secretary writes for; repeat for several. Secretaries only.
    #[arg(long = "body")]
    pub bodies: Vec<Uuid>,
    /// Who or what holds the token, as the log will name them, for example "Anna Svensson".
    #[arg(long)]
    pub name: Option<String>,
    /// The last day the token works, as YYYY-MM-DD: it expires at the midnight (UTC) that ends
    /// the day. Without it the token works until it is revoked.
    #[arg(long)]
    pub expires: Option<chrono::NaiveDate>,
}

impl TokenCreateArgs {
    /// The moment the token stops working: the end of the `--expires` day, in UTC.
    fn expires_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        let next_day = self.expires?.succ_opt()?;
        Some(next_day.and_time(chrono::NaiveTime::MIN).and_utc())
    }
}

#[derive(Debug, Args)]
pub struct TokenRevokeArgs {
    /// The id of the token, as `token list` shows it.
    pub id: Uuid,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The first position to check. A range that starts after 1 trusts the stored hash of the
    /// position before it; only a check from 1 proves the chain back to the genesis.
    #[arg(long, env = "SAMVERKAN_VERIFY_FROM", value_parser = parse_position, conflicts_with = "file")]
    pub from: Option<Position>,
    /// The last position to check; the head of the log by default.
    #[arg(long, env = "SAMVERKAN_VERIFY_TO", value_parser = parse_position, conflicts_with = "file")]
    pub to: Option<Position>,
    /// Verify this export instead of the database, which is then not needed.
    #[arg(long)]
    pub file: Option<PathBuf>,
    /// A head published outside the database, as POSITION:HASH; the log must still have that
    /// hash at that position. Repeat for several.
    #[arg(long = "published", value_parser = parse_published_head)]
    pub published: Vec<PublishedHead>,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The first position to export; 1 by default. An export that starts later names the hash
    /// it chains to, which its verification then trusts.
    #[arg(long, value_parser = parse_position)]
    pub from: Option<Position>,
    /// The last position to export; by default every stored row.
    #[arg(long, value_parser = parse_position)]
    pub to: Option<Position>,
    /// The file to write. It must not exist yet.
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The scenario file (JSON, format `samverkan-scenario` version 1).
    pub file: PathBuf,
    /// Who imports, as the log will name them; the OS user by default.
    #[arg(long, env = "SAMVERKAN_OPERATOR")]
    pub by: Option<String>,
}

#[derive(Debug, Args)]
pub struct ImportContractsArgs {
    /// The CSV file, UTF-8 or Windows-1252, with semicolons or commas between the cells and the
    /// Swedish column names in its header row (titel, kategori, leverantör, avtalstyp,
    /// diarienummer, avropsberättigade, startdatum, slutdatum, förlängningsoptioner,
    /// beslutat_av, beslutsdatum, paragraf).
    pub file: PathBuf,
    /// The id of the cooperation that holds the contracts.
    #[arg(long)]
    pub cooperation: Uuid,
    /// Check the file against the register and print what would be registered; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Who imports, as the log will name them; the OS user by default.
    #[arg(long, env = "SAMVERKAN_OPERATOR")]
    pub by: Option<String>,
}

#[derive(Debug, Args)]
pub struct CheckpointArgs {
    /// Where the head is published, for example "printed in the minutes of 2026-12-15 § 12".
    #[arg(long)]
    pub note: String,
    /// Who records the checkpoint, as the log will name them; the OS user by default.
    #[arg(long, env = "SAMVERKAN_OPERATOR")]
    pub by: Option<String>,
}

#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// The read model to rebuild; every read model when left out.
    #[arg(long, value_parser = parse_read_model)]
    pub projection: Option<ReadModel>,
    /// Compare a rebuild with the live tables and report drift; swap nothing.
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Appends per second: plain inserts, the chained log, and whole cqrs-es commands.
    Append(AppendBenchArgs),
    /// Appointment latency on a body with years of membership history against a new body.
    Membership(MembershipBenchArgs),
    /// Decision latency on a body with years of meetings against a new body, and § numbers
    /// under concurrent secretaries.
    Decisions(DecisionBenchArgs),
    /// Read-model replay speed over a large synthetic log against reading it with COPY, and the
    /// latency of an as-of membership query with that log in the store.
    Replay(ReplayBenchArgs),
    /// Latency of carrying out a joint committee's transition, of its preview and of its
    /// readiness, and that carrying out writes what the preview showed.
    Transition(TransitionBenchArgs),
    /// Verification speed over a large synthetic log with a checkpoint, online and from an
    /// export, and the speed of writing the export.
    Verify(VerifyBenchArgs),
    /// The web app's server time per page over the seed cooperations, p50 and p95, today and
    /// at a past day as known at a past position.
    Pages(PagesBenchArgs),
    /// The whole server on a real socket: decisions per second by concurrent clients on one
    /// meeting, with p50, p99 and every answer by status, and as-of membership reads per second
    /// against SELECT 1 through sqlx; the § numbers and the chain are checked afterwards.
    Http(HttpBenchArgs),
}

#[derive(Debug, Args)]
pub struct HttpBenchArgs {
    /// How many items the agenda of the one meeting has; each decision decides one item.
    #[arg(long, env = "SAMVERKAN_BENCH_HTTP_AGENDA_ITEMS", default_value_t = 400)]
    pub agenda_items: u16,
    /// How many decisions to record; the whole agenda by default, and never more than it.
    #[arg(long, env = "SAMVERKAN_BENCH_HTTP_DECISIONS")]
    pub decisions: Option<u32>,
    /// How many clients record decisions at once, each over its own keep-alive connection.
    #[arg(long, env = "SAMVERKAN_BENCH_HTTP_CLIENTS", default_value_t = 20)]
    pub clients: u16,
    /// How many as-of membership reads to time, and how many SELECT 1 beside them.
    #[arg(
        long,
        env = "SAMVERKAN_BENCH_HTTP_READ_REQUESTS",
        default_value_t = 5000
    )]
    pub read_requests: u32,
    /// How many clients read at once, and how many connections run SELECT 1 at once.
    #[arg(
        long,
        env = "SAMVERKAN_BENCH_HTTP_READ_CONNECTIONS",
        default_value_t = 16
    )]
    pub read_connections: u16,
}

#[derive(Debug, Args)]
pub struct PagesBenchArgs {
    /// How many times each page is requested at each moment.
    #[arg(long, env = "SAMVERKAN_BENCH_REQUESTS", default_value_t = 50)]
    pub requests: u32,
    /// How many contracts the committee whose transition workbench is timed holds; 1000 is
    /// `bench transition`'s large size.
    #[arg(long, env = "SAMVERKAN_BENCH_PLAN_CONTRACTS", default_value_t = 1000)]
    pub plan_contracts: u32,
    /// How many obligations that committee's parties owe.
    #[arg(long, env = "SAMVERKAN_BENCH_PLAN_OBLIGATIONS", default_value_t = 500)]
    pub plan_obligations: u32,
}

#[derive(Debug, Args)]
pub struct VerifyBenchArgs {
    /// About how many events to generate (rounded up to whole bodies of 201 events).
    #[arg(
        long,
        env = "SAMVERKAN_BENCH_VERIFY_EVENTS",
        default_value_t = 1_000_000
    )]
    pub events: u64,
}

#[derive(Debug, Args)]
pub struct TransitionBenchArgs {
    /// How many contracts each committee holds, each disposed of by the plan.
    #[arg(
        long,
        env = "SAMVERKAN_BENCH_TRANSITION_CONTRACTS",
        default_value_t = 200
    )]
    pub contracts: u32,
    /// How many obligations each cooperation has, each mapped by the plan.
    #[arg(
        long,
        env = "SAMVERKAN_BENCH_TRANSITION_OBLIGATIONS",
        default_value_t = 100
    )]
    pub obligations: u32,
    /// How many members each committee has for 2023–2026.
    #[arg(long, env = "SAMVERKAN_BENCH_TRANSITION_MEMBERS", default_value_t = 30)]
    pub members: u16,
    /// How many committees to set up and carry out; the report gives the p50 and the maximum.
    #[arg(long, env = "SAMVERKAN_BENCH_TRANSITION_ROUNDS", default_value_t = 5)]
    pub rounds: u16,
}

#[derive(Debug, Args)]
pub struct ReplayBenchArgs {
    /// About how many events to generate (rounded up to whole bodies of 201 events).
    #[arg(
        long,
        env = "SAMVERKAN_BENCH_REPLAY_EVENTS",
        default_value_t = 1_000_000
    )]
    pub events: u64,
    /// How many as-of membership queries to time.
    #[arg(long, env = "SAMVERKAN_BENCH_QUERIES", default_value_t = 2000)]
    pub queries: u32,
}

#[derive(Debug, Args)]
pub struct DecisionBenchArgs {
    /// How many decisions to time on each body, and how many the secretaries record at once.
    #[arg(long, env = "SAMVERKAN_BENCH_DECISIONS", default_value_t = 200)]
    pub decisions: u32,
    /// How many years of meetings (ten a year, ten decisions each) the old body has.
    #[arg(long, env = "SAMVERKAN_BENCH_HISTORY_YEARS", default_value_t = 20)]
    pub history_years: u16,
    /// How many secretaries record decisions on the same body at once.
    #[arg(long, env = "SAMVERKAN_BENCH_DECISION_WRITERS", default_value_t = 2)]
    pub writers: u16,
}

#[derive(Debug, Args)]
pub struct MembershipBenchArgs {
    /// How many appointments to time on each body.
    #[arg(long, env = "SAMVERKAN_BENCH_COMMANDS", default_value_t = 300)]
    pub commands: u32,
    /// How many four-year mandate periods of history the old body has.
    #[arg(long, env = "SAMVERKAN_BENCH_HISTORY_PERIODS", default_value_t = 5)]
    pub history_periods: u16,
}

#[derive(Debug, Args)]
pub struct AppendBenchArgs {
    /// How many single-event commands, and how many plain inserts, each measurement makes.
    #[arg(long, env = "SAMVERKAN_BENCH_EVENTS", default_value_t = 2000)]
    pub events: u32,
    /// The numbers of concurrent writers to measure with, separated by commas.
    #[arg(
        long,
        env = "SAMVERKAN_BENCH_WRITERS",
        value_delimiter = ',',
        default_value = "1,8"
    )]
    pub writers: Vec<u16>,
    /// How many times each path is measured; the report gives the median.
    #[arg(long, env = "SAMVERKAN_BENCH_ROUNDS", default_value_t = 3)]
    pub rounds: u16,
}

fn parse_role(text: &str) -> Result<Role, String> {
    text.parse().map_err(|error: UnknownRole| error.to_string())
}

fn parse_read_model(text: &str) -> Result<ReadModel, String> {
    text.parse()
        .map_err(|error: ProjectionError| error.to_string())
}

fn parse_position(text: &str) -> Result<Position, String> {
    let value: u64 = text
        .parse()
        .map_err(|_| format!("{text:?} is not a position: give a whole number from 1"))?;
    if value == 0 {
        return Err("positions start at 1".to_owned());
    }
    Position::new(value).map_err(|error| error.to_string())
}

/// Why a command failed.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error(transparent)]
    Bootstrap(#[from] BootstrapError),
    #[error(transparent)]
    Verify(#[from] VerifyError),
    #[error(transparent)]
    OfflineVerify(#[from] OfflineVerifyError),
    #[error(transparent)]
    Restore(#[from] RestoreError),
    #[error(transparent)]
    Export(#[from] ExportFailure),
    #[error(transparent)]
    Checkpoint(#[from] CheckpointFailure),
    #[error("nothing was imported: {0}")]
    Import(#[from] ImportError),
    #[error(transparent)]
    ContractImport(#[from] ContractImportFailure),
    #[error(transparent)]
    Serve(#[from] ServeError),
    #[error("the replay failed: {0}")]
    Replay(#[from] ProjectionError),
    #[error("{} drifted from a rebuild of the log", count(*.0 as u64, "read model", "read models"))]
    Drifted(usize),
    #[error(transparent)]
    Bench(#[from] BenchError),
    #[error(transparent)]
    Token(#[from] TokenError),
}

impl CliError {
    /// 1 means the event log was altered; 2 that the command could not do its job.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            CliError::Verify(VerifyError::Broken(_)) | CliError::Drifted(_) => ExitCode::from(1),
            _ => ExitCode::from(2),
        }
    }
}

/// What an import did, as `import` and `serve --demo` print it: the events written and at which
/// positions, then `@key = id` for every id a keyed step created, so that the entities can be
/// found by the file's keys; or that the file was imported before and nothing was written.
fn describe_import(scenario: &str, steps: usize, outcome: &ImportOutcome) -> String {
    match outcome {
        ImportOutcome::Imported {
            events,
            first_position,
            last_position,
            created,
        } => {
            let positions = if first_position == last_position {
                format!("position {first_position}")
            } else {
                format!("positions {first_position}–{last_position}")
            };
            let mut text = format!(
                "imported scenario {scenario} ({}): {} at {positions}\n",
                count(steps as u64, "step", "steps"),
                count(*events, "event", "events"),
            );
            for (key, id) in created {
                text.push_str(&format!("@{key} = {id}\n"));
            }
            text
        }
        ImportOutcome::AlreadyImported { position } => format!(
            "scenario {scenario} was imported from this file before (position {position}); nothing written\n"
        ),
    }
}

/// The number of steps of each demo scenario, by name, for the lines `serve --demo` prints.
fn demo_steps() -> Result<std::collections::BTreeMap<String, usize>, ImportError> {
    let paths = command_paths();
    DEMO_SCENARIOS
        .iter()
        .map(|(_, bytes)| {
            let scenario = parse_scenario(bytes, &paths)?;
            Ok((scenario.name, scenario.steps.len()))
        })
        .collect()
}

/// Who is at the console: the name given, or else the OS user.
fn operator_name(given: Option<String>) -> String {
    given
        .or_else(|| std::env::var("USER").ok())
        .unwrap_or_else(|| "console".to_owned())
}

/// Exit 1 with the finding when a verification found the log altered.
fn altered_if_found(report: ChainReport) -> Result<(), CliError> {
    match report.finding {
        Some(finding) => Err(CliError::Verify(VerifyError::Broken(finding))),
        None => Ok(()),
    }
}

impl Cli {
    fn bootstrap_options(&self) -> BootstrapOptions {
        BootstrapOptions::new(self.database_url.clone(), self.data_dir.clone())
    }

    /// Runs the command given, one function per command.
    pub async fn run(self) -> Result<(), CliError> {
        let options = self.bootstrap_options();
        match self.command {
            Command::Serve(args) => serve(&options, args).await,
            Command::Migrate(args) => migrate(&options, args).await,
            Command::Verify(args) => verify(&options, args).await,
            Command::Export(args) => export(&options, args).await,
            Command::Restore(args) => restore(&options, args).await,
            Command::Import(args) => import_scenario(&options, args).await,
            Command::ImportContracts(args) => import_contracts(&options, args).await,
            Command::Checkpoint(args) => checkpoint(&options, args).await,
            Command::Replay(args) => replay_read_models(&options, args).await,
            Command::Token(command) => token(&options, command).await,
            Command::Bench(command) => bench(&options, command).await,
        }
    }
}

/// `serve`: the register's API with its read models kept up to date, after loading the demo
/// if asked.
async fn serve(options: &BootstrapOptions, args: ServeArgs) -> Result<(), CliError> {
    let options = BootstrapOptions {
        pool_acquire_timeout: Duration::from_millis(args.db_acquire_timeout_ms),
        ..options.clone()
    };
    let options = &options;
    let database = database::open(options).await?;
    if args.demo {
        let steps = demo_steps()?;
        for (scenario, outcome) in load_demo(options, &database.pool).await? {
            let steps = steps.get(&scenario).copied().unwrap_or_default();
            print!("{}", describe_import(&scenario, steps, &outcome));
        }
    }
    let settings = args.settings();
    let web_settings = args.web_settings();
    let limits = args.connection_limits();
    Ok(server::serve(args.listen, database, settings, web_settings, limits).await?)
}

/// `migrate`: creates and migrates the database as its owner, and says which; or prints the
/// application role's grants.
async fn migrate(options: &BootstrapOptions, args: MigrateArgs) -> Result<(), CliError> {
    if args.print_grants {
        let role = args.role.as_str();
        println!("-- First create the role, as a role that may create roles, with a password of your own:");
        println!("-- (CREATEDB, because an import rehearses in a scratch database of its own):");
        println!("--   CREATE ROLE {role} LOGIN CREATEDB PASSWORD '...';");
        println!("-- Then run the rest as the owner of the event log, in the register's database.");
        print!("{}", database::application_grants(&args.role));
        return Ok(());
    }
    let database = database::open_as_owner(options).await?;
    println!(
        "database {} is migrated ({})",
        database.name, database.source
    );
    Ok(())
}

/// `verify`: the chain checked online or in an export; exit 1 when it was altered.
async fn verify(options: &BootstrapOptions, args: VerifyArgs) -> Result<(), CliError> {
    let report = match &args.file {
        Some(path) => eventlog::export::verify_export(path, args.published, &checkpoint_of)?,
        None => {
            let database = database::open_existing(options).await?;
            let reader = LogReader::new(database.pool);
            let range = PositionRange {
                from: args.from,
                to: args.to,
            };
            verify_log(&reader, range, args.published, &checkpoint_of).await?
        }
    };
    print!("{}", describe(&report));
    altered_if_found(report)
}

/// `export`: the log written to a new file, and the heads an auditor keeps.
async fn export(options: &BootstrapOptions, args: ExportArgs) -> Result<(), CliError> {
    let database = database::open_existing(options).await?;
    let reader = LogReader::new(database.pool);
    let range = PositionRange {
        from: args.from,
        to: args.to,
    };
    let summary = export_to_file(&reader, range, &args.out).await?;
    println!(
        "exported {} to {}",
        count(summary.events, "event", "events"),
        args.out.display()
    );
    println!("last position: {}", summary.last_position);
    println!("hash at that position: {}", summary.last_hash);
    println!("head position: {}", summary.head_position);
    println!("head hash: {}", summary.head_hash);
    Ok(())
}

/// `restore`: an export verified, then written into an empty register as it was.
async fn restore(options: &BootstrapOptions, args: RestoreArgs) -> Result<(), CliError> {
    let report = eventlog::export::verify_export(&args.file, Vec::new(), &checkpoint_of)?;
    if !report.is_intact() {
        print!("{}", describe(&report));
        println!("nothing was restored");
        return altered_if_found(report);
    }
    let database = database::open_as_owner(options).await?;
    let summary = restore_export(&database.pool, &args.file).await?;
    println!(
        "restored {} into database {} ({})",
        count(summary.events, "event", "events"),
        database.name,
        database.source
    );
    println!("head position: {}", summary.head_position);
    println!("head hash: {}", summary.head_hash);
    Ok(())
}

/// `import`: a scenario file checked, rehearsed and appended in one transaction.
async fn import_scenario(options: &BootstrapOptions, args: ImportArgs) -> Result<(), CliError> {
    // The file is checked before any database is touched.
    let scenario = read_scenario(&args.file)?;
    let database = database::open(options).await?;
    let actor = Actor::operator(operator_name(args.by));
    let outcome = import(options, &database.pool, &scenario, actor).await?;
    print!(
        "{}",
        describe_import(&scenario.name, scenario.steps.len(), &outcome)
    );
    Ok(())
}

/// `import-contracts`: a contract sheet checked, then imported in one transaction or, with
/// `--dry-run`, only checked.
async fn import_contracts(
    options: &BootstrapOptions,
    args: ImportContractsArgs,
) -> Result<(), CliError> {
    // The file is checked before any database is touched.
    let sheet = read_sheet(&args.file)?;
    print!("{}", describe_reading(&args.file, &sheet));
    let database = database::open_existing(options)
        .await
        .map_err(ContractImportFailure::from)?;
    let register = Register::new(
        eventlog::EventLog::new(database.pool),
        Actor::operator(operator_name(args.by)),
    );
    if args.dry_run {
        let preview = register
            .check_contract_import(args.cooperation, &sheet)
            .await
            .map_err(ContractImportFailure::from)?;
        print!("{}", describe_preview(&preview));
    } else {
        let receipt = register
            .import_contracts(args.cooperation, &sheet)
            .await
            .map_err(ContractImportFailure::from)?;
        print!("{}", describe_receipt(&receipt));
    }
    Ok(())
}

/// `checkpoint`: the head recorded, with where it was published.
async fn checkpoint(options: &BootstrapOptions, args: CheckpointArgs) -> Result<(), CliError> {
    let database = database::open_existing(options).await?;
    let recorded = record_checkpoint(
        &database.pool,
        Actor::operator(operator_name(args.by)),
        &args.note,
    )
    .await?;
    println!(
        "checkpoint {} recorded at position {}",
        recorded.checkpoint_id, recorded.recorded_at
    );
    println!("head position: {}", recorded.position);
    println!("head hash: {}", recorded.hash);
    println!("published: {}", recorded.note);
    Ok(())
}

/// `replay`: read models rebuilt and swapped in, or compared; exit 1 when one drifted.
async fn replay_read_models(options: &BootstrapOptions, args: ReplayArgs) -> Result<(), CliError> {
    let database = database::open_existing(options).await?;
    let models = match args.projection {
        Some(model) => vec![model],
        None => ReadModel::ALL.to_vec(),
    };
    let outcome = if args.check {
        Outcome::Check
    } else {
        Outcome::Swap
    };
    let drifted = replay::run(&database.pool, &models, outcome).await?;
    if drifted > 0 {
        return Err(CliError::Drifted(drifted));
    }
    Ok(())
}

/// `token`: access tokens created, listed and revoked.
async fn token(options: &BootstrapOptions, command: TokenCommand) -> Result<(), CliError> {
    let database = database::open(options).await?;
    let tokens = TokenStore::new(database.pool);
    match command {
        TokenCommand::Create(args) => {
            let created = tokens
                .create_expiring(
                    args.role,
                    &args.bodies,
                    args.name.as_deref(),
                    args.expires_at(),
                )
                .await?;
            println!("token {} created", created.token.id);
            println!("name: {}", created.token.name);
            println!("role: {}", created.token.role);
            for body in &created.token.bodies {
                println!("body: {body}");
            }
            if let Some(expires_at) = created.token.expires_at {
                println!("expires: {}", expires_at.to_rfc3339());
            }
            println!("secret (shown once; send it as `Authorization: Bearer <secret>`):");
            println!("{}", created.secret);
        }
        TokenCommand::List => {
            let last_uses = tokens.last_uses().await?;
            let now = chrono::Utc::now();
            for token in tokens.list().await? {
                let bodies: Vec<String> = token.bodies.iter().map(Uuid::to_string).collect();
                let state = match token.revoked_at {
                    Some(revoked_at) => format!("revoked {}", revoked_at.to_rfc3339()),
                    None if token.has_expired_by(now) => "expired".to_owned(),
                    None => "live".to_owned(),
                };
                let expires = match token.expires_at {
                    Some(expires_at) => format!("expires {}", expires_at.to_rfc3339()),
                    None => "never expires".to_owned(),
                };
                let last_used = match last_uses.get(&token.id) {
                    Some(used_at) => format!("last used {}", used_at.to_rfc3339()),
                    None => "never used".to_owned(),
                };
                println!(
                    "{}\t{}\t{}\t{}\tcreated {}\t{expires}\t{last_used}\t{}",
                    token.id,
                    token.role,
                    token.name,
                    if bodies.is_empty() {
                        "-".to_owned()
                    } else {
                        bodies.join(",")
                    },
                    token.created_at.to_rfc3339(),
                    state
                );
            }
        }
        TokenCommand::Revoke(args) => {
            let token = tokens.revoke(args.id).await?;
            println!("token {} ({}) is revoked", token.id, token.name);
        }
    }
    Ok(())
}

/// `bench`: one measurement, in a scratch database.
async fn bench(options: &BootstrapOptions, command: BenchCommand) -> Result<(), CliError> {
    match command {
        BenchCommand::Append(args) => {
            let bench_options = AppendBenchOptions {
                events: args.events,
                writer_counts: args.writers,
                rounds: args.rounds,
            };
            print!("{}", bench::append::run(options, &bench_options).await?);
            Ok(())
        }
        BenchCommand::Membership(args) => {
            let bench_options = MembershipBenchOptions {
                commands: args.commands,
                history_periods: args.history_periods,
            };
            print!("{}", bench::membership::run(options, &bench_options).await?);
            Ok(())
        }
        BenchCommand::Replay(args) => {
            let bench_options = ReplayBenchOptions {
                events: args.events,
                queries: args.queries,
            };
            print!("{}", bench::replay::run(options, &bench_options).await?);
            Ok(())
        }
        BenchCommand::Decisions(args) => {
            let bench_options = DecisionBenchOptions {
                decisions: args.decisions,
                history_years: args.history_years,
                writers: args.writers,
            };
            print!("{}", bench::decisions::run(options, &bench_options).await?);
            Ok(())
        }
        BenchCommand::Transition(args) => {
            let bench_options = TransitionBenchOptions {
                contracts: args.contracts,
                obligations: args.obligations,
                members: args.members,
                rounds: args.rounds,
            };
            print!("{}", bench::transition::run(options, &bench_options).await?);
            Ok(())
        }
        BenchCommand::Verify(args) => {
            let bench_options = VerifyBenchOptions {
                events: args.events,
            };
            print!("{}", bench::verify::run(options, &bench_options).await?);
            Ok(())
        }
        BenchCommand::Pages(args) => {
            let bench_options = PagesBenchOptions {
                requests: args.requests,
                plan_contracts: args.plan_contracts,
                plan_obligations: args.plan_obligations,
            };
            let load = |pool: sqlx::PgPool| async move {
                load_demo(options, &pool)
                    .await
                    .map(|_| ())
                    .map_err(|error| error.to_string())
            };
            let report =
                bench::pages::run(options, &bench_options, load, server::router_on).await?;
            print!("{report}");
            Ok(())
        }
        BenchCommand::Http(args) => {
            let bench_options = HttpBenchOptions {
                agenda_items: args.agenda_items,
                decisions: args.decisions,
                clients: args.clients,
                read_requests: args.read_requests,
                read_connections: args.read_connections,
            };
            let report = bench::http::run(options, &bench_options, server::router_on).await?;
            print!("{report}");
            Ok(())
        }
    }
}
