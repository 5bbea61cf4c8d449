//! How fast read models rebuild from a large log, against the physical limit of reading the same
//! rows, and how fast an as-of membership query answers with that log in the store.
//!
//! The log is synthetic but made of real events: each body is established, then gets eight mandate
//! periods (1995–2026), each with a seat plan, twelve appointments and twelve early ends. Payloads
//! are the domain's own events serialised by serde, with the ids of each body substituted in SQL,
//! so the read models apply them exactly as they would apply the register's. Bodies are
//! interleaved, as in a real log. The rows go through the append trigger, so the chain is real.
//!
//! Each reading is also given as a share of COPY's speed. Before any figure is printed, the
//! membership read model is replayed a second time and compared with the first, row for row.

use std::fmt;
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use domain::body::{BodyEstablished, BodyEvent, BodyKind};
use domain::body_term::{
    Appointment, BodyTermEvent, EndReason, MemberAppointed, MembershipEnded, Person, Role,
    SeatAllocation, SeatPlanAdopted,
};
use domain::{LegalBasis, MandatePeriod, PartyCode};
use eventlog::{LogReader, Position};
use futures::TryStreamExt;
use projections::membership::membership;
use projections::{rebuild, rebuild_all, KnownAt, Outcome, ReadAt, ReadModel};
use sqlx::PgPool;
use uuid::Uuid;

use super::{in_scratch_database, latency, BenchError, Latency};
use register::database::{BootstrapOptions, DatabaseSource};

/// What to measure.
#[derive(Debug, Clone)]
pub struct ReplayBenchOptions {
    /// About how many events to generate; rounded up to whole bodies.
    pub events: u64,
    /// How many as-of membership queries to time.
    pub queries: u32,
}

#[derive(Debug)]
pub struct ReplayBenchReport {
    pub source: DatabaseSource,
    pub measured: Measurements,
}

#[derive(Debug)]
pub struct Measurements {
    pub events: u64,
    pub bodies: u64,
    pub generated_in: Duration,
    pub copy: Duration,
    pub log_reader: Duration,
    pub replays: Vec<(ReadModel, Duration)>,
    /// Every read model rebuilt in one pass over the log, as `samverkan replay` does.
    pub one_pass: Duration,
    pub queries: u32,
    pub latest: Latency,
    pub past: Latency,
    pub members_plan: String,
}

const PERIODS: [i32; 8] = [1995, 1999, 2003, 2007, 2011, 2015, 2019, 2023];
const APPOINTMENTS_PER_PERIOD: u32 = 12;
pub(crate) const EVENTS_PER_BODY: u64 =
    1 + PERIODS.len() as u64 * (1 + 2 * APPOINTMENTS_PER_PERIOD as u64);

/// How many bodies' events one generating statement appends.
const APPEND_CHUNK: usize = 200;

/// Stand-ins in the templates, replaced per body (and per membership) in SQL.
const BODY_SENTINEL: Uuid = Uuid::from_u128(0x0b0d_1e5e_0000_0000_0000_0000_0000_0001);
const MEMBERSHIP_SENTINEL: Uuid = Uuid::from_u128(0x0b0d_1e5e_0000_0000_0000_0000_0000_0002);

/// One event of every body's script.
struct Template {
    aggregate_type: &'static str,
    /// The mandate period of a BodyTerm event; none for the body's own stream.
    period: Option<i32>,
    sequence: i64,
    event_type: &'static str,
    /// Which of the body's memberships the event names, if any.
    membership: Option<i32>,
    payload: String,
}

