//! How long the web app's server takes to answer each page, today and in the past.
//!
//! The seed cooperations are loaded into a scratch database (the binary hands over its importer,
//! which lives above this crate), the read models are brought up to date, and an auditor signs
//! in. A meeting of 50 §§ is added, since the seeds' meetings are small. Then every page of every
//! kind (the start page, each cooperation, each body, the meeting, a §, the notice and the
//! protokoll), and the transition workbench of a committee planned and made ready with
//! `--plan-contracts` contracts and `--plan-obligations` obligations (its overview, contracts
//! chart, cost shares and preview, beside the API's preview of the same plan) is requested
//! `requests` times through the whole server in process, so the figures are the server's own
//! time, without a network: once for today as known now, and once for 2024-06-30 as the register
//! knew it half-way through its log. A page that does not answer 200 fails the benchmark, since
//! the time of an error page says nothing.

use std::fmt;
use std::future::Future;
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use chrono::NaiveDate;
use eventlog::{LogReader, Position};
use projections::cooperations::cooperations;
use projections::documents::documents_of_cooperation;
use projections::membership::bodies_of_cooperation;
use projections::{KnownAt, ProjectionRunner, ReadAt};
use register::access::{Role, SessionStore, TokenStore};
use sqlx::PgPool;
use tower::ServiceExt;

use super::decisions::meeting_with_paragraphs;
use super::transition::ready_plan;
use super::{in_scratch_database, latency, BenchError, Latency};
use register::database::{BootstrapOptions, DatabaseSource};
use register::{Actor, Register};

/// What to measure.
#[derive(Debug, Clone)]
pub struct PagesBenchOptions {
    /// How many times each page is requested at each moment.
    pub requests: u32,
    /// How many contracts the committee whose transition workbench is timed holds.
    pub plan_contracts: u32,
    /// How many obligations that committee's parties owe.
    pub plan_obligations: u32,
}

const MAX_REQUESTS: u32 = 10_000;

/// The past moment the pages are also read at: the day before Södertörn's committee ended.
const PAST_DAY: &str = "2024-06-30";

/// The meeting whose pages are timed: a committee's long meeting, of 50 §§.
const MEETING_DAY: &str = "2025-03-12";
const MEETING_PARAGRAPHS: u16 = 50;

/// The members of the committee whose transition workbench is timed.
const PLAN_MEMBERS: u16 = 30;
/// The day the workbench is also read on: the day before the plan takes effect.
const PLAN_PAST_DAY: &str = "2024-12-31";
const MAX_PLAN_CONTRACTS: u32 = 2000;
const MAX_PLAN_OBLIGATIONS: u32 = 2000;

/// One kind of page at one moment.
#[derive(Debug, Clone)]
pub struct PageTiming {
    pub page: &'static str,
    /// How many different pages of this kind there are, each requested `requests` times.
    pub pages: usize,
    pub today: Latency,
    pub past: Latency,
}

#[derive(Debug)]
pub struct PagesBenchReport {
    pub source: DatabaseSource,
    pub options: PagesBenchOptions,
    pub events: u64,
    pub past_known_at: u64,
    /// The position the meeting's pages are read at in the past: half-way through its §§.
    pub meeting_past_known_at: u64,
    pub timings: Vec<PageTiming>,
    /// The API's preview of the workbench's plan, `POST /api/v1/transitions/{id}/preview`, which
    /// the preview page must stay near.
    pub api_preview: Latency,
}

