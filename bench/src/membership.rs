//! Whether a body with years of membership history answers commands as fast as a new one.
//!
//! Memberships are kept per mandate period ([`domain::body_term`]), so a command on today's
//! period loads only today's period, however long the body has existed. This benchmark records
//! the same current period for two bodies, one new and one with `history_periods` full past
//! periods (appointments, resignations and replacements), and times the same appointment command
//! on each, alternating between them.

use std::fmt;
use std::time::{Duration, Instant};

use chrono::{Days, NaiveDate};
use domain::body::{Body, BodyCommand, BodyKind, EstablishBody};
use domain::body_term::{
    AdoptSeatPlan, Appoint, Appointment, BodyTerm, BodyTermCommand, EndMembership, EndReason,
    Person, Role, SeatAllocation,
};
use domain::{LegalBasis, MandatePeriod, PartyCode};
use eventlog::command_bus;
use sqlx::PgPool;
use uuid::Uuid;

use super::{in_scratch_database, latency, BenchError, Latency};
use register::database::{BootstrapOptions, DatabaseSource};

/// What to measure.
#[derive(Debug, Clone)]
pub struct MembershipBenchOptions {
    /// How many appointments to time on each body.
    pub commands: u32,
    /// How many four-year periods of history the old body has before the current one.
    pub history_periods: u16,
}

#[derive(Debug)]
pub struct MembershipBenchReport {
    pub source: DatabaseSource,
    pub commands: u32,
    pub history_periods: u16,
    pub history_events: u64,
    pub current_period_events: u64,
    pub new_body: Latency,
    pub old_body: Latency,
}

/// The current period of both bodies.
const CURRENT_PERIOD: i32 = 2027;

pub async fn run(
    bootstrap: &BootstrapOptions,
    options: &MembershipBenchOptions,
) -> Result<MembershipBenchReport, BenchError> {
    if options.commands == 0 || options.commands > 1400 {
        return Err(BenchError::NothingToMeasure(
            "--commands must be from 1 to 1400: each appointment takes one day of the period",
        ));
    }
    let (report, source) = in_scratch_database(bootstrap, 2, |pool| async move {
        let fixture = Fixture::new()?;
        let new_body = Uuid::new_v4();
        let old_body = Uuid::new_v4();
        fixture.establish(&pool, new_body).await?;
        fixture.establish(&pool, old_body).await?;

        let current = MandatePeriod::beginning(CURRENT_PERIOD)?;
        let mut history_events = 0;
        for back in (1..=i32::from(options.history_periods)).rev() {
            let period = MandatePeriod::beginning(CURRENT_PERIOD - 4 * back)?;
            history_events += fixture.record_full_period(&pool, old_body, period).await?;
        }
        let current_period_events = fixture.record_full_period(&pool, new_body, current).await?;
        fixture.record_full_period(&pool, old_body, current).await?;

        let (mut new_times, mut old_times) = (Vec::new(), Vec::new());
        for day in 0..u64::from(options.commands) {
            new_times.push(
                fixture
                    .time_one_day_appointment(&pool, new_body, current, day)
                    .await?,
            );
            old_times.push(
                fixture
                    .time_one_day_appointment(&pool, old_body, current, day)
                    .await?,
            );
        }
        Ok((
            history_events,
            current_period_events,
            latency(new_times),
            latency(old_times),
        ))
    })
    .await?;
    let (history_events, current_period_events, new_body, old_body) = report;
    Ok(MembershipBenchReport {
        source,
        commands: options.commands,
        history_periods: options.history_periods,
        history_events,
        current_period_events,
        new_body,
        old_body,
    })
}

/// Inköpsnämnden (seed 004) as a benchmark body: Region Sörmland with 7 members and 7 deputies,
/// Region Västmanland with 6 members and 7 deputies, one deputy seat left free for the timed
/// appointments.
struct Fixture {
    sormland: PartyCode,
    vastmanland: PartyCode,
}

impl Fixture {
    fn new() -> Result<Self, BenchError> {
        Ok(Fixture {
            sormland: PartyCode::parse("04")?,
            vastmanland: PartyCode::parse("19")?,
        })
    }

    fn parties(&self) -> Vec<PartyCode> {
        vec![self.sormland.clone(), self.vastmanland.clone()]
    }

    fn basis() -> LegalBasis {
        LegalBasis::ExternalDecision {
            issuer: "Regionfullmäktige Sörmland (benchmark)".to_owned(),
            decided_on: NaiveDate::from_ymd_opt(2018, 6, 12).unwrap_or_default(),
            reference: None,
            registry_number: None,
        }
    }

    async fn establish(&self, pool: &PgPool, body_id: Uuid) -> Result<(), BenchError> {
        let first_day = NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or_default();
        command_bus::<Body>(&eventlog::EventLog::new(pool.clone()), ())
            .execute(
                &body_id.to_string(),
                BodyCommand::Establish(EstablishBody {
                    cooperation_id: Uuid::new_v4(),
                    cooperation_established_on: first_day,
                    kind: BodyKind::Committee,
                    name: "Inköpsnämnden (benchmark)".to_owned(),
                    established_on: first_day,
                    basis: Self::basis(),
                }),
            )
            .await?;
        Ok(())
    }