pub async fn run(
    bootstrap: &BootstrapOptions,
    options: &ReplayBenchOptions,
) -> Result<ReplayBenchReport, BenchError> {
    if options.events == 0 || options.queries == 0 {
        return Err(BenchError::NothingToMeasure(
            "--events and --queries must be at least 1",
        ));
    }
    let bodies = options.events.div_ceil(EVENTS_PER_BODY);
    let (report, source) = in_scratch_database(bootstrap, 4, |pool| async move {
        let started = Instant::now();
        generate(&pool, bodies).await?;
        eventlog::baseline::analyze_log(&pool).await?;
        let generated_in = started.elapsed();
        let events = bodies * EVENTS_PER_BODY;

        let copy = time_copy(&pool).await?;
        let log_reader = time_log_reader(&pool).await?;
        let mut replays = Vec::new();
        for model in ReadModel::ALL {
            let started = Instant::now();
            rebuild(&pool, model, Outcome::Swap, &mut |_| {}).await?;
            replays.push((model, started.elapsed()));
        }
        let started = Instant::now();
        rebuild_all(&pool, &ReadModel::ALL, Outcome::Swap, &mut |_| {}).await?;
        let one_pass = started.elapsed();
        // A replay's speed says nothing if it built other rows than the last one did: membership,
        // the read model the as-of queries read, is rebuilt once more and compared row for row.
        let checked = rebuild(&pool, ReadModel::Membership, Outcome::Check, &mut |_| {}).await?;
        if !checked.drift.is_empty() {
            return Err(BenchError::ReplayDrift(format!("{:?}", checked.drift)));
        }
        // This machine's server may run without autovacuum; the planner needs statistics.
        sqlx::raw_sql("ANALYZE read_membership.members; ANALYZE read_membership.bodies; ANALYZE read_membership.seat_plans")
            .execute(&pool)
            .await?;
        let (latest, past) = time_queries(&pool, bodies, options.queries, events).await?;
        let members_plan = plan_of_members_query(&pool).await?;
        Ok(Measurements {
            events,
            bodies,
            generated_in,
            copy,
            log_reader,
            replays,
            one_pass,
            queries: options.queries,
            latest,
            past,
            members_plan,
        })
    })
    .await?;
    Ok(ReplayBenchReport {
        source,
        measured: report,
    })
}

fn basis() -> LegalBasis {
    LegalBasis::ExternalDecision {
        issuer: "Regionfullmäktige".into(),
        decided_on: NaiveDate::MIN,
        reference: Some("§ 1".into()),
        registry_number: None,
    }
}

fn templates() -> Result<Vec<Template>, BenchError> {
    let parties = [PartyCode::parse("04")?, PartyCode::parse("19")?];
    let mut templates = vec![Template {
        aggregate_type: "Body",
        period: None,
        sequence: 1,
        event_type: "BodyEstablished",
        membership: None,
        payload: serde_json::to_string(&BodyEvent::BodyEstablished(BodyEstablished {
            cooperation_id: BODY_SENTINEL,
            kind: BodyKind::Committee,
            name: "Syntetisk nämnd".into(),
            established_on: first_day(PERIODS[0])?,
            basis: basis(),
        }))?,
    }];
    let mut membership = 0;
    for first_year in PERIODS {
        let period = MandatePeriod::beginning(first_year)?;
        let mut sequence = 1;
        let mut push = |event_type, membership, event: &BodyTermEvent| {
            let payload = serde_json::to_string(event)?;
            templates.push(Template {
                aggregate_type: "BodyTerm",
                period: Some(first_year),
                sequence,
                event_type,
                membership,
                payload,
            });
            sequence += 1;
            Ok::<_, BenchError>(())
        };
        push(
            "SeatPlanAdopted",
            None,
            &BodyTermEvent::SeatPlanAdopted(SeatPlanAdopted {
                body_id: BODY_SENTINEL,
                period,
                seats: parties
                    .iter()
                    .map(|party| SeatAllocation {
                        party: party.clone(),
                        members: 6,
                        deputies: 6,
                    })
                    .collect(),
                basis: basis(),
            }),
        )?;
        for number in 0..APPOINTMENTS_PER_PERIOD {
            membership += 1;
            let serves_from = add_days(period.first_day(), u64::from(number) * 60)?;
            push(
                "MemberAppointed",
                Some(membership),
                &BodyTermEvent::MemberAppointed(MemberAppointed {
                    membership_id: MEMBERSHIP_SENTINEL,
                    appointment: Appointment {
                        person: Person {
                            id: Uuid::from_u128(u128::from(number) + 1),
                            name: format!("Ledamot {number}"),
                        },
                        role: Role::Member,
                        party: parties[number as usize % 2].clone(),
                        serves_from,
                        serves_to: None,
                    },
                    serves_to: period.last_day(),
                    replaces: None,
                    basis: basis(),
                }),
            )?;
        }
        for number in 0..APPOINTMENTS_PER_PERIOD {
            let serves_from = add_days(period.first_day(), u64::from(number) * 60)?;
            push(
                "MembershipEnded",
                Some(membership - APPOINTMENTS_PER_PERIOD as i32 + number as i32 + 1),
                &BodyTermEvent::MembershipEnded(MembershipEnded {
                    membership_id: MEMBERSHIP_SENTINEL,
                    last_day: add_days(serves_from, 400)?,
                    reason: EndReason::Resigned,
                    basis: basis(),
                }),
            )?;
        }
    }
    Ok(templates)
}

