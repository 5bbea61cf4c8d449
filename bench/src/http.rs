//! How fast the real server records decisions and answers as-of reads over a real socket, with
//! many clients at once, against what PostgreSQL itself answers in the same time.
//!
//! The other benchmarks call the register or the router in process, which leaves out what a
//! client pays: the socket, HTTP/1.1, the framework's layers, the token check and JSON both ways.
//! This one serves the whole router (the binary hands it over, since the API and the web app live
//! above this crate) on `127.0.0.1` with `axum::serve`, beside the projection runner, as
//! `samverkan serve` does, and drives it with pooled hyper clients.
//!
//! One committee gets its seat plan, six members and a mandate, and one meeting is called with an
//! agenda of `agenda_items` items and opened. Then `clients` secretaries' clients record the
//! decisions at once, each taking the next undecided item, so that every item is decided exactly
//! once; all of them land on the same meeting stream and the same body's § numbers, which is the
//! worst case for the register's retries. A refusal does not stop the run: every answer is
//! counted by status, since a 409 under load is itself the finding. Next `read_connections`
//! auditors' clients read the body's membership as of a fixed day, and the same number of
//! connections run `SELECT 1` through sqlx, the floor any read through the server stands on.
//!
//! Before any figure is reported, the body's § numbers of the year must be exactly 1 to the number
//! of decisions answered 201, and the whole chain must verify.

use std::collections::BTreeMap;
use std::fmt;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use chrono::{Datelike, NaiveDate};
use domain::meeting::DecisionContent;
use domain::MandatePeriod;
use eventlog::{verify_chain, EventLog, LogIndex, LogReader, PositionRange};
use futures::future::join_all;
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use projections::ProjectionRunner;
use register::access::{Role, TokenStore};
use register::database::{BootstrapOptions, DatabaseSource};
use register::{Actor, Register};
use sqlx::postgres::PgPoolOptions;
use sqlx::PgPool;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use uuid::Uuid;

use super::committee::{check_gapless, Fixture};
use super::{in_scratch_database, latency, BenchError, Latency};

/// What to measure.
#[derive(Debug, Clone)]
pub struct HttpBenchOptions {
    /// How many items the meeting's agenda has.
    pub agenda_items: u16,
    /// How many decisions to record, one per agenda item; the whole agenda when `None`, and
    /// never more than it.
    pub decisions: Option<u32>,
    /// How many clients record decisions at once.
    pub clients: u16,
    /// How many as-of membership reads to time, and `SELECT 1` queries beside them.
    pub read_requests: u32,
    /// How many clients read at once, and how many connections run `SELECT 1` at once.
    pub read_connections: u16,
}

impl HttpBenchOptions {
    /// The decisions the run records: the request, capped at the agenda.
    pub fn decisions_recorded(&self) -> u32 {
        let agenda = u32::from(self.agenda_items);
        self.decisions.unwrap_or(agenda).min(agenda)
    }
}

/// A meeting's stream is loaded whole for every decision, so an agenda longer than this would
/// time the loading of a stream no real meeting has.
const MAX_AGENDA_ITEMS: u16 = 10_000;
const MAX_CLIENTS: u16 = 256;
/// The `SELECT 1` baseline opens this many PostgreSQL connections beside the server's pool, and a
/// default server accepts 100 in all.
const MAX_READ_CONNECTIONS: u16 = 64;
const MAX_READ_REQUESTS: u32 = 1_000_000;
/// The size of `samverkan serve`'s own pool, so that the server measured has the connections the
/// real one has.
const SERVER_CONNECTIONS: u32 = 16;
/// How long the server and the projection runner get to finish once told to stop, before the
/// benchmark stops waiting for them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);
/// How much of an unexpected answer's body the report keeps, enough for a problem's title.
const ANSWER_EXCERPT_CHARS: usize = 300;

/// The day the meeting is held and the day the membership is read as of: a day of the mandate
/// period 2023–2026 on which every member serves.
const MEETING_DAY: &str = "2025-03-12";
/// The members appointed (four members and two deputies), whom every membership read must list.
const MEMBERS: usize = 6;