    /// A seat plan, every seat filled, and three members who resign half-way and are replaced.
    /// Returns the number of events written.
    async fn record_full_period(
        &self,
        pool: &PgPool,
        body_id: Uuid,
        period: MandatePeriod,
    ) -> Result<u64, BenchError> {
        let bus = command_bus::<BodyTerm>(&eventlog::EventLog::new(pool.clone()), ());
        let stream = BodyTerm::stream_id(body_id, period);
        let mut events = 0;
        bus.execute(
            &stream,
            BodyTermCommand::AdoptSeatPlan(AdoptSeatPlan {
                body_id,
                period,
                seats: vec![
                    SeatAllocation {
                        party: self.sormland.clone(),
                        members: 7,
                        deputies: 7,
                    },
                    SeatAllocation {
                        party: self.vastmanland.clone(),
                        members: 6,
                        deputies: 7,
                    },
                ],
                is_joint_committee: true,
                cooperation_parties: self.parties(),
                basis: Self::basis(),
            }),
        )
        .await?;
        events += 1;

        let mut resigning = Vec::new();
        for (party, members, deputies) in [(&self.sormland, 7, 7), (&self.vastmanland, 6, 6)] {
            for (role, count) in [(Role::Member, members), (Role::Deputy, deputies)] {
                for index in 0..count {
                    let membership_id = Uuid::new_v4();
                    let role = if role == Role::Member && index == 0 && party == &self.sormland {
                        Role::Chair
                    } else {
                        role
                    };
                    self.appoint(
                        &bus,
                        &stream,
                        membership_id,
                        role,
                        party,
                        period.first_day(),
                        None,
                    )
                    .await?;
                    events += 1;
                    if role == Role::Member && index < 2 {
                        resigning.push((membership_id, party.clone()));
                    }
                }
            }
        }

        let half_way = period
            .first_day()
            .checked_add_days(Days::new(730))
            .unwrap_or(period.first_day());
        for (membership_id, party) in resigning.into_iter().take(3) {
            bus.execute(
                &stream,
                BodyTermCommand::EndMembership(EndMembership {
                    membership_id,
                    last_day: half_way,
                    reason: EndReason::Resigned,
                    basis: Self::basis(),
                }),
            )
            .await?;
            let next_day = half_way.checked_add_days(Days::new(1)).unwrap_or(half_way);
            self.appoint(
                &bus,
                &stream,
                Uuid::new_v4(),
                Role::Member,
                &party,
                next_day,
                Some(membership_id),
            )
            .await?;
            events += 2;
        }
        Ok(events)
    }

    #[allow(clippy::too_many_arguments)]
    async fn appoint(
        &self,
        bus: &eventlog::CommandBus<BodyTerm>,
        stream: &str,
        membership_id: Uuid,
        role: Role,
        party: &PartyCode,
        serves_from: NaiveDate,
        replaces: Option<Uuid>,
    ) -> Result<(), BenchError> {
        bus.execute(
            stream,
            BodyTermCommand::Appoint(Appoint {
                membership_id,
                appointment: Appointment {
                    person: Person {
                        id: Uuid::new_v4(),
                        name: "Ledamot (benchmark)".to_owned(),
                    },
                    role,
                    party: party.clone(),
                    serves_from,
                    serves_to: None,
                },
                replaces,
                cooperation_parties: self.parties(),
                basis: Self::basis(),
            }),
        )
        .await?;
        Ok(())
    }

    /// Times one appointment to Region Västmanland's free deputy seat, for one day of the period.
    async fn time_one_day_appointment(
        &self,
        pool: &PgPool,
        body_id: Uuid,
        period: MandatePeriod,
        day: u64,
    ) -> Result<Duration, BenchError> {
        let bus = command_bus::<BodyTerm>(&eventlog::EventLog::new(pool.clone()), ());
        let stream = BodyTerm::stream_id(body_id, period);
        let serves_on = period
            .first_day()
            .checked_add_days(Days::new(day))
            .unwrap_or(period.first_day());
        let command = BodyTermCommand::Appoint(Appoint {
            membership_id: Uuid::new_v4(),
            appointment: Appointment {
                person: Person {
                    id: Uuid::new_v4(),
                    name: "Tjänstgörande ersättare (benchmark)".to_owned(),
                },
                role: Role::Deputy,
                party: self.vastmanland.clone(),
                serves_from: serves_on,
                serves_to: Some(serves_on),
            },
            replaces: None,
            cooperation_parties: self.parties(),
            basis: Self::basis(),
        });
        let started = Instant::now();
        bus.execute(&stream, command).await?;
        Ok(started.elapsed())
    }
}

impl fmt::Display for MembershipBenchReport {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            formatter,
            "membership command latency: {} appointments per body, scratch database on {}",
            self.commands, self.source
        )?;
        writeln!(
            formatter,
            "the old body has {} past mandate periods ({} events) before the current one; the current period starts with {} events on both",
            self.history_periods, self.history_events, self.current_period_events
        )?;
        writeln!(
            formatter,
            "{:>9}  {:>11}  {:>8}",
            "body", "median µs", "p95 µs"
        )?;
        for (name, latency) in [("new", self.new_body), ("old", self.old_body)] {
            writeln!(
                formatter,
                "{:>9}  {:>11.0}  {:>8.0}",
                name, latency.median, latency.p95
            )?;
        }
        writeln!(
            formatter,
            "old/new median latency: {:.2}",
            self.old_body.median / self.new_body.median.max(f64::EPSILON)
        )
    }
}