/// Loads the seeds with `load`, serves them with `router`, and times every page.
pub async fn run<Load, Loading, Serve>(
    bootstrap: &BootstrapOptions,
    options: &PagesBenchOptions,
    load: Load,
    router: Serve,
) -> Result<PagesBenchReport, BenchError>
where
    Load: FnOnce(PgPool) -> Loading,
    Loading: Future<Output = Result<(), String>>,
    Serve: Fn(PgPool) -> Router,
{
    if options.requests == 0 || options.requests > MAX_REQUESTS {
        return Err(BenchError::NothingToMeasure(
            "--requests must be from 1 to 10000: each page is requested that many times",
        ));
    }
    if options.plan_contracts > MAX_PLAN_CONTRACTS
        || options.plan_obligations > MAX_PLAN_OBLIGATIONS
    {
        return Err(BenchError::NothingToMeasure(
            "--plan-contracts and --plan-obligations must be from 0 to 2000: each is an event on \
             the plan's stream",
        ));
    }
    let (measured, source) = in_scratch_database(bootstrap, 8, |pool| async move {
        load(pool.clone()).await.map_err(BenchError::Setup)?;
        measure(pool.clone(), options, router(pool)).await
    })
    .await?;
    Ok(PagesBenchReport {
        source,
        options: options.clone(),
        events: measured.events,
        past_known_at: measured.past_known_at,
        meeting_past_known_at: measured.meeting_past_known_at,
        timings: measured.timings,
        api_preview: measured.api_preview,
    })
}

/// What one run measured, before the report names the database it ran in.
struct Measured {
    events: u64,
    past_known_at: u64,
    meeting_past_known_at: u64,
    timings: Vec<PageTiming>,
    api_preview: Latency,
}