/// The targets of the issue that asked for this benchmark, shown beside the figures.
const TARGET_DECISIONS_PER_SECOND: f64 = 100.0;
const TARGET_DECISION_P99_MILLISECONDS: f64 = 500.0;
const TARGET_READ_SHARE_OF_SELECT_ONE: f64 = 0.3;

/// One timed phase: how many requests, how long all of them took together, and each one's time.
#[derive(Debug, Clone, Copy)]
pub struct Phase {
    pub requests: u32,
    pub elapsed: Duration,
    pub latency: Latency,
}

impl Phase {
    fn new(times: Vec<Duration>, elapsed: Duration) -> Phase {
        Phase {
            requests: u32::try_from(times.len()).unwrap_or(u32::MAX),
            elapsed,
            latency: latency(times),
        }
    }

    /// `done` operations over the phase's whole time.
    fn per_second(&self, done: u32) -> f64 {
        f64::from(done) / self.elapsed.as_secs_f64().max(f64::EPSILON)
    }
}

/// The answers of one status to the decisions, with the first one's body for the report, since
/// the problem it states says why.
#[derive(Debug, Clone)]
pub struct Answers {
    pub count: u32,
    pub first_body: String,
}

#[derive(Debug)]
pub struct HttpBenchReport {
    pub source: DatabaseSource,
    pub options: HttpBenchOptions,
    pub decisions: Phase,
    /// Every answer to the decisions, by status code.
    pub decision_answers: BTreeMap<u16, Answers>,
    pub reads: Phase,
    pub select_one: Phase,
    /// The year of the meeting, whose § numbers were checked.
    pub year: i32,
    /// How many events the verified chain holds.
    pub events_verified: u64,
}

impl HttpBenchReport {
    /// How many decisions were answered 201 Created, the ones the register recorded.
    pub fn recorded(&self) -> u32 {
        recorded(&self.decision_answers)
    }

    /// How many decisions were answered with any status but 201.
    pub fn refused(&self) -> u32 {
        self.decision_answers
            .iter()
            .filter(|(status, _)| **status != StatusCode::CREATED.as_u16())
            .map(|(_, answers)| answers.count)
            .sum()
    }

    pub fn decisions_per_second(&self) -> f64 {
        self.decisions.per_second(self.recorded())
    }

    pub fn reads_per_second(&self) -> f64 {
        self.reads.per_second(self.reads.requests)
    }

    pub fn select_one_per_second(&self) -> f64 {
        self.select_one.per_second(self.select_one.requests)
    }

    /// Reads per second over `SELECT 1` per second: the share of PostgreSQL's own round trip
    /// rate the server keeps.
    pub fn read_share_of_select_one(&self) -> f64 {
        self.reads_per_second() / self.select_one_per_second().max(f64::EPSILON)
    }
}

fn recorded(answers: &BTreeMap<u16, Answers>) -> u32 {
    answers
        .get(&StatusCode::CREATED.as_u16())
        .map_or(0, |answers| answers.count)
}

/// Serves the router `router` builds over a scratch database, and times decisions and reads
/// through it.
pub async fn run<Serve>(
    bootstrap: &BootstrapOptions,
    options: &HttpBenchOptions,
    router: Serve,
) -> Result<HttpBenchReport, BenchError>
where
    Serve: FnOnce(PgPool) -> Router,
{
    check_options(options)?;
    let (measured, source) =
        in_scratch_database(bootstrap, SERVER_CONNECTIONS, |pool| async move {
            measure(pool.clone(), options, router(pool)).await
        })
        .await?;
    Ok(HttpBenchReport {
        source,
        options: options.clone(),
        decisions: measured.decisions,
        decision_answers: measured.decision_answers,
        reads: measured.reads,
        select_one: measured.select_one,
        year: measured.year,
        events_verified: measured.events_verified,
    })
}