fn first_day(year: i32) -> Result<NaiveDate, BenchError> {
    Ok(MandatePeriod::beginning(year)?.first_day())
}

fn add_days(date: NaiveDate, days: u64) -> Result<NaiveDate, BenchError> {
    date.checked_add_days(Days::new(days))
        .ok_or(BenchError::NothingToMeasure("a generated date overflowed"))
}

/// The id of synthetic body `number`, the same in SQL and in Rust.
fn body_id_sql(column: &str) -> String {
    format!("md5('bench-body-' || {column})::uuid")
}

/// Appends every body's script, one step of the script for all bodies at a time, so that the
/// bodies' events interleave in the log as they would in a real register.
pub(crate) async fn generate(pool: &PgPool, bodies: u64) -> Result<(), BenchError> {
    let body_id = body_id_sql("b");
    let statement = eventlog::baseline::append_selected_rows(&format!(
        "SELECT $1, CASE WHEN $2::int IS NULL THEN {body_id}::text
                         ELSE {body_id}::text || ':' || $2::int END,
                $3, $4, '1',
                replace(replace($5, $6, {body_id}::text), $7,
                        coalesce(md5({body_id}::text || '/' || $8::int)::uuid::text, $7))::json,
                '{{}}'
           FROM generate_series($9::bigint, $10::bigint) AS b
          ORDER BY b"
    ));
    let bodies = i64::try_from(bodies).unwrap_or(i64::MAX);
    for template in templates()? {
        // Each append updates the head row, and every update of one row inside one transaction
        // leaves a version the next must step over; small statements keep that chain short.
        for first in (1..=bodies).step_by(APPEND_CHUNK) {
            sqlx::query(&statement)
                .bind(template.aggregate_type)
                .bind(template.period)
                .bind(template.sequence)
                .bind(template.event_type)
                .bind(&template.payload)
                .bind(BODY_SENTINEL.to_string())
                .bind(MEMBERSHIP_SENTINEL.to_string())
                .bind(template.membership)
                .bind(first)
                .bind((first + APPEND_CHUNK as i64 - 1).min(bodies))
                .execute(pool)
                .await?;
        }
        // Every append leaves a dead version of the head row. Autovacuum clears them on a
        // production server (migration 04 asks it to visit the head often); this machine's
        // server may run without it, and a bloated head row slows every append that follows.
        sqlx::raw_sql("VACUUM event_log_head").execute(pool).await?;
    }
    Ok(())
}

/// Reads every row in position order with COPY, the fastest way out of PostgreSQL.
async fn time_copy(pool: &PgPool) -> Result<Duration, BenchError> {
    let started = Instant::now();
    let bytes = eventlog::copy_out_whole_log(pool).await?;
    let elapsed = started.elapsed();
    tracing::debug!(bytes, "copied the log");
    Ok(elapsed)
}

/// Reads every row through the log reader, which read models use: the cost of reading alone.
async fn time_log_reader(pool: &PgPool) -> Result<Duration, BenchError> {
    let reader = LogReader::new(pool.clone());
    let started = Instant::now();
    let page = std::num::NonZeroU32::new(500).unwrap_or(std::num::NonZeroU32::MIN);
    let count = reader
        .stream(Position::GENESIS, None, page)
        .try_fold(0_u64, |count, _| async move { Ok(count + 1) })
        .await?;
    tracing::debug!(count, "read the log");
    Ok(started.elapsed())
}