async fn measure(
    pool: PgPool,
    options: &PagesBenchOptions,
    router: Router,
) -> Result<Measured, BenchError> {
    // The seeds' meetings are small, so a meeting of the size a busy committee holds is added:
    // its page, a §, the notice and the protokoll are timed on it.
    let meeting_day: NaiveDate = MEETING_DAY
        .parse()
        .map_err(|error: chrono::ParseError| BenchError::Setup(error.to_string()))?;
    let register = Register::new(
        eventlog::EventLog::new(pool.clone()),
        Actor::operator("bench pages"),
    );
    let (meeting_id, meeting_half_way) =
        meeting_with_paragraphs(&register, meeting_day, MEETING_PARAGRAPHS).await?;
    // The seeds' plans are small, so a committee of the size the transition benchmark's large
    // run has is planned and made ready: the workbench's pages are timed on it.
    let transition_id = ready_plan(
        &register,
        options.plan_contracts,
        options.plan_obligations,
        PLAN_MEMBERS,
    )
    .await?;
    let runner = ProjectionRunner::new(pool.clone());
    runner.prepare().await?;
    runner.catch_up_all().await?;
    // Statistics of a nearly empty log would let the planner scan where an index answers, as
    // the transition benchmark explains; autovacuum would have analysed a live register.
    sqlx::query("ANALYZE").execute(&pool).await?;
    let events = LogReader::new(pool.clone()).head().await?.position.get();
    let past_known_at = (events / 2).max(1);

    let token = TokenStore::new(pool.clone())
        .create(Role::Auditor, &[], Some("bench pages"))
        .await
        .map_err(|error| BenchError::Setup(error.to_string()))?;
    let session = SessionStore::new(pool.clone())
        .start(&token.secret, Duration::from_secs(60 * 60))
        .await
        .map_err(|error| BenchError::Setup(error.to_string()))?
        .ok_or_else(|| BenchError::Setup("the bench's own token did not sign in".to_owned()))?;
    let cookie = format!("samverkan_session={}", session.secret);

    // The pages timed are those the register knew at the past moment, so that both moments
    // time the same pages; what it learned later would be a 404 in the past.
    let past_day: NaiveDate = PAST_DAY
        .parse()
        .map_err(|error: chrono::ParseError| BenchError::Setup(error.to_string()))?;
    let past = ReadAt::on(past_day).known_at(KnownAt::Position(Position::new(past_known_at)?));
    let listed = cooperations(&pool, past).await?.cooperations;
    let mut cooperation_pages = Vec::new();
    let mut document_pages = Vec::new();
    let mut body_pages = Vec::new();
    let mut history_pages = Vec::new();
    for cooperation in &listed {
        cooperation_pages.push(format!("/samverkan/{}", cooperation.cooperation_id));
        for document in documents_of_cooperation(&pool, cooperation.cooperation_id, past).await? {
            document_pages.push(format!("/dokument/{}", document.document_id));
        }
        for body in bodies_of_cooperation(&pool, cooperation.cooperation_id, past)
            .await?
            .bodies
        {
            body_pages.push(format!("/organ/{}", body.body_id));
            history_pages.push(format!("/granskning/historik/{}", body.body_id));
        }
    }
    let past_query = format!("?as_of={PAST_DAY}&known_at={past_known_at}");
    // The meeting did not exist on the seeds' past day: its pages are read in the past as the
    // register knew them half-way through its §§.
    let meeting_past_query = format!("?as_of={MEETING_DAY}&known_at={}", meeting_half_way.get());
    let meeting = format!("/sammantrade/{meeting_id}");
    // The plan did not exist on the seeds' past day: its pages are read in the past on the day
    // before it takes effect, as the register knew it when it was made ready.
    let workbench = format!("/omstallning/{transition_id}");
    let plan_past_query = format!("?as_of={PLAN_PAST_DAY}&known_at={events}");
    let kinds = [
        ("start", vec!["/".to_owned()], &past_query),
        ("cooperation", cooperation_pages, &past_query),
        ("document", document_pages, &past_query),
        ("body", body_pages, &past_query),
        ("history", history_pages, &past_query),
        ("meeting", vec![meeting.clone()], &meeting_past_query),
        (
            "paragraph",
            vec![format!("{meeting}/paragraf/{}", MEETING_PARAGRAPHS / 2)],
            &meeting_past_query,
        ),
        (
            "kallelse",
            vec![format!("{meeting}/kallelse")],
            &meeting_past_query,
        ),
        (
            "protokoll",
            vec![format!("{meeting}/protokoll")],
            &meeting_past_query,
        ),
        ("workbench", vec![workbench.clone()], &plan_past_query),
        (
            "contracts",
            vec![format!("{workbench}/avtal")],
            &plan_past_query,
        ),
        (
            "cost shares",
            vec![format!("{workbench}/kostnader")],
            &plan_past_query,
        ),
        (
            "preview",
            vec![format!("{workbench}/forhandsvisning")],
            &plan_past_query,
        ),
    ];
    let mut timings = Vec::new();
    for (page, paths, past_query) in kinds {
        if paths.is_empty() {
            return Err(BenchError::NothingToMeasure(
                "the seeds hold no page of a kind the benchmark times",
            ));
        }
        // One pass first, so that the first timed request does not pay for cold caches.
        time_pages(&router, &cookie, &paths, "", 1).await?;
        let today = time_pages(&router, &cookie, &paths, "", options.requests).await?;
        let past = time_pages(&router, &cookie, &paths, past_query, options.requests).await?;
        timings.push(PageTiming {
            page,
            pages: paths.len(),
            today: latency(today),
            past: latency(past),
        });
    }
    // The preview page against the API's preview of the same plan, whose time it must stay near.
    let body = format!(
        "{{\"basis\":{}}}",
        plan_basis_json(&pool, transition_id).await?
    );
    let api_path = format!("/api/v1/transitions/{transition_id}/preview");
    time_api_preview(&router, &token.secret, &api_path, &body, 1).await?;
    let api_preview =
        time_api_preview(&router, &token.secret, &api_path, &body, options.requests).await?;
    Ok(Measured {
        events,
        past_known_at,
        meeting_past_known_at: meeting_half_way.get(),
        timings,
        api_preview: latency(api_preview),
    })
}

/// The basis plan `transition_id` was made on, as JSON: what the preview is asked to cite.
async fn plan_basis_json(pool: &PgPool, transition_id: uuid::Uuid) -> Result<String, BenchError> {
    let register = Register::new(
        eventlog::EventLog::new(pool.clone()),
        Actor::operator("bench pages"),
    );
    let plan = register
        .transition_plan(transition_id)
        .await
        .map_err(|error| BenchError::Setup(error.to_string()))?;
    let basis = plan
        .view_on(NaiveDate::MIN)
        .map(|view| view.basis)
        .ok_or_else(|| BenchError::Setup("the workbench's plan is not planned".to_owned()))?;
    serde_json::to_string(&basis).map_err(|error| BenchError::Setup(error.to_string()))
}