fn check_options(options: &HttpBenchOptions) -> Result<(), BenchError> {
    if options.agenda_items == 0 || options.agenda_items > MAX_AGENDA_ITEMS {
        return Err(BenchError::NothingToMeasure(
            "--agenda-items must be from 1 to 2000: the meeting's stream is loaded whole for every \
             decision",
        ));
    }
    if options.decisions == Some(0) {
        return Err(BenchError::NothingToMeasure(
            "--decisions must be at least 1",
        ));
    }
    if options.clients == 0 || options.clients > MAX_CLIENTS {
        return Err(BenchError::NothingToMeasure(
            "--clients must be from 1 to 256",
        ));
    }
    if u32::from(options.clients) > options.decisions_recorded() {
        return Err(BenchError::NothingToMeasure(
            "--clients must not exceed the decisions recorded: every client records at least one",
        ));
    }
    if options.read_connections == 0 || options.read_connections > MAX_READ_CONNECTIONS {
        return Err(BenchError::NothingToMeasure(
            "--read-connections must be from 1 to 64: the SELECT 1 baseline opens that many \
             PostgreSQL connections beside the server's",
        ));
    }
    if options.read_requests == 0 || options.read_requests > MAX_READ_REQUESTS {
        return Err(BenchError::NothingToMeasure(
            "--read-requests must be from 1 to 1000000",
        ));
    }
    Ok(())
}

/// What one run measured, before the report names the database it ran in.
struct Measured {
    decisions: Phase,
    decision_answers: BTreeMap<u16, Answers>,
    reads: Phase,
    select_one: Phase,
    year: i32,
    events_verified: u64,
}

async fn measure(
    pool: PgPool,
    options: &HttpBenchOptions,
    router: Router,
) -> Result<Measured, BenchError> {
    let register = Register::new(EventLog::new(pool.clone()), Actor::operator("bench http"));
    let fixture = Fixture::new()?;
    let committee = OpenMeeting::set_up(&fixture, &register, options.agenda_items).await?;

    let tokens = TokenStore::new(pool.clone());
    let secretary = tokens
        .create(Role::Secretary, &[committee.body_id], Some("bench http"))
        .await
        .map_err(|error| BenchError::Setup(error.to_string()))?;
    let auditor = tokens
        .create(Role::Auditor, &[], Some("bench http"))
        .await
        .map_err(|error| BenchError::Setup(error.to_string()))?;

    // The read models are brought up to date before serving, as `serve` does, so that the
    // membership read finds the members; the runner then follows the log beside the server, so
    // that decisions compete with the read models' updates as they do in production.
    let runner = ProjectionRunner::new(pool.clone());
    runner.prepare().await?;
    runner.catch_up_all().await?;
    // Statistics of a nearly empty log would let the planner scan where an index answers, as
    // the decisions benchmark explains; autovacuum would have analysed a live register.
    sqlx::query("ANALYZE").execute(&pool).await?;

    let server = Server::start(router, runner).await?;
    let phases = async {
        let (decisions, decision_answers) = record_decisions(
            server.address,
            &secretary.secret,
            &committee,
            &fixture.content(),
            options,
        )
        .await?;
        let membership = format!(
            "http://{}/api/v1/bodies/{}/membership?as_of={}",
            server.address, committee.body_id, committee.meeting_day
        );
        let reads = read_membership(&membership, &auditor.secret, options).await?;
        Ok::<_, BenchError>((decisions, decision_answers, reads))
    }
    .await;
    // The server is stopped whatever the phases did, before the scratch database is dropped.
    server.stop().await;
    let (decisions, decision_answers, reads) = phases?;

    let select_one = select_one(&pool, options).await?;

    let year = committee.meeting_day.year();
    check_paragraphs(&pool, committee.body_id, year, recorded(&decision_answers)).await?;
    let verified = verify_chain(&LogReader::new(pool), PositionRange::default()).await?;
    Ok(Measured {
        decisions,
        decision_answers,
        reads,
        select_one,
        year,
        events_verified: verified.events_checked,
    })
}

/// The real router on a real socket, beside the projection runner, as `samverkan serve` runs
/// them.
struct Server {
    address: SocketAddr,
    stop: watch::Sender<bool>,
    serving: JoinHandle<std::io::Result<()>>,
    following: JoinHandle<()>,
}