/// Times as-of membership queries on bodies spread over the whole log: half at the latest
/// knowledge, half as known at a past position.
async fn time_queries(
    pool: &PgPool,
    bodies: u64,
    queries: u32,
    events: u64,
) -> Result<(Latency, Latency), BenchError> {
    let (mut latest, mut past) = (Vec::new(), Vec::new());
    for query in 0..u64::from(queries) {
        // A stride coprime with most body counts visits bodies all over the log.
        let number = (query * 7919) % bodies + 1;
        let body_id: Uuid = sqlx::query_scalar(&format!("SELECT {}", body_id_sql("$1::bigint")))
            .bind(i64::try_from(number).unwrap_or(i64::MAX))
            .fetch_one(pool)
            .await?;
        let as_of = add_days(first_day(PERIODS[0])?, (query * 37) % (32 * 365))?;
        let mut read_at = ReadAt::on(as_of);
        let is_past = query % 2 == 1;
        if is_past {
            let position = Position::new((query * 104_729) % events + 1)?;
            read_at = read_at.known_at(KnownAt::Position(position));
        }
        let started = Instant::now();
        membership(pool, body_id, read_at).await?;
        let elapsed = started.elapsed();
        if is_past {
            past.push(elapsed);
        } else {
            latest.push(elapsed);
        }
    }
    Ok((latency(latest), latency(past)))
}

/// The plan of the members query, to show that it is an index lookup.
async fn plan_of_members_query(pool: &PgPool) -> Result<String, BenchError> {
    let lines: Vec<String> = sqlx::query_scalar(&format!(
        "EXPLAIN SELECT * FROM read_membership.members
          WHERE body_id = {} AND valid @> DATE '2010-06-01' AND known @> 1000::bigint",
        body_id_sql("1")
    ))
    .fetch_all(pool)
    .await?;
    Ok(lines.join("\n"))
}

pub(crate) fn per_second(events: u64, time: Duration) -> f64 {
    events as f64 / time.as_secs_f64().max(f64::EPSILON)
}

impl fmt::Display for ReplayBenchReport {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = &self.source;
        let this = &self.measured;
        writeln!(
            formatter,
            "replay: {} events ({} bodies × {EVENTS_PER_BODY}), generated through the append trigger in {:.1} s, scratch database on {}",
            this.events, this.bodies, this.generated_in.as_secs_f64(), source
        )?;
        writeln!(
            formatter,
            "{:>24}  {:>9}  {:>12}  {:>8}",
            "reading", "seconds", "events/s", "÷ COPY"
        )?;
        // Each reading's speed as a share of COPY's, the physical limit of reading the log: the
        // issue's measure of a replay (at least 0.1, ideally 0.5).
        let copy_rate = per_second(this.events, this.copy);
        let mut line = |name: &str, time: Duration| {
            let rate = per_second(this.events, time);
            writeln!(
                formatter,
                "{name:>24}  {:>9.2}  {rate:>12.0}  {:>8.3}",
                time.as_secs_f64(),
                rate / copy_rate.max(f64::EPSILON)
            )
        };
        line("COPY … TO STDOUT", this.copy)?;
        line("log reader", this.log_reader)?;
        for (model, time) in &this.replays {
            line(&format!("replay {model}"), *time)?;
        }
        line("replay all, one pass", this.one_pass)?;
        writeln!(
            formatter,
            "as-of membership query, {} queries over {} events: latest knowledge p50 {:.0} µs, p99 {:.0} µs; past known_at p50 {:.0} µs, p99 {:.0} µs",
            this.queries, this.events, this.latest.median, this.latest.p99, this.past.median, this.past.p99
        )?;
        writeln!(formatter, "plan of the members lookup:")?;
        for plan_line in this.members_plan.lines() {
            writeln!(formatter, "  {plan_line}")?;
        }
        Ok(())
    }
}