/// Posts the API's preview `rounds` times with `secret`, and returns the time of each answer.
async fn time_api_preview(
    router: &Router,
    secret: &str,
    path: &str,
    body: &str,
    rounds: u32,
) -> Result<Vec<Duration>, BenchError> {
    let mut times = Vec::with_capacity(rounds as usize);
    for _ in 0..rounds {
        let request = Request::post(path)
            .header(header::AUTHORIZATION, format!("Bearer {secret}"))
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_owned()))
            .map_err(|error| BenchError::Setup(error.to_string()))?;
        let started = Instant::now();
        let response = router
            .clone()
            .oneshot(request)
            .await
            .map_err(|error| BenchError::Setup(error.to_string()))?;
        let status = response.status();
        axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .map_err(|error| BenchError::Setup(error.to_string()))?;
        times.push(started.elapsed());
        if status != StatusCode::OK {
            return Err(BenchError::WrongResult(format!(
                "POST {path} answered {status}, not 200"
            )));
        }
    }
    Ok(times)
}

/// Requests every path `rounds` times with `query`, and returns the time of each answer.
async fn time_pages(
    router: &Router,
    cookie: &str,
    paths: &[String],
    query: &str,
    rounds: u32,
) -> Result<Vec<Duration>, BenchError> {
    let mut times = Vec::with_capacity(paths.len() * rounds as usize);
    for _ in 0..rounds {
        for path in paths {
            let request = Request::get(format!("{path}{query}"))
                .header(header::COOKIE, cookie)
                .body(Body::empty())
                .map_err(|error| BenchError::Setup(error.to_string()))?;
            let started = Instant::now();
            let response = router
                .clone()
                .oneshot(request)
                .await
                .map_err(|error| BenchError::Setup(error.to_string()))?;
            let status = response.status();
            axum::body::to_bytes(response.into_body(), usize::MAX)
                .await
                .map_err(|error| BenchError::Setup(error.to_string()))?;
            times.push(started.elapsed());
            if status != StatusCode::OK {
                return Err(BenchError::WrongResult(format!(
                    "{path}{query} answered {status}, not 200"
                )));
            }
        }
    }
    Ok(times)
}

impl fmt::Display for PagesBenchReport {
    fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            out,
            "pages: {} requests of each page at each moment, in process (the server's time, no \
             network), over the seed cooperations ({} events), {}",
            self.options.requests, self.events, self.source
        )?;
        writeln!(
            out,
            "today = today as known now; past = {PAST_DAY} as known at position {} (a meeting \
             of {MEETING_PARAGRAPHS} §§ and its documents: {MEETING_DAY} as known at position {}, \
             half-way through its §§)",
            self.past_known_at, self.meeting_past_known_at
        )?;
        writeln!(
            out,
            "the workbench's plan: a committee of {} contracts and {} obligations, read in the \
             past on {PLAN_PAST_DAY}; the preview page beside the API's preview of it, today \
             p50 {:.2} ms, p95 {:.2} ms",
            self.options.plan_contracts,
            self.options.plan_obligations,
            self.api_preview.median / 1000.0,
            self.api_preview.p95 / 1000.0,
        )?;
        writeln!(
            out,
            "{:>12} {:>6} {:>12} {:>12} {:>12} {:>12}",
            "page", "pages", "today p50", "today p95", "past p50", "past p95"
        )?;
        for timing in &self.timings {
            writeln!(
                out,
                "{:>12} {:>6} {:>9.2} ms {:>9.2} ms {:>9.2} ms {:>9.2} ms",
                timing.page,
                timing.pages,
                timing.today.median / 1000.0,
                timing.today.p95 / 1000.0,
                timing.past.median / 1000.0,
                timing.past.p95 / 1000.0,
            )?;
        }
        Ok(())
    }
}