impl Server {
    async fn start(router: Router, runner: ProjectionRunner) -> Result<Server, BenchError> {
        // Port 0 lets the system choose a free port, so that runs never collide.
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0))
            .await
            .map_err(BenchError::Listen)?;
        let address = listener.local_addr().map_err(BenchError::Listen)?;
        let (stop, stopped) = watch::channel(false);
        let mut serving_stopped = stopped.clone();
        let serving = tokio::spawn(async move {
            axum::serve(listener, router)
                .with_graceful_shutdown(async move {
                    // An error means the sender is gone, which also means stop.
                    let _ = serving_stopped.wait_for(|stop| *stop).await;
                })
                .await
        });
        let mut following_stopped = stopped;
        let following = tokio::spawn(async move {
            runner
                .follow(async move {
                    let _ = following_stopped.wait_for(|stop| *stop).await;
                })
                .await;
        });
        Ok(Server {
            address,
            stop,
            serving,
            following,
        })
    }

    /// Stops the server and the runner. How the server ended is logged rather than returned,
    /// since the figures were taken by then.
    async fn stop(self) {
        let _ = self.stop.send(true);
        if let Some(Err(error)) = finish("server", self.serving).await {
            tracing::warn!("the benchmark's server failed: {error}");
        }
        finish("projection runner", self.following).await;
    }
}

/// Waits for a stopped task of the server to end. One that does not end within the grace period
/// is aborted, so that a stuck connection cannot keep the scratch database in use.
async fn finish<T>(what: &str, mut handle: JoinHandle<T>) -> Option<T> {
    match tokio::time::timeout(SHUTDOWN_GRACE, &mut handle).await {
        Ok(Ok(output)) => Some(output),
        Ok(Err(error)) => {
            tracing::warn!("the benchmark's {what} stopped: {error}");
            None
        }
        Err(_) => {
            tracing::warn!(
                "the benchmark's {what} did not stop within {} s, so it was aborted",
                SHUTDOWN_GRACE.as_secs()
            );
            handle.abort();
            None
        }
    }
}

type HttpClient = Client<HttpConnector, Full<Bytes>>;

/// A pool of keep-alive HTTP/1.1 connections shared by `clients` clients, so that each client
/// sending at once keeps a connection of its own, as a browser or an integration would.
fn http_client(clients: u16) -> HttpClient {
    Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(usize::from(clients))
        .build_http()
}

/// Sends `request` and reads the whole answer, so that the time taken includes the body and the
/// connection goes back to the pool.
async fn send(
    client: &HttpClient,
    request: Request<Full<Bytes>>,
) -> Result<(StatusCode, Bytes), BenchError> {
    let response = client.request(request).await?;
    let status = response.status();
    let body = response.into_body().collect().await?.to_bytes();
    Ok((status, body))
}

fn excerpt(body: &[u8]) -> String {
    String::from_utf8_lossy(body)
        .chars()
        .take(ANSWER_EXCERPT_CHARS)
        .collect()
}

/// `clients` clients record the decisions at once, each taking the next undecided item until
/// none is left, and every answer is counted by its status.
async fn record_decisions(
    address: SocketAddr,
    secret: &str,
    committee: &OpenMeeting,
    content: &DecisionContent,
    options: &HttpBenchOptions,
) -> Result<(Phase, BTreeMap<u16, Answers>), BenchError> {
    let decisions = options.decisions_recorded();
    let client = http_client(options.clients);
    let uri = format!(
        "http://{address}/api/v1/meetings/{}/decisions",
        committee.meeting_id
    );
    let authorization = format!("Bearer {secret}");
    let next_item = Arc::new(AtomicU32::new(1));
    let content = serde_json::to_value(content)?;

    let started = Instant::now();
    let tasks = (0..options.clients).map(|_| {
        let client = client.clone();
        let uri = uri.clone();
        let authorization = authorization.clone();
        let next_item = Arc::clone(&next_item);
        let content = content.clone();
        tokio::spawn(async move {
            let mut times = Vec::new();
            let mut answers = Vec::new();
            loop {
                // Each item is taken by exactly one client, so that every item is decided once.
                let item = next_item.fetch_add(1, Ordering::Relaxed);
                if item > decisions {
                    break;
                }
                let body = serde_json::json!({
                    "decision_id": Uuid::new_v4(),
                    "item": item,
                    "content": content,
                });
                let request = Request::builder()
                    .method(Method::POST)
                    .uri(&uri)
                    .header(header::AUTHORIZATION, &authorization)
                    .header(header::CONTENT_TYPE, "application/json")
                    .body(Full::new(Bytes::from(serde_json::to_vec(&body)?)))?;
                let sent = Instant::now();
                let (status, body) = send(&client, request).await?;
                times.push(sent.elapsed());
                answers.push((status, body));
            }
            Ok::<_, BenchError>((times, answers))
        })
    });
    let mut times = Vec::new();
    let mut answers: BTreeMap<u16, Answers> = BTreeMap::new();
    for joined in join_all(tasks).await {
        let (client_times, client_answers) = joined??;
        times.extend(client_times);
        for (status, body) in client_answers {
            answers
                .entry(status.as_u16())
                .and_modify(|answers| answers.count += 1)
                .or_insert_with(|| Answers {
                    count: 1,
                    first_body: excerpt(&body),
                });
        }
    }
    let elapsed = started.elapsed();
    Ok((Phase::new(times, elapsed), answers))
}

/// `read_connections` clients read the membership at `uri` until `read_requests` reads are done.
/// Any answer but 200 fails the benchmark, since the time of an error says nothing about reads.
async fn read_membership(
    uri: &str,
    secret: &str,
    options: &HttpBenchOptions,
) -> Result<Phase, BenchError> {
    let client = http_client(options.read_connections);
    let authorization = format!("Bearer {secret}");
    let read = move |client: HttpClient, uri: String, authorization: String| async move {
        let request = Request::builder()
            .method(Method::GET)
            .uri(&uri)
            .header(header::AUTHORIZATION, &authorization)
            .body(Full::new(Bytes::new()))?;
        let sent = Instant::now();
        let (status, body) = send(&client, request).await?;
        let took = sent.elapsed();
        if status != StatusCode::OK {
            return Err(BenchError::ReadAnswered {
                status: status.as_u16(),
                answer: excerpt(&body),
            });
        }
        Ok((took, body))
    };

    // One read first, untimed, to check that the answer lists the members: a read that finds
    // nothing would be fast and wrong.
    let (_, body) = read(client.clone(), uri.to_owned(), authorization.clone()).await?;
    let listed = serde_json::from_slice::<serde_json::Value>(&body)?
        .get("members")
        .and_then(serde_json::Value::as_array)
        .map_or(0, Vec::len);
    if listed != MEMBERS {
        return Err(BenchError::WrongResult(format!(
            "the membership read lists {listed} members, not the {MEMBERS} appointed"
        )));
    }
    // A round of concurrent reads opens the pool's connections before the timing starts.
    let warming = (0..options.read_connections)
        .map(|_| read(client.clone(), uri.to_owned(), authorization.clone()));
    for warmed in join_all(warming).await {
        warmed?;
    }

    let remaining = Arc::new(AtomicU32::new(options.read_requests));
    let started = Instant::now();
    let tasks = (0..options.read_connections).map(|_| {
        let client = client.clone();
        let uri = uri.to_owned();
        let authorization = authorization.clone();
        let remaining = Arc::clone(&remaining);
        tokio::spawn(async move {
            let mut times = Vec::new();
            while take_one(&remaining) {
                let (took, _) = read(client.clone(), uri.clone(), authorization.clone()).await?;
                times.push(took);
            }
            Ok::<_, BenchError>(times)
        })
    });
    let mut times = Vec::new();
    for joined in join_all(tasks).await {
        times.extend(joined??);
    }
    Ok(Phase::new(times, started.elapsed()))
}

/// Takes one request from the shared budget; false when none is left.
fn take_one(remaining: &AtomicU32) -> bool {
    remaining
        .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |left| {
            left.checked_sub(1)
        })
        .is_ok()
}

/// `SELECT 1` through sqlx with a pool of `read_connections` connections, as many queries as
/// reads: the round trip to PostgreSQL that every read through the server pays at least once.
async fn select_one(pool: &PgPool, options: &HttpBenchOptions) -> Result<Phase, BenchError> {
    let connections = u32::from(options.read_connections);
    let baseline = PgPoolOptions::new()
        .max_connections(connections)
        .connect_with((*pool.connect_options()).clone())
        .await?;
    let query = |baseline: PgPool| async move {
        let sent = Instant::now();
        let one: i32 = sqlx::query_scalar("SELECT 1").fetch_one(&baseline).await?;
        let took = sent.elapsed();
        if one != 1 {
            return Err(BenchError::WrongResult(format!("SELECT 1 answered {one}")));
        }
        Ok(took)
    };
    // A round of concurrent queries opens the pool's connections before the timing starts, as
    // the reads' warm-up opens the clients' connections.
    for warmed in join_all((0..connections).map(|_| query(baseline.clone()))).await {
        warmed?;
    }

    let remaining = Arc::new(AtomicU32::new(options.read_requests));
    let started = Instant::now();
    let tasks = (0..connections).map(|_| {
        let baseline = baseline.clone();
        let remaining = Arc::clone(&remaining);
        tokio::spawn(async move {
            let mut times = Vec::new();
            while take_one(&remaining) {
                times.push(query(baseline.clone()).await?);
            }
            Ok::<_, BenchError>(times)
        })
    });
    let mut times = Vec::new();
    let mut failed = None;
    for joined in join_all(tasks).await {
        match joined {
            Ok(Ok(client_times)) => times.extend(client_times),
            Ok(Err(error)) => failed = failed.or(Some(error)),
            Err(error) => failed = failed.or(Some(BenchError::Writer(error))),
        }
    }
    let elapsed = started.elapsed();
    // The baseline's connections are closed before the scratch database is dropped.
    baseline.close().await;
    match failed {
        Some(error) => Err(error),
        None => Ok(Phase::new(times, elapsed)),
    }
}

/// The body's § numbers of `year` as the store holds them must be exactly 1 to `recorded`, the
/// decisions answered 201: a gap, a number taken twice or a decision stored without its 201 is
/// a broken § register.
async fn check_paragraphs(
    pool: &PgPool,
    body_id: Uuid,
    year: i32,
    recorded: u32,
) -> Result<(), BenchError> {
    let stored = LogIndex::new(pool.clone())
        .paragraph_numbers(body_id, year)
        .await?;
    // A § number below 1 cannot be stored; were one read, it would count as beyond the count.
    let numbers: Vec<u32> = stored
        .into_iter()
        .map(|number| u32::try_from(number).unwrap_or(0))
        .collect();
    check_gapless("the store holds", year, &numbers, recorded)
}

/// The committee the decisions are recorded on, and its one open meeting.
struct OpenMeeting {
    body_id: Uuid,
    meeting_id: Uuid,
    meeting_day: NaiveDate,
}

impl OpenMeeting {
    /// The decisions benchmark's committee, with its seat plan and members for the mandate period
    /// of the meeting, and the meeting called with `agenda_items` items and opened.
    async fn set_up(
        fixture: &Fixture,
        register: &Register,
        agenda_items: u16,
    ) -> Result<OpenMeeting, BenchError> {
        let meeting_day: NaiveDate = MEETING_DAY
            .parse()
            .map_err(|error: chrono::ParseError| BenchError::Setup(error.to_string()))?;
        let period = MandatePeriod::containing(meeting_day);
        let established_on = period.first_day();
        fixture
            .establish_cooperation(register, established_on)
            .await?;
        let committee = fixture
            .committee(
                register,
                "Inköpsnämnden (benchmark)",
                established_on,
                established_on,
            )
            .await?;
        fixture.seat(register, committee.id, period).await?;
        let meeting_id = fixture
            .hold_meeting(register, committee.id, meeting_day, agenda_items)
            .await?;
        Ok(OpenMeeting {
            body_id: committee.id,
            meeting_id,
            meeting_day,
        })
    }
}

/// Whether a figure meets its target, as the report's last column says it.
fn verdict(met: bool) -> &'static str {
    if met {
        "met"
    } else {
        "missed"
    }
}

impl fmt::Display for HttpBenchReport {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        let options = &self.options;
        writeln!(
            out,
            "http: the whole server on a real socket (127.0.0.1, HTTP/1.1, pooled keep-alive \
             connections): {} decisions by {} clients on one open meeting of {} agenda items, \
             {} as-of membership reads and as many SELECT 1 by {} clients each, scratch database \
             on {}",
            options.decisions_recorded(),
            options.clients,
            options.agenda_items,
            options.read_requests,
            options.read_connections,
            self.source
        )?;
        writeln!(
            out,
            "{:>11} {:>9} {:>10} {:>10} {:>10}  {:<34} verdict",
            "phase", "requests", "per s", "p50 ms", "p99 ms", "target"
        )?;
        let decisions_met = self.decisions_per_second() >= TARGET_DECISIONS_PER_SECOND
            && self.decisions.latency.p99 / 1000.0 <= TARGET_DECISION_P99_MILLISECONDS
            && !self
                .decision_answers
                .contains_key(&StatusCode::CONFLICT.as_u16());
        let rows = [
            (
                "decisions",
                &self.decisions,
                self.decisions_per_second(),
                format!(
                    "≥ {TARGET_DECISIONS_PER_SECOND:.0}/s, p99 ≤ {TARGET_DECISION_P99_MILLISECONDS:.0} ms, no 409"
                ),
                verdict(decisions_met),
            ),
            (
                "as-of reads",
                &self.reads,
                self.reads_per_second(),
                format!("≥ {TARGET_READ_SHARE_OF_SELECT_ONE} × SELECT 1 per s"),
                verdict(self.read_share_of_select_one() >= TARGET_READ_SHARE_OF_SELECT_ONE),
            ),
            (
                "SELECT 1",
                &self.select_one,
                self.select_one_per_second(),
                "the floor, through sqlx".to_owned(),
                "",
            ),
        ];
        for (phase, timing, per_second, target, verdict) in rows {
            // The baseline has no verdict, and its row ends with its target, not with spaces.
            let row = format!(
                "{:>11} {:>9} {:>10.1} {:>10.2} {:>10.2}  {:<34} {}",
                phase,
                timing.requests,
                per_second,
                timing.latency.median / 1000.0,
                timing.latency.p99 / 1000.0,
                target,
                verdict
            );
            writeln!(out, "{}", row.trim_end())?;
        }
        writeln!(out, "decisions answered 201: {}", self.recorded())?;
        writeln!(out, "decisions answered otherwise: {}", self.refused())?;
        for (status, answers) in &self.decision_answers {
            if *status != StatusCode::CREATED.as_u16() {
                writeln!(
                    out,
                    "  {status}: {}; the first said: {}",
                    answers.count, answers.first_body
                )?;
            }
        }
        writeln!(
            out,
            "reads per second ÷ SELECT 1 per second: {:.2} (target ≥ {TARGET_READ_SHARE_OF_SELECT_ONE})",
            self.read_share_of_select_one()
        )?;
        writeln!(
            out,
            "§ 1–{} of {} are each held once: no gap, no duplicate; the chain of {} events verifies",
            self.recorded(),
            self.year,
            self.events_verified
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_decisions_are_capped_at_the_agenda() {
        let options = HttpBenchOptions {
            agenda_items: 30,
            decisions: Some(50),
            clients: 4,
            read_requests: 200,
            read_connections: 4,
        };
        assert_eq!(options.decisions_recorded(), 30);
        assert_eq!(
            HttpBenchOptions {
                decisions: None,
                ..options
            }
            .decisions_recorded(),
            30
        );
    }

    #[test]
    fn the_shared_budget_hands_out_each_request_once() {
        let remaining = AtomicU32::new(2);
        assert!(take_one(&remaining));
        assert!(take_one(&remaining));
        assert!(!take_one(&remaining));
    }
}
